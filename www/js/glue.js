// Each wasm module's JS glue (scripts/build.sh builds one module per name), by
// the name the page and its workers load it under: the page's own (the
// correlated tasks, which every page starts), the sweeps', and each other
// scenario's. Each glue comes from this origin's pkg/, which the CSP's
// `script-src 'self'` allows. `query` (a retry's `?retry=1`) asks for it under
// a new URL, as the browser may remember a failed module fetch for the old one.

/** name → (query = '') → the glue module. */
export const GLUE = {
  tasks: (query = '') => import(`../pkg/mtl_playground.js${query}`),
  sweep: (query = '') => import(`../pkg/mtl_sweep.js${query}`),
  funnel: (query = '') => import(`../pkg/mtl_funnel.js${query}`),
  watch: (query = '') => import(`../pkg/mtl_watch.js${query}`),
  data: (query = '') => import(`../pkg/mtl_data.js${query}`),
};

/** The module the page itself starts at load (main.js): the correlated tasks'. */
export const PAGE_MODULE = 'tasks';
