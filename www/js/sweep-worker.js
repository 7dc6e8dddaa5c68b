// A sweep worker: its own instance of the lab's wasm runs one block of a
// sweep's jobs off the page's thread, posting its progress and each finished
// job's result. Message passing only, no SharedArrayBuffer: course pages embed
// the lab in iframes and cannot promise cross-origin isolation.
//
// Not here: splitting the jobs, gathering the results or drawing (sweep.js).

import init, { Sweep } from '../pkg/mtl_playground.js';

/** Work between two messages (ms): progress stays live, messages stay few. */
const SLICE_MS = 60;

self.onmessage = async ({ data }) => {
  if (data?.type !== 'start') return;
  try {
    await init(data.wasm ? { module_or_path: data.wasm } : undefined);
    const sweep = Sweep.forJobs(data.config, Uint32Array.from(data.indices));
    let posted = 0;
    for (;;) {
      const p = sweep.run(SLICE_MS);
      if (p.done > posted) {
        self.postMessage({ type: 'results', indices: data.indices.slice(posted, p.done), results: sweep.resultsFrom(posted) });
        posted = p.done;
      }
      self.postMessage({ type: 'progress', stepsDone: p.stepsDone });
      if (p.finished) break;
    }
    self.postMessage({ type: 'finished' });
  } catch (err) {
    self.postMessage({ type: 'error', message: String(err?.message ?? err).slice(0, 300) });
  }
};
