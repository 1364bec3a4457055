/**
 * virtual_server / real_server / checkers (keepalived/check/check_parser.c,
 * check_api.c install_checker_common_keywords, check_http.c, check_tcp.c).
 */
import { parseIpv4 } from '../../wire/addr';
import { ignored, type Keyword, type ParseCtx, type RootKeyword } from './keyword';
import type { CheckerCommon, CheckerConf, LbKind, RealServerConf, VirtualServerConf } from './types';
import { readBool, readInt, readMask, readPort, readSecondsUs, readUnsigned } from './values';

/** IPVS_SVC_PERSISTENT_TIMEOUT (libipvs.h). */
export const IPVS_SVC_PERSISTENT_TIMEOUT = 360;
/** KEEPALIVED_DEFAULT_DELAY. */
const DEFAULT_DELAY_LOOP = 60_000_000;
const LVS_MAX_TIMEOUT = 86400 * 31;
const IPVS_WEIGHT_MAX = 2147483647;

function newVs(): VirtualServerConf {
  return {
    addr: 0,
    port: 0,
    fwmark: 0,
    group: null,
    delayLoop: DEFAULT_DELAY_LOOP,
    sched: '',
    fwd: null,
    persistenceTimeout: 0,
    persistenceGranularity: null,
    protocol: null,
    natMask: null,
    haSuspend: false,
    ops: false,
    virtualhost: null,
    alpha: false,
    omega: false,
    quorum: 1,
    hysteresis: 0,
    inhibit: false,
    connectTimeout: 5_000_000,
    retry: null,
    delayBeforeRetry: null,
    warmup: null,
    weight: 1,
    sorryServer: null,
    realServers: [],
  };
}

function newCommon(): CheckerCommon {
  return { connectIp: null, connectPort: null, bindTo: null, connectTimeout: null, retry: null, delayBeforeRetry: null, delayLoop: null, warmup: null, alpha: null, logAllFailures: false };
}

const vs = (c: ParseCtx) => c.vs!;
const rs = (c: ParseCtx) => c.rs!;
const chk = (c: ParseCtx) => c.checker!;

function lbKind(ctx: ParseCtx, s: string): LbKind | null {
  if (s === 'NAT' || s === 'DR' || s === 'TUN') return s;
  ctx.log(`PARSER : unknown [${s}] routing method.`);
  return null;
}

function vsHandler(ctx: ParseCtx, w: string[]): void {
  const v = newVs();
  const a = ctx.arg(w, 1);
  if (a === 'group') v.group = ctx.arg(w, 2);
  else if (a === 'fwmark') {
    const m = readUnsigned(ctx.arg(w, 2), 1, 4294967295);
    if (m === undefined) {
      ctx.log(`virtual server fwmark '${w[2]}' must be in [1, 4294967295] - skipping`);
      return ctx.skipBlock();
    }
    v.fwmark = m;
  } else {
    const ip = parseIpv4(a);
    if (ip === undefined) {
      ctx.log(`Invalid virtual server IP address ${a} - skipping`);
      return ctx.skipBlock();
    }
    const port = w[2] === undefined ? 0 : readPort(w[2]);
    if (port === undefined) {
      ctx.log(`Invalid virtual server port ${w[2]} - skipping`);
      return ctx.skipBlock();
    }
    v.addr = ip;
    v.port = port;
  }
  ctx.vs = v;
  ctx.conf.virtualServers.push(v);
}

/** The keywords a checker block shares (install_checker_common_keywords). */
function commonKeywords(): Keyword[] {
  const secs = (name: string, field: 'connectTimeout' | 'delayBeforeRetry' | 'delayLoop' | 'warmup', min = 0): Keyword => ({
    name,
    handler: (c, w) => {
      const us = readSecondsUs(c.arg(w, 1), min, LVS_MAX_TIMEOUT * 1_000_000);
      if (us === undefined) c.log(`${name} '${w[1]}' is invalid - ignoring`);
      else chk(c)[field] = us;
    },
  });
  return [
    {
      name: 'connect_ip',
      handler: (c, w) => {
        const ip = parseIpv4(c.arg(w, 1));
        if (ip === undefined) c.log(`Invalid connect_ip address ${w[1]} - ignoring`);
        else chk(c).connectIp = ip;
      },
    },
    {
      name: 'connect_port',
      handler: (c, w) => {
        const p = readPort(c.arg(w, 1));
        if (p === undefined) c.log(`Invalid checker connect_port '${w[1]}'`);
        else chk(c).connectPort = p;
      },
    },
    {
      name: 'bindto',
      handler: (c, w) => {
        const ip = parseIpv4(c.arg(w, 1));
        if (ip === undefined) c.log(`Invalid bindto address ${w[1]} - ignoring`);
        else chk(c).bindTo = ip;
      },
    },
    secs('connect_timeout', 'connectTimeout', 1000),
    secs('delay_before_retry', 'delayBeforeRetry'),
    secs('delay_loop', 'delayLoop', 1_000_000),
    secs('warmup', 'warmup'),
    {
      name: 'retry',
      handler: (c, w) => {
        const n = readUnsigned(c.arg(w, 1), 0, 4294967295);
        if (n === undefined) c.log(`Invalid retry value '${w[1]}'`);
        else chk(c).retry = n;
      },
    },
    { name: 'alpha', handler: (c, w) => (chk(c).alpha = w.length < 2 ? true : (readBool(w[1]) ?? true)) },
    { name: 'log_all_failures', handler: (c) => (chk(c).logAllFailures = true) },
    ...ignored('bind_port', 'bind_if', 'fwmark'),
  ];
}

