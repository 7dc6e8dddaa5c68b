// The values under the pointer, on every live chart: hovering or touching a
// chart shows, in a small box beside the pointer, what lies there (on a curve
// chart the step and each model's value per task; on the gate heatmaps the
// model, task, expert and gate weight; on the seesaw plane the model and its
// two gains; on the funnel picture a stage's count; on calibration, watch time's
// charts and the sweep, the nearest point's model and values). The core answers (the race's `readout`, from where the chart was
// last drawn); this module only asks, and writes the answer as text nodes.
// A chart takes the keyboard's focus too: the arrow keys move along the records
// (or the cells), Home and End to the ends, Escape closes; what it reads is
// also said politely to screen readers.
//
// Not here: what a chart draws (the core), or the chart's sentence under it (summaries.js).

import { $, el } from './dom.js';
import { count } from './format.js';

/** A value as the readout shows it: a count whole (1,234,567), anything else to four significant digits, a true minus sign. */
const value = (x) => {
  if (!Number.isFinite(x)) return '\u2014';
  return (Number.isInteger(x) ? count(x) : Number(x.toPrecision(4)).toString()).replace('-', '\u2212');
};

/** A keyboard position past every record: the race's last. */
const LAST = Number.MAX_SAFE_INTEGER;

export class Readouts {
  #race;
  #words;
  #chartText;
  #colors;
  #box; // the readout's box, one for the page (index.html's)
  #live; // the polite announcement (index.html's)
  #shown = null; // {canvas, id, probe, readout} while a readout shows

  /**
   * `race` is the lifecycle (its `lab`), `words` the current language (`t`),
   * `chartText()` the shown scenario's chart words (as the charts are drawn
   * with), `colors` each model's colour.
   */
  constructor({ race, words, chartText, colors }) {
    this.#race = race;
    this.#words = words;
    this.#chartText = chartText;
    this.#colors = colors;
    this.#box = $('chart-readout');
    this.#live = $('chart-readout-live');
  }

  /** Listens on every live chart's canvas (the registry's panels; not the sweep's). */
  attach() {
    for (const canvas of document.querySelectorAll('figure[data-panel] canvas.chart')) {
      const id = canvas.id.replace(/^chart-/, '');
      if (id === 'sweep') continue;
      canvas.tabIndex = 0;
      const point = (event) => {
        const rect = canvas.getBoundingClientRect();
        const x = ((event.clientX - rect.left) * canvas.width) / rect.width;
        const y = ((event.clientY - rect.top) * canvas.height) / rect.height;
        this.#read(canvas, id, { x, y }, { left: event.clientX, top: event.clientY });
      };
      canvas.addEventListener('pointermove', point);
      canvas.addEventListener('pointerdown', point); // a touch
      canvas.addEventListener('pointerleave', () => this.#shown?.canvas === canvas && !this.#shown.keyboard && this.hide());
      canvas.addEventListener('focus', () => this.#key(canvas, id, { at: LAST }));
      canvas.addEventListener('blur', () => this.#shown?.canvas === canvas && this.hide());
      canvas.addEventListener('keydown', (event) => this.#onKey(event, canvas, id));
    }
  }

  /** The readout again, after the chart was redrawn (the pointer stood still while the race went on). */
  refresh() {
    const shown = this.#shown;
    if (shown) this.#read(shown.canvas, shown.id, shown.probe, shown.at, shown.keyboard);
  }

  hide() {
    this.#shown = null;
    this.#box.hidden = true;
  }

  #onKey(event, canvas, id) {
    const readout = this.#shown?.canvas === canvas ? this.#shown.readout : null;
    const to = {
      ArrowRight: readout?.next, ArrowDown: readout?.next, ArrowLeft: readout?.prev, ArrowUp: readout?.prev, Home: 0, End: LAST,
    }[event.key];
    if (event.key === 'Escape') {
      this.hide();
      return;
    }
    if (to === undefined) return;
    event.preventDefault(); // the page does not scroll under the chart's keys
    if (to !== null) this.#key(canvas, id, { at: to });
  }

  #key(canvas, id, probe) {
    const rect = canvas.getBoundingClientRect();
    this.#read(canvas, id, probe, { left: rect.left + 8, top: rect.top + 8 }, true);
  }

  /** Asks the race what lies at `probe` on chart `id` and shows it beside `at` (viewport px). */
  #read(canvas, id, probe, at, keyboard = false) {
    const lab = this.#race.lab;
    let readout = null;
    try {
      readout = lab?.readout ? lab.readout(id, probe.at ?? probe.x, probe.at === undefined ? probe.y : undefined, this.#chartText()) : null;
    } catch {
      readout = null; // a chart of another scenario mid-switch: nothing to read
    }
    if (!readout || !readout.rows.length) {
      if (!keyboard) this.hide();
      return;
    }
    // a keyboard position reads on from where it is, whatever was probed
    this.#shown = { canvas, id, probe: keyboard ? { at: readout.at } : probe, at, keyboard, readout };
    this.#show(readout, at, keyboard);
  }

  #show(readout, at, keyboard) {
    const { t } = this.#words;
    const lines = [];
    if (readout.step != null) lines.push(el('div', { className: 'chart-readout-title', textContent: t('readout.step', { step: count(readout.step) }) }));
    const said = [];
    for (const row of readout.rows) {
      const values = row.values.map((v) => (v.name ? `${v.name} ${value(v.value)}` : value(v.value))).join(' · ');
      if (!row.model) {
        // what the data shows, not a model (the funnel picture's stages)
        lines.push(el('div', { className: 'chart-readout-row' }, values));
        said.push(values);
        continue;
      }
      const model = t(`model.${row.model}`);
      const swatch = el('span', { className: 'swatch' });
      swatch.style.background = this.#colors[row.model] ?? '#888';
      lines.push(el('div', { className: 'chart-readout-row' }, swatch, el('span', { className: 'chart-readout-model', textContent: `${model} ` }), values));
      said.push(`${model}: ${values}`);
    }
    this.#box.replaceChildren(...lines);
    this.#box.hidden = false;
    // beside the pointer, inside the window
    const box = this.#box.getBoundingClientRect();
    const left = Math.min(at.left + 14, window.innerWidth - box.width - 4);
    const top = at.top + 14 + box.height > window.innerHeight ? at.top - box.height - 10 : at.top + 14;
    this.#box.style.left = `${Math.max(4, left) + window.scrollX}px`;
    this.#box.style.top = `${Math.max(4, top) + window.scrollY}px`;
    if (keyboard) {
      const step = readout.step != null ? `${t('readout.step', { step: count(readout.step) })}: ` : '';
      this.#live.textContent = `${step}${said.join(t('summary.separator'))}`;
    }
  }
}
