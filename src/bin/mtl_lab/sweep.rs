//! `mtl-lab sweep`: the page's four sweeps from the terminal, with the same
//! jobs and the same results (each job runs from scratch on a thread; the page
//! runs them in order and reuses the data, which gives the same numbers).

use crate::args::{
    data_flags, models_flag, preset_flag, presets_help, seeds_flag, seeds_shown, size_flags, threads_flag, training_flags, Race,
};
use crate::common::{all_cores, plan_or_exit, run_jobs};
use crate::flags::{join, list, Command, Flag};
use crate::sweep_transfer::print_transfer;
use mtl_playground::models::Preset;
use mtl_playground::train::sweep::summary::{summarise, Spread, SweepSummary};
use mtl_playground::train::sweep::{run_job, JobResult, SweepConfig, SweepJob, SweepKind, SweepResults};
use mtl_playground::RaceConfig;
use serde::Serialize;
use std::ffi::OsString;
use std::process::ExitCode;
use std::time::Instant;

const HEAD: &str = "\
mtl-lab sweep: the lab's sweeps (the figures of the MMoE paper and the loss-weight trade-off)

USAGE: mtl-lab sweep loss-weight|trainability|correlation|transfer [OPTIONS]

Flags take their value as `--flag VALUE` or `--flag=VALUE`.

Kinds
  loss-weight    each model at --points fixed loss weights from task A only (1,0)
                 to task B only (0,1): its trade-off curve (取舍)
  trainability   data fixed (one seed), --inits initialisations per model: the
                 spread of the final loss (MMoE paper Fig. 5)
  correlation    final loss against p, as same-seed ratios to p = 1, and MMoE's
                 gate JS distance (MMoE paper Fig. 4)
  transfer       per seed, p and model: positive transfer (both tasks better than
                 the same seed's single-task networks), seesaw (one better, one
                 worse), negative transfer (both worse), unclear (a task within
                 --margin) or failed (a training failed: not transfer); the
                 single-task networks always train
";

