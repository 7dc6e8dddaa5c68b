// The transfer map's words beside its chart: the failure rule (with the
// student's seed), a table of how many seeds fell into each class per model
// and p (the core's summary counts, not recounted here) with the class the
// student's seed fell into, and the failed entries with which network failed.
// Only textContent is written.
//
// Not here: the classification (src/train/sweep/transfer.rs) or the chart
// (src/plot/transfer_map.rs).

import { $ } from './dom.js';
import { DASH } from './format.js';

const CLASSES = ['positive', 'seesaw', 'negative', 'unclear', 'failed'];

/** A p as the table writes it: the control's row says so. */
const pLabel = (p, t) => (p === 1 ? t('transfer.control') : String(p));

/** A table cell of `tag` with `text`. */
function cell(tag, text) {
  const el = document.createElement(tag);
  el.textContent = text;
  return el;
}

/**
 * Shows (or, with no transfer summary, hides) the transfer map's rule, table
 * and failed list for `summary` (a transfer sweep's), marking `seed`'s class.
 */
export function showTransfer(summary, { t, seed }) {
  const box = $('transfer-readout');
  const on = summary?.kind === 'transfer';
  box.hidden = !on;
  if (!on) return;
  $('transfer-rule').textContent = t('transfer.failureRule', { seed });
  const table = $('transfer-table');
  table.replaceChildren();
  table.append(cell('caption', t('transfer.tableCaption')));
  const head = document.createElement('tr');
  const headings = [t('transfer.model'), t('transfer.p'), ...CLASSES.map((c) => t(`transfer.classes.${c}`)), t('transfer.seeds'), t('transfer.yourSeed', { seed })];
  head.append(...headings.map((h) => cell('th', h)));
  const thead = document.createElement('thead');
  thead.append(head);
  const body = document.createElement('tbody');
  for (const count of summary.counts) {
    if (!count.seeds) continue;
    const mine = summary.entries.find((e) => e.seed === seed && e.model === count.model && e.p === count.p);
    const row = document.createElement('tr');
    row.dataset.model = count.model;
    row.dataset.p = String(count.p);
    row.append(cell('th', t(`model.${count.model}`)), cell('td', pLabel(count.p, t)));
    for (const c of CLASSES) row.append(Object.assign(cell('td', String(count[c])), { className: mine?.class === c ? 'mine' : '' }));
    row.append(cell('td', String(count.seeds)));
    const yours = cell('td', mine ? t(`transfer.classes.${mine.class}`) : DASH);
    yours.className = 'your-seed';
    row.append(yours);
    body.append(row);
  }
  table.append(thead, body);
  $('transfer-failed').textContent = failedRuns(summary.entries, t);
}

/**
 * The failed runs, seed by seed, each network and task once with the p values
 * it failed at ("seed 3: the single-task network on task A (p = 1, 0.5, 0),
 * OMoE on task B (p = 0)"): a single-task network that failed fails every
 * model's entry of its seed, and is named once. Empty when nothing failed.
 */
function failedRuns(entries, t) {
  const bySeed = new Map();
  for (const e of entries.filter((e) => e.class === 'failed')) {
    const runs = bySeed.get(e.seed) ?? new Map();
    bySeed.set(e.seed, runs);
    for (const f of e.failures) {
      const network = f.network === 'single' ? t('transfer.singleNetwork') : t(`model.${e.model}`);
      const key = `${network}\u0000${f.task}`;
      const run = runs.get(key) ?? { network, task: f.task, ps: [] };
      if (!run.ps.includes(e.p)) run.ps.push(e.p);
      runs.set(key, run);
    }
  }
  if (!bySeed.size) return '';
  const seeds = [...bySeed].map(([seed, runs]) => t('transfer.failedSeed', {
    seed,
    runs: [...runs.values()].map((r) => t('transfer.failedRun', { network: r.network, task: r.task, ps: r.ps.join(', ') })).join(t('transfer.runSeparator')),
  }));
  // the separators follow the language: "；" and "，" in zh
  return t('transfer.failedList', { list: seeds.join(t('transfer.listSeparator')) });
}
