// Guided labs: each sets up the lab (one URL: `#guide=<id>` plus its settings),
// asks the student to predict what will happen, runs, and then says what
// appeared — with the numbers of THIS run, read from the lab, never a fixed
// answer — pointing at the chart that shows it. The words live in the i18n
// files under `guide.<id>`; this module holds the settings, the script and how
// each outcome is read.
//
// Not here: the lab itself (guide-host.js drives it through the `ctx` callbacks,
// and every setting a lab changes goes through the page's store).

import { el } from './dom.js';
import { fixed, signed } from './format.js';
import { GUIDE_IDS, defaults, presetSizes, toHash } from './state.js';
import { withhold } from './withhold.js';

/**
 * The six labs, by id (the menu shows them in GUIDE_IDS's order, the chapter's).
 * `settings` override the defaults;
 * `run` is how the experiment runs (`play` until `until` steps or the funnel
 * finishes, or `sweep`, whose config `sweep` may override field by field, and
 * which is answered when it ends or, earlier, once `answered(results)` says the
 * jobs the answer needs are in);
 * `script` changes live settings at given steps;
 * `outcome(data, memo)` reads which choice the run bore out — `null` when it
 * bore out none of them (an unclear run: the card says so, with the lab's
 * `result.unclear`) — and the numbers its explanation quotes (and, optionally,
 * which `more` text fits the preset); `compare` maps the preset run to the one
 * the card offers next. `withholds` lists the i18n keys of texts on the page
 * that state the lab's answer (a footer's ten-seed figures, a tooltip's
 * verdict): the card keeps them back until the run is done (withhold.js).
 */
