// The control panel, built from one list of controls over the props table:
// each control has a label, a value readout and a tooltip that shows on hover
// and on keyboard focus (also tied to the input with aria-describedby).
//
// Not here: what a change does (the store validates it and its subscribers
// decide: main.js says who they are) or the words (i18n.js).
// Everything is made with createElement/textContent, never from markup strings.

import { el } from './dom.js';
import { count, fixed, plusMinus, withPercent } from './format.js';
import { propOf } from './state.js';

/**
 * Control groups, in page order. `kind` picks the widget. A control whose prop
 * belongs to some scenarios carries `data-scenario` (their ids, spaced) and shows only in them.
 */
export const GROUPS = [
  {
    id: 'tasks',
    controls: [
      { name: 'p', kind: 'range' },
      { name: 'w', kind: 'range' },
      { name: 'weighting', kind: 'select' },
      { name: 'alpha', kind: 'range' },
    ],
  },
  {
    id: 'funnel',
    controls: [
      { name: 'selection', kind: 'range' },
      { name: 'rho', kind: 'range' },
      { name: 'ctr', kind: 'select' },
      { name: 'cvr', kind: 'select' },
      { name: 'items', kind: 'select' },
    ],
  },
  { id: 'funnelModels', controls: [{ name: 'funnelModels', kind: 'checks' }] },
  {
    id: 'watch',
    controls: [
      { name: 'appealQuality', kind: 'range' },
      { name: 'clickRate', kind: 'select' },
      { name: 'clickWeight', kind: 'range' },
    ],
  },
  { id: 'watchModels', controls: [{ name: 'watchModels', kind: 'checks' }] },
  {
    id: 'dataSplit',
    controls: [
      { name: 'validation', kind: 'range' },
      { name: 'test', kind: 'range' },
    ],
  },
  {
    id: 'models',
    controls: [
      { name: 'models', kind: 'checks' },
      { name: 'preset', kind: 'select' },
      { name: 'bottomUnits', kind: 'range' },
      { name: 'experts', kind: 'range' },
      { name: 'expertUnits', kind: 'range' },
      { name: 'towerUnits', kind: 'range' },
      { name: 'activation', kind: 'select' },
    ],
  },
  {
    id: 'training',
    controls: [
      { name: 'lr', kind: 'log' },
      { name: 'batch', kind: 'select' },
      { name: 'samples', kind: 'select' },
      { name: 'seed', kind: 'number' },
    ],
  },
];

/** How each control shows its value. */
export function formatValue(name, value) {
  if (name === 'p') return plusMinus(value, 2);
  if (name === 'w' || name === 'clickWeight') return `${fixed(value, 2)} : ${fixed(1 - value, 2)}`;
  if (name === 'lr') return value.toExponential(0).replace('e-', 'e−');
  if (name === 'selection' || name === 'alpha') return fixed(value, 2);
  if (name === 'rho') return fixed(value, 1);
  // a rate as few digits as it needs: 2 %, 8 %, 0.5 % (not share's fixed 2.0 %)
  if (name === 'ctr' || name === 'cvr' || name === 'clickRate') return withPercent(Number((value * 100).toFixed(1)));
  if (name === 'appealQuality') return plusMinus(value, 1);
  if (name === 'validation' || name === 'test') return withPercent(Math.round(value * 100));
  return count(value); // the rest are counts: units, experts, batch, samples, items, seed
}

/**
 * Builds the controls into `container`. `onChange(name, value, final)` is
 * called as they move: `final` is false while a slider is being dragged.
 * `modelColors` colours the model checkboxes. Returns `{ set(state), inputs }`.
 */
