import { useSession } from '../state/session';

/** Nothing selected: what this lab is about, and how to use the canvas. */
export function LabView() {
  const doc = useSession((s) => s.doc);
  return (
    <div className="insp-body" data-testid="inspector-lab">
      <div className="insp-head">
        <h2>{doc?.title?.en ?? 'Your lab'}</h2>
      </div>
      {doc?.description?.en && <p className="small">{doc.description.en}</p>}
      <section className="insp-section">
        <h3>How to</h3>
        <ul className="small tips">
          <li>Click a node to see its interfaces, ARP cache and routes.</li>
          <li>Type commands for the selected host in the terminal below.</li>
          <li>Drag from an interface dot to another to lay a cable; right-click a cable to cut it.</li>
          <li>Click an envelope to follow that packet.</li>
          <li>
            <kbd>Del</kbd> deletes, <kbd>Ctrl</kbd>+<kbd>Z</kbd> undoes, <kbd>Ctrl</kbd>+<kbd>C</kbd>/<kbd>V</kbd> copies nodes.
          </li>
        </ul>
      </section>
    </div>
  );
}
