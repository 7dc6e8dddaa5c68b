//! The guided labs' ten-seed dot strip (`plot::seed_strip`), in the sweep
//! module with the other many-seed charts: every guided lab's card loads that
//! module once its seeds are in and draws the strip, whichever scenario the
//! lab races (the module every page loads stays under its 250 KB).

use super::canvas::Canvas;
use crate::plot::seed_strip::{self, SeedStrip, SeedStripText};
use crate::plot::style::with_pixel_ratio;
use plotters::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

/// Draws a lab's ten-seed strip on `canvas`: `strip` is `{seeds, student,
/// rows: [{label, color, values}], log, reference, reference_label, axis,
/// unit, decimals}` (`plot::seed_strip::SeedStrip`; a field it does not have
/// is a `JsError` naming it); `words` the strip's own words in the page's
/// language, in `SeedStripText`'s field order (`no_seeds`, `your_seed`,
/// `median_of`, `median`; missing ones stay English); `pixel_ratio` as
/// `drawChart`'s. (The words come as a list, not an object, so the page's
/// module compiles no second deserialiser for them.)
#[wasm_bindgen(js_name = drawSeedStrip)]
pub fn draw_seed_strip(canvas: HtmlCanvasElement, strip: JsValue, words: Vec<String>, pixel_ratio: Option<f64>) -> Result<(), JsError> {
    let strip = strip_from(&strip)?;
    let mut text = SeedStripText::default();
    let fields = [&mut text.no_seeds, &mut text.your_seed, &mut text.median_of, &mut text.median];
    for (field, word) in fields.into_iter().zip(words) {
        *field = word;
    }
    let backend = Canvas::new(canvas).ok_or_else(|| JsError::new("no 2d context on this canvas"))?;
    let root = backend.into_drawing_area();
    with_pixel_ratio(pixel_ratio.unwrap_or(1.0), || seed_strip::draw(&root, &strip, &text)).map_err(|e| JsError::new(&e.to_string()))?;
    root.present().map_err(|e| JsError::new(&format!("drawing failed: {e}")))
}

/// The strip's fields and a row's, for the unknown-key check.
const STRIP_KEYS: [&str; 9] = ["seeds", "student", "rows", "log", "reference", "reference_label", "axis", "unit", "decimals"];
const ROW_KEYS: [&str; 3] = ["label", "color", "values"];

/// The page's strip object as a [`SeedStrip`]: every key must be one it has
/// (serde_wasm_bindgen would skip an unknown one in silence). Checked against
/// the field lists rather than by serialising the value back, as `from_object`
/// does, which would compile a serialiser for it into the page's module.
fn strip_from(value: &JsValue) -> Result<SeedStrip, JsError> {
    let unknown = |object: &JsValue, known: &[&str], at: &str| -> Result<(), JsError> {
        let Some(object) = object.dyn_ref::<js_sys::Object>() else { return Ok(()) };
        for key in js_sys::Object::keys(object).iter() {
            let key = key.as_string().unwrap_or_default();
            if !known.contains(&key.as_str()) {
                return Err(JsError::new(&format!("invalid seed strip: unknown field `{at}{key}`")));
            }
        }
        Ok(())
    };
    unknown(value, &STRIP_KEYS, "")?;
    let rows = js_sys::Reflect::get(value, &JsValue::from_str("rows")).unwrap_or(JsValue::UNDEFINED);
    if let Some(rows) = rows.dyn_ref::<js_sys::Array>() {
        for (i, row) in rows.iter().enumerate() {
            unknown(&row, &ROW_KEYS, &format!("rows.{i}."))?;
        }
    }
    serde_wasm_bindgen::from_value(value.clone()).map_err(|e| JsError::new(&format!("invalid seed strip: {e}")))
}
