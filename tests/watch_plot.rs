//! The three watch-time charts drawn natively into SVG: the trade-off and the
//! odds from a real short race, the loss-weight sweep from a real short sweep
//! (finished and in progress), and the awkward cases (no data, one record, NaN
//! metrics, a diverged model, hostile odds). Set `MTL_PLOT_SVG_DIR` to also
//! write every chart to a file.

use mtl_playground::data::WatchConfig;
use mtl_playground::plot::{self, style, watch_chart_runs, PlotError, WatchChartRun, WatchChartText};
use mtl_playground::train::watch::{OddsBin, OddsCalibration, TradeoffPoint, WatchMetrics, WatchSnapshot, WeightPoint, WeightSweep};
use mtl_playground::{WatchKind, WatchRaceConfig, WatchTrainer};
use plotters::coord::Shift;
use plotters::prelude::*;

fn small_race(steps: usize) -> WatchRaceConfig {
    let data =
        WatchConfig { users: 60, videos: 120, categories: 6, train_samples: 8192, test_per_user: 20, seed: 3, ..WatchConfig::default() };
    WatchRaceConfig { data, batch_size: 128, steps, record_every: 20, ..WatchRaceConfig::default() }
}

fn race(steps: usize) -> WatchTrainer {
    let mut t = WatchTrainer::new(small_race(steps)).expect("valid config");
    t.run_to_end();
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

/// The sizes a page draws at: 600×340 and its devicePixelRatio 2, and the
/// small 480×320 CSS px panel at devicePixelRatio 1 and 2.
const SIZES: [((u32, u32), f64); 4] = [((600, 340), 1.0), ((1200, 680), 2.0), ((480, 320), 1.0), ((960, 640), 2.0)];

fn color_of(kind: WatchKind) -> String {
    style::watch_model_hex(kind).to_uppercase()
}

fn assert_words(out: &str, chart: &str, words: &[&str]) {
    for w in words {
        assert!(out.contains(w), "{chart}: no {w:?}");
    }
    assert!(!out.contains("NaN") && !out.contains("inf"), "{chart}: a non-finite number reached the drawing");
}

#[test]
fn the_tradeoff_chart_draws_a_real_race_with_each_models_path() {
    let trainer = race(200);
    let runs = watch_chart_runs(&trainer.runs);
    assert!(runs.iter().all(|r| r.history.len() == 11), "a record every 20 steps from step 0");
    let text = WatchChartText::default();
    for (size, ratio) in SIZES {
        let out = svg("watch-tradeoff", size, ratio, |a| plot::watch::tradeoff::draw(a, &runs, 0.1, &text));
        assert_words(
            &out,
            "tradeoff",
            &[
                "share of clicks captured",
                "share of watch time captured",
                "\noracle\n",
                "top 10 %",
                "faint line",
                "\nCTR\n",
                "\nWeighted CE\n",
                "\nTwo tasks\n",
            ],
        );
        for kind in WatchKind::ALL {
            // the faint trail, its first ring, the marker and the label
            assert!(out.matches(&color_of(kind)).count() >= 4, "tradeoff at {size:?}: {kind:?} has too few marks");
        }
    }
}

#[test]
fn the_odds_chart_writes_the_overshoot_beside_the_optimum() {
    let trainer = race(200);
    let runs = watch_chart_runs(&trainer.runs);
    let odds = trainer.runs[1].latest().unwrap().metrics.odds.clone().expect("weighted CE has odds");
    let measured = format!("mean odds ÷ mean expected watch time {:.2}×", odds.ratio_to_expected_watch);
    let predicted = format!("optimum {:.2}×", odds.ratio_to_expected_watch / odds.ratio_to_optimum);
    let text = WatchChartText::default();
    for (size, ratio) in SIZES {
        let out = svg("watch-odds", size, ratio, |a| plot::watch::odds::draw(a, &runs, &text));
        assert_words(
            &out,
            "odds",
            &[
                &measured,
                &predicted,
                "odds = expected watch time",
                "optimum E[T·click]/(1 − P)",
                "(log scale)",
                "1/(1 − P(click))",
                "\nWeighted CE\n",
            ],
        );
        // ten bins, their line and the legend's dot
        assert!(out.matches(&color_of(WatchKind::WeightedCe)).count() >= 11, "odds at {size:?}: too few bins");
        assert!(!out.contains(&color_of(WatchKind::Ctr)), "odds: only weighted CE is drawn");
    }
    let ctr_only = [runs[0]];
    assert!(svg("watch-odds-none", (600, 340), 1.0, |a| plot::watch::odds::draw(a, &ctr_only, &text))
        .contains("add Weighted CE to see its odds"));
}

fn reference(trainer: &WatchTrainer) -> Vec<TradeoffPoint> {
    trainer.tradeoff().into_iter().filter(|p| p.model != WatchKind::TwoTasks).collect()
}

#[test]
fn the_weight_sweep_draws_every_weight_the_chapters_and_the_references() {
    let trainer = race(60);
    let mut sweep = WeightSweep::new(small_race(60), (0..=10).map(|i| i as f64 / 10.0).collect()).unwrap();
    let points = sweep.run_to_end().to_vec();
    let text = WatchChartText::default();
    for (size, ratio) in SIZES {
        let out = svg("watch-weights", size, ratio, |a| plot::watch::weights::draw(a, &points, &reference(&trainer), 0.1, &text));
        assert_words(
            &out,
            "sweep",
            &[
                "\nw = 0\n",
                "\nw = 0.3 (the chapter&apos;s)\n",
                "\nw = 1\n",
                "\nCTR\n",
                "\nWeighted CE\n",
                "diamonds:",
                "w·L_click + (1 − w)·L_finish",
                "\noracle\n",
            ],
        );
        // eleven dots and the curve
        assert!(out.matches(&color_of(WatchKind::TwoTasks)).count() >= 12, "sweep at {size:?}: too few weights drawn");
        assert!(out.contains(&color_of(WatchKind::Ctr)) && out.contains(&color_of(WatchKind::WeightedCe)), "sweep: the reference diamonds");
    }
}

#[test]
fn a_sweep_in_progress_draws_what_has_arrived() {
    let text = WatchChartText::default();
    let mut sweep = WeightSweep::new(small_race(40), vec![0.0, 0.3, 1.0]).unwrap();
    let none = svg("watch-weights-none", (600, 340), 1.0, |a| plot::watch::weights::draw(a, sweep.points(), &[], 0.1, &text));
    assert!(none.contains("no results yet") && !none.contains("oracle"));
    sweep.step_n(50);
    assert_eq!(sweep.points().len(), 1);
    let one = svg("watch-weights-one", (480, 320), 1.0, |a| plot::watch::weights::draw(a, sweep.points(), &[], 0.1, &text));
    assert_words(&one, "one weight", &["\nw = 0\n"]);
    assert!(!one.contains("w = 1") && !one.contains("diamonds"));
    sweep.step_n(40);
    let two = svg("watch-weights-two", (480, 320), 1.0, |a| plot::watch::weights::draw(a, sweep.points(), &[], 0.1, &text));
    assert_words(&two, "two weights", &["\nw = 0\n", "the chapter"]);
    // references alone, before the sweep's first point
    let refs = [TradeoffPoint { model: WatchKind::Ctr, top_click_share: 0.9, top_watch_share: 0.6 }];
    let only_refs = svg("watch-weights-refs", (600, 340), 1.0, |a| plot::watch::weights::draw(a, &[], &refs, 0.1, &text));
    assert_words(&only_refs, "references only", &["\nCTR\n", "diamonds"]);
}

/// A hand-made record: shares rising with `i`, odds overshooting by `bias`.
fn snapshot(kind: WatchKind, i: usize, bias: f64) -> WatchSnapshot {
    let t = 1.0 - (-(i as f64) / 10.0).exp();
    let (click, watch) = match kind {
        WatchKind::Ctr => (0.3 + 0.6 * t, 0.3 + 0.3 * t),
        WatchKind::WeightedCe => (0.3 + 0.45 * t, 0.3 + 0.55 * t),
        WatchKind::TwoTasks => (0.3 + 0.5 * t, 0.3 + 0.45 * t),
    };
    let bins = (0..10)
        .map(|b| {
            let truth = 0.02 * 1.6f64.powi(b);
            let optimum = truth / (1.0 - 0.03 * (b + 1) as f64);
            OddsBin { count: 120, mean_odds: optimum * bias, mean_expected_watch: truth, mean_optimum: optimum }
        })
        .collect();
    let odds =
        (kind == WatchKind::WeightedCe).then_some(OddsCalibration { ratio_to_expected_watch: 1.15 * bias, ratio_to_optimum: bias, bins });
    WatchSnapshot {
        step: i * 20,
        train_loss: Some(0.3),
        metrics: WatchMetrics { top_watch_share: watch, top_click_share: click, ctr_auc: Some(0.7), odds },
    }
}

fn histories(len: usize) -> Vec<(WatchKind, Vec<WatchSnapshot>)> {
    WatchKind::ALL.iter().map(|&k| (k, (0..len).map(|i| snapshot(k, i, 1.0)).collect())).collect()
}

fn views(h: &[(WatchKind, Vec<WatchSnapshot>)]) -> Vec<WatchChartRun<'_>> {
    h.iter().map(|(kind, history)| WatchChartRun { kind: *kind, history, diverged_at: None, params: 0, stopped_at: None }).collect()
}

