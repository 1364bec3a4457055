/**
 * Test support for the netfilter tests (not used by the engine): a LAN client,
 * a NAT router and a server on the "internet" that has no route back to the LAN.
 *
 *   client 192.168.150.1 ── eth0 router eth1 100.64.0.2 ── server 100.64.0.9
 *   (gw .2)                 192.168.150.2                  (no default route)
 */
import { Host } from '../../os/host';
import { World } from '../../world';
import { parseIpv4 } from '../../wire/addr';
import { IpStack } from '../ip/stack';

export const A = (s: string): number => parseIpv4(s)!;

export interface Testbed {
  world: World;
  client: IpStack;
  router: IpStack;
  server: IpStack;
}

function host(world: World, id: string, ifaces: Array<[string, string, number]>): IpStack {
  const h = world.addNode(new Host(world, id));
  const st = new IpStack(h);
  for (const [name, ip, len] of ifaces) {
    st.addIface(name, h.addNic(name)).up = true;
    st.addAddress(name, A(ip), len);
  }
  return st;
}

export function natTestbed(seed = 1): Testbed {
  const world = new World(seed);
  const client = host(world, 'client', [['eth0', '192.168.150.1', 24]]);
  const router = host(world, 'router', [
    ['eth0', '192.168.150.2', 24],
    ['eth1', '100.64.0.2', 24],
  ]);
  const server = host(world, 'server', [['eth0', '100.64.0.9', 24]]);
  client.addRoute({ table: 'main', type: 'unicast', dst: 0, prefixLen: 0, gateway: A('192.168.150.2'), dev: 'eth0', proto: 'boot', scope: 'global', prefsrc: 0, metric: 0 });
  router.sysctl.set('net/ipv4/ip_forward', 1);
  const nic = (st: IpStack, n: string) => st.host.nic(n)!;
  world.connect('lan', nic(client, 'eth0'), nic(router, 'eth0'));
  world.connect('wan', nic(router, 'eth1'), nic(server, 'eth0'));
  return { world, client, router, server };
}
