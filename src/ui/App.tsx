import { ReactFlowProvider } from '@xyflow/react';
import { LazyMotion, MotionConfig } from 'motion/react';
import { Canvas } from './canvas/Canvas';
import { Dock } from './dock/Dock';
import { Inspector } from './inspector';
import { Palette } from './palette/Palette';
import { CrashBanner, Notices, StormBanner } from './shell/Banners';
import { Hint } from './shell/Hint';
import { useSession } from './state/session';
import { TopBar } from './topbar/TopBar';

const motionFeatures = () => import('./motion-features').then((m) => m.default);

/** A thin shell: the layout of the screen (PRODUCT.md "Screen"). */
export function App() {
  const status = useSession((s) => s.status);
  return (
    <ReactFlowProvider>
      <LazyMotion features={motionFeatures} strict>
        <MotionConfig reducedMotion="user">
          <div className="app" data-testid="app" data-state={status}>
            <TopBar />
            <Palette />
            <main className="stage" aria-label="Lab canvas">
              <Canvas />
              <div className="overlays">
                <CrashBanner />
                <StormBanner />
                <Hint />
                <Notices />
              </div>
            </main>
            <Inspector />
            <Dock />
          </div>
        </MotionConfig>
      </LazyMotion>
    </ReactFlowProvider>
  );
}
