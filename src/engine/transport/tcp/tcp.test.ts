import { describe, expect, it } from 'vitest';
import { waitFor, type Program } from '../../os/task';
import { DROP, ACCEPT } from '../../net/ip/netfilter';
import type { IpStack } from '../../net/ip/stack';
import { ipProto, l4 } from '../../net/ip/skb';
import { parseIpv4 } from '../../wire/addr';
import { buildTcp, TCP_FLAG } from '../../wire/tcp';
import { decodeUtf8 } from '../../wire/text';
import { flow, segments, stateLines } from './flow.test-util';
import { tcpConnect, tcpListen, tcpOpen, tcpSocketList, type TcpSocket } from './socket';
import { CLIENT_IP, SERVER_IP, spawn, twoHosts } from './testbed';
import { benchTcpExchanges } from './bench';
import { capturesByInterface } from '../../capture';
import { tsharkAvailable, tsharkCheck } from '../../../test-support/tshark';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const F = TCP_FLAG;
const s = (n: number) => n * 1_000_000;
const ms = (n: number) => n * 1000;

/** A server that accepts one connection at a time and hands it to `serve`. */
function server(tb: ReturnType<typeof twoHosts>, port: number, serve: (c: TcpSocket) => Program, backlog?: number): TcpSocket {
  const l = tcpListen(tb.server, port, { owner: { pid: 1240, comm: 'httpd', fd: 4 }, ...(backlog !== undefined ? { backlog } : {}) });
  if (typeof l === 'string') throw new Error(l);
  spawn(tb.world, (function* (): Program {
    for (;;) {
      const c = yield* l.accept();
      if (!c) return 0;
      yield* serve(c);
    }
  })());
  return l;
}

/** Connect from the client and run `body` on the socket (or the errno). */
function client(tb: ReturnType<typeof twoHosts>, port: number, body: (s: TcpSocket | string) => Program, opts: { timeoutUs?: number; sport?: number } = {}) {
  return spawn(tb.world, (function* (): Program {
    const c = yield* tcpConnect(tb.client, SERVER_IP, port, { owner: { pid: 2000, comm: 'curl' }, ...opts });
    return yield* body(c);
  })());
}

const run = (tb: ReturnType<typeof twoHosts>, until: number) => tb.world.sim.runUntil(until);

/** Drop segments matching `pred` as they arrive on `stack` (a filter at PREROUTING). */
function dropIncoming(stack: IpStack, pred: (flags: number, len: number) => boolean, times = Infinity): void {
  let n = 0;
  stack.nf.register('prerouting', -300, 'test-drop', (skb) => {
    if (ipProto(skb) !== 6 || n >= times) return ACCEPT;
    const seg = l4(skb);
    const flags = ((seg[12] << 8) | seg[13]) & 0x0fff;
    const len = seg.length - (seg[12] >> 4) * 4;
    if (!pred(flags, len)) return ACCEPT;
    n++;
    return DROP('test: segment dropped');
  });
}

describe('CLOSED port', () => {
  it('answers a SYN with RST/ACK and connect() fails with ECONNREFUSED', () => {
    const tb = twoHosts();
    let result = '';
    client(tb, 8080, function* (c) {
      result = typeof c === 'string' ? c : c.state;
      return 0;
    });
    run(tb, s(1));
    expect(result).toBe('ECONNREFUSED');
    const f = flow(tb.world);
    expect(f[0]).toMatch(/^client > server: Flags \[S\], seq 0, win 29200, length 0$/);
    expect(f[1]).toBe('server > client: Flags [R.], seq 0, ack 1, win 0, length 0');
    expect(f).toHaveLength(2);
    const drops = tb.world.trace.packets.filter((p) => p.type === 'drop').map((p) => (p as { reason: string }).reason);
    expect(drops).toContain('TCP port 8080 closed: no socket for 192.168.150.1:' + tb.world.trace.states.find((x) => x.kind === 'tcp.state')!.data!.local!.toString().split(':')[1] + ' → 192.168.150.12:8080, RST sent');
    expect(stateLines(tb.world, 'client').map((l) => l.split(' ').slice(-3).join(' '))).toEqual(['CLOSED → SYN-SENT', 'SYN-SENT → CLOSED']);
  });
});

