//! What lies under a point of a drawn chart: the values the page shows under
//! the pointer (or the finger), and along the records by keyboard. Only the
//! drawing knows where it put its data (the legend's width, the frame, the axis
//! ranges), so a chart records its layout as it draws ([`record`]); the
//! boundary keeps the layouts of each chart's last draw ([`recording`]) and
//! asks its chart (`plot::charts`) what a [`Probe`] names there.
//!
//! Not here: which values a chart reads off a record (each chart's registry
//! entry), or how the page words and places the readout (www/js/readout.js).

use plotters::chart::ChartContext;
use plotters::coord::CoordTranslate;
use plotters::prelude::DrawingBackend;
use serde::Serialize;
use std::cell::RefCell;

/// A rectangle of the canvas, in its pixels (right and bottom excluded).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rect {
    pub left: i32,
    pub top: i32,
    pub right: i32,
    pub bottom: i32,
}

impl Rect {
    pub fn contains(&self, x: f64, y: f64) -> bool {
        x >= self.left as f64 && x < self.right as f64 && y >= self.top as f64 && y < self.bottom as f64
    }

    /// Where `x` falls across the rectangle, 0 at its left edge and 1 at its right.
    fn across(&self, x: f64) -> f64 {
        (x - self.left as f64) / (self.right - self.left).max(1) as f64
    }

    /// Where `y` falls up the rectangle, 0 at its bottom and 1 at its top.
    fn up(&self, y: f64) -> f64 {
        (self.bottom as f64 - y) / (self.bottom - self.top).max(1) as f64
    }
}

/// Where a chart drew its data.
#[derive(Clone, Debug, PartialEq)]
pub enum Layout {
    /// The training step runs from `from` to `to` across `area` (a curve over steps).
    Steps { area: Rect, from: f64, to: f64 },
    /// Two values, `x` across and `y` up, within `area` (the seesaw plane).
    Plane { area: Rect, x: (f64, f64), y: (f64, f64) },
    /// `rows` × `cols` cells filling `area`: the `index`th grid the chart drew
    /// (one gate heatmap per gated model).
    Grid { area: Rect, rows: usize, cols: usize, index: usize },
    /// Points the chart drew, each at its canvas pixel with what it shows (a
    /// model's point, a calibration or odds bin, a sweep point): the pointer
    /// reads the nearest within reach of the plot's width; `area` is the plot.
    Marks { area: Rect, marks: Vec<Mark> },
    /// Boxes the chart drew, each with what it shows (the funnel picture's bars).
    Boxes(Vec<(Rect, Row)>),
}

/// A point a chart drew: where, and what it shows (and at which step, if one).
#[derive(Clone, Debug, PartialEq)]
pub struct Mark {
    pub x: f64,
    pub y: f64,
    pub step: Option<usize>,
    pub row: Row,
}

/// How near a mark the pointer must be to read it, as a share of the plot's width.
const REACH: f64 = 0.06;

/// A mark or a box a chart drew, as [`marked`] reads them.
enum Spot<'a> {
    Mark { area: Rect, mark: &'a Mark },
    Box { rect: Rect, row: &'a Row },
}

impl Spot<'_> {
    fn row(&self) -> &Row {
        match self {
            Spot::Mark { mark, .. } => &mark.row,
            Spot::Box { row, .. } => row,
        }
    }
}

/// What `probe` names on a chart of marks or boxes as last drawn: under the
/// pointer, the box under it or else the nearest mark within reach; by
/// keyboard, the marks (or boxes) in the order the chart drew them.
pub fn marked(layouts: &[Layout], probe: Probe) -> Option<Readout> {
    let spots: Vec<Spot<'_>> = layouts
        .iter()
        .flat_map(|l| -> Vec<Spot<'_>> {
            match l {
                Layout::Marks { area, marks } => marks.iter().map(|mark| Spot::Mark { area: *area, mark }).collect(),
                Layout::Boxes(boxes) => boxes.iter().map(|(rect, row)| Spot::Box { rect: *rect, row }).collect(),
                _ => Vec::new(),
            }
        })
        .collect();
    let at = match probe {
        Probe::At(n) => n.min(spots.len().checked_sub(1)?),
        Probe::Point(x, y) => {
            let in_box = spots.iter().position(|s| matches!(s, Spot::Box { rect, .. } if rect.contains(x, y)));
            let nearest = || {
                let near = spots.iter().enumerate().filter_map(|(i, s)| match s {
                    Spot::Mark { area, mark } if area.contains(x, y) => {
                        let d = (mark.x - x).hypot(mark.y - y);
                        (d <= REACH * (area.right - area.left) as f64).then_some((i, d))
                    }
                    _ => None,
                });
                near.min_by(|a, b| a.1.total_cmp(&b.1)).map(|(i, _)| i)
            };
            in_box.or_else(nearest)?
        }
    };
    let spot = spots.get(at)?;
    let step = match spot {
        Spot::Mark { mark, .. } => mark.step,
        Spot::Box { .. } => None,
    };
    Some(Readout { at, prev: at.checked_sub(1), next: (at + 1 < spots.len()).then_some(at + 1), step, rows: vec![spot.row().clone()] })
}

