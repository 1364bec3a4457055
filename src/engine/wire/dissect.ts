/**
 * A frame, layer by layer, as Wireshark's packet tree shows it:
 * Ethernet → ARP | IPv4 → ICMP (+ the quoted datagram as `ip.inner`) | UDP (→ DNS
 * on port 53) | TCP | VRRP | IPv4 (IP-in-IP, `ip.inner`) → ..., then `data`.
 * Never throws: a layer that does not parse is shown with an `error` field and
 * the walk stops there.
 */
import { describeArp, ARP_LEN } from './arp';
import { toHex } from './bytes';
import { describeDns, DNS_PORT } from './dns';
import { describeError, describeEthernet, ETHERTYPE, paddingField, parseEthernet } from './ethernet';
import type { Layer } from './field';
import { describeIcmp, ICMP_HEADER_LEN, ICMP_TYPE } from './icmp';
import { describeIpv4, IP_PROTOCOL, parseIpv4 } from './ipv4';
import { describeTcp, parseTcp } from './tcp';
import { describeUdp, parseUdp } from './udp';
import { describeVrrp } from './vrrp';

/** IP-in-IP nesting we follow before showing the rest as data. */
const MAX_IPIP_DEPTH = 4;
/** Bytes of payload shown in a `data` field, as Wireshark truncates it. */
const DATA_PREVIEW = 36;

export function dissectFrame(frame: Uint8Array): Layer[] {
  const layers: Layer[] = [];
  try {
    const eth = parseEthernet(frame);
    if (!eth.ok) return [describeError('eth', 'Ethernet II', 0, frame.length, eth.error)];
    const ethLayer = describeEthernet(frame, 0);
    layers.push(ethLayer);
    const { payloadOffset: off, payloadLen: len } = eth.value;
    let end = frame.length;
    if (eth.value.repr.ethertype === ETHERTYPE.ARP) {
      const arp = describeArp(frame, off, len);
      layers.push(arp);
      if (len >= ARP_LEN) end = off + ARP_LEN;
    } else if (eth.value.repr.ethertype === ETHERTYPE.IPV4) {
      end = dissectIpv4(frame, off, len, layers, { key: 'ip', quoted: false, depth: 0 });
    } else {
      pushData(frame, off, len, layers);
    }
    // Wireshark lists bytes after the network-layer packet as Ethernet padding.
    if (end < frame.length) ethLayer.fields.push(paddingField(frame, end, frame.length));
  } catch (e) {
    // A bug in a describer must not take the inspector down; show it instead.
    layers.push(describeError('error', 'Malformed packet', 0, frame.length, `dissector error: ${String(e)}`));
  }
  return layers;
}

interface IpContext {
  key: 'ip' | 'ip.inner';
  /** Inside an ICMP error: the datagram may be cut short. */
  quoted: boolean;
  depth: number;
}

