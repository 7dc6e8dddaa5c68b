// MTL Playground's page: wires the state (URL), the controls, the wasm lab, the
// render loop, the charts and the two languages together. Each concern lives in
// its own module; this one only decides what a change leads to.

import init, * as wasm from '../pkg/mtl_playground.js';
import { applyLive, buildFunnelLab, buildLab, liveApplied, liveOf } from './lab.js';
import { buildControls, readControls } from './controls.js';
import { applyView } from './embed.js';
import { applyTexts, browserLanguage, loadTranslations, translator } from './i18n.js';
import { drawCharts } from './charts.js';
import { divergedModels, showDiverged, showFunnelSummary, showNotes, showSummary } from './readouts.js';
import { STEP_BUTTON_STEPS, startLoop } from './render.js';
import { LR_STEPS, changedProps, clampNumber, defaults, inScenario, nearestOption, parseHash, propOf, toHash } from './state.js';

const $ = (id) => document.getElementById(id);

/** Milliseconds the URL waits after a control moves before it is rewritten. */
const URL_DELAY_MS = 120;

const app = {
  state: null,
  lab: null,
  applied: null, // the live settings the lab currently runs with
  playing: false,
  stepsOwed: 0,
  summary: null,
  needsDraw: false,
  allDiverged: false,
  finished: false, // a funnel race whose every model has early-stopped
  divergedCount: 0,
  notes: [],
  dicts: null,
  dict: null,
  t: (key) => key,
  colors: {},
  controls: null,
  statusKey: 'status.loading',
  statusVars: {},
  rebuildToken: 0,
  draws: 0,

  beforeTrain() {
    const s = this.state;
    const a = this.applied;
    if (!a || liveApplied(s, a)) return; // the funnel has no live settings
    this.applied = applyLive(this.lab, s, a);
    this.afterTrain(this.lab.summary());
  },

  afterTrain(summary) {
    this.summary = summary;
    this.needsDraw = true;
    $('step').textContent = summary.step.toLocaleString('en-US');
    const diverged = divergedModels(summary);
    if (diverged.length !== this.divergedCount) {
      this.divergedCount = diverged.length;
      showDiverged(diverged, this.t);
      this.allDiverged = diverged.length === summary.models.length;
      if (this.allDiverged) {
        setPlaying(false);
        setStatus('status.allDiverged');
      }
    }
    if (summary.finished && !this.finished) {
      this.finished = true;
      setPlaying(false);
    }
  },

  draw() {
    if (!this.summary) return;
    this.draws += 1;
    const start = performance.now();
    const scenario = this.state.scenario;
    if (scenario === 'funnel') showFunnelSummary(this.summary, this.t, this.colors, this.state);
    else showSummary(this.summary, this.t, this.colors);
    const failure = drawCharts(this.lab, this.dict, scenario, this.state.panels);
    this.drawMs = performance.now() - start;
    if (failure && failure !== this.chartFailure) console.warn(`chart: ${failure}`);
    this.chartFailure = failure;
  },

  fail(err) {
    setPlaying(false);
    setStatus('status.error', { message: err?.message ?? String(err) });
  },
};

function setStatus(key, vars = {}) {
  app.statusKey = key;
  app.statusVars = vars;
  $('status').textContent = app.t(key, vars);
}

/** The race cannot go on: every model diverged, or (funnel) every model stopped early. */
const halted = () => app.allDiverged || app.finished;

function haltedStatus() {
  return app.allDiverged ? 'status.allDiverged' : 'status.finished';
}

function setPlaying(playing) {
  app.playing = playing && !halted();
  const label = $('play-label');
  label.dataset.i18n = app.playing ? 'transport.pause' : 'transport.play';
  label.textContent = app.t(label.dataset.i18n);
  $('play').querySelector('.icon').className = `icon ${app.playing ? 'icon-pause' : 'icon-play'}`;
  if (app.lab) setStatus(app.playing ? 'status.training' : halted() ? haltedStatus() : 'status.paused');
  for (const id of ['play', 'step-once']) $(id).disabled = !app.lab || halted();
}

