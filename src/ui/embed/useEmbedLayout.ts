import { useMemo, type CSSProperties } from 'react';
import { useEmbed } from './config';
import { embedGrid, regionsFor, type Region } from './layout';

/** For App.tsx: which regions show, and the embed's grid (undefined in the full app). */
export function useEmbedLayout(): { embed: boolean; show: (r: Region) => boolean; style: CSSProperties | undefined } {
  const config = useEmbed((s) => s.config);
  return useMemo(() => {
    const regions = regionsFor(config);
    return { embed: config.embed, show: (r: Region) => regions.has(r), style: config.embed ? embedGrid(regions) : undefined };
  }, [config]);
}
