import { describe, expect, it } from 'vitest';
import type { HostSnapshot } from '../engine/view/types';
import { presetById } from '../presets';
import { stateOf, traceHash } from '../test-support/lab-state';
import type { Batch, FromWorker, LadderMsg, SeekedMsg } from './protocol';
import { Session } from './session';

const S = 1_000_000;

/** A session on a preset, driven with a fake wall clock, as the worker drives it. */
function session(preset = 'lvs-dr') {
  let wall = 0;
  const out: FromWorker[] = [];
  const s = new Session({ post: (m) => out.push(m), now: () => wall, testHooks: true, crash: () => {} });
  s.handle({ type: 'load', doc: presetById(preset), seed: 7 });
  const take = () => out.splice(0);
  const advance = (us: number) => s.handle({ type: 'advance', us, token: 0 });
  const tick = (n: number) => {
    for (let i = 0; i < n; i++) {
      wall += 33;
      s.tick();
    }
  };
  const batches = (msgs: FromWorker[]) => msgs.filter((m): m is Batch => m.type === 'batch');
  const arpOf = (msgs: FromWorker[], node: string) =>
    (batches(msgs).flatMap((b) => b.snapshots).filter((n) => n.id === node).at(-1) as HostSnapshot | undefined)?.arp;
  return { s, take, advance, tick, batches, arpOf, lab: () => s.currentLab! };
}

