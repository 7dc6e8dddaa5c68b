//! A guided lab's ten-seed dot strip: one column per figure the lab's answer
//! rests on (e.g. Shared-Bottom's task-A loss ratio after/before the switch),
//! one dot per seed on a shared value axis, the median as a bar across the
//! column, a dashed line at "no change" (1× for a ratio, 0 for a difference) and
//! the student's own seed ringed, so one seed is seen among the ten it belongs to.
//!
//! The page gives the values and every word (the figures' names and the axis
//! title are the lab's, in the page's language); this module only draws.
//! Not here: which seeds run or how a seed's figure is read from its run
//! (www/js/guide-seeds.js, www/js/seed-runs.js).

use super::correlation_sweep::ratio_ticks;
use super::legend::{with_side_legend, LegendEntry, Swatch};
use super::style::{self, Scale, INK, MUTED};
use super::tradeoff::log_range;
use super::words::chart_words;
use super::{message, PlotError};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use serde::{Deserialize, Serialize};

/// One figure of a lab: a value per seed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StripRow {
    /// Its name, in the page's language ("Shared-Bottom, task A").
    pub label: String,
    /// Its dots' colour as `#rrggbb` (a model's), or empty for ink.
    pub color: String,
    /// One value per seed, in [`SeedStrip::seeds`] order; `None` where a seed gave none.
    pub values: Vec<Option<f64>>,
}

/// What the strip shows: the seeds, the student's among them, and the figures.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SeedStrip {
    /// The seeds, in the order of every row's values.
    pub seeds: Vec<u64>,
    /// The student's seed, ringed (one of `seeds`).
    pub student: u64,
    pub rows: Vec<StripRow>,
    /// A log value axis (ratios, where ½ and 2 are equally far from 1) or a linear one.
    pub log: bool,
    /// Drawn as a dashed line: "no change" (1 for a ratio, 0 for a difference).
    pub reference: Option<f64>,
    /// The dashed line's legend entry, in the page's language ("dashed: no change"); none if empty.
    pub reference_label: String,
    /// The value axis's title, in the page's language.
    pub axis: String,
    /// Written after a median ("×", " %", or nothing).
    pub unit: String,
    /// Decimals of a median as written.
    pub decimals: u8,
}

chart_words! {
    /// The strip's own words; the page passes its language's (`guide.seeds.chart`).
    pub struct SeedStripText {
        /// Shown before any seed has a value.
        no_seeds = "no seed has finished yet",
        /// Legend entry of the ring, with the seed as `{seed}`.
        your_seed = "ringed: your seed ({seed})",
        /// Legend entry of the median bar, with the number of seeds as `{n}`.
        median_of = "bar: median of {n} seeds",
        /// After a row's label: its median, as `{value}`.
        median = "median {value}",
    }
}

/// The median of the finite values, or `None` if there are none.
pub fn median(values: &[Option<f64>]) -> Option<f64> {
    let finite: Vec<f64> = values.iter().flatten().copied().filter(|x| x.is_finite()).collect();
    if finite.is_empty() {
        return None;
    }
    // the crate's one sort (src/order.rs): a second copy of the standard sort costs the page's module kilobytes
    let v: Vec<f64> = crate::order::ascending(&finite).into_iter().map(|i| finite[i]).collect();
    let n = v.len();
    Some(if n % 2 == 1 { v[n / 2] } else { (v[n / 2 - 1] + v[n / 2]) / 2.0 })
}

