/**
 * One health checker (checker_t) and its schedule: TCP_CHECK (check_tcp.c
 * tcp_connect_thread / tcp_epilog) and HTTP_GET (check_http.c
 * http_connect_thread … http_handle_response / epilog / timeout_epilog),
 * keepalived 2.4. Each attempt is a real TCP exchange on the wire, run as a
 * program of the checker process.
 */
import type { Host } from '../../os/host';
import { Task, type Block, type Program, type Wake } from '../../os/task';
import type { Micros } from '../../sim/time';
import { tcpConnect, type TcpSocket } from '../../transport/tcp/socket';
import { formatIpv4 } from '../../wire/addr';
import { decodeUtf8 } from '../../wire/text';
import type { CheckerSettings } from '../conf/complete';
import { md5Hex } from './md5';

/** BOOTSTRAP_DELAY (check_api.h): checkers start one second after the child, plus their warmup. */
const BOOTSTRAP_DELAY = 1_000_000;

export interface CheckerEnv {
  host: Host;
  /** The checker child's PID (owner of the sockets). */
  pid: number;
  log(m: string): void;
  after(delay: Micros, fn: () => void): () => void;
  /** Uniform in [0, 1) for the warmup. */
  rand(): number;
  /** FMT_CHK: `[192.168.150.12]:tcp:80`. */
  label: string;
  /** update_svr_checker_state. */
  changed(wasUp: boolean, nowUp: boolean): void;
}

type Outcome = { ok: true; status?: number; body?: Uint8Array; headers?: boolean } | { ok: false; msg: string; timeout?: boolean };

export class Checker {
  isUp: boolean;
  hasRun = false;
  retryIt: number;
  private urlIt = 0;
  private failedUrl: number | null = null;
  private task: Task | null = null;
  private cancelTimer: (() => void) | null = null;
  private stopped = false;
  /** Attempts made (for tests). */
  attempts = 0;

  constructor(
    readonly c: CheckerSettings,
    private readonly env: CheckerEnv,
  ) {
    this.isUp = !c.alpha;
    // validate_check_config: "For non alpha mode, one failure is enough initially."
    this.retryIt = c.retry;
  }

  get supported(): boolean {
    return this.c.kind === 'TCP_CHECK' || this.c.kind === 'HTTP_GET';
  }

  /** register_checkers_thread: first run after BOOTSTRAP_DELAY + a random part of warmup. */
  start(): void {
    if (!this.supported) return;
    const warmup = this.c.warmup ? Math.floor(this.c.warmup * this.env.rand()) : 0;
    this.schedule(BOOTSTRAP_DELAY + warmup);
  }

  stop(): void {
    this.stopped = true;
    this.cancelTimer?.();
    this.cancelTimer = null;
    this.task?.kill();
    this.task = null;
  }

  private schedule(delay: Micros): void {
    if (this.stopped) return;
    this.cancelTimer = this.env.after(delay, () => {
      this.cancelTimer = null;
      this.launch();
    });
  }

  private launch(): void {
    this.attempts++;
    let out: Outcome = { ok: false, msg: 'Error connecting' };
    const prog = this.c.kind === 'HTTP_GET' ? this.http((o) => (out = o)) : this.tcp((o) => (out = o));
    const world = this.env.host.world;
    this.task = new Task(world.sim, prog, () => {
      this.task = null;
      if (!this.stopped) this.done(out);
    });
    this.task.start();
  }

  private owner() {
    return { pid: this.env.pid, comm: 'keepalived' };
  }

  private *connect(): Generator<Block, TcpSocket | Outcome, Wake> {
    const c = this.c;
    const s = yield* tcpConnect(this.env.host, c.ip, c.port, { owner: this.owner(), timeoutUs: c.connectTimeout, ...(c.bindTo !== null ? { src: c.bindTo } : {}) });
    if (typeof s === 'string') return s === 'ETIMEDOUT' ? { ok: false, msg: 'Timeout connecting', timeout: true } : { ok: false, msg: 'Error connecting' };
    return s;
  }

  private *tcp(set: (o: Outcome) => void): Program {
    const s = yield* this.connect();
    if ('tcb' in s) {
      s.close();
      set({ ok: true });
    } else set(s);
    return 0;
  }

  /** The GET keepalived sends (check_http.c request_template). */
  request(): string {
    const c = this.c;
    const url = c.urls[this.urlIt];
    const vhost = url?.virtualhost ?? c.virtualhost;
    const host = vhost ?? `${formatIpv4(c.ip)}:${c.port}`;
    const minor = c.httpProtocol === '1.1' ? 1 : 0;
    const conn = c.httpProtocol === '1.0' ? '' : 'Connection: close\r\n';
    return `GET ${url?.path ?? '/'} HTTP/1.${minor}\r\nUser-Agent: KeepAliveClient\r\n${conn}Host: ${host}\r\n\r\n`;
  }

