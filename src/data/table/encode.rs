//! From a parsed table and two chosen labels to model inputs: drop the rows
//! without both labels, split the rest, fit the encoding on the training split
//! alone, and encode every split with it. Not here: parsing (`csv`) or training.
//!
//! Inputs are laid out numeric first (per numeric feature its standardised value,
//! then a missing indicator if it has one), then per categorical feature its
//! one-hot block (vocabulary values by training frequency, then "(other)", then
//! "(missing)" if it has one).

use super::column::{Column, ColumnKind, Table, MISSING_ID};
use super::describe::{describe, mean_sd, ColumnSummary, Role};
use super::error::TableError;
use super::label::{resolve, Condition, LabelSpec};
use super::split::Split;
use crate::rng::seeded;
use rand::seq::SliceRandom;
use serde::{Deserialize, Serialize};

/// Fewer rows with both labels than this is refused ([`TableError::TooFewRows`]).
pub const MIN_ROWS: usize = 100;
/// The largest `vocab_cap` accepted: one-hot slots per categorical column.
pub const MAX_VOCAB_CAP: usize = 1000;

/// How a table becomes a two-task data set. Crosses from the page as JSON.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TableConfig {
    /// Exactly two labels: task 1 and task 2 (in the MMoE paper's census-income
    /// protocol, income > 50K and never married).
    pub labels: Vec<LabelSpec>,
    /// Columns not to use as features (label columns never are).
    pub exclude: Vec<String>,
    /// At most this many one-hot values per categorical column, in [0, 1000].
    pub vocab_cap: usize,
    /// A value needs this many training rows to get its own one-hot input.
    pub min_count: usize,
    /// Fractions of the labelled rows held out, each in (0, 0.5].
    pub validation: f64,
    pub test: f64,
    /// Seeds the shuffle that splits the rows.
    pub seed: u64,
}

impl Default for TableConfig {
    fn default() -> Self {
        Self { labels: Vec::new(), exclude: Vec::new(), vocab_cap: 20, min_count: 10, validation: 0.15, test: 0.15, seed: 1 }
    }
}

impl TableConfig {
    pub fn validate(&self) -> Result<(), TableError> {
        if self.labels.len() != 2 {
            return Err(TableError::LabelCount { found: self.labels.len() });
        }
        for (name, fraction) in [("validation", self.validation), ("test", self.test)] {
            if !(fraction > 0.0 && fraction <= 0.5) {
                return Err(TableError::BadSetting { name: name.into(), value: fraction.to_string(), allowed: "(0, 0.5]".into() });
            }
        }
        if self.vocab_cap > MAX_VOCAB_CAP {
            return Err(TableError::BadSetting {
                name: "vocab_cap".into(),
                value: self.vocab_cap.to_string(),
                allowed: format!("[0, {MAX_VOCAB_CAP}]"),
            });
        }
        Ok(())
    }
}

/// What one model input stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InputKind {
    /// A numeric column's standardised value.
    Value,
    /// 1 where a numeric or categorical column is missing.
    Missing,
    /// 1 where a categorical column has one vocabulary value.
    Category,
    /// 1 where a categorical column has a value outside its vocabulary.
    Other,
}

/// One input dimension: `age`, `age (missing)`, `education = Bachelors`, `education = (other)`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct InputInfo {
    pub name: String,
    pub column: String,
    pub kind: InputKind,
    /// A category's raw text (the name shows it trimmed).
    pub value: Option<String>,
}

/// How many rows went where.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// The table's data rows.
    pub rows_read: usize,
    /// Rows dropped because a label's column was missing there.
    pub rows_dropped_missing_label: usize,
    pub train: usize,
    pub validation: usize,
    pub test: usize,
    /// Rows labelled 1, per split (train, validation, test) and task.
    pub positives: [[usize; 2]; 3],
    /// Missing cells in the feature columns of the labelled rows.
    pub missing_cells: usize,
}

/// A table ready to train on. Serialises (for the page) all but the splits' rows.
#[derive(Clone, Debug, Serialize)]
pub struct Encoded {
    /// Inputs per row.
    pub dim: usize,
    /// The name of every input, in input order.
    pub inputs: Vec<InputInfo>,
    /// The two labels: task 1, task 2.
    pub labels: Vec<LabelSpec>,
    /// Every column of the table, in file order, with its role.
    pub columns: Vec<ColumnSummary>,
    #[serde(skip)]
    pub train: Split,
    #[serde(skip)]
    pub validation: Split,
    #[serde(skip)]
    pub test: Split,
    pub counts: Counts,
}

