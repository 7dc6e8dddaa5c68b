// "Your data"'s panel: a file picker, a drop zone and the sample; what was
// read (the file's name, rows × columns, the parse notes, a table of its
// columns with a "use as a feature" box each); the two label pickers; the
// Train button; and the file's or the settings' error, in the page's language.
// The file is parsed here, by the mtl_data module, and never leaves the page.
// Everything that comes from the file (names, values, the file's name) goes in
// as text (`el`, textContent), never as markup.
//
// The settings (labels, exclusions) are the store's, so the link carries them;
// a link that names a file it cannot hold says which file to load, and its
// settings apply once one is loaded (a label naming no column of that file
// falls back to the suggested one, with a notice).
//
// Not here: the race (data-race.js, driven by lifecycle.js) or its readouts.

import { DataRace, labelsOf } from './data-race.js';
import { $, el } from './dom.js';
import { count } from './format.js';
import { LABEL_OPS, OP_SIGNS, TABLE_PRESET, narrowForTable } from './state.js';
import { loadModule } from './wasm-build.js';

/**
 * The synthetic census sample (README "Your own data") with the MMoE paper's
 * two census-income labels (the core suggests a file's two-valued columns, in
 * column order: for this file sex and union membership) and the column its race
 * leaves out: a sampling weight, not a trait.
 */
export const SAMPLE = {
  url: 'static/data/census-sample.csv',
  name: 'census-sample.csv',
  settings: {
    labelA: 'income', opA: 'eq', valueA: ' 50000+.',
    labelB: 'marital stat', opB: 'eq', valueB: ' Never married',
    exclude: ['instance weight'],
  },
};
/** Larger files are refused before reading (the parser keeps 300,000 rows anyway). */
const MAX_BYTES = 256 * 1024 * 1024;
const TASKS = ['A', 'B'];

export class DataPanel {
  #store;
  #words;
  #status;
  #onLoaded;
  #module = null;
  #file = null; // the parsed DataFile
  #bytes = null; // its bytes, which each race worker reads again
  #name = '';
  #described = null;
  #armed = false; // Train was pressed since the file was loaded
  #error = null; // {code, params, message} of the file or of the settings, or null
  #errorFrom = null; // 'file' or 'settings'
  #fromLink = true; // the next file read is the first: the link's settings are checked against it

  /** `onLoaded()` is called when a new file's settings are in the store (the page rebuilds the race). */
  constructor({ store, words, status, onLoaded }) {
    this.#store = store;
    this.#words = words;
    this.#status = status;
    this.#onLoaded = onLoaded;
    this.#wire();
  }

