/**
 * `iptables` (iptables 1.4.21, CentOS 7): parse, then apply to a copy of the
 * table and commit only if every step and the kernel's checks succeed, so a
 * failed command changes nothing (iptables-standalone.c: no iptc_commit on error).
 */
import type { IpStack } from '../../../net/ip/stack';
import { checkTable } from '../../../net/netfilter/check';
import type { Rule, Table, Target } from '../../../net/netfilter/rules';
import { xtablesOf } from '../../../net/netfilter/xtables';
import type { Host } from '../../../os/host';
import { klog } from '../../../os/syslog';
import { sync, type CommandContext } from '../../command';
import { register } from '../../registry';
import { CMD, OPT, parseIptables, type IptCommand } from './iptables-parse';
import { FMT, FMT_PRINT_RULE, listEntries, listRules, printFirewall, ruleSpec } from './iptables-print';
import { iptcError, paramProblem, versionProblem, XtError } from './xtables-util';

const ENOENT = 'No chain/target/match by that name';
const BAD_RULE = 'Bad rule (does a matching rule exist in that chain?)';
const RULE_CMDS = CMD.APPEND | CMD.DELETE | CMD.CHECK | CMD.INSERT | CMD.REPLACE;

/** Run one iptables command line against the host; returns the exit status. */
export function iptables(host: Host, argv: string[], out: (s: string) => void, err: (s: string) => void): number {
  let stdout = '';
  try {
    const res = parseIptables(host, argv);
    if (res.kind === 'exit') {
      out(res.stdout);
      return res.status;
    }
    const cmd = res.cmd;
    if (cmd.table !== 'filter' && cmd.table !== 'nat') {
      versionProblem(`can't initialize iptables table \`${cmd.table}': Table does not exist (do you need to insmod?)`);
    }
    const x = xtablesOf(host.stack as IpStack);
    const live = x.table(cmd.table);
    const target = resolveTarget(cmd, live, err);
    const work = live.clone();
    const changed = apply(host, cmd, work, target, (s) => (stdout += s));
    if (changed) {
      const e = checkTable(work);
      if (e?.log) klog(host, e.log);
      if (e?.error === 'EINVAL') iptcError('Invalid argument', true);
      if (e?.error === 'ELOOP') iptcError('Too many levels of symbolic links');
      live.assign(work);
      // xt_state / xt_conntrack depend on nf_conntrack_ipv4: loading them turns tracking on.
      if (work.chains.some((c) => c.rules.some((r) => r.matches.some((m) => m.name === 'state' || m.name === 'conntrack')))) x.conntrack();
    }
    out(stdout);
    return 0;
  } catch (e) {
    if (e instanceof XtError) {
      out(stdout); // what -v echoed before the failing step
      err(e.text);
      return e.status;
    }
    throw e;
  }
}

/** The checks do_command4 makes once the table is open, and the rule's final target. */
function resolveTarget(cmd: IptCommand, table: Table, err: (s: string) => void): Target | undefined {
  if (!(cmd.command & RULE_CMDS) || (cmd.command & ~RULE_CMDS) !== 0) return undefined;
  const chain = cmd.chain!;
  if ((chain === 'PREROUTING' || chain === 'INPUT') && cmd.options & OPT.VIANAMEOUT) paramProblem(`Can't use -o with ${chain}\n`);
  if ((chain === 'POSTROUTING' || chain === 'OUTPUT') && cmd.options & OPT.VIANAMEIN) paramProblem(`Can't use -i with ${chain}\n`);
  let target = cmd.target;
  if (target && cmd.targetIsExt && table.chain(cmd.jumpto)) {
    err(`Warning: using chain ${cmd.jumpto}, not extension\n`);
    target = undefined;
  }
  if (!target && cmd.jumpto === '') return { kind: 'none' };
  if (!target && table.chain(cmd.jumpto)) return { kind: 'jump', chain: cmd.jumpto };
  if (!target) paramProblem(`Couldn't load target \`${cmd.jumpto}':No such file or directory\n`);
  return target;
}

/** The rules the command names, one per source × destination address. */
function rulesOf(cmd: IptCommand, target: Target): Rule[] {
  const out: Rule[] = [];
  for (const s of cmd.saddrs) {
    for (const d of cmd.daddrs) {
      out.push({
        ...cmd.rule,
        matches: cmd.rule.matches.map((m) => ({ ...m })),
        src: s.addr,
        smsk: s.mask,
        dst: d.addr,
        dmsk: d.mask,
        target,
        pkts: cmd.counters?.[0] ?? 0,
        bytes: cmd.counters?.[1] ?? 0,
      });
    }
  }
  return out;
}

