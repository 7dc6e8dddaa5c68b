//! The transfer map: the chapter's taxonomy (its line 35, design §1.5), per
//! multi-task model, task correlation `p` and seed, judged against the SAME
//! seed's single-task networks (the job's [`ModelKind::Single`], one network
//! per task, trained on the same data and batches).
//!
//! Per task, the model's final test loss is *better* than the single-task
//! network's when `loss < single · (1 − margin)`, *worse* when
//! `loss > single · (1 + margin)`, else *within* the margin. Then:
//! - `positive` (正迁移): both tasks better;
//! - `seesaw` (跷跷板): one better, the other worse;
//! - `negative` (负迁移): both worse;
//! - `unclear` (不明确): a task within the margin (and nothing failed);
//! - `failed` (训练失败): a training failed, which is not transfer; the entry
//!   says which network failed (the model, the single-task one or both) and on
//!   which task, and why.
//!
//! **Failure rule** ([`FAILURE_RULE`]): a network's run on a task has failed when
//! it diverged, its final test loss is not finite, or that loss is more than
//! [`FAILURE_FACTOR`] (5) × the median of the same network's (same model kind,
//! task and `p`) final test losses over the sweep's seeds — the loss that network
//! typically reaches — **and** more than [`FAILURE_FACTOR`] × the lowest final
//! test loss any network of the same job reached on that task. The second part
//! keeps a seed whose data are hard for every network (seed 10 at `narrow`: every
//! network 5–10× its usual loss) from reading as failures. With fewer than
//! [`FAILURE_MIN_SEEDS`] (3) seeds with a finite result, the loss part calls
//! nothing failed. 2-unit ReLU layers die on some seeds (design §1.5), which is
//! why the narrow preset uses leaky ReLU: such a run sits many times above its
//! siblings, and at `p = 1`, where the tasks are identical, would otherwise read
//! as negative transfer.
//!
//! Not here: running the jobs, or drawing the map (`plot::transfer_map`).

use super::config::SweepConfig;
use super::runner::{JobResult, ModelOutcome};
use crate::models::ModelKind;
use serde::Serialize;
use std::collections::HashMap;

/// A task run fails when its loss is more than this many times its network's median.
pub const FAILURE_FACTOR: f64 = 5.0;

/// Seeds with a finite result a network needs before the loss rule calls anything failed.
pub const FAILURE_MIN_SEEDS: usize = 3;

/// The failure rule in one sentence (the CLI's JSON and table print it).
pub const FAILURE_RULE: &str = "a network's run on a task has failed when it diverged, its final test loss is not finite, \
or that loss is more than 5x the median of the same network's (same model, task and p) final test losses over the sweep's \
seeds and more than 5x the lowest loss any network of the same job reached on that task; with fewer than 3 seeds with \
results the loss part calls nothing failed";

/// The class of one (seed, p, model) against the same seed's single-task networks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TransferClass {
    /// Both tasks better than single-task (正迁移).
    Positive,
    /// One task better, the other worse (跷跷板).
    Seesaw,
    /// Both tasks worse (负迁移).
    Negative,
    /// A task within the margin, nothing failed.
    Unclear,
    /// A training failed (the model's, a single-task network's, or both): not transfer.
    Failed,
}

impl TransferClass {
    /// Every class, in the order the map stacks them.
    pub const ALL: [TransferClass; 5] =
        [TransferClass::Positive, TransferClass::Seesaw, TransferClass::Negative, TransferClass::Unclear, TransferClass::Failed];

    /// `positive`, `seesaw`, `negative`, `unclear` or `failed`.
    pub fn id(self) -> &'static str {
        match self {
            TransferClass::Positive => "positive",
            TransferClass::Seesaw => "seesaw",
            TransferClass::Negative => "negative",
            TransferClass::Unclear => "unclear",
            TransferClass::Failed => "failed",
        }
    }
}

/// One task of one entry, against its single-task network.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskVerdict {
    Better,
    Worse,
    Within,
    /// The model's or the single-task network's run on this task failed.
    Failed,
}

/// Which network failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Network {
    /// The multi-task model.
    Model,
    /// The single-task network it is judged against.
    Single,
    /// Both of them.
    Both,
}

impl Network {
    /// `model`, `single` or `both`, as the JSON writes it.
    pub fn id(self) -> &'static str {
        match self {
            Network::Model => "model",
            Network::Single => "single",
            Network::Both => "both",
        }
    }
}

/// Why a task run counts as failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FailureReason {
    /// The network diverged during training.
    Diverged,
    /// Its final test loss is not finite.
    NotFinite,
    /// Its final test loss is more than [`FAILURE_FACTOR`] × its median over
    /// seeds and [`FAILURE_FACTOR`] × the job's best loss on the task.
    AboveMedian,
}

/// One failed task run of an entry.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TaskFailure {
    /// [`Network::Model`] or [`Network::Single`].
    pub network: Network,
    /// `A` or `B`.
    pub task: &'static str,
    pub reason: FailureReason,
    /// The run's final test loss on the task.
    pub loss: f64,
    /// The network's median final test loss on the task at this `p` over the
    /// sweep's seeds (absent when fewer than [`FAILURE_MIN_SEEDS`] have one).
    pub median: Option<f64>,
}