function queueChecker(ctx: ParseCtx, c: CheckerConf): void {
  ctx.checker = c;
  rs(ctx).checkers.push(c);
}

function dequeueChecker(ctx: ParseCtx): void {
  const list = rs(ctx).checkers;
  const i = list.indexOf(ctx.checker!);
  if (i >= 0) list.splice(i, 1);
}

const URL: Keyword[] = [
  { name: 'path', handler: (c, w) => (c.url!.path = c.arg(w, 1)) },
  {
    name: 'digest',
    handler: (c, w) => {
      const d = c.arg(w, 1);
      if (c.url!.digest) c.log(`Digest '${d}' is a duplicate`);
      else if (d.length !== 32) c.log(`digest '${d}' character length should be 32 rather than ${d.length}`);
      else if (!/^[0-9a-fA-F]+$/.test(d)) c.log(`Unable to interpret hex digit in '${d}'`);
      else c.url!.digest = d.toLowerCase();
    },
  },
  {
    name: 'status_code',
    handler: (c, w) => {
      for (const s of w.slice(1)) {
        const m = /^(\d+)(?:-(\d+))?$/.exec(s);
        const min = m ? Number(m[1]) : NaN;
        const max = m ? Number(m[2] ?? m[1]) : NaN;
        if (!m || min < 100 || min > 599 || max < 100 || max > 599 || min > max) {
          c.log(`Invalid HTTP_GET status code '${s}'`);
          continue;
        }
        for (let x = min; x <= max; x++) c.url!.statusCodes.add(x);
      }
    },
  },
  { name: 'virtualhost', handler: (c, w) => (w.length < 2 ? c.log('Missing HTTP_GET virtualhost name') : (c.url!.virtualhost = w[1])) },
  ...ignored('regex', 'regex_no_match', 'regex_options', 'regex_min_offset', 'regex_max_offset', 'regex_stack'),
];

/** url_check: a url without path is dropped; no status_code means 200-299. */
function urlClose(ctx: ParseCtx): void {
  const c = chk(ctx);
  const u = ctx.url!;
  ctx.url = null;
  if (c.kind !== 'HTTP_GET' && c.kind !== 'SSL_GET') return;
  if (!u.path) {
    ctx.log('HTTP/SSL_GET checker url has no path - ignoring');
    c.urls.splice(c.urls.indexOf(u), 1);
    return;
  }
  if (u.statusCodes.size === 0) for (let x = 200; x <= 299; x++) u.statusCodes.add(x);
}

function httpKeywords(): Keyword[] {
  const http = (c: ParseCtx) => {
    const k = chk(c);
    if (k.kind !== 'HTTP_GET' && k.kind !== 'SSL_GET') throw new Error('not an HTTP checker');
    return k;
  };
  return [
    ...commonKeywords(),
    {
      name: 'nb_get_retry',
      handler: (c, w) => {
        c.log("nb_get_retry is deprecated - please use 'retry'");
        const n = readUnsigned(c.arg(w, 1), 0, 4294967295);
        if (n === undefined) c.log(`Invalid nb_get_retry value '${w[1]}'`);
        else chk(c).retry = n;
      },
    },
    { name: 'virtualhost', handler: (c, w) => (w.length < 2 ? c.log('HTTP_GET virtualhost name missing') : (http(c).virtualhost = w[1])) },
    {
      name: 'http_protocol',
      handler: (c, w) => {
        const p = w[1];
        if (p === undefined) c.log('Missing http_protocol version');
        else if (p === '1.0' || p === '1.1') http(c).httpProtocol = p;
        else if (p === '1.0C' || p === '1.0c') http(c).httpProtocol = '1.0C';
        else c.log(`Invalid http_protocol version ${p}`);
      },
    },
    { name: 'fast_recovery', handler: (c) => (http(c).fastRecovery = true) },
    ...ignored('enable_sni'),
    {
      name: 'url',
      handler: (c) => {
        c.url = { path: null, digest: null, statusCodes: new Set(), virtualhost: null };
        http(c).urls.push(c.url);
      },
      sub: URL,
      close: urlClose,
    },
  ];
}

