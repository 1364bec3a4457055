/**
 * The dock's terminals: a tab per host whose terminal is open, the shown
 * one below. Closing a tab keeps the host's shell and scrollback (they live
 * in the engine and the store); reopening shows them. The xterm code loads
 * on first use.
 */
import { Component, lazy, Suspense, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useSession } from '../state/session';
import { closeTerminal, keepTerminals, openTerminal, useTerminal } from '../state/terminal';
import { useT } from '../i18n';
import { suggestion } from '../shell/Hint';
import './terminal.css';

const loadView = () => lazy(() => import('./TerminalView'));

/** The xterm chunk failed to load (offline, a new deployment): say so, and offer to try again. */
class LoadBoundary extends Component<{ children: ReactNode; fallback: (retry: () => void) => ReactNode; onRetry: () => void }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }
  override render(): ReactNode {
    return this.state.failed
      ? this.props.fallback(() => {
          this.props.onRetry();
          this.setState({ failed: false });
        })
      : this.props.children;
  }
}

function Tab({ node, active }: { node: string; active: boolean }) {
  const t = useT();
  const running = useTerminal((s) => (s.consoles[node]?.running ?? 0) > 0);
  return (
    <li className={`term-tab${active ? ' active' : ''}`} data-testid={`term-tab-${node}`} data-active={active} data-running={running}>
      <button className="term-tab-name mono" aria-current={active ? 'true' : undefined} onClick={() => openTerminal(node)} title={t('term.tabTitle', { node })}>
        {running && <span className="term-running" role="img" aria-label={t('term.running')} />}
        {node}
      </button>
      <button className="term-tab-close" data-testid={`term-close-${node}`} aria-label={t('term.close', { node })} title={t('term.closeTitle')} onClick={() => closeTerminal(node)}>
        ×
      </button>
    </li>
  );
}

export function TerminalPanel() {
  const t = useT();
  const doc = useSession((s) => s.doc);
  const hosts = useMemo(() => doc?.nodes.filter((n) => n.kind !== 'switch').map((n) => n.id) ?? [], [doc]);
  const open = useTerminal((s) => s.open);
  const active = useTerminal((s) => s.active);
  const closedAll = useTerminal((s) => s.closedAll);
  const hostsKey = hosts.join(',');
  const [TerminalView, setView] = useState(loadView);

  useEffect(() => {
    keepTerminals(hosts);
    const s = useTerminal.getState();
    if (!s.open.length && !s.closedAll && hosts.length) openTerminal(suggestion(doc)?.node ?? hosts[0], false);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [hostsKey]);

  const closed = hosts.filter((h) => !open.includes(h));
  return (
    <section className="term-panel" aria-label={t('term.panel')} data-testid="terminals">
      <div className="dock-head term-head">
        <nav aria-label={t('term.tabs')}>
          <ul className="term-tabs">
            {open.map((n) => (
              <Tab key={n} node={n} active={n === active} />
            ))}
          </ul>
        </nav>
        {closed.length > 0 && (
          <select
            className="term-open"
            data-testid="term-open"
            aria-label={t('term.open')}
            value=""
            onChange={(e) => {
              if (e.target.value) openTerminal(e.target.value);
            }}
          >
            <option value="">{t('term.openOption')}</option>
            {closed.map((h) => (
              <option key={h} value={h}>
                {h}
              </option>
            ))}
          </select>
        )}
      </div>
      <div className="term-body">
        {active ? (
          <LoadBoundary
            onRetry={() => setView(loadView)}
            fallback={(retry) => (
              <p className="term-empty" role="alert">
                {t('term.loadFailed')}{' '}
                <button className="btn small" onClick={retry}>
                  {t('term.retry')}
                </button>
              </p>
            )}
          >
            <Suspense fallback={<p className="term-empty">{t('term.loading')}</p>}>
              <TerminalView key={active} node={active} />
            </Suspense>
          </LoadBoundary>
        ) : (
          <div className="term-empty" data-testid="term-empty">
            <p>{!hosts.length ? t('term.noHost') : `${closedAll ? `${t('term.noneOpen')} ` : ''}${t('term.emptyHelp')}`}</p>
            <p className="term-empty-hosts">
              {hosts.map((h) => (
                <button key={h} className="btn small mono" onClick={() => openTerminal(h)}>
                  {h}
                </button>
              ))}
            </p>
          </div>
        )}
      </div>
    </section>
  );
}
