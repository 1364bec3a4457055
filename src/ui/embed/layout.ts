/**
 * Which parts of the screen show, and the grid that lays them out: everything
 * in the full app; in embed mode only the panels the address asks for.
 */
import type { CSSProperties } from 'react';
import type { EmbedConfig } from '../../share';

export type Region = 'top' | 'controls' | 'palette' | 'stage' | 'inspector' | 'dock';

export function regionsFor(config: EmbedConfig): Set<Region> {
  if (!config.embed) return new Set<Region>(['top', 'palette', 'stage', 'inspector', 'dock']);
  const p = new Set<string>(config.panels);
  const r = new Set<Region>();
  if (p.has('controls')) r.add('controls');
  // A read-only lab takes no new nodes.
  if (p.has('palette') && !config.readonly) r.add('palette');
  if (p.has('canvas')) r.add('stage');
  if (p.has('inspector')) r.add('inspector');
  if (p.has('terminal') || p.has('timeline') || p.has('ladder') || p.has('charts')) r.add('dock');
  if (!r.has('stage') && !r.has('dock') && !r.has('inspector')) r.add('stage');
  return r;
}

/** The embed's grid (the full app keeps the stylesheet's). */
export function embedGrid(r: Set<Region>): CSSProperties {
  const cols: string[] = [];
  const names = (middle: string) => [...(r.has('palette') ? ['palette'] : []), middle, ...(r.has('inspector') ? ['inspector'] : [])];
  if (r.has('palette')) cols.push('72px');
  cols.push('minmax(0, 1fr)');
  if (r.has('inspector')) cols.push('minmax(220px, 30%)');
  const rows: string[] = [];
  const areas: string[] = [];
  if (r.has('controls')) {
    rows.push('40px');
    areas.push(cols.map(() => 'top').join(' '));
  }
  const stage = r.has('stage');
  const dock = r.has('dock');
  if (stage) {
    rows.push('minmax(0, 1.5fr)');
    areas.push(names('stage').join(' '));
  }
  if (dock) {
    rows.push(stage ? 'minmax(150px, 1fr)' : 'minmax(0, 1fr)');
    areas.push(names('dock').join(' '));
  }
  if (!stage && !dock) {
    rows.push('minmax(0, 1fr)');
    areas.push(names('stage').join(' '));
  }
  return {
    gridTemplateColumns: cols.join(' '),
    gridTemplateRows: rows.join(' '),
    gridTemplateAreas: areas.map((a) => `'${a}'`).join(' '),
    minHeight: 0,
  };
}
