//! `mtl-lab watch`: the watch-time lab without the browser. Races CTR,
//! weighted CE (YouTube) and the two-task model (0.3·L_click + 0.7·L_finish)
//! on generated feeds over several seeds and knob settings, and prints the
//! medians of what each ranking captures (or, with `--json`, every model's
//! final test metrics per seed). `--sweep-weight` adds the two-task model's
//! loss-weight sweep per seed.

use crate::args::{ids, init_seed_flag, kinds, seeds_flag, threads_flag};
use crate::common::{all_cores, median, plan_or_exit, print_timing, report, run_grid, runs_at, timings, RunClock, WorldRun};
use crate::flags::{join, list, Command, Flag};
use mtl_playground::data::{WatchData, WatchStats};
use mtl_playground::train::watch::sweep::default_weights;
use mtl_playground::train::watch::{ReferenceShares, WatchMetrics, WeightPoint, WeightSweep};
use mtl_playground::{WatchKind, WatchRaceConfig, WatchTrainer};
use serde::Serialize;
use std::ffi::OsString;
use std::process::ExitCode;

const HEAD: &str = "\
mtl-lab watch: race CTR, weighted CE (YouTube) and a two-task model with
hand-set loss weights on a synthetic video feed whose watch time is known

USAGE: mtl-lab watch [OPTIONS]

Flags take their value as `--flag VALUE` or `--flag=VALUE`.
";

const NOTES: &str = "\
top_watch_share: per user, the true expected watch time E[T*click] of the
model's top 10 % of that user's test impressions over the oracle's top 10 %
(ranked by E[T*click]), summed over users. top_click_share: the same with the
true P(click). ctr_auc: the ranking score against realised clicks. Weighted
CE's odds estimate E[T*click]/(1-P(click)): odds_ratio_to_watch is
mean(odds)/mean(E[T*click]), odds_ratio_to_optimum divides by the optimum.
";

/// What one invocation runs: every (correlation, ctr, seed).
struct Plan {
    base: WatchRaceConfig,
    correlation: Vec<f64>,
    ctr: Vec<f64>,
    seeds: Vec<u64>,
    sweep: Option<Vec<f64>>,
    /// `--sweep-weights`, which `--sweep-weight` does not override, in any order.
    sweep_weights: Option<Vec<f64>>,
    threads: usize,
    json: bool,
}

impl Plan {
    /// The plan before any flag: the defaults the help shows.
    fn new() -> Self {
        let base = WatchRaceConfig::default();
        Plan {
            correlation: vec![base.data.appeal_quality_correlation],
            ctr: vec![base.data.ctr],
            base,
            seeds: vec![1],
            sweep: None,
            sweep_weights: None,
            threads: all_cores(),
            json: false,
        }
    }
}

/// One knob setting.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
struct Scenario {
    appeal_quality_correlation: f64,
    ctr: f64,
}

type F = Flag<Plan>;

