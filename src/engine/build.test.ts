import { describe, expect, it } from 'vitest';
import { buildCheck } from './build';
import { loadScenario } from './scenario';
import type { ScenarioDocV1 } from './scenario/types';

const host = (extra: object): ScenarioDocV1 => ({
  lvslab: 1,
  nodes: [{ id: 'a', kind: 'host', interfaces: [{ name: 'eth0', addresses: ['10.0.0.1/24'] }], ...extra }],
  links: [],
});

const check = (doc: ScenarioDocV1) => {
  const res = loadScenario(doc);
  if (!res.ok) throw new Error(JSON.stringify(res.errors));
  return buildCheck(res.scenario);
};

describe('what the kernel would refuse at boot', () => {
  it('a valid document that boots has no problem', () => {
    expect(check(host({ sysctl: { 'net.ipv4.conf.all.arp_ignore': 1 } }))).toBeNull();
  });

  it('an out-of-range sysctl is refused with its path, as the kernel refuses the write', () => {
    expect(check(host({ sysctl: { 'net.ipv4.conf.all.arp_announce': 3 } }))).toEqual({
      path: '$.nodes[0].sysctl["net.ipv4.conf.all.arp_announce"]',
      message: 'a: net.ipv4.conf.all.arp_announce: 3 is not a value the kernel accepts (Invalid argument)',
    });
  });

  it('an unknown sysctl is refused as sysctl would', () => {
    expect(check(host({ sysctl: { 'net.ipv4.conf.eth7.arp_ignore': 1 } }))?.message).toBe(
      'a: net.ipv4.conf.eth7.arp_ignore: no such setting (sysctl: cannot stat /proc/sys/net/ipv4/conf/eth7/arp_ignore)',
    );
  });
});
