// The two DOM helpers every page module uses: find an element by id, and build
// one. Elements are made with createElement and filled through properties,
// attributes and text nodes, never from markup strings, so no value (a URL's
// included) can become HTML.
//
// Not here: anything that knows what the page shows.

/** The element with this id (or null). */
export const $ = (id) => document.getElementById(id);

/**
 * A new `tag` element: each of `props` is set as a property when the element
 * has one (`textContent`, `className`, `checked` …), `dataset` is merged into
 * its data attributes, and anything else (`aria-*`, `role`, `list`) becomes an
 * attribute. `children` (nodes or strings, strings as text) are appended.
 */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === 'dataset') Object.assign(node.dataset, value);
    // an input's `list` property is read-only: it names a datalist by attribute
    else if (key in node && key !== 'list') node[key] = value;
    else node.setAttribute(key, value);
  }
  node.append(...children);
  return node;
}