describe('LISTEN', () => {
  it('a SYN makes a SYN-RECEIVED child that joins the accept queue when the handshake completes', () => {
    const tb = twoHosts();
    const l = tcpListen(tb.server, 80, { owner: { pid: 1240, comm: 'httpd', fd: 4 } });
    if (typeof l === 'string') throw new Error(l);
    tcpOpen(tb.client, SERVER_IP, 80, { owner: { pid: 2000, comm: 'curl' } });
    // ARP takes 200 µs, the SYN arrives at 300 µs; the ACK comes back at 500 µs.
    run(tb, 350);
    expect(tcpSocketList(tb.server).map((x) => `${x.state} ${x.recvQ} ${x.sendQ} ${x.owner ? x.owner.pid : '-'}`)).toEqual(['LISTEN 0 128 1240', 'SYN-RECEIVED 0 0 -']);
    run(tb, ms(1));
    expect(tcpSocketList(tb.server).map((x) => `${x.state} ${x.recvQ} ${x.owner ? x.owner.pid : '-'}`)).toEqual(['LISTEN 1 1240', 'ESTABLISHED 0 -']);
    const c = l.tryAccept();
    expect(c?.state).toBe('ESTABLISHED');
    expect(c?.owner).toEqual({ pid: 1240, comm: 'httpd', fd: 5 });
    expect(l.pending).toBe(0);
  });

  it('answers an ACK for no connection with a RST <SEQ=SEG.ACK>, and ignores a RST', () => {
    const tb = twoHosts();
    tcpListen(tb.server, 80, { owner: { pid: 1, comm: 'x' } });
    const st = tb.client.stack as IpStack;
    const raw = (flags: number) =>
      st.sendIp({ proto: 6, dst: SERVER_IP, payload: buildTcp({ srcPort: 40000, dstPort: 80, seq: 1000, ack: 5000, flags, window: 229, urgentPointer: 0, options: [] }, new Uint8Array(0), CLIENT_IP, SERVER_IP) });
    raw(F.ACK);
    run(tb, ms(1));
    raw(F.RST);
    run(tb, ms(2));
    const segs = segments(tb.world).map((x) => `${x.from} ${x.text}`);
    expect(segs).toEqual(['client Flags [.], ack 5000, win 229, length 0', 'server Flags [R], seq 5000, win 0, length 0', 'client Flags [R], seq 1000, win 229, length 0']);
    const drops = tb.world.trace.packets.filter((p) => p.type === 'drop').map((p) => (p as { reason: string }).reason);
    expect(drops).toEqual([
      'TCP ACK for no connection on listening port 80: RST sent',
      // the client has no socket on port 40000 either: its stack ignores the RST
      'TCP RST for no connection (192.168.150.12:80 → 192.168.150.1:40000): ignored',
      'TCP RST to a listening socket: ignored',
    ]);
  });

  it('drops SYNs while the accept queue is full; the client gets in on its retransmitted SYN', () => {
    const tb = twoHosts();
    const l = tcpListen(tb.server, 80, { owner: { pid: 1240, comm: 'httpd' }, backlog: 1 });
    if (typeof l === 'string') throw new Error(l);
    const a = tcpOpen(tb.client, SERVER_IP, 80, { owner: { pid: 1, comm: 'a' } });
    run(tb, ms(5));
    const b = tcpOpen(tb.client, SERVER_IP, 80, { owner: { pid: 2, comm: 'b' } });
    run(tb, ms(10));
    expect(typeof a !== 'string' && a.state).toBe('ESTABLISHED');
    expect(typeof b !== 'string' && b.state).toBe('SYN-SENT');
    const drops = tb.world.trace.packets.filter((p) => p.type === 'drop').map((p) => (p as { reason: string }).reason);
    expect(drops).toContain('TCP SYN dropped: accept queue of 0.0.0.0:80 is full (backlog 1)');
    expect(l.tryAccept()).not.toBeNull();
    run(tb, s(1.1));
    expect(typeof b !== 'string' && b.state).toBe('ESTABLISHED');
  });

  it('refuses a second listener on the same port (EADDRINUSE) and resets unaccepted connections on close', () => {
    const tb = twoHosts();
    const l = tcpListen(tb.server, 80, { owner: { pid: 1, comm: 'httpd' } });
    if (typeof l === 'string') throw new Error(l);
    expect(tcpListen(tb.server, 80, { owner: { pid: 2, comm: 'nginx' } })).toBe('EADDRINUSE');
    expect(tcpListen(tb.server, 80, { addr: SERVER_IP, owner: { pid: 2, comm: 'nginx' } })).toBe('EADDRINUSE');
    expect(tcpListen(tb.server, 80, { addr: parseIpv4('10.9.9.9')!, owner: { pid: 2, comm: 'nginx' } })).toBe('EADDRNOTAVAIL');
    let got: Uint8Array | null | undefined;
    let err: string | null = null;
    client(tb, 80, function* (c) {
      if (typeof c === 'string') return 1;
      got = yield* c.recv();
      err = c.error;
      return 0;
    });
    run(tb, ms(5));
    l.close();
    run(tb, ms(10));
    expect(got).toBeNull();
    expect(err).toBe('ECONNRESET');
    expect(flow(tb.world).at(-1)).toBe('server > client: Flags [R.], seq 1, ack 1, win 227, length 0');
    expect(tcpListen(tb.server, 80, { owner: { pid: 2, comm: 'nginx' } })).not.toBe('EADDRINUSE');
  });
});