function checkConnOpts(ctx: ParseCtx): boolean {
  void ctx;
  return true;
}

const CHECKERS: Keyword[] = [
  {
    name: 'HTTP_GET',
    handler: (c, w) => queueChecker(c, { ...newCommon(), kind: w[0] as 'HTTP_GET', urls: [], virtualhost: null, httpProtocol: '1.0', fastRecovery: false }),
    sub: httpKeywords(),
    close: (c) => {
      const k = chk(c);
      if (k.kind === 'HTTP_GET' && k.urls.length === 0) {
        c.log('HTTP/SSL_GET checker has no urls specified - ignoring');
        dequeueChecker(c);
      } else if (!checkConnOpts(c)) dequeueChecker(c);
      c.checker = null;
    },
  },
  {
    name: 'SSL_GET',
    handler: (c) => queueChecker(c, { ...newCommon(), kind: 'SSL_GET', urls: [], virtualhost: null, httpProtocol: '1.0', fastRecovery: false }),
    sub: httpKeywords(),
    close: (c) => {
      const k = chk(c);
      if (k.kind === 'SSL_GET' && k.urls.length === 0) {
        c.log('HTTP/SSL_GET checker has no urls specified - ignoring');
        dequeueChecker(c);
      }
      c.checker = null;
    },
  },
  { name: 'TCP_CHECK', handler: (c) => queueChecker(c, { ...newCommon(), kind: 'TCP_CHECK' }), sub: commonKeywords(), close: (c) => (c.checker = null) },
  {
    name: 'MISC_CHECK',
    handler: (c) => queueChecker(c, { ...newCommon(), kind: 'MISC_CHECK', miscPath: null, miscTimeout: null }),
    sub: [
      ...commonKeywords(),
      { name: 'misc_path', handler: (c, w) => (chk(c).kind === 'MISC_CHECK' ? ((chk(c) as { miscPath: string | null }).miscPath = c.arg(w, 1)) : undefined) },
      { name: 'misc_timeout', handler: (c, w) => (chk(c).kind === 'MISC_CHECK' ? ((chk(c) as { miscTimeout: number | null }).miscTimeout = Number(c.arg(w, 1)) * 1_000_000) : undefined) },
      ...ignored('misc_dynamic', 'user'),
    ],
    close: (c) => (c.checker = null),
  },
  ...(['SMTP_CHECK', 'DNS_CHECK', 'UDP_CHECK', 'PING_CHECK', 'FILE_CHECK', 'BFD_CHECK'] as const).map(
    (kind): Keyword => ({
      name: kind,
      handler: (c) => queueChecker(c, { ...newCommon(), kind }),
      sub: [...commonKeywords(), ...ignored('host', 'helo_name', 'type', 'name', 'payload', 'require_reply', 'file', 'weight', 'track_file', 'reverse')],
      close: (c) => (c.checker = null),
    }),
  ),
];

function rsHandler(ctx: ParseCtx, w: string[]): void {
  const ip = parseIpv4(ctx.arg(w, 1));
  const port = w[2] === undefined ? 0 : readPort(w[2]);
  if (ip === undefined || port === undefined) {
    ctx.log(`Invalid real server ip address/port ${w[1]}/${w[2] ?? ''} - skipping`);
    ctx.rs = null;
    return ctx.skipBlock();
  }
  const r: RealServerConf = {
    addr: ip,
    port,
    weight: null,
    inhibit: null,
    fwd: null,
    uThreshold: 0,
    lThreshold: 0,
    notifyUp: null,
    notifyDown: null,
    connectTimeout: null,
    retry: null,
    delayBeforeRetry: null,
    delayLoop: null,
    warmup: null,
    alpha: null,
    checkers: [],
  };
  ctx.rs = r;
  vs(ctx).realServers.push(r);
}

