//! What the page shows of each column: its kind, role, missing and distinct
//! counts, a few example values, and how many model inputs it feeds.

use super::column::{Column, ColumnKind, Table, MISSING_ID};
use serde::{Deserialize, Serialize};

/// What a column is used for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Feature,
    Label,
    Excluded,
    /// The same value in every training row (missing counting as a value): it
    /// could teach the models nothing, so it feeds no input.
    DroppedConstant,
}

/// One column, as the page's table lists it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ColumnSummary {
    pub name: String,
    pub kind: ColumnKind,
    pub role: Role,
    /// Missing values in the whole column.
    pub missing: usize,
    /// Distinct present values in the whole column.
    pub distinct: usize,
    /// Model inputs the column feeds (0 before [`super::encode()`] has chosen them).
    pub slots: usize,
    /// Up to 3 values: a categorical column's most frequent, a numeric column's first distinct.
    pub examples: Vec<String>,
    /// A numeric column's mean and (population) standard deviation: for a feature
    /// after encoding, over the training split (the ones that standardise it);
    /// otherwise over the whole column. `None` for a categorical column.
    pub mean: Option<f64>,
    pub sd: Option<f64>,
}

/// Every column with role `feature`, for the page's first view of a file, before
/// labels are chosen.
pub fn describe(table: &Table) -> Vec<ColumnSummary> {
    table.header.iter().zip(&table.columns).map(|(name, column)| summarise(name, column)).collect()
}

fn summarise(name: &str, column: &Column) -> ColumnSummary {
    let (examples, mean, sd) = match column {
        Column::Numeric { values, .. } => {
            let mut examples: Vec<f32> = Vec::with_capacity(3);
            for &v in values.iter().filter(|v| !v.is_nan()) {
                if !examples.contains(&v) {
                    examples.push(v);
                    if examples.len() == 3 {
                        break;
                    }
                }
            }
            let (mean, sd) = mean_sd(values.iter().copied());
            (examples.iter().map(f32::to_string).collect(), mean, sd)
        }
        Column::Categorical { ids, values, .. } => {
            let mut counts = vec![0usize; values.len()];
            for &id in ids.iter().filter(|&&id| id != MISSING_ID) {
                counts[id as usize] += 1;
            }
            let mut order: Vec<usize> = (0..values.len()).collect();
            order.sort_by_key(|&i| std::cmp::Reverse(counts[i]));
            (order.iter().take(3).map(|&i| values[i].clone()).collect(), None, None)
        }
    };
    ColumnSummary {
        name: name.to_string(),
        kind: column.kind(),
        role: Role::Feature,
        missing: column.missing(),
        distinct: column.distinct(),
        slots: 0,
        examples,
        mean,
        sd,
    }
}

/// Mean and population standard deviation of the present (non-NaN) values, in f64;
/// `None` if there are none.
pub(crate) fn mean_sd(values: impl Iterator<Item = f32> + Clone) -> (Option<f64>, Option<f64>) {
    let (mut n, mut sum) = (0usize, 0.0f64);
    for v in values.clone().filter(|v| !v.is_nan()) {
        n += 1;
        sum += v as f64;
    }
    if n == 0 {
        return (None, None);
    }
    let mean = sum / n as f64;
    // two passes: no cancellation when the mean is large against the spread
    let squares: f64 = values.filter(|v| !v.is_nan()).map(|v| (v as f64 - mean).powi(2)).sum();
    (Some(mean), Some((squares / n as f64).sqrt()))
}
