// A guided lab's ten-seed answer: when the student presses Run, the same
// experiment (the same settings, the same script of live changes at the same
// steps, the same end) runs on the next nine seeds on a pool of seed workers,
// while the visible race trains the student's. Each seed is judged by the
// lab's own `memo` and `outcome`; the card then shows how many seeds bore out
// each choice, the medians of the lab's key figures, a dot strip of them with
// the student's seed ringed (drawn by the core), and judges the prediction
// against the seeds, not against the one run.
//
// Not here: the card itself (guided.js, which asks this module for its nodes),
// the workers (seed-runs.js, seed-worker.js), the key figures (seed-figures.js).

import { fitCanvas } from './charts.js';
import { el } from './dom.js';
import { fixed, signed } from './format.js';
import { applyLive, liveOf } from './lab.js';
import { scenarioPage } from './scenarios.js';
import { figureValues, seedFiguresOf } from './seed-figures.js';
import { SeedRuns } from './seed-runs.js';
import { seedWorkers } from './workers.js';
import { loadModule, wasmUrl } from './wasm-build.js';

/** Seeds besides the student's: nine for a ten-seed answer. */
export const OTHER_SEEDS = 9;

/** The largest seed the page takes (the core's `seed` range). */
const MAX_SEED = 99999;

/** The funnel's and the feed's seeds are slow: as many as finish within this after Run (or by the end of the
 *  visible run, if later), and at least MIN_SEEDS in all. */
export const SLOW_BUDGET_MS = 60000;
export const MIN_SEEDS = 5;

/** The `n` seeds after `seed` (`seed + 1 … seed + n`), or before it where those would pass the largest seed. */
export function otherSeeds(seed, n = OTHER_SEEDS, max = MAX_SEED) {
  const up = seed + n <= max;
  return Array.from({ length: n }, (_, i) => (up ? seed + 1 + i : seed - 1 - i)).filter((s) => s >= 0 && s <= max);
}

/** Whether lab `guide` gets a ten-seed answer: a race lab with key figures (the sweep labs answer from a sweep). */
export const hasSeedAnswer = (guide) => guide.run === 'play' && !!seedFiguresOf(guide.id);

/**
 * The script's live changes as calls on a race handle (`[{step, calls}]`):
 * what the page's own setters call (lab.js `applyLive`) for the state after
 * each change, recorded instead of made, so a worker's race takes exactly the
 * visible race's changes.
 */
export function scriptCalls(guide, state) {
  let current = state;
  let applied = liveOf(state);
  return guide.script.map(({ step, set }) => {
    const calls = [];
    const recorder = new Proxy({}, { get: (_, method) => (...args) => calls.push([method, ...args]) });
    current = { ...current, ...set };
    applied = applyLive(recorder, current, applied);
    return { step, calls };
  });
}

/** The scenario's race config for `state` at `seed`, racing only `models` if given (the ones the answer reads). */
async function configAt(state, seed, models) {
  const at = { ...state, seed };
  const config = await scenarioPage(state.scenario).configFor(at);
  config.data.seed = seed;
  if (models) config.models = config.models.filter((m) => models.includes(m));
  return config;
}


export class SeedAnswer {
  /**
   * Starts the other seeds of `guide`'s experiment for `state` (the page's
   * state at Run). `t` translates; `onChange()` hears of every seed that
   * finishes, the end and a failure (the card redraws). `workers` overrides
   * the pool's size.
   */
  constructor({ guide, state, t, onChange, workers = seedWorkers() }) {
    this.workers = workers;
    this.guide = guide;
    this.figures = seedFiguresOf(guide.id);
    this.state = state;
    this.t = t;
    this.onChange = onChange;
    this.seeds = otherSeeds(state.seed);
    this.results = new Map(); // seed → {choice, values}
    this.student = null; // {seed, choice, values}, once the visible run has finished
    this.phase = 'running'; // running → done | failed
    this.partial = false;
    this.failed = null;
    this.started = performance.now();
    this.ms = null; // Run to the last seed's answer
    this.runs = null;
    this.cancelled = false;
    this.#start().catch((err) => this.#fail(err?.message ?? err));
  }