const REAL_SERVER: Keyword[] = [
  {
    name: 'weight',
    handler: (c, w) => {
      const n = readInt(c.arg(w, 1), 0, IPVS_WEIGHT_MAX);
      if (n === undefined) c.log(`Real server weight ${w[1]} is outside range 0-${IPVS_WEIGHT_MAX}`);
      else rs(c).weight = n;
    },
  },
  { name: 'inhibit_on_failure', handler: (c, w) => (rs(c).inhibit = w.length < 2 ? true : (readBool(w[1]) ?? true)) },
  { name: 'notify_up', handler: (c, w) => (rs(c).notifyUp = c.arg(w, 1)) },
  { name: 'notify_down', handler: (c, w) => (rs(c).notifyDown = c.arg(w, 1)) },
  { name: 'uthreshold', handler: (c, w) => (rs(c).uThreshold = readUnsigned(c.arg(w, 1), 0, 2147483647) ?? 0) },
  { name: 'lthreshold', handler: (c, w) => (rs(c).lThreshold = readUnsigned(c.arg(w, 1), 0, 2147483647) ?? 0) },
  { name: 'lvs_method', handler: (c, w) => (rs(c).fwd = lbKind(c, c.arg(w, 1)) ?? rs(c).fwd) },
  { name: 'connect_timeout', handler: (c, w) => (rs(c).connectTimeout = readSecondsUs(c.arg(w, 1), 1000, LVS_MAX_TIMEOUT * 1_000_000) ?? rs(c).connectTimeout) },
  { name: 'retry', handler: (c, w) => (rs(c).retry = readUnsigned(c.arg(w, 1), 0, 4294967295) ?? rs(c).retry) },
  { name: 'delay_before_retry', handler: (c, w) => (rs(c).delayBeforeRetry = readSecondsUs(c.arg(w, 1), 0, LVS_MAX_TIMEOUT * 1_000_000) ?? rs(c).delayBeforeRetry) },
  { name: 'delay_loop', handler: (c, w) => (rs(c).delayLoop = readSecondsUs(c.arg(w, 1), 1_000_000, LVS_MAX_TIMEOUT * 1_000_000) ?? rs(c).delayLoop) },
  { name: 'warmup', handler: (c, w) => (rs(c).warmup = readSecondsUs(c.arg(w, 1), 0, LVS_MAX_TIMEOUT * 1_000_000) ?? rs(c).warmup) },
  { name: 'alpha', handler: (c, w) => (rs(c).alpha = w.length < 2 ? true : (readBool(w[1]) ?? true)) },
  ...ignored('smtp_alert', 'virtualhost', 'tunnel_type', 'notify_down_restart'),
  ...CHECKERS,
];

