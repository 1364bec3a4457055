import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIpv4 } from './addr';
import { fromHex, toHex } from './bytes';
import {
  VRRP_AUTH_TYPE,
  buildVrrp,
  describeVrrp,
  emitVrrp,
  parseVrrp,
  summarizeVrrp,
  vrrpAdvert,
  vrrpAuthData,
  vrrpBufferLen,
  vrrpPassword,
  type VrrpRepr,
} from './vrrp';

const ip = (s: string) => parseIpv4(s)!;
const VIP = ip('192.168.150.100');

// keepalived: virtual_router_id 51, priority 100, advert_int 1,
// authentication { auth_type PASS auth_pass 1111 }, virtual_ipaddress 192.168.150.100.
// tshark 4.0: "Checksum: 0xc05a [correct]"; tcpdump: "VRRPv2, Advertisement, vrid 51, prio 100, authtype simple, intvl 1s, length 20".
const FIXTURE = fromHex(
  '21' + // Version 2, Type 1 (Advertisement)
    '33' + // Virtual Rtr ID 51
    '64' + // Priority 100
    '01' + // Count IP Addrs 1
    '01' + // Auth Type 1 (simple text)
    '01' + // Adver Int 1 s
    'c05a' + // Checksum
    'c0a89664' + // IP Address 192.168.150.100
    '3131313100000000', // Authentication Data "1111" zero padded to 8 bytes
);
const REPR: VrrpRepr = { vrid: 51, priority: 100, authType: 1, adverInt: 1, addresses: [VIP], authData: fromHex('3131313100000000') };

describe('VRRP fixture', () => {
  it('reads every field', () => {
    const r = parseVrrp(FIXTURE);
    if (!r.ok) throw new Error(r.error);
    const { repr } = r.value;
    expect(repr.vrid).toBe(51);
    expect(repr.priority).toBe(100);
    expect(repr.authType).toBe(VRRP_AUTH_TYPE.SIMPLE_TEXT);
    expect(repr.adverInt).toBe(1);
    expect(repr.addresses).toEqual([VIP]);
    expect(toHex(repr.authData)).toBe('3131313100000000');
    expect(vrrpPassword(repr.authData)).toBe('1111');
    expect([r.value.headerLen, r.value.payloadOffset, r.value.payloadLen]).toEqual([20, 20, 0]);
  });

  it('emits the same bytes into a buffer pre-filled with 0xa5', () => {
    const buf = new Uint8Array(24).fill(0xa5);
    emitVrrp(vrrpAdvert({ vrid: 51, priority: 100, addresses: [VIP], password: '1111' }), buf, 2);
    expect(toHex(buf)).toBe('a5a5' + toHex(FIXTURE) + 'a5a5');
    expect(buildVrrp(REPR)).toEqual(FIXTURE);
  });

  it('computes the checksums tshark computed for other adverts', () => {
    // From tshark 4.0 on hand-made frames (all "[correct]").
    const a = (s: string) => ip(s);
    expect(toHex(buildVrrp({ vrid: 1, priority: 0, authType: 0, adverInt: 1, addresses: [a('10.0.0.1')], authData: vrrpAuthData() })).slice(12, 16)).toBe('d4fb');
    expect(toHex(buildVrrp({ vrid: 2, priority: 255, authType: 2, adverInt: 1, addresses: [a('10.0.0.1'), a('10.0.0.2')], authData: vrrpAuthData('12345678') })).slice(12, 16)).toBe('f921');
    expect(toHex(buildVrrp(vrrpAdvert({ vrid: 3, priority: 150, addresses: [], password: 'ab' }))).slice(12, 16)).toBe('e698');
  });

  it('keeps only the first 8 characters of the password, like keepalived', () => {
    expect(toHex(vrrpAuthData('longpassword'))).toBe('6c6f6e6770617373'); // "longpass"
    expect(vrrpAdvert({ vrid: 1, priority: 100, addresses: [] }).authType).toBe(VRRP_AUTH_TYPE.NONE);
    expect(vrrpBufferLen(REPR)).toBe(20);
  });

  it('summarizes like tcpdump', () => {
    expect(summarizeVrrp(REPR)).toBe('VRRPv2, Advertisement, vrid 51, prio 100, authtype simple, intvl 1s, length 20');
    expect(summarizeVrrp({ ...REPR, authType: 2, priority: 255, vrid: 2, addresses: [1, 2] })).toBe(
      'VRRPv2, Advertisement, vrid 2, prio 255, authtype ah, intvl 1s, length 24',
    );
    expect(summarizeVrrp({ ...REPR, authType: 0 })).toContain('authtype none');
    expect(summarizeVrrp({ ...REPR, authType: 7 })).toContain('authtype #7');
  });

  it('describes like Wireshark, bit offsets from the frame start', () => {
    const frame = new Uint8Array(34 + FIXTURE.length);
    frame.set(FIXTURE, 34);
    const layer = describeVrrp(frame, 34, FIXTURE.length);
    expect(layer.name).toBe('Virtual Router Redundancy Protocol');
    expect(layer.summary).toBe('Announcement (v2)');
    expect([layer.byteOffset, layer.byteLength]).toEqual([34, 20]);
    const base = 34 * 8;
    expect(layer.fields.map((f) => [f.key, `${f.name}: ${f.value}`, f.bitOffset - base, f.bitLength])).toEqual([
      ['version', 'Version: 2', 0, 4],
      ['type', 'Packet type: Advertisement (1)', 4, 4],
      ['vrid', 'Virtual Rtr ID: 51', 8, 8],
      ['prio', 'Priority: 100 (Default priority for a backup VRRP router)', 16, 8],
      ['addr_count', 'Addr Count: 1', 24, 8],
      ['auth_type', 'Auth Type: Simple Text Authentication [RFC 2338] / Reserved [RFC 3768] (1)', 32, 8],
      ['adver_int', 'Adver Int: 1', 40, 8],
      ['checksum', 'Checksum: 0xc05a [correct]', 48, 16],
      ['ip_addr', 'IP Address: 192.168.150.100', 64, 32],
      ['auth_string', 'Authentication String: 1111', 96, 64],
    ]);
  });

  it('describes priorities, several addresses and other auth types', () => {
    const msg = buildVrrp({ vrid: 2, priority: 255, authType: 2, adverInt: 1, addresses: [ip('10.0.0.1'), ip('10.0.0.2')], authData: vrrpAuthData() });
    const f = new Map(describeVrrp(msg, 0, msg.length).fields.map((x) => [x.key, x.value]));
    expect(f.get('prio')).toBe("255 (This VRRP router owns the virtual router's IP address(es))");
    expect(f.get('auth_type')).toBe('IP Authentication Header [RFC 2338] / Reserved [RFC 3768] (2)');
    expect(f.get('ip_addr#2')).toBe('10.0.0.2');
    expect(f.get('auth_data')).toBe('0000000000000000');
    const zero = buildVrrp({ ...REPR, priority: 0 });
    expect(describeVrrp(zero, 0, zero.length).fields[3].value).toBe('0 (Current Master has stopped participating in VRRP)');
    const mid = buildVrrp({ ...REPR, priority: 150 });
    expect(describeVrrp(mid, 0, mid.length).fields[3].value).toBe('150 (Non-default backup priority)');
  });
});

