//! The five charts drawn natively into SVG: a real short race, the messages for
//! what is missing, and the awkward histories (empty, one record, NaN, diverged,
//! 10,000 records). Set `MTL_PLOT_SVG_DIR` to also write every chart to a file.

mod common;
use common::{drawn_items, quick};
use mtl_playground::models::{GateStats, ModelKind};
use mtl_playground::plot::charts::{Chart as _, RaceChart as Chart};
use mtl_playground::plot::{self, chart_runs, style, ChartRun, ChartText, PlotError};
use mtl_playground::train::weighting::{GradNormRecord, GRAD_NORM_LR};
use mtl_playground::train::{LossWeighting, Snapshot};
use mtl_playground::{RaceConfig, Trainer};
use plotters::coord::Shift;
use plotters::prelude::*;
use std::time::Instant;

/// A chart drawn on an SVG area.
type SvgChart<'a> = dyn Fn(&DrawingArea<SVGBackend<'_>, Shift>) -> Result<(), PlotError> + 'a;

/// The registry's charts (`plot::charts`): what the page draws, by panel id.
fn charts() -> impl Iterator<Item = (&'static str, Chart)> {
    Chart::ALL.iter().map(|&c| (c.id(), c))
}

fn draw_chart<DB: DrawingBackend>(
    chart: Chart,
    area: &DrawingArea<DB, Shift>,
    runs: &[ChartRun<'_>],
    text: &ChartText,
) -> Result<(), PlotError> {
    chart.draw(area, runs, text)
}

fn race(models: Vec<ModelKind>, steps: usize) -> Trainer {
    let mut t = Trainer::new(quick(models)).expect("valid config");
    t.run(steps);
    t
}

/// Draws one chart into an SVG string of `size` pixels.
fn svg(name: &str, chart: Chart, runs: &[ChartRun<'_>], text: &ChartText, size: (u32, u32)) -> String {
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, size).into_drawing_area();
        draw_chart(chart, &root, runs, text).unwrap_or_else(|e| panic!("{name}: {e}"));
        root.present().expect("svg written");
    }
    if let Ok(dir) = std::env::var("MTL_PLOT_SVG_DIR") {
        let path = format!("{dir}/{name}-{}x{}.svg", size.0, size.1);
        std::fs::write(&path, &out).unwrap_or_else(|e| panic!("{path}: {e}"));
    }
    out
}

fn color_of(kind: ModelKind) -> String {
    style::model_hex(kind).to_uppercase()
}

#[test]
fn every_chart_draws_a_real_race() {
    let trainer = race(ModelKind::ALL.to_vec(), 200);
    let runs = chart_runs(&trainer.runs);
    let text = ChartText::default();
    for size in [(600, 340), (1200, 680)] {
        let losses = svg("losses", Chart::Losses, &runs, &text, size);
        for needle in ["training step", "test loss (MSE, log scale)", "task A", "task B", "Single-task", "MMoE", "OMoE", "Shared-Bottom"] {
            assert!(losses.contains(needle), "losses: no {needle:?}");
        }
        for kind in ModelKind::ALL {
            // two task lines per model: one solid polyline, one dashed path
            assert!(losses.matches(&color_of(kind)).count() >= 3, "losses: {kind} has too few marks");
        }

        let gates = svg("gates", Chart::Gates, &runs, &text, size);
        for needle in ["expert", "mean gate weight", "JS distance", "gate entropy", "OMoE", "MMoE", "CGC", "PLE", "A1", "B2", "S4"] {
            assert!(gates.contains(needle), "gates: no {needle:?}");
        }
        // CGC's and PLE's gates weigh 6 experts: their entropy is out of log2 6
        assert!(gates.contains("/ 2.58 bits") && gates.contains("/ 3 bits"), "gates: entropy maxima");
        assert!(!gates.contains("Shared-Bottom"), "gates: a model without gates is drawn");
        // four heatmaps of 2 × 8 cells, annotated except where a task's gate cannot reach
        let cells = gates.matches("\n0.").count() + gates.matches("\n1.").count();
        assert!(cells >= 2 * 16 + 2 * 12, "gates: {cells} annotated values");

        let seesaw = svg("seesaw", Chart::Seesaw, &runs, &text, size);
        for needle in
            ["positive transfer", "seesaw", "negative transfer", "MTL gain on task A", "MTL gain on task B", "Single-task = (0, 0)"]
        {
            assert!(seesaw.contains(needle), "seesaw: no {needle:?}");
        }
        for kind in [ModelKind::SharedBottom, ModelKind::Omoe, ModelKind::Mmoe] {
            assert!(seesaw.contains(&color_of(kind)), "seesaw: no point for {kind}");
        }

        let conflict = svg("conflict", Chart::Conflict, &runs, &text, size);
        for needle in ["cos(∇L_A, ∇L_B) on shared parameters", "conflict", "smoothed (EMA)", "per batch", "Shared-Bottom"] {
            assert!(conflict.contains(needle), "conflict: no {needle:?}");
        }
        assert!(!conflict.contains(&color_of(ModelKind::Single)), "conflict: single-task drawn");
    }
}

