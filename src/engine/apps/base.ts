import type { Host } from '../os/host';
import type { IpStack } from '../net/ip/stack';
import { udpSockets } from '../transport/udp';
import { tcpOf } from '../transport/tcp/table';
import { startBaseListeners } from '../transport/tcp/base-listeners';
import { installDevTcp } from '../transport/tcp/devtcp';
import { resolve } from './dns/resolver';

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
  // sshd and postfix (already in the process table) listen on 22 and 127.0.0.1:25; bash opens /dev/tcp/HOST/PORT.
  startBaseListeners(host);
  installDevTcp(host, (h, name, who) => resolve({ host: h, pid: who.pid, comm: who.comm }, name));
}
