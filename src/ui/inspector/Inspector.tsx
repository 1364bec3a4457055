import { useEffect } from 'react';
import { useT } from '../i18n';
import { useSelection } from '../state/selection';
import './inspector.css';
import { LabView } from './LabView';
import { LinkView } from './LinkView';
import { NodeView } from './NodeView';
import { PacketView } from './PacketView';
import { RelatedHighlight, setRelated } from './related';

/**
 * The right-hand panel. Its whole API is the selection store: the selected
 * packet ({pid, seq}) wins, then a single selected node, then a cable;
 * otherwise the lab's description.
 */
export function Inspector() {
  const packet = useSelection((s) => s.packet);
  const nodes = useSelection((s) => s.nodes);
  const links = useSelection((s) => s.links);
  // A hovered row that goes away takes its highlight with it.
  useEffect(() => setRelated(null), [packet, nodes, links]);
  const t = useT();
  let body;
  if (packet) body = <PacketView packet={packet} />;
  else if (nodes.length === 1) body = <NodeView id={nodes[0]} />;
  else if (nodes.length > 1) body = <p className="insp-body small" data-testid="inspector-multi">{t('insp.multi', { n: nodes.length })}</p>;
  else if (links.length === 1) body = <LinkView id={links[0]} />;
  else body = <LabView />;
  return (
    <aside className="inspector" aria-label={t('app.inspector')} data-testid="inspector">
      {body}
      <RelatedHighlight />
    </aside>
  );
}