#[test]
fn missing_models_give_a_message_that_says_what_to_add() {
    let text = ChartText::default();
    let no_single = race(vec![ModelKind::SharedBottom, ModelKind::Mmoe], 40);
    let seesaw = svg("seesaw-no-single", Chart::Seesaw, &chart_runs(&no_single.runs), &text, (600, 340));
    assert!(seesaw.contains("single-task baselines"), "seesaw without baselines: {seesaw}");
    assert!(!seesaw.contains("positive transfer"));

    let ungated = race(vec![ModelKind::Single, ModelKind::SharedBottom], 40);
    let gates = svg("gates-ungated", Chart::Gates, &chart_runs(&ungated.runs), &text, (600, 340));
    assert!(gates.contains("no gated model"), "gates without OMoE/MMoE: {gates}");

    let only_single = race(vec![ModelKind::Single], 40);
    let runs = chart_runs(&only_single.runs);
    let conflict = svg("conflict-single", Chart::Conflict, &runs, &text, (600, 340));
    assert!(conflict.contains("share no parameters"));
    let seesaw = svg("seesaw-single", Chart::Seesaw, &runs, &text, (600, 340));
    assert!(seesaw.contains("multi-task model"));
}

/// A shared bottom whose units died passes no gradient to its shared
/// parameters: no angle, ever. Once it has trained, the conflict chart says
/// so instead of waiting for data.
#[test]
fn the_conflict_chart_says_when_no_gradient_reaches_the_shared_parameters() {
    let text = ChartText::default();
    let dead = |len: usize| -> Vec<(ModelKind, Vec<Snapshot>)> {
        [ModelKind::Single, ModelKind::SharedBottom]
            .iter()
            .map(|&k| (k, (0..len).map(|i| Snapshot { grad_cosine: None, ..snapshot(k, i) }).collect()))
            .collect()
    };
    let trained = dead(30);
    let conflict = svg("conflict-dead", Chart::Conflict, &views(&trained), &text, (600, 340));
    assert!(conflict.contains("no gradient reaches the shared parameters"), "{conflict}");
    let first = dead(1); // the record at step 0 only: nothing trained yet
    let conflict = svg("conflict-first", Chart::Conflict, &views(&first), &text, (600, 340));
    assert!(conflict.contains("no data yet") && !conflict.contains("no gradient"), "{conflict}");
}

#[test]
fn translated_text_is_what_gets_drawn() {
    let trainer = race(ModelKind::ALL.to_vec(), 60);
    let runs = chart_runs(&trainer.runs);
    let text = ChartText::from_json(r#"{"both_gain": "正迁移", "single_task": "单任务", "step": "训练步数"}"#).expect("valid text");
    let seesaw = svg("seesaw-zh", Chart::Seesaw, &runs, &text, (600, 340));
    assert!(seesaw.contains("正迁移") && seesaw.contains("单任务") && !seesaw.contains("positive transfer"));
    assert!(svg("losses-zh", Chart::Losses, &runs, &text, (600, 340)).contains("训练步数"));
}

fn gates(js: f64) -> GateStats {
    let row = |tilt: f64| (0..8).map(|e| (1.0 + tilt * e as f64) / (8.0 + tilt * 28.0)).collect();
    GateStats { mean: vec![row(0.1), row(-0.05)], js_distance: js, entropy_bits: 2.9, owners: Vec::new() }
}

/// CGC/PLE-shaped gates: A1 A2 B1 B2 S1–S4, zero on the other task's experts.
fn owned_gates(js: f64) -> GateStats {
    let row = |k: usize| (0..8).map(|e| if e / 2 == 1 - k { 0.0 } else { (1.0 + (e % 3) as f64) / 12.0 }).collect();
    let owners = vec![Some(0), Some(0), Some(1), Some(1), None, None, None, None];
    GateStats { mean: vec![row(0), row(1)], js_distance: js, entropy_bits: 2.4, owners }
}

/// A synthetic record: losses falling, a noisy cosine, a small MTL gain, noisy
/// GradNorm terms.
fn snapshot(kind: ModelKind, i: usize) -> Snapshot {
    let t = i as f64;
    let wobble = (t * 0.7).sin();
    Snapshot {
        step: i * 10,
        train_loss: vec![1.5 / (1.0 + t * 0.01); 2],
        test_loss: vec![1.5 / (1.0 + t * 0.01), 1.2 / (1.0 + t * 0.02)],
        test_auc: None,
        gates: match kind {
            ModelKind::Omoe | ModelKind::Mmoe => Some(gates(0.05 + 0.01 * wobble)),
            ModelKind::Cgc | ModelKind::Ple => Some(owned_gates(0.3 + 0.01 * wobble)),
            _ => None,
        },
        grad_cosine: (kind != ModelKind::Single && i > 0).then_some(0.3 * wobble),
        mtl_gain: (kind != ModelKind::Single).then(|| vec![0.01 * wobble, -0.005 + 0.01 * (t * 0.3).cos()]),
        loss_weights: vec![1.0 + 0.3 * wobble, 1.0 - 0.3 * wobble],
        weighting: LossWeighting::grad_norm(1.5),
        uncertainty: None,
        grad_norm: (kind != ModelKind::Single && i > 0).then(|| GradNormRecord {
            grad_norms: vec![0.5 + 0.2 * wobble, 0.3 - 0.1 * wobble],
            targets: vec![0.45, 0.35],
            loss_ratios: vec![1.1, 0.9],
        }),
    }
}

fn histories(len: usize) -> Vec<(ModelKind, Vec<Snapshot>)> {
    ModelKind::ALL.iter().map(|&k| (k, (0..len).map(|i| snapshot(k, i)).collect())).collect()
}

fn views(h: &[(ModelKind, Vec<Snapshot>)]) -> Vec<ChartRun<'_>> {
    h.iter().map(|(kind, history)| ChartRun { kind: *kind, history, diverged_at: None, params: 0, stopped_at: None }).collect()
}

