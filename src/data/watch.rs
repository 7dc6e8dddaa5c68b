//! A video feed whose watch time is known (YouTube DNN's weighted
//! cross-entropy; the chapter's "loss加权融合").
//!
//! Each video has an appeal `A`, which drives the click, a quality `Q`, which
//! drives how much of it a viewer watches once clicked, a category and a length
//! `L` (minutes). `A` and `Q` are correlated by `appeal_quality_correlation` ρ
//! (at the item and the category level alike): ρ < 0 is clickbait (tempting,
//! then abandoned), ρ = 0 the control, ρ > 0 a world where they agree. Users
//! have a click propensity and an interest vector; `aff = uᵀv/√k` is how well a
//! video's topic suits a user, and drives both the click and the watching:
//!
//! `logit P(click) = b_c + s_a·A + ½·aff + ½·B_user + ½·w_xᵀx`
//! `f = σ(m + σ_w·ε)`, `m = b_f + s_q·Q + ½·aff`, `ε ~ N(0, 1)`
//!
//! with `s_a = appeal_strength`, `s_q = quality_strength`, `σ_w = watch_noise`,
//! `x` two context features (the slot, the hour; click only) and `b_c` solved
//! so that the expected click rate is `ctr`. Only after a click does the viewer
//! watch a fraction `f` of the video: watch time `T = f·L` and finish
//! (完播) `= [f ≥ 0.9]`; an unclicked impression has `T = 0` and no finish.
//!
//! The world knows, for every impression, `P(click)`, `E[T | click] = L·E_ε[f]`
//! (by quadrature), `P(finish | click) = Φ((m − logit 0.9)/σ_w)`, hence the
//! expected watch time per impression `E[T·click] = P(click)·E[T | click]`,
//! which is what the oracle ranks by.
//!
//! Rows are laid out train, then test; the test rows are `test_per_user`
//! impressions for each user in turn, so each user's ranking can be scored.
//! The dense features are the video's standardised log length (a feature every
//! real system has) and the two context features. Not here: batching (see
//! `train::watch`).

use super::{sigmoid, solve_bias, twin};
use crate::error::{ensure, Result};
use crate::rng::{seeded, SeedRng};
use rand::RngExt;
use rand_distr::StandardNormal;
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// Dense features per impression: log length, then two context features.
pub const WATCH_DENSE: usize = 3;
/// Finish (完播) means watching at least this share of the video.
pub const FINISH_SHARE: f64 = 0.9;
/// Video lengths are log-normal: median 4 minutes, log standard deviation 0.6.
const LENGTH_MEDIAN: f64 = 4.0;
const LENGTH_LOG_STD: f64 = 0.6;
/// Dimension of the user-interest and video-topic vectors.
const INTEREST_DIM: usize = 4;

/// The watch-time world's knobs. The default is the clickbait world.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WatchConfig {
    pub users: usize,
    pub videos: usize,
    pub categories: usize,
    /// Expected click rate over all impressions, in [0.01, 0.6].
    pub ctr: f64,
    /// Correlation ρ of a video's appeal and quality, in [−1, 1]:
    /// negative = clickbait, 0 = control, positive = they agree.
    pub appeal_quality_correlation: f64,
    /// `s_a`, in [0, 4]: how strongly appeal drives the click.
    pub appeal_strength: f64,
    /// `s_q`, in [0, 4]: how strongly quality drives the share watched.
    pub quality_strength: f64,
    /// `σ_w`, in [0.05, 4]: per-view noise on the watch logit.
    pub watch_noise: f64,
    /// `b_f`, in [−4, 4]: the watch logit's bias (0 = half watched on average).
    pub watch_bias: f64,
    pub train_samples: usize,
    /// Test impressions per user (the ranking is scored per user).
    pub test_per_user: usize,
    pub seed: u64,
}

