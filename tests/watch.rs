//! The watch-time lab: the generator's statistics, the metrics on hand-made
//! cases, the weighted-CE odds bias on a world whose optimum is known,
//! determinism and slicing of the trainer and the w sweep, the headline
//! comparison on one seed, and the `mtl-lab watch` CLI.

use mtl_playground::data::watch::FINISH_SHARE;
use mtl_playground::nn::loss::weighted_bce_with_logits;
use mtl_playground::nn::{Adam, AdamConfig};
use mtl_playground::train::watch::metrics::top_share;
use mtl_playground::train::watch::{WatchMetrics, WeightSweep};
use mtl_playground::{Error, WatchConfig, WatchData, WatchKind, WatchRaceConfig, WatchTrainer};
use ndarray::{Array1, ArrayView1};
use std::process::Command;

fn small_data(seed: u64) -> WatchConfig {
    WatchConfig { users: 60, videos: 120, categories: 6, train_samples: 8192, test_per_user: 20, seed, ..WatchConfig::default() }
}

fn small_race(seed: u64) -> WatchRaceConfig {
    WatchRaceConfig { data: small_data(seed), batch_size: 128, steps: 60, record_every: 20, ..WatchRaceConfig::default() }
}

fn mean(v: impl Iterator<Item = f64>) -> f64 {
    let (s, n) = v.fold((0.0, 0usize), |(s, n), x| (s + x, n + 1));
    s / n.max(1) as f64
}

#[test]
fn generator_hits_its_rates_and_watch_exists_only_after_a_click() {
    for ctr in [0.1, 0.3] {
        let data = WatchData::generate(&WatchConfig { ctr, seed: 4, ..WatchConfig::default() }).unwrap();
        let s = &data.stats;
        assert!((s.ctr - ctr).abs() < 0.01, "realised CTR {} for the knob {ctr}", s.ctr);
        let n = data.config.total();
        assert_eq!((data.user.len(), data.dense.len()), (n, n * 3));
        for i in 0..n {
            let len = data.length[data.video[i] as usize] as f32;
            if data.click[i] == 0.0 {
                assert_eq!((data.watch[i], data.finish[i]), (0.0, 0.0), "row {i}: no click, no watch, no finish");
            } else {
                assert!(data.watch[i] > 0.0 && data.watch[i] <= len * 1.0001);
                // finish means T ≥ 0.9·length (f32 rounding aside)
                let threshold = FINISH_SHARE as f32 * len;
                if data.watch[i] > threshold * 1.0001 {
                    assert_eq!(data.finish[i], 1.0, "row {i}");
                } else if data.watch[i] < threshold * 0.9999 {
                    assert_eq!(data.finish[i], 0.0, "row {i}");
                }
            }
        }
        // the truth agrees with the draws on the training rows
        let train = data.train();
        let realised = mean(train.clone().map(|i| data.watch[i] as f64));
        let expected = mean(train.clone().map(|i| data.expected_watch(i)));
        assert!((realised / expected - 1.0).abs() < 0.03, "watch per impression {realised} vs E[T·click] {expected}");
        let clicked: Vec<usize> = train.filter(|&i| data.click[i] == 1.0).collect();
        let finish_rate = mean(clicked.iter().map(|&i| data.finish[i] as f64));
        let true_finish = mean(clicked.iter().map(|&i| data.true_finish[i] as f64));
        assert!((finish_rate - true_finish).abs() < 0.01, "finish rate {finish_rate} vs true {true_finish}");
    }
    // test rows: test_per_user rows for each user in turn
    let data = WatchData::generate(&small_data(1)).unwrap();
    let test = data.test();
    assert_eq!(test.len(), 60 * 20);
    assert!(test.clone().all(|i| data.user[i] as usize == (i - test.start) / 20));
}

