// The sweeps panel: the loss-weight, trainability and correlation sweeps that
// make the papers' figures, and the transfer map (the chapter's seesaw and
// negative transfer, per seed against single-task networks). A sweep's jobs run on a pool of Web Workers
// (sweep-worker.js, one wasm instance each), dealt in contiguous blocks so a
// worker's jobs of one seed reuse their data; the page gathers the results by
// job index in a SweepBook, which summarises and draws them as they arrive.
// The sweeps have a wasm module of their own (mtl_sweep), loaded with the
// first sweep a student runs.
// Every job's result is the one-thread sweep's (tests/sweep.rs, e2e). The live
// race pauses meanwhile; cancelling ends every worker at once and keeps the
// results that arrived.
//
// Not here: the sweep itself (src/train/sweep/) or its chart (src/plot/).

import { $ } from './dom.js';
import { configFor } from './lab.js';
import { loadModule, wasmUrl } from './wasm-build.js';

/** The sweep module's exports, once [`SweepRun.start`] has loaded it. */
let core = null;

/** The sweep module did not load (offline, say): the page says so and a new start tries again. */
export class SweepLoadError extends Error {}

/**
 * The sweep config for the page's state, made by the core from the race the
 * page would run (`sweepConfig`, `SweepConfig::for_race`: the kind's defaults
 * at the preset, the page's models without the single-task networks, sizes,
 * optimiser, batch and rows; ten seeds from the page's for the correlation
 * sweep and the transfer map, the page's seed and p for the others).
 */
export const sweepConfigFor = (kind, state) => core.sweepConfig({ kind, base: configFor(state) });

/**
 * A running (or finished, cancelled or failed) sweep on `workers` workers, and
 * what the panel shows of it. `onChange(what)` hears of `results`, `progress`,
 * `finished` and `failed`. Each worker loads `wasm` (by default the sweep
 * module in the build this page loaded). `config` replaces the state's sweep
 * config (tests run small sweeps). Start one with [`SweepRun.start`].
 */
export class SweepRun {
  /** Loads the sweep module (the first time) and starts a run; rejects with
   *  a [`SweepLoadError`], or with the core's error (naming the field) for a config it refuses. */
  static async start(kind, state, options) {
    try {
      core = await loadModule('sweep');
    } catch (err) {
      throw new SweepLoadError(String(err?.message ?? err));
    }
    return new SweepRun(kind, state, options);
  }

  constructor(kind, state, { workers = 1, wasm = wasmUrl(undefined, 'mtl_sweep').href, config, overrides = {}, onChange = () => {} } = {}) {
    this.kind = kind;
    this.config = config ?? { ...sweepConfigFor(kind, state), ...overrides };
    this.book = new core.SweepBook(this.config);
    this.onChange = onChange;
    this.running = true;
    this.cancelled = false;
    this.failed = null;
    this.started = performance.now();
    this.ms = 0;
    // Jobs are dealt in groups that share their data (a seed's jobs in the
    // correlation sweep), one group at a time to whichever worker is free, so
    // that no worker idles while another still has a queue (every job's result
    // is the same whichever worker runs it).
    this.groups = this.book.groups();
    this.next = 0;
    this.stepsFinished = 0;
    const count = Math.max(1, Math.min(workers, this.groups.length));
    this.stepsDone = Array(count).fill(0);
    this.left = count;
    this.workers = this.stepsDone.map((_, w) => {
      const worker = new Worker(new URL('./sweep-worker.js', import.meta.url), { type: 'module' });
      worker.onmessage = ({ data }) => this.receive(w, data);
      worker.onerror = (event) => this.fail(event.message || 'a sweep worker failed to start');
      worker.postMessage({ type: 'start', config: this.config, wasm, indices: this.groups[this.next++] });
      return worker;
    });
  }

  /** A worker's message: results, progress, the end of its group, or an error. */
  receive(w, data) {
    if (!this.running) return; // cancelled: what still arrives is dropped
    if (data.type === 'results') {
      this.book.insert(Uint32Array.from(data.indices), data.results);
      this.onChange('results');
    } else if (data.type === 'group-done') {
      this.stepsFinished += this.stepsDone[w];
      this.stepsDone[w] = 0;
      if (this.next < this.groups.length) {
        this.workers[w].postMessage({ type: 'group', indices: this.groups[this.next++] });
        return;
      }
      this.workers[w].terminate();
      this.left -= 1;
      if (this.left === 0) {
        this.end(false);
        this.onChange('finished');
      }
    } else if (data.type === 'progress') {
      this.stepsDone[w] = data.stepsDone;
      this.tick();
      this.onChange('progress');
    } else if (data.type === 'error') {
      this.fail(data.message);
    }
  }

  /** Wall time so far: the workers run in parallel, so their own times do not add up. */
  tick() {
    this.ms = performance.now() - this.started;
  }

  /** Stops every worker at once; the results gathered so far stay. */
  end(cancelled) {
    for (const worker of this.workers) worker.terminate();
    this.tick();
    this.running = false;
    this.cancelled = cancelled;
  }

  cancel() {
    if (this.running) this.end(true);
  }

  fail(message) {
    if (!this.running) return;
    this.end(false);
    this.failed = String(message);
    this.onChange('failed');
  }

  /** `{done, total, stepsDone, stepsTotal, finished}` over every worker. */
  get progress() {
    const total = this.book.total;
    const done = this.book.done;
    const stepsDone = this.stepsFinished + this.stepsDone.reduce((a, b) => a + b, 0);
    return { done, total, stepsDone, stepsTotal: total * this.config.steps, finished: done === total };
  }

  /** Share of the steps done, in [0, 1]. */
  get fraction() {
    const { stepsDone, stepsTotal } = this.progress;
    return stepsTotal ? stepsDone / stepsTotal : 0;
  }

  /** `{kind, done, total, jobs, summary}` of the jobs finished so far. */
  results() {
    return this.book.results();
  }

  /** `seed` (the student's) is ringed on the transfer map; the other charts ignore it. */
  drawChart(canvas, text, pixelRatio, seed) {
    this.book.drawChart(canvas, text, pixelRatio, seed);
  }

  free() {
    for (const worker of this.workers) worker.terminate();
    this.book.free();
  }
}

/** Seconds left, extrapolated from the time spent so far. */
function secondsLeft(run) {
  const f = run.fraction;
  return f > 0.02 ? Math.round((run.ms / f - run.ms) / 1000) : null;
}

/** Writes the panel's buttons, progress bar and status for `run` (or none) in the current language. */
export function showSweep(run, t) {
  const running = !!run?.running;
  $('sweep-start').hidden = running;
  $('sweep-cancel').hidden = !running;
  $('sweep-kind').disabled = running;
  const bar = $('sweep-progress');
  bar.hidden = !run;
  if (!run) {
    $('sweep-status').textContent = t('sweep.idle');
    return;
  }
  bar.value = run.fraction;
  const { done, total } = run.progress;
  const seconds = Math.round(run.ms / 1000);
  let status;
  if (running) {
    run.tick();
    const left = secondsLeft(run);
    status = t(left == null ? 'sweep.running' : 'sweep.runningLeft', { done, total, seconds, left });
  } else if (run.cancelled) {
    status = t('sweep.cancelled', { done, total, seconds });
  } else {
    status = t('sweep.finished', { total, seconds });
  }
  $('sweep-status').textContent = status;
}
