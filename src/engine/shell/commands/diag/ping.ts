/**
 * ping (iputils s20160308, CentOS 7): ICMP echo requests every interval, one
 * line per reply or ICMP error, the statistics at the end or on Ctrl-C.
 *
 * Mirrors ping.c / ping_common.c: the id is the pid & 0xffff; the data is
 * the send time (a 16-byte struct timeval from the virtual clock) then the
 * bytes 0x10, 0x11, … (or the -p pattern); a numeric target prints numbers
 * only (F_NUMERIC), a name target the reverse-resolved name of each sender
 * (getnameinfo: the address itself when nobody knows a name, so
 * `61.135.169.125 (61.135.169.125)` as the course notes show); errors come
 * `From <router> icmp_seq=N <reason>`; `-c N` stops once N answers
 * (replies + errors) are in, else `-W`/`2·max rtt` after the last send;
 * the exit status is 0 with any reply, 1 without, 2 for a usage or
 * resolution error.
 *
 * Timing realism: the kernel does not run in zero time, so each request's
 * timestamp is taken a few tens of µs before it reaches the wire and each
 * interval timer wakes a little late (poll slack): both drawn from a PRNG
 * seeded by the world seed, host and pid, so the output is deterministic.
 */
import { formatIpv4, readIpv4, type Ipv4 } from '../../../wire/addr';
import { buildIcmp, ICMP_TYPE, type IcmpRepr } from '../../../wire/icmp';
import { IP_PROTOCOL } from '../../../wire/ipv4';
import type { IpStack } from '../../../net/ip/stack';
import { icmpListen } from '../../../net/ip/icmp';
import { Signal } from '../../../os/signal';
import { Interrupt, waitFor, type Block, type Program, type Wake } from '../../../os/task';
import { Prng } from '../../../sim/prng';
import { inetAton } from '../../../apps/dns/inet';
import { resolve, reverse } from '../../../apps/dns/resolver';
import type { CommandContext } from '../../command';
import { register } from '../../registry';
import { MININTERVAL_MS, parsePingArgs, type PingOptions } from './ping-args';
import { formatRtt, formatStatistics, icmpErrorText, type PingStats } from './ping-format';

/** sizeof(struct timeval) on x86_64. */
const TIMEVAL_LEN = 16;
const ICMP_ECHO_HEADER = 8;

type Received =
  | { kind: 'reply'; from: Ipv4; ttl: number; seq: number; id: number; data: Uint8Array; at: number }
  | { kind: 'error'; from: Ipv4; type: number; code: number; seq: number; info: number };

function* ping(ctx: CommandContext): Program {
  const parsed = parsePingArgs(ctx.argv.slice(1));
  if (parsed.stdout) ctx.out(parsed.stdout);
  if (!parsed.ok) {
    if (parsed.stderr) ctx.err(parsed.stderr);
    return parsed.status;
  }
  const o = parsed.opts;
  const stack = ctx.host.stack as IpStack | null;
  if (!stack) {
    ctx.err('ping: icmp open socket: Operation not permitted\n');
    return 2;
  }
  const target = o.targets[o.targets.length - 1];
  let dst: Ipv4;
  let hostname: string;
  let numeric = o.numeric;
  const asNumber = inetAton(target);
  if (asNumber !== undefined) {
    dst = asNumber;
    hostname = target;
    if (o.targets.length === 1) numeric = true;
  } else {
    let r;
    try {
      r = yield* resolve(ctx, target);
    } catch (e) {
      if (e instanceof Interrupt) return interrupted(ctx);
      throw e;
    }
    if (!r.ok) {
      ctx.err(`ping: ${target}: ${r.message}\n`);
      return 2;
    }
    dst = r.addresses[0];
    hostname = r.canonical;
  }

  if (o.device && !stack.iface(o.device)) {
    ctx.err('ping: SO_BINDTODEVICE: No such device\n');
    return 2;
  }
  if (o.source !== undefined && !stack.isLocalAddress(o.source)) {
    ctx.err('bind: Cannot assign requested address\n');
    return 2;
  }
  // The probe socket's connect(): a route must exist (ping.c ping4_run).
  const route = stack.routeOutput(dst, o.device);
  if (!route) {
    ctx.err('connect: Network is unreachable\n');
    return 2;
  }
  if (route.type === 'broadcast' && !o.broadcast) {
    ctx.err('Do you want to ping broadcast? Then -b\n');
    return 2;
  }
  if (route.type === 'broadcast') ctx.err('WARNING: pinging broadcast address\n');
  const dev = stack.iface(route.dev);
  const source = o.source ?? (route.prefsrc || (dev ? stack.selectSource(dev, dst) : 0));

  let head = `PING ${hostname} (${formatIpv4(dst)}) `;
  if (o.device || o.source !== undefined) head += `from ${formatIpv4(source)} ${o.device ?? ''}: `;
  ctx.out(`${head}${o.datalen}(${o.datalen + 28}) bytes of data.\n`);

  return yield* mainLoop(ctx, stack, o, dst, hostname, numeric, o.source);
}

