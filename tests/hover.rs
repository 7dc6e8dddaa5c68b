//! The readout under the pointer, natively: each chart records where it drew
//! its data while drawing (into SVG here, a canvas in the page), and a point of
//! the picture reads back the values of the record drawn there — the loss at a
//! step equals the record's, the seesaw names the model under its dot, a gate
//! cell its weight — and the keyboard's positions step along the records.

mod common;
use common::quick;
use mtl_playground::models::ModelKind;
use mtl_playground::plot::charts::RaceChart;
use mtl_playground::plot::hover::{self, Layout, Probe};
use mtl_playground::plot::{chart_runs, ChartText};
use mtl_playground::Trainer;
use plotters::prelude::*;

/// Draws `chart` into an SVG of 900 × 420 pixels and returns what it recorded.
fn drawn(chart: RaceChart, trainer: &Trainer, text: &ChartText) -> Vec<Layout> {
    let runs = chart_runs(&trainer.runs);
    let mut out = String::new();
    let (result, layouts) = hover::recording(|| {
        let root = SVGBackend::with_string(&mut out, (900, 420)).into_drawing_area();
        chart.draw(&root, &runs, text)
    });
    result.expect("drawn");
    layouts
}

fn trained() -> Trainer {
    let mut t = Trainer::new(quick(vec![ModelKind::Single, ModelKind::SharedBottom, ModelKind::Mmoe])).expect("valid config");
    t.run(200);
    t
}

#[test]
fn the_loss_under_the_pointer_is_the_records_and_the_keyboard_steps_along_the_records() {
    let trainer = trained();
    let text = ChartText::default();
    let layouts = drawn(RaceChart::Losses, &trainer, &text);
    let Some(&Layout::Steps { area, from, to }) = layouts.first() else { panic!("a curve chart records its steps: {layouts:?}") };
    let runs = chart_runs(&trainer.runs);
    let mmoe = &trainer.runs[2];
    let record = &mmoe.history[mmoe.history.len() / 2];
    // the pixel column where that record's step is drawn, half-way down the plot
    let x = area.left as f64 + (record.step as f64 - from) / (to - from) * (area.right - area.left) as f64;
    let y = 0.5 * (area.top + area.bottom) as f64;
    let read = RaceChart::Losses.readout(&layouts, Probe::Point(x, y), &runs, &text).expect("a readout inside the plot");
    assert_eq!(read.step, Some(record.step));
    let row = read.rows.iter().find(|r| r.model == "mmoe").expect("MMoE's row");
    assert_eq!(row.values.iter().map(|v| v.value).collect::<Vec<_>>(), record.test_loss[..2].to_vec(), "the record's two losses");
    assert_eq!(row.values[0].name, text.task_a);
    assert_eq!(read.rows.len(), 3, "every model with a record there");
    // the keyboard: the record before and after, and the ends
    let before = RaceChart::Losses.readout(&layouts, Probe::At(read.prev.expect("a record before")), &runs, &text).unwrap();
    assert_eq!(before.next, Some(record.step));
    let last = RaceChart::Losses.readout(&layouts, Probe::At(usize::MAX), &runs, &text).unwrap();
    assert_eq!((last.step, last.next), (Some(mmoe.history.last().unwrap().step), None));
    // outside the plot (the legend, the axes) names nothing
    assert!(RaceChart::Losses.readout(&layouts, Probe::Point(area.right as f64 + 5.0, y), &runs, &text).is_none());
}

#[test]
fn the_seesaw_names_the_model_under_its_dot_and_the_gates_a_cells_weight() {
    let trainer = trained();
    let text = ChartText::default();
    let runs = chart_runs(&trainer.runs);
    let layouts = drawn(RaceChart::Seesaw, &trainer, &text);
    let plane = layouts.iter().find(|l| matches!(l, Layout::Plane { .. })).expect("the plane");
    let mmoe = trainer.runs[2].history.last().unwrap();
    let gain = mmoe.mtl_gain.as_ref().expect("gains");
    let (px, py) = plane.plane_pixel((gain[0], gain[1])).unwrap();
    let read = RaceChart::Seesaw.readout(&layouts, Probe::Point(px + 1.0, py - 1.0), &runs, &text).expect("the dot");
    assert_eq!(read.rows.len(), 1);
    assert_eq!(read.rows[0].model, "mmoe");
    assert_eq!(read.rows[0].values.iter().map(|v| v.value).collect::<Vec<_>>(), gain[..2].to_vec());

    let layouts = drawn(RaceChart::Gates, &trainer, &text);
    let Some(&Layout::Grid { area, rows, cols, index }) = layouts.first() else { panic!("MMoE's grid: {layouts:?}") };
    assert_eq!((rows, cols, index), (2, trainer.runs[2].history.last().unwrap().gates.as_ref().unwrap().mean[0].len(), 0));
    // task B's row, the third expert
    let (w, h) = ((area.right - area.left) as f64 / cols as f64, (area.bottom - area.top) as f64 / rows as f64);
    let (x, y) = (area.left as f64 + 2.5 * w, area.top as f64 + 1.5 * h);
    let read = RaceChart::Gates.readout(&layouts, Probe::Point(x, y), &runs, &text).expect("a cell");
    let gates = trainer.runs[2].history.iter().rev().find_map(|s| s.gates.as_ref()).unwrap();
    assert_eq!(read.rows[0].values[0].value, gates.mean[1][2]);
    assert_eq!(read.rows[0].values[0].name, format!("{} · {} 3", text.task_b, text.expert));
    assert_eq!(read.at, cols + 2, "the keyboard's cell number");
    let first = RaceChart::Gates.readout(&layouts, Probe::At(0), &runs, &text).unwrap();
    assert_eq!((first.prev, first.next, first.rows[0].values[0].value), (None, Some(1), gates.mean[0][0]));
}

