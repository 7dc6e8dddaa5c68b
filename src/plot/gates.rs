//! Chart (b): what the gates do. Left, one task × expert heatmap per gated model
//! (OMoE, MMoE, CGC, PLE) of the latest mean gate weights, each cell annotated,
//! over one shared colour scale; right, how far apart the tasks' gates have
//! moved: the per-sample Jensen–Shannon distance over steps, one line per gated model.
//!
//! Models without gates are not drawn here. OMoE's one gate serves both tasks,
//! so its rows match and its distance stays 0: the contrast MMoE is measured against.
//! CGC/PLE columns are labelled by owner (A1 A2 B1 B2 S1 …, S for shared) with a
//! rule between the groups; a cell a task's gate cannot weigh (another task's
//! expert) is left blank grey, and so their JS distance includes that
//! structural separation.

use super::hover;
use super::style::{self, Scale, INK, MUTED};
use super::typeset::{minus, MISSING};
use super::{house_mesh, last_step, message, thin, with_side_legend_at, wrap, ChartRun, ChartText, LegendEntry, PlotError, Swatch};
use crate::models::GateStats;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Draws the gate chart on `area` (filled white first).
pub fn draw<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, runs: &[ChartRun<'_>], text: &ChartText) -> Result<(), PlotError> {
    area.fill(&WHITE)?;
    let gated: Vec<(&ChartRun<'_>, &GateStats)> = gated(runs).into_iter().filter_map(|(r, s)| Some((r, s.gates.as_ref()?))).collect();
    if gated.is_empty() {
        let any_records = runs.iter().any(|r| !r.history.is_empty());
        use crate::ModelKind::{Cgc, Mmoe, Omoe, Ple};
        let gated_kind = runs.iter().any(|r| matches!(r.kind, Omoe | Mmoe | Cgc | Ple));
        return message(area, if gated_kind || !any_records { &text.no_data } else { &text.no_gated_models });
    }
    let (w, h) = area.dim_in_pixel();
    let scale = Scale::of(w, h);
    let (left, right) = area.split_horizontally((w as f64 * 0.58) as i32);
    // one model's panel does not stretch: the colour scale sits right under the maps
    let maps_h = (h as i32 - scale.px(46.0)).min(gated.len() as i32 * scale.px(150.0));
    let (maps, bar) = left.split_vertically(maps_h);
    let vmax = color_max(gated.iter().map(|(_, g)| *g));
    let panels = maps.split_evenly((gated.len(), 1));
    for (index, ((run, gates), panel)) in gated.iter().zip(&panels).enumerate() {
        heatmap(panel, index, run, gates, vmax, text, scale)?;
    }
    color_bar(&bar, vmax, text, scale)?;
    js_lines(&right, &gated, runs, text, scale)
}

/// Each gated model with its latest record that has gate statistics, in legend
/// order: the heatmaps' order, which the readout's grid indices follow.
fn gated<'a, 'r>(runs: &'a [ChartRun<'r>]) -> Vec<(&'a ChartRun<'r>, &'r crate::train::Snapshot)> {
    runs.iter().filter_map(|r| r.history.iter().rev().find(|s| s.gates.is_some()).map(|s| (r, s))).collect()
}

