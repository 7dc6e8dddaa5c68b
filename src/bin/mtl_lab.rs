//! `mtl-lab`: the lab without the browser. Races the same models with the same
//! trainer as the page, over several seeds and task correlations, and prints a
//! table (or, with `--json`, every model's final metrics per seed).
//!
//! This is how a teacher checks a claim before class:
//! `mtl-lab --p 1,0.5,0 --models sb,omoe,mmoe --seeds 1-5 --steps 3000`.
//! The ESMM funnel lab is a subcommand: `mtl-lab funnel --seeds 1-10`; so is the
//! watch-time lab, `mtl-lab watch --seeds 1-10`, and so are the
//! sweeps that make the papers' figures: `mtl-lab sweep correlation --seeds 1-10`.

#[path = "mtl_lab/args.rs"]
mod args;
#[path = "mtl_lab/common.rs"]
mod common;
#[path = "mtl_lab/funnel.rs"]
mod funnel;
#[path = "mtl_lab/sweep.rs"]
mod sweep;
#[path = "mtl_lab/watch.rs"]
mod watch;

use args::{list, num, preset_named, presets_help, race_option, seeds};
use common::{mean_std, plan_or_exit, report, run_jobs};
use mtl_playground::models::Preset;
use mtl_playground::train::{Evaluation, LossWeighting};
use mtl_playground::{ModelKind, RaceConfig, Trainer};
use serde::Serialize;
use std::process::ExitCode;
use std::time::Instant;

const HELP_TEMPLATE: &str = "\
mtl-lab: race multi-task models on synthetic correlated tasks (MMoE paper §3.2)

USAGE: mtl-lab [OPTIONS]
       mtl-lab funnel [OPTIONS]   the ESMM click -> conversion lab (funnel --help)
       mtl-lab sweep KIND [OPTIONS]   loss-weight, trainability or correlation sweeps (sweep --help)
       mtl-lab watch [OPTIONS]    watch time: CTR vs weighted CE vs 0.3/0.7 loss weights (watch --help)

Scenario
  --p LIST              task correlations p = cos(w1, w2), e.g. 1,0.5,0   [0.5]
  --train N             training samples                                 [50000]
  --test N              test samples                                     [10000]
  --dim N               input dimension d                                [100]
  --sines N             sine terms m                                     [10]
  --noise S             label noise standard deviation                   [0.1]
Models (a size flag overrides the preset's size, whatever the order)
  --models LIST         any of single,sb,omoe,mmoe,cgc,ple  [single,sb,omoe,mmoe]
  --preset NAME         a named set of every size below (see Presets)    [{preset}]
  --experts N           OMoE/MMoE experts                                [preset]
  --expert-units N      units per expert (all gated models)              [preset]
  --task-experts N      CGC/PLE experts per task, per level              [preset]
  --shared-experts N    CGC/PLE shared experts, per level                [preset]
  --ple-levels N        PLE extraction levels (1 = CGC)                  [preset]
  --tower-units N       units per tower                                  [preset]
  --bottom-units N      Shared-Bottom units                              [preset]
  --single-units N      single-task first-layer units                    [preset]
Training
  --seeds LIST          seeds, e.g. 1-10 or 1,4,7                        [1]
  --init-seed N         fix the data seed, vary only this init seed      [none]
  --steps N             training steps                                   [3000]
  --switch STEP:P       at STEP, change p to P without a reset, as the guided
                        labs do mid-run; `before_switch` holds the metrics
                        just before it (test loss on the whole test set)  [none]
  --lr X                Adam learning rate                               [0.003]
  --batch N             batch size                                       [256]
  --weights A,B         loss weights of task A and task B                [1,1]
                        (GradNorm starts from them, rescaled to sum 2)
  --weighting W         fixed, uncertainty or gradnorm                   [fixed]
  --alpha A             GradNorm's restoring force α, in [0, 5]          [1.5]
  --gradnorm-lr X       Adam learning rate of GradNorm's weights         [0.01]
  --record-every N      steps between recorded metrics                   [100]
  --threads N           seeds trained at once                            [cores]
Output
  --json                per-model, per-seed final metrics as JSON
  -h, --help            this text

Losses are test MSE on the whole test set. MTL gain follows PLE Eq. 11 for a
loss: L_single - L_model (positive = sharing helped); it needs `single`.
Weights wA, wB are each model's final weights on the task losses (uncertainty:
0.5·exp(-s_k)). Under GradNorm, `gap` is the mean relative gap |G_i - target_i| /
target_i of the weighted gradient norms on the last shared layer, over the
records after the first quarter of the steps (warm-up); single-task networks
share no layer and keep fixed weights.
";

