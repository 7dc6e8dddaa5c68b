// Export: a run's recorded metrics as CSV and JSON, and any chart as PNG. The
// history comes from the wasm lab (`lab.history()`: every record of every model)
// and the columns from the core (`coreParams().record_columns`); this module
// only flattens it and hands the browser a file. A long race's older records
// are thinned (src/train/history.rs): the JSON says so in its `records` field,
// the buttons' tips in words.

import { HISTORY_RECENT, RECORD_COLUMNS } from './state.js';

/**
 * The value at `path` in a record: the core's column paths (`coreParams()
 * .record_columns`, src/train/columns.rs), a field name or an array index per
 * step; an array value is written as its elements separated by spaces.
 */
function read(record, path) {
  const value = path.reduce((v, seg) => (v == null ? undefined : v[seg]), record);
  return Array.isArray(value) ? value.join(' ') : value;
}

/** A CSV field: numbers as they are, text quoted when it must be (RFC 4180). */
function field(value) {
  if (value == null || (typeof value === 'number' && !Number.isFinite(value))) return '';
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The history (`[[modelId, records], …]`) as CSV text: one row per model per
 * record, in the columns the core names for the scenario.
 */
export function historyCsv(scenario, history, columns = RECORD_COLUMNS[scenario]) {
  const lines = [['model', ...columns.map((c) => c.name)].join(',')];
  for (const [model, records] of history) {
    for (const record of records) lines.push([model, ...columns.map((c) => read(record, c.path))].map(field).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** Everything needed to reproduce and read a run: the settings, the link and every record. */
export function historyJson(scenario, state, history) {
  const settings = { ...state };
  for (const view of ['lang', 'autoplay', 'embed', 'panels', 'hide']) delete settings[view];
  const models = Object.fromEntries(history.map(([model, records]) => [model, records]));
  const records = `each model's records of its last ${HISTORY_RECENT} record intervals, all of them; older records thinned to every 2nd, 4th, 8th … record interval the older they are (the charts and this file then hold a long run's whole shape in bounded memory)`;
  return JSON.stringify({ app: 'MTL Playground', exported: new Date().toISOString(), link: location.href, scenario, settings, records, models }, null, 1);
}

/** A file name that says what is in it: `mtl-playground-funnel-seed1-step5000.csv`. */
export function fileName(state, step, extension, part = '') {
  const what = part ? `-${part}` : '';
  return `mtl-playground-${state.scenario}${what}-seed${state.seed}-step${step}.${extension}`;
}

/** Hands `blob` to the browser as a download named `name`. */
export function download(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Downloads a canvas as PNG (at its full pixel size). */
export function downloadCanvas(canvas, name) {
  canvas.toBlob((blob) => blob && download(blob, name), 'image/png');
}

/** Adds a PNG button to every chart panel's heading; `onPng(panelId)` saves it. */
export function addPngButtons(onPng) {
  for (const figure of document.querySelectorAll('figure[data-panel]')) {
    const panel = figure.dataset.panel;
    const heading = figure.querySelector('h2');
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'png-button';
    button.dataset.png = panel;
    button.dataset.hide = 'export';
    button.dataset.i18nLabel = 'export.pngLabel';
    button.textContent = 'PNG';
    button.addEventListener('click', () => onPng(panel));
    const row = document.createElement('div');
    row.className = 'panel-head';
    heading.replaceWith(row);
    row.append(heading, button);
  }
}