const NOTES: &str = "\
Losses are test MSE on the whole test set; a job's `mean` is the mean of the two
tasks'. The results do not use the records (--record-every). The correlation
table gives, per model and p, the paired ratio to p = 1 (median over seeds,
min-max, and in how many seeds it is above 1) and, for gated models, the gate JS
distance and its paired ratio to p = 1; then in how many seeds one model's ratio
exceeds another's. The transfer table counts, per model and p, the seeds in
each class, then lists the failed entries and which network failed. The
capacity lesson (docs/mtl-findings.md, \"Presets\") was
measured with
  mtl-lab sweep correlation --preset narrow --p 1,0 --seeds 1-10 --steps 3000
";

struct Plan {
    config: SweepConfig,
    threads: usize,
    json: bool,
}

impl Plan {
    /// The plan of a `kind` sweep before any flag: the page's defaults.
    fn new(kind: SweepKind) -> Self {
        let threads = all_cores();
        Plan { config: SweepConfig::for_preset(kind, Preset::DEFAULT), threads, json: false }
    }
}

impl Race for Plan {
    fn race(&mut self) -> &mut RaceConfig {
        &mut self.config.base
    }
}

type F = Flag<Plan>;

/// Every flag of `mtl-lab sweep`, in the help's order. The defaults that
/// differ by kind are spelt out; the others are read from a sweep's config.
fn command() -> Command<Plan> {
    Command::new("mtl-lab sweep", HEAD)
        .section("Sweep (defaults are the page's)")
        .flag(
            F::with(
                "--p",
                "LIST",
                "correlation: the p values (must include 1);\ntransfer: the p values (1 always runs);\nloss-weight, trainability: one p",
                |plan, v| {
                    let ps: Vec<f64> = list(v)?;
                    let config = &mut plan.config;
                    if matches!(config.kind, SweepKind::Correlation | SweepKind::Transfer) {
                        config.correlations = ps;
                    } else if let [p] = ps[..] {
                        config.base.data.task_correlation = p;
                    } else {
                        return Err(format!("a {} sweep takes one p", config.kind.id()));
                    }
                    Ok(())
                },
            )
            .shows_with(|_| {
                let (correlation, others) = (default(SweepKind::Correlation), default(SweepKind::Trainability));
                format!("correlation, transfer {}, others {}", join(&correlation.correlations), others.base.data.task_correlation)
            }),
        )
        .flag(seeds_flag::<Plan>("data seeds, e.g. 1-10 (trainability: exactly one)", |plan| &mut plan.config.seeds).shows_with(|_| {
            let (correlation, others) = (default(SweepKind::Correlation).seeds, default(SweepKind::Trainability).seeds);
            format!("correlation, transfer {}, others {}", seeds_shown(&correlation), seeds_shown(&others))
        }))
        .flag(F::number("--points", "N", "loss-weight: weight settings", |plan| &mut plan.config.points))
        .flag(F::number("--inits", "N", "trainability: init seeds 1..=N", |plan| &mut plan.config.inits))
        .flag(F::number("--steps", "N", "training steps per job", |plan| &mut plan.config.steps).shows_with(|_| {
            let steps: Vec<String> = Preset::ALL.iter().map(|p| format!("{} {}", p.id(), p.sweep_steps())).collect();
            format!("correlation, transfer: the preset's ({}), others {}", steps.join(", "), default(SweepKind::LossWeight).steps)
        }))
        .flag(F::number(
            "--margin",
            "M",
            "transfer: a task is better (worse) than single-task\nbeyond ±M of its loss; in [0, 0.05]",
            |plan| &mut plan.config.margin,
        ))
        .section("Race (as the main command)")
        .flag(models_flag())
        .flags(data_flags())
        .flag(preset_flag("a named set of every size below (see Presets)\n(a size flag overrides the preset's size)", |plan, preset| {
            plan.config = SweepConfig::for_preset(plan.config.kind, preset)
        }))
        .flags(size_flags())
        .flags(training_flags())
        .flag(threads_flag("jobs trained at once", |plan| &mut plan.threads))
        .section("Output")
        .flag(F::switch("--json", "{config, kind, done, total, jobs, summary} as JSON", |plan| &mut plan.json))
        .notes(NOTES.to_string() + &presets_help())
}

/// A `kind` sweep's config before any flag.
fn default(kind: SweepKind) -> SweepConfig {
    SweepConfig::for_preset(kind, Preset::DEFAULT)
}

/// The kind is the first argument; the help wins over a missing or unknown
/// kind, wherever `--help` stands.
fn parse_args(args: &[OsString]) -> Result<Option<Plan>, String> {
    let named = args.first().and_then(|a| a.to_str()).filter(|a| !a.starts_with('-'));
    let kind: Result<SweepKind, String> = match named {
        Some(name) => name.parse().map_err(|e: mtl_playground::Error| e.to_string()),
        None => Err("name a sweep: loss-weight, trainability, correlation or transfer".into()),
    };
    let rest = if named.is_some() { &args[1..] } else { args };
    let plan = Plan::new(kind.clone().unwrap_or(SweepKind::Correlation));
    let Some(plan) = command().parse(rest, plan)? else { return Ok(None) };
    kind?;
    plan.config.validate().map_err(|e| e.to_string())?;
    Ok(Some(plan))
}

#[derive(Serialize)]
struct Output<'a> {
    config: &'a SweepConfig,
    #[serde(flatten)]
    results: &'a SweepResults,
    seconds: f64,
}

/// The transfer sweep's JSON: its summary's fields (`kind`, `margin`,
/// `failure_rule`, `entries`, `counts`) at the top level, beside the config.
#[derive(Serialize)]
struct TransferOutput<'a> {
    config: &'a SweepConfig,
    done: usize,
    total: usize,
    #[serde(flatten)]
    summary: &'a SweepSummary,
    seconds: f64,
}

/// Runs the `sweep` subcommand on the arguments after it.
pub fn main(args: &[OsString]) -> ExitCode {
    let plan = match plan_or_exit(parse_args(args), || command().help(Plan::new(SweepKind::Correlation)), "mtl-lab sweep") {
        Ok(plan) => plan,
        Err(code) => return code,
    };
    let config = &plan.config;
    let jobs = config.jobs();
    let start = Instant::now();
    let done = |job: &SweepJob| {
        if !plan.json {
            eprintln!("  done: seed {}, p = {}, weights {:?}, init {:?}", job.seed, job.task_correlation, job.loss_weights, job.init_seed);
        }
    };
    let results: Result<Vec<JobResult>, _> = run_jobs(&jobs, plan.threads, |job| run_job(config, job), done).into_iter().collect();
    let jobs = match results {
        Ok(jobs) => jobs,
        Err(e) => {
            eprintln!("mtl-lab sweep: {e}");
            return ExitCode::FAILURE;
        }
    };
    let results = SweepResults { kind: config.kind, done: jobs.len(), total: jobs.len(), summary: summarise(config, &jobs), jobs };
    let seconds = start.elapsed().as_secs_f64();
    if plan.json {
        let text = if config.kind == SweepKind::Transfer {
            let (done, total, summary) = (results.done, results.total, &results.summary);
            serde_json::to_string_pretty(&TransferOutput { config, done, total, summary, seconds })
        } else {
            serde_json::to_string_pretty(&Output { config, results: &results, seconds })
        };
        match text {
            Ok(text) => println!("{text}"),
            Err(e) => {
                eprintln!("mtl-lab sweep: {e}");
                return ExitCode::FAILURE;
            }
        }
    } else {
        print_table(&results.summary);
        println!("\n{} jobs of {} steps in {seconds:.1} s on {} threads.", results.total, config.steps, plan.threads);
    }
    ExitCode::SUCCESS
}

