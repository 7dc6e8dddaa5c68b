// The view a URL asks for (TF Playground's `*_hide`): `embed=1` drops the
// header and prose, `panels=` picks the charts, `hide=` hides named controls,
// and `scenario=` shows only that scenario's controls, charts and prose.

import { shownPanels } from './state.js';

/** The message an embedded page posts to its host whenever its height changes. */
export const HEIGHT_MESSAGE = 'mtl-playground:height';

/** The message the `<mtl-lab>` element (mtl-lab.js) posts to its lab when it leaves or comes back into view. */
export const VISIBILITY_MESSAGE = 'mtl-playground:visibility';

/**
 * Inside an iframe, tells the host page how tall the lab is (`postMessage`
 * `{type: 'mtl-playground:height', height}` in CSS pixels) now and whenever it
 * changes, so the host can size the iframe to fit. The height is not secret,
 * so any host may read it.
 */
export function reportHeightToHost() {
  if (window.parent === window) return;
  let last = -1;
  const post = () => {
    const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    window.parent.postMessage({ type: HEIGHT_MESSAGE, height }, '*');
  };
  new ResizeObserver(post).observe(document.documentElement);
  post();
}

/**
 * Inside an iframe, hears the host's `<mtl-lab>` element: `{type:
 * 'mtl-playground:visibility', visible}` from the parent window (any other
 * message, sender or value is ignored). Out of view, a playing race pauses;
 * back in view, it plays again only if this paused it (a student's own pause
 * stands). The only message the page reads; it can pause and play, nothing else.
 */
export function listenToHost({ playing, setPlaying }) {
  if (window.parent === window) return;
  let pausedAway = false;
  window.addEventListener('message', (event) => {
    const { type, visible } = event.data ?? {};
    if (event.source !== window.parent || type !== VISIBILITY_MESSAGE || typeof visible !== 'boolean') return;
    if (!visible && playing()) {
      pausedAway = true;
      setPlaying(false);
    } else if (visible && pausedAway) {
      pausedAway = false;
      setPlaying(true);
    }
  });
}

/** Applies the view props of `state` to the page. */
export function applyView(state) {
  document.body.classList.toggle('embed', state.embed);
  document.body.dataset.scenario = state.scenario;
  for (const id of ['page-header', 'page-footer']) document.getElementById(id).hidden = state.embed;
  const panels = shownPanels(state);
  // `data-scenario` names the scenarios a node shows in, spaced (`tasks data`)
  const offScenario = (node) => node.dataset.scenario !== undefined && !node.dataset.scenario.split(' ').includes(state.scenario);
  for (const node of document.querySelectorAll('[data-scenario]')) node.hidden = offScenario(node);
  for (const panel of document.querySelectorAll('[data-panel]')) {
    panel.hidden = offScenario(panel) || !panels.includes(panel.dataset.panel);
  }
  for (const node of document.querySelectorAll('[data-control], [data-hide]')) {
    const name = node.dataset.control ?? node.dataset.hide;
    node.hidden = offScenario(node) || state.hide.includes(name);
  }
  // A group whose every control is hidden goes too.
  for (const group of document.querySelectorAll('.control-group')) {
    group.hidden = [...group.querySelectorAll('[data-control]')].every((c) => c.hidden);
  }
  const controls = document.getElementById('controls');
  controls.hidden = [...controls.querySelectorAll('.control-group')].every((g) => g.hidden);
  document.body.classList.toggle('no-controls', controls.hidden);
  document.body.classList.toggle('single-panel', panels.length === 1);
}