/// Draws the strip on `area` (filled white first): one column per figure,
/// values up the axis. Laid out in pixels with the elements the side legend
/// already draws (no chart builder or mesh, each of which would compile into
/// the page's module again for this one chart: about 17 KB).
pub fn draw<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, strip: &SeedStrip, text: &SeedStripText) -> Result<(), PlotError> {
    area.fill(&WHITE)?;
    let shown = |v: &f64| v.is_finite() && (!strip.log || *v > 0.0);
    let values = || strip.rows.iter().flat_map(|r| r.values.iter().flatten().copied()).filter(shown);
    if values().next().is_none() {
        return message(area, &text.no_seeds);
    }
    let (w, h) = area.dim_in_pixel();
    let scale = Scale::of(w, h);
    let counted =
        (0..strip.seeds.len()).filter(|&j| strip.rows.iter().any(|r| r.values.get(j).copied().flatten().is_some_and(|v| shown(&v))));
    let reference = strip.reference.filter(shown);
    let mut entries = vec![
        LegendEntry::new(text.your_seed.replace("{seed}", &strip.student.to_string()), Swatch::Ring { color: INK }),
        LegendEntry::new(text.median_of.replace("{n}", &counted.count().to_string()), Swatch::Line { color: INK, dashed: false }),
    ];
    if reference.is_some() && !strip.reference_label.is_empty() {
        entries.push(LegendEntry::new(strip.reference_label.as_str(), Swatch::Line { color: MUTED, dashed: true }));
    }
    let plot = with_side_legend(area, &entries)?;
    // a log axis is drawn in ln space, its ticks where the values they name fall
    let log = strip.log;
    let ax = |v: f64| if log { v.ln() } else { v };
    let (lo, hi) = if log { log_range(values().chain(reference)).unwrap_or((0.5, 2.0)) } else { linear_range(values().chain(reference)) };
    let (pw, ph) = plot.dim_in_pixel();
    let frame = Frame {
        left: scale.px(52.0),
        right: pw as i32 - scale.px(8.0),
        top: scale.px(44.0),
        bottom: ph as i32 - scale.px(30.0),
        lo: ax(lo),
        hi: ax(hi),
        columns: strip.rows.len().max(1),
    };
    // the axis title above the plot, the ticks and grid, the axis line
    plot.draw_text(&strip.axis, &scale.axis().pos(Pos::new(HPos::Left, VPos::Top)), (scale.px(4.0), scale.px(2.0)))?;
    let ticks: Vec<f64> = if log { ratio_ticks(lo, hi).into_iter().map(f64::ln).collect() } else { linear_ticks(lo, hi) };
    let tick_style = scale.tick().pos(Pos::new(HPos::Right, VPos::Center));
    for t in ticks {
        let y = frame.y(t);
        plot.draw(&PathElement::new(vec![(frame.left, y), (frame.right, y)], style::GRID.stroke_width(1)))?;
        let label = if log { super::ticks::tick_label(t.exp()) } else { linear_label(t) };
        plot.draw_text(&label, &tick_style, (frame.left - scale.px(6.0), y))?;
    }
    let axis = INK.mix(0.6).stroke_width(1);
    plot.draw(&PathElement::new(vec![(frame.left, frame.top), (frame.left, frame.bottom), (frame.right, frame.bottom)], axis))?;
    if let Some(r) = reference {
        let (y, dash) = (frame.y(ax(r)), scale.px(5.0));
        for x in (frame.left..frame.right).step_by((2 * dash).max(2) as usize) {
            plot.draw(&PathElement::new(vec![(x, y), ((x + dash).min(frame.right), y)], MUTED.stroke_width(scale.px_u(1.2))))?;
        }
    }
    draw_columns(&plot, strip, text, &frame, &ax, scale)
}

/// Where the plot sits in its area (pixels) and the value axis's span (in axis units).
struct Frame {
    left: i32,
    right: i32,
    top: i32,
    bottom: i32,
    lo: f64,
    hi: f64,
    columns: usize,
}

impl Frame {
    /// The pixel row of axis value `a`.
    fn y(&self, a: f64) -> i32 {
        let f = (a - self.lo) / (self.hi - self.lo);
        self.bottom - (f * (self.bottom - self.top) as f64).round() as i32
    }

    /// The pixel column of column `i`'s centre, moved by `dx` column widths.
    fn x(&self, i: usize, dx: f64) -> i32 {
        let width = (self.right - self.left) as f64 / self.columns as f64;
        self.left + ((i as f64 + 0.5 + dx) * width).round() as i32
    }
}

/// The columns, left to right: the median written above, the name below, the
/// dots (spread sideways where they would overlap), the median bar and the ring.
/// `ax(v)` is a value's place on the axis (its log on a log axis).
fn draw_columns<DB: DrawingBackend>(
    plot: &DrawingArea<DB, Shift>,
    strip: &SeedStrip,
    text: &SeedStripText,
    frame: &Frame,
    ax: &dyn Fn(f64) -> f64,
    scale: Scale,
) -> Result<(), PlotError> {
    let radius = scale.px_u(4.5);
    let head = scale.legend().pos(Pos::new(HPos::Center, VPos::Bottom));
    let name = scale.legend().pos(Pos::new(HPos::Center, VPos::Top));
    for (i, row) in strip.rows.iter().enumerate() {
        let color = hex_color(&row.color).unwrap_or(INK);
        let median = median(&row.values);
        let written = median.map_or("–".to_string(), |m| format!("{:.*}{}", strip.decimals as usize, m, strip.unit));
        plot.draw_text(&text.median.replace("{value}", &written), &head, (frame.x(i, 0.0), frame.top - scale.px(6.0)))?;
        plot.draw_text(&row.label, &name, (frame.x(i, 0.0), frame.bottom + scale.px(6.0)))?;
        // finite and on the axis (a log axis has no place for 0 or below)
        let at = |v: f64| (ax(v) - frame.lo) / (frame.hi - frame.lo);
        let dots: Vec<(usize, f64)> =
            row.values.iter().enumerate().filter_map(|(j, v)| Some((j, (*v)?))).filter(|&(_, v)| (0.0..=1.0).contains(&at(v))).collect();
        let levels = swarm(&dots.iter().map(|&(_, v)| at(v)).collect::<Vec<_>>(), 0.03);
        if let Some(m) = median {
            let y = frame.y(ax(m));
            plot.draw(&PathElement::new(vec![(frame.x(i, -0.3), y), (frame.x(i, 0.3), y)], color.stroke_width(scale.px_u(3.0))))?;
        }
        for (&(j, v), &level) in dots.iter().zip(&levels) {
            let at = (frame.x(i, level as f64 * 0.07), frame.y(ax(v)));
            plot.draw(&Circle::new(at, radius, color.mix(0.8).filled()))?;
            if strip.seeds.get(j) == Some(&strip.student) {
                plot.draw(&Circle::new(at, radius + scale.px_u(3.5), INK.stroke_width(scale.px_u(2.0))))?;
            }
        }
    }
    Ok(())
}

