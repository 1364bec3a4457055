import { describe, expect, it } from 'vitest';
import type { IpStack } from '../engine/net/ip/stack';
import type { ScenarioDocV1 } from '../engine/scenario/types';
import { parseIpv4 } from '../engine/wire/addr';
import { buildIcmp, ICMP_TYPE } from '../engine/wire/icmp';
import { IP_PROTOCOL } from '../engine/wire/ipv4';
import { twoHosts } from '../presets/two-hosts';
import { HOP_WALL_MS } from './pacer';
import type { Batch, DocMsg, FromWorker } from './protocol';
import { Session } from './session';

const LAN: ScenarioDocV1 = {
  lvslab: 1,
  id: 'lan',
  nodes: [
    { id: 'node01', kind: 'host', position: { x: 0, y: 0 }, interfaces: [{ name: 'eth0', addresses: ['192.168.150.11/24'] }] },
    { id: 'node02', kind: 'host', position: { x: 0, y: 200 }, interfaces: [{ name: 'eth0', addresses: ['192.168.150.12/24'] }] },
    { id: 'sw', kind: 'switch', position: { x: 200, y: 100 }, interfaces: [{ name: 'p1' }, { name: 'p2' }, { name: 'p3' }] },
  ],
  links: [
    { a: { node: 'node01', iface: 'eth0' }, b: { node: 'sw', iface: 'p1' } },
    { a: { node: 'node02', iface: 'eth0' }, b: { node: 'sw', iface: 'p2' } },
  ],
};

function session(hooks = true) {
  let wall = 0;
  const out: FromWorker[] = [];
  let crashed = false;
  const s = new Session({ post: (m) => out.push(m), now: () => wall, testHooks: hooks, crash: () => (crashed = true) });
  const take = () => out.splice(0);
  const docs = () => out.filter((m): m is DocMsg => m.type === 'doc');
  const batches = () => out.filter((m): m is Batch => m.type === 'batch');
  const lastDoc = () => docs().at(-1)!;
  const run = (ms: number) => {
    for (let t = 0; t < ms; t += 33) {
      wall += 33;
      s.tick();
    }
  };
  const echo = (from = 'node01', to = '192.168.150.12') =>
    (s.currentLab!.host(from)!.stack as IpStack).sendIp({
      proto: IP_PROTOCOL.ICMP,
      dst: parseIpv4(to)!,
      payload: buildIcmp({ type: ICMP_TYPE.ECHO_REQUEST, identifier: 1, sequence: 1, data: new Uint8Array(8) }),
    });
  return { s, out, take, docs, batches, lastDoc, run, echo, crashed: () => crashed };
}

