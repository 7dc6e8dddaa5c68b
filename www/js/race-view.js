// What the page shows of the race: the step counter at every summary, and at
// each redraw the readouts (the scenario's table and lesson, the preset's
// sizes), the charts' sentences and a new round of charts, which are then
// drawn a few per frame so that no frame spends long drawing.
//
// Not here: when a redraw happens (render.js), the race itself (lifecycle.js),
// the sweep panel's chart (sweep-panel.js), the drawing (the wasm core).

import { chartsToDraw, drawQueued } from './charts.js';
import { $ } from './dom.js';
import { count } from './format.js';
import { showFunnelSummary, showPresetInfo, showSummary, showWatchSummary } from './readouts.js';
import { showChartSummaries } from './summaries.js';

export class RaceView {
  #store;
  #race;
  #words;
  #colors;
  #dirty = false; // a summary (or the view) changed since the last redraw
  #queue = []; // the charts of this redraw round still to draw
  #failure = null; // the last chart error said in the console (each once, not every frame)
  #draws = 0;
  #drawMs = 0;

  /**
   * `store` holds the state, `race` the lifecycle (its `lab` and `summary`),
   * `words` the current language (`t`, `dict`), `colors` each model's colour.
   */
  constructor({ store, race, words, colors }) {
    this.#store = store;
    this.#race = race;
    this.#words = words;
    this.#colors = colors;
  }

  /** Redraws done since start-up (for the tests). */
  get draws() {
    return this.#draws;
  }

  /** The last frame's chart drawing time, ms (for the tests). */
  get drawMs() {
    return this.#drawMs;
  }

  /** Whether anything waits for the next redraw. */
  get dirty() {
    return this.#dirty;
  }

  /** Redraw at the next chance (the view, the language or the window changed). */
  invalidate() {
    this.#dirty = true;
  }

  /** A summary was read: count its steps now, draw it at the next redraw. */
  onSummary(summary) {
    this.#dirty = true;
    $('step').textContent = count(summary.step);
  }

  /** No race (a new scenario's is being built). */
  onCleared() {
    $('step').textContent = '0';
  }

  /** The readouts and sentences of the latest summary, and a new round of charts. */
  draw() {
    const summary = this.#race.summary;
    if (!this.#dirty || !summary) return;
    this.#dirty = false;
    this.#draws += 1;
    const state = this.#store.state;
    const { t } = this.#words;
    if (state.scenario === 'funnel') showFunnelSummary(summary, t, this.#colors, state);
    else if (state.scenario === 'watch') showWatchSummary(summary, t, this.#colors);
    else {
      showSummary(summary, t, this.#colors);
      showPresetInfo(state, summary, t);
    }
    showChartSummaries(state.scenario, summary, t);
    this.#queue = chartsToDraw(state.scenario, state.panels);
  }

  /** Draws this round's queued charts for at most about charts.js's DRAW_BUDGET_MS. */
  drawSome() {
    const lab = this.#race.lab;
    if (!this.#queue.length || !lab) return;
    const start = performance.now();
    const failure = drawQueued(this.#queue, lab, this.#words.dict, this.#store.state.scenario);
    this.#drawMs = performance.now() - start;
    if (failure && failure !== this.#failure) console.warn(`chart: ${failure}`);
    if (failure) this.#failure = failure;
  }
}
