import { describe, expect, it } from 'vitest';
import { poptParse } from './popt';
import { COMMANDS_V_OPTIONS, CMD_NAMES, NUMBER_OF_OPT, POPT_TABLE } from './options';
import { IpvsadmExit, isIpv6, parseCommand, stringToNumber, type ParseEnv, type Parsed } from './parse';
import { configStreamLines } from './save';
import { largenum, title } from './format';
import { FMT } from './options';

/** Run a parse generator that never blocks (numeric addresses, a tiny hosts table). */
function parse(line: string): Parsed | IpvsadmExit {
  const env: ParseEnv = {
    program: 'ipvsadm',
    // eslint-disable-next-line require-yield
    *gethostbyname(name) {
      return name === 'node02' ? 0xc0a8960c : undefined;
    },
    getservbyname: (name, proto) => (name === 'http' && proto === 'tcp' ? 80 : undefined),
  };
  try {
    const g = parseCommand(['ipvsadm', ...line.split(' ').filter(Boolean)], env);
    const r = g.next();
    if (!r.done) throw new Error('parse blocked');
    return r.value;
  } catch (e) {
    if (e instanceof IpvsadmExit) return e;
    throw e;
  }
}

const errorOf = (line: string): [number, string] => {
  const r = parse(line);
  if (r instanceof IpvsadmExit) return [r.status, r.stderr];
  if (!r.ok) return [255, r.stderr];
  throw new Error(`no error for ${line}`);
};

describe('popt option parsing', () => {
  it('clusters short options and takes an argument from the rest of the cluster or the next word', () => {
    const r = poptParse(['-Ln', '-t192.168.1.1:80', '-s', 'rr', '--weight=3', '--scheduler', '-x'], POPT_TABLE);
    expect(r.events.map((e) => (e.kind === 'opt' ? `${e.val}=${e.arg}` : e.code))).toEqual(['L=null', 'n=null', 't=192.168.1.1:80', 's=rr', 'w=3', 's=-x']);
    expect(r.leftovers).toEqual([]);
  });

  it('an optional argument is only taken when it does not look like an option', () => {
    const a = poptParse(['-A', '-p', '-M', '255.255.255.0'], POPT_TABLE);
    expect(a.events.map((e) => (e.kind === 'opt' ? `${e.val}=${e.arg}` : e.code))).toEqual(['A=null', 'p=null', 'M=255.255.255.0']);
    const b = poptParse(['-A', '-p', '600'], POPT_TABLE);
    expect(b.events.map((e) => (e.kind === 'opt' ? `${e.val}=${e.arg}` : e.code))).toEqual(['A=null', 'p=600']);
  });

  it('sets non-options aside, stops at `--`, and reports the word it was on when it fails', () => {
    const r = poptParse(['--set', '900', '120', '--', '-300'], POPT_TABLE);
    expect(r.leftovers).toEqual(['900', '120', '-300']);
    expect(poptParse(['-L', '--stat'], POPT_TABLE).events.at(-1)).toEqual({ kind: 'error', code: 'BADOPT', raw: '--stat' });
    expect(poptParse(['-Lq'], POPT_TABLE).events.at(-1)).toEqual({ kind: 'error', code: 'BADOPT', raw: '-Lq' });
    expect(poptParse(['-A', '-t'], POPT_TABLE).events.at(-1)).toEqual({ kind: 'error', code: 'NOARG', raw: '-t' });
    // no abbreviations in popt
    expect(poptParse(['--numer'], POPT_TABLE).events[0]).toMatchObject({ kind: 'error', code: 'BADOPT' });
  });
});

