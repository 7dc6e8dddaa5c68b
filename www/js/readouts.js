// The page's text readouts: the loss table, the step counter and measured
// correlation, the URL notice and the divergence banner. All text goes in
// through textContent; values from the URL are quoted, never parsed as markup.

import { $ } from './dom.js';
import { count, fixed, plusMinus, share, signed, times } from './format.js';

/** A table row's header cell: the model's colour swatch, name and a diverged tag. */
function modelCell(m, t, modelColors) {
  const name = document.createElement('th');
  name.scope = 'row';
  const swatch = document.createElement('span');
  swatch.className = 'swatch';
  swatch.style.background = modelColors[m.model] ?? '#888';
  name.append(swatch, t(`model.${m.model}`));
  if (m.diverged_at != null) {
    const tag = document.createElement('span');
    tag.className = 'tag-bad';
    tag.textContent = ` ${t('table.diverged')}`;
    name.append(tag);
  }
  return name;
}

/** Step counter, measured Pearson and the per-model loss table. */
export function showSummary(summary, t, modelColors) {
  $('step').textContent = count(summary.step);
  $('pearson').textContent = plusMinus(summary.label_pearson);
  const rows = summary.models.map((m) => {
    const tr = document.createElement('tr');
    tr.dataset.model = m.model;
    const name = modelCell(m, t, modelColors);
    const loss = m.latest?.test_loss ?? [NaN, NaN];
    const cells = [count(m.params), fixed(loss[0], 4), fixed(loss[1], 4)].map((text, i) => {
      const td = document.createElement('td');
      td.textContent = text;
      if (i > 0) td.dataset.task = i === 1 ? 'a' : 'b';
      return td;
    });
    tr.append(name, ...cells);
    return tr;
  });
  $('readout').tBodies[0].replaceChildren(...rows);
}

/**
 * Under the preset selector: the sizes the race runs with and each racing
 * model's parameter count (from the lab, so custom sizes are counted too).
 */
export function showPresetInfo(state, summary, t) {
  const out = $('preset-info');
  if (!out) return;
  const sizes = t('presetInfo.sizes', { bottom: state.bottomUnits, experts: state.experts, units: state.expertUnits, towers: state.towerUnits, activation: t(`activation.${state.activation}`) });
  const params = summary.models.map((m) => `${t(`model.${m.model}`)} ${count(m.params)}`).join(' · ');
  out.textContent = `${sizes} ${t('presetInfo.params', { params })}`;
}

/** The funnel's step counter, its metrics table and the live lesson under the charts. */
export function showFunnelSummary(summary, t, modelColors, state) {
  $('step').textContent = count(summary.step);
  const metric = (m, key) => m.latest?.metrics?.[key] ?? NaN;
  const rows = summary.models.map((m) => {
    const tr = document.createElement('tr');
    tr.dataset.model = m.model;
    const truth = metric(m, 'true_mean_cvr');
    const pcvr = metric(m, 'mean_pcvr');
    const keys = ['ctr_auc', 'ctcvr_auc', 'cvr_auc_clicked', 'cvr_auc_entire'];
    const cells = keys.map((key) => {
      const td = document.createElement('td');
      td.dataset.metric = key;
      td.textContent = fixed(metric(m, key));
      return td;
    });
    const mean = document.createElement('td');
    mean.dataset.metric = 'mean_pcvr';
    mean.textContent = Number.isFinite(pcvr) ? t('funnelTable.meanValue', { model: fixed(pcvr), truth: fixed(truth) }) : '—';
    const where = document.createElement('td');
    where.dataset.metric = 'state';
    if (m.diverged_at != null) where.textContent = t('table.diverged');
    else if (m.stopped_at != null) where.textContent = t('funnelTable.stopped', { step: count(m.stopped_at) });
    else where.textContent = t('funnelTable.training');
    tr.append(modelCell(m, t, modelColors), ...cells, mean, where);
    return tr;
  });
  $('funnel-readout').tBodies[0].replaceChildren(...rows);
  const [gap, note] = funnelLesson(summary, t, state);
  $('funnel-lesson-gap').textContent = gap;
  $('funnel-lesson-note').textContent = note;
}

/** Below this difference in AUC the two models are called close. */
const AUC_CLOSE = 0.01;

/**
 * The lesson in words: ESMM − BASE on the entire space against the clicked
 * impressions (the only metric a real log allows), and what that means here.
 * Returns `[gap sentence, explanation]`.
 */