/// Sideways levels (0, 1, −1, 2, −2, …) for dots at places `xs` in [0, 1], so
/// that no two dots closer than `gap` share a level: every seed stays visible.
fn swarm(xs: &[f64], gap: f64) -> Vec<i32> {
    let order = crate::order::ascending(xs);
    let mut levels = vec![0; xs.len()];
    let mut placed: Vec<(f64, i32)> = Vec::new();
    for i in order {
        let level = (0..)
            .map(|k: i32| if k % 2 == 1 { (k + 1) / 2 } else { -(k / 2) })
            .find(|&l| !placed.iter().any(|&(x, pl)| pl == l && (xs[i] - x).abs() < gap))
            .unwrap_or(0);
        levels[i] = level;
        placed.push((xs[i], level));
    }
    levels
}

/// A linear range around the values, padded by 8 % (at least ±0.01 around one value).
fn linear_range(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let pad = ((hi - lo) * 0.08).max(0.01 * hi.abs().max(lo.abs()).max(1.0));
    (lo - pad, hi + pad)
}

/// Ticks on a linear axis over `lo..hi`: about five, 1-2-5 steps.
fn linear_ticks(lo: f64, hi: f64) -> Vec<f64> {
    let raw = (hi - lo) / 5.0;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0].into_iter().map(|m| m * magnitude).find(|s| *s >= raw).unwrap_or(10.0 * magnitude);
    ((lo / step).ceil() as i64..=(hi / step).floor() as i64).map(|i| i as f64 * step).collect()
}

/// A linear tick: two significant digits, no trailing zeros (0.02, −0.01, 50).
fn linear_label(v: f64) -> String {
    if v.abs() < 1e-12 {
        return "0".into();
    }
    // as many decimals as two significant digits need, then none that are trailing zeros
    let mut decimals = (1 - v.abs().log10().floor() as i32).max(0) as usize;
    while decimals > 0 && ((v * 10f64.powi(decimals as i32 - 1)).round() - v * 10f64.powi(decimals as i32 - 1)).abs() < 1e-6 {
        decimals -= 1;
    }
    let digits = format!("{:.*}", decimals, v.abs());
    if v < 0.0 {
        format!("−{digits}")
    } else {
        digits
    }
}

/// `#rrggbb` as a colour.
fn hex_color(hex: &str) -> Option<RGBColor> {
    let digits = hex.strip_prefix('#')?;
    if digits.len() != 6 || !digits.is_ascii() {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(&digits[i..i + 2], 16).ok();
    Some(RGBColor(byte(0)?, byte(2)?, byte(4)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_skip_missing_values() {
        assert_eq!(median(&[Some(3.0), None, Some(1.0), Some(2.0)]), Some(2.0));
        assert_eq!(median(&[Some(4.0), Some(1.0), Some(f64::NAN), Some(2.0), Some(3.0)]), Some(2.5));
        assert_eq!(median(&[None, Some(f64::INFINITY)]), None);
    }

    #[test]
    fn close_dots_get_their_own_levels() {
        assert_eq!(swarm(&[0.5, 0.51, 0.9, 0.505], 0.02), vec![0, -1, 0, 1]);
        assert_eq!(swarm(&[0.1, 0.5, 0.9], 0.02), vec![0, 0, 0]);
    }

    #[test]
    fn linear_ticks_step_by_one_two_or_five() {
        let ticks = linear_ticks(-0.012, 0.061);
        assert_eq!(ticks.len(), 4, "{ticks:?}");
        assert!((ticks[0] + 0.0).abs() < 1e-12 && (ticks[3] - 0.06).abs() < 1e-12, "{ticks:?}");
        assert_eq!(linear_ticks(44.0, 83.0), vec![50.0, 60.0, 70.0, 80.0]);
    }

    #[test]
    fn linear_ticks_are_short() {
        assert_eq!(linear_label(0.02), "0.02");
        assert_eq!(linear_label(-0.01), "−0.01");
        assert_eq!(linear_label(1e-17), "0");
        assert_eq!(linear_label(50.0), "50");
    }

    #[test]
    fn colours_parse_or_fall_back() {
        assert_eq!(hex_color("#d55e00"), Some(RGBColor(0xD5, 0x5E, 0x00)));
        assert_eq!(hex_color("d55e00"), None);
        assert_eq!(hex_color("#d55e0"), None);
        assert_eq!(hex_color("#zz5e00"), None);
    }

    #[test]
    fn words_keep_english_where_missing_and_refuse_unknown_keys() {
        let t = SeedStripText::from_json(r#"{"median": "中位数 {value}"}"#).unwrap();
        assert_eq!(t.median, "中位数 {value}");
        assert_eq!(t.no_seeds, SeedStripText::default().no_seeds);
        assert!(SeedStripText::from_json(r#"{"title": "x"}"#).is_err());
    }
}
