/**
 * ipvsadm 1.27 (CentOS 7's `ipvsadm` package): main(), process_options()'s
 * dispatch and restore_table(), talking to the host's IPVS (lvs/ipvs.ts) as
 * libipvs talks to the kernel. Exit statuses as the real one: 2 for option
 * errors (fail), 255 for kernel errors (the -1 of libipvs) and popt errors,
 * 1 for a listing that cannot read its service, 0 otherwise.
 */
import { formatIpv4, type Ipv4 } from '../../../wire/addr';
import { resolve, reverse } from '../../../apps/dns/resolver';
import { ipvsOf, type Ipvs } from '../../../lvs';
import type { IpvsError, ServiceKey, ServiceSpec } from '../../../lvs/ipvs';
import type { Block, Program, Wake } from '../../../os/task';
import type { CommandContext } from '../../command';
import { register } from '../../registry';
import { daemonLines, listAll, listConn, listService, timeoutLine, type Namer } from './format';
import { CMD, FMT, OPTC } from './options';
import { hasOption, IpvsadmExit, IPPROTO, parseCommand, SVC_F, tryhelp, type CommandEntry, type ParseEnv } from './parse';
import { configStreamLines, saveRules } from './save';
import { getservbyname, getservbyport, servicesOf, type ServEnt } from './services-db';

type Gen<T> = Generator<Block, T, Wake>;

/** What one invocation works with. */
interface Run {
  ctx: CommandContext;
  ipvs: Ipvs;
  env: ParseEnv;
  namer: Namer;
}

function* ipvsadm(ctx: CommandContext): Program {
  // ipvs_init(): the first call loads the ip_vs module.
  const ipvs = ipvsOf(ctx.host);
  const run: Run = { ctx, ipvs, env: parseEnv(ctx), namer: namer(ctx) };
  try {
    // No argument at all: list the table, names resolved.
    if (ctx.argv.length === 1) {
      yield* listAll(ipvs, FMT.NONE, run.namer, (t) => ctx.out(t));
      return 0;
    }
    const result = yield* processOptions(run, ctx.argv, false);
    return result & 0xff;
  } catch (e) {
    if (!(e instanceof IpvsadmExit)) throw e;
    if (e.stdout) ctx.out(e.stdout);
    if (e.stderr) ctx.err(e.stderr);
    return e.status;
  }
}

/** process_options(): 0, or -1 after a popt or kernel error (printed). */
function* processOptions(run: Run, argv: readonly string[], readingStdin: boolean): Gen<number> {
  const { ctx, ipvs, namer } = run;
  const out = (t: string) => ctx.out(t);
  const parsed = yield* parseCommand(argv, { ...run.env, program: argv[0] });
  if (!parsed.ok) {
    ctx.err(parsed.stderr);
    return -1;
  }
  const ce = parsed.ce;
  switch (ce.cmd) {
    case CMD.LIST: {
      const o = ce.options;
      const has = (c: (typeof OPTC)[keyof typeof OPTC]) => hasOption(o, c);
      if (((has(OPTC.CONNECTION) || has(OPTC.TIMEOUT) || has(OPTC.DAEMON)) && (has(OPTC.STATS) || has(OPTC.RATE) || has(OPTC.THRESHOLDS))) || ((has(OPTC.TIMEOUT) || has(OPTC.DAEMON)) && has(OPTC.PERSISTENTCONN)))
        throw new IpvsadmExit(2, 'options conflicts in the list command\n');
      if (has(OPTC.CONNECTION)) yield* listConn(ipvs, ce.format, namer, out);
      else if (has(OPTC.SERVICE)) {
        const se = ce.svc.af === 6 ? undefined : ipvs.findService(keyOf(ce));
        if (!se) throw new IpvsadmExit(1, `${ce.svc.af === 6 ? EAFNOSUPPORT : 'No such service'}\n`);
        yield* listService(se, ce.format, namer, out);
      } else if (has(OPTC.TIMEOUT)) out(timeoutLine(ipvs));
      else if (has(OPTC.DAEMON)) out(daemonLines(ipvs));
      else yield* listAll(ipvs, ce.format, namer, out);
      return 0;
    }
    case CMD.RESTORE:
      return yield* restoreTable(run, argv, readingStdin);
    case CMD.SAVE:
      yield* saveRules(ipvs, ce.format, namer, out);
      return 0;
  }
  const err = kernel(ipvs, ce);
  if (err) {
    ctx.err(`${err}\n`);
    return -1;
  }
  return 0;
}

/** restore_table(): every line of standard input as one ipvsadm command; the last line's result is the status. */
function* restoreTable(run: Run, argv: readonly string[], readingStdin: boolean): Gen<number> {
  // avoid infinite loop
  if (readingStdin) throw tryhelp(argv[0]);
  const text = yield* run.ctx.stdin.readAll();
  let result = 0;
  for (const line of configStreamLines(text, argv[0])) {
    if (line.length > 1) result = yield* processOptions(run, line, true);
  }
  return result;
}

/** The address family the simulated kernel lacks (CONFIG_IP_VS_IPV6 is not modelled). */
const EAFNOSUPPORT = 'Address family not supported by protocol';