#[test]
fn empty_and_single_record_histories_draw_without_panicking() {
    let text = ChartText::default();
    let none: Vec<ChartRun<'_>> = Vec::new();
    for (name, chart) in charts() {
        assert!(svg(&format!("{name}-none"), chart, &none, &text, (600, 340)).contains("no data yet"), "{name} with no runs");
    }
    let empty: Vec<(ModelKind, Vec<Snapshot>)> = ModelKind::ALL.iter().map(|&k| (k, Vec::new())).collect();
    for (name, chart) in charts() {
        assert!(
            svg(&format!("{name}-empty"), chart, &views(&empty), &text, (600, 340)).contains("no data yet"),
            "{name} with empty histories"
        );
    }
    // a fresh trainer: one record at step 0, no cosine yet
    let fresh = Trainer::new(quick(ModelKind::ALL.to_vec())).expect("valid config");
    let runs = chart_runs(&fresh.runs);
    for (name, chart) in charts() {
        svg(&format!("{name}-fresh"), chart, &runs, &text, (600, 340));
    }
    assert!(svg("conflict-fresh", Chart::Conflict, &runs, &text, (600, 340)).contains("no data yet"));
    assert!(svg("losses-fresh", Chart::Losses, &runs, &text, (600, 340)).contains("MMoE"));
}

#[test]
fn nan_values_and_a_diverged_model_draw() {
    let text = ChartText::default();
    let mut h = histories(50);
    for s in h[3].1.iter_mut().skip(20) {
        s.test_loss = vec![f64::NAN, f64::INFINITY];
        s.grad_cosine = Some(f64::NAN);
        s.mtl_gain = Some(vec![f64::NAN, 0.01]);
        if let Some(g) = s.gates.as_mut() {
            g.mean[0][3] = f64::NAN;
            g.js_distance = f64::NAN;
        }
    }
    h[1].1.truncate(30);
    let mut runs = views(&h);
    runs[1].diverged_at = Some(300);
    for (name, chart) in charts() {
        svg(&format!("{name}-nan"), chart, &runs, &text, (600, 340));
    }
    let losses = svg("losses-diverged", Chart::Losses, &runs, &text, (600, 340));
    assert!(losses.contains("diverged at step 300"), "the legend notes the divergence");
    let gates = svg("gates-nan", Chart::Gates, &runs, &text, (600, 340));
    assert!(gates.contains('—'), "a NaN gate weight is shown as a dash");
}

/// Drawing cost must not grow with the length of a run: every chart thins its
/// lines to about the plot's width in pixels, so 10,000 records draw about as
/// much as 2,500 (both more points than the 1,200-pixel chart has columns);
/// drawn without thinning they would draw 4× as much. A few hundred elements
/// depend on the values, not the length (the seesaw skips trail segments outside
/// its range, tick labels), hence the + 300.
/// Checked on what is drawn (SVG elements plus the vertices of every line), not
/// on a clock, which flakes on a busy machine; the time per chart is printed
/// (`cargo test --release --test plot ten_thousand -- --nocapture`).
#[test]
fn ten_thousand_records_draw_no_more_than_a_quarter_as_many() {
    let (short, long) = (histories(2_500), histories(10_000));
    let text = ChartText::default();
    for (name, chart) in charts() {
        let few = drawn_items(&svg(&format!("{name}-2.5k"), chart, &views(&short), &text, (1200, 680)));
        let start = Instant::now();
        let many = drawn_items(&svg(&format!("{name}-10k"), chart, &views(&long), &text, (1200, 680)));
        println!("{name}: {:?} for 10,000 records ({many} elements and vertices; {few} at 2,500)", start.elapsed());
        assert!(many as f64 <= 1.1 * few as f64 + 300.0, "{name}: {many} elements and vertices at 10,000 records against {few} at 2,500");
    }
}

