// A seed worker: one more seed of a guided lab's experiment, off the page's
// thread. Its own instance of the scenario's wasm module (the one the visible
// race uses: the tasks' mtl_playground, mtl_funnel or mtl_watch) builds that
// scenario's race from the page's config for the seed it is dealt, trains it
// in slices, makes the lab's script's live changes at their steps, and posts
// the summaries the lab's `memo` and `outcome` read: the one just before each
// scripted step and the last. Then it waits for the next seed. Message passing
// only, no SharedArrayBuffer.
//
// Messages in: `{type: 'start', scenario, wasm}` once, then `{type: 'seed',
// seed, config, script, until}` per seed, where `script` is `[{step, calls}]`
// and each call `[method, ...args]` on the race handle (what the page's live
// setters would call). Out: `summary` and `done` (`{seed, summary}`), `error`.
//
// Not here: which seeds run, or how a seed's run is judged (seed-runs.js,
// seed-answer.js).

import { raceMaker } from './race-handles.js';

/** Training per slice (ms): long enough that posting costs nothing, short enough to stop promptly. */
const SLICE_MS = 100;

let make = null; // the scenario's race handle from its args
let ready = null; // the module's start: a seed dealt meanwhile waits for it

/** The race has nothing left to train for the question: the funnel's models all stopped, the feed's race ended. */
const ended = (summary) => summary.finished || summary.race_finished;

/** Trains `lab` up to `step` (or until it ends); returns its last summary. */
function trainTo(lab, step, summary) {
  while (summary.step < step && !ended(summary)) {
    summary = lab.train(SLICE_MS, Math.min(step - summary.step, 2 ** 31));
  }
  return summary;
}

/** One seed's run: the script's changes at their steps, the summaries before them and the last. */
function runSeed({ seed, config, script, until }) {
  const lab = make({ config });
  try {
    let summary = lab.summary();
    for (const { step, calls } of script) {
      summary = trainTo(lab, step - 1, summary);
      self.postMessage({ type: 'summary', seed, summary });
      summary = trainTo(lab, step, summary);
      for (const [method, ...args] of calls) lab[method](...args);
    }
    summary = trainTo(lab, until, summary);
    self.postMessage({ type: 'done', seed, summary });
  } finally {
    lab.free();
  }
}

self.onmessage = async ({ data }) => {
  try {
    if (data?.type === 'start') {
      ready = raceMaker(data.scenario, data.wasm).then((maker) => (make = maker));
      await ready;
    } else if (data?.type === 'seed') {
      await ready;
      runSeed(data);
    }
  } catch (err) {
    self.postMessage({ type: 'error', seed: data?.seed, message: String(err?.message ?? err).slice(0, 300) });
  }
};