export const GUIDES = [
  {
    id: 'sharing',
    // the narrow world, where a shared layer is too small for two unrelated
    // tasks; `compare` offers the same run at the paper's roomy sizes
    settings: { scenario: 'tasks', ...presetSettings('narrow'), models: ['single', 'shared_bottom'], p: 1, panels: ['losses', 'conflict'] },
    focus: 'losses',
    run: 'play',
    until: 3000,
    choices: 3,
    compare: { narrow: 'paper', paper: 'narrow', custom: 'narrow' },
    // the preset's and the bottom's tooltips say that a narrow shared layer suffers as p falls
    withholds: ['tip.preset', 'tip.bottomUnits'],
    script: [{ step: 1500, set: { p: 0 } }],
    memo({ summary }, memo) {
      // task A's loss while the tasks still agree, to compare with the end
      if (summary.step < 1500) memo.before = taskLosses(summary, 0);
    },
    outcome({ summary, state }, memo) {
      // task A's labels never change: whatever happens to its loss is what the
      // other task, through the shared parameters, does to it
      const after = taskLosses(summary, 0);
      const before = memo.before ?? {};
      const sb = after.shared_bottom / before.shared_bottom;
      const single = after.single / before.single;
      const choice = sb > 1.05 ? 1 : sb < 0.95 ? 0 : 2;
      return {
        choice,
        more: `more.${state.preset}`, // narrow, paper or custom: the figures that apply
        vars: {
          before: fixed(before.shared_bottom, 4), after: fixed(after.shared_bottom, 4), ratio: fixed(sb, 2),
          singleBefore: fixed(before.single, 4), singleAfter: fixed(after.single, 4), singleRatio: fixed(single, 2),
        },
      };
    },
  },
  {
    id: 'gates',
    settings: { scenario: 'tasks', ...presetSettings('narrow'), models: ['omoe', 'mmoe'], p: 1, panels: ['gates', 'losses'] },
    focus: 'gates',
    run: 'play',
    until: 3000,
    choices: 3,
    withholds: ['tip.preset'], // says OMoE suffers and MMoE's gates give each task its own route
    script: [{ step: 1500, set: { p: 0 } }],
    memo({ summary }, memo) {
      // the gates and losses just before p changes, to compare with the end
      if (summary.step < 1500) {
        memo.before = find(summary, 'mmoe')?.latest?.gates;
        memo.losses = meanLosses(summary);
      }
    },
    outcome({ summary }, memo) {
      const after = find(summary, 'mmoe')?.latest?.gates;
      const losses = meanLosses(summary);
      const [js0, js1] = [memo.before?.js_distance, after?.js_distance];
      const omoe = losses.omoe / memo.losses?.omoe;
      const mmoe = losses.mmoe / memo.losses?.mmoe;
      const collapsed = after && after.entropy_bits < 1;
      const apart = js1 > 1.5 * js0 && js1 - js0 > 0.05;
      // the lesson: OMoE's loss rises clearly, MMoE's gates part and its loss rises clearly less
      const lesson = apart && omoe > 1.2 && mmoe < omoe / 1.2;
      // not much: neither loss rises by 10 % and the gates stay together; anything else is unclear
      const still = !apart && omoe < 1.1 && mmoe < 1.1;
      return {
        choice: collapsed ? 2 : lesson ? 1 : still ? 0 : null,
        vars: {
          before: fixed(js0, 2), after: fixed(js1, 2), entropy: fixed(after?.entropy_bits, 2),
          omoe0: fixed(memo.losses?.omoe, 4), omoe1: fixed(losses.omoe, 4), omoeRatio: fixed(omoe, 2),
          mmoe0: fixed(memo.losses?.mmoe, 4), mmoe1: fixed(losses.mmoe, 4), mmoeRatio: fixed(mmoe, 2),
        },
      };
    },
  },
  {
    id: 'seesaw',
    // the transfer map (the chapter's seesaw and negative transfer, each seed's
    // multi-task model against the same seed's single-task networks) of
    // Shared-Bottom and MMoE on ten seeds, at p = 1 (the control) and p = 0; the
    // sweep's core adds the single-task networks to every job
    settings: { scenario: 'tasks', ...presetSettings('narrow'), models: ['single', 'shared_bottom', 'mmoe'], p: 0, sweep: 'transfer', panels: ['sweep', 'seesaw'] },
    // p = 0 first: the transfer sweep runs its jobs p by p in this order, so the
    // answer (p = 0's ten seeds) is in after half the jobs; the control fills in after
    sweep: { correlations: [0, 1] },
    answered({ total, summary }) {
      const at0 = summary?.counts?.filter((c) => c.p === 0) ?? [];
      const seeds = total / this.sweep.correlations.length; // every seed runs at each p
      return at0.length > 0 && at0.every((c) => c.seeds === seeds);
    },
    withholds: ['tip.preset', 'tip.bottomUnits'], // say Shared-Bottom loses accuracy as p falls and MMoE much less
    focus: 'sweep',
    run: 'sweep',
    choices: 4,
    script: [],
    outcome({ sweep }) {
      const at = (model) => sweep?.summary?.counts?.find((c) => c.model === model && c.p === 0);
      const [sb, mmoe] = [at('shared_bottom'), at('mmoe')];
      // "most": more than half of the seeds whose trainings did not fail
      const trained = (c) => (c ? c.seeds - c.failed : 0);
      const most = (c) => c.negative > trained(c) / 2;
      const choice = !trained(sb) || !trained(mmoe) ? null : most(sb) ? (most(mmoe) ? 1 : 0) : most(mmoe) ? 3 : 2;
      const vars = {};
      for (const [key, c] of [['sb', sb], ['mmoe', mmoe]]) {
        Object.assign(vars, {
          [`${key}N`]: trained(c), [`${key}Neg`]: c?.negative ?? 0, [`${key}Pos`]: c?.positive ?? 0,
          [`${key}See`]: c?.seesaw ?? 0, [`${key}Unc`]: c?.unclear ?? 0, [`${key}Fail`]: c?.failed ?? 0,
        });
      }
      return { choice, vars };
    },
  },
  {
    id: 'esmm',
    settings: { scenario: 'funnel', panels: ['cvrAuc', 'funnel'] },
    focus: 'cvrAuc',
    run: 'play',
    until: Infinity, // the funnel stops by itself once every model has early-stopped
    choices: 3,
    // the footer quotes the CLI's ten-seed gaps; the items tooltip ESMM's entire-space lead
    withholds: ['page.footerFunnel', 'tip.items'],
    script: [],
    outcome({ summary }) {
      const m = (id) => find(summary, id)?.latest?.metrics;
      const entire = m('esmm')?.cvr_auc_entire - m('base')?.cvr_auc_entire;
      const clicked = m('esmm')?.cvr_auc_clicked - m('base')?.cvr_auc_clicked;
      const choice = Math.abs(entire - clicked) < 0.01 ? 2 : entire > clicked ? 1 : 0;
      return { choice, vars: { entire: signed(entire), clicked: signed(clicked) } };
    },
  },
  {
    id: 'weighting',
    settings: { scenario: 'tasks', models: ['shared_bottom', 'mmoe'], p: 0.5, w: 0.9, panels: ['weights', 'losses'] },
    focus: 'weights',
    run: 'play',
    until: 3000,
    choices: 3,
    withholds: [],
    script: [{ step: 500, set: { weighting: 'uncertainty' } }],
    outcome({ summary }) {
      const [a, b] = find(summary, 'mmoe')?.latest?.loss_weights ?? [NaN, NaN];
      const share = a / (a + b);
      const [la, lb] = find(summary, 'mmoe')?.latest?.test_loss ?? [NaN, NaN];
      // where task A's share ends against the start (90 %) and balance (50 %); which side of
      // 50 % it ends on follows the tasks' losses and differs from seed to seed
      const choice = share >= 0.7 ? 0 : share >= 0.5 ? 1 : share < 0.5 ? 2 : null;
      return { choice, vars: { a: fixed(a, 2), b: fixed(b, 2), share: fixed(share * 100, 1), la: fixed(la, 3), lb: fixed(lb, 3) } };
    },
  },
  {
    id: 'watch',
    // the clickbait feed; the race alone (the w sweep after it is not needed for the question)
    settings: { scenario: 'watch', panels: ['watchTradeoff', 'watchOdds'] },
    focus: 'watchTradeoff',
    run: 'play',
    until: 3000,
    choices: 4,
    withholds: ['page.footerWatch'], // the CLI's ten-seed shares
    script: [],
    outcome({ summary }) {
      const m = (id) => find(summary, id)?.latest?.metrics;
      const [ctr, wce] = [m('ctr'), m('weighted_ce')];
      const watchGap = wce?.top_watch_share - ctr?.top_watch_share;
      const clickGap = ctr?.top_click_share - wce?.top_click_share;
      // a share is of the best possible ranking's; 2 points is beyond seed noise here (docs/watch-findings.md)
      const side = (gap) => (gap > 0.02 ? 1 : gap < -0.02 ? -1 : 0);
      const [watch, clicks] = [side(watchGap), side(clickGap)]; // +1: weighted CE ahead on watch / the CTR model on clicks
      const choice = watch < 0 && clicks > 0 ? 0 : watch > 0 && clicks > 0 ? 1 : watch === 0 && clicks === 0 ? 2 : watch > 0 ? 3 : null;
      const pct = (x) => fixed(x * 100, 1);
      return {
        choice,
        vars: {
          wceWatch: pct(wce?.top_watch_share), ctrWatch: pct(ctr?.top_watch_share),
          ctrClicks: pct(ctr?.top_click_share), wceClicks: pct(wce?.top_click_share),
          odds: fixed(wce?.odds?.ratio_to_expected_watch, 2),
        },
      };
    },
  },
];