/// A rectangle of the canvas from two corners in its pixels.
pub fn rect(a: (i32, i32), b: (i32, i32)) -> Rect {
    Rect { left: a.0.min(b.0), top: a.1.min(b.1), right: a.0.max(b.0), bottom: a.1.max(b.1) }
}

impl Layout {
    /// The step under `(x, y)` on a curve chart, if the point is within its plot.
    pub fn step_at(&self, x: f64, y: f64) -> Option<f64> {
        match *self {
            Layout::Steps { area, from, to } if area.contains(x, y) => Some(from + area.across(x) * (to - from)),
            _ => None,
        }
    }

    /// A plane's value pair at `(x, y)`, if the point is within it.
    pub fn plane_at(&self, x: f64, y: f64) -> Option<(f64, f64)> {
        match *self {
            Layout::Plane { area, x: (x0, x1), y: (y0, y1) } if area.contains(x, y) => {
                Some((x0 + area.across(x) * (x1 - x0), y0 + area.up(y) * (y1 - y0)))
            }
            _ => None,
        }
    }

    /// Where a plane's value pair is drawn, in canvas pixels.
    pub fn plane_pixel(&self, value: (f64, f64)) -> Option<(f64, f64)> {
        match *self {
            Layout::Plane { area, x: (x0, x1), y: (y0, y1) } => {
                let px = area.left as f64 + (value.0 - x0) / (x1 - x0) * (area.right - area.left) as f64;
                let py = area.bottom as f64 - (value.1 - y0) / (y1 - y0) * (area.bottom - area.top) as f64;
                Some((px, py))
            }
            _ => None,
        }
    }

    /// The grid, row and column of the cell under `(x, y)`.
    pub fn cell_at(&self, x: f64, y: f64) -> Option<(usize, usize, usize)> {
        match *self {
            Layout::Grid { area, rows, cols, index } if area.contains(x, y) && rows > 0 && cols > 0 => {
                let col = ((area.across(x) * cols as f64) as usize).min(cols - 1);
                let row = (((1.0 - area.up(y)) * rows as f64) as usize).min(rows - 1);
                Some((index, row, col))
            }
            _ => None,
        }
    }
}

/// What the page asks about: a point of the canvas (in its pixels), or a
/// position it moves along by keyboard (a record's step on a chart over steps,
/// a cell's number on a grid).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Probe {
    Point(f64, f64),
    At(usize),
}

/// What a probe names: the position (`at`, with its neighbours for the
/// keyboard), the step it stands for if the chart is over steps, and per model
/// the named values there.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Readout {
    pub at: usize,
    pub prev: Option<usize>,
    pub next: Option<usize>,
    pub step: Option<usize>,
    pub rows: Vec<Row>,
}

/// One model's values in a [`Readout`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Row {
    /// The model's id (the page names it in its language).
    pub model: &'static str,
    pub values: Vec<Value>,
}

/// A named value: `name` in the chart's words ("task A", "task A · expert 3"),
/// or empty where the chart has one value per model.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Value {
    pub name: String,
    pub value: f64,
}

impl Value {
    pub fn new(name: impl Into<String>, value: f64) -> Self {
        Self { name: name.into(), value }
    }
}

thread_local! {
    static DRAWN: RefCell<Vec<Layout>> = const { RefCell::new(Vec::new()) };
}

/// Notes a layout of the chart being drawn (a chart calls it once it knows where its data go).
pub fn record(layout: Layout) {
    DRAWN.with(|d| d.borrow_mut().push(layout));
}

/// Runs `draw` and returns, beside its result, the layouts it recorded.
pub fn recording<T>(draw: impl FnOnce() -> T) -> (T, Vec<Layout>) {
    let before = DRAWN.with(|d| d.take());
    let out = draw();
    let drawn = DRAWN.with(|d| d.replace(before));
    (out, drawn)
}

/// The plot of a chart context, in canvas pixels.
pub fn area_of<DB: DrawingBackend, CT: CoordTranslate>(chart: &ChartContext<'_, DB, CT>) -> Rect {
    let (x, y) = chart.plotting_area().get_pixel_range();
    Rect { left: x.start, top: y.start, right: x.end, bottom: y.end }
}

