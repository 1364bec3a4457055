/**
 * VRRPv2 adverts on the wire as keepalived builds and checks them
 * (vrrp.c vrrp_build_ip4 / vrrp_build_vrrp_v2 / vrrp_update_pkt /
 * vrrp_check_packet): keepalived writes the IP header itself (raw socket,
 * IP_HDRINCL) with TOS 0xc0, no DF, TTL 255 and its own incrementing IP id.
 */
import { formatIpv4, readIpv4, type Ipv4 } from '../../wire/addr';
import { emitIpv4, IPV4_HEADER_LEN, IP_PROTOCOL } from '../../wire/ipv4';
import { buildVrrp, parseVrrp, VRRP_AUTH_DATA_LEN, VRRP_IP, vrrpAdvert, type VrrpRepr } from '../../wire/vrrp';

/** "set tos to internet network control" (vrrp_build_ip4). */
export const VRRP_TOS = 0xc0;

export interface AdvertSpec {
  vrid: number;
  priority: number;
  vips: Ipv4[];
  /** Seconds. */
  adverInt: number;
  authType: 0 | 1 | 2;
  authPass: string;
  src: Ipv4;
  dst: Ipv4;
  ipId: number;
}

/** The whole IPv4 datagram of one advert. */
export function buildAdvertPacket(a: AdvertSpec): Uint8Array {
  const repr = vrrpAdvert({ vrid: a.vrid, priority: a.priority, addresses: a.vips, adverInt: a.adverInt, password: a.authType === 1 ? a.authPass : undefined });
  if (a.authType === 2) repr.authType = 2;
  const body = buildVrrp(repr);
  const pkt = new Uint8Array(IPV4_HEADER_LEN + body.length);
  emitIpv4(
    {
      tos: VRRP_TOS,
      totalLength: pkt.length,
      identification: a.ipId,
      dontFragment: false,
      moreFragments: false,
      fragmentOffset: 0,
      ttl: VRRP_IP.TTL,
      protocol: IP_PROTOCOL.VRRP,
      src: a.src,
      dst: a.dst,
    },
    pkt,
    0,
  );
  pkt.set(body, IPV4_HEADER_LEN);
  return pkt;
}

/** What the receiver needs from the advert's IP header and body. */
export interface ReceivedAdvert {
  src: Ipv4;
  dst: Ipv4;
  ttl: number;
  version: number;
  type: number;
  vrid: number;
  priority: number;
  naddr: number;
  authType: number;
  adverInt: number;
  vips: Ipv4[];
  authData: Uint8Array;
  /** IP total length vs bytes received, and whether the checksum is right. */
  totalLength: number;
  length: number;
  checksumOk: boolean;
}

/** Read the raw datagram a VRRP socket receives (no validation beyond length). */
export function readAdvert(ip: Uint8Array): ReceivedAdvert | null {
  const ihl = (ip[0] & 0x0f) * 4;
  if (ip.length < ihl + 8) return null;
  const v = ip.subarray(ihl);
  const naddr = v[3];
  const vips: Ipv4[] = [];
  for (let i = 0; i < naddr && 8 + 4 * i + 4 <= v.length; i++) vips.push(readIpv4(v, 8 + 4 * i));
  const authAt = 8 + 4 * naddr;
  const parsed = parseVrrp(v, 0, v.length);
  const checksumOk = parsed.ok || !/Checksum/.test(parsed.error);
  return {
    src: readIpv4(ip, 12),
    dst: readIpv4(ip, 16),
    ttl: ip[8],
    version: v[0] >> 4,
    type: v[0] & 0x0f,
    vrid: v[1],
    priority: v[2],
    naddr,
    authType: v[4],
    adverInt: v[5],
    vips,
    authData: v.slice(authAt, authAt + VRRP_AUTH_DATA_LEN),
    totalLength: (ip[2] << 8) | ip[3],
    length: ip.length,
    checksumOk,
  };
}

