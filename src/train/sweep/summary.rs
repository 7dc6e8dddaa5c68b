//! What a sweep's results say, computed once for the charts, the page's tables
//! and the CLI: trade-off curves (loss weight), the spread over initialisations
//! (trainability), and same-seed ratios to `p = 1` with their spread across seeds
//! (correlation), and the transfer map's classes ([`super::transfer`]).
//! Diverged or non-finite results are left out of every statistic (the
//! transfer map counts them as failed).
//! Not here: any choice of what to draw.

use super::config::{SweepConfig, SweepKind};
use super::runner::{JobResult, ModelOutcome};
use super::transfer::{transfer_map, TransferCount, TransferEntry, FAILURE_RULE};
use crate::models::ModelKind;
use serde::Serialize;

/// Summary statistics of some values: mean and sample std, and the five-number summary.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Spread {
    pub n: usize,
    pub mean: f64,
    /// Sample standard deviation (0 for one value).
    pub std: f64,
    pub min: f64,
    /// First quartile (linear interpolation between order statistics).
    pub q1: f64,
    pub median: f64,
    pub q3: f64,
    pub max: f64,
}

impl Spread {
    /// The statistics of the finite values; `None` when there is none.
    pub fn of(values: impl IntoIterator<Item = f64>) -> Option<Spread> {
        let mut v: Vec<f64> = values.into_iter().filter(|x| x.is_finite()).collect();
        if v.is_empty() {
            return None;
        }
        crate::order::sort_floats(&mut v);
        let n = v.len();
        let mean = v.iter().sum::<f64>() / n as f64;
        let var = v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n as f64 - 1.0).max(1.0);
        let q = |f: f64| {
            let at = f * (n - 1) as f64;
            let (lo, hi) = (at.floor() as usize, at.ceil() as usize);
            v[lo] + (v[hi] - v[lo]) * (at - lo as f64)
        };
        Some(Spread { n, mean, std: var.sqrt(), min: v[0], q1: q(0.25), median: q(0.5), q3: q(0.75), max: v[n - 1] })
    }
}

/// The summary of a sweep of each kind.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SweepSummary {
    LossWeight {
        curves: Vec<TradeoffCurve>,
    },
    Trainability {
        data_seed: u64,
        task_correlation: f64,
        models: Vec<InitSpread>,
    },
    Correlation {
        models: Vec<CorrelationCurve>,
        pairs: Vec<PairAgreement>,
    },
    /// One entry per (seed, p, multi-task model); counts per (model, p).
    Transfer {
        margin: f64,
        failure_rule: &'static str,
        entries: Vec<TransferEntry>,
        counts: Vec<TransferCount>,
    },
}

/// One model's trade-off between the tasks as the loss weights move.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TradeoffCurve {
    pub model: ModelKind,
    /// From task A only `(1, 0)` to task B only `(0, 1)`; points without a result yet are absent.
    pub points: Vec<TradeoffPoint>,
}

/// One weight setting: the final test loss per task over seeds.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TradeoffPoint {
    pub loss_weights: Vec<f64>,
    pub loss_a: Spread,
    pub loss_b: Spread,
}

/// One model's final losses over initialisations on one data set.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct InitSpread {
    pub model: ModelKind,
    /// The mean of the tasks' test MSE, over initialisations.
    pub mean_loss: Spread,
    pub loss_a: Spread,
    pub loss_b: Spread,
    /// Each initialisation's mean test loss.
    pub runs: Vec<InitLoss>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct InitLoss {
    pub init_seed: u64,
    pub mean_loss: f64,
}

/// One model's final loss against the task correlation.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CorrelationCurve {
    pub model: ModelKind,
    /// In the config's order of `p`, the reference `p = 1` first.
    pub points: Vec<CorrelationPoint>,
}

/// One `p` of a correlation curve.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CorrelationPoint {
    pub task_correlation: f64,
    /// The mean of the tasks' test MSE, over seeds.
    pub loss: Spread,
    /// Per seed, loss at `p` ÷ the same seed's loss at `p = 1`; over the seeds
    /// that have both.
    pub ratio: Option<Spread>,
    /// Seeds whose ratio is above 1 (the model lost accuracy as `p` fell).
    pub ratio_above_one: usize,
    /// Every seed's ratio, in job order: the points the chart draws beside the median.
    pub seed_ratios: Vec<SeedValue>,
    /// Every seed's mean test loss at this `p`, in job order.
    pub seed_losses: Vec<SeedValue>,
    /// Gate JS distance over seeds (models with a gate per task).
    pub gate_js: Option<Spread>,
    /// Per seed, JS at `p` ÷ JS at `p = 1`.
    pub gate_js_ratio: Option<Spread>,
}

/// One seed's value.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SeedValue {
    pub seed: u64,
    pub value: f64,
}

/// How often, over seeds, `model_a`'s paired ratio exceeds `model_b`'s at one `p`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PairAgreement {
    pub task_correlation: f64,
    pub model_a: ModelKind,
    pub model_b: ModelKind,
    /// Seeds in which `model_a`'s ratio is the higher.
    pub a_higher: usize,
    /// Seeds with both ratios.
    pub seeds: usize,
}

/// The summary of `results` (finished jobs of `config`'s sweep).
pub fn summarise(config: &SweepConfig, results: &[JobResult]) -> SweepSummary {
    let models = &config.base.models;
    match config.kind {
        SweepKind::LossWeight => SweepSummary::LossWeight { curves: models.iter().map(|&m| tradeoff(config, results, m)).collect() },
        SweepKind::Trainability => SweepSummary::Trainability {
            data_seed: config.seeds[0],
            task_correlation: config.base.data.task_correlation,
            models: models.iter().filter_map(|&m| init_spread(results, m)).collect(),
        },
        SweepKind::Correlation => {
            let curves: Vec<CorrelationCurve> = models.iter().map(|&m| correlation_curve(config, results, m)).collect();
            SweepSummary::Correlation { pairs: pairs(config, results), models: curves }
        }
        SweepKind::Transfer => {
            let (entries, counts) = transfer_map(config, results);
            SweepSummary::Transfer { margin: config.margin, failure_rule: FAILURE_RULE, entries, counts }
        }
    }
}

