// The lab's state and its URL form. One table of props (TF Playground's
// state.ts PROPS) is the single source of truth for parsing, clamping and
// serialising; nothing read from the URL is ever treated as markup.
//
// The core's settings — each one's name, range or options, default and how a
// race takes a change —, its presets and its chart registry are not written here: the wasm hands
// them over at start-up (`coreParams()`, from src/train/params/), and
// `useCore` builds the table from them, so a default changed in the core
// changes the page. This file holds only what is the page's own: the scenario
// shown, the sweep panel, the workers, the guided lab, the language and the view.
//
// Not here: the DOM (controls.js), the wasm config (lab.js), the wording of the
// notices (i18n.js turns the structured notes below into text).

/** The scenarios, in the core's order (its chart registry: every scenario has its charts), set by `useCore`. */
export let SCENARIOS = [];
/** A label's comparisons, as the core's LabelSpec spells them, and each one's
 *  sign as the label pickers and texts write it (`{eq: '=', …}`); filled by [`useCore`]. */
export let LABEL_OPS = [];
export let OP_SIGNS = {};
/** Longest text a link may give a text setting (a column name, a label's value, a file name). */
export const TEXT_MAX = 200;
/** "Your data"'s page-side settings (scope `data`): the file's name and the settings that name
 *  its columns. The split (`validation`, `test`) is the core's (src/train/params/). */
const dataProps = () => [
  { name: 'dataFile', type: 'text', def: '', apply: 'view' },
  ...['A', 'B'].flatMap((task) => [
    { name: `label${task}`, type: 'text', def: '', apply: 'rebuild' },
    { name: `op${task}`, type: 'enum', def: 'eq', options: LABEL_OPS, apply: 'rebuild' },
    { name: `value${task}`, type: 'text', def: '', apply: 'rebuild' },
  ]),
  { name: 'exclude', type: 'names', def: [], apply: 'rebuild' },
].map((prop) => ({ ...prop, scenarios: ['data'] }));
/** Each scenario's chart panels, in page order: its live charts (the core's
 *  chart registry, src/plot/charts.rs) and, for the correlated tasks, the
 *  sweep panel. Filled by [`useCore`]. */
let SCENARIO_PANELS = {};
/** Each scenario's live charts: `{ words, charts }` (the dictionary key of their words, their ids). */
let CHARTS = {};
export const LANGS = ['zh', 'en'];
/** The guided labs in the chapter's order, which the menu numbers follow: loss weighting
 *  (watch time), shared parameters, ESMM, MMoE's gates, the transfer map (seesaw and
 *  negative transfer), letting the loss weights learn. guided.js holds what each does;
 *  a link names a lab by its id, so reordering keeps every link working. */
export const GUIDE_IDS = ['watch', 'sharing', 'esmm', 'gates', 'seesaw', 'weighting'];

/**
 * How a change reaches the running lab (`apply`):
 * live    — applied to the running models at once (no reset),
 * rebuild — restarts the race (a new Lab),
 * view    — page only (language, embedding).
 * `scenarios` marks a prop that only some scenarios use: the URL carries it only
 * while one of them is shown (a link still may name any prop).
 * Types: number, int, choice (one of numbers), enum (one of names), bool,
 * list (some of the options), text (any string up to TEXT_MAX characters:
 * a column name, a label's value) and names (a list of any such strings, the
 * columns a file's race leaves out).
 * The table is empty until [`useCore`] has read the core's settings.
 */
export let PROPS = [];
let BY_NAME = new Map();
/** Names `hide=` accepts: every control (the core's settings, the scenario and the sweep) plus the page's button rows. */
export let HIDEABLE = [];
/** The core's presets by id: `{ values: {bottomUnits, …}, sweepSteps }`. */
let PRESETS = {};
let DEFAULT_PRESET = null;
/** The preset a race on a file is better read at (the core's `Preset::TABLE`). */
export let TABLE_PRESET = null;
/** The CSV export's columns per scenario, `{name, path}` (the core's `train::columns`). */
export let RECORD_COLUMNS = {};
/** Record intervals a race keeps whole; older records are thinned, the more the older (the core's `train::history::RECENT`). */
export let HISTORY_RECENT = 0;

