//! A click → conversion funnel whose truth is known (ESMM paper, Ma et al. 2018).
//!
//! Each impression is a (user, item) pair with the item's category and a few
//! dense features. Every click factor has a conversion twin: item appeal ↔ item
//! quality and category appeal ↔ category quality are correlated by
//! `propensity_correlation` ρ (the item-level factors the two propensities
//! share); a user's click ↔ purchase propensity and the dense directions by
//! `context_correlation` ρ_x:
//!
//! `logit pCTR = b_c + s·a_item + ½·a_cat + ½·a_user + ½·w_cᵀx`
//! `logit pCVR = b_v + q_item + ½·q_cat + ½·q_user + ½·w_vᵀx`, `q = ρ·a + √(1−ρ²)·e`
//!
//! with `s = selection_bias`: the larger it is, the more clicks go to appealing
//! items, hence (through ρ) to high-quality ones, and the more clicked and
//! unclicked impressions differ in what drives conversion. `b_c` and `b_v` are
//! solved so that the expected click rate is `ctr` and the expected conversion
//! rate among clicks is `cvr`. Then `click ~ Bernoulli(pCTR)` and, for EVERY
//! impression, `conversion ~ Bernoulli(pCVR)`: observed only after a click, but
//! kept for unclicked ones as the counterfactual label that lets CVR be scored
//! on the entire impression space.
//!
//! Rows are laid out train, validation (held-out training data for early
//! stopping), test, column by column. Not here: batching (see `train::funnel`).

use super::{sigmoid, solve_bias, twin};
use crate::error::{ensure, Result};
use crate::rng::seeded;
use rand::RngExt;
use rand_distr::StandardNormal;
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// The funnel's knobs. Defaults are the design's reference funnel (§1.5).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FunnelConfig {
    pub users: usize,
    pub items: usize,
    pub categories: usize,
    /// Dense (real-valued) features per impression.
    pub dense_features: usize,
    /// Expected click rate over all impressions.
    pub ctr: f64,
    /// Expected conversion rate among clicked impressions: fewer conversions
    /// per item as it falls (conversion sparsity, with `items`).
    pub cvr: f64,
    /// Selection-bias strength `s`: how strongly clicks depend on the item's appeal.
    pub selection_bias: f64,
    /// Correlation ρ between the item-level click factors (item and category
    /// appeal) and their conversion twins (quality). With `context_correlation`
    /// 0 too, the control world where the two propensities share nothing.
    pub propensity_correlation: f64,
    /// Correlation between the user and dense-feature click effects and their
    /// conversion twins. 0 by default, so that what the two propensities share
    /// is item-level only (design §1.5: sharing user and dense effects too makes
    /// the CTR signal help within the clicked space as much as outside it).
    pub context_correlation: f64,
    pub train_samples: usize,
    /// Held-out training impressions, for early stopping.
    pub validation_samples: usize,
    pub test_samples: usize,
    pub seed: u64,
}

impl Default for FunnelConfig {
    fn default() -> Self {
        Self {
            users: 1000,
            items: 2000,
            categories: 50,
            dense_features: 3,
            ctr: 0.08,
            cvr: 0.08,
            selection_bias: 1.5,
            propensity_correlation: 0.8,
            context_correlation: 0.0,
            train_samples: 300_000,
            validation_samples: 50_000,
            test_samples: 200_000,
            seed: 1,
        }
    }
}

impl FunnelConfig {
    pub fn validate(&self) -> Result<()> {
        for (field, v, hi) in [
            ("users", self.users, 1_000_000),
            ("items", self.items, 1_000_000),
            ("categories", self.categories, 100_000),
            ("dense_features", self.dense_features, 64),
        ] {
            ensure((1..=hi).contains(&v), field, || format!("{v} is not in 1..={hi}"))?;
        }
        ensure(self.categories <= self.items, "categories", || format!("{} exceeds the {} items", self.categories, self.items))?;
        for (field, v) in [("ctr", self.ctr), ("cvr", self.cvr)] {
            ensure(v.is_finite() && (0.001..=0.9).contains(&v), field, || format!("{v} is not in [0.001, 0.9]"))?;
        }
        let s = self.selection_bias;
        ensure(s.is_finite() && (0.0..=5.0).contains(&s), "selection_bias", || format!("{s} is not in [0, 5]"))?;
        let rho = self.propensity_correlation;
        ensure(rho.is_finite() && (-1.0..=1.0).contains(&rho), "propensity_correlation", || format!("{rho} is not in [-1, 1]"))?;
        let rho_x = self.context_correlation;
        ensure(rho_x.is_finite() && (-1.0..=1.0).contains(&rho_x), "context_correlation", || format!("{rho_x} is not in [-1, 1]"))?;
        for (field, v) in
            [("train_samples", self.train_samples), ("validation_samples", self.validation_samples), ("test_samples", self.test_samples)]
        {
            ensure((256..=2_000_000).contains(&v), field, || format!("{v} is not in 256..=2000000"))?;
        }
        Ok(())
    }

