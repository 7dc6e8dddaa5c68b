// The page's store on its own (no browser): every change, whatever its source
// (a control, the URL, a guided lab's settings or script), is validated with
// the props table's rules, the preset follows the sizes, subscribers hear what
// changed, and nothing outside the store can assign into the state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import './core.mjs'; // first: the core's settings table
import { GUIDES, guideState } from '../../www/js/guided.js';
import { defaults, parseHash, presetSizes } from '../../www/js/state.js';
import { changedOfKind, createStore } from '../../www/js/store.js';

const base = { ...defaults(), lang: 'en' };

test('a control\'s value outside its prop\'s range ends clamped or snapped, and a bad one is refused', () => {
  const store = createStore(base);
  const event = store.patch({ p: 5, experts: 99, seed: -3, lr: 0.0031, samples: 7000, alpha: 1.3 }, { source: 'control' });
  const { state } = store;
  assert.deepEqual([state.p, state.experts, state.seed, state.lr, state.samples, state.alpha], [1, 16, 0, 3e-3, 5000, 1.25]);
  assert.deepEqual(event.adjusted.sort(), ['alpha', 'experts', 'lr', 'p', 'preset', 'samples', 'seed'], 'the experts moved the preset too');
  store.patch({ w: NaN, weighting: 'magic', models: ['mmoe', 'bogus', 'single'], funnelModels: [], autoplay: 'yes' });
  assert.equal(store.state.w, base.w, 'not a number: the value stays');
  assert.equal(store.state.weighting, base.weighting, 'not an option: the value stays');
  assert.deepEqual(store.state.models, ['single', 'mmoe'], 'unknown models dropped, the table\'s order kept');
  assert.deepEqual(store.state.funnelModels, base.funnelModels, 'a list that must not be empty is refused empty');
  assert.equal(store.state.autoplay, base.autoplay, 'a bool is read from a URL value, not from any truthy thing');
  store.patch({ p: '0.33', autoplay: '0', models: 'omoe,mmoe' });
  assert.deepEqual([store.state.p, store.state.autoplay, store.state.models], [0.35, false, ['omoe', 'mmoe']], 'a string is read as a URL value');
});

test('a guided lab\'s settings and script go through the same clamping as a control', () => {
  // every lab's own settings and script steps are valid as they are (a list is kept in the table's order, as a link keeps it)
  const same = (x) => (Array.isArray(x) ? [...x].sort() : x);
  for (const guide of GUIDES) {
    const store = createStore(guideState(guide.id, 'en'));
    for (const [name, value] of Object.entries(guide.settings)) assert.deepEqual(same(store.state[name]), same(value), `${guide.id}: ${name}`);
    for (const { set } of guide.script) {
      store.patch(set, { source: 'guide' });
      for (const [name, value] of Object.entries(set)) assert.deepEqual(store.state[name], value, `${guide.id}: script ${name}`);
    }
  }
  // a lab's script setting a live value outside its range (as the card's setLive does)
  const store = createStore(guideState('gates', 'en'));
  const event = store.patch({ p: -4, w: 1.7, weighting: 'grad_norm', alpha: 9 }, { source: 'guide' });
  assert.deepEqual([store.state.p, store.state.w, store.state.weighting, store.state.alpha], [-1, 1, 'grad_norm', 3]);
  assert.equal(event.source, 'guide');
  assert.deepEqual(changedOfKind(event, 'live'), ['p', 'w', 'weighting', 'alpha']);
});

