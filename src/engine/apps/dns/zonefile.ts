/**
 * The subset of BIND's configuration that `named` needs here:
 *
 * - /etc/named.conf: `options { directory "/var/named"; };` and
 *   `zone "baidu.com" IN { type master; file "baidu.com.zone"; };`
 * - zone files (RFC 1035 §5 master files): `$ORIGIN`, `$TTL`, `@`, relative
 *   and absolute names, a blank owner repeating the previous one, `;`
 *   comments, parentheses spanning lines (SOA). A, CNAME and PTR records
 *   become answers; SOA, NS, MX, TXT and AAAA are accepted and not served.
 */
import { parseIpv4 } from '../../wire/addr';
import type { Zone } from './zone';

export interface NamedConf {
  directory: string;
  zones: Array<{ name: string; file: string }>;
}

/** Parse named.conf; returns an error text in named's words for what it cannot read. */
export function parseNamedConf(text: string): NamedConf | { error: string } {
  const clean = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(\/\/|#).*$/gm, '');
  let open = 0;
  for (const ch of clean) {
    if (ch === '{') open++;
    else if (ch === '}') open--;
    if (open < 0) return { error: "unexpected token near '}'" };
  }
  if (open !== 0) return { error: "unexpected end of input" };
  const dir = /directory\s+"([^"]*)"\s*;/.exec(clean);
  const zones: NamedConf['zones'] = [];
  const re = /zone\s+"([^"]+)"\s*(?:IN\s*)?\{([^}]*)\}\s*;/gi;
  for (let m = re.exec(clean); m; m = re.exec(clean)) {
    const file = /file\s+"([^"]+)"\s*;/.exec(m[2]);
    const type = /type\s+(\w+)\s*;/.exec(m[2]);
    if (!type) return { error: `zone '${m[1]}': type not present` };
    if (type[1] === 'hint') continue;
    if (!file) return { error: `zone '${m[1]}': missing 'file' entry` };
    zones.push({ name: m[1].replace(/\.$/, ''), file: file[1] });
  }
  return { directory: dir ? dir[1] : '/var/named', zones };
}

const RR_TYPES = new Set(['A', 'AAAA', 'CNAME', 'PTR', 'NS', 'SOA', 'MX', 'TXT', 'SRV']);
const CLASSES = new Set(['IN', 'CH', 'HS']);

/** Logical lines of a master file: comments stripped, parentheses joined. */
function logicalLines(text: string): Array<{ no: number; line: string }> {
  const out: Array<{ no: number; line: string }> = [];
  let acc = '';
  let depth = 0;
  let start = 0;
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/;.*$/, '');
    if (depth === 0) {
      acc = line;
      start = i + 1;
    } else acc += ' ' + line;
    for (const ch of line) {
      if (ch === '(') depth++;
      else if (ch === ')') depth = Math.max(0, depth - 1);
    }
    if (depth === 0) {
      if (acc.trim() !== '') out.push({ no: start, line: acc.replace(/[()]/g, ' ') });
      acc = '';
    }
  });
  return out;
}

/**
 * Load a master file for `origin` into zone entries (added to `into`).
 * Returns BIND-style errors (`file:line: ...`); a zone with errors is not loaded by named.
 */
export function parseZoneFile(text: string, origin: string, file: string, into: Zone): string[] {
  const errors: string[] = [];
  let org = origin.replace(/\.$/, '');
  let owner = org;
  const abs = (n: string): string => (n === '@' ? org : n.endsWith('.') ? n.slice(0, -1) : org ? `${n}.${org}` : n);
  const cnames = new Set<string>();
  for (const { no, line } of logicalLines(text)) {
    const startsBlank = /^\s/.test(line);
    const tok = line.trim().split(/\s+/);
    if (tok[0] === '$TTL') continue;
    if (tok[0] === '$ORIGIN') {
      if (tok[1]) org = tok[1].replace(/\.$/, '');
      continue;
    }
    if (tok[0].startsWith('$')) {
      errors.push(`${file}:${no}: unknown $ directive '${tok[0]}'`);
      continue;
    }
    let i = 0;
    if (!startsBlank) owner = abs(tok[i++]);
    // [ttl] [class] or [class] [ttl] before the type
    for (let k = 0; k < 2 && i < tok.length; k++) {
      if (/^\d+[smhdw]?$/i.test(tok[i]) || CLASSES.has(tok[i].toUpperCase())) i++;
    }
    const type = (tok[i++] ?? '').toUpperCase();
    const rdata = tok.slice(i);
    if (!RR_TYPES.has(type)) {
      errors.push(`${file}:${no}: unknown RR type '${tok[i - 1] ?? ''}'`);
      continue;
    }
    const key = owner.toLowerCase();
    if (type === 'A') {
      if (!rdata[0] || parseIpv4(rdata[0]) === undefined) {
        errors.push(`${file}:${no}: bad dotted quad`);
        continue;
      }
      const e = into[key];
      if (cnames.has(key)) {
        errors.push(`${file}:${no}: ${owner}: CNAME and other data`);
        continue;
      }
      if (Array.isArray(e)) e.push(rdata[0]);
      else into[key] = [rdata[0]];
    } else if (type === 'CNAME' || type === 'PTR') {
      if (!rdata[0]) {
        errors.push(`${file}:${no}: unexpected end of line`);
        continue;
      }
      if (type === 'CNAME' && into[key]) {
        errors.push(`${file}:${no}: ${owner}: CNAME and other data`);
        continue;
      }
      if (type === 'CNAME') cnames.add(key);
      into[key] = type === 'CNAME' ? { cname: abs(rdata[0]) } : { ptr: abs(rdata[0]) };
    }
  }
  return errors;
}