export function buildControls(container, { onChange, modelColors = {} }) {
  const inputs = new Map(); // name → element(s) holding the value
  const outputs = new Map();
  const groups = GROUPS.map((group) => {
    const box = el('section', { className: 'control-group', dataset: { group: group.id } });
    box.append(el('h2', { dataset: { i18n: `group.${group.id}` } }));
    for (const control of group.controls) box.append(buildControl(control));
    return box;
  });
  container.replaceChildren(...groups);

  function buildControl({ name, kind }) {
    const prop = propOf(name);
    const tipId = `tip-${name}`;
    const dataset = { control: name, apply: prop.apply, ...(prop.scenarios ? { scenario: prop.scenarios.join(' ') } : {}) };
    const wrap = el('div', { className: `control control-${kind}`, dataset });
    const tip = el('span', { className: 'tip', id: tipId, role: 'tooltip' },
      el('span', { dataset: { i18n: `tip.${name}` } }),
      el('span', { className: 'tip-apply', dataset: { i18n: prop.apply === 'live' ? 'apply.live' : 'apply.rebuild' } }));
    const labelText = el('span', { className: 'label-text', dataset: { i18n: `label.${name}` } });
    const mark = prop.apply === 'rebuild' ? el('span', { className: 'rebuild-mark', 'aria-hidden': 'true' }, ' ↻') : '';

    if (kind === 'checks') {
      const fieldset = el('fieldset', {}, el('legend', {}, labelText, mark));
      const boxes = prop.options.map((id) => {
        const input = el('input', { type: 'checkbox', value: id, id: `model-${id}`, 'aria-describedby': tipId });
        input.addEventListener('change', () => {
          const chosen = boxes.filter((b) => b.checked).map((b) => b.value);
          if (chosen.length === 0) {
            input.checked = true; // at least one model must race
            return;
          }
          onChange(name, chosen, true);
        });
        const swatch = el('span', { className: 'swatch', 'aria-hidden': 'true' });
        if (modelColors[id]) swatch.style.background = modelColors[id];
        fieldset.append(el('label', { className: 'check', htmlFor: input.id }, input, swatch,
          el('span', { dataset: { i18n: `model.${id}` } })));
        return input;
      });
      inputs.set(name, boxes);
      wrap.append(fieldset, tip);
      return wrap;
    }

    const id = `ctl-${name}`;
    let input;
    if (kind === 'select') {
      // an enum's options are words (translated through data-i18n), a choice's are numbers
      const words = prop.type === 'enum';
      input = el('select', { id, 'aria-describedby': tipId },
        ...prop.options.map((o) => el('option', {
          value: String(o),
          ...(words ? { dataset: { i18n: `${name}.${o}` } } : {}),
          // `custom` names sizes that match no preset: shown, never chosen
          ...(name === 'preset' && o === 'custom' ? { disabled: true } : {}),
        }, words ? o : formatValue(name, o))));
      input.addEventListener('change', () => onChange(name, words ? input.value : Number(input.value), true));
    } else if (kind === 'number') {
      input = el('input', { id, type: 'number', min: prop.min, max: prop.max, step: 1, inputMode: 'numeric', 'aria-describedby': tipId });
      input.addEventListener('change', () => onChange(name, Number(input.value), true));
    } else {
      // range, or log: a slider over the index of the learning rates offered
      const log = kind === 'log';
      input = el('input', {
        id, type: 'range', 'aria-describedby': tipId,
        min: log ? 0 : prop.min, max: log ? prop.options.length - 1 : prop.max, step: log ? 1 : prop.step ?? 1,
      });
      const read = () => (log ? prop.options[Number(input.value)] : Number(input.value));
      input.addEventListener('input', () => {
        outputs.get(name).textContent = formatValue(name, read());
        if (log) input.setAttribute('aria-valuetext', formatValue(name, read()));
        onChange(name, read(), false);
      });
      input.addEventListener('change', () => onChange(name, read(), true));
    }
    inputs.set(name, input);
    const slider = kind === 'range' || kind === 'log';
    const output = slider ? el('output', { htmlFor: id, className: 'value' }) : '';
    if (slider) outputs.set(name, output);
    const head = el('div', { className: 'control-head' },
      el('label', { htmlFor: id }, labelText, mark), output);
    wrap.append(head, input, tip);
    if (name === 'preset') {
      // the chosen sizes and what they cost, so two worlds can be compared
      wrap.append(el('output', { id: 'preset-info', className: 'preset-info', 'aria-live': 'polite' }));
    }
    if (name === 'p') {
      // The measured label correlation sits beside the knob (§1.1: it is lower than p).
      wrap.append(el('div', { className: 'measured' },
        el('span', { dataset: { i18n: 'label.measured' } }),
        el('output', { id: 'pearson', className: 'value' }, '…')));
    }
    return wrap;
  }

  /** Shows `state` in every control. */
  function set(state) {
    for (const [name, input] of inputs) {
      const value = state[name];
      if (Array.isArray(input)) {
        for (const box of input) box.checked = value.includes(box.value);
        continue;
      }
      if (name === 'lr') {
        input.value = String(propOf('lr').options.indexOf(value));
        input.setAttribute('aria-valuetext', formatValue(name, value));
      } else {
        input.value = String(value);
      }
      if (input.tagName === 'SELECT' && propOf(name).type !== 'enum') {
        // a choice's numbers, written as the language writes them (8 % / 8%)
        for (const option of input.options) option.textContent = formatValue(name, Number(option.value));
      }
      outputs.get(name)?.replaceChildren(formatValue(name, value));
    }
    // α steers GradNorm only: dimmed otherwise, yet still focusable so its tip can say so
    container.querySelector('[data-control="alpha"]').classList.toggle('inactive', state.weighting !== 'grad_norm');
  }

  return { set, inputs };
}

/** Every control's current value as the DOM shows it (for tests and copy-link checks). */
export function readControls(inputs) {
  const out = {};
  for (const [name, input] of inputs) {
    out[name] = Array.isArray(input) ? input.filter((b) => b.checked).map((b) => b.value) : input.value;
  }
  return out;
}