describe('Session: documents', () => {
  it('loads a document: a doc message, then a batch with every node and cable', () => {
    const t = session();
    t.s.handle({ type: 'load', doc: LAN });
    const [doc, batch] = t.take() as [DocMsg, Batch];
    expect(doc).toMatchObject({ type: 'doc', effect: 'load', canUndo: false, canRedo: false });
    // Links carry their derived ids, so the page never derives one.
    expect(doc.doc.links.map((l) => l.id)).toEqual(['node01:eth0--sw:p1', 'node02:eth0--sw:p2']);
    expect(batch.type).toBe('batch');
    expect(batch.snapshots.map((n) => n.id).sort()).toEqual(['node01', 'node02', 'sw']);
    expect(batch.links!.map((l) => `${l.id} ${l.up}`)).toEqual(['node01:eth0--sw:p1 true', 'node02:eth0--sw:p2 true']);
    expect(batch.clock).toMatchObject({ now: 0, state: 'paused', speed: 1, skipIdle: true });
  });

  it('refuses an invalid document with the validator errors and keeps the current one', () => {
    const t = session();
    t.s.handle({ type: 'load', doc: LAN });
    t.take();
    t.s.handle({ type: 'load', doc: { lvslab: 1, nodes: [{ id: 'X', kind: 'host' }], links: [] } });
    const [m] = t.take();
    expect(m.type).toBe('load-error');
    expect(t.s.currentLab!.world.nodes.size).toBe(3);
  });

  it('adds a node (restart from t=0), undoes and redoes it', () => {
    const t = session();
    t.s.handle({ type: 'load', doc: LAN });
    t.s.handle({ type: 'play' });
    t.run(500);
    expect(t.s.status.v).toBeGreaterThan(0);
    t.take();
    t.s.handle({ type: 'edit', edit: { op: 'add-node', kind: 'host', position: { x: 10, y: 20 } } });
    let d = t.lastDoc();
    expect(d).toMatchObject({ effect: 'restart', canUndo: true, canRedo: false, label: 'Added node03' });
    expect(d.doc.nodes.at(-1)).toEqual({ id: 'node03', kind: 'host', position: { x: 10, y: 20 }, interfaces: [{ name: 'eth0', addresses: ['192.168.150.13/24'] }] });
    expect(t.s.status.v).toBe(0);
    expect(t.s.status.state).toBe('playing');
    t.s.handle({ type: 'undo' });
    d = t.lastDoc();
    expect(d).toMatchObject({ effect: 'restart', canUndo: false, canRedo: true, label: 'Undo: Added node03' });
    expect(d.doc.nodes.map((n) => n.id)).toEqual(['node01', 'node02', 'sw']);
    t.s.handle({ type: 'redo' });
    expect(t.lastDoc().doc.nodes.map((n) => n.id)).toEqual(['node01', 'node02', 'sw', 'node03']);
    expect(t.lastDoc().canRedo).toBe(false);
  });

  it('cables a new host to a new switch port, creating both interfaces', () => {
    const t = session();
    t.s.handle({ type: 'load', doc: LAN });
    t.s.handle({ type: 'edit', edit: { op: 'add-node', kind: 'host', position: { x: 0, y: 400 } } });
    t.s.handle({ type: 'edit', edit: { op: 'connect', a: { node: 'node03', iface: 'eth0' }, b: { node: 'sw', iface: 'p3' } } });
    t.s.handle({ type: 'edit', edit: { op: 'connect', a: { node: 'node03', iface: null }, b: { node: 'sw', iface: null } } });
    const d = t.lastDoc();
    expect(d.label).toBe('Cabled node03 eth1 to sw p4');
    expect(d.doc.links.map((l) => l.id)).toEqual(['node01:eth0--sw:p1', 'node02:eth0--sw:p2', 'node03:eth0--sw:p3', 'node03:eth1--sw:p4']);
    const lab = t.s.currentLab!;
    expect(lab.world.node('sw')!.nic('p4')!.peer!.node.id).toBe('node03');
  });

  it('rejects an edit the validator refuses, with its message, and changes nothing', () => {
    const t = session();
    t.s.handle({ type: 'load', doc: LAN });
    t.take();
    t.s.handle({ type: 'edit', edit: { op: 'set-addresses', node: 'node01', iface: 'eth0', addresses: ['192.168.150.300/24'] } });
    const msgs = t.take();
    expect(msgs).toHaveLength(1);
    expect(msgs[0].type).toBe('edit-rejected');
    expect((msgs[0] as { message: string }).message).toMatch(/^node01 interface 1\.addresses\[0\]: .*octet above 255/);
    t.s.handle({ type: 'edit', edit: { op: 'connect', a: { node: 'node01', iface: 'eth0' }, b: { node: 'sw', iface: 'p3' } } });
    expect(t.take()).toEqual([{ type: 'edit-rejected', message: 'node01 eth0 already has a cable (node01:eth0--sw:p1): an interface takes one cable' }]);
    t.s.handle({ type: 'undo' });
    expect(t.take()).toEqual([]);
  });

  it('edits the gateway and sysctls from the inspector: the rebuilt lab has them, a bad value is refused', () => {
    const t = session();
    t.s.handle({ type: 'load', doc: LAN });
    t.s.handle({ type: 'edit', edit: { op: 'set-gateway', node: 'node01', gateway: '192.168.150.2' } });
    expect(t.lastDoc().label).toBe('node01: default gateway 192.168.150.2');
    t.s.handle({ type: 'edit', edit: { op: 'set-sysctl', node: 'node02', key: 'net.ipv4.conf.all.arp_ignore', value: '1' } });
    expect(t.lastDoc().doc.nodes[1].sysctl).toEqual({ 'net.ipv4.conf.all.arp_ignore': 1 });
    const lab = t.s.currentLab!;
    const stack1 = lab.host('node01')!.stack as import('../engine/net/ip/stack').IpStack;
    expect(stack1.routes.main().some((r) => r.prefixLen === 0 && r.gateway === 0xc0a89602)).toBe(true);
    const stack2 = lab.host('node02')!.stack as import('../engine/net/ip/stack').IpStack;
    expect(stack2.sysctl.get('net/ipv4/conf/all/arp_ignore')).toBe(1);
    t.take();
    t.s.handle({ type: 'edit', edit: { op: 'set-gateway', node: 'node01', gateway: '10.9.9.9' } });
    expect(t.take()[0].type).toBe('edit-rejected');
    t.s.handle({ type: 'edit', edit: { op: 'set-sysctl', node: 'node02', key: 'net.ipv4.conf.all.arp_ignore', value: '9' } });
    const refused = t.take();
    expect(refused.map((m) => m.type)).toEqual(['edit-rejected']);
    t.s.handle({ type: 'edit', edit: { op: 'set-sysctl', node: 'node02', key: 'net.ipv4.conf.all.arp_ignore', value: null } });
    expect(t.lastDoc().doc.nodes[1].sysctl).toEqual({});
  });

  it('moves and renames without restarting; cuts a cable live', () => {
    const t = session();
    t.s.handle({ type: 'load', doc: LAN });
    t.echo();
    t.s.handle({ type: 'advance', us: 1_000_000, token: 1 });
    const before = t.s.currentLab;
    t.s.handle({ type: 'edit', edit: { op: 'move', positions: { node01: { x: 5.4, y: 7.6 } } } });
    expect(t.lastDoc()).toMatchObject({ effect: 'cosmetic', label: 'Moved node01' });
    expect(t.lastDoc().doc.nodes[0].position).toEqual({ x: 5, y: 8 });
    t.s.handle({ type: 'edit', edit: { op: 'rename', node: 'node01', name: 'director' } });
    expect(t.lastDoc()).toMatchObject({ effect: 'cosmetic' });
    expect(t.lastDoc().doc.nodes[0].name).toBe('director');
    t.take();
    t.s.handle({ type: 'edit', edit: { op: 'set-link', link: 'node02:eth0--sw:p2', up: false } });
    expect(t.lastDoc()).toMatchObject({ effect: 'live', label: 'Cut the cable node02 eth0 ⟷ sw p2' });
    expect(t.s.currentLab).toBe(before);
    expect(t.s.status.v).toBe(1_000_000);
    const b = t.batches().at(-1)!;
    expect(b.links!.find((l) => l.id === 'node02:eth0--sw:p2')!.up).toBe(false);
    const node02 = b.snapshots.find((n) => n.id === 'node02');
    expect(node02 && node02.kind !== 'switch' && node02.interfaces[1].carrier).toBe(false);
    // Undo restores the cable in the running world, still without a restart.
    t.s.handle({ type: 'undo' });
    expect(t.lastDoc()).toMatchObject({ effect: 'live' });
    expect(t.s.currentLab!.world.links.get('node02:eth0--sw:p2')!.up).toBe(true);
  });

  it('deletes a node with its cables and the timeline actions that name it', () => {
    const t = session();
    t.s.handle({ type: 'load', doc: { ...LAN, timeline: [{ at: 1, node: 'node02', run: 'true' }, { at: 2, link: 'node02:eth0--sw:p2', set: 'down' }, { at: 3, node: 'node01', run: 'true' }] } });
    t.s.handle({ type: 'edit', edit: { op: 'remove', nodes: ['node02'], links: [] } });
    const d = t.lastDoc();
    expect(d.label).toBe('Deleted node02');
    expect(d.doc.links.map((l) => l.id)).toEqual(['node01:eth0--sw:p1']);
    expect(d.doc.timeline).toEqual([{ at: 3, node: 'node01', run: 'true' }]);
  });

  it('pastes copies with fresh ids, addresses and no MACs', () => {
    const t = session();
    t.s.handle({ type: 'load', doc: twoHosts });
    const nodes = t.lastDoc().doc.nodes;
    t.s.handle({ type: 'edit', edit: { op: 'paste', nodes, links: t.lastDoc().doc.links, offset: { x: 40, y: 40 } } });
    const d = t.lastDoc();
    expect(d.label).toBe('Pasted node03, node04');
    expect(d.doc.nodes.slice(2).map((n) => [n.id, n.position, n.interfaces![0].addresses])).toEqual([
      ['node03', { x: 40, y: 40 }, ['192.168.150.13/24']],
      ['node04', { x: 360, y: 40 }, ['192.168.150.14/24']],
    ]);
    expect(d.doc.links.at(-1)!.id).toBe('node03:eth0--node04:eth0');
  });
});

