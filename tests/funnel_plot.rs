//! The three funnel charts drawn natively into SVG: the funnel picture from a
//! generated funnel, CVR AUC and calibration from a real short race, and the
//! awkward cases (no data, one record, NaN metrics, a diverged and a stopped
//! model). Set `MTL_PLOT_SVG_DIR` to also write every chart to a file.

use mtl_playground::data::FunnelStats;
use mtl_playground::plot::{self, funnel_chart_runs, style, FunnelChartRun, FunnelChartText, PlotError};
use mtl_playground::train::funnel::{CalibrationBin, FunnelMetrics, FunnelSnapshot};
use mtl_playground::{FunnelConfig, FunnelData, FunnelKind, FunnelRaceConfig, FunnelTrainer};
use plotters::coord::Shift;
use plotters::prelude::*;
use std::time::Instant;

mod common;

fn small_data() -> FunnelConfig {
    common::small_funnel(5)
}

/// A short race of the four models; patience 2 so that early stopping can act.
fn race(steps: usize) -> FunnelTrainer {
    let config = FunnelRaceConfig {
        data: small_data(),
        batch_size: 256,
        record_every: 20,
        eval_samples: 2048,
        patience: 2,
        ..FunnelRaceConfig::default()
    };
    let mut t = FunnelTrainer::new(config).expect("valid config");
    t.run(steps);
    t
}

/// Draws into an SVG string of `size` pixels, text no smaller than `pixel_ratio` allows.
fn svg<F>(name: &str, size: (u32, u32), pixel_ratio: f64, draw: F) -> String
where
    F: FnOnce(&DrawingArea<SVGBackend<'_>, Shift>) -> Result<(), PlotError>,
{
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, size).into_drawing_area();
        style::with_pixel_ratio(pixel_ratio, || draw(&root)).unwrap_or_else(|e| panic!("{name}: {e}"));
        root.present().expect("svg written");
    }
    if let Ok(dir) = std::env::var("MTL_PLOT_SVG_DIR") {
        let path = format!("{dir}/{name}-{}x{}.svg", size.0, size.1);
        std::fs::write(&path, &out).unwrap_or_else(|e| panic!("{path}: {e}"));
    }
    out
}

/// The sizes a page draws at: 600×340 and 1200×680 (devicePixelRatio 2), and a
/// 420 CSS px wide phone canvas at devicePixelRatio 2.
const SIZES: [((u32, u32), f64); 3] = [((600, 340), 1.0), ((1200, 680), 2.0), ((840, 476), 2.0)];

fn color_of(kind: FunnelKind) -> String {
    style::funnel_model_hex(kind).to_uppercase()
}

#[test]
fn the_stats_count_the_counterfactual_conversions_of_unclicked_impressions() {
    let data = FunnelData::generate(&small_data()).unwrap();
    let s = &data.stats;
    let train = data.train();
    assert_eq!(s.impressions, train.len());
    let unclicked = train.clone().filter(|&i| data.click[i] == 0.0 && data.conversion[i] == 1.0).count();
    assert_eq!(s.unclicked_conversions, unclicked);
    let all: f64 = data.conversion[train].iter().map(|&v| v as f64).sum();
    assert_eq!((s.conversions + s.unclicked_conversions) as f64, all, "observed + counterfactual = every conversion");
    assert!(s.unclicked_conversions > s.conversions, "most conversions hide among the unclicked: {s:?}");
}

fn thousands(n: usize) -> String {
    plot::funnel::runs::thousands(n)
}

#[test]
fn the_funnel_picture_writes_every_stage_and_both_training_spaces() {
    let data = FunnelData::generate(&small_data()).unwrap();
    let s = &data.stats;
    let text = FunnelChartText::default();
    for (size, ratio) in SIZES {
        let out = svg("funnel", size, ratio, |a| plot::funnel::view::draw(a, s, &text));
        let clicks = format!("{} clicks ({:.1} %)", thousands(s.clicks), 100.0 * s.ctr);
        let conversions = format!("{} conversions ({:.1} % of clicks)", thousands(s.conversions), 100.0 * s.cvr_clicked);
        let impressions = format!("{} impressions", thousands(s.impressions));
        let unclicked = format!("+ {} conversions the unclicked", thousands(s.unclicked_conversions));
        for needle in [
            impressions.as_str(),
            &clicks,
            &conversions,
            &unclicked,
            "known only in this synthetic world",
            "ESMM learns over all impressions",
        ] {
            assert!(out.contains(needle), "funnel at {size:?}: no {needle:?}");
        }
        for needle in ["BASE&apos;s CVR net learns over clicks only", "log scale", "\n1k\n", "\n10k\n"] {
            assert!(out.contains(needle), "funnel at {size:?}: no {needle:?}");
        }
        assert!(
            out.contains(&color_of(FunnelKind::Esmm)) && out.contains(&color_of(FunnelKind::Base)),
            "funnel: the spaces in the models' colours"
        );
    }
    let none = svg("funnel-none", (600, 340), 1.0, |a| plot::funnel::view::draw(a, &FunnelStats::default(), &text));
    assert!(none.contains("no data yet") && !none.contains("impressions"));
}

