/**
 * The interface ioctls ifconfig uses, with the kernel's rules (net/ipv4/devinet.c
 * devinet_ioctl, net/core/dev_ioctl.c): an alias name `eth0:2` selects the
 * address whose label is `eth0:2`; SIOCSIFADDR gives it the classful mask
 * first; changing an address is delete + insert. Each returns an errno or null.
 */
import type { IpStack } from '../../../net/ip/stack';
import type { IfAddr, Iface } from '../../../net/ip/iface';
import { maskToPrefix, prefixToMask, type Ipv4 } from '../../../wire/addr';
import { abcLen, deviceOf, type Errno } from './inet';

/** The device's IFF_BROADCAST: Ethernet devices have it, lo and tunnels do not. */
export const hasBroadcast = (dev: Iface): boolean => dev.nic !== null;

/** The address an ifreq name designates: the first whose label is exactly that name. */
export function ifaOf(dev: Iface, name: string): IfAddr | undefined {
  return dev.addrs.find((a) => a.label === name);
}

function reinsert(stack: IpStack, dev: Iface, old: IfAddr, next: Omit<IfAddr, 'secondary'>): Errno | null {
  stack.removeAddress(dev.name, old);
  return insert(stack, dev, next);
}

function insert(stack: IpStack, dev: Iface, a: Omit<IfAddr, 'secondary'>): Errno | null {
  // inet_insert_ifa: 0.0.0.0 is not inserted (`ifconfig eth0:2 0.0.0.0` just deletes).
  if (a.ip === 0) return null;
  const err = stack.addAddress(dev.name, a.ip, a.prefixLen, { label: a.label, broadcast: a.broadcast, scope: a.scope });
  return err ? 'EEXIST' : null;
}

/** SIOCSIFADDR */
export function setAddr(stack: IpStack, name: string, ip: Ipv4): Errno | null {
  const dev = deviceOf(stack, name);
  if (!dev) return 'ENODEV';
  const len = abcLen(ip);
  if (len < 0) return 'EINVAL';
  const brd = hasBroadcast(dev) && len < 31 ? (ip | (~prefixToMask(len) >>> 0)) >>> 0 : 0;
  // inet_set_ifa: a 127/8 address is host scope, any other global.
  const next = { ip, prefixLen: len, broadcast: brd, label: name, scope: ip >>> 24 === 127 ? ('host' as const) : ('global' as const) };
  const old = ifaOf(dev, name);
  if (!old) return insert(stack, dev, next);
  if (old.ip === ip) return null;
  return reinsert(stack, dev, old, next);
}

/** SIOCSIFNETMASK: the broadcast follows the mask if it was the default one. */
export function setNetmask(stack: IpStack, name: string, mask: Ipv4): Errno | null {
  const dev = deviceOf(stack, name);
  if (!dev) return 'ENODEV';
  const old = ifaOf(dev, name);
  if (!old) return 'EADDRNOTAVAIL';
  const len = maskToPrefix(mask);
  if (len === undefined) return 'EINVAL';
  if (len === old.prefixLen) return null;
  const oldMask = prefixToMask(old.prefixLen);
  let broadcast = old.broadcast;
  if (hasBroadcast(dev) && len < 31 && old.broadcast === (old.ip | (~oldMask >>> 0)) >>> 0) broadcast = (old.ip | (~mask >>> 0)) >>> 0;
  return reinsert(stack, dev, old, { ...old, prefixLen: len, broadcast });
}

/** SIOCSIFBRDADDR */
export function setBroadcast(stack: IpStack, name: string, brd: Ipv4): Errno | null {
  const dev = deviceOf(stack, name);
  if (!dev) return 'ENODEV';
  const old = ifaOf(dev, name);
  if (!old) return 'EADDRNOTAVAIL';
  if (old.broadcast === brd) return null;
  return reinsert(stack, dev, old, { ...old, broadcast: brd });
}

/**
 * SIOCSIFFLAGS with IFF_UP set or cleared. On an alias name only "down" does
 * something: it deletes that address. On a device it brings the link up or down.
 */
export function setUp(stack: IpStack, name: string, up: boolean): Errno | null {
  const dev = deviceOf(stack, name);
  if (!dev) return 'ENODEV';
  if (name.includes(':')) {
    const ifa = ifaOf(dev, name);
    if (!ifa) return 'EADDRNOTAVAIL';
    if (!up) stack.removeAddress(dev.name, ifa);
    return null;
  }
  stack.setUp(dev.name, up);
  return null;
}

/** The MTUs a device accepts: e1000 (VMware's NIC) 46–16110; lo any non-negative. */
export function mtuRange(dev: Iface): [number, number] {
  if (dev.nic) return [46, 16110];
  if (dev.tunnel) return [68, 65515];
  return [0, 2 ** 31 - 1];
}

/** SIOCSIFMTU (also `ip link set mtu`, which answers the same errno). */
export function setMtu(stack: IpStack, name: string, mtu: number): Errno | null {
  const dev = deviceOf(stack, name);
  if (!dev) return 'ENODEV';
  const [lo, hi] = mtuRange(dev);
  if (!Number.isInteger(mtu) || mtu < lo || mtu > hi) return 'EINVAL';
  if (dev.mtu !== mtu) {
    dev.mtu = mtu;
    stack.event('link.mtu', `${dev.name} mtu ${mtu}`, { dev: dev.name, mtu });
  }
  return null;
}
