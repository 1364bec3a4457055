import type { HopEvent } from '../../src/engine/sim/trace';
import type { World } from '../../src/engine/world';
import { formatIpv4, formatMac } from '../../src/engine/wire/addr';
import { parseEthernet } from '../../src/engine/wire/ethernet';
import { parseIpv4 } from '../../src/engine/wire/ipv4';
import { parseTcp } from '../../src/engine/wire/tcp';

/** One TCP/IP frame on a wire, decoded to what the lab tests look at (checksums verified on the way). */
export interface SeenFrame {
  from: string;
  to: string;
  ethSrc: string;
  ethDst: string;
  src: string;
  dst: string;
  ttl: number;
  proto: number;
  sport?: number;
  dport?: number;
  flags?: number;
  inner?: { src: string; dst: string; sport?: number; dport?: number };
}

export function ipFrames(world: World): SeenFrame[] {
  const out: SeenFrame[] = [];
  for (const p of world.trace.packets) {
    if (p.type !== 'hop') continue;
    const h = p as HopEvent;
    const eth = parseEthernet(h.frame);
    if (!eth.ok || eth.value.repr.ethertype !== 0x0800) continue;
    const ip = parseIpv4(h.frame, 14);
    if (!ip.ok) throw new Error(`bad IPv4 on the wire: ${ip.error}`);
    const r = ip.value.repr;
    const f: SeenFrame = { from: h.from.node, to: h.to.node, ethSrc: formatMac(eth.value.repr.src), ethDst: formatMac(eth.value.repr.dst), src: formatIpv4(r.src), dst: formatIpv4(r.dst), ttl: r.ttl, proto: r.protocol };
    let l4 = { off: ip.value.payloadOffset, len: ip.value.payloadLen, src: r.src, dst: r.dst };
    if (r.protocol === 4) {
      const inner = parseIpv4(h.frame, ip.value.payloadOffset);
      if (!inner.ok) throw new Error(`bad inner IPv4: ${inner.error}`);
      f.inner = { src: formatIpv4(inner.value.repr.src), dst: formatIpv4(inner.value.repr.dst) };
      l4 = { off: inner.value.payloadOffset, len: inner.value.payloadLen, src: inner.value.repr.src, dst: inner.value.repr.dst };
    }
    const proto = r.protocol === 4 ? h.frame[ip.value.payloadOffset + 9] : r.protocol;
    if (proto === 6) {
      const t = parseTcp(h.frame, l4.off, l4.len, l4.src, l4.dst);
      if (!t.ok) throw new Error(`bad TCP on the wire: ${t.error}`);
      const target = f.inner ?? f;
      target.sport = t.value.repr.srcPort;
      target.dport = t.value.repr.dstPort;
      f.flags = t.value.repr.flags;
    }
    out.push(f);
  }
  return out;
}
