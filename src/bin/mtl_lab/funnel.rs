//! `mtl-lab funnel`: the ESMM click → conversion lab without the browser. Races
//! the Table 2 models on generated funnels over several seeds and knob settings
//! and prints the entire-space against clicked-only CVR AUC gap (or, with
//! `--json`, every model's final test metrics per seed).

use crate::args::{ids, init_seed_flag, kinds, seeds_flag, threads_flag};
use crate::common::{all_cores, mean_std, plan_or_exit, print_timing, report, run_grid, runs_at, timings, Nothing, RunClock, WorldRun};
use crate::flags::{Command, Flag};
use mtl_playground::data::{FunnelData, FunnelStats};
use mtl_playground::train::funnel::FunnelMetrics;
use mtl_playground::{FunnelKind, FunnelRaceConfig, FunnelTrainer};
use serde::Serialize;
use std::ffi::OsString;
use std::process::ExitCode;

const HEAD: &str = "\
mtl-lab funnel: race BASE, DIVISION, ESMM-NS and ESMM on a synthetic click ->
conversion funnel whose counterfactual conversions are known (ESMM paper)

USAGE: mtl-lab funnel [OPTIONS]

Flags take their value as `--flag VALUE` or `--flag=VALUE`.
";

const NOTES: &str = "\
CVR AUC 'entire' scores pCVR against every test impression's conversion,
including the counterfactual ones of unclicked impressions; 'clicked' is the
paper's protocol (clicked impressions only).
";

/// What one invocation runs: every (selection, cvr, correlation, items, seed).
struct Plan {
    base: FunnelRaceConfig,
    selection: Vec<f64>,
    cvr: Vec<f64>,
    correlation: Vec<f64>,
    items: Vec<usize>,
    seeds: Vec<u64>,
    steps: usize,
    threads: usize,
    json: bool,
}

impl Plan {
    /// The plan before any flag: the defaults the help shows.
    fn new() -> Self {
        let base = FunnelRaceConfig::default();
        Plan {
            selection: vec![base.data.selection_bias],
            cvr: vec![base.data.cvr],
            correlation: vec![base.data.propensity_correlation],
            items: vec![base.data.items],
            base,
            seeds: vec![1],
            steps: 12_000,
            threads: all_cores(),
            json: false,
        }
    }
}

/// One knob setting.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
struct Scenario {
    selection_bias: f64,
    cvr: f64,
    propensity_correlation: f64,
    items: usize,
}

type F = Flag<Plan>;

/// Every flag of `mtl-lab funnel`, in the help's order.
fn command() -> Command<Plan> {
    Command::new("mtl-lab funnel", HEAD)
        .section("Funnel (LIST options run every combination)")
        .flag(F::list("--selection", "LIST", "selection-bias strength s (item appeal -> click)", |p| &mut p.selection))
        .flag(F::list("--cvr", "LIST", "conversion rate among clicks (sparsity)", |p| &mut p.cvr))
        .flag(F::list("--correlation", "LIST", "item-level appeal/quality correlation rho", |p| &mut p.correlation))
        .flag(F::number("--context-correlation", "X", "user and dense click/conversion correlation", |p| {
            &mut p.base.data.context_correlation
        }))
        .flag(F::list("--items", "LIST", "items (fewer clicks and conversions per item\nas it grows)", |p| &mut p.items))
        .flag(F::number("--ctr", "X", "click rate", |p| &mut p.base.data.ctr))
        .flag(F::number("--users", "N", "users", |p| &mut p.base.data.users))
        .flag(F::number("--categories", "N", "item categories", |p| &mut p.base.data.categories))
        .flag(F::number("--train", "N", "training impressions", |p| &mut p.base.data.train_samples))
        .flag(F::number("--validation", "N", "validation impressions (early stopping)", |p| &mut p.base.data.validation_samples))
        .flag(F::number("--test", "N", "test impressions", |p| &mut p.base.data.test_samples))
        .section("Models")
        .flag(F::parsed("--models", "LIST", "any of base,division,esmm_ns,esmm", |p| &mut p.base.models, kinds, |k| ids(k, FunnelKind::id)))
        .flag(F::number("--embedding-dim", "N", "ID embedding size", |p| &mut p.base.sizes.embedding_dim))
        .flag(F::list("--tower-units", "LIST", "hidden layers of each tower", |p| &mut p.base.sizes.tower_units))
        .section("Training")
        .flag(seeds_flag("seeds, e.g. 1-10 or 1,4,7", |p| &mut p.seeds))
        .flag(init_seed_flag("fix the init seed (default: the data seed)", |p| &mut p.base.init_seed))
        .flag(F::number("--steps", "N", "at most this many steps (early stopping\nends sooner)", |p| &mut p.steps))
        .flag(F::number("--lr", "X", "Adam learning rate", |p| &mut p.base.optimizer.lr))
        .flag(F::number("--batch", "N", "batch size", |p| &mut p.base.batch_size))
        .flag(F::number("--record-every", "N", "steps between records / early-stopping checks", |p| &mut p.base.record_every))
        .flag(F::number("--patience", "N", "records without improvement before stopping,\n0 off", |p| &mut p.base.patience))
        .flag(F::number("--eval-samples", "N", "test impressions scored per record (a prefix)", |p| &mut p.base.eval_samples))
        .flag(threads_flag("runs trained at once", |p| &mut p.threads))
        .section("Output")
        .flag(F::switch(
            "--json",
            "per-model, per-seed final test metrics as JSON (each\nrun's `scenario` overrides the knobs in `config.data`)",
            |p| &mut p.json,
        ))
        .notes(NOTES)
}