  /** The status line's key while there is no race. */
  get waiting() {
    if (this.#error) return 'status.dataRefused';
    return this.#file ? 'status.dataPressTrain' : 'status.dataNoFile';
  }

  /** The race for `state` (`options` as DataRace takes them), or null while there is none to run (the panel says why). */
  async build(state, options) {
    if (!this.#file || !this.#armed) return null;
    try {
      const race = new DataRace(this.#module, this.#file, this.#bytes, state, options);
      this.#setError(null);
      return race;
    } catch (err) {
      this.#setError(err, 'settings');
      return null;
    }
  }

  /** Train: the race may run from now on (the page rebuilds it and plays). */
  arm() {
    this.#armed = !!this.#file;
    return this.#armed;
  }

  /** Reads `bytes` (a Uint8Array) as the file `name`; `settings` (the sample's labels and exclusions) replace the state's. */
  async load(bytes, name, settings = null) {
    this.#module ??= await loadModule('data');
    this.#file?.free();
    this.#file = null;
    this.#described = null;
    this.#armed = false;
    this.#name = name;
    try {
      this.#file = new this.#module.DataFile(bytes);
      this.#bytes = bytes;
      this.#described = this.#file.describe();
      this.#setError(null);
    } catch (err) {
      this.#setError(err, 'file');
    }
    if (this.#described) this.#store.patch(settings ? { ...settings, dataFile: name } : this.#settingsFor(this.#described), { source: 'data' });
    this.#render();
    this.#onLoaded();
  }

  /** A store subscriber: the pickers, the boxes and the link's file notice follow the state. */
  onState({ changed }) {
    if (changed.some((name) => ['scenario', 'dataFile', 'lang'].includes(name))) this.#showNeeds();
    if (this.#described) this.#showSettings(this.#store.state);
  }

  /** Says everything again in the current language. */
  refresh() {
    this.#render();
  }

  // --- reading a file -----------------------------------------------------------

  #wire() {
    // the narrow preset is the capacity lesson's: a file's race is better read at the core's table preset
    $('data-table-preset').addEventListener('click', () => this.#store.set('preset', TABLE_PRESET, { source: 'data' }));
    const input = $('data-input');
    input.addEventListener('change', () => input.files[0] && this.#read(input.files[0]));
    // a file dropped anywhere on the panel is read (not opened by the browser in place of the page)
    const drop = $('data-drop');
    const panel = $('data-panel');
    panel.addEventListener('dragover', (event) => {
      event.preventDefault();
      drop.classList.add('dragging');
    });
    panel.addEventListener('dragleave', (event) => !panel.contains(event.relatedTarget) && drop.classList.remove('dragging'));
    panel.addEventListener('drop', (event) => {
      event.preventDefault();
      drop.classList.remove('dragging');
      const file = event.dataTransfer?.files?.[0];
      if (file) this.#read(file);
    });
    $('data-sample').addEventListener('click', () => this.#readSample());
    for (const task of TASKS) {
      for (const part of ['column', 'op', 'value']) $(`data-${part}-${task}`).addEventListener('change', () => this.#pickLabel(task, part));
    }
  }

  async #read(file) {
    if (file.size > MAX_BYTES) {
      this.#name = file.name;
      this.#setError({ code: 'too_big', key: 'data.tooBig', params: { size: count(Math.round(file.size / 1e6)), max: count(MAX_BYTES / 1e6) } }, 'file');
      this.#render();
      return;
    }
    await this.load(new Uint8Array(await file.arrayBuffer()), file.name);
  }

  async #readSample() {
    try {
      const res = await fetch(SAMPLE.url);
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      await this.load(new Uint8Array(await res.arrayBuffer()), SAMPLE.name, SAMPLE.settings);
    } catch (err) {
      this.#setError({ code: 'sample_failed', key: 'data.sampleFailed', params: { message: String(err?.message ?? err).slice(0, 200) } }, 'file');
      this.#render();
    }
  }

  /**
   * The settings a new file starts with: the link's labels where the file
   * has their columns, else the suggested ones; the link's exclusions that
   * name a column of the file. What the link asked for and the first file
   * lacks goes to the notice; a later file's are the previous file's
   * settings, dropped silently.
   */
  #settingsFor(described) {
    const state = this.#store.state;
    const fromLink = this.#fromLink;
    this.#fromLink = false;
    const names = described.columns.map((c) => c.name);
    const suggested = described.suggested_labels ?? [];
    const values = { dataFile: this.#name };
    for (const [i, task] of TASKS.entries()) {
      const column = state[`label${task}`];
      if (column && names.includes(column)) continue;
      if (column && fromLink) this.#status.addNote({ kind: 'dataNoColumn', name: `label${task}`, raw: column });
      const pick = suggested[i] ?? { column: names[Math.min(i, names.length - 1)], op: 'eq', value: described.columns[Math.min(i, names.length - 1)]?.examples[0] ?? '' };
      Object.assign(values, { [`label${task}`]: pick.column, [`op${task}`]: pick.op, [`value${task}`]: pick.value });
    }
    const wanted = state.exclude;
    const missing = wanted.filter((name) => !names.includes(name));
    if (missing.length && fromLink) this.#status.addNote({ kind: 'dataNoColumn', name: 'exclude', raw: missing.join(', ') });
    const labels = [values.labelA ?? state.labelA, values.labelB ?? state.labelB];
    values.exclude = wanted.filter((name) => names.includes(name) && !labels.includes(name));
    return values;
  }

  #pickLabel(task, part) {
    const column = $(`data-column-${task}`).value;
    const values = { [`label${task}`]: column, [`op${task}`]: $(`data-op-${task}`).value, [`value${task}`]: $(`data-value-${task}`).value };
    if (part === 'column') {
      // another column: its most frequent value (or first number) to start from
      values[`value${task}`] = this.#columnOf(column)?.examples[0] ?? '';
    }
    const labels = TASKS.map((t) => (t === task ? column : this.#store.state[`label${t}`]));
    values.exclude = this.#store.state.exclude.filter((name) => !labels.includes(name));
    this.#store.patch(values, { source: 'data' });
  }

  #useColumn(name, used) {
    const exclude = this.#store.state.exclude.filter((n) => n !== name);
    if (!used) exclude.push(name);
    this.#store.set('exclude', exclude, { source: 'data' });
  }

  #columnOf(name) {
    return this.#described?.columns.find((c) => c.name === name);
  }

  #setError(err, from) {
    if (!err) {
      this.#error = null;
      this.#errorFrom = null;
    } else {
      this.#error = { code: err.code ?? null, params: err.params ?? {}, message: String(err.message ?? err) };
      this.#errorFrom = from;
    }
    this.#showError();
  }

  // --- what the panel shows -------------------------------------------------------

  #render() {
    const t = this.#words.t;
    const d = this.#described;
    $('data-file').hidden = !d;
    $('data-train').disabled = !d;
    this.#showError();
    this.#showNeeds();
    if (!d) return;
    $('data-read').textContent = t('data.read', { name: this.#name, rows: count(d.rows), columns: count(d.columns.length) });
    $('data-notes').replaceChildren(...this.#notes(d).map((text) => el('li', {}, text)));
    for (const task of TASKS) {
      $(`data-column-${task}`).replaceChildren(...d.columns.map((c) => el('option', { value: c.name }, c.name)));
      $(`data-op-${task}`).replaceChildren(...LABEL_OPS.map((op) => el('option', { value: op }, `${OP_SIGNS[op]}  ${t(`data.ops.${op}`)}`)));
    }
    this.#showColumns(d);
    this.#showSettings(this.#store.state);
  }

  /** The parse notes that apply, one sentence each (CRLF is silent: nothing to say). */
  #notes(d) {
    const t = this.#words.t;
    const n = d.notes;
    const notes = [];
    if (n.delimiter === '\t') notes.push(t('data.notes.tab'));
    else if (n.delimiter === ';') notes.push(t('data.notes.semicolon'));
    if (n.bom) notes.push(t('data.notes.bom'));
    if (n.empty_lines) notes.push(t('data.notes.emptyLines', { n: count(n.empty_lines) }));
    if (n.short_rows) notes.push(t('data.notes.shortRows', { n: count(n.short_rows) }));
    if (n.long_rows) notes.push(t('data.notes.longRows', { n: count(n.long_rows) }));
    if (n.invalid_utf8_fields) notes.push(t('data.notes.invalidUtf8', { n: count(n.invalid_utf8_fields) }));
    if (n.truncated) notes.push(t('data.notes.truncated', { n: count(d.limits.max_rows) }));
    return notes;
  }

  /** The columns table: name, kind, missing, distinct, examples and the feature box. */
  #showColumns(d) {
    const t = this.#words.t;
    const rows = d.columns.map((c) => {
      const box = el('input', { type: 'checkbox', className: 'data-use', dataset: { column: c.name } });
      box.setAttribute('aria-label', t('data.useAs', { column: c.name }));
      box.addEventListener('change', () => this.#useColumn(c.name, box.checked));
      const examples = c.examples.map((v) => `“${v}”`).join('  ');
      return el('tr', { dataset: { column: c.name } },
        el('th', { scope: 'row' }, c.name),
        el('td', {}, t(`data.kind.${c.kind}`)),
        el('td', {}, count(c.missing)),
        el('td', {}, count(c.distinct)),
        el('td', { className: 'data-examples' }, examples),
        el('td', {}, box, el('span', { className: 'data-role' })));
    });
    $('data-columns').tBodies[0].replaceChildren(...rows);
  }

  /** The pickers and the feature boxes as `state` has them, and the sizes' hint. */
  #showSettings(state) {
    const t = this.#words.t;
    $('data-sizes').hidden = !narrowForTable(state);
    const labels = labelsOf(state);
    for (const [i, task] of TASKS.entries()) {
      const { column, op, value } = labels[i];
      $(`data-column-${task}`).value = column;
      $(`data-op-${task}`).value = op;
      const input = $(`data-value-${task}`);
      if (input.value !== value) input.value = value;
      const c = this.#columnOf(column);
      input.inputMode = c?.kind === 'numeric' ? 'decimal' : 'text';
      $(`data-values-${task}`).replaceChildren(...(c?.examples ?? []).map((v) => el('option', { value: v })));
    }
    for (const row of $('data-columns').tBodies[0].rows) {
      const name = row.dataset.column;
      const box = row.querySelector('.data-use');
      const label = labels.findIndex((l) => l.column === name);
      box.checked = label < 0 && !state.exclude.includes(name);
      box.disabled = label >= 0;
      row.querySelector('.data-role').textContent = label >= 0 ? ` ${t('data.isLabel', { task: TASKS[label] })}` : '';
    }
  }

  #showError() {
    const box = $('data-error');
    const e = this.#error;
    box.hidden = !e;
    if (!e) return box.replaceChildren();
    const t = this.#words.t;
    // the core's errors by their code (`data_errors`), the page's own (a file too big, the sample unreachable) by their key
    const key = e.key ?? `data_errors.${e.code}`;
    const known = e.code && t(key, {}) !== key;
    const text = known ? t(key, e.params) : t('data.refused', { message: e.message });
    const hint = t(this.#errorFrom === 'file' ? 'data.fixFile' : 'data.fixSettings');
    box.replaceChildren(el('p', { className: 'data-error-text' }, text), el('p', { className: 'data-error-hint' }, hint));
    box.dataset.code = e.code ?? '';
  }

  /** A link's settings name a file this page does not hold: say which to load. */
  #showNeeds() {
    const state = this.#store.state;
    const box = $('data-needs');
    // (a file that could not be read has its own message)
    const needed = state.scenario === 'data' && state.dataFile && !this.#file && this.#errorFrom !== 'file';
    box.hidden = !needed;
    box.textContent = needed ? this.#words.t('data.needsFile', { name: state.dataFile }) : '';
  }
}
