import { describe, expect, it } from 'vitest';
import { transcript } from '../../../../test-support/transcript';
import type { ScenarioDocV1 } from '../../../scenario/types';
import type { Host } from '../../../os/host';

/** The director of the LVS labs, with ipvsadm installed and a few names in /etc/hosts. */
const director = (packages: string[] = ['ipvsadm']): ScenarioDocV1 => ({
  lvslab: 1,
  nodes: [
    {
      id: 'node01',
      kind: 'host',
      interfaces: [{ name: 'eth0', addresses: ['192.168.150.11/24'] }],
      packages,
      hosts: { node02: '192.168.150.12', node03: '192.168.150.13', vip: '192.168.150.100' },
    },
  ],
  links: [],
});

/** Type each line on node01 a tenth of a second apart; the transcript without the time stamps. */
function session(lines: string, doc = director()): { text: string; host: Host } {
  const script = lines
    .trim()
    .split('\n')
    .map((l, i) => `${(i / 10).toFixed(1)} node01 ${l.trim()}`)
    .join('\n');
  const { text, lab } = transcript(doc, script);
  return { text: text.replace(/^\[[\d.]+\] /gm, ''), host: lab.host('node01')! };
}

const L5 = `
ipvsadm -A -t 192.168.150.100:80 -s rr
ipvsadm -a -t 192.168.150.100:80 -r 192.168.150.12 -g -w 1
ipvsadm -a -t 192.168.150.100:80 -r 192.168.150.13 -g -w 1`;