fn parse_args(args: &[OsString]) -> Result<Option<Plan>, String> {
    let Some(plan) = command().parse(args, Plan::new())? else { return Ok(None) };
    for s in scenarios(&plan) {
        config_for(&plan.base, s, 1).validate().map_err(|e| e.to_string())?;
    }
    Ok(Some(plan))
}

fn scenarios(plan: &Plan) -> Vec<Scenario> {
    let mut out = Vec::new();
    for &selection_bias in &plan.selection {
        for &cvr in &plan.cvr {
            for &propensity_correlation in &plan.correlation {
                for &items in &plan.items {
                    out.push(Scenario { selection_bias, cvr, propensity_correlation, items });
                }
            }
        }
    }
    out
}

fn config_for(base: &FunnelRaceConfig, s: Scenario, seed: u64) -> FunnelRaceConfig {
    let mut c = base.clone();
    c.data.selection_bias = s.selection_bias;
    c.data.cvr = s.cvr;
    c.data.propensity_correlation = s.propensity_correlation;
    c.data.items = s.items;
    c.data.seed = seed;
    c
}

/// One model's final test metrics in one run.
#[derive(Serialize)]
struct ModelResult {
    model: FunnelKind,
    params: usize,
    test: FunnelMetrics,
    /// The step of each part's best validation loss (the parameters tested).
    best_step: Vec<usize>,
    stopped_at: Option<usize>,
    diverged_at: Option<usize>,
}

/// One (scenario, seed) run.
type RunResult = WorldRun<Scenario, FunnelStats, Nothing, ModelResult>;

fn run_one(base: &FunnelRaceConfig, s: Scenario, seed: u64, steps: usize) -> Result<RunResult, String> {
    let config = config_for(base, s, seed);
    let mut clock = RunClock::start();
    let generated = FunnelData::generate(&config.data).map_err(|e| e.to_string())?;
    let data = FunnelStats { generation_ms: clock.generation_ms(), ..generated.stats.clone() };
    let mut trainer = FunnelTrainer::with_data(config, generated).map_err(|e| e.to_string())?;
    clock.training(|| trainer.run(steps));
    let finals = trainer.evaluate_test();
    let models = trainer
        .runs
        .iter()
        .zip(finals)
        .map(|(run, test)| ModelResult {
            model: run.kind,
            params: run.num_params(),
            test,
            best_step: run.best_step.clone(),
            stopped_at: run.stopped_at,
            diverged_at: run.diverged_at,
        })
        .collect();
    Ok(clock.run(s, seed, data, Nothing {}, trainer.step_count(), models))
}

fn run_all(plan: &Plan) -> Result<Vec<RunResult>, String> {
    run_grid(scenarios(plan), &plan.seeds, plan.threads, plan.json, |s, seed| run_one(&plan.base, s, seed, plan.steps))
}

fn fmt(v: Option<f64>) -> String {
    v.map_or_else(|| "-".into(), |v| format!("{v:.4}"))
}