const VIRTUAL_SERVER: Keyword[] = [
  {
    name: 'delay_loop',
    handler: (c, w) => {
      const us = readSecondsUs(c.arg(w, 1), 1_000_000, LVS_MAX_TIMEOUT * 1_000_000);
      if (us === undefined) c.log(`virtual server delay loop '${w[1]}' invalid - ignoring`);
      else vs(c).delayLoop = us;
    },
  },
  { name: 'lb_algo', handler: lbAlgo },
  { name: 'lvs_sched', handler: lbAlgo },
  { name: 'lb_kind', handler: (c, w) => (vs(c).fwd = lbKind(c, c.arg(w, 1)) ?? vs(c).fwd) },
  { name: 'lvs_method', handler: (c, w) => (vs(c).fwd = lbKind(c, c.arg(w, 1)) ?? vs(c).fwd) },
  {
    name: 'nat_mask',
    handler: (c, w) => {
      const m = readMask(c.arg(w, 1));
      if (m === undefined) c.log(`Invalid nat_mask ${w[1]} - ignoring`);
      else vs(c).natMask = m;
    },
  },
  {
    name: 'persistence_timeout',
    handler: (c, w) => {
      if (w.length < 2) {
        vs(c).persistenceTimeout = IPVS_SVC_PERSISTENT_TIMEOUT;
        return;
      }
      const n = readUnsigned(w[1], 0, LVS_MAX_TIMEOUT);
      if (n === undefined) c.log('persistence_timeout invalid');
      else vs(c).persistenceTimeout = n;
    },
  },
  {
    name: 'persistence_granularity',
    handler: (c, w) => {
      const m = readMask(c.arg(w, 1));
      if (m === undefined) c.log(`Invalid persistence_granularity ${w[1]} - ignoring`);
      else vs(c).persistenceGranularity = m;
    },
  },
  {
    name: 'protocol',
    handler: (c, w) => {
      const p = c.arg(w, 1);
      if (p === 'TCP' || p === 'UDP' || p === 'SCTP') vs(c).protocol = p;
      else c.log(`Unknown protocol ${p} - ignoring`);
    },
  },
  { name: 'ha_suspend', handler: (c) => (vs(c).haSuspend = true) },
  { name: 'ops', handler: (c) => (vs(c).ops = true) },
  { name: 'virtualhost', handler: (c, w) => (vs(c).virtualhost = c.arg(w, 1)) },
  { name: 'alpha', handler: (c) => (vs(c).alpha = true) },
  { name: 'omega', handler: (c) => (vs(c).omega = true) },
  {
    name: 'quorum',
    handler: (c, w) => {
      const n = readUnsigned(c.arg(w, 1), 1, 4294967295);
      if (n === undefined) {
        c.log('Condition not met: Quorum >= 1');
        c.log(`Ignoring requested value ${w[1]}, using 1 instead`);
        vs(c).quorum = 1;
      } else vs(c).quorum = n;
    },
  },
  {
    name: 'hysteresis',
    handler: (c, w) => {
      const n = readUnsigned(c.arg(w, 1), 0, 4294967295);
      if (n === undefined) {
        c.log('Condition not met: 0 <= Hysteresis');
        c.log(`Ignoring requested value ${w[1]}, using 0 instead`);
        vs(c).hysteresis = 0;
      } else vs(c).hysteresis = n;
    },
  },
  { name: 'inhibit_on_failure', handler: (c) => (vs(c).inhibit = true) },
  { name: 'connect_timeout', handler: (c, w) => (vs(c).connectTimeout = readSecondsUs(c.arg(w, 1), 1000, LVS_MAX_TIMEOUT * 1_000_000) ?? vs(c).connectTimeout) },
  { name: 'retry', handler: (c, w) => (vs(c).retry = readUnsigned(c.arg(w, 1), 0, 4294967295) ?? vs(c).retry) },
  { name: 'delay_before_retry', handler: (c, w) => (vs(c).delayBeforeRetry = readSecondsUs(c.arg(w, 1), 0, LVS_MAX_TIMEOUT * 1_000_000) ?? vs(c).delayBeforeRetry) },
  { name: 'warmup', handler: (c, w) => (vs(c).warmup = readSecondsUs(c.arg(w, 1), 0, LVS_MAX_TIMEOUT * 1_000_000) ?? vs(c).warmup) },
  { name: 'weight', handler: (c, w) => (vs(c).weight = readInt(c.arg(w, 1), 0, IPVS_WEIGHT_MAX) ?? vs(c).weight) },
  {
    name: 'sorry_server',
    handler: (c, w) => {
      const ip = parseIpv4(c.arg(w, 1));
      const port = w[2] === undefined ? 0 : readPort(w[2]);
      if (ip === undefined || port === undefined) c.log(`Invalid sorry server ip address/port ${w[1]}/${w[2] ?? ''} - skipping`);
      else vs(c).sorryServer = { addr: ip, port, inhibit: false };
    },
  },
  {
    name: 'sorry_server_inhibit',
    handler: (c) => {
      const s = vs(c).sorryServer;
      if (s) s.inhibit = true;
      else c.log('Ignoring sorry_server_inhibit used before or without sorry_server');
    },
  },
  { name: 'real_server', handler: rsHandler, sub: REAL_SERVER, close: (c) => (c.rs = null) },
  ...ignored('ip_family', 'quorum_up', 'quorum_down', 'smtp_alert', 'sh-port', 'sh-fallback', 'mh-port', 'mh-fallback', 'one-packet-scheduling', 'lvs_sched_flags', 'persistence_engine', 'tunnel_type', 'notify_up', 'notify_down'),
];

/** check_parser.c lvs_schedulers[]: the names lb_algo accepts (others keep the default). */
const LVS_SCHEDULERS = ['rr', 'wrr', 'lc', 'wlc', 'lblc', 'sh', 'mh', 'dh', 'fo', 'ovf', 'lblcr', 'sed', 'nq'];

function lbAlgo(c: ParseCtx, w: string[]): void {
  const s = c.arg(w, 1);
  if (!LVS_SCHEDULERS.includes(s)) c.log(`Invalid lvs_scheduler '${s}' - ignoring`);
  else vs(c).sched = s;
}

export const CHECK_ROOTS: RootKeyword[] = [
  { name: 'virtual_server', sys: 'check', handler: vsHandler, sub: VIRTUAL_SERVER, close: (c) => (c.vs = null) },
  { name: 'virtual_server_group', sys: 'check', handler: (c) => c.skipBlock() },
  { name: 'SSL', sys: 'check', sub: ignored('password', 'ca', 'certificate', 'key') },
];