/// The main command's help, with the presets' sizes read from the core.
fn help() -> String {
    HELP_TEMPLATE.replace("{preset}", Preset::DEFAULT.id()) + &presets_help()
}

/// What one invocation runs: every (p, seed) pair with one base config.
struct Plan {
    base: RaceConfig,
    correlations: Vec<f64>,
    seeds: Vec<u64>,
    steps: usize,
    /// Change p to `.1` at step `.0`, mid-run.
    switch: Option<(usize, f64)>,
    threads: usize,
    json: bool,
}

fn parse_args(args: &[String]) -> Result<Option<Plan>, String> {
    let mut plan = Plan {
        base: RaceConfig { record_every: 100, ..RaceConfig::default() },
        correlations: vec![RaceConfig::default().data.task_correlation],
        seeds: vec![1],
        steps: 3000,
        switch: None,
        threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
        json: false,
    };
    if let Some(preset) = preset_named(args)? {
        plan.base.sizes = preset.sizes();
    }
    let (mut weighting, mut alpha, mut gradnorm_lr) = (None::<String>, None, None);
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{flag} needs a value"));
        let c = &mut plan.base;
        match flag.as_str() {
            "-h" | "--help" => return Ok(None),
            "--json" => plan.json = true,
            "--p" => plan.correlations = list(value()?, flag)?,
            "--seeds" => plan.seeds = seeds(value()?)?,
            "--init-seed" => c.init_seed = Some(num(value()?, flag)?),
            "--steps" => plan.steps = num(value()?, flag)?,
            "--switch" => plan.switch = Some(switch(value()?)?),
            "--weights" => c.loss_weights = list(value()?, flag)?,
            "--weighting" => weighting = Some(value()?.trim().to_ascii_lowercase().replace(['-', '_'], "")),
            "--alpha" => alpha = Some(num(value()?, flag)?),
            "--gradnorm-lr" => gradnorm_lr = Some(num(value()?, flag)?),
            "--threads" => plan.threads = num::<usize>(value()?, flag)?.max(1),
            other => {
                if !race_option(c, other, value)? {
                    return Err(format!("unknown option `{other}` (see --help)"));
                }
            }
        }
    }
    plan.base.weighting = match weighting.as_deref().unwrap_or("fixed") {
        "gradnorm" => LossWeighting::GradNorm {
            alpha: alpha.unwrap_or(1.5),
            lr: gradnorm_lr.unwrap_or(mtl_playground::train::weighting::GRAD_NORM_LR),
        },
        "fixed" | "uncertainty" if alpha.is_some() || gradnorm_lr.is_some() => {
            return Err("--alpha and --gradnorm-lr apply to --weighting gradnorm only".into())
        }
        "fixed" => LossWeighting::Fixed,
        "uncertainty" => LossWeighting::Uncertainty,
        other => return Err(format!("--weighting: `{other}` is not fixed, uncertainty or gradnorm")),
    };
    if let Some((step, p)) = plan.switch {
        if step == 0 || step >= plan.steps {
            return Err(format!("--switch: step {step} is not inside the run's 1..{} steps", plan.steps));
        }
        plan.correlations.push(p); // validated below with the others, then removed
    }
    for &p in &plan.correlations {
        let mut probe = plan.base.clone();
        probe.data.task_correlation = p;
        probe.validate().map_err(|e| e.to_string())?;
    }
    if plan.switch.is_some() {
        plan.correlations.pop();
    }
    Ok(Some(plan))
}