fn print_table(plan: &Plan, runs: &[RunResult]) {
    for s in scenarios(plan) {
        let these = runs_at(runs, &s);
        println!(
            "\nselection s = {}, cvr|click = {}, correlation rho = {}, items = {}  ({} seeds)",
            s.selection_bias,
            s.cvr,
            s.propensity_correlation,
            s.items,
            these.len()
        );
        let (cpi, _) = mean_std(&these.iter().map(|r| r.data.conversions_per_item).collect::<Vec<_>>());
        let (true_cvr, _) = mean_std(&these.iter().map(|r| r.data.true_mean_cvr_test).collect::<Vec<_>>());
        println!("  training conversions per item {cpi:.2}; true mean CVR over all test impressions {true_cvr:.4}");
        println!(
            "  {:<9} {:>8} {:>8} {:>16} {:>16} {:>8} {:>8} {:>7}",
            "model", "CTR AUC", "CTCVR", "CVR AUC clicked", "CVR AUC entire", "mean pCVR", "|err|", "steps"
        );
        for kind in &plan.base.models {
            let ms: Vec<&ModelResult> = these.iter().flat_map(|r| r.models.iter().filter(|m| m.model == *kind)).collect();
            let col = |f: &dyn Fn(&FunnelMetrics) -> Option<f64>| {
                let v: Vec<f64> = ms.iter().filter_map(|m| f(&m.test)).collect();
                if v.is_empty() {
                    return "-".to_string();
                }
                let (m, s) = mean_std(&v);
                if v.len() > 1 {
                    format!("{m:.4}±{s:.4}")
                } else {
                    format!("{m:.4}")
                }
            };
            let stop: Vec<f64> = ms.iter().map(|m| m.stopped_at.map_or(f64::NAN, |s| s as f64)).collect();
            println!(
                "  {:<9} {:>8} {:>8} {:>16} {:>16} {:>8} {:>8} {:>7}",
                kind.label(),
                col(&|t| t.ctr_auc).split('±').next().unwrap_or("-"),
                col(&|t| t.ctcvr_auc).split('±').next().unwrap_or("-"),
                col(&|t| t.cvr_auc_clicked),
                col(&|t| t.cvr_auc_entire),
                col(&|t| Some(t.mean_pcvr)).split('±').next().unwrap_or("-"),
                col(&|t| Some(t.cvr_abs_error)).split('±').next().unwrap_or("-"),
                fmt(Some(mean_std(&stop).0)).split('.').next().unwrap_or("-"),
            );
        }
        for kind in [FunnelKind::EsmmNs, FunnelKind::Esmm] {
            let pick = |r: &RunResult, k: FunnelKind| r.models.iter().find(|m| m.model == k).map(|m| m.test.clone());
            let pairs: Vec<(FunnelMetrics, FunnelMetrics)> =
                these.iter().filter_map(|r| Some((pick(r, kind)?, pick(r, FunnelKind::Base)?))).collect();
            if pairs.is_empty() {
                continue;
            }
            let diff =
                |f: &dyn Fn(&FunnelMetrics) -> Option<f64>| -> Vec<f64> { pairs.iter().filter_map(|(a, b)| Some(f(a)? - f(b)?)).collect() };
            let entire = diff(&|t| t.cvr_auc_entire);
            let clicked = diff(&|t| t.cvr_auc_clicked);
            let (em, es) = mean_std(&entire);
            let (cm, cs) = mean_std(&clicked);
            let wins = entire.iter().filter(|&&d| d > 0.0).count();
            println!(
                "  {} - BASE, CVR AUC entire {em:+.4} ± {es:.4} ({wins}/{} seeds better); clicked only {cm:+.4} ± {cs:.4}",
                kind.label(),
                entire.len()
            );
        }
    }
    print_timing(&timings(runs, |d| d.generation_ms), plan.base.models.len(), plan.base.batch_size, "", "funnel");
}

/// Runs the `funnel` subcommand on the arguments after it.
pub fn main(args: &[OsString]) -> ExitCode {
    let plan = match plan_or_exit(parse_args(args), || command().help(Plan::new()), "mtl-lab funnel") {
        Ok(plan) => plan,
        Err(code) => return code,
    };
    report("mtl-lab funnel", run_all(&plan), plan.json, &plan.base, |runs| print_table(&plan, runs))
}
