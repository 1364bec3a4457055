/**
 * `ipvsadm -h` and `ipvsadm -v` of ipvsadm 1.27 as CentOS 7 builds it (popt,
 * IPVS 1.2.1). 1.27 keeps the 2008 version date; its usage has no daemon
 * option block and lists the ten schedulers of its SCHEDULERS macro.
 */

export const IPVSADM_VERSION = 'v1.27 2008/5/15';
export const IPVS_VERSION = '1.2.1';

export const versionText = (): string => `ipvsadm ${IPVSADM_VERSION} (compiled with popt and IPVS v${IPVS_VERSION})\n`;

export function usageText(program: string): string {
  const p = program;
  return (
    versionText() +
    'Usage:\n' +
    `  ${p} -A|E -t|u|f service-address [-s scheduler] [-p [timeout]] [-M netmask] [--pe persistence_engine] [-b sched-flags]\n` +
    `  ${p} -D -t|u|f service-address\n` +
    `  ${p} -C\n` +
    `  ${p} -R\n` +
    `  ${p} -S [-n]\n` +
    `  ${p} -a|e -t|u|f service-address -r server-address [options]\n` +
    `  ${p} -d -t|u|f service-address -r server-address\n` +
    `  ${p} -L|l [options]\n` +
    `  ${p} -Z [-t|u|f service-address]\n` +
    `  ${p} --set tcp tcpfin udp\n` +
    `  ${p} --start-daemon state [--mcast-interface interface] [--syncid sid]\n` +
    `  ${p} --stop-daemon state\n` +
    `  ${p} -h\n\n` +
    'Commands:\n' +
    'Either long or short options are allowed.\n' +
    '  --add-service     -A        add virtual service with options\n' +
    '  --edit-service    -E        edit virtual service with options\n' +
    '  --delete-service  -D        delete virtual service\n' +
    '  --clear           -C        clear the whole table\n' +
    '  --restore         -R        restore rules from stdin\n' +
    '  --save            -S        save rules to stdout\n' +
    '  --add-server      -a        add real server with options\n' +
    '  --edit-server     -e        edit real server with options\n' +
    '  --delete-server   -d        delete real server\n' +
    '  --list            -L|-l     list the table\n' +
    '  --zero            -Z        zero counters in a service or all services\n' +
    '  --set tcp tcpfin udp        set connection timeout values\n' +
    '  --start-daemon              start connection sync daemon\n' +
    '  --stop-daemon               stop connection sync daemon\n' +
    '  --help            -h        display this help message\n\n' +
    'Options:\n' +
    '  --tcp-service  -t service-address   service-address is host[:port]\n' +
    '  --udp-service  -u service-address   service-address is host[:port]\n' +
    '  --fwmark-service  -f fwmark         fwmark is an integer greater than zero\n' +
    '  --ipv6         -6                   fwmark entry uses IPv6\n' +
    '  --scheduler    -s scheduler         one of rr|wrr|lc|wlc|lblc|lblcr|dh|sh|sed|nq,\n' +
    '                                      the default scheduler is wlc.\n' +
    '  --pe            engine              alternate persistence engine may be sip,\n' +
    '                                      not set by default.\n' +
    '  --persistent   -p [timeout]         persistent service\n' +
    '  --netmask      -M netmask           persistent granularity mask\n' +
    '  --real-server  -r server-address    server-address is host (and port)\n' +
    '  --gatewaying   -g                   gatewaying (direct routing) (default)\n' +
    '  --ipip         -i                   ipip encapsulation (tunneling)\n' +
    '  --masquerading -m                   masquerading (NAT)\n' +
    '  --weight       -w weight            capacity of real server\n' +
    '  --u-threshold  -x uthreshold        upper threshold of connections\n' +
    '  --l-threshold  -y lthreshold        lower threshold of connections\n' +
    '  --mcast-interface interface         multicast interface for connection sync\n' +
    '  --syncid sid                        syncid for connection sync (default=255)\n' +
    '  --connection   -c                   output of current IPVS connections\n' +
    '  --timeout                           output of timeout (tcp tcpfin udp)\n' +
    '  --daemon                            output of daemon information\n' +
    '  --stats                             output of statistics information\n' +
    '  --rate                              output of rate information\n' +
    '  --exact                             expand numbers (display exact values)\n' +
    '  --thresholds                        output of thresholds information\n' +
    '  --persistent-conn                   output of persistent connection info\n' +
    '  --nosort                            disable sorting output of service/server entries\n' +
    '  --sort                              does nothing, for backwards compatibility\n' +
    '  --ops          -o                   one-packet scheduling\n' +
    '  --numeric      -n                   numeric output of addresses and ports\n' +
    '  --sched-flags  -b flags             scheduler flags (comma-separated)\n'
  );
}
