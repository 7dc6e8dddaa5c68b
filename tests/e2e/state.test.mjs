// The URL state on its own (no browser): one props table parses, clamps and
// writes every parameter, and no input makes it throw.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { core } from './core.mjs'; // first: the core's settings table
import { LABEL_OPS, OP_SIGNS, PROPS, coreValues, dataValues, defaults, parseHash, presetSizes, reconcilePreset, toHash } from '../../www/js/state.js';

const { params, presets } = core.coreParams();
const DEFAULT_PRESET = params.find((p) => p.name === 'preset').default;

const base = { ...defaults(), lang: 'en' };
const kinds = (hash) => parseHash(hash, base).notes.map((n) => `${n.kind}:${n.name}`);

test('every default survives a round trip through the hash', () => {
  const { state, notes } = parseHash(toHash(base), base);
  assert.deepEqual(state, base);
  assert.deepEqual(notes, []);
  assert.equal(PROPS.length, Object.keys(base).length);
});

test('a changed state round-trips exactly', () => {
  const changed = { ...base, p: -0.35, w: 0.8, lr: 0.0005, models: ['shared_bottom', 'mmoe'], preset: 'custom', experts: 4, batch: 64,
    samples: 10000, seed: 42, lang: 'zh', autoplay: false, embed: true, panels: ['gates'], hide: ['lr', 'transport'] };
  assert.deepEqual(parseHash(toHash(changed), base).state, changed);
});

test('the default sizes are the default preset\'s, read from the core', () => {
  assert.equal(base.preset, DEFAULT_PRESET);
  const sizes = core.defaultConfig().sizes;
  assert.deepEqual([base.bottomUnits, base.experts, base.expertUnits, base.towerUnits, base.activation],
    [sizes.bottom_units, sizes.experts, sizes.expert_units, sizes.tower_units, sizes.activation]);
  assert.deepEqual(presetSizes(DEFAULT_PRESET), presets.find((p) => p.id === DEFAULT_PRESET).values);
});

test('every core setting\'s default is the core\'s: the page\'s default state builds the core\'s default configs', () => {
  for (const spec of params) assert.deepEqual(base[spec.name], spec.default, spec.name);
  assert.deepEqual(core.raceConfig(coreValues(base, 'tasks')), core.defaultConfig(), 'the correlated tasks');
  // the page names every setting the core has, and no other (a new core setting reaches the page's table)
  assert.deepEqual(PROPS.filter((p) => p.core).map((p) => p.name), params.map((p) => p.name));
  // each scenario's settings are the ones the core names for it: "your data" races with the tasks' models, sizes and training settings
  for (const scenario of ['tasks', 'funnel', 'watch', 'data']) {
    assert.deepEqual(Object.keys(coreValues(base, scenario)), params.filter((p) => p.scenarios.includes(scenario)).map((p) => p.name), scenario);
  }
  assert.deepEqual(Object.keys(coreValues(base, 'data')), ['w', 'lr', 'models', 'preset', 'bottomUnits', 'experts', 'expertUnits', 'towerUnits', 'activation', 'batch', 'validation', 'test', 'seed']);
  // a file's race: the split goes to its TableConfig, the rest to a race config, the seed to both
  const { table, race } = dataValues({ ...base, validation: 0.2, seed: 7 });
  assert.deepEqual(table, { seed: 7, validation: 0.2, test: params.find((p) => p.name === 'test').default });
  const config = core.raceConfig(race);
  assert.deepEqual([config.data.seed, config.models], [7, core.defaultConfig().models]);
  // a label's comparisons are the core's
  assert.deepEqual(LABEL_OPS, core.coreParams().label_ops.map((op) => op.id));
  assert.equal(OP_SIGNS.ge, '≥');
});

test('old links spell GradNorm gradnorm: read as the core\'s grad_norm', () => {
  const { state, notes } = parseHash('#weighting=gradnorm', base);
  assert.equal(state.weighting, 'grad_norm');
  assert.deepEqual(notes, []);
  assert.match(toHash(state), /weighting=grad_norm/);
});

test('a preset in the link sets the sizes it does not name; named sizes override it', () => {
  const paper = presetSizes('paper');
  assert.deepEqual(paper, { experts: 8, expertUnits: 16, towerUnits: 8, bottomUnits: 113, activation: 'relu' }, 'the MMoE paper\'s §5.1 sizes, with ReLU');
  assert.equal(presetSizes('narrow').activation, 'leaky_relu', 'the narrow 2-unit layers cannot die');
  let { state, notes } = parseHash('#preset=paper', base);
  assert.deepEqual({ preset: state.preset, ...presetSizes('paper') }, { preset: 'paper', ...Object.fromEntries(Object.keys(paper).map((k) => [k, state[k]])) });
  assert.deepEqual(notes, []);
  ({ state } = parseHash('#preset=paper&towerUnits=16', base));
  assert.deepEqual([state.preset, state.towerUnits, state.bottomUnits], ['custom', 16, 113]);
  // sizes alone name the preset they match
  ({ state } = parseHash('#bottomUnits=113&expertUnits=16&towerUnits=8', base));
  assert.equal(state.preset, 'custom', 'the paper\'s sizes with the narrow preset\'s leaky ReLU');
  ({ state } = parseHash('#bottomUnits=113&expertUnits=16&towerUnits=8&activation=relu', base));
  assert.equal(state.preset, 'paper');
  assert.equal(parseHash(toHash(state), base).state.preset, 'paper', 'the preset travels in the link');
  ({ state, notes } = parseHash('#preset=wide', base));
  assert.equal(state.preset, DEFAULT_PRESET);
  assert.deepEqual(notes.map((n) => `${n.kind}:${n.name}`), ['badValue:preset']);
  ({ state } = parseHash('#preset=custom', base));
  assert.equal(state.preset, DEFAULT_PRESET, 'custom names no sizes: the sizes decide');
});