  async #start() {
    const { state, guide } = this;
    const slow = scenarioPage(state.scenario).slowSeeds;
    const jobs = await Promise.all(this.seeds.map(async (seed) => ({ seed, config: await configAt(state, seed, this.figures.models) })));
    if (this.cancelled) return;
    this.runs = new SeedRuns(jobs, {
      scenario: state.scenario,
      wasm: wasmUrl(undefined, scenarioPage(state.scenario).module).href,
      script: scriptCalls(guide, state),
      until: guide.until,
      // while the visible race trains (in its workers), one core is its:
      // one seed worker fewer until it has finished (setStudent), so its frames stay smooth
      workers: this.student ? this.workers : Math.max(1, this.workers - 1),
      // the budget counts from Run, but cuts no seed while the visible run still trains (the answer waits for it anyway)
      budgetMs: slow ? SLOW_BUDGET_MS : Infinity,
      minSeeds: MIN_SEEDS - 1,
      held: !this.student,
      onSeed: (seed, summaries) => this.#judge(seed, summaries),
      onEnd: ({ partial }) => {
        this.partial = partial;
        this.#settle();
      },
      onFail: (message) => this.#fail(message),
    });
  }

  /** One seed's run, judged as the visible run is: the lab's memo over its summaries, then its outcome. */
  #judge(seed, summaries) {
    try {
      const memo = {};
      for (const summary of summaries) this.guide.memo?.({ summary }, memo);
      const data = { summary: summaries.at(-1), state: { ...this.state, seed } };
      this.results.set(seed, { choice: this.guide.outcome(data, memo).choice, values: figureValues(this.figures, data, memo) });
    } catch (err) {
      this.#fail(`seed ${seed}: ${err?.message ?? err}`);
      return;
    }
    this.onChange();
  }

  /** The visible run finished: its data, memo and outcome. */
  setStudent(data, memo, result) {
    this.student = { seed: this.state.seed, choice: result.choice, values: figureValues(this.figures, data, memo) };
    this.runs?.grow(this.workers); // the visible race's core is free now
    this.runs?.release();
    this.#settle();
  }

  #settle() {
    // done once the visible run has finished and the pool has ended
    if (this.phase !== 'running' || !this.student || this.runs?.running !== false) return;
    this.phase = 'done';
    this.ms = performance.now() - this.started;
    this.onChange();
  }

  #fail(message) {
    if (this.cancelled || this.failed) return;
    this.failed = String(message).slice(0, 200);
    this.phase = 'failed';
    this.runs?.cancel();
    this.onChange();
  }

  /** Ends the background runs (the lab closed, or another started). */
  cancel() {
    this.cancelled = true;
    this.runs?.cancel();
  }

  /** `{n, counts, top, entries}`: the seeds in (the student's first), the count per choice and the most borne-out choices. */
  tally() {
    const entries = [this.student, ...[...this.results].map(([seed, r]) => ({ seed, ...r }))].filter(Boolean);
    const counts = Array.from({ length: this.guide.choices }, (_, c) => entries.filter((e) => e.choice === c).length);
    // a seed whose run bore out none of the choices (an unclear run) counts apart, never towards the most
    const unclear = entries.filter((e) => e.choice === null).length;
    const most = Math.max(...counts);
    return { n: entries.length, counts, unclear, top: most > 0 ? counts.flatMap((k, c) => (k === most ? [c] : [])) : [], entries };
  }

  // --- the card's part ---------------------------------------------------------

  /** While the visible run trains: how far the other seeds are. */
  progressNodes() {
    return [el('p', { className: 'guide-seeds-progress', id: 'guide-seeds-progress' }, this.#progressText())];
  }

  #progressText() {
    const { t } = this;
    if (this.failed) return t('guide.seeds.failed', { message: this.failed });
    return t('guide.seeds.running', { done: this.results.size, others: this.seeds.length });
  }

  /**
   * The result: the verdict against the seeds, "this seed" (the lab's own
   * explanation of the student's run, `explanation`, a node) and "ten seeds".
   * `prediction` is the student's choice; `oneSeedVerdict` the card's verdict
   * from the one run, for when the other seeds failed.
   */
  resultNodes({ prediction, explanation, oneSeedVerdict }) {
    const { t, guide } = this;
    const choice = (c) => (c === null || c === undefined ? t('guide.seeds.noChoice') : t(`guide.${guide.id}.choices.${c}`));
    const seed = this.state.seed;
    const mine = el('section', { className: 'guide-this-seed', id: 'guide-this-seed', dataset: { seed: String(seed) } },
      el('h3', { textContent: t('guide.seeds.thisSeed', { seed }) }),
      explanation,
      el('p', { textContent: t('guide.seeds.bore', { seen: choice(this.student?.choice) }) }));
    if (this.failed) {
      const failed = el('p', { className: 'guide-seeds-failed', textContent: t('guide.seeds.failed', { message: this.failed }) });
      const seeds = el('section', { className: 'guide-seeds', id: 'guide-seeds', dataset: { state: 'failed' } }, failed);
      return [oneSeedVerdict, seeds, mine];
    }
    if (this.phase !== 'done') {
      const verdict = el('p', { className: 'guide-verdict guide-verdict-waiting', textContent: t('guide.seeds.waitingVerdict') });
      const seeds = el('section', { className: 'guide-seeds', id: 'guide-seeds', dataset: { state: 'running' } }, ...this.progressNodes());
      return [verdict, mine, seeds];
    }
    return [this.#verdict(prediction, choice), mine, this.#seedsPart(choice)];
  }

  /** The prediction against the seeds: agree, differ, or split when no choice won most. */
  #verdict(prediction, choice) {
    const { t } = this;
    const { n, counts, top } = this.tally();
    const vars = { yours: choice(prediction), mine: counts[prediction] ?? 0, n, k: counts[top[0]] };
    let text;
    if (top.length === 0) text = t('guide.seeds.allUnclear', vars);
    else if (top.length > 1) text = t('guide.seeds.split', { ...vars, tied: top.map((c) => `“${choice(c)}”`).join(t('guide.seeds.and')) });
    else if (top[0] === prediction) text = t('guide.seeds.agree', vars);
    else text = t('guide.seeds.differ', { ...vars, seen: choice(top[0]) });
    const p = el('p', { className: 'guide-verdict', textContent: text });
    p.dataset.verdict = top.length !== 1 ? 'split' : top[0] === prediction ? 'agree' : 'differ';
    return p;
  }

  /** "Ten seeds": k of n per choice, the medians, the strip, the odd one out and how many seeds the answer stands on. */
  #seedsPart(choice) {
    const { t } = this;
    const { n, counts, unclear, top } = this.tally();
    const list = [this.state.seed, ...this.results.keys()].sort((a, b) => a - b).join(t('guide.seeds.listSep'));
    const items = counts.map((k, c) => el('li', { textContent: t('guide.seeds.count', { choice: choice(c), k, n }), dataset: { choice: String(c), count: String(k) } }));
    if (unclear) items.push(el('li', { textContent: t('guide.seeds.count', { choice: choice(null), k: unclear, n }), dataset: { choice: 'unclear', count: String(unclear) } }));
    const part = el('section', { className: 'guide-seeds', id: 'guide-seeds', dataset: { state: 'done', seeds: String(n), ms: String(Math.round(this.ms)) } },
      el('h3', { textContent: t('guide.seeds.title', { n }) }),
      el('p', { textContent: t('guide.seeds.seedsOf', { list, others: n - 1 }) }),
      el('ul', { className: 'guide-counts' }, ...items),
      ...this.#figureLines(),
      this.#stripCanvas());
    if (top.length === 1 && this.student && this.student.choice !== top[0]) {
      part.append(el('p', { className: 'guide-odd-one', id: 'guide-odd-one', textContent: t('guide.seeds.oddOne', { seen: choice(this.student.choice), top: choice(top[0]), k: counts[top[0]], n }) }));
    }
    if (this.partial) part.append(el('p', { className: 'guide-seeds-partial', textContent: t('guide.seeds.partial', { n, seconds: Math.round(this.ms / 1000) }) }));
    return part;
  }

  /** How a figure's value is written, and its unit in this language. */
  #written(v) {
    // a difference carries its sign (a true minus), a ratio or share does not
    return this.figures.reference === 0 ? signed(v, this.figures.decimals) : fixed(v, this.figures.decimals);
  }

  #unit() {
    const unit = this.figures.unit;
    return unit === 'ratio' ? '×' : unit ? this.t(`guide.seeds.${unit}`) : '';
  }

  /** The figures' names and medians, one line each, with the student's value. */
  #figureLines() {
    const { entries } = this.tally();
    return this.figures.rows.map((row, i) => el('p', {
      className: 'guide-figure',
      textContent: this.t('guide.seeds.figure', {
        label: this.t(`guide.seeds.figures.${this.guide.id}.${row.id}`),
        median: this.#written(median(entries.map((e) => e.values[i]))),
        yours: this.#written(this.student?.values[i]),
        unit: this.#unit(),
      }),
    }));
  }

  /** The strip's data, in the core's `SeedStrip` shape. */
  strip() {
    const { entries } = this.tally();
    const colours = scenarioPage(this.state.scenario).colors();
    const figures = this.figures;
    return {
      seeds: entries.map((e) => e.seed),
      student: this.state.seed,
      rows: figures.rows.map((row, i) => ({
        label: this.t(`guide.seeds.figures.${this.guide.id}.${row.id}`),
        color: (row.model && colours[row.model]) || '',
        values: entries.map((e) => (Number.isFinite(e.values[i]) ? e.values[i] : null)),
      })),
      log: figures.log,
      reference: figures.reference,
      reference_label: this.t(`guide.seeds.figures.${this.guide.id}.reference`),
      axis: this.t(`guide.seeds.figures.${this.guide.id}.axis`),
      unit: this.#unit(),
      decimals: figures.decimals,
    };
  }

  /** The strip's canvas: its data attributes name the student's seed and every seed's figures; its label reads them out. */
  #stripCanvas() {
    const { t } = this;
    const strip = this.strip();
    const seedsOf = (row) => strip.seeds.map((seed, j) => t('guide.seeds.stripSeed', {
      seed, mark: seed === strip.student ? t('guide.seeds.yours') : '', value: this.#written(row.values[j] ?? NaN),
    })).join(t('guide.seeds.listSep'));
    const label = t('guide.seeds.stripLabel', { rows: strip.rows.map((row) => t('guide.seeds.stripRow', { label: row.label, values: seedsOf(row) })).join(t('guide.seeds.rowSep')) });
    const figures = Object.fromEntries(strip.seeds.map((seed, j) => [seed, strip.rows.map((row) => row.values[j])]));
    const canvas = el('canvas', { className: 'guide-strip', id: 'guide-strip', role: 'img', 'aria-label': label, dataset: { studentSeed: String(strip.student), figures: JSON.stringify(figures) } });
    canvas.style.height = "240px";
    return canvas;
  }

  /**
   * Draws the strip once the card is on the page (a canvas has no size
   * before), with the sweep module's `drawSeedStrip` (loaded once, when the
   * first strip is drawn: the module every page loads does not carry it).
   */
  async draw() {
    if (this.phase !== 'done' || !document.getElementById('guide-strip')) return;
    // the core's SeedStripText fields, in order
    const words = ['no_seeds', 'your_seed', 'median_of', 'median'].map((k) => this.t(`guide.seeds.chart.${k}`));
    let canvas = null;
    try {
      const { drawSeedStrip } = await loadModule('sweep');
      canvas = document.getElementById('guide-strip'); // the card may have been redrawn meanwhile
      if (!canvas || !fitCanvas(canvas)) return;
      drawSeedStrip(canvas, this.strip(), words, window.devicePixelRatio || 1);
    } catch (err) {
      (canvas ?? document.getElementById('guide-strip'))?.replaceWith(el('p', { className: 'guide-seeds-failed', textContent: String(err?.message ?? err) }));
    }
  }
}

/** The median of the finite values (NaN if none). */
export function median(values) {
  const v = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (!v.length) return NaN;
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}
