// The state's URL: reading the hash (at start-up and whenever it changes) and
// writing the state back into it, at once or, while a control moves, shortly
// after it stops. The URL is only ever read through state.js's parseHash and
// written with toHash; nothing in it is treated as markup.
//
// Not here: applying what the URL says (the store and its subscribers).

import { guideOf, guideState } from './guided.js';
import { browserLanguage } from './i18n.js';
import { defaults, parseHash, toHash } from './state.js';
import { defaultWorkers } from './workers.js';

/** Milliseconds the URL waits after a control moves before it is rewritten. */
export const URL_DELAY_MS = 120;

/**
 * Reads the URL onto the defaults (the browser's language and the machine's
 * workers unless the URL says). A URL naming a guided lab reads onto that
 * lab's settings instead, so `#guide=gates` alone sets the lab up; anything
 * else it names still applies. Returns parseHash's `{ state, notes }`.
 */
export function readUrl() {
  const base = defaults();
  base.lang = browserLanguage();
  base.workers = defaultWorkers();
  const read = parseHash(location.hash, base);
  if (!guideOf(read.state.guide)) return read;
  return parseHash(location.hash, guideState(read.state.guide, read.state.lang));
}

/** Writes the store's state into the URL: at once, or after URL_DELAY_MS for a moving control. */
export class UrlWriter {
  #store;
  #timer = null;

  constructor(store) {
    this.#store = store;
  }

  /** Writes the URL now (a pending delayed write is folded in). */
  writeNow() {
    clearTimeout(this.#timer);
    this.#timer = null;
    history.replaceState(null, '', location.pathname + location.search + toHash(this.#store.state));
  }

  /** A store subscriber: a control's change waits a little (a slider sends many), any other is written at once. */
  onState({ source, changed }) {
    if (source === 'control' && !changed.includes('scenario')) {
      if (this.#timer === null) this.#timer = setTimeout(() => this.writeNow(), URL_DELAY_MS);
    } else {
      this.writeNow();
    }
  }
}
