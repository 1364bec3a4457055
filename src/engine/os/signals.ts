/**
 * Linux x86 signal numbers and names (signal(7), arch/x86/include/uapi/asm/signal.h),
 * as `kill -l` and systemd print them.
 */
export const SIG = {
  HUP: 1,
  INT: 2,
  QUIT: 3,
  ILL: 4,
  TRAP: 5,
  ABRT: 6,
  BUS: 7,
  FPE: 8,
  KILL: 9,
  USR1: 10,
  SEGV: 11,
  USR2: 12,
  PIPE: 13,
  ALRM: 14,
  TERM: 15,
  STKFLT: 16,
  CHLD: 17,
  CONT: 18,
  STOP: 19,
  TSTP: 20,
  TTIN: 21,
  TTOU: 22,
  URG: 23,
  XCPU: 24,
  XFSZ: 25,
  VTALRM: 26,
  PROF: 27,
  WINCH: 28,
  IO: 29,
  PWR: 30,
  SYS: 31,
} as const;

export const SIGRTMIN = 34;
export const SIGRTMAX = 64;

/** `KILL` for 9, `RTMIN+3` for 37; undefined outside 1..64 and for 32/33 (used by glibc). */
export function signalName(n: number): string | undefined {
  for (const [name, v] of Object.entries(SIG)) if (v === n) return name;
  if (n >= SIGRTMIN && n <= SIGRTMAX) {
    // bash: numbers up to the middle count from RTMIN, the rest from RTMAX (bash/support/signames.c).
    if (n === SIGRTMIN) return 'RTMIN';
    if (n === SIGRTMAX) return 'RTMAX';
    return n - SIGRTMIN <= 15 ? `RTMIN+${n - SIGRTMIN}` : `RTMAX-${SIGRTMAX - n}`;
  }
  return undefined;
}

/** Parse `9`, `KILL`, `SIGKILL`, `kill` (case-insensitive, as bash's kill accepts). */
export function parseSignal(spec: string): number | undefined {
  if (/^\d+$/.test(spec)) {
    const n = Number(spec);
    return n >= 0 && n <= SIGRTMAX && (n === 0 || signalName(n)) ? n : undefined;
  }
  let s = spec.toUpperCase();
  if (s.startsWith('SIG')) s = s.slice(3);
  for (let n = 1; n <= SIGRTMAX; n++) if (signalName(n) === s) return n;
  return undefined;
}

/**
 * Signals whose default action ends the process (signal(7): Term and Core).
 * CHLD, CONT, URG and WINCH are ignored by default; STOP/TSTP/TTIN/TTOU stop it
 * (job control is not modelled: they are treated as ignored).
 */
export function terminatesByDefault(sig: number): boolean {
  return ![SIG.CHLD, SIG.CONT, SIG.URG, SIG.WINCH, SIG.STOP, SIG.TSTP, SIG.TTIN, SIG.TTOU].includes(sig as 17);
}

/**
 * Signals systemd counts as a clean exit of a service's main process
 * (systemd.service(5), SuccessExitStatus: "SIGHUP, SIGINT, SIGTERM and SIGPIPE").
 */
export function isCleanExitSignal(sig: number): boolean {
  return sig === SIG.HUP || sig === SIG.INT || sig === SIG.TERM || sig === SIG.PIPE;
}
