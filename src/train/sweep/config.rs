//! What a sweep runs: its kind, the race every job starts from, and the values
//! swept. One serde struct, the same for the page (`new Sweep(config)`) and the
//! CLI (`mtl-lab sweep`); missing fields take the kind's defaults.

use crate::error::{ensure, Result};
use crate::models::{ModelKind, Preset};
use crate::train::{LossWeighting, RaceConfig};
use serde::{Deserialize, Serialize};

/// Which figure a sweep makes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SweepKind {
    /// Each model's trade-off curve between the tasks as the loss weights move.
    LossWeight,
    /// The spread of the final loss over initialisations, data fixed.
    Trainability,
    /// Final loss against the task correlation, paired within each seed.
    #[default]
    Correlation,
    /// The chapter's taxonomy: each multi-task model against the same seed's
    /// single-task networks, per seed and `p` (positive transfer, seesaw,
    /// negative transfer, unclear, failed; see [`super::transfer`]).
    Transfer,
}

impl SweepKind {
    pub const ALL: [SweepKind; 4] = [SweepKind::LossWeight, SweepKind::Trainability, SweepKind::Correlation, SweepKind::Transfer];

    /// The name used in configs and the CLI (`loss_weight`, `trainability`, `correlation`, `transfer`).
    pub fn id(self) -> &'static str {
        match self {
            SweepKind::LossWeight => "loss_weight",
            SweepKind::Trainability => "trainability",
            SweepKind::Correlation => "correlation",
            SweepKind::Transfer => "transfer",
        }
    }
}

impl std::str::FromStr for SweepKind {
    type Err = crate::error::Error;
    /// `loss_weight`, `loss-weight`, `trainability`, `correlation` or `transfer`.
    fn from_str(s: &str) -> Result<Self> {
        let norm = s.trim().to_ascii_lowercase().replace('-', "_");
        SweepKind::ALL.into_iter().find(|k| k.id() == norm).ok_or_else(|| crate::error::Error::InvalidConfig {
            field: "kind",
            reason: format!("`{s}` is not loss_weight, trainability, correlation or transfer"),
        })
    }
}

/// A sweep. Which fields matter depends on `kind`:
/// - every kind: `base` (data size, models, sizes, optimiser, batch), `steps`;
/// - loss weight: `seeds`, `points`, `base.data.task_correlation`;
/// - trainability: `seeds` (exactly one: the fixed data set), `inits`,
///   `base.data.task_correlation`;
/// - correlation: `seeds`, `correlations` (must include the reference `p = 1`);
/// - transfer: `seeds`, `correlations` (`p = 1`, the control, always runs),
///   `margin`; the single-task networks always train beside `base.models`.
///
/// Per job the sweep sets `base.data.seed`, `base.data.task_correlation`,
/// `base.loss_weights` and `base.init_seed`; everything else in `base` is kept.
/// As JSON, a missing field (at any depth of `base`) takes the kind's default
/// ([`SweepConfig::for_kind`]); an unknown one is an error.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "SweepInput")]
pub struct SweepConfig {
    pub kind: SweepKind,
    /// The race every job starts from.
    pub base: RaceConfig,
    /// Training steps per job (every model in the job takes this many).
    pub steps: usize,
    /// Data seeds; each also seeds the initialisation and the batch order.
    pub seeds: Vec<u64>,
    /// Loss weight sweep: weights `(1 − i/(points−1), i/(points−1))`, `i = 0..points`.
    pub points: usize,
    /// Trainability: init seeds `1..=inits` on the one data set.
    pub inits: usize,
    /// Correlation and transfer sweeps: the task correlations `p`.
    pub correlations: Vec<f64>,
    /// Transfer sweep: a task counts as better (worse) than its single-task
    /// network when its test loss is below `single · (1 − margin)` (above
    /// `single · (1 + margin)`); in between it is within the margin. In
    /// `[0, 0.05]`, default [`DEFAULT_MARGIN`] (2 %).
    pub margin: f64,
}

/// The transfer sweep's default margin: ±2 % of the single-task loss.
pub const DEFAULT_MARGIN: f64 = 0.02;

/// The widest margin a transfer sweep takes (5 %).
pub const MAX_MARGIN: f64 = 0.05;

/// Training steps per job in the page's loss-weight and trainability sweeps.
/// The correlation sweep runs its preset's [`Preset::sweep_steps`], the length
/// its caption's 10-seed figures were measured at.
pub const PAGE_STEPS: usize = 1200;

/// Seeds of the page's correlation sweep: enough for a median with
/// inter-quartile bars (a finding is a claim about seeds, not one run).
pub const CORRELATION_SEEDS: u64 = 10;