/// `STEP:P`, e.g. `1500:0`.
fn switch(s: &str) -> Result<(usize, f64), String> {
    let (step, p) = s.split_once(':').ok_or_else(|| format!("--switch: `{s}` is not STEP:P"))?;
    Ok((num(step, "--switch")?, num(p, "--switch")?))
}

/// One model's final metrics in one run.
#[derive(Serialize)]
struct ModelResult {
    model: ModelKind,
    params: usize,
    /// Per-task test MSE on the whole test set.
    test_loss: Vec<f64>,
    /// Per-task MSE on the training subset of the last record.
    train_loss: Vec<f64>,
    /// L_single − L_model per task, when the single-task baselines raced.
    mtl_gain: Option<Vec<f64>>,
    gates: Option<mtl_playground::models::GateStats>,
    /// Mean cosine between the tasks' shared gradients over the records.
    grad_cosine_mean: Option<f64>,
    /// The strategy this model followed (fixed for single-task under GradNorm).
    weighting: LossWeighting,
    /// The weight on each task's loss at the last record.
    final_weights: Vec<f64>,
    /// σ_k² at the last record, under uncertainty weighting.
    sigma2: Option<Vec<f64>>,
    /// Under GradNorm, after warm-up (the first quarter of the steps).
    grad_norm: Option<GapStats>,
    diverged_at: Option<usize>,
    /// Under `--switch`: the per-task test loss and gate statistics just before
    /// p changed.
    before_switch: Option<Evaluation>,
}

/// How close GradNorm keeps `G_i` to its target `Ḡ·r_i^α` after warm-up.
#[derive(Serialize)]
struct GapStats {
    /// Mean over records and tasks of |G_i − target_i| / target_i.
    mean_relative_gap: f64,
    /// The same per task.
    mean_relative_gap_per_task: Vec<f64>,
    /// Share of (record, task) pairs with a relative gap below 10 %.
    within_10_percent: f64,
    /// |mean G_i − mean target_i| / mean target_i over the same records, averaged
    /// over tasks: whether G_i follows its target on average, batch noise aside.
    gap_of_means: f64,
    /// Records averaged.
    records: usize,
}

/// GradNorm's gap statistics over the records after `warmup` steps.
fn gap_stats(history: &[mtl_playground::train::Snapshot], warmup: usize) -> Option<GapStats> {
    let records: Vec<_> = history.iter().filter(|s| s.step > warmup).filter_map(|s| s.grad_norm.as_ref()).collect();
    let tasks = records.first()?.targets.len();
    let gap = |r: &mtl_playground::train::GradNormRecord, k: usize| (r.grad_norms[k] - r.targets[k]).abs() / r.targets[k];
    let n = records.len() as f64;
    let per_task: Vec<f64> = (0..tasks).map(|k| records.iter().map(|r| gap(r, k)).sum::<f64>() / n).collect();
    let within = records.iter().flat_map(|r| (0..tasks).map(move |k| gap(r, k))).filter(|g| *g < 0.1).count();
    let mean = |f: &dyn Fn(&mtl_playground::train::GradNormRecord) -> f64| records.iter().map(|r| f(r)).sum::<f64>() / n;
    let gap_of_means = (0..tasks)
        .map(|k| {
            let (g, t) = (mean(&|r| r.grad_norms[k]), mean(&|r| r.targets[k]));
            (g - t).abs() / t
        })
        .sum::<f64>()
        / tasks as f64;
    Some(GapStats {
        gap_of_means,
        mean_relative_gap: per_task.iter().sum::<f64>() / tasks as f64,
        mean_relative_gap_per_task: per_task,
        within_10_percent: within as f64 / (n * tasks as f64),
        records: records.len(),
    })
}