/// What `probe` names on the gate heatmaps as last drawn: the cell's model,
/// task, expert and mean gate weight (a cell outside a task's gate names
/// nothing); by keyboard, the cells in order, grid by grid, row by row.
pub fn readout(layouts: &[hover::Layout], probe: hover::Probe, runs: &[ChartRun<'_>], text: &ChartText) -> Option<hover::Readout> {
    let gated = gated(runs);
    // in index order: the heatmaps record their grids as they draw, one gated model after another
    let grids: Vec<(usize, usize, usize)> = layouts
        .iter()
        .filter_map(|l| if let hover::Layout::Grid { rows, cols, index, .. } = *l { Some((index, rows, cols)) } else { None })
        .collect();
    let total: usize = grids.iter().map(|&(_, rows, cols)| rows * cols).sum();
    let first_of = |index: usize| grids.iter().take_while(|g| g.0 < index).map(|&(_, rows, cols)| rows * cols).sum::<usize>();
    let (index, row, col) = match probe {
        hover::Probe::Point(x, y) => layouts.iter().find_map(|l| l.cell_at(x, y))?,
        hover::Probe::At(n) => {
            let n = n.min(total.checked_sub(1)?);
            let &(index, _, cols) = grids.iter().find(|&&(index, rows, cols)| n < first_of(index) + rows * cols)?;
            let within = n - first_of(index);
            (index, within / cols, within % cols)
        }
    };
    let (run, snapshot) = gated.get(index)?;
    let gates = snapshot.gates.as_ref()?;
    let weight = gates.mean.get(row)?.get(col).copied().filter(|v| v.is_finite() && in_support(gates, row, col))?;
    let cols = grids.iter().find(|g| g.0 == index)?.2;
    let at = first_of(index) + row * cols + col;
    let name = format!("{} · {} {}", text.task(row), text.expert, expert_label(gates, col));
    Some(hover::Readout {
        at,
        prev: at.checked_sub(1),
        next: (at + 1 < total).then_some(at + 1),
        step: Some(snapshot.step),
        rows: vec![hover::Row { model: run.kind.id(), values: vec![hover::Value::new(name, weight)] }],
    })
}

/// The top of the colour scale: the largest cell, rounded up to 0.05.
fn color_max<'a>(all: impl Iterator<Item = &'a GateStats>) -> f64 {
    let max = all.flat_map(|g| g.mean.iter().flatten()).copied().filter(|v| v.is_finite()).fold(0.0f64, f64::max);
    ((max / 0.05).ceil() * 0.05).clamp(0.05, 1.0)
}

/// Column `e`'s label: the expert's number, or for models with task-specific
/// experts its owner and number within the group (A1, B2, S3).
fn expert_label(gates: &GateStats, e: usize) -> String {
    if gates.owners.is_empty() {
        return (e + 1).to_string();
    }
    let owner = gates.owners.get(e).copied().flatten();
    let within = gates.owners[..e.min(gates.owners.len())].iter().filter(|&&o| o == owner).count() + 1;
    match owner {
        Some(k) => format!("{}{within}", (b'A' + (k % 26) as u8) as char),
        None => format!("S{within}"),
    }
}

/// Whether task `k`'s gate can weigh expert `e` (CGC/PLE: not another task's own).
fn in_support(gates: &GateStats, k: usize, e: usize) -> bool {
    gates.owners.get(e).copied().flatten().is_none_or(|t| t == k)
}

