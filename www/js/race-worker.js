// A race worker, for every scenario: its own instance of the scenario's wasm
// module trains some of the race's models on the same data, batches and seeds
// as every other worker, and posts the records it makes. It never trains past
// the step the page has granted, and applies a live change exactly at the
// step the page names, so every model of the race changes at the same step.
// A race that ends with a sweep (watch time's w sweep) sweeps its share of the
// weights once its steps are done. Grants, live changes and scores count the
// handle's `work` (its steps, then its sweep's), so a paused race stops its
// sweep too; while the race trains, work is its step. Message passing only.
//
// Messages in: `start` ({scenario, wasm, epoch, args}: the scenario's handle
// is made from args, see race-handles.js), `grant` ({until}), `live` ({at, values}: the
// handle's setLive), `score` ({at, which}: a race on a file's splitMetrics at
// step `at`), `reset` ({epoch}). Out: `records` ({batch}: takeRecords()),
// `scores` ({at, metrics}), `error`.
//
// Not here: which models a worker trains, the grants, or the charts (race.js).

import { raceMaker } from './race-handles.js';

/** Training per slice between messages (ms). */
const SLICE_MS = 25;

let lab = null;
let epoch = 0;
let grant = 0;
let pending = []; // live changes and scores, in order of their step: { at, values } or { at, which }
let running = false;

const post = (message) => self.postMessage({ epoch, ...message });
const yieldToMessages = () => new Promise((ok) => setTimeout(ok, 0));

/** The live changes and scores due at this step. */
function applyDue() {
  while (pending.length && pending[0].at <= lab.work) {
    const due = pending.shift();
    if (due.which) post({ type: 'scores', at: due.at, metrics: lab.splitMetrics(due.which) });
    else lab.setLive(due.values);
  }
}

/** Trains up to the grant (or the race's end), stopping at each pending step; posts the records. */
async function run() {
  if (running || !lab) return;
  running = true;
  try {
    while (lab && !lab.finished && lab.work < grant) {
      applyDue();
      const stop = pending.length ? Math.min(grant, pending[0].at) : grant;
      if (stop > lab.work) lab.train(SLICE_MS, stop - lab.work);
      post({ type: 'records', batch: lab.takeRecords() });
      await yieldToMessages();
    }
    if (lab && pending.length && pending[0].at <= lab.work) {
      // paused at the grant (or finished): apply now, and say so (the measured label correlation moves)
      applyDue();
      post({ type: 'records', batch: lab.takeRecords() });
    }
  } catch (err) {
    post({ type: 'error', message: String(err?.message ?? err).slice(0, 300) });
  } finally {
    running = false;
  }
}

self.onmessage = async ({ data }) => {
  try {
    if (data.type === 'start') {
      const make = await raceMaker(data.scenario, data.wasm);
      epoch = data.epoch;
      lab = make(data.args);
      post({ type: 'records', batch: lab.takeRecords() });
      run(); // grants may have come while the wasm loaded
    } else if (data.type === 'grant') {
      grant = Math.max(grant, data.until);
      run();
    } else if (data.type === 'live' || data.type === 'score') {
      pending.push(data);
      pending.sort((a, b) => a.at - b.at);
      run();
    } else if (data.type === 'reset') {
      epoch = data.epoch;
      grant = 0;
      pending = [];
      lab?.resetModels();
      if (lab) post({ type: 'records', batch: lab.takeRecords() });
    }
  } catch (err) {
    post({ type: 'error', message: String(err?.message ?? err).slice(0, 300) });
  }
};
