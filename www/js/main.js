// MTL Playground's page: starts it up, in one place and in one order (main()
// below), and says which part hears what. The parts live in their own modules:
// the state and its one way of changing (store.js), the race's lifecycle
// (lifecycle.js), what the page shows of the race (race-view.js), the sweep
// panel (sweep-panel.js), the guided lab's card (guide-host.js), the status
// line and notice (status.js), the URL (url.js), the export buttons
// (export-buttons.js) and the render loop (render.js).
//
// Not here: any part's own work, and no assignment into the state (only the
// store changes it; this module only says what each change goes through).

import init, * as wasm from '../pkg/mtl_playground.js';
import { wasmBuild, wasmUrl } from './wasm-build.js';
import { buildControls, readControls } from './controls.js';
import { DataPanel } from './data-panel.js';
import { count } from './format.js';
import { $ } from './dom.js';
import { applyView, listenToHost, reportHeightToHost } from './embed.js';
import { wireExports } from './export-buttons.js';
import { GuideHost } from './guide-host.js';
import { createWords, loadTranslations } from './i18n.js';
import { Lifecycle } from './lifecycle.js';
import { RaceView } from './race-view.js';
import { Readouts } from './readout.js';
import { addChartPanels } from './panels.js';
import { showDiverged } from './readouts.js';
import { startLoop } from './render.js';
import { addSummaryElements } from './summaries.js';
import { HISTORY_RECENT, propOf, useCore } from './state.js';
import { Status } from './status.js';
import { createStore } from './store.js';
import { SweepPanel } from './sweep-panel.js';
import { UrlWriter, readUrl } from './url.js';

/** The props that change the page's layout (embed.js's applyView). */
const LAYOUT_PROPS = ['scenario', 'embed', 'panels', 'hide'];

/**
 * The page's parts. Each is made once in main() and never replaced; none of
 * them writes into another: they call each other's methods.
 * - store:    the state, and the only way it changes (store.js)
 * - words:    the current language's dictionary and translator (i18n.js)
 * - status:   the status line, the play button and the notice (status.js)
 * - controls: the control panel (controls.js: `set(state)`, `inputs`)
 * - race:     the running race and its lifecycle (lifecycle.js)
 * - view:     the race's readouts and charts (race-view.js)
 * - readouts: the values under the pointer on every chart (readout.js)
 * - sweeps:   the sweep panel (sweep-panel.js)
 * - guides:   the guided lab's card (guide-host.js)
 * - data:     "your data"'s file, columns and labels (data-panel.js)
 * - url:      the URL writer (url.js)
 */
const app = {};

/** Shows `state` in every control, the scenario switch and the sweep menu included. */
function showControls(state) {
  app.controls.set(state);
  $('sweep-kind').value = state.sweep;
  for (const radio of document.querySelectorAll('input[name="scenario"]')) radio.checked = radio.value === state.scenario;
}

/** Every part's words in the state's language. */
function applyLanguage() {
  app.words.use(app.store.state.lang);
  showControls(app.store.state); // the readouts' numbers, as the language writes them
  app.status.refresh();
  app.race.reshow(); // the divergence banner
  app.view.invalidate();
  app.sweeps.redraw();
  app.guides.render();
  app.data.refresh();
}

/**
 * Who hears a change of the state, in this order: the controls show it, the
 * words and the layout follow it, the race takes it (live settings at the
 * next frame, structural ones with a new race), the guided lab's card, the
 * sweep panel and the URL follow it.
 */
function subscribe() {
  const { store } = app;
  store.subscribe(({ state, adjusted, source }) => {
    // a control shows what it was moved to; only what was clamped, or set with it (a preset's sizes), needs showing
    if (source !== 'control' || adjusted.length > 0) showControls(state);
  });
  store.subscribe(({ changed }) => changed.includes('lang') && applyLanguage());
  store.subscribe(({ state, changed, source }) => {
    if (source === 'url' || changed.some((name) => LAYOUT_PROPS.includes(name))) {
      applyView(state);
      app.view.invalidate();
    }
  });
  store.subscribe((event) => app.data.onState(event));
  store.subscribe((event) => app.race.onState(event));
  store.subscribe((event) => app.guides.onState(event));
  store.subscribe((event) => app.sweeps.onState(event));
  store.subscribe((event) => app.url.onState(event));
}

/** The buttons, the keyboard, the scenario switch, the sweep menu, the URL and the window. */
function wireInputs() {
  const { store, race, sweeps } = app;
  $('play').addEventListener('click', () => {
    if (sweeps.running) sweeps.cancel(); // the race takes the time back
    race.setPlaying(!race.playing);
  });
  $('step-once').addEventListener('click', () => race.stepOnce());
  $('reset').addEventListener('click', () => race.resetModels());
  $('diverged-reset').addEventListener('click', () => race.resetModels());
  $('diverged-lower').addEventListener('click', () => {
    const steps = propOf('lr').options;
    const i = Math.max(0, steps.indexOf(store.state.lr) - 2); // about a third
    store.set('lr', steps[i], { source: 'diverged' });
    race.applyLive();
    race.resetModels();
  });
  $('lang-toggle').addEventListener('click', () => store.set('lang', store.state.lang === 'zh' ? 'en' : 'zh', { source: 'lang' }));
  $('data-train').addEventListener('click', async () => {
    if (!app.data.arm()) return;
    await race.rebuild();
    race.setPlaying(true);
  });
  $('data-score').addEventListener('click', () => app.view.scoreTest());
  $('sweep-start').addEventListener('click', () => sweeps.start());
  $('sweep-cancel').addEventListener('click', () => sweeps.cancel());
  $('sweep-kind').addEventListener('change', () => store.set('sweep', $('sweep-kind').value, { source: 'control' }));
  for (const radio of document.querySelectorAll('input[name="scenario"]')) {
    radio.addEventListener('change', () => radio.checked && store.set('scenario', radio.value, { source: 'control' }));
  }
  document.addEventListener('keydown', (event) => {
    // Space plays/pauses unless a control (which uses the key itself) has focus.
    const target = event.target;
    const free = target === document.body || target === document.documentElement;
    if (event.key === ' ' && free && !$('play').disabled) {
      event.preventDefault();
      race.setPlaying(!race.playing);
    }
  });
  window.addEventListener('hashchange', () => {
    // the hash changed by hand or by navigation (a guided lab's link): apply what differs
    const { state, notes } = readUrl();
    app.status.setNotes(notes);
    store.patch(state, { source: 'url' });
  });
  window.addEventListener('resize', () => {
    app.view.invalidate();
    sweeps.redraw();
  });
}

