/**
 * Embed mode: the URL parameters that turn the app into a lab inside a course
 * page, and the `<iframe>` snippet "Copy embed code" produces (docs/embed.md).
 *
 *   https://example.edu/lvslab/?embed=1&preset=lvs-dr&panels=canvas,terminal&autoplay=1
 *     &lang=zh&readonly=1&origins=https://course.example.edu
 *   https://example.edu/lvslab/?embed=1&panels=canvas,terminal#lab=1.…   (a shared lab)
 *
 * Parsing never throws: a bad value is reported in `warnings` (one sentence each)
 * and its default used, so a typo in a course page still shows a lab.
 * No DOM: the query is parsed here, not with URLSearchParams.
 */
import { presetById } from '../presets';
import { LAB_PARAM, labValue, linkParams } from './link';
import { normaliseOrigin } from './embed-protocol';

export * from './embed-protocol';

/** The parts of the screen an embed can show, in the order the app lays them out. */
export const EMBED_PANELS = ['controls', 'canvas', 'terminal', 'inspector', 'timeline', 'ladder', 'charts', 'palette'] as const;
export type EmbedPanel = (typeof EMBED_PANELS)[number];

export const EMBED_LANGS = ['en', 'zh'] as const;
export type EmbedLang = (typeof EMBED_LANGS)[number];

/** Which lab an embed opens. */
export type EmbedSource = { kind: 'default' } | { kind: 'preset'; id: string } | { kind: 'link'; value: string };

export interface EmbedConfig {
  /** `embed=1`: minimal chrome (no top bar, no palette unless asked). */
  embed: boolean;
  source: EmbedSource;
  /** Shown panels, in EMBED_PANELS order. */
  panels: EmbedPanel[];
  /** Start playing as soon as the lab is loaded. */
  autoplay: boolean;
  /** Interface language; absent: the app's own choice (the browser's language). */
  lang?: EmbedLang;
  /** No topology edits (terminals still work). */
  readonly: boolean;
  /** Origins whose postMessage commands are obeyed and to which events are posted (normalised; `*` only if given). */
  origins: string[];
  /** Terminal to show first (a node id); absent: the first host. */
  terminal?: string;
}

export const EMBED_DEFAULTS = {
  panels: ['controls', 'canvas', 'terminal'] as EmbedPanel[],
  autoplay: false,
  readonly: false,
} as const;

/** At most this many allowed origins (a course page has one or two). */
const MAX_ORIGINS = 16;
/** Query strings longer than this are not read (a share link belongs in the fragment). */
const MAX_QUERY_CHARS = 8192;

export interface ParsedEmbed {
  config: EmbedConfig;
  /** One sentence per ignored or corrected parameter. */
  warnings: string[];
}

/** `?a=1&b=x%20y` → map; `+` is a space (application/x-www-form-urlencoded); the first occurrence wins. */
export function parseQuery(query: string): Map<string, string> {
  const out = new Map<string, string>();
  const q = query.startsWith('?') || query.startsWith('#') ? query.slice(1) : query;
  for (const part of q.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const rawKey = eq < 0 ? part : part.slice(0, eq);
    const rawVal = eq < 0 ? '' : part.slice(eq + 1);
    const key = formDecode(rawKey);
    if (key !== null && !out.has(key)) out.set(key, formDecode(rawVal) ?? rawVal);
  }
  return out;
}

function formDecode(s: string): string | null {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return null;
  }
}

const show = (v: string): string => JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);

function bool(params: Map<string, string>, key: string, def: boolean, warnings: string[]): boolean {
  const v = params.get(key);
  if (v === undefined) return def;
  const s = v.trim().toLowerCase();
  if (s === '' || s === '1' || s === 'true' || s === 'yes' || s === 'on') return true;
  if (s === '0' || s === 'false' || s === 'no' || s === 'off') return false;
  warnings.push(`${key}=${show(v)} is not 1 or 0; using ${def ? 1 : 0}.`);
  return def;
}

/**
 * Read the embed parameters from the page's query (`location.search`) and
 * fragment (`location.hash`, where a shared lab travels). Never throws.
 */
