import type { ScenarioDocV1 } from '../../engine/scenario/types';
import type { LvslabTestHooks } from '../testhooks-types';
import { drawn } from '../canvas/PacketLayer';
import { clock } from '../state/clock';
import { usePackets } from '../state/packets';
import { useSession } from '../state/session';
import { addToTimeline, timeline } from '../state/timeline';
import { mountedTerminals } from '../terminal/registry';
import { engine } from './client';

let token = 0;

/** Install `window.__lvslab` (only when test hooks are on). */
export function installTestHooks(): void {
  if (!engine.testHooks) return;
  const hooks: LvslabTestHooks = {
    advance(seconds) {
      const mine = ++token;
      return new Promise((resolve) => {
        const off = engine.listen((m) => {
          if (m.type === 'advanced' && m.token === mine) {
            off();
            // Let React commit the stores the batch updated.
            requestAnimationFrame(() => resolve());
          }
        });
        engine.send({ type: 'advance', us: Math.round(seconds * 1e6), token: mine });
      });
    },
    crash(how = 'throw') {
      engine.send({ type: 'debug-crash', how });
    },
    state() {
      const s = useSession.getState();
      const p = usePackets.getState();
      return {
        status: s.status,
        playState: s.playState,
        now: clock.now,
        hops: p.hops,
        drops: p.drops,
        nodes: s.doc?.nodes.map((n) => n.id) ?? [],
        links: s.doc?.links.map((l) => ({ id: l.id ?? '', up: l.up !== false })) ?? [],
        canUndo: s.canUndo,
        canRedo: s.canRedo,
      };
    },
    type(node, line) {
      engine.type(node, line);
    },
    fillTimeline(n) {
      const first = (timeline.entries[timeline.entries.length - 1]?.seq ?? -1) + 1;
      const nodes = useSession.getState().doc?.nodes.map((x) => x.id) ?? ['node01'];
      const states = [];
      for (let i = 0; i < n; i++) {
        const node = nodes[i % nodes.length];
        states.push({ seq: first + i, t: i * 10, node, kind: i % 2 ? 'tcp.state' : 'arp.add', text: `synthetic ${i} ${i % 2 ? 'ESTABLISHED' : 'REACHABLE'} on ${node}` });
      }
      addToTimeline([], [], states);
    },
    terminalText(node) {
      return mountedTerminals.get(node)?.text() ?? null;
    },
    load(doc) {
      engine.load(doc as ScenarioDocV1, null);
    },
    envelopes() {
      return drawn.envelopes.map((e) => ({ ...e }));
    },
    drops() {
      return drawn.drops.map((d) => ({ ...d }));
    },
  };
  window.__lvslab = hooks;
}