describe('ipvsadm: building and listing the table', () => {
  it('the L5 sequence: a rr service, two DR real servers, the numeric listing', () => {
    const { text, host } = session(`${L5}\nipvsadm -ln`);
    expect(text).toBe(`node01$ ipvsadm -A -t 192.168.150.100:80 -s rr
node01$ ipvsadm -a -t 192.168.150.100:80 -r 192.168.150.12 -g -w 1
node01$ ipvsadm -a -t 192.168.150.100:80 -r 192.168.150.13 -g -w 1
node01$ ipvsadm -ln
IP Virtual Server version 1.2.1 (size=4096)
Prot LocalAddress:Port Scheduler Flags
  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn
TCP  192.168.150.100:80 rr
  -> 192.168.150.12:80            Route   1      0          0         
  -> 192.168.150.13:80            Route   1      0          0         
`);
    // the kernel keeps the newest real server first; the listing sorted them
    const svc = host.ipvs!.services[0];
    expect(svc.dests.map((d) => d.addr & 0xff)).toEqual([13, 12]);
    expect(svc.schedName).toBe('rr');
  });

  it('listing flavours: names, --thresholds, --persistent-conn, --exact --stats, one service, sched flags, fwmark', () => {
    const { text } = session(`
      ipvsadm -A -t 192.168.150.100:80 -s wrr -p
      ipvsadm -a -t 192.168.150.100:80 -r 192.168.150.12 -g -w 3 -x 100 -y 20
      ipvsadm -a -t 192.168.150.100:80 -r 192.168.150.13:8080 -g
      ipvsadm -A -u 192.168.150.100:53 -s sh -b sh-port,sh-fallback -p 60 -M 255.255.255.0
      ipvsadm -a -u 192.168.150.100:53 -r 192.168.150.12 -m -w 2
      ipvsadm -A -f 7 -s lc
      ipvsadm -a -f 7 -r 192.168.150.14 -i
      ipvsadm -Ln
      ipvsadm
      ipvsadm -Ln --thresholds
      ipvsadm -Ln --persistent-conn
      ipvsadm -Ln --exact --stats
      ipvsadm -Ln -t 192.168.150.100:80`);
    expect(text).toBe(`node01$ ipvsadm -A -t 192.168.150.100:80 -s wrr -p
node01$ ipvsadm -a -t 192.168.150.100:80 -r 192.168.150.12 -g -w 3 -x 100 -y 20
node01$ ipvsadm -a -t 192.168.150.100:80 -r 192.168.150.13:8080 -g
node01$ ipvsadm -A -u 192.168.150.100:53 -s sh -b sh-port,sh-fallback -p 60 -M 255.255.255.0
node01$ ipvsadm -a -u 192.168.150.100:53 -r 192.168.150.12 -m -w 2
node01$ ipvsadm -A -f 7 -s lc
node01$ ipvsadm -a -f 7 -r 192.168.150.14 -i
node01$ ipvsadm -Ln
IP Virtual Server version 1.2.1 (size=4096)
Prot LocalAddress:Port Scheduler Flags
  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn
TCP  192.168.150.100:80 wrr persistent 360
  -> 192.168.150.12:80            Route   3      0          0         
  -> 192.168.150.13:80            Route   1      0          0         
UDP  192.168.150.100:53 sh (sh-fallback,sh-port) persistent 60 mask 255.255.255.0
  -> 192.168.150.12:53            Masq    2      0          0         
FWM  7 lc
  -> 192.168.150.14:0             Tunnel  1      0          0         
node01$ ipvsadm
IP Virtual Server version 1.2.1 (size=4096)
Prot LocalAddress:Port Scheduler Flags
  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn
TCP  vip:http wrr persistent 360
  -> node02:http                  Route   3      0          0         
  -> node03:http                  Route   1      0          0         
UDP  vip:domain sh (sh-fallback,sh-port) persistent 60 mask 255.255.255.0
  -> node02:domain                Masq    2      0          0         
FWM  7 lc
  -> 192.168.150.14:0             Tunnel  1      0          0         
node01$ ipvsadm -Ln --thresholds
IP Virtual Server version 1.2.1 (size=4096)
Prot LocalAddress:Port            Uthreshold Lthreshold ActiveConn InActConn 
  -> RemoteAddress:Port
TCP  192.168.150.100:80 wrr persistent 360
  -> 192.168.150.12:80            100        20         0          0         
  -> 192.168.150.13:80            0          0          0          0         
UDP  192.168.150.100:53 sh (sh-fallback,sh-port) persistent 60 mask 255.255.255.0
  -> 192.168.150.12:53            0          0          0          0         
FWM  7 lc
  -> 192.168.150.14:0             0          0          0          0         
node01$ ipvsadm -Ln --persistent-conn
IP Virtual Server version 1.2.1 (size=4096)
Prot LocalAddress:Port            Weight    PersistConn ActiveConn InActConn 
  -> RemoteAddress:Port
TCP  192.168.150.100:80 wrr persistent 360
  -> 192.168.150.12:80            3         0           0          0         
  -> 192.168.150.13:80            1         0           0          0         
UDP  192.168.150.100:53 sh (sh-fallback,sh-port) persistent 60 mask 255.255.255.0
  -> 192.168.150.12:53            2         0           0          0         
FWM  7 lc
  -> 192.168.150.14:0             1         0           0          0         
node01$ ipvsadm -Ln --exact --stats
IP Virtual Server version 1.2.1 (size=4096)
Prot LocalAddress:Port               Conns   InPkts  OutPkts  InBytes OutBytes
  -> RemoteAddress:Port
TCP  192.168.150.100:80                  0        0        0        0        0
  -> 192.168.150.12:80                   0        0        0        0        0
  -> 192.168.150.13:80                   0        0        0        0        0
UDP  192.168.150.100:53                  0        0        0        0        0
  -> 192.168.150.12:53                   0        0        0        0        0
FWM  7                                   0        0        0        0        0
  -> 192.168.150.14:0                    0        0        0        0        0
node01$ ipvsadm -Ln -t 192.168.150.100:80
Prot LocalAddress:Port Scheduler Flags
  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn
TCP  192.168.150.100:80 wrr persistent 360
  -> 192.168.150.12:80            Route   3      0          0         
  -> 192.168.150.13:80            Route   1      0          0         
`);
  });

  it('--timeout, --set (0 keeps a value), --daemon', () => {
    const { text } = session(`
      ipvsadm -L --timeout
      ipvsadm --set 3600 0 120
      ipvsadm -L --timeout
      ipvsadm -L --daemon
      ipvsadm --start-daemon master
      ipvsadm -L --daemon
      ipvsadm -l --timeout --stats; echo $?`);
    expect(text).toBe(`node01$ ipvsadm -L --timeout
Timeout (tcp tcpfin udp): 900 120 300
node01$ ipvsadm --set 3600 0 120
node01$ ipvsadm -L --timeout
Timeout (tcp tcpfin udp): 3600 120 120
node01$ ipvsadm -L --daemon
node01$ ipvsadm --start-daemon master
node01$ ipvsadm -L --daemon
master sync daemon (mcast=eth0, syncid=0)
node01$ ipvsadm -l --timeout --stats; echo $?
options conflicts in the list command
2
`);
  });

  it('--nosort shows the kernel order (newest first); the default sorts by protocol, address, port', () => {
    const { text } = session(`
      ipvsadm -A -t 192.168.150.100:80 -s rr
      ipvsadm -a -t 192.168.150.100:80 -r 192.168.150.12
      ipvsadm -a -t 192.168.150.100:80 -r 192.168.150.14:8080 -g -w 2
      ipvsadm -a -t 192.168.150.100:80 -r 192.168.150.13 -w 3
      ipvsadm -A -f 1 -s wlc
      ipvsadm -A -u 192.168.150.100:53 -s rr
      ipvsadm -A -t 192.168.150.99:80 -s rr
      ipvsadm -Ln
      ipvsadm -Ln --nosort`);
    expect(text.slice(text.indexOf('node01$ ipvsadm -Ln\n'))).toBe(`node01$ ipvsadm -Ln
IP Virtual Server version 1.2.1 (size=4096)
Prot LocalAddress:Port Scheduler Flags
  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn
TCP  192.168.150.99:80 rr
TCP  192.168.150.100:80 rr
  -> 192.168.150.12:80            Route   1      0          0         
  -> 192.168.150.13:80            Route   3      0          0         
  -> 192.168.150.14:80            Route   2      0          0         
UDP  192.168.150.100:53 rr
FWM  1 wlc
node01$ ipvsadm -Ln --nosort
IP Virtual Server version 1.2.1 (size=4096)
Prot LocalAddress:Port Scheduler Flags
  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn
TCP  192.168.150.99:80 rr
UDP  192.168.150.100:53 rr
TCP  192.168.150.100:80 rr
  -> 192.168.150.13:80            Route   3      0          0         
  -> 192.168.150.14:80            Route   2      0          0         
  -> 192.168.150.12:80            Route   1      0          0         
FWM  1 wlc
`);
  });

  it('-E changes the scheduler (and resets what is not given), -e sets weight 0, -d, -D, -C', () => {
    const { text, host } = session(`${L5}
      ipvsadm -A -u 192.168.150.100:53 -s rr
      ipvsadm -E -t 192.168.150.100:80 -s wrr -p 120
      ipvsadm -e -t 192.168.150.100:80 -r 192.168.150.13 -w 0
      ipvsadm -Ln
      ipvsadm -d -t 192.168.150.100:80 -r 192.168.150.12
      ipvsadm -D -u 192.168.150.100:53
      ipvsadm -E -t 192.168.150.100:80
      ipvsadm -Ln
      ipvsadm -C
      ipvsadm -Ln`);
    expect(text.slice(text.indexOf('node01$ ipvsadm -E'))).toBe(`node01$ ipvsadm -E -t 192.168.150.100:80 -s wrr -p 120
node01$ ipvsadm -e -t 192.168.150.100:80 -r 192.168.150.13 -w 0
node01$ ipvsadm -Ln
IP Virtual Server version 1.2.1 (size=4096)
Prot LocalAddress:Port Scheduler Flags
  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn
TCP  192.168.150.100:80 wrr persistent 120
  -> 192.168.150.12:80            Route   1      0          0         
  -> 192.168.150.13:80            Route   0      0          0         
UDP  192.168.150.100:53 rr
node01$ ipvsadm -d -t 192.168.150.100:80 -r 192.168.150.12
node01$ ipvsadm -D -u 192.168.150.100:53
node01$ ipvsadm -E -t 192.168.150.100:80
node01$ ipvsadm -Ln
IP Virtual Server version 1.2.1 (size=4096)
Prot LocalAddress:Port Scheduler Flags
  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn
TCP  192.168.150.100:80 wlc
  -> 192.168.150.13:80            Route   0      0          0         
node01$ ipvsadm -C
node01$ ipvsadm -Ln
IP Virtual Server version 1.2.1 (size=4096)
Prot LocalAddress:Port Scheduler Flags
  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn
`);
    expect(host.ipvs!.services).toHaveLength(0);
  });
});

