import './panels.css';
import { create } from 'zustand';
import { useT } from '../i18n';
import { Ladder } from './Ladder';
import { PacketLog } from './PacketLog';
import { Timeline } from './Timeline';

export type DockTab = 'frames' | 'timeline' | 'ladder';

interface DockState {
  tab: DockTab;
  /** The panel takes more of the screen (a long ladder, a busy timeline). */
  tall: boolean;
}

export const useDock = create<DockState>()(() => ({ tab: 'frames', tall: false }));

const TABS: DockTab[] = ['frames', 'timeline', 'ladder'];

/** The right half of the bottom dock: the frames log, the event timeline and the ladder diagram, as tabs. */
export function DockTabs() {
  const t = useT();
  const tab = useDock((s) => s.tab);
  const tall = useDock((s) => s.tall);
  return (
    <div className="dock-panels" data-testid="dock-panels" data-size={tall ? 'tall' : 'normal'} role="region" aria-label={t('dock.panels')}>
      <div className="dock-tabs">
        <div role="tablist" aria-label={t('dock.panels')} style={{ display: 'flex', alignItems: 'stretch' }}>
        {TABS.map((id) => (
          <button
            key={id}
            role="tab"
            id={`dock-tab-${id}`}
            aria-selected={tab === id}
            aria-controls={`dock-panel-${id}`}
            className={`dock-tab${tab === id ? ' on' : ''}`}
            data-testid={`tab-${id}`}
            onClick={() => useDock.setState({ tab: id })}
          >
            {t(`tab.${id}`)}
          </button>
        ))}
        </div>
        <span className="spacer" />
        <button
          className="icon-btn small dock-size"
          data-testid="dock-expand"
          aria-pressed={tall}
          aria-label={tall ? t('dock.collapse') : t('dock.expand')}
          title={tall ? t('dock.collapse') : t('dock.expand')}
          onClick={() => useDock.setState({ tall: !tall })}
        >
          {tall ? '▾' : '▴'}
        </button>
      </div>
      {TABS.map((id) => (
        <div key={id} className="dock-panel" role="tabpanel" id={`dock-panel-${id}`} aria-labelledby={`dock-tab-${id}`} hidden={tab !== id}>
          {id === 'frames' ? <PacketLog /> : id === 'timeline' ? <Timeline /> : <Ladder active={tab === 'ladder'} />}
        </div>
      ))}
    </div>
  );
}