impl Default for WatchConfig {
    fn default() -> Self {
        Self {
            users: 500,
            videos: 1000,
            categories: 20,
            ctr: 0.1,
            appeal_quality_correlation: -0.7,
            appeal_strength: 1.5,
            quality_strength: 1.5,
            watch_noise: 1.0,
            watch_bias: 1.5,
            train_samples: 100_000,
            test_per_user: 40,
            seed: 1,
        }
    }
}

impl WatchConfig {
    pub fn validate(&self) -> Result<()> {
        for (field, v, lo, hi) in [
            ("users", self.users, 1, 100_000),
            ("videos", self.videos, 1, 100_000),
            ("categories", self.categories, 1, 10_000),
            ("train_samples", self.train_samples, 256, 2_000_000),
            ("test_per_user", self.test_per_user, 10, 1_000),
        ] {
            ensure((lo..=hi).contains(&v), field, || format!("{v} is not in {lo}..={hi}"))?;
        }
        ensure(self.categories <= self.videos, "categories", || format!("{} exceeds the {} videos", self.categories, self.videos))?;
        ensure(self.users * self.test_per_user <= 1_000_000, "test_per_user", || "users × test_per_user exceeds 1000000".into())?;
        for (field, v, lo, hi) in [
            ("ctr", self.ctr, 0.01, 0.6),
            ("appeal_quality_correlation", self.appeal_quality_correlation, -1.0, 1.0),
            ("appeal_strength", self.appeal_strength, 0.0, 4.0),
            ("quality_strength", self.quality_strength, 0.0, 4.0),
            ("watch_noise", self.watch_noise, 0.05, 4.0),
            ("watch_bias", self.watch_bias, -4.0, 4.0),
        ] {
            ensure(v.is_finite() && (lo..=hi).contains(&v), field, || format!("{v} is not in [{lo}, {hi}]"))?;
        }
        Ok(())
    }

    pub fn test_samples(&self) -> usize {
        self.users * self.test_per_user
    }

    /// Total impressions generated.
    pub fn total(&self) -> usize {
        self.train_samples + self.test_samples()
    }
}

/// Measured facts about a generated world (training rows unless named).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct WatchStats {
    pub impressions: usize,
    pub clicks: usize,
    pub ctr: f64,
    /// Mean watch time per click (minutes).
    pub watch_per_click: f64,
    /// Σ T over the clicks / unclicked impressions: the odds a bias-only
    /// weighted-CE model converges to.
    pub weighted_odds: f64,
    /// Finishes per click.
    pub finish_rate: f64,
    /// Measured Pearson correlation of the videos' appeal and quality.
    pub appeal_quality_pearson: f64,
    /// Mean true E[T·click] over the test impressions (minutes per impression).
    pub mean_expected_watch_test: f64,
    /// Milliseconds it took to generate (0 unless the caller measures).
    pub generation_ms: f64,
}

/// A generated world, column by column over all rows.
#[derive(Clone, Debug)]
pub struct WatchData {
    pub config: WatchConfig,
    pub user: Vec<u32>,
    pub video: Vec<u32>,
    /// The impression's video's category.
    pub category: Vec<u32>,
    /// Dense features `(rows × WATCH_DENSE)`, row-major.
    pub dense: Vec<f32>,
    pub click: Vec<f32>,
    /// Watch time T in minutes; 0 without a click.
    pub watch: Vec<f32>,
    /// Observed click ∧ finish (完播 exists only after a click).
    pub finish: Vec<f32>,
    /// The truth behind the draws: P(click), E[T | click], P(finish | click).
    pub true_ctr: Vec<f32>,
    pub true_watch: Vec<f32>,
    pub true_finish: Vec<f32>,
    /// Per video: appeal A, quality Q (both standardised) and length (minutes).
    pub appeal: Vec<f64>,
    pub quality: Vec<f64>,
    pub length: Vec<f64>,
    pub stats: WatchStats,
}