/// `model`'s usable outcome in a job.
fn outcome(result: &JobResult, model: ModelKind) -> Option<&ModelOutcome> {
    result.models.iter().find(|o| o.model == model && o.usable())
}

fn tradeoff(config: &SweepConfig, results: &[JobResult], model: ModelKind) -> TradeoffCurve {
    let points = (0..config.points)
        .filter_map(|i| {
            let w = config.weights_at(i);
            let at: Vec<&ModelOutcome> = results.iter().filter(|r| r.job.loss_weights == w).filter_map(|r| outcome(r, model)).collect();
            Some(TradeoffPoint {
                loss_a: Spread::of(at.iter().map(|o| o.test_loss[0]))?,
                loss_b: Spread::of(at.iter().map(|o| o.test_loss[1]))?,
                loss_weights: w,
            })
        })
        .collect();
    TradeoffCurve { model, points }
}

fn init_spread(results: &[JobResult], model: ModelKind) -> Option<InitSpread> {
    let at: Vec<(u64, &ModelOutcome)> = results.iter().filter_map(|r| Some((r.job.init_seed?, outcome(r, model)?))).collect();
    Some(InitSpread {
        model,
        mean_loss: Spread::of(at.iter().map(|(_, o)| o.mean_loss))?,
        loss_a: Spread::of(at.iter().map(|(_, o)| o.test_loss[0]))?,
        loss_b: Spread::of(at.iter().map(|(_, o)| o.test_loss[1]))?,
        runs: at.iter().map(|&(init_seed, o)| InitLoss { init_seed, mean_loss: o.mean_loss }).collect(),
    })
}

/// Per seed that has both: `value` at `p` ÷ `value` at `p = 1`.
fn paired_ratios(results: &[JobResult], model: ModelKind, p: f64, value: impl Fn(&ModelOutcome) -> Option<f64>) -> Vec<(u64, f64)> {
    let at = |seed: u64, p: f64| {
        results.iter().find(|r| r.job.seed == seed && r.job.task_correlation == p).and_then(|r| outcome(r, model)).and_then(&value)
    };
    results
        .iter()
        .filter(|r| r.job.task_correlation == p)
        .filter_map(|r| Some((r.job.seed, at(r.job.seed, p)? / at(r.job.seed, 1.0)?)))
        .filter(|(_, ratio)| ratio.is_finite())
        .collect()
}

fn correlation_curve(config: &SweepConfig, results: &[JobResult], model: ModelKind) -> CorrelationCurve {
    let points = config
        .task_correlations()
        .into_iter()
        .filter_map(|p| {
            let at: Vec<(u64, &ModelOutcome)> =
                results.iter().filter(|r| r.job.task_correlation == p).filter_map(|r| Some((r.job.seed, outcome(r, model)?))).collect();
            let ratios = paired_ratios(results, model, p, |o| Some(o.mean_loss));
            let js_ratios = paired_ratios(results, model, p, |o| o.gate_js);
            Some(CorrelationPoint {
                task_correlation: p,
                loss: Spread::of(at.iter().map(|(_, o)| o.mean_loss))?,
                ratio: Spread::of(ratios.iter().map(|r| r.1)),
                ratio_above_one: ratios.iter().filter(|r| r.1 > 1.0).count(),
                seed_ratios: ratios.iter().map(|&(seed, value)| SeedValue { seed, value }).collect(),
                seed_losses: at.iter().map(|&(seed, o)| SeedValue { seed, value: o.mean_loss }).collect(),
                gate_js: Spread::of(at.iter().filter_map(|(_, o)| o.gate_js)),
                gate_js_ratio: Spread::of(js_ratios.iter().map(|r| r.1)),
            })
        })
        .collect();
    CorrelationCurve { model, points }
}

fn pairs(config: &SweepConfig, results: &[JobResult]) -> Vec<PairAgreement> {
    let models = &config.base.models;
    let mut out = Vec::new();
    for p in config.task_correlations().into_iter().filter(|&p| p != 1.0) {
        for (i, &a) in models.iter().enumerate() {
            for &b in &models[i + 1..] {
                let rb = paired_ratios(results, b, p, |o| Some(o.mean_loss));
                let both: Vec<(f64, f64)> = paired_ratios(results, a, p, |o| Some(o.mean_loss))
                    .into_iter()
                    .filter_map(|(seed, ra)| Some((ra, rb.iter().find(|(s, _)| *s == seed)?.1)))
                    .collect();
                if !both.is_empty() {
                    let a_higher = both.iter().filter(|(ra, rb)| ra > rb).count();
                    out.push(PairAgreement { task_correlation: p, model_a: a, model_b: b, a_higher, seeds: both.len() });
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spread_of_worked_numbers() {
        let s = Spread::of([4.0, 1.0, 3.0, 2.0, f64::NAN]).unwrap();
        assert_eq!((s.n, s.min, s.max, s.median), (4, 1.0, 4.0, 2.5));
        assert_eq!((s.q1, s.q3), (1.75, 3.25));
        assert!((s.std - (5.0f64 / 3.0).sqrt()).abs() < 1e-12);
        assert_eq!(Spread::of([2.0]).unwrap().std, 0.0);
        assert!(Spread::of([f64::INFINITY]).is_none());
    }
}