const scenarioRadios = () => document.querySelectorAll('input[name="scenario"]');

/** Shows `state` in every control, the scenario switch included. */
function setControls(state) {
  app.controls.set(state);
  for (const radio of scenarioRadios()) radio.checked = radio.value === state.scenario;
}

// --- the URL -------------------------------------------------------------

let urlTimer = null;
function writeUrlNow() {
  clearTimeout(urlTimer);
  urlTimer = null;
  history.replaceState(null, '', location.pathname + location.search + toHash(app.state));
}
function scheduleUrl() {
  if (urlTimer === null) urlTimer = setTimeout(writeUrlNow, URL_DELAY_MS);
}

/** Reads the URL onto the defaults (the browser's language unless the URL says). */
function readUrl() {
  const base = defaults();
  base.lang = browserLanguage();
  return parseHash(location.hash, base);
}

function refreshNotes() {
  showNotes(app.notes, app.t, () => {
    app.notes = [];
    refreshNotes();
  });
}

// --- language and view ----------------------------------------------------

function applyLanguage() {
  app.dict = app.dicts[app.state.lang];
  app.t = translator(app.dict);
  applyTexts(document, app.dict, app.state.lang);
  setPlaying(app.playing);
  setStatus(app.statusKey, app.statusVars);
  refreshNotes();
  app.divergedCount = -1; // re-render the banner in the new language
  if (app.summary) app.afterTrain(app.summary);
  app.needsDraw = true;
}

// --- the lab's lifecycle --------------------------------------------------

const nextPaint = () => new Promise((ok) => requestAnimationFrame(() => setTimeout(ok, 0)));

/** A new race for the current state (structural settings changed). */
async function rebuild() {
  const token = ++app.rebuildToken;
  setStatus('status.generating');
  await nextPaint(); // let the status show before the data are generated
  if (token !== app.rebuildToken) return;
  const build = (state) => (state.scenario === 'funnel' ? buildFunnelLab(state) : buildLab(state));
  let lab;
  try {
    lab = build(app.state);
  } catch (err) {
    app.notes.push({ kind: 'labError', message: String(err?.message ?? err).slice(0, 200) });
    const { lang, embed, panels, hide, scenario } = app.state;
    app.state = { ...defaults(), lang, embed, panels, hide, scenario };
    setControls(app.state);
    refreshNotes();
    writeUrlNow();
    lab = build(app.state);
  }
  app.lab?.free();
  app.lab = lab;
  app.applied = app.state.scenario === 'tasks' ? liveOf(app.state) : null;
  app.stepsOwed = 0;
  app.allDiverged = false;
  app.finished = false;
  app.divergedCount = -1;
  app.afterTrain(lab.summary());
  setPlaying(app.playing);
}

function resetModels() {
  if (!app.lab) return;
  if (app.state.scenario === 'funnel') {
    rebuild(); // the funnel regenerates with its models: a fresh race from the same seed
    return;
  }
  app.lab.resetModels();
  app.stepsOwed = 0;
  app.allDiverged = false;
  app.divergedCount = -1;
  app.afterTrain(app.lab.summary());
  setPlaying(app.playing);
}

/** A control moved: record it, then apply live, rebuild, or re-view. */
function onControl(name, raw, final) {
  const prop = propOf(name);
  let value = raw;
  if (prop.type === 'number' || prop.type === 'int') {
    value = Number.isFinite(raw) ? clampNumber(prop, raw)[0] : app.state[name];
  } else if (prop.type === 'choice') {
    value = nearestOption(prop, raw);
  } else if (prop.type === 'enum') {
    value = prop.options.includes(raw) ? raw : app.state[name];
  }
  const changed = JSON.stringify(value) !== JSON.stringify(app.state[name]);
  app.state[name] = value;
  if (value !== raw) setControls(app.state); // show what was clamped
  scheduleUrl();
  if (name === 'scenario' && changed) {
    applyView(app.state);
    writeUrlNow();
  }
  if (prop.apply === 'rebuild' && final && (changed || app.pendingRebuild)) {
    app.pendingRebuild = false;
    rebuild();
  } else if (prop.apply === 'rebuild' && changed) {
    app.pendingRebuild = true; // a slider still moving: rebuild on release
  }
}