#[test]
fn appeal_and_quality_correlate_as_the_knob_says_and_only_quality_changes() {
    let world = |rho| WatchData::generate(&WatchConfig { appeal_quality_correlation: rho, seed: 2, ..WatchConfig::default() }).unwrap();
    let (bait, control, agree) = (world(-0.7), world(0.0), world(0.7));
    assert!(bait.stats.appeal_quality_pearson < -0.55, "{}", bait.stats.appeal_quality_pearson);
    assert!(control.stats.appeal_quality_pearson.abs() < 0.12, "{}", control.stats.appeal_quality_pearson);
    assert!(agree.stats.appeal_quality_pearson > 0.55, "{}", agree.stats.appeal_quality_pearson);
    // one seed, three worlds: the same clicks, only what follows them differs
    assert_eq!(bait.click, control.click);
    assert_eq!(bait.appeal, agree.appeal);
    assert!(bait.stats.watch_per_click < control.stats.watch_per_click && control.stats.watch_per_click < agree.stats.watch_per_click);
}

#[test]
fn same_seed_same_world_and_same_race() {
    let a = WatchData::generate(&small_data(7)).unwrap();
    let b = WatchData::generate(&small_data(7)).unwrap();
    assert_eq!((&a.video, &a.click, &a.watch, &a.dense), (&b.video, &b.click, &b.watch, &b.dense));
    assert_ne!(a.click, WatchData::generate(&small_data(8)).unwrap().click);

    let history = |config: WatchRaceConfig| {
        let mut t = WatchTrainer::new(config).unwrap();
        t.run_to_end();
        t.runs.iter().map(|r| r.history.clone()).collect::<Vec<_>>()
    };
    let one = history(small_race(3));
    assert_eq!(one, history(small_race(3)), "same seed, same records");
    assert_eq!(one[0].iter().map(|s| s.step).collect::<Vec<_>>(), [0, 20, 40, 60]);
    assert!(one.iter().all(|h| h[0].train_loss.is_none() && h[1].train_loss.is_some()));
    assert!(one[1].iter().all(|s| s.metrics.odds.is_some()), "weighted CE reports its odds calibration");
    assert!(one[0].iter().all(|s| s.metrics.odds.is_none()));
    assert_ne!(one, history(small_race(4)));
}

#[test]
fn trainer_steps_in_slices() {
    let mut whole = WatchTrainer::new(small_race(5)).unwrap();
    whole.run_to_end();
    let mut sliced = WatchTrainer::new(small_race(5)).unwrap();
    let mut done = 0;
    while !sliced.finished() {
        done += sliced.step_n(7);
    }
    assert_eq!(done, 60);
    assert_eq!(sliced.step_n(10), 0, "never past config.steps");
    for (a, b) in whole.runs.iter().zip(&sliced.runs) {
        assert_eq!(a.history, b.history);
    }
    assert_eq!(sliced.tradeoff().len(), 3);
    // restart replays the same run
    sliced.restart();
    assert_eq!(sliced.step_count(), 0);
    sliced.run_to_end();
    assert_eq!(whole.runs[2].history, sliced.runs[2].history);
    assert!(matches!(sliced.set_click_weight(1.5), Err(Error::InvalidConfig { field: "click_weight", .. })));
}

#[test]
fn weight_sweep_in_slices_and_at_its_ends() {
    let weights = vec![0.0, 0.5, 1.0];
    let mut whole = WeightSweep::new(small_race(6), weights.clone()).unwrap();
    let points = whole.run_to_end().to_vec();
    assert_eq!(points.iter().map(|p| p.click_weight).collect::<Vec<_>>(), weights);
    let mut sliced = WeightSweep::new(small_race(6), weights).unwrap();
    while !sliced.finished() {
        sliced.step_n(13);
    }
    assert_eq!(sliced.points(), &points[..]);
    // the w = 0.5 point is the two-task model of a race at w = 0.5
    let mut race = WatchTrainer::new(WatchRaceConfig { models: vec![WatchKind::TwoTasks], click_weight: 0.5, ..small_race(6) }).unwrap();
    race.run_to_end();
    assert_eq!(race.runs[0].latest().unwrap().metrics.top_watch_share, points[1].top_watch_share);
    assert!(WeightSweep::new(small_race(6), vec![0.2, -0.1]).is_err());
}

