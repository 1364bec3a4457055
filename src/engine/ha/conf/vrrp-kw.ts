/**
 * vrrp_instance and the other VRRP root blocks (keepalived/vrrp/vrrp_parser.c,
 * vrrp_ipaddress.c for virtual_ipaddress lines). Messages as keepalived 2.x
 * logs them (report_config_error).
 */
import { parseIpv4 } from '../../wire/addr';
import { ignored, readValueBlock, type Keyword, type ParseCtx, type RootKeyword } from './keyword';
import type { VipConf, VrrpInstanceConf } from './types';
import { readBool, readIpPrefix, readSecondsUs, readUnsigned } from './values';

const IFNAMSIZ = 16;
const MAX_SEC_US = 1_000_000 * 1_000_000_000;

export function newInstance(name: string): VrrpInstanceConf {
  return {
    name,
    wantState: 'INIT',
    iface: null,
    vrid: 0,
    priority: 0,
    adverInt: 0,
    nopreempt: false,
    preemptDelay: 0,
    authType: 0,
    authPass: '',
    vips: [],
    evips: [],
    strictMode: null,
    accept: null,
    version: 0,
    garpMasterDelay: null,
    garpMasterRepeat: null,
    garpMasterRefresh: 0,
    garpLowerPrioDelay: null,
    garpLowerPrioRepeat: null,
    lowerPrioNoAdvert: null,
    higherPrioSendAdvert: null,
    mcastSrcIp: null,
    unicastSrcIp: null,
    unicastPeers: [],
    trackInterfaces: [],
    dontTrackPrimary: false,
    skipCheckAdvAddr: false,
    downTimerAdverts: 3,
    notify: {},
    useVmac: false,
  };
}

const cur = (ctx: ParseCtx): VrrpInstanceConf => ctx.vrrp!;

/** The interface exists and is not a loopback (if_get_by_ifname without dynamic_interfaces). */
function lookupIface(ctx: ParseCtx, name: string): 'ok' | 'missing' | 'loopback' {
  const i = ctx.host.iface(name);
  if (!i) {
    ctx.missingInterface = true;
    return 'missing';
  }
  return i.loopback ? 'loopback' : 'ok';
}

/**
 * One line of virtual_ipaddress (alloc_ipaddress): `IP[/LEN] [brd IP]
 * [dev IF] [scope S] [label L] ...`. Returns null when the line is skipped.
 */
export function parseVipLine(ctx: ParseCtx, words: string[]): VipConf | null {
  const a = readIpPrefix(words[0]);
  if (!a) {
    ctx.log(`VRRP parsed invalid IP ${words[0]}. skipping IP...`);
    return null;
  }
  const vip: VipConf = { ip: a.ip, prefixLen: a.prefixLen, brd: null, dev: null, scope: 'global', label: null, text: words[0] };
  for (let i = 1; i < words.length; i++) {
    const w = words[i];
    const v = words[i + 1];
    switch (w) {
      case 'dev': {
        if (v === undefined) return missingArg(ctx, words, i);
        i++;
        if (lookupIface(ctx, v) === 'missing') {
          ctx.log(`WARNING - interface ${v} for ip address ${words[0]} doesn't exist`);
          return null;
        }
        vip.dev = v;
        break;
      }
      case 'scope':
        if (v === undefined) return missingArg(ctx, words, i);
        i++;
        if (v === 'global' || v === 'link' || v === 'host') vip.scope = v;
        else if (v === 'site' || v === 'nowhere') vip.scope = 'global';
        else ctx.log(`Invalid scope '${v}' specified for ${words[0]} - setting to global`);
        break;
      case 'broadcast':
      case 'brd': {
        if (v === undefined) return missingArg(ctx, words, i);
        i++;
        const b = parseIpv4(v);
        if (b === undefined) ctx.log(`Invalid broadcast address ${v} for ${words[0]} - ignoring`);
        else vip.brd = b;
        break;
      }
      case 'label':
        if (v === undefined) return missingArg(ctx, words, i);
        i++;
        if (v.length >= IFNAMSIZ) ctx.log(`Label '${v}' too long - ignoring`);
        else vip.label = v;
        break;
      case 'peer':
      case 'preferred_lft':
      case 'track_group':
        i++;
        break;
      case 'home':
      case '-nodad':
      case 'nodad':
      case 'noprefixroute':
      case 'autojoin':
      case 'no_track':
        break;
      default:
        ctx.log(`Unknown configuration entry '${w}' for ip address - ignoring`);
    }
  }
  return vip;
}

