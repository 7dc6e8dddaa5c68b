// The live charts' panels, made from the core's chart registry
// (src/plot/charts.rs, read through state.js): a figure for each chart of a
// scenario (its title, caption and canvas, their words found by the chart's
// id: `panel.<id>.title`, `panel.<id>.caption`), put where index.html marks
// that scenario's charts with `<div data-charts="<scenario>">`. A chart added
// to the registry gets its panel here; its words go in the dictionaries.
//
// Not here: the panels that are not a live chart (the sweep, "your data"'s file,
// the tables and lessons), which index.html writes out.

import { chartsOf } from './state.js';

/** One chart's panel. */
function panel(id, scenario) {
  const figure = document.createElement('figure');
  figure.className = 'panel';
  figure.dataset.panel = id;
  figure.dataset.scenario = scenario;
  const title = document.createElement('h2');
  title.dataset.i18n = `panel.${id}.title`;
  const caption = document.createElement('figcaption');
  caption.dataset.i18n = `panel.${id}.caption`;
  const canvas = document.createElement('canvas');
  canvas.id = `chart-${id}`;
  canvas.className = 'chart';
  canvas.setAttribute('role', 'img');
  canvas.dataset.i18nLabel = `panel.${id}.title`;
  figure.append(title, caption, canvas);
  return figure;
}

/** Every scenario's chart panels in place of its marker (once, at start-up, after `useCore`). */
export function addChartPanels() {
  for (const marker of document.querySelectorAll('[data-charts]')) {
    const scenario = marker.dataset.charts;
    marker.replaceWith(...chartsOf(scenario).charts.map((id) => panel(id, scenario)));
  }
}