#[test]
fn metrics_on_hand_made_rankings() {
    let data = WatchData::generate(&small_data(1)).unwrap();
    let test = data.test();
    let expected: Vec<f64> = test.clone().map(|i| data.expected_watch(i)).collect();
    let p_click: Vec<f64> = test.clone().map(|i| data.true_ctr[i] as f64).collect();
    let oracle = WatchMetrics::compute(WatchKind::Ctr, &expected, &data, 0.1);
    assert_eq!(oracle.top_watch_share, 1.0, "the oracle's own ranking");
    let reversed: Vec<f64> = expected.iter().map(|v| -v).collect();
    let worst = WatchMetrics::compute(WatchKind::Ctr, &reversed, &data, 0.1);
    assert!(worst.top_watch_share < 0.3, "{}", worst.top_watch_share);
    let by_click = WatchMetrics::compute(WatchKind::Ctr, &p_click, &data, 0.1);
    assert_eq!(by_click.top_click_share, 1.0);
    assert!(by_click.top_watch_share < 1.0 && by_click.ctr_auc.unwrap() > 0.7);
    // a fraction of 1 takes every row: every ranking gets everything
    assert_eq!(top_share(&reversed, &expected, &data.user[test], 1.0), 1.0);
    // the odds at their optimum
    let optimum: Vec<f64> = expected.iter().zip(&p_click).map(|(w, p)| w / (1.0 - p)).collect();
    let odds = WatchMetrics::compute(WatchKind::WeightedCe, &optimum, &data, 0.1).odds.unwrap();
    assert!((odds.ratio_to_optimum - 1.0).abs() < 1e-12 && odds.ratio_to_expected_watch > 1.0);
    assert_eq!(odds.bins.len(), 10);
}

/// A world of four groups whose optimum is known: in group g, exactly
/// `P_g·N` of the `N` impressions are clicked, with watch times of mean `μ_g`.
/// One bias per group, trained to convergence on the weighted CE, must reach
/// odds = Σ_pos T / N_neg = E[T·click]/(1 − P_g): above E[T·click] by
/// 1/(1 − P_g), more so as the click rate grows.
#[test]
fn weighted_ce_odds_are_expected_watch_over_one_minus_ctr() {
    const N: usize = 2200;
    let groups = [(0.02, 3.0), (0.1, 2.0), (0.3, 2.5), (0.5, 1.0)];
    let mut overshoot = Vec::new();
    for &(p, mu) in &groups {
        let clicks = (p * N as f64).round() as usize;
        // watch times μ·(0.5 + k/10), k = 0..10 cycling: mean exactly μ over any multiple of 11
        let click = Array1::from_shape_fn(N, |i| if i < clicks { 1.0 } else { 0.0 });
        let weight = Array1::from_shape_fn(N, |i| if i < clicks { mu * (0.5 + (i % 11) as f64 / 10.0) } else { 1.0 });
        let sum_t: f64 = weight.iter().take(clicks).sum();
        let (mut bias, mut adam) = (vec![0.0f64], Adam::new(1));
        let (mut z, mut dz) = (Array1::zeros(N), Array1::zeros(N));
        for step in 0..3000 {
            // a decaying step, so Adam settles instead of circling the optimum
            let cfg = AdamConfig { lr: 0.05 * 0.998f64.powi(step), ..AdamConfig::default() };
            z.fill(bias[0]);
            weighted_bce_with_logits(z.view(), click.view(), weight.view(), 1.0, dz.view_mut());
            adam.update(&cfg, &mut bias, &[dz.sum()]);
        }
        let odds = bias[0].exp();
        let target = sum_t / (N - clicks) as f64;
        assert!((odds / target - 1.0).abs() < 1e-3, "P {p}: odds {odds} vs Σ_pos T / N_neg {target}");
        let expected_watch = clicks as f64 / N as f64 * (sum_t / clicks as f64);
        let ratio = odds / expected_watch;
        assert!((ratio * (1.0 - p) - 1.0).abs() < 2e-3, "P {p}: odds / E[T·click] = {ratio}, not 1/(1 − P)");
        overshoot.push(ratio);
        // the gradient vanishes there
        z.fill(target.ln());
        weighted_bce_with_logits(ArrayView1::from(z.as_slice().unwrap()), click.view(), weight.view(), 1.0, dz.view_mut());
        assert!(dz.sum().abs() < 1e-12);
    }
    assert!(overshoot.windows(2).all(|w| w[1] > w[0]), "overshoot grows with the click rate: {overshoot:?}");
    assert!(overshoot[0] < 1.03 && overshoot[3] > 1.95, "{overshoot:?}");
}