#[test]
fn no_runs_empty_histories_and_one_record_draw() {
    let text = WatchChartText::default();
    let none: Vec<WatchChartRun<'_>> = Vec::new();
    assert!(svg("watch-tradeoff-none", (600, 340), 1.0, |a| plot::watch::tradeoff::draw(a, &none, 0.1, &text)).contains("no data yet"));
    assert!(svg("watch-odds-norun", (600, 340), 1.0, |a| plot::watch::odds::draw(a, &none, &text)).contains("add Weighted CE"));
    let empty: Vec<WatchChartRun<'_>> =
        WatchKind::ALL.iter().map(|&kind| WatchChartRun { kind, history: &[], diverged_at: None, params: 0, stopped_at: None }).collect();
    assert!(svg("watch-tradeoff-empty", (600, 340), 1.0, |a| plot::watch::tradeoff::draw(a, &empty, 0.1, &text)).contains("no data yet"));
    assert!(svg("watch-odds-empty", (600, 340), 1.0, |a| plot::watch::odds::draw(a, &empty, &text)).contains("no data yet"));

    // a fresh trainer: one record at step 0, no trail yet
    let fresh = WatchTrainer::new(small_race(20)).unwrap();
    let runs = watch_chart_runs(&fresh.runs);
    assert!(runs.iter().all(|r| r.history.len() == 1));
    let out = svg("watch-tradeoff-fresh", (480, 320), 1.0, |a| plot::watch::tradeoff::draw(a, &runs, 0.1, &text));
    assert_words(&out, "fresh tradeoff", &["\nCTR\n", "\nTwo tasks\n"]);
    assert!(!out.contains("faint line"), "no trail to explain at one record");
    let odds = svg("watch-odds-fresh", (480, 320), 1.0, |a| plot::watch::odds::draw(a, &runs, &text));
    assert_words(&odds, "fresh odds", &["mean odds ÷ mean expected watch time "]);
}

