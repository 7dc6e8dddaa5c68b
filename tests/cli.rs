//! The headless lab CLI: `--json` output parses and carries what a teacher needs.

use std::process::Command;

/// The data, batch and records of the tests' small JSON races.
const SMALL_RACE: [&str; 8] = ["--train", "2048", "--test", "512", "--batch", "64", "--record-every", "20"];

fn lab(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_mtl-lab")).args(args).output().expect("mtl-lab runs")
}

#[test]
fn json_has_per_model_per_seed_final_metrics() {
    let out =
        lab(&[&["--json", "--p", "1,0", "--models", "single,sb,omoe,mmoe", "--seeds", "1-2", "--steps", "60"][..], &SMALL_RACE].concat());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    let runs = json["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 4, "2 correlations × 2 seeds");
    let pairs: Vec<(f64, u64)> = runs.iter().map(|r| (r["task_correlation"].as_f64().unwrap(), r["seed"].as_u64().unwrap())).collect();
    assert_eq!(pairs, vec![(1.0, 1), (1.0, 2), (0.0, 1), (0.0, 2)]);
    for run in runs {
        let models = run["models"].as_array().unwrap();
        let names: Vec<&str> = models.iter().map(|m| m["model"].as_str().unwrap()).collect();
        assert_eq!(names, ["single", "shared_bottom", "omoe", "mmoe"]);
        for m in models {
            let loss = m["test_loss"].as_array().unwrap();
            assert_eq!(loss.len(), 2);
            assert!(loss.iter().all(|l| l.as_f64().unwrap() > 0.0));
        }
        assert!(models[0]["mtl_gain"].is_null(), "no gain for the baseline itself");
        assert_eq!(models[3]["mtl_gain"].as_array().unwrap().len(), 2);
        assert_eq!(models[3]["gates"]["mean"].as_array().unwrap().len(), 2, "task × expert");
        assert!(models[1]["gates"].is_null(), "Shared-Bottom has no gates");
        assert!(models[2]["grad_cosine_mean"].is_number());
    }
}

#[test]
fn cgc_and_ple_race_with_their_sizes() {
    let out =
        lab(
            &[
                &[
                    "--json",
                    "--models",
                    "mmoe,cgc,ple",
                    "--task-experts",
                    "1",
                    "--shared-experts",
                    "3",
                    "--ple-levels",
                    "3",
                    "--steps",
                    "40",
                ][..],
                &SMALL_RACE,
            ]
            .concat(),
        );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    let models = json["runs"][0]["models"].as_array().unwrap();
    let names: Vec<&str> = models.iter().map(|m| m["model"].as_str().unwrap()).collect();
    assert_eq!(names, ["mmoe", "cgc", "ple"]);
    for m in &models[1..] {
        let owners: Vec<Option<u64>> = m["gates"]["owners"].as_array().unwrap().iter().map(|o| o.as_u64()).collect();
        assert_eq!(owners, [Some(0), Some(1), None, None, None], "A1 B1 S1–S3");
    }
    assert!(models[0]["gates"].get("owners").is_none(), "MMoE's experts are all shared: no owners");
    assert_eq!(lab(&["--models", "ple", "--ple-levels", "9"]).status.code(), Some(2));
}

#[test]
fn table_output_and_bad_flags() {
    let out = lab(&["--models", "mmoe", "--steps", "20", "--train", "1024", "--test", "256", "--batch", "32"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("MMoE") && text.contains("loss A"), "{text}");

    for bad in [&["--p", "2"][..], &["--models", "transformer"], &["--steps", "many"], &["--frobnicate"]] {
        let out = lab(bad);
        assert_eq!(out.status.code(), Some(2), "{bad:?} should be a usage error");
        assert!(!out.stderr.is_empty());
    }
}

const SMALL_FUNNEL: [&str; 16] = [
    "--users",
    "100",
    "--items",
    "200",
    "--categories",
    "10",
    "--train",
    "8192",
    "--validation",
    "1024",
    "--test",
    "2048",
    "--batch",
    "256",
    "--steps",
    "60",
];

#[test]
fn funnel_json_has_per_model_per_seed_final_metrics() {
    let mut args = vec!["funnel", "--json", "--seeds", "1-2", "--selection", "0.5,2", "--record-every", "20"];
    args.extend(SMALL_FUNNEL);
    let out = lab(&args);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(json["config"]["data"]["categories"], 10);
    let runs = json["runs"].as_array().unwrap();
    let keys: Vec<(f64, u64)> =
        runs.iter().map(|r| (r["scenario"]["selection_bias"].as_f64().unwrap(), r["seed"].as_u64().unwrap())).collect();
    assert_eq!(keys, vec![(0.5, 1), (0.5, 2), (2.0, 1), (2.0, 2)]);
    for run in runs {
        assert_eq!(run["scenario"]["items"], 200, "a run's scenario overrides the config's knobs");
        assert!(run["data"]["ctr"].as_f64().unwrap() > 0.0);
        assert!(run["ms_per_step"].as_f64().unwrap() > 0.0);
        let models = run["models"].as_array().unwrap();
        let names: Vec<&str> = models.iter().map(|m| m["model"].as_str().unwrap()).collect();
        assert_eq!(names, ["base", "division", "esmm_ns", "esmm"]);
        for m in models {
            for metric in ["ctr_auc", "ctcvr_auc", "cvr_auc_clicked", "cvr_auc_entire", "mean_pcvr", "true_mean_cvr"] {
                let v = m["test"][metric].as_f64().unwrap_or(f64::NAN);
                assert!((0.0..=1.0).contains(&v), "{metric} = {v}");
            }
            assert_eq!(m["test"]["calibration"].as_array().unwrap().len(), 10);
        }
    }
}

#[test]
fn funnel_table_and_bad_flags() {
    let mut args = vec!["funnel", "--models", "base,esmm"];
    args.extend(SMALL_FUNNEL);
    let out = lab(&args);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("CVR AUC entire") && text.contains("ESMM - BASE"), "{text}");
    let help = lab(&["funnel", "--help"]);
    assert!(help.status.success() && String::from_utf8_lossy(&help.stdout).contains("--selection"));

    for bad in [&["funnel", "--cvr", "2"][..], &["funnel", "--models", "mmoe"], &["funnel", "--correlation", "x"], &["funnel", "--p", "1"]]
    {
        let out = lab(bad);
        assert_eq!(out.status.code(), Some(2), "{bad:?} should be a usage error");
        assert!(!out.stderr.is_empty());
    }
}

#[test]
fn sweeps_run_from_the_cli_with_the_page_sweeps_results() {
    use mtl_playground::train::sweep::{Sweep, SweepConfig};
    let out = lab(&[
        "sweep",
        "correlation",
        "--json",
        "--p",
        "0,1",
        "--seeds",
        "1-2",
        "--models",
        "sb,mmoe",
        "--steps",
        "40",
        "--train",
        "2048",
        "--test",
        "512",
        "--batch",
        "64",
        "--threads",
        "2",
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!((json["kind"].as_str(), json["done"].as_u64(), json["total"].as_u64()), (Some("correlation"), Some(4), Some(4)));
    let order: Vec<(u64, f64)> = json["jobs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|j| (j["job"]["seed"].as_u64().unwrap(), j["job"]["task_correlation"].as_f64().unwrap()))
        .collect();
    assert_eq!(order, vec![(1, 1.0), (1, 0.0), (2, 1.0), (2, 0.0)], "seed-major, p = 1 first");
    let mmoe = &json["summary"]["models"][1];
    assert_eq!(mmoe["model"], "mmoe");
    assert!(mmoe["points"][1]["gate_js_ratio"]["median"].is_number());
    assert_eq!(json["summary"]["pairs"][0]["seeds"], 2);

    // the same config, run step by step as the page runs it, gives the same jobs
    let config: SweepConfig = serde_json::from_value(json["config"].clone()).expect("the printed config parses");
    let mut sweep = Sweep::new(config).unwrap();
    sweep.run_to_end().unwrap();
    // through JSON text as the CLI's numbers came (serde_json's parse may be off by an ulp)
    let page: serde_json::Value = serde_json::from_str(&serde_json::to_string(&sweep.results()).unwrap()).unwrap();
    assert_eq!(page["jobs"], json["jobs"], "CLI and page disagree");
    assert_eq!(page["summary"], json["summary"]);

    let table = lab(&["sweep", "trainability", "--inits", "3", "--steps", "20", "--train", "1024", "--test", "256", "--batch", "32"]);
    assert!(table.status.success(), "{}", String::from_utf8_lossy(&table.stderr));
    let text = String::from_utf8_lossy(&table.stdout);
    for needle in ["Data fixed (seed 1, p = 0.5)", "Shared-Bottom", "MMoE", "std"] {
        assert!(text.contains(needle), "trainability table: no {needle:?}\n{text}");
    }
    let table = lab(&["sweep", "loss-weight", "--points", "3", "--steps", "20", "--train", "1024", "--test", "256", "--batch", "32"]);
    assert!(table.status.success());
    assert!(String::from_utf8_lossy(&table.stdout).contains("0.50  0.50"));
    assert!(lab(&["sweep", "--help"]).stdout.starts_with(b"mtl-lab sweep"));
    assert_eq!(lab(&["sweep", "correlation", "--p", "0.5,0"]).status.code(), Some(2), "p = 1 is required");
    assert_eq!(lab(&["sweep", "trainability", "--p", "0.5,0"]).status.code(), Some(2));
    assert_eq!(lab(&["sweep", "histogram"]).status.code(), Some(2));
    assert_eq!(lab(&["sweep", "correlation", "--weights", "1,1"]).status.code(), Some(2), "unknown option");
}

#[test]
fn the_transfer_sweep_prints_its_margin_rule_entries_and_counts() {
    use mtl_playground::train::sweep::{Sweep, SweepConfig};
    let small = ["--steps", "40", "--train", "2048", "--test", "512", "--batch", "64", "--seeds", "1-3", "--threads", "2"];
    let out = lab(&[&["sweep", "transfer", "--json", "--p", "0", "--models", "sb,mmoe", "--margin", "0.03"][..], &small].concat());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!((json["kind"].as_str(), json["margin"].as_f64(), json["total"].as_u64()), (Some("transfer"), Some(0.03), Some(6)));
    assert!(json["failure_rule"].as_str().is_some_and(|r| r.contains("5x the median")), "{}", json["failure_rule"]);
    let entries = json["entries"].as_array().expect("entries");
    assert_eq!(entries.len(), 12, "3 seeds × p (1, the control, and 0) × 2 models");
    for e in entries {
        for key in ["seed", "p", "model", "test_loss", "single_test_loss", "class"] {
            assert!(!e[key].is_null(), "an entry without {key}: {e}");
        }
        let class = e["class"].as_str().unwrap();
        assert!(["positive", "seesaw", "negative", "unclear", "failed"].contains(&class), "{class}");
        assert_eq!(class == "failed", e["failed"].is_string(), "a failed entry says which network failed: {e}");
    }
    let counts = json["counts"].as_array().expect("counts");
    assert_eq!(counts.len(), 4, "per model and p");
    assert_eq!((counts[0]["model"].as_str(), counts[0]["p"].as_f64()), (Some("shared_bottom"), Some(1.0)), "p = 1 first");
    for c in counts {
        let sum: u64 = ["positive", "seesaw", "negative", "unclear", "failed"].iter().map(|k| c[*k].as_u64().unwrap()).sum();
        assert_eq!((sum, c["seeds"].as_u64()), (3, Some(3)), "{c}");
    }
    // the page's step-by-step run of the printed config gives the same map
    let config: SweepConfig = serde_json::from_value(json["config"].clone()).expect("the printed config parses");
    let mut sweep = Sweep::new(config).unwrap();
    sweep.run_to_end().unwrap();
    let page: serde_json::Value = serde_json::from_str(&serde_json::to_string(&sweep.results().summary).unwrap()).unwrap();
    assert_eq!((&page["entries"], &page["counts"]), (&json["entries"], &json["counts"]), "CLI and page disagree");

    let table = lab(&[&["sweep", "transfer", "--p", "0"][..], &small].concat());
    assert!(table.status.success(), "{}", String::from_utf8_lossy(&table.stderr));
    let text = String::from_utf8_lossy(&table.stdout);
    for needle in [
        "±2%",
        "positive",
        "seesaw",
        "negative",
        "unclear",
        "failed",
        "Shared-Bottom",
        "OMoE",
        "MMoE",
        "(control: identical tasks)",
        "Failure rule:",
    ] {
        assert!(text.contains(needle), "transfer table: no {needle:?}\n{text}");
    }
    assert_eq!(lab(&["sweep", "transfer", "--margin", "0.06"]).status.code(), Some(2), "the margin is at most 5 %");
    assert_eq!(lab(&["sweep", "transfer", "--models", "single"]).status.code(), Some(2), "no multi-task model to judge");
}

/// A small run's JSON, or the test fails with mtl-lab's message.
fn small_json(extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["--json", "--steps", "40"];
    args.extend_from_slice(&SMALL_RACE);
    args.extend_from_slice(extra);
    let out = lab(&args);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

#[test]
fn presets_set_every_size_and_size_flags_override_them_in_any_order() {
    use mtl_playground::models::Preset;
    let sizes = |json: &serde_json::Value| serde_json::from_value::<mtl_playground::ModelSizes>(json["config"]["sizes"].clone()).unwrap();
    assert_eq!(sizes(&small_json(&["--models", "sb"])), Preset::DEFAULT.sizes(), "no flag: the default preset");
    assert_eq!(sizes(&small_json(&["--models", "sb", "--preset", "paper"])), Preset::Paper.sizes());
    for args in [["--tower-units", "5", "--preset", "paper"], ["--preset", "paper", "--tower-units", "5"]] {
        let mut extra = vec!["--models", "sb"];
        extra.extend_from_slice(&args);
        let got = sizes(&small_json(&extra));
        assert_eq!(got, mtl_playground::ModelSizes { tower_units: 5, ..Preset::Paper.sizes() }, "{args:?}");
    }
    // the parameter counts follow the preset: Shared-Bottom at the paper's 113 units
    let json = small_json(&["--models", "sb", "--preset", "paper"]);
    assert_eq!(json["runs"][0]["models"][0]["params"], 13_255);
    let bad = lab(&["--preset", "wide"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("narrow or paper"));
    let help = String::from_utf8_lossy(&lab(&["--help"]).stdout).to_string();
    assert!(help.contains("narrow   bottom 2") && help.contains("paper    bottom 113"), "the help lists the presets from the core");
    let sweep = lab(&[
        "sweep",
        "correlation",
        "--preset",
        "paper",
        "--p",
        "1,0",
        "--seeds",
        "1",
        "--steps",
        "20",
        "--train",
        "1024",
        "--test",
        "256",
        "--batch",
        "32",
        "--json",
    ]);
    assert!(sweep.status.success(), "{}", String::from_utf8_lossy(&sweep.stderr));
    let sweep: serde_json::Value = serde_json::from_slice(&sweep.stdout).unwrap();
    assert_eq!(sizes(&serde_json::json!({"config": {"sizes": sweep["config"]["base"]["sizes"]}})), Preset::Paper.sizes(), "sweep --preset");
}

#[test]
fn switch_changes_p_mid_run_and_keeps_the_metrics_before_it() {
    let json = small_json(&["--models", "sb,mmoe", "--p", "1", "--switch", "20:0"]);
    let run = &json["runs"][0];
    assert_eq!(run["switch"], serde_json::json!([20, 0.0]));
    for m in run["models"].as_array().unwrap() {
        let before = m["before_switch"]["loss"].as_array().expect("losses before the switch");
        assert_eq!(before.len(), 2);
        assert_ne!(before, m["test_loss"].as_array().unwrap(), "the run went on after the switch");
    }
    assert!(json["runs"][0]["models"][1]["before_switch"]["gates"]["js_distance"].is_number());
    assert!(small_json(&["--models", "sb"])["runs"][0]["models"][0]["before_switch"].is_null());
    for bad in [["--switch", "40:0"], ["--switch", "10:7"], ["--switch", "ten"]] {
        let mut args = vec!["--steps", "40"];
        args.extend_from_slice(&bad);
        assert_eq!(lab(&args).status.code(), Some(2), "{bad:?}");
    }
}

/// The flags the help of `mtl-lab [sub] --help` lists, each with whether it takes a value.
fn help_flags(sub: &[&str]) -> Vec<(String, bool)> {
    let out = lab(&[sub, &["--help"]].concat());
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(help.contains("`--flag VALUE` or `--flag=VALUE`"), "the help tells both forms:\n{help}");
    help.lines()
        .filter_map(|line| line.strip_prefix("  --"))
        .map(|rest| {
            let name = rest.split(' ').next().unwrap();
            // a value's placeholder follows the name after one space (`--steps N`); a switch's help after two
            (format!("--{name}"), rest[name.len()..].starts_with(" ") && !rest[name.len()..].starts_with("  "))
        })
        .collect()
}

#[test]
fn every_flag_in_the_help_takes_k_equals_v_and_a_bad_value_names_flag_and_value() {
    for (sub, at_least) in
        [(&[][..], 29), (&["funnel"], 24), (&["watch"], 27), (&["sweep", "correlation"], 25), (&["sweep", "transfer"], 26)]
    {
        let flags = help_flags(sub);
        assert!(flags.len() >= at_least, "{sub:?}: only {} flags read from the help", flags.len());
        assert!(flags.iter().any(|(f, value)| f == "--json" && !value), "{sub:?}: --json is a switch");
        for (flag, takes_value) in flags {
            let arg = format!("{flag}=@bad");
            let out = lab(&[sub, &[arg.as_str()]].concat());
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{sub:?} {arg}: {err}");
            assert!(!err.contains("unknown option"), "{sub:?} {arg}: the help lists a flag the parser does not know: {err}");
            assert!(err.contains(&flag), "{sub:?} {arg}: the message names the flag: {err}");
            if takes_value {
                assert!(err.contains("@bad"), "{sub:?} {arg}: the message names the value: {err}");
            } else {
                assert!(err.contains("takes no value"), "{sub:?} {arg}: {err}");
            }
        }
    }
}

#[test]
fn k_equals_v_is_k_space_v() {
    let spaced =
        ["--models", "sb,mmoe", "--p", "1,0", "--tower-units", "4", "--preset", "paper", "--weighting", "grad_norm", "--alpha", "1"];
    let joined: Vec<String> = spaced.chunks(2).map(|kv| format!("{}={}", kv[0], kv[1])).collect();
    let joined: Vec<&str> = joined.iter().map(String::as_str).collect();
    let (a, b) = (small_json(&spaced), small_json(&joined));
    assert_eq!(a["config"], b["config"]);
    assert_eq!(b["config"]["sizes"]["tower_units"], 4, "a size flag overrides --preset=paper before it");
    assert_eq!(b["config"]["weighting"]["alpha"], 1.0);
    for (ra, rb) in a["runs"].as_array().unwrap().iter().zip(b["runs"].as_array().unwrap()) {
        assert_eq!((&ra["task_correlation"], &ra["seed"]), (&rb["task_correlation"], &rb["seed"]));
        for (ma, mb) in ra["models"].as_array().unwrap().iter().zip(rb["models"].as_array().unwrap()) {
            assert_eq!(ma["test_loss"], mb["test_loss"]);
        }
    }
    // a value may start with a dash or hold `=`: after `=` it is the value whatever it looks like
    let out = lab(&["watch", "--correlation=-0.2", "--watch-bias", "-1", "--steps=0"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(err.contains("steps") && !err.contains("correlation") && !err.contains("bias"), "only --steps=0 is wrong: {err}");
}

#[test]
fn usage_errors_name_the_flag_and_point_at_the_help() {
    let error = |args: &[&str]| {
        let out = lab(args);
        assert_eq!(out.status.code(), Some(2), "{args:?} is a usage error");
        assert!(out.stdout.is_empty(), "{args:?}: nothing runs");
        String::from_utf8_lossy(&out.stderr).to_string()
    };
    let err = error(&["--frobnicate"]);
    assert!(err.contains("unknown option `--frobnicate`") && err.contains("mtl-lab --help"), "{err}");
    let err = error(&["funnel", "--frobnicate=1"]);
    assert!(err.contains("unknown option `--frobnicate`") && err.contains("mtl-lab funnel --help"), "{err}");
    let err = error(&["sweep", "loss-weight", "-x"]);
    assert!(err.contains("unknown option `-x`") && err.contains("mtl-lab sweep --help"), "{err}");
    let err = error(&["--steps"]);
    assert!(err.contains("--steps needs a value") && err.contains("--help"), "{err}");
    let err = error(&["watch", "--models", "ctr", "--seeds"]);
    assert!(err.contains("--seeds needs a value"), "{err}");
    for bad in [&["--steps", "many"][..], &["--steps=many"]] {
        let err = error(bad);
        assert!(err.contains("--steps") && err.contains("`many`"), "{bad:?}: {err}");
    }
    let err = error(&["--json=yes"]);
    assert!(err.contains("--json takes no value"), "{err}");
    let err = error(&["stray"]);
    assert!(err.contains("unexpected argument `stray`"), "{err}");
    // the help wins over a value that would be wrong, wherever it stands
    for help in [&["--steps", "many", "--help"][..], &["-h"], &["watch", "--help"], &["sweep", "histogram", "--help"]] {
        let out = lab(help);
        assert!(out.status.success() && out.stdout.starts_with(b"mtl-lab"), "{help:?}");
    }
}

#[test]
fn the_help_shows_the_configs_defaults() {
    let help = |sub: &[&str]| String::from_utf8_lossy(&lab(&[sub, &["--help"]].concat()).stdout).to_string();
    let line = |help: &str, flag: &str| help.lines().find(|l| l.starts_with(&format!("  {flag} "))).unwrap_or_default().to_string();
    let watch = help(&["watch"]);
    let bias = mtl_playground::WatchRaceConfig::default().data.watch_bias;
    assert!(line(&watch, "--watch-bias").ends_with(&format!("[{bias}]")), "{watch}");
    let funnel = help(&["funnel"]);
    assert!(line(&funnel, "--eval-samples").ends_with("[20000]"), "every flag has help:\n{funnel}");
    let sweep = help(&["sweep"]);
    assert!(line(&sweep, "--test").ends_with("[5000]") && line(&help(&[]), "--test").ends_with("[10000]"), "{sweep}");
}
