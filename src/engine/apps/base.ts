import type { Host } from '../os/host';
import type { IpStack } from '../net/ip/stack';
import { udpSockets } from '../transport/udp';
import { tcpOf } from '../transport/tcp/table';

/**
 * Packages of the course's CentOS 7 VMs before any `yum install`: the
 * network tools the notes use (net-tools' ifconfig/route/arp/netstat,
 * iproute's ip/ss, iputils' ping, curl). httpd, ipvsadm and keepalived are not here.
 */
export const BASE_PACKAGES = ['bash', 'coreutils', 'procps-ng', 'iproute', 'iputils', 'net-tools', 'curl', 'yum', 'systemd', 'iptables'] as const;

/** Give a freshly built host its base system. */
export function installBase(host: Host, stack: IpStack): void {
  for (const p of BASE_PACKAGES) host.packages.add(p);
  // The kernel's UDP is always there: datagrams to a closed port get ICMP port unreachable.
  udpSockets(stack);
  // ... and so is TCP: a SYN to a closed port gets an RST, not "protocol unreachable".
  tcpOf(stack);
}
