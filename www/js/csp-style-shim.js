// Under the page's Content-Security-Policy (style-src 'self', no 'unsafe-inline')
// a browser refuses a style attribute set with setAttribute, but not the same
// declarations set through the CSSOM (element.style). plotters measures chart text
// by giving a <span> a style attribute (plotters 0.3's wasm estimate_layout):
// refused, the span would keep the page's font and size and every label would be
// placed by the wrong measure. So setAttribute('style', text) goes through
// element.style.cssText instead, which sets the same declarations.
//
// A classic script, loaded before the lab's modules; the wasm glue calls
// Element.prototype.setAttribute, so it takes this path too.
(() => {
  const setAttribute = Element.prototype.setAttribute;
  Element.prototype.setAttribute = function setAttributeUnderCsp(name, value) {
    if (String(name).toLowerCase() === 'style' && this.style) {
      this.style.cssText = String(value);
      return undefined;
    }
    return setAttribute.call(this, name, value);
  };
})();
