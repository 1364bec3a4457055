import { describe, expect, it } from 'vitest';
import { buildWorld } from '../../build';
import { loadScenario } from '../../scenario';
import type { NodeDoc, ScenarioDocV1 } from '../../scenario/types';
import type { Host } from '../../os/host';
import { Task, type Block, type Wake } from '../../os/task';
import type { HopEvent } from '../../sim/trace';
import type { World } from '../../world';
import { formatIpv4 } from '../../wire/addr';
import { summarizeFrame } from '../../wire/summary';
import { resolve, reverse, type ResolveResult } from './resolver';
import { startDnsServer } from './server';
import { inetAton } from './inet';
import { parseResolvConf } from './resolv-conf';

/** client — sw — router — dns (223.5.5.5). */
function lab(opts: { dnsGateway?: boolean; client?: Partial<NodeDoc> } = {}) {
  const doc: ScenarioDocV1 = {
    lvslab: 1,
    nodes: [
      { id: 'client', kind: 'host', interfaces: [{ name: 'eth0', addresses: ['192.168.150.1/24'] }], gateway: '192.168.150.2', dns: ['223.5.5.5'], ...opts.client },
      { id: 'node02', kind: 'host', interfaces: [{ name: 'eth0', addresses: ['192.168.150.12/24'] }] },
      { id: 'sw', kind: 'switch', interfaces: [{ name: 'p1' }, { name: 'p2' }, { name: 'p3' }] },
      { id: 'router', kind: 'router', interfaces: [{ name: 'eth0', addresses: ['192.168.150.2/24'] }, { name: 'eth1', addresses: ['223.5.5.1/24'] }] },
      { id: 'dns', kind: 'host', interfaces: [{ name: 'eth0', addresses: ['223.5.5.5/24'] }], ...(opts.dnsGateway === false ? {} : { gateway: '223.5.5.1' }) },
    ],
    links: [
      { a: { node: 'client', iface: 'eth0' }, b: { node: 'sw', iface: 'p1' } },
      { a: { node: 'node02', iface: 'eth0' }, b: { node: 'sw', iface: 'p2' } },
      { a: { node: 'router', iface: 'eth0' }, b: { node: 'sw', iface: 'p3' } },
      { a: { node: 'router', iface: 'eth1' }, b: { node: 'dns', iface: 'eth0' } },
    ],
  };
  const r = loadScenario(doc);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  const world = buildWorld(r.scenario);
  const host = (id: string) => world.node(id) as Host;
  const named = startDnsServer(host('dns'), {
    'www.baidu.com': { cname: 'www.a.shifen.com' },
    'www.a.shifen.com': ['61.135.169.125'],
    'www.qq.com': ['61.129.7.47'],
    '12.150.168.192.in-addr.arpa': { ptr: 'node02.lab' },
  });
  const wire = () => (world.trace.packets.filter((p) => p.type === 'hop') as HopEvent[]).map((h) => `${h.from.node}>${h.to.node} ${summarizeFrame(h.frame)}`);
  return { world, host, named, wire };
}

/** Run a program step to the end in virtual time; its value and when it finished. */
function run<T>(world: World, gen: Generator<Block, T, Wake>): { value: T; at: number } {
  let value!: T;
  let done = false;
  const start = world.now;
  new Task(
    world.sim,
    (function* () {
      value = yield* gen;
      return 0;
    })(),
    () => (done = true),
  ).start();
  while (!done && world.sim.step());
  return { value, at: world.now - start };
}

const ctxOf = (host: Host) => ({ host, pid: 4242, comm: 'ping' });
const addrs = (r: ResolveResult) => (r.ok ? r.addresses.map(formatIpv4) : r.message);