    /// Total impressions generated.
    pub fn total(&self) -> usize {
        self.train_samples + self.validation_samples + self.test_samples
    }
}

/// Measured facts about a generated funnel (training rows unless named).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FunnelStats {
    /// Training impressions (the top of the funnel).
    pub impressions: usize,
    pub clicks: usize,
    /// Observed conversions: clicked and converted.
    pub conversions: usize,
    /// Conversions the unclicked training impressions would have had: the
    /// counterfactual no real log holds, known here because every impression
    /// draws its conversion.
    pub unclicked_conversions: usize,
    pub ctr: f64,
    /// Conversions per click.
    pub cvr_clicked: f64,
    /// Counterfactual conversion rate over all impressions.
    pub cvr_entire: f64,
    /// Mean true pCVR over all test impressions.
    pub true_mean_cvr_test: f64,
    pub clicks_per_item: f64,
    pub conversions_per_item: f64,
    /// Milliseconds it took to generate (0 unless the caller measures).
    pub generation_ms: f64,
}

/// A generated funnel, column by column over all rows.
#[derive(Clone, Debug)]
pub struct FunnelData {
    pub config: FunnelConfig,
    pub user: Vec<u32>,
    pub item: Vec<u32>,
    /// The impression's item's category.
    pub category: Vec<u32>,
    /// Dense features `(rows × dense_features)`, row-major.
    pub dense: Vec<f32>,
    pub click: Vec<f32>,
    /// Conversion drawn for EVERY impression: observed only where `click = 1`,
    /// the counterfactual label elsewhere.
    pub conversion: Vec<f32>,
    /// Observed `click ∧ conversion`: the CTCVR label.
    pub ctcvr: Vec<f32>,
    /// The true probabilities behind the draws.
    pub true_ctr: Vec<f32>,
    pub true_cvr: Vec<f32>,
    pub stats: FunnelStats,
}

