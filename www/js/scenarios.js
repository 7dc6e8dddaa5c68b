// Each scenario as the page knows it, in one table: how its race is built, how
// its summary shows, what its guided labs' seed runs need, and the few ways its
// race differs from the correlated tasks'. The core declares the rest (its
// settings, charts and record columns: state.js reads them from coreParams()).
// A scenario added to the page is a row here, its readouts and its config in lab.js.
//
// Not here: a scenario's panels (index.html, and panels.js from the core's
// chart registry), its words (i18n/), its wasm module's loading (wasm-build.js).

import { funnelModelColors, modelColors, watchModelColors } from '../pkg/mtl_playground.js';
import { showDataSummary, taskWords } from './data-readouts.js';
import { buildFunnelLab, buildLab, buildWatchLab, configFor, funnelConfigFor, watchConfigFor } from './lab.js';
import { showFunnelSummary, showPresetInfo, showSummary, showWatchSummary } from './readouts.js';

/**
 * @typedef {object} ScenarioPage
 * @property {string} module the wasm module its race and seed workers load (wasm-build.js)
 * @property {(state: object, options: {workers: number, onRecords: () => void, data: object}) => Promise<import('./race.js').Race|null>} build
 *   its race for a state, in workers; null while it has none to run ("your data" without a
 *   file or before Train: the data panel, `options.data`, says why)
 * @property {boolean} resetsInPlace Reset gives new models on the same data (otherwise the
 *   race is built again: the funnel and the feed are generated again with their models)
 * @property {string} finishedWords the status line's words once its race is done
 * @property {(summary: object, t: Function, colors: object, state: object) => void} show its tables, lesson and readouts
 * @property {boolean} scoresTest its models are scored on a held-out test split at the race's end and on request
 * @property {(text: object, state: object, t: Function) => object} chartWords the words its charts are drawn with
 * @property {((state: object) => object|Promise<object>)|null} configFor its race config, for a guided lab's seed runs (none: no guided lab)
 * @property {() => object} colors each model's colour, by id
 * @property {boolean} slowSeeds its seed runs take minutes (seed-answer.js answers from those done within its budget)
 */

/** @type {Record<string, ScenarioPage>} */
export const SCENARIO_PAGES = {
  tasks: {
    module: 'mtl_playground',
    build: buildLab,
    resetsInPlace: true,
    finishedWords: 'status.finished',
    show(summary, t, colors, state) {
      showSummary(summary, t, colors);
      showPresetInfo(state, summary, t);
    },
    scoresTest: false,
    chartWords: (text) => text,
    configFor,
    colors: modelColors,
    slowSeeds: false,
  },
  funnel: {
    module: 'mtl_funnel',
    build: buildFunnelLab,
    resetsInPlace: false,
    finishedWords: 'status.finished',
    show: showFunnelSummary,
    scoresTest: false,
    chartWords: (text) => text,
    configFor: funnelConfigFor,
    colors: funnelModelColors,
    slowSeeds: true,
  },
  watch: {
    module: 'mtl_watch',
    build: buildWatchLab,
    resetsInPlace: false,
    finishedWords: 'status.watchFinished',
    show: (summary, t, colors) => showWatchSummary(summary, t, colors),
    scoresTest: false,
    chartWords: (text) => text,
    configFor: watchConfigFor,
    colors: watchModelColors,
    slowSeeds: true,
  },
  data: {
    module: 'mtl_data',
    build: (state, { data, ...options }) => data.build(state, options),
    resetsInPlace: false,
    finishedWords: 'status.dataFinished',
    show: showDataSummary,
    scoresTest: true,
    // a file's race: its tasks are its labels, its loss the validation BCE
    chartWords: (text, state, t) => ({ ...text, ...taskWords(state, true), test_loss: t('data.chartLoss') }),
    configFor: null,
    colors: modelColors,
    slowSeeds: false,
  },
};

/** The page's row for `scenario`. */
export const scenarioPage = (scenario) => SCENARIO_PAGES[scenario];