describe('Session: the internet block', () => {
  it('needs a router, plugs its free interface into the ISP, and refuses a second internet', () => {
    const t = session();
    t.s.handle({ type: 'load', doc: LAN });
    t.take();
    t.s.handle({ type: 'edit', edit: { op: 'add-internet' } });
    expect(t.take()).toEqual([{ type: 'edit-rejected', message: "add a router first: the internet plugs into a home router's WAN interface" }]);
    t.s.handle({ type: 'edit', edit: { op: 'add-node', kind: 'router', position: { x: 400, y: 100 } } });
    const router = t.lastDoc().doc.nodes.at(-1)!;
    expect(router).toMatchObject({ id: 'router', interfaces: [{ name: 'eth0', addresses: ['192.168.150.2/24'] }, { name: 'eth1', addresses: [] }] });
    t.s.handle({ type: 'edit', edit: { op: 'add-internet' } });
    const d = t.lastDoc();
    expect(d.label).toBe('Plugged router eth1 into the internet');
    const r = d.doc.nodes.find((n) => n.id === 'router')!;
    expect(r.interfaces![1].addresses).toEqual(['123.112.0.2/30']);
    expect(r.gateway).toBe('123.112.0.1');
    expect(d.doc.nodes.map((n) => n.id)).toEqual(expect.arrayContaining(['isp1', 'dns', 'web']));
    expect(d.doc.links.find((l) => l.id === 'uplink')).toMatchObject({ a: { node: 'router', iface: 'eth1' }, b: { node: 'isp1', iface: 'eth0' } });
    t.take();
    t.s.handle({ type: 'edit', edit: { op: 'add-internet' } });
    expect(t.take()[0]).toMatchObject({ type: 'edit-rejected', message: expect.stringContaining('"isp1"') });
  });
});