/// Φ(x), the standard normal CDF, through erfc (Numerical Recipes' `erfcc`,
/// fractional error below 1.2e-7).
pub fn normal_cdf(x: f64) -> f64 {
    let z = x.abs() / std::f64::consts::SQRT_2;
    let t = 1.0 / (1.0 + 0.5 * z);
    let poly = -z * z - 1.265_512_23
        + t * (1.000_023_68
            + t * (0.374_091_96
                + t * (0.096_784_18
                    + t * (-0.186_288_06
                        + t * (0.278_868_07 + t * (-1.135_203_98 + t * (1.488_515_87 + t * (-0.822_152_23 + t * 0.170_872_77))))))));
    let erfc = t * poly.exp();
    if x >= 0.0 {
        1.0 - 0.5 * erfc
    } else {
        0.5 * erfc
    }
}

/// `E[σ(m + s·ε)]` for `ε ~ N(0, 1)`: the trapezoid rule on ±7 standard
/// deviations in steps of 0.25, its weights normalised. For an integrand this
/// smooth the rule converges geometrically: the error is below 1e-8 for any
/// `s ≤ 4`, far below f32's.
pub fn expected_sigmoid(m: f64, s: f64) -> f64 {
    const STEPS: usize = 56;
    let (mut sum, mut weights) = (0.0, 0.0);
    for k in 0..=STEPS {
        let z = -7.0 + 14.0 * k as f64 / STEPS as f64;
        let w = (-0.5 * z * z).exp();
        sum += w * sigmoid(m + s * z);
        weights += w;
    }
    sum / weights
}

