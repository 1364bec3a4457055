/**
 * The interface language: English or Simplified Chinese, chosen from the URL
 * (`?lang=zh`, as embeds pass it), else the last choice (localStorage), else
 * the browser (`zh*` → zh). Switching re-renders the components that read
 * `useT()`; nothing else is touched (the worker, the lab and the clock go on).
 */
import { createElement, Fragment, useMemo, type ReactNode } from 'react';
import { create } from 'zustand';
import { chooseLang, translate, type Lang, type MsgKey, type Params } from './core';

export * from './core';

const STORAGE_KEY = 'lvslab.lang';

function initial(): Lang {
  if (typeof window === 'undefined') return 'en';
  let stored: string | null = null;
  try {
    stored = window.localStorage.getItem(STORAGE_KEY);
  } catch {
    // Storage can be blocked (a sandboxed embed): the browser's language decides.
  }
  const param = new URLSearchParams(window.location.search).get('lang');
  return chooseLang({ param, stored, browser: navigator.language });
}

export const useLang = create<{ lang: Lang }>()(() => ({ lang: initial() }));

function applyToDocument(lang: Lang): void {
  if (typeof document !== 'undefined') document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
}
applyToDocument(useLang.getState().lang);

/** Switch the interface language now, and remember it. */
export function setLang(lang: Lang): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Not remembered; still switched.
  }
  applyToDocument(lang);
  useLang.setState({ lang });
}

/** Outside React (notices): the current language's text. */
export function t<K extends MsgKey>(key: K, ...args: Params<K>): string {
  return translate(useLang.getState().lang, key, ...args);
}

export type T = <K extends MsgKey>(key: K, ...args: Params<K>) => string;

/** The translate function for the current language; components re-render when it changes. */
export function useT(): T {
  const lang = useLang((s) => s.lang);
  return useMemo<T>(() => (key, ...args) => translate(lang, key, ...args), [lang]);
}

/**
 * A message with elements in it: `{name}` placeholders replaced by React nodes
 * (`<code>`, `<kbd>`), the rest kept as text. Word order follows the language.
 */
export function rich(text: string, parts: Record<string, ReactNode>): ReactNode {
  const out: ReactNode[] = [];
  let last = 0;
  let i = 0;
  for (const m of text.matchAll(/\{(\w+)\}/g)) {
    if (!(m[1] in parts)) continue;
    if (m.index > last) out.push(text.slice(last, m.index));
    out.push(createElement(Fragment, { key: `p${i++}` }, parts[m[1]]));
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return createElement(Fragment, null, ...out);
}