function missingArg(ctx: ParseCtx, words: string[], i: number): null {
  ctx.log(`No ${words[i]} specified for ip address ${words[0]} - ignoring`);
  return null;
}

function setState(ctx: ParseCtx, w: string[]): void {
  const s = ctx.arg(w, 1);
  const v = cur(ctx);
  if (s === 'MASTER') v.wantState = 'MASTER';
  else if (s === 'BACKUP') {
    if (v.wantState === 'MASTER') ctx.log(`(${v.name}) state previously set as MASTER - ignoring BACKUP`);
    else v.wantState = 'BACKUP';
  } else {
    ctx.log(`(${v.name}) unknown state '${s}', defaulting to BACKUP`);
    v.wantState = 'BACKUP';
  }
}

function setInterface(ctx: ParseCtx, w: string[]): void {
  const name = ctx.arg(w, 1);
  const v = cur(ctx);
  if (name.length >= IFNAMSIZ) return ctx.log(`Interface name '${name}' too long - ignoring`);
  const r = lookupIface(ctx, name);
  if (r === 'missing') {
    v.iface = null;
    ctx.log(`WARNING - interface ${name} for vrrp_instance ${v.name} doesn't exist`);
  } else if (r === 'loopback') {
    v.iface = null;
    ctx.log(`(${v.name}) cannot use a loopback interface (${name}) for vrrp - ignoring`);
  } else v.iface = name;
}

function boolOrTrue(field: 'strictMode' | 'lowerPrioNoAdvert' | 'higherPrioSendAdvert', label: string) {
  return (ctx: ParseCtx, w: string[]) => {
    const v = cur(ctx);
    if (w.length >= 2) {
      const b = readBool(w[1]);
      if (b === undefined) ctx.log(`(${v.name}) invalid ${label} ${w[1]} specified`);
      else v[field] = b;
    } else v[field] = true;
  };
}

function garp(ctx: ParseCtx, w: string[], name: string, set: (v: VrrpInstanceConf, n: number) => void, seconds: boolean): void {
  const v = cur(ctx);
  const n = readUnsigned(ctx.arg(w, 1), 0, 4294967295);
  if (n === undefined) return ctx.log(`(${v.name}): ${name} '${w[1]}' invalid - ignoring`);
  set(v, seconds ? n * 1_000_000 : n);
}

const AUTHENTICATION: Keyword[] = [
  {
    name: 'auth_type',
    handler: (c, w) => {
      const s = c.arg(w, 1);
      if (s === 'AH') cur(c).authType = 2;
      else if (s === 'PASS') cur(c).authType = 1;
      else c.log(`(${cur(c).name}) unknown authentication type '${s}'`);
    },
  },
  {
    name: 'auth_pass',
    handler: (c, w) => {
      let s = c.arg(w, 1);
      if (s.length > 8) {
        s = s.slice(0, 8);
        c.log('Truncating auth_pass to 8 characters');
      }
      cur(c).authPass = s;
    },
  },
];

