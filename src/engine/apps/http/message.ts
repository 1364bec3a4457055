import { civilFromUnix, MONTHS, TZ_OFFSET_SECONDS, unixSeconds, WEEKDAYS } from '../../os/clock';
import type { Micros } from '../../sim/time';

/** An HTTP request head as a server reads it (RFC 7230 §3). */
export interface RequestHead {
  method: string;
  target: string;
  /** `HTTP/1.0`, `HTTP/1.1`; null for a malformed request line. */
  version: string | null;
  headers: Map<string, string>;
}

export interface ResponseHead {
  version: string;
  status: number;
  reason: string;
  /** Header lines in order, as received. */
  lines: string[];
  headers: Map<string, string>;
}

/** Where the head ends: after CRLFCRLF or a bare LFLF (Apache accepts both); -1 if not yet complete. */
export function headEnd(text: string): number {
  const crlf = text.indexOf('\r\n\r\n');
  const lf = text.indexOf('\n\n');
  if (crlf < 0 && lf < 0) return -1;
  if (crlf < 0) return lf + 2;
  if (lf < 0) return crlf + 4;
  return Math.min(crlf + 4, lf + 2);
}

/**
 * Where a request ends: an HTTP/0.9 simple request (`GET /path`, no version)
 * is its request line alone — Apache reads no headers for it
 * (server/protocol.c read_request_line, r->assbackwards); otherwise the head.
 */
export function requestEnd(text: string): number {
  const nl = text.indexOf('\n');
  if (nl >= 0 && /^GET \S+$/.test(text.slice(0, nl).replace(/\r$/, ''))) return nl + 1;
  return headEnd(text);
}

/** The head's non-empty lines (CRLF or bare LF). */
const headLines = (head: string): string[] => head.split(/\r?\n/).filter((l) => l !== '');

/** `Name: value` lines after the first, names lower-cased. */
function headerMap(lines: string[]): Map<string, string> {
  const headers = new Map<string, string>();
  for (let k = 1; k < lines.length; k++) {
    const l = lines[k];
    const i = l.indexOf(':');
    if (i > 0) headers.set(l.slice(0, i).trim().toLowerCase(), l.slice(i + 1).trim());
  }
  return headers;
}

export function parseRequestHead(head: string): RequestHead {
  const lines = headLines(head);
  const m = /^([A-Z]+) (\S+)(?: (HTTP\/\d\.\d))?$/.exec(lines[0] ?? '');
  const headers = headerMap(lines);
  if (!m) return { method: '', target: '', version: null, headers };
  return { method: m[1], target: m[2], version: m[3] ?? 'HTTP/0.9', headers };
}

export function parseResponseHead(head: string): ResponseHead | null {
  const lines = headLines(head);
  const m = /^(HTTP\/\d\.\d) (\d{3}) ?(.*)$/.exec(lines[0] ?? '');
  if (!m) return null;
  return { version: m[1], status: Number(m[2]), reason: m[3], lines, headers: headerMap(lines) };
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/**
 * A date string for the second `t` falls in, formatted once per second:
 * Apache keeps the same cache (ap_recent_rfc822_date, ap_explode_recent_localtime)
 * because every request needs both dates.
 */
function perSecond(format: (t: Micros) => string): (t: Micros) => string {
  const recent = new Map<number, string>(); // now, and a file's mtime (Last-Modified)
  return (t) => {
    const s = Math.floor(t / 1_000_000);
    let text = recent.get(s);
    if (text === undefined) {
      if (recent.size >= 16) recent.clear();
      recent.set(s, (text = format(t)));
    }
    return text;
  };
}

/** RFC 7231 IMF-fixdate in GMT: `Sat, 27 Mar 2021 02:00:05 GMT`. */
export const httpDate = perSecond((t) => {
  const c = civilFromUnix(unixSeconds(t) - TZ_OFFSET_SECONDS);
  return `${WEEKDAYS[c.weekday]}, ${pad2(c.day)} ${MONTHS[c.month - 1]} ${c.year} ${pad2(c.hour)}:${pad2(c.minute)}:${pad2(c.second)} GMT`;
});

/** Apache's access-log time: `[27/Mar/2021:10:00:05 +0800]`. */
export const clfDate = perSecond((t) => {
  const c = civilFromUnix(unixSeconds(t));
  return `[${pad2(c.day)}/${MONTHS[c.month - 1]}/${c.year}:${pad2(c.hour)}:${pad2(c.minute)}:${pad2(c.second)} +0800]`;
});

export const REASON: Record<number, string> = {
  200: 'OK',
  301: 'Moved Permanently',
  304: 'Not Modified',
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  500: 'Internal Server Error',
  501: 'Not Implemented',
};
