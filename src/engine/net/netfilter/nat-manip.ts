/**
 * Rewriting a packet for NAT (nf_nat_l3proto_ipv4.c nf_nat_ipv4_manip_pkt and
 * nf_nat_proto_{tcp,udp,icmp}.c): the address in the IPv4 header, the port
 * (or ICMP echo identifier), and every checksum that covers them, patched
 * incrementally (RFC 1624) so the packet stays valid on the wire.
 */
import { readIpv4, writeIpv4 } from '../../wire/addr';
import { readU16, writeU16 } from '../../wire/bytes';
import { updateChecksum16 } from '../../wire/checksum';
import { setIcmpChecksum } from '../../wire/icmp';
import { IP_PROTOCOL, IPV4_FIELD } from '../../wire/ipv4';
import { TCP_FIELD, TCP_HEADER_LEN } from '../../wire/tcp';
import { UDP_FIELD } from '../../wire/udp';
import { ICMP_INVERSE, type Tuple } from './tuple';

export type Manip = 'src' | 'dst';

/** Patch a checksum at `off` for a 32-bit value that changed (two 16-bit words). */
function replace32(buf: Uint8Array, off: number, oldV: number, newV: number): void {
  if (oldV === newV) return;
  let c = readU16(buf, off);
  c = updateChecksum16(c, oldV >>> 16, newV >>> 16);
  c = updateChecksum16(c, oldV & 0xffff, newV & 0xffff);
  writeU16(buf, off, c);
}

function replace16(buf: Uint8Array, off: number, oldV: number, newV: number): void {
  if (oldV === newV) return;
  writeU16(buf, off, updateChecksum16(readU16(buf, off), oldV, newV));
}

/**
 * Make the packet at `ipOff` (`len` bytes, possibly a header quoted inside an
 * ICMP error) carry `t`'s source (manip `src`) or destination (`dst`) address
 * and port. `l4 = false` changes only the IPv4 header (the outer header of an
 * ICMP error).
 */
export function manipPkt(buf: Uint8Array, ipOff: number, len: number, t: Tuple, manip: Manip, l4 = true): void {
  const hl = (buf[ipOff] & 0x0f) * 4;
  const addrOff = ipOff + (manip === 'src' ? IPV4_FIELD.SRC_ADDR[0] : IPV4_FIELD.DST_ADDR[0]);
  const oldIp = readIpv4(buf, addrOff);
  const newIp = manip === 'src' ? t.src : t.dst;
  const proto = buf[ipOff + IPV4_FIELD.PROTOCOL[0]];
  const l4Off = ipOff + hl;
  const l4Len = len - hl;
  if (l4) {
    if (proto === IP_PROTOCOL.TCP || proto === IP_PROTOCOL.UDP) {
      const portOff = l4Off + (manip === 'src' ? 0 : 2);
      const oldPort = l4Len >= 4 ? readU16(buf, portOff) : 0;
      const newPort = manip === 'src' ? t.sport : t.dport;
      // Nothing to do (and no checksum to touch) when the packet already looks like the target.
      if (l4Len >= 4 && (oldPort !== newPort || oldIp !== newIp)) {
        // The checksum covers the pseudo-header (addresses) and the port. A TCP header
        // cut to 8 bytes in an ICMP quote has no checksum to fix (tcp_manip_pkt).
        if (proto === IP_PROTOCOL.TCP && l4Len >= TCP_HEADER_LEN) {
          const c = l4Off + TCP_FIELD.CHECKSUM[0];
          replace32(buf, c, oldIp, newIp);
          replace16(buf, c, oldPort, newPort);
        } else if (proto === IP_PROTOCOL.UDP && l4Len >= 8) {
          const c = l4Off + UDP_FIELD.CHECKSUM[0];
          if (readU16(buf, c) !== 0) {
            replace32(buf, c, oldIp, newIp);
            replace16(buf, c, oldPort, newPort);
            if (readU16(buf, c) === 0) writeU16(buf, c, 0xffff); // CSUM_MANGLED_0
          }
        }
        writeU16(buf, portOff, newPort);
      }
    } else if (proto === IP_PROTOCOL.ICMP && l4Len >= 8 && ICMP_INVERSE[buf[l4Off]] !== undefined) {
      // icmp_manip_pkt: the echo identifier is the "port", in both directions.
      const idOff = l4Off + 4;
      const oldId = readU16(buf, idOff);
      if (oldId !== t.sport) {
        replace16(buf, l4Off + 2, oldId, t.sport);
        writeU16(buf, idOff, t.sport);
      }
    }
  }
  if (oldIp !== newIp) {
    replace32(buf, ipOff + IPV4_FIELD.CHECKSUM[0], oldIp, newIp);
    writeIpv4(buf, addrOff, newIp);
  }
}

/**
 * nf_nat_icmp_reply_translation: an ICMP error about a translated flow. The
 * quoted packet gets the opposite manipulation (`inner`), the ICMP checksum is
 * recomputed, then the outer header gets `outer`'s address.
 */
export function icmpErrorManip(buf: Uint8Array, inner: Tuple, outer: Tuple, manip: Manip): void {
  const hl = (buf[0] & 0x0f) * 4;
  const innerOff = hl + 8;
  manipPkt(buf, innerOff, buf.length - innerOff, inner, manip === 'src' ? 'dst' : 'src');
  setIcmpChecksum(buf, hl, buf.length - hl);
  manipPkt(buf, 0, buf.length, outer, manip, false);
}
