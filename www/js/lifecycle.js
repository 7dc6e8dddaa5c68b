// The race's lifecycle: builds the lab the state asks for (again whenever a
// structural setting changes), resets its models, plays, pauses and steps it,
// hands it the live settings between frames, and reads every training summary
// for what ends a race: every model diverged, the funnel's models all stopped
// early, the watch feed's race and w sweep done. It owns the running race and
// what the page knows of it; the state it reads from the store, and changes
// only through the store (the fallback to the defaults after a lab error).
//
// "Your data" races only once the data panel has a file and its Train button
// was pressed: until then (and after settings the file refuses) it has no race.
//
// Not here: when to train (render.js, through `wanted`, `trained`,
// `summarised` and `takeRecords`), how a summary shows (the `onSummary` and
// `onDiverged` hooks), the wasm configs (lab.js), the status line (status.js).

import { applyLive, liveApplied, liveOf } from './lab.js';
import { divergedModels } from './readouts.js';
import { STEP_BUTTON_STEPS } from './render.js';
import { scenarioPage } from './scenarios.js';
import { defaults } from './state.js';
import { changedOfKind } from './store.js';
import { loadModule } from './wasm-build.js';

const nextPaint = () => new Promise((ok) => requestAnimationFrame(() => setTimeout(ok, 0)));

/** A failure's message, short enough for the status line and the notice. */
const message = (err) => String(err?.message ?? err).slice(0, 200);

export class Lifecycle {
  #store;
  #status;
  #hooks;
  #data;
  #lab = null; // the running race (a RacePool, or a DataRace around one: race.js's Race), or none yet
  #labScenario = null; // the scenario it was built for
  #applied = null; // the live settings it runs with
  #summary = null; // its latest summary
  #playing = false;
  #stepsOwed = 0; // steps the step button asked for, not trained yet
  #allDiverged = false;
  #finished = false; // a funnel race whose every model has early-stopped, a watch race and its w sweep done
  #divergedCount = 0; // models diverged at the last summary (−1: show the banner again)
  #rebuildToken = 0; // the latest rebuild: an older one that finishes after it is dropped
  #pendingRebuild = false; // a structural slider moved and is still held: rebuild on release
  #recordsArrived = false; // the race's workers sent records the page has not read

  /**
   * `store` holds the state; `status` shows the status line and the play
   * button; `hooks` hear of the race: `onSummary(summary)` after every
   * summary read, `onDiverged(models)` when the diverged models change
   * (`[{model, step}]`), `onCleared()` when a race is dropped before its
   * successor is built. `data` (data-panel.js) builds "your data"'s race:
   * `build(state)` resolves to it, or to null while there is none to run (no
   * file, Train not pressed, settings the file refuses: the panel says which).
   */
  constructor({ store, status, hooks, data }) {
    this.#store = store;
    this.#status = status;
    this.#hooks = hooks;
    this.#data = data;
  }

  get lab() {
    return this.#lab;
  }

  get summary() {
    return this.#summary;
  }

  get playing() {
    return this.#playing;
  }

  /** The race cannot go on: every model diverged, or it finished. */
  get halted() {
    return this.#allDiverged || this.#finished;
  }

