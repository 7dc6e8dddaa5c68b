// No guided lab gives its answer away before its run: for each lab, in English
// and in Chinese, the page as the student sees it before pressing Run — its
// visible text, every title / aria-label / aria-description / placeholder,
// and the tooltips of the controls on show — must hold none of the lab's
// answers. The answers are read from the served dictionaries, so the test
// follows the text:
// - the figures of the lab's `more` and `result` texts and of the page texts
//   that state its answer (measured values: 0.83, +0.070, 1.22×, 83 %, 8 of 10,
//   8 个种子上升 …; not settings such as ρ = 0.8 or §5.1), less those its own
//   card shows as set-up (the question, the choices, the intro: 0.9 : 0.1, ±5 %)
//   or the controls show as settings (CTR 8 %);
// - its verdict phrases: every whole clause of its `result` texts (a clause
//   around a number is a frame, not a verdict: one with a placeholder is left
//   out), and every clause of its `more` texts that quotes a figure;
// - the page texts that state the lab's answer (ANSWER_TEXTS: the CLI's
//   ten-seed figures in a footer, a tooltip's verdict), whole;
// - and, as a guard, verdicts the page once stated in other words (KNOWN_VERDICTS).
// The charts draw on <canvas>, so their words are not DOM text and not read here.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DIST, ready, start } from './harness.mjs';

/** Page texts (i18n keys) that state each lab's answer; the lab must keep them back before its run. */
const ANSWER_TEXTS = {
  watch: ['page.footerWatch'],
  sharing: ['tip.preset', 'tip.bottomUnits'],
  esmm: ['page.footerFunnel', 'tip.items'],
  gates: ['tip.preset'],
  seesaw: ['tip.preset', 'tip.bottomUnits'],
  weighting: [],
};
const LABS = Object.keys(ANSWER_TEXTS);
/**
 * Verdicts the page once stated in words of its own (the teacher's read at
 * a659373), kept as a guard: tip.w's trade-off, the gates caption's growing
 * distance, the weighting intro that ruled out “stays at 0.9 : 0.1”, the
 * loss-weight sweep's “seesaw made visible”.
 */
const KNOWN_VERDICTS = {
  en: { seesaw: ["at task B's expense", 'the seesaw made visible'], gates: ['grows as p falls'], weighting: ["from how large each task's loss is"] },
  zh: { seesaw: ['以任务 B 变差为代价', '看得见的跷跷板'], gates: ['p 越低它越大'], weighting: ['根据各任务损失的大小'] },
};
/** Shortest clause that counts as a verdict phrase (characters). */
const CLAUSE = { en: 24, zh: 10 };

let lab;
let dicts;
before(async () => {
  lab = await start();
  const load = async (lang) => JSON.parse(await readFile(join(DIST, 'static', 'i18n', `${lang}.json`), 'utf8'));
  dicts = { en: await load('en'), zh: await load('zh') };
});
after(async () => {
  await lab?.close();
});

const get = (dict, key) => key.split('.').reduce((node, part) => node?.[part], dict);
/** Every string under a node of the dictionary. */
const strings = (node) => (node == null ? [] : typeof node === 'string' ? [node] : Object.values(node).flatMap(strings));

/**
 * The measured figures a text quotes: a decimal that is signed, has two or more
 * decimals or a unit (×, %, 倍); a whole percentage or multiple; a share of seeds.
 * A setting (ρ = 0.8, w = 0.1), a formula's constant (0.5·e^(−s)) or a section (§5.1) is not one.
 */
export function figures(text) {
  const found = [
    ...text.matchAll(/(?<![§\d.])(?:[+−]\d+\.\d+|\d+\.\d{2,}|\d+\.\d+\s?(?:×|%|倍))(?:\s?(?:×|%|倍))?/g),
    ...text.matchAll(/(?<![\d.])\d+(?:–\d+)?\s?(?:%|×|倍)/g),
    ...text.matchAll(/\d+ of \d+/g),
    ...text.matchAll(/\d+ 个(?:种子)?(?:上升|下降|全部|大于|超过|领先|分开)/g),
  ].map((m) => m[0].trim());
  return [...new Set(found)];
}