/** The hash changed by hand or by navigation: apply what differs. */
function onHashChange() {
  const { state, notes } = readUrl();
  const changed = changedProps(app.state, state);
  app.state = state;
  app.notes = notes;
  setControls(state);
  refreshNotes();
  if (changed.includes('lang')) applyLanguage();
  applyView(state);
  const rebuilds = (name) => propOf(name).apply === 'rebuild' && inScenario(propOf(name), state.scenario);
  if (changed.some(rebuilds)) rebuild();
  app.needsDraw = true;
  writeUrlNow();
}

// --- wiring -----------------------------------------------------------------

function wireButtons() {
  $('play').addEventListener('click', () => setPlaying(!app.playing));
  $('step-once').addEventListener('click', () => {
    setPlaying(false);
    app.stepsOwed += STEP_BUTTON_STEPS;
  });
  $('reset').addEventListener('click', resetModels);
  $('diverged-reset').addEventListener('click', resetModels);
  $('diverged-lower').addEventListener('click', () => {
    const i = Math.max(0, LR_STEPS.indexOf(app.state.lr) - 2); // about a third
    app.state.lr = LR_STEPS[i];
    setControls(app.state);
    writeUrlNow();
    app.beforeTrain();
    resetModels();
  });
  $('lang-toggle').addEventListener('click', () => {
    app.state.lang = app.state.lang === 'zh' ? 'en' : 'zh';
    applyLanguage();
    writeUrlNow();
  });
  $('copy-link').addEventListener('click', copyLink);
  document.addEventListener('keydown', (event) => {
    // Space plays/pauses unless a control (which uses the key itself) has focus.
    const target = event.target;
    const free = target === document.body || target === document.documentElement;
    if (event.key === ' ' && free && !$('play').disabled) {
      event.preventDefault();
      setPlaying(!app.playing);
    }
  });
  for (const radio of scenarioRadios()) {
    radio.addEventListener('change', () => radio.checked && onControl('scenario', radio.value, true));
  }
  window.addEventListener('hashchange', onHashChange);
  window.addEventListener('resize', () => (app.needsDraw = true));
}

async function copyLink() {
  writeUrlNow();
  const url = location.href;
  const button = $('copy-link');
  const done = () => {
    button.textContent = app.t('transport.copied');
    setTimeout(() => (button.textContent = app.t('transport.copy')), 2000);
  };
  try {
    await navigator.clipboard.writeText(url);
    $('copy-fallback').hidden = true;
    done();
  } catch {
    // No clipboard access (permissions, insecure context): show the link to copy by hand.
    const input = $('copy-fallback-input');
    input.value = url;
    $('copy-fallback').hidden = false;
    input.focus();
    input.select();
    if (document.execCommand?.('copy')) done();
  }
}

async function main() {
  const [dicts] = await Promise.all([loadTranslations(), init()]);
  app.dicts = dicts;
  // the charts' colours, for the HTML legends and tables
  app.colors = { ...wasm.modelColors(), ...wasm.funnelModelColors() };
  const { state, notes } = readUrl();
  app.state = state;
  app.notes = notes;
  app.controls = buildControls($('controls'), { onChange: onControl, modelColors: app.colors });
  setControls(state);
  applyView(state);
  applyLanguage();
  wireButtons();
  await rebuild();
  writeUrlNow();
  $('reset').disabled = false;
  setPlaying(state.autoplay);
  startLoop(app);
  // For the end-to-end tests and the curious: the current state and controls.
  window.mtlPlayground = {
    get state() { return structuredClone(app.state); },
    get summary() { return structuredClone(app.summary); },
    get draws() { return app.draws; },
    get drawMs() { return app.drawMs; },
    controls: () => readControls(app.controls.inputs),
  };
}

main().catch((err) => {
  $('status').textContent = `Could not start / 无法启动: ${err?.message ?? err}`;
  console.error(err);
});