/** A model's summary by id. */
export const find = (summary, id) => summary?.models?.find((m) => m.model === id);

/** Each model's latest test loss, the mean of the two tasks, by model id. */
export function meanLosses(summary) {
  const out = {};
  for (const m of summary?.models ?? []) {
    const [a, b] = m.latest?.test_loss ?? [NaN, NaN];
    out[m.model] = (a + b) / 2;
  }
  return out;
}

/** Each model's latest test loss on task `k`, by model id. */
export function taskLosses(summary, k) {
  return Object.fromEntries((summary?.models ?? []).map((m) => [m.model, m.latest?.test_loss?.[k] ?? NaN]));
}

/** A preset and its sizes, as guided-lab settings. */
function presetSettings(id) {
  return { preset: id, ...presetSizes(id) };
}

export const guideOf = (id) => GUIDES.find((g) => g.id === id);

/** The whole state a guided lab starts from: defaults, its settings, paused, this language. */
export function guideState(id, lang) {
  const guide = guideOf(id);
  return { ...defaults(), ...guide.settings, lang, guide: id, autoplay: false };
}

/** Fills the guided-lab menu: one link per lab, each its own URL. */
export function showGuideLinks(nav, t, lang, current) {
  const links = GUIDE_IDS.map((id, i) => {
    const a = el('a', { href: toHash(guideState(id, lang)), className: 'guide-link', textContent: `${i + 1}. ${t(`guide.${id}.title`)}` });
    a.dataset.guide = id;
    if (id === current) a.setAttribute('aria-current', 'page');
    return a;
  });
  nav.replaceChildren(el('span', { className: 'guides-label', textContent: t('guide.menu') }), ...links);
}

