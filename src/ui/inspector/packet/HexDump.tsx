import { memo, useEffect, useRef, useState, type MouseEvent } from 'react';

/** Byte ranges [from, to) to mark: the selected field, and the bytes this hop changed. */
export interface HexMarks {
  selected?: [number, number];
  changed?: Array<[number, number]>;
}

const hex2 = (x: number): string => x.toString(16).padStart(2, '0');
const printable = (x: number): string => (x >= 0x20 && x < 0x7f ? String.fromCharCode(x) : '.');
const inRange = (i: number, r: [number, number] | undefined): boolean => !!r && i >= r[0] && i < r[1];

/** Below this width (px) a line holds 8 bytes instead of 16. */
const WIDE = 400;

/**
 * The frame's bytes, 16 a line as Wireshark's bytes pane shows them (8 in a
 * narrow panel): offset, hex, ASCII. Clicking a byte (hex or ASCII) picks the
 * field it belongs to.
 */
export const HexDump = memo(function HexDump({ bytes, marks, onByte, label }: { bytes: Uint8Array; marks: HexMarks; onByte: (i: number) => void; label: string }) {
  const box = useRef<HTMLDivElement>(null);
  const [perLine, setPerLine] = useState(16);
  useEffect(() => {
    const el = box.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => setPerLine(el.clientWidth >= WIDE ? 16 : 8));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  const changed = (i: number) => marks.changed?.some((r) => inRange(i, r)) ?? false;
  const cls = (i: number) => `${inRange(i, marks.selected) ? ' sel' : ''}${changed(i) ? ' chg' : ''}`;
  const lines = [];
  for (let off = 0; off < bytes.length; off += perLine) {
    const idx = Array.from({ length: Math.min(perLine, bytes.length - off) }, (_, k) => off + k);
    lines.push(
      <div key={off} className="hex-line">
        <span className="hex-off">{off.toString(16).padStart(4, '0')}</span>
        <span className="hex-bytes">
          {idx.map((i) => (
            <span key={i} data-i={i} className={`hb${cls(i)}${i - off === 8 ? ' gap' : ''}`}>
              {hex2(bytes[i])}
            </span>
          ))}
        </span>
        <span className="hex-ascii">
          {idx.map((i) => (
            <span key={i} data-i={i} className={`ha${cls(i)}`}>
              {printable(bytes[i])}
            </span>
          ))}
        </span>
      </div>,
    );
  }
  const click = (e: MouseEvent<HTMLDivElement>) => {
    const el = (e.target as HTMLElement).closest<HTMLElement>('[data-i]');
    if (el) onByte(Number(el.dataset.i));
  };
  return (
    <div ref={box} className="hexdump" data-testid="hexdump" data-per-line={perLine} data-count={bytes.length} onClick={click} role="group" aria-label={label}>
      {lines}
    </div>
  );
});
