// The live race on a pool of Web Workers (race-worker.js), for every
// scenario: each worker trains some of the models in its own wasm instance,
// on the same data, batches and seeds, so every model's curve is the
// one-thread race's. The page keeps the UI and the drawing: the scenario's
// book (RaceBook, FunnelBook, WatchBook, DataBook) gathers the records and
// draws, summarises and exports them at the step every model has reached.
//
// The lock-step rule: workers train only up to the step the page grants (at
// most AHEAD steps past the slowest worker still training), and a live change
// (p, loss weights, lr, weighting, w) is applied by every worker exactly at
// the current grant, before any of them trains past it. So every model sees a
// change at the same step, a little after the control moved. A worker whose
// models have all stopped (the funnel's early stopping) or whose race is done
// no longer holds the others back.
//
// RacePool offers the page the race interface below (train, summary,
// history, setLive, resetModels, drawChart, readout, free), so lifecycle.js drives
// every scenario's race the same way.

import { splitJobs } from '../pkg/mtl_playground.js';

/** How far past the slowest worker's records a grant reaches (steps). */
export const AHEAD = 100;

/**
 * What the lifecycle and the views drive, whatever the scenario.
 * @typedef {object} Race
 * @property {(budgetMs: number, maxSteps: number) => object} train lets the race train (never blocks) and returns its summary
 * @property {() => object} summary the summary at the step every model has reached: `{step, steps_this_call, finished, models: […], …}`
 * @property {() => Array} history every model's records, `[[id, records], …]`, for the export
 * @property {(values: object) => void} setLive a live change, the page's values by name
 * @property {() => void} resetModels fresh initial weights (the correlated tasks)
 * @property {(id: string, canvas: HTMLCanvasElement, text: object, ratio: number) => void} drawChart draws a chart of the scenario's registry
 * @property {(id: string, x: number, y: number|undefined, text: object) => object|null} readout what lies at a canvas
 *   point (x, y: its pixels), or without y at a keyboard position x, on a chart as last drawn: `{at, prev, next, step, rows}`, or null
 * @property {() => void} free ends the race
 */

export class RacePool {
  /**
   * Starts `workers` workers on `scenario`'s race: `book` gathers what they
   * report, `models` is how many models race (dealt in contiguous groups in
   * legend order), and `argsFor(indices, w, groups)` gives worker `w`'s
   * handle its args (race-handles.js's MAKE). Each worker loads `wasm`, the
   * scenario module's build. `onRecords()` hears of every batch of records
   * that arrives. Grants never pass `maxStep` (a race that stops there).
   */
  constructor({ scenario, book, models, argsFor, wasm, workers = 1, onRecords = () => {}, maxStep = Infinity }) {
    this.book = book;
    this.onRecords = onRecords;
    this.maxStep = maxStep;
    this.epoch = 0;
    this.grant = 0;
    this.failed = null;
    this.counted = 0; // the book's step at the last train() call
    this.scores = []; // pending splitMetrics requests: { at, parts, ok }
    const groups = splitJobs(models, workers);
    this.steps = groups.map(() => 0);
    this.done = groups.map(() => false);
    this.workers = groups.map((indices, w) => {
      const worker = new Worker(new URL('./race-worker.js', import.meta.url), { type: 'module' });
      worker.onmessage = ({ data }) => this.receive(w, data);
      worker.onerror = (event) => this.fail(event.message || 'a race worker failed to start');
      worker.postMessage({ type: 'start', scenario, epoch: this.epoch, args: argsFor(indices, w, groups), wasm });
      return worker;
    });
  }

  receive(w, data) {
    if (data.epoch !== this.epoch) return; // from before a reset
    if (data.type === 'records') {
      try {
        this.book.append(data.batch);
      } catch (err) {
        this.fail(err?.message ?? err);
        return;
      }
      this.steps[w] = data.batch.work; // grants count work: the race's steps, then watch time's sweep's
      this.done[w] = data.batch.finished;
      this.onRecords();
    } else if (data.type === 'scores') {
      // the oldest request at that step this worker has not answered (two may share a step)
      const request = this.scores.find((s) => s.at === data.at && !s.parts[w]);
      if (!request) return;
      request.parts[w] = data.metrics;
      if (request.parts.every(Boolean)) {
        this.scores = this.scores.filter((s) => s !== request);
        request.ok(request.parts.flat());
      }
    } else if (data.type === 'error') {
      this.fail(data.message);
    }
  }

  fail(message) {
    this.failed ??= String(message);
    this.onRecords();
  }

  /** Tells every worker how far it may train. */
  grantUntil(step) {
    step = Math.min(step, this.maxStep);
    if (step <= this.grant) return;
    this.grant = step;
    for (const worker of this.workers) worker.postMessage({ type: 'grant', until: step });
  }

  /**
   * Lets the workers train up to `maxSteps` past the slowest one still
   * training (at most AHEAD) and returns the summary, with
   * `steps_this_call` the steps every model has advanced since the last call.
   */
  train(_budgetMs, maxSteps) {
    if (this.failed) throw new Error(this.failed);
    const training = this.steps.filter((_, w) => !this.done[w]);
    if (training.length) this.grantUntil(Math.min(...training) + Math.max(1, Math.min(AHEAD, maxSteps)));
    const summary = this.summary();
    summary.steps_this_call = Math.max(0, summary.step - this.counted);
    this.counted = summary.step;
    return summary;
  }

  summary() {
    return this.book.summary();
  }

  history() {
    return this.book.history();
  }

  /** A live change (the handle's `setLive` argument), applied by every worker at the current grant. */
  setLive(values) {
    for (const worker of this.workers) worker.postMessage({ type: 'live', at: this.grant, values });
  }

  /**
   * Every model's loss and AUC on a whole split of a race on a file
   * (`which`: test or validation), scored by each worker at the current
   * grant: resolves to `{step, metrics}` with the metrics in legend order.
   */
  splitMetrics(which) {
    const at = this.grant;
    const parts = this.workers.map(() => null);
    const scored = new Promise((ok) => this.scores.push({ at, parts, ok }));
    for (const worker of this.workers) worker.postMessage({ type: 'score', at, which });
    return scored.then((metrics) => ({ step: at, metrics }));
  }

  /** Fresh initial weights in every worker; records from before are dropped. */
  resetModels() {
    this.epoch += 1;
    this.grant = 0;
    this.counted = 0;
    this.steps = this.steps.map(() => 0);
    this.done = this.done.map(() => false);
    this.book.clear();
    for (const worker of this.workers) worker.postMessage({ type: 'reset', epoch: this.epoch });
  }

  drawChart(...args) { this.book.drawChart(...args); }

  readout(...args) { return this.book.readout(...args); }

  /** Ends every worker at once and frees the book. */
  free() {
    for (const worker of this.workers) worker.terminate();
    this.workers = [];
    this.book.free();
  }
}
