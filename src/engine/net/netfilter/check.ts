/**
 * What the kernel checks when iptables commits a table (ip_tables.c
 * translate_table: mark_source_chains finds loops and which hooks reach each
 * chain; check_entry lets each match and target veto its rule: the table and
 * hooks a target is valid in, the protocol a match needs).
 */
import type { HookPoint } from '../ip/netfilter';
import { CHAIN_HOOK, type Rule, type Table } from './rules';

export type CommitError = 'EINVAL' | 'ELOOP';

/** The kernel's refusal, and what it logged (dmesg) about it. */
export interface CommitFailure {
  error: CommitError;
  log?: string;
}

const HOOK_ORDER: readonly HookPoint[] = ['prerouting', 'input', 'forward', 'output', 'postrouting'];
/** textify_hooks: hook names in hook order joined by '/'. */
const textify = (hooks: Iterable<HookPoint>): string => {
  const set = new Set(hooks);
  return HOOK_ORDER.filter((h) => set.has(h)).map((h) => h.toUpperCase()).join('/');
};

/** xt_target .table / .hooks of the targets the simulator has. */
const TARGET_RULES: Readonly<Record<string, { table: string; hooks: readonly HookPoint[] }>> = {
  REJECT: { table: 'filter', hooks: ['input', 'forward', 'output'] },
  DNAT: { table: 'nat', hooks: ['prerouting', 'output'] },
  SNAT: { table: 'nat', hooks: ['postrouting', 'input'] },
  MASQUERADE: { table: 'nat', hooks: ['postrouting'] },
};

/** xt_match .proto: tcp/udp/icmp matches only for their protocol, not inverted. */
const MATCH_PROTO: Readonly<Record<string, number>> = { tcp: 6, udp: 17, icmp: 1 };

/** check_entry: the first complaint a match or target of `r` has, as the kernel logs it. */
function ruleProblem(r: Rule, table: string, hooks: ReadonlySet<HookPoint>): string | null {
  for (const m of r.matches) {
    const p = MATCH_PROTO[m.name];
    if (p !== undefined && (r.proto !== p || r.invProto)) return `x_tables: ip_tables: ${m.name} match: only valid for protocol ${p}`;
  }
  const t = r.target;
  const spec = TARGET_RULES[t.kind];
  if (spec) {
    if (spec.table !== table) return `x_tables: ip_tables: ${t.kind} target: only valid in ${spec.table} table, not ${table}`;
    if ([...hooks].some((h) => !spec.hooks.includes(h))) {
      return `x_tables: ip_tables: ${t.kind} target: used from hooks ${textify(hooks)}, but only usable from ${textify(spec.hooks)}`;
    }
  }
  if (t.kind === 'REJECT' && t.with === 'tcp-reset' && (r.proto !== 6 || r.invProto)) return 'ipt_REJECT: TCP_RESET invalid for non-tcp';
  return null;
}

/** What the kernel would answer for this table, or null when it accepts it. */
export function checkTable(table: Table): CommitFailure | null {
  const hooksOf = new Map<string, Set<HookPoint>>();
  for (const c of table.chains) hooksOf.set(c.name, new Set(c.builtin ? [CHAIN_HOOK[c.name]] : []));
  // mark_source_chains: walk from every built-in chain; a chain met again on the current path is a loop.
  const visit = (name: string, hook: HookPoint, path: Set<string>): CommitError | null => {
    for (const r of table.chain(name)!.rules) {
      if (r.target.kind !== 'jump') continue;
      const to = table.chain(r.target.chain);
      if (!to || to.builtin) return 'EINVAL';
      if (path.has(to.name)) return 'ELOOP';
      hooksOf.get(to.name)!.add(hook);
      path.add(to.name);
      const err = visit(to.name, hook, path);
      path.delete(to.name);
      if (err) return err;
    }
    return null;
  };
  for (const c of table.chains) {
    if (!c.builtin) continue;
    const err = visit(c.name, CHAIN_HOOK[c.name], new Set([c.name]));
    if (err) return { error: err };
  }
  for (const c of table.chains) {
    for (const r of c.rules) {
      const log = ruleProblem(r, table.name, hooksOf.get(c.name)!);
      if (log) return { error: 'EINVAL', log };
    }
  }
  return null;
}
