//! The two labels a student picks: a condition on one column each
//! (`income = " 50000+."`, `age > 40`), and the suggestions the page offers first.
//! Not here: splitting rows or making inputs (`encode`).

use super::column::{Column, Table, MISSING_ID};
use super::csv::parse_number;
use super::error::TableError;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A binary label: 1 in the rows where `column op value` holds, 0 where it does
/// not, and no label (the row is dropped) where the column is missing.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LabelSpec {
    pub column: String,
    pub op: LabelOp,
    /// On a categorical column the raw text, compared exactly (spaces included);
    /// on a numeric column a number (trimmed, then parsed).
    pub value: String,
}

/// A comparison. `Eq` and `Ne` work on both kinds of column; the orderings only on
/// numeric ones.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LabelOp {
    Eq,
    Ne,
    Gt,
    Ge,
    Lt,
    Le,
}

impl LabelOp {
    /// Every comparison, in the order the page's label pickers offer them.
    pub const ALL: [LabelOp; 6] = [LabelOp::Eq, LabelOp::Ne, LabelOp::Gt, LabelOp::Ge, LabelOp::Lt, LabelOp::Le];

    /// The name a link and the core's `LabelSpec` spell it with (its serde name).
    pub fn id(self) -> &'static str {
        match self {
            LabelOp::Eq => "eq",
            LabelOp::Ne => "ne",
            LabelOp::Gt => "gt",
            LabelOp::Ge => "ge",
            LabelOp::Lt => "lt",
            LabelOp::Le => "le",
        }
    }

    /// The operator as the page and the messages write it.
    pub fn symbol(self) -> &'static str {
        match self {
            LabelOp::Eq => "=",
            LabelOp::Ne => "≠",
            LabelOp::Gt => ">",
            LabelOp::Ge => "≥",
            LabelOp::Lt => "<",
            LabelOp::Le => "≤",
        }
    }

    fn holds<T: PartialOrd>(self, a: T, b: T) -> bool {
        match self {
            LabelOp::Eq => a == b,
            LabelOp::Ne => a != b,
            LabelOp::Gt => a > b,
            LabelOp::Ge => a >= b,
            LabelOp::Lt => a < b,
            LabelOp::Le => a <= b,
        }
    }
}

/// `income = “ 50000+.”`: the value in quotes when spaces at its ends would
/// otherwise be invisible.
impl fmt::Display for LabelSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (column, op, value) = (&self.column, self.op.symbol(), &self.value);
        if value.is_empty() || value.trim() != value {
            write!(f, "{column} {op} “{value}”")
        } else {
            write!(f, "{column} {op} {value}")
        }
    }
}

/// A [`LabelSpec`] checked against a table, ready to label rows.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Condition<'a> {
    Numeric {
        values: &'a [f32],
        op: LabelOp,
        threshold: f32,
    },
    /// `id`: the compared value's id into the column's values.
    Categorical {
        ids: &'a [u32],
        op: LabelOp,
        id: u32,
    },
}

impl Condition<'_> {
    /// Row `row`'s label, `None` when the column is missing there.
    pub(crate) fn label(&self, row: usize) -> Option<bool> {
        match *self {
            Condition::Numeric { values, op, threshold } => Some(values[row]).filter(|v| !v.is_nan()).map(|v| op.holds(v, threshold)),
            Condition::Categorical { ids, op, id } => Some(ids[row]).filter(|&i| i != MISSING_ID).map(|i| op.holds(i, id)),
        }
    }

    /// Whether two conditions label every row alike because they are the same test.
    pub(crate) fn same_as(&self, other: &Self) -> bool {
        match (self, other) {
            (Condition::Numeric { values: a, op: p, threshold: t }, Condition::Numeric { values: b, op: q, threshold: u }) => {
                std::ptr::eq(*a, *b) && p == q && t == u
            }
            (Condition::Categorical { ids: a, op: p, id: i }, Condition::Categorical { ids: b, op: q, id: j }) => {
                std::ptr::eq(*a, *b) && p == q && i == j
            }
            _ => false,
        }
    }
}