#[test]
fn the_weights_chart_draws_each_strategy_and_marks_a_switch() {
    let text = ChartText::default();
    let mut t = Trainer::new(quick(ModelKind::ALL.to_vec())).expect("valid config");
    t.run(60);
    t.set_weighting(LossWeighting::grad_norm(1.5)).unwrap();
    t.run(60);
    let runs = chart_runs(&t.runs);
    for size in [(600, 340), (1200, 680)] {
        let out = svg("weights", Chart::Weights, &runs, &text, size);
        for needle in ["training step", "weight on the task", "task A", "task B", "Shared-Bottom", "MMoE", "GradNorm α = 1.5"] {
            assert!(out.contains(needle), "weights: no {needle:?}");
        }
        assert!(out.contains("fixed (no shared layer)"), "single-task's fallback is noted");
        for kind in ModelKind::ALL {
            // two task lines per model and its current points
            assert!(out.matches(&color_of(kind)).count() >= 3, "weights: {kind} has too few marks");
        }
    }
    t.set_weighting(LossWeighting::Uncertainty).unwrap();
    t.run(40);
    let out = svg("weights-uncertainty", Chart::Weights, &chart_runs(&t.runs), &text, (600, 340));
    assert!(out.contains("uncertainty weighting: 0.5·e^(−s)·L + 0.5·s (regression form)"), "the caption states the form");
    let zh = ChartText::from_json(r#"{"loss_weight": "损失权重"}"#).unwrap();
    assert!(svg("weights-zh", Chart::Weights, &chart_runs(&t.runs), &zh, (600, 340)).contains("损失权重"));
}

#[test]
fn the_weights_chart_draws_grad_norms_beside_their_targets_only_under_grad_norm() {
    let text = ChartText::default();
    let models = vec![ModelKind::Single, ModelKind::SharedBottom, ModelKind::Mmoe];
    let config =
        RaceConfig { weighting: LossWeighting::GradNorm { alpha: 1.5, lr: GRAD_NORM_LR }, record_every: 5, ..quick(models.clone()) };
    let mut t = Trainer::new(config).expect("valid config");
    t.run(200);
    let runs = chart_runs(&t.runs);
    for size in [(600, 340), (640, 400), (1200, 680)] {
        let out = svg("weights-grad-norm", Chart::Weights, &runs, &text, size);
        for needle in
            [&text.grad_norm_axis, &text.grad_norm_value, &text.grad_norm_target, &text.grad_norm_smoothed, &text.loss_weight, &text.step]
        {
            assert!(out.contains(&needle.replace('\'', "&apos;")), "weights under GradNorm {size:?}: no {needle:?}");
        }
        for kind in [ModelKind::SharedBottom, ModelKind::Mmoe] {
            // per task a weight line, a norm line and a target line, and the weights' current points
            assert!(out.matches(&color_of(kind)).count() >= 8, "weights under GradNorm: too few {kind} marks");
        }
    }
    for run in &t.runs {
        let now = plot::grad_norms::now(&run.history);
        if run.kind == ModelKind::Single {
            assert!(now.is_none(), "single-task keeps fixed weights: no GradNorm terms");
            continue;
        }
        let now = now.unwrap_or_else(|| panic!("{}: no smoothed GradNorm terms", run.kind));
        println!("{}: smoothed G {:?} targets {:?} gaps {:?}", run.kind, now.grad_norms, now.targets, now.gaps);
        for k in 0..2 {
            let gap = (now.grad_norms[k] - now.targets[k]).abs() / now.targets[k];
            assert!(now.grad_norms[k] > 0.0 && now.targets[k] > 0.0 && (now.gaps[k] - gap).abs() < 1e-12, "{}: {now:?}", run.kind);
        }
    }

    let fixed = race(models, 200);
    let out = svg("weights-fixed", Chart::Weights, &chart_runs(&fixed.runs), &text, (640, 400));
    assert!(out.contains("weight on the task") && out.contains(&text.step), "the weights chart alone");
    for needle in [&text.grad_norm_axis, &text.grad_norm_target, &text.grad_norm_smoothed] {
        assert!(!out.contains(needle.as_str()), "fixed weighting draws {needle:?}");
    }
    assert!(fixed.runs.iter().all(|r| plot::grad_norms::now(&r.history).is_none()));

    let zh = ChartText::from_json(r#"{"grad_norm_axis": "梯度范数（对数）", "grad_norm_target": "目标 Ḡ·r_i^α"}"#).unwrap();
    let out = svg("weights-grad-norm-zh", Chart::Weights, &runs, &zh, (640, 400));
    assert!(out.contains("梯度范数") && out.contains("目标 Ḡ"), "the GradNorm words are the page's");
}

#[test]
fn gate_chart_marks_whose_experts_cgc_and_ple_weigh() {
    let trainer = race(vec![ModelKind::Mmoe, ModelKind::Cgc, ModelKind::Ple], 200);
    let runs = chart_runs(&trainer.runs);
    let text = ChartText::default();
    for size in [(600, 340), (1200, 680)] {
        let gates = svg("gates-cgc-ple", Chart::Gates, &runs, &text, size);
        for needle in ["MMoE", "CGC", "PLE", "A1", "A2", "B1", "B2", "S1", "S4", "task A", "task B", "S: shared experts"] {
            assert!(gates.contains(needle), "gates: no {needle:?}");
        }
        for kind in [ModelKind::Cgc, ModelKind::Ple] {
            assert!(gates.contains(&color_of(kind)), "gates: no {kind} line");
        }
    }
}

// ---- the sweep charts --------------------------------------------------------

use mtl_playground::plot::SweepChartText;
use mtl_playground::train::sweep::{Sweep, SweepConfig, SweepKind, SweepSummary};

/// A small sweep of `kind`, run for `units` units of work (all of it if `None`).
fn sweep_summary(kind: SweepKind, units: Option<usize>) -> SweepSummary {
    let mut c = SweepConfig::for_kind(kind);
    c.base.data.train_samples = 2048;
    c.base.data.test_samples = 512;
    c.base.batch_size = 64;
    c.steps = 40;
    c.points = 5;
    c.inits = 4;
    c.seeds = if kind == SweepKind::Trainability { vec![1] } else { vec![1, 2] };
    let mut sweep = Sweep::new(c).unwrap();
    match units {
        Some(n) => {
            sweep.run(n).unwrap();
        }
        None => sweep.run_to_end().unwrap(),
    }
    sweep.results().summary
}

fn sweep_svg(name: &str, summary: &SweepSummary, text: &SweepChartText, size: (u32, u32)) -> String {
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, size).into_drawing_area();
        let drawn = match summary {
            SweepSummary::LossWeight { curves } => plot::tradeoff::draw(&root, curves, text),
            SweepSummary::Trainability { data_seed, task_correlation, models } => {
                let protocol = plot::trainability::Protocol { data_seed: *data_seed, task_correlation: *task_correlation };
                plot::trainability::draw(&root, models, protocol, text)
            }
            SweepSummary::Correlation { models, .. } => plot::correlation_sweep::draw(&root, models, text),
            SweepSummary::Transfer { .. } => unreachable!("the transfer map has its own words: transfer_svg"),
        };
        drawn.unwrap_or_else(|e| panic!("{name}: {e}"));
        root.present().expect("svg written");
    }
    if let Ok(dir) = std::env::var("MTL_PLOT_SVG_DIR") {
        let path = format!("{dir}/{name}-{}x{}.svg", size.0, size.1);
        std::fs::write(&path, &out).unwrap_or_else(|e| panic!("{path}: {e}"));
    }
    out
}