describe('ipvsadm: save and restore', () => {
  it('-S resolves names (and -R reads them back), -S -n and ipvsadm-save -n print numbers; thresholds are not saved', () => {
    const { text } = session(`
      ipvsadm -A -t 192.168.150.100:80 -s wrr -p
      ipvsadm -a -t 192.168.150.100:80 -r 192.168.150.12 -g -w 3 -x 100 -y 20
      ipvsadm -a -t 192.168.150.100:80 -r 192.168.150.13:8080 -g
      ipvsadm -A -u 192.168.150.100:53 -s sh -b sh-port -p 60 -M 255.255.255.0
      ipvsadm -a -u 192.168.150.100:53 -r 192.168.150.12 -m -w 2
      ipvsadm -A -f 7 -s lc
      ipvsadm -a -f 7 -r 192.168.150.14 -i
      ipvsadm -S
      ipvsadm -S -n
      ipvsadm-save -n
      ipvsadm -S > /root/named.rules
      ipvsadm -C
      ipvsadm -R < /root/named.rules
      ipvsadm -Sn`);
    const rules = `-A -t 192.168.150.100:80 -s wrr -p 360
-a -t 192.168.150.100:80 -r 192.168.150.12:80 -g -w 3
-a -t 192.168.150.100:80 -r 192.168.150.13:80 -g -w 1
-A -u 192.168.150.100:53 -s sh -p 60 -M 255.255.255.0 -b sh-port
-a -u 192.168.150.100:53 -r 192.168.150.12:53 -m -w 2
-A -f 7 -s lc
-a -f 7 -r 192.168.150.14:0 -i -w 1
`;
    expect(text.slice(text.indexOf('node01$ ipvsadm -S\n'))).toBe(`node01$ ipvsadm -S
-A -t vip:http -s wrr -p 360
-a -t vip:http -r node02:http -g -w 3
-a -t vip:http -r node03:http -g -w 1
-A -u vip:domain -s sh -p 60 -M 255.255.255.0 -b sh-port
-a -u vip:domain -r node02:domain -m -w 2
-A -f 7 -s lc
-a -f 7 -r 192.168.150.14:0 -i -w 1
node01$ ipvsadm -S -n
${rules}node01$ ipvsadm-save -n
${rules}node01$ ipvsadm -S > /root/named.rules
node01$ ipvsadm -C
node01$ ipvsadm -R < /root/named.rules
node01$ ipvsadm -Sn
${rules}`);
  });

  it('save → clear → restore through the shell redirections gives the same table', () => {
    const before = `IP Virtual Server version 1.2.1 (size=4096)
Prot LocalAddress:Port Scheduler Flags
  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn
TCP  192.168.150.100:80 rr
  -> 192.168.150.12:80            Route   1      0          0         
  -> 192.168.150.13:80            Route   1      0          0         
TCP  192.168.150.100:443 wlc persistent 300 mask 255.255.255.0
  -> 192.168.150.12:443           Masq    3      0          0         
`;
    const { text, host } = session(`${L5}
      ipvsadm -A -t 192.168.150.100:443 -s wlc -p 300 -M 255.255.255.0
      ipvsadm -a -t 192.168.150.100:443 -r 192.168.150.12 -m -w 3
      ipvsadm -Ln
      ipvsadm -S -n > /root/ipvs.rules
      ipvsadm -C
      ipvsadm -Ln
      ipvsadm -R < /root/ipvs.rules
      ipvsadm -Ln`);
    expect(host.fs.read('/root/ipvs.rules')).toBe(`-A -t 192.168.150.100:80 -s rr
-a -t 192.168.150.100:80 -r 192.168.150.12:80 -g -w 1
-a -t 192.168.150.100:80 -r 192.168.150.13:80 -g -w 1
-A -t 192.168.150.100:443 -s wlc -p 300 -M 255.255.255.0
-a -t 192.168.150.100:443 -r 192.168.150.12:443 -m -w 3
`);
    expect(text.slice(text.indexOf('node01$ ipvsadm -Ln\n'))).toBe(`node01$ ipvsadm -Ln
${before}node01$ ipvsadm -S -n > /root/ipvs.rules
node01$ ipvsadm -C
node01$ ipvsadm -Ln
IP Virtual Server version 1.2.1 (size=4096)
Prot LocalAddress:Port Scheduler Flags
  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn
node01$ ipvsadm -R < /root/ipvs.rules
node01$ ipvsadm -Ln
${before}`);
  });

  it('-R goes on after a kernel error (status of the last line) and stops dead on a line it cannot parse', () => {
    const { text } = session(`
      ipvsadm -A -t 192.168.150.100:80 -s rr
      echo '-A -t 192.168.150.100:80 -s rr' > /root/r
      echo 'ipvsadm -A -u 192.168.150.100:53' >> /root/r
      ipvsadm -R < /root/r; echo $?
      echo '# comment' >> /root/r
      echo '-A -u 192.168.150.100:54' >> /root/r
      ipvsadm-restore < /root/r; echo $?
      ipvsadm -Ln`);
    expect(text.slice(text.indexOf('node01$ ipvsadm -R'))).toBe(`node01$ ipvsadm -R < /root/r; echo $?
Service already exists
0
node01$ echo '# comment' >> /root/r
node01$ echo '-A -u 192.168.150.100:54' >> /root/r
node01$ ipvsadm-restore < /root/r; echo $?
Service already exists
Service already exists
Try \`ipvsadm -h' or 'ipvsadm --help' for more information.
255
node01$ ipvsadm -Ln
IP Virtual Server version 1.2.1 (size=4096)
Prot LocalAddress:Port Scheduler Flags
  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn
TCP  192.168.150.100:80 rr
UDP  192.168.150.100:53 wlc
`);
  });
});

