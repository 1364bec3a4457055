import { describe, expect, it } from 'vitest';
import { parseEmbedParams } from '../../share';
import { embedGrid, regionsFor } from './layout';

const regions = (search: string) => [...regionsFor(parseEmbedParams(search).config)].sort();

describe('embed layout', () => {
  it('the full app shows everything but the embed controls', () => {
    expect(regions('')).toEqual(['dock', 'inspector', 'palette', 'stage', 'top']);
  });

  it('embed mode shows only the panels asked for; read-only drops the palette', () => {
    expect(regions('?embed=1')).toEqual(['controls', 'dock', 'stage']);
    expect(regions('?embed=1&panels=canvas,inspector,palette')).toEqual(['inspector', 'palette', 'stage']);
    expect(regions('?embed=1&panels=canvas,inspector,palette&readonly=1')).toEqual(['inspector', 'stage']);
    expect(regions('?embed=1&panels=timeline')).toEqual(['dock']);
  });

  it('lays the regions out in a grid of named areas', () => {
    const g = embedGrid(regionsFor(parseEmbedParams('?embed=1&panels=controls,canvas,terminal,inspector').config));
    expect(g.gridTemplateAreas).toBe("'top top' 'stage inspector' 'dock inspector'");
    expect(g.gridTemplateColumns).toBe('minmax(0, 1fr) minmax(220px, 30%)');
    expect(g.gridTemplateRows).toBe('40px minmax(0, 1.5fr) minmax(150px, 1fr)');
    expect(embedGrid(regionsFor(parseEmbedParams('?embed=1&panels=terminal').config)).gridTemplateAreas).toBe("'dock'");
  });
});