/** Apply to `t` (a copy); returns whether the table changed. Throws XtError as libiptc fails. */
function apply(host: Host, cmd: IptCommand, t: Table, target: Target | undefined, out: (s: string) => void): boolean {
  const verbose = (cmd.options & OPT.VERBOSE) !== 0;
  const name = cmd.chain;
  const need = (msg = ENOENT) => {
    const c = name === undefined ? undefined : t.chain(name);
    if (!c) iptcError(msg);
    return c;
  };
  const echo = (r: Rule) => verbose && out(printFirewall(host, r, 0, FMT_PRINT_RULE));
  const zero = (chainName: string | undefined) => {
    for (const c of t.chains) {
      if (chainName !== undefined && c.name !== chainName) continue;
      if (verbose) out(`Zeroing chain \`${c.name}'\n`);
      c.pkts = c.bytes = 0;
      for (const r of c.rules) r.pkts = r.bytes = 0;
    }
  };
  switch (cmd.command) {
    case CMD.APPEND: {
      for (const r of rulesOf(cmd, target!)) {
        echo(r);
        need().rules.push(r);
      }
      return true;
    }
    case CMD.INSERT: {
      for (const r of rulesOf(cmd, target!)) {
        echo(r);
        const c = need();
        if (cmd.rulenum - 1 > c.rules.length) iptcError('Index of insertion too big');
        c.rules.splice(cmd.rulenum - 1, 0, r);
      }
      return true;
    }
    case CMD.REPLACE: {
      const r = rulesOf(cmd, target!)[0];
      echo(r);
      const c = need();
      if (cmd.rulenum - 1 >= c.rules.length) iptcError('Index of replacement too big');
      c.rules[cmd.rulenum - 1] = r;
      return true;
    }
    case CMD.DELETE:
    case CMD.CHECK: {
      for (const r of rulesOf(cmd, target!)) {
        echo(r);
        const c = need(BAD_RULE);
        const want = ruleSpec(c.name, r);
        const i = c.rules.findIndex((x) => ruleSpec(c.name, x) === want);
        if (i < 0) iptcError(BAD_RULE);
        if (cmd.command === CMD.DELETE) c.rules.splice(i, 1);
      }
      return cmd.command === CMD.DELETE;
    }
    case CMD.DELETE_NUM: {
      const c = need();
      if (cmd.rulenum - 1 >= c.rules.length) iptcError('Index of deletion too big');
      c.rules.splice(cmd.rulenum - 1, 1);
      return true;
    }
    case CMD.FLUSH: {
      if (name !== undefined) need();
      for (const c of t.chains) {
        if (name !== undefined && c.name !== name) continue;
        if (verbose) out(`Flushing chain \`${c.name}'\n`);
        c.rules = [];
      }
      return true;
    }
    case CMD.ZERO: {
      if (name !== undefined) need();
      zero(name);
      return true;
    }
    case CMD.ZERO_NUM: {
      const c = need();
      const r = c.rules[cmd.rulenum - 1];
      if (!r) iptcError('Index of counter too big');
      r.pkts = r.bytes = 0;
      return true;
    }
    case CMD.NEW_CHAIN: {
      if (t.chain(name!) || ['ACCEPT', 'DROP', 'QUEUE', 'RETURN'].includes(name!)) iptcError('Chain already exists');
      t.addChain(name!);
      return true;
    }
    case CMD.DELETE_CHAIN: {
      const victims = name !== undefined ? [need()] : t.chains.filter((c) => !c.builtin);
      for (const c of victims) {
        if (verbose) out(`Deleting chain \`${c.name}'\n`);
        if (c.builtin) iptcError("Can't delete built-in chain", true);
        if (t.references(c.name) > 0) iptcError("Can't delete chain with references left");
        if (c.rules.length) iptcError('Chain is not empty');
        t.chains.splice(t.chains.indexOf(c), 1);
      }
      return true;
    }
    case CMD.RENAME_CHAIN: {
      const c = t.chain(name!);
      if (!c || c.builtin) iptcError(ENOENT);
      const newname = cmd.newname!;
      if (t.chain(newname) || ['ACCEPT', 'DROP', 'QUEUE', 'RETURN'].includes(newname)) iptcError('File exists');
      for (const ch of t.chains) for (const r of ch.rules) if (r.target.kind === 'jump' && r.target.chain === c.name) r.target = { kind: 'jump', chain: newname };
      t.chains.splice(t.chains.indexOf(c), 1);
      t.addChain(newname).rules = c.rules;
      return true;
    }
    case CMD.SET_POLICY: {
      const c = t.chain(name!);
      if (!c || !c.builtin) iptcError('Bad built-in chain name');
      if (cmd.policy !== 'ACCEPT' && cmd.policy !== 'DROP') iptcError('Bad policy name', true);
      c.policy = cmd.policy;
      if (cmd.counters) [c.pkts, c.bytes] = cmd.counters;
      return true;
    }
    default: {
      if (cmd.command & CMD.LIST) {
        let format = FMT.OPTIONS;
        format |= verbose ? FMT.VIA : FMT.NOCOUNTS;
        if (cmd.options & OPT.NUMERIC) format |= FMT.NUMERIC;
        if (!(cmd.options & OPT.EXPANDED)) format |= FMT.KILOMEGAGIGA;
        if (cmd.options & OPT.LINENUMBERS) format |= FMT.LINENUMBERS;
        const text = listEntries(host, t, name, cmd.rulenum, format);
        if (text === undefined) iptcError(ENOENT);
        out(text);
      } else if (cmd.command & CMD.LIST_RULES) {
        const text = listRules(t, name, cmd.rulenum, verbose);
        if (text === undefined) iptcError(ENOENT);
        out(text);
      }
      if (cmd.command & CMD.ZERO) {
        zero(name);
        return true;
      }
      return false;
    }
  }
}

register('iptables', {
  pkg: 'iptables',
  summary: 'administration tool for IPv4 packet filtering and NAT',
  run: sync((ctx: CommandContext) => iptables(ctx.host, ctx.argv, (s) => ctx.out(s), (s) => ctx.err(s))),
});
