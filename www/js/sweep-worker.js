// A sweep worker: its own instance of the lab's wasm runs the jobs the page
// deals it, one at a time, off the page's thread, posting its progress and each
// finished job's result. Message passing only, no SharedArrayBuffer: course
// pages embed the lab in iframes and cannot promise cross-origin isolation.
//
// Messages in: `{type: 'start', config, wasm, index}` once, then
// `{type: 'job', index}` after each result. Out: `progress` (the current job's
// steps), `result` (one job's, after which the worker waits for the next) and
// `error`.
//
// Not here: dealing the jobs, gathering the results or drawing (sweep.js).

import init, { Sweep } from '../pkg/mtl_playground.js';

/** Work between two messages (ms): progress stays live, messages stay few. */
const SLICE_MS = 60;

let config = null;

/** Trains job `index` of the sweep to its end, posting progress, then its result. */
function runJob(index) {
  const sweep = Sweep.forJobs(config, Uint32Array.of(index));
  try {
    for (;;) {
      const p = sweep.run(SLICE_MS);
      self.postMessage({ type: 'progress', stepsDone: p.stepsDone });
      if (p.finished) break;
    }
    self.postMessage({ type: 'result', index, results: sweep.resultsFrom(0) });
  } finally {
    sweep.free();
  }
}

self.onmessage = async ({ data }) => {
  try {
    if (data?.type === 'start') {
      await init(data.wasm ? { module_or_path: data.wasm } : undefined);
      config = data.config;
      runJob(data.index);
    } else if (data?.type === 'job' && config) {
      runJob(data.index);
    }
  } catch (err) {
    self.postMessage({ type: 'error', message: String(err?.message ?? err).slice(0, 300) });
  }
};
