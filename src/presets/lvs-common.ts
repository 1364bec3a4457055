import type { NodeDoc } from '../engine/scenario/types';

/** The lab table of the course (LABS.md): the client and the three nodes, on switch `sw`. */
export const LAB_ADDR = {
  client: '192.168.150.1',
  node01: '192.168.150.11',
  node02: '192.168.150.12',
  node03: '192.168.150.13',
  vip: '192.168.150.100',
} as const;

/** The notes' DR real-server steps 2–3: hide the VIP (ARP sysctls) and put it on lo:1 as /32. */
export const drRealServerBoot = (): string[] => [
  'echo 1 > /proc/sys/net/ipv4/conf/eth0/arp_ignore',
  'echo 2 > /proc/sys/net/ipv4/conf/eth0/arp_announce',
  'echo 1 > /proc/sys/net/ipv4/conf/all/arp_ignore',
  'echo 2 > /proc/sys/net/ipv4/conf/all/arp_announce',
  `ifconfig lo:1 ${LAB_ADDR.vip} netmask 255.255.255.255`,
];

/** Step 4: a web server whose page says which server answered. */
export const webServerBoot = (id: string, ip: string): string[] => [`echo 'from ${id} (${ip})' > /var/www/html/index.html`, 'service httpd start'];

export function labHost(id: string, ip: string, x: number, y: number, extra: Partial<NodeDoc> = {}): NodeDoc {
  return { id, kind: 'host', position: { x, y }, interfaces: [{ name: 'eth0', addresses: [`${ip}/24`] }], ...extra };
}

export const labSwitch = (ports: number, x: number, y: number): NodeDoc => ({
  id: 'sw',
  kind: 'switch',
  position: { x, y },
  interfaces: Array.from({ length: ports }, (_, i) => ({ name: `p${i + 1}` })),
});

export const cable = (node: string, iface: string, sw: string, port: string) => ({ a: { node, iface }, b: { node: sw, iface: port } });
