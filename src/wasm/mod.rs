//! The one boundary between the core and JavaScript (wasm-bindgen), one file
//! per scenario's handles.
//!
//! Long-lived state stays here behind opaque handles (`Lab` and `RaceBook`
//! for the correlated tasks, `FunnelLab` for the ESMM funnel, `WatchLab` for
//! watch time, `Sweep` and `SweepBook` for the sweeps); JavaScript sends one
//! serde config in, calls `train` with a time budget, and receives small
//! copyable summaries. Core errors become `JsError`s with the core's message;
//! nothing here panics on bad input.

mod canvas;
mod convert;
#[cfg(any(feature = "tasks", feature = "funnel", feature = "watch", feature = "data"))]
mod race;

// One Cargo feature per module (all four by default): scripts/build.sh builds
// the page's module with `tasks` alone (the live race), and one module each for
// the sweeps and the other two scenarios, which the page loads when a student
// first runs a sweep or opens the scenario.
#[cfg(feature = "data")]
mod data;
#[cfg(feature = "funnel")]
mod funnel;
#[cfg(feature = "sweep")]
mod seeds;
#[cfg(feature = "sweep")]
mod sweep;
#[cfg(feature = "tasks")]
mod tasks;
#[cfg(feature = "watch")]
mod watch;

// the handles and free functions keep their paths (`wasm::Lab`, `wasm::FunnelLab`, `wasm::SweepLab`, …)
#[cfg(feature = "data")]
pub use data::*;
#[cfg(feature = "funnel")]
pub use funnel::*;
#[cfg(feature = "sweep")]
pub use seeds::*;
#[cfg(feature = "sweep")]
pub use sweep::*;
#[cfg(feature = "tasks")]
pub use tasks::*;
#[cfg(feature = "watch")]
pub use watch::*;

use crate::models::funnel::FunnelKind;
use crate::models::watch::WatchKind;
use crate::models::ModelKind;
use crate::plot::words::Words;
use crate::plot::{self, PlotError};
use canvas::Canvas;
use convert::to_js;
use plotters::coord::Shift;
use plotters::prelude::*;
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}

// ---- The charts' colours, in every module (the page's legends need all three) ----

/// One colour per model, `{single, shared_bottom, omoe, mmoe, cgc, ple}` as `#rrggbb`: the
/// charts' colours, for the page's HTML legends.
#[wasm_bindgen(js_name = modelColors)]
pub fn model_colors() -> JsValue {
    colour_object(ModelKind::ALL.iter().map(|&k| (k.id(), plot::style::model_hex(k))))
}

/// One colour per funnel model, `{base, division, esmm_ns, esmm}` as `#rrggbb`:
/// the funnel charts' colours, for the page's HTML legends and tables.
#[wasm_bindgen(js_name = funnelModelColors)]
pub fn funnel_model_colors() -> JsValue {
    colour_object(FunnelKind::ALL.iter().map(|&k| (k.id(), plot::style::funnel_model_hex(k))))
}

/// One colour per watch-time model, `{ctr, weighted_ce, two_tasks}` as `#rrggbb`:
/// the watch charts' colours, for the page's HTML legends and tables.
#[wasm_bindgen(js_name = watchModelColors)]
pub fn watch_model_colors() -> JsValue {
    colour_object(WatchKind::ALL.iter().map(|&k| (k.id(), plot::style::watch_model_hex(k))))
}

