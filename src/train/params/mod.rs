//! The core's settings as the page shows them: one table per scenario of every
//! control's name (as the URL spells it), its range or options, how a running
//! race takes a change, and how it reads and sets the scenario's config. The
//! defaults are read off the configs' `Default`, never restated, so a default
//! changed in the core changes the page's controls and links with no JavaScript
//! edit (the page reads [`specs`] from the wasm at start-up and builds every
//! config through [`config_from`]). The tables are in `tables.rs`.
//!
//! The ranges are the page's: the span a slider or a link may choose, always
//! inside what the configs' `validate` accepts (a test checks every end and
//! every option).
//!
//! Not here: what is the page's own (language, view, embedding, the workers),
//! or the CLI's flags (`src/bin/mtl_lab/`), which reach more of the config.

use super::RaceConfig;
use crate::error::{Error, Result};
use crate::models::preset::Preset;
use serde::Serialize;
use std::collections::BTreeMap;

mod tables;
pub use tables::{funnel_params, loss_weights, race_params, table_params, watch_params, LEARNING_RATES, SIZE_PARAMS, TABLE_RACE_PARAMS};

/// A setting's value as the page holds it: a number, a name, or a list of names.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Value {
    Number(f64),
    Text(String),
    List(Vec<String>),
}

/// What a setting may be.
#[derive(Clone, Copy, Debug)]
pub enum Domain {
    /// Any number in `[min, max]` on a grid of `step` from `min`.
    Number { min: f64, max: f64, step: f64 },
    /// A whole number in `min..=max`.
    Int { min: f64, max: f64 },
    /// One of these numbers (a link's other number snaps to the nearest).
    Choice(&'static [f64]),
    /// One of these names.
    Enum(fn() -> Vec<&'static str>),
    /// Some of these names, at least one, each once.
    List(fn() -> Vec<&'static str>),
}

/// How a running race takes a change of the setting.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Apply {
    /// Applied to the running models at the same step for every model.
    Live,
    /// A new race.
    Rebuild,
}

/// One setting of a scenario's config `C`.
pub struct Param<C> {
    /// The page's and the URL's name.
    pub name: &'static str,
    pub domain: Domain,
    pub apply: Apply,
    /// The setting's value in a config (its default: `get(&C::default())`).
    pub get: fn(&C) -> Value,
    /// Sets the setting to a value already checked against the domain: its
    /// number (NaN for a name or a list) and the value itself.
    pub set: fn(&mut C, f64, &Value),
}

/// A setting as the page receives it (`coreParams()`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Spec {
    pub name: &'static str,
    /// The scenarios whose config has it (`seed`: all four).
    pub scenarios: Vec<&'static str>,
    /// `number`, `int`, `choice`, `enum` or `list`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub step: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub options: Option<Vec<Value>>,
    pub default: Value,
    pub apply: Apply,
}

/// Every scenario's settings for the page, in page order; a setting several
/// scenarios share appears once, naming them all: the seed, and the tasks'
/// models, sizes and training settings that a race on a file takes too
/// ([`TABLE_RACE_PARAMS`]).
pub fn specs() -> Vec<Spec> {
    let mut all: Vec<Spec> = Vec::new();
    let mut add = |scenario: &'static str, specs: Vec<Spec>| {
        for spec in specs {
            match all.iter_mut().find(|s| s.name == spec.name) {
                Some(shared) => shared.scenarios.push(scenario),
                None => all.push(Spec { scenarios: vec![scenario], ..spec }),
            }
        }
    };
    add("tasks", race_params().iter().map(spec_of).collect());
    add("funnel", funnel_params().iter().map(spec_of).collect());
    add("watch", watch_params().iter().map(spec_of).collect());
    add("data", table_race_params().iter().map(spec_of).chain(table_params().iter().map(spec_of)).collect());
    // the seed, every scenario's, goes last, as the page lists it after every scenario's own settings
    // (a stable partition, not a sort: each sort's closure is its own copy of the standard sort in the wasm)
    let every = all.iter().map(|s| s.scenarios.len()).max().unwrap_or(0);
    let (mut own, everyones): (Vec<Spec>, Vec<Spec>) = all.into_iter().partition(|s| s.scenarios.len() < every);
    own.extend(everyones);
    own
}

/// The correlated tasks' settings that a race on a file takes too
/// ([`TABLE_RACE_PARAMS`]: models, sizes, batch, and live the loss weight and
/// the learning rate).
pub fn table_race_params() -> Vec<Param<RaceConfig>> {
    race_params().into_iter().filter(|p| TABLE_RACE_PARAMS.contains(&p.name)).collect()
}

