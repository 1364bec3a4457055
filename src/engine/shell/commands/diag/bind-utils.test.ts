import { describe, expect, it } from 'vitest';
import { blockOf, transcript } from '../../../../test-support/transcript';
import { nextHop } from '../../../../presets/next-hop';
import type { ScenarioDocV1 } from '../../../scenario/types';

const withBindUtils: ScenarioDocV1 = { ...nextHop, nodes: nextHop.nodes.map((n) => (n.id === 'client' ? { ...n, packages: ['bind-utils'] } : n)) };

function run(line: string): string {
  const { text } = transcript(withBindUtils, `1 client ${line}; echo status=$?`);
  return blockOf(text, `client$ ${line}; echo status=$?`);
}

describe('bind-utils', () => {
  it('nslookup follows the CNAME, as BIND 9.9 prints it', () => {
    expect(run('nslookup www.baidu.com')).toBe(`Server:\t\t223.5.5.5
Address:\t223.5.5.5#53

Non-authoritative answer:
www.baidu.com\tcanonical name = www.a.shifen.com.
Name:\twww.a.shifen.com
Address: 61.135.169.125

status=0
`);
    expect(run('nslookup www.nosuch.com')).toBe(`Server:\t\t223.5.5.5
Address:\t223.5.5.5#53

** server can't find www.nosuch.com: NXDOMAIN

status=1
`);
  });

  it('host: the alias line once, then the address; NXDOMAIN as `not found: 3(NXDOMAIN)`', () => {
    expect(run('host www.baidu.com')).toBe('www.baidu.com is an alias for www.a.shifen.com.\nwww.a.shifen.com has address 61.135.169.125\nstatus=0\n');
    expect(run('host www.nosuch.com')).toBe('Host www.nosuch.com not found: 3(NXDOMAIN)\nstatus=1\n');
    expect(run('host 61.135.169.125')).toBe('Host 125.169.135.61.in-addr.arpa not found: 3(NXDOMAIN)\nstatus=1\n');
  });

  it('is not installed by default', () => {
    const { text } = transcript('next-hop', '1 client host www.baidu.com');
    expect(blockOf(text, 'client$ host www.baidu.com')).toBe('-bash: host: command not found\n');
  });
});