describe('stub resolver', () => {
  it('answers numeric addresses without asking anyone (inet_aton forms too)', () => {
    const { world, host, wire } = lab();
    const r = run(world, resolve(ctxOf(host('client')), '10.1')).value;
    expect(r).toMatchObject({ ok: true, canonical: '10.1', source: 'numeric' });
    expect(addrs(r)).toEqual(['10.0.0.1']);
    expect(wire()).toEqual([]);
    expect(inetAton('192.168.150.012')).toBe(inetAton('192.168.150.10'));
    expect(inetAton('256.1.1.1')).toBeUndefined();
    expect(inetAton('1.2.3.4.5')).toBeUndefined();
  });

  it('reads /etc/hosts first: canonical name is the line\'s first name, nothing on the wire', () => {
    const { world, host, wire } = lab({ client: { files: { '/etc/hosts': '127.0.0.1   localhost\n192.168.150.12  node02 n2   # the web server\n192.168.150.99  n2\n' } } });
    const r = run(world, resolve(ctxOf(host('client')), 'N2')).value;
    expect(r).toMatchObject({ ok: true, canonical: 'node02', source: 'hosts' });
    // every line naming it contributes an address (host.conf `multi on`)
    expect(addrs(r)).toEqual(['192.168.150.12', '192.168.150.99']);
    expect(wire()).toEqual([]);
  });

  it('asks the resolv.conf nameserver over UDP 53: query and CNAME + A answer on the wire', () => {
    const { world, host, wire, named } = lab();
    const { value, at } = run(world, resolve(ctxOf(host('client')), 'www.baidu.com'));
    expect(value).toMatchObject({ ok: true, canonical: 'www.a.shifen.com', source: 'dns' });
    expect(addrs(value)).toEqual(['61.135.169.125']);
    expect(named.answered).toBe(1);
    const dnsLines = wire().filter((l) => l.includes('.53'));
    expect(dnsLines).toHaveLength(6); // client>sw>router>dns and back
    expect(dnsLines[0]).toMatch(/^client>sw IP 192\.168\.150\.1\.(\d+) > 223\.5\.5\.5\.53: (\d+)\+ A\? www\.baidu\.com\. \(31\)$/);
    const [, port, id] = /\.(\d+) > 223\.5\.5\.5\.53: (\d+)\+/.exec(dnsLines[0])!;
    expect(Number(port)).toBeGreaterThanOrEqual(32768);
    expect(dnsLines[3]).toBe(`dns>router IP 223.5.5.5.53 > 192.168.150.1.${port}: ${id} 2/0/0 CNAME www.a.shifen.com., A 61.135.169.125 (74)`);
    // ARP for the gateway, then the query, then the answer: well under a second
    expect(at).toBeLessThan(10_000);
    // the query socket is gone afterwards
    const udp = world.trace.states.filter((s) => s.node === 'client' && s.kind.startsWith('udp.')).map((s) => s.kind);
    expect(udp).toEqual(['udp.bind', 'udp.connect', 'udp.close']);
  });

  it('NXDOMAIN → "Name or service not known" after one query', () => {
    const { world, host, wire } = lab();
    const r = run(world, resolve(ctxOf(host('client')), 'www.nosuch.com')).value;
    expect(r).toEqual({ ok: false, error: 'EAI_NONAME', message: 'Name or service not known' });
    expect(wire().filter((l) => l.startsWith('dns>router IP'))).toEqual([expect.stringMatching(/ NXDomain 0\/0\/0 \(32\)$/)]);
  });

  it('a server that never answers: two attempts of 5 s, then "Temporary failure in name resolution"', () => {
    // dns has no route back to the client: queries arrive, answers cannot leave.
    const { world, host, wire } = lab({ dnsGateway: false });
    const { value, at } = run(world, resolve(ctxOf(host('client')), 'www.baidu.com'));
    expect(value).toEqual({ ok: false, error: 'EAI_AGAIN', message: 'Temporary failure in name resolution' });
    expect(wire().filter((l) => l.startsWith('client>sw IP') && l.includes('A? www.baidu.com.'))).toHaveLength(2);
    expect(at).toBeGreaterThanOrEqual(10_000_000);
    expect(at).toBeLessThan(10_010_000);
  });

  it('nothing listening on port 53 (ICMP port unreachable): every server and attempt tried, then "Name or service not known"', () => {
    const { world, host, named, wire } = lab();
    named.stop();
    const { value, at } = run(world, resolve(ctxOf(host('client')), 'www.baidu.com'));
    expect(value).toEqual({ ok: false, error: 'EAI_NONAME', message: 'Name or service not known' });
    expect(wire().filter((l) => l.startsWith('dns>router') && l.includes('udp port 53 unreachable'))).toHaveLength(2);
    expect(at).toBeLessThan(100_000);
  });

  it('with an empty resolv.conf glibc asks 127.0.0.1; the host\'s own name still resolves (nss-myhostname)', () => {
    const { world, host } = lab({ client: { dns: [] } });
    const c = host('client');
    expect(run(world, resolve(ctxOf(c), 'www.baidu.com')).value).toMatchObject({ ok: false, message: 'Name or service not known' });
    const me = run(world, resolve(ctxOf(c), 'client')).value;
    expect(me).toMatchObject({ ok: true, canonical: 'client', source: 'myhostname' });
    expect(addrs(me)).toEqual(['192.168.150.1']);
  });

  it('reverse lookups: /etc/hosts, then a PTR query; unknown → undefined', () => {
    const { world, host } = lab({ client: { hosts: { gw: '192.168.150.2' } } });
    const c = ctxOf(host('client'));
    expect(run(world, reverse(c, inetAton('192.168.150.2')!)).value).toBe('gw');
    expect(run(world, reverse(c, inetAton('192.168.150.12')!)).value).toBe('node02.lab');
    expect(run(world, reverse(c, inetAton('61.135.169.125')!)).value).toBeUndefined();
  });

  it('resolv.conf: at most three nameservers, options timeout/attempts', () => {
    const c = parseResolvConf('# x\nnameserver 1.1.1.1\nnameserver 2.2.2.2\nnameserver 3.3.3.3\nnameserver 4.4.4.4\nsearch lab local\noptions timeout:1 attempts:3\n');
    expect(c.nameservers.map(formatIpv4)).toEqual(['1.1.1.1', '2.2.2.2', '3.3.3.3']);
    expect(c).toMatchObject({ search: ['lab', 'local'], timeout: 1, attempts: 3, ndots: 1 });
    expect(parseResolvConf('').nameservers.map(formatIpv4)).toEqual(['127.0.0.1']);
  });
});
