import { describe, expect, it } from 'vitest';
import { blockOf, transcript } from '../../src/test-support/transcript';
import { ipFrames } from './frames';

describe('lab L4: LVS NAT (D-NAT) in the lvs-nat preset', () => {
  const { text, lab } = transcript('lvs-nat', '1 client curl 192.168.150.100\n2 client curl 192.168.150.100\n3 node01 ipvsadm -Lnc');
  const frames = ipFrames(lab.world).filter((f) => f.proto === 6);

  it('pages alternate between the private real servers', () => {
    expect(blockOf(text, 'client$ curl 192.168.150.100')).toBe('from node03 (10.0.0.13)\n');
    expect(text).toContain('from node02 (10.0.0.12)');
  });

  it('in: the director rewrites the destination VIP → RIP; out: the source RIP → VIP', () => {
    const syn = frames.find((f) => f.from === 'client' && f.flags === 0x02)!;
    const synIn = frames.find((f) => f.from === 'node01' && f.flags === 0x02 && f.sport === syn.sport)!;
    expect([syn.src, syn.dst, syn.dport]).toEqual(['192.168.150.1', '192.168.150.100', 80]);
    expect([synIn.src, synIn.dst, synIn.dport]).toEqual(['192.168.150.1', '10.0.0.13', 80]);
    const synAckFromRs = frames.find((f) => f.from === 'node03' && f.flags === 0x12)!;
    const synAckOut = frames.find((f) => f.from === 'node01' && f.to !== 'sw2' && f.flags === 0x12)!;
    expect([synAckFromRs.src, synAckFromRs.dst]).toEqual(['10.0.0.13', '192.168.150.1']);
    expect([synAckOut.src, synAckOut.dst, synAckOut.sport]).toEqual(['192.168.150.100', '192.168.150.1', 80]);
    expect(synAckOut.ttl).toBe(synAckFromRs.ttl - 1);
  });

  it("every reply crosses the director (the notes' bottleneck): real servers only ever talk to the private switch", () => {
    const fromRs = frames.filter((f) => f.from === 'node02' || f.from === 'node03');
    expect(fromRs.length).toBeGreaterThan(4);
    expect(fromRs.every((f) => f.to === 'sw2')).toBe(true);
  });

  it('the NAT connection uses the INPUT+OUTPUT tables: the client closing leaves TIME_WAIT', () => {
    expect(blockOf(text, 'node01$ ipvsadm -Lnc')).toMatch(/TCP \d\d:\d\d  TIME_WAIT   192\.168\.150\.1:\d+ 192\.168\.150\.100:80 10\.0\.0\.13:80/);
  });
});