/** Pushes the IPv4 layer and what it carries; returns the offset just past the packet. */
function dissectIpv4(frame: Uint8Array, off: number, len: number, layers: Layer[], ctx: IpContext): number {
  layers.push(describeIpv4(frame, off, len, { key: ctx.key, quoted: ctx.quoted }));
  // Structure only: a wrong header checksum is flagged on the layer, and we still look inside.
  const ip = parseIpv4(frame, off, len, { verifyChecksum: false, quoted: ctx.quoted });
  if (!ip.ok) return off + len;
  const { repr, payloadOffset: pOff, payloadLen: pLen } = ip.value;
  const end = pOff + pLen;
  if (repr.moreFragments || repr.fragmentOffset !== 0) {
    pushData(frame, pOff, pLen, layers, 'IPv4 fragment');
    return end;
  }
  const inner = ctx.quoted ? '.inner' : '';
  // A quoted segment cut short cannot have its checksum verified; a whole one can (as Wireshark does).
  const src = ip.value.truncated ? undefined : repr.src;
  const dst = ip.value.truncated ? undefined : repr.dst;
  switch (repr.protocol) {
    case IP_PROTOCOL.ICMP:
      if (ctx.quoted) pushData(frame, pOff, pLen, layers);
      else dissectIcmp(frame, pOff, pLen, layers, ctx.depth);
      break;
    case IP_PROTOCOL.IPIP:
      if (ctx.quoted || ctx.depth >= MAX_IPIP_DEPTH) pushData(frame, pOff, pLen, layers);
      else dissectIpv4(frame, pOff, pLen, layers, { key: 'ip.inner', quoted: false, depth: ctx.depth + 1 });
      break;
    case IP_PROTOCOL.TCP: {
      layers.push(rekey(describeTcp(frame, pOff, pLen, src, dst), 'tcp' + inner, ip.value.truncated));
      const tcp = parseTcp(frame, pOff, pLen);
      if (tcp.ok) pushData(frame, tcp.value.payloadOffset, tcp.value.payloadLen, layers);
      break;
    }
    case IP_PROTOCOL.UDP: {
      layers.push(rekey(describeUdp(frame, pOff, pLen, src, dst), 'udp' + inner, ip.value.truncated));
      const udp = parseUdp(frame, pOff, pLen);
      if (!udp.ok) break;
      const { repr: u, payloadOffset: uOff, payloadLen: uLen } = udp.value;
      if (!ctx.quoted && uLen > 0 && (u.srcPort === DNS_PORT || u.dstPort === DNS_PORT)) {
        layers.push(describeDns(frame, uOff, uLen));
      } else {
        pushData(frame, uOff, uLen, layers);
      }
      break;
    }
    case IP_PROTOCOL.VRRP:
      if (ctx.quoted) pushData(frame, pOff, pLen, layers);
      else layers.push(describeVrrp(frame, pOff, pLen, src, dst));
      break;
    default:
      pushData(frame, pOff, pLen, layers);
  }
  return end;
}

function dissectIcmp(frame: Uint8Array, off: number, len: number, layers: Layer[], depth: number): void {
  layers.push(describeIcmp(frame, off, len));
  if (len <= ICMP_HEADER_LEN) return;
  const type = frame[off];
  const rest = off + ICMP_HEADER_LEN;
  const restLen = len - ICMP_HEADER_LEN;
  if (type === ICMP_TYPE.DEST_UNREACHABLE || type === ICMP_TYPE.TIME_EXCEEDED) {
    // RFC 792: the original datagram's header + at least 64 bits of its data.
    dissectIpv4(frame, rest, restLen, layers, { key: 'ip.inner', quoted: true, depth: depth + 1 });
  } else {
    pushData(frame, rest, restLen, layers);
  }
}

/** A describer's layer under another key (`udp.inner`); errors caused only by the quote being cut short are dropped. */
function rekey(layer: Layer, key: string, truncated: boolean): Layer {
  const fields = truncated ? layer.fields.filter((f) => f.key !== 'error') : layer.fields;
  return { ...layer, key, fields };
}

function printable(b: Uint8Array): string | undefined {
  let s = '';
  for (let i = 0; i < b.length && s.length < 60; i++) {
    const c = b[i];
    if (c === 0x0d || c === 0x0a) break;
    if (c < 0x20 || c > 0x7e) return undefined;
    s += String.fromCharCode(c);
  }
  return s.length > 0 ? s : undefined;
}

/** Wireshark's `Data (N bytes)` with `Data: 00f15365…`; the summary quotes a printable first line. */
function pushData(frame: Uint8Array, off: number, len: number, layers: Layer[], name = 'Data'): void {
  const n = Math.max(0, Math.min(len, frame.length - off));
  if (n === 0) return;
  const bytes = frame.subarray(off, off + n);
  const text = printable(bytes);
  layers.push({
    key: 'data',
    name: `${name} (${n} byte${n === 1 ? '' : 's'})`,
    summary: text === undefined ? `${n} bytes` : `${n} bytes: "${text}"`,
    byteOffset: off,
    byteLength: n,
    fields: [
      {
        key: 'data',
        name: 'Data',
        value: n > DATA_PREVIEW ? toHex(bytes.subarray(0, DATA_PREVIEW)) + '…' : toHex(bytes),
        bitOffset: off * 8,
        bitLength: n * 8,
      },
    ],
  });
}
