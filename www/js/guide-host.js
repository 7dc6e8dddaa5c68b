// Which guided lab's card the page shows, and what the card may do to the lab:
// start a fresh run, pause, start a sweep, change a live setting as its script
// says, run the same experiment on other seeds (seed-answer.js; ended with
// the card), and close. Every change it makes to the state goes through the store,
// like a control's, so a lab's settings are clamped like any other.
//
// Not here: the guided labs themselves, their card and menu (guided.js).

import { $ } from './dom.js';
import { GuideCard, guideOf, showGuideLinks } from './guided.js';
import { SeedAnswer, hasSeedAnswer } from './seed-answer.js';
import { defaults } from './state.js';
import { changedOfKind } from './store.js';
import { withhold } from './withhold.js';

export class GuideHost {
  #store;
  #words;
  #race;
  #sweeps;
  #card = null; // the card of the guided lab the state names, or none

  /** `store` holds the state, `words` the current language, `race` the lifecycle, `sweeps` the sweep panel. */
  constructor({ store, words, race, sweeps }) {
    this.#store = store;
    this.#words = words;
    this.#race = race;
    this.#sweeps = sweeps;
  }

  /**
   * Shows the card of the guided lab the state names, or none, and marks it in
   * the menu. The card stays as it is if it is already that lab's, unless
   * `fresh` (the lab was set up afresh).
   */
  show({ fresh = false } = {}) {
    const { guide: id, lang } = this.#store.state;
    showGuideLinks($('guides'), this.#words.t, lang, id);
    if (!fresh && this.#card?.guide.id === id) return;
    this.#card?.dispose(); // its other seeds' workers end with it
    this.#card = null;
    withhold([], this.#words.t); // a closed lab keeps nothing back
    for (const panel of document.querySelectorAll('.guide-focus')) panel.classList.remove('guide-focus');
    $('guide').hidden = true;
    const guide = guideOf(id);
    if (!guide) return;
    const store = this.#store;
    const race = this.#race;
    this.#card = new GuideCard($('guide'), guide, {
      t: this.#words.t,
      state: () => structuredClone(store.state),
      play() {
        race.resetModels(); // a fresh start, so the script's steps mean what they say
        race.setPlaying(true);
      },
      pause: () => race.setPlaying(false),
      startSweep: () => this.#sweeps.start(guide.sweep),
      setLive: (patch) => store.patch(patch, { source: 'guide' }),
      // the same experiment on the next seeds, from the state at Run (a sweep lab has none)
      startSeeds: (card) => (hasSeedAnswer(guide) ? new SeedAnswer({ guide, state: structuredClone(store.state), t: this.#words.t, onChange: () => card.render() }) : null),
      // back to the whole lab: every panel, the settings as the run left them
      close: () => store.patch({ guide: '', panels: defaults().panels }, { source: 'guide' }),
    });
  }

  /** A store subscriber: a new guided lab, or (from the URL) the same one set up afresh. */
  onState(event) {
    const fresh = event.source === 'url' && (event.changed.includes('guide') || changedOfKind(event, 'rebuild').length > 0);
    if (fresh || event.changed.includes('guide')) this.show({ fresh });
  }

  /** Redraws the card and the menu in the current language. */
  render() {
    this.#card?.render();
    showGuideLinks($('guides'), this.#words.t, this.#store.state.lang, this.#store.state.guide);
  }

  onSummary(summary) {
    this.#card?.onSummary(summary);
  }

  /** After each finished job of a sweep: `read()` gives its results so far. */
  onSweepResults(read) {
    this.#card?.onSweepResults(read);
  }

  onSweepFinished(results) {
    this.#card?.onSweepFinished(results);
  }
}
