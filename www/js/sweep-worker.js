// A sweep worker: its own instance of the sweep module's wasm runs the groups of jobs
// the page deals it (jobs that share their data), one group at a time, off the
// page's thread, posting its progress and each finished job's result. Message
// passing only, no SharedArrayBuffer: course pages embed the lab in iframes and
// cannot promise cross-origin isolation.
//
// Messages in: `{type: 'start', config, wasm, indices}` once, then
// `{type: 'group', indices}` after each group. Out: `progress` (the group's
// steps so far), `results` (jobs of the group as they finish) and `group-done`
// (the worker then waits for the next), or `error`.
//
// Not here: dealing the jobs, gathering the results or drawing (sweep.js).

import init, { Sweep } from '../pkg/mtl_sweep.js';

/** Work between two messages (ms): progress stays live, messages stay few. */
const SLICE_MS = 60;

let config = null;

/** Trains the jobs at `indices` (one data set) to their end, posting progress and results. */
function runGroup(indices) {
  const sweep = Sweep.forJobs(config, Uint32Array.from(indices));
  try {
    let posted = 0;
    for (;;) {
      const p = sweep.run(SLICE_MS);
      if (p.done > posted) {
        self.postMessage({ type: 'results', indices: indices.slice(posted, p.done), results: sweep.resultsFrom(posted) });
        posted = p.done;
      }
      self.postMessage({ type: 'progress', stepsDone: p.steps_done });
      if (p.finished) break;
    }
  } finally {
    sweep.free();
  }
  self.postMessage({ type: 'group-done' });
}

self.onmessage = async ({ data }) => {
  try {
    if (data?.type === 'start') {
      await init(data.wasm ? { module_or_path: data.wasm } : undefined);
      config = data.config;
      runGroup(data.indices);
    } else if (data?.type === 'group' && config) {
      runGroup(data.indices);
    }
  } catch (err) {
    self.postMessage({ type: 'error', message: String(err?.message ?? err).slice(0, 300) });
  }
};
