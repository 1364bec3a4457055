import { ReactFlowProvider } from '@xyflow/react';
import { LazyMotion, MotionConfig } from 'motion/react';
import { Canvas } from './canvas/Canvas';
import { Dock } from './dock/Dock';
import { Inspector } from './inspector';
import { Palette } from './palette/Palette';
import { CrashBanner, Notices, StormBanner } from './shell/Banners';
import { Hint } from './shell/Hint';
import { useT } from './i18n';
import { useSession } from './state/session';
import { TopBar } from './topbar/TopBar';
import { EmbedBar } from './embed/EmbedBar';
import { useEmbedLayout } from './embed/useEmbedLayout';
import { ShareLayers, ShareOverlays } from './share/Overlays';

const motionFeatures = () => import('./motion-features').then((m) => m.default);

/** A thin shell: the layout of the screen (PRODUCT.md "Screen"). */
export function App() {
  const status = useSession((s) => s.status);
  const t = useT();
  const { show, embed, style } = useEmbedLayout();
  return (
    <ReactFlowProvider>
      <LazyMotion features={motionFeatures} strict>
        <MotionConfig reducedMotion="user">
          <div className={`app${embed ? ' embed' : ''}`} style={style} data-testid="app" data-state={status} data-embed={embed ? '1' : undefined}>
            {show('top') && <TopBar />}
            {show('controls') && <EmbedBar />}
            {show('palette') && <Palette />}
            <main className="stage" aria-label={t('app.canvas')} hidden={!show('stage')}>
              <Canvas />
              <div className="overlays">
                <ShareOverlays />
                <CrashBanner />
                <StormBanner />
                <Hint />
                <Notices />
              </div>
            </main>
            {show('inspector') && <Inspector />}
            {show('dock') && <Dock />}
            <ShareLayers />
          </div>
        </MotionConfig>
      </LazyMotion>
    </ReactFlowProvider>
  );
}
