import type { IpStack } from '../net/ip/stack';
import { formatIpv4, formatMac, prefixToMask } from '../wire/addr';
import type { DirEntry, VfsProvider } from './vfs';

/**
 * /etc/sysconfig/network-scripts/ifcfg-<dev>: the boot configuration, in the
 * layout of the course's CentOS VMs (note 002: DEVICE, a commented-out HWADDR
 * of the cloned VM, TYPE, ONBOOT, NM_CONTROLLED, BOOTPROTO, IPADDR, NETMASK,
 * GATEWAY, DNS1, DNS2). Written once when the host is built: like the real
 * files, they do not follow later `ifconfig` / `ip` changes.
 *
 * Simplification: a file written with `>` or `>>` replaces the whole file
 * (no append), and files cannot be removed.
 */
export function ifcfgProvider(stack: IpStack, dns: string[]): VfsProvider {
  const files = new Map<string, string>();
  const devs = [...stack.ifaces.values()];
  const gwRoute = stack.routes.main().find((r) => r.prefixLen === 0 && r.gateway !== 0);
  // The resolver lines go to the interface with the default gateway, else the first Ethernet one.
  const dnsDev = gwRoute?.dev ?? devs.find((d) => d.nic)?.name;
  for (const iface of devs) {
    if (iface.loopback) {
      files.set(
        'ifcfg-lo',
        "DEVICE=lo\nIPADDR=127.0.0.1\nNETMASK=255.0.0.0\nNETWORK=127.0.0.0\n# If you're having problems with gated making 127.0.0.0/8 a martian,\n# you can change this to something else (255.255.255.255, for example)\nBROADCAST=127.255.255.255\nONBOOT=yes\nNAME=loopback\n",
      );
      continue;
    }
    if (!iface.nic) continue;
    const name = iface.name;
    const primary = iface.addrs.find((a) => !a.secondary && a.label === name);
    const lines = [`DEVICE=${name}`, `#HWADDR=${formatMac(iface.mac).toUpperCase()}`, 'TYPE=Ethernet', `ONBOOT=${iface.up ? 'yes' : 'no'}`, 'NM_CONTROLLED=yes', `BOOTPROTO=${primary ? 'static' : 'none'}`];
    if (primary) lines.push(`IPADDR=${formatIpv4(primary.ip)}`, `NETMASK=${formatIpv4(prefixToMask(primary.prefixLen))}`);
    if (gwRoute && gwRoute.dev === name) lines.push(`GATEWAY=${formatIpv4(gwRoute.gateway)}`);
    if (name === dnsDev) dns.forEach((d, i) => lines.push(`DNS${i + 1}=${d}`));
    files.set(`ifcfg-${name}`, lines.join('\n') + '\n');
  }
  return {
    read: (rel) => files.get(rel),
    write: (rel, data) => {
      if (rel === '' || rel.includes('/')) return false;
      files.set(rel, data);
      return true;
    },
    isDir: (rel) => rel === '',
    list: (rel) =>
      rel === ''
        ? [...files.entries()]
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
            .map(([name, text]): DirEntry => ({ name, type: 'file', size: text.length, mode: 0o644 }))
        : undefined,
  };
}
