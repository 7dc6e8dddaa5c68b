// zh / en: the translations live in static/i18n/{zh,en}.json (shared with any
// course page); this module picks the language and writes the words into the
// page. Only textContent and attributes are written, never markup.

import { useNumbers } from './format.js';

export const HTML_LANG = { zh: 'zh-CN', en: 'en' };

/** Loads both dictionaries (small; switching language needs no fetch). */
export async function loadTranslations(base = 'static/i18n/') {
  const load = async (lang) => {
    const res = await fetch(`${base}${lang}.json`);
    if (!res.ok) throw new Error(`${base}${lang}.json: HTTP ${res.status}`);
    return res.json();
  };
  const [zh, en] = await Promise.all([load('zh'), load('en')]);
  return { zh, en };
}

/** zh for browsers whose first preferred language is Chinese, en otherwise. */
export function browserLanguage(languages = navigator.languages ?? [navigator.language]) {
  const first = String(languages?.[0] ?? '').toLowerCase();
  return first.startsWith('zh') ? 'zh' : 'en';
}

/** Looks up a dotted key (`panel.losses.title`); the key itself if missing. */
export function lookup(dict, key) {
  const value = key.split('.').reduce((node, part) => (node == null ? undefined : node[part]), dict);
  return typeof value === 'string' ? value : key;
}

/** `t('x', {n: 3})` fills `{n}` placeholders with plain text. */
export function translator(dict) {
  return (key, vars = {}) =>
    lookup(dict, key).replace(/\{(\w+)\}/g, (whole, name) => (name in vars ? String(vars[name]) : whole));
}

/**
 * Writes the dictionary's words into `root`: `data-i18n` → textContent,
 * `data-i18n-label` → aria-label, `data-i18n-title` → title, their `{name}`
 * placeholders filled from `vars` (the core's figures the page's words state,
 * written in the language's numbers). Sets `<html lang>`.
 */
export function applyTexts(root, dict, lang, vars = {}) {
  const t = translator(dict);
  for (const node of root.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n, vars);
  for (const node of root.querySelectorAll('[data-i18n-label]')) {
    node.setAttribute('aria-label', t(node.dataset.i18nLabel, vars));
  }
  for (const node of root.querySelectorAll('[data-i18n-title]')) node.title = t(node.dataset.i18nTitle, vars);
  document.documentElement.lang = HTML_LANG[lang];
  document.title = lookup(dict, 'page.title');
}

/**
 * The page's current words: `t(key, vars)` and `dict` follow `use(lang)`, so a
 * module handed `t` once always translates into the language shown now.
 * `use` also writes the language's words into the page (`applyTexts`, with
 * the placeholders `vars()` fills, read after the language's numbers are set).
 */
export function createWords(dicts, vars = () => ({})) {
  let dict = null;
  let current = (key) => key; // before the first `use`: the keys themselves
  return {
    t: (key, vars) => current(key, vars),
    get dict() {
      return dict;
    },
    use(lang) {
      dict = dicts[lang];
      current = translator(dict);
      useNumbers(lang);
      applyTexts(document, dict, lang, vars());
    },
  };
}
