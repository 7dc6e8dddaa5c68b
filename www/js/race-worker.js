// A race worker: its own instance of the lab's wasm trains some of the race's
// models on the same data, batches and seeds as every other worker, and posts
// the records it makes. It never trains past the step the page has granted,
// and applies a live change exactly at the step the page names, so every model
// of the race changes at the same step. Message passing only.
//
// Not here: which models a worker trains, the grants, or the charts (race.js).

import init, { Lab } from '../pkg/mtl_playground.js';

/** Training per slice between messages (ms). */
const SLICE_MS = 25;

let lab = null;
let epoch = 0;
let grant = 0;
let pending = []; // live changes, in order: { at, values }
let running = false;

const post = (message) => self.postMessage({ epoch, ...message });
const yieldToMessages = () => new Promise((ok) => setTimeout(ok, 0));

/** The live changes due at this step, as the page's Lab takes them (the core reads their fields). */
function applyDue() {
  while (pending.length && pending[0].at <= lab.step) lab.setLive(pending.shift().values);
}

/** Trains up to the grant, stopping at each pending change's step; posts the records. */
async function run() {
  if (running || !lab) return;
  running = true;
  try {
    while (lab && lab.step < grant) {
      applyDue();
      const stop = pending.length ? Math.min(grant, pending[0].at) : grant;
      if (stop > lab.step) lab.train(SLICE_MS, stop - lab.step);
      post({ type: 'records', batch: lab.takeRecords() });
      await yieldToMessages();
    }
    if (lab && pending.length && pending[0].at <= lab.step) {
      // paused at the grant: apply now, and say so (the measured label correlation moves)
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
      await init(data.wasm ? { module_or_path: data.wasm } : undefined);
      epoch = data.epoch;
      lab = new Lab(data.config);
      post({ type: 'records', batch: lab.takeRecords() });
      run(); // grants may have come while the wasm loaded
    } else if (data.type === 'grant') {
      grant = Math.max(grant, data.until);
      run();
    } else if (data.type === 'live') {
      pending.push({ at: data.at, values: data.values });
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
