import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseKeepalivedConf } from './parse';
import { completeCheck, completeVrrp } from './complete';
import type { Subsystem } from './types';
import { KEEPALIVED_CONF } from '../../os/package-files';
import { formatIpv4 } from '../../wire/addr';

/** The L8 configuration exactly as the course notes (seed 002) give it, Chinese trailing comments included. */
const NOTES = readFileSync(new URL('./fixtures/notes-002.conf', import.meta.url), 'utf8');

function parse(text: string, subsystem: Subsystem, ifaces = ['lo', 'eth0'], include?: Record<string, string>) {
  const host = { iface: (n: string) => (ifaces.includes(n) ? { loopback: n === 'lo' } : undefined) };
  return parseKeepalivedConf(text, {
    subsystem,
    host,
    include: include ? (p, log) => include[p] ?? (log(`Config files '${p}' not found`), null) : undefined,
  });
}
const hostView = { primaryIp: () => 0xc0a8960b, mtu: () => 1500 };
function vrrp(text: string, ifaces?: string[]) {
  const r = parse(text, 'vrrp', ifaces);
  const done: string[] = [];
  const settings = r.fatal ? null : completeVrrp(r.conf, hostView, (m) => done.push(m));
  return { ...r, settings, done };
}
function check(text: string) {
  const r = parse(text, 'check');
  const done: string[] = [];
  const servers = completeCheck(r.conf, (m) => done.push(m));
  return { ...r, servers, done };
}

describe("the notes' configuration (seed 002, lab L8)", () => {
  it('loads with no message on a host that has enp0s3', () => {
    const r = vrrp(NOTES, ['lo', 'enp0s3']);
    expect(r.messages).toEqual([]);
    expect(r.done).toEqual([]);
    expect(r.settings).toHaveLength(1);
    const s = r.settings![0];
    expect([s.name, s.iface, s.vrid, s.basePriority, s.wantState, s.adverInt, s.authType, s.authPass]).toEqual(['VI_1', 'enp0s3', 51, 100, 'MASTER', 1_000_000, 1, '1111']);
    expect(s.vips.map((v) => [formatIpv4(v.ip), v.prefixLen, v.dev, v.label])).toEqual([['192.168.1.100', 24, 'enp0s3', 'enp0s3:3']]);
    expect([s.strict, s.accept, s.nopreempt, s.preemptDelay, s.garpDelay, s.garpRep]).toEqual([false, true, false, 0, 5_000_000, 5]);
  });

  it('global_defs: router_id, notification e-mails and SMTP server', () => {
    const g = parse(NOTES, 'parent', ['lo', 'enp0s3']).conf.global;
    expect(g.routerId).toBe('LVS_DEVEL');
    expect(g.notificationEmail).toEqual(['acassen@firewall.loc', 'failover@firewall.loc', 'sysadmin@firewall.loc']);
    expect(g.notificationEmailFrom).toBe('Alexandre.Cassen@firewall.loc');
    expect(g.smtpServer).toBe('192.168.200.1');
    expect(g.smtpConnectTimeout).toBe(30_000_000);
  });

  it('the checker accepts nat_mask and persistence_timeout 0, and only warns about nb_get_retry', () => {
    const r = check(NOTES);
    expect(r.fatal).toBe(false);
    expect(r.messages).toEqual(["nb_get_retry is deprecated - please use 'retry'", "nb_get_retry is deprecated - please use 'retry'"]);
    expect(r.done).toEqual([]);
    expect(r.servers).toHaveLength(1);
    const vs = r.servers[0];
    expect([formatIpv4(vs.addr), vs.port, vs.protocol, vs.sched, vs.persistenceTimeout]).toEqual(['192.168.1.100', 80, 'TCP', 'rr', 0]);
    expect(formatIpv4(r.conf.virtualServers[0].natMask!)).toBe('255.255.255.0');
    expect(r.conf.virtualServers[0].delayLoop).toBe(5_000_000);
    expect(vs.realServers.map((rs) => [formatIpv4(rs.addr), rs.port, rs.weight, rs.fwd, rs.inhibit])).toEqual([
      ['192.168.1.24', 80, 1, 'DR', false],
      ['192.168.1.26', 80, 1, 'DR', false],
    ]);
    const c = vs.realServers[0].checkers[0];
    expect([c.kind, formatIpv4(c.ip), c.port, c.connectTimeout, c.retry, c.delayBeforeRetry, c.delayLoop]).toEqual(['HTTP_GET', '192.168.1.24', 80, 5_000_000, 2, 3_000_000, 5_000_000]);
    expect(c.urls.map((u) => [u.path, [...u.statusCodes]])).toEqual([['/', [200]]]);
  });

  it('without enp0s3 the VRRP child reports the missing interface and gives up', () => {
    const r = vrrp(NOTES, ['lo', 'eth0']);
    expect(r.messages).toEqual([
      "WARNING - interface enp0s3 for vrrp_instance VI_1 doesn't exist",
      "WARNING - interface enp0s3 for ip address 192.168.1.100/24 doesn't exist",
    ]);
    expect(r.missingInterface).toBe(true);
    expect(r.settings).toBeNull();
    expect(r.done).toEqual(['(VI_1) Unknown interface!']);
  });

  it('the checker does not care about the VRRP interface', () => {
    const r = check(NOTES);
    expect(r.missingInterface).toBe(false);
    expect(r.servers).toHaveLength(1);
  });
});