#[test]
fn correlation_sweep_draws_every_seed_beside_median_and_quartiles() {
    let summary = sweep_summary(SweepKind::Correlation, None);
    let SweepSummary::Correlation { models, .. } = &summary else { panic!("a correlation summary") };
    let mut seed_marks = 0;
    for curve in models {
        for point in &curve.points {
            assert_eq!(point.seed_losses.len(), 2, "{}: both seeds' losses at p = {}", curve.model, point.task_correlation);
            assert_eq!(point.seed_ratios.len(), 2, "{}: both seeds' ratios", curve.model);
            let r = point.ratio.as_ref().expect("ratios");
            assert!(r.q1 <= r.median && r.median <= r.q3, "{}: quartiles {r:?}", curve.model);
            let values: Vec<f64> = point.seed_ratios.iter().map(|s| s.value).collect();
            assert!(values.iter().all(|v| *v >= r.min && *v <= r.max), "the seeds are the spread's values");
            seed_marks += point.seed_losses.len() + point.seed_ratios.len();
        }
    }
    let svg = sweep_svg("correlation-seeds", &summary, &SweepChartText::default(), (900, 420));
    // a hollow circle per seed and panel, a filled one per median and panel
    let medians = models.iter().map(|c| c.points.len() * 2).sum::<usize>();
    assert!(
        svg.matches("<circle").count() >= seed_marks + medians,
        "{} circles for {seed_marks} seed marks and {medians} medians",
        svg.matches("<circle").count()
    );
}

#[test]
fn every_sweep_chart_draws_partial_and_complete_results() {
    let text = SweepChartText::default();
    let models = [ModelKind::SharedBottom, ModelKind::Omoe, ModelKind::Mmoe];
    let cases = [
        (
            "tradeoff",
            SweepKind::LossWeight,
            vec!["task A test loss", "task B test loss", "loss weights (1, 0)", "loss weights (0, 1)", "bars: ± std over 2 seeds"],
        ),
        (
            "trainability",
            SweepKind::Trainability,
            vec!["final test loss", "mean ", "std ", "data fixed: seed 1", "p = 0.5", "4 initialisations"],
        ),
        (
            "correlation",
            SweepKind::Correlation,
            vec![
                "task correlation p",
                "same seed&apos;s loss at p = 1",
                "test loss (mean of the tasks)",
                "median; bar: middle half",
                "circles: one per seed (2 seeds)",
                "× (p = ",
            ],
        ),
    ];
    for (name, kind, needles) in cases {
        let empty = sweep_svg(&format!("{name}-empty"), &sweep_summary(kind, Some(1)), &text, (600, 340));
        assert!(empty.contains("no results yet"), "{name}: no message before the first result");
        // two jobs' worth of units (set-up, steps, finish): a partial chart
        let partial = sweep_svg(&format!("{name}-partial"), &sweep_summary(kind, Some(2 * 42 + 1)), &text, (600, 340));
        assert!(!partial.contains("no results yet"), "{name}: partial results not drawn");
        for kind in models {
            assert!(partial.contains(&color_of(kind)), "{name} partial: no {kind}");
        }
        let complete = sweep_summary(kind, None);
        for size in [(600, 340), (1200, 680)] {
            let svg = sweep_svg(name, &complete, &text, size);
            for needle in &needles {
                assert!(svg.contains(needle), "{name} {size:?}: no {needle:?}");
            }
            for kind in models {
                assert!(svg.contains(text.model(kind)), "{name}: no {kind} name");
                assert!(svg.matches(&color_of(kind)).count() >= 3, "{name}: too few {kind} marks");
            }
        }
    }
    let zh = SweepChartText::from_json(r#"{"task_correlation": "任务相关性 p", "no_results": "还没有结果"}"#).unwrap();
    assert!(sweep_svg("correlation-zh", &sweep_summary(SweepKind::Correlation, None), &zh, (600, 340)).contains("任务相关性 p"));
    assert!(sweep_svg("correlation-zh-empty", &sweep_summary(SweepKind::Correlation, Some(0)), &zh, (600, 340)).contains("还没有结果"));
}

// ---- the transfer map ------------------------------------------------------------

use mtl_playground::plot::transfer_map::{class_color, TransferMap};
use mtl_playground::plot::TransferChartText;
use mtl_playground::train::sweep::transfer::{TaskVerdict, TransferClass, TransferCount, TransferEntry};

fn transfer_svg(name: &str, map: TransferMap<'_>, text: &TransferChartText, size: (u32, u32)) -> String {
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, size).into_drawing_area();
        plot::transfer_map::draw(&root, map, text).unwrap_or_else(|e| panic!("{name}: {e}"));
        root.present().expect("svg written");
    }
    if let Ok(dir) = std::env::var("MTL_PLOT_SVG_DIR") {
        let path = format!("{dir}/{name}-{}x{}.svg", size.0, size.1);
        std::fs::write(&path, &out).unwrap_or_else(|e| panic!("{path}: {e}"));
    }
    out
}