/// One model's task × expert grid, with its caption, task names and expert numbers.
fn heatmap<DB: DrawingBackend>(
    panel: &DrawingArea<DB, Shift>,
    index: usize,
    run: &ChartRun<'_>,
    gates: &GateStats,
    vmax: f64,
    text: &ChartText,
    scale: Scale,
) -> Result<(), PlotError> {
    let (w, h) = panel.dim_in_pixel();
    let (w, h) = (w as i32, h as i32);
    let tasks = gates.mean.len();
    let experts = gates.mean.iter().map(Vec::len).max().unwrap_or(0);
    let mut caption = format!(
        "{} · {} {} / {} {}",
        text.model(run.kind),
        text.gate_entropy,
        trimmed(gates.entropy_bits),
        trimmed((gates.support(0).max(1) as f64).log2()),
        text.bits
    );
    if !gates.owners.is_empty() {
        caption = format!("{caption} · {}", text.shared_experts);
    }
    let caption_style = style::recolor(scale.axis(), style::model_color(run.kind)).pos(Pos::new(HPos::Left, VPos::Top));
    panel.draw_text(&caption, &caption_style, (scale.px(6.0), scale.px(6.0)))?;
    if tasks == 0 || experts == 0 {
        return Ok(());
    }
    let label_style = scale.note(INK);
    let label_w = (0..tasks)
        .map(|k| panel.estimate_text_size(text.task(k), &label_style).map(|s| s.0))
        .chain(std::iter::once(panel.estimate_text_size(&text.expert, &label_style).map(|s| s.0)))
        .try_fold(0u32, |m, s| s.map(|s| m.max(s)))? as i32;
    let x0 = scale.px(6.0) + label_w + scale.px(8.0);
    let top = scale.px(26.0);
    let numbers_h = scale.px(18.0);
    let cell_w = ((w - x0 - scale.px(8.0)) / experts as i32).max(1);
    let cell_h = ((h - top - numbers_h - scale.px(4.0)) / tasks as i32).clamp(1, scale.px(44.0));
    let value_style = scale.note(INK).pos(Pos::new(HPos::Center, VPos::Center));
    let annotate = panel.estimate_text_size("0.00", &value_style)?.0 as i32 + scale.px(4.0) <= cell_w;
    // the cells, in the canvas's pixels: the `index`th gated model's grid, for the readout under the pointer
    let (bx, by) = panel.get_base_pixel();
    let area =
        hover::Rect { left: bx + x0, top: by + top, right: bx + x0 + experts as i32 * cell_w, bottom: by + top + tasks as i32 * cell_h };
    hover::record(hover::Layout::Grid { area, rows: tasks, cols: experts, index });
    for (k, row) in gates.mean.iter().enumerate() {
        let y = top + k as i32 * cell_h;
        let right = label_style.pos(Pos::new(HPos::Right, VPos::Center));
        panel.draw_text(text.task(k), &right, (x0 - scale.px(6.0), y + cell_h / 2))?;
        for e in 0..experts {
            let x = x0 + e as i32 * cell_w;
            let v = row.get(e).copied().filter(|v| v.is_finite());
            let outside = !in_support(gates, k, e);
            let (fill, dark) = match v {
                Some(v) if !outside => style::sequential(v / vmax),
                _ => (style::GRID, false),
            };
            panel.draw(&Rectangle::new([(x, y), (x + cell_w, y + cell_h)], fill.filled()))?;
            panel.draw(&Rectangle::new([(x, y), (x + cell_w, y + cell_h)], WHITE.stroke_width(1)))?;
            if annotate && !outside {
                let label = v.map_or(MISSING.to_string(), |v| format!("{v:.2}"));
                let color = if dark { WHITE } else { INK };
                panel.draw_text(&label, &style::recolor(value_style.clone(), color), (x + cell_w / 2, y + cell_h / 2))?;
            }
        }
    }
    // a rule where the owner changes (A | B | shared), across the grid and its labels
    let bottom = top + tasks as i32 * cell_h;
    for e in 1..experts.min(gates.owners.len()) {
        if gates.owners[e] != gates.owners[e - 1] {
            let x = x0 + e as i32 * cell_w;
            let rule = INK.stroke_width(scale.px_u(1.5));
            panel.draw(&PathElement::new(vec![(x, top - scale.px(3.0)), (x, bottom + numbers_h)], rule))?;
        }
    }
    // expert numbers (or owner labels), thinned when the cells are narrower than a label
    let y = bottom + numbers_h / 2 + scale.px(1.0);
    let widest = if gates.owners.is_empty() { 22.0 } else { 26.0 };
    let every = (scale.px(widest) / cell_w).max(1) as usize;
    let number_style = scale.note(MUTED).pos(Pos::new(HPos::Center, VPos::Center));
    for e in (0..experts).step_by(every) {
        panel.draw_text(&expert_label(gates, e), &number_style, (x0 + e as i32 * cell_w + cell_w / 2, y))?;
    }
    let right = scale.note(MUTED).pos(Pos::new(HPos::Right, VPos::Center));
    panel.draw_text(&text.expert, &right, (x0 - scale.px(6.0), y))?;
    Ok(())
}

/// A horizontal gradient from 0 to `vmax`, with three ticks and a title.
fn color_bar<DB: DrawingBackend>(bar: &DrawingArea<DB, Shift>, vmax: f64, text: &ChartText, scale: Scale) -> Result<(), PlotError> {
    let (w, _) = bar.dim_in_pixel();
    let title_style = scale.note(INK).pos(Pos::new(HPos::Left, VPos::Center));
    let title_w = bar.estimate_text_size(&text.gate_weight, &title_style)?.0 as i32;
    let (x0, y0, bar_h) = (scale.px(8.0), scale.px(8.0), scale.px(12.0));
    let x1 = (w as i32 - title_w - scale.px(18.0)).max(x0 + scale.px(60.0));
    let steps = 64;
    for i in 0..steps {
        let a = x0 + (x1 - x0) * i / steps;
        let b = x0 + (x1 - x0) * (i + 1) / steps;
        let (c, _) = style::sequential((i as f64 + 0.5) / steps as f64);
        bar.draw(&Rectangle::new([(a, y0), (b, y0 + bar_h)], c.filled()))?;
    }
    let tick_style = scale.note(MUTED).pos(Pos::new(HPos::Center, VPos::Top));
    for (f, v) in [(0.0, 0.0), (0.5, vmax / 2.0), (1.0, vmax)] {
        let x = x0 + ((x1 - x0) as f64 * f) as i32;
        bar.draw(&PathElement::new(vec![(x, y0 + bar_h), (x, y0 + bar_h + scale.px(3.0))], MUTED))?;
        bar.draw_text(&trimmed(v), &tick_style, (x, y0 + bar_h + scale.px(4.0)))?;
    }
    bar.draw_text(&text.gate_weight, &title_style, (x1 + scale.px(10.0), y0 + bar_h / 2))?;
    Ok(())
}

