import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { engine } from '../engine/client';
import { useSession } from '../state/session';
import { setActiveConsole, useTerminal } from '../state/terminal';

/**
 * A minimal terminal for one host at a time: what its shell printed, and a
 * line to type into it. (A full terminal comes later.) Enter runs the line,
 * Ctrl+C interrupts, ↑/↓ walk the history.
 */
export function CommandLine() {
  const doc = useSession((s) => s.doc);
  const hosts = useMemo(() => doc?.nodes.filter((n) => n.kind !== 'switch').map((n) => n.id) ?? [], [doc]);
  const active = useTerminal((s) => s.active);
  const node = active && hosts.includes(active) ? active : (hosts[0] ?? null);
  const con = useTerminal((s) => (node ? s.consoles[node] : undefined));
  const ready = useSession((s) => s.status === 'ready');
  const [line, setLine] = useState('');
  const [hist, setHist] = useState<number | null>(null);
  const out = useRef<HTMLPreElement>(null);
  const hostsKey = hosts.join(',');

  useEffect(() => {
    if (active !== node) setActiveConsole(node);
  }, [active, node, hostsKey]);
  useEffect(() => {
    const el = out.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [con?.text]);

  if (!node) return <div className="cmdline muted small">This lab has no Linux host to type into.</div>;
  const prompt = con?.prompt ?? `[root@${node} ~]# `;
  const history = con?.history ?? [];
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      engine.type(node, line);
      setLine('');
      setHist(null);
    } else if (e.key === 'c' && e.ctrlKey && !window.getSelection()?.toString()) {
      e.preventDefault();
      interrupt();
    } else if (e.key === 'ArrowUp' && history.length) {
      e.preventDefault();
      const i = hist === null ? history.length - 1 : Math.max(0, hist - 1);
      setHist(i);
      setLine(history[i]);
    } else if (e.key === 'ArrowDown' && hist !== null) {
      e.preventDefault();
      const i = hist + 1;
      if (i >= history.length) {
        setHist(null);
        setLine('');
      } else {
        setHist(i);
        setLine(history[i]);
      }
    }
  };
  const interrupt = () => {
    useTerminal.setState((s) => {
      const c = s.consoles[node];
      return c ? { consoles: { ...s.consoles, [node]: { ...c, text: `${c.text}${line ? prompt + line : ''}^C\n` } } } : s;
    });
    setLine('');
    engine.send({ type: 'interrupt', node });
  };
  return (
    <section className="cmdline" aria-label={`Terminal of ${node}`} data-testid="cmdline" data-node={node} data-running={con?.running ?? 0}>
      <div className="dock-head">
        <label className="field">
          <span className="field-label">Terminal</span>
          <select data-testid="cmd-node" aria-label="Host to type into" value={node} onChange={(e) => setActiveConsole(e.target.value)}>
            {hosts.map((h) => (
              <option key={h} value={h}>
                {h}
              </option>
            ))}
          </select>
        </label>
        <button className="btn small" data-testid="cmd-ctrlc" onClick={interrupt} title="Interrupt the running command (Ctrl+C)" aria-label="Send Ctrl+C">
          Ctrl+C
        </button>
      </div>
      <pre ref={out} className="term-out" data-testid="cmd-output" aria-live="polite">
        {con?.text ?? ''}
      </pre>
      <div className="term-in">
        {/* While a command runs, bash shows no prompt: typed lines wait for it. */}
        {!con?.running && <span className="prompt mono">{prompt}</span>}
        <input
          className="mono"
          data-testid="cmd-input"
          aria-label={`Command for ${node}`}
          value={line}
          disabled={!ready}
          spellCheck={false}
          autoCapitalize="off"
          autoComplete="off"
          placeholder={con?.text ? '' : 'type a command, e.g. ifconfig'}
          onChange={(e) => setLine(e.target.value)}
          onKeyDown={onKey}
        />
      </div>
    </section>
  );
}