const INSTANCE: Keyword[] = [
  { name: 'state', handler: setState },
  { name: 'interface', handler: setInterface },
  {
    name: 'virtual_router_id',
    handler: (c, w) => {
      const n = readUnsigned(c.arg(w, 1), 1, 255);
      if (n === undefined) c.log(`(${cur(c).name}): VRID '${w[1]}' not valid - must be between 1 & 255`);
      else cur(c).vrid = n;
    },
  },
  {
    name: 'priority',
    handler: (c, w) => {
      const n = readUnsigned(c.arg(w, 1), 1, 255);
      if (n === undefined) {
        c.log(`(${cur(c).name}) Priority not valid! must be between 1 & 255. Using default 100`);
        cur(c).priority = 100;
      } else cur(c).priority = n;
    },
  },
  {
    name: 'advert_int',
    handler: (c, w) => {
      const us = readSecondsUs(c.arg(w, 1), 10_000, 255_000_000);
      if (us === undefined || us <= 0) c.log(`(${cur(c).name}) Advert interval (${w[1]}) not valid! Must be > 0 - ignoring`);
      else cur(c).adverInt = us;
    },
  },
  {
    name: 'version',
    handler: (c, w) => {
      const n = readUnsigned(c.arg(w, 1), 2, 3);
      if (n === undefined) c.log(`(${cur(c).name}): Version must be either 2 or 3`);
      else cur(c).version = n as 2 | 3;
    },
  },
  { name: 'nopreempt', handler: (c) => (cur(c).nopreempt = true) },
  { name: 'preempt', handler: (c) => (cur(c).nopreempt = false) },
  {
    name: 'preempt_delay',
    handler: (c, w) => {
      const us = readSecondsUs(c.arg(w, 1), 0, MAX_SEC_US);
      if (us === undefined) {
        c.log(`(${cur(c).name}) Preempt_delay not valid! must be between 0-1000000000`);
        cur(c).preemptDelay = 0;
      } else cur(c).preemptDelay = us;
    },
  },
  { name: 'authentication', sub: AUTHENTICATION },
  {
    name: 'virtual_ipaddress',
    handler: (c) =>
      readValueBlock(c, 'virtual_ipaddress', (w) => {
        const vip = parseVipLine(c, w);
        if (vip) cur(c).vips.push(vip);
      }),
  },
  {
    name: 'virtual_ipaddress_excluded',
    handler: (c) =>
      readValueBlock(c, 'virtual_ipaddress_excluded', (w) => {
        const vip = parseVipLine(c, w);
        if (vip) cur(c).evips.push(vip);
      }),
  },
  { name: 'strict_mode', handler: boolOrTrue('strictMode', 'strict_mode') },
  { name: 'accept', handler: (c) => (cur(c).accept = true) },
  { name: 'no_accept', handler: (c) => (cur(c).accept = false) },
  { name: 'lower_prio_no_advert', handler: boolOrTrue('lowerPrioNoAdvert', 'lower_prio_no_advert') },
  { name: 'higher_prio_send_advert', handler: boolOrTrue('higherPrioSendAdvert', 'higher_prio_send_advert') },
  { name: 'skip_check_adv_addr', handler: (c) => (cur(c).skipCheckAdvAddr = true) },
  { name: 'garp_master_delay', handler: (c, w) => garp(c, w, 'garp_master_delay', (v, n) => (v.garpMasterDelay = n), true) },
  {
    name: 'garp_master_repeat',
    handler: (c, w) =>
      garp(c, w, 'garp_master_repeat', (v, n) => {
        if (n === 0) c.log(`(${v.name}): garp_master_repeat must be greater than 0, setting to 1`);
        v.garpMasterRepeat = Math.max(1, n);
      }, false),
  },
  { name: 'garp_master_refresh', handler: (c, w) => garp(c, w, 'garp_master_refresh', (v, n) => (v.garpMasterRefresh = n), true) },
  { name: 'garp_lower_prio_delay', handler: (c, w) => garp(c, w, 'garp_lower_prio_delay', (v, n) => (v.garpLowerPrioDelay = n), true) },
  { name: 'garp_lower_prio_repeat', handler: (c, w) => garp(c, w, 'garp_lower_prio_repeat', (v, n) => (v.garpLowerPrioRepeat = n), false) },
  {
    name: 'down_timer_adverts',
    handler: (c, w) => {
      const n = readUnsigned(c.arg(w, 1), 1, 100);
      if (n === undefined) c.log(`(${cur(c).name}): Invalid down_timer_adverts [1:100] '${w[1]}'`);
      else cur(c).downTimerAdverts = n;
    },
  },
  {
    name: 'mcast_src_ip',
    handler: (c, w) => {
      const ip = parseIpv4(c.arg(w, 1));
      if (ip === undefined) c.log(`Configuration error: VRRP instance[${cur(c).name}] malformed src address[${w[1]}]. Skipping...`);
      else cur(c).mcastSrcIp = ip;
    },
  },
  {
    name: 'unicast_src_ip',
    handler: (c, w) => {
      const ip = parseIpv4(c.arg(w, 1));
      if (ip === undefined) c.log(`Configuration error: VRRP instance[${cur(c).name}] malformed src address[${w[1]}]. Skipping...`);
      else cur(c).unicastSrcIp = ip;
    },
  },
  {
    name: 'unicast_peer',
    handler: (c) =>
      readValueBlock(c, 'unicast_peer', (w) => {
        const ip = parseIpv4(w[0]);
        if (ip === undefined) c.log(`(${cur(c).name}) VRRP unicast peer address [${w[0]}] malformed - ignoring`);
        else cur(c).unicastPeers.push(ip);
      }),
  },
  {
    name: 'track_interface',
    handler: (c) =>
      readValueBlock(c, 'track_interface', (w) => {
        const weight = w[1] === 'weight' ? Number(w[2] ?? 0) : 0;
        if (lookupIface(c, w[0]) === 'missing') c.log(`(${cur(c).name}) tracked interface ${w[0]} doesn't exist`);
        else cur(c).trackInterfaces.push({ name: w[0], weight });
      }),
  },
  { name: 'dont_track_primary', handler: (c) => (cur(c).dontTrackPrimary = true) },
  { name: 'notify_master', handler: (c, w) => (cur(c).notify.master = c.arg(w, 1)) },
  { name: 'notify_backup', handler: (c, w) => (cur(c).notify.backup = c.arg(w, 1)) },
  { name: 'notify_fault', handler: (c, w) => (cur(c).notify.fault = c.arg(w, 1)) },
  { name: 'notify_stop', handler: (c, w) => (cur(c).notify.stop = c.arg(w, 1)) },
  { name: 'notify', handler: (c, w) => (cur(c).notify.any = c.arg(w, 1)) },
  { name: 'use_vmac', handler: (c) => (cur(c).useVmac = true) },
  ...ignored(
    'vmac_xmit_base', 'use_ipvlan', 'mcast_dst_ip', 'native_ipv6', 'track_script', 'track_file', 'track_process',
    'track_bfd', 'promote_secondaries', 'virtual_routes', 'virtual_rules', 'debug', 'notify_deleted',
    'notify_master_rx_lower_pri', 'smtp_alert', 'notify_priority_changes', 'lvs_sync_daemon_interface',
    'garp_master_refresh_repeat', 'kernel_rx_buf_size', 'ttl', 'check_unicast_src', 'old_unicast_checksum',
    'linkbeat_use_polling', 'unicast_fault_no_peer', 'no_virtual_ipaddress', 'track_src_ip', 'unicast_ttl',
    'garp_extra_if', 'vmac_garp_intvl', 'v3_checksum_as_v2', 'timer_expired_backup',
  ),
];

