/**
 * A two-host world for TCP tests and the benchmark: `client` 192.168.150.1
 * and `server` 192.168.150.12 on one cable (no switch), TCP attached.
 */
import { Host } from '../../os/host';
import { Task, type Program } from '../../os/task';
import { IpStack } from '../../net/ip/stack';
import type { Link } from '../../net/link';
import { parseIpv4, type Ipv4 } from '../../wire/addr';
import { World } from '../../world';
import { installTcp, type TcpStack } from './table';

export const CLIENT_IP: Ipv4 = parseIpv4('192.168.150.1')!;
export const SERVER_IP: Ipv4 = parseIpv4('192.168.150.12')!;

export interface TwoHosts {
  world: World;
  client: Host;
  server: Host;
  link: Link;
  clientTcp: TcpStack;
  serverTcp: TcpStack;
}

export function twoHosts(opts: { seed?: number; latencyUs?: number; loss?: number } = {}): TwoHosts {
  const world = new World(opts.seed ?? 1);
  const mk = (id: string, ip: Ipv4) => {
    const h = world.addNode(new Host(world, id));
    const st = new IpStack(h);
    const nic = h.addNic('eth0');
    st.addIface('eth0', nic);
    st.addAddress('eth0', ip, 24);
    return { h, st, nic, tcp: installTcp(st) };
  };
  const c = mk('client', CLIENT_IP);
  const s = mk('server', SERVER_IP);
  const link = world.connect('cable', c.nic, s.nic, opts.latencyUs ?? 100, opts.loss ?? 0);
  return { world, client: c.h, server: s.h, link, clientTcp: c.tcp, serverTcp: s.tcp };
}

/** Run a program as a task now; `done` is set when it returns. */
export function spawn(world: World, program: Program): { task: Task; done: () => boolean; status: () => number } {
  let finished = false;
  let code = 0;
  const task = new Task(world.sim, program, (s) => {
    finished = true;
    code = s;
  });
  task.start();
  return { task, done: () => finished, status: () => code };
}
