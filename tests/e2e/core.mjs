// The core's settings table in Node, for the tests that read the page's state
// module without a browser: loads the built page module (dist/pkg, simd128 —
// Node validates either) and hands `coreParams()` to state.js's `useCore`, as
// the page does at start-up. Import it before using state.js.
import { readFile } from 'node:fs/promises';
import { useCore } from '../../www/js/state.js';

const pkg = new URL('../../dist/pkg/', import.meta.url);
const glue = await import(new URL('mtl_playground.js', pkg));
await glue.default({ module_or_path: await readFile(new URL('mtl_playground_bg.wasm', pkg)) });
useCore(glue.coreParams());

/** The page module's exports (`coreParams`, `raceConfig`, `defaultConfig`, …). */
export const core = glue;
