//! What the main command runs: every (p, seed) pair of a [`Plan`] on a few
//! threads, each run's final metrics, and the table of them.

use crate::common::{mean_std, run_grid};
use mtl_playground::train::{Evaluation, LossWeighting};
use mtl_playground::{ModelKind, RaceConfig, Trainer};
use serde::Serialize;
use std::time::Instant;

/// What one invocation runs: every (p, seed) pair with one base config.
pub struct Plan {
    pub base: RaceConfig,
    pub correlations: Vec<f64>,
    pub seeds: Vec<u64>,
    pub steps: usize,
    /// Change p to `.1` at step `.0`, mid-run.
    pub switch: Option<(usize, f64)>,
    pub threads: usize,
    pub json: bool,
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
pub struct RunResult {
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
pub fn run_all(plan: &Plan) -> Result<Vec<RunResult>, String> {
    run_grid(plan.correlations.clone(), &plan.seeds, plan.threads, plan.json, |p, seed| {
        run_one(&plan.base, p, seed, plan.steps, plan.switch)
    })
}

fn fmt_opt(v: Option<f64>, digits: usize) -> String {
    v.map_or_else(|| "-".into(), |v| format!("{v:.digits$}"))
}

pub fn print_table(plan: &Plan, runs: &[RunResult]) {
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