describe('keepalived grammar', () => {
  it('comments with ! and #, trailing or whole-line, and quoted words', () => {
    const r = check(
      [
        '# whole line',
        '! whole line too',
        'virtual_server 10.0.0.1 80 {   ! trailing',
        '  lb_algo "wrr"  # trailing',
        '  lb_kind TUN',
        '  protocol TCP',
        '  real_server 10.0.0.2 80 { weight 3 }',
        '}',
      ].join('\n'),
    );
    expect(r.messages).toEqual([]);
    expect(r.servers[0].sched).toBe('wrr');
    expect(r.servers[0].realServers.map((rs) => [rs.weight, rs.fwd])).toEqual([[3, 'TUN']]);
  });

  it('a whole block on one line (url { path / } and a checker)', () => {
    const r = check(
      'virtual_server 10.0.0.1 80 {\n protocol TCP\n lb_algo rr\n lb_kind DR\n real_server 10.0.0.2 80 {\n HTTP_GET { url { path /index.html status_code 200-299 } connect_timeout 3 retry 1 }\n }\n}\n',
    );
    expect(r.messages).toEqual([]);
    const c = r.servers[0].realServers[0].checkers[0];
    expect(c.urls[0].path).toBe('/index.html');
    expect(c.urls[0].statusCodes.size).toBe(100);
    expect(c.connectTimeout).toBe(3_000_000);
    // Only the first word after a keyword is its value: `retry 1` on the same line is not read.
    expect(c.retry).toBe(1);
  });

  it('status_code lists and ranges', () => {
    const r = check('virtual_server 10.0.0.1 80 {\n protocol TCP\n lb_kind DR\n lb_algo rr\n real_server 10.0.0.2 80 {\n HTTP_GET {\n url {\n path /\n status_code 200 301-302 404\n }\n }\n }\n}\n');
    expect([...r.servers[0].realServers[0].checkers[0].urls[0].statusCodes]).toEqual([200, 301, 302, 404]);
  });

  it('include reads another file in place; a missing one is reported and skipped', () => {
    const files = { '/etc/keepalived/vs.conf': 'virtual_server 10.0.0.1 80 {\n protocol TCP\n lb_algo rr\n lb_kind DR\n real_server 10.0.0.2 80 {\n TCP_CHECK {\n connect_timeout 3\n }\n }\n}\n' };
    const r = parse('include /etc/keepalived/vs.conf\ninclude /etc/keepalived/none.conf\n', 'check', ['lo', 'eth0'], files);
    expect(r.messages).toEqual(["Config files '/etc/keepalived/none.conf' not found"]);
    expect(r.conf.virtualServers.map((v) => formatIpv4(v.addr))).toEqual(['10.0.0.1']);
    expect(r.conf.virtualServers[0].realServers[0].checkers[0].kind).toBe('TCP_CHECK');
  });

  it('each process only parses its own blocks: the parent sees global_defs, the checker skips vrrp_instance', () => {
    const p = parse(NOTES, 'parent', ['lo', 'enp0s3']);
    expect(p.messages).toEqual([]);
    expect(p.conf.vrrp).toEqual([]);
    expect(p.conf.virtualServers).toEqual([]);
    expect(parse(NOTES, 'check').conf.vrrp).toEqual([]);
    expect(parse(NOTES, 'vrrp', ['lo', 'enp0s3']).conf.virtualServers).toEqual([]);
  });
});

