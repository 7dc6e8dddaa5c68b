//! `mtl-lab sweep`: the page's three sweeps from the terminal, with the same
//! jobs and the same results (each job runs from scratch on a thread; the page
//! runs them in order and reuses the data, which gives the same numbers).

use super::args::{list, num, preset_named, presets_help, race_option, seeds};
use super::common::{plan_or_exit, run_jobs};
use mtl_playground::models::Preset;
use mtl_playground::train::sweep::summary::{summarise, Spread, SweepSummary};
use mtl_playground::train::sweep::{run_job, JobResult, SweepConfig, SweepJob, SweepKind, SweepResults};
use serde::Serialize;
use std::process::ExitCode;
use std::time::Instant;

const HELP_TEMPLATE: &str = "\
mtl-lab sweep: the lab's sweeps (the figures of the MMoE paper and the seesaw)

USAGE: mtl-lab sweep loss-weight|trainability|correlation [OPTIONS]

Kinds
  loss-weight    each model at --points fixed loss weights from task A only (1,0)
                 to task B only (0,1): its trade-off curve (the seesaw)
  trainability   data fixed (one seed), --inits initialisations per model: the
                 spread of the final loss (MMoE paper Fig. 5)
  correlation    final loss against p, as same-seed ratios to p = 1, and MMoE's
                 gate JS distance (MMoE paper Fig. 4)

Sweep (defaults are the page's)
  --p LIST              correlation: the p values (must include 1)  [1,0.5,0]
                        loss-weight, trainability: one p            [0.5]
  --seeds LIST          data seeds, e.g. 1-10 (trainability: exactly one)
                                                 [correlation 1-10, others 1]
  --points N            loss-weight: weight settings                     [11]
  --inits N             trainability: init seeds 1..=N                   [10]
  --steps N             training steps per job
                                 [correlation: the preset's ({steps}), others 1200]
Race (as the main command)
  --models LIST         any of single,sb,omoe,mmoe,cgc,ple               [sb,omoe,mmoe]
  --train N / --test N  training / test samples                 [50000/5000]
  --dim N / --sines N / --noise S                               [100/10/0.1]
  --preset NAME         a named set of every size below (see Presets)    [{preset}]
                        (a size flag overrides the preset's size)
  --experts N / --expert-units N / --tower-units N              [preset]
  --bottom-units N / --single-units N                           [preset]
  --task-experts N / --shared-experts N / --ple-levels N        [preset]
  --lr X                Adam learning rate                               [0.003]
  --batch N             batch size                                       [256]
  --record-every N      steps between records (not used by the results)  [500]
  --threads N           jobs trained at once                             [cores]
Output
  --json                {config, kind, done, total, jobs, summary} as JSON
  -h, --help            this text

Losses are test MSE on the whole test set; a job's `mean` is the mean of the two
tasks'. The correlation table gives, per model and p, the paired ratio to p = 1
(median over seeds, min-max, and in how many seeds it is above 1) and, for gated
models, the gate JS distance and its paired ratio to p = 1; then in how many seeds
one model's ratio exceeds another's. The capacity lesson (docs/mtl-findings.md,
\"Presets\") was measured with
  mtl-lab sweep correlation --preset narrow --p 1,0 --seeds 1-10 --steps 3000
";

fn help() -> String {
    let steps: Vec<String> = Preset::ALL.iter().map(|p| format!("{} {}", p.id(), p.sweep_steps())).collect();
    HELP_TEMPLATE.replace("{preset}", Preset::DEFAULT.id()).replace("{steps}", &steps.join(", ")) + &presets_help()
}

struct Plan {
    config: SweepConfig,
    threads: usize,
    json: bool,
}

fn parse_args(args: &[String]) -> Result<Option<Plan>, String> {
    if args.iter().any(|a| a == "-h" || a == "--help") {
        return Ok(None);
    }
    let Some(kind) = args.first() else { return Err("name a sweep: loss-weight, trainability or correlation".into()) };
    let kind: SweepKind = kind.parse().map_err(|e: mtl_playground::Error| e.to_string())?;
    let mut config = SweepConfig::for_preset(kind, preset_named(args)?.unwrap_or(Preset::DEFAULT));
    let (mut threads, mut json) = (std::thread::available_parallelism().map_or(1, |n| n.get()), false);
    let mut it = args[1..].iter();
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--json" => json = true,
            "--p" => {
                let ps: Vec<f64> = list(value()?, flag)?;
                if kind == SweepKind::Correlation {
                    config.correlations = ps;
                } else if let [p] = ps[..] {
                    config.base.data.task_correlation = p;
                } else {
                    return Err(format!("--p: a {} sweep takes one p", kind.id()));
                }
            }
            "--seeds" => config.seeds = seeds(value()?)?,
            "--points" => config.points = num(value()?, flag)?,
            "--inits" => config.inits = num(value()?, flag)?,
            "--steps" => config.steps = num(value()?, flag)?,
            "--threads" => threads = num::<usize>(value()?, flag)?.max(1),
            other => {
                if !race_option(&mut config.base, other, value)? {
                    return Err(format!("unknown option `{other}` (see sweep --help)"));
                }
            }
        }
    }
    config.validate().map_err(|e| e.to_string())?;
    Ok(Some(Plan { config, threads, json }))
}

#[derive(Serialize)]
struct Output<'a> {
    config: &'a SweepConfig,
    #[serde(flatten)]
    results: &'a SweepResults,
    seconds: f64,
}

pub fn main(args: &[String]) -> ExitCode {
    let plan = match plan_or_exit(parse_args(args), &help(), "mtl-lab sweep") {
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
        match serde_json::to_string_pretty(&Output { config, results: &results, seconds }) {
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
    }
}
