/**
 * getservbyname(3) / getservbyport(3) over /etc/services (services(5):
 * `name port/proto [aliases...] [# comment]`, first matching line wins).
 * The host's own /etc/services is read when it has one; otherwise the lines
 * below, copied from CentOS 7's file (setup-2.8.71), are used.
 */
import type { Host } from '../../../os/host';

export const DEFAULT_SERVICES = `ftp-data        20/tcp
ftp-data        20/udp
ftp             21/tcp
ftp             21/udp          fsp fspd
ssh             22/tcp                          # The Secure Shell (SSH) Protocol
ssh             22/udp                          # The Secure Shell (SSH) Protocol
telnet          23/tcp
telnet          23/udp
smtp            25/tcp          mail
smtp            25/udp          mail
domain          53/tcp                          # name-domain server
domain          53/udp
http            80/tcp          www www-http    # WorldWideWeb HTTP
http            80/udp          www www-http    # HyperText Transfer Protocol
pop3            110/tcp         pop-3           # POP version 3
pop3            110/udp         pop-3
ntp             123/tcp
ntp             123/udp                         # Network Time Protocol
imap            143/tcp         imap2           # Interim Mail Access Proto v2
imap            143/udp         imap2
https           443/tcp                         # http protocol over TLS/SSL
https           443/udp                         # http protocol over TLS/SSL
mysql           3306/tcp                        # MySQL
mysql           3306/udp                        # MySQL
webcache        8080/tcp                        # WWW caching service
webcache        8080/udp                        # WWW caching service
`;

export interface ServEnt {
  name: string;
  aliases: string[];
  port: number;
  proto: string;
}

export function parseServices(text: string): ServEnt[] {
  const out: ServEnt[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) continue;
    const [name, portProto, ...aliases] = line.split(/\s+/);
    const m = /^(\d+)\/(\w+)$/.exec(portProto ?? '');
    if (!m) continue;
    out.push({ name, aliases, port: Number(m[1]), proto: m[2] });
  }
  return out;
}

/** The services database of a host. */
export function servicesOf(host: Host): ServEnt[] {
  let text = DEFAULT_SERVICES;
  if (host.fs.exists('/etc/services')) {
    try {
      text = host.fs.read('/etc/services');
    } catch {
      text = '';
    }
  }
  return parseServices(text);
}

export const getservbyname = (db: readonly ServEnt[], name: string, proto: string): number | undefined =>
  db.find((s) => s.proto === proto && (s.name === name || s.aliases.includes(name)))?.port;

export const getservbyport = (db: readonly ServEnt[], port: number, proto: string): string | undefined =>
  db.find((s) => s.proto === proto && s.port === port)?.name;
