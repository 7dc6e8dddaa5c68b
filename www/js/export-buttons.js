// The buttons that take a run away: the records as CSV or JSON, any chart as
// PNG, and the link (to the clipboard, or shown to copy by hand where the
// page may not write to the clipboard).
//
// Not here: what the files hold (export.js) or the link's form (url.js).

import { $ } from './dom.js';
import { addPngButtons, download, downloadCanvas, fileName, historyCsv, historyJson } from './export.js';

/** How long "Link copied" shows before the button says "Copy link" again (ms). */
const COPIED_MS = 2000;

/**
 * Wires the export and link buttons. `store` holds the state, `race` the
 * lifecycle (its `lab` and `summary`), `t` translates, `writeUrl()` brings
 * the URL up to date before it is copied.
 */
export function wireExports({ store, race, t, writeUrl }) {
  const step = () => race.summary?.step ?? 0;

  /** Downloads the run's records as `csv` or `json`. */
  const exportHistory = (format) => {
    if (!race.lab) return;
    const history = race.lab.history();
    const state = store.state;
    const name = fileName(state, step(), format);
    if (format === 'csv') download(new Blob([historyCsv(state.scenario, history)], { type: 'text/csv' }), name);
    else download(new Blob([historyJson(state.scenario, state, history)], { type: 'application/json' }), name);
  };

  const exportChart = (panel) => {
    const canvas = $(`chart-${panel}`);
    if (canvas && !canvas.hidden && canvas.width > 0) downloadCanvas(canvas, fileName(store.state, step(), 'png', panel));
  };

  const copyLink = async () => {
    writeUrl();
    const url = location.href;
    const button = $('copy-link');
    const done = () => {
      button.textContent = t('transport.copied');
      setTimeout(() => (button.textContent = t('transport.copy')), COPIED_MS);
    };
    try {
      await navigator.clipboard.writeText(url);
      $('copy-fallback').hidden = true;
      done();
    } catch {
      // No clipboard access (permissions, insecure context): show the link to copy by hand.
      const input = $('copy-fallback-input');
      input.value = url;
      $('copy-fallback').hidden = false;
      input.focus();
      input.select();
      if (document.execCommand?.('copy')) done();
    }
  };

  addPngButtons(exportChart);
  $('export-csv').addEventListener('click', () => exportHistory('csv'));
  $('export-json').addEventListener('click', () => exportHistory('json'));
  $('copy-link').addEventListener('click', copyLink);
}