/// Every flag of `mtl-lab watch`, in the help's order.
fn command() -> Command<Plan> {
    Command::new("mtl-lab watch", HEAD)
        .section("World (LIST options run every combination)")
        .flag(F::list("--correlation", "LIST", "appeal-quality correlation rho in [-1, 1]:\nnegative = clickbait, 0 = control", |p| {
            &mut p.correlation
        }))
        .flag(
            F::with("--clickbait", "LIST", "the same knob as clickbait strength = -rho", |p, v| {
                p.correlation = list::<f64>(v)?.into_iter().map(|x| -x).collect();
                Ok(())
            })
            .shows_with(|p| join(&p.correlation.iter().map(|x| -x).collect::<Vec<_>>())),
        )
        .flag(F::list("--ctr", "LIST", "click rate", |p| &mut p.ctr))
        .flag(F::number("--appeal-strength", "X", "how strongly appeal drives the click", |p| &mut p.base.data.appeal_strength))
        .flag(F::number("--quality-strength", "X", "how strongly quality drives the share watched", |p| &mut p.base.data.quality_strength))
        .flag(F::number("--watch-noise", "X", "per-view noise on the watch logit", |p| &mut p.base.data.watch_noise))
        .flag(F::number("--watch-bias", "X", "the watch logit's bias (0: half watched)", |p| &mut p.base.data.watch_bias))
        .flag(F::number("--users", "N", "users", |p| &mut p.base.data.users))
        .flag(F::number("--videos", "N", "videos", |p| &mut p.base.data.videos))
        .flag(F::number("--categories", "N", "video categories", |p| &mut p.base.data.categories))
        .flag(F::number("--train", "N", "training impressions", |p| &mut p.base.data.train_samples))
        .flag(F::number("--test-per-user", "N", "test impressions per user", |p| &mut p.base.data.test_per_user))
        .section("Models")
        .flag(F::parsed("--models", "LIST", "any of ctr,weighted_ce,two_tasks", |p| &mut p.base.models, kinds, |k| ids(k, WatchKind::id)))
        .flag(F::number(
            "--weight",
            "W",
            "two-task click weight w in [0, 1]: loss\nw*L_click + (1-w)*L_finish, score\nw*pCTR + (1-w)*pFinish",
            |p| &mut p.base.click_weight,
        ))
        .flag(F::number("--embedding-dim", "N", "ID embedding size", |p| &mut p.base.sizes.embedding_dim))
        .flag(F::list("--tower-units", "LIST", "hidden layers (two tasks share the first)", |p| &mut p.base.sizes.tower_units))
        .section("Training")
        .flag(seeds_flag("seeds, e.g. 1-10 or 1,4,7", |p| &mut p.seeds))
        .flag(init_seed_flag("fix the init seed (default: the data seed)", |p| &mut p.base.init_seed))
        .flag(F::number("--steps", "N", "training steps", |p| &mut p.base.steps))
        .flag(F::number("--lr", "X", "Adam learning rate", |p| &mut p.base.optimizer.lr))
        .flag(F::number("--batch", "N", "batch size", |p| &mut p.base.batch_size))
        .flag(F::number("--record-every", "N", "steps between records", |p| &mut p.base.record_every))
        .flag(F::number("--top-fraction", "X", "share of each user's test impressions ranked", |p| &mut p.base.top_fraction))
        .flag(threads_flag("runs trained at once", |p| &mut p.threads))
        .section("Sweep")
        .flag(F::on(
            "--sweep-weight",
            "also train the two-task model alone at each w of\n--sweep-weights, per run (its click/watch curve)",
            |p| p.sweep = Some(default_weights()),
        ))
        .flag(
            F::with("--sweep-weights", "LIST", "the sweep's weights", |p, v| {
                p.sweep_weights = Some(list(v)?);
                Ok(())
            })
            .shows_with(|_| sweep_weights_shown()),
        )
        .section("Output")
        .flag(F::switch(
            "--json",
            "per-model, per-seed final test metrics as JSON (each\nrun's `scenario` overrides the knobs in `config.data`)",
            |p| &mut p.json,
        ))
        .notes(NOTES)
}

/// The default sweep weights, shortened when they step evenly: `0,0.1,...,1`.
fn sweep_weights_shown() -> String {
    match default_weights()[..] {
        [a, b, .., z] => format!("{a},{b},...,{z}"),
        ref few => join(few),
    }
}

fn parse_args(args: &[OsString]) -> Result<Option<Plan>, String> {
    let Some(mut plan) = command().parse(args, Plan::new())? else { return Ok(None) };
    if let Some(weights) = plan.sweep_weights.take() {
        plan.sweep = Some(weights);
    }
    for s in scenarios(&plan) {
        config_for(&plan.base, s, 1).validate().map_err(|e| e.to_string())?;
    }
    if let Some(weights) = &plan.sweep {
        for &w in weights {
            let probe = WatchRaceConfig { click_weight: w, ..plan.base.clone() };
            probe.validate().map_err(|e| format!("--sweep-weights: {e}"))?;
        }
    }
    Ok(Some(plan))
}