/** A text's clauses, cut at sentence punctuation, brackets and dashes; bold marks dropped. */
export function clauses(text, lang) {
  return text
    .replaceAll('**', '')
    .split(/[.;:!?](?=\s|$)|[。；：！？，（）()—]/)
    .map((c) => c.trim())
    .filter((c) => c.length >= CLAUSE[lang]);
}

/** What the lab's answer is made of, in `lang`: figures, verdict phrases and whole answer texts. */
function answers(id, lang) {
  const dict = dicts[lang];
  const guide = get(dict, `guide.${id}`);
  const setup = [guide.intro, guide.question, guide.watch, ...strings(guide.choices)].join('\n');
  const [more, result] = [strings(guide.more), strings(guide.result)];
  const texts = ANSWER_TEXTS[id].map((key) => ({ key, text: get(dict, key) }));
  const quoted = [...more, ...result, ...texts.map((x) => x.text)];
  const verdicts = [
    ...result.flatMap((t) => clauses(t, lang)).filter((c) => !c.includes('{')),
    ...more.flatMap((t) => clauses(t, lang)).filter((c) => figures(c).length > 0),
  ];
  return {
    figures: [...new Set(quoted.flatMap(figures))].filter((f) => !setup.includes(f)),
    phrases: [...new Set([...verdicts.filter((c) => !setup.includes(c)), ...(KNOWN_VERDICTS[lang][id] ?? [])])],
    texts,
  };
}

/** The settings the controls show (labels and values, not their tooltips): not answers. */
function settings(page) {
  return page.evaluate(() => {
    const parts = [];
    for (const control of document.querySelectorAll('.control')) {
      const walk = document.createTreeWalker(control, NodeFilter.SHOW_TEXT);
      while (walk.nextNode()) if (!walk.currentNode.parentElement.closest('.tip')) parts.push(walk.currentNode.textContent);
    }
    return parts.join('\n'); // one text node a line: a select's options stay apart
  });
}

/** Everything a student can read or hear on the page now. */
function readable(page) {
  return page.evaluate(() => {
    const parts = [document.body.innerText];
    for (const node of document.querySelectorAll('*')) {
      for (const name of ['title', 'aria-label', 'aria-description', 'placeholder']) {
        const value = node.getAttribute(name);
        if (value) parts.push(value);
      }
    }
    // a control's tooltip shows on hover and focus, and is its accessible description
    for (const tip of document.querySelectorAll('[role="tooltip"]')) {
      if (tip.parentElement?.checkVisibility()) parts.push(tip.textContent);
    }
    return parts.join('\n');
  });
}

/**
 * Where `needle` stands in `hay` as a measured figure of its own: not inside a
 * longer number, and not a threshold after a comparison (finish: watched ≥ 90 %).
 */
function holdsFigure(hay, needle) {
  const at = (i) => hay[i] ?? ' ';
  const before = (i) => hay.slice(0, i).trimEnd().slice(-1);
  for (let i = hay.indexOf(needle); i >= 0; i = hay.indexOf(needle, i + 1)) {
    const inside = /[\d.]/.test(at(i - 1)) || /\d/.test(at(i + needle.length)) || (at(i + needle.length) === '.' && /\d/.test(at(i + needle.length + 1)));
    if (!inside && !/[≥≤<>±]/.test(before(i))) return true;
  }
  return false;
}

/** The answers found in `text`, as messages (empty: none); a figure the controls show (`shown`) is a setting. */
function spoilers(text, { figures: figs, phrases, texts }, shown = '') {
  return [
    ...texts.filter((x) => text.includes(x.text)).map((x) => `the whole of ${x.key}`),
    ...figs.filter((f) => holdsFigure(text, f) && !holdsFigure(shown, f)).map((f) => `the figure “${f}”`),
    ...phrases.filter((p) => text.includes(p)).map((p) => `the verdict “${p}”`),
  ];
}

