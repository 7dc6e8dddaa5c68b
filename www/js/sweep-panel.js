// The sweep panel's wiring: starts and cancels a sweep for the current state,
// hears its workers' news (results, progress, the end, a failure), and redraws
// the panel's status, caption and chart when something new is there. A sweep
// takes the training time: the race pauses while it runs.
//
// Not here: the sweep run and its workers (sweep.js), the race (lifecycle.js).

import { fitCanvas } from './charts.js';
import { $ } from './dom.js';
import { isSizeProp } from './state.js';
import { SweepLoadError, SweepRun, showSweep } from './sweep.js';
import { showTransfer } from './transfer-table.js';

/** A failure's message, short enough for the status line and the notice. */
const message = (text) => String(text).slice(0, 200);

export class SweepPanel {
  #store;
  #words;
  #status;
  #pause;
  #onFinished;
  #onResults;
  #run = null; // the panel's current sweep, running or not
  #token = 0; // the latest start: one that finishes loading after a newer start or a cancel is dropped
  #dirty = false; // the panel needs redrawing
  #drawnAt = -1; // jobs done when the chart was last drawn (−1: draw it again)

  /**
   * `store` holds the state, `words` the current language, `status` the status
   * line and notice; `pause()` pauses the race; `onResults(read)` hears of
   * each new finished job (`read()` gives the results so far, as
   * `SweepRun.results()`, for a listener that wants them), `onFinished(results)`
   * of a sweep that ended (not cancelled).
   */
  constructor({ store, words, status, pause, onResults, onFinished }) {
    this.#store = store;
    this.#words = words;
    this.#status = status;
    this.#pause = pause;
    this.#onResults = onResults;
    this.#onFinished = onFinished;
  }

  /** Whether a sweep is running (the race waits meanwhile). */
  get running() {
    return !!this.#run?.running;
  }

  /** Whether the panel waits for the next redraw. */
  get dirty() {
    return this.#dirty;
  }

  /** The current sweep's results so far (`SweepRun.results()`), or null. */
  results() {
    return this.#run?.results() ?? null;
  }

  /** Redraw the panel, its chart included, at the next redraw. */
  redraw() {
    this.#drawnAt = -1;
    this.#dirty = true;
  }

  /** A store subscriber: the caption names the sweep and the preset. */
  onState({ changed, source }) {
    // the seed: the transfer map rings the student's
    if (source === 'url' || changed.some((name) => name === 'sweep' || name === 'preset' || name === 'seed' || isSizeProp(name))) this.redraw();
  }

  /** The panel's status, and its chart when there are new results. */
  draw() {
    const run = this.#run;
    const { t, dict } = this.#words;
    const { sweep, preset, panels, seed } = this.#store.state;
    this.#dirty = false;
    showSweep(run, t);
    $('sweep-caption').textContent = this.#caption(sweep, preset, run, t);
    const transfer = run?.kind === 'transfer';
    const canvas = $('chart-sweep');
    canvas.hidden = !run;
    if (!transfer) showTransfer(null, { t, seed });
    if (!run || this.#drawnAt === run.progress.done || !panels.includes('sweep')) return;
    if (transfer) showTransfer(run.results().summary, { t, seed });
    if (!fitCanvas(canvas)) return;
    try {
      // the transfer map has words of its own, and rings the student's seed
      run.drawChart(canvas, transfer ? dict.transfer.chart : dict.sweepChart, window.devicePixelRatio || 1, seed);
      this.#drawnAt = run.progress.done;
    } catch (err) {
      console.warn(`sweep chart: ${err?.message ?? err}`);
    }
  }

  /** The caption of the chosen sweep. The correlation sweep's quotes the
   *  CLI's 10-seed figures for the preset shown; the transfer map's gives the
   *  chapter's words, the seeds and the margin of the run shown (or the defaults'). */
  #caption(sweep, preset, run, t) {
    if (sweep === 'correlation') return t(`sweep.caption.correlation.${preset}`);
    if (sweep !== 'transfer') return t(`sweep.caption.${sweep}`);
    const config = run?.kind === 'transfer' ? run.config : null;
    const margin = Math.round((config?.margin ?? 0.02) * 1000) / 10;
    return t('transfer.caption', { seeds: config?.seeds.length ?? 10, margin });
  }

  /**
   * Starts a sweep of the state's kind (loading the sweep module the first
   * time); `overrides` replace fields of the config the state gives (a guided
   * lab's, e.g. fewer task correlations).
   */
  async start(overrides = {}) {
    const token = ++this.#token;
    this.#run?.free();
    this.#run = null;
    this.#pause(); // the sweep takes the training time; the race waits
    this.#status.set('status.sweeping');
    const state = this.#store.state;
    let run = null;
    try {
      run = await SweepRun.start(state.sweep, state, { workers: state.workers, overrides, onChange: (what) => this.#onChange(what) });
    } catch (err) {
      if (token !== this.#token) return;
      if (err instanceof SweepLoadError) this.#status.set('status.sweepLoadFailed', { message: message(err?.message ?? err) });
      else {
        this.#status.addNote({ kind: 'labError', message: message(err?.message ?? err) });
        this.#status.set('status.paused');
      }
    }
    if (token !== this.#token) {
      run?.free(); // a newer start (or a cancel) came while this one loaded
      return;
    }
    this.#run = run;
    this.redraw();
    this.draw(); // cancel and the progress show at once, not at the next redraw
  }

  /** Cancels the running sweep (or one still loading); its results so far stay. */
  cancel() {
    this.#token += 1; // a sweep still loading its module does not start
    this.#run?.cancel();
    this.redraw();
    this.draw(); // say so at once, not at the next redraw
    this.#status.set('status.sweepCancelled');
  }

  /** What a sweep's workers reported: new results to draw, progress, its end or a failure. */
  #onChange(what) {
    this.#dirty = true; // the status line, at the next redraw
    if (what === 'results') {
      this.#drawnAt = -1;
      this.#onResults?.(() => this.#run.results());
    }
    if (what === 'finished') {
      this.redraw();
      this.#status.set('status.sweepFinished');
      this.#onFinished(this.#run.results());
    }
    if (what === 'failed') {
      this.#status.addNote({ kind: 'labError', message: message(this.#run.failed) });
      this.redraw();
      this.#status.set('status.sweepCancelled');
    }
  }
}
