import { Lab } from '../engine/lab';
import type { IpStack } from '../engine/net/ip/stack';
import { loadScenario } from '../engine/scenario';
import type { ScenarioDocV1 } from '../engine/scenario/types';
import '../engine/shell/commands/coreutils/cat';

/**
 * The course's lab LAN for command tests (LABS.md): client, node01–03 and the
 * gateway router on one switch, with fixed MACs so outputs can be literal.
 */
export const netLab: ScenarioDocV1 = {
  lvslab: 1,
  id: 'net-lab',
  seed: 7,
  nodes: [
    { id: 'sw', kind: 'switch', interfaces: ['p1', 'p2', 'p3', 'p4', 'p5'].map((name) => ({ name })) },
    { id: 'client', kind: 'host', interfaces: [{ name: 'eth0', mac: '00:0c:29:00:00:01', addresses: ['192.168.150.1/24'] }], gateway: '192.168.150.2' },
    { id: 'router', kind: 'router', interfaces: [{ name: 'eth0', mac: '00:0c:29:aa:bb:cc', addresses: ['192.168.150.2/24'] }] },
    {
      id: 'node01',
      kind: 'host',
      interfaces: [{ name: 'eth0', mac: '00:0c:29:3a:1b:2c', addresses: ['192.168.150.11/24'] }],
      gateway: '192.168.150.2',
      dns: ['223.5.5.5', '114.114.114.114'],
    },
    { id: 'node02', kind: 'host', interfaces: [{ name: 'eth0', mac: '00:0c:29:00:00:12', addresses: ['192.168.150.12/24'] }], gateway: '192.168.150.2' },
    { id: 'node03', kind: 'host', interfaces: [{ name: 'eth0', mac: '00:0c:29:00:00:13', addresses: ['192.168.150.13/24'] }], gateway: '192.168.150.2' },
  ],
  links: [
    { id: 'l1', a: { node: 'client', iface: 'eth0' }, b: { node: 'sw', iface: 'p1' } },
    { id: 'l2', a: { node: 'router', iface: 'eth0' }, b: { node: 'sw', iface: 'p2' } },
    { id: 'l3', a: { node: 'node01', iface: 'eth0' }, b: { node: 'sw', iface: 'p3' } },
    { id: 'l4', a: { node: 'node02', iface: 'eth0' }, b: { node: 'sw', iface: 'p4' } },
    { id: 'l5', a: { node: 'node03', iface: 'eth0' }, b: { node: 'sw', iface: 'p5' } },
  ],
};

/** A lab to type into one command at a time, reading each command's output and exit status. */
export function netLabShell(doc: ScenarioDocV1 = netLab) {
  const res = loadScenario(doc);
  if (!res.ok) throw new Error(`invalid scenario: ${JSON.stringify(res.errors)}`);
  const lab = new Lab(res.scenario);
  const run = (node: string, line: string): { out: string; status: number } => {
    const r = lab.type(node, line);
    while (r.status === null && lab.world.sim.step());
    if (r.status === null) throw new Error(`${node}$ ${line} did not finish`);
    return { out: r.output, status: r.status };
  };
  /** Output only (stdout and stderr, as the terminal shows them). */
  const sh = (node: string, line: string): string => run(node, line).out;
  const stack = (node: string) => lab.host(node)!.stack as IpStack;
  /** Everything a network command can change on a host, for "changes nothing" checks. */
  const state = (node: string): string => {
    const st = stack(node);
    return JSON.stringify({
      ifaces: [...st.ifaces.values()].map((i) => ({ name: i.name, up: i.up, mtu: i.mtu, mac: i.mac, addrs: i.addrs })),
      routes: st.routes.routes,
      neigh: st.neigh.list().map((e) => ({ ip: e.ip, dev: e.dev, mac: e.mac, state: e.state })),
      sysctl: st.sysctl.keys().map((k) => [k, st.sysctl.get(k)]),
    });
  };
  /** Let virtual time pass. */
  const wait = (seconds: number) => lab.world.sim.runUntil(lab.world.now + seconds * 1_000_000);
  return { lab, run, sh, stack, state, wait };
}
