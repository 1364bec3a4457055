import { formatIpv4, MAC_BROADCAST, networkOf, type Ipv4, type Mac } from '../../wire/addr';
import { ARP_OPER, arpReply, arpRequest, emitArp, isGratuitousArp, parseArp, ARP_LEN, type ArpRepr } from '../../wire/arp';
import { buildEthernetFrame, ETHERTYPE } from '../../wire/ethernet';
import type { Iface } from './iface';
import type { IpStack } from './stack';

/** Put an ARP packet on the wire from `dev`. */
export function sendArp(stack: IpStack, dev: Iface, repr: ArpRepr, dstMac: Mac, pid = stack.world.newPid()): void {
  const body = new Uint8Array(ARP_LEN);
  emitArp(repr, body, 0);
  stack.xmitFrame(dev, buildEthernetFrame({ dst: dstMac, src: dev.mac, ethertype: ETHERTYPE.ARP }, body), pid);
}

/** Both addresses inside one subnet of a primary address of `dev` (inet_addr_onlink). */
function onlink(dev: Iface, a: Ipv4, b: Ipv4): boolean {
  return dev.addrs.some((x) => !x.secondary && networkOf(a, x.prefixLen) === networkOf(x.ip, x.prefixLen) && networkOf(b, x.prefixLen) === networkOf(x.ip, x.prefixLen));
}

export const arpSend = {
  /**
   * arp_solicit: ask who-has `target`. The sender IP follows arp_announce
   * (max of all and dev): 0 any local source of the queued packet, 1 only if
   * on-link with the target, 2 always the device's best address.
   */
  solicit(stack: IpStack, devName: string, target: Ipv4, unicastTo: Mac | undefined, srcHint: Ipv4 | undefined): void {
    const dev = stack.iface(devName);
    if (!dev || !dev.nic) return;
    let saddr = 0;
    const announce = stack.sysctl.conf(devName, 'arp_announce');
    if (srcHint && stack.isLocalAddress(srcHint)) {
      if (announce === 0) saddr = srcHint;
      else if (announce === 1 && onlink(dev, target, srcHint)) saddr = srcHint;
    }
    if (!saddr) saddr = stack.selectSource(dev, target, 'link');
    sendArp(stack, dev, arpRequest(dev.mac, saddr, target), unicastTo ?? MAC_BROADCAST);
  },

  /** keepalived / arping -U: a gratuitous ARP request announcing `ip` at dev's MAC. */
  gratuitous(stack: IpStack, dev: Iface, ip: Ipv4): void {
    sendArp(stack, dev, { operation: ARP_OPER.REQUEST, senderHardwareAddr: dev.mac, senderProtocolAddr: ip, targetHardwareAddr: MAC_BROADCAST, targetProtocolAddr: ip }, MAC_BROADCAST);
  },
};

/**
 * arp_ignore (net/ipv4/arp.c): true when the kernel must not answer a
 * request for `tip` that arrived on `dev` from `sip`.
 */
export function arpIgnores(stack: IpStack, dev: Iface, sip: Ipv4, tip: Ipv4): { ignore: boolean; level: number } {
  const level = stack.sysctl.conf(dev.name, 'arp_ignore');
  switch (level) {
    case 0:
      return { ignore: false, level };
    case 1: // reply only if tip is configured on the incoming interface
      return { ignore: !dev.has(tip), level };
    case 2: // ... and sip is in that address's subnet
      return { ignore: !dev.addrs.some((a) => a.ip === tip && networkOf(sip, a.prefixLen) === networkOf(a.ip, a.prefixLen)), level };
    case 3: {
      // do not reply for scope host addresses (search every device)
      for (const d of stack.ifaces.values()) for (const a of d.addrs) if (a.ip === tip) return { ignore: a.scope === 'host', level };
      return { ignore: true, level };
    }
    case 8:
      return { ignore: true, level };
    default: // 4–7 reserved: reply
      return { ignore: false, level };
  }
}

/** arp_process: answer requests for our addresses, learn senders, honour arp_ignore. */
export function arpRcv(stack: IpStack, dev: Iface, payload: Uint8Array, _ethSrc: Mac, l2broadcast: boolean, pid: number, frame: Uint8Array): void {
  const host = stack.host;
  const nic = dev.nic ?? undefined;
  const p = parseArp(payload);
  if (!p.ok) return stack.world.drop(host, nic, frame, pid, p.error);
  const a = p.value.repr;
  const sip = a.senderProtocolAddr;
  const tip = a.targetProtocolAddr;
  const sha = a.senderHardwareAddr;
  if (sip >>> 28 === 0xe || sip >>> 24 === 127 || tip >>> 28 === 0xe || tip >>> 24 === 127) {
    return stack.world.drop(host, nic, frame, pid, 'ARP with a multicast or loopback address');
  }
  const garp = isGratuitousArp(a);
  if (a.operation === ARP_OPER.REQUEST && !garp) {
    if (stack.isLocalAddress(tip) && sip !== 0) {
      const { ignore, level } = arpIgnores(stack, dev, sip, tip);
      if (ignore) {
        return stack.world.drop(host, nic, frame, pid, `ARP ignored: who-has ${formatIpv4(tip)} (arp_ignore=${level} on ${dev.name})`);
      }
      // neigh_event_ns: a request to us creates or refreshes the sender's entry.
      stack.neigh.update(dev.name, sip, sha, { solicited: false, create: true, override: true });
      sendArp(stack, dev, arpReply(dev.mac, tip, sha, sip), sha);
      return;
    }
    if (sip === 0 && stack.isLocalAddress(tip)) {
      // RFC 5227 probe for an address we own: defend it.
      sendArp(stack, dev, arpReply(dev.mac, tip, sha, 0), sha);
      return;
    }
  }
  // Replies, gratuitous ARP and requests for others: refresh an entry we already have (arp_accept=0 creates none).
  const existing = stack.neigh.get(dev.name, sip);
  const create = garp && stack.sysctl.conf(dev.name, 'arp_accept') === 1;
  if (existing || create) {
    const solicited = a.operation === ARP_OPER.REPLY && !l2broadcast;
    stack.neigh.update(dev.name, sip, sha, { solicited, create, override: garp });
  }
  if (a.operation === ARP_OPER.REQUEST && !garp && !stack.isLocalAddress(tip)) {
    stack.world.drop(host, nic, frame, pid, `who-has ${formatIpv4(tip)}: not this host's address`);
  }
}
