// MTL Playground's page: wires the state (URL), the controls, the wasm lab, the
// render loop, the charts and the two languages together. Each concern lives in
// its own module; this one only decides what a change leads to.

import init, * as wasm from '../pkg/mtl_playground.js';
import { loadModule, wasmBuild, wasmUrl } from './wasm-build.js';
import { applyLive, buildFunnelLab, buildLab, buildWatchLab, liveApplied, liveOf } from './lab.js';
import { buildControls, readControls } from './controls.js';
import { applyView, reportHeightToHost } from './embed.js';
import { applyTexts, browserLanguage, loadTranslations, translator } from './i18n.js';
import { chartsToDraw, drawQueued, fitCanvas } from './charts.js';
import { SweepLoadError, SweepRun, defaultWorkers, showSweep } from './sweep.js';
import { addSummaryElements, showChartSummaries } from './summaries.js';
import { GuideCard, guideOf, guideState, showGuideLinks } from './guided.js';
import { addPngButtons, download, downloadCanvas, fileName, historyCsv, historyJson } from './export.js';
import { divergedModels, showDiverged, showFunnelSummary, showNotes, showPresetInfo, showSummary, showWatchSummary } from './readouts.js';
import { STEP_BUTTON_STEPS, startLoop } from './render.js';
import { changedProps, clampNumber, defaults, inScenario, isSizeProp, nearestOption, parseHash, propOf, reconcilePreset, toHash, useCore } from './state.js';

const $ = (id) => document.getElementById(id);

/** Milliseconds the URL waits after a control moves before it is rewritten. */
const URL_DELAY_MS = 120;

