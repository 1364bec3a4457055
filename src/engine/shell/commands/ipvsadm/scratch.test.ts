import { it } from 'vitest';
import { transcript } from '../../../../test-support/transcript';
import type { ScenarioDocV1 } from '../../../scenario/types';

const doc: ScenarioDocV1 = {
  lvslab: 1,
  nodes: [{ id: 'node01', kind: 'host', interfaces: [{ name: 'eth0', addresses: ['192.168.150.11/24'] }], packages: ['ipvsadm'], hosts: { node02: '192.168.150.12', node03: '192.168.150.13', vip: '192.168.150.100' } }],
  links: [],
};
const run = (s: string) => console.log(transcript(doc, s.trim().split('\n').map((l, i) => `${i / 10} node01 ${l.trim()}`).join('\n')).text);
it('scratch', () => {
  run(`
  ipvsadm -A -t 192.168.150.100:80 -s rr
  ipvsadm -a -t 192.168.150.100:80 -r 192.168.150.12
  ipvsadm -a -t 192.168.150.100:80 -r 192.168.150.14:8080 -g -w 2
  ipvsadm -a -t 192.168.150.100:80 -r 192.168.150.13 -w 3
  ipvsadm -A -f 1 -s wlc
  ipvsadm -A -u 192.168.150.100:53 -s rr
  ipvsadm -A -t 192.168.150.99:80 -s rr
  ipvsadm -Ln
  ipvsadm -Ln --nosort
  ipvsadm -E -t 192.168.150.100:80 -s wrr -p 120
  ipvsadm -e -t 192.168.150.100:80 -r 192.168.150.13 -w 0
  ipvsadm -d -t 192.168.150.100:80 -r 192.168.150.14
  ipvsadm -D -u 192.168.150.100:53
  ipvsadm -D -f 1
  ipvsadm -Ln
  ipvsadm -E -t 192.168.150.100:80
  ipvsadm -Ln -t 192.168.150.100:80
  ipvsadm -C
  ipvsadm -Ln
  `);
});
