// What the page shows of a race on a file besides its charts: each model's
// validation loss and AUC per task, the table's counts (split sizes, positives
// per task and split, inputs, rows dropped, missing cells) and, at the end or
// on demand, each model's AUC on the whole test split. Text only.
//
// Not here: the race (data-race.js) or the file's panel (data-panel.js).

import { labelText, labelsOf } from './data-race.js';
import { $, el } from './dom.js';
import { count, fixed, share } from './format.js';

const SPLITS = ['train', 'validation', 'test'];

/** A model's row header: colour swatch and name. */
function modelCell(m, t, colors) {
  const swatch = el('span', { className: 'swatch' });
  swatch.style.background = colors[m.model] ?? '#888';
  const th = el('th', { scope: 'row' }, swatch, t(`model.${m.model}`));
  if (m.diverged_at != null) th.append(el('span', { className: 'tag-bad' }, ` ${t('table.diverged')}`));
  return th;
}

const cells = (texts) => texts.map((text) => el('td', {}, text));

/** Longest label a chart writes (its legend and gate rows have a fixed width); the tables write it whole. */
const CHART_LABEL_MAX = 22;
const clip = (text) => (text.length > CHART_LABEL_MAX ? `${text.slice(0, CHART_LABEL_MAX - 1)}…` : text);

/** The labels' words for the tables' heads (or, `forChart`, clipped for the charts): `task_a`/`task_b` as the two conditions. */
export const taskWords = (state, forChart = false) => {
  const [a, b] = labelsOf(state).map(labelText).map((text) => (forChart ? clip(text) : text));
  return { task_a: a, task_b: b };
};

/** The model table, the counts and the labels' heads for `summary`. */
export function showDataSummary(summary, t, colors, state) {
  const words = taskWords(state);
  for (const [id, text] of [['data-head-a', words.task_a], ['data-head-b', words.task_b]]) {
    for (const node of document.querySelectorAll(`.${id}`)) node.textContent = text;
  }
  const rows = summary.models.map((m) => {
    const loss = m.latest?.test_loss ?? [NaN, NaN];
    const auc = m.latest?.test_auc ?? [NaN, NaN];
    return el('tr', { dataset: { model: m.model } }, modelCell(m, t, colors),
      ...cells([count(m.params), fixed(loss[0], 4), fixed(auc[0] ?? NaN), fixed(loss[1], 4), fixed(auc[1] ?? NaN)]));
  });
  $('data-readout').tBodies[0].replaceChildren(...rows);
  showCounts(summary.table, t);
}

/** The table's counts: one row per split, and what was dropped or missing. */
function showCounts(table, t) {
  const c = table.counts;
  const rows = SPLITS.map((split, i) => {
    const n = c[split];
    const [a, b] = c.positives[i];
    const pos = (k) => `${count(k)} (${share(n ? k / n : NaN)})`;
    return el('tr', { dataset: { split } }, el('th', { scope: 'row' }, t(`data.split.${split}`)), ...cells([count(n), pos(a), pos(b)]));
  });
  $('data-counts').tBodies[0].replaceChildren(...rows);
  $('data-counts-note').textContent = t('data.countsNote', {
    read: count(c.rows_read), dropped: count(c.rows_dropped_missing_label), inputs: count(table.dim), missing: count(c.missing_cells),
  });
}

/** The test split's AUC per model (`splitMetrics('test')`), with the step it was scored at. */
export function showTestAuc(metrics, step, t, colors) {
  // a model that gives every row one score has an AUC of 0.5 by ties: marked, and said why below
  const aucCell = (m, k) => el('td', m.one_score[k] ? { className: 'one-score' } : {}, `${fixed(m.auc[k] ?? NaN)}${m.one_score[k] ? ' *' : ''}`);
  const rows = metrics.map((m) => el('tr', { dataset: { model: m.model } }, modelCell(m, t, colors),
    aucCell(m, 0), aucCell(m, 1), ...cells([fixed(m.loss[0], 4), fixed(m.loss[1], 4)])));
  $('data-test').tBodies[0].replaceChildren(...rows);
  const dead = metrics.filter((m) => m.one_score.some(Boolean)).map((m) => t(`model.${m.model}`));
  const note = t('data.testNote', { step: count(step) });
  $('data-test-note').textContent = dead.length ? `${note} ${t('data.oneScore', { models: dead.join(t('data.listJoin')) })}` : note;
  $('data-test-wrap').hidden = false;
}

/** No race: the tables empty, the test table hidden. */
export function clearDataTables() {
  for (const id of ['data-readout', 'data-counts', 'data-test']) $(id)?.tBodies[0].replaceChildren();
  for (const id of ['data-counts-note', 'data-test-note']) if ($(id)) $(id).textContent = '';
  if ($('data-test-wrap')) $('data-test-wrap').hidden = true;
}