describe('SYN-SENT', () => {
  it("sends Linux's SYN: MSS 1460, SACK permitted, timestamps, window scale 7, window 29200", () => {
    const tb = twoHosts();
    tcpOpen(tb.client, SERVER_IP, 80, { owner: { pid: 1, comm: 'x' } });
    run(tb, ms(1));
    const syn = segments(tb.world)[0];
    expect(syn.text).toMatch(/^Flags \[S\], seq 0, win 29200, options \[mss 1460,sackOK,TS val \d+ ecr 0,nop,wscale 7\], length 0$/);
  });

  it('retransmits a lost SYN after 1, 3, 7, 15, 31 and 63 s and gives up with ETIMEDOUT at 127 s', () => {
    const tb = twoHosts();
    // A static ARP entry, so the SYNs really leave (an unanswered ARP would end it with EHOSTUNREACH), and no cable.
    (tb.client.stack as IpStack).neigh.addPermanent('eth0', SERVER_IP, tb.server.nic('eth0')!.mac);
    tb.link.up = false;
    const t0 = tb.world.now;
    let result = '';
    let at = 0;
    client(tb, 80, function* (c) {
      result = typeof c === 'string' ? c : c.state;
      at = tb.world.now;
      return 0;
    });
    run(tb, s(200));
    expect(result).toBe('ETIMEDOUT');
    expect((at - t0) / 1e6).toBe(127);
    const syns = segments(tb.world, { dropped: true }).filter((x) => x.flags === F.SYN && x.t * 1000 >= t0);
    expect(syns.map((x) => (x.t * 1000 - t0) / 1e6)).toEqual([0, 1, 3, 7, 15, 31, 63]);
    const rtx = tb.world.trace.states.filter((x) => x.kind === 'tcp.retransmit').map((x) => x.text.replace(/^.*: /, ''));
    expect(rtx).toEqual([1, 2, 3, 4, 5, 6].map((n) => `retransmission #${n} (SYN-SENT), next RTO ${1000 * 2 ** n} ms`));
  });

  it('fails with EHOSTUNREACH (No route to host) when the neighbour never answers ARP', () => {
    const tb = twoHosts();
    let result = '';
    spawn(tb.world, (function* (): Program {
      const c = yield* tcpConnect(tb.client, parseIpv4('192.168.150.99')!, 80, { owner: { pid: 1, comm: 'x' } });
      result = typeof c === 'string' ? c : c.state;
      return 0;
    })());
    run(tb, s(10));
    expect(result).toBe('EHOSTUNREACH');
    // Three ARP requests a second apart, then the queued SYNs fail (ip_finish_output2 → ICMP host unreachable to ourselves).
    expect(stateLines(tb.world, 'client').at(-1)).toMatch(/^3\.000000 client .* SYN-SENT → CLOSED$/);
  });

  it('gives up at the program’s own connect timeout', () => {
    const tb = twoHosts();
    (tb.client.stack as IpStack).neigh.addPermanent('eth0', SERVER_IP, tb.server.nic('eth0')!.mac);
    tb.link.up = false;
    let result = '';
    client(tb, 80, function* (c) {
      result = typeof c === 'string' ? c : c.state;
      return 0;
    }, { timeoutUs: s(5) });
    run(tb, s(6));
    expect(result).toBe('ETIMEDOUT');
    expect(tcpSocketList(tb.client).filter((x) => x.state !== 'LISTEN')).toEqual([]);
  });

  it('simultaneous open: crossing SYNs make both sides SYN-RECEIVED, then ESTABLISHED', () => {
    const tb = twoHosts();
    // Learn each other's MAC first so both SYNs leave at the same instant.
    tb.world.sim.runUntil(1);
    (tb.client.stack as IpStack).neigh.addPermanent('eth0', SERVER_IP, tb.server.nic('eth0')!.mac);
    (tb.server.stack as IpStack).neigh.addPermanent('eth0', CLIENT_IP, tb.client.nic('eth0')!.mac);
    const a = tcpOpen(tb.client, SERVER_IP, 6000, { sport: 5000, owner: { pid: 1, comm: 'a' } });
    const b = tcpOpen(tb.server, CLIENT_IP, 5000, { sport: 6000, owner: { pid: 2, comm: 'b' } });
    run(tb, ms(5));
    expect(typeof a !== 'string' && a.state).toBe('ESTABLISHED');
    expect(typeof b !== 'string' && b.state).toBe('ESTABLISHED');
    expect(stateLines(tb.world, 'client').map((l) => l.split(' ').slice(-3).join(' '))).toEqual(['CLOSED → SYN-SENT', 'SYN-SENT → SYN-RECEIVED', 'SYN-RECEIVED → ESTABLISHED']);
    expect(flow(tb.world).map((l) => l.replace(/, win \d+/, ''))).toEqual([
      'client > server: Flags [S], seq 0, length 0',
      'server > client: Flags [S], seq 0, length 0',
      'server > client: Flags [S.], seq 0, ack 1, length 0',
      'client > server: Flags [S.], seq 0, ack 1, length 0',
    ]);
  });

  it('takes consecutive ephemeral ports from 32768–60999 for connections to one server', () => {
    const tb = twoHosts();
    tcpListen(tb.server, 80, { owner: { pid: 1, comm: 'x' } });
    const ports = [0, 1, 2].map(() => {
      const c = tcpOpen(tb.client, SERVER_IP, 80, { owner: { pid: 1, comm: 'x' } });
      if (typeof c === 'string') throw new Error(c);
      return c.localPort;
    });
    expect(ports[0]).toBeGreaterThanOrEqual(32768);
    expect(ports[0]).toBeLessThanOrEqual(60999);
    expect(ports).toEqual([ports[0], ports[0] + 1, ports[0] + 2].map((p) => (p > 60999 ? p - 28232 : p)));
  });
});

