//! A parsed file held column by column: each column is either numbers or ids
//! into its distinct raw texts, 4 bytes a cell either way. Not here: reading
//! the bytes (`csv`) or turning columns into model inputs (`encode`).

use super::FxBuild;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// The id a categorical cell holds when its value is missing.
pub const MISSING_ID: u32 = u32::MAX;

/// A parsed file: its header and one [`Column`] per header name, each `rows` long.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    /// Column names: trimmed, an empty one named `column_N` (N from 1), a repeated
    /// one suffixed `_2`, `_3`, … so that every name is unique.
    pub header: Vec<String>,
    pub columns: Vec<Column>,
    /// Data rows kept (the header and skipped empty lines not counted).
    pub rows: usize,
    pub notes: ParseNotes,
}

impl Table {
    /// The index of the column named `name` (exactly, after the header's renaming).
    pub fn column(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h == name)
    }
}

/// What the parser met and repaired on its way, for the page to report.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ParseNotes {
    /// The delimiter sniffed from the header line: `'\t'`, `','` or `';'`.
    pub delimiter: char,
    /// The file opened with a UTF-8 byte-order mark (stripped).
    pub bom: bool,
    /// Lines with nothing (or only spaces) on them, skipped.
    pub empty_lines: usize,
    /// Rows with fewer fields than the header, padded with missing values.
    pub short_rows: usize,
    /// Rows with more fields than the header, the extra fields dropped.
    pub long_rows: usize,
    /// Fields that were not valid UTF-8, decoded with U+FFFD in place of the bad bytes.
    pub invalid_utf8_fields: usize,
    /// The file had more rows than the limit; only the first `max_rows` were read.
    pub truncated: bool,
}

/// Whether a column holds numbers or categories.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnKind {
    Numeric,
    Categorical,
}

/// One column of a [`Table`].
#[derive(Clone, Debug, PartialEq)]
pub enum Column {
    /// Every present value parses as a finite number (after trimming).
    Numeric {
        /// One per row, `NaN` = missing.
        values: Vec<f32>,
        missing: usize,
    },
    /// Otherwise: one id per row into `values` (the distinct raw texts, untrimmed,
    /// in order of first appearance), [`MISSING_ID`] = missing.
    Categorical { ids: Vec<u32>, values: Vec<String>, missing: usize },
}

impl Column {
    pub fn kind(&self) -> ColumnKind {
        match self {
            Column::Numeric { .. } => ColumnKind::Numeric,
            Column::Categorical { .. } => ColumnKind::Categorical,
        }
    }

    /// Rows whose value is missing.
    pub fn missing(&self) -> usize {
        match self {
            Column::Numeric { missing, .. } | Column::Categorical { missing, .. } => *missing,
        }
    }

    pub fn len(&self) -> usize {
        match self {
            Column::Numeric { values, .. } => values.len(),
            Column::Categorical { ids, .. } => ids.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Distinct present values. A categorical column knows it; a numeric one counts
    /// its distinct numbers (one pass with a hash set, about 1 ms per 100,000 rows).
    pub fn distinct(&self) -> usize {
        match self {
            Column::Categorical { values, .. } => values.len(),
            Column::Numeric { values, .. } => {
                let mut seen = HashSet::with_capacity_and_hasher(64, FxBuild::default());
                for v in values.iter().filter(|v| !v.is_nan()) {
                    // +0 and −0 are one number
                    seen.insert((v + 0.0).to_bits());
                }
                seen.len()
            }
        }
    }

    /// Whether row `row` is missing.
    pub fn is_missing(&self, row: usize) -> bool {
        match self {
            Column::Numeric { values, .. } => values[row].is_nan(),
            Column::Categorical { ids, .. } => ids[row] == MISSING_ID,
        }
    }

    /// Row `row`'s value as the page shows it: the raw text, or the number.
    pub fn text(&self, row: usize) -> Option<String> {
        match self {
            Column::Numeric { values, .. } => Some(values[row]).filter(|v| !v.is_nan()).map(|v| v.to_string()),
            Column::Categorical { ids, values, .. } => values.get(ids[row] as usize).cloned(),
        }
    }
}