const app = {
  state: null,
  lab: null,
  labScenario: null, // the scenario the lab was built for
  applied: null, // the live settings the lab currently runs with
  playing: false,
  stepsOwed: 0,
  summary: null,
  needsDraw: false,
  allDiverged: false,
  finished: false, // a funnel race whose every model has early-stopped, a watch race and its w sweep done
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
  sweepToken: 0, // the latest sweep start: one that finishes loading after a newer start or a cancel is dropped
  draws: 0,
  guide: null, // the guided lab's card, when the URL names one
  sweepRun: null, // the sweep panel's current sweep, running or not
  sweepDirty: false,
  sweepDrawnAt: -1, // jobs done when the sweep chart was last drawn

  beforeTrain() {
    const s = this.state;
    const a = this.applied;
    if (!a || liveApplied(s, a)) return; // no race yet, or nothing moved
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
    if (summary.race_finished && !summary.finished && this.playing) {
      setStatus('status.watchSweeping', { done: summary.sweep_done, total: summary.sweep_total });
    }
    if (summary.finished && !this.finished) {
      this.finished = true;
      setPlaying(false);
    }
    this.guide?.onSummary(summary);
  },

  draw() {
    if (this.sweepDirty) drawSweep();
    if (!this.needsDraw || !this.summary) return;
    this.needsDraw = false;
    this.draws += 1;
    const scenario = this.state.scenario;
    if (scenario === 'funnel') showFunnelSummary(this.summary, this.t, this.colors, this.state);
    else if (scenario === 'watch') showWatchSummary(this.summary, this.t, this.colors);
    else {
      showSummary(this.summary, this.t, this.colors);
      showPresetInfo(this.state, this.summary, this.t);
    }
    showChartSummaries(scenario, this.summary, this.t);
    // a new round of chart redraws, spread over the next frames (drawSome)
    this.chartQueue = chartsToDraw(scenario, this.state.panels);
  },

  /** Draws queued charts for at most about DRAW_BUDGET_MS of this frame. */
  drawSome() {
    if (!this.chartQueue?.length || !this.lab) return;
    const start = performance.now();
    const failure = drawQueued(this.chartQueue, this.lab, this.dict, this.state.scenario);
    this.drawMs = performance.now() - start;
    if (failure && failure !== this.chartFailure) console.warn(`chart: ${failure}`);
    if (failure) this.chartFailure = failure;
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
  if (app.allDiverged) return 'status.allDiverged';
  return app.state.scenario === 'watch' ? 'status.watchFinished' : 'status.finished';
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
  $('sweep-kind').value = state.sweep;
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

/**
 * Reads the URL onto the defaults (the browser's language unless the URL says).
 * A URL naming a guided lab reads onto that lab's settings instead, so
 * `#guide=gates` alone sets the lab up; anything else it names still applies.
 */
function readUrl() {
  const base = defaults();
  base.lang = browserLanguage();
  base.workers = defaultWorkers();
  const read = parseHash(location.hash, base);
  if (!guideOf(read.state.guide)) return read;
  return parseHash(location.hash, guideState(read.state.guide, read.state.lang));
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
  redrawSweep();
  if (app.guide) app.guide.render();
  showGuideLinks($('guides'), app.t, app.state.lang, app.state.guide);
}

// --- the sweeps panel ------------------------------------------------------

function redrawSweep() {
  app.sweepDrawnAt = -1;
  app.sweepDirty = true;
}

/** The sweep panel's status, and its chart when there are new results. */
function drawSweep() {
  const run = app.sweepRun;
  app.sweepDirty = false;
  showSweep(run, app.t);
  // the correlation sweep's caption quotes the CLI's 10-seed figures for the preset shown
  const { sweep, preset } = app.state;
  $('sweep-caption').textContent = app.t(sweep === 'correlation' ? `sweep.caption.correlation.${preset}` : `sweep.caption.${sweep}`);
  const canvas = $('chart-sweep');
  canvas.hidden = !run;
  if (!run || app.sweepDrawnAt === run.progress.done || !app.state.panels.includes('sweep')) return;
  if (!fitCanvas(canvas)) return;
  try {
    run.drawChart(canvas, app.dict.sweepChart, window.devicePixelRatio || 1);
    app.sweepDrawnAt = run.progress.done;
  } catch (err) {
    console.warn(`sweep chart: ${err?.message ?? err}`);
  }
}

async function startSweep() {
  const token = ++app.sweepToken;
  app.sweepRun?.free();
  app.sweepRun = null;
  setPlaying(false); // the sweep takes the training time; the race waits
  setStatus('status.sweeping');
  let run = null;
  try {
    // the sweeps' own wasm module, the first time
    run = await SweepRun.start(app.state.sweep, app.state, { workers: app.state.workers, onChange: onSweepChange });
  } catch (err) {
    if (token !== app.sweepToken) return;
    const message = String(err?.message ?? err).slice(0, 200);
    if (err instanceof SweepLoadError) setStatus('status.sweepLoadFailed', { message });
    else {
      app.notes.push({ kind: 'labError', message });
      refreshNotes();
      setStatus('status.paused');
    }
  }
  if (token !== app.sweepToken) {
    run?.free(); // a newer start (or a cancel) came while this one loaded
    return;
  }
  app.sweepRun = run;
  redrawSweep();
  drawSweep(); // cancel and the progress show at once, not at the next redraw
}

/** What a sweep's workers reported: new results to draw, progress, its end or a failure. */
function onSweepChange(what) {
  app.sweepDirty = true; // the status line, at the next redraw
  if (what === 'results') app.sweepDrawnAt = -1;
  if (what === 'finished') announceSweep();
  if (what === 'failed') {
    app.notes.push({ kind: 'labError', message: app.sweepRun.failed.slice(0, 200) });
    refreshNotes();
    redrawSweep();
    setStatus('status.sweepCancelled');
  }
}

function cancelSweep() {
  app.sweepToken += 1; // a sweep still loading its module does not start
  app.sweepRun?.cancel();
  redrawSweep();
  drawSweep(); // say so at once, not at the next redraw
  setStatus('status.sweepCancelled');
}

function announceSweep() {
  redrawSweep();
  setStatus('status.sweepFinished');
  app.guide?.onSweepFinished(app.sweepRun.results());
}

// --- guided labs --------------------------------------------------------------

/** Shows the card of the guided lab the state names (a new one if it changed), or none. */
function applyGuide() {
  const id = app.state.guide;
  showGuideLinks($('guides'), app.t, app.state.lang, id);
  if (app.guide?.guide.id === id) return;
  app.guide = null;
  for (const panel of document.querySelectorAll('.guide-focus')) panel.classList.remove('guide-focus');
  $('guide').hidden = true;
  const guide = guideOf(id);
  if (!guide) return;
  app.guide = new GuideCard($('guide'), guide, {
    t: (key, vars) => app.t(key, vars),
    state: () => structuredClone(app.state),
    play() {
      resetModels(); // a fresh start, so the script's steps mean what they say
      setPlaying(true);
    },
    pause: () => setPlaying(false),
    startSweep,
    setLive(patch) {
      Object.assign(app.state, patch);
      setControls(app.state);
      writeUrlNow();
    },
    close() {
      // back to the whole lab: every panel, the settings as the run left them
      app.state.guide = '';
      app.state.panels = defaults().panels;
      applyView(app.state);
      app.needsDraw = true;
      writeUrlNow();
      applyGuide();
    },
  });
}

// --- the lab's lifecycle --------------------------------------------------

const nextPaint = () => new Promise((ok) => requestAnimationFrame(() => setTimeout(ok, 0)));

/** A new race for the current state (structural settings changed). */
async function rebuild() {
  const token = ++app.rebuildToken;
  if (app.lab && app.labScenario !== app.state.scenario) {
    // another scenario's race must not train or draw under this one's panels while the new one builds
    app.lab.free();
    app.lab = null;
    $('step').textContent = '0';
  }
  setStatus('status.generating');
  await nextPaint(); // let the status show before the data are generated
  if (token !== app.rebuildToken) return;
  try {
    await loadModule(app.state.scenario); // the funnel's or watch time's own module, the first time
  } catch (err) {
    if (token === app.rebuildToken) setStatus('status.loadFailed', { message: String(err?.message ?? err).slice(0, 200) });
    return;
  }
  if (token !== app.rebuildToken) return;
  // the race trains in workers; their records reach the page between frames
  const onRecords = () => (app.recordsArrived = true);
  const build = (state) => {
    if (state.scenario === 'funnel') return buildFunnelLab(state);
    if (state.scenario === 'watch') return buildWatchLab(state);
    return buildLab(state, { workers: state.workers, onRecords });
  };
  let lab;
  try {
    lab = await build(app.state);
  } catch (err) {
    if (token !== app.rebuildToken) return;
    app.notes.push({ kind: 'labError', message: String(err?.message ?? err).slice(0, 200) });
    const { lang, embed, panels, hide, scenario } = app.state;
    app.state = { ...defaults(), lang, embed, panels, hide, scenario };
    setControls(app.state);
    refreshNotes();
    writeUrlNow();
    lab = await build(app.state);
  }
  // a newer rebuild may have started while this one built
  if (token !== app.rebuildToken) {
    lab.free();
    return;
  }
  app.lab?.free();
  app.lab = lab;
  app.labScenario = app.state.scenario;
  app.applied = liveOf(app.state);
  app.stepsOwed = 0;
  app.allDiverged = false;
  app.finished = false;
  app.divergedCount = -1;
  app.afterTrain(lab.summary());
  setPlaying(app.playing);
}

function resetModels() {
  if (!app.lab || app.state.scenario !== 'tasks') {
    // no race (its scenario's module failed to load): try again; the funnel and
    // the feed regenerate with their models: a fresh race from the same seed
    rebuild();
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
  reconcilePreset(app.state, name); // a preset sets the sizes; a size names the preset
  if (value !== raw || name === 'preset' || isSizeProp(name)) setControls(app.state); // show what was clamped or set
  scheduleUrl();
  if (name === 'sweep' || name === 'preset' || isSizeProp(name)) redrawSweep(); // the caption names the preset
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
  if (changed.includes('guide') || changed.some(rebuilds)) {
    app.guide = null; // a new lab, or the guided one set up afresh
    applyGuide();
  }
  app.needsDraw = true;
  redrawSweep();
  writeUrlNow();
}

// --- wiring -----------------------------------------------------------------

function wireButtons() {
  $('play').addEventListener('click', () => {
    if (app.sweepRun?.running) cancelSweep(); // the race takes the time back
    setPlaying(!app.playing);
  });
  $('step-once').addEventListener('click', () => {
    setPlaying(false);
    app.stepsOwed += STEP_BUTTON_STEPS;
  });
  $('reset').addEventListener('click', resetModels);
  $('diverged-reset').addEventListener('click', resetModels);
  $('diverged-lower').addEventListener('click', () => {
    const steps = propOf('lr').options;
    const i = Math.max(0, steps.indexOf(app.state.lr) - 2); // about a third
    app.state.lr = steps[i];
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
  $('export-csv').addEventListener('click', () => exportHistory('csv'));
  $('export-json').addEventListener('click', () => exportHistory('json'));
  $('sweep-start').addEventListener('click', startSweep);
  $('sweep-cancel').addEventListener('click', cancelSweep);
  $('sweep-kind').addEventListener('change', () => onControl('sweep', $('sweep-kind').value, true));
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
  window.addEventListener('resize', () => {
    app.needsDraw = true;
    redrawSweep();
  });
}

// --- export -------------------------------------------------------------------

/** Downloads the run's records as `csv` or `json`. */
function exportHistory(format) {
  if (!app.lab) return;
  const history = app.lab.history();
  const { scenario } = app.state;
  const name = fileName(app.state, app.summary?.step ?? 0, format);
  if (format === 'csv') download(new Blob([historyCsv(scenario, history)], { type: 'text/csv' }), name);
  else download(new Blob([historyJson(scenario, app.state, history)], { type: 'application/json' }), name);
}

function exportChart(panel) {
  const canvas = $(`chart-${panel}`);
  if (canvas && !canvas.hidden && canvas.width > 0) downloadCanvas(canvas, fileName(app.state, app.summary?.step ?? 0, 'png', panel));
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
  const [dicts] = await Promise.all([loadTranslations(), init({ module_or_path: wasmUrl() })]);
  app.dicts = dicts;
  useCore(wasm.coreParams()); // the core's settings, ranges, defaults and presets: before any state is made
  // the charts' colours, for the HTML legends and tables
  app.colors = { ...wasm.modelColors(), ...wasm.funnelModelColors(), ...wasm.watchModelColors() };
  const { state, notes } = readUrl();
  app.state = state;
  app.notes = notes;
  app.controls = buildControls($('controls'), { onChange: onControl, modelColors: app.colors });
  addPngButtons(exportChart);
  addSummaryElements();
  setControls(state);
  applyView(state);
  applyLanguage();
  wireButtons();
  await rebuild();
  applyGuide();
  writeUrlNow();
  $('reset').disabled = false;
  setPlaying(state.autoplay);
  startLoop(app);
  reportHeightToHost();
  // For the end-to-end tests and the curious: the current state and controls.
  window.mtlPlayground = {
    get state() { return structuredClone(app.state); },
    get summary() { return structuredClone(app.summary); },
    get draws() { return app.draws; },
    get drawMs() { return app.drawMs; },
    get sweepResults() { return app.sweepRun?.results() ?? null; },
    controls: () => readControls(app.controls.inputs),
    wasmBuild: wasmBuild(),
  };
}

main().catch((err) => {
  $('status').textContent = `Could not start / 无法启动: ${err?.message ?? err}`;
  console.error(err);
});