impl FunnelData {
    /// Draws a funnel. Every draw comes from `config.seed`.
    pub fn generate(config: &FunnelConfig) -> Result<Self> {
        config.validate()?;
        let c = config;
        let mut rng = seeded(c.seed ^ 0xF00_11E1);
        let (rho, rho_x) = (c.propensity_correlation, c.context_correlation);
        let items: Vec<(f64, f64)> = (0..c.items).map(|_| twin(&mut rng, rho)).collect();
        let cats: Vec<(f64, f64)> = (0..c.categories).map(|_| twin(&mut rng, rho)).collect();
        let users: Vec<(f64, f64)> = (0..c.users).map(|_| twin(&mut rng, rho_x)).collect();
        // each category holds at least one item; the rest are spread at random
        let item_cat: Vec<u32> =
            (0..c.items).map(|i| if i < c.categories { i as u32 } else { rng.random_range(0..c.categories as u32) }).collect();
        // dense directions w_c and w_v, correlated by ρ_x, each normalised
        let d = c.dense_features;
        let dense_dirs: Vec<(f64, f64)> = (0..d).map(|_| twin(&mut rng, rho_x)).collect();
        let norm = |f: fn(&(f64, f64)) -> f64| dense_dirs.iter().map(|p| f(p).powi(2)).sum::<f64>().sqrt().max(1e-12);
        let (nc, nv) = (norm(|p| p.0), norm(|p| p.1));

        let n = c.total();
        let mut data = Self {
            config: c.clone(),
            user: Vec::with_capacity(n),
            item: Vec::with_capacity(n),
            category: Vec::with_capacity(n),
            dense: Vec::with_capacity(n * d),
            click: Vec::with_capacity(n),
            conversion: Vec::with_capacity(n),
            ctcvr: Vec::with_capacity(n),
            true_ctr: Vec::with_capacity(n),
            true_cvr: Vec::with_capacity(n),
            stats: FunnelStats::default(),
        };
        // logits without their biases
        let mut zc = Vec::with_capacity(n);
        let mut zv = Vec::with_capacity(n);
        for _ in 0..n {
            let (u, i) = (rng.random_range(0..c.users), rng.random_range(0..c.items));
            let k = item_cat[i] as usize;
            let (mut xc, mut xv) = (0.0, 0.0);
            for (dc, dv) in &dense_dirs {
                let x: f64 = rng.sample(StandardNormal);
                data.dense.push(x as f32);
                xc += x * dc / nc;
                xv += x * dv / nv;
            }
            zc.push(c.selection_bias * items[i].0 + 0.5 * cats[k].0 + 0.5 * users[u].0 + 0.5 * xc);
            zv.push(items[i].1 + 0.5 * cats[k].1 + 0.5 * users[u].1 + 0.5 * xv);
            data.user.push(u as u32);
            data.item.push(i as u32);
            data.category.push(k as u32);
        }
        // biases from (at most) the first 100k rows: E[pCTR] = ctr, E[pCTR·pCVR]/E[pCTR] = cvr
        let m = n.min(100_000);
        let b_c = solve_bias(c.ctr, |b| zc[..m].iter().map(|z| sigmoid(b + z)).sum::<f64>() / m as f64);
        let pc: Vec<f64> = zc[..m].iter().map(|z| sigmoid(b_c + z)).collect();
        let pc_sum: f64 = pc.iter().sum();
        let b_v = solve_bias(c.cvr, |b| pc.iter().zip(&zv[..m]).map(|(p, z)| p * sigmoid(b + z)).sum::<f64>() / pc_sum);

        for (zc, zv) in zc.iter().zip(&zv) {
            let (p_ctr, p_cvr) = (sigmoid(b_c + zc), sigmoid(b_v + zv));
            let click = rng.random::<f64>() < p_ctr;
            let conversion = rng.random::<f64>() < p_cvr;
            data.true_ctr.push(p_ctr as f32);
            data.true_cvr.push(p_cvr as f32);
            data.click.push(f32::from(click));
            data.conversion.push(f32::from(conversion));
            data.ctcvr.push(f32::from(click && conversion));
        }
        data.stats = data.measure();
        Ok(data)
    }

    fn measure(&self) -> FunnelStats {
        let train = self.train();
        let clicks = self.click[train.clone()].iter().filter(|&&v| v > 0.5).count();
        let conversions = self.ctcvr[train.clone()].iter().filter(|&&v| v > 0.5).count();
        let unclicked_conversions =
            self.click[train.clone()].iter().zip(&self.conversion[train.clone()]).filter(|&(&c, &v)| c < 0.5 && v > 0.5).count();
        let n = train.len() as f64;
        let test = self.test();
        FunnelStats {
            impressions: train.len(),
            clicks,
            conversions,
            unclicked_conversions,
            ctr: clicks as f64 / n,
            cvr_clicked: conversions as f64 / clicks.max(1) as f64,
            cvr_entire: self.conversion[train].iter().map(|&v| v as f64).sum::<f64>() / n,
            true_mean_cvr_test: self.true_cvr[test.clone()].iter().map(|&v| v as f64).sum::<f64>() / test.len() as f64,
            clicks_per_item: clicks as f64 / self.config.items as f64,
            conversions_per_item: conversions as f64 / self.config.items as f64,
            generation_ms: 0.0,
        }
    }

    pub fn train(&self) -> Range<usize> {
        0..self.config.train_samples
    }
    pub fn validation(&self) -> Range<usize> {
        let start = self.config.train_samples;
        start..start + self.config.validation_samples
    }
    pub fn test(&self) -> Range<usize> {
        self.config.train_samples + self.config.validation_samples..self.config.total()
    }
    pub fn dense_features(&self) -> usize {
        self.config.dense_features
    }
}
