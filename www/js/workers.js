// How many Web Workers the page's pools start, from the cores the browser
// reports (2 if it says nothing), at most 16: the race and the sweeps leave
// one core for the page itself; the ten-seed answers' pool, which runs while
// the visible race waits or is nearly done, takes one per core.
//
// Not here: the pools (race.js, sweep.js, seed-runs.js).

const cores = () => navigator.hardwareConcurrency || 2;

/** The workers the race and the sweeps use by default (the URL's `workers`): one core left for the page. */
export const defaultWorkers = () => Math.max(1, Math.min(16, cores() - 1));

/** How many seed workers a page runs: one per core. */
export const seedWorkers = () => Math.max(1, Math.min(16, cores()));