/// The JS distance between the tasks' gates over steps, one line per gated model.
fn js_lines<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    gated: &[(&ChartRun<'_>, &GateStats)],
    runs: &[ChartRun<'_>],
    text: &ChartText,
    scale: Scale,
) -> Result<(), PlotError> {
    let max_points = area.dim_in_pixel().0 as usize;
    let series: Vec<(&ChartRun<'_>, Vec<(f64, f64)>)> = gated
        .iter()
        .map(|(run, _)| {
            let kept: Vec<(f64, f64)> = run
                .history
                .iter()
                .filter_map(|s| s.gates.as_ref().map(|g| (s.step as f64, g.js_distance)))
                .filter(|(_, v)| v.is_finite())
                .collect();
            (*run, thin(kept.len(), max_points).into_iter().map(|i| kept[i]).collect())
        })
        .collect();
    let top = series.iter().flat_map(|(_, p)| p.iter().map(|p| p.1)).fold(0.0f64, f64::max);
    let y_max = (top * 1.15).clamp(0.05, 1.0);
    // the title across the whole panel, above both plot and legend, wrapped if
    // it must be: centred over the plot alone it ran into the legend's first entry
    let (w, _) = area.dim_in_pixel();
    let title_style = scale.axis().pos(Pos::new(HPos::Center, VPos::Top));
    let lines = wrap(area, &text.js_distance, &title_style, w.saturating_sub(scale.px_u(8.0)))?;
    let line_h = scale.px(17.0);
    for (i, line) in lines.iter().enumerate() {
        area.draw_text(line, &title_style, (w as i32 / 2, scale.px(6.0) + i as i32 * line_h))?;
    }
    let (_, below) = area.split_vertically(scale.px(10.0) + lines.len() as i32 * line_h);
    // the legend beside the plot: with CGC and PLE near 1 there is no free corner
    let entries: Vec<LegendEntry> = series
        .iter()
        .map(|(run, _)| LegendEntry::new(text.model(run.kind), Swatch::Line { color: style::model_color(run.kind), dashed: false }))
        .collect();
    let plot = with_side_legend_at(&below, &entries, scale)?;
    let last = last_step(runs);
    // as many step labels as fit with a label's width of space between them
    // (a narrow panel drew "1000 2000 3000" run together)
    let compact_step = |v: &f64| text.typeset.round_number(*v, 1000.0);
    let label_w = plot.estimate_text_size(&compact_step(&last), &scale.tick())?.0 as i32;
    let plot_w = plot.dim_in_pixel().0 as i32 - scale.px(40.0) - scale.px(28.0);
    let x_labels = (plot_w / (2 * label_w.max(1))).clamp(2, 4) as usize;
    let mut chart = ChartBuilder::on(&plot)
        .margin(scale.px(8.0))
        .margin_right(scale.px(20.0))
        .x_label_area_size(scale.px(42.0))
        .y_label_area_size(scale.px(40.0))
        .build_cartesian_2d(0f64..last, 0f64..y_max)?;
    house_mesh(&mut chart.configure_mesh(), scale)
        .x_desc(text.step.as_str())
        .x_labels(x_labels)
        .y_labels(5)
        .x_label_formatter(&compact_step)
        .y_label_formatter(&|v| trimmed(*v))
        .draw()?;
    for (run, points) in &series {
        let color = style::model_color(run.kind);
        chart.draw_series(LineSeries::new(points.iter().copied(), color.stroke_width(scale.px_u(2.0))))?;
        if let Some(&last) = points.last() {
            chart.draw_series(std::iter::once(Circle::new(last, scale.px_u(2.5), color.filled())))?;
        }
    }
    Ok(())
}

/// Up to two decimals without trailing zeros: 0.15, 0.1, 3.
fn trimmed(v: f64) -> String {
    if !v.is_finite() {
        return MISSING.to_string();
    }
    let s = format!("{v:.2}");
    minus(s.trim_end_matches('0').trim_end_matches('.').to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trimmed_values_are_short() {
        for (v, label) in [(0.15, "0.15"), (0.1, "0.1"), (3.0, "3"), (-0.5, "−0.5"), (f64::NAN, "—")] {
            assert_eq!(trimmed(v), label);
        }
    }
}
