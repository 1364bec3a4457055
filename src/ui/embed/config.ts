import { create } from 'zustand';
import { parseEmbedParams, type EmbedConfig, type EmbedPanel, type ParsedEmbed } from '../../share';

/**
 * The embed parameters of this page's address (docs/embed.md "Embed mode"),
 * read once at start. Outside embed mode `config.embed` is false and every
 * panel shows.
 */
export const useEmbed = create<ParsedEmbed>()(() => parseEmbedParams(location.search, location.hash));

export const embedConfig = (): EmbedConfig => useEmbed.getState().config;

/**
 * Whether a panel shows: always in the full app; in embed mode only when the
 * address lists it (`panels=`). The dock's tabs (timeline, ladder, charts) use this.
 */
export function usePanel(panel: EmbedPanel): boolean {
  return useEmbed((s) => !s.config.embed || s.config.panels.includes(panel));
}