describe('Session: playback', () => {
  it('animates a hop for HOP_WALL_MS at 1× and reports frames with their bytes', () => {
    const t = session();
    t.s.handle({ type: 'load', doc: LAN });
    t.s.handle({ type: 'play' });
    t.take();
    t.echo();
    t.run(HOP_WALL_MS * 0.5);
    const hops = t.batches().flatMap((b) => b.hops);
    expect(hops).toHaveLength(1);
    expect(hops[0]).toMatchObject({ t: 0, arrive: 100, kind: 'arp', broadcast: true, from: { node: 'node01', iface: 'eth0' }, to: { node: 'sw', iface: 'p1' } });
    expect(hops[0].summary).toBe('ARP, Request who-has 192.168.150.12 tell 192.168.150.11, length 46');
    expect(hops[0].frame).toBeInstanceOf(Uint8Array);
    expect(hops[0].frame.length).toBe(60);
    const clock = t.batches().at(-1)!.clock;
    expect(clock.now).toBeGreaterThan(20);
    expect(clock.now).toBeLessThan(80);
    expect(clock.rate).toBeCloseTo(100 / HOP_WALL_MS);
    expect(clock.horizon).toBe(100);
    // The switch floods the broadcast: one hop to node02 (not back to node01).
    t.run(HOP_WALL_MS);
    expect(t.batches().flatMap((b) => b.hops).map((h) => `${h.from.node}>${h.to.node} ${h.kind}`).slice(0, 2)).toEqual(['node01>sw arp', 'sw>node02 arp']);
  });

  it('steps one hop at a time: each step flies one frame (a flood flies together), then pauses', () => {
    const t = session();
    t.s.handle({ type: 'load', doc: LAN });
    t.echo(); // ARP request leaves node01 now (paused: it waits on the cable)
    const flights: string[] = [];
    for (let i = 0; i < 6; i++) {
      t.take();
      t.s.handle({ type: 'step' });
      t.run(HOP_WALL_MS * 1.5);
      expect(t.s.status.state).toBe('paused');
      flights.push(t.batches().flatMap((b) => b.hops).map((h) => `${h.from.node}>${h.to.node} ${h.kind}`).join(' + ') || '-');
    }
    // Each step flies the frame on the cable to its end; the node handles it there and the next frame
    // leaves (listed with that step). Step 1 flies the request that was already waiting on the cable.
    expect(flights).toEqual(['node01>sw arp + sw>node02 arp', 'node02>sw arp', 'sw>node01 arp', 'node01>sw icmp', 'sw>node02 icmp', 'node02>sw icmp']);
    expect(t.s.status.v).toBe(600);
  });

  it('autoplays on the first typed command, not after the user paused', () => {
    const t = session();
    t.s.handle({ type: 'load', doc: LAN });
    t.s.handle({ type: 'type', node: 'node01', line: 'true' });
    expect(t.s.status.state).toBe('playing');
    t.s.handle({ type: 'pause' });
    t.s.handle({ type: 'type', node: 'node01', line: 'true' });
    expect(t.s.status.state).toBe('paused');
  });

  it('sends terminal output and the prompt when a command ends; a switch has no shell', () => {
    const t = session();
    t.s.handle({ type: 'load', doc: LAN });
    t.take();
    t.s.handle({ type: 'type', node: 'node01', line: 'echo hello; cd /tmp' });
    t.run(100);
    const b = t.batches();
    expect(b.flatMap((x) => x.term)).toEqual([{ node: 'node01', text: 'hello\n' }]);
    expect(b.flatMap((x) => x.done)).toEqual([{ node: 'node01', line: 'echo hello; cd /tmp', status: 0, prompt: '[root@node01 tmp]# ' }]);
    t.take();
    t.s.handle({ type: 'type', node: 'sw', line: 'ls' });
    expect(t.batches().flatMap((x) => x.term)).toEqual([{ node: 'sw', text: 'lvslab: sw is not a Linux host: it has no shell\n' }]);
  });

  it('reports skipped idle time', () => {
    const t = session();
    t.s.handle({ type: 'load', doc: LAN });
    t.s.handle({ type: 'play' });
    t.s.currentLab!.world.sim.at(5_000_000, () => {});
    t.take();
    t.run(400);
    const skipped = t.batches().reduce((a, b) => a + b.skippedUs, 0);
    expect(skipped).toBeGreaterThan(4_000_000);
    expect(t.s.status.v).toBeGreaterThanOrEqual(5_000_000);
  });

  it('pauses and reports a storm', () => {
    const t = session();
    t.s.handle({ type: 'load', doc: LAN });
    t.s.handle({ type: 'play' });
    const w = t.s.currentLab!.world;
    w.stormLimit = 3;
    t.echo();
    t.echo('node02', '192.168.150.11');
    t.run(3000);
    expect(t.out.some((m) => m.type === 'storm')).toBe(true);
    expect(t.s.status.state).toBe('paused');
  });

  it('accepts test hooks only when allowed', () => {
    const off = session(false);
    off.s.handle({ type: 'load', doc: LAN });
    off.take();
    off.s.handle({ type: 'advance', us: 1000, token: 7 });
    off.s.handle({ type: 'debug-crash', how: 'throw' });
    expect(off.take()).toEqual([]);
    expect(off.crashed()).toBe(false);
    const on = session(true);
    on.s.handle({ type: 'load', doc: LAN });
    on.s.handle({ type: 'advance', us: 1000, token: 7 });
    expect(on.out.at(-1)).toEqual({ type: 'advanced', token: 7 });
    expect(on.s.status.v).toBe(1000);
    on.s.handle({ type: 'debug-crash', how: 'throw' });
    expect(on.crashed()).toBe(true);
    expect(() => on.s.handle({ type: 'debug-crash', how: 'fatal' })).toThrow(/debug-crash/);
  });
});
