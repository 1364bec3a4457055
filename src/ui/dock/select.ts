import { useCanvas } from '../canvas/store';
import { useSelection } from '../state/selection';

/** Select one node, as a click on it would: the canvas highlights it, the inspector shows it. */
export function selectNode(id: string): void {
  useCanvas.setState((s) => ({
    nodes: s.nodes.map((n) => (!!n.selected === (n.id === id) ? n : { ...n, selected: n.id === id })),
    edges: s.edges.map((e) => (e.selected ? { ...e, selected: false } : e)),
  }));
  useSelection.setState({ nodes: [id], links: [], packet: null });
}
