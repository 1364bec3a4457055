import { FsError, type DirEntry, type VfsProvider } from '../../os/vfs';

/** Per-interface IPv4 settings under /proc/sys/net/ipv4/conf/<dev>/ (the subset the labs touch). */
export const CONF_DEFAULTS = {
  arp_ignore: 0,
  arp_announce: 0,
  arp_accept: 0,
  arp_filter: 0,
  forwarding: 0,
  // CentOS 7 ships rp_filter=1 (strict) in /usr/lib/sysctl.d/50-default.conf.
  rp_filter: 1,
  accept_local: 0,
  send_redirects: 1,
  accept_redirects: 1,
  promote_secondaries: 1,
} as const;

export type ConfKey = keyof typeof CONF_DEFAULTS;

/** Valid ranges for values written to a sysctl (the kernel's proc handlers answer EINVAL otherwise). */
const RANGES: Record<string, [number, number]> = {
  arp_ignore: [0, 8],
  arp_announce: [0, 2],
  arp_accept: [0, 1],
  arp_filter: [0, 1],
  forwarding: [0, 1],
  rp_filter: [0, 2],
  accept_local: [0, 1],
  send_redirects: [0, 1],
  accept_redirects: [0, 1],
  promote_secondaries: [0, 1],
  ip_forward: [0, 1],
};

/**
 * The host's IPv4 sysctls: `ip_forward`, `conf/{all,default,lo,ethN}/*`, and
 * any other keys registered by subsystems (IPVS's `vs/*`). Values are
 * integers; keys use the /proc path form `net/ipv4/conf/eth0/arp_ignore`.
 */
export class Sysctl {
  private values = new Map<string, number>();
  private devices: string[] = [];
  /** Called after any successful write: key (slash form) and new value. */
  onChange: (key: string, value: number) => void = () => {};
  private extraRanges = new Map<string, [number, number]>();

  constructor() {
    this.put('net/ipv4/ip_forward', 0);
    for (const d of ['all', 'default']) this.addConf(d, d === 'all' ? { rp_filter: 0 } : {});
  }

  private addConf(dev: string, overrides: Partial<Record<ConfKey, number>> = {}): void {
    for (const [k, v] of Object.entries(CONF_DEFAULTS)) {
      const def = dev === 'all' || dev === 'default' ? v : (this.values.get(`net/ipv4/conf/default/${k}`) ?? v);
      this.put(`net/ipv4/conf/${dev}/${k}`, overrides[k as ConfKey] ?? def);
    }
  }

  /** A new device inherits `default`'s values, as the kernel does. */
  addDevice(dev: string): void {
    if (this.devices.includes(dev)) return;
    this.devices.push(dev);
    this.addConf(dev, dev === 'lo' ? { rp_filter: 0 } : {});
  }

  removeDevice(dev: string): void {
    this.devices = this.devices.filter((d) => d !== dev);
    for (const k of Object.keys(CONF_DEFAULTS)) this.unset(`net/ipv4/conf/${dev}/${k}`);
  }

  /** Register another integer sysctl (e.g. `net/ipv4/vs/expire_nodest_conn`). */
  define(key: string, value: number, range: [number, number]): void {
    this.put(key, value);
    this.extraRanges.set(key, range);
  }

  has(key: string): boolean {
    return this.values.has(key);
  }

  get(key: string): number | undefined {
    return this.values.get(key);
  }

  private put(key: string, v: number): void {
    this.values.set(key, v);
    this.memo.clear();
  }

  private unset(key: string): void {
    this.values.delete(key);
    this.memo.clear();
  }

  /** Effective per-device values already computed, until the next write (rp_filter is read for every packet received). */
  private readonly memo = new Map<string, Partial<Record<ConfKey, number>>>();

  /** The effective value the kernel uses: max(all, dev) for arp_ignore/arp_announce (IN_DEV_MAXCONF). */
  conf(dev: string, key: ConfKey): number {
    let m = this.memo.get(dev);
    if (!m) this.memo.set(dev, (m = {}));
    return (m[key] ??= this.compute(dev, key));
  }

  private compute(dev: string, key: ConfKey): number {
    const own = this.values.get(`net/ipv4/conf/${dev}/${key}`) ?? CONF_DEFAULTS[key];
    if (key === 'arp_ignore' || key === 'arp_announce' || key === 'rp_filter') {
      return Math.max(own, this.values.get(`net/ipv4/conf/all/${key}`) ?? 0);
    }
    return own;
  }


  get ipForward(): boolean {
    return this.values.get('net/ipv4/ip_forward') === 1;
  }

  /**
   * Write a value as `echo N > /proc/sys/...` or `sysctl -w` does. Throws
   * FsError EINVAL for a non-integer or out-of-range value (`write error: Invalid argument`).
   */
  set(key: string, text: string | number): void {
    if (!this.values.has(key)) throw new FsError('ENOENT', '/proc/sys/' + key);
    const s = String(text).trim();
    if (!/^-?\d+$/.test(s)) throw new FsError('EINVAL', '/proc/sys/' + key);
    const v = Number(s);
    const leaf = key.slice(key.lastIndexOf('/') + 1);
    const range = this.extraRanges.get(key) ?? RANGES[leaf];
    if (range && (v < range[0] || v > range[1])) throw new FsError('EINVAL', '/proc/sys/' + key);
    this.put(key, v);
    // ip_forward and conf/all/forwarding mirror each other, as in the kernel.
    if (key === 'net/ipv4/ip_forward') this.put('net/ipv4/conf/all/forwarding', v);
    if (key === 'net/ipv4/conf/all/forwarding') this.put('net/ipv4/ip_forward', v);
    this.onChange(key, v);
  }

  keys(): string[] {
    return [...this.values.keys()].sort();
  }

  /** /proc/sys as files. */
  provider(): VfsProvider {
    const prefixOf = (rel: string) => (rel === '' ? '' : rel + '/');
    const children = (rel: string): Map<string, boolean> => {
      const out = new Map<string, boolean>(); // name -> isDir
      const p = prefixOf(rel);
      for (const k of this.values.keys()) {
        if (!k.startsWith(p)) continue;
        const rest = k.slice(p.length);
        const slash = rest.indexOf('/');
        out.set(slash < 0 ? rest : rest.slice(0, slash), slash >= 0);
      }
      return out;
    };
    return {
      read: (rel) => (this.values.has(rel) ? `${this.values.get(rel)}\n` : undefined),
      write: (rel, data) => {
        if (!this.values.has(rel)) return false;
        this.set(rel, data);
        return true;
      },
      isDir: (rel) => !this.values.has(rel) && (rel === '' || children(rel).size > 0),
      list: (rel) => {
        if (this.values.has(rel)) return undefined;
        const c = children(rel);
        if (rel !== '' && c.size === 0) return undefined;
        return [...c.entries()]
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([name, dir]): DirEntry => ({ name, type: dir ? 'dir' : 'file', size: 0, mode: dir ? 0o555 : 0o644 }));
      },
    };
  }
}