describe('SYN-RECEIVED', () => {
  it('retransmits the SYN-ACK after 1, 3, 7, 15 and 31 s and drops the request at 63 s when the client is gone', () => {
    const tb = twoHosts();
    tcpListen(tb.server, 80, { owner: { pid: 1, comm: 'httpd' } });
    // The client's stack swallows every SYN-ACK, as if it had crashed after its SYN.
    dropIncoming(tb.client.stack as IpStack, (flags) => (flags & F.SYN) !== 0);
    const c = tcpOpen(tb.client, SERVER_IP, 80, { owner: { pid: 1, comm: 'x' } });
    if (typeof c === 'string') throw new Error(c);
    run(tb, ms(1));
    c.abort(); // SYN-SENT: gone silently
    run(tb, s(100));
    const synacks = segments(tb.world).filter((x) => x.flags === (F.SYN | F.ACK));
    expect(synacks.map((x) => x.t / 1000)).toEqual([0, 1, 3, 7, 15, 31].map((t) => t + 0.0003));
    expect(stateLines(tb.world, 'server').at(-1)).toMatch(/^63\.000300 server .*SYN-RECEIVED → CLOSED$/);
    expect(tcpSocketList(tb.server).map((x) => x.state)).toEqual(['LISTEN']);
  });
});

describe('ESTABLISHED', () => {
  it('an HTTP/1.0 exchange on the wire: handshake, request, response, close from the server, as Linux sends it', () => {
    const tb = twoHosts();
    let got = '';
    server(tb, 80, function* (c) {
      yield* c.recv();
      c.send('HTTP/1.0 200 OK\r\nContent-Length: 5\r\n\r\nhello');
      c.close();
      return 0;
    });
    client(tb, 80, function* (c) {
      if (typeof c === 'string') return 1;
      c.send('GET / HTTP/1.0\r\n\r\n');
      got = decodeUtf8(yield* c.readAll());
      c.close();
      return 0;
    });
    run(tb, s(1));
    expect(got).toBe('HTTP/1.0 200 OK\r\nContent-Length: 5\r\n\r\nhello');
    expect(flow(tb.world)).toEqual([
      'client > server: Flags [S], seq 0, win 29200, length 0',
      'server > client: Flags [S.], seq 0, ack 1, win 28960, length 0',
      'client > server: Flags [.], ack 1, win 229, length 0',
      'client > server: Flags [P.], seq 1:19, ack 1, win 229, length 18',
      // quick-ACK mode at the start of a connection: the request is ACKed at once
      'server > client: Flags [.], ack 19, win 227, length 0',
      'server > client: Flags [P.], seq 1:44, ack 19, win 227, length 43',
      'server > client: Flags [F.], seq 44, ack 19, win 227, length 0',
      'client > server: Flags [.], ack 44, win 229, length 0',
      // the FIN's ACK waits for the client's own FIN (tcp_fin: ping-pong mode)
      'client > server: Flags [F.], seq 19, ack 45, win 229, length 0',
      'server > client: Flags [.], ack 20, win 227, length 0',
    ]);
    expect(stateLines(tb.world, 'server').map((l) => l.split(' ').slice(-3).join(' '))).toEqual([
      'CLOSED → LISTEN',
      'LISTEN → SYN-RECEIVED',
      'SYN-RECEIVED → ESTABLISHED',
      'ESTABLISHED → FIN-WAIT-1',
      'FIN-WAIT-1 → FIN-WAIT-2',
      'FIN-WAIT-2 → TIME-WAIT',
    ]);
    expect(stateLines(tb.world, 'client').map((l) => l.split(' ').slice(-3).join(' '))).toEqual([
      'CLOSED → SYN-SENT',
      'SYN-SENT → ESTABLISHED',
      'ESTABLISHED → CLOSE-WAIT',
      'CLOSE-WAIT → LAST-ACK',
      'LAST-ACK → CLOSED',
    ]);
  });

  it('cuts data into MSS-sized segments (1448 with timestamps), PSH on the last; quick ACKs at first, the offered window growing 2·MSS a segment', () => {
    const tb = twoHosts();
    let n = 0;
    server(tb, 80, function* (c) {
      for (;;) {
        const d = yield* c.recv();
        if (!d) return 0;
        n += d.length;
      }
    });
    client(tb, 80, function* (c) {
      if (typeof c === 'string') return 1;
      c.send(new Uint8Array(5000));
      yield waitFor(c.readable, s(1));
      return 0;
    });
    run(tb, ms(100));
    expect(n).toBe(5000);
    expect(flow(tb.world).slice(3)).toEqual([
      'client > server: Flags [.], seq 1:1449, ack 1, win 229, length 1448',
      'client > server: Flags [.], seq 1449:2897, ack 1, win 229, length 1448',
      'client > server: Flags [.], seq 2897:4345, ack 1, win 229, length 1448',
      'client > server: Flags [P.], seq 4345:5001, ack 1, win 229, length 656',
      'server > client: Flags [.], ack 1449, win 250, length 0',
      'server > client: Flags [.], ack 2897, win 272, length 0',
      'server > client: Flags [.], ack 4345, win 295, length 0',
      'server > client: Flags [.], ack 5001, win 318, length 0',
    ]);
  });

  it('once the quick ACKs are used up, ACKs every second full segment (and the window stops at half the 87380-byte buffer)', () => {
    const tb = twoHosts();
    server(tb, 80, function* (c) {
      for (;;) if (!(yield* c.recv())) return 0;
    });
    client(tb, 80, function* (c) {
      if (typeof c === 'string') return 1;
      c.send(new Uint8Array(1448 * 40));
      yield waitFor(c.readable, s(1));
      return 0;
    });
    run(tb, ms(200));
    const acks = segments(tb.world).filter((x) => x.from === 'server' && x.len === 0 && x.flags === F.ACK);
    const acked = acks.map((x) => Number(/ack (\d+)/.exec(x.text)![1]));
    // 10 quick ACKs (29200 / (2 · 1448)), then one per two segments.
    expect(acked.slice(0, 12)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 14].map((k) => 1 + 1448 * k));
    expect(acked.at(-1)).toBe(1 + 1448 * 40);
    // The window stops growing at half the free buffer: (87380 − two unread segments) / 2, in units of 128.
    expect(Math.max(...acks.map((x) => Number(/win (\d+)/.exec(x.text)![1])))).toBe(331);
  });
});