  private *http(set: (o: Outcome) => void): Program {
    const s = yield* this.connect();
    if (!('tcb' in s)) {
      set(s);
      return 0;
    }
    s.send(this.request());
    const parts: Uint8Array[] = [];
    for (;;) {
      const d = yield* s.recv(Infinity, this.c.connectTimeout);
      if (d === null) {
        if (s.error) {
          set({ ok: false, msg: 'Read error with' });
          s.close();
          return 0;
        }
        break;
      }
      if (d.length === 0) {
        set({ ok: false, msg: 'Timeout HTTP read', timeout: true });
        s.close();
        return 0;
      }
      parts.push(d);
    }
    s.close();
    const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let o = 0;
    for (const p of parts) {
      all.set(p, o);
      o += p.length;
    }
    // extract_html: the body starts after the first blank line; extract_status_code reads "HTTP/x.y NNN".
    const text = decodeUtf8(all);
    const end = text.indexOf('\r\n\r\n');
    if (end < 0) {
      set({ ok: true, headers: false });
      return 0;
    }
    const m = /^HTTP\/\d\.\d\s+(\d{3})/.exec(text);
    set({ ok: true, headers: true, status: m ? Number(m[1]) : 0, body: all.subarray(new TextEncoderLite(text.slice(0, end + 4)).length) });
    return 0;
  }

  private done(out: Outcome): void {
    if (this.c.kind === 'TCP_CHECK') this.tcpEpilog(out.ok);
    else this.httpResult(out);
  }

  private update(up: boolean): void {
    const was = this.isUp;
    this.hasRun = true;
    if (was === up) return;
    this.isUp = up;
    this.env.changed(was, up);
  }

  /** tcp_epilog */
  private tcpEpilog(success: boolean): void {
    const c = this.c;
    let delay: Micros;
    if (success || this.retryIt >= c.retry) {
      delay = c.delayLoop;
      this.retryIt = 0;
      if (success && (!this.isUp || !this.hasRun)) {
        this.env.log(`TCP connection to ${this.env.label} success.`);
        this.update(true);
      } else if (!success && (this.isUp || !this.hasRun)) {
        if (c.retry && this.hasRun) this.env.log(`TCP_CHECK on service ${this.env.label} failed after ${c.retry} retries.`);
        else this.env.log(`TCP_CHECK on service ${this.env.label} failed.`);
        this.update(false);
      }
    } else {
      delay = c.delayBeforeRetry;
      this.retryIt++;
    }
    this.hasRun = true;
    this.schedule(delay);
  }

  /** http_handle_response / timeout_epilog. */
  private httpResult(out: Outcome): void {
    if (!out.ok) return this.timeoutEpilog(out.msg);
    if (!out.headers) return this.timeoutEpilog('Read, no data received from ');
    const url = this.c.urls[this.urlIt];
    if (!url.statusCodes.has(out.status ?? 0)) return this.timeoutEpilog('HTTP status code error to');
    let msg = 'HTTP status code';
    if (url.digest) {
      if (md5Hex(out.body ?? new Uint8Array()) !== url.digest) return this.timeoutEpilog('MD5 digest error to');
      msg = 'MD5 digest';
    }
    if (!this.isUp) this.env.log(`${msg} success to ${this.env.label} url(${url.path})`);
    this.httpEpilog('NEW');
  }

  private timeoutEpilog(msg: string): void {
    if (this.isUp || !this.hasRun) {
      if (this.c.logAllFailures) this.env.log(`${msg} server ${this.env.label}.`);
      this.hasRun = true;
      this.httpEpilog('RETRY');
      return;
    }
    this.httpEpilog('FAILED');
  }

  /** check_http.c epilog */
  private httpEpilog(method: 'NEW' | 'RETRY' | 'FAILED'): void {
    const c = this.c;
    let urlDone = false;
    if (method === 'NEW') {
      if (this.urlIt >= c.urls.length - 1) urlDone = true;
      else this.urlIt++;
      this.retryIt = 0;
    } else if (method === 'RETRY') this.retryIt++;
    if (method === 'NEW' && urlDone && this.failedUrl === null) {
      if (!this.isUp || !this.hasRun) {
        this.env.log(`Remote Web server ${this.env.label} succeed on service.`);
        this.update(true);
        this.hasRun = true;
      }
      this.urlIt = 0;
      this.retryIt = 0;
    } else if (method === 'RETRY' && this.retryIt > c.retry) {
      if (this.isUp || !this.hasRun) {
        if (this.hasRun && c.retry) this.env.log(`HTTP_CHECK on service ${this.env.label} failed after ${this.retryIt - 1} retries.`);
        else this.env.log(`HTTP_CHECK on service ${this.env.label} failed.`);
        this.update(false);
      }
      this.failedUrl = this.urlIt;
    } else if (method === 'NEW' && this.failedUrl !== null) {
      this.failedUrl = null;
      this.urlIt = 0;
      this.retryIt = 0;
    }
    let delay: Micros;
    if (method === 'NEW') {
      delay = c.delayLoop;
      if (!this.hasRun) this.retryIt = c.retry;
    } else if (this.failedUrl !== null) delay = Math.max(c.delayBeforeRetry, c.delayLoop);
    else delay = c.delayBeforeRetry;
    if (c.fastRecovery && (!this.hasRun || (!this.isUp && this.failedUrl === null))) delay = 0;
    this.schedule(delay);
  }
}

/** UTF-8 byte length of a string (the header part is ASCII in practice). */
class TextEncoderLite {
  readonly length: number;
  constructor(s: string) {
    let n = 0;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      n += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c <= 0xdbff ? (i++, 4) : 3;
    }
    this.length = n;
  }
}