/// Counts `[positive, seesaw, negative, unclear, failed]` of `model` at `p`.
fn count(model: ModelKind, p: f64, n: [usize; 5]) -> TransferCount {
    let [positive, seesaw, negative, unclear, failed] = n;
    TransferCount { model, p, seeds: n.iter().sum(), positive, seesaw, negative, unclear, failed }
}

/// Seed `seed`'s entry of `model` at `p`, in `class`.
fn entry(seed: u64, model: ModelKind, p: f64, class: TransferClass) -> TransferEntry {
    TransferEntry {
        seed,
        p,
        model,
        test_loss: [0.1, 0.1],
        single_test_loss: [0.1, 0.1],
        tasks: [TaskVerdict::Within; 2],
        class,
        failed: None,
        failures: vec![],
    }
}

/// `(x, y, text)` of every `<text>` an SVG draws.
fn placed_texts(svg: &str) -> Vec<(f64, f64, String)> {
    let attr = |tag: &str, name: &str| -> f64 {
        let at = tag.find(&format!(" {name}=\"")).map(|i| i + name.len() + 3).expect("an attribute");
        tag[at..].split('"').next().unwrap().parse().unwrap()
    };
    let mut out = Vec::new();
    let mut rest = svg;
    while let Some(open) = rest.find("<text") {
        let after = &rest[open..];
        let (Some(start), Some(end)) = (after.find('>'), after.find("</text>")) else { break };
        out.push((attr(&after[..start], "x"), attr(&after[..start], "y"), after[start + 1..end].trim().to_string()));
        rest = &after[end..];
    }
    out
}

#[test]
fn the_transfer_map_stacks_each_bar_to_its_seeds_names_the_five_classes_and_rings_the_seed() {
    use ModelKind::*;
    let counts = [
        count(SharedBottom, 1.0, [3, 2, 1, 0, 4]),
        count(SharedBottom, 0.0, [0, 1, 8, 0, 1]),
        count(Mmoe, 1.0, [6, 1, 1, 2, 0]),
        count(Mmoe, 0.0, [1, 6, 2, 1, 0]),
    ];
    let entries = [
        entry(4, SharedBottom, 1.0, TransferClass::Failed),
        entry(4, SharedBottom, 0.0, TransferClass::Negative),
        entry(4, Mmoe, 1.0, TransferClass::Positive),
        entry(4, Mmoe, 0.0, TransferClass::Seesaw),
    ];
    let text = TransferChartText::default();
    let map = TransferMap { counts: &counts, entries: &entries, margin: 0.02, seed: Some(4) };
    for size in [(900, 420), (600, 340)] {
        let svg = transfer_svg("transfer-map", map, &text, size);
        let texts = placed_texts(&svg);
        let drawn: Vec<&str> = texts.iter().map(|t| t.2.as_str()).collect();
        for class in TransferClass::ALL {
            assert!(drawn.contains(&text.class(class)), "{size:?}: the legend lacks {class:?}: {drawn:?}");
            assert!(svg.contains(&format!("#{:02X}{:02X}{:02X}", class_color(class).0, class_color(class).1, class_color(class).2)));
        }
        for needle in ["p = 1 (control)", "p = 0", "Shared-Bottom", "MMoE", "ring: your seed (4)", "vs single-task, ±2%", "100%"] {
            assert!(drawn.contains(&needle), "{size:?}: no {needle:?} in {drawn:?}");
        }
        // the counts on one bar share its height; they add up to its seeds, bar by bar
        let mut bars: Vec<(f64, usize)> = Vec::new();
        for (_, y, t) in &texts {
            if let Ok(n) = t.parse::<usize>() {
                match bars.iter_mut().find(|(by, _)| (by - y).abs() < 0.5) {
                    Some(bar) => bar.1 += n,
                    None => bars.push((*y, n)),
                }
            }
        }
        bars.sort_by(|a, b| a.0.total_cmp(&b.0));
        let sums: Vec<usize> = bars.iter().map(|b| b.1).collect();
        assert_eq!(sums, vec![10, 10, 10, 10], "{size:?}: each bar's segment counts add to its seeds, top to bottom");
        // a ring (white halo and ink) on each bar, and one in the legend
        assert_eq!(svg.matches("<circle").count(), 2 * 4 + 1, "{size:?}");
    }
    // no seed, or one not in the sweep: nothing ringed, and the legend does not promise it
    let unmarked = transfer_svg("transfer-map-unmarked", TransferMap { seed: Some(99), ..map }, &text, (900, 420));
    assert_eq!(unmarked.matches("<circle").count(), 0);
    assert!(!unmarked.contains("your seed"));
    let empty = transfer_svg("transfer-map-empty", TransferMap { counts: &[], entries: &[], margin: 0.02, seed: None }, &text, (600, 340));
    assert!(empty.contains("no results yet"));
}

