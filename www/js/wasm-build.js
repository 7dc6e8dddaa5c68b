// Which of the two wasm builds this browser loads. Both come from the same Rust
// source and share one JS glue per module (scripts/build.sh checks that); they differ only
// in the matrix kernels: `relaxed` multiplies and adds with f32x4.relaxed_madd
// (fused where the engine fuses), `simd128` with separate mul and add. The
// relaxed build is chosen when the engine validates a tiny module that uses that
// instruction; the simd128 build is the fallback.
//
// A test hook: `?build=simd128` or `?build=relaxed` in the page's query forces a
// build (relaxed only where it validates). The value is only compared against
// these two names; anything else is ignored.

import { GLUE, PAGE_MODULE } from './glue.js';

/** How each build's .wasm is named after its module, beside the module's glue in pkg/
 *  (`mtl_playground`, the page's; `mtl_sweep`, loaded with the first sweep;
 *  `mtl_funnel`, `mtl_watch` and `mtl_data`, loaded with their scenario). */
const SUFFIX = { relaxed: '_relaxed_bg.wasm', simd128: '_bg.wasm' };

/** A module with one function, `() -> v128`, whose body is
 *  `f32x4.relaxed_madd(v128.const 0, v128.const 0, v128.const 0)`. */
function probeBytes() {
  const zero = [0xfd, 0x0c, ...new Array(16).fill(0)]; // v128.const 0
  const body = [0x00, ...zero, ...zero, ...zero, 0xfd, 0x85, 0x02, 0x0b]; // no locals; …; relaxed_madd; end
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // "\0asm", version 1
    0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, // types: one, () -> v128
    0x03, 0x02, 0x01, 0x00, // functions: one, of type 0
    0x0a, body.length + 2, 0x01, body.length, ...body, // code: one body
  ]);
}

let relaxed;
/** Whether this engine validates relaxed SIMD (checked once). */
export function hasRelaxedSimd() {
  if (relaxed === undefined) {
    try {
      relaxed = WebAssembly.validate(probeBytes());
    } catch {
      relaxed = false;
    }
  }
  return relaxed;
}

/** `'relaxed'` or `'simd128'`: the build this page loads. */
export function wasmBuild() {
  const forced = new URLSearchParams(globalThis.location?.search ?? '').get('build');
  if (forced === 'simd128') return 'simd128';
  return hasRelaxedSimd() ? 'relaxed' : 'simd128';
}

/** The URL of a module's .wasm in a build (by default the one [`wasmBuild`]
 *  picks), for the glue's `init({ module_or_path })`. */
export function wasmUrl(build = wasmBuild(), module = 'mtl_playground') {
  return new URL(`../pkg/${module}${SUFFIX[build] ?? SUFFIX.simd128}`, import.meta.url);
}

/*
 * The sweeps and the funnel, watch-time and "your data" scenarios live in wasm
 * modules of their own (scripts/build.sh; their glue: glue.js), so a page that
 * opens on the correlated tasks loads only theirs: each is fetched and started
 * the first time a student runs a sweep or opens the scenario.
 */
const started = {};
/** Failed loads so far, per module: a retry asks for the glue under a new URL,
 *  as the browser may remember a failed module fetch for the old one. */
const failures = {};

/** Loads and starts the wasm module `name` (`sweep`, `funnel`, `watch` or `data`) once,
 *  in the build the page chose; resolves to its exports. Any other name (the
 *  tasks, whose module the page starts itself) resolves to undefined. A failed
 *  load (offline, say) is tried again at the next call. */
export function loadModule(name) {
  const glue = GLUE[name];
  if (!glue || name === PAGE_MODULE) return Promise.resolve();
  started[name] ??= glue(failures[name] ? `?retry=${failures[name]}` : undefined).then(async (module) => {
    await module.default({ module_or_path: wasmUrl(undefined, `mtl_${name}`) });
    return module;
  });
  started[name].catch(() => {
    failures[name] = (failures[name] ?? 0) + 1;
    delete started[name];
  });
  return started[name];
}
