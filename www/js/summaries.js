// One sentence per chart, in the current language, saying in words what the
// chart shows now ("MMoE task A 0.031, task B 0.029 …"): for screen readers
// (each canvas points at its sentence with aria-describedby) and for anyone
// reading numbers off a projected chart. Text only, through textContent.

import { $ } from './dom.js';
import { count, fixed, percent, share, sig, signed } from './format.js';

/** `parts` joined by the language's list separator, or the no-data sentence. */
function list(parts, t) {
  return parts.length ? parts.join(t('summary.separator')) : t('summary.none');
}

/** The sentences of the correlated-task charts. */
function taskSentences(summary, t) {
  const models = summary.models.filter((m) => m.latest);
  const name = (m) => t(`model.${m.model}`);
  const step = count(summary.step);
  const gated = models.filter((m) => m.latest.gates);
  const shared = models.filter((m) => m.latest.grad_cosine != null);
  // a multi-task model that trains but has no angle now: no gradient reaches its shared parameters (a dead shared bottom)
  const silent = models.filter((m) => m.model !== 'single' && m.latest.grad_cosine == null && m.latest.step > 0 && m.diverged_at == null);
  const noGradient = silent.length ? t('summary.noGradient', { models: list(silent.map(name), t) }) : '';
  const gains = models.filter((m) => m.latest.mtl_gain);
  return {
    losses: t('summary.losses', {
      step,
      models: list(models.map((m) => t('summary.lossPair', { model: name(m), a: fixed(m.latest.test_loss[0], 4), b: fixed(m.latest.test_loss[1], 4) })), t),
    }),
    gates: gated.length
      ? list(gated.map((m) => t('summary.gate', { model: name(m), js: fixed(m.latest.gates.js_distance, 2), entropy: fixed(m.latest.gates.entropy_bits, 2) })), t)
      : t('summary.noGates'),
    seesaw: gains.length
      ? list(gains.map((m) => t('summary.gain', { model: name(m), a: signed(m.latest.mtl_gain[0], 4), b: signed(m.latest.mtl_gain[1], 4) })), t)
      : t('summary.noGain'),
    conflict: shared.length
      ? [list(shared.map((m) => t('summary.cosine', { model: name(m), cos: signed(m.latest.grad_cosine, 2) })), t), noGradient].filter(Boolean).join(' ')
      : noGradient || t('summary.noShared'),
    weights: list(models.map((m) => withGradNorm(m.grad_norm_smoothed, t('summary.weights', {
      model: name(m), a: fixed(m.latest.loss_weights[0], 2), b: fixed(m.latest.loss_weights[1], 2), how: t(`weighting.${weightingId(m.latest.weighting)}`),
    }), t)), t),
  };
}

/**
 * A model's weights sentence, followed under GradNorm by each task's smoothed
 * G_i against its target Ḡ·r_i^α and the gap |G_i − target| / target at the
 * last record (the core's `grad_norms::now`, smoothed as the chart draws them).
 */
function withGradNorm(g, weights, t) {
  if (!g || g.grad_norms.length < 2) return weights;
  return t('summary.gradNormGap', {
    weights,
    a: sig(g.grad_norms[0]), ta: sig(g.targets[0]), gapA: percent(g.gaps[0]),
    b: sig(g.grad_norms[1]), tb: sig(g.targets[1]), gapB: percent(g.gaps[1]),
  });
}

/** A core weighting record's kind, as the page's words name it. */
const weightingId = (w) => w?.kind ?? 'fixed';

/** The sentences of the funnel charts. */
function funnelSentences(summary, t) {
  const d = summary.data;
  const models = summary.models.filter((m) => m.latest?.metrics);
  const name = (m) => t(`model.${m.model}`);
  const truth = models[0]?.latest.metrics.true_mean_cvr;
  return {
    funnel: t('summary.funnel', {
      impressions: count(d.impressions), clicks: count(d.clicks), conversions: count(d.conversions), hidden: count(d.unclicked_conversions),
    }),
    cvrAuc: list(models.map((m) => t('summary.cvrAuc', {
      model: name(m), entire: fixed(m.latest.metrics.cvr_auc_entire), clicked: fixed(m.latest.metrics.cvr_auc_clicked),
    })), t),
    calibration: models.length
      ? t('summary.calibration', { truth: fixed(truth), models: list(models.map((m) => `${name(m)} ${fixed(m.latest.metrics.mean_pcvr)}`), t) })
      : t('summary.none'),
  };
}

/** The sentences of the watch-time charts. */
function watchSentences(summary, t) {
  const models = summary.models.filter((m) => m.latest?.metrics);
  const wce = models.find((m) => m.model === 'weighted_ce')?.latest.metrics.odds;
  return {
    watchTradeoff: models.length
      ? t('summary.watchTradeoff', { models: list(models.map((m) => t('summary.watchShares', {
        model: t(`model.${m.model}`), watch: share(m.latest.metrics.top_watch_share), clicks: share(m.latest.metrics.top_click_share),
      })), t) })
      : t('summary.none'),
    watchOdds: wce
      ? t('summary.watchOdds', { ratio: fixed(wce.ratio_to_expected_watch, 2), optimum: fixed(wce.ratio_to_expected_watch / wce.ratio_to_optimum, 2) })
      : t('summary.watchNoOdds'),
    watchWeights: t('summary.watchWeights', { done: summary.sweep_done, total: summary.sweep_total }),
  };
}

/** The sentences of a file's race: the tasks' charts' (its loss is the validation BCE) and the AUC's. */
function dataSentences(summary, t) {
  const x = taskSentences(summary, t);
  const models = summary.models.filter((m) => m.latest?.test_auc);
  return {
    dataLosses: t('summary.dataLosses', {
      step: count(summary.step),
      models: list(summary.models.filter((m) => m.latest).map((m) => t('summary.lossPair', { model: t(`model.${m.model}`), a: fixed(m.latest.test_loss[0], 4), b: fixed(m.latest.test_loss[1], 4) })), t),
    }),
    dataGates: x.gates, dataSeesaw: x.seesaw, dataConflict: x.conflict, dataWeights: x.weights,
    dataAuc: list(models.map((m) => t('summary.aucPair', { model: t(`model.${m.model}`), a: fixed(m.latest.test_auc[0] ?? NaN), b: fixed(m.latest.test_auc[1] ?? NaN) })), t),
  };
}

const SENTENCES = { tasks: taskSentences, funnel: funnelSentences, watch: watchSentences, data: dataSentences };

/** Writes each shown chart's sentence into its `#summary-<panel>` element. */
export function showChartSummaries(scenario, summary, t) {
  const sentences = SENTENCES[scenario](summary, t);
  for (const [panel, text] of Object.entries(sentences)) {
    const node = $(`summary-${panel}`);
    if (node && node.textContent !== text) node.textContent = text;
  }
}

/** Gives every chart canvas a sentence element under it, tied with aria-describedby. */
export function addSummaryElements() {
  for (const figure of document.querySelectorAll('figure[data-panel]')) {
    const canvas = figure.querySelector('canvas');
    if (!canvas || figure.dataset.panel === 'sweep') continue; // the sweep has its own status line
    const p = document.createElement('p');
    p.className = 'chart-summary';
    p.id = `summary-${figure.dataset.panel}`;
    canvas.after(p);
    canvas.setAttribute('aria-describedby', p.id);
  }
}
