// <mtl-lab>: MTL Playground in a course page, one script and one element.
//
//   <script src="https://…/mtl-lab/mtl-lab.js"></script>
//   <mtl-lab lang="zh" panels="losses,gates" p="0"></mtl-lab>
//
// The element's attributes are the lab's link parameters (README "URL
// parameters": guide, scenario, panels, hide, lang, preset, p, models, …); it
// shows the lab in an iframe of the folder this script came from (the lab's own
// page, under its own CSP, on its own origin), checked exactly as a link is: a bad
// value gets the lab's notice, and nothing an attribute carries is ever inserted
// as markup. The iframe is made only when the element scrolls into view (nothing
// is fetched or trained before), sizes itself to the lab (the page's height
// messages), and the race pauses when the element has been out of view for a
// while and plays again when it is back. Under prefers-reduced-motion the lab
// waits for Play (autoplay=0). Works on any host origin. A classic script, no
// module: a course page adds one <script> tag.
(() => {
  if (!window.customElements || customElements.get('mtl-lab')) return;

  /** The lab's folder: where this script was loaded from. */
  const BASE = new URL('.', document.currentScript?.src ?? location.href);
  const HEIGHT_MESSAGE = 'mtl-playground:height';
  const VISIBILITY_MESSAGE = 'mtl-playground:visibility';
  /** Out of view this long, the race pauses (a glance away does not stop it). */
  const PAUSE_AFTER_MS = 5000;
  /** Starts a little before the element scrolls in, so the lab is ready when seen. */
  const AHEAD = '200px 0px';
  /** The HTML attributes every element has: not link parameters (`lang` is both, and goes to the lab). */
  const GLOBAL = new Set(['class', 'id', 'style', 'title', 'hidden', 'tabindex', 'slot', 'part', 'is', 'dir', 'role', 'nonce', 'autofocus', 'inert', 'draggable', 'spellcheck', 'translate', 'contenteditable', 'accesskey', 'enterkeyhint', 'inputmode', 'popover']);
  const WORDS = {
    en: { waiting: 'MTL Playground loads when it scrolls into view.', title: 'MTL Playground' },
    zh: { waiting: '多任务学习实验台：滚动到这里时加载。', title: '多任务学习实验台（MTL Playground）' },
  };

  const sheet = (() => {
    try {
      const s = new CSSStyleSheet();
      s.replaceSync(`
        :host { display: block; min-height: 320px; }
        :host([data-started]) { min-height: 0; }
        iframe { display: block; width: 100%; height: 560px; border: 0; }
        p { margin: 0; padding: 2rem 1rem; min-height: 256px; box-sizing: border-box; border: 1px dashed #c8ccd2; border-radius: 6px;
            color: #5b6370; font: 15px/1.5 system-ui, sans-serif; text-align: center; }`);
      return s;
    } catch {
      return null; // no constructable style sheets: the element's own sizes below
    }
  })();

  class MtlLab extends HTMLElement {
    #frame = null;
    #seen = null; // the IntersectionObserver
    #away = null; // the pause timer while out of view
    #pausedAway = false; // the race was told to pause
    #onMessage = (event) => this.#message(event);

    connectedCallback() {
      const root = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
      if (sheet) root.adoptedStyleSheets = [sheet];
      if (!this.#frame && !root.querySelector('p')) {
        const waiting = document.createElement('p');
        waiting.textContent = this.#words().waiting;
        root.append(waiting);
      }
      window.addEventListener('message', this.#onMessage);
      this.#seen = new IntersectionObserver((entries) => this.#visible(entries.some((e) => e.isIntersecting)), { rootMargin: AHEAD });
      this.#seen.observe(this);
    }

    disconnectedCallback() {
      this.#seen?.disconnect();
      clearTimeout(this.#away);
      window.removeEventListener('message', this.#onMessage);
    }

    /** Any attribute change after start: the lab takes the new link (as a hand-edited URL). */
    attributeChangedCallback() {
      if (this.#frame) this.#frame.src = this.#src();
    }

    static get observedAttributes() {
      return ['guide', 'scenario', 'panels', 'hide', 'lang', 'preset', 'p', 'w', 'models', 'seed', 'autoplay'];
    }

    #words() {
      const lang = (this.getAttribute('lang') ?? navigator.language ?? '').toLowerCase();
      return lang.startsWith('zh') ? WORDS.zh : WORDS.en;
    }

    /** The lab's URL: every non-global attribute as a link parameter, embedded, no autoplay under reduced motion. */
    #src() {
      const params = new URLSearchParams();
      for (const { name, value } of this.attributes) {
        if (GLOBAL.has(name) || name.startsWith('aria-') || name.startsWith('data-') || name.startsWith('on')) continue;
        params.set(name, value);
      }
      if (!params.has('embed')) params.set('embed', '1');
      if (window.matchMedia?.('(prefers-reduced-motion: reduce)').matches) params.set('autoplay', '0');
      const url = new URL('index.html', BASE);
      url.hash = params.toString();
      return url.href;
    }

    #visible(visible) {
      if (visible && !this.#frame) this.#start();
      clearTimeout(this.#away);
      if (visible) {
        if (this.#pausedAway) this.#tell(true);
        this.#pausedAway = false;
      } else if (this.#frame) {
        this.#away = setTimeout(() => {
          this.#pausedAway = true;
          this.#tell(false);
        }, PAUSE_AFTER_MS);
      }
    }

    #start() {
      const frame = document.createElement('iframe');
      frame.title = this.getAttribute('title') ?? this.#words().title;
      frame.src = this.#src();
      this.#frame = frame;
      this.shadowRoot.replaceChildren(frame);
      this.dataset.started = '';
    }

    /** Tells the lab whether it is in view (the page pauses its race, and plays it again only if it paused it). */
    #tell(visible) {
      this.#frame?.contentWindow?.postMessage({ type: VISIBILITY_MESSAGE, visible }, BASE.origin);
    }

    #message(event) {
      if (!this.#frame || event.source !== this.#frame.contentWindow || event.origin !== BASE.origin) return;
      const { type, height } = event.data ?? {};
      if (type === HEIGHT_MESSAGE && Number.isFinite(height) && height > 0) this.#frame.style.height = `${Math.ceil(height)}px`;
    }
  }

  customElements.define('mtl-lab', MtlLab);
})();
