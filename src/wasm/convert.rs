//! What every handle's boundary code needs beside the core: a Rust value as
//! a plain JS object, the page's or the worker's clock, and training in time
//! slices. (Its own file, so the generic race handles, `race.rs`, use it
//! without going through the scenarios' modules.)

use serde::Serialize;
use wasm_bindgen::prelude::*;

pub(super) fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    value.serialize(&serializer).map_err(|e| JsError::new(&e.to_string()))
}

/// Calls `step` for about `budget_ms` milliseconds: at least once, at most
/// `max_steps` times, and no more once it returns false. Returns the steps
/// taken and the milliseconds spent.
pub(super) fn train_for(budget_ms: f64, max_steps: u32, mut step: impl FnMut() -> bool) -> Result<(usize, f64), JsError> {
    let clock = performance().ok_or_else(|| JsError::new("no performance clock in this context"))?;
    let start = clock.now();
    let mut steps = 0usize;
    while steps < max_steps.max(1) as usize {
        steps += 1;
        if !step() || clock.now() - start >= budget_ms {
            break;
        }
    }
    Ok((steps, clock.now() - start))
}

pub(super) fn performance() -> Option<web_sys::Performance> {
    // Works in a window and in a worker: read `performance` off the global object.
    let global = js_sys::global();
    js_sys::Reflect::get(&global, &JsValue::from_str("performance")).ok().and_then(|p| p.dyn_into().ok())
}
