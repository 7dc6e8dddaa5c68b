// The sweeps panel: the loss-weight, trainability and correlation sweeps that
// make the papers' figures. A sweep runs in the render loop's time slices (the
// live race pauses meanwhile), shows its progress, can be cancelled (its partial
// results stay on the chart) and is drawn by Rust as results arrive.
//
// Not here: the sweep itself (src/train/sweep/) or its chart (src/plot/).

import { Sweep, defaultSweepConfig } from '../pkg/mtl_playground.js';
import { configFor } from './lab.js';
import { DEFAULT_PRESET, PRESETS } from './presets.js';

/** Training time per animation frame while a sweep runs (ms). */
export const SWEEP_BUDGET_MS = 12;

/**
 * The sweep config for the page's state: the kind's defaults (page-sized steps
 * and seeds: the correlation sweep runs the preset's steps, or the default
 * preset's for custom sizes, over ten seeds from the page's) with the page's
 * models, sizes and optimiser. Single-task networks
 * have no trade-off or gates to sweep, so they are left out; if nothing is left
 * the kind's default models race.
 */
export function sweepConfigFor(kind, state) {
  const config = defaultSweepConfig(kind);
  const race = configFor(state);
  const models = race.models.filter((m) => m !== 'single');
  if (models.length) config.base.models = models;
  config.base.sizes = race.sizes;
  config.base.optimizer.lr = race.optimizer.lr;
  config.base.batch_size = race.batch_size;
  config.base.data.train_samples = race.data.train_samples;
  if (kind === 'correlation') {
    config.seeds = config.seeds.map((_, i) => state.seed + i);
    config.steps = (PRESETS[state.preset] ?? PRESETS[DEFAULT_PRESET]).sweepSteps;
  } else {
    config.seeds = [state.seed];
    config.base.data.task_correlation = state.p;
  }
  return config;
}

/** A running (or finished, or cancelled) sweep and what the panel shows of it. */
export class SweepRun {
  constructor(kind, state) {
    this.kind = kind;
    this.sweep = new Sweep(sweepConfigFor(kind, state));
    this.progress = { done: 0, total: 1, stepsDone: 0, stepsTotal: 1, finished: false };
    this.running = true;
    this.cancelled = false;
    this.ms = 0;
  }

  /** Trains for one slice; returns the progress. */
  advance(budgetMs = SWEEP_BUDGET_MS) {
    const p = this.sweep.run(budgetMs);
    this.ms += p.msThisCall;
    this.progress = p;
    if (p.finished) this.running = false;
    return p;
  }

  cancel() {
    this.running = false;
    this.cancelled = true;
  }

  /** Share of the steps done, in [0, 1]. */
  get fraction() {
    return this.progress.stepsTotal ? this.progress.stepsDone / this.progress.stepsTotal : 0;
  }

  free() {
    this.sweep.free();
  }
}

const $ = (id) => document.getElementById(id);

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
    const left = secondsLeft(run);
    status = t(left == null ? 'sweep.running' : 'sweep.runningLeft', { done, total, seconds, left });
  } else if (run.cancelled) {
    status = t('sweep.cancelled', { done, total, seconds });
  } else {
    status = t('sweep.finished', { total, seconds });
  }
  $('sweep-status').textContent = status;
}