#[test]
fn the_reference_funnel_shows_four_orders_of_magnitude() {
    let stats = FunnelData::generate(&FunnelConfig::default()).unwrap().stats;
    let text = FunnelChartText::default();
    for (size, ratio) in SIZES {
        let out = svg("funnel-reference", size, ratio, |a| plot::funnel::view::draw(a, &stats, &text));
        assert!(out.contains("\n300,000 impressions\n"), "funnel at {size:?}: no impressions");
        for needle in ["\n100\n", "\n1M\n"] {
            assert!(out.contains(needle), "funnel at {size:?}: the log axis lacks {needle:?}");
        }
    }
}

#[test]
fn cvr_auc_and_calibration_draw_a_real_race() {
    let trainer = race(400);
    let runs = funnel_chart_runs(&trainer.runs);
    let text = FunnelChartText::default();
    for (size, ratio) in SIZES {
        let auc = svg("cvr-auc", size, ratio, |a| plot::funnel::cvr_auc::draw(a, &runs, &text));
        for needle in ["training step", "CVR AUC", "entire space (truth)", "clicked only (paper)", "BASE", "DIVISION", "ESMM-NS", "ESMM"] {
            assert!(auc.contains(needle), "cvr auc at {size:?}: no {needle:?}");
        }
        let cal = svg("calibration", size, ratio, |a| plot::funnel::calibration::draw(a, &runs, &text));
        for needle in
            ["perfectly calibrated", "mean predicted pCVR (log scale)", "mean true pCVR (log scale)", "true mean CVR 0.", "clicked or not"]
        {
            assert!(cal.contains(needle), "calibration at {size:?}: no {needle:?}");
        }
        for kind in FunnelKind::ALL {
            // two lines per model: a solid polyline and a dashed path
            assert!(auc.matches(&color_of(kind)).count() >= 3, "cvr auc: {kind:?} has too few marks");
            // ten bins, the overall mean and a legend swatch
            assert!(cal.matches(&color_of(kind)).count() >= 10, "calibration: {kind:?} has too few marks");
            assert!(cal.contains(&format!("{} 0.", kind.label())), "calibration: no mean pCVR for {kind:?}");
        }
    }
    for run in &trainer.runs {
        if let Some(step) = run.stopped_at {
            let auc = svg("cvr-auc", (600, 340), 1.0, |a| plot::funnel::cvr_auc::draw(a, &runs, &text));
            assert!(auc.contains(&format!("early-stopped at step {step}")), "the legend notes where {:?} stopped", run.kind);
            assert!(auc.contains("\nearly stop\n"), "the stop marker is explained");
        }
    }
}

#[test]
fn no_runs_empty_histories_and_one_record_draw() {
    let text = FunnelChartText::default();
    let none: Vec<FunnelChartRun<'_>> = Vec::new();
    assert!(svg("cvr-auc-none", (600, 340), 1.0, |a| plot::funnel::cvr_auc::draw(a, &none, &text)).contains("no data yet"));
    assert!(svg("calibration-none", (600, 340), 1.0, |a| plot::funnel::calibration::draw(a, &none, &text)).contains("no data yet"));
    let empty: Vec<FunnelChartRun<'_>> =
        FunnelKind::ALL.iter().map(|&kind| FunnelChartRun { kind, history: &[], stopped_at: None, diverged_at: None, params: 0 }).collect();
    assert!(svg("cvr-auc-empty", (600, 340), 1.0, |a| plot::funnel::cvr_auc::draw(a, &empty, &text)).contains("no data yet"));
    assert!(svg("calibration-empty", (600, 340), 1.0, |a| plot::funnel::calibration::draw(a, &empty, &text)).contains("no data yet"));

    // a fresh trainer: one record at step 0
    let fresh = race(0);
    let runs = funnel_chart_runs(&fresh.runs);
    assert!(runs.iter().all(|r| r.history.len() == 1));
    let auc = svg("cvr-auc-fresh", (600, 340), 1.0, |a| plot::funnel::cvr_auc::draw(a, &runs, &text));
    assert!(auc.contains("ESMM") && !auc.contains("no data yet"));
    let cal = svg("calibration-fresh", (600, 340), 1.0, |a| plot::funnel::calibration::draw(a, &runs, &text));
    assert!(cal.contains("true mean CVR") && cal.contains(&color_of(FunnelKind::Esmm)));
}

