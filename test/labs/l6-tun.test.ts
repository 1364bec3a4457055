import { describe, expect, it } from 'vitest';
import { transcript } from '../../src/test-support/transcript';
import { ipFrames } from './frames';

describe('lab L6: LVS TUN in the lvs-tun preset', () => {
  const { text, lab } = transcript('lvs-tun', '1 client curl 192.168.150.100\n2 client curl 192.168.150.100');
  const frames = ipFrames(lab.world);

  it('both real servers answer, one of them beyond a router', () => {
    expect(text).toContain('from node03 (192.168.150.13)');
    expect(text).toContain('from node02 (172.16.0.12)');
  });

  it('the director wraps CIP→VIP in a new DIP→RIP header (IP-in-IP), inner packet untouched', () => {
    const tunnelled = frames.filter((f) => f.from === 'node01' && f.proto === 4);
    expect(tunnelled.length).toBeGreaterThan(0);
    for (const f of tunnelled) {
      expect(f.src).toBe('192.168.150.11');
      expect(['172.16.0.12', '192.168.150.13']).toContain(f.dst);
      expect(f.inner).toMatchObject({ src: '192.168.150.1', dst: '192.168.150.100', dport: 80 });
    }
  });

  it('the tunnel crosses the router: the outer header is routed', () => {
    const viaRouter = frames.filter((f) => f.from === 'router' && f.proto === 4);
    expect(viaRouter.length).toBeGreaterThan(0);
    expect(viaRouter.every((f) => f.dst === '172.16.0.12')).toBe(true);
  });

  it('real servers answer the client directly from the VIP (never through the director)', () => {
    const answers = frames.filter((f) => (f.from === 'node02' || f.from === 'node03') && f.proto === 6);
    expect(answers.length).toBeGreaterThan(0);
    expect(answers.every((f) => f.src === '192.168.150.100' && f.dst === '192.168.150.1')).toBe(true);
    expect(frames.some((f) => f.from === 'node01' && f.proto === 6 && f.src === '192.168.150.100')).toBe(false);
  });
});
