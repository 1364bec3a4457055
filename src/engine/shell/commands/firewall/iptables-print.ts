/**
 * How iptables 1.4.21 prints rules: `iptables -L` (print_header and
 * print_firewall in iptables.c, with their printf widths), `iptables -S` and
 * iptables-save (print_rule4, print_ip, print_iface, print_proto).
 */
import type { Host } from '../../../os/host';
import { formatIpv4 } from '../../../wire/addr';
import type { Chain, Rule, Table } from '../../../net/netfilter/rules';
import { MATCHES, TARGETS } from './extensions';
import { ipToAnyname, maskSuffix, printNum, protoName, saveMask, PROTO_NAMES } from './xtables-util';

export const FMT = {
  NUMERIC: 0x0001,
  NOCOUNTS: 0x0002,
  KILOMEGAGIGA: 0x0004,
  OPTIONS: 0x0008,
  NOTABLE: 0x0010,
  NOTARGET: 0x0020,
  VIA: 0x0040,
  NONEWLINE: 0x0080,
  LINENUMBERS: 0x0100,
} as const;
/** The format of the line `iptables -v -A ...` echoes. */
export const FMT_PRINT_RULE = FMT.NOCOUNTS | FMT.OPTIONS | FMT.VIA | FMT.NUMERIC | FMT.NOTABLE;

const pad = (s: string, n: number): string => s.padEnd(n);

/** iptc_get_target: the verdict, the chain jumped to, the extension's name, or '' for no target. */
export function targetName(r: Rule): string {
  const t = r.target;
  switch (t.kind) {
    case 'none':
      return '';
    case 'verdict':
      return t.name;
    case 'jump':
      return t.chain;
    default:
      return t.kind;
  }
}

/** print_header. */
function header(format: number, chain: Chain, table: Table): string {
  const tab = !(format & FMT.NOTABLE);
  let s = `Chain ${chain.name}`;
  if (chain.builtin) {
    s += ` (policy ${chain.policy}`;
    if (!(format & FMT.NOCOUNTS)) {
      const exact = !(format & FMT.KILOMEGAGIGA);
      s += ' ' + printNum(chain.pkts, exact, true) + 'packets, ' + printNum(chain.bytes, exact, true) + 'bytes';
    }
    s += ')\n';
  } else {
    s += ` (${table.references(chain.name)} references)\n`;
  }
  if (format & FMT.LINENUMBERS) s += tab ? pad('num', 4) + ' ' : 'num ';
  if (!(format & FMT.NOCOUNTS)) {
    if (format & FMT.KILOMEGAGIGA) s += tab ? `${'pkts'.padStart(5)} ${'bytes'.padStart(5)} ` : 'pkts bytes ';
    else s += tab ? `${'pkts'.padStart(8)} ${'bytes'.padStart(10)} ` : 'pkts bytes ';
  }
  if (!(format & FMT.NOTARGET)) s += tab ? pad('target', 9) + ' ' : 'target ';
  s += ' prot ';
  if (format & FMT.OPTIONS) s += 'opt';
  if (format & FMT.VIA) s += tab ? ` ${pad('in', 6)} ${pad('out', 6)} ` : 'in out ';
  s += tab ? ` ${pad('source', 19)} ` : 'source ';
  s += tab ? ` ${pad('destination', 19)} ` : ' destination ';
  return s + '\n';
}