/** What a receiving instance compares against (vrrp_t fields). */
export interface CheckerView {
  name: string;
  version: number;
  authType: number;
  authPass: string;
  /** µs */
  adverInt: number;
  vips: Ipv4[];
  unicast: boolean;
}

export type CheckResult = 'ok' | 'ko' | 'drop';

/**
 * vrrp_check_packet (keepalived 2.4): the first failing rule logs its line
 * and the advert is ignored. `checkVipAddr` is false when
 * skip_check_adv_addr lets a known master's adverts through unchecked.
 */
export function checkAdvert(v: CheckerView, a: ReceivedAdvert, checkVipAddr: boolean, log: (m: string) => void): CheckResult {
  const n = v.name;
  const expected = IPV4_HEADER_LEN + 8 + 4 * a.naddr + (a.version === 2 ? VRRP_AUTH_DATA_LEN : 0);
  if (a.length !== expected) {
    log(`(${n}) vrrp packet too ${a.length > expected ? 'long' : 'short'}, length ${a.length} and expect ${expected}`);
    return 'ko';
  }
  if (!v.unicast && a.ttl !== VRRP_IP.TTL) {
    log(`(${n}) invalid TTL/HL. Received ${a.ttl} and expect ${VRRP_IP.TTL}`);
    return 'ko';
  }
  if (a.version !== v.version) {
    log(`(${n}) wrong version. Received ${a.version} and expect ${v.version}`);
    return 'ko';
  }
  if (v.version === 2) {
    if (a.authType !== 0 && a.authType !== 1 && a.authType !== 2) {
      log(`(${n}) Invalid auth type: ${a.authType}`);
      return 'ko';
    }
    if (v.authType !== a.authType) {
      log(`(${n}) received a ${a.authType} auth, expecting ${v.authType}!`);
      return 'ko';
    }
    if (v.authType === 1) {
      const want = new Uint8Array(VRRP_AUTH_DATA_LEN);
      for (let i = 0; i < v.authPass.length && i < 8; i++) want[i] = v.authPass.charCodeAt(i) & 0xff;
      if (want.some((b, i) => b !== a.authData[i])) {
        log(`(${n}) received an invalid passwd!`);
        return 'ko';
      }
    }
    if (v.adverInt !== a.adverInt * 1_000_000) {
      log(`(${n}) advertisement interval mismatch mine=${v.adverInt / 1_000_000} sec rcv'd=${a.adverInt} sec`);
      return 'drop';
    }
  }
  if (a.type !== 1) {
    log(`(${n}) Invalid packet type. ${a.type} and expect 1`);
    return 'ko';
  }
  if (checkVipAddr && a.naddr !== v.vips.length) {
    log(`(${n}) received an unexpected ip number count ${a.naddr}, expected ${v.vips.length}!`);
    return 'ko';
  }
  if (a.totalLength !== a.length) {
    log(`(${n}) ip_tot_len mismatch against received length. ${a.totalLength} and received ${a.length}`);
    return 'ko';
  }
  if (!a.checksumOk) {
    log(`(${n}) Invalid VRRPv2 checksum`);
    return 'ko';
  }
  const multicast = a.dst >>> 28 === 0xe;
  if (multicast === v.unicast) {
    log(`(${n}) Expected ${v.unicast ? 'un' : 'mult'}icast packet but received ${v.unicast ? 'mult' : 'un'}icast packet`);
    return 'ko';
  }
  if (checkVipAddr) {
    for (const vip of v.vips) {
      if (!a.vips.includes(vip)) {
        log(`(${n}) ip address associated with VRID ${a.vrid} not present in MASTER advert : ${formatIpv4(vip)}`);
        return 'ko';
      }
    }
  }
  return 'ok';
}

/** The repr tshark/our dissector would show, for tests and the inspector. */
export const advertRepr = (a: AdvertSpec): VrrpRepr =>
  vrrpAdvert({ vrid: a.vrid, priority: a.priority, addresses: a.vips, adverInt: a.adverInt, password: a.authType === 1 ? a.authPass : undefined });