export function parseEmbedParams(search: string, hash = ''): ParsedEmbed {
  const warnings: string[] = [];
  if (typeof search !== 'string') search = '';
  if (search.length > MAX_QUERY_CHARS) {
    warnings.push(`The address's query is longer than ${MAX_QUERY_CHARS} characters and was ignored.`);
    search = '';
  }
  const q = parseQuery(search);
  const config: EmbedConfig = {
    embed: bool(q, 'embed', false, warnings),
    source: { kind: 'default' },
    panels: [...EMBED_DEFAULTS.panels],
    autoplay: bool(q, 'autoplay', EMBED_DEFAULTS.autoplay, warnings),
    readonly: bool(q, 'readonly', EMBED_DEFAULTS.readonly, warnings),
    origins: [],
  };

  // The lab: a share link (fragment, or query) wins over a preset.
  // Read raw (no `+` → space): a format-0 link is standard base64.
  const h = typeof hash === 'string' ? hash : '';
  const link = linkParams(h.startsWith('#') ? h.slice(1) : h).get(LAB_PARAM) ?? linkParams(search.startsWith('?') ? search.slice(1) : search).get(LAB_PARAM);
  const preset = q.get('preset');
  if (link !== undefined && link !== '') {
    config.source = { kind: 'link', value: link };
    if (preset !== undefined) warnings.push(`Both a shared lab and preset=${show(preset)} were given; opening the shared lab.`);
  } else if (preset !== undefined) {
    if (presetById(preset)) config.source = { kind: 'preset', id: preset };
    else warnings.push(`There is no preset ${show(preset)}; opening the default lab.`);
  }

  const panels = q.get('panels');
  if (panels !== undefined) {
    const wanted = new Set<EmbedPanel>();
    for (const p of panels.split(',').map((s) => s.trim().toLowerCase())) {
      if (p === '') continue;
      if ((EMBED_PANELS as readonly string[]).includes(p)) wanted.add(p as EmbedPanel);
      else warnings.push(`Unknown panel ${show(p)} (panels are ${EMBED_PANELS.join(', ')}).`);
    }
    if (wanted.size) config.panels = EMBED_PANELS.filter((p) => wanted.has(p));
    else warnings.push(`panels=${show(panels)} names no panel; showing ${EMBED_DEFAULTS.panels.join(', ')}.`);
  }

  const lang = q.get('lang');
  if (lang !== undefined) {
    const l = lang.trim().toLowerCase();
    const base = l === 'zh-cn' || l === 'zh-hans' || l === 'cn' ? 'zh' : l;
    if ((EMBED_LANGS as readonly string[]).includes(base)) config.lang = base as EmbedLang;
    else warnings.push(`lang=${show(lang)} is not en or zh; using the browser's language.`);
  }

  const terminal = q.get('terminal');
  if (terminal !== undefined) {
    if (/^[a-z][a-z0-9_-]{0,31}$/.test(terminal)) config.terminal = terminal;
    else warnings.push(`terminal=${show(terminal)} is not a node id.`);
  }

  const origins = q.get('origins');
  if (origins !== undefined) {
    for (const raw of origins.split(/[\s,]+/)) {
      if (raw === '') continue;
      if (config.origins.length >= MAX_ORIGINS) {
        warnings.push(`More than ${MAX_ORIGINS} origins; the rest were ignored.`);
        break;
      }
      const o = raw === '*' ? '*' : normaliseOrigin(raw);
      if (o === null) warnings.push(`origins: ${show(raw)} is not an origin like https://course.example.edu (scheme, host and port only).`);
      else if (!config.origins.includes(o)) config.origins.push(o);
    }
  }
  return { config, warnings };
}

/** The embed URL for a configuration: `base` plus only the parameters that differ from the defaults. */
export function embedUrl(config: EmbedConfig, baseUrl: string): string {
  const base = baseUrl.split('#')[0].split('?')[0];
  const params: string[] = ['embed=1'];
  if (config.source.kind === 'preset') params.push(`preset=${encodeURIComponent(config.source.id)}`);
  const samePanels = config.panels.length === EMBED_DEFAULTS.panels.length && config.panels.every((p, i) => p === EMBED_DEFAULTS.panels[i]);
  if (!samePanels) params.push(`panels=${config.panels.join(',')}`);
  if (config.autoplay) params.push('autoplay=1');
  if (config.lang) params.push(`lang=${config.lang}`);
  if (config.readonly) params.push('readonly=1');
  if (config.terminal) params.push(`terminal=${encodeURIComponent(config.terminal)}`);
  // Normalised origins are scheme://host[:port]: nothing in them needs escaping in a query.
  if (config.origins.length) params.push(`origins=${config.origins.join(',')}`);
  const fragment = config.source.kind === 'link' ? `#${LAB_PARAM}=${labValue(config.source.value)}` : '';
  return `${base}?${params.join('&')}${fragment}`;
}

export interface SnippetOptions {
  /** CSS pixels; defaults 960 × 600. */
  width?: number;
  height?: number;
  /** The frame's accessible name; default "lvslab — <lab title>" or "lvslab lab". */
  title?: string;
}

/** Escape text for a double-quoted HTML attribute value. */
export function escapeAttribute(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/'/g, '&#39;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const pixels = (v: number | undefined, def: number): number => (typeof v === 'number' && Number.isFinite(v) && v >= 100 && v <= 10000 ? Math.round(v) : def);

/** "Copy embed code": the `<iframe>` for a configuration, every attribute escaped. */
export function embedSnippet(config: EmbedConfig, baseUrl: string, opts: SnippetOptions = {}): string {
  const src = embedUrl(config, baseUrl);
  const title = opts.title ?? 'lvslab lab';
  const attrs: Array<[string, string]> = [
    ['src', src],
    ['width', String(pixels(opts.width, 960))],
    ['height', String(pixels(opts.height, 600))],
    ['title', title],
    ['style', 'border:0;max-width:100%'],
    ['loading', 'lazy'],
    ['allow', 'clipboard-write; fullscreen'],
  ];
  return `<iframe ${attrs.map(([k, v]) => `${k}="${escapeAttribute(v)}"`).join(' ')}></iframe>`;
}