/** print_firewall: one rule of `iptables -L`. */
export function printFirewall(host: Host, r: Rule, num: number, format: number): string {
  const tab = !(format & FMT.NOTABLE);
  const numeric = (format & FMT.NUMERIC) !== 0;
  let s = '';
  if (format & FMT.LINENUMBERS) s += tab ? pad(String(num), 4) + ' ' : `${num} `;
  if (!(format & FMT.NOCOUNTS)) {
    const exact = !(format & FMT.KILOMEGAGIGA);
    s += printNum(r.pkts, exact, !tab) + printNum(r.bytes, exact, !tab);
  }
  if (!(format & FMT.NOTARGET)) s += tab ? pad(targetName(r), 9) + ' ' : `${targetName(r)} `;
  s += r.invProto ? '!' : ' ';
  const pname = protoName(r.proto, numeric) ?? String(r.proto);
  s += tab ? pad(pname, 5) : `${pname} `;
  if (format & FMT.OPTIONS) {
    if (!tab) s += 'opt ';
    s += '-- ';
  }
  if (format & FMT.VIA) {
    const iface = (inv: boolean, name: string) => (inv ? '!' : '') + (name || (numeric ? '*' : 'any'));
    s += tab ? ` ${pad(iface(r.invIn, r.inIface), 6)} ` : `in ${iface(r.invIn, r.inIface)} `;
    s += tab ? `${pad(iface(r.invOut, r.outIface), 6)} ` : `out ${iface(r.invOut, r.outIface)} `;
  }
  const addr = (ip: number, mask: number) =>
    mask === 0 && !numeric ? 'anywhere' : (numeric ? formatIpv4(ip) : ipToAnyname(host, ip)) + maskSuffix(mask);
  s += r.invSrc ? '!' : ' ';
  s += tab ? pad(addr(r.src, r.smsk), 19) + ' ' : `${addr(r.src, r.smsk)} `;
  s += r.invDst ? '!' : ' ';
  s += tab ? pad(addr(r.dst, r.dmsk), 19) + ' ' : `-> ${addr(r.dst, r.dmsk)}`;
  if (!tab) s += '  ';
  for (const m of r.matches) s += MATCHES.get(m.name)!.print(m, numeric);
  const t = r.target;
  if (t.kind !== 'none' && t.kind !== 'verdict' && t.kind !== 'jump') s += TARGETS.get(t.kind)!.print(t, numeric);
  if (!(format & FMT.NONEWLINE)) s += '\n';
  return s;
}

/** list_entries (`iptables -L`): undefined when `chainName` does not exist. */
export function listEntries(host: Host, table: Table, chainName: string | undefined, rulenum: number, format: number): string | undefined {
  let out = '';
  let found = false;
  for (const c of table.chains) {
    if (chainName !== undefined && c.name !== chainName) continue;
    if (found) out += '\n';
    if (!rulenum) out += header(format, c, table);
    c.rules.forEach((r, i) => {
      if (!rulenum || i + 1 === rulenum) out += printFirewall(host, r, i + 1, format);
    });
    found = true;
  }
  return found ? out : undefined;
}

/** print_rule4: `-A CHAIN ...` as `iptables -S` and iptables-save print it; counters > 0: "[p:b] " prefix, < 0: " -c p b". */
export function ruleSpec(chain: string, r: Rule, counters = 0): string {
  let s = counters > 0 ? `[${r.pkts}:${r.bytes}] ` : '';
  s += `-A ${chain}`;
  const ip = (prefix: string, addr: number, mask: number, inv: boolean) =>
    !mask && !addr && !inv ? '' : `${inv ? ' !' : ''} ${prefix} ${formatIpv4(addr)}${saveMask(mask)}`;
  s += ip('-s', r.src, r.smsk, r.invSrc);
  s += ip('-d', r.dst, r.dmsk, r.invDst);
  if (r.inIface) s += `${r.invIn ? ' !' : ''} -i ${r.inIface}`;
  if (r.outIface) s += `${r.invOut ? ' !' : ''} -o ${r.outIface}`;
  if (r.proto) s += `${r.invProto ? ' !' : ''} -p ${PROTO_NAMES[r.proto] ?? r.proto}`;
  for (const m of r.matches) s += ` -m ${m.name}` + MATCHES.get(m.name)!.save(m);
  if (counters < 0) s += ` -c ${r.pkts} ${r.bytes}`;
  const t = r.target;
  const name = targetName(r);
  if (t.kind === 'REJECT' || t.kind === 'DNAT' || t.kind === 'SNAT' || t.kind === 'MASQUERADE') s += ` -j ${name}` + TARGETS.get(t.kind)!.save(t);
  else if (name) s += ` -j ${name}`;
  return s + '\n';
}

/** list_rules (`iptables -S`): policies / -N lines first, then the rules; undefined when the chain does not exist. */
export function listRules(table: Table, chainName: string | undefined, rulenum: number, counters: boolean): string | undefined {
  let out = '';
  if (!rulenum) {
    for (const c of table.chains) {
      if (chainName !== undefined && c.name !== chainName) continue;
      if (c.builtin) out += `-P ${c.name} ${c.policy}${counters ? ` -c ${c.pkts} ${c.bytes}` : ''}\n`;
      else out += `-N ${c.name}\n`;
    }
  }
  let found = false;
  for (const c of table.chains) {
    if (chainName !== undefined && c.name !== chainName) continue;
    c.rules.forEach((r, i) => {
      if (!rulenum || i + 1 === rulenum) out += ruleSpec(c.name, r, counters ? -1 : 0);
    });
    found = true;
  }
  return found ? out : undefined;
}
