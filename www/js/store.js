// The page's state and the one way it changes. Every change (a control, the
// URL, a guided lab's settings or script, the language button, the lab's
// fallback after an error) is a `set` or a `patch` here, which validates each
// value with state.js's rules (the same clamping and snapping a link gets),
// reconciles the preset with the sizes, works out which props changed and
// tells every subscriber. The state a subscriber reads is frozen: nothing
// outside this module can assign into it.
//
// Not here: what a change leads to. The subscribers decide, mostly by the
// props' `apply` kind in state.js's PROPS (live → the running race takes it,
// rebuild → a new race, view → the page only) and by the change's `source`.
// No DOM: this module runs in Node too (tests/e2e/store.test.mjs).

import { HIDEABLE, changedProps, clampNumber, defaults, inScenario, isSizeProp, nearestOption, parseValue, propOf, reconcilePreset } from './state.js';

/**
 * `raw` as a valid value of `prop`, or `current` when there is none: numbers
 * clamped into range (ints rounded, onto the step), choices snapped to the
 * nearest option, enums and list items checked against their options (a list
 * keeps the table's order; an empty list where one is needed is refused). A
 * string is read as a URL value is (`parseValue`).
 */
export function validate(prop, raw, current) {
  if (typeof raw === 'string' && prop.type !== 'enum') {
    const { value } = parseValue(prop, raw);
    return value === undefined ? current : value;
  }
  switch (prop.type) {
    case 'number':
    case 'int':
      return Number.isFinite(raw) ? clampNumber(prop, raw)[0] : current;
    case 'choice':
      return Number.isFinite(raw) ? nearestOption(prop, raw) : current;
    case 'enum':
      return prop.options.includes(raw) ? raw : current;
    case 'bool':
      return typeof raw === 'boolean' ? raw : current;
    case 'text':
      return current; // a string went through parseValue above
    case 'names':
      return Array.isArray(raw) ? parseValue(prop, raw.filter((n) => typeof n === 'string').map(encodeURIComponent).join(',')).value : current;
    case 'list': {
      if (!Array.isArray(raw)) return current;
      const kept = (prop.options ?? HIDEABLE).filter((o) => raw.includes(o));
      return prop.nonEmpty && kept.length === 0 ? current : kept;
    }
    default:
      throw new Error(`store: prop ${prop.name} has an unknown type ${prop.type}`);
  }
}

/** A copy of `state` that cannot be changed (its lists neither). */
function frozen(state) {
  const copy = {};
  for (const [name, value] of Object.entries(state)) copy[name] = Array.isArray(value) ? Object.freeze([...value]) : value;
  return Object.freeze(copy);
}

/**
 * `values` read onto `base`: each validated, then the preset reconciled as a
 * link's is: a preset named without sizes sets them, named sizes override it,
 * and the preset is then whichever one the sizes match (or `custom`).
 */
function applyValues(base, values) {
  const next = { ...base };
  for (const [name, raw] of Object.entries(values)) {
    const prop = propOf(name);
    // a name no prop has is a mistake in the page's code, not in a link (parseHash drops those)
    if (!prop) throw new Error(`store: no prop named ${name}`);
    next[name] = validate(prop, raw, base[name]);
  }
  const sizes = Object.keys(values).filter((name) => isSizeProp(name));
  if ('preset' in values) {
    const named = Object.fromEntries(sizes.map((name) => [name, next[name]]));
    reconcilePreset(next, 'preset');
    Object.assign(next, named);
  }
  if (sizes.length) reconcilePreset(next, sizes[0]);
  return next;
}

/**
 * The store, starting from `initial` (a whole state: defaults() with the
 * language filled in, or a link read onto them), validated as a patch is.
 *
 * - `store.state`: the current state, frozen. Read it; never keep it past a change.
 * - `store.set(name, value, options)`: one prop; as `patch({ [name]: value })`.
 * - `store.patch(values, { source, final })`: several props at once, one
 *   notification. `source` says where the change came from (`control`, `url`,
 *   `guide`, `lang`, `diverged`, `fallback` …); `final` is false while a
 *   slider is still being dragged (default true). Returns the event below.
 * - `store.subscribe(fn)`: `fn(event)` after every patch, in the order of
 *   subscription, even when nothing changed (a dragged slider released where
 *   it was still ends a drag). Returns the unsubscribe function.
 *
 * An event is `{ state, previous, changed, adjusted, source, final }`:
 * `changed` the props whose value differs from before (in PROPS order),
 * `adjusted` the props given whose stored value is not the one asked for
 * (clamped, snapped, refused, or set by the preset).
 */
export function createStore(initial) {
  // read onto the defaults, so that a value the initial state gets wrong falls back to the prop's default
  let state = frozen(applyValues(defaults(), initial));
  const subscribers = [];
  return {
    get state() {
      return state;
    },
    set(name, value, options) {
      return this.patch({ [name]: value }, options);
    },
    patch(values, { source = 'code', final = true } = {}) {
      const previous = state;
      state = frozen(applyValues(previous, values));
      const changed = changedProps(previous, state);
      // what was not stored as asked, and what moved without being asked (the preset and the sizes move together)
      const adjusted = [
        ...Object.keys(values).filter((name) => JSON.stringify(values[name]) !== JSON.stringify(state[name])),
        ...changed.filter((name) => !(name in values)),
      ];
      const event = { state, previous, changed, adjusted, source, final };
      for (const fn of [...subscribers]) fn(event);
      return event;
    },
    subscribe(fn) {
      subscribers.push(fn);
      return () => {
        const i = subscribers.indexOf(fn);
        if (i >= 0) subscribers.splice(i, 1);
      };
    },
  };
}

/** Props of `kind` (`live`, `rebuild`, `view`) that an event changed and the state's scenario uses. */
export const changedOfKind = (event, kind) => event.changed.filter((name) => {
  const prop = propOf(name);
  return prop.apply === kind && inScenario(prop, event.state.scenario);
});