describe('ESTABLISHED: loss and retransmission', () => {
  /** A connected pair with the neighbours static (so a cut cable only loses segments). */
  function connected() {
    const tb = twoHosts();
    (tb.client.stack as IpStack).neigh.addPermanent('eth0', SERVER_IP, tb.server.nic('eth0')!.mac);
    (tb.server.stack as IpStack).neigh.addPermanent('eth0', CLIENT_IP, tb.client.nic('eth0')!.mac);
    const l = tcpListen(tb.server, 80, { owner: { pid: 1240, comm: 'httpd' } });
    if (typeof l === 'string') throw new Error(l);
    const c = tcpOpen(tb.client, SERVER_IP, 80, { owner: { pid: 2000, comm: 'curl' } });
    if (typeof c === 'string') throw new Error(c);
    run(tb, ms(10));
    const srv = l.tryAccept()!;
    return { tb, c, srv };
  }

  it('retransmits with the RTO doubling from ~200 ms while the cable is cut, and delivers once it is back', () => {
    const { tb, c, srv } = connected();
    tb.link.up = false;
    const t0 = tb.world.now;
    c.send('hello');
    run(tb, t0 + s(3.5));
    tb.link.up = true;
    run(tb, t0 + s(10));
    expect(decodeUtf8(srv.read()!)).toBe('hello');
    const sent = segments(tb.world, { dropped: true }).filter((x) => x.from === 'client' && x.len === 5);
    const at = sent.map((x) => Math.round(x.t * 1000 - t0) / 1000);
    // RTO = SRTT + max(200 ms, 4·RTTVAR) ≈ 200.2 ms on this 200 µs round trip, then doubled each time.
    expect(at.map((t, i) => (i ? Math.round(t - at[i - 1]) : 0))).toEqual([0, 200, 400, 801, 1602, 3203]);
    expect(sent.map((x) => x.lost)).toEqual([true, true, true, true, true, false]);
  });

  it('gives up after tcp_retries2 (15) retransmissions, about 924.6 s: the program reads ETIMEDOUT', () => {
    const { tb, c } = connected();
    tb.link.up = false;
    const t0 = tb.world.now;
    let result: Uint8Array | null | undefined;
    let at = 0;
    c.send('hello');
    spawn(tb.world, (function* (): Program {
      result = yield* c.recv();
      at = tb.world.now;
      return 0;
    })());
    run(tb, t0 + s(2000));
    expect(result).toBeNull();
    expect(c.error).toBe('ETIMEDOUT');
    expect(c.state).toBe('CLOSED');
    expect(Math.round((at - t0) / 1e5) / 10).toBe(924.8);
    expect(tb.world.trace.states.filter((x) => x.kind === 'tcp.retransmit' && x.node === 'client')).toHaveLength(15);
  });

  it('retransmits after three duplicate ACKs without waiting for the timer (one segment lost on the way)', () => {
    const { tb, c, srv } = connected();
    dropIncoming(tb.server.stack as IpStack, (_f, len) => len > 0, 1);
    c.send(new Uint8Array(1448 * 6));
    run(tb, tb.world.now + ms(50));
    let n = 0;
    for (let d = srv.read(); d && d.length; d = srv.read()) n += d.length;
    expect(n).toBe(1448 * 6);
    expect(tb.world.trace.states.some((x) => x.kind === 'tcp.retransmit' && x.text.endsWith('fast retransmit after 3 duplicate ACKs'))).toBe(true);
    // everything arrived within a few round trips, long before the 200 ms RTO
    expect(tb.world.trace.states.filter((x) => x.kind === 'tcp.retransmit' && /retransmission #/.test(x.text))).toHaveLength(0);
  });

  it('stops at a zero window while the receiver does not read, probes it, and goes on when the program reads', () => {
    const { tb, c, srv } = connected();
    c.send(new Uint8Array(200_000));
    run(tb, tb.world.now + s(2));
    // 87380-byte buffer: the window closes before everything is in
    expect(srv.available).toBeGreaterThan(80_000);
    expect(srv.available).toBeLessThan(90_000);
    const zero = segments(tb.world).filter((x) => x.from === 'server' && / win 0,/.test(x.text));
    expect(zero.length).toBeGreaterThan(0);
    const probes = segments(tb.world).filter((x) => x.from === 'client' && x.len === 0 && x.t * 1000 > tb.world.now - s(2) && x.flags === F.ACK);
    expect(probes.length).toBeGreaterThan(0);
    let total = 0;
    spawn(tb.world, (function* (): Program {
      for (;;) {
        const d = yield* srv.recv(Infinity, s(5));
        if (!d || d.length === 0) return 0;
        total += d.length;
      }
    })());
    run(tb, tb.world.now + s(10));
    expect(total).toBe(200_000);
  });
});

describe('RST', () => {
  it('close() with unread data sends RST (not FIN); the peer reads ECONNRESET', () => {
    const tb = twoHosts();
    let got: Uint8Array | null | undefined;
    let err: string | null = null;
    server(tb, 80, function* (c) {
      c.send('banner\r\n');
      got = yield* c.recv();
      err = c.error;
      return 0;
    });
    client(tb, 80, function* (c) {
      if (typeof c === 'string') return 1;
      yield waitFor(c.readable, ms(1));
      c.close(); // the banner was never read
      return 0;
    });
    run(tb, ms(100));
    expect(got).toBeNull();
    expect(err).toBe('ECONNRESET');
    expect(flow(tb.world).slice(-1)[0]).toBe('client > server: Flags [R.], seq 1, ack 9, win 229, length 0');
    expect(stateLines(tb.world, 'client').at(-1)).toMatch(/ESTABLISHED → CLOSED$/);
  });

  it('abort() resets at once; data arriving after close() is answered with RST', () => {
    const tb = twoHosts();
    let srvSock: TcpSocket | null = null;
    server(tb, 80, function* (c) {
      srvSock = c;
      c.close();
      return 0;
    });
    let c1: TcpSocket | null = null;
    client(tb, 80, function* (c) {
      if (typeof c === 'string') return 1;
      c1 = c;
      return 0;
    });
    run(tb, ms(10));
    expect(srvSock!.state).toBe('FIN-WAIT-2');
    expect(c1!.state).toBe('CLOSE-WAIT');
    c1!.send('late data');
    run(tb, ms(20));
    // the server closed its side: new data gets RST, the client's next read/write sees the reset
    expect(flow(tb.world).slice(-2)).toEqual(['client > server: Flags [P.], seq 1:10, ack 2, win 229, length 9', 'server > client: Flags [R], seq 2, win 0, length 0']);
    expect(c1!.state).toBe('CLOSED');
    expect(c1!.error).toBe('EPIPE');
  });
});

describe('FIN-WAIT-1, FIN-WAIT-2, TIME-WAIT', () => {
  it('the side that closes first goes FIN-WAIT-1 → FIN-WAIT-2 → TIME-WAIT and is gone 60 s later', () => {
    const tb = twoHosts();
    server(tb, 80, function* (c) {
      c.close();
      return 0;
    });
    client(tb, 80, function* (c) {
      if (typeof c === 'string') return 1;
      while ((yield* c.recv()) !== null);
      c.close();
      return 0;
    });
    run(tb, s(1));
    const row = () => tcpSocketList(tb.server).filter((x) => x.state !== 'LISTEN').map((x) => `${x.state} ${x.owner ? 'owned' : '-'} ${x.timer.kind}`);
    expect(row()).toEqual(['TIME-WAIT - timewait']);
    run(tb, s(60));
    expect(row()).toEqual(['TIME-WAIT - timewait']);
    run(tb, s(60.001));
    expect(row()).toEqual([]);
    expect(stateLines(tb.world, 'server').at(-1)).toMatch(/^60\.000\d+ server .* TIME-WAIT → CLOSED$/);
  });

  it('an orphan in FIN-WAIT-2 whose peer never closes is dropped after tcp_fin_timeout (60 s)', () => {
    const tb = twoHosts();
    server(tb, 80, function* (c) {
      c.close();
      return 0;
    });
    client(tb, 80, function* (c) {
      if (typeof c === 'string') return 1;
      yield waitFor(c.readable, s(1000)); // never closes
      return 0;
    });
    run(tb, s(1));
    expect(tcpSocketList(tb.server).map((x) => x.state)).toEqual(['LISTEN', 'FIN-WAIT-2']);
    run(tb, s(61));
    expect(tcpSocketList(tb.server).map((x) => x.state)).toEqual(['LISTEN']);
    expect(tcpSocketList(tb.client).map((x) => x.state)).toEqual(['CLOSE-WAIT']);
  });

  it('TIME-WAIT ACKs a retransmitted FIN again and restarts its 60 s', () => {
    const tb = twoHosts();
    // the first ACK of the client's FIN is lost: the client retransmits its FIN
    dropIncoming(tb.client.stack as IpStack, (flags, len) => flags === F.ACK && len === 0, Infinity);
    server(tb, 80, function* (c) {
      c.close();
      return 0;
    });
    client(tb, 80, function* (c) {
      if (typeof c === 'string') return 1;
      while ((yield* c.recv()) !== null);
      c.close();
      return 0;
    });
    run(tb, s(2));
    const fins = segments(tb.world).filter((x) => x.from === 'client' && x.flags & F.FIN);
    expect(fins.length).toBeGreaterThanOrEqual(2);
    const acks = segments(tb.world).filter((x) => x.from === 'server' && x.t > fins[1].t && x.flags === F.ACK);
    expect(acks.length).toBeGreaterThanOrEqual(1);
    expect(tcpSocketList(tb.server).find((x) => x.state === 'TIME-WAIT')!.timer.leftUs).toBeGreaterThan(s(59));
  });

  it('a new SYN with a higher sequence number takes over a TIME-WAIT pair', () => {
    const tb = twoHosts();
    let served = 0;
    server(tb, 80, function* (c) {
      served++;
      c.close();
      return 0;
    });
    const once = () =>
      client(tb, 80, function* (c) {
        if (typeof c === 'string') return 1;
        while ((yield* c.recv()) !== null);
        c.close();
        return 0;
      }, { sport: 40000 });
    once();
    run(tb, s(1));
    expect(tcpSocketList(tb.server).map((x) => x.state)).toEqual(['LISTEN', 'TIME-WAIT']);
    once();
    run(tb, s(2));
    expect(served).toBe(2);
    expect(stateLines(tb.world, 'server').filter((l) => l.includes('TIME-WAIT → CLOSED'))).toHaveLength(1);
  });
});

describe('CLOSE-WAIT and LAST-ACK', () => {
  it('the peer’s FIN: CLOSE-WAIT (Recv-Q 1 until EOF is read), its ACK held 40 ms while the program does not close', () => {
    const tb = twoHosts();
    let sock: TcpSocket | null = null;
    server(tb, 80, function* (c) {
      c.send('bye\r\n');
      c.close();
      return 0;
    });
    client(tb, 80, function* (c) {
      if (typeof c === 'string') return 1;
      sock = c;
      return 0;
    });
    run(tb, ms(1));
    const finAt = segments(tb.world).find((x) => x.flags & F.FIN)!.t;
    expect(sock!.state).toBe('CLOSE-WAIT');
    expect(tcpSocketList(tb.client).map((x) => `${x.state} ${x.recvQ}`)).toContain('CLOSE-WAIT 6');
    expect(decodeUtf8(sock!.read()!)).toBe('bye\r\n');
    expect(tcpSocketList(tb.client).map((x) => `${x.state} ${x.recvQ}`)).toContain('CLOSE-WAIT 1');
    run(tb, ms(100));
    const ack = segments(tb.world).filter((x) => x.from === 'client').at(-1)!;
    expect(ack.text.replace(/, options \[[^\]]*\]/, '')).toBe('Flags [.], ack 7, win 229, length 0');
    // sent when the delayed-ACK timer (40 ms) ran out: the FIN had arrived 0.1 ms after it was sent
    expect(Math.round((ack.t - finAt) * 10) / 10).toBe(40.1);
    expect(sock!.read()).toBeNull();
    expect(tcpSocketList(tb.client).map((x) => `${x.state} ${x.recvQ}`)).toContain('CLOSE-WAIT 0');
    sock!.close();
    expect(sock!.state).toBe('LAST-ACK');
    expect(tcpSocketList(tb.client).map((x) => `${x.state} ${x.sendQ}`)).toContain('LAST-ACK 1');
    run(tb, ms(110));
    expect(sock!.state).toBe('CLOSED');
  });

  it('LAST-ACK retransmits its FIN when the ACK is lost, and ends at the ACK', () => {
    const tb = twoHosts();
    // the server's second pure ACK to arrive is the client's ACK of its FIN: lost
    let k = 0;
    dropIncoming(tb.server.stack as IpStack, (flags, len) => flags === F.ACK && len === 0 && ++k === 2, 1);
    let sock: TcpSocket | null = null;
    server(tb, 80, function* (c) {
      sock = c;
      while ((yield* c.recv()) !== null);
      c.close();
      return 0;
    });
    client(tb, 80, function* (c) {
      if (typeof c === 'string') return 1;
      c.shutdown();
      yield waitFor(c.readable, s(10));
      return 0;
    });
    run(tb, s(2));
    const fins = segments(tb.world).filter((x) => x.from === 'server' && x.flags & F.FIN);
    expect(fins).toHaveLength(2);
    expect(sock!.state).toBe('CLOSED');
  });
});

describe('CLOSING', () => {
  it('simultaneous close: both FINs cross, both sides CLOSING, then TIME-WAIT', () => {
    const tb = twoHosts();
    (tb.client.stack as IpStack).neigh.addPermanent('eth0', SERVER_IP, tb.server.nic('eth0')!.mac);
    (tb.server.stack as IpStack).neigh.addPermanent('eth0', CLIENT_IP, tb.client.nic('eth0')!.mac);
    const l = tcpListen(tb.server, 80, { owner: { pid: 1, comm: 's' } });
    if (typeof l === 'string') throw new Error(l);
    const c = tcpOpen(tb.client, SERVER_IP, 80, { owner: { pid: 2, comm: 'c' } });
    if (typeof c === 'string') throw new Error(c);
    run(tb, ms(5));
    const srv = l.tryAccept()!;
    c.close();
    srv.close();
    run(tb, ms(10));
    for (const node of ['client', 'server']) {
      expect(stateLines(tb.world, node).slice(-3).map((x) => x.split(' ').slice(-3).join(' '))).toEqual(['ESTABLISHED → FIN-WAIT-1', 'FIN-WAIT-1 → CLOSING', 'CLOSING → TIME-WAIT']);
    }
    expect(flow(tb.world).slice(-4)).toEqual([
      'client > server: Flags [F.], seq 1, ack 1, win 229, length 0',
      'server > client: Flags [F.], seq 1, ack 1, win 227, length 0',
      'server > client: Flags [.], ack 2, win 227, length 0',
      'client > server: Flags [.], ack 2, win 229, length 0',
    ]);
  });
});

describe('pcaps read by tshark', () => {
  const pcapOf = (tb: ReturnType<typeof twoHosts>, key: string): string => {
    const w = capturesByInterface(tb.world.trace.packets).get(key)!;
    const dir = mkdtempSync(join(tmpdir(), 'lvslab-tcp-'));
    const path = join(dir, `${key}.pcap`);
    writeFileSync(path, w.toBytes());
    return path;
  };

  it.skipIf(!tsharkAvailable())('HTTP-style exchanges (including 64 kB through a full window) show no TCP analysis warnings', () => {
    const tb = twoHosts();
    server(tb, 80, function* (c) {
      yield* c.recv();
      c.send('HTTP/1.0 200 OK\r\nContent-Length: 65536\r\n\r\n');
      c.send(new Uint8Array(65536).fill(0x61));
      c.close();
      return 0;
    });
    for (let i = 0; i < 3; i++) {
      tb.world.sim.at(tb.world.now + s(i), () =>
        client(tb, 80, function* (c) {
          if (typeof c === 'string') return 1;
          c.send('GET / HTTP/1.0\r\nHost: 192.168.150.12\r\n\r\n');
          yield* c.readAll();
          c.close();
          return 0;
        }),
      );
    }
    run(tb, s(5));
    for (const key of ['client-eth0', 'server-eth0']) {
      const r = tsharkCheck(pcapOf(tb, key));
      expect(r.errors).toEqual([]);
      expect(r.warnings).toEqual([]);
      expect(r.packets).toBeGreaterThan(60);
    }
  });

  it.skipIf(!tsharkAvailable())('with 10 % random loss, only the warnings a lossy network shows (previous segment not captured, out-of-order)', () => {
    const tb = twoHosts({ loss: 0.1, seed: 7 });
    server(tb, 80, function* (c) {
      yield* c.recv();
      c.send('HTTP/1.1 200 OK\r\nContent-Length: 30000\r\nContent-Type: text/html\r\n\r\n');
      c.send(new Uint8Array(30000).fill(0x62));
      c.close();
      return 0;
    });
    let got = 0;
    client(tb, 80, function* (c) {
      if (typeof c === 'string') return 1;
      c.send('GET / HTTP/1.0\r\n\r\n');
      got = (yield* c.readAll()).length;
      c.close();
      return 0;
    });
    run(tb, s(60));
    expect(got).toBe(30067);
    expect(tb.world.trace.states.filter((x) => x.kind === 'tcp.retransmit').length).toBeGreaterThan(0);
    for (const key of ['client-eth0', 'server-eth0']) {
      const r = tsharkCheck(pcapOf(tb, key));
      expect(r.errors).toEqual([]);
      const kinds = new Set(r.warnings.map((w) => w.replace(/^#\d+ /, '')));
      for (const k of kinds) expect(['Previous segment(s) not captured (common at capture start)', 'This frame is a (suspected) out-of-order segment', 'ACKed segment that wasn\'t captured (common at capture start)']).toContain(k);
    }
  });
});

describe('determinism and speed', () => {
  it('the same seed gives the same trace, byte for byte', () => {
    const once = () => {
      const tb = twoHosts({ seed: 42, loss: 0.05 });
      server(tb, 80, function* (c) {
        yield* c.recv();
        c.send(new Uint8Array(20000));
        c.close();
        return 0;
      });
      client(tb, 80, function* (c) {
        if (typeof c === 'string') return 1;
        c.send('GET /\r\n\r\n');
        yield* c.readAll();
        c.close();
        return 0;
      });
      run(tb, s(30));
      return JSON.stringify(tb.world.trace.packets.map((p) => [p.type, p.t, Array.from(p.frame)])) + JSON.stringify(tb.world.trace.states.map((x) => [x.t, x.node, x.text]));
    };
    const a = once();
    expect(once()).toBe(a);
  });

  it('benchTcpExchanges runs sequential exchanges without a failure', () => {
    const r = benchTcpExchanges(300);
    expect(r).toMatchObject({ exchanges: 300, failures: 0 });
    // ARP request and reply, then 10 segments per exchange: SYN, SYN-ACK, ACK, request, ACK, response, FIN, ACK, FIN, ACK
    // (the last exchange's final ACK is still to be sent when the client program ends).
    expect(r.frames).toBe(2 + 300 * 10 - 1);
  });
});