/// One multi-task model at one seed and `p`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TransferEntry {
    pub seed: u64,
    pub p: f64,
    pub model: ModelKind,
    /// The model's final test MSE on tasks A and B.
    pub test_loss: [f64; 2],
    /// The same seed's single-task networks' final test MSE on A and B.
    pub single_test_loss: [f64; 2],
    /// Per task: better, worse, within the margin, or failed.
    pub tasks: [TaskVerdict; 2],
    pub class: TransferClass,
    /// For a failed entry: which network failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failed: Option<Network>,
    /// For a failed entry: each failed task run and why.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub failures: Vec<TaskFailure>,
}

/// How many seeds of one model at one `p` fell into each class.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TransferCount {
    pub model: ModelKind,
    pub p: f64,
    /// Seeds with an entry (the sum of the five counts).
    pub seeds: usize,
    pub positive: usize,
    pub seesaw: usize,
    pub negative: usize,
    pub unclear: usize,
    pub failed: usize,
}

impl TransferCount {
    /// The count of `class`.
    pub fn of(&self, class: TransferClass) -> usize {
        match class {
            TransferClass::Positive => self.positive,
            TransferClass::Seesaw => self.seesaw,
            TransferClass::Negative => self.negative,
            TransferClass::Unclear => self.unclear,
            TransferClass::Failed => self.failed,
        }
    }
}

/// One task's verdict from its losses (both finite, neither failed): better
/// strictly below `single · (1 − margin)`, worse strictly above
/// `single · (1 + margin)`, within otherwise (the edges are within).
pub fn task_verdict(loss: f64, single: f64, margin: f64) -> TaskVerdict {
    if loss < single * (1.0 - margin) {
        TaskVerdict::Better
    } else if loss > single * (1.0 + margin) {
        TaskVerdict::Worse
    } else {
        TaskVerdict::Within
    }
}

/// The class of two task verdicts.
pub fn classify(tasks: [TaskVerdict; 2]) -> TransferClass {
    use TaskVerdict::*;
    match tasks {
        [Failed, _] | [_, Failed] => TransferClass::Failed,
        [Within, _] | [_, Within] => TransferClass::Unclear,
        [Better, Better] => TransferClass::Positive,
        [Worse, Worse] => TransferClass::Negative,
        _ => TransferClass::Seesaw,
    }
}

/// Whether one task run failed: diverged, a non-finite loss, or above both
/// [`FAILURE_FACTOR`] × `median` and [`FAILURE_FACTOR`] × `best`, the lowest loss
/// any network of its job reached on the task (the loss rule applies only with
/// a median).
pub fn failure(loss: f64, diverged: bool, median: Option<f64>, best: f64) -> Option<FailureReason> {
    if diverged {
        Some(FailureReason::Diverged)
    } else if !loss.is_finite() {
        Some(FailureReason::NotFinite)
    } else if median.is_some_and(|m| loss > FAILURE_FACTOR * m) && loss > FAILURE_FACTOR * best {
        Some(FailureReason::AboveMedian)
    } else {
        None
    }
}

/// Medians of each network's final test loss per (model, task, p), over the
/// seeds with a finite, not diverged result; only where at least
/// [`FAILURE_MIN_SEEDS`] seeds have one.
struct Medians(HashMap<(ModelKind, usize, u64), f64>);

impl Medians {
    fn of(results: &[JobResult]) -> Self {
        let mut losses: HashMap<(ModelKind, usize, u64), Vec<f64>> = HashMap::new();
        for r in results {
            for o in r.models.iter().filter(|o| o.diverged_at.is_none()) {
                for (k, &loss) in o.test_loss.iter().enumerate().filter(|(_, l)| l.is_finite()) {
                    losses.entry((o.model, k, r.job.task_correlation.to_bits())).or_default().push(loss);
                }
            }
        }
        let medians = losses.into_iter().filter(|(_, v)| v.len() >= FAILURE_MIN_SEEDS).map(|(key, v)| (key, median(v))).collect();
        Medians(medians)
    }

    fn get(&self, model: ModelKind, task: usize, p: f64) -> Option<f64> {
        self.0.get(&(model, task, p.to_bits())).copied()
    }
}

