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
use super::style::{Scale, INK, MUTED};
use super::text::fill;
use super::tradeoff::log_range;
use super::{framed, house_mesh, message, PlotError};
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

/// The strip's own words; the page passes its language's (`guide.seeds.chart`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SeedStripText {
    /// Shown before any seed has a value.
    pub no_seeds: String,
    /// Legend entry of the ring, with the seed as `{seed}`.
    pub your_seed: String,
    /// Legend entry of the median bar, with the number of seeds as `{n}`.
    pub median_of: String,
    /// After a row's label: its median, as `{value}`.
    pub median: String,
}

impl Default for SeedStripText {
    fn default() -> Self {
        Self {
            no_seeds: "no seed has finished yet".into(),
            your_seed: "ringed: your seed ({seed})".into(),
            median_of: "bar: median of {n} seeds".into(),
            median: "median {value}".into(),
        }
    }
}

impl SeedStripText {
    /// Parses the page's JSON; empty text or `null` gives the defaults.
    pub fn from_json(json: &str) -> Result<Self, serde_json::Error> {
        super::text::words_from_json(json)
    }
}

/// The median of the finite values, or `None` if there are none.
pub fn median(values: &[Option<f64>]) -> Option<f64> {
    let mut v: Vec<f64> = values.iter().flatten().copied().filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    Some(if n % 2 == 1 { v[n / 2] } else { (v[n / 2 - 1] + v[n / 2]) / 2.0 })
}

/// Draws the strip on `area` (filled white first): one column per figure,
/// values up the y axis. (Upright, so the chart reuses the coordinate types
/// the live charts already compile in: the page's module stays small.)
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
        LegendEntry::new(fill(&text.your_seed, "seed", &strip.student.to_string()), Swatch::Ring { color: INK }),
        LegendEntry::new(fill(&text.median_of, "n", &counted.count().to_string()), Swatch::Line { color: INK, dashed: false }),
    ];
    if reference.is_some() && !strip.reference_label.is_empty() {
        entries.push(LegendEntry::new(strip.reference_label.as_str(), Swatch::Line { color: MUTED, dashed: true }));
    }
    let plot = with_side_legend(area, &entries)?;
    let n = strip.rows.len();
    let x = -0.5..n as f64 - 0.5;
    let name = |v: &f64| {
        let i = v.round();
        if (v - i).abs() < 1e-6 && (0.0..n as f64).contains(&i) {
            strip.rows[i as usize].label.clone()
        } else {
            String::new()
        }
    };
    // a quarter of the height above the highest dot, for the medians written at the top
    if strip.log {
        let (lo, hi) = log_range(values().chain(reference)).unwrap_or((0.5, 2.0));
        let top = hi * (hi / lo).powf(HEADROOM);
        let mut chart = framed(&plot, scale).build_cartesian_2d(x, (lo..top).log_scale().with_key_points(ratio_ticks(lo, hi)))?;
        house_mesh(&mut chart.configure_mesh(), scale)
            .disable_x_mesh()
            .x_labels(n)
            .x_label_formatter(&name)
            .y_desc(strip.axis.as_str())
            .y_label_formatter(&|v| super::ticks::tick_label(*v))
            .draw()?;
        let at = |v: f64| (v.ln() - lo.ln()) / (top.ln() - lo.ln());
        draw_columns(&mut chart, strip, text, reference, top, &at, scale)
    } else {
        let (lo, hi) = linear_range(values().chain(reference));
        let top = hi + (hi - lo) * HEADROOM;
        let mut chart = framed(&plot, scale).build_cartesian_2d(x, lo..top)?;
        house_mesh(&mut chart.configure_mesh(), scale)
            .disable_x_mesh()
            .x_labels(n)
            .x_label_formatter(&name)
            .y_labels(6)
            .y_desc(strip.axis.as_str())
            .y_label_formatter(&|v| linear_label(*v))
            .draw()?;
        let at = |v: f64| (v - lo) / (top - lo);
        draw_columns(&mut chart, strip, text, reference, top, &at, scale)
    }
}

/// The share of the value axis (in its own scale) kept free above the dots.
const HEADROOM: f64 = 0.3;

/// The columns, left to right: the median written at the top, the dots
/// (spread sideways where they would overlap), the median bar and the ring.
/// `at(v)` is the value's place up the axis, in [0, 1]; `top` the axis's end.
fn draw_columns<DB: DrawingBackend, CT: CoordTranslate<From = (f64, f64)>>(
    chart: &mut ChartContext<'_, DB, CT>,
    strip: &SeedStrip,
    text: &SeedStripText,
    reference: Option<f64>,
    top: f64,
    at: &dyn Fn(f64) -> f64,
    scale: Scale,
) -> Result<(), PlotError> {
    let n = strip.rows.len() as f64;
    if let Some(r) = reference {
        let (dash, gap) = (scale.px(5.0), scale.px(4.0));
        chart.draw_series(DashedLineSeries::new([(-0.5, r), (n - 0.5, r)], dash, gap, MUTED.stroke_width(scale.px_u(1.2))))?;
    }
    let radius = scale.px_u(4.5);
    let head = scale.legend().pos(Pos::new(HPos::Center, VPos::Top));
    for (i, row) in strip.rows.iter().enumerate() {
        let x = i as f64;
        let color = hex_color(&row.color).unwrap_or(INK);
        let median = median(&row.values);
        let written = median.map_or("–".to_string(), |m| format!("{:.*}{}", strip.decimals as usize, m, strip.unit));
        chart.draw_series([Text::new(fill(&text.median, "value", &written), (x, top), head.clone())])?;
        // finite and on the axis (a log axis has no place for 0 or below)
        let dots: Vec<(usize, f64)> =
            row.values.iter().enumerate().filter_map(|(j, v)| Some((j, (*v)?))).filter(|&(_, v)| (0.0..=1.0).contains(&at(v))).collect();
        let levels = swarm(&dots.iter().map(|&(_, v)| at(v)).collect::<Vec<_>>(), 0.03);
        if let Some(m) = median {
            chart.draw_series([PathElement::new(vec![(x - 0.3, m), (x + 0.3, m)], color.stroke_width(scale.px_u(3.0)))])?;
        }
        for (&(j, v), &level) in dots.iter().zip(&levels) {
            let at = (x + level as f64 * 0.07, v);
            chart.draw_series([Circle::new(at, radius, color.mix(0.8).filled())])?;
            if strip.seeds.get(j) == Some(&strip.student) {
                chart.draw_series([Circle::new(at, radius + scale.px_u(3.5), INK.stroke_width(scale.px_u(2.0)))])?;
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

/// A linear tick: two significant digits, no trailing zeros (0.02, −0.01, 50).
fn linear_label(v: f64) -> String {
    if v.abs() < 1e-12 {
        return "0".into();
    }
    let s = super::trainability::sig(v, 2);
    let s = if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.').to_string() } else { s };
    s.replace('-', "−")
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
