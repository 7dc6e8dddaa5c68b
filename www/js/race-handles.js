// Each scenario's wasm glue and race handle, for the workers that train a
// race: the pool's race workers (race-worker.js) and the guided labs' seed
// workers (seed-worker.js). A race handle is made from the args its worker
// was started with: `{config}`, and for watch time the worker's share of the
// w sweep (`worker`, `workers`; none: the whole sweep), for a file its bytes.

import { GLUE } from './glue.js';

/** Each scenario's race handle, from the start message's args. */
const MAKE = {
  tasks: (glue, { config }) => new glue.Lab(config),
  funnel: (glue, { config }) => new glue.FunnelLab(config),
  watch: (glue, { config, worker, workers }) => new glue.WatchLab(config, worker, workers),
  data: (glue, { bytes, maxRows, table, config }) => glue.DataLab.fromBytes(bytes, maxRows, table, config),
};

/** Loads and starts `scenario`'s module (from `wasm`, the build the page chose, or the glue's default); resolves to its race handles' maker, `(args) => handle`. */
export async function raceMaker(scenario, wasm) {
  const glue = await GLUE[scenario]();
  await glue.default(wasm ? { module_or_path: wasm } : undefined);
  return (args) => MAKE[scenario](glue, args);
}