/** What the render loop asks of the race and the views each frame. */
function startRendering() {
  const { race, view, sweeps } = app;
  startLoop({
    lab: () => (sweeps.running ? null : race.lab), // a running sweep has the training time
    applyLive: () => race.applyLive(),
    wanted: () => race.wanted(),
    trained: (summary) => race.trained(summary),
    takeRecords: () => race.takeRecords(),
    summarised: (summary) => race.summarised(summary),
    due: () => !!race.lab && (view.dirty || sweeps.dirty),
    draw() {
      if (sweeps.dirty) sweeps.draw();
      view.draw();
    },
    drawSome: () => {
      // the values under a still pointer follow the race: read again once charts were redrawn, not every frame
      if (view.drawSome()) app.readouts.refresh();
    },
    fail: (err) => race.fail(err),
  });
}

/**
 * The start-up, in order. The wasm module is initialised first and hands
 * state.js the core's settings table (`useCore`): the first state (the
 * defaults, read from that table, and the link read onto them) is only made
 * after it, and everything else reads that state.
 */
async function main() {
  // 1. the wasm module and the translations
  const [dicts] = await Promise.all([loadTranslations(), init({ module_or_path: wasmUrl() })]);
  useCore(wasm.coreParams()); // the core's settings, ranges, defaults and presets: the table every state is read by
  addChartPanels(); // each scenario's live charts, from the core's chart registry
  // 2. the first state: the defaults with the link read onto them
  const { state, notes } = readUrl();
  const store = createStore(state);
  // 3. the parts, which read the state from the store from now on
  const words = createWords(dicts, () => ({ historyRecent: count(HISTORY_RECENT) })); // the export's tips state what a long run keeps
  const status = new Status(words.t);
  status.setNotes(notes);
  // the charts' colours, for the HTML legends and tables
  const colors = { ...wasm.modelColors(), ...wasm.funnelModelColors(), ...wasm.watchModelColors() };
  const controls = buildControls($('controls'), {
    onChange: (name, value, final) => store.set(name, value, { source: 'control', final }),
    modelColors: colors,
  });
  // the view and the guide host are made below (they read the race); the race calls its hooks only once it runs
  let guides = null; // and the guide host starts sweeps, whose panel tells it of a finished one
  // a new file's race is built afresh (its settings may equal the last file's)
  const data = new DataPanel({ store, words, status, onLoaded: () => race.rebuild() });
  const race = new Lifecycle({
    store,
    status,
    data,
    hooks: {
      onSummary(summary) {
        view.onSummary(summary);
        guides.onSummary(summary);
      },
      onDiverged: (models) => showDiverged(models, words.t),
      onCleared: () => view.onCleared(),
    },
  });
  const view = new RaceView({ store, race, words, colors });
  const readouts = new Readouts({ race, words, chartText: () => view.chartText(), colors });
  const sweeps = new SweepPanel({ store, words, status, pause: () => race.setPlaying(false), onResults: (read) => guides.onSweepResults(read), onFinished: (results) => guides.onSweepFinished(results) });
  guides = new GuideHost({ store, words, race, sweeps });
  const url = new UrlWriter(store);
  Object.assign(app, { store, words, status, controls, race, view, readouts, sweeps, guides, url, data });

  // 4. the page as the state says, then the wiring, then the race
  wireExports({ store, race, t: words.t, writeUrl: () => url.writeNow() });
  addSummaryElements();
  readouts.attach();
  showControls(store.state);
  applyView(store.state);
  applyLanguage();
  subscribe();
  wireInputs();
  await race.rebuild();
  guides.show();
  url.writeNow();
  $('reset').disabled = false;
  race.setPlaying(store.state.autoplay);
  startRendering();
  reportHeightToHost();
  listenToHost({ playing: () => race.playing, setPlaying: (playing) => race.setPlaying(playing) });
  // For the end-to-end tests and the curious: the current state and controls.
  window.mtlPlayground = {
    get state() { return structuredClone(store.state); },
    get summary() { return structuredClone(race.summary); },
    get draws() { return view.draws; },
    get drawMs() { return view.drawMs; },
    /** How many records each model's history holds now (what the export writes), in legend order. */
    get records() { return race.lab?.history().map(([, records]) => records.length) ?? []; },
    /** Every model's records, `[[id, records], …]` (what the export writes). */
    get history() { return race.lab?.history() ?? []; },
    get sweepResults() { return sweeps.results(); },
    controls: () => readControls(controls.inputs),
    wasmBuild: wasmBuild(),
  };
}

main().catch((err) => {
  $('status').textContent = `Could not start / 无法启动: ${err?.message ?? err}`;
  console.error(err);
});