describe('configuration errors (keepalived messages)', () => {
  const nested = [
    'global_defs {',
    '   router_id LVS_DEVEL',
    '   bogus_kw 1',
    '}',
    'vrrp_instance VI_1 {',
    '    state MASTER',
    '    interface eth0',
    '    virtual_router_id 51',
    '    priority 100',
    '    virtual_ipaddress {',
    '        192.168.150.100/24 dev eth0 label eth0:3',
    '    }',
    // The instance's closing brace forgotten: virtual_server lands inside vrrp_instance.
    'virtual_server 192.168.150.100 80 {',
    '    delay_loop 5',
    '    real_server 192.168.150.12 80 {',
    '        TCP_CHECK {',
    '          connect_timeout 3',
    '        }',
    '    }',
    '}',
    '}',
  ].join('\n');

  it("a virtual_server inside vrrp_instance is an unknown keyword, and the braces after it cascade", () => {
    expect(vrrp(nested).messages).toEqual([
      "Unknown keyword 'bogus_kw'",
      "Unknown keyword 'virtual_server'",
      "Unexpected '{' - ignoring",
      "Unknown keyword 'delay_loop'",
      "Unknown keyword 'real_server'",
      "Unexpected '{' - ignoring",
      "Unknown keyword 'TCP_CHECK'",
      "Unexpected '{' - ignoring",
      "Unknown keyword 'connect_timeout'",
      "Unknown keyword '}'",
      "Unknown keyword '}'",
      "Unknown keyword '}'",
    ]);
  });

  it('the checker skips the whole vrrp_instance, so it has no virtual server at all', () => {
    const r = check(nested);
    expect(r.messages).toEqual(["Unknown keyword 'bogus_kw'"]);
    expect(r.servers).toEqual([]);
  });

  it("a block keyword without '{', an extra '{', and a missing '}'", () => {
    const text = ['vrrp_instance VI_2', '    state MASTER', '}', 'virtual_server 10.0.0.1 80 { { delay_loop 5 }', 'vrrp_instance VI_3 {', '   priority 50', '}'].join('\n');
    expect(vrrp(text).messages).toEqual(["Missing '{' at beginning of configuration block", "WARNING - 1 missing '}'(s) in the config file(s)"]);
    expect(check(text).messages).toEqual(["Unknown keyword 'state'", "Unknown keyword '}'", "Unexpected '{' - ignoring"]);
  });

  it('bad values are reported and ignored', () => {
    const r = check(
      [
        'virtual_server 192.168.150.100 80 {',
        '    lb_algo foo',
        '    lb_kind XX',
        '    real_server 192.168.150.12 80 {',
        '        weight abc',
        '    }',
        '}',
      ].join('\n'),
    );
    expect(r.messages).toEqual(["Invalid lvs_scheduler 'foo' - ignoring", 'PARSER : unknown [XX] routing method.', 'Real server weight abc is outside range 0-2147483647']);
  });

  it('VRID and priority out of range, auth_pass too long, invalid VIP', () => {
    const r = vrrp(
      [
        'vrrp_instance VI_1 {',
        '    interface eth0',
        '    virtual_router_id 300',
        '    priority 0',
        '    authentication {',
        '        auth_type PASS',
        '        auth_pass 123456789',
        '    }',
        '    virtual_ipaddress {',
        '        192.168.150.100/24',
        '        10.0.0.300',
        '    }',
        '}',
      ].join('\n'),
    );
    expect(r.messages).toEqual([
      "(VI_1): VRID '300' not valid - must be between 1 & 255",
      '(VI_1) Priority not valid! must be between 1 & 255. Using default 100',
      'Truncating auth_pass to 8 characters',
      'VRRP parsed invalid IP 10.0.0.300. skipping IP...',
    ]);
    expect(r.fatal).toBe(false);
    expect(r.conf.vrrp[0].authPass).toBe('12345678');
    expect(r.conf.vrrp[0].vips.map((v) => v.text)).toEqual(['192.168.150.100/24']);
    // No VRID → the instance cannot be completed.
    expect(r.settings).toBeNull();
    expect(r.done).toEqual(['(VI_1) the virtual router id must be set']);
  });

  it('a keyword missing its parameter is fatal', () => {
    const r = vrrp('vrrp_instance VI_2 {\n    interface eth0\n    virtual_router_id\n}\n');
    expect(r.messages).toEqual(['*** Configuration line starting `virtual_router_id` is missing a parameter after keyword `virtual_router_id` at word position 2']);
    expect(r.fatal).toBe(true);
  });

  it('virtual server defaults: UDP, wlc and NAT, each with its warning', () => {
    const r = check('virtual_server 10.0.0.1 80 {\n  real_server 10.0.0.2 80 {\n  }\n}\nvirtual_server 10.0.0.9 80 {\n}\n');
    expect(r.messages).toEqual([]);
    expect(r.done).toEqual([
      'Virtual server [10.0.0.1]:none:80: no protocol set - defaulting to UDP',
      "Virtual server [10.0.0.1]:udp:80: no scheduler set, setting default 'wlc'",
      'Virtual server [10.0.0.1]:udp:80: no forwarding method set, setting default NAT',
      'Virtual server [10.0.0.9]:none:80 has no real servers - ignoring',
    ]);
    expect(r.servers.map((v) => [v.protocol, v.sched, v.realServers[0].fwd, v.realServers[0].weight])).toEqual([['UDP', 'wlc', 'NAT', 1]]);
  });

  it('DR real server on another port is reset to the virtual port', () => {
    const r = check('virtual_server 10.0.0.1 80 {\n protocol TCP\n lb_algo rr\n lb_kind DR\n real_server 10.0.0.2 8080 {\n }\n}\n');
    expect(r.done).toEqual(["WARNING - virtual server [10.0.0.1]:tcp:80 and real server [10.0.0.2]:tcp:8080 ports don't match - resetting"]);
    expect(r.servers[0].realServers[0].port).toBe(80);
  });
});

