import { useSelection } from '../state/selection';
import { LabView } from './LabView';
import { LinkView } from './LinkView';
import { NodeView } from './NodeView';
import { PacketView } from './PacketView';

/**
 * The right-hand panel. Its whole API is the selection store: the selected
 * packet ({pid, seq}) wins, then a single selected node, then a cable;
 * otherwise the lab's description.
 */
export function Inspector() {
  const packet = useSelection((s) => s.packet);
  const nodes = useSelection((s) => s.nodes);
  const links = useSelection((s) => s.links);
  let body;
  if (packet) body = <PacketView packet={packet} />;
  else if (nodes.length === 1) body = <NodeView id={nodes[0]} />;
  else if (nodes.length > 1) body = <p className="insp-body small" data-testid="inspector-multi">{nodes.length} nodes selected: drag to move them together, Ctrl+C to copy, Del to delete.</p>;
  else if (links.length === 1) body = <LinkView id={links[0]} />;
  else body = <LabView />;
  return (
    <aside className="inspector" aria-label="Inspector" data-testid="inspector">
      {body}
    </aside>
  );
}
