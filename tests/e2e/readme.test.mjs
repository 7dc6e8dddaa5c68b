// The README's URL table against the one table the page parses (PROPS in
// www/js/state.js), with no browser: every parameter in the page's order, each
// value an enum or list accepts, and every name `hide=` takes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import './core.mjs'; // first: the core's settings table
import { HIDEABLE, PROPS } from '../../www/js/state.js';

const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
const section = readme.split('## The lab page and its link')[1].split('\n## ')[0];
/** The URL table (the one headed `| parameter |`): first cell's name → the whole row. */
const table = section.slice(section.indexOf('| parameter |')).split('\n\n')[0];
const rows = new Map(table.split('\n').map((line) => line.match(/^\| `(\w+)` \|/)).filter(Boolean).map((m) => [m[1], m.input]));

test("the README's URL table lists every parameter state.js parses, in its order, and no other", () => {
  assert.deepEqual([...rows.keys()], PROPS.map((prop) => prop.name));
});

test('each enum and list row names every value the page accepts', () => {
  for (const prop of PROPS) {
    if ((prop.type !== 'enum' && prop.type !== 'list') || !prop.options) continue;
    const row = rows.get(prop.name);
    for (const option of prop.options) {
      if (option === '') continue; // `guide`'s empty value: "or empty"
      assert.ok(row.includes(option), `${prop.name}: the README row names ${option}`);
    }
  }
});

test("each of the core's settings shows the core's default", () => {
  for (const prop of PROPS.filter((p) => p.core)) {
    const cell = rows.get(prop.name).split(' | ')[2];
    const want = Array.isArray(prop.def) ? prop.def.join(',') : String(prop.def);
    assert.ok(cell.includes(`\`${want}\``), `${prop.name}: the README's default (${cell}) is the core's, ${want}`);
  }
});

test('the `hide` row names every hideable control that is not a parameter from p to seed', () => {
  const names = PROPS.map((prop) => prop.name);
  const covered = new Set(names.slice(names.indexOf('p'), names.indexOf('seed') + 1)); // "any parameter above from p to seed"
  const row = rows.get('hide');
  for (const name of HIDEABLE.filter((n) => !covered.has(n))) {
    assert.ok(row.includes(`\`${name}\``), `hide: the README row names ${name}`);
  }
});