describe("the package's sample keepalived.conf", () => {
  it('vrrp_strict: authentication ignored and MASTER forced to BACKUP (not the address owner)', () => {
    const r = vrrp(KEEPALIVED_CONF);
    expect(r.messages).toEqual([]);
    expect(r.done).toEqual(['(VI_1) Strict mode does not support authentication. Ignoring.', '(VI_1) State MASTER must match being address owner']);
    const s = r.settings![0];
    expect([s.strict, s.accept, s.authType, s.wantState]).toEqual([true, false, 0, 'BACKUP']);
    expect(s.vips.map((v) => formatIpv4(v.ip))).toEqual(['192.168.200.16', '192.168.200.17', '192.168.200.18']);
  });

  it('`accept` cannot undo strict mode for VRRPv2: keepalived resets it with a warning', () => {
    const r = vrrp(KEEPALIVED_CONF.replace('    virtual_router_id 51\n', '    virtual_router_id 51\n    accept\n'));
    expect(r.done).toContain('(VI_1) warning - accept mode for VRRP version 2 does not comply with RFC3768 - resetting');
    expect(r.settings![0].accept).toBe(false);
    // Without vrrp_strict, accept is the default anyway.
    expect(vrrp(NOTES, ['lo', 'enp0s3']).settings![0].accept).toBe(true);
  });

  it('the address owner (priority 255) keeps state MASTER in strict mode', () => {
    const r = vrrp(KEEPALIVED_CONF.replace('    priority 100\n', '    priority 255\n'));
    expect(r.done).toEqual(['(VI_1) Strict mode does not support authentication. Ignoring.']);
    expect(r.settings![0].wantState).toBe('MASTER');
  });

  it('three virtual servers for the checker', () => {
    const r = check(KEEPALIVED_CONF);
    expect(r.fatal).toBe(false);
    expect(r.servers.map((v) => `${formatIpv4(v.addr)}:${v.port}`)).toEqual(['192.168.200.100:443', '10.10.10.2:1358', '10.10.10.3:1358']);
  });
});
