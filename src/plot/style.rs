//! The charts' look: one colour per model kind (Okabe–Ito, colour-blind-safe),
//! one line dash per task, and font sizes that scale with the drawing area.
//!
//! Every chart and the page's HTML legends (through `modelColors`) read their
//! colours from here. Not a theme system: one light theme, fixed.

use crate::models::funnel::FunnelKind;
use crate::models::watch::WatchKind;
use crate::models::ModelKind;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Okabe–Ito vermillion, blue, bluish green, reddish purple (CGC) and orange
/// (PLE; lighter than Shared-Bottom's vermillion, so the two stay apart under
/// red–green colour blindness), plus a neutral grey for the single-task
/// baseline (a reference, not a contender).
pub fn model_color(kind: ModelKind) -> RGBColor {
    match kind {
        ModelKind::Single => RGBColor(0x6E, 0x6E, 0x6E),
        ModelKind::SharedBottom => RGBColor(0xD5, 0x5E, 0x00),
        ModelKind::Omoe => RGBColor(0x00, 0x72, 0xB2),
        ModelKind::Mmoe => RGBColor(0x00, 0x9E, 0x73),
        ModelKind::Cgc => RGBColor(0xCC, 0x79, 0xA7),
        ModelKind::Ple => RGBColor(0xE6, 0x9F, 0x00),
    }
}

/// `#rrggbb` of [`model_color`], for CSS.
pub fn model_hex(kind: ModelKind) -> String {
    hex(model_color(kind))
}

/// The funnel lab's models, Okabe–Ito too: BASE vermillion and ESMM blue (the
/// pair the lesson compares, apart in hue and lightness for every common colour
/// vision), DIVISION reddish purple, ESMM-NS bluish green.
pub fn funnel_model_color(kind: FunnelKind) -> RGBColor {
    match kind {
        FunnelKind::Base => RGBColor(0xD5, 0x5E, 0x00),
        FunnelKind::Division => RGBColor(0xCC, 0x79, 0xA7),
        FunnelKind::EsmmNs => RGBColor(0x00, 0x9E, 0x73),
        FunnelKind::Esmm => RGBColor(0x00, 0x72, 0xB2),
    }
}

/// `#rrggbb` of [`funnel_model_color`], for CSS.
pub fn funnel_model_hex(kind: FunnelKind) -> String {
    hex(funnel_model_color(kind))
}

/// The watch-time lab's models: CTR vermillion (ranks by clicks) against
/// weighted CE blue (ranks by watch time), the pair the lesson compares; the
/// two-task model bluish green.
pub fn watch_model_color(kind: WatchKind) -> RGBColor {
    match kind {
        WatchKind::Ctr => RGBColor(0xD5, 0x5E, 0x00),
        WatchKind::WeightedCe => RGBColor(0x00, 0x72, 0xB2),
        WatchKind::TwoTasks => RGBColor(0x00, 0x9E, 0x73),
    }
}

/// `#rrggbb` of [`watch_model_color`], for CSS.
pub fn watch_model_hex(kind: WatchKind) -> String {
    hex(watch_model_color(kind))
}

fn hex(RGBColor(r, g, b): RGBColor) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// Text and axis grey.
pub const INK: RGBColor = RGBColor(0x22, 0x22, 0x22);
/// Secondary text (quadrant labels, notes).
pub const MUTED: RGBColor = RGBColor(0x55, 0x55, 0x55);
/// Light grid lines.
pub const GRID: RGBColor = RGBColor(0xE4, 0xE4, 0xE4);
/// Tint of the "bad" regions: gradient conflict, negative transfer.
pub const BAD_TINT: RGBColor = RGBColor(0xD5, 0x5E, 0x00);
/// Tint of the "good" quadrant: both tasks gain.
pub const GOOD_TINT: RGBColor = RGBColor(0x00, 0x72, 0xB2);

/// How task `k` is told apart without colour: task A solid, task B dashed.
pub fn task_dashed(task: usize) -> bool {
    task % 2 == 1
}

/// Sizes in CSS pixels at 600×340, scaled to the area actually drawn on (so a
/// canvas sized for devicePixelRatio 2 gets twice the pixels per letter).
#[derive(Clone, Copy, Debug)]
pub struct Scale(pub f64);

thread_local! {
    /// The smallest scale text may take: 0.85 × the device pixels per CSS pixel
    /// of the canvas being drawn, so a narrow chart on a phone keeps legible
    /// letters (about 10 CSS px for ticks) instead of shrinking with its width.
    static MIN_SCALE: std::cell::Cell<f64> = const { std::cell::Cell::new(0.6) };
}