#[test]
fn a_real_transfer_sweep_draws_its_map_in_both_languages() {
    let mut c = SweepConfig::for_kind(SweepKind::Transfer);
    c.base.data.train_samples = 2048;
    c.base.data.test_samples = 512;
    c.base.batch_size = 64;
    c.steps = 40;
    c.seeds = vec![1, 2, 3];
    let mut sweep = Sweep::new(c).unwrap();
    sweep.run_to_end().unwrap();
    let SweepSummary::Transfer { counts, entries, margin, .. } = sweep.results().summary else { panic!("a transfer summary") };
    assert!(counts.iter().all(|c| c.seeds == 3));
    for lang in ["zh", "en"] {
        let path = format!("{}/static/i18n/{lang}.json", env!("CARGO_MANIFEST_DIR"));
        let dict: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).expect("dictionary")).expect("json");
        let text = TransferChartText::from_json(&dict["transfer"]["chart"].to_string()).expect("transfer words");
        let map = TransferMap { counts: &counts, entries: &entries, margin, seed: Some(2) };
        let svg = transfer_svg(&format!("transfer-{lang}"), map, &text, (900, 420));
        let texts = drawn_texts(&svg);
        assert!(texts.contains(&text.row(1.0)), "{lang}: no control row");
        assert!(texts.contains(&text.seed(2)), "{lang}: no ring in the legend");
        assert!(texts.iter().all(|t| !t.contains('{')), "{lang}: a placeholder left: {texts:?}");
        assert_eq!(svg.matches("<circle").count(), 2 * counts.len() + 1, "{lang}: seed 2 ringed on every bar");
    }
}

/// The texts an SVG draws, one per `<text>` element, unescaped.
fn drawn_texts(svg: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = svg;
    while let Some(open) = rest.find("<text") {
        let after = &rest[open..];
        let Some(start) = after.find('>') else { break };
        let Some(end) = after.find("</text>") else { break };
        let raw = after[start + 1..end].trim();
        out.push(raw.replace("&apos;", "'").replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"));
        rest = &after[end..];
    }
    out
}

/// Every string of one dictionary part (`chart`, `sweepChart`, …).
fn words_of(part: &serde_json::Value) -> Vec<String> {
    part.as_object().expect("an object").values().filter_map(|v| v.as_str().map(str::to_string)).collect()
}

/// The words of `text` that occur twice in it: runs of 4 CJK characters, and
/// Latin words of 4 letters or more, unless one dictionary string itself holds
/// them twice (a template may name a thing twice on purpose).
fn doubled(text: &str, words: &[String]) -> Vec<String> {
    let cjk = |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c);
    let chars: Vec<char> = text.chars().collect();
    let mut pieces: Vec<String> = chars.windows(4).filter(|w| w.iter().all(|&c| cjk(c))).map(|w| w.iter().collect()).collect();
    pieces.extend(text.split(|c: char| !c.is_ascii_alphabetic()).filter(|w| w.len() >= 4).map(|w| w.to_lowercase()));
    let mut found: Vec<String> = pieces
        .iter()
        .filter(|p| text.to_lowercase().matches(p.as_str()).count() >= 2)
        .filter(|p| !words.iter().any(|w| w.to_lowercase().matches(p.as_str()).count() >= 2))
        .cloned()
        .collect();
    found.sort();
    found.dedup();
    found
}