/** A scenario's panels that are not one of its live charts (index.html writes them out): the sweeps. */
const PANELS_BESIDE_CHARTS = { tasks: ['sweep'] };

/**
 * Builds the table from the core's `coreParams()`: `{params, presets,
 * sweep_kinds, charts, label_ops, table_preset, record_columns,
 * history_recent}` (src/train/params/, src/plot/charts.rs,
 * src/data/table/label.rs, src/models/preset.rs, src/train/columns.rs,
 * src/train/history.rs). Called
 * once at start-up, before any state is made or read.
 */
export function useCore({ params, presets, sweep_kinds: sweepKinds, charts, label_ops: labelOps, table_preset: tablePreset, record_columns: recordColumns, history_recent: historyRecent }) {
  TABLE_PRESET = tablePreset;
  HISTORY_RECENT = historyRecent;
  RECORD_COLUMNS = recordColumns;
  LABEL_OPS = labelOps.map((op) => op.id);
  OP_SIGNS = Object.fromEntries(labelOps.map((op) => [op.id, op.symbol]));
  SCENARIOS = charts.map((c) => c.scenario);
  CHARTS = Object.fromEntries(charts.map((c) => [c.scenario, { words: c.words, charts: c.charts }]));
  SCENARIO_PANELS = Object.fromEntries(charts.map((c) => [c.scenario, [...c.charts, ...(PANELS_BESIDE_CHARTS[c.scenario] ?? [])]]));
  const panelIds = Object.values(SCENARIO_PANELS).flat();
  PRESETS = Object.fromEntries(presets.map((p) => [p.id, { values: p.values, sweepSteps: p.sweep_steps }]));
  const core = params.map((spec) => ({
    name: spec.name,
    type: spec.type,
    def: spec.default,
    ...(spec.type === 'number' ? { min: spec.min, max: spec.max, step: spec.step } : {}),
    ...(spec.type === 'int' ? { min: spec.min, max: spec.max } : {}),
    ...(spec.options ? { options: spec.options } : {}),
    ...(spec.type === 'list' ? { nonEmpty: true } : {}),
    apply: spec.apply,
    // a setting of some scenarios only (the seed is every scenario's)
    ...(spec.scenarios.length < SCENARIOS.length ? { scenarios: spec.scenarios } : {}),
    core: true,
  }));
  DEFAULT_PRESET = core.find((p) => p.name === 'preset').def;
  PROPS = [
    { name: 'scenario', type: 'enum', def: 'tasks', options: SCENARIOS, apply: 'rebuild' },
    ...core,
    ...dataProps(),
    { name: 'sweep', type: 'enum', def: sweepKinds.default, options: sweepKinds.options, apply: 'view', scenarios: ['tasks'] },
    // the page fills in navigator.hardwareConcurrency − 1 (workers.js), as it fills in the language
    { name: 'workers', type: 'int', def: 1, min: 1, max: 16, apply: 'view' },
    { name: 'guide', type: 'enum', def: '', options: ['', ...GUIDE_IDS], apply: 'view' },
    { name: 'lang', type: 'enum', def: null, options: LANGS, apply: 'view' },
    { name: 'autoplay', type: 'bool', def: true, apply: 'view' },
    { name: 'embed', type: 'bool', def: false, apply: 'view' },
    { name: 'panels', type: 'list', def: panelIds, options: panelIds, nonEmpty: true, apply: 'view' },
    { name: 'hide', type: 'list', def: [], options: null, apply: 'view' },
  ];
  BY_NAME = new Map(PROPS.map((prop) => [prop.name, prop]));
  HIDEABLE = [...core.map((p) => p.name), 'scenario', 'sweep', 'guides', 'transport', 'lang', 'link', 'table', 'export'];
}

/** `scenario`'s live charts, `{ words, charts }`: the dictionary key of their words and their ids, in page order. */
export const chartsOf = (scenario) => CHARTS[scenario];

/** The core's settings of `scenario` in `state`, by name: what `raceConfig` & co. take. */
export function coreValues(state, scenario) {
  return Object.fromEntries(PROPS.filter((p) => p.core && inScenario(p, scenario)).map((p) => [p.name, state[p.name]]));
}

