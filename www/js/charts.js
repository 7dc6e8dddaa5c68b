// The chart panels of each scenario: fits each canvas to its CSS size ×
// devicePixelRatio and asks the wasm core to draw into it with the current
// language's words. Drawing is Rust's (plotters); this module only decides
// where and when.

/** Per scenario: the panel, the lab's draw method, and the dictionary part with its words. */
export const CHARTS = {
  tasks: [
    { panel: 'losses', draw: 'drawLosses' },
    { panel: 'gates', draw: 'drawGates' },
    { panel: 'seesaw', draw: 'drawSeesaw' },
    { panel: 'conflict', draw: 'drawConflict' },
    { panel: 'weights', draw: 'drawWeights' },
  ],
  funnel: [
    { panel: 'funnel', draw: 'drawFunnel' },
    { panel: 'cvrAuc', draw: 'drawCvrAuc' },
    { panel: 'calibration', draw: 'drawCalibration' },
  ],
  watch: [
    { panel: 'watchTradeoff', draw: 'drawTradeoff' },
    { panel: 'watchOdds', draw: 'drawOdds' },
    { panel: 'watchWeights', draw: 'drawWeightSweep' },
  ],
};

/** The dictionary key holding each scenario's chart words (ChartText / FunnelChartText / WatchChartText in Rust). */
export const CHART_TEXT = { tasks: 'chart', funnel: 'funnelChart', watch: 'watchChart' };

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
export const chartsToDraw = (scenario, panels) => CHARTS[scenario].filter((chart) => panels.includes(chart.panel));

/**
 * Draws charts from the front of `queue` (as `chartsToDraw` gives them) with
 * the words of dictionary `dict` until `budgetMs` has passed, at least one, so
 * that a redraw round is spread over frames and no frame spends long drawing.
 * Removes what it drew; returns the first drawing error's message, or null.
 */
export function drawQueued(queue, lab, dict, scenario, budgetMs = DRAW_BUDGET_MS) {
  let failure = null;
  const text = dict[CHART_TEXT[scenario]];
  const start = performance.now();
  // the first chart always draws: the clock has not moved yet
  while (queue.length && performance.now() - start < budgetMs) {
    const chart = queue.shift();
    const canvas = document.getElementById(`chart-${chart.panel}`);
    if (!canvas || !fitCanvas(canvas)) continue;
    try {
      lab[chart.draw](canvas, text, window.devicePixelRatio || 1);
    } catch (err) {
      failure ??= `${chart.panel}: ${err?.message ?? err}`;
    }
  }
  return failure;
}
