//! The click → conversion funnel as a scenario of the one race shape
//! ([`crate::train::race`]): the Table 2 models, their records, and the
//! training funnel's statistics, which every worker measures alike.

use super::{FunnelRun, FunnelSnapshot, FunnelTrainer};
use crate::data::FunnelStats;
use crate::models::funnel::FunnelKind;
use crate::train::race::{Race, Record, Scenario, ViewOf};
use serde::{Deserialize, Serialize};

/// The funnel scenario.
#[derive(Clone, Copy, Debug)]
pub struct Funnel;

/// What a funnel worker measures: the training funnel's counts and rates.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FunnelMeasured {
    pub data: FunnelStats,
}

impl Scenario for Funnel {
    type Kind = FunnelKind;
    type Record = FunnelSnapshot;
    type Measured = FunnelMeasured;
}

impl Record for FunnelSnapshot {
    fn step(&self) -> usize {
        self.step
    }
}

impl Race for FunnelTrainer {
    type Scenario = Funnel;
    /// One step, none once every model has stopped early (or diverged).
    fn step(&mut self) {
        if !self.finished() {
            FunnelTrainer::step(self);
        }
    }
    fn step_count(&self) -> usize {
        FunnelTrainer::step_count(self)
    }
    fn finished(&self) -> bool {
        FunnelTrainer::finished(self)
    }
    fn runs(&self) -> Vec<ViewOf<'_, Funnel>> {
        self.runs.iter().map(FunnelRun::view).collect()
    }
    fn measured(&self) -> FunnelMeasured {
        FunnelMeasured { data: self.data().stats.clone() }
    }
    fn record_every(&self) -> usize {
        self.config().record_every
    }
}
