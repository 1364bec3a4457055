/**
 * ipvsadm 1.27's command and option tables (ipvsadm.c): the popt option
 * table, the CMD_* / OPTC_* numbering, the names used in error messages and
 * `commands_v_options`, the matrix of which option is legal with which
 * command. 1.27 stops at column 23 (-b); the tunnel and sync-group columns
 * are 1.28+.
 */
import type { PoptOption } from './popt';

export const CMD = {
  NONE: 0,
  ADD: 1,
  EDIT: 2,
  DEL: 3,
  FLUSH: 4,
  LIST: 5,
  ADDDEST: 6,
  DELDEST: 7,
  EDITDEST: 8,
  TIMEOUT: 9,
  STARTDAEMON: 10,
  STOPDAEMON: 11,
  RESTORE: 12,
  SAVE: 13,
  ZERO: 14,
} as const;
export type Cmd = (typeof CMD)[keyof typeof CMD];

/** cmdnames[]: index CMD_x - 1. */
export const CMD_NAMES = [
  'add-service',
  'edit-service',
  'delete-service',
  'flush',
  'list',
  'add-server',
  'delete-server',
  'edit-server',
  'set',
  'start-daemon',
  'stop-daemon',
  'restore',
  'save',
  'zero',
] as const;

/** OPTC_x: the bit number of each option in the options mask. */
export const OPTC = {
  NUMERIC: 0,
  CONNECTION: 1,
  SERVICE: 2,
  SCHEDULER: 3,
  PERSISTENT: 4,
  NETMASK: 5,
  SERVER: 6,
  FORWARD: 7,
  WEIGHT: 8,
  UTHRESHOLD: 9,
  LTHRESHOLD: 10,
  MCAST: 11,
  TIMEOUT: 12,
  DAEMON: 13,
  STATS: 14,
  RATE: 15,
  THRESHOLDS: 16,
  PERSISTENTCONN: 17,
  NOSORT: 18,
  SYNCID: 19,
  EXACT: 20,
  ONEPACKET: 21,
  PERSISTENCE_ENGINE: 22,
  SCHED_FLAGS: 23,
} as const;
export type Optc = (typeof OPTC)[keyof typeof OPTC];

export const OPT_NAMES = [
  'numeric',
  'connection',
  'service-address',
  'scheduler',
  'persistent',
  'netmask',
  'real-server',
  'forwarding-method',
  'weight',
  'u-threshold',
  'l-threshold',
  'mcast-interface',
  'timeout',
  'daemon',
  'stats',
  'rate',
  'thresholds',
  'persistent-conn',
  'nosort',
  'syncid',
  'exact',
  'ops',
  'pe',
  'sched-flags',
] as const;

export const NUMBER_OF_OPT = OPT_NAMES.length;

/**
 * commands_v_options: '+' compulsory, 'x' illegal, '1' exclusive (only one
 * '1' option may be given), ' ' optional. Columns in OPTC order:
 *   -n -c svc -s -p -M -r fwd -w -x -y -mc tot dmn -st -rt thr -pc srt sid -ex ops -pe -b
 */
// prettier-ignore
export const COMMANDS_V_OPTIONS: readonly string[] = [
  /*ADD*/     'xx+   xxxxxxxxxxxxxxx   ',
  /*EDIT*/    'xx+   xxxxxxxxxxxxxxx   ',
  /*DEL*/     'xx+xxxxxxxxxxxxxxxxxxxxx',
  /*FLUSH*/   'xxxxxxxxxxxxxxxxxxxxxxxx',
  /*LIST*/    ' 11xxxxxxxxx11       xxx',
  /*ADDSRV*/  'xx+xxx+    xxxxxxxxxxxxx',
  /*DELSRV*/  'xx+xxx+xxxxxxxxxxxxxxxxx',
  /*EDITSRV*/ 'xx+xxx+    xxxxxxxxxxxxx',
  /*TIMEOUT*/ 'xxxxxxxxxxxxxxxxxxxxxxxx',
  /*STARTD*/  'xxxxxxxxxxx xxxxxxx xxxx',
  /*STOPD*/   'xxxxxxxxxxxxxxxxxxx xxxx',
  /*RESTORE*/ 'xxxxxxxxxxxxxxxxxxxxxxxx',
  /*SAVE*/    ' xxxxxxxxxxxxxxxxxxxxxxx',
  /*ZERO*/    'xx xxxxxxxxxxxxxxxxxxxxx',
];

/** Tags of the long-only options (TAG_* in ipvsadm.c); short options return their letter. */
export const TAG = {
  SET: 'set',
  START_DAEMON: 'start-daemon',
  STOP_DAEMON: 'stop-daemon',
  MCAST_INTERFACE: 'mcast-interface',
  TIMEOUT: 'timeout',
  DAEMON: 'daemon',
  STATS: 'stats',
  RATE: 'rate',
  THRESHOLDS: 'thresholds',
  PERSISTENTCONN: 'persistent-conn',
  SORT: 'sort',
  NO_SORT: 'nosort',
  PERSISTENCE_ENGINE: 'pe',
} as const;

