// "Your data"'s race: the page's settings turned into the core's table
// settings and race config, and its race on a pool of race workers (the
// mtl_data module's DataLab in each, its DataBook on the page), wrapped so
// the render loop and the lifecycle drive it as any other race: it takes the
// live loss weight and learning rate, and stops at DATA_STEPS (the README's
// census table is measured there).
//
// Not here: the file and its columns (data-panel.js), what the race shows
// (data-readouts.js), the drawing (the wasm core's DataChart).

import { liveConfig, raceConfig } from '../pkg/mtl_playground.js';
import { RacePool } from './race.js';
import { OP_SIGNS, dataValues } from './state.js';
import { wasmUrl } from './wasm-build.js';

/** Steps a race on a file runs: 500 batches of 256 are about 30 epochs of the sample's 4,200 training rows. */
export const DATA_STEPS = 500;
/** Steps between recorded points (one press of the step button). */
const RECORD_EVERY = 20;

/** The two tasks' label settings in `state`: `[{column, op, value}, …]` as the core's LabelSpec. */
export const labelsOf = (state) => ['A', 'B'].map((task) => ({ column: state[`label${task}`], op: state[`op${task}`], value: state[`value${task}`] }));

/** A label as the page writes it: `income = 50000+.` (the value's outer spaces trimmed for reading only). */
export const labelText = ({ column, op, value }) => `${column} ${OP_SIGNS[op] ?? op} ${String(value).trim()}`;

/**
 * The core's TableConfig and RaceConfig for `state` (`{table, race}`): the
 * split, the labels and the excluded columns (which name the file's columns);
 * the correlated tasks' models, sizes, weights, lr and batch. The seed splits
 * the rows and seeds the models and the batches.
 */
export function dataConfigsFor(state) {
  const { table, race } = dataValues(state);
  const config = raceConfig(race);
  config.record_every = RECORD_EVERY;
  return { table: { ...table, labels: labelsOf(state), exclude: [...state.exclude] }, race: config };
}

/** A race on a file on a pool of race workers (each reads the file itself), as the lifecycle drives a race. */
export class DataRace {
  #pool;
  #race; // the race config, with the live changes made

  /**
   * `module` is the loaded mtl_data module, `file` the page's DataFile of
   * `bytes`; `options` as RacePool takes them (`workers`, `onRecords`).
   * Throws the core's `{code, params, message}` for settings the file cannot take.
   */
  constructor(module, file, bytes, state, { workers, onRecords } = {}) {
    const { table, race } = dataConfigsFor(state);
    const book = new module.DataBook(file, table, race); // the file's problems throw here, before any worker starts
    const argsFor = (indices) => ({ bytes, table, config: { ...race, models: indices.map((i) => race.models[i]) } });
    const wasm = wasmUrl(undefined, 'mtl_data').href;
    this.#pool = new RacePool({ scenario: 'data', book, models: race.models.length, argsFor, wasm, workers, onRecords, maxStep: DATA_STEPS });
    this.#race = race;
  }

  /** Lets the workers train (never past DATA_STEPS); the summary says `finished` at the end. */
  train(budgetMs, maxSteps) {
    return this.#mark(this.#pool.train(budgetMs, maxSteps));
  }

  summary() {
    return this.#mark(this.#pool.summary());
  }

  history() {
    return this.#pool.history();
  }

  #mark(summary) {
    summary.finished = summary.step >= DATA_STEPS;
    summary.steps_total = DATA_STEPS;
    return summary;
  }

  /** Every model's loss and AUC on the whole `which` split (`test` or `validation`), scored by the workers: resolves to `{step, metrics}`. */
  splitMetrics(which) {
    return this.#pool.splitMetrics(which);
  }

  /** A live change, `{w, lr}` as the page holds them: the page's module sets them on the config through its settings table, the workers' data module takes it. */
  setLive(values) {
    const race = liveConfig('data', this.#race, values);
    this.#pool.setLive(race);
    this.#race = race;
  }

  drawChart(id, canvas, text, pixelRatio) {
    this.#pool.drawChart(id, canvas, text, pixelRatio);
  }

  readout(...args) {
    return this.#pool.readout(...args);
  }

  free() {
    this.#pool.free();
  }
}
