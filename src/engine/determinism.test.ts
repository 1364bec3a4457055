import { describe, expect, it } from 'vitest';
import { transcript } from '../test-support/transcript';
import { renderEvents } from './transcript';
import { capturesByInterface } from './capture';
import { toHex } from './wire/bytes';

const SCRIPT = '1 client curl 192.168.150.100\n2 client ping -c 2 192.168.150.12\n3 client curl 192.168.150.100';

function run(seed?: number) {
  const { text, lab } = transcript('lvs-dr', SCRIPT, seed === undefined ? {} : { seed });
  const events = renderEvents(lab.world.trace.packets, lab.world.trace.states);
  const pcaps = [...capturesByInterface(lab.world.trace.packets)].map(([k, w]) => `${k}:${toHex(w.toBytes())}`).join('\n');
  return { text, events, pcaps, lab };
}

describe('determinism', () => {
  it('the same scenario and seed give a byte-identical trace, transcript and captures', () => {
    const a = run();
    const b = run();
    expect(a.events.length).toBeGreaterThan(10_000);
    expect(b.events).toBe(a.events);
    expect(b.text).toBe(a.text);
    expect(b.pcaps).toBe(a.pcaps);
  });

  it('another seed changes what is seeded (MACs, ephemeral ports, sequence numbers) but not what happens', () => {
    const a = run(1);
    const b = run(2);
    const mac = (r: ReturnType<typeof run>) => r.lab.host('client')!.nic('eth0')!.mac;
    expect(mac(b)).not.toBe(mac(a));
    expect(b.events).not.toBe(a.events);
    // The lab still behaves the same: the same pages come back in the same order.
    const pages = (r: ReturnType<typeof run>) => r.text.split('\n').filter((l) => l.startsWith('from '));
    expect(pages(b)).toEqual(pages(a));
    const ports = (r: ReturnType<typeof run>) => [...r.text.matchAll(/icmp_seq=\d+/g)].length;
    expect(ports(b)).toBe(ports(a));
  });
});