/** Ctrl-C before the statistics exist: the terminal echoes ^C and bash ends the line. */
function interrupted(ctx: CommandContext): number {
  ctx.out('^C\n');
  return 130;
}

function seedOf(worldSeed: number, hostId: string, pid: number): number {
  let h = (worldSeed ^ 0x9e3779b9) >>> 0;
  for (let i = 0; i < hostId.length; i++) h = Math.imul(h ^ hostId.charCodeAt(i), 0x01000193) >>> 0;
  return (h ^ Math.imul(pid, 0x85ebca6b)) >>> 0;
}

function* mainLoop(ctx: CommandContext, stack: IpStack, o: PingOptions, dst: Ipv4, hostname: string, numeric: boolean, strictSource: Ipv4 | undefined): Program {
  const world = stack.world;
  const ident = ctx.pid & 0xffff;
  const jitter = new Prng(seedOf(world.seed, ctx.host.id, ctx.pid));
  const timing = o.datalen >= TIMEVAL_LEN;
  const interval = Math.max(o.intervalMs, MININTERVAL_MS) * 1000;

  // outpack: 0, 1, 2, … (the timestamp overwrites the first 16), or the -p pattern.
  const template = new Uint8Array(o.datalen);
  for (let i = 0; i < o.datalen; i++) template[i] = o.pattern && o.pattern.length ? o.pattern[i % o.pattern.length] : i & 0xff;

  const inbox: Received[] = [];
  const arrived = new Signal();
  const unlisten = icmpListen(stack, (msg, from, _to, ttl) => {
    const r = classify(msg, from, ttl, ident, dst, world.now);
    if (!r) return;
    inbox.push(r);
    arrived.notify();
  });

  const st: PingStats = { hostname, transmitted: 0, received: 0, repeats: 0, errors: 0, elapsedUs: 0, timing, tmin: Number.MAX_SAFE_INTEGER, tmax: 0, tsum: 0, tsum2: 0, pipesize: -1 };
  const seen = new Set<number>();
  const start = world.now;
  let lastSend = start;
  let nextSend = start;
  let alarmAt: number | null = o.deadline ? start + o.deadline * 1_000_000 : null;
  let exitScheduled = false;
  let wasInterrupted = false;
  let lastAddr: Ipv4 | null = null;
  let lastName = '';

  const stamp = (): string => {
    if (!o.timestamps) return '';
    const t = world.now;
    return `[${Math.trunc(t / 1e6)}.${String(t % 1e6).padStart(6, '0')}] `;
  };

  // pr_addr: the sender as numbers, or `name (numbers)`; one address remembered.
  function* prAddr(ip: Ipv4): Generator<Block, string, Wake> {
    if (numeric) return formatIpv4(ip);
    if (lastAddr === ip) return lastName;
    const name = yield* reverse(ctx, ip);
    lastAddr = ip;
    lastName = `${name ?? formatIpv4(ip)} (${formatIpv4(ip)})`;
    return lastName;
  }

  const acknowledge = (seq: number): void => {
    const diff = st.transmitted - seq;
    if (diff >= 0 && diff <= 0x7fff && diff + 1 > st.pipesize) st.pipesize = diff + 1;
  };

  const sendProbe = (): void => {
    st.transmitted++;
    const seq = st.transmitted & 0xffff;
    const data = template.slice();
    if (timing) {
      // gettimeofday() runs before sendto() and the trip down the stack.
      const t = Math.max(0, world.now - (20 + jitter.int(0, 70)));
      writeTimeval(data, t);
    }
    const err = stack.sendIp({
      proto: IP_PROTOCOL.ICMP,
      dst,
      ...(strictSource !== undefined ? { src: strictSource } : {}),
      ...(o.ttl !== undefined ? { ttl: o.ttl } : {}),
      ...(o.device ? { oif: o.device } : {}),
      payload: buildIcmp({ type: ICMP_TYPE.ECHO_REQUEST, identifier: ident, sequence: seq, data }),
    });
    if (err && !o.quiet) ctx.err(`ping: sendmsg: ${err === 'EPERM' ? 'Operation not permitted' : err === 'EHOSTUNREACH' ? 'No route to host' : 'Network is unreachable'}\n`);
  };

  try {
    for (;;) {
      while (inbox.length) {
        const r = inbox.shift()!;
        if (r.kind === 'reply') {
          st.received++;
          acknowledge(r.seq);
          let triptime = 0;
          if (timing && r.data.length >= TIMEVAL_LEN) {
            triptime = Math.max(0, r.at - readTimeval(r.data));
            st.tsum += triptime;
            st.tsum2 += triptime * triptime;
            if (triptime < st.tmin) st.tmin = triptime;
            if (triptime > st.tmax) st.tmax = triptime;
          }
          const dup = seen.has(r.seq);
          if (dup) {
            st.repeats++;
            st.received--;
          } else seen.add(r.seq);
          if (o.quiet) continue;
          const cc = r.data.length + ICMP_ECHO_HEADER;
          let line = `${stamp()}${cc} bytes from ${yield* prAddr(r.from)}: icmp_seq=${r.seq} ttl=${r.ttl}`;
          if (cc < o.datalen + ICMP_ECHO_HEADER) line += ' (truncated)';
          else {
            if (timing) line += ` time=${formatRtt(triptime)} ms`;
            if (dup) line += ' (DUP!)';
          }
          ctx.out(line + '\n');
        } else {
          st.errors++;
          acknowledge(r.seq);
          if (o.quiet) continue;
          ctx.out(`${stamp()}From ${yield* prAddr(r.from)} icmp_seq=${r.seq} ${icmpErrorText(r.type, r.code, r.info)}\n`);
        }
      }
      if (o.count && st.received + st.errors >= o.count) break;
      if (o.deadline && st.errors) break;
      const now = world.now;
      if (alarmAt !== null && now >= alarmAt) break;
      const moreToSend = !(o.count && st.transmitted >= o.count && !o.deadline);
      if (moreToSend && now >= nextSend) {
        sendProbe();
        lastSend = now;
        // The next tick: one interval after this send, plus the poll() wake-up slack.
        nextSend = now + interval + jitter.int(100, 1600);
        if (o.count && st.transmitted >= o.count && !o.deadline && !exitScheduled) {
          // __schedule_exit: wait 2·max rtt (at least an interval) for the last reply, or lingertime if none came.
          exitScheduled = true;
          const wait = st.received ? Math.max(2 * st.tmax, interval) : o.lingerMs * 1000;
          alarmAt = now + wait;
        }
        continue;
      }
      const wakes = [moreToSend ? nextSend : Infinity, alarmAt ?? Infinity];
      const wake = Math.min(...wakes);
      yield wake === Infinity ? waitFor(arrived) : waitFor(arrived, Math.max(0, wake - now));
    }
  } catch (e) {
    if (!(e instanceof Interrupt)) throw e;
    wasInterrupted = true;
  } finally {
    unlisten();
  }
  st.elapsedUs = lastSend - start;
  if (st.tmin === Number.MAX_SAFE_INTEGER) st.tmin = 0;
  // The terminal echoes ^C; finish() then starts with its newline.
  if (wasInterrupted) ctx.out('^C');
  ctx.out(formatStatistics(st));
  return !st.received || (o.deadline && st.received < o.count) ? 1 : 0;
}

