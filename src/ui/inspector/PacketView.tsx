import { formatTime } from '../state/clock';
import { frames, usePackets } from '../state/packets';
import { selectPacket, type PacketRef } from '../state/selection';

/** Hex dump, 16 bytes a line, as `tcpdump -xx` groups them. */
function hexdump(b: Uint8Array): string {
  const lines: string[] = [];
  for (let i = 0; i < b.length; i += 16) {
    const chunk = Array.from(b.subarray(i, i + 16), (x) => x.toString(16).padStart(2, '0'));
    const pairs: string[] = [];
    for (let j = 0; j < chunk.length; j += 2) pairs.push(chunk.slice(j, j + 2).join(''));
    lines.push(`0x${i.toString(16).padStart(4, '0')}:  ${pairs.join(' ')}`);
  }
  return lines.join('\n');
}

/**
 * The selected packet: its one-line summary, every hop of it so far, and the
 * bytes. (The layer-by-layer view and per-hop header diff come later.)
 */
export function PacketView({ packet }: { packet: PacketRef }) {
  const rows = usePackets((s) => s.rows);
  const hops = rows.filter((r) => r.pid === packet.pid);
  const row = rows.find((r) => r.seq === packet.seq) ?? hops[0];
  const bytes = frames.get(packet.seq);
  return (
    <div className="insp-body" data-testid="inspector-packet" data-pid={packet.pid}>
      <div className="insp-head">
        <h2>
          <span className={`swatch env-${row?.kind ?? 'other'}`} aria-hidden="true" /> Packet #{packet.pid}
        </h2>
        <button className="btn small" onClick={() => selectPacket(null)} aria-label="Close the packet view">
          ✕
        </button>
      </div>
      {row && <p className="mono small summary-line">{row.summary}</p>}
      <section className="insp-section">
        <h3>Its path so far</h3>
        <ol className="hop-list mono small">
          {hops.map((h) => (
            <li key={h.seq} className={h.seq === packet.seq ? 'current' : ''}>
              <button className="link-btn" onClick={() => selectPacket({ pid: h.pid, seq: h.seq })}>
                {formatTime(h.t)} {h.dropped && !h.arrive ? `dropped at ${h.to}: ${h.dropped}` : `${h.from} → ${h.to}`}
              </button>
            </li>
          ))}
        </ol>
      </section>
      {bytes && (
        <section className="insp-section">
          <h3>Bytes ({bytes.length})</h3>
          <pre className="hexdump">{hexdump(bytes)}</pre>
        </section>
      )}
    </div>
  );
}
