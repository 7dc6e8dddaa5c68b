// From the page's state to the wasm core's config (every scenario), and the live change (setLive).
// The page keeps the core's measured defaults (design §1.1: 50,000 training
// samples, Adam lr 3e-3, batch 256); in Chromium they generate in about 150 ms
// and a step of all four models takes about 6 ms, so training shows within a
// second. Only the test rows and the recording are lighter than the CLI's.
//
// Not here: when to train (render.js) or what the controls look like.

import { RaceBook, raceConfig } from '../pkg/mtl_playground.js';
import { RacePool } from './race.js';
import { PROPS, coreValues, inScenario } from './state.js';
import { loadModule, wasmUrl } from './wasm-build.js';

/** Fixed page settings (not controls): enough test rows for a steady curve. */
export const PAGE_FIXED = {
  testSamples: 4096,
  evalSamples: 1024,
  recordEvery: 20,
};

/** The RaceConfig (as the core reads it) for a page state: the core builds it
 *  from the page's settings (src/train/params/), then the page's fixed rows. */
export function configFor(state) {
  const config = raceConfig(coreValues(state, 'tasks'));
  config.data.test_samples = PAGE_FIXED.testSamples;
  config.record_every = PAGE_FIXED.recordEvery;
  config.eval_samples = PAGE_FIXED.evalSamples;
  return config;
}

/** `config` with only the models at `indices` (a worker's share of the race). */
const someModels = (config, indices) => ({ ...config, models: indices.map((i) => config.models[i]) });

/**
 * A race of `config` (the correlated tasks') on a pool of race workers
 * (`options`: `workers`, `onRecords`, and `wasm`, by default the build this
 * page loaded); throws the core's Error (naming the field) if refused.
 */
export function tasksPool(config, { workers, onRecords, wasm = wasmUrl().href } = {}) {
  const book = new RaceBook(config); // validates the config before any worker starts
  const argsFor = (indices) => ({ config: someModels(config, indices) });
  return new RacePool({ scenario: 'tasks', book, models: config.models.length, argsFor, wasm, workers, onRecords });
}

/** A new race for `state` on a pool of race workers (`options` as tasksPool takes them). */
export function buildLab(state, options) {
  return tasksPool(configFor(state), options);
}

/** The settings a running lab of `state`'s scenario takes without a restart (the core's `live` ones; the funnel has none). */
const liveKeys = (state) => PROPS.filter((p) => p.apply === 'live' && inScenario(p, state.scenario)).map((p) => p.name);

/** The live settings of `state`, to remember what the lab runs with. */
export const liveOf = (state) => Object.fromEntries(liveKeys(state).map((key) => [key, state[key]]));

/** Whether the lab runs with `state`'s live settings already. */
export const liveApplied = (state, applied) => liveKeys(state).every((key) => applied[key] === state[key]);

/**
 * Hands the lab `state`'s live settings when any differ from what it runs
 * with: one call, `setLive(values)` with the page's values by name, which the
 * core applies through its settings table (`params::live_config`); the lab,
 * the pool and its workers forward it without knowing its fields. Returns
 * what the lab now runs with.
 */
export function applyLive(lab, state, applied) {
  const live = liveOf(state);
  if (!liveApplied(state, applied)) lab.setLive(live);
  return live;
}

/** Fixed funnel page settings: the test rows scored at each record (fewer than the CLI's 200,000 generated). */
export const FUNNEL_PAGE_FIXED = {
  testSamples: 20000,
};

/** The FunnelRaceConfig for a page state: the core's reference funnel with the page's settings. */
export async function funnelConfigFor(state) {
  const config = (await loadModule('funnel')).funnelConfig(coreValues(state, 'funnel'));
  config.data.test_samples = FUNNEL_PAGE_FIXED.testSamples;
  config.eval_samples = Math.min(config.eval_samples, FUNNEL_PAGE_FIXED.testSamples);
  return config;
}

/** The book of each scenario whose race trains in its own module. */
const BOOKS = { funnel: 'FunnelBook', watch: 'WatchBook' };

/**
 * A race of `config` (`scenario`'s: funnel or watch) on a pool of race
 * workers (loading its module first; `options` as tasksPool takes them).
 * Each worker gets its share of the models, and of watch time's w sweep,
 * which it runs once the race is done. Rejects with the core's Error if refused.
 */
export async function scenarioPool(scenario, config, { workers, onRecords } = {}) {
  const module = await loadModule(scenario);
  const book = new module[BOOKS[scenario]](config);
  const argsFor = (indices, worker, groups) => ({ config: someModels(config, indices), worker, workers: groups.length });
  const wasm = wasmUrl(undefined, `mtl_${scenario}`).href;
  return new RacePool({ scenario, book, models: config.models.length, argsFor, wasm, workers, onRecords });
}

/** A new funnel race for `state` on a pool of race workers. */
export async function buildFunnelLab(state, options) {
  return scenarioPool('funnel', await funnelConfigFor(state), options);
}

/** The WatchRaceConfig for a page state: the core's clickbait feed with the page's settings. */
export async function watchConfigFor(state) {
  return (await loadModule('watch')).watchConfig(coreValues(state, 'watch'));
}

/** A new watch-time race for `state` on a pool of race workers. */
export async function buildWatchLab(state, options) {
  return scenarioPool('watch', await watchConfigFor(state), options);
}