/**
 * A lesson string as nodes: `**words**` becomes a <strong> element, the rest
 * text nodes. Built with textContent only, never parsed as markup, so a value
 * filled into the string (a number, a link's setting) cannot become HTML.
 */
export function richText(text) {
  return String(text).split(/\*\*(.+?)\*\*/g).map((part, i) => (i % 2 ? el('strong', { textContent: part }) : document.createTextNode(part)));
}

/**
 * The guide card: question, run, explanation. `ctx` lets it drive the lab:
 * `t`, `state()` (a copy of the page's state), `play()`, `pause()`,
 * `startSweep()`, `setLive(patch)`, `close()`, and `startSeeds(card)`: the
 * same experiment on other seeds (seed-answer.js's SeedAnswer), or null.
 */
export class GuideCard {
  constructor(box, guide, ctx) {
    this.box = box;
    this.guide = guide;
    this.ctx = ctx;
    this.choice = null;
    this.phase = 'predict'; // predict → running → done
    this.memo = {};
    this.scriptDone = 0;
    this.result = null;
    this.seeds = null; // the other seeds' answer, from Run on
    this.render();
  }

  /** Ends the other seeds' runs (the card is closed or replaced). */
  dispose() {
    this.seeds?.cancel();
  }

  /** Reads a training summary: runs the script, remembers, and ends the run when it is due. */
  onSummary(summary) {
    if (this.phase !== 'running' || this.guide.run !== 'play') return;
    // the run starts from a fresh race (step 0); until it shows, a summary is the old race's
    if (!this.fresh && summary.step !== 0) return;
    this.fresh = true;
    const script = this.guide.script;
    while (this.scriptDone < script.length && summary.step >= script[this.scriptDone].step) {
      this.ctx.setLive(script[this.scriptDone].set);
      this.scriptDone += 1;
    }
    this.guide.memo?.({ summary }, this.memo);
    if (summary.step >= this.guide.until || summary.finished) this.finish({ summary });
  }

  /**
   * After each finished job of a sweep (`read()` gives the results so far,
   * read only for a sweep lab that can answer early): the lab is answered as
   * soon as its `answered(results)` says the jobs its answer needs are in (the
   * rest of the sweep, e.g. a control, goes on filling in the chart).
   */
  onSweepResults(read) {
    if (this.phase !== 'running' || this.guide.run !== 'sweep' || !this.guide.answered) return;
    const results = read();
    if (this.guide.answered(results)) this.finish({ sweep: results });
  }

  /** A sweep ended (`results` as `sweep.results()`). */
  onSweepFinished(results) {
    if (this.phase === 'running' && this.guide.run === 'sweep') this.finish({ sweep: results });
  }

  finish(data) {
    this.ctx.pause();
    this.phase = 'done';
    const full = { ...data, state: this.ctx.state() };
    this.result = this.guide.outcome(full, this.memo);
    this.seeds?.setStudent(full, this.memo, this.result);
    this.render();
  }

