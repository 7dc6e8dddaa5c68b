// A guided lab's other seeds, on a pool of seed workers (seed-worker.js): the
// same experiment as the student's visible run, one seed per job, dealt to
// whichever worker is free, as the sweep pool deals its groups. Each seed's
// summaries (the one before each scripted step, and the last) come back to
// the page, which judges them with the lab's own `memo` and `outcome`.
// Cancelling ends every worker at once. A lab whose seeds are slow (the
// funnel, the watch-time feed) may get a time budget: once it has passed and
// at least `minSeeds` are in, the rest are dropped.
//
// Not here: which seeds, configs and script calls (seed-answer.js), or the
// training itself (seed-worker.js).

import { seedWorkers } from './workers.js';

export class SeedRuns {
  /**
   * Starts `workers` workers of `scenario` (each loading `wasm`, the
   * scenario's module; more may be added with `grow`) on `jobs` (`[{seed, config}]`), every one running
   * `script` (`[{step, calls}]`) to `until`. `onSeed(seed, summaries)` hears
   * of each finished seed, `onEnd({partial})` of the end (every seed in, or
   * the budget passed with `minSeeds` in and the pool not `held`),
   * `onFail(message)` of a worker's error (the pool is then ended).
   */
  constructor(jobs, { scenario, wasm, script, until, workers = seedWorkers(), budgetMs = Infinity, minSeeds = jobs.length, held = false, onSeed, onEnd, onFail }) {
    this.held = held; // a passed budget ends nothing until `release()`
    this.jobs = jobs;
    this.next = 0;
    this.done = 0;
    this.running = true;
    this.started = performance.now();
    this.minSeeds = Math.min(minSeeds, jobs.length);
    this.hooks = { onSeed, onEnd, onFail };
    this.common = { script, until };
    this.summaries = new Map(); // seed → the summaries posted so far
    this.overBudget = false;
    if (Number.isFinite(budgetMs)) {
      this.timer = setTimeout(() => {
        this.overBudget = true;
        this.#maybeEnd();
      }, budgetMs);
    }
    this.start = { type: 'start', scenario, wasm };
    this.workers = [];
    this.grow(workers);
  }

  /** Adds workers up to `workers` in all (no more than the seeds not yet dealt), each dealt a seed. */
  grow(workers) {
    while (this.running && this.workers.length < workers && this.next < this.jobs.length) {
      const worker = new Worker(new URL('./seed-worker.js', import.meta.url), { type: 'module' });
      worker.onmessage = ({ data }) => this.#receive(worker, data);
      worker.onerror = (event) => this.#fail(event.message || 'a seed worker failed to start');
      worker.postMessage(this.start);
      this.workers.push(worker);
      this.#deal(worker);
    }
  }

  /** Seeds whose run has finished, and all of them. */
  get progress() {
    return { done: this.done, total: this.jobs.length };
  }

  /** Gives `worker` the next seed, or ends it when none is left. */
  #deal(worker) {
    if (this.next >= this.jobs.length) {
      worker.terminate();
      this.workers = this.workers.filter((w) => w !== worker);
      return;
    }
    const { seed, config } = this.jobs[this.next++];
    worker.postMessage({ type: 'seed', seed, config, ...this.common });
  }

  #receive(worker, data) {
    if (!this.running) return;
    if (data.type === 'summary' || data.type === 'done') {
      const list = this.summaries.get(data.seed) ?? [];
      list.push(data.summary);
      this.summaries.set(data.seed, list);
      if (data.type === 'summary') return;
      this.summaries.delete(data.seed);
      this.done += 1;
      this.hooks.onSeed(data.seed, list);
      if (!this.running) return; // the hook cancelled
      if (!this.#maybeEnd()) this.#deal(worker);
    } else if (data.type === 'error') {
      this.#fail(data.message);
    }
  }

  /** Ends the pool if every seed is in, or the budget has passed with enough in; says whether it did. */
  #maybeEnd() {
    if (!this.running) return true;
    const all = this.done === this.jobs.length;
    if (!all && !(this.overBudget && !this.held && this.done >= this.minSeeds)) return false;
    this.#stop();
    this.hooks.onEnd({ partial: !all });
    return true;
  }

  #fail(message) {
    if (!this.running) return;
    this.#stop();
    this.hooks.onFail(String(message));
  }

  #stop() {
    this.running = false;
    clearTimeout(this.timer);
    for (const worker of this.workers) worker.terminate();
    this.workers = [];
  }

  /** Lets a passed budget end the pool (at once if it has passed with enough seeds in). */
  release() {
    this.held = false;
    this.#maybeEnd();
  }

  /** Ends every worker at once; nothing more is heard from them. */
  cancel() {
    if (this.running) this.#stop();
  }
}
