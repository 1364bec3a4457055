/**
 * What the VRRP child does to its host: VIPs through netlink (RTM_NEWADDR /
 * RTM_DELADDR, vrrp_ipaddress.c netlink_ipaddress), gratuitous ARP
 * (vrrp_arp.c), adverts on its raw socket (vrrp_send_pkt), and the
 * no-accept DROP rules (vrrp_iptables_lib.c: `-A INPUT -d VIP -j DROP`).
 */
import { newSkb } from '../../net/ip/skb';
import { arpSend } from '../../net/ip/arp';
import type { IpStack } from '../../net/ip/stack';
import { xtablesOf } from '../../net/netfilter';
import type { Rule } from '../../net/netfilter/rules';
import type { Ipv4 } from '../../wire/addr';
import type { VipConf } from '../conf/types';

/** RTM_NEWADDR as keepalived sends it: no broadcast unless `brd` was given, the label if any. */
export function addVip(stack: IpStack, vip: VipConf): void {
  const dev = vip.dev!;
  const iface = stack.iface(dev);
  if (!iface || iface.addrs.some((a) => a.ip === vip.ip && a.prefixLen === vip.prefixLen)) return;
  stack.addAddress(dev, vip.ip, vip.prefixLen, { label: vip.label ?? dev, broadcast: vip.brd ?? 0, scope: vip.scope });
}

/** RTM_DELADDR; an address that is not there is not an error for keepalived (force at start-up). */
export function removeVip(stack: IpStack, vip: VipConf): void {
  const dev = vip.dev!;
  const iface = stack.iface(dev);
  if (!iface) return;
  const a = iface.addrs.find((x) => x.ip === vip.ip && x.prefixLen === vip.prefixLen);
  if (a) stack.removeAddress(dev, a);
}

export function gratuitousArp(stack: IpStack, vip: VipConf): void {
  const iface = stack.iface(vip.dev!);
  if (iface?.nic) arpSend.gratuitous(stack, iface, vip.ip);
}

/** Send one advert datagram (already a full IPv4 packet) out of `dev`. */
export function sendRawIp(stack: IpStack, dev: string, dst: Ipv4, packet: Uint8Array): void {
  const route = stack.routeOutput(dst, dev);
  if (!route) return;
  stack.outputSkb(newSkb(packet, stack.world.newPid(), null, false, true), route);
}

function dropRule(vip: Ipv4): Rule {
  return {
    src: 0,
    smsk: 0,
    dst: vip,
    dmsk: 0xffffffff,
    invSrc: false,
    invDst: false,
    inIface: '',
    outIface: '',
    invIn: false,
    invOut: false,
    proto: 0,
    invProto: false,
    matches: [],
    target: { kind: 'verdict', name: 'DROP' },
    pkts: 0,
    bytes: 0,
  };
}

const isDropFor = (r: Rule, vip: Ipv4) =>
  r.dst === vip && r.dmsk === 0xffffffff && r.src === 0 && r.smsk === 0 && r.proto === 0 && r.matches.length === 0 && !r.inIface && !r.outIface && r.target.kind === 'verdict' && r.target.name === 'DROP';

/** Append (or delete) `-A <chain> -d VIP -j DROP` for each VIP in the filter table. */
export function setDropRules(stack: IpStack, chain: string, vips: VipConf[], add: boolean): void {
  if (!chain) return;
  const table = xtablesOf(stack).table('filter');
  const c = table.chain(chain);
  if (!c) return;
  for (const v of vips) {
    const i = c.rules.findIndex((r) => isDropFor(r, v.ip));
    if (add && i < 0) c.rules.push(dropRule(v.ip));
    else if (!add && i >= 0) c.rules.splice(i, 1);
  }
  stack.event('iptables', `keepalived ${add ? 'added' : 'removed'} DROP rules for ${vips.map((v) => v.text).join(' ')} in ${chain}`, { chain, add });
}
