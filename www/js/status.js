// What the page says to the student outside the charts and tables: the status
// line, the play button (its label, icon, and whether it and the step button
// can be pressed) and the notice (a link's values that were changed or
// dropped, a lab's error). It remembers what it shows, so that all of it can
// be said again in the other language (`refresh`).
//
// Not here: when any of it changes (the race's lifecycle, the sweep panel, the
// URL), or the words (the translations; the notice's sentences: readouts.js).

import { $ } from './dom.js';
import { showNotes } from './readouts.js';

export class Status {
  #t;
  #key = 'status.loading';
  #vars = {};
  #playing = false;
  #enabled = false;
  #notes = [];

  /** `t` translates into the current language (i18n.js's `createWords().t`). */
  constructor(t) {
    this.#t = t;
  }

  /** Shows the status `key` (a translation key) filled with `vars`. */
  set(key, vars = {}) {
    this.#key = key;
    this.#vars = vars;
    $('status').textContent = this.#t(key, vars);
  }

  /** The play button as `playing` shows it; the play and step buttons usable when `enabled`. */
  showPlaying(playing, enabled) {
    this.#playing = playing;
    this.#enabled = enabled;
    const label = $('play-label');
    label.dataset.i18n = playing ? 'transport.pause' : 'transport.play';
    label.textContent = this.#t(label.dataset.i18n);
    $('play').querySelector('.icon').className = `icon ${playing ? 'icon-pause' : 'icon-play'}`;
    for (const id of ['play', 'step-once']) $(id).disabled = !enabled;
  }

  /** Replaces the notice's notes (`{kind, name, raw, to}` as parseHash gives them). */
  setNotes(notes) {
    this.#notes = [...notes];
    this.#showNotes();
  }

  /** Adds one note to the notice (a lab's error: `{kind: 'labError', message}`). */
  addNote(note) {
    this.#notes.push(note);
    this.#showNotes();
  }

  /** Says everything again, in the language `t` now translates into. */
  refresh() {
    this.showPlaying(this.#playing, this.#enabled);
    this.set(this.#key, this.#vars);
    this.#showNotes();
  }

  #showNotes() {
    showNotes(this.#notes, this.#t, () => this.setNotes([]));
  }
}