/// A synthetic record: AUCs rising, a calibration that drifts with the model.
fn snapshot(kind: FunnelKind, i: usize) -> FunnelSnapshot {
    let t = i as f64;
    let bias = 1.0 + 0.25 * kind as usize as f64;
    let calibration = (0..10)
        .map(|b| {
            let truth = 0.006 * 1.5f64.powi(b);
            CalibrationBin { count: 200, mean_predicted: truth * bias, mean_true: truth }
        })
        .collect();
    FunnelSnapshot {
        step: i * 20,
        train_loss: vec![0.3; 2],
        validation_loss: vec![0.3; 2],
        metrics: FunnelMetrics {
            ctr_auc: Some(0.7),
            ctcvr_auc: Some(0.72),
            cvr_auc_clicked: Some(0.55 + 0.05 * (1.0 - (-t / 20.0).exp())),
            cvr_auc_entire: Some(0.6 + 0.02 * kind as usize as f64 + 0.08 * (1.0 - (-t / 20.0).exp())),
            mean_pcvr: 0.037 * bias,
            true_mean_cvr: 0.037,
            cvr_abs_error: 0.01,
            calibration,
        },
        stopped: false,
    }
}

fn histories(len: usize) -> Vec<(FunnelKind, Vec<FunnelSnapshot>)> {
    FunnelKind::ALL.iter().map(|&k| (k, (0..len).map(|i| snapshot(k, i)).collect())).collect()
}

fn views(h: &[(FunnelKind, Vec<FunnelSnapshot>)]) -> Vec<FunnelChartRun<'_>> {
    h.iter().map(|(kind, history)| FunnelChartRun { kind: *kind, history, stopped_at: None, diverged_at: None, params: 0 }).collect()
}

#[test]
fn nan_metrics_a_diverged_and_a_stopped_model_draw() {
    let text = FunnelChartText::default();
    let mut h = histories(60);
    // ESMM-NS: NaN metrics from record 30 on, NaN bins in its latest record
    for s in h[2].1.iter_mut().skip(30) {
        s.metrics.cvr_auc_entire = Some(f64::NAN);
        s.metrics.cvr_auc_clicked = None;
        s.metrics.mean_pcvr = f64::NAN;
        s.metrics.calibration[3].mean_predicted = f64::NAN;
        s.metrics.calibration[4].mean_true = 0.0;
    }
    h[1].1.truncate(15);
    h[0].1.truncate(40);
    let mut runs = views(&h);
    runs[1].diverged_at = Some(300);
    runs[0].stopped_at = Some(780);
    for (size, ratio) in SIZES {
        let auc = svg("cvr-auc-nan", size, ratio, |a| plot::funnel::cvr_auc::draw(a, &runs, &text));
        assert!(auc.contains("diverged at step 300"), "the legend notes the divergence");
        assert!(auc.contains("early-stopped at step 780"), "the legend notes the early stop");
        assert!(auc.contains("\nearly stop\n"));
        assert!(!auc.contains("NaN"), "no NaN reaches the drawing");
        let cal = svg("calibration-nan", size, ratio, |a| plot::funnel::calibration::draw(a, &runs, &text));
        assert!(!cal.contains("NaN"), "no NaN reaches the drawing");
        assert!(cal.contains("BASE 0.037") && cal.contains("ESMM 0.06"), "the overall means are written");
        assert!(!cal.contains("ESMM-NS 0.") && !cal.contains("ESMM-NS —"), "a NaN mean is not written");
    }
}

#[test]
fn translated_text_is_what_gets_drawn() {
    let h = histories(20);
    let runs = views(&h);
    let text =
        FunnelChartText::from_json(r#"{"step": "训练步数", "perfectly_calibrated": "完美校准", "clicks": "次点击"}"#).expect("valid text");
    assert!(svg("cvr-auc-zh", (600, 340), 1.0, |a| plot::funnel::cvr_auc::draw(a, &runs, &text)).contains("训练步数"));
    assert!(svg("calibration-zh", (600, 340), 1.0, |a| plot::funnel::calibration::draw(a, &runs, &text)).contains("完美校准"));
    let stats = FunnelData::generate(&small_data()).unwrap().stats;
    let funnel = svg("funnel-zh", (600, 340), 1.0, |a| plot::funnel::view::draw(a, &stats, &text));
    assert!(funnel.contains("次点击") && !funnel.contains(" clicks ("));
}

/// The CVR AUC chart thins its lines to the plot's width: 10,000 records draw
/// about as much as 2,500 (4× as much without thinning). Checked on what is
/// drawn, not on a clock; the time is printed.
#[test]
fn ten_thousand_records_draw_no_more_than_a_quarter_as_many() {
    let text = FunnelChartText::default();
    let (short, long) = (histories(2_500), histories(10_000));
    let few = common::drawn_items(&svg("cvr-auc-2.5k", (1200, 680), 2.0, |a| plot::funnel::cvr_auc::draw(a, &views(&short), &text)));
    let start = Instant::now();
    let many = common::drawn_items(&svg("cvr-auc-10k", (1200, 680), 2.0, |a| plot::funnel::cvr_auc::draw(a, &views(&long), &text)));
    println!("cvr auc: {:?} for 10,000 records ({many} elements and vertices; {few} at 2,500)", start.elapsed());
    assert!(many as f64 <= 1.1 * few as f64 + 300.0, "cvr auc: {many} elements and vertices at 10,000 records against {few} at 2,500");
}