/// The trained weighted-CE network's mean odds land below the mean optimum,
/// further below at a higher click rate (the means are carried by a tail of
/// near-certain clicks whose optimum E[T·click]/(1 − P) explodes and which the
/// network under-fits), and they overshoot the expected watch time far more at
/// a higher click rate. A claim about seeds, checked on seeds 1–10 (1,500 steps):
/// measured with ChaCha8, odds / optimum median 0.93 at CTR 0.03 and 0.65 at
/// 0.3; odds / expected watch median 1.23 against 2.30, higher at 0.3 on every seed
/// (seeds 11–20: 0.89 → 0.67 and 1.10 → 2.22).
#[test]
fn trained_odds_track_the_optimum_and_overshoot_more_with_ctr() {
    let ratios = |ctr, seed| {
        let data = WatchConfig { ctr, seed, ..WatchConfig::default() };
        let config =
            WatchRaceConfig { data, models: vec![WatchKind::WeightedCe], steps: 1500, record_every: 1500, ..WatchRaceConfig::default() };
        let mut t = WatchTrainer::new(config).unwrap();
        t.run_to_end();
        let odds = t.runs[0].latest().unwrap().metrics.odds.clone().unwrap();
        (odds.ratio_to_optimum, odds.ratio_to_expected_watch)
    };
    let (mut opt, mut watch) = ([vec![], vec![]], [vec![], vec![]]);
    for seed in 1..=10 {
        let (low, high) = (ratios(0.03, seed), ratios(0.3, seed));
        println!("seed {seed}: odds / optimum {:.3} → {:.3}, odds / watch {:.3} → {:.3}", low.0, high.0, low.1, high.1);
        assert!(high.1 > low.1, "seed {seed}: the overshoot grows with the click rate: {low:?} → {high:?}");
        for (i, r) in [low, high].into_iter().enumerate() {
            opt[i].push(r.0);
            watch[i].push(r.1);
        }
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        0.5 * (v[4] + v[5])
    };
    let (opt_low, opt_high) = (median(&mut opt[0]), median(&mut opt[1]));
    let (watch_low, watch_high) = (median(&mut watch[0]), median(&mut watch[1]));
    println!("medians: odds / optimum {opt_low:.3} → {opt_high:.3}, odds / watch {watch_low:.3} → {watch_high:.3}");
    assert!((0.6..1.25).contains(&opt_low) && (0.5..opt_low).contains(&opt_high), "odds / optimum {opt_low} → {opt_high}");
    assert!(watch_low < 1.4 && watch_high > 2.0 && watch_high > 1.5 * watch_low, "overshoot {watch_low} → {watch_high}");
}

/// The headline on one seed of the default (clickbait) world; `mtl-lab watch
/// --seeds 1-10` measures it over seeds (docs/watch-findings.md).
#[test]
fn clickbait_world_weighted_ce_captures_watch_time_ctr_captures_clicks() {
    let mut t = WatchTrainer::new(WatchRaceConfig::default()).unwrap();
    t.run_to_end();
    let m = |k: WatchKind| t.runs.iter().find(|r| r.kind == k).unwrap().latest().unwrap().metrics.clone();
    let (ctr, wce) = (m(WatchKind::Ctr), m(WatchKind::WeightedCe));
    assert!(
        wce.top_watch_share > ctr.top_watch_share + 0.05,
        "watch share: weighted CE {} vs CTR {}",
        wce.top_watch_share,
        ctr.top_watch_share
    );
    assert!(ctr.top_click_share > wce.top_click_share, "click share: CTR {} vs weighted CE {}", ctr.top_click_share, wce.top_click_share);
}

