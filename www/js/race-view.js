// What the page shows of the race: the step counter at every summary, and at
// each redraw the readouts (the scenario's table and lesson, the preset's
// sizes), the charts' sentences and a new round of charts, which are then
// drawn a few per frame so that no frame spends long drawing.
//
// Not here: when a redraw happens (render.js), the race itself (lifecycle.js),
// the sweep panel's chart (sweep-panel.js), the drawing (the wasm core).

import { chartsToDraw, drawQueued } from './charts.js';
import { clearDataTables, showTestAuc } from './data-readouts.js';
import { $ } from './dom.js';
import { count } from './format.js';
import { scenarioPage } from './scenarios.js';
import { chartsOf } from './state.js';
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
  #scoredAt = null; // the step "your data"'s test split was last scored at

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
    this.#scoredAt = null;
    clearDataTables();
  }

  /** Scores every model of the race on its whole test split, now ("your data"'s button, or its race's end): the workers score at their step, and the table says which. */
  async scoreTest() {
    const lab = this.#race.lab;
    const summary = this.#race.summary;
    if (!scenarioPage(this.#store.state.scenario).scoresTest || !lab || !summary) return;
    this.#scoredAt = summary.step;
    const { step, metrics } = await lab.splitMetrics('test');
    if (this.#race.lab !== lab) return; // another race since
    showTestAuc(metrics, step, this.#words.t, this.#colors);
  }

  /** The readouts and sentences of the latest summary, and a new round of charts. */
  draw() {
    const summary = this.#race.summary;
    if (!this.#dirty || !summary) return;
    this.#dirty = false;
    this.#draws += 1;
    const state = this.#store.state;
    const { t } = this.#words;
    const page = scenarioPage(state.scenario);
    page.show(summary, t, this.#colors, state);
    if (page.scoresTest) this.#scoreAtEnd(summary);
    showChartSummaries(state.scenario, summary, t);
    this.#queue = chartsToDraw(state.scenario, state.panels);
  }

  /** A race scored on its test split: scored again at its end (a new race hides the last one's scores). */
  #scoreAtEnd(summary) {
    if (this.#scoredAt != null && summary.step < this.#scoredAt) {
      this.#scoredAt = null; // a new race: its test split is not scored yet
      $('data-test-wrap').hidden = true;
    }
    if (summary.finished && this.#scoredAt !== summary.step) this.scoreTest();
  }

  /** The chart words of the shown scenario (a file's race names its tasks by their labels). */
  chartText() {
    const state = this.#store.state;
    return scenarioPage(state.scenario).chartWords(this.#words.dict[chartsOf(state.scenario).words], state, this.#words.t);
  }

  /** Draws this round's queued charts for at most about charts.js's DRAW_BUDGET_MS; whether it drew any. */
  drawSome() {
    const lab = this.#race.lab;
    if (!this.#queue.length || !lab) return false;
    const start = performance.now();
    const failure = drawQueued(this.#queue, lab, this.chartText());
    this.#drawMs = performance.now() - start;
    if (failure && failure !== this.#failure) console.warn(`chart: ${failure}`);
    if (failure) this.#failure = failure;
    return true;
  }
}