/// Checks `spec` against `table`: the column exists, the value fits its kind, and
/// a categorical value is one some row has.
pub(crate) fn resolve<'a>(spec: &LabelSpec, table: &'a Table) -> Result<(usize, Condition<'a>), TableError> {
    let column = table.column(&spec.column).ok_or_else(|| TableError::UnknownColumn { column: spec.column.clone() })?;
    let condition = match &table.columns[column] {
        Column::Numeric { values, .. } => {
            let threshold = parse_number(&spec.value).ok_or_else(|| TableError::BadCondition {
                column: spec.column.clone(),
                op: spec.op.symbol().to_string(),
                value: spec.value.clone(),
            })?;
            Condition::Numeric { values, op: spec.op, threshold }
        }
        Column::Categorical { ids, values, .. } => {
            if !matches!(spec.op, LabelOp::Eq | LabelOp::Ne) {
                return Err(TableError::OrderOnCategorical { column: spec.column.clone(), op: spec.op.symbol().to_string() });
            }
            let Some(id) = values.iter().position(|v| *v == spec.value) else {
                return Err(TableError::LabelValueNotFound {
                    column: spec.column.clone(),
                    value: spec.value.clone(),
                    examples: examples_near(values, &spec.value),
                });
            };
            Condition::Categorical { ids, op: spec.op, id: id as u32 }
        }
    };
    Ok((column, condition))
}

/// Up to five of a column's values, quoted, those equal to `wanted` but for
/// spaces first (the usual slip: census-income's “ 50000+.” written “50000+.”).
fn examples_near(values: &[String], wanted: &str) -> String {
    let close = |v: &&String| v.trim().eq_ignore_ascii_case(wanted.trim());
    let mut shown: Vec<&String> = values.iter().filter(close).collect();
    shown.extend(values.iter().filter(|v| !close(v)));
    shown.iter().take(5).map(|v| format!("“{v}”")).collect::<Vec<_>>().join(", ")
}

/// Labels for the page to offer: one per column with exactly two distinct values,
/// in column order. The condition picks the positive-looking value (1, yes, true,
/// y, t) when the other looks negative (0, no, false, n, f), otherwise the rarer
/// one (the later one on a tie), as census-income's “ 50000+.” (6 % of rows).
pub fn suggest_labels(table: &Table) -> Vec<LabelSpec> {
    let mut suggestions = Vec::new();
    for (name, column) in table.header.iter().zip(&table.columns) {
        let two = match column {
            Column::Numeric { values, .. } => two_values(values.iter().filter(|v| !v.is_nan()).map(|v| (v + 0.0).to_bits()))
                .map(|pair| pair.map(|(bits, n)| (f32::from_bits(bits).to_string(), n))),
            Column::Categorical { ids, values, .. } => two_values(ids.iter().copied().filter(|&i| i != MISSING_ID))
                .map(|pair| pair.map(|(id, n)| (values[id as usize].clone(), n))),
        };
        let Some([(a, count_a), (b, count_b)]) = two else { continue };
        let looks = |v: &str, words: [&str; 5]| words.contains(&v.trim().to_ascii_lowercase().as_str());
        let (yes, no) = (["1", "yes", "true", "y", "t"], ["0", "no", "false", "n", "f"]);
        let value = if looks(&a, yes) && looks(&b, no) {
            a
        } else if looks(&b, yes) && looks(&a, no) || count_b <= count_a {
            b
        } else {
            a
        };
        suggestions.push(LabelSpec { column: name.clone(), op: LabelOp::Eq, value });
    }
    suggestions
}

/// The two distinct keys of `keys` with their counts, in order of first
/// appearance, or `None` if there are not exactly two.
fn two_values(keys: impl Iterator<Item = u32>) -> Option<[(u32, usize); 2]> {
    let mut seen: [(u32, usize); 2] = [(0, 0); 2];
    let mut distinct = 0;
    for key in keys {
        match seen[..distinct].iter_mut().find(|(k, _)| *k == key) {
            Some((_, n)) => *n += 1,
            None if distinct < 2 => {
                seen[distinct] = (key, 1);
                distinct += 1;
            }
            None => return None,
        }
    }
    (distinct == 2).then_some(seen)
}
