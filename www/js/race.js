// The live race on a pool of Web Workers (race-worker.js): each worker trains
// some of the models in its own wasm instance, on the same data, batches and
// seeds, so every model's curve is the one-thread race's. The page keeps the
// UI and the drawing: a RaceBook gathers the records and draws, summarises and
// exports them at the step every model has reached.
//
// The lock-step rule: workers train only up to the step the page grants (at
// most AHEAD steps past the slowest worker's records), and a live change (p,
// loss weights, lr, weighting) is applied by every worker exactly at the
// current grant, before any of them trains past it. So every model sees a
// change at the same step, a little after the control moved.
//
// RacePool offers the page the methods of a Lab (train, summary, history,
// setLive, resetModels, the draw calls, free), so lifecycle.js drives either.

import { RaceBook, splitJobs } from '../pkg/mtl_playground.js';
import { wasmUrl } from './wasm-build.js';

/** How far past the slowest worker's records a grant reaches (steps). */
export const AHEAD = 100;

export class RacePool {
  /**
   * Starts `workers` workers on `config`'s models (contiguous groups in legend
   * order), each loading `wasm` (by default the build this page loaded). `onRecords()` hears of every batch of records that arrives; the
   * config is validated here first, so a bad one throws before any worker starts.
   */
  constructor(config, { workers = 1, wasm = wasmUrl().href, onRecords = () => {} } = {}) {
    this.book = new RaceBook(config);
    this.onRecords = onRecords;
    this.epoch = 0;
    this.grant = 0;
    this.failed = null;
    this.counted = 0; // the book's step at the last train() call
    const groups = splitJobs(config.models.length, workers);
    this.steps = groups.map(() => 0);
    this.workers = groups.map((indices, w) => {
      const worker = new Worker(new URL('./race-worker.js', import.meta.url), { type: 'module' });
      worker.onmessage = ({ data }) => this.receive(w, data);
      worker.onerror = (event) => this.fail(event.message || 'a race worker failed to start');
      const models = indices.map((i) => config.models[i]);
      worker.postMessage({ type: 'start', epoch: this.epoch, config: { ...config, models }, wasm });
      return worker;
    });
  }

  receive(w, data) {
    if (data.epoch !== this.epoch) return; // from before a reset
    if (data.type === 'records') {
      this.book.append(data.batch);
      this.steps[w] = data.batch.step;
      this.onRecords();
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
    if (step <= this.grant) return;
    this.grant = step;
    for (const worker of this.workers) worker.postMessage({ type: 'grant', until: step });
  }

  /**
   * Lab-like: lets the workers train up to `maxSteps` past the slowest one
   * (at most AHEAD) and returns the summary, with `steps_this_call` the steps
   * every model has advanced since the last call. Never blocks.
   */
  train(_budgetMs, maxSteps) {
    if (this.failed) throw new Error(this.failed);
    const slowest = Math.min(...this.steps);
    this.grantUntil(slowest + Math.max(1, Math.min(AHEAD, maxSteps)));
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

  /** A live change (`Lab.setLive`'s values), applied by every worker at the current grant. */
  setLive(values) {
    for (const worker of this.workers) worker.postMessage({ type: 'live', at: this.grant, values });
  }

  /** Fresh initial weights in every worker; records from before are dropped. */
  resetModels() {
    this.epoch += 1;
    this.grant = 0;
    this.counted = 0;
    this.steps = this.steps.map(() => 0);
    this.book.clear();
    for (const worker of this.workers) worker.postMessage({ type: 'reset', epoch: this.epoch });
  }

  drawChart(...args) { this.book.drawChart(...args); }

  /** Ends every worker at once and frees the book. */
  free() {
    for (const worker of this.workers) worker.terminate();
    this.workers = [];
    this.book.free();
  }
}
