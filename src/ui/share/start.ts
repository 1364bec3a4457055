/**
 * How the page starts: the embed parameters (docs/embed.md), the lab the
 * address asks for (a share link, a preset, or the default), the postMessage
 * bridge of an embed, and the offline cache.
 */
import { engine } from '../engine/client';
import { useLang } from '../i18n';
import { embedConfig } from '../embed/config';
import { startBridge } from '../embed/bridge';
import { useSession } from '../state/session';
import { setActiveConsole } from '../state/terminal';
import { chooseLab, openChoice, watchHash } from './boot';
import { registerOfflineCache } from './offline';

/** Once the first lab has loaded, do `f` (autoplay, the first terminal). */
function afterFirstLoad(f: () => void): void {
  const off = engine.listen((m) => {
    if (m.type === 'doc' && m.effect === 'load') {
      off();
      f();
    }
  });
}

export function startFromAddress(): void {
  const config = embedConfig();
  if (config.embed) {
    engine.locked = config.readonly;
    // `lang=` (the i18n module reads it too; this also takes its aliases such as zh-cn), not remembered.
    if (config.lang && useLang.getState().lang !== config.lang) useLang.setState({ lang: config.lang });
    document.documentElement.classList.add('embedded');
    // Before the engine starts, so the bridge hears the first lab load.
    startBridge(config);
    if (config.autoplay) afterFirstLoad(() => engine.send({ type: 'play' }));
    // The terminal asked for, else the lab's first host.
    afterFirstLoad(() => {
      const doc = useSession.getState().doc;
      const first = config.terminal ?? doc?.nodes.find((n) => n.kind !== 'switch')?.id;
      if (first && doc?.nodes.some((n) => n.id === first)) setActiveConsole(first);
    });
  }
  openChoice(chooseLab(config));
  watchHash();
  registerOfflineCache();
}
