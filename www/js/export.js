// Export: a run's recorded metrics as CSV and JSON, and any chart as PNG. The
// history comes from the wasm lab (`lab.history()`: every record of every model);
// this module only flattens it and hands the browser a file.

/** One CSV column: its header and how to read it from a record. */
const col = (name, read) => ({ name, read });
const at = (array, i) => (Array.isArray(array) ? array[i] : undefined);

/** The columns of each scenario's records (snake_case, as the core names them). */
export const COLUMNS = {
  tasks: [
    col('step', (r) => r.step),
    col('train_loss_a', (r) => at(r.train_loss, 0)),
    col('train_loss_b', (r) => at(r.train_loss, 1)),
    col('test_loss_a', (r) => at(r.test_loss, 0)),
    col('test_loss_b', (r) => at(r.test_loss, 1)),
    col('mtl_gain_a', (r) => at(r.mtl_gain, 0)),
    col('mtl_gain_b', (r) => at(r.mtl_gain, 1)),
    col('grad_cosine', (r) => r.grad_cosine),
    col('gate_js_distance', (r) => r.gates?.js_distance),
    col('gate_entropy_bits', (r) => r.gates?.entropy_bits),
    col('weighting', (r) => r.weighting?.kind),
    col('loss_weight_a', (r) => at(r.loss_weights, 0)),
    col('loss_weight_b', (r) => at(r.loss_weights, 1)),
  ],
  funnel: [
    col('step', (r) => r.step),
    col('ctr_auc', (r) => r.metrics?.ctr_auc),
    col('ctcvr_auc', (r) => r.metrics?.ctcvr_auc),
    col('cvr_auc_clicked', (r) => r.metrics?.cvr_auc_clicked),
    col('cvr_auc_entire', (r) => r.metrics?.cvr_auc_entire),
    col('mean_pcvr', (r) => r.metrics?.mean_pcvr),
    col('true_mean_cvr', (r) => r.metrics?.true_mean_cvr),
    col('cvr_abs_error', (r) => r.metrics?.cvr_abs_error),
    col('train_loss', (r) => r.train_loss?.join(' ')),
    col('validation_loss', (r) => r.validation_loss?.join(' ')),
    col('stopped', (r) => r.stopped),
  ],
  watch: [
    col('step', (r) => r.step),
    col('train_loss', (r) => r.train_loss),
    col('top_watch_share', (r) => r.metrics?.top_watch_share),
    col('top_click_share', (r) => r.metrics?.top_click_share),
    col('ctr_auc', (r) => r.metrics?.ctr_auc),
    col('odds_ratio_to_watch', (r) => r.metrics?.odds?.ratio_to_expected_watch),
    col('odds_ratio_to_optimum', (r) => r.metrics?.odds?.ratio_to_optimum),
  ],
};

/** A CSV field: numbers as they are, text quoted when it must be (RFC 4180). */
function field(value) {
  if (value == null || (typeof value === 'number' && !Number.isFinite(value))) return '';
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The history (`[[modelId, records], …]`) as CSV text: one row per model per record. */
export function historyCsv(scenario, history) {
  const columns = COLUMNS[scenario];
  const lines = [['model', ...columns.map((c) => c.name)].join(',')];
  for (const [model, records] of history) {
    for (const record of records) lines.push([model, ...columns.map((c) => c.read(record))].map(field).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** Everything needed to reproduce and read a run: the settings, the link and every record. */
export function historyJson(scenario, state, history) {
  const settings = { ...state };
  for (const view of ['lang', 'autoplay', 'embed', 'panels', 'hide']) delete settings[view];
  const models = Object.fromEntries(history.map(([model, records]) => [model, records]));
  return JSON.stringify({ app: 'MTL Playground', exported: new Date().toISOString(), link: location.href, scenario, settings, models }, null, 1);
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