export function funnelLesson(summary, t, state) {
  const find = (id) => summary.models.find((m) => m.model === id)?.latest?.metrics;
  const base = find('base');
  const esmm = find('esmm');
  if (!summary.models.some((m) => m.model === 'base') || !summary.models.some((m) => m.model === 'esmm')) {
    return [t('funnelLesson.needBoth'), ''];
  }
  // the record before any training scores untrained models: nothing to explain yet
  const trained = (id) => (summary.models.find((m) => m.model === id)?.latest?.step ?? 0) > 0;
  if (!trained('base') || !trained('esmm')) return [t('funnelLesson.waiting'), ''];
  const entire = esmm?.cvr_auc_entire - base?.cvr_auc_entire;
  const clicked = esmm?.cvr_auc_clicked - base?.cvr_auc_clicked;
  if (!Number.isFinite(entire) || !Number.isFinite(clicked)) return [t('funnelLesson.waiting'), ''];
  const gap = t('funnelLesson.gap', { entire: signed(entire), clicked: signed(clicked) });
  let note;
  if (entire >= AUC_CLOSE && entire > clicked + AUC_CLOSE) note = t('funnelLesson.hidden');
  else if (entire <= -AUC_CLOSE) note = t('funnelLesson.negative', { rho: fixed(state.rho, 1) });
  else if (entire >= AUC_CLOSE) note = t('funnelLesson.both');
  else note = t('funnelLesson.close');
  return [gap, note];
}

/** The URL notice: structured notes → one sentence each, in the current language. */
export function showNotes(notes, t, onDismiss) {
  const box = $('notice');
  if (notes.length === 0) {
    box.hidden = true;
    box.replaceChildren();
    return;
  }
  const heading = document.createElement('p');
  heading.className = 'notice-heading';
  heading.textContent = t('notice.heading');
  const list = document.createElement('ul');
  for (const note of notes) {
    const li = document.createElement('li');
    li.textContent = t(`notice.${note.kind}`, note);
    list.append(li);
  }
  const dismiss = document.createElement('button');
  dismiss.type = 'button';
  dismiss.className = 'notice-dismiss';
  dismiss.textContent = t('notice.dismiss');
  dismiss.addEventListener('click', onDismiss);
  box.replaceChildren(heading, list, dismiss);
  box.hidden = false;
}

/** Models that diverged, as `[{model, step}]`. */
export function divergedModels(summary) {
  return summary.models.filter((m) => m.diverged_at != null).map((m) => ({ model: m.model, step: m.diverged_at }));
}

/** Shows or hides the divergence banner. */
export function showDiverged(diverged, t) {
  const box = $('diverged');
  if (diverged.length === 0) {
    box.hidden = true;
    return;
  }
  const models = diverged.map((d) => t(`model.${d.model}`)).join(', ');
  const step = Math.min(...diverged.map((d) => d.step));
  $('diverged-text').textContent = t('diverged.message', { models, step });
  box.hidden = false;
}

/** The watch-time race's metrics table and the live lesson under the charts. */
export function showWatchSummary(summary, t, modelColors) {
  $('step').textContent = count(summary.step);
  const rows = summary.models.map((m) => {
    const tr = document.createElement('tr');
    tr.dataset.model = m.model;
    const metrics = m.latest?.metrics ?? {};
    const values = {
      top_watch_share: share(metrics.top_watch_share),
      top_click_share: share(metrics.top_click_share),
      ctr_auc: fixed(metrics.ctr_auc ?? NaN),
      odds_ratio: metrics.odds ? times(metrics.odds.ratio_to_expected_watch) : '—',
      state: m.diverged_at != null ? t('table.diverged') : summary.race_finished ? t('watchTable.done') : t('watchTable.training'),
    };
    const cells = Object.entries(values).map(([key, text]) => {
      const td = document.createElement('td');
      td.dataset.metric = key;
      td.textContent = text;
      return td;
    });
    tr.append(modelCell(m, t, modelColors), ...cells);
    return tr;
  });
  $('watch-readout').tBodies[0].replaceChildren(...rows);
  const [shares, note] = watchLesson(summary, t);
  $('watch-lesson-shares').textContent = shares;
  $('watch-lesson-note').textContent = note;
}

/** Below this difference in share (of the oracle's) two rankings are called close. */
const SHARE_CLOSE = 0.02;

/**
 * The lesson in words: what ranking by clicks and ranking by weighted CE's
 * odds each capture of the oracle's watch time and of the clicks, and what
 * that says about this feed. Returns `[shares sentence, explanation]`.
 */
export function watchLesson(summary, t) {
  const by = (id) => summary.models.find((m) => m.model === id)?.latest?.metrics;
  const ctr = by('ctr');
  const wce = by('weighted_ce');
  if (!ctr || !wce) return [t('watchLesson.needBoth'), ''];
  if (summary.step < 200) return [t('watchLesson.waiting'), ''];
  const shares = t('watchLesson.shares', {
    wceWatch: share(wce.top_watch_share), ctrWatch: share(ctr.top_watch_share),
    ctrClicks: share(ctr.top_click_share), wceClicks: share(wce.top_click_share),
  });
  const gap = wce.top_watch_share - ctr.top_watch_share;
  const rho = summary.data.appeal_quality_pearson;
  let note;
  if (gap >= SHARE_CLOSE && rho < 0) note = t('watchLesson.clickbait');
  else if (gap >= SHARE_CLOSE) note = t('watchLesson.watchWins');
  else note = t('watchLesson.close');
  return [shares, note];
}