impl WatchData {
    /// Draws a world. Every draw comes from `config.seed`.
    pub fn generate(config: &WatchConfig) -> Result<Self> {
        config.validate()?;
        let c = config;
        let mut rng = seeded(c.seed ^ 0x57A7_C11E);
        let rho = c.appeal_quality_correlation;
        // video factors: item-level plus half the category's, rescaled to unit variance
        let cats: Vec<(f64, f64)> = (0..c.categories).map(|_| twin(&mut rng, rho)).collect();
        let video_cat: Vec<u32> =
            (0..c.videos).map(|i| if i < c.categories { i as u32 } else { rng.random_range(0..c.categories as u32) }).collect();
        let scale = 1.0 / 1.25f64.sqrt();
        let (mut appeal, mut quality, mut length) = (Vec::new(), Vec::new(), Vec::new());
        for &k in &video_cat {
            let (a, q) = twin(&mut rng, rho);
            appeal.push(scale * (a + 0.5 * cats[k as usize].0));
            quality.push(scale * (q + 0.5 * cats[k as usize].1));
            length.push(LENGTH_MEDIAN * (LENGTH_LOG_STD * rng.sample::<f64, _>(StandardNormal)).exp());
        }
        let normal_vec = |rng: &mut SeedRng| -> Vec<f64> { (0..INTEREST_DIM).map(|_| rng.sample(StandardNormal)).collect() };
        let topics: Vec<Vec<f64>> = (0..c.videos).map(|_| normal_vec(&mut rng)).collect();
        let interests: Vec<Vec<f64>> = (0..c.users).map(|_| normal_vec(&mut rng)).collect();
        let user_bias: Vec<f64> = (0..c.users).map(|_| rng.sample(StandardNormal)).collect();
        let context_dir = [0.8, 0.6];

        let n = c.total();
        let mut data = Self {
            config: c.clone(),
            user: Vec::with_capacity(n),
            video: Vec::with_capacity(n),
            category: Vec::with_capacity(n),
            dense: Vec::with_capacity(n * WATCH_DENSE),
            click: Vec::with_capacity(n),
            watch: Vec::with_capacity(n),
            finish: Vec::with_capacity(n),
            true_ctr: Vec::with_capacity(n),
            true_watch: Vec::with_capacity(n),
            true_finish: Vec::with_capacity(n),
            appeal,
            quality,
            length,
            stats: WatchStats::default(),
        };
        // click logits without their bias, and watch logits m
        let (mut zc, mut zw) = (Vec::with_capacity(n), Vec::with_capacity(n));
        for row in 0..n {
            let u = if row < c.train_samples { rng.random_range(0..c.users) } else { (row - c.train_samples) / c.test_per_user };
            let v = rng.random_range(0..c.videos);
            let aff = interests[u].iter().zip(&topics[v]).map(|(a, b)| a * b).sum::<f64>() / (INTEREST_DIM as f64).sqrt();
            let x: [f64; 2] = [rng.sample(StandardNormal), rng.sample(StandardNormal)];
            let log_len = (data.length[v] / LENGTH_MEDIAN).ln() / LENGTH_LOG_STD;
            data.dense.extend([log_len as f32, x[0] as f32, x[1] as f32]);
            zc.push(
                c.appeal_strength * data.appeal[v] + 0.5 * aff + 0.5 * user_bias[u] + 0.5 * (context_dir[0] * x[0] + context_dir[1] * x[1]),
            );
            zw.push(c.watch_bias + c.quality_strength * data.quality[v] + 0.5 * aff);
            data.user.push(u as u32);
            data.video.push(v as u32);
            data.category.push(video_cat[v]);
        }
        // the click bias from (at most) the first 100k rows: E[P(click)] = ctr
        let m = n.min(100_000);
        let b_c = solve_bias(c.ctr, |b| zc[..m].iter().map(|z| sigmoid(b + z)).sum::<f64>() / m as f64);
        let finish_logit = (FINISH_SHARE / (1.0 - FINISH_SHARE)).ln();
        for row in 0..n {
            let p_click = sigmoid(b_c + zc[row]);
            let len = data.length[data.video[row] as usize];
            let click = rng.random::<f64>() < p_click;
            let eps: f64 = rng.sample(StandardNormal);
            let share = sigmoid(zw[row] + c.watch_noise * eps);
            let (t, finish) = if click { (share * len, share >= FINISH_SHARE) } else { (0.0, false) };
            data.click.push(f32::from(click));
            data.watch.push(t as f32);
            data.finish.push(f32::from(finish));
            data.true_ctr.push(p_click as f32);
            data.true_watch.push((len * expected_sigmoid(zw[row], c.watch_noise)) as f32);
            data.true_finish.push(normal_cdf((zw[row] - finish_logit) / c.watch_noise) as f32);
        }
        data.stats = data.measure();
        Ok(data)
    }

    fn measure(&self) -> WatchStats {
        let train = self.train();
        let clicks = self.click[train.clone()].iter().filter(|&&v| v > 0.5).count();
        let watch: f64 = self.watch[train.clone()].iter().map(|&t| t as f64).sum();
        let finishes = self.finish[train.clone()].iter().filter(|&&v| v > 0.5).count();
        let test = self.test();
        WatchStats {
            impressions: train.len(),
            clicks,
            ctr: clicks as f64 / train.len() as f64,
            watch_per_click: watch / clicks.max(1) as f64,
            weighted_odds: watch / (train.len() - clicks).max(1) as f64,
            finish_rate: finishes as f64 / clicks.max(1) as f64,
            appeal_quality_pearson: super::pearson(&self.appeal, &self.quality),
            mean_expected_watch_test: test.clone().map(|i| self.expected_watch(i)).sum::<f64>() / test.len() as f64,
            generation_ms: 0.0,
        }
    }

    /// The true expected watch time of impression `row`, E[T·click] = P(click)·E[T | click].
    pub fn expected_watch(&self, row: usize) -> f64 {
        self.true_ctr[row] as f64 * self.true_watch[row] as f64
    }

    pub fn train(&self) -> Range<usize> {
        0..self.config.train_samples
    }
    /// `test_per_user` rows for user 0, then user 1, …
    pub fn test(&self) -> Range<usize> {
        self.config.train_samples..self.config.total()
    }
}
