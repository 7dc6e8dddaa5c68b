// The lab's state and its URL form. One table of props (TF Playground's
// state.ts PROPS) is the single source of truth for parsing, clamping and
// serialising; nothing read from the URL is ever treated as markup.
//
// Not here: the DOM (controls.js), the wasm config (lab.js), the wording of the
// notices (i18n.js turns the structured notes below into text), the presets'
// sizes (presets.js, generated from the Rust core's one definition).

import { DEFAULT_PRESET, PRESETS } from './presets.js';

export const MODEL_IDS = ['single', 'shared_bottom', 'omoe', 'mmoe', 'cgc', 'ple'];
/** The race a bare link shows: the MMoE paper's comparison. */
export const DEFAULT_MODELS = ['single', 'shared_bottom', 'omoe', 'mmoe'];
/** Loss-weighting strategies, as the page names them (the core's kinds: fixed, uncertainty, grad_norm). */
export const WEIGHTINGS = ['fixed', 'uncertainty', 'gradnorm'];
/** The ESMM paper's Table 2 models, as the core names them. */
export const FUNNEL_MODEL_IDS = ['base', 'division', 'esmm_ns', 'esmm'];
/** The watch-time models, as the core names them. */
export const WATCH_MODEL_IDS = ['ctr', 'weighted_ce', 'two_tasks'];
export const SCENARIOS = ['tasks', 'funnel', 'watch'];
/** Each scenario's chart panels, in page order. */
export const SCENARIO_PANELS = {
  tasks: ['losses', 'gates', 'seesaw', 'conflict', 'weights', 'sweep'],
  funnel: ['funnel', 'cvrAuc', 'calibration'],
  watch: ['watchTradeoff', 'watchOdds', 'watchWeights'],
};
export const PANEL_IDS = Object.values(SCENARIO_PANELS).flat();
export const LANGS = ['zh', 'en'];
/** The guided labs (guided.js holds what each does, and why watch time comes last). */
export const GUIDE_IDS = ['sharing', 'gates', 'seesaw', 'esmm', 'weighting', 'watch'];
/** The sweeps the sweep panel offers (the core's kinds). */
export const SWEEP_KINDS = ['loss_weight', 'trainability', 'correlation'];

/** The named presets, and `custom` for sizes that match none of them. */
export const PRESET_IDS = [...Object.keys(PRESETS), 'custom'];

/** The page's size props and the core's `sizes` fields they set. */
export const SIZE_PROPS = { experts: 'experts', expertUnits: 'expert_units', towerUnits: 'tower_units', bottomUnits: 'bottom_units' };

/** A preset's sizes as page props: `{ experts, expertUnits, towerUnits, bottomUnits }`. */
export function presetSizes(id) {
  const sizes = PRESETS[id]?.sizes;
  return sizes && Object.fromEntries(Object.entries(SIZE_PROPS).map(([prop, field]) => [prop, sizes[field]]));
}

/** A preset's entry in presets.js (sizes, sweep steps); custom sizes fall back to the default preset's. */
export const presetOrDefault = (id) => PRESETS[id] ?? PRESETS[DEFAULT_PRESET];

/** The preset whose sizes `state` has, or `custom`. */
export function presetOf(state) {
  const id = Object.keys(PRESETS).find((p) => Object.entries(presetSizes(p)).every(([k, v]) => state[k] === v));
  return id ?? 'custom';
}

/**
 * After `name` changed: choosing a preset sets its sizes; moving a size makes
 * the preset whichever one the sizes now match (or `custom`).
 */
export function reconcilePreset(state, name) {
  if (name === 'preset' && PRESETS[state.preset]) Object.assign(state, presetSizes(state.preset));
  else if (name === 'preset' || name in SIZE_PROPS) state.preset = presetOf(state);
  return state;
}

const DEFAULT_SIZES = presetSizes(DEFAULT_PRESET);

/** Learning rates offered on the log-scale slider. */
export const LR_STEPS = [1e-4, 2e-4, 3e-4, 5e-4, 1e-3, 2e-3, 3e-3, 5e-3, 1e-2, 2e-2, 3e-2];