impl SweepConfig {
    /// The page's sweep of `kind` for the race the page would run (`race`,
    /// from the page's settings): the kind's defaults at the race's preset
    /// (the default preset's for custom sizes, whose sizes it keeps), with
    /// the race's models, learning rate, batch and training rows. Single-task
    /// networks have no trade-off or gates to sweep and are left out (the
    /// transfer sweep adds them back to every job; with nothing left the
    /// kind's default models race). The correlation and transfer sweeps run
    /// ten seeds from the race's; the others its seed at its `p`.
    pub fn for_race(kind: SweepKind, race: &RaceConfig) -> Self {
        let preset = Preset::matching(&race.sizes).unwrap_or(Preset::DEFAULT);
        let mut config = Self::for_preset(kind, preset);
        let models: Vec<ModelKind> = race.models.iter().copied().filter(|&m| m != ModelKind::Single).collect();
        if !models.is_empty() {
            config.base.models = models;
        }
        config.base.sizes = race.sizes.clone();
        config.base.optimizer.lr = race.optimizer.lr;
        config.base.batch_size = race.batch_size;
        config.base.data.train_samples = race.data.train_samples;
        let seed = race.data.seed;
        if matches!(kind, SweepKind::Correlation | SweepKind::Transfer) {
            config.seeds = (0..config.seeds.len() as u64).map(|i| seed + i).collect();
        } else {
            config.seeds = vec![seed];
            config.base.data.task_correlation = race.data.task_correlation;
        }
        config
    }

    /// The page's defaults for `kind` at the default preset ([`Preset::DEFAULT`]).
    pub fn for_kind(kind: SweepKind) -> Self {
        Self::for_preset(kind, Preset::DEFAULT)
    }

    /// The page's defaults for `kind` at `preset`'s sizes: Shared-Bottom, OMoE
    /// and MMoE at the design's data and optimiser settings (50,000 training
    /// samples, Adam 3e-3, batch 256), a 5,000-row test set and sparse records
    /// (a sweep keeps only the final test loss). Loss weight: 11 points, one
    /// seed, [`PAGE_STEPS`]; trainability: 10 inits on data seed 1 at `p = 0.5`,
    /// [`PAGE_STEPS`]; correlation: `p ∈ {1, 0.5, 0}`, seeds 1–10, the preset's
    /// [`Preset::sweep_steps`] (30 jobs: about 2 minutes in Chromium at `narrow`);
    /// transfer: as correlation, with the single-task networks added to every
    /// job and a margin of [`DEFAULT_MARGIN`].
    pub fn for_preset(kind: SweepKind, preset: Preset) -> Self {
        let mut base = RaceConfig {
            models: vec![ModelKind::SharedBottom, ModelKind::Omoe, ModelKind::Mmoe],
            sizes: preset.sizes(),
            record_every: 500,
            eval_samples: 512,
            ..RaceConfig::default()
        };
        base.data.test_samples = 5_000;
        let correlation = matches!(kind, SweepKind::Correlation | SweepKind::Transfer);
        Self {
            kind,
            base,
            steps: if correlation { preset.sweep_steps() } else { PAGE_STEPS },
            seeds: if correlation { (1..=CORRELATION_SEEDS).collect() } else { vec![1] },
            points: 11,
            inits: 10,
            correlations: vec![1.0, 0.5, 0.0],
            margin: DEFAULT_MARGIN,
        }
    }

    /// The race of one job: `base` with the job's seed, correlation, weights and init seed.
    pub fn race_config(&self, job: &SweepJob) -> RaceConfig {
        let mut race = self.base.clone();
        race.data.seed = job.seed;
        race.data.task_correlation = job.task_correlation;
        race.loss_weights = job.loss_weights.clone();
        race.init_seed = job.init_seed;
        // the transfer map judges every model against the single-task networks of the same job
        if self.kind == SweepKind::Transfer && !race.models.contains(&ModelKind::Single) {
            race.models.insert(0, ModelKind::Single);
        }
        race
    }

