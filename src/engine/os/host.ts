import type { Fd } from '../shell/streams';
import { Shell } from '../shell/shell';
import { NetNode, type NodeKind } from '../net/node';
import type { Nic } from '../net/nic';
import type { Block, Wake } from './task';
import type { World } from '../world';
import type { Ipvs } from '../lvs/ipvs';
import { ProcessTable } from './process';
import { Vfs } from './vfs';
import { beginLogin, bootHost, endLogin } from './boot';

/** Opens a device path (`/dev/null`, `/dev/tcp/HOST/PORT`): an Fd, or an error text such as `Connection refused`. */
export type DeviceOpener = (path: string, mode: 'r' | 'w' | 'a' | 'rw', ctx?: DeviceContext) => Generator<Block, Fd | string, Wake> | undefined;

/** Who opens a device: the process and descriptor number (for `netstat -p`/`ss -p`), and where its diagnostics go (`bash: connect: ...`). */
export interface DeviceContext {
  pid: number;
  comm: string;
  fd: number;
  /** Print a diagnostic line as the opening program does (the shell prefixes `-bash: `). */
  warn(message: string): void;
}

/** Receives frames for a host once its network stack is attached (see net/stack). */
export interface FrameSink {
  receive(nic: Nic, frame: Uint8Array, pid: number): void;
}

/**
 * A simulated Linux machine (CentOS 7 flavour, as in the course): files,
 * processes, installed packages, shells, and — attached by the network
 * layer — interfaces, addresses, routes, neighbours and sockets.
 */
export class Host extends NetNode {
  hostname: string;
  readonly fs = new Vfs();
  readonly procs = new ProcessTable();
  readonly packages = new Set<string>();
  readonly shells: Shell[] = [];
  private readonly devices: DeviceOpener[] = [];
  /** The network stack; set by the net layer when the host is built. */
  stack: FrameSink | null = null;
  /** IPVS, once the ip_vs module is loaded (first ipvsadm or keepalived call). */
  ipvs: Ipvs | null = null;

  constructor(world: World, id: string, kind: NodeKind = 'host') {
    super(world, id, kind);
    this.hostname = id;
    this.fs.clock = () => world.now;
    for (const d of ['/root', '/tmp', '/etc/sysconfig/network-scripts', '/var/log', '/var/www/html', '/dev', '/proc', '/usr/bin', '/usr/sbin']) this.fs.mkdirp(d);
    this.fs.write('/etc/hostname', `${id}\n`);
    this.fs.write('/etc/hosts', '127.0.0.1   localhost localhost.localdomain localhost4 localhost4.localdomain4\n::1         localhost localhost.localdomain localhost6 localhost6.localdomain6\n');
    this.fs.write('/etc/resolv.conf', '');
    // CentOS 7's stock /etc/sysctl.conf (procps-ng): comments only; `sysctl -p` reads it.
    this.fs.write('/etc/sysctl.conf', '# System default settings live in /usr/lib/sysctl.d/00-system.conf.\n# To override those settings, enter new settings here, or in an /etc/sysctl.d/<name>.conf file\n#\n# For more information, see sysctl.conf(5) and sysctl.d(5).\n');
    this.procs.spawn({ pid: 1, ppid: 0, comm: 'systemd', args: '/usr/lib/systemd/systemd --switched-root --system --deserialize 22', user: 'root', start: 0 });
    this.addDevice((path) => {
      if (path !== '/dev/null') return undefined;
      // eslint-disable-next-line require-yield
      return (function* (): Generator<Block, Fd | string, Wake> {
        return { target: '/dev/null', output: { write: () => {} }, input: { *readAll() { return ''; } } };
      })();
    });
    bootHost(this);
  }

  addDevice(open: DeviceOpener): void {
    this.devices.push(open);
  }

  /** A device opener's program for `path`, or undefined when it is an ordinary file. */
  openDevice(path: string, mode: 'r' | 'w' | 'a' | 'rw', ctx?: DeviceContext): Generator<Block, Fd | string, Wake> | undefined {
    for (const d of this.devices) {
      const g = d(path, mode, ctx);
      if (g) return g;
    }
    return undefined;
  }

  /** A new interactive shell; `terminal` receives everything it prints. */
  openShell(terminal: (text: string) => void): Shell {
    const tty = `/dev/pts/${this.shells.length}`;
    const sshd = beginLogin(this, tty);
    const sh = new Shell(this, terminal, tty);
    endLogin(this, sh, sshd);
    this.shells.push(sh);
    return sh;
  }

  receive(nic: Nic, frame: Uint8Array, pid: number): void {
    if (this.stack) this.stack.receive(nic, frame, pid);
    else this.world.drop(this, nic, frame, pid, 'no network stack');
  }
}