#[test]
fn bad_settings_are_errors_not_panics() {
    for (config, field) in [
        (WatchConfig { ctr: 0.0, ..small_data(1) }, "ctr"),
        (WatchConfig { appeal_quality_correlation: f64::NAN, ..small_data(1) }, "appeal_quality_correlation"),
        (WatchConfig { appeal_quality_correlation: -1.5, ..small_data(1) }, "appeal_quality_correlation"),
        (WatchConfig { categories: 500, ..small_data(1) }, "categories"),
        (WatchConfig { test_per_user: 0, ..small_data(1) }, "test_per_user"),
    ] {
        match WatchData::generate(&config) {
            Err(Error::InvalidConfig { field: f, .. }) => assert_eq!(f, field),
            other => panic!("{field}: expected an error, got {:?}", other.map(|d| d.stats)),
        }
    }
    for (race, field) in [
        (WatchRaceConfig { click_weight: 1.2, ..small_race(1) }, "click_weight"),
        (WatchRaceConfig { steps: 0, ..small_race(1) }, "steps"),
        (WatchRaceConfig { top_fraction: 0.0, ..small_race(1) }, "top_fraction"),
        (WatchRaceConfig { models: vec![WatchKind::Ctr, WatchKind::Ctr], ..small_race(1) }, "models"),
    ] {
        assert!(matches!(WatchTrainer::new(race), Err(Error::InvalidConfig { field: f, .. }) if f == field), "{field}");
    }
    let json = serde_json::to_string(&WatchRaceConfig::default()).unwrap();
    assert_eq!(serde_json::from_str::<WatchRaceConfig>(&json).unwrap(), WatchRaceConfig::default());
    assert!(serde_json::from_str::<WatchRaceConfig>(r#"{"clickbait": 1}"#).is_err(), "unknown fields are refused");
}

fn lab(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_mtl-lab")).args(args).output().expect("mtl-lab runs")
}

const SMALL: [&str; 14] =
    ["--users", "50", "--videos", "100", "--categories", "5", "--train", "4096", "--steps", "40", "--record-every", "20", "--batch", "128"];

#[test]
fn cli_json_table_sweep_and_bad_flags() {
    let mut args = vec!["watch", "--json", "--seeds", "1-2", "--clickbait", "0.7,0"];
    args.extend(SMALL);
    let out = lab(&args);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    let runs = json["runs"].as_array().unwrap();
    let keys: Vec<(f64, u64)> =
        runs.iter().map(|r| (r["scenario"]["appeal_quality_correlation"].as_f64().unwrap(), r["seed"].as_u64().unwrap())).collect();
    assert_eq!(keys, [(-0.7, 1), (-0.7, 2), (0.0, 1), (0.0, 2)]);
    for run in runs {
        let models = run["models"].as_array().unwrap();
        let names: Vec<&str> = models.iter().map(|m| m["model"].as_str().unwrap()).collect();
        assert_eq!(names, ["ctr", "weighted_ce", "two_tasks"]);
        for m in models {
            assert!(m["ctr_auc"].is_number() && m["top_watch_share"].is_number() && m["top_click_share"].is_number());
        }
        assert!(models[1]["odds_ratio_to_optimum"].is_number() && models[0]["odds_ratio_to_optimum"].is_null());
        assert!(run["sweep"].is_null());
    }

    let mut args = vec!["watch", "--json", "--weight", "0.5", "--sweep-weight", "--sweep-weights", "0,1"];
    args.extend(SMALL);
    let out = lab(&args);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["config"]["click_weight"].as_f64(), Some(0.5));
    let sweep = json["runs"][0]["sweep"].as_array().unwrap();
    assert_eq!(sweep.iter().map(|p| p["click_weight"].as_f64().unwrap()).collect::<Vec<_>>(), [0.0, 1.0]);

    let mut args = vec!["watch", "--models", "ctr,wce", "--sweep-weight", "--sweep-weights", "0.3"];
    args.extend(SMALL);
    let out = lab(&args);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Weighted CE") && text.contains("watch share") && text.contains("w = 0.3"), "{text}");

    let help = lab(&["watch", "--help"]);
    assert!(help.status.success() && String::from_utf8_lossy(&help.stdout).contains("--clickbait"));
    for bad in [
        &["watch", "--weight", "2"][..],
        &["watch", "--models", "mmoe"],
        &["watch", "--correlation", "x"],
        &["watch", "--ctr", "0.9"],
        &["watch", "--p", "1"],
    ] {
        let out = lab(bad);
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
        assert!(!out.stderr.is_empty());
    }
}
