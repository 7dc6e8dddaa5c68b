// The render loop: train in time-budgeted slices from requestAnimationFrame
// and redraw at a throttled rate, so input is never blocked for long and the
// charts stay live. Drawing is throttled; training is not.

/** Training time per animation frame (ms). A step that takes longer still runs once. */
export const TRAIN_BUDGET_MS = 10;
/** Minimum time between chart redraws (ms): 12.5 Hz. */
export const DRAW_INTERVAL_MS = 80;
/** Steps a "step" button press trains: one recorded point. */
export const STEP_BUTTON_STEPS = 20;

/**
 * Runs forever. `app` supplies `lab`, `playing`, `stepsOwed`, `sweepRun` and
 * callbacks: `beforeTrain()` applies pending live settings, `afterTrain(summary)`
 * reads the result, `draw()` redraws what is dirty (`needsDraw`: the race;
 * `sweepDirty`: the sweep panel). A running sweep trains in its workers, and
 * the live race waits for it.
 */
export function startLoop(app) {
  let lastDraw = -Infinity;
  const frame = (now) => {
    try {
      if (app.lab && !app.sweepRun?.running) {
        app.beforeTrain();
        const want = app.playing ? 1e6 : app.stepsOwed;
        if (want > 0 && !app.allDiverged && !app.finished) {
          const summary = app.lab.train(TRAIN_BUDGET_MS, Math.min(want, 1e6));
          if (!app.playing) app.stepsOwed = Math.max(0, app.stepsOwed - summary.steps_this_call);
          app.afterTrain(summary);
          app.recordsArrived = false;
        } else if (app.recordsArrived) {
          // paused, or a reset: the workers' last records still need reading
          app.recordsArrived = false;
          app.afterTrain(app.lab.summary());
        }
      }
      if (app.lab && (app.needsDraw || app.sweepDirty) && now - lastDraw >= DRAW_INTERVAL_MS) {
        lastDraw = now;
        app.draw();
      }
      app.drawSome(); // this round's charts, a few per frame
    } catch (err) {
      app.fail(err);
    }
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}