describe('Session: rewind and forward again', () => {
  it('seeks back before a ping: the ARP cache is empty again, the terminal shows nothing; seeking forward brings both back', () => {
    const t = session();
    t.advance(1 * S);
    t.s.handle({ type: 'type', node: 'client', line: 'ping -c 2 192.168.150.11' });
    t.advance(5 * S);
    const after = stateOf(t.lab());
    expect(t.lab().records.at(-1)!.output).toMatch(/2 packets transmitted, 2 received/);
    t.take();

    t.s.handle({ type: 'seek', t: S / 2 });
    const msgs = t.take();
    const seeked = msgs.find((m): m is SeekedMsg => m.type === 'seeked')!;
    expect(seeked).toMatchObject({ t: S / 2, pending: 1, end: 6 * S, hopsBefore: 0 });
    expect(seeked.consoles).toEqual({});
    expect(t.arpOf(msgs, 'client')).toEqual([]);
    const b = t.batches(msgs).at(-1)!;
    expect(b.clock).toMatchObject({ now: S / 2, state: 'paused', end: 6 * S });
    expect(t.lab().world.now).toBe(S / 2);

    t.s.handle({ type: 'seek', t: 6 * S });
    const fwd = t.take();
    const again = fwd.find((m): m is SeekedMsg => m.type === 'seeked')!;
    expect(again.pending).toBe(0);
    expect(again.consoles.client.text).toMatch(/^\[root@client ~\]# ping -c 2 192\.168\.150\.11\nPING 192\.168\.150\.11 .*\n(.|\n)*2 packets transmitted, 2 received/);
    expect(again.consoles.client.running).toBe(0);
    expect(t.arpOf(fwd, 'client')!.map((r) => r.ip)).toEqual(['192.168.150.11']);
    expect(stateOf(t.lab())).toEqual(after);
  });

  it('playing on from a rewound point gives the recorded inputs again at their points: the same history, the lines echoed', () => {
    const t = session();
    t.advance(1 * S);
    t.s.handle({ type: 'type', node: 'client', line: 'curl 192.168.150.100' });
    t.advance(2 * S);
    t.s.handle({ type: 'type', node: 'client', line: 'curl 192.168.150.100' });
    t.advance(3 * S);
    const end = stateOf(t.lab());
    t.s.handle({ type: 'seek', t: 0.5 * S });
    t.take();
    // Play in real-time slices (the pacer), not the test hook's jump.
    t.s.handle({ type: 'play' });
    t.s.handle({ type: 'speed', speed: 10 });
    let typed: Array<{ node: string; line: string }> = [];
    for (let i = 0; i < 2000 && t.s.status.v < 5 * S; i++) {
      t.tick(1);
      typed = typed.concat(t.batches(t.take()).flatMap((b) => b.typed ?? []));
    }
    t.s.handle({ type: 'pause' });
    t.advance(6 * S - t.s.status.v);
    expect(typed).toEqual([
      { node: 'client', line: 'curl 192.168.150.100' },
      { node: 'client', line: 'curl 192.168.150.100' },
    ]);
    expect(stateOf(t.lab())).toEqual(end);
  });

  it('a new input after a rewind drops the recorded future and says where the history branched', () => {
    const t = session();
    t.advance(1 * S);
    t.s.handle({ type: 'type', node: 'client', line: 'ping -c 1 192.168.150.11' });
    t.advance(3 * S);
    t.s.handle({ type: 'seek', t: 0.5 * S });
    const cursor = (t.take().find((m) => m.type === 'seeked') as SeekedMsg).cursor;
    t.s.handle({ type: 'type', node: 'client', line: 'ping -c 1 192.168.150.12' });
    const b = t.batches(t.take()).at(-1)!;
    expect(b.branchedAt).toBe(cursor);
    expect(b.clock.end).toBe(0.5 * S);
    t.advance(3 * S);
    expect(t.lab().records.filter((r) => !r.boot).map((r) => r.line)).toEqual(['ping -c 1 192.168.150.12']);
  });

  it('a cable cut is an input: rewinding before it restores the cable in the lab and the document', () => {
    const t = session();
    t.advance(1 * S);
    t.s.handle({ type: 'edit', edit: { op: 'set-link', link: 'node02:eth0--sw:p3', up: false } });
    t.advance(1 * S);
    t.take();
    t.s.handle({ type: 'seek', t: 0.5 * S });
    const msgs = t.take();
    expect(t.lab().world.links.get('node02:eth0--sw:p3')!.up).toBe(true);
    const doc = msgs.filter((m) => m.type === 'doc').at(-1);
    expect(doc && doc.type === 'doc' && doc.doc.links.find((l) => l.id === 'node02:eth0--sw:p3')!.up).toBeUndefined();
    expect(t.batches(msgs).at(-1)!.links!.find((l) => l.id === 'node02:eth0--sw:p3')!.up).toBe(true);
  });

  it('rewinding a long lab is quick: 10 virtual minutes of curls replayed in well under a second', () => {
    const t = session();
    for (let i = 0; i < 200; i++) {
      t.s.handle({ type: 'type', node: 'client', line: 'curl -s 192.168.150.100' });
      t.advance(3 * S);
    }
    t.advance(600 * S - t.s.status.v);
    const hash = traceHash(t.lab());
    t.take();
    const t0 = performance.now();
    t.s.handle({ type: 'seek', t: 300 * S });
    const ms = performance.now() - t0;
    expect(t.lab().world.now).toBe(300 * S);
    expect(ms).toBeLessThan(1500);
    t.s.handle({ type: 'seek', t: 600 * S });
    expect(traceHash(t.lab())).toBe(hash);
  });
});

describe('Session: ladder requests', () => {
  it('answers with the ladder of a packet’s flow, labelled as tcpdump', () => {
    const t = session();
    t.s.handle({ type: 'type', node: 'client', line: 'curl 192.168.150.100' });
    t.advance(3 * S);
    t.take();
    const syn = t.lab().world.trace.packets.find((p) => p.type === 'hop' && p.from.node === 'client' && p.frame.length > 60)!;
    t.s.handle({ type: 'ladder', token: 4, select: { pid: syn.pid } });
    const m = t.take().find((x): x is LadderMsg => x.type === 'ladder')!;
    expect(m.token).toBe(4);
    expect(m.ladder!.flow).toBe(true);
    expect(m.ladder!.title).toMatch(/^tcp 192\.168\.150\.1:\d+ > 192\.168\.150\.100:80$/);
    expect(m.ladder!.columns.slice(0, 2)).toEqual(['client', 'node01']);
    expect(m.ladder!.arrows.map((a) => a.label.split(' ')[0])).toEqual([
      'SYN', 'SYN', 'SYN-ACK', 'ACK', 'PSH-ACK', 'ACK', 'PSH-ACK', 'ACK', 'PSH-ACK', 'ACK', 'FIN-ACK', 'ACK', 'FIN-ACK', 'FIN-ACK', 'ACK', 'ACK',
    ]);
    // A host pair; and an unknown packet.
    t.s.handle({ type: 'ladder', token: 5, select: { hosts: ['client', 'node01'] } });
    const h = t.take().find((x): x is LadderMsg => x.type === 'ladder')!;
    expect(h.ladder!.columns.slice(0, 2)).toEqual(['client', 'node01']);
    expect(h.ladder!.arrows.some((a) => a.label.startsWith('who-has 192.168.150.100'))).toBe(true);
    t.s.handle({ type: 'ladder', token: 6, select: { pid: 999_999 } });
    expect(t.take().find((x): x is LadderMsg => x.type === 'ladder')!.ladder).toBeNull();
  });
});
