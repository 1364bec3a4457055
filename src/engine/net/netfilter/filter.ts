/**
 * The filter table's hooks (net/ipv4/netfilter/iptable_filter.c): INPUT,
 * FORWARD and OUTPUT at priority 0. ACCEPT lets the packet on; DROP and
 * REJECT end it with a reason the trace shows (`firewall: DROP by filter
 * INPUT rule 2`); REJECT answers the sender first.
 */
import { ACCEPT, DROP, NF_IP_PRI, type HookPoint, type HookState, type Verdict } from '../ip/netfilter';
import type { Skb } from '../ip/skb';
import { sendReject } from './reject';
import { dropReason, walk, type Table } from './rules';
import type { Xtables } from './xtables';

const FILTER_HOOKS: ReadonlyArray<readonly [HookPoint, string]> = [
  ['input', 'INPUT'],
  ['forward', 'FORWARD'],
  ['output', 'OUTPUT'],
];

export function registerFilter(x: Xtables, table: Table): void {
  for (const [point, chain] of FILTER_HOOKS) {
    x.stack.nf.register(point, NF_IP_PRI.FILTER, 'iptable_filter', (skb, st) => filterHook(x, table, point, chain, skb, st));
  }
}

function filterHook(x: Xtables, table: Table, point: HookPoint, chainName: string, skb: Skb, st: HookState): Verdict {
  const chain = table.chain(chainName)!;
  if (chain.rules.length === 0) {
    // The common case: an empty chain, its policy decides without looking at the packet.
    chain.pkts++;
    chain.bytes += skb.data.length;
    return chain.policy === 'ACCEPT' ? ACCEPT : DROP(dropReason('DROP', 'filter', chainName, 0));
  }
  const d = walk(table, chainName, x.view(skb, st));
  if (d.verdict === 'ACCEPT') return ACCEPT;
  if (d.verdict === 'DROP') return DROP(dropReason('DROP', 'filter', d.chain, d.rule));
  if (d.target?.kind === 'REJECT') {
    sendReject(x.stack, skb, d.target.with, point);
    return DROP(dropReason('REJECT', 'filter', d.chain, d.rule));
  }
  return ACCEPT;
}
