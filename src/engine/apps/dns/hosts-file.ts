/**
 * /etc/hosts (hosts(5)): `IP canonical_name [aliases...]`, `#` comments.
 * glibc's files backend (nss_files) answers a name from the first line that
 * lists it (canonical name or alias, case-insensitively), gathering every
 * IPv4 address of lines with the same name (`multi on` is the default on
 * CentOS 7's host.conf), and an address from the first line that has it.
 */
import { type Ipv4 } from '../../wire/addr';
import { inetAton } from './inet';

export interface HostsEntry {
  ip: Ipv4;
  /** The canonical name first, then the aliases. */
  names: string[];
}

/** Parse the file; IPv6 and malformed lines are skipped as glibc does. */
export function parseHosts(text: string): HostsEntry[] {
  const out: HostsEntry[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) continue;
    const [addr, ...names] = line.split(/\s+/);
    if (names.length === 0) continue;
    // nss_files parses the address with inet_pton: strict dotted quad only.
    if (!/^\d+\.\d+\.\d+\.\d+$/.test(addr)) continue;
    const ip = inetAton(addr);
    if (ip === undefined) continue;
    out.push({ ip, names });
  }
  return out;
}

/** Addresses for `name` and its canonical name (from the first matching line), or undefined. */
export function hostsByName(entries: readonly HostsEntry[], name: string): { canonical: string; addresses: Ipv4[] } | undefined {
  const want = name.toLowerCase().replace(/\.$/, '');
  const matches = entries.filter((e) => e.names.some((n) => n.toLowerCase() === want));
  if (matches.length === 0) return undefined;
  const addresses: Ipv4[] = [];
  for (const m of matches) if (!addresses.includes(m.ip)) addresses.push(m.ip);
  return { canonical: matches[0].names[0], addresses };
}

/** The canonical name of the first line with address `ip`. */
export function hostsByAddr(entries: readonly HostsEntry[], ip: Ipv4): string | undefined {
  return entries.find((e) => e.ip === ip)?.names[0];
}