/**
 * How a change reaches the running lab:
 * live    — applied to the running models at once (no reset),
 * rebuild — restarts the race (a new Lab),
 * view    — page only (language, embedding).
 * `scenario` marks a prop that only one scenario uses: the URL carries it only
 * while that scenario is shown (a link still may name any prop).
 * The funnel's defaults are the design's reference funnel (§1.5), whose
 * findings were measured with the CLI (docs/esmm-findings.md).
 */
export const PROPS = [
  { name: 'scenario', type: 'enum', def: 'tasks', options: SCENARIOS, apply: 'rebuild' },
  { name: 'p', type: 'number', def: 0.5, min: -1, max: 1, step: 0.05, apply: 'live', scenario: 'tasks' },
  { name: 'w', type: 'number', def: 0.5, min: 0, max: 1, step: 0.05, apply: 'live', scenario: 'tasks' },
  { name: 'weighting', type: 'enum', def: 'fixed', options: WEIGHTINGS, apply: 'live', scenario: 'tasks' },
  { name: 'alpha', type: 'number', def: 1.5, min: 0, max: 3, step: 0.25, apply: 'live', scenario: 'tasks' },
  { name: 'lr', type: 'choice', def: 3e-3, options: LR_STEPS, apply: 'live', scenario: 'tasks' },
  { name: 'models', type: 'list', def: DEFAULT_MODELS, options: MODEL_IDS, nonEmpty: true, apply: 'rebuild', scenario: 'tasks' },
  { name: 'preset', type: 'enum', def: DEFAULT_PRESET, options: PRESET_IDS, apply: 'rebuild', scenario: 'tasks' },
  { name: 'bottomUnits', type: 'int', def: DEFAULT_SIZES.bottomUnits, min: 1, max: 128, apply: 'rebuild', scenario: 'tasks' },
  { name: 'experts', type: 'int', def: DEFAULT_SIZES.experts, min: 1, max: 16, apply: 'rebuild', scenario: 'tasks' },
  { name: 'expertUnits', type: 'int', def: DEFAULT_SIZES.expertUnits, min: 1, max: 64, apply: 'rebuild', scenario: 'tasks' },
  { name: 'towerUnits', type: 'int', def: DEFAULT_SIZES.towerUnits, min: 1, max: 64, apply: 'rebuild', scenario: 'tasks' },
  { name: 'batch', type: 'choice', def: 256, options: [32, 64, 128, 256, 512, 1024], apply: 'rebuild', scenario: 'tasks' },
  { name: 'samples', type: 'choice', def: 50000, options: [5000, 10000, 20000, 50000, 100000], apply: 'rebuild', scenario: 'tasks' },
  { name: 'selection', type: 'number', def: 1.5, min: 0, max: 3, step: 0.25, apply: 'rebuild', scenario: 'funnel' },
  { name: 'rho', type: 'number', def: 0.8, min: 0, max: 1, step: 0.1, apply: 'rebuild', scenario: 'funnel' },
  { name: 'ctr', type: 'choice', def: 0.08, options: [0.02, 0.04, 0.08, 0.15], apply: 'rebuild', scenario: 'funnel' },
  { name: 'cvr', type: 'choice', def: 0.08, options: [0.02, 0.05, 0.08, 0.15, 0.3], apply: 'rebuild', scenario: 'funnel' },
  { name: 'items', type: 'choice', def: 2000, options: [500, 1000, 2000, 4000, 8000], apply: 'rebuild', scenario: 'funnel' },
  { name: 'funnelModels', type: 'list', def: FUNNEL_MODEL_IDS, options: FUNNEL_MODEL_IDS, nonEmpty: true, apply: 'rebuild', scenario: 'funnel' },
  // the watch-time feed (docs/watch-findings.md): negative = clickbait
  { name: 'appealQuality', type: 'number', def: -0.7, min: -1, max: 1, step: 0.1, apply: 'rebuild', scenario: 'watch' },
  { name: 'clickRate', type: 'choice', def: 0.1, options: [0.02, 0.05, 0.1, 0.2, 0.3, 0.5], apply: 'rebuild', scenario: 'watch' },
  { name: 'clickWeight', type: 'number', def: 0.3, min: 0, max: 1, step: 0.05, apply: 'live', scenario: 'watch' },
  { name: 'watchModels', type: 'list', def: WATCH_MODEL_IDS, options: WATCH_MODEL_IDS, nonEmpty: true, apply: 'rebuild', scenario: 'watch' },
  { name: 'seed', type: 'int', def: 1, min: 0, max: 99999, apply: 'rebuild' },
  { name: 'sweep', type: 'enum', def: 'correlation', options: SWEEP_KINDS, apply: 'view', scenario: 'tasks' },
  // the page fills in navigator.hardwareConcurrency − 1 (sweep.js), as it fills in the language
  { name: 'workers', type: 'int', def: 1, min: 1, max: 16, apply: 'view' },
  { name: 'guide', type: 'enum', def: '', options: ['', ...GUIDE_IDS], apply: 'view' },
  { name: 'lang', type: 'enum', def: null, options: LANGS, apply: 'view' },
  { name: 'autoplay', type: 'bool', def: true, apply: 'view' },
  { name: 'embed', type: 'bool', def: false, apply: 'view' },
  { name: 'panels', type: 'list', def: PANEL_IDS, options: PANEL_IDS, nonEmpty: true, apply: 'view' },
  { name: 'hide', type: 'list', def: [], options: null, apply: 'view' },
];

