//! `mtl-lab funnel`: the ESMM click → conversion lab without the browser. Races
//! the Table 2 models on generated funnels over several seeds and knob settings
//! and prints the entire-space against clicked-only CVR AUC gap (or, with
//! `--json`, every model's final test metrics per seed).

use super::args::{num, seeds};
use super::common::{mean_std, plan_or_exit, report, run_jobs};
use mtl_playground::data::{FunnelData, FunnelStats};
use mtl_playground::train::funnel::FunnelMetrics;
use mtl_playground::{FunnelKind, FunnelRaceConfig, FunnelTrainer};
use serde::Serialize;
use std::process::ExitCode;
use std::time::Instant;

pub const HELP: &str = "\
mtl-lab funnel: race BASE, DIVISION, ESMM-NS and ESMM on a synthetic click ->
conversion funnel whose counterfactual conversions are known (ESMM paper)

USAGE: mtl-lab funnel [OPTIONS]

Funnel (LIST options run every combination)
  --selection LIST      selection-bias strength s (item appeal -> click)   [1.5]
  --cvr LIST            conversion rate among clicks (sparsity)            [0.08]
  --correlation LIST    item-level appeal/quality correlation rho          [0.8]
  --context-correlation X  user and dense click/conversion correlation     [0]
  --items LIST          items (fewer clicks and conversions per item as it grows) [2000]
  --ctr X               click rate                                         [0.08]
  --users N / --categories N                                  [1000/50]
  --train N / --validation N / --test N               [300000/50000/200000]
Models
  --models LIST         any of base,division,esmm_ns,esmm                  [all]
  --embedding-dim N     ID embedding size                                  [8]
  --tower-units LIST    hidden layers of each tower                        [32,16]
Training
  --seeds LIST          seeds, e.g. 1-10 or 1,4,7                          [1]
  --init-seed N         fix the init seed (default: the data seed)         [none]
  --steps N             at most this many steps (early stopping ends sooner) [12000]
  --lr X                Adam learning rate                                 [0.001]
  --batch N             batch size                                         [512]
  --record-every N      steps between records / early-stopping checks      [250]
  --patience N          records without improvement before stopping, 0 off [4]
  --threads N           runs trained at once                               [cores]