  setPlaying(playing) {
    this.#playing = playing && !this.halted;
    const status = this.#status;
    status.showPlaying(this.#playing, !!this.#lab && !this.halted);
    if (!this.#lab) return;
    if (this.#playing) status.set('status.training');
    else if (!this.halted) status.set('status.paused');
    else if (this.#allDiverged) status.set('status.allDiverged');
    else status.set(scenarioPage(this.#store.state.scenario).finishedWords);
  }

  /** The step button: pause, and train one recorded point. */
  stepOnce() {
    this.setPlaying(false);
    this.#stepsOwed += STEP_BUTTON_STEPS;
  }

  /** A frame failed: stop, and say why. */
  fail(err) {
    this.setPlaying(false);
    this.#status.set('status.error', { message: err?.message ?? String(err) });
  }

  /** A store subscriber: a structural change builds a new race (a held slider's on release). */
  onState(event) {
    if (event.source === 'fallback') return; // the rebuild that fell back builds the race itself
    const structural = changedOfKind(event, 'rebuild').length > 0;
    if (event.final && (structural || this.#pendingRebuild)) {
      this.#pendingRebuild = false;
      this.rebuild();
    } else if (structural) {
      this.#pendingRebuild = true;
    }
  }

  /** A new race for the current state. */
  async rebuild() {
    const token = ++this.#rebuildToken;
    const current = () => token === this.#rebuildToken; // no newer rebuild started meanwhile
    if (this.#lab && this.#labScenario !== this.#store.state.scenario) {
      // another scenario's race must not train or draw under this one's panels while the new one builds
      this.#lab.free();
      this.#lab = null;
      this.#hooks.onCleared();
    }
    this.#status.set('status.generating');
    await nextPaint(); // let the status show before the data are generated
    if (!current()) return;
    try {
      await loadModule(this.#store.state.scenario); // the funnel's or watch time's own module, the first time
    } catch (err) {
      if (current()) this.#status.set('status.loadFailed', { message: message(err) });
      return;
    }
    if (!current()) return;
    // the race trains in workers; their records reach the page between frames
    const onRecords = () => (this.#recordsArrived = true);
    const build = (state) => scenarioPage(state.scenario).build(state, { workers: state.workers, onRecords, data: this.#data });
    let lab;
    try {
      lab = await build(this.#store.state);
    } catch (err) {
      if (!current()) return;
      // the settings were refused: the defaults, in the same view
      const { lang, embed, panels, hide, scenario } = this.#store.state;
      this.#store.patch({ ...defaults(), lang, embed, panels, hide, scenario }, { source: 'fallback' });
      this.#status.addNote({ kind: 'labError', message: message(err) });
      lab = await build(this.#store.state);
    }
    if (!current()) {
      lab?.free();
      return;
    }
    this.#lab?.free();
    this.#lab = lab;
    this.#labScenario = this.#store.state.scenario;
    this.#applied = liveOf(this.#store.state);
    this.#finished = false;
    if (lab) {
      this.#restarted();
      return;
    }
    // no race to run ("your data" without a file, before Train, or with settings the file refuses: the data panel says which)
    this.#summary = null;
    this.#hooks.onCleared();
    this.#playing = false;
    this.#status.showPlaying(false, false);
    this.#status.set(this.#data.waiting);
  }

  /** The same race from step 0: new models, the same data (the tasks' race), or a rebuild. */
  resetModels() {
    if (!this.#lab || !scenarioPage(this.#store.state.scenario).resetsInPlace) {
      // no race (its scenario's module failed to load): try again; the funnel and
      // the feed regenerate with their models: a fresh race from the same seed
      this.rebuild();
      return;
    }
    this.#lab.resetModels();
    this.#restarted();
  }

  #restarted() {
    this.#stepsOwed = 0;
    this.#allDiverged = false;
    this.#divergedCount = -1;
    this.#read(this.#lab.summary());
    this.setPlaying(this.#playing);
  }

  /** Gives the race the live settings that moved since it last took them (once a frame, or at once). */
  applyLive() {
    const state = this.#store.state;
    if (!this.#lab || !this.#applied || liveApplied(state, this.#applied)) return;
    this.#applied = applyLive(this.#lab, state, this.#applied);
    this.#read(this.#lab.summary());
  }

  /** Shows the last summary again (a new language: the banner's words). */
  reshow() {
    this.#divergedCount = -1;
    if (this.#summary) this.#read(this.#summary);
  }

  // --- what the render loop asks and tells ---------------------------------------

  /** Steps to train now: all it can while playing, what the step button owes while paused. */
  wanted() {
    if (this.halted) return 0;
    return this.#playing ? Infinity : this.#stepsOwed;
  }

  /** A slice of training ended with `summary`. */
  trained(summary) {
    if (!this.#playing) this.#stepsOwed = Math.max(0, this.#stepsOwed - summary.steps_this_call);
    this.#read(summary);
  }

  /** A summary read without training (paused: the workers' last records). */
  summarised(summary) {
    this.#read(summary);
  }

  /** Whether the workers sent records since the last call. */
  takeRecords() {
    const arrived = this.#recordsArrived;
    this.#recordsArrived = false;
    return arrived;
  }

  #read(summary) {
    this.#summary = summary;
    const diverged = divergedModels(summary);
    if (diverged.length !== this.#divergedCount) {
      this.#divergedCount = diverged.length;
      this.#hooks.onDiverged(diverged);
      this.#allDiverged = diverged.length === summary.models.length;
      if (this.#allDiverged) this.setPlaying(false);
    }
    if (summary.race_finished && !summary.finished && this.#playing) {
      this.#status.set('status.watchSweeping', { done: summary.sweep_done, total: summary.sweep_total });
    }
    if (summary.finished && !this.#finished) {
      this.#finished = true;
      this.setPlaying(false);
    }
    this.#hooks.onSummary(summary);
  }
}
