/**
 * /etc/resolv.conf (resolv.conf(5)) as glibc's res_init reads it: up to
 * MAXNS (3) `nameserver` lines, `search`/`domain`, and `options timeout:N
 * attempts:N ndots:N`. With no nameserver line the resolver asks
 * 127.0.0.1 (INADDR_LOOPBACK).
 */
import type { Ipv4 } from '../../wire/addr';
import { inetAton } from './inet';

export const RES_MAXNS = 3;
/** RES_TIMEOUT and RES_DFLRETRY (resolv.h). */
export const RES_TIMEOUT_SEC = 5;
export const RES_DFLRETRY = 2;
const RES_MAXRETRANS = 30;
const RES_MAXRETRY = 5;
const RES_MAXNDOTS = 15;

export interface ResolvConf {
  nameservers: Ipv4[];
  search: string[];
  ndots: number;
  /** Seconds (retrans). */
  timeout: number;
  attempts: number;
}

export function parseResolvConf(text: string): ResolvConf {
  const conf: ResolvConf = { nameservers: [], search: [], ndots: 1, timeout: RES_TIMEOUT_SEC, attempts: RES_DFLRETRY };
  for (const raw of text.split('\n')) {
    const line = raw.replace(/[#;].*/, '').trim();
    if (!line) continue;
    const [key, ...args] = line.split(/\s+/);
    if (key === 'nameserver' && args[0]) {
      const ip = inetAton(args[0]);
      if (ip !== undefined && conf.nameservers.length < RES_MAXNS) conf.nameservers.push(ip);
    } else if (key === 'domain' && args[0]) conf.search = [args[0]];
    else if (key === 'search') conf.search = args.slice(0, 6);
    else if (key === 'options') {
      for (const o of args) {
        const m = /^(timeout|attempts|ndots):(\d+)$/.exec(o);
        if (!m) continue;
        const v = Number(m[2]);
        if (m[1] === 'timeout') conf.timeout = Math.min(v, RES_MAXRETRANS);
        else if (m[1] === 'attempts') conf.attempts = Math.min(v, RES_MAXRETRY);
        else conf.ndots = Math.min(v, RES_MAXNDOTS);
      }
    }
  }
  if (conf.nameservers.length === 0) conf.nameservers.push(0x7f000001);
  return conf;
}
