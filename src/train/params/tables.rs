//! The four scenarios' tables of settings, in the page's order.

use super::{Apply, Domain, Param, Value};
use crate::data::correlated::TASKS;
use crate::data::table::TableConfig;
use crate::models::funnel::FunnelKind;
use crate::models::preset::Preset;
use crate::models::watch::WatchKind;
use crate::models::ModelKind;
use crate::nn::activation::Activation;
use crate::train::funnel::FunnelRaceConfig;
use crate::train::watch::WatchRaceConfig;
use crate::train::weighting::LossWeighting;
use crate::train::RaceConfig;
use std::str::FromStr;

/// Learning rates offered on the page's log-scale slider.
pub const LEARNING_RATES: [f64; 11] = [1e-4, 2e-4, 3e-4, 5e-4, 1e-3, 2e-3, 3e-3, 5e-3, 1e-2, 2e-2, 3e-2];

const fn number(min: f64, max: f64, step: f64) -> Domain {
    Domain::Number { min, max, step }
}

fn ids<K: Copy>(all: &[K], id: fn(K) -> &'static str) -> Vec<&'static str> {
    all.iter().map(|&k| id(k)).collect()
}

fn names<K: Copy>(kinds: &[K], id: fn(K) -> &'static str) -> Value {
    Value::List(kinds.iter().map(|&k| id(k).to_string()).collect())
}

/// A checked list's kinds (every name is one of the domain's ids).
fn kinds<K: FromStr>(value: &Value) -> Vec<K> {
    match value {
        Value::List(items) => items.iter().filter_map(|s| s.parse().ok()).collect(),
        _ => Vec::new(),
    }
}

/// A checked name.
fn text(value: &Value) -> &str {
    match value {
        Value::Text(s) => s,
        _ => "",
    }
}

/// A preset's id, or `custom` for sizes that match none.
fn preset_options() -> Vec<&'static str> {
    Preset::ALL.iter().map(|p| p.id()).chain(["custom"]).collect()
}

