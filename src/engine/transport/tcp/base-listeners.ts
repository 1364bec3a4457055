/**
 * The listening sockets a freshly booted CentOS 7 minimal VM has, owned by
 * the daemons already in its process table (os/boot.ts): sshd on
 * 0.0.0.0:22 (fd 3) and postfix's master on 127.0.0.1:25 (fd 13). So
 * `netstat -ntlp` shows what it shows on the course's VMs.
 *
 * They speak only their greeting (`SSH-2.0-OpenSSH_7.4`, `220 ... ESMTP
 * Postfix`), keep the connection until the client closes it or the login
 * grace time runs out, and go away with their process (the kernel closes a
 * dead process's sockets). `systemctl start sshd` opens port 22 again.
 */
import type { Host } from '../../os/host';
import type { ProcessInfo } from '../../os/process';
import { serviceDef, setServiceStart, type UnitContext } from '../../os/services';
import { parseIpv4 } from '../../wire/addr';
import { tcpListen, type TcpSocket } from './socket';

/** sshd's LoginGraceTime (sshd_config default): an idle unauthenticated connection is dropped. */
const SSHD_GRACE_US = 120_000_000;

function serve(host: Host, listener: TcpSocket, greeting: () => string, graceUs: number): void {
  const sim = host.world.sim;
  listener.onConnection = () => {
    for (;;) {
      const c = listener.tryAccept();
      if (!c) return;
      c.send(greeting());
      const deadline = sim.schedule(graceUs, () => c.close());
      const watch = (): void => {
        c.readable.wait(() =>
          sim.schedule(0, () => {
            c.read();
            if (c.eof || c.state === 'CLOSED') {
              sim.cancel(deadline);
              c.close();
            } else watch();
          }),
        );
      };
      watch();
    }
  };
}

function listenSshd(host: Host, pid: number): void {
  const l = tcpListen(host, 22, { owner: { pid, comm: 'sshd', fd: 3 } });
  if (typeof l === 'string') return;
  serve(host, l, () => 'SSH-2.0-OpenSSH_7.4\r\n', SSHD_GRACE_US);
}

function listenPostfix(host: Host, pid: number): void {
  const l = tcpListen(host, 25, { addr: parseIpv4('127.0.0.1')!, owner: { pid, comm: 'master', fd: 13 } });
  if (typeof l === 'string') return;
  serve(host, l, () => `220 ${host.hostname}.localdomain ESMTP Postfix\r\n`, 300_000_000);
}

let sshdUnitWrapped = false;

/** `systemctl start sshd` spawns a new main process: give it its listening socket. */
function wrapSshdUnit(): void {
  if (sshdUnitWrapped) return;
  const def = serviceDef('sshd');
  if (!def) return;
  sshdUnitWrapped = true;
  const start = def.start;
  setServiceStart('sshd', (unit: UnitContext) => {
    let main: ProcessInfo | undefined;
    const h = start({
      host: unit.host,
      name: unit.name,
      spawn: (p) => {
        const info = unit.spawn(p);
        main ??= info;
        return info;
      },
      log: (text, opts) => unit.log(text, opts),
    });
    if (typeof h !== 'string' && main) listenSshd(unit.host, main.pid);
    return h;
  });
}

/** Open the boot daemons' sockets for the processes `host` has. */
export function startBaseListeners(host: Host): void {
  wrapSshdUnit();
  for (const p of host.procs.procs.values()) {
    if (p.comm === 'sshd' && p.args.startsWith('/usr/sbin/sshd')) listenSshd(host, p.pid);
    else if (p.comm === 'master' && p.args.startsWith('/usr/libexec/postfix/master')) listenPostfix(host, p.pid);
  }
}