test('choosing a preset sets its sizes; moving a size names the preset the sizes match', () => {
  const state = reconcilePreset({ ...base, preset: 'paper' }, 'preset');
  assert.deepEqual([state.bottomUnits, state.expertUnits, state.towerUnits], [113, 16, 8]);
  state.towerUnits = 9;
  assert.equal(reconcilePreset(state, 'towerUnits').preset, 'custom');
  state.towerUnits = 8;
  assert.equal(reconcilePreset(state, 'towerUnits').preset, 'paper');
  assert.equal(reconcilePreset({ ...state, p: 0 }, 'p').preset, 'paper', 'other props leave it alone');
});

test('out-of-range numbers are clamped, off-grid ones snapped, and both reported', () => {
  const { state } = parseHash('#p=2&w=-1&lr=1&experts=3.6&batch=100&seed=-5', base);
  assert.deepEqual([state.p, state.w, state.lr, state.experts, state.batch, state.seed], [1, 0, 0.03, 4, 128, 0]);
  assert.deepEqual(kinds('#p=2&p=0.333'), ['clamped:p', 'repeated:p', 'snapped:p']);
  assert.deepEqual(kinds('#p=1e308&experts=-1e308'), ['clamped:p', 'clamped:experts']);
});

test('values that are not values are dropped for the default, and reported', () => {
  const { state } = parseHash('#p=NaN&seed=&lang=fr&embed=yes&models=foo&panels=', base);
  assert.deepEqual([state.p, state.seed, state.lang, state.embed, state.models, state.panels],
    [base.p, base.seed, 'en', false, base.models, base.panels]);
  assert.deepEqual(kinds('#p=NaN&lang=fr&models=foo'), ['notNumber:p', 'badValue:lang', 'emptyList:models']);
});

test('unknown keys, broken escapes and prototype names are ignored, and reported', () => {
  assert.deepEqual(kinds('#__proto__=1&constructor=2&toString=3'), ['unknownKey:__proto__', 'unknownKey:constructor', 'unknownKey:toString']);
  assert.deepEqual(kinds('#%E0%A4%A&p=%'), ['malformed:', 'malformed:']);
  assert.deepEqual(kinds('#&&=&'), ['unknownKey:']);
  assert.deepEqual(parseHash('#models=mmoe,<b>x</b>,mmoe', base).state.models, ['mmoe']);
  assert.equal(Object.prototype.polluted, undefined);
});

test('long hostile values are quoted back shortened', () => {
  const [note] = parseHash(`#lang=${'<script>'.repeat(100)}`, base).notes;
  assert.ok(note.raw.length <= 33, note.raw);
});

test('a funnel lab round-trips, and its link carries the funnel knobs, not the task ones', () => {
  const funnel = { ...base, scenario: 'funnel', selection: 2.5, rho: 0, ctr: 0.04, cvr: 0.05, items: 4000,
    funnelModels: ['base', 'esmm'], seed: 7, panels: ['cvrAuc'] };
  const hash = toHash(funnel);
  assert.deepEqual(parseHash(hash, base).state, funnel);
  const keys = new URLSearchParams(hash.slice(1));
  assert.equal(keys.get('rho'), '0');
  assert.equal(keys.get('funnelModels'), 'base,esmm');
  assert.equal(keys.has('p'), false);
  assert.equal(keys.has('models'), false);
  const { state } = parseHash('#scenario=funnel&selection=9&cvr=0.06&funnelModels=esmm,bogus', base);
  assert.deepEqual([state.selection, state.cvr, state.funnelModels], [3, 0.05, ['esmm']]);
  assert.deepEqual(kinds('#scenario=sales&rho=-2'), ['badValue:scenario', 'clamped:rho']);
});

test('both languages have the same keys', async () => {
  const { readFile } = await import('node:fs/promises');
  const load = async (lang) => JSON.parse(await readFile(new URL(`../../static/i18n/${lang}.json`, import.meta.url), 'utf8'));
  const keys = (node, prefix = '') => Object.entries(node).flatMap(([k, v]) =>
    (typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
  const [zh, en] = [keys(await load('zh')), keys(await load('en'))];
  assert.deepEqual(zh.filter((k) => !en.includes(k)), [], 'keys only in zh');
  assert.deepEqual(en.filter((k) => !zh.includes(k)), [], 'keys only in en');
});