/// The median of finite values (at least one).
fn median(mut v: Vec<f64>) -> f64 {
    crate::order::sort_floats(&mut v);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// The entries and counts of a transfer sweep's finished jobs: one entry per
/// job and multi-task model of `config` (jobs lacking the model's or the
/// single-task networks' outcome are skipped); counts per model and `p`, in
/// the config's model order and [`SweepConfig::task_correlations`]' order (the control, `p = 1`, first).
pub fn transfer_map(config: &SweepConfig, results: &[JobResult]) -> (Vec<TransferEntry>, Vec<TransferCount>) {
    let medians = Medians::of(results);
    let margin = config.margin;
    let models: Vec<ModelKind> = config.base.models.iter().copied().filter(|&m| m != ModelKind::Single).collect();
    let mut entries = Vec::new();
    for r in results {
        let p = r.job.task_correlation;
        let find = |kind: ModelKind| r.models.iter().find(|o| o.model == kind);
        let Some(single) = find(ModelKind::Single) else { continue };
        for &model in &models {
            let Some(outcome) = find(model) else { continue };
            entries.push(entry(r.job.seed, p, outcome, single, &medians, best_losses(r), margin));
        }
    }
    let counts = models
        .iter()
        .flat_map(|&model| config.task_correlations().into_iter().map(move |p| (model, p)))
        .map(|(model, p)| {
            let here: Vec<&TransferEntry> = entries.iter().filter(|e| e.model == model && e.p == p).collect();
            let n = |class: TransferClass| here.iter().filter(|e| e.class == class).count();
            TransferCount {
                model,
                p,
                seeds: here.len(),
                positive: n(TransferClass::Positive),
                seesaw: n(TransferClass::Seesaw),
                negative: n(TransferClass::Negative),
                unclear: n(TransferClass::Unclear),
                failed: n(TransferClass::Failed),
            }
        })
        .collect();
    (entries, counts)
}

/// The two tasks' losses of an outcome (NaN where a task is missing).
fn two(o: &ModelOutcome) -> [f64; 2] {
    [o.test_loss.first().copied().unwrap_or(f64::NAN), o.test_loss.get(1).copied().unwrap_or(f64::NAN)]
}

/// Per task, the lowest finite final test loss any network of the job reached
/// (infinite when none has one).
fn best_losses(r: &JobResult) -> [f64; 2] {
    let mut best = [f64::INFINITY; 2];
    for o in r.models.iter().filter(|o| o.diverged_at.is_none()) {
        for (b, &l) in best.iter_mut().zip(&o.test_loss) {
            if l.is_finite() && l < *b {
                *b = l;
            }
        }
    }
    best
}

/// One model's entry at one seed and `p`.
fn entry(seed: u64, p: f64, model: &ModelOutcome, single: &ModelOutcome, medians: &Medians, best: [f64; 2], margin: f64) -> TransferEntry {
    let (loss, single_loss) = (two(model), two(single));
    let mut failures = Vec::new();
    let mut tasks = [TaskVerdict::Within; 2];
    for k in 0..2 {
        let runs = [(Network::Model, model, loss[k]), (Network::Single, single, single_loss[k])];
        let mut failed = false;
        for (network, outcome, l) in runs {
            let median = medians.get(outcome.model, k, p);
            if let Some(reason) = failure(l, outcome.diverged_at.is_some(), median, best[k]) {
                failures.push(TaskFailure { network, task: ["A", "B"][k], reason, loss: l, median });
                failed = true;
            }
        }
        tasks[k] = if failed { TaskVerdict::Failed } else { task_verdict(loss[k], single_loss[k], margin) };
    }
    let failed = match (failures.iter().any(|f| f.network == Network::Model), failures.iter().any(|f| f.network == Network::Single)) {
        (true, true) => Some(Network::Both),
        (true, false) => Some(Network::Model),
        (false, true) => Some(Network::Single),
        (false, false) => None,
    };
    TransferEntry {
        seed,
        p,
        model: model.model,
        test_loss: loss,
        single_test_loss: single_loss,
        tasks,
        class: classify(tasks),
        failed,
        failures,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdicts_and_classes_follow_the_chapter() {
        use TaskVerdict::*;
        assert_eq!(classify([Better, Better]), TransferClass::Positive);
        assert_eq!(classify([Better, Worse]), TransferClass::Seesaw);
        assert_eq!(classify([Worse, Better]), TransferClass::Seesaw);
        assert_eq!(classify([Worse, Worse]), TransferClass::Negative);
        assert_eq!(classify([Within, Worse]), TransferClass::Unclear);
        assert_eq!(classify([Within, Failed]), TransferClass::Failed);
        assert_eq!(task_verdict(0.9, 1.0, 0.02), Better);
        assert_eq!(task_verdict(1.01, 1.0, 0.02), Within);
        assert_eq!(task_verdict(1.1, 1.0, 0.0), Worse);
        assert_eq!(failure(1.0, true, None, 1.0), Some(FailureReason::Diverged));
        assert_eq!(failure(f64::NAN, false, Some(1.0), 1.0), Some(FailureReason::NotFinite));
        assert_eq!(failure(5.0, false, Some(1.0), 0.5), None, "exactly 5× the median is not above");
        assert_eq!(failure(5.01, false, Some(1.0), 0.5), Some(FailureReason::AboveMedian));
        assert_eq!(failure(100.0, false, None, 0.5), None, "no median: the loss rule is silent");
        // a seed whose data are hard for every network: far above the network's
        // median, but not 5× above what the job's best network reached
        assert_eq!(failure(5.01, false, Some(1.0), 1.01), None, "within 5× of the job's best");
        assert_eq!(failure(5.01, false, Some(1.0), 1.0), Some(FailureReason::AboveMedian));
    }
}