describe('VRRP errors', () => {
  it('reports a corrupted checksum naming the field and the right value', () => {
    const bad = FIXTURE.slice();
    bad[6] = 0x12;
    bad[7] = 0x34;
    expect(parseVrrp(bad)).toEqual({ ok: false, error: 'VRRP: Checksum 0x1234 is wrong (should be 0xc05a)' });
    const layer = describeVrrp(bad, 0, bad.length);
    expect(layer.fields.find((f) => f.key === 'checksum')!.value).toBe('0x1234 incorrect, should be 0xc05a');
    expect(layer.fields.find((f) => f.key === 'error')!.value).toBe('VRRP: Checksum 0x1234 is wrong (should be 0xc05a)');
    // A changed password is caught by the checksum too.
    const pw = FIXTURE.slice();
    pw[12] = 0x32;
    expect(parseVrrp(pw).ok).toBe(false);
  });

  it('checks version, type and length', () => {
    const v3 = FIXTURE.slice();
    v3[0] = 0x31;
    expect(parseVrrp(v3)).toEqual({ ok: false, error: 'VRRP: Version 3 is not 2' });
    const v4 = FIXTURE.slice();
    v4[0] = 0x41;
    expect(parseVrrp(v4)).toEqual({ ok: false, error: 'VRRP: Version 4 is not 2' });
    const t2 = FIXTURE.slice();
    t2[0] = 0x22;
    expect(parseVrrp(t2)).toEqual({ ok: false, error: 'VRRP: Type 2 is not 1 (Advertisement)' });
    const many = FIXTURE.slice();
    many[3] = 3;
    expect(parseVrrp(many)).toEqual({ ok: false, error: 'VRRP: Count IP Addrs 3 needs 28 bytes but the message has 20' });
    expect(parseVrrp(FIXTURE, 0, 7)).toEqual({ ok: false, error: 'VRRP: message of 7 bytes is shorter than the 8-byte header' });
    expect(parseVrrp(FIXTURE, 0, 19).ok).toBe(false);
  });
});

describe('VRRP properties', () => {
  const byte = fc.integer({ min: 0, max: 255 });
  const repr: fc.Arbitrary<VrrpRepr> = fc.record({
    vrid: byte,
    priority: byte,
    authType: byte,
    adverInt: byte,
    addresses: fc.array(fc.integer({ min: 0, max: 0xffffffff }), { maxLength: 20 }),
    authData: fc.uint8Array({ minLength: 8, maxLength: 8 }),
  });

  it('parse(emit(x)) = x', () => {
    fc.assert(
      fc.property(repr, (x) => {
        const msg = buildVrrp(x);
        expect(parseVrrp(msg)).toEqual({ ok: true, value: { repr: x, headerLen: msg.length, payloadOffset: msg.length, payloadLen: 0 } });
      }),
    );
  });

  it('never throws on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.nat(70), fc.integer({ min: -2, max: 70 }), (b, off, len) => {
        parseVrrp(b, off, len);
        parseVrrp(b);
        describeVrrp(b, off, len);
        describeVrrp(b, 0, b.length);
      }),
    );
  });
});
