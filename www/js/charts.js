// The chart panels of each scenario: fits each canvas to its CSS size ×
// devicePixelRatio and asks the wasm core to draw into it with the current
// language's words. Drawing is Rust's (plotters); this module only decides
// where and when. Which charts a scenario has, and the words they take, is the
// core's chart registry (src/plot/charts.rs), read through state.js.

import { chartsOf } from './state.js';

/** Sizes the backing store to the displayed size; false if not displayed. */
export function fitCanvas(canvas) {
  const rect = canvas.getBoundingClientRect();
  if (rect.width < 1 || rect.height < 1) return false;
  const dpr = window.devicePixelRatio || 1;
  const width = Math.round(rect.width * dpr);
  const height = Math.round(rect.height * dpr);
  // Assigning a size clears the canvas, so only when it changed.
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
  return true;
}

/** Drawing time per animation frame (ms): a frame draws charts until it has spent this (at least one). */
export const DRAW_BUDGET_MS = 8;

/** The charts of `scenario` shown in `panels`, in page order: one redraw round. */
export const chartsToDraw = (scenario, panels) => chartsOf(scenario).charts.filter((id) => panels.includes(id));

/**
 * Draws charts (by id, on the lab's `drawChart`) from the front of `queue` (as `chartsToDraw` gives them) with
 * the chart words `text` (the dictionary's entry the registry names) until `budgetMs` has passed, at least one, so
 * that a redraw round is spread over frames and no frame spends long drawing.
 * Removes what it drew; returns the first drawing error's message, or null.
 */
export function drawQueued(queue, lab, text, budgetMs = DRAW_BUDGET_MS) {
  let failure = null;
  const start = performance.now();
  // the first chart always draws: the clock has not moved yet
  while (queue.length && performance.now() - start < budgetMs) {
    const id = queue.shift();
    const canvas = document.getElementById(`chart-${id}`);
    if (!canvas || !fitCanvas(canvas)) continue;
    try {
      lab.drawChart(id, canvas, text, window.devicePixelRatio || 1);
    } catch (err) {
      failure ??= `${id}: ${err?.message ?? err}`;
    }
  }
  return failure;
}