/**
 * "Your data"'s core settings in `state` as its two configs take them
 * (`{table, race}`): the settings that scenario alone has (the split: named as
 * the core's TableConfig names its fields) and the tasks' settings it shares
 * (models, sizes, w, lr, batch: what `raceConfig` takes); the seed goes to both.
 */
export function dataValues(state) {
  const race = coreValues(state, 'data');
  const table = { seed: race.seed };
  for (const p of PROPS) {
    if (p.core && p.scenarios?.length === 1 && p.scenarios[0] === 'data') {
      table[p.name] = race[p.name];
      delete race[p.name];
    }
  }
  return { table, race };
}

/** Whether `state` has the default preset's sizes where a race on a file is better read at another preset's. */
export const narrowForTable = (state) => state.preset === DEFAULT_PRESET && DEFAULT_PRESET !== TABLE_PRESET;

/** Whether `name` is a size setting: what a preset sets, and what makes the sizes custom. */
export const isSizeProp = (name) => name in (PRESETS[DEFAULT_PRESET]?.values ?? {});

/** A preset's size settings as page props (`{ experts, expertUnits, towerUnits, bottomUnits }`), or undefined. */
export const presetSizes = (id) => (PRESETS[id] ? { ...PRESETS[id].values } : undefined);

/** A preset's entry (size settings, sweep steps); custom sizes fall back to the default preset's. */
export const presetOrDefault = (id) => PRESETS[id] ?? PRESETS[DEFAULT_PRESET];

/** The preset whose sizes `state` has, or `custom`. */
export function presetOf(state) {
  const id = Object.keys(PRESETS).find((p) => Object.entries(PRESETS[p].values).every(([k, v]) => state[k] === v));
  return id ?? 'custom';
}

/**
 * After `name` changed: choosing a preset sets its sizes; moving a size makes
 * the preset whichever one the sizes now match (or `custom`).
 */
export function reconcilePreset(state, name) {
  if (name === 'preset' && PRESETS[state.preset]) Object.assign(state, presetSizes(state.preset));
  else if (name === 'preset' || isSizeProp(name)) state.preset = presetOf(state);
  return state;
}

export const propOf = (name) => BY_NAME.get(name);

/** Values older links spell differently, and what they are now (the core's one spelling). */
const RENAMED = { weighting: { gradnorm: 'grad_norm' } };

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
    const renamed = RENAMED[name]?.[raw];
    if (renamed && prop.options.includes(renamed)) return { value: renamed, note: null };
    return { value: undefined, note: { kind: 'badValue', name, raw: quote(raw) } };
  }
  if (prop.type === 'text') {
    if (raw.length <= TEXT_MAX) return { value: raw, note: null };
    return { value: undefined, note: { kind: 'badValue', name, raw: quote(raw) } };
  }
  if (prop.type === 'names') return parseNames(prop, raw);
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
 * A `names` value as the link writes it: each name URI-encoded (so a comma in
 * a name is `%2C`), joined by commas; each kept once, at most TEXT_MAX long.
 */
function parseNames(prop, raw) {
  const names = [];
  let bad = false;
  for (const piece of raw.split(',')) {
    if (piece === '') continue;
    let name;
    try {
      name = decodeURIComponent(piece);
    } catch {
      bad = true;
      continue;
    }
    if (name.length > TEXT_MAX) bad = true;
    else if (!names.includes(name)) names.push(name);
  }
  return { value: names, note: bad ? { kind: 'droppedItems', name: prop.name, raw: quote(raw) } : null };
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
      raw = eq < 0 ? '' : part.slice(eq + 1);
      // a names list keeps its pieces encoded, so that a comma inside a name stays one
      if (BY_NAME.get(key)?.type !== 'names') raw = decodeURIComponent(raw);
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
export const inScenario = (prop, scenario) => !prop.scenarios || prop.scenarios.includes(scenario);

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
    else if (prop.type === 'names') text = v.map(encodeURIComponent).join(',');
    else text = encodeURIComponent(String(v ?? ''));
    return `${prop.name}=${text}`;
  });
  return `#${parts.join('&')}`;
}

/** Props whose values differ between two states. */
export function changedProps(a, b) {
  return PROPS.filter((prop) => JSON.stringify(a[prop.name]) !== JSON.stringify(b[prop.name])).map((p) => p.name);
}
