// Each guided lab's key figures: the numbers its answer rests on, read from a
// run's data (`{summary, state}`, as the lab's `outcome` takes it) and the
// lab's memo, for the ten-seed medians and dot strip. They read the same
// summaries as the lab's outcome, so the strip shows what decided each seed.
// Kept beside guided.js rather than in it, keyed by lab id, so the labs'
// words, order and thresholds can change without touching this file.
//
// Not here: the labs, their choices and thresholds (guided.js), or the strip
// (src/plot/seed_strip.rs, drawn by seed-answer.js). The sweep labs have none:
// their answer is a sweep over seeds already.

import { find, meanLosses, taskLosses } from './guided.js';

/** A metric of the model `id` at its latest record. */
const metric = (summary, id) => find(summary, id)?.latest?.metrics;

/**
 * Per lab: `models`, the models its outcome and figures read, when fewer
 * than the race's (the other seeds train only those: every model of a race
 * learns from the same batches from its own seeded start, and none reads
 * another's state, so each one's run is the same as in the full race — the
 * e2e tests check it); `log` (a ratio axis) or not, the `reference` line (no change),
 * how a value is written (`unit`: `ratio` ×, `percent`, `points` or none;
 * `decimals`), and the rows: each a figure `id` (its name is
 * `guide.seeds.figures.<lab>.<id>`), the `model` whose colour its dots take
 * (`palette` names the module's colour table), and `value(data, memo)`.
 */
export const SEED_FIGURES = {
  sharing: {
    log: true,
    reference: 1,
    unit: 'ratio',
    decimals: 2,
    palette: 'tasks',
    rows: [
      // task A's loss after the switch over before it: above 1, task B's new direction hurt it
      { id: 'sb', model: 'shared_bottom', value: ({ summary }, memo) => taskLosses(summary, 0).shared_bottom / memo.before?.shared_bottom },
      { id: 'single', model: 'single', value: ({ summary }, memo) => taskLosses(summary, 0).single / memo.before?.single },
    ],
  },
  gates: {
    log: true,
    reference: 1,
    unit: 'ratio',
    decimals: 2,
    palette: 'tasks',
    rows: [
      { id: 'omoe', model: 'omoe', value: ({ summary }, memo) => meanLosses(summary).omoe / memo.losses?.omoe },
      { id: 'mmoe', model: 'mmoe', value: ({ summary }, memo) => meanLosses(summary).mmoe / memo.losses?.mmoe },
      { id: 'js', model: null, value: ({ summary }, memo) => find(summary, 'mmoe')?.latest?.gates?.js_distance / memo.before?.js_distance },
    ],
  },
  weighting: {
    models: ['mmoe'],
    log: false,
    reference: 50,
    unit: 'percent',
    decimals: 0,
    palette: 'tasks',
    rows: [
      {
        id: 'share',
        model: 'mmoe',
        value: ({ summary }) => {
          const [a, b] = find(summary, 'mmoe')?.latest?.loss_weights ?? [NaN, NaN];
          return (100 * a) / (a + b);
        },
      },
    ],
  },
  esmm: {
    models: ['base', 'esmm'],
    log: false,
    reference: 0,
    unit: null,
    decimals: 3,
    palette: 'funnel',
    rows: [
      { id: 'entire', model: 'esmm', value: ({ summary }) => metric(summary, 'esmm')?.cvr_auc_entire - metric(summary, 'base')?.cvr_auc_entire },
      { id: 'clicked', model: null, value: ({ summary }) => metric(summary, 'esmm')?.cvr_auc_clicked - metric(summary, 'base')?.cvr_auc_clicked },
    ],
  },
  watch: {
    models: ['ctr', 'weighted_ce'],
    log: false,
    reference: 0,
    unit: 'points',
    decimals: 1,
    palette: 'watch',
    rows: [
      // weighted CE − the CTR model, in percentage points of the best possible ranking's
      { id: 'watch', model: 'weighted_ce', value: ({ summary }) => 100 * (metric(summary, 'weighted_ce')?.top_watch_share - metric(summary, 'ctr')?.top_watch_share) },
      { id: 'clicks', model: null, value: ({ summary }) => 100 * (metric(summary, 'weighted_ce')?.top_click_share - metric(summary, 'ctr')?.top_click_share) },
    ],
  },
};

/** The figures of lab `id`, or undefined (a sweep lab, or a lab without them). */
export const seedFiguresOf = (id) => SEED_FIGURES[id];

/** Each row's value for one seed's run; not-a-number where the run gave none. */
export function figureValues(figures, data, memo) {
  return figures.rows.map((row) => {
    const v = Number(row.value(data, memo));
    return Number.isFinite(v) ? v : NaN;
  });
}