describe('ipvsadm option tables', () => {
  it('commands_v_options has one 24-column row per command', () => {
    expect(COMMANDS_V_OPTIONS).toHaveLength(CMD_NAMES.length);
    for (const row of COMMANDS_V_OPTIONS) expect(row).toMatch(new RegExp(`^[ x+1]{${NUMBER_OF_OPT}}$`));
  });

  it('parses a real-server command with the defaults filled in (-g, weight 1, port copied and forced for DR)', () => {
    const r = parse('-a -t 192.168.150.100:http -r node02:8080');
    expect(r).toMatchObject({ ok: true, ce: { dest: { addr: 0xc0a8960c, port: 80, fwd: 'route', weight: 1 }, svc: { port: 80, protocol: 6 } } });
    const m = parse('-a -t 192.168.150.100:80 -r 192.168.150.12:8080 -m -w 0');
    expect(m).toMatchObject({ ok: true, ce: { dest: { port: 8080, fwd: 'masq', weight: 0 } } });
  });

  it('-p without a value is 360 s; the default scheduler is wlc', () => {
    expect(parse('-A -t 10.0.0.1:80 -p')).toMatchObject({ ok: true, ce: { svc: { timeout: 360, schedName: 'wlc', flags: 1 } } });
    expect(parse('-A -t 10.0.0.1:0 -p 60 -M 255.255.255.0')).toMatchObject({ ok: true, ce: { svc: { timeout: 60, netmask: 0xffffff00, port: 0 } } });
  });

  it('fails in command-line order with ipvsadm\'s messages and statuses', () => {
    expect(errorOf('-A -t 10.0.0.1:80 -w 3')).toEqual([2, "Illegal 'weight' option with the 'add-service' command\n"]);
    expect(errorOf('-a -t 10.0.0.1:80 -w 3')).toEqual([2, "You need to supply the 'real-server' option for the 'add-server' command\n"]);
    expect(errorOf('-A -t 10.0.0.1:80 -D')).toEqual([2, "invalid option `-D'\n"]);
    expect(errorOf('-a -t 10.0.0.1:80 -r 10.0.0.2 -g -m')).toEqual([2, "multiple 'forwarding-method' options specified\n"]);
    expect(errorOf('-A -t 80')).toEqual([2, 'illegal virtual server address[:port] specified\n']);
    expect(errorOf('-A -t 10.0.0.1')).toEqual([2, 'Zero port specified for non-persistent service\n']);
    expect(errorOf('-A -t 10.0.0.1:80 -o')).toEqual([2, 'One-Packet Scheduling is only for UDP virtual services\n']);
    expect(errorOf('-A -t 10.0.0.1:80 -b sh-port')).toEqual([2, "incompatible scheduler flag `sh-port'\n"]);
    expect(errorOf('-A -t 10.0.0.1:80 -s sh -b sh-prot')).toEqual([2, "invalid scheduler flag `sh-prot'\n"]);
    expect(errorOf('-L -c -t 10.0.0.1:80')).toEqual([2, "The option 'service-address' conflicts with the 'connection' option in the 'list' command\n"]);
    expect(errorOf('-L foo')).toEqual([2, 'unexpected argument foo\n']);
    expect(errorOf('--set 1 2')).toEqual([2, '--set option requires 3 timeout values\n']);
    expect(errorOf('--set 1 x 2')).toEqual([2, "invalid timeout value `x' specified\n"]);
    expect(errorOf('-A -f 0')).toEqual([2, "invalid fwmark value `0' specified\n"]);
    expect(errorOf('-A -f 1 -6 -p 5000000')).toEqual([2, "invalid timeout value `5000000' specified\n"]);
    expect(errorOf('-A -t 10.0.0.1:80 -6')).toEqual([2, '-6 used before -f\n\n']);
    expect(errorOf('-L --start-daemon master')).toEqual([2, "invalid option `master'\n"]);
    // the first option must be a command
    expect(errorOf('-n -L')).toEqual([255, "Try `ipvsadm -h' or 'ipvsadm --help' for more information.\n"]);
    expect(errorOf('')).toEqual([255, "Try `ipvsadm -h' or 'ipvsadm --help' for more information.\n"]);
    // a popt error after the command is printed by parse_options (-1), not fail()
    expect(errorOf('-L --bogus')).toEqual([255, '--bogus: unknown option\n']);
    expect(errorOf('-A -t')).toEqual([255, '-t: missing argument\n']);
  });

  it('weights: 0..65535 in 1.27, strtol rules', () => {
    expect(stringToNumber(' 7', 0, 65535)).toBe(7);
    expect(stringToNumber('+7', 0, 65535)).toBe(7);
    for (const w of ['-1', '65536', '70000', '2147483648', '7 ', '', '1e3', '0x10']) expect(stringToNumber(w, 0, 65535)).toBe(-1);
  });

  it('recognises IPv6 literals as inet_pton does', () => {
    for (const a of ['::1', '2001:db8::1', 'fe80::1:2:3:4', '::ffff:192.168.1.1', '1:2:3:4:5:6:7:8']) expect(isIpv6(a)).toBe(true);
    for (const a of ['1.2.3.4', '1:2:3:4:5:6:7:8:9', '1::2::3', 'gggg::1', '192.168.1.1:80']) expect(isIpv6(a)).toBe(false);
  });
});

describe('restore input (config_stream_read)', () => {
  it('splits lines into words, drops the word ipvsadm, skips blank lines', () => {
    const lines = configStreamLines('-A -t 10.0.0.1:80 -s rr\n\n  \nipvsadm -a -t 10.0.0.1:80\t-r 10.0.0.2\r\n-C', 'ipvsadm');
    expect(lines.filter((l) => l.length > 1)).toEqual([
      ['ipvsadm', '-A', '-t', '10.0.0.1:80', '-s', 'rr'],
      ['ipvsadm', '-a', '-t', '10.0.0.1:80', '-r', '10.0.0.2'],
      ['ipvsadm', '-C'],
    ]);
  });

  it('# is not a comment, and blanks running into the end of input lose that last line', () => {
    expect(configStreamLines('# saved rules\n', 'ipvsadm')).toEqual([['ipvsadm', '#', 'saved', 'rules']]);
    expect(configStreamLines('-C\n-Z  ', 'ipvsadm')).toEqual([['ipvsadm', '-C']]);
  });
});

describe('number and title formats', () => {
  it('print_largenum: %9llu up to 99,999,999, then K/M/G/T; --exact widens', () => {
    expect(largenum(0, 0)).toBe('        0');
    expect(largenum(99999999, 0)).toBe(' 99999999');
    expect(largenum(100000000, 0)).toBe('  100000K');
    expect(largenum(1234567890, 0)).toBe('    1234M');
    expect(largenum(123456789012, 0)).toBe('     123G');
    expect(largenum(123456789012345, 0)).toBe('     123T');
    expect(largenum(1234567890, FMT.EXACT)).toBe(' 1234567890');
    expect(largenum(12, FMT.EXACT)).toBe('       12');
  });

  it('titles of the listing flavours', () => {
    expect(title(FMT.THRESHOLDS)).toBe('Prot LocalAddress:Port            Uthreshold Lthreshold ActiveConn InActConn \n  -> RemoteAddress:Port\n');
    expect(title(FMT.PERSISTENTCONN)).toBe('Prot LocalAddress:Port            Weight    PersistConn ActiveConn InActConn \n  -> RemoteAddress:Port\n');
    expect(title(FMT.RULE)).toBe('');
  });
});