/// `{id: "#rrggbb", …}` as a plain object.
fn colour_object(colours: impl Iterator<Item = (&'static str, String)>) -> JsValue {
    let object = js_sys::Object::new();
    for (id, hex) in colours {
        // setting a property on a fresh plain object cannot fail
        let _ = js_sys::Reflect::set(&object, &JsValue::from_str(id), &JsValue::from_str(&hex));
    }
    object.into()
}

/// The one way every chart reaches a canvas: the page's words (`text`, the
/// chart's words struct; `undefined`/`null` for English) and `draw` on the
/// canvas's 2d context at `pixel_ratio` (devicePixelRatio, default 1).
fn draw_on_canvas<T: Words + Default>(
    canvas: HtmlCanvasElement,
    text: &JsValue,
    pixel_ratio: Option<f64>,
    draw: impl FnOnce(&DrawingArea<Canvas, Shift>, &T) -> Result<(), PlotError>,
) -> Result<(), JsError> {
    let text: T = words_from(text)?;
    let backend = Canvas::new(canvas).ok_or_else(|| JsError::new("no 2d context on this canvas"))?;
    let root = backend.into_drawing_area();
    plot::style::with_pixel_ratio(pixel_ratio.unwrap_or(1.0), || draw(&root, &text)).map_err(|e| JsError::new(&e.to_string()))?;
    root.present().map_err(|e| JsError::new(&format!("drawing failed: {e}")))
}

/// Each chart's layouts at its last draw, by chart id: what a readout under the
/// pointer reads (`plot::hover`). A book keeps one; its `drawChart` fills it.
#[cfg(any(feature = "tasks", feature = "funnel", feature = "watch", feature = "data"))]
#[derive(Default)]
struct Drawn(std::cell::RefCell<Vec<(String, Vec<plot::hover::Layout>)>>);

#[cfg(any(feature = "tasks", feature = "funnel", feature = "watch", feature = "data"))]
impl Drawn {
    /// Draws as [`draw_on_canvas`] does and keeps what chart `id` recorded of its layout.
    fn draw<T: Words + Default>(
        &self,
        id: &str,
        canvas: HtmlCanvasElement,
        text: &JsValue,
        pixel_ratio: Option<f64>,
        draw: impl FnOnce(&DrawingArea<Canvas, Shift>, &T) -> Result<(), PlotError>,
    ) -> Result<(), JsError> {
        let (result, layouts) = plot::hover::recording(|| draw_on_canvas(canvas, text, pixel_ratio, draw));
        let mut drawn = self.0.borrow_mut();
        match drawn.iter_mut().find(|(kept, _)| kept == id) {
            Some((_, kept)) => *kept = layouts,
            None => drawn.push((id.to_string(), layouts)),
        }
        result
    }

    /// What lies on chart `id` as last drawn, as a plain object (`null` off
    /// its data, or before it was drawn): at the canvas point `(x, y)` in its
    /// pixels, or with no `y`, at the keyboard position `x` (a record's step, a
    /// grid's cell; past the last reads the last); `text` the chart's words, as
    /// `drawChart` takes them.
    fn readout<T: Words + Default>(
        &self,
        id: &str,
        (x, y): (f64, Option<f64>),
        text: &JsValue,
        read: impl FnOnce(&[plot::hover::Layout], plot::hover::Probe, &T) -> Option<plot::hover::Readout>,
    ) -> Result<JsValue, JsError> {
        let probe = match y {
            Some(y) if x.is_finite() && y.is_finite() => plot::hover::Probe::Point(x, y),
            None if x >= 0.0 => plot::hover::Probe::At(x.min(usize::MAX as f64) as usize),
            _ => return Err(JsError::new("a readout is at a canvas point (x, y: finite pixels) or a position x (0 or more)")),
        };
        let text: T = words_from(text)?;
        let drawn = self.0.borrow();
        let Some((_, layouts)) = drawn.iter().find(|(kept, _)| kept == id) else { return Ok(JsValue::NULL) };
        match read(layouts, probe, &text) {
            Some(readout) => to_js(&readout),
            None => Ok(JsValue::NULL),
        }
    }
}

/// The chart `id` of a scenario's registry (`plot::charts`), or a `JsError`
/// listing the ones it has.
#[cfg(any(feature = "tasks", feature = "funnel", feature = "watch", feature = "data"))]
fn chart_of<C: plot::charts::Chart>(id: &str, scenario: &str) -> Result<C, JsError> {
    C::from_id(id).ok_or_else(|| {
        let ids: Vec<&str> = C::ALL.iter().map(|c| c.id()).collect();
        JsError::new(&format!("no chart `{id}` in the {scenario} scenario (charts: {})", ids.join(", ")))
    })
}

/// A chart family's words from the page's plain object (`undefined` or
/// `null`: English): each key sets its word, a missing key keeps English, an
/// unknown key or a value that is not a string is refused, as the serde
/// structs' `deny_unknown_fields` would natively.
fn words_from<T: Words + Default>(value: &JsValue) -> Result<T, JsError> {
    let mut words = T::default();
    if !(value.is_undefined() || value.is_null()) {
        read_words(value, &mut words).map_err(|e| JsError::new(&format!("invalid chart text: {e}")))?;
    }
    Ok(words)
}

/// [`words_from`]'s loop, one copy for every family.
fn read_words(value: &JsValue, words: &mut dyn Words) -> Result<(), String> {
    let object = value.dyn_ref::<js_sys::Object>().filter(|_| !js_sys::Array::is_array(value)).ok_or("not an object")?;
    for key in js_sys::Object::keys(object).iter() {
        let name = key.as_string().unwrap_or_default();
        let text = js_sys::Reflect::get(value, &key).unwrap_or(JsValue::UNDEFINED);
        if text.is_undefined() {
            continue; // as good as absent, as in JSON
        }
        let word = words.word_mut(&name).ok_or_else(|| format!("unknown field `{name}`"))?;
        let text = text.as_string().ok_or_else(|| format!("`{name}` is not a string"))?;
        word.set(text).map_err(|e| format!("`{name}`: {e}"))?;
    }
    Ok(())
}

/// A config object as `T`; `undefined` or `null` gives `T::default()`.
fn config_from<T: DeserializeOwned + Serialize + Default>(config: &JsValue) -> Result<T, JsError> {
    object_or_default(config, "config")
}

/// A plain object as `T` ([`from_object`]); `undefined` or `null` gives
/// `T::default()` (a config's defaults, a chart's English words).
fn object_or_default<T: DeserializeOwned + Serialize + Default>(value: &JsValue, what: &str) -> Result<T, JsError> {
    if value.is_undefined() || value.is_null() {
        return Ok(T::default());
    }
    from_object(value, what)
}

/// A plain object as `T`, read straight off the JS value by serde (a NaN stays
/// NaN for the core's checks to name); errors name `what`. One deserialiser for
/// every object that comes in (configs, chart words): a second one (JSON text)
/// cost the page's module about 10 KB gzipped. serde_wasm_bindgen reads only
/// the fields a struct declares, so a misspelt or unknown field would pass in
/// silence: every key given must be one the value has once read.
fn from_object<T: DeserializeOwned + Serialize>(value: &JsValue, what: &str) -> Result<T, JsError> {
    let parsed: T = serde_wasm_bindgen::from_value(value.clone()).map_err(|e| JsError::new(&format!("invalid {what}: {e}")))?;
    match unknown_key(value, &to_js(&parsed)?, "") {
        Some(path) => Err(JsError::new(&format!("invalid {what}: unknown field `{path}`"))),
        None => Ok(parsed),
    }
}

/// The first key (as a dotted path) of the object `given` that `known` lacks,
/// through nested objects and arrays; keys whose value is `undefined` are as
/// good as absent (JSON drops them too).
fn unknown_key(given: &JsValue, known: &JsValue, path: &str) -> Option<String> {
    let at = |key: &str| if path.is_empty() { key.to_string() } else { format!("{path}.{key}") };
    if js_sys::Array::is_array(given) {
        if !js_sys::Array::is_array(known) {
            return None;
        }
        let (given, known) = (js_sys::Array::from(given), js_sys::Array::from(known));
        return (0..given.length().min(known.length())).find_map(|i| unknown_key(&given.get(i), &known.get(i), &at(&i.to_string())));
    }
    let object = given.dyn_ref::<js_sys::Object>()?;
    if !known.is_object() {
        return None;
    }
    js_sys::Object::keys(object).iter().find_map(|key| {
        let value = js_sys::Reflect::get(given, &key).unwrap_or(JsValue::UNDEFINED);
        let name = key.as_string().unwrap_or_default();
        if value.is_undefined() {
            None
        } else if !js_sys::Reflect::has(known, &key).unwrap_or(false) {
            Some(at(&name))
        } else {
            unknown_key(&value, &js_sys::Reflect::get(known, &key).unwrap_or(JsValue::UNDEFINED), &at(&name))
        }
    })
}

/// The page's settings object `{name: value, …}`: numbers, names, or arrays of
/// names. Read straight off the JS object (not through serde, whose buffering
/// for a value of several shapes cost the page's module about 2 KB gzipped).
#[cfg(any(feature = "tasks", feature = "funnel", feature = "watch"))]
fn settings(values: &JsValue) -> Result<std::collections::BTreeMap<String, crate::train::params::Value>, JsError> {
    use crate::train::params::Value;
    let mut out = std::collections::BTreeMap::new();
    if values.is_undefined() || values.is_null() {
        return Ok(out);
    }
    let object: &js_sys::Object = values.dyn_ref().ok_or_else(|| JsError::new("invalid settings: not an object"))?;
    for entry in js_sys::Object::entries(object).iter() {
        let entry: js_sys::Array = entry.into();
        let name = entry.get(0).as_string().unwrap_or_default();
        let v = entry.get(1);
        let value = if let Some(x) = v.as_f64() {
            Value::Number(x)
        } else if let Some(text) = v.as_string() {
            Value::Text(text)
        } else if let Some(items) = v.dyn_ref::<js_sys::Array>() {
            let names: Option<Vec<String>> = items.iter().map(|item| item.as_string()).collect();
            Value::List(names.ok_or_else(|| JsError::new(&format!("invalid setting `{name}`: a list of names has something else")))?)
        } else {
            return Err(JsError::new(&format!("invalid setting `{name}`: not a number, a name or a list of names")));
        };
        out.insert(name, value);
    }
    Ok(out)
}

fn js_error(e: crate::error::Error) -> JsError {
    JsError::new(&e.to_string())
}