    /// Checks every field, naming the first one that is wrong.
    pub fn validate(&self) -> Result<()> {
        self.base.validate()?;
        ensure((1..=1_000_000).contains(&self.steps), "steps", || format!("{} is not in 1..=1000000", self.steps))?;
        ensure(!self.seeds.is_empty(), "seeds", || "give at least one seed".into())?;
        ensure(self.seeds.len() <= 1000, "seeds", || format!("{} seeds is more than 1000", self.seeds.len()))?;
        for (i, s) in self.seeds.iter().enumerate() {
            ensure(!self.seeds[..i].contains(s), "seeds", || format!("seed {s} is listed twice"))?;
        }
        ensure((2..=101).contains(&self.points), "points", || format!("{} is not in 2..=101", self.points))?;
        ensure((1..=1000).contains(&self.inits), "inits", || format!("{} is not in 1..=1000", self.inits))?;
        ensure(!self.correlations.is_empty(), "correlations", || "give at least one task correlation".into())?;
        for (i, &p) in self.correlations.iter().enumerate() {
            ensure(p.is_finite() && (-1.0..=1.0).contains(&p), "correlations", || format!("{p} is not in [-1, 1]"))?;
            ensure(!self.correlations[..i].contains(&p), "correlations", || format!("{p} is listed twice"))?;
        }
        match self.kind {
            SweepKind::LossWeight => ensure(self.base.weighting == LossWeighting::Fixed, "base.weighting", || {
                format!("a loss weight sweep sets fixed weights; `{}` would move them", self.base.weighting.id())
            })?,
            SweepKind::Trainability => ensure(self.seeds.len() == 1, "seeds", || {
                format!("trainability holds the data fixed: give exactly one data seed, not {}", self.seeds.len())
            })?,
            SweepKind::Correlation => {
                ensure(self.correlations.contains(&1.0), "correlations", || "must include 1, the reference of the paired ratios".into())?
            }
            SweepKind::Transfer => {
                ensure(self.base.models.iter().any(|&m| m != ModelKind::Single), "base.models", || {
                    "a transfer sweep judges multi-task models: give at least one besides single".into()
                })?;
                ensure(self.margin.is_finite() && (0.0..=MAX_MARGIN).contains(&self.margin), "margin", || {
                    format!("{} is not in [0, {MAX_MARGIN}]", self.margin)
                })?
            }
        }
        let jobs = self.job_count();
        ensure(jobs <= 10_000, "seeds", || format!("{jobs} jobs is more than 10000"))
    }

    /// How many jobs the sweep runs.
    pub fn job_count(&self) -> usize {
        match self.kind {
            SweepKind::LossWeight => self.seeds.len() * self.points,
            SweepKind::Trainability => self.inits,
            SweepKind::Correlation => self.seeds.len() * self.correlations.len(),
            SweepKind::Transfer => self.seeds.len() * self.task_correlations().len(),
        }
    }

    /// The correlations the correlation and transfer sweeps run, in the order
    /// their charts and counts show them: `p = 1` first (the correlation
    /// sweep's reference, the transfer map's control), then the others as given.
    pub fn task_correlations(&self) -> Vec<f64> {
        let mut ps = vec![1.0];
        ps.extend(self.correlations.iter().copied().filter(|&p| p != 1.0));
        ps
    }

    /// The transfer sweep's correlations in job order: as given, then `p = 1`
    /// (the control) if it was not, so that a guided lab that asks about one
    /// `p` lists it first and has its answer before the control is done.
    fn transfer_job_correlations(&self) -> Vec<f64> {
        let mut ps: Vec<f64> = Vec::new();
        for &p in self.correlations.iter().chain(&[1.0]) {
            if !ps.contains(&p) {
                ps.push(p);
            }
        }
        ps
    }

    /// The loss weights of point `i`: `(1 − t, t)` with `t = i/(points−1)`.
    pub fn weights_at(&self, i: usize) -> Vec<f64> {
        let t = i as f64 / (self.points - 1).max(1) as f64;
        vec![1.0 - t, t]
    }

    /// Every job, in the order the sweep runs them, chosen so that charts fill in
    /// meaningfully: loss weight seed by seed, the weights coarse to fine (both
    /// ends, the middle, the quarters…) so each curve has its shape early;
    /// trainability init by init; correlation seed by seed, `p = 1` first, so
    /// every finished job has its reference and each seed completes a curve;
    /// transfer `p` by `p`, in the order given (the control, `p = 1`, last if
    /// not given), so each bar of the map fills to all its seeds in turn (its
    /// jobs need no reference: each judges against its own single-task networks).
    pub fn jobs(&self) -> Vec<SweepJob> {
        let p = self.base.data.task_correlation;
        let fixed =
            |seed, task_correlation, loss_weights: Vec<f64>, init_seed| SweepJob { seed, task_correlation, loss_weights, init_seed };
        match self.kind {
            SweepKind::LossWeight => {
                let order = coarse_to_fine(self.points);
                self.seeds
                    .iter()
                    .flat_map(|&s| order.iter().map(move |&i| (s, i)))
                    .map(|(s, i)| fixed(s, p, self.weights_at(i), None))
                    .collect()
            }
            SweepKind::Trainability => {
                (1..=self.inits as u64).map(|init| fixed(self.seeds[0], p, self.base.loss_weights.clone(), Some(init))).collect()
            }
            SweepKind::Correlation => {
                let ps = self.task_correlations();
                let w = &self.base.loss_weights;
                self.seeds.iter().flat_map(|&s| ps.iter().map(move |&p| fixed(s, p, w.clone(), self.base.init_seed))).collect()
            }
            SweepKind::Transfer => {
                let w = &self.base.loss_weights;
                let seeds = &self.seeds;
                self.transfer_job_correlations()
                    .into_iter()
                    .flat_map(|p| seeds.iter().map(move |&s| fixed(s, p, w.clone(), self.base.init_seed)))
                    .collect()
            }
        }
    }
}