/// A named preset as the page offers it: the size settings it sets (the sizes
/// it sets that have no control, such as PLE's levels, come with the preset's
/// name through [`config_from`]) and its correlation sweep's steps.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PresetSpec {
    pub id: &'static str,
    pub values: BTreeMap<&'static str, Value>,
    pub sweep_steps: usize,
}

/// Every preset, in the order the page offers them.
pub fn presets() -> Vec<PresetSpec> {
    let table = race_params();
    Preset::ALL
        .into_iter()
        .map(|preset| {
            let config = RaceConfig { sizes: preset.sizes(), ..RaceConfig::default() };
            let values = table.iter().filter(|p| SIZE_PARAMS.contains(&p.name)).map(|p| (p.name, (p.get)(&config))).collect();
            PresetSpec { id: preset.id(), values, sweep_steps: preset.sweep_steps() }
        })
        .collect()
}

fn spec_of<C: Default>(param: &Param<C>) -> Spec {
    let list = |options: Vec<&'static str>| Some(options.into_iter().map(|s| Value::Text(s.into())).collect());
    let (kind, min, max, step, options) = match param.domain {
        Domain::Number { min, max, step } => ("number", Some(min), Some(max), Some(step), None),
        Domain::Int { min, max } => ("int", Some(min), Some(max), None, None),
        Domain::Choice(options) => ("choice", None, None, None, Some(options.iter().map(|&x| Value::Number(x)).collect())),
        Domain::Enum(options) => ("enum", None, None, None, list(options())),
        Domain::List(options) => ("list", None, None, None, list(options())),
    };
    Spec { name: param.name, scenarios: Vec::new(), kind, min, max, step, options, default: (param.get)(&C::default()), apply: param.apply }
}

/// The scenario's default config with `values` set (by name, in the table's
/// order; names not given keep their defaults). A name the table does not
/// have, or a value outside its setting's domain, is an error naming it.
pub fn config_from<C: Default>(params: &[Param<C>], mut values: BTreeMap<String, Value>) -> Result<C> {
    let mut config = C::default();
    for param in params {
        if let Some(value) = values.remove(param.name) {
            let x = checked(param, &value)?;
            (param.set)(&mut config, x, &value);
        }
    }
    match values.into_keys().next() {
        Some(name) => Err(Error::InvalidConfig { field: "settings", reason: format!("no setting `{name}` in this scenario") }),
        None => Ok(config),
    }
}

/// A running race's config `current` with the live settings in `values` set
/// (by name, in the table's order; the others keep the race's values): what
/// the race takes through its `take_live` without a restart. A name the table
/// does not have, a setting a running race cannot take ([`Apply::Rebuild`]),
/// or a value outside its domain is an error naming it, and nothing is set.
pub fn live_config<C: Clone>(params: &[Param<C>], current: &C, mut values: BTreeMap<String, Value>) -> Result<C> {
    let mut config = current.clone();
    for param in params {
        if let Some(value) = values.remove(param.name) {
            if param.apply != Apply::Live {
                return Err(Error::InvalidConfig {
                    field: param.name,
                    reason: "a running race cannot take it: it needs a new race".into(),
                });
            }
            let x = checked(param, &value)?;
            (param.set)(&mut config, x, &value);
        }
    }
    match values.into_keys().next() {
        Some(name) => Err(Error::InvalidConfig { field: "settings", reason: format!("no setting `{name}` in this scenario") }),
        None => Ok(config),
    }
}

/// The value's number (NaN for a name or a list) once it fits the domain.
fn checked<C>(param: &Param<C>, value: &Value) -> Result<f64> {
    let bad = |reason: String| Error::InvalidConfig { field: param.name, reason };
    match (param.domain, value) {
        (Domain::Number { min, max, .. } | Domain::Int { min, max }, &Value::Number(x)) if x.is_finite() && (min..=max).contains(&x) => {
            if matches!(param.domain, Domain::Int { .. }) && x.fract() != 0.0 {
                return Err(bad(format!("{x} is not a whole number")));
            }
            Ok(x)
        }
        (Domain::Number { min, max, .. } | Domain::Int { min, max }, v) => Err(bad(format!("{v:?} is not in [{min}, {max}]"))),
        (Domain::Choice(options), &Value::Number(x)) if options.contains(&x) => Ok(x),
        (Domain::Choice(options), v) => Err(bad(format!("{v:?} is not one of {options:?}"))),
        (Domain::Enum(options), Value::Text(s)) if options().contains(&s.as_str()) => Ok(f64::NAN),
        (Domain::Enum(options), v) => Err(bad(format!("{v:?} is not one of {}", options().join(", ")))),
        (Domain::List(options), Value::List(items)) if !items.is_empty() && items.iter().all(|s| options().contains(&s.as_str())) => {
            Ok(f64::NAN)
        }
        (Domain::List(options), v) => Err(bad(format!("{v:?} is not a non-empty list of {}", options().join(", ")))),
    }
}
