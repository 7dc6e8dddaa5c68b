//! The loss-weight sweep of the two-task model: one world, one initialisation
//! and batch order, the two-task model trained once per `w`, each run's final
//! (click share, watch share) a point of its trade-off curve. Steppable in
//! slices like the trainer, so the page can sweep a few steps per call.

use super::config::validate_click_weight;
use super::{WatchRaceConfig, WatchTrainer};
use crate::data::WatchData;
use crate::error::{ensure, Result};
use crate::models::watch::WatchKind;
use serde::{Deserialize, Serialize};

/// One finished run of the sweep.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WeightPoint {
    pub click_weight: f64,
    pub top_click_share: f64,
    pub top_watch_share: f64,
    pub ctr_auc: Option<f64>,
}

/// The weights of the default sweep: 0, 0.1, …, 1.
pub fn default_weights() -> Vec<f64> {
    (0..=10).map(|i| i as f64 / 10.0).collect()
}

/// The two-task model trained at each weight in turn.
pub struct WeightSweep {
    trainer: WatchTrainer,
    weights: Vec<f64>,
    points: Vec<WeightPoint>,
}

impl WeightSweep {
    /// Generates the world of `config.data`; `config.models` and
    /// `config.click_weight` are replaced by the two-task model and each weight.
    pub fn new(config: WatchRaceConfig, weights: Vec<f64>) -> Result<Self> {
        config.data.validate()?;
        let data = WatchData::generate(&config.data)?;
        Self::with_data(config, data, weights)
    }

    /// As [`new`](Self::new) on an already generated world.
    pub fn with_data(mut config: WatchRaceConfig, data: WatchData, weights: Vec<f64>) -> Result<Self> {
        ensure((1..=101).contains(&weights.len()), "weights", || format!("{} weights: give 1 to 101", weights.len()))?;
        weights.iter().try_for_each(|&w| validate_click_weight(w))?;
        config.models = vec![WatchKind::TwoTasks];
        config.click_weight = weights[0];
        let trainer = WatchTrainer::with_data(config, data)?;
        Ok(Self { trainer, weights, points: Vec::new() })
    }

    /// The finished points, in the order of the weights.
    pub fn points(&self) -> &[WeightPoint] {
        &self.points
    }
    pub fn weights(&self) -> &[f64] {
        &self.weights
    }
    pub fn finished(&self) -> bool {
        self.points.len() == self.weights.len()
    }
    /// The run under way: its trainer (records, step count, data).
    pub fn trainer(&self) -> &WatchTrainer {
        &self.trainer
    }

    /// Trains up to `n` steps across the sweep's runs; returns how many ran.
    pub fn step_n(&mut self, n: usize) -> usize {
        let mut done = 0;
        while done < n && !self.finished() {
            done += self.trainer.step_n(n - done);
            if self.trainer.finished() {
                self.finish_point();
            }
        }
        done
    }

    /// Trains every remaining run to its end.
    pub fn run_to_end(&mut self) -> &[WeightPoint] {
        self.step_n(usize::MAX);
        &self.points
    }

    /// Keeps the finished run's final metrics and starts the next weight.
    fn finish_point(&mut self) {
        let w = self.weights[self.points.len()];
        let m = self.trainer.runs[0].latest().map(|s| s.metrics.clone()).unwrap_or_default();
        self.points.push(WeightPoint {
            click_weight: w,
            top_click_share: m.top_click_share,
            top_watch_share: m.top_watch_share,
            ctr_auc: m.ctr_auc,
        });
        if let Some(&next) = self.weights.get(self.points.len()) {
            self.trainer.set_click_weight(next).expect("weights were validated");
            self.trainer.restart();
        }
    }
}
