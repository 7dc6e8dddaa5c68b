//! The guided labs' ten-seed dot strip (`plot::seed_strip`), in the page's
//! module: every guided lab's card draws it, whichever scenario the lab races.

use super::{draw_on_canvas, from_object};
use crate::plot::seed_strip::{self, SeedStrip, SeedStripText};
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

/// Draws a lab's ten-seed strip on `canvas`: `strip` is `{seeds, student,
/// rows: [{label, color, values}], log, reference, axis, unit, decimals}`
/// (`plot::seed_strip::SeedStrip`), `text` the page's `guide.seeds.chart`
/// words (`undefined`/`null` for English), `pixel_ratio` as `drawChart`'s.
/// A field the strip does not have is a `JsError` naming it.
#[wasm_bindgen(js_name = drawSeedStrip)]
pub fn draw_seed_strip(canvas: HtmlCanvasElement, strip: JsValue, text: JsValue, pixel_ratio: Option<f64>) -> Result<(), JsError> {
    let strip: SeedStrip = from_object(&strip, "seed strip")?;
    draw_on_canvas(canvas, &text, pixel_ratio, |area, text: &SeedStripText| seed_strip::draw(area, &strip, text))
}