  start() {
    this.phase = 'running';
    this.fresh = false;
    // the same experiment on other seeds, in the background (a race lab's; none for a sweep lab)
    this.seeds = this.ctx.startSeeds?.(this) ?? null;
    this.render();
    if (this.guide.run === 'sweep') this.ctx.startSweep();
    else this.ctx.play();
  }

  /** Redraws the card in the current language (also after a language switch). */
  render() {
    const { t } = this.ctx;
    const key = (k) => `guide.${this.guide.id}.${k}`;
    // nothing on the page states the answer before the run is done
    withhold(this.phase === 'done' ? [] : this.guide.withholds ?? [], t);
    const title = el('h2', { textContent: t(key('title')) });
    const intro = el('p', { className: 'guide-intro' }, ...richText(t(key('intro'))));
    const question = el('fieldset', { className: 'guide-question' }, el('legend', { textContent: t(key('question')) }));
    for (let i = 0; i < this.guide.choices; i++) {
      const input = el('input', { type: 'radio', name: 'guide-choice', value: String(i), checked: this.choice === i, disabled: this.phase !== 'predict' });
      input.addEventListener('change', () => {
        this.choice = i;
        this.render();
      });
      question.append(el('label', { className: 'guide-choice' }, input, el('span', { textContent: t(key(`choices.${i}`)) })));
    }
    const parts = [title, intro, question];
    if (this.phase === 'predict') {
      const run = el('button', { type: 'button', id: 'guide-run', className: 'guide-run', textContent: t('guide.run'), disabled: this.choice === null });
      run.addEventListener('click', () => this.start());
      parts.push(el('div', { className: 'guide-actions' }, run, el('span', { className: 'guide-hint' }, ...richText(this.choice === null ? t('guide.pickFirst') : t(key('watch'))))));
    } else if (this.phase === 'running') {
      parts.push(el('p', { className: 'guide-watch' }, ...richText(t(key('watch')))), ...(this.seeds?.progressNodes() ?? []));
    } else {
      const { choice, vars } = this.result;
      const verdict = choice === null ? 'guide.unclear' : choice === this.choice ? 'guide.agree' : 'guide.differ';
      const seen = choice === null ? '' : t(key(`choices.${choice}`));
      const oneSeedVerdict = el('p', { className: 'guide-verdict', textContent: t(verdict, { yours: t(key(`choices.${this.choice}`)), seen }) });
      const explanation = el('p', {}, ...richText(t(key(`result.${choice ?? 'unclear'}`), vars)));
      // with other seeds: the verdict against them, this seed's explanation and theirs; else this run's alone
      const answer = this.seeds ? this.seeds.resultNodes({ prediction: this.choice, explanation, oneSeedVerdict }) : [oneSeedVerdict, explanation];
      parts.push(el('div', { className: 'guide-result', id: 'guide-result' }, ...answer,
        el('p', { className: 'guide-more' }, ...richText(t(key(this.result.more ?? 'more'))))));
      const state = this.ctx.state();
      const other = this.guide.compare?.[state.preset];
      if (other) {
        // the same lab at the other preset: one link, so it can be shared too
        const href = toHash({ ...guideState(this.guide.id, state.lang), ...presetSettings(other) });
        parts.push(el('p', { className: 'guide-compare' }, el('a', { href, id: 'guide-compare', textContent: t(key(`compare.${other}`)) })));
      }
    }
    const close = el('button', { type: 'button', className: 'guide-close', textContent: t('guide.close') });
    close.addEventListener('click', () => this.ctx.close());
    parts.push(close);
    this.box.replaceChildren(...parts);
    this.box.hidden = false;
    this.seeds?.draw();
    this.box.dataset.phase = this.phase;
    for (const panel of document.querySelectorAll('figure[data-panel]')) {
      panel.classList.toggle('guide-focus', this.phase !== 'predict' && panel.dataset.panel === this.guide.focus);
    }
  }
}