test('the answer extraction finds figures and phrases, and a planted answer is caught', () => {
  assert.deepEqual(figures('captures 0.83 against 0.66 (ahead in 10 of 10 seeds); +0.070, 1.22×, 83 %, 37–68 %'), ['0.83', '0.66', '+0.070', '1.22×', '83 %', '37–68 %', '10 of 10']);
  assert.deepEqual(figures('ρ = 0.8, w = 0, 0.1, …, 1, selection 1.5, 0.5·e^(−s), MMoE §5.1'), []);
  assert.deepEqual(figures('有 8 个种子上升（中位数 1.22 倍），加权交叉熵为 77%'), ['1.22 倍', '77%', '8 个种子上升']);
  const watch = answers('watch', 'en');
  assert.ok(watch.figures.includes('83 %') || watch.figures.includes('0.83'), `watch's ten-seed share is an answer figure: ${watch.figures}`);
  assert.ok(watch.texts.length === 1 && watch.texts[0].text.length > 100);
  assert.deepEqual(spoilers(`Footer: ${watch.texts[0].text}`, watch).slice(0, 1), ['the whole of page.footerWatch']);
  assert.deepEqual(spoilers('nothing to see: 10.83 and 0.830', { figures: ['0.83'], phrases: [], texts: [] }), []);
  assert.deepEqual(spoilers('it was 0.83.', { figures: ['0.83'], phrases: [], texts: [] }), ['the figure “0.83”']);
  assert.deepEqual(spoilers('finish: watched ≥ 90 %', { figures: ['90 %'], phrases: [], texts: [] }), [], 'a threshold');
  assert.deepEqual(spoilers('CTR 8 %', { figures: ['8 %'], phrases: [], texts: [] }, 'Click rate 8 %'), [], 'a setting the controls show');
  assert.deepEqual(clauses('Task A\'s loss fell and task B\'s rose: the **seesaw**. With 0.5 of it, more', 'en'), ['Task A\'s loss fell and task B\'s rose', 'With 0.5 of it, more'].filter((c) => c.length >= 24));
  for (const id of LABS) {
    for (const lang of ['en', 'zh']) {
      const a = answers(id, lang);
      assert.ok(a.figures.length + a.phrases.length > 3, `${id} ${lang}: too little to look for (${JSON.stringify(a)})`);
    }
  }
});

for (const id of LABS) {
  for (const lang of ['en', 'zh']) {
    test(`guided lab “${id}” (${lang}): no answer on the page before the run`, async (t) => {
      const { page, errors } = await lab.open(`#guide=${id}&lang=${lang}`);
      await ready(page);
      await page.waitForSelector('#guide:not([hidden])');
      const wanted = answers(id, lang);
      t.diagnostic(`${id} ${lang}: looking for ${wanted.figures.length} figures, ${wanted.phrases.length} phrases, ${wanted.texts.length} texts`);
      const shown = await settings(page);
      assert.deepEqual(spoilers(await readable(page), wanted, shown), [], `${id} ${lang}: shown before the prediction`);
      // a prediction made, still before the run
      await page.check('input[name="guide-choice"][value="0"]');
      assert.deepEqual(spoilers(await readable(page), wanted, shown), [], `${id} ${lang}: shown after the prediction, before the run`);
      // a language switch writes the placeholder, not the answer
      await page.click('#lang-toggle');
      const other = lang === 'en' ? 'zh' : 'en';
      await page.waitForFunction((l) => document.documentElement.lang.startsWith(l), other);
      assert.deepEqual(spoilers(await readable(page), answers(id, other), await settings(page)), [], `${id}: shown after switching to ${other}`);
      await page.click('#lang-toggle');
      await page.waitForFunction((l) => document.documentElement.lang.startsWith(l), lang);
      // closing the lab gives every text back
      await page.click('.guide-close');
      await page.waitForSelector('#guide', { state: 'hidden' });
      assert.equal(await page.locator('.withheld').count(), 0, `${id} ${lang}: a text is still kept back after closing`);
      const back = await page.evaluate(() => document.body.innerText + [...document.querySelectorAll('[role="tooltip"]')].map((n) => n.textContent).join('\n'));
      for (const { key, text } of wanted.texts) assert.ok(back.includes(text), `${id} ${lang}: ${key} is back after closing`);
      assert.deepEqual(errors, []);
      await page.close();
    });
  }
}
