// The render loop: train in time-budgeted slices from requestAnimationFrame
// and redraw at a throttled rate, so input is never blocked for long and the
// charts stay live. Drawing is throttled; training is not.
//
// Not here: any state. The loop keeps only its clock; what to train, what a
// slice's summary means and what to draw it asks of and tells the page
// through the hooks it is started with.

/** Training time per animation frame (ms). A step that takes longer still runs once. */
export const TRAIN_BUDGET_MS = 10;
/** Minimum time between chart redraws (ms): 12.5 Hz. */
export const DRAW_INTERVAL_MS = 80;
/** Steps a "step" button press trains: one recorded point. */
export const STEP_BUTTON_STEPS = 20;
/** Most steps one slice may ask for (a slice stops at its time budget long before). */
const MAX_STEPS = 1e6;

/**
 * Runs forever, each frame asking `hooks`:
 * - `lab()`: the race to train now, or null (none yet, or a sweep has the time);
 * - `applyLive()`: hand the race the live settings that moved;
 * - `wanted()`: steps to train now (0: none; the race is paused or halted);
 * - `trained(summary)`: what a slice of training ended with;
 * - `takeRecords()`: whether the race's workers sent records since it was last asked;
 * - `summarised(summary)`: a summary read without training (the records that came in);
 * - `due()`: whether anything needs redrawing; `draw()` redraws it (at most every
 *   DRAW_INTERVAL_MS); `drawSome()` draws a few of the round's charts, every frame;
 * - `fail(err)`: a frame threw.
 */
export function startLoop(hooks) {
  let lastDraw = -Infinity;
  const frame = (now) => {
    try {
      const lab = hooks.lab();
      if (lab) {
        hooks.applyLive();
        const want = hooks.wanted();
        if (want > 0) {
          const summary = lab.train(TRAIN_BUDGET_MS, Math.min(want, MAX_STEPS));
          hooks.takeRecords(); // the slice's summary holds them
          hooks.trained(summary);
        } else if (hooks.takeRecords()) {
          // paused, or a reset: the workers' last records still need reading
          hooks.summarised(lab.summary());
        }
      }
      if (hooks.due() && now - lastDraw >= DRAW_INTERVAL_MS) {
        lastDraw = now;
        hooks.draw();
      }
      hooks.drawSome(); // this round's charts, a few per frame
    } catch (err) {
      hooks.fail(err);
    }
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}
