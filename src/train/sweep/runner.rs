//! Running one job of a sweep: [`run_job`] runs it from scratch (the CLI's
//! threads) and gives its [`JobResult`]; [`job_groups`] and [`split_jobs`] deal
//! jobs to workers. The page's step-at-a-time runner is `book::Sweep`.

use super::config::{SweepConfig, SweepJob};
use crate::error::Result;
use crate::models::ModelKind;
use crate::train::Trainer;
use serde::{Deserialize, Serialize};

/// One model's final metrics in one job.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ModelOutcome {
    pub model: ModelKind,
    /// Per-task MSE on the whole test set.
    pub test_loss: Vec<f64>,
    /// The mean of the tasks' test MSE.
    pub mean_loss: f64,
    /// Mean per-sample Jensen–Shannon distance between the tasks' gates on the
    /// test set, for models with a gate per task (MMoE, CGC, PLE).
    pub gate_js: Option<f64>,
    pub diverged_at: Option<usize>,
}

impl ModelOutcome {
    /// Finite and not diverged: a result the summaries count.
    pub fn usable(&self) -> bool {
        self.diverged_at.is_none() && self.mean_loss.is_finite()
    }
}

/// A finished job.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JobResult {
    pub job: SweepJob,
    /// Pearson correlation of the tasks' training labels.
    pub label_pearson: f64,
    pub steps: usize,
    pub models: Vec<ModelOutcome>,
}

/// Models whose tasks each have their own gate (OMoE's one gate has no JS distance).
fn has_task_gates(kind: ModelKind) -> bool {
    matches!(kind, ModelKind::Mmoe | ModelKind::Cgc | ModelKind::Ple)
}

/// The final metrics of a trainer that has run `job`.
pub(super) fn finish(trainer: &mut Trainer, job: &SweepJob) -> JobResult {
    let finals = trainer.evaluate_test();
    let models = trainer
        .runs
        .iter()
        .zip(finals)
        .map(|(run, eval)| ModelOutcome {
            model: run.kind,
            mean_loss: eval.loss.iter().sum::<f64>() / eval.loss.len().max(1) as f64,
            gate_js: eval.gates.as_ref().filter(|_| has_task_gates(run.kind)).map(|g| g.js_distance),
            test_loss: eval.loss,
            diverged_at: run.diverged_at,
        })
        .collect();
    JobResult { job: job.clone(), label_pearson: trainer.data().label_pearson, steps: trainer.step_count(), models }
}

/// Runs one job from scratch: generates its data, trains `config.steps` steps, evaluates.
pub fn run_job(config: &SweepConfig, job: &SweepJob) -> Result<JobResult> {
    let mut trainer = Trainer::new(config.race_config(job))?;
    trainer.run(config.steps);
    Ok(finish(&mut trainer, job))
}

/// The jobs in runs that share their data (the same data seed and init seed,
/// consecutive in the job list): the unit a pool deals to a free worker, so
/// that the worker generates the data once and only relabels it, as the
/// one-thread [`Sweep`] does.
pub fn job_groups(jobs: &[SweepJob]) -> Vec<Vec<usize>> {
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (i, job) in jobs.iter().enumerate() {
        match groups.last_mut() {
            Some(group) if jobs[group[0]].seed == job.seed && jobs[group[0]].init_seed == job.init_seed => group.push(i),
            _ => groups.push(vec![i]),
        }
    }
    groups
}

/// `total` job indices dealt to `workers` workers in contiguous blocks of
/// nearly equal size, in job order, so that a worker's jobs of one seed stay
/// together and reuse their data. Empty blocks are left out.
pub fn split_jobs(total: usize, workers: usize) -> Vec<Vec<usize>> {
    let workers = workers.clamp(1, total.max(1));
    (0..workers).map(|w| (w * total / workers..(w + 1) * total / workers).collect::<Vec<_>>()).filter(|b| !b.is_empty()).collect()
}