/// The correlated tasks (`RaceConfig`).
pub fn race_params() -> Vec<Param<RaceConfig>> {
    type C = RaceConfig;
    vec![
        Param {
            name: "p",
            domain: number(-1.0, 1.0, 0.05),
            apply: Apply::Live,
            get: |c: &C| Value::Number(c.data.task_correlation),
            set: |c: &mut C, x, _| c.data.task_correlation = x,
        },
        // task A's share of the loss weight: the weights are 2·[w, 1 − w]
        Param {
            name: "w",
            domain: number(0.0, 1.0, 0.05),
            apply: Apply::Live,
            get: |c: &C| Value::Number(c.loss_weights[0] / (c.loss_weights[0] + c.loss_weights[1])),
            set: |c: &mut C, w, _| c.loss_weights = loss_weights(w).to_vec(),
        },
        Param {
            name: "weighting",
            domain: Domain::Enum(|| LossWeighting::KINDS.to_vec()),
            apply: Apply::Live,
            get: |c: &C| Value::Text(c.weighting.id().into()),
            set: |c: &mut C, _, v| c.weighting = LossWeighting::of_kind(text(v), c.weighting.alpha()),
        },
        // GradNorm's α: kept by the page under the other strategies, used under GradNorm
        Param {
            name: "alpha",
            domain: number(0.0, 3.0, 0.25),
            apply: Apply::Live,
            get: |c: &C| Value::Number(c.weighting.alpha()),
            set: |c: &mut C, alpha, _| c.weighting.set_alpha(alpha),
        },
        Param {
            name: "lr",
            domain: Domain::Choice(&LEARNING_RATES),
            apply: Apply::Live,
            get: |c: &C| Value::Number(c.optimizer.lr),
            set: |c: &mut C, lr, _| c.optimizer.lr = lr,
        },
        Param {
            name: "models",
            domain: Domain::List(|| ids(&ModelKind::ALL, ModelKind::id)),
            apply: Apply::Rebuild,
            get: |c: &C| names(&c.models, ModelKind::id),
            set: |c: &mut C, _, v| c.models = kinds(v),
        },
        // before the sizes: a preset sets them all, then the size controls override
        Param {
            name: "preset",
            domain: Domain::Enum(preset_options),
            apply: Apply::Rebuild,
            get: |c: &C| Value::Text(Preset::matching(&c.sizes).map_or("custom", Preset::id).into()),
            set: |c: &mut C, _, v| {
                if let Ok(preset) = text(v).parse::<Preset>() {
                    c.sizes = preset.sizes();
                }
            },
        },
        // single-task networks are as wide as the shared bottom: the same capacity per task
        Param {
            name: "bottomUnits",
            domain: Domain::Int { min: 1.0, max: 128.0 },
            apply: Apply::Rebuild,
            get: |c: &C| Value::Number(c.sizes.bottom_units as f64),
            set: |c: &mut C, n, _| {
                c.sizes.bottom_units = n as usize;
                c.sizes.single_units = n as usize;
            },
        },
        Param {
            name: "experts",
            domain: Domain::Int { min: 1.0, max: 16.0 },
            apply: Apply::Rebuild,
            get: |c: &C| Value::Number(c.sizes.experts as f64),
            set: |c: &mut C, n, _| c.sizes.experts = n as usize,
        },
        Param {
            name: "expertUnits",
            domain: Domain::Int { min: 1.0, max: 64.0 },
            apply: Apply::Rebuild,
            get: |c: &C| Value::Number(c.sizes.expert_units as f64),
            set: |c: &mut C, n, _| c.sizes.expert_units = n as usize,
        },
        Param {
            name: "towerUnits",
            domain: Domain::Int { min: 1.0, max: 64.0 },
            apply: Apply::Rebuild,
            get: |c: &C| Value::Number(c.sizes.tower_units as f64),
            set: |c: &mut C, n, _| c.sizes.tower_units = n as usize,
        },
        // the hidden layers' activation: a preset sets it with the sizes
        Param {
            name: "activation",
            domain: Domain::Enum(|| ids(&Activation::ALL, Activation::id)),
            apply: Apply::Rebuild,
            get: |c: &C| Value::Text(c.sizes.activation.id().into()),
            set: |c: &mut C, _, v| c.sizes.activation = text(v).parse().unwrap_or_default(),
        },
        Param {
            name: "batch",
            domain: Domain::Choice(&[32.0, 64.0, 128.0, 256.0, 512.0, 1024.0]),
            apply: Apply::Rebuild,
            get: |c: &C| Value::Number(c.batch_size as f64),
            set: |c: &mut C, n, _| c.batch_size = n as usize,
        },
        Param {
            name: "samples",
            domain: Domain::Choice(&[5000.0, 10000.0, 20000.0, 50000.0, 100000.0]),
            apply: Apply::Rebuild,
            get: |c: &C| Value::Number(c.data.train_samples as f64),
            set: |c: &mut C, n, _| c.data.train_samples = n as usize,
        },
        Param {
            name: "seed",
            domain: SEED,
            apply: Apply::Rebuild,
            get: |c: &C| Value::Number(c.data.seed as f64),
            set: |c: &mut C, n, _| c.data.seed = n as u64,
        },
    ]
}

/// The correlated tasks' size settings: what a preset sets, and what makes
/// the sizes `custom` when moved.
pub const SIZE_PARAMS: [&str; 5] = ["bottomUnits", "experts", "expertUnits", "towerUnits", "activation"];

/// The data seed's range, the same in every scenario.
const SEED: Domain = Domain::Int { min: 0.0, max: 99999.0 };

/// The loss weights `T·[w, 1 − w]` for task A's share `w`, to 4 decimals (no
/// 0.30000000000000004 in a link or an export). They sum to the number of
/// tasks `T`, as GradNorm's weights do: at `w = 0.5` they are the core's default
/// `[1, 1]`, and a switch between fixed weights and GradNorm starts GradNorm
/// from the weights the race had.
pub fn loss_weights(w: f64) -> [f64; TASKS] {
    let round = |x: f64| (x * 1e4).round() / 1e4;
    [round(TASKS as f64 * w), round(TASKS as f64 * (1.0 - w))]
}