test('a link\'s values and a guided lab\'s base read from a link end clamped in the state', () => {
  // parseHash clamps what the link names; the base it reads onto (a guided lab's
  // settings) it takes as it is: the store clamps that too
  const lab = { ...guideState('sharing', 'en'), bottomUnits: 500, p: 2, panels: ['losses', 'nope'] };
  const { state: read, notes } = parseHash('#guide=sharing&experts=40&seed=1e9&lang=en', lab);
  assert.deepEqual([read.bottomUnits, read.p, read.experts, read.seed], [500, 2, 16, 99999], 'parseHash leaves the base alone');
  assert.deepEqual(notes.map((n) => `${n.kind}:${n.name}`), ['clamped:experts', 'clamped:seed']);
  const store = createStore(read);
  assert.deepEqual([store.state.bottomUnits, store.state.p, store.state.experts, store.state.seed], [128, 1, 16, 99999]);
  assert.deepEqual(store.state.panels, ['losses']);
  // and on a hash change, the same
  const event = store.patch({ ...read, towerUnits: 0 }, { source: 'url' });
  assert.equal(store.state.towerUnits, 1);
  assert.ok(event.changed.includes('towerUnits'));
});

test('a preset sets its sizes; a size names the preset its sizes match; both named: the sizes win', () => {
  const store = createStore(base);
  let event = store.set('preset', 'paper', { source: 'control' });
  assert.deepEqual(presetSizes('paper'), Object.fromEntries(Object.keys(presetSizes('paper')).map((k) => [k, store.state[k]])));
  assert.ok(event.adjusted.includes('bottomUnits') && !event.adjusted.includes('preset'), 'the sizes moved with the preset');
  event = store.set('bottomUnits', 3, { source: 'control' });
  assert.equal(store.state.preset, 'custom');
  assert.deepEqual(event.changed, ['preset', 'bottomUnits'], 'in the table\'s order');
  store.patch({ preset: 'paper', towerUnits: 16 });
  assert.deepEqual([store.state.preset, store.state.bottomUnits, store.state.towerUnits], ['custom', 113, 16]);
  store.patch({ preset: 'paper', towerUnits: 8 });
  assert.equal(store.state.preset, 'paper', 'named sizes that match the preset keep its name');
});

test('subscribers hear every change in order, with what changed, its source and whether it is final', () => {
  const store = createStore(base);
  const heard = [];
  const stop = store.subscribe((e) => heard.push(['a', e.source, e.final, e.changed.join(',')]));
  store.subscribe((e) => heard.push(['b', e.source, e.final, e.changed.join(',')]));
  store.set('batch', 64, { source: 'control', final: false });
  store.set('batch', 64, { source: 'control' }); // the slider released where it was: nothing changed, still heard
  stop();
  store.set('lang', 'zh', { source: 'lang' });
  assert.deepEqual(heard, [
    ['a', 'control', false, 'batch'], ['b', 'control', false, 'batch'],
    ['a', 'control', true, ''], ['b', 'control', true, ''],
    ['b', 'lang', true, 'lang'],
  ]);
});

test('the changes of a kind count only in the scenario shown', () => {
  const store = createStore(base);
  assert.deepEqual(changedOfKind(store.patch({ selection: 2, batch: 128, p: 0 }), 'rebuild'), ['batch'], 'the funnel\'s selection is not the tasks\' race');
  assert.deepEqual(changedOfKind(store.set('scenario', 'funnel'), 'rebuild'), ['scenario']);
  assert.deepEqual(changedOfKind(store.set('selection', 1), 'rebuild'), ['selection']);
  assert.deepEqual(changedOfKind(store.set('lang', 'zh'), 'view'), ['lang']);
});

test('nothing outside the store assigns into its state, and a name no prop has is refused', () => {
  const store = createStore(base);
  const before = store.state;
  assert.throws(() => {
    store.state.p = 0;
  }, TypeError);
  assert.throws(() => store.state.models.push('ple'), TypeError);
  assert.throws(() => store.patch({ p: 0, nope: 1 }), /no prop named nope/);
  assert.equal(store.state, before, 'a refused patch changes nothing');
  store.set('p', 0);
  assert.notEqual(store.state, before, 'a change is a new state');
  assert.equal(before.p, base.p, 'the old one stays as it was');
});
