/**
 * The dictionaries and the pure parts of choosing and filling messages (no
 * DOM, no React: unit tests and Node import this).
 */
import { en, type Dict } from './en';
import { zh } from './zh';

export type Lang = 'en' | 'zh';
export type MsgKey = keyof Dict;
export const LANGS: readonly Lang[] = ['en', 'zh'];
export const DICTS: Record<Lang, Dict> = { en, zh };

export type Params<K extends MsgKey> = Dict[K] extends (p: infer P) => string ? [params: P] : [params?: Record<string, string | number>];

/** `zh`, `zh-CN`, `zh-Hant-TW` → zh; anything else → en; unknown → undefined. */
export function langOf(tag: string | null | undefined): Lang | undefined {
  if (!tag) return undefined;
  const t = tag.trim().toLowerCase();
  if (t.startsWith('zh')) return 'zh';
  if (t.startsWith('en')) return 'en';
  return undefined;
}

/** The language to start in: an explicit URL parameter, then the stored choice, then the browser's (`navigator.language`). */
export function chooseLang(o: { param?: string | null; stored?: string | null; browser?: string | null }): Lang {
  const p = langOf(o.param);
  if (p) return p;
  if (o.stored === 'en' || o.stored === 'zh') return o.stored;
  return langOf(o.browser) === 'zh' ? 'zh' : 'en';
}

/** Replace `{name}` placeholders. */
export function fill(text: string, params?: Record<string, string | number>): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}

export function translate<K extends MsgKey>(lang: Lang, key: K, ...args: Params<K>): string {
  const v = DICTS[lang][key] ?? en[key];
  if (typeof v === 'function') return (v as (p: unknown) => string)(args[0]);
  return fill(v as string, args[0] as Record<string, string | number> | undefined);
}

/** A bilingual text of a document (a preset's title or description) in the current language, English as fallback. */
export function pickText(text: { en?: string; zh?: string } | undefined, lang: Lang): string | undefined {
  if (!text) return undefined;
  return text[lang] ?? text.en ?? text.zh;
}