fn scenarios(plan: &Plan) -> Vec<Scenario> {
    let mut out = Vec::new();
    for &appeal_quality_correlation in &plan.correlation {
        for &ctr in &plan.ctr {
            out.push(Scenario { appeal_quality_correlation, ctr });
        }
    }
    out
}

fn config_for(base: &WatchRaceConfig, s: Scenario, seed: u64) -> WatchRaceConfig {
    let mut c = base.clone();
    c.data.appeal_quality_correlation = s.appeal_quality_correlation;
    c.data.ctr = s.ctr;
    c.data.seed = seed;
    c
}

/// One model's final test metrics in one run.
#[derive(Serialize)]
struct ModelResult {
    model: WatchKind,
    ctr_auc: Option<f64>,
    top_watch_share: f64,
    top_click_share: f64,
    /// Weighted CE: mean(odds) / mean(E[T·click]).
    odds_ratio_to_watch: Option<f64>,
    /// Weighted CE: mean(odds) / mean(E[T·click]/(1 − P(click))).
    odds_ratio_to_optimum: Option<f64>,
    params: usize,
    final_train_loss: Option<f64>,
    diverged_at: Option<usize>,
}

/// What a watch-time run has beside its stats and models.
#[derive(Serialize)]
struct WatchParts {
    /// What rankings by the truth capture (the ceilings).
    reference: ReferenceShares,
    /// `--sweep-weight`: the two-task model alone at each w.
    sweep: Option<Vec<WeightPoint>>,
}

/// One (scenario, seed) run; its ms per step include the records.
type RunResult = WorldRun<Scenario, WatchStats, WatchParts, ModelResult>;

fn model_result(kind: WatchKind, m: &WatchMetrics, params: usize, loss: Option<f64>, diverged_at: Option<usize>) -> ModelResult {
    ModelResult {
        model: kind,
        ctr_auc: m.ctr_auc,
        top_watch_share: m.top_watch_share,
        top_click_share: m.top_click_share,
        odds_ratio_to_watch: m.odds.as_ref().map(|o| o.ratio_to_expected_watch),
        odds_ratio_to_optimum: m.odds.as_ref().map(|o| o.ratio_to_optimum),
        params,
        final_train_loss: loss,
        diverged_at,
    }
}

fn run_one(plan: &Plan, s: Scenario, seed: u64) -> Result<RunResult, String> {
    let config = config_for(&plan.base, s, seed);
    let mut clock = RunClock::start();
    let generated = WatchData::generate(&config.data).map_err(|e| e.to_string())?;
    let data = WatchStats { generation_ms: clock.generation_ms(), ..generated.stats.clone() };
    let reference = ReferenceShares::compute(&generated, config.top_fraction);
    let sweep_data = plan.sweep.as_ref().map(|_| generated.clone());
    let mut trainer = WatchTrainer::with_data(config.clone(), generated).map_err(|e| e.to_string())?;
    clock.training(|| trainer.run_to_end());
    let models = trainer
        .runs
        .iter()
        .map(|run| {
            let last = run.latest().expect("a record at the last step");
            model_result(run.kind, &last.metrics, run.num_params(), last.train_loss, run.diverged_at)
        })
        .collect();
    let sweep = match (&plan.sweep, sweep_data) {
        (Some(weights), Some(d)) => {
            let mut sweep = WeightSweep::with_data(config, d, weights.clone()).map_err(|e| e.to_string())?;
            Some(sweep.run_to_end().to_vec())
        }
        _ => None,
    };
    Ok(clock.run(s, seed, data, WatchParts { reference, sweep }, trainer.step_count(), models))
}

fn run_all(plan: &Plan) -> Result<Vec<RunResult>, String> {
    run_grid(scenarios(plan), &plan.seeds, plan.threads, plan.json, |s, seed| run_one(plan, s, seed))
}

fn pick(r: &RunResult, kind: WatchKind) -> Option<&ModelResult> {
    r.models.iter().find(|m| m.model == kind)
}

