import { describe, expect, it } from 'vitest';
import { blockOf, transcript } from '../../src/test-support/transcript';

/**
 * Lab L7 (LABS.md; notes 000, 002): the schedulers preset — a DR director,
 * real servers node02..node05 with weights 4, 3, 2, 1 added in that order (so
 * the kernel's list, which breaks every tie, is node05, node04, node03,
 * node02), and three clients. Each scheduler is switched in with
 * `ipvsadm -E`; then, three times one second apart, the three clients curl
 * the VIP at the same instant. Each scheduler's round starts 200 s after the
 * previous one, when the old connections (FIN_WAIT, 120 s) have expired.
 *
 * Counting follows LINUX-BEHAVIOUR.md §1.3: an entry in SYN_RECV or
 * ESTABLISHED is active, FIN_WAIT inactive; overhead = active × 256 + inactive.
 */
const VIP = '192.168.150.100';
const SCHEDULERS = ['wrr', 'rr', 'lc', 'wlc', 'sed', 'nq', 'dh', 'sh', 'lblc', 'lblcr'] as const;
const CLIENTS = ['client1', 'client2', 'client3'];
const start = (i: number) => 1 + i * 200;

const script = SCHEDULERS.flatMap((s, i) => [
  `${start(i)} node01 ipvsadm -E -t ${VIP}:80 -s ${s}`,
  `${start(i)} node01 ipvsadm -Ln`,
  ...[1, 2, 3].flatMap((k) => CLIENTS.map((c) => `${start(i) + k} ${c} curl -s ${VIP}`)),
  `${start(i) + 4} node01 ipvsadm -Lnc`,
]).join('\n');

describe('lab L7: each scheduler, switched with ipvsadm -E, and where the kernel sends each connection', () => {
  const { text } = transcript('schedulers', script);
  /** The servers that answered in scheduler i's round: three rounds of client1, client2, client3. */
  const round = (i: number) =>
    [1, 2, 3].map((k) => CLIENTS.map((c) => text.split('\n')[text.split('\n').indexOf(`[${start(i) + k}.000] ${c}$ curl -s ${VIP}`) + 1].replace(/^from (node\d\d) .*$/, '$1')));
  const expectRound = (s: (typeof SCHEDULERS)[number], want: string[][]) => expect(round(SCHEDULERS.indexOf(s))).toEqual(want);

  it('ipvsadm -E changes only the scheduler; the weights stay 4, 3, 2, 1', () => {
    for (const [i, s] of SCHEDULERS.entries()) {
      const block = text.split(`[${start(i)}.000] node01$ ipvsadm -Ln\n`)[1].split('\n[')[0];
      expect(block.split('\n').slice(3, 8)).toEqual([
        `TCP  ${VIP}:80 ${s}`,
        '  -> 192.168.150.12:80            Route   4      0          0         ',
        '  -> 192.168.150.13:80            Route   3      0          0         ',
        '  -> 192.168.150.14:80            Route   2      0          0         ',
        '  -> 192.168.150.15:80            Route   1      0          0         ',
      ]);
    }
  });

  it('the connection table agrees with the pages: nine entries, closing (FIN_WAIT)', () => {
    const rows = blockOf(text, 'node01$ ipvsadm -Lnc').trim().split('\n').slice(2);
    expect(rows).toHaveLength(9);
    expect(rows.every((r) => /^TCP 01:5\d  FIN_WAIT    192\.168\.150\.\d:\d+ 192\.168\.150\.100:80 192\.168\.150\.1[2-5]:80$/.test(r))).toBe(true);
  });

  it('rr: one after another in list order, weights ignored', () => {
    expectRound('rr', [
      ['node05', 'node04', 'node03'],
      ['node02', 'node05', 'node04'],
      ['node03', 'node02', 'node05'],
    ]);
  });

  it('wrr: a first pass over every server (current weight starts at 0), then weight ≥ 4, ≥ 3, ≥ 2 ...', () => {
    expectRound('wrr', [
      ['node05', 'node04', 'node03'],
      ['node02', 'node02', 'node03'],
      ['node02', 'node04', 'node03'],
    ]);
  });

  it('lc: fewest connections (overhead), the first in list order on a tie; a half-open connection already counts', () => {
    expectRound('lc', [
      ['node05', 'node04', 'node03'],
      ['node02', 'node05', 'node04'],
      ['node03', 'node02', 'node05'],
    ]);
  });

  it('wlc: overhead / weight; node02 (weight 4) gets more once every server has closed connections', () => {
    expectRound('wlc', [
      ['node05', 'node04', 'node03'],
      ['node02', 'node03', 'node04'],
      ['node02', 'node03', 'node05'],
    ]);
  });

  it('sed: (active + 1) / weight — closed connections do not count, so the heavy servers always win', () => {
    expectRound('sed', [
      ['node02', 'node03', 'node04'],
      ['node02', 'node03', 'node04'],
      ['node02', 'node03', 'node04'],
    ]);
  });

  it('nq: an idle server first (no active connection), in list order', () => {
    expectRound('nq', [
      ['node05', 'node04', 'node03'],
      ['node05', 'node04', 'node03'],
      ['node05', 'node04', 'node03'],
    ]);
  });

  it('dh: a hash of the destination — every client goes to the one server the VIP hashes to', () => {
    expectRound('dh', [
      ['node05', 'node05', 'node05'],
      ['node05', 'node05', 'node05'],
      ['node05', 'node05', 'node05'],
    ]);
  });

  it('sh: a hash of the source over weighted buckets — each client sticks to its server (here all three hash to node02)', () => {
    expectRound('sh', [
      ['node02', 'node02', 'node02'],
      ['node02', 'node02', 'node02'],
      ['node02', 'node02', 'node02'],
    ]);
  });

  it('lblc: the VIP keeps its server until that one has more active connections than its weight while another is half idle', () => {
    expectRound('lblc', [
      ['node05', 'node05', 'node04'],
      ['node04', 'node04', 'node04'],
      ['node04', 'node04', 'node04'],
    ]);
  });

  it('lblcr: the VIP gets a set of servers that grows when its least loaded member is overloaded', () => {
    expectRound('lblcr', [
      ['node05', 'node05', 'node04'],
      ['node04', 'node05', 'node04'],
      ['node04', 'node05', 'node04'],
    ]);
  });
});

