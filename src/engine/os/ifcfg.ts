import type { IpStack } from '../net/ip/stack';
import { formatIpv4, formatMac, prefixToMask } from '../wire/addr';
import type { DirEntry, VfsProvider } from './vfs';
import type { Host } from './host';

/**
 * /etc/sysconfig/network-scripts/ifcfg-<dev>, generated from the interface's
 * live state so `cat` always agrees with `ifconfig` (CentOS 7 network-scripts format).
 */
export function ifcfgProvider(host: Host, stack: IpStack, dns: string[]): VfsProvider {
  const devs = () => [...stack.ifaces.values()].filter((i) => i.nic || i.loopback);
  const render = (name: string): string | undefined => {
    const iface = stack.iface(name);
    if (!iface) return undefined;
    if (iface.loopback) {
      return 'DEVICE=lo\nIPADDR=127.0.0.1\nNETMASK=255.0.0.0\nNETWORK=127.0.0.0\n# If you\'re having problems with gated making 127.0.0.0/8 a martian,\n# you can change this to something else (255.255.255.255, for example)\nBROADCAST=127.255.255.255\nONBOOT=yes\nNAME=loopback\n';
    }
    const primary = iface.addrs.find((a) => !a.secondary && a.label === name);
    const gw = stack.routes.main().find((r) => r.prefixLen === 0 && r.dev === name);
    const lines = [
      'TYPE=Ethernet',
      `BOOTPROTO=${primary ? 'static' : 'none'}`,
      'DEFROUTE=yes',
      `NAME=${name}`,
      `DEVICE=${name}`,
      `HWADDR=${formatMac(iface.mac).toUpperCase()}`,
      `ONBOOT=${iface.up ? 'yes' : 'no'}`,
    ];
    if (primary) {
      lines.push(`IPADDR=${formatIpv4(primary.ip)}`, `NETMASK=${formatIpv4(prefixToMask(primary.prefixLen))}`);
    }
    if (gw) lines.push(`GATEWAY=${formatIpv4(gw.gateway)}`);
    dns.forEach((d, i) => lines.push(`DNS${i + 1}=${d}`));
    return lines.join('\n') + '\n';
  };
  void host;
  return {
    read: (rel) => (rel.startsWith('ifcfg-') ? render(rel.slice(6)) : undefined),
    isDir: (rel) => rel === '',
    list: (rel) =>
      rel === ''
        ? devs().map((i): DirEntry => ({ name: `ifcfg-${i.name}`, type: 'file', size: (render(i.name) ?? '').length, mode: 0o644 }))
        : undefined,
  };
}
