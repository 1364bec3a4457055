import { AnimatePresence, m } from 'motion/react';
import type { ScenarioDocV1 } from '../../engine/scenario/types';
import { engine } from '../engine/client';
import { rich, useT } from '../i18n';
import { useSession } from '../state/session';
import { setActiveConsole } from '../state/terminal';

/** A first command worth trying in this lab: curl the VIP from the client, or ping a neighbour. */
export function suggestion(doc: ScenarioDocV1 | null): { node: string; line: string } | null {
  if (!doc) return null;
  const hosts = doc.nodes.filter((n) => n.kind !== 'switch');
  const client = hosts.find((n) => n.id === 'client');
  const director = hosts.find((n) => n.boot?.some((b) => b.startsWith('ipvsadm -A')));
  const vip = director?.boot?.find((b) => b.startsWith('ipvsadm -A'))?.match(/-t (\d+\.\d+\.\d+\.\d+):/)?.[1];
  if (client && vip) return { node: client.id, line: `curl ${vip}` };
  const first = hosts.find((n) => n.interfaces?.some((i) => i.addresses?.length));
  if (!first) return null;
  const net = first.interfaces!.flatMap((i) => i.addresses ?? [])[0].split('.').slice(0, 3).join('.');
  for (const h of hosts) {
    if (h === first) continue;
    const addr = h.interfaces?.flatMap((i) => i.addresses ?? []).find((a) => a.startsWith(net + '.'));
    if (addr) return { node: first.id, line: `ping -c 1 ${addr.split('/')[0]}` };
  }
  return null;
}

/** What a newcomer can do first, until they type something. */
export function Hint() {
  const doc = useSession((s) => s.doc);
  const show = useSession((s) => s.status === 'ready' && !s.typedAnything);
  const s = suggestion(doc);
  const t = useT();
  return (
    <AnimatePresence>
      {show && (
        <m.div className="hint" data-testid="hint" initial={{ opacity: 0 }} animate={{ opacity: 1 }} exit={{ opacity: 0 }}>
          <span>
            {t('hint.type')}
            {s ? rich(t('hint.try'), { line: <code>{s.line}</code>, node: <strong>{s.node}</strong> }) : null}
            {t('hint.orPlay')}
          </span>
          {s && (
            <button
              className="btn primary small"
              data-testid="hint-try"
              onClick={() => {
                setActiveConsole(s.node);
                engine.type(s.node, s.line);
              }}
            >
              {t('hint.tryIt')}
            </button>
          )}
        </m.div>
      )}
    </AnimatePresence>
  );
}
