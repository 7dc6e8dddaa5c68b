// How the page writes numbers: counts with thousands separators, fixed
// decimals, signs. One place, so the tables, the chart sentences, the guided
// labs' explanations and the controls' readouts write a number the same way.
// A number that is not finite (a diverged model, a metric not measured yet)
// is written as a dash.
//
// Chinese sets a percentage without a space (8%) and a multiple as 1.52 倍;
// English as 8 % and 1.52× — the charts' Rust side does the same
// (src/plot/typeset.rs). Both write the true minus − and the dash — for a
// missing value. `useNumbers(lang)` picks the language (i18n.js calls it).
//
// Not here: units or words around a number (those are the translations').

export const DASH = '—';
const MINUS = '−';
let lang = 'en';

/** Writes numbers for `language` (`zh` or `en`) from now on. */
export function useNumbers(language) {
  lang = language;
}

/** `text` (a number already written) as a percentage: `8.0 %` / `8.0%`. */
export const withPercent = (text) => (lang === 'zh' ? `${text}%` : `${text} %`);

/** A multiple with `digits` decimals: `1.52×` / `1.52 倍`. */
export const times = (x, digits = 2) => {
  if (!Number.isFinite(x)) return DASH;
  const text = x.toFixed(digits).replace('-', MINUS);
  return lang === 'zh' ? `${text} 倍` : `${text}×`;
};

/** An integer count, `12,345` (en-US separators in both languages, as the charts write them). */
export const count = (x) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : DASH);

/** `x` with `digits` decimals. */
export const fixed = (x, digits = 3) => (Number.isFinite(x) ? x.toFixed(digits) : DASH);

/** A difference, always signed, with a true minus sign: `+0.012`, `−0.034`. */
export const signed = (x, digits = 3) => (Number.isFinite(x) ? (x >= 0 ? '+' : '−') + Math.abs(x).toFixed(digits) : DASH);

/** A setting or measurement in [−1, 1] as a slider reads it: `+0.50`, `−0.35`. */
export const plusMinus = (x, digits = 2) => (Number.isFinite(x) ? (x >= 0 ? '+' : MINUS) + Math.abs(x).toFixed(digits) : DASH);

/** A share in [0, 1] as a percentage: `42.5 %` / `42.5%`. */
export const share = (x) => (Number.isFinite(x) ? withPercent((x * 100).toFixed(1)) : DASH);

/** A fraction in [0, 1] as a whole percentage, without the sign: `42`. */
export const percent = (x) => (Number.isFinite(x) ? String(Math.round(100 * x)) : DASH);

/** Two significant digits, for values of any size (gradient norms): 0.0084, 0.84, 12. */
export const sig = (x) => (Number.isFinite(x) ? String(Number(x.toPrecision(2))) : DASH);