Output
  --json                per-model, per-seed final test metrics as JSON (each
                        run's `scenario` overrides the knobs in `config.data`)
  -h, --help            this text

CVR AUC 'entire' scores pCVR against every test impression's conversion,
including the counterfactual ones of unclicked impressions; 'clicked' is the
paper's protocol (clicked impressions only).
";

/// What one invocation runs: every (selection, cvr, correlation, seed).
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

/// One knob setting.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
struct Scenario {
    selection_bias: f64,
    cvr: f64,
    propensity_correlation: f64,
    items: usize,
}

fn list(s: &str, flag: &str) -> Result<Vec<f64>, String> {
    s.split(',').map(|v| num(v, flag)).collect()
}

fn parse_args(args: &[String]) -> Result<Option<Plan>, String> {
    let base = FunnelRaceConfig::default();
    let mut plan = Plan {
        selection: vec![base.data.selection_bias],
        cvr: vec![base.data.cvr],
        correlation: vec![base.data.propensity_correlation],
        items: vec![base.data.items],
        base,
        seeds: vec![1],
        steps: 12_000,
        threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
        json: false,
    };
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{flag} needs a value"));
        let c = &mut plan.base;
        match flag.as_str() {
            "-h" | "--help" => return Ok(None),
            "--json" => plan.json = true,
            "--selection" => plan.selection = list(value()?, flag)?,
            "--cvr" => plan.cvr = list(value()?, flag)?,
            "--correlation" => plan.correlation = list(value()?, flag)?,
            "--ctr" => c.data.ctr = num(value()?, flag)?,
            "--context-correlation" => c.data.context_correlation = num(value()?, flag)?,
            "--users" => c.data.users = num(value()?, flag)?,
            "--items" => plan.items = value()?.split(',').map(|v| num(v, flag)).collect::<Result<_, _>>()?,
            "--categories" => c.data.categories = num(value()?, flag)?,
            "--train" => c.data.train_samples = num(value()?, flag)?,
            "--validation" => c.data.validation_samples = num(value()?, flag)?,
            "--test" => c.data.test_samples = num(value()?, flag)?,
            "--models" => {
                c.models = value()?.split(',').map(str::parse::<FunnelKind>).collect::<Result<_, _>>().map_err(|e| e.to_string())?
            }
            "--embedding-dim" => c.sizes.embedding_dim = num(value()?, flag)?,
            "--tower-units" => c.sizes.tower_units = value()?.split(',').map(|v| num(v, flag)).collect::<Result<_, _>>()?,
            "--seeds" => plan.seeds = seeds(value()?)?,
            "--init-seed" => c.init_seed = Some(num(value()?, flag)?),
            "--steps" => plan.steps = num(value()?, flag)?,
            "--lr" => c.optimizer.lr = num(value()?, flag)?,
            "--batch" => c.batch_size = num(value()?, flag)?,
            "--record-every" => c.record_every = num(value()?, flag)?,
            "--patience" => c.patience = num(value()?, flag)?,
            "--eval-samples" => c.eval_samples = num(value()?, flag)?,
            "--threads" => plan.threads = num::<usize>(value()?, flag)?.max(1),
            other => return Err(format!("unknown option `{other}` (see mtl-lab funnel --help)")),
        }
    }
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
#[derive(Serialize)]
struct RunResult {
    scenario: Scenario,
    seed: u64,
    data: FunnelStats,
    steps: usize,
    seconds: f64,
    ms_per_step: f64,
    models: Vec<ModelResult>,
}

fn run_one(base: &FunnelRaceConfig, s: Scenario, seed: u64, steps: usize) -> Result<RunResult, String> {
    let config = config_for(base, s, seed);
    let start = Instant::now();
    let generated = FunnelData::generate(&config.data).map_err(|e| e.to_string())?;
    let mut data = generated.stats.clone();
    data.generation_ms = start.elapsed().as_secs_f64() * 1000.0;
    let mut trainer = FunnelTrainer::with_data(config, generated).map_err(|e| e.to_string())?;
    let train_start = Instant::now();
    trainer.run(steps);
    let train_secs = train_start.elapsed().as_secs_f64();
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
    let done = trainer.step_count();
    Ok(RunResult {
        scenario: s,
        seed,
        data,
        steps: done,
        seconds: start.elapsed().as_secs_f64(),
        ms_per_step: 1000.0 * train_secs / done.max(1) as f64,
        models,
    })
}

fn run_all(plan: &Plan) -> Result<Vec<RunResult>, String> {
    let jobs: Vec<(Scenario, u64)> = scenarios(plan).into_iter().flat_map(|s| plan.seeds.iter().map(move |&seed| (s, seed))).collect();
    let run = |&(s, seed): &(Scenario, u64)| run_one(&plan.base, s, seed, plan.steps);
    let done = |&(s, seed): &(Scenario, u64)| {
        if !plan.json {
            eprintln!("  done: {s:?}, seed {seed}");
        }
    };
    run_jobs(&jobs, plan.threads, run, done).into_iter().collect()
}

fn fmt(v: Option<f64>) -> String {
    v.map_or_else(|| "-".into(), |v| format!("{v:.4}"))
}

fn print_table(plan: &Plan, runs: &[RunResult]) {
    for s in scenarios(plan) {
        let these: Vec<&RunResult> = runs.iter().filter(|r| r.scenario == s).collect();
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
    let secs: f64 = runs.iter().map(|r| r.seconds).sum();
    let (ms, _) = mean_std(&runs.iter().map(|r| r.ms_per_step).collect::<Vec<_>>());
    let (gen, _) = mean_std(&runs.iter().map(|r| r.data.generation_ms).collect::<Vec<_>>());
    println!(
        "\n{} runs; {secs:.1} s in all; {ms:.2} ms per lockstep step ({} models, batch {}); generation {gen:.0} ms per funnel.",
        runs.len(),
        plan.base.models.len(),
        plan.base.batch_size
    );
}

/// Runs the `funnel` subcommand on the arguments after it.
pub fn main(args: &[String]) -> ExitCode {
    let plan = match plan_or_exit(parse_args(args), HELP, "mtl-lab funnel") {
        Ok(plan) => plan,
        Err(code) => return code,
    };
    report("mtl-lab funnel", run_all(&plan), plan.json, &plan.base, |runs| print_table(&plan, runs))
}
