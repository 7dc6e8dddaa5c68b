// Texts a guided lab keeps back until its run is done: a footer quoting the
// CLI's ten-seed figures, a tooltip or caption stating the lesson. Such a text
// shows `guide.withheld` in its place, in the page's language, and comes back
// when the lab's run is done or the lab is closed. Which texts each lab keeps
// back is the lab's own list (`withholds` in guided.js), by i18n key.
//
// Not here: which texts give an answer away (guided.js), how texts are
// written (i18n.js: a withheld node's `data-i18n` names the placeholder, so a
// language switch writes the placeholder, not the answer).

const PLACEHOLDER = 'guide.withheld';

/**
 * Keeps back every text whose i18n key is in `keys` and gives back any other
 * it kept back; `t` translates. Only texts the page writes from `data-i18n`
 * (textContent) are reached.
 */
export function withhold(keys, t) {
  const wanted = new Set(keys);
  for (const node of document.querySelectorAll('[data-withheld]')) {
    if (wanted.has(node.dataset.withheld)) continue;
    node.dataset.i18n = node.dataset.withheld;
    delete node.dataset.withheld;
    node.classList.remove('withheld');
    node.textContent = t(node.dataset.i18n);
  }
  for (const node of document.querySelectorAll('[data-i18n]')) {
    if (!wanted.has(node.dataset.i18n)) continue;
    node.dataset.withheld = node.dataset.i18n;
    node.dataset.i18n = PLACEHOLDER;
    node.classList.add('withheld');
    node.textContent = t(PLACEHOLDER);
  }
}