/** Names `hide=` accepts: every control plus the page's button rows. */
export const HIDEABLE = [
  'p', 'w', 'weighting', 'alpha', 'lr', 'models', 'preset', 'bottomUnits', 'experts', 'expertUnits', 'towerUnits', 'batch', 'samples',
  'selection', 'rho', 'ctr', 'cvr', 'items', 'funnelModels', 'appealQuality', 'clickRate', 'clickWeight', 'watchModels', 'seed',
  'scenario', 'sweep', 'guides', 'transport', 'lang', 'link', 'table', 'export',
];

const BY_NAME = new Map(PROPS.map((prop) => [prop.name, prop]));
export const propOf = (name) => BY_NAME.get(name);

/** Longest piece of a URL value quoted back in a notice. */
const QUOTE_MAX = 32;
const quote = (raw) => (raw.length > QUOTE_MAX ? `${raw.slice(0, QUOTE_MAX)}…` : raw);

/** The default state; `lang` is filled in from the browser by the caller. */
export function defaults() {
  const state = {};
  for (const prop of PROPS) state[prop.name] = Array.isArray(prop.def) ? [...prop.def] : prop.def;
  return state;
}

/** Clamps a finite number into a prop's range (rounding ints); returns [value, clamped?]. */
export function clampNumber(prop, x) {
  let v = prop.type === 'int' ? Math.round(x) : x;
  if (prop.step) v = Math.round((v - prop.min) / prop.step) * prop.step + prop.min;
  v = Math.min(prop.max, Math.max(prop.min, v));
  if (prop.type === 'number') v = Number(v.toFixed(4)); // no 0.30000000000000004 in links
  return [v, v !== x];
}

/** The option nearest to `x` (on a log scale for positive options). */
export function nearestOption(prop, x) {
  const dist = (o) => (x > 0 && o > 0 ? Math.abs(Math.log(o / x)) : Math.abs(o - x));
  return prop.options.reduce((best, o) => (dist(o) < dist(best) ? o : best), prop.options[0]);
}

/**
 * Parses one raw URL value for `prop`. Returns `{ value, note }`: value is
 * undefined when dropped; note (if any) is `{ kind, name, raw, to }` for the notice.
 */
