//! Watch time as a scenario of the one race shape ([`crate::train::race`]):
//! the race of the CTR model, weighted CE and the two-task model, and then
//! the two-task model's `w` sweep on the same feed ([`WatchRace`]). Workers
//! each sweep some of the weights once their race is done; a sweep point does
//! not depend on the others (each run starts from the same initialisation and
//! batch order), so the book's points equal the one-thread sweep's.

use super::config::validate_click_weight;
use super::sweep::{default_weights, WeightPoint, WeightSweep};
use super::{WatchRaceConfig, WatchRun, WatchSnapshot, WatchTrainer};
use crate::data::WatchStats;
use crate::error::{ensure, Result};
use crate::models::watch::WatchKind;
use crate::train::race::{Race, Record, Scenario, ViewOf};
use serde::{Deserialize, Serialize};

/// The watch-time scenario.
#[derive(Clone, Copy, Debug)]
pub struct Watch;

/// What a watch worker measures: the feed's statistics, the two-task
/// model's `w` now, and the sweep points it has finished.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct WatchMeasured {
    pub data: WatchStats,
    pub click_weight: f64,
    /// Finished `w` sweep points, by weight.
    pub sweep: Vec<WeightPoint>,
}

impl Scenario for Watch {
    type Kind = WatchKind;
    type Record = WatchSnapshot;
    type Measured = WatchMeasured;

    /// The feed and `w` as reported; the sweep points of every worker, by weight.
    fn merge(book: &mut WatchMeasured, report: WatchMeasured) {
        book.data = report.data;
        book.click_weight = report.click_weight;
        for point in report.sweep {
            match book.sweep.iter_mut().find(|p| p.click_weight == point.click_weight) {
                Some(kept) => *kept = point,
                None => book.sweep.push(point),
            }
        }
        book.sweep.sort_by(|a, b| a.click_weight.total_cmp(&b.click_weight));
    }
}

impl Record for WatchSnapshot {
    fn step(&self) -> usize {
        self.step
    }
}

/// The watch race and then its `w` sweep over `weights` (all of them on one
/// thread, some of them in each worker).
pub struct WatchRace {
    pub trainer: WatchTrainer,
    weights: Vec<f64>,
    /// Made when the race has trained its steps.
    sweep: Option<WeightSweep>,
    /// Steps the sweep has taken.
    sweep_steps: usize,
}

impl WatchRace {
    /// The race of `config` (its world generated) and a sweep of `weights`
    /// after it (none when empty).
    pub fn new(config: WatchRaceConfig, weights: Vec<f64>) -> Result<Self> {
        ensure(weights.len() <= 101, "weights", || format!("{} weights: give at most 101", weights.len()))?;
        weights.iter().try_for_each(|&w| validate_click_weight(w))?;
        Ok(Self { trainer: WatchTrainer::new(config)?, weights, sweep: None, sweep_steps: 0 })
    }

    /// The race and the whole default sweep (0, 0.1, …, 1).
    pub fn with_default_sweep(config: WatchRaceConfig) -> Result<Self> {
        Self::new(config, default_weights())
    }

    /// The sweep's finished points, by weight.
    pub fn points(&self) -> &[WeightPoint] {
        self.sweep.as_ref().map_or(&[], |s| s.points())
    }

    /// Weights this race sweeps.
    pub fn weights(&self) -> &[f64] {
        &self.weights
    }

    fn sweep_finished(&self) -> bool {
        self.weights.is_empty() || self.sweep.as_ref().is_some_and(WeightSweep::finished)
    }
}

impl Race for WatchRace {
    type Scenario = Watch;
    /// A step of the race until it has trained its steps, then of the sweep.
    fn step(&mut self) {
        if !self.trainer.finished() {
            self.trainer.step();
        } else if !self.sweep_finished() {
            if self.sweep.is_none() {
                let (config, data) = (self.trainer.config().clone(), self.trainer.data().clone());
                let sweep = WeightSweep::with_data(config, data, self.weights.clone());
                // the weights were checked when the race was made
                self.sweep = Some(sweep.expect("valid sweep weights"));
            }
            self.sweep.as_mut().expect("made just above").step_n(1);
            self.sweep_steps += 1;
        }
    }
    fn step_count(&self) -> usize {
        self.trainer.step_count()
    }
    /// The race's steps, then the sweep's: a grant bounds the sweep too.
    fn work(&self) -> usize {
        self.trainer.step_count() + self.sweep_steps
    }
    fn finished(&self) -> bool {
        self.trainer.finished() && self.sweep_finished()
    }
    fn runs(&self) -> Vec<ViewOf<'_, Watch>> {
        self.trainer.runs.iter().map(WatchRun::view).collect()
    }
    fn measured(&self) -> WatchMeasured {
        let t = &self.trainer;
        WatchMeasured { data: t.data().stats.clone(), click_weight: t.config().click_weight, sweep: self.points().to_vec() }
    }
    fn record_every(&self) -> usize {
        self.trainer.config().record_every
    }
}