/** Is this ICMP message for us: an echo reply with our id, or an error quoting our echo request to `dst`? */
function classify(msg: IcmpRepr, from: Ipv4, ttl: number, ident: number, dst: Ipv4, now: number): Received | undefined {
  if (msg.type === ICMP_TYPE.ECHO_REPLY) {
    if (msg.identifier !== ident) return undefined;
    return { kind: 'reply', from, ttl, seq: msg.sequence, id: msg.identifier, data: msg.data, at: now };
  }
  if (msg.type !== ICMP_TYPE.DEST_UNREACHABLE && msg.type !== ICMP_TYPE.TIME_EXCEEDED) return undefined;
  const q = msg.original;
  if (q.length < 20 + 8 || q[9] !== IP_PROTOCOL.ICMP) return undefined;
  const ihl = (q[0] & 0x0f) * 4;
  if (q.length < ihl + 8) return undefined;
  if (q[ihl] !== ICMP_TYPE.ECHO_REQUEST || readIpv4(q, 16) !== dst) return undefined;
  const id = (q[ihl + 4] << 8) | q[ihl + 5];
  if (id !== ident) return undefined;
  const seq = (q[ihl + 6] << 8) | q[ihl + 7];
  const info = msg.type === ICMP_TYPE.DEST_UNREACHABLE ? msg.nextHopMtu : 0;
  return { kind: 'error', from, type: msg.type, code: msg.code, seq, info };
}

/** struct timeval { long tv_sec; long tv_usec; } little-endian, from virtual µs. */
function writeTimeval(buf: Uint8Array, us: number): void {
  const sec = Math.trunc(us / 1e6);
  const usec = us - sec * 1e6;
  const dv = new DataView(buf.buffer, buf.byteOffset, TIMEVAL_LEN);
  dv.setUint32(0, sec >>> 0, true);
  dv.setUint32(4, Math.trunc(sec / 2 ** 32), true);
  dv.setUint32(8, usec >>> 0, true);
  dv.setUint32(12, 0, true);
}

function readTimeval(buf: Uint8Array): number {
  const dv = new DataView(buf.buffer, buf.byteOffset, TIMEVAL_LEN);
  const sec = dv.getUint32(0, true) + dv.getUint32(4, true) * 2 ** 32;
  return sec * 1e6 + dv.getUint32(8, true);
}

register('ping', { run: ping, pkg: 'iputils', summary: 'send ICMP ECHO_REQUEST to network hosts' });