/// What a drawing recorded, drawn into an SVG of 900 × 420 pixels.
fn recorded(
    draw: impl FnOnce(&DrawingArea<SVGBackend<'_>, plotters::coord::Shift>) -> Result<(), mtl_playground::plot::PlotError>,
) -> Vec<Layout> {
    let mut out = String::new();
    let (result, layouts) = hover::recording(|| draw(&SVGBackend::with_string(&mut out, (900, 420)).into_drawing_area()));
    result.expect("drawn");
    layouts
}

/// Every mark a chart recorded lies in its plot, and the pointer on a mark reads that mark.
fn marks_read_back(layouts: &[Layout]) -> usize {
    let mut read = 0;
    for layout in layouts {
        let Layout::Marks { area, marks } = layout else { continue };
        for (i, mark) in marks.iter().enumerate() {
            assert!(area.contains(mark.x, mark.y) || mark.x == area.right as f64 || mark.y == area.bottom as f64, "{mark:?} in {area:?}");
            let at = hover::marked(layouts, Probe::Point(mark.x, mark.y)).expect("the mark under the pointer");
            // two marks drawn on one pixel read as the first of them
            assert_eq!(at.rows[0], marks.iter().find(|m| (m.x, m.y) == (mark.x, mark.y)).unwrap().row, "mark {i}");
            read += 1;
        }
    }
    read
}

#[test]
fn the_funnel_picture_reads_each_stages_count_and_calibration_its_points() {
    use mtl_playground::plot::charts::{FunnelChart, FunnelView};
    use mtl_playground::plot::{funnel_chart_runs, FunnelChartText};
    use mtl_playground::{FunnelRaceConfig, FunnelTrainer};
    let mut trainer = FunnelTrainer::new(FunnelRaceConfig {
        data: common::small_funnel(5),
        batch_size: 256,
        record_every: 20,
        ..FunnelRaceConfig::default()
    })
    .unwrap();
    trainer.run(60);
    let text = FunnelChartText::default();
    let runs = funnel_chart_runs(&trainer.runs);
    let view = FunnelView { stats: &trainer.data().stats, runs: &runs };
    let layouts = recorded(|a| FunnelChart::Funnel.draw(a, &view, &text));
    let Some(Layout::Boxes(boxes)) = layouts.first() else { panic!("the stages' boxes: {layouts:?}") };
    let (clicks, _) = &boxes[1];
    let read = FunnelChart::Funnel
        .readout(&layouts, Probe::Point(clicks.left as f64 + 3.0, clicks.bottom as f64 - 3.0), &view, &text)
        .expect("a stage");
    assert_eq!(read.rows[0].values[0].value, trainer.data().stats.clicks as f64, "the clicks stage reads the clicks");
    assert_eq!(read.rows[0].model, "", "a stage of the data, not a model");
    let layouts = recorded(|a| FunnelChart::Calibration.draw(a, &view, &text));
    assert!(marks_read_back(&layouts) >= 4, "calibration's points read back");
}

#[test]
fn watch_times_three_charts_read_their_points() {
    use mtl_playground::data::WatchConfig;
    use mtl_playground::plot::charts::{WatchChart, WatchView};
    use mtl_playground::plot::{watch_chart_runs, WatchChartText};
    use mtl_playground::train::watch::WeightSweep;
    use mtl_playground::{WatchRaceConfig, WatchTrainer};
    let data =
        WatchConfig { users: 60, videos: 120, categories: 6, train_samples: 8192, test_per_user: 20, seed: 3, ..WatchConfig::default() };
    let config = WatchRaceConfig { data, batch_size: 128, steps: 60, record_every: 20, ..WatchRaceConfig::default() };
    let mut trainer = WatchTrainer::new(config.clone()).unwrap();
    trainer.run_to_end();
    let mut sweep = WeightSweep::new(config, vec![0.0, 0.5, 1.0]).unwrap();
    let points = sweep.run_to_end().to_vec();
    let runs = watch_chart_runs(&trainer.runs);
    let view = WatchView { runs: &runs, top_fraction: 0.1, sweep: &points, reference: &[] };
    let text = WatchChartText::default();
    for chart in [WatchChart::Tradeoff, WatchChart::Odds, WatchChart::WeightSweep] {
        let layouts = recorded(|a| chart.draw(a, &view, &text));
        assert!(marks_read_back(&layouts) > 0, "{chart:?} reads its points");
        let first = chart.readout(&layouts, Probe::At(0)).expect("the keyboard's first point");
        assert_eq!((first.prev, first.next.is_some()), (None, true), "{chart:?}");
    }
    // the sweep's points say their weight
    let layouts = recorded(|a| WatchChart::WeightSweep.draw(a, &view, &text));
    let read = WatchChart::WeightSweep.readout(&layouts, Probe::At(1)).unwrap();
    assert_eq!((read.rows[0].values[0].name.as_str(), read.rows[0].values[0].value), ("w", 0.5));
    assert_eq!(read.rows[0].values[1].value, points[1].top_click_share);
}