/// How one feature column is encoded, fitted on the training split.
enum Plan<'a> {
    /// `(value − mean) / sd`, 0 where missing, plus a missing indicator if `indicator`.
    Numeric { values: &'a [f32], mean: f64, sd: f64, indicator: bool },
    /// Input index per value id (the vocabulary's own, others' "other"), and missing's.
    Categorical { ids: &'a [u32], slot_of: Vec<u32>, missing: u32 },
}

/// Encodes `table` for two tasks as `config` says (see the module docs).
pub fn encode(table: &Table, config: &TableConfig) -> Result<Encoded, TableError> {
    config.validate()?;
    let mut conditions: Vec<(usize, Condition)> = Vec::with_capacity(2);
    for spec in &config.labels {
        conditions.push(resolve(spec, table)?);
    }
    let mut excluded = vec![false; table.columns.len()];
    for name in &config.exclude {
        let column = table.column(name).ok_or_else(|| TableError::UnknownColumn { column: name.clone() })?;
        if conditions.iter().any(|(c, _)| *c == column) {
            return Err(TableError::LabelExcluded { column: name.clone() });
        }
        excluded[column] = true;
    }
    if conditions[0].1.same_as(&conditions[1].1) {
        return Err(TableError::LabelSameColumn { column: config.labels[0].column.clone() });
    }

    let labelled: Vec<usize> = (0..table.rows).filter(|&r| conditions.iter().all(|(_, c)| c.label(r).is_some())).collect();
    if labelled.len() < MIN_ROWS {
        return Err(TableError::TooFewRows { rows: labelled.len(), min: MIN_ROWS });
    }
    let [train_rows, validation_rows, test_rows] = split_rows(&labelled, config)?;

    for (task, (_, condition)) in conditions.iter().enumerate() {
        let positives = train_rows.iter().filter(|&&r| condition.label(r) == Some(true)).count();
        if positives == 0 || positives == train_rows.len() {
            let spec = &config.labels[task];
            let class = if positives == 0 { "0" } else { "1" };
            return Err(TableError::LabelOneClass { column: spec.column.clone(), condition: spec.to_string(), class: class.into() });
        }
    }

    let mut columns = describe(table);
    for (column, _) in &conditions {
        columns[*column].role = Role::Label;
    }
    for (column, summary) in columns.iter_mut().enumerate() {
        if excluded[column] {
            summary.role = Role::Excluded;
        }
    }
    let (plans, inputs, numeric_width) = fit(table, &train_rows, config, &mut columns)?;
    let dim = inputs.len();

    let mut counts = Counts {
        rows_read: table.rows,
        rows_dropped_missing_label: table.rows - labelled.len(),
        train: train_rows.len(),
        validation: validation_rows.len(),
        test: test_rows.len(),
        ..Counts::default()
    };
    let features: Vec<&Column> = columns.iter().zip(&table.columns).filter(|(s, _)| s.role == Role::Feature).map(|(_, c)| c).collect();
    counts.missing_cells = labelled.iter().map(|&r| features.iter().filter(|c| c.is_missing(r)).count()).sum();

    let hot_width = plans.iter().filter(|p| matches!(p, Plan::Categorical { .. })).count();
    let mut splits = [train_rows, validation_rows, test_rows].map(|rows| Split::new(rows, dim, numeric_width, hot_width));
    let (mut numeric, mut hot) = (Vec::with_capacity(numeric_width), Vec::with_capacity(hot_width));
    for (s, split) in splits.iter_mut().enumerate() {
        for i in 0..split.len() {
            let row = split.source_rows()[i];
            encode_row(&plans, row, &mut numeric, &mut hot);
            split.push(&numeric, &hot);
            for (task, (_, condition)) in conditions.iter().enumerate() {
                let positive = condition.label(row) == Some(true);
                split.set_label(i, task, positive);
                counts.positives[s][task] += usize::from(positive);
            }
        }
    }
    let [train, validation, test] = splits;
    Ok(Encoded { dim, inputs, labels: config.labels.clone(), columns, train, validation, test, counts })
}

/// Shuffles `labelled` with the config's seed and cuts it into training,
/// validation and test rows, each then put back in file order.
fn split_rows(labelled: &[usize], config: &TableConfig) -> Result<[Vec<usize>; 3], TableError> {
    let n = labelled.len();
    let size = |fraction: f64| ((n as f64 * fraction).round() as usize).max(1);
    let (validation, test) = (size(config.validation), size(config.test));
    if validation + test >= n {
        return Err(TableError::TooFewRows { rows: n, min: MIN_ROWS });
    }
    let mut order = labelled.to_vec();
    order.shuffle(&mut seeded(config.seed));
    let cut = |from: usize, to: usize| {
        let mut rows = order[from..to].to_vec();
        rows.sort_unstable();
        rows
    };
    Ok([cut(validation + test, n), cut(0, validation), cut(validation, validation + test)])
}

/// Fits every feature column's encoding on the training rows: the plans, the
/// inputs they feed, and how many of those are numeric. Marks constant columns
/// and fills in each summary's slots (and a numeric feature's training mean and sd).
fn fit<'a>(
    table: &'a Table,
    train: &[usize],
    config: &TableConfig,
    columns: &mut [ColumnSummary],
) -> Result<(Vec<Plan<'a>>, Vec<InputInfo>, usize), TableError> {
    let mut plans = Vec::new();
    let mut inputs = Vec::new();
    let mut numeric_width = 0;
    // numeric columns first, so that their inputs come first
    for kind in [ColumnKind::Numeric, ColumnKind::Categorical] {
        for (column, summary) in table.columns.iter().zip(columns.iter_mut()) {
            if summary.role != Role::Feature || column.kind() != kind {
                continue;
            }
            let name = summary.name.clone();
            let input = |kind, label: String, value: Option<String>| InputInfo { name: label, column: name.clone(), kind, value };
            match column {
                Column::Numeric { values, .. } => {
                    let present = train.iter().map(|&r| values[r]).filter(|v| !v.is_nan());
                    let (lo, hi) = present.fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), v| (lo.min(v), hi.max(v)));
                    if lo >= hi {
                        summary.role = Role::DroppedConstant;
                        continue;
                    }
                    let (mean, sd) = mean_sd(train.iter().map(|&r| values[r]));
                    let (mean, sd) = (mean.unwrap_or(0.0), sd.unwrap_or(1.0));
                    let indicator = train.iter().any(|&r| values[r].is_nan());
                    inputs.push(input(InputKind::Value, name.clone(), None));
                    if indicator {
                        inputs.push(input(InputKind::Missing, format!("{name} (missing)"), None));
                    }
                    summary.slots = 1 + usize::from(indicator);
                    (summary.mean, summary.sd) = (Some(mean), Some(sd));
                    plans.push(Plan::Numeric { values, mean, sd, indicator });
                    numeric_width = inputs.len();
                }
                Column::Categorical { ids, values, .. } => {
                    let mut counts = vec![0usize; values.len()];
                    let mut missing = 0;
                    for &r in train {
                        match ids[r] {
                            MISSING_ID => missing += 1,
                            id => counts[id as usize] += 1,
                        }
                    }
                    if counts.iter().filter(|&&n| n > 0).count() + usize::from(missing > 0) <= 1 {
                        summary.role = Role::DroppedConstant;
                        continue;
                    }
                    // the most frequent first; ties in order of first appearance (a stable sort)
                    let mut vocabulary: Vec<usize> =
                        (0..values.len()).filter(|&id| counts[id] > 0 && counts[id] >= config.min_count).collect();
                    vocabulary.sort_by_key(|&id| std::cmp::Reverse(counts[id]));
                    vocabulary.truncate(config.vocab_cap);
                    let first = inputs.len();
                    let other = (first + vocabulary.len()) as u32;
                    let mut slot_of = vec![other; values.len()];
                    for &id in &vocabulary {
                        slot_of[id] = inputs.len() as u32;
                        inputs.push(input(InputKind::Category, format!("{name} = {}", values[id].trim()), Some(values[id].clone())));
                    }
                    inputs.push(input(InputKind::Other, format!("{name} = (other)"), None));
                    // a missing value in validation or test when training had none counts as other
                    let missing_slot = if missing > 0 {
                        inputs.push(input(InputKind::Missing, format!("{name} = (missing)"), None));
                        other + 1
                    } else {
                        other
                    };
                    summary.slots = inputs.len() - first;
                    plans.push(Plan::Categorical { ids, slot_of, missing: missing_slot });
                }
            }
        }
    }
    if plans.is_empty() {
        return Err(TableError::NoFeatures);
    }
    Ok((plans, inputs, numeric_width))
}

/// Row `row`'s numeric inputs into `numeric` and one-hot indices into `hot`.
fn encode_row(plans: &[Plan], row: usize, numeric: &mut Vec<f32>, hot: &mut Vec<u32>) {
    numeric.clear();
    hot.clear();
    for plan in plans {
        match plan {
            Plan::Numeric { values, mean, sd, indicator } => {
                let v = values[row];
                numeric.push(if v.is_nan() { 0.0 } else { ((v as f64 - mean) / sd) as f32 });
                if *indicator {
                    numeric.push(f32::from(u8::from(v.is_nan())));
                }
            }
            Plan::Categorical { ids, slot_of, missing } => hot.push(match ids[row] {
                MISSING_ID => *missing,
                id => slot_of[id as usize],
            }),
        }
    }
}
