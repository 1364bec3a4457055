/**
 * global_defs (keepalived/core/global_parser.c): the keywords lvslab models
 * and the ones it accepts without effect, so a real configuration never
 * trips "Unknown keyword" on them.
 */
import { parseIpv4 } from '../../wire/addr';
import { ignored, readValueBlock, type Keyword, type ParseCtx, type RootKeyword } from './keyword';
import { readUnsigned } from './values';

const g = (ctx: ParseCtx) => ctx.conf.global;

function garpDelay(ctx: ParseCtx, w: string[]): void {
  const v = readUnsigned(ctx.arg(w, 1), 0, 4294);
  if (v === undefined) return ctx.log(`vrrp_garp_master_delay '${w[1]}' invalid - ignoring`);
  g(ctx).vrrpGarpMasterDelay = v * 1_000_000;
}

function garpRepeat(ctx: ParseCtx, w: string[]): void {
  const v = readUnsigned(ctx.arg(w, 1), 0, 4294967295);
  if (v === undefined) return ctx.log(`vrrp_garp_master_repeat '${w[1]}' invalid - ignoring`);
  g(ctx).vrrpGarpMasterRepeat = v === 0 ? 1 : v;
  if (v === 0) ctx.log('vrrp_garp_master_repeat must be greater than 0, setting to 1');
}

const GLOBAL_DEFS: Keyword[] = [
  { name: 'router_id', handler: (c, w) => (g(c).routerId = c.arg(w, 1)) },
  { name: 'notification_email', handler: (c) => readValueBlock(c, 'notification_email', (w) => g(c).notificationEmail.push(...w)) },
  { name: 'notification_email_from', handler: (c, w) => (g(c).notificationEmailFrom = c.arg(w, 1)) },
  { name: 'smtp_server', handler: (c, w) => (g(c).smtpServer = c.arg(w, 1)) },
  {
    name: 'smtp_connect_timeout',
    handler: (c, w) => {
      const v = readUnsigned(c.arg(w, 1), 1, 4294);
      if (v === undefined) c.log(`smtp_connect_timeout '${w[1]}' must be in [1, 4294] - ignoring`);
      else g(c).smtpConnectTimeout = v * 1_000_000;
    },
  },
  { name: 'vrrp_strict', handler: (c) => (g(c).vrrpStrict = true) },
  { name: 'vrrp_skip_check_adv_addr', handler: (c) => (g(c).vrrpSkipCheckAdvAddr = true) },
  { name: 'vrrp_garp_master_delay', handler: garpDelay },
  { name: 'vrrp_garp_master_repeat', handler: garpRepeat },
  {
    name: 'vrrp_garp_master_refresh',
    handler: (c, w) => {
      const v = readUnsigned(c.arg(w, 1), 0, 4294967295);
      if (v === undefined) c.log(`vrrp_garp_master_refresh '${w[1]}' invalid - ignoring`);
      else g(c).vrrpGarpMasterRefresh = v * 1_000_000;
    },
  },
  { name: 'vrrp_garp_interval', handler: (c, w) => (g(c).vrrpGarpInterval = Math.round(Number(c.arg(w, 1)) * 1_000_000) || 0) },
  { name: 'vrrp_gna_interval', handler: (c, w) => (g(c).vrrpGnaInterval = Math.round(Number(c.arg(w, 1)) * 1_000_000) || 0) },
  {
    name: 'vrrp_version',
    handler: (c, w) => {
      const v = readUnsigned(c.arg(w, 1), 2, 3);
      if (v === undefined) c.log(`Unknown VRRP version ${w[1]}`);
      else g(c).vrrpVersion = v as 2 | 3;
    },
  },
  {
    name: 'vrrp_mcast_group4',
    handler: (c, w) => {
      const ip = parseIpv4(c.arg(w, 1));
      if (ip === undefined || ip >>> 28 !== 0xe) c.log(`vrrp_mcast_group4 '${w[1]}' is not a valid multicast address - ignoring`);
      else g(c).vrrpMcastGroup4 = ip;
    },
  },
  {
    name: 'vrrp_iptables',
    handler: (c, w) => {
      g(c).vrrpIptablesIn = w[1] ?? '';
      g(c).vrrpIptablesOut = w[2] ?? '';
    },
  },
  { name: 'lvs_flush', handler: (c) => (g(c).lvsFlush = true) },
  ...ignored(
    'smtp_helo_name', 'smtp_alert', 'smtp_alert_vrrp', 'smtp_alert_checker', 'checker_log_all_failures',
    'no_email_faults', 'max_auto_priority', 'min_auto_priority_delay', 'dynamic_interfaces',
    'enable_script_security', 'script_user', 'notify_fifo', 'notify_fifo_script', 'vrrp_notify_fifo',
    'vrrp_notify_fifo_script', 'lvs_notify_fifo', 'lvs_notify_fifo_script', 'lvs_id', 'lvs_timeouts',
    'lvs_sync_daemon', 'lvs_flush_onstop', 'vrrp_mcast_group6', 'vrrp_garp_lower_prio_delay',
    'vrrp_garp_lower_prio_repeat', 'vrrp_lower_prio_no_advert', 'vrrp_higher_prio_send_advert',
    'vrrp_check_unicast_src', 'vrrp_ipsets', 'vrrp_no_swap', 'vrrp_priority', 'checker_priority',
    'checker_no_swap', 'vrrp_rlimit_rttime', 'checker_rlimit_rttime', 'vrrp_rt_priority', 'checker_rt_priority',
    'snmp_socket', 'enable_traps', 'enable_snmp_keepalived', 'enable_snmp_vrrp', 'enable_snmp_checker',
    'enable_snmp_rfc', 'enable_snmp_rfcv2', 'enable_snmp_rfcv3', 'enable_dbus', 'vrrp_netlink_cmd_rcv_bufs',
    'vrrp_netlink_monitor_rcv_bufs', 'lvs_netlink_cmd_rcv_bufs', 'lvs_netlink_monitor_rcv_bufs',
    'process_names', 'process_name', 'vrrp_process_name', 'checker_process_name', 'vrrp_startup_delay',
    'log_unknown_vrids', 'vrrp_min_garp', 'random_seed', 'umask', 'default_interface', 'local_name',
    'vrrp_rx_bufs_policy', 'vrrp_rx_bufs_multiplier', 'nftables', 'nftables_priority', 'nftables_counters',
    'nftables_ifindex', 'linkbeat_use_polling', 'fifo_write_vrrp_states_on_reload',
  ),
];

export const GLOBAL_ROOTS: RootKeyword[] = [
  { name: 'global_defs', sys: 'global', sub: GLOBAL_DEFS },
  ...ignored('net_namespace', 'namespace_with_ipsets', 'use_pid_dir', 'instance', 'child_wait_time', 'linkbeat_interfaces').map((k): RootKeyword => ({ ...k, sys: 'global' })),
];
