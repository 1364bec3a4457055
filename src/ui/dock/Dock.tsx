import { TerminalPanel } from '../terminal/TerminalPanel';
import { DockTabs } from './DockTabs';
import { usePanel } from '../embed/config';

/** The bottom dock: the hosts' terminals, and the frames / timeline / ladder tabs. */
export function Dock() {
  // Embed mode shows only the panels its address lists (src/ui/embed/config.ts).
  const terminal = usePanel('terminal');
  const timeline = usePanel('timeline');
  const ladder = usePanel('ladder');
  const charts = usePanel('charts');
  const tabs = timeline || ladder || charts;
  return (
    <div className={`dock${terminal && tabs ? '' : ' single'}`} data-testid="dock">
      {terminal && <TerminalPanel />}
      {tabs && <DockTabs />}
    </div>
  );
}