fn print_table(plan: &Plan, runs: &[RunResult]) {
    for s in scenarios(plan) {
        let these = runs_at(runs, &s);
        let stat = |f: &dyn Fn(&WatchStats) -> f64| median(these.iter().map(|r| f(&r.data)).collect());
        println!("\nappeal-quality correlation rho = {}, ctr = {}  ({} seeds, medians)", s.appeal_quality_correlation, s.ctr, these.len());
        println!(
            "  realised CTR {:.3}; {:.2} min watched per click; finish rate per click {:.3}; measured rho {:+.2}",
            stat(&|d| d.ctr),
            stat(&|d| d.watch_per_click),
            stat(&|d| d.finish_rate),
            stat(&|d| d.appeal_quality_pearson)
        );
        println!(
            "  rankings by the truth: P(click) captures {:.4} of the watch time; E[T*click]/(1-P) captures {:.4} (clicks {:.4})",
            median(these.iter().map(|r| r.world.reference.true_ctr_watch_share).collect()),
            median(these.iter().map(|r| r.world.reference.weighted_optimum_watch_share).collect()),
            median(these.iter().map(|r| r.world.reference.weighted_optimum_click_share).collect())
        );
        println!(
            "  {:<12} {:>8} {:>12} {:>12} {:>14} {:>14}",
            "model", "CTR AUC", "watch share", "click share", "odds/E[T*clk]", "odds/optimum"
        );
        for kind in &plan.base.models {
            let ms: Vec<&ModelResult> = these.iter().filter_map(|r| pick(r, *kind)).collect();
            let col = |f: &dyn Fn(&ModelResult) -> Option<f64>| {
                let v: Vec<f64> = ms.iter().filter_map(|m| f(m)).collect();
                if v.is_empty() {
                    "-".to_string()
                } else {
                    format!("{:.4}", median(v))
                }
            };
            println!(
                "  {:<12} {:>8} {:>12} {:>12} {:>14} {:>14}",
                kind.label(),
                col(&|m| m.ctr_auc),
                col(&|m| Some(m.top_watch_share)),
                col(&|m| Some(m.top_click_share)),
                col(&|m| m.odds_ratio_to_watch),
                col(&|m| m.odds_ratio_to_optimum)
            );
        }
        let pairs: Vec<(&ModelResult, &ModelResult)> =
            these.iter().filter_map(|r| Some((pick(r, WatchKind::WeightedCe)?, pick(r, WatchKind::Ctr)?))).collect();
        if !pairs.is_empty() {
            let watch_wins = pairs.iter().filter(|(w, c)| w.top_watch_share > c.top_watch_share).count();
            let click_wins = pairs.iter().filter(|(w, c)| c.top_click_share > w.top_click_share).count();
            let gap = median(pairs.iter().map(|(w, c)| w.top_watch_share - c.top_watch_share).collect());
            println!(
                "  weighted CE - CTR watch share: median {gap:+.4}, weighted CE higher in {watch_wins}/{n}; CTR's click share higher in {click_wins}/{n}",
                n = pairs.len()
            );
        }
        if let Some(weights) = &plan.sweep {
            println!("  two-task loss-weight sweep (medians): w, click share, watch share");
            for (k, w) in weights.iter().enumerate() {
                let at = |f: &dyn Fn(&WeightPoint) -> f64| {
                    median(these.iter().filter_map(|r| r.world.sweep.as_ref().and_then(|p| p.get(k)).map(f)).collect())
                };
                println!("    w = {w:<4} {:.4}  {:.4}", at(&|p| p.top_click_share), at(&|p| p.top_watch_share));
            }
        }
    }
    print_timing(&timings(runs, |d| d.generation_ms), plan.base.models.len(), plan.base.batch_size, "records included", "world");
}

/// Runs the `watch` subcommand on the arguments after it.
pub fn main(args: &[OsString]) -> ExitCode {
    let plan = match plan_or_exit(parse_args(args), || command().help(Plan::new()), "mtl-lab watch") {
        Ok(plan) => plan,
        Err(code) => return code,
    };
    report("mtl-lab watch", run_all(&plan), plan.json, &plan.base, |runs| print_table(&plan, runs))
}