#[test]
fn nan_metrics_hostile_odds_and_a_diverged_model_draw() {
    let text = WatchChartText::default();
    let mut h = histories(40);
    // CTR: NaN shares from record 25 on; weighted CE: hostile bins in its latest record
    for s in h[0].1.iter_mut().skip(25) {
        s.metrics.top_click_share = f64::NAN;
    }
    let last = h[1].1.last_mut().unwrap();
    let bins = &mut last.metrics.odds.as_mut().unwrap().bins;
    (bins[0].mean_odds, bins[1].mean_odds, bins[2].mean_odds, bins[3].mean_expected_watch) = (f64::NAN, 0.0, 1e30, -1.0);
    bins[4].mean_optimum = f64::INFINITY;
    h[2].1.truncate(12);
    let mut runs = views(&h);
    runs[2].diverged_at = Some(230);
    runs[1].diverged_at = Some(790);
    for (size, ratio) in SIZES {
        let out = svg("watch-tradeoff-nan", size, ratio, |a| plot::watch::tradeoff::draw(a, &runs, 0.1, &text));
        assert_words(&out, "nan tradeoff", &["Two tasks (diverged at step 230)", "Weighted CE (diverged at step 790)", "\nCTR\n"]);
        let odds = svg("watch-odds-nan", size, ratio, |a| plot::watch::odds::draw(a, &runs, &text));
        assert_words(&odds, "nan odds", &["1.15×", "Weighted CE diverged at step 790"]);
    }
    // every bin hostile: nothing to draw
    let last = h[1].1.last_mut().unwrap();
    last.metrics.odds.as_mut().unwrap().bins.iter_mut().for_each(|b| b.mean_expected_watch = f64::NAN);
    assert!(svg("watch-odds-all-nan", (600, 340), 1.0, |a| plot::watch::odds::draw(a, &views(&h), &text)).contains("no data yet"));
    // a sweep of NaN points and a NaN reference draws its finite points only
    let points: Vec<WeightPoint> = [(0.0, f64::NAN), (0.3, 0.7), (1.0, 0.6)]
        .iter()
        .map(|&(w, watch)| WeightPoint { click_weight: w, top_click_share: 0.8 + 0.1 * w, top_watch_share: watch, ctr_auc: None })
        .collect();
    let refs = [TradeoffPoint { model: WatchKind::WeightedCe, top_click_share: f64::NAN, top_watch_share: 0.9 }];
    let out = svg("watch-weights-nan", (600, 340), 1.0, |a| plot::watch::weights::draw(a, &points, &refs, 0.1, &text));
    assert_words(&out, "nan sweep", &["w = 0.3", "\nw = 1\n"]);
    assert!(!out.contains("w = 0\n") && !out.contains("Weighted CE"), "the NaN point and reference are left out");
}