/// Runs `draw` with text no smaller than 0.85 × `pixel_ratio` of its 600×340 size.
pub fn with_pixel_ratio<T>(pixel_ratio: f64, draw: impl FnOnce() -> T) -> T {
    let floor = if pixel_ratio.is_finite() && pixel_ratio > 0.0 { (0.85 * pixel_ratio).clamp(0.6, 4.0) } else { 0.6 };
    let before = MIN_SCALE.with(|m| m.replace(floor));
    let out = draw();
    MIN_SCALE.with(|m| m.set(before));
    out
}

impl Scale {
    /// The scale of an area of `w × h` device pixels.
    pub fn of(w: u32, h: u32) -> Self {
        let floor = MIN_SCALE.with(|m| m.get());
        Scale((w as f64 / 600.0).min(h as f64 / 340.0).clamp(floor, 4.0))
    }

    /// `css` pixels at this scale, rounded to whole device pixels.
    pub fn px(self, css: f64) -> i32 {
        (css * self.0).round() as i32
    }

    pub fn px_u(self, css: f64) -> u32 {
        self.px(css).max(1) as u32
    }

    /// Tick labels.
    pub fn tick(self) -> TextStyle<'static> {
        self.font(12.0, INK)
    }

    /// Axis titles.
    pub fn axis(self) -> TextStyle<'static> {
        self.font(13.0, INK)
    }

    /// Legend entries.
    pub fn legend(self) -> TextStyle<'static> {
        self.font(12.5, INK)
    }

    /// Small notes: heatmap cell values, quadrant labels.
    pub fn note(self, color: RGBColor) -> TextStyle<'static> {
        self.font(11.5, color)
    }

    /// The centred "nothing to show" message.
    pub fn message(self) -> TextStyle<'static> {
        self.font(15.0, MUTED).pos(Pos::new(HPos::Center, VPos::Center))
    }

    fn font(self, css: f64, color: RGBColor) -> TextStyle<'static> {
        // the family as plotters' enum: from a string it lower-cases the name first, which
        // brings the Unicode case tables into every wasm module (7.4 KB gzipped of the page's)
        recolor(TextStyle::from((FontFamily::SansSerif, css * self.0).into_font()), color)
    }
}

/// `style` in another colour (plotters' own `color` borrows the colour).
pub fn recolor(style: TextStyle<'static>, color: RGBColor) -> TextStyle<'static> {
    TextStyle { color: color.to_backend_color(), ..style }
}

/// Viridis-like sequential colour map (perceptually even, colour-blind-safe),
/// `t` in [0, 1]; returns the colour and whether text on it should be white.
pub fn sequential(t: f64) -> (RGBColor, bool) {
    const STOPS: [(u8, u8, u8); 5] = [(0xFD, 0xE7, 0x25), (0x5E, 0xC9, 0x62), (0x21, 0x91, 0x8C), (0x3B, 0x52, 0x8B), (0x44, 0x01, 0x54)];
    // light (low weight) to dark (high weight), so a heavy gate stands out
    let t = if t.is_finite() { t.clamp(0.0, 1.0) } else { 0.0 };
    let x = t * (STOPS.len() - 1) as f64;
    let i = (x.floor() as usize).min(STOPS.len() - 2);
    let f = x - i as f64;
    let mix = |a: u8, b: u8| (a as f64 + (b as f64 - a as f64) * f).round() as u8;
    let (a, b) = (STOPS[i], STOPS[i + 1]);
    (RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2)), t > 0.45)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_matches_the_plot_colour() {
        assert_eq!(model_hex(ModelKind::SharedBottom), "#d55e00");
        assert_eq!(model_hex(ModelKind::Mmoe), "#009e73");
        assert_eq!(funnel_model_hex(FunnelKind::Base), "#d55e00");
        assert_eq!(funnel_model_hex(FunnelKind::Esmm), "#0072b2");
        let mut all: Vec<String> = FunnelKind::ALL.iter().map(|&k| funnel_model_hex(k)).collect();
        all.sort();
        all.dedup();
        assert_eq!(all.len(), 4, "one colour per funnel model");
        assert_eq!(model_hex(ModelKind::Cgc), "#cc79a7");
        assert_eq!(model_hex(ModelKind::Ple), "#e69f00");
        let all: std::collections::HashSet<String> = ModelKind::ALL.iter().map(|&k| model_hex(k)).collect();
        assert_eq!(all.len(), ModelKind::ALL.len(), "one colour per model");
    }

    #[test]
    fn the_colour_map_spans_light_to_dark() {
        let lum = |c: RGBColor| 0.3 * c.0 as f64 + 0.59 * c.1 as f64 + 0.11 * c.2 as f64;
        assert!(lum(sequential(0.0).0) > lum(sequential(0.5).0));
        assert!(lum(sequential(0.5).0) > lum(sequential(1.0).0));
        assert_eq!(sequential(f64::NAN).0, sequential(0.0).0);
    }
}