function instanceHandler(ctx: ParseCtx, w: string[]): void {
  if (w.length !== 2) {
    ctx.log('vrrp_instance must have a name');
    ctx.skipBlock();
    return;
  }
  if (ctx.conf.vrrp.some((v) => v.name === w[1])) {
    ctx.log(`vrrp instance ${w[1]} already defined`);
    ctx.skipBlock();
    return;
  }
  ctx.vrrp = newInstance(w[1]);
  ctx.conf.vrrp.push(ctx.vrrp);
}

const SCRIPT = ignored('script', 'interval', 'timeout', 'weight', 'rise', 'fall', 'user', 'init_fail');
const SYNC_GROUP = ignored('group', 'track_interface', 'track_script', 'track_file', 'track_process', 'track_bfd', 'notify_backup', 'notify_master', 'notify_fault', 'notify_stop', 'notify', 'smtp_alert', 'global_tracking', 'sync_group_tracking_weight', 'notify_priority_changes');

export const VRRP_ROOTS: RootKeyword[] = [
  { name: 'vrrp_instance', sys: 'vrrp', handler: instanceHandler, sub: INSTANCE, close: (c) => (c.vrrp = null) },
  { name: 'vrrp_script', sys: 'vrrp', sub: SCRIPT },
  { name: 'vrrp_sync_group', sys: 'vrrp', sub: SYNC_GROUP },
  ...ignored('static_ipaddress', 'static_routes', 'static_rules', 'vrrp_track_file', 'track_file', 'vrrp_track_process', 'garp_group').map((k): RootKeyword => ({ ...k, sys: 'vrrp' })),
];