/// The click → conversion funnel (`FunnelRaceConfig`).
pub fn funnel_params() -> Vec<Param<FunnelRaceConfig>> {
    type C = FunnelRaceConfig;
    vec![
        Param {
            name: "selection",
            domain: number(0.0, 3.0, 0.25),
            apply: Apply::Rebuild,
            get: |c: &C| Value::Number(c.data.selection_bias),
            set: |c: &mut C, x, _| c.data.selection_bias = x,
        },
        Param {
            name: "rho",
            domain: number(0.0, 1.0, 0.1),
            apply: Apply::Rebuild,
            get: |c: &C| Value::Number(c.data.propensity_correlation),
            set: |c: &mut C, x, _| c.data.propensity_correlation = x,
        },
        Param {
            name: "ctr",
            domain: Domain::Choice(&[0.02, 0.04, 0.08, 0.15]),
            apply: Apply::Rebuild,
            get: |c: &C| Value::Number(c.data.ctr),
            set: |c: &mut C, x, _| c.data.ctr = x,
        },
        Param {
            name: "cvr",
            domain: Domain::Choice(&[0.02, 0.05, 0.08, 0.15, 0.3]),
            apply: Apply::Rebuild,
            get: |c: &C| Value::Number(c.data.cvr),
            set: |c: &mut C, x, _| c.data.cvr = x,
        },
        Param {
            name: "items",
            domain: Domain::Choice(&[500.0, 1000.0, 2000.0, 4000.0, 8000.0]),
            apply: Apply::Rebuild,
            get: |c: &C| Value::Number(c.data.items as f64),
            set: |c: &mut C, n, _| c.data.items = n as usize,
        },
        Param {
            name: "funnelModels",
            domain: Domain::List(|| ids(&FunnelKind::ALL, FunnelKind::id)),
            apply: Apply::Rebuild,
            get: |c: &C| names(&c.models, FunnelKind::id),
            set: |c: &mut C, _, v| c.models = kinds(v),
        },
        Param {
            name: "seed",
            domain: SEED,
            apply: Apply::Rebuild,
            get: |c: &C| Value::Number(c.data.seed as f64),
            set: |c: &mut C, n, _| c.data.seed = n as u64,
        },
    ]
}

/// Watch time (`WatchRaceConfig`).
pub fn watch_params() -> Vec<Param<WatchRaceConfig>> {
    type C = WatchRaceConfig;
    vec![
        // negative: clickbait, the appeal that wins a click promises little watching
        Param {
            name: "appealQuality",
            domain: number(-1.0, 1.0, 0.1),
            apply: Apply::Rebuild,
            get: |c: &C| Value::Number(c.data.appeal_quality_correlation),
            set: |c: &mut C, x, _| c.data.appeal_quality_correlation = x,
        },
        Param {
            name: "clickRate",
            domain: Domain::Choice(&[0.02, 0.05, 0.1, 0.2, 0.3, 0.5]),
            apply: Apply::Rebuild,
            get: |c: &C| Value::Number(c.data.ctr),
            set: |c: &mut C, x, _| c.data.ctr = x,
        },
        Param {
            name: "clickWeight",
            domain: number(0.0, 1.0, 0.05),
            apply: Apply::Live,
            get: |c: &C| Value::Number(c.click_weight),
            set: |c: &mut C, w, _| c.click_weight = w,
        },
        Param {
            name: "watchModels",
            domain: Domain::List(|| ids(&WatchKind::ALL, WatchKind::id)),
            apply: Apply::Rebuild,
            get: |c: &C| names(&c.models, WatchKind::id),
            set: |c: &mut C, _, v| c.models = kinds(v),
        },
        Param {
            name: "seed",
            domain: SEED,
            apply: Apply::Rebuild,
            get: |c: &C| Value::Number(c.data.seed as f64),
            set: |c: &mut C, n, _| c.data.seed = n as u64,
        },
    ]
}

/// The correlated tasks' settings that a race on a file (`DataLab`, the CLI's
/// `data`) takes as well: the same models, sizes, loss weight, learning rate
/// and batch. The rest of the tasks' race config is its synthetic data's.
pub const TABLE_RACE_PARAMS: [&str; 10] =
    ["w", "lr", "models", "preset", "bottomUnits", "experts", "expertUnits", "towerUnits", "activation", "batch"];

/// How a file is split (`TableConfig`): the held-out shares and the seed that
/// shuffles the rows. The labels and the excluded columns name a file's
/// columns, so the page keeps them (state.js); the vocabulary cap and the
/// minimum count are the CLI's (`mtl-lab data --vocab-cap`).
pub fn table_params() -> Vec<Param<TableConfig>> {
    type C = TableConfig;
    vec![
        Param {
            name: "validation",
            domain: number(0.05, 0.5, 0.05),
            apply: Apply::Rebuild,
            get: |c: &C| Value::Number(c.validation),
            set: |c: &mut C, x, _| c.validation = x,
        },
        Param {
            name: "test",
            domain: number(0.05, 0.5, 0.05),
            apply: Apply::Rebuild,
            get: |c: &C| Value::Number(c.test),
            set: |c: &mut C, x, _| c.test = x,
        },
        Param {
            name: "seed",
            domain: SEED,
            apply: Apply::Rebuild,
            get: |c: &C| Value::Number(c.seed as f64),
            set: |c: &mut C, n, _| c.seed = n as u64,
        },
    ]
}