describe('ipvsadm: errors, as the real one words them, with its exit statuses', () => {
  it('kernel errors exit 255; option errors exit 2; a missing listed service exits 1; no command 255', () => {
    const { text, host } = session(`${L5}
      ipvsadm -A -t 192.168.150.100:80; echo $?
      ipvsadm -E -t 192.168.150.100:81 -s rr; echo $?
      ipvsadm -D -t 192.168.150.100:81; echo $?
      ipvsadm -A -t 192.168.150.100:81 -s foo; echo $?
      ipvsadm -a -t 192.168.150.100:81 -r 192.168.150.12; echo $?
      ipvsadm -a -t 192.168.150.100:80 -r 192.168.150.12; echo $?
      ipvsadm -e -t 192.168.150.100:80 -r 192.168.150.19; echo $?
      ipvsadm -d -t 192.168.150.100:80 -r 192.168.150.19; echo $?
      ipvsadm -a -t 192.168.150.100:80 -r 192.168.150.14 -x 5 -y 10; echo $?
      ipvsadm -Z -t 192.168.150.100:99; echo $?
      ipvsadm -Ln -t 192.168.150.100:81; echo $?
      ipvsadm -A -t 192.168.150.100:82 -w 1; echo $?
      ipvsadm -A -t 192.168.150.100:83 -r 192.168.150.14; echo $?
      ipvsadm -a -t 192.168.150.100:80 -r 192.168.150.14 -w -1; echo $?
      ipvsadm -a -t 192.168.150.100:80 -r 192.168.150.14 -w 70000; echo $?
      ipvsadm -a -t 192.168.150.100:80 -r 192.168.150.14 -w 2147483648; echo $?
      ipvsadm -A -t 192.168.150.300:80; echo $?
      ipvsadm -A -t 192.168.150.100; echo $?
      ipvsadm -a -t 192.168.150.100:80; echo $?
      ipvsadm -A -t 192.168.150.100:80 -D; echo $?
      ipvsadm -a -t 192.168.150.100:80 -r 192.168.150.14 -g -m; echo $?
      ipvsadm --add-servce -t 192.168.150.100:80; echo $?
      ipvsadm -n; echo $?
      ipvsadm -L --bogus; echo $?
      ipvsadm -Ln`);
    expect(text.slice(text.indexOf('node01$ ipvsadm -A -t 192.168.150.100:80;'))).toBe(`node01$ ipvsadm -A -t 192.168.150.100:80; echo $?
Service already exists
255
node01$ ipvsadm -E -t 192.168.150.100:81 -s rr; echo $?
No such service
255
node01$ ipvsadm -D -t 192.168.150.100:81; echo $?
No such service
255
node01$ ipvsadm -A -t 192.168.150.100:81 -s foo; echo $?
Scheduler or persistence engine not found
255
node01$ ipvsadm -a -t 192.168.150.100:81 -r 192.168.150.12; echo $?
Service not defined
255
node01$ ipvsadm -a -t 192.168.150.100:80 -r 192.168.150.12; echo $?
Destination already exists
255
node01$ ipvsadm -e -t 192.168.150.100:80 -r 192.168.150.19; echo $?
No such destination
255
node01$ ipvsadm -d -t 192.168.150.100:80 -r 192.168.150.19; echo $?
No such destination
255
node01$ ipvsadm -a -t 192.168.150.100:80 -r 192.168.150.14 -x 5 -y 10; echo $?
Numerical result out of range
255
node01$ ipvsadm -Z -t 192.168.150.100:99; echo $?
No such service
255
node01$ ipvsadm -Ln -t 192.168.150.100:81; echo $?
No such service
1
node01$ ipvsadm -A -t 192.168.150.100:82 -w 1; echo $?
Illegal 'weight' option with the 'add-service' command
2
node01$ ipvsadm -A -t 192.168.150.100:83 -r 192.168.150.14; echo $?
Illegal 'real-server' option with the 'add-service' command
2
node01$ ipvsadm -a -t 192.168.150.100:80 -r 192.168.150.14 -w -1; echo $?
illegal weight specified
2
node01$ ipvsadm -a -t 192.168.150.100:80 -r 192.168.150.14 -w 70000; echo $?
illegal weight specified
2
node01$ ipvsadm -a -t 192.168.150.100:80 -r 192.168.150.14 -w 2147483648; echo $?
illegal weight specified
2
node01$ ipvsadm -A -t 192.168.150.300:80; echo $?
illegal virtual server address[:port] specified
2
node01$ ipvsadm -A -t 192.168.150.100; echo $?
Zero port specified for non-persistent service
2
node01$ ipvsadm -a -t 192.168.150.100:80; echo $?
You need to supply the 'real-server' option for the 'add-server' command
2
node01$ ipvsadm -A -t 192.168.150.100:80 -D; echo $?
invalid option \`-D'
2
node01$ ipvsadm -a -t 192.168.150.100:80 -r 192.168.150.14 -g -m; echo $?
multiple 'forwarding-method' options specified
2
node01$ ipvsadm --add-servce -t 192.168.150.100:80; echo $?
Try \`ipvsadm -h' or 'ipvsadm --help' for more information.
255
node01$ ipvsadm -n; echo $?
Try \`ipvsadm -h' or 'ipvsadm --help' for more information.
255
node01$ ipvsadm -L --bogus; echo $?
--bogus: unknown option
255
node01$ ipvsadm -Ln
IP Virtual Server version 1.2.1 (size=4096)
Prot LocalAddress:Port Scheduler Flags
  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn
TCP  192.168.150.100:80 rr
  -> 192.168.150.12:80            Route   1      0          0         
  -> 192.168.150.13:80            Route   1      0          0         
`);
    // nothing above changed the table
    expect(host.ipvs!.services).toHaveLength(1);
  });

  it('-a with a port on a DR server silently uses the service port (§7)', () => {
    const { text } = session(`
      ipvsadm -A -t 192.168.150.100:80
      ipvsadm -a -t 192.168.150.100:80 -r 192.168.150.12:8080 -g; echo $?
      ipvsadm -a -t 192.168.150.100:80 -r 192.168.150.13:8080 -m; echo $?
      ipvsadm -Sn`);
    expect(text.slice(text.indexOf('node01$ ipvsadm -Sn'))).toBe(`node01$ ipvsadm -Sn
-A -t 192.168.150.100:80 -s wlc
-a -t 192.168.150.100:80 -r 192.168.150.12:80 -g -w 1
-a -t 192.168.150.100:80 -r 192.168.150.13:8080 -m -w 1
`);
  });

  it('is "command not found" until the ipvsadm package is installed', () => {
    const { text } = session('ipvsadm -Ln\necho $?\nipvsadm-save\nipvsadm -v', director([]));
    expect(text).toBe(`node01$ ipvsadm -Ln
-bash: ipvsadm: command not found
node01$ echo $?
127
node01$ ipvsadm-save
-bash: ipvsadm-save: command not found
node01$ ipvsadm -v
-bash: ipvsadm: command not found
`);
    expect(session('ipvsadm -v').text).toBe('node01$ ipvsadm -v\nipvsadm v1.27 2008/5/15 (compiled with popt and IPVS v1.2.1)\n');
  });

  it('-h prints the 1.27 usage on stdout and exits 0', () => {
    const { text, host } = session('ipvsadm -h > /tmp/usage; echo $?\nipvsadm -h -n; echo $?');
    expect(text).toBe("node01$ ipvsadm -h > /tmp/usage; echo $?\n0\nnode01$ ipvsadm -h -n; echo $?\n" + host.fs.read('/tmp/usage') + '0\n');
    const usage = host.fs.read('/tmp/usage').split('\n');
    expect(usage.slice(0, 3)).toEqual([
      'ipvsadm v1.27 2008/5/15 (compiled with popt and IPVS v1.2.1)',
      'Usage:',
      '  ipvsadm -A|E -t|u|f service-address [-s scheduler] [-p [timeout]] [-M netmask] [--pe persistence_engine] [-b sched-flags]',
    ]);
    expect(usage).toHaveLength(68);
    expect(usage.at(-2)).toBe('  --sched-flags  -b flags             scheduler flags (comma-separated)');
  });
});