const keyOf = (ce: CommandEntry): ServiceKey =>
  ce.svc.fwmark ? { protocol: 'FWM', fwmark: ce.svc.fwmark } : { protocol: ce.svc.protocol === IPPROTO.UDP ? 'UDP' : 'TCP', addr: ce.svc.addr, port: ce.svc.port };

/** The set-commands: what libipvs sends and the kernel answers (null on success). */
function kernel(ipvs: Ipvs, ce: CommandEntry): IpvsError | typeof EAFNOSUPPORT | null {
  const svc = ce.svc;
  switch (ce.cmd) {
    case CMD.FLUSH:
      ipvs.clear();
      return null;
    case CMD.TIMEOUT:
      ipvs.setTimeouts(ce.timeout.tcp, ce.timeout.tcpfin, ce.timeout.udp);
      return null;
    case CMD.STARTDAEMON:
      return ipvs.startDaemon(ce.daemon.state!, { mcastIfn: ce.daemon.mcastIfn, syncid: ce.daemon.syncid });
    case CMD.STOPDAEMON:
      return ipvs.stopDaemon(ce.daemon.state!);
    case CMD.ZERO:
      // "if no service address is set, zero counters in all"
      if (!svc.fwmark && !svc.addr && !svc.port && svc.af === 4) return ipvs.zero();
      break;
  }
  if (svc.af === 6 || ce.dest.af === 6) return EAFNOSUPPORT;
  const key = keyOf(ce);
  const spec = (): ServiceSpec => ({
    key,
    scheduler: svc.schedName,
    persistent: (svc.flags & SVC_F.PERSISTENT) !== 0,
    timeout: svc.timeout,
    netmask: svc.netmask,
    schedFlags: { fallback: (svc.flags & SVC_F.SCHED1) !== 0, port: (svc.flags & SVC_F.SCHED2) !== 0 },
    ops: (svc.flags & SVC_F.ONEPACKET) !== 0,
  });
  const dest = { addr: ce.dest.addr, port: ce.dest.port, fwd: ce.dest.fwd, weight: ce.dest.weight, uThreshold: ce.dest.uThreshold, lThreshold: ce.dest.lThreshold };
  switch (ce.cmd) {
    case CMD.ADD:
      // No persistence engine (--pe) is modelled: the lookup of any name fails as for an unknown module.
      if (svc.pe) return ipvs.findService(key) ? 'Service already exists' : 'Scheduler or persistence engine not found';
      return ipvs.addService(spec());
    case CMD.EDIT:
      if (svc.pe) return ipvs.findService(key) ? 'Scheduler or persistence engine not found' : 'No such service';
      return ipvs.editService(spec());
    case CMD.DEL:
      return ipvs.delService(key);
    case CMD.ZERO:
      return ipvs.zero(key);
    case CMD.ADDDEST:
      return ipvs.addDest(key, dest);
    case CMD.EDITDEST:
      return ipvs.editDest(key, dest);
    case CMD.DELDEST:
      return ipvs.delDest(key, dest.addr, dest.port);
  }
  return null;
}

/** gethostbyname / getservbyname for the parser. */
function parseEnv(ctx: CommandContext): ParseEnv {
  let db: ServEnt[] | null = null;
  return {
    program: ctx.argv[0],
    *gethostbyname(name: string): Gen<Ipv4 | undefined> {
      const r = yield* resolve(ctx, name);
      return r.ok ? r.addresses[0] : undefined;
    },
    getservbyname(name, proto) {
      db ??= servicesOf(ctx.host);
      return getservbyname(db, name, proto);
    },
  };
}

/** addrport_to_anyname(): numeric with -n, else gethostbyaddr (hosts, DNS, myhostname) and getservbyport. */
function namer(ctx: CommandContext): Namer {
  let db: ServEnt[] | null = null;
  return {
    *addrport(addr, port, proto, format) {
      if (format & FMT.NUMERIC) return `${formatIpv4(addr)}:${port}`;
      const host = (yield* reverse(ctx, addr)) ?? formatIpv4(addr);
      db ??= servicesOf(ctx.host);
      const p = proto === IPPROTO.TCP ? 'tcp' : proto === IPPROTO.UDP ? 'udp' : null;
      const name = p ? getservbyport(db, port, p) : undefined;
      return `${host}:${name ?? port}`;
    },
  };
}

register('ipvsadm', { run: ipvsadm, pkg: 'ipvsadm', summary: 'Linux Virtual Server administration' });

/** ipvsadm-save / ipvsadm-restore: the package's wrapper scripts (`ipvsadm -S "$@"`, `ipvsadm -R "$@"`). */
const wrapper = (command: string) =>
  function* (ctx: CommandContext): Program {
    return yield* ipvsadm({ ...ctx, argv: ['ipvsadm', command, ...ctx.argv.slice(1)] });
  };
register('ipvsadm-save', { run: wrapper('-S'), pkg: 'ipvsadm', summary: 'save the IPVS table as ipvsadm commands' });
register('ipvsadm-restore', { run: wrapper('-R'), pkg: 'ipvsadm', summary: 'restore the IPVS table from standard input' });