/// One (p, seed) run.
#[derive(Serialize)]
struct RunResult {
    task_correlation: f64,
    seed: u64,
    init_seed: Option<u64>,
    label_pearson: f64,
    steps: usize,
    /// `--switch`: the step and the p the run changed to.
    switch: Option<(usize, f64)>,
    seconds: f64,
    models: Vec<ModelResult>,
}

fn run_one(base: &RaceConfig, p: f64, seed: u64, steps: usize, switch: Option<(usize, f64)>) -> Result<RunResult, String> {
    let mut config = base.clone();
    config.data.task_correlation = p;
    config.data.seed = seed;
    let start = Instant::now();
    let mut trainer = Trainer::new(config).map_err(|e| e.to_string())?;
    let mut before_switch = None;
    if let Some((at, p_after)) = switch {
        trainer.run(at);
        before_switch = Some(trainer.evaluate_test());
        trainer.set_task_correlation(p_after).map_err(|e| e.to_string())?;
    }
    trainer.run(steps - trainer.step_count());
    let finals: Vec<Evaluation> = trainer.evaluate_test();
    let single = trainer.runs.iter().position(|r| r.kind == ModelKind::Single).map(|i| finals[i].loss.clone());
    let mut before: Vec<Option<Evaluation>> = match before_switch {
        Some(evals) => evals.into_iter().map(Some).collect(),
        None => vec![None; trainer.runs.len()],
    };
    let models = trainer
        .runs
        .iter()
        .zip(finals)
        .zip(before.iter_mut())
        .map(|((run, eval), before)| {
            let cosines: Vec<f64> = run.history.iter().filter_map(|s| s.grad_cosine).collect();
            ModelResult {
                model: run.kind,
                params: run.num_params(),
                mtl_gain: single
                    .as_ref()
                    .filter(|_| run.kind != ModelKind::Single)
                    .map(|base| base.iter().zip(&eval.loss).map(|(b, l)| b - l).collect()),
                test_loss: eval.loss,
                train_loss: run.latest().map(|s| s.train_loss.clone()).unwrap_or_default(),
                gates: eval.gates,
                grad_cosine_mean: (!cosines.is_empty()).then(|| cosines.iter().sum::<f64>() / cosines.len() as f64),
                weighting: run.latest().map_or(LossWeighting::Fixed, |s| s.weighting),
                final_weights: run.latest().map(|s| s.loss_weights.clone()).unwrap_or_default(),
                sigma2: run.latest().and_then(|s| s.uncertainty.as_ref()).map(|u| u.sigma2.clone()),
                grad_norm: gap_stats(&run.history, steps / 4),
                diverged_at: run.diverged_at,
                before_switch: before.take(),
            }
        })
        .collect();
    Ok(RunResult {
        task_correlation: p,
        seed,
        init_seed: base.init_seed,
        label_pearson: trainer.data().label_pearson,
        steps,
        switch,
        seconds: start.elapsed().as_secs_f64(),
        models,
    })
}

/// Runs every (p, seed) pair on `threads` threads; results in plan order.
fn run_all(plan: &Plan) -> Result<Vec<RunResult>, String> {
    let jobs: Vec<(f64, u64)> = plan.correlations.iter().flat_map(|&p| plan.seeds.iter().map(move |&s| (p, s))).collect();
    let run = |&(p, seed): &(f64, u64)| run_one(&plan.base, p, seed, plan.steps, plan.switch);
    let done = |&(p, seed): &(f64, u64)| {
        if !plan.json {
            eprintln!("  done: p = {p}, seed {seed}");
        }
    };
    run_jobs(&jobs, plan.threads, run, done).into_iter().collect()
}