/** The poptOption table of parse_options(), in its order (popt takes the first match). */
export const POPT_TABLE: readonly PoptOption[] = [
  { long: 'add-service', short: 'A', arg: 'none', val: 'A' },
  { long: 'edit-service', short: 'E', arg: 'none', val: 'E' },
  { long: 'delete-service', short: 'D', arg: 'none', val: 'D' },
  { long: 'clear', short: 'C', arg: 'none', val: 'C' },
  { long: 'list', short: 'L', arg: 'none', val: 'L' },
  { long: 'list', short: 'l', arg: 'none', val: 'l' },
  { long: 'zero', short: 'Z', arg: 'none', val: 'Z' },
  { long: 'add-server', short: 'a', arg: 'none', val: 'a' },
  { long: 'edit-server', short: 'e', arg: 'none', val: 'e' },
  { long: 'delete-server', short: 'd', arg: 'none', val: 'd' },
  { long: 'set', arg: 'none', val: TAG.SET },
  { long: 'help', short: 'h', arg: 'none', val: 'h' },
  { long: 'version', short: 'v', arg: 'none', val: 'v' },
  { long: 'restore', short: 'R', arg: 'none', val: 'R' },
  { long: 'save', short: 'S', arg: 'none', val: 'S' },
  { long: 'start-daemon', arg: 'string', val: TAG.START_DAEMON },
  { long: 'stop-daemon', arg: 'string', val: TAG.STOP_DAEMON },
  { long: 'tcp-service', short: 't', arg: 'string', val: 't' },
  { long: 'udp-service', short: 'u', arg: 'string', val: 'u' },
  { long: 'fwmark-service', short: 'f', arg: 'string', val: 'f' },
  { long: 'scheduler', short: 's', arg: 'string', val: 's' },
  { long: 'persistent', short: 'p', arg: 'optional', val: 'p' },
  { long: 'netmask', short: 'M', arg: 'string', val: 'M' },
  { long: 'real-server', short: 'r', arg: 'string', val: 'r' },
  { long: 'masquerading', short: 'm', arg: 'none', val: 'm' },
  { long: 'ipip', short: 'i', arg: 'none', val: 'i' },
  { long: 'gatewaying', short: 'g', arg: 'none', val: 'g' },
  { long: 'weight', short: 'w', arg: 'string', val: 'w' },
  { long: 'u-threshold', short: 'x', arg: 'string', val: 'x' },
  { long: 'l-threshold', short: 'y', arg: 'string', val: 'y' },
  { long: 'numeric', short: 'n', arg: 'none', val: 'n' },
  { long: 'connection', short: 'c', arg: 'none', val: 'c' },
  { long: 'mcast-interface', arg: 'string', val: TAG.MCAST_INTERFACE },
  { long: 'syncid', arg: 'string', val: 'I' },
  { long: 'timeout', arg: 'none', val: TAG.TIMEOUT },
  { long: 'daemon', arg: 'none', val: TAG.DAEMON },
  { long: 'stats', arg: 'none', val: TAG.STATS },
  { long: 'rate', arg: 'none', val: TAG.RATE },
  { long: 'thresholds', arg: 'none', val: TAG.THRESHOLDS },
  { long: 'persistent-conn', arg: 'none', val: TAG.PERSISTENTCONN },
  { long: 'nosort', arg: 'none', val: TAG.NO_SORT },
  { long: 'sort', arg: 'none', val: TAG.SORT },
  { long: 'exact', short: 'X', arg: 'none', val: 'X' },
  { long: 'ipv6', short: '6', arg: 'none', val: '6' },
  { long: 'ops', short: 'o', arg: 'none', val: 'o' },
  { long: 'pe', arg: 'string', val: TAG.PERSISTENCE_ENGINE },
  { long: 'sched-flags', short: 'b', arg: 'string', val: 'b' },
];

/** Printing format flags (FMT_*). */
export const FMT = {
  NONE: 0,
  NUMERIC: 0x1,
  RULE: 0x2,
  STATS: 0x4,
  RATE: 0x8,
  THRESHOLDS: 0x10,
  PERSISTENTCONN: 0x20,
  NOSORT: 0x40,
  EXACT: 0x80,
} as const;

/** DEF_SCHED, DEF_MCAST_IFN, MAX_TIMEOUT (31 days), IPVS_SVC_PERSISTENT_TIMEOUT (libipvs.h). */
export const DEF_SCHED = 'wlc';
export const DEF_MCAST_IFN = 'eth0';
export const MAX_TIMEOUT = 86400 * 31;
export const IPVS_SVC_PERSISTENT_TIMEOUT = 6 * 60;
/** IP_VS_SCHEDNAME_MAXLEN: the name is copied with strncpy(.., MAXLEN - 1). */
export const IP_VS_SCHEDNAME_MAXLEN = 16;
export const IP_VS_PENAME_MAXLEN = 16;
export const IP_VS_IFNAME_MAXLEN = 16;
