// From the page's state to the wasm core's config (every scenario), and the live setters.
// The page keeps the core's measured defaults (design §1.1: 50,000 training
// samples, Adam lr 3e-3, batch 256); in Chromium they generate in about 150 ms
// and a step of all four models takes about 6 ms, so training shows within a
// second. Only the test rows and the recording are lighter than the CLI's.
//
// Not here: when to train (render.js) or what the controls look like.

import { defaultConfig } from '../pkg/mtl_playground.js';
import { RacePool } from './race.js';
import { SIZE_PROPS, presetOrDefault } from './state.js';
import { loadModule } from './wasm-build.js';

/** Fixed page settings (not controls): enough test rows for a steady curve. */
export const PAGE_FIXED = {
  testSamples: 4096,
  evalSamples: 1024,
  recordEvery: 20,
};

/** The RaceConfig (snake_case, as the core reads it) for a page state. */
export function configFor(state) {
  const config = defaultConfig();
  config.data.task_correlation = state.p;
  config.data.train_samples = state.samples;
  config.data.test_samples = PAGE_FIXED.testSamples;
  config.data.seed = state.seed;
  config.models = [...state.models];
  // the preset's sizes (task/shared experts and PLE levels too), then the controls'
  Object.assign(config.sizes, presetOrDefault(state.preset).sizes);
  for (const [prop, field] of Object.entries(SIZE_PROPS)) config.sizes[field] = state[prop];
  // single-task networks are as wide as the shared bottom: the same capacity per task
  config.sizes.single_units = state.bottomUnits;
  config.optimizer.lr = state.lr;
  config.batch_size = state.batch;
  config.loss_weights = lossWeights(state.w);
  config.weighting = weightingFor(state);
  config.record_every = PAGE_FIXED.recordEvery;
  config.eval_samples = PAGE_FIXED.evalSamples;
  return config;
}

/** The slider's w ∈ [0, 1] as the two tasks' weights [w, 1 − w]. */
export function lossWeights(w) {
  return [Number(w.toFixed(4)), Number((1 - w).toFixed(4))];
}

/**
 * A new race for `state` on a pool of race workers (`options` as RacePool
 * takes them); throws the core's Error (naming the field) if refused.
 */
export function buildLab(state, options) {
  return new RacePool(configFor(state), options);
}

/** The core's weighting config for the page's strategy (GradNorm with the α slider). */
export function weightingFor(state) {
  if (state.weighting === 'gradnorm') return { kind: 'grad_norm', alpha: state.alpha };
  return { kind: state.weighting };
}

/** The settings a running lab takes without a restart, per scenario (the funnel has none). */
export const LIVE_KEYS = { tasks: ['p', 'w', 'lr', 'weighting', 'alpha'], funnel: [], watch: ['clickWeight'] };

const liveKeys = (state) => LIVE_KEYS[state.scenario] ?? [];

/** The live settings of `state`, to remember what the lab runs with. */
export const liveOf = (state) => Object.fromEntries(liveKeys(state).map((key) => [key, state[key]]));

/** Whether the lab runs with `state`'s live settings already. */
export const liveApplied = (state, applied) => liveKeys(state).every((key) => applied[key] === state[key]);

/** Applies the live settings that differ from what the lab runs with. */
export function applyLive(lab, state, applied) {
  if (state.scenario === 'watch') {
    lab.setClickWeight(state.clickWeight);
    return liveOf(state);
  }
  if (applied.p !== state.p) lab.setTaskCorrelation(state.p);
  if (applied.w !== state.w) {
    const [a, b] = lossWeights(state.w);
    lab.setLossWeights(a, b);
  }
  if (applied.lr !== state.lr) lab.setLearningRate(state.lr);
  const gradNorm = state.weighting === 'gradnorm';
  if (applied.weighting !== state.weighting || (gradNorm && applied.alpha !== state.alpha)) {
    lab.setWeighting(weightingFor(state));
  }
  return liveOf(state);
}

/** Fixed funnel page settings: the test rows scored at each record (fewer than the CLI's 200,000 generated). */
export const FUNNEL_PAGE_FIXED = {
  testSamples: 20000,
};

/** The FunnelRaceConfig (snake_case) for a page state: the reference funnel with the page's knobs. */
export async function funnelConfigFor(state) {
  const config = (await loadModule('funnel')).defaultFunnelConfig();
  config.data.selection_bias = state.selection;
  config.data.propensity_correlation = state.rho;
  config.data.ctr = state.ctr;
  config.data.cvr = state.cvr;
  config.data.items = state.items;
  config.data.seed = state.seed;
  config.data.test_samples = FUNNEL_PAGE_FIXED.testSamples;
  config.eval_samples = Math.min(config.eval_samples, FUNNEL_PAGE_FIXED.testSamples);
  config.models = [...state.funnelModels];
  return config;
}

/** A new funnel race for `state` (loading the funnel module first); rejects with the core's Error if refused. */
export async function buildFunnelLab(state) {
  const { FunnelLab } = await loadModule('funnel');
  return new FunnelLab(await funnelConfigFor(state));
}

/** The WatchRaceConfig (snake_case) for a page state: the core's clickbait feed with the page's knobs. */
export async function watchConfigFor(state) {
  const config = (await loadModule('watch')).defaultWatchConfig();
  config.data.appeal_quality_correlation = state.appealQuality;
  config.data.ctr = state.clickRate;
  config.data.seed = state.seed;
  config.click_weight = state.clickWeight;
  config.models = [...state.watchModels];
  return config;
}

/** A new watch-time race for `state` (loading the watch module first); rejects with the core's Error if refused. */
export async function buildWatchLab(state) {
  const { WatchLab } = await loadModule('watch');
  return new WatchLab(await watchConfigFor(state));
}