impl Default for SweepConfig {
    /// The page's correlation sweep ([`SweepConfig::for_kind`]).
    fn default() -> Self {
        Self::for_kind(SweepKind::default())
    }
}

/// `0..n` coarse to fine: the ends, then repeatedly the midpoints of the gaps.
/// `coarse_to_fine(5) = [0, 4, 2, 1, 3]`.
pub fn coarse_to_fine(n: usize) -> Vec<usize> {
    if n <= 2 {
        return (0..n).collect();
    }
    let mut order = vec![0, n - 1];
    let mut gaps = vec![(0, n - 1)];
    while !gaps.is_empty() {
        let mut next = Vec::new();
        for (a, b) in gaps {
            if b - a >= 2 {
                let m = (a + b) / 2;
                order.push(m);
                next.extend([(a, m), (m, b)]);
            }
        }
        gaps = next;
    }
    order
}

/// The JSON form: every field optional, filled from the kind's defaults.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SweepInput {
    kind: SweepKind,
    base: Option<serde_json::Value>,
    steps: Option<usize>,
    seeds: Option<Vec<u64>>,
    points: Option<usize>,
    inits: Option<usize>,
    correlations: Option<Vec<f64>>,
    margin: Option<f64>,
}

impl TryFrom<SweepInput> for SweepConfig {
    type Error = String;
    fn try_from(input: SweepInput) -> std::result::Result<Self, String> {
        let mut config = SweepConfig::for_kind(input.kind);
        if let Some(patch) = input.base {
            let mut base = serde_json::to_value(&config.base).map_err(|e| e.to_string())?;
            merge(&mut base, patch);
            config.base = serde_json::from_value(base).map_err(|e| format!("base: {e}"))?;
        }
        config.steps = input.steps.unwrap_or(config.steps);
        config.seeds = input.seeds.unwrap_or(config.seeds);
        config.points = input.points.unwrap_or(config.points);
        config.inits = input.inits.unwrap_or(config.inits);
        config.correlations = input.correlations.unwrap_or(config.correlations);
        config.margin = input.margin.unwrap_or(config.margin);
        Ok(config)
    }
}

/// Writes `patch` over `into`, object by object (a non-object replaces).
fn merge(into: &mut serde_json::Value, patch: serde_json::Value) {
    match (into, patch) {
        (serde_json::Value::Object(into), serde_json::Value::Object(patch)) => {
            for (key, value) in patch {
                match into.get_mut(&key) {
                    Some(slot) => merge(slot, value),
                    None => {
                        into.insert(key, value);
                    }
                }
            }
        }
        (into, patch) => *into = patch,
    }
}

/// One race of a sweep.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SweepJob {
    /// Data seed (also the batch order's, and the init's unless `init_seed`).
    pub seed: u64,
    pub task_correlation: f64,
    /// Fixed loss weights `[w_A, w_B]`.
    pub loss_weights: Vec<f64>,
    /// Trainability's init seed; `None` uses the data seed.
    pub init_seed: Option<u64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coarse_to_fine_visits_every_point_once() {
        assert_eq!(coarse_to_fine(5), vec![0, 4, 2, 1, 3]);
        let mut all = coarse_to_fine(11);
        assert_eq!(&all[..3], &[0, 10, 5]);
        all.sort();
        assert_eq!(all, (0..11).collect::<Vec<_>>());
        assert_eq!(coarse_to_fine(2), vec![0, 1]);
    }

    #[test]
    fn json_fills_missing_fields_from_the_kind_and_refuses_unknown_ones() {
        let c: SweepConfig = serde_json::from_str(r#"{"kind": "trainability", "base": {"data": {"train_samples": 2000}}}"#).unwrap();
        assert_eq!(c.inits, 10);
        assert_eq!(c.base.data.train_samples, 2000);
        assert_eq!(c.base.data.test_samples, 5000, "the sweep's default, not RaceConfig's");
        assert_eq!(c.base.models, SweepConfig::default().base.models);
        assert!(serde_json::from_str::<SweepConfig>(r#"{"kind": "correlation", "pointz": 3}"#).is_err());
        let err = serde_json::from_str::<SweepConfig>(r#"{"kind": "correlation", "base": {"data": {"sead": 3}}}"#).unwrap_err();
        assert!(err.to_string().contains("sead"), "{err}");
        assert!(serde_json::from_str::<SweepConfig>(r#"{"kind": "histogram"}"#).is_err());
        let round: SweepConfig = serde_json::from_str(&serde_json::to_string(&c).unwrap()).unwrap();
        assert_eq!(round, c);
    }
}