/// A curve chart over steps: the record nearest the probed step in each run
/// that has one, and the values `values` reads off it (a run without values
/// there is left out). `steps` lists each run's record steps, in order.
pub fn over_steps<R>(
    layouts: &[Layout],
    probe: Probe,
    runs: &[(&'static str, &[R])],
    step_of: impl Fn(&R) -> usize,
    values: impl Fn(&R) -> Vec<Value>,
) -> Option<Readout> {
    let wanted = match probe {
        Probe::Point(x, y) => layouts.iter().find_map(|l| l.step_at(x, y))?,
        Probe::At(step) => step as f64,
    };
    // the longest history sets the positions the keyboard moves along
    let (_, longest) = runs.iter().max_by_key(|(_, h)| h.len())?;
    let i = nearest(longest, wanted, &step_of)?;
    let step = step_of(&longest[i]);
    let rows = runs
        .iter()
        .filter_map(|(model, history)| {
            let at = history.iter().find(|r| step_of(r) == step)?;
            let values = values(at);
            (!values.is_empty()).then_some(Row { model, values })
        })
        .collect();
    Some(Readout {
        at: step,
        prev: i.checked_sub(1).map(|j| step_of(&longest[j])),
        next: longest.get(i + 1).map(&step_of),
        step: Some(step),
        rows,
    })
}

/// The index of the record whose step is nearest `step` (records in step order).
pub fn nearest<R>(history: &[R], step: f64, step_of: impl Fn(&R) -> usize) -> Option<usize> {
    if history.is_empty() {
        return None;
    }
    let after = history.partition_point(|r| (step_of(r) as f64) < step);
    let candidates = [after.checked_sub(1), (after < history.len()).then_some(after)];
    candidates.into_iter().flatten().min_by(|&a, &b| {
        let d = |i: usize| (step_of(&history[i]) as f64 - step).abs();
        d(a).total_cmp(&d(b))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const AREA: Rect = Rect { left: 100, top: 20, right: 500, bottom: 320 };

    #[test]
    fn a_point_maps_to_the_step_and_the_plane_value_under_it() {
        let steps = Layout::Steps { area: AREA, from: 0.0, to: 1000.0 };
        assert_eq!(steps.step_at(300.0, 100.0), Some(500.0));
        assert_eq!(steps.step_at(50.0, 100.0), None, "left of the plot");
        let plane = Layout::Plane { area: AREA, x: (-1.0, 1.0), y: (-2.0, 2.0) };
        assert_eq!(plane.plane_at(300.0, 170.0), Some((0.0, 0.0)));
        assert_eq!(plane.plane_pixel((0.5, 1.0)), Some((400.0, 95.0)));
        let grid = Layout::Grid { area: AREA, rows: 2, cols: 8, index: 1 };
        assert_eq!(grid.cell_at(101.0, 21.0), Some((1, 0, 0)));
        assert_eq!(grid.cell_at(499.0, 319.0), Some((1, 1, 7)));
        assert_eq!(grid.cell_at(99.0, 21.0), None);
    }

    #[test]
    fn the_nearest_record_and_its_neighbours() {
        let steps = [0usize, 10, 20, 30];
        assert_eq!(nearest(&steps, 14.0, |s| *s), Some(1));
        assert_eq!(nearest(&steps, 16.0, |s| *s), Some(2));
        assert_eq!(nearest(&steps, -5.0, |s| *s), Some(0));
        assert_eq!(nearest(&steps, 99.0, |s| *s), Some(3));
        let a: &[usize] = &[0, 10, 20, 30];
        let b: &[usize] = &[0, 10];
        let layouts = [Layout::Steps { area: AREA, from: 0.0, to: 40.0 }];
        let read = over_steps(
            &layouts,
            Probe::Point(100.0 + 400.0 * 0.5, 50.0),
            &[("a", a), ("b", b)],
            |s| *s,
            |s| vec![Value::new("", *s as f64)],
        );
        let read = read.expect("a readout");
        assert_eq!((read.at, read.prev, read.next), (20, Some(10), Some(30)));
        assert_eq!(read.rows.len(), 1, "a run without a record at that step is left out");
        let by_key = over_steps(&layouts, Probe::At(10), &[("a", a), ("b", b)], |s| *s, |s| vec![Value::new("", *s as f64)]).unwrap();
        assert_eq!(by_key.rows.iter().map(|r| r.model).collect::<Vec<_>>(), ["a", "b"]);
    }
}