#[test]
fn translated_text_is_what_gets_drawn() {
    let h = histories(20);
    let runs = views(&h);
    let text = WatchChartText::from_json(r#"{"weighted_ce": "加权交叉熵", "oracle": "理想排序", "captured_scope": "每位用户排名前 {top} 的曝光", "odds_ratio": "平均几率 ÷ 平均期望观看时长", "typeset": "zh"}"#)
        .expect("valid text");
    let out = svg("watch-tradeoff-zh", (600, 340), 1.0, |a| plot::watch::tradeoff::draw(a, &runs, 0.2, &text));
    assert_words(&out, "zh tradeoff", &["加权交叉熵", "理想排序", "排名前 20% 的曝光"]);
    assert!(!out.contains("Weighted CE"));
    let odds = svg("watch-odds-zh", (600, 340), 1.0, |a| plot::watch::odds::draw(a, &runs, &text));
    assert_words(&odds, "zh odds", &["平均几率 ÷ 平均期望观看时长 1.15 倍", "加权交叉熵"]);
}

/// The three charts at the scenario's default world (3,000 steps; the sweep
/// at 0, 0.1, …, 1), written to `MTL_PLOT_SVG_DIR` to be looked at:
/// `MTL_PLOT_SVG_DIR=/tmp/watch-charts cargo test --release --test watch_plot -- --ignored`.
#[test]
#[ignore = "trains the default world for about a minute; run to look at the charts"]
fn the_default_world_renders() {
    let config = WatchRaceConfig::default();
    let mut trainer = WatchTrainer::new(config.clone()).unwrap();
    trainer.run_to_end();
    let runs = watch_chart_runs(&trainer.runs);
    let mut sweep = WeightSweep::new(config, (0..=10).map(|i| i as f64 / 10.0).collect()).unwrap();
    let points = sweep.run_to_end().to_vec();
    let zh: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(format!("{}/static/i18n/zh.json", env!("CARGO_MANIFEST_DIR"))).unwrap()).unwrap();
    let zh = WatchChartText::from_json(&zh["watchChart"].to_string()).unwrap();
    for (lang, text) in [("en", WatchChartText::default()), ("zh", zh)] {
        for (size, ratio) in SIZES {
            svg(&format!("default-{lang}-tradeoff"), size, ratio, |a| plot::watch::tradeoff::draw(a, &runs, 0.1, &text));
            svg(&format!("default-{lang}-odds"), size, ratio, |a| plot::watch::odds::draw(a, &runs, &text));
            svg(&format!("default-{lang}-weights"), size, ratio, |a| {
                plot::watch::weights::draw(a, &points, &reference(&trainer), 0.1, &text)
            });
        }
    }
}