/// Every chart's legend, captions and axes in zh and en: a number a chart word
/// carries sits where the language's template puts it, never glued on with a
/// second copy of the word ("随机种子数 3 个随机种子"), and no `{placeholder}` is
/// left unfilled.
#[test]
fn every_chart_fills_its_placeholders_once_in_both_languages() {
    use mtl_playground::plot::charts::{FunnelChart, FunnelView, WatchChart, WatchView};
    use mtl_playground::plot::{FunnelChartText, WatchChartText};
    use mtl_playground::{FunnelData, FunnelRaceConfig, FunnelTrainer, WatchRaceConfig, WatchTrainer};

    let tasks = race(ModelKind::ALL.to_vec(), 60);
    let task_runs = chart_runs(&tasks.runs);
    let sweeps = [SweepKind::LossWeight, SweepKind::Trainability, SweepKind::Correlation].map(|k| sweep_summary(k, None));
    let funnel_data = common::small_funnel(5);
    let stats = FunnelData::generate(&funnel_data).expect("a funnel").stats;
    let mut funnel = FunnelTrainer::new(FunnelRaceConfig {
        data: funnel_data,
        batch_size: 256,
        record_every: 20,
        eval_samples: 2048,
        ..FunnelRaceConfig::default()
    })
    .expect("valid");
    funnel.run(60);
    let funnel_runs = plot::funnel_chart_runs(&funnel.runs);
    let watch_data = mtl_playground::data::WatchConfig {
        users: 60,
        videos: 120,
        categories: 6,
        train_samples: 8192,
        test_per_user: 20,
        seed: 3,
        ..Default::default()
    };
    let mut watch =
        WatchTrainer::new(WatchRaceConfig { data: watch_data, batch_size: 128, steps: 60, record_every: 20, ..WatchRaceConfig::default() })
            .expect("valid");
    watch.run_to_end();
    let watch_runs = plot::watch_chart_runs(&watch.runs);
    let watch_points = watch.tradeoff();

    for lang in ["zh", "en"] {
        let path = format!("{}/static/i18n/{lang}.json", env!("CARGO_MANIFEST_DIR"));
        let dict: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).expect("dictionary")).expect("json");
        let text = ChartText::from_json(&dict["chart"].to_string()).expect("chart words");
        let sweep_text = SweepChartText::from_json(&dict["sweepChart"].to_string()).expect("sweep words");
        let funnel_text = FunnelChartText::from_json(&dict["funnelChart"].to_string()).expect("funnel words");
        let watch_text = WatchChartText::from_json(&dict["watchChart"].to_string()).expect("watch words");
        let words: Vec<String> = ["chart", "sweepChart", "funnelChart", "watchChart"].iter().flat_map(|p| words_of(&dict[*p])).collect();

        let mut drawn: Vec<(String, String)> = Vec::new();
        for (name, chart) in charts() {
            drawn.push((name.into(), svg(&format!("{name}-{lang}"), chart, &task_runs, &text, (600, 340))));
        }
        for (summary, name) in sweeps.iter().zip(["tradeoff", "trainability", "correlation"]) {
            drawn.push((name.into(), sweep_svg(&format!("{name}-{lang}"), summary, &sweep_text, (900, 420))));
        }
        let mut draw = |name: &str, f: &SvgChart<'_>| {
            let mut out = String::new();
            {
                let root = SVGBackend::with_string(&mut out, (900, 420)).into_drawing_area();
                f(&root).unwrap_or_else(|e| panic!("{name} {lang}: {e}"));
                root.present().expect("svg written");
            }
            drawn.push((name.into(), out));
        };
        // every chart the registry lists, so a new one is checked here too
        let funnel_view = FunnelView { stats: &stats, runs: &funnel_runs };
        for &chart in FunnelChart::ALL {
            draw(chart.id(), &|a| chart.draw(a, &funnel_view, &funnel_text));
        }
        let watch_view = WatchView { runs: &watch_runs, top_fraction: 0.1, sweep: &[], reference: &watch_points };
        for &chart in WatchChart::ALL {
            draw(chart.id(), &|a| chart.draw(a, &watch_view, &watch_text));
        }

        for (name, out) in &drawn {
            let texts = drawn_texts(out);
            assert!(!texts.is_empty(), "{name} {lang}: no text drawn");
            for t in &texts {
                assert!(!(t.contains('{') || t.contains('}')), "{name} {lang}: a placeholder left unfilled in {t:?}");
                let twice = doubled(t, &words);
                assert!(twice.is_empty(), "{name} {lang}: {twice:?} doubled in {t:?}");
                // Chinese sets a percentage without a space and shortens no number with k or M
                assert!(
                    lang != "zh" || !(t.contains(" %") || t.contains(" ×") || t.contains('–')),
                    "{name} zh: {t:?} is set the English way"
                );
            }
        }
        // the notes that carry a count: the count once, inside the sentence
        let tradeoff = &drawn.iter().find(|(n, _)| n == "tradeoff").expect("drawn").1;
        assert!(drawn_texts(tradeoff).contains(&sweep_text.std_over(2)), "tradeoff {lang}: no {:?}", sweep_text.std_over(2));
        let funnel_texts = drawn_texts(&drawn.iter().find(|(n, _)| n == "funnel").expect("drawn").1);
        let share = funnel_text.typeset.percent(stats.conversions as f64 / stats.clicks as f64, 1);
        let of_clicks = mtl_playground::plot::text::fill(&funnel_text.of_clicks, "pct", &share);
        assert!(funnel_texts.iter().any(|t| t.contains(&of_clicks)), "funnel {lang}: no {of_clicks:?} in {funnel_texts:?}");
        if lang == "zh" {
            // the teacher's read: 24,012 次点击（8.0%）, with its measure word and full-width brackets
            let clicks = format!(
                "{} 次点击（{}）",
                plot::funnel::runs::thousands(stats.clicks),
                funnel_text.typeset.percent(stats.clicks as f64 / stats.impressions as f64, 1)
            );
            assert!(funnel_texts.contains(&clicks), "funnel zh: no {clicks:?} in {funnel_texts:?}");
        }
    }
}

/// The doubling check catches the legend this test was written for.
#[test]
fn the_doubling_check_catches_a_word_glued_on_twice() {
    let words = vec!["误差线：± 标准差，随机种子数".to_string(), "个随机种子".to_string()];
    assert_eq!(doubled("误差线：± 标准差，随机种子数 3 个随机种子", &words), vec!["随机种子".to_string()]);
    assert!(doubled("误差线：± 标准差（3 个随机种子）", &words).is_empty());
    assert_eq!(doubled("bars: ± std over 3 seeds seeds", &[]), vec!["seeds".to_string()]);
}