export function parseValue(prop, raw) {
  const name = prop.name;
  if (prop.type === 'number' || prop.type === 'int' || prop.type === 'choice') {
    const x = raw.trim() === '' ? NaN : Number(raw);
    if (!Number.isFinite(x)) return { value: undefined, note: { kind: 'notNumber', name, raw: quote(raw) } };
    if (prop.type === 'choice') {
      const v = nearestOption(prop, x);
      return { value: v, note: v === x ? null : { kind: 'snapped', name, raw: quote(raw), to: String(v) } };
    }
    const [v, changed] = clampNumber(prop, x);
    if (!changed) return { value: v, note: null };
    const inRange = x >= prop.min && x <= prop.max; // then only rounded to the control's step
    return { value: v, note: { kind: inRange ? 'snapped' : 'clamped', name, raw: quote(raw), to: String(v) } };
  }
  if (prop.type === 'bool') {
    if (raw === '1' || raw === 'true') return { value: true, note: null };
    if (raw === '0' || raw === 'false') return { value: false, note: null };
    return { value: undefined, note: { kind: 'badValue', name, raw: quote(raw) } };
  }
  if (prop.type === 'enum') {
    if (prop.options.includes(raw)) return { value: raw, note: null };
    return { value: undefined, note: { kind: 'badValue', name, raw: quote(raw) } };
  }
  // list: comma-separated known items, each once, kept in the table's order
  const options = prop.options ?? HIDEABLE;
  const items = raw.split(',').filter((s) => s !== '');
  const bad = items.filter((s) => !options.includes(s));
  const kept = options.filter((o) => items.includes(o));
  if (prop.nonEmpty && kept.length === 0) {
    return { value: undefined, note: { kind: 'emptyList', name, raw: quote(raw) } };
  }
  const note = bad.length ? { kind: 'droppedItems', name, raw: quote(bad.join(',')) } : null;
  return { value: kept, note };
}

/**
 * Reads a location hash (`#a=1&b=2`) onto a copy of `base`. Returns
 * `{ state, notes }`; never throws, whatever the hash holds.
 */
export function parseHash(hash, base) {
  const state = structuredClone(base);
  const notes = [];
  const body = String(hash ?? '').replace(/^#/, '');
  if (body === '') return { state, notes };
  const seen = new Set();
  for (const part of body.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    let key;
    let raw;
    try {
      key = decodeURIComponent(eq < 0 ? part : part.slice(0, eq));
      raw = eq < 0 ? '' : decodeURIComponent(part.slice(eq + 1));
    } catch {
      notes.push({ kind: 'malformed', name: '', raw: quote(part) });
      continue;
    }
    const prop = BY_NAME.get(key);
    if (!prop) {
      notes.push({ kind: 'unknownKey', name: quote(key), raw: quote(raw) });
      continue;
    }
    if (seen.has(key)) notes.push({ kind: 'repeated', name: key, raw: quote(raw) });
    seen.add(key);
    const { value, note } = parseValue(prop, raw);
    if (note) notes.push(note);
    if (value !== undefined) state[key] = value;
  }
  // a named preset sets the sizes the link does not name; then the preset is
  // whichever one the sizes match (explicit sizes override, as in the CLI)
  if (seen.has('preset') && PRESETS[state.preset]) {
    for (const [key, v] of Object.entries(presetSizes(state.preset))) if (!seen.has(key)) state[key] = v;
  }
  state.preset = presetOf(state);
  return { state, notes };
}

/** Whether `prop` belongs in the URL of a lab showing `scenario`. */
export const inScenario = (prop, scenario) => !prop.scenario || prop.scenario === scenario;

/** The panels shown for `state`: the chosen ones of its scenario, or all of them if none is chosen. */
export function shownPanels(state) {
  const own = SCENARIO_PANELS[state.scenario];
  const chosen = own.filter((id) => state.panels.includes(id));
  return chosen.length ? chosen : own;
}

/** The hash for a state: every prop of its scenario, in table order. */
export function toHash(state) {
  const parts = PROPS.filter((prop) => inScenario(prop, state.scenario)).map((prop) => {
    const v = state[prop.name];
    let text;
    if (prop.type === 'bool') text = v ? '1' : '0';
    else if (prop.type === 'list') text = v.map(encodeURIComponent).join(',');
    else text = encodeURIComponent(String(v ?? ''));
    return `${prop.name}=${text}`;
  });
  return `#${parts.join('&')}`;
}

/** Props whose values differ between two states. */
export function changedProps(a, b) {
  return PROPS.filter((prop) => JSON.stringify(a[prop.name]) !== JSON.stringify(b[prop.name])).map((p) => p.name);
}