describe('lab L7: lc counts connections without a handshake — it peeks at SYN and FIN', () => {
  const { text } = transcript(
    'schedulers',
    [
      `1 node01 ipvsadm -E -t ${VIP}:80 -s lc`,
      `2 client1 exec 8<> /dev/tcp/${VIP}/80`,
      '3 node01 ipvsadm -Ln',
      `3 client2 curl -s ${VIP}`,
      `4 client3 curl -s ${VIP}`,
      '5 node01 ipvsadm -Ln',
      '6 client1 exec 8<& -',
      '7 node01 ipvsadm -Ln',
      '7 node01 ipvsadm -Lnc',
    ].join('\n'),
  );
  const rows = (t: number) => text.split(`[${t}.000] node01$ ipvsadm -Ln\n`)[1].split('\n').slice(4, 8);

  it("SYN (+1): client1's open connection makes node05 active; the next curls avoid it", () => {
    expect(rows(3)).toEqual([
      '  -> 192.168.150.12:80            Route   4      0          0         ',
      '  -> 192.168.150.13:80            Route   3      0          0         ',
      '  -> 192.168.150.14:80            Route   2      0          0         ',
      '  -> 192.168.150.15:80            Route   1      1          0         ',
    ]);
    expect(text).toContain(`[3.000] client2$ curl -s ${VIP}\nfrom node04 (192.168.150.14)\n`);
    expect(text).toContain(`[4.000] client3$ curl -s ${VIP}\nfrom node03 (192.168.150.13)\n`);
    expect(rows(5)).toEqual([
      '  -> 192.168.150.12:80            Route   4      0          0         ',
      '  -> 192.168.150.13:80            Route   3      0          1         ',
      '  -> 192.168.150.14:80            Route   2      0          1         ',
      '  -> 192.168.150.15:80            Route   1      1          0         ',
    ]);
  });

  it('FIN (−1): when client1 closes, node05 moves from ActiveConn to InActConn', () => {
    expect(rows(7)[3]).toBe('  -> 192.168.150.15:80            Route   1      0          1         ');
    expect(blockOf(text, 'node01$ ipvsadm -Lnc')).toMatch(/^TCP 01:59  FIN_WAIT    192\.168\.150\.1:\d+ 192\.168\.150\.100:80 192\.168\.150\.15:80$/m);
  });
});