fn fmt_opt(v: Option<f64>, digits: usize) -> String {
    v.map_or_else(|| "-".into(), |v| format!("{v:.digits$}"))
}

fn print_table(plan: &Plan, runs: &[RunResult]) {
    println!(
        "{:>5} {:>5} {:>7}  {:<14} {:>9} {:>9} {:>9} {:>8} {:>8} {:>7} {:>7} {:>7} {:>6} {:>6} {:>6}",
        "p", "seed", "pearson", "model", "loss A", "loss B", "mean", "gain A", "gain B", "gateJS", "H bits", "cos", "wA", "wB", "gap"
    );
    for run in runs {
        for m in &run.models {
            let gain = |k: usize| fmt_opt(m.mtl_gain.as_ref().map(|g| g[k]), 4);
            let status = m.diverged_at.map_or(String::new(), |s| format!("  diverged at step {s}"));
            let weight = |k: usize| fmt_opt(m.final_weights.get(k).copied(), 3);
            println!(
                "{:>5} {:>5} {:>7.3}  {:<14} {:>9.4} {:>9.4} {:>9.4} {:>8} {:>8} {:>7} {:>7} {:>7} {:>6} {:>6} {:>6}{}",
                run.task_correlation,
                run.seed,
                run.label_pearson,
                m.model.label(),
                m.test_loss[0],
                m.test_loss[1],
                (m.test_loss[0] + m.test_loss[1]) / 2.0,
                gain(0),
                gain(1),
                fmt_opt(m.gates.as_ref().map(|g| g.js_distance), 3),
                fmt_opt(m.gates.as_ref().map(|g| g.entropy_bits), 2),
                fmt_opt(m.grad_cosine_mean, 3),
                weight(0),
                weight(1),
                fmt_opt(m.grad_norm.as_ref().map(|g| g.mean_relative_gap), 3),
                status
            );
        }
    }
    if plan.seeds.len() > 1 {
        println!("\nAcross {} seeds (mean ± std of the mean test loss over both tasks):", plan.seeds.len());
        for &p in &plan.correlations {
            for kind in &plan.base.models {
                let losses: Vec<f64> = runs
                    .iter()
                    .filter(|r| r.task_correlation == p)
                    .flat_map(|r| r.models.iter().filter(|m| m.model == *kind))
                    .filter(|m| m.diverged_at.is_none())
                    .map(|m| (m.test_loss[0] + m.test_loss[1]) / 2.0)
                    .collect();
                let (mean, std) = mean_std(&losses);
                let gaps: Vec<f64> = runs
                    .iter()
                    .filter(|r| r.task_correlation == p)
                    .flat_map(|r| r.models.iter().filter(|m| m.model == *kind))
                    .filter_map(|m| m.grad_norm.as_ref().map(|g| g.mean_relative_gap))
                    .collect();
                let gap = if gaps.is_empty() {
                    String::new()
                } else {
                    let (g, gs) = mean_std(&gaps);
                    format!("  GradNorm gap {g:.3} ± {gs:.3}")
                };
                println!("  p = {p:<5} {:<14} {mean:.4} ± {std:.4}  ({} runs){gap}", kind.label(), losses.len());
            }
        }
    }
    let secs: f64 = runs.iter().map(|r| r.seconds).sum();
    println!("\n{} runs of {} steps; {:.1} s of training in all.", runs.len(), plan.steps, secs);
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("funnel") {
        return funnel::main(&args[1..]);
    }
    if args.first().map(String::as_str) == Some("sweep") {
        return sweep::main(&args[1..]);
    }
    if args.first().map(String::as_str) == Some("watch") {
        return watch::main(&args[1..]);
    }
    let plan = match plan_or_exit(parse_args(&args), &help(), "mtl-lab") {
        Ok(plan) => plan,
        Err(code) => return code,
    };
    report("mtl-lab", run_all(&plan), plan.json, &plan.base, |runs| print_table(&plan, runs))
}
