// The transfer map's words beside its chart: the failure rule (with the
// student's seed), a table of how many seeds fell into each class per model
// and p (the core's summary counts, not recounted here) with the class the
// student's seed fell into, and the failed entries with which network failed.
// Only textContent is written.
//
// Not here: the classification (src/train/sweep/transfer.rs) or the chart
// (src/plot/transfer_map.rs).

import { $ } from './dom.js';

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
    const yours = cell('td', mine ? t(`transfer.classes.${mine.class}`) : '–');
    yours.className = 'your-seed';
    row.append(yours);
    body.append(row);
  }
  table.append(thead, body);
  const failed = summary.entries.filter((e) => e.class === 'failed');
  const list = failed.map((e) => t('transfer.failedEntry', {
    seed: e.seed, model: t(`model.${e.model}`), p: e.p, which: t(`transfer.failedBy.${e.failed}`),
  }));
  // the list's separator follows the language: "；" in zh, "; " in en
  $('transfer-failed').textContent = failed.length ? t('transfer.failedList', { list: list.join(t('transfer.listSeparator')) }) : '';
}