fn pm(s: &Spread) -> String {
    format!("{:.4} ± {:.4}", s.mean, s.std)
}

fn opt(s: Option<&Spread>, f: impl Fn(&Spread) -> String) -> String {
    s.map_or_else(|| "-".into(), f)
}

fn print_table(summary: &SweepSummary) {
    match summary {
        SweepSummary::LossWeight { curves } => {
            println!("{:<14} {:>5} {:>5}  {:>17}  {:>17}  {:>5}", "model", "wA", "wB", "loss A", "loss B", "seeds");
            for c in curves {
                for p in &c.points {
                    let (a, b) = (p.loss_weights[0], p.loss_weights[1]);
                    println!("{:<14} {a:>5.2} {b:>5.2}  {:>17}  {:>17}  {:>5}", c.model.label(), pm(&p.loss_a), pm(&p.loss_b), p.loss_a.n);
                }
            }
        }
        SweepSummary::Trainability { data_seed, task_correlation, models } => {
            println!("Data fixed (seed {data_seed}, p = {task_correlation}); final test loss (mean of the tasks) over initialisations:");
            println!(
                "{:<14} {:>8} {:>8} {:>8} {:>8} {:>5}  {:>8} {:>8}",
                "model", "mean", "std", "min", "max", "inits", "A mean", "B mean"
            );
            for m in models {
                let s = &m.mean_loss;
                println!(
                    "{:<14} {:>8.4} {:>8.4} {:>8.4} {:>8.4} {:>5}  {:>8.4} {:>8.4}",
                    m.model.label(),
                    s.mean,
                    s.std,
                    s.min,
                    s.max,
                    s.n,
                    m.loss_a.mean,
                    m.loss_b.mean
                );
            }
            if let Some(last) = models.last().filter(|l| l.mean_loss.std > 0.0) {
                for m in &models[..models.len() - 1] {
                    println!("  std of {} / std of {}: {:.2}", m.model.label(), last.model.label(), m.mean_loss.std / last.mean_loss.std);
                }
            }
        }
        SweepSummary::Correlation { models, pairs } => {
            println!(
                "{:<14} {:>5}  {:>17}  {:>7} {:>15} {:>6}  {:>7} {:>7} {:>15}",
                "model", "p", "loss (mean ± std)", "ratio", "min–max", ">1", "gateJS", "JS ×", "min–max"
            );
            for c in models {
                for p in &c.points {
                    let range = |s: &Spread| format!("{:.3}–{:.3}", s.min, s.max);
                    let ratio = p.ratio.as_ref();
                    println!(
                        "{:<14} {:>5}  {:>17}  {:>7} {:>15} {:>6}  {:>7} {:>7} {:>15}",
                        c.model.label(),
                        p.task_correlation,
                        pm(&p.loss),
                        opt(ratio, |s| format!("{:.3}", s.median)),
                        opt(ratio, range),
                        ratio.map_or_else(|| "-".into(), |s| format!("{}/{}", p.ratio_above_one, s.n)),
                        opt(p.gate_js.as_ref(), |s| format!("{:.3}", s.median)),
                        opt(p.gate_js_ratio.as_ref(), |s| format!("{:.2}", s.median)),
                        opt(p.gate_js_ratio.as_ref(), |s| format!("{:.2}–{:.2}", s.min, s.max)),
                    );
                }
            }
            println!("\nratio: loss at p ÷ the same seed's loss at p = 1 (median over seeds); >1: seeds above 1.");
            for pair in pairs {
                println!(
                    "  p = {:<5} {}'s ratio > {}'s in {}/{} seeds",
                    pair.task_correlation,
                    pair.model_a.label(),
                    pair.model_b.label(),
                    pair.a_higher,
                    pair.seeds
                );
            }
        }
        SweepSummary::Transfer { margin, failure_rule, entries, counts } => print_transfer(*margin, failure_rule, entries, counts),
    }
}
