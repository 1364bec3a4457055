import { describe, expect, it } from 'vitest';
import { World } from '../world';
import { NetNode } from './node';
import type { Nic } from './nic';
import { Switch, MAC_AGEING_TIME } from './switch';
import { buildEthernetFrame, ETHERTYPE } from '../wire/ethernet';
import { formatMac, readMac, type Mac } from '../wire/addr';

/** A station that only records what reaches it. */
class Sink extends NetNode {
  readonly got: Mac[] = [];
  constructor(world: World, id: string) {
    super(world, id, 'host');
  }
  receive(_nic: Nic, frame: Uint8Array): void {
    this.got.push(readMac(frame, 6));
  }
}

function bench(ports = 3) {
  const world = new World(1);
  const sw = world.addNode(new Switch(world, 'sw'));
  const sinks: Sink[] = [];
  for (let i = 1; i <= ports; i++) {
    const s = world.addNode(new Sink(world, `h${i}`));
    world.connect(`l${i}`, s.addNic('eth0'), sw.addNic(`p${i}`));
    sinks.push(s);
  }
  /** `from` sends a frame src → dst; the world runs until it is delivered. */
  const send = (from: number, src: Mac, dst: Mac) => {
    world.transmit(sinks[from - 1].nic('eth0')!, buildEthernetFrame({ dst, src, ethertype: ETHERTYPE.IPV4 }, new Uint8Array(46)), world.newPid());
    world.sim.runUntil(world.now + 1000);
  };
  return { world, sw, sinks, send };
}

const A = 0x000c29000001;
const B = 0x000c29000002;

/** A MAC whose table key equals A's: other first two bytes, low four bytes adjusted to cancel them. */
function collidingWith(a: Mac): Mac {
  const hiA = Math.floor(a / 2 ** 32);
  const loA = a % 2 ** 32;
  const hiB = hiA ^ 0x0200;
  const lo = ((loA ^ Math.imul(hiA, 0x45d9f3b) ^ Math.imul(hiB, 0x45d9f3b)) >>> 0) & 0x7fffffff;
  return hiB * 2 ** 32 + (lo | (loA & 0x80000000));
}

describe('learning switch', () => {
  it('floods the unknown, then forwards to the learned port only', () => {
    const { sinks, send } = bench();
    send(1, A, B); // B unknown: flooded to h2 and h3
    expect(sinks[1].got).toEqual([A]);
    expect(sinks[2].got).toEqual([A]);
    send(2, B, A); // A learned on p1: only h1 hears it
    expect(sinks[0].got).toEqual([B]);
    expect(sinks[2].got).toEqual([A]);
  });

  it('lists entries in learning order; a station that moves keeps its place with the new port', () => {
    const { sw, send } = bench();
    send(1, A, 0xffffffffffff);
    send(2, B, 0xffffffffffff);
    send(3, A, 0xffffffffffff); // A moved to p3
    expect(sw.macTable().map((e) => `${formatMac(e.mac)} ${e.port}`)).toEqual(['00:0c:29:00:00:01 p3', '00:0c:29:00:00:02 p2']);
  });

  it('tells apart two addresses that share a table key', () => {
    const C = collidingWith(A);
    expect(C).not.toBe(A);
    const { sw, sinks, send } = bench();
    send(1, A, 0xffffffffffff);
    send(2, C, 0xffffffffffff);
    send(3, B, A);
    send(3, B, C);
    expect(sinks[0].got).toEqual([C, B]);
    expect(sinks[1].got).toEqual([A, B]);
    expect(sw.macTable().map((e) => e.port)).toEqual(['p1', 'p2', 'p3']);
  });

  it('forgets an address after the ageing time and floods again', () => {
    const { world, sinks, send } = bench();
    send(1, A, 0xffffffffffff);
    world.sim.runUntil(world.now + MAC_AGEING_TIME + 1);
    send(2, B, A);
    expect(sinks[2].got).toContain(B); // flooded: A was forgotten
  });
});
