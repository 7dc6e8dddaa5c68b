//! What can go wrong between a student's file and the model inputs, as values:
//! each error has an English sentence (`Display`), a stable snake_case
//! [`TableError::code`] and the [`TableError::params`] its sentence interpolates, so
//! the page can show it in either language from `static/i18n/{en,zh}.json`'s
//! `data_errors` (whose English text is exactly `Display`'s, a test checks).

use thiserror::Error;

/// Why a file could not be read, or a label or split could not be made from it.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum TableError {
    #[error("The file is empty: it has no header line and no rows.")]
    EmptyFile,
    #[error("The file has a header line but no data rows.")]
    HeaderOnly,
    #[error("The file has {found} columns; at most {max} can be read.")]
    TooManyColumns { found: usize, max: usize },
    /// The CSV reader gave up (it does not on any input the tests have found).
    #[error("The file cannot be read as CSV near line {line}.")]
    Unreadable { line: u64 },
    #[error("There is no column named “{column}”.")]
    UnknownColumn { column: String },
    #[error("Choose exactly 2 labels ({found} given).")]
    LabelCount { found: usize },
    #[error("Both labels are the same condition on column “{column}”: choose two different labels.")]
    LabelSameColumn { column: String },
    #[error("Column “{column}” is a label, so it cannot also be excluded.")]
    LabelExcluded { column: String },
    /// `class` is "0" or "1": the only value the label takes in the training set.
    #[error("The label {condition} is {class} in every row of the training set: a label needs both classes, 0 and 1.")]
    LabelOneClass { column: String, condition: String, class: String },
    /// An `=` or `≠` condition on a categorical column names a value no row has
    /// (often a missing leading space: census-income writes “ 50000+.”).
    #[error("No row of column “{column}” has exactly the value “{value}”. Its values include: {examples}.")]
    LabelValueNotFound { column: String, value: String, examples: String },
    #[error("“{value}” is not a number, so the condition {column} {op} {value} cannot be tested on the numeric column “{column}”.")]
    BadCondition { column: String, op: String, value: String },
    #[error("Column “{column}” holds categories, not numbers: only = and ≠ work on it, not {op}.")]
    OrderOnCategorical { column: String, op: String },
    #[error("No feature is left: every column is a label, excluded, or the same in every training row.")]
    NoFeatures,
    #[error("Only {rows} rows have both labels; at least {min} are needed.")]
    TooFewRows { rows: usize, min: usize },
    #[error("The setting {name} = {value} is outside the allowed range {allowed}.")]
    BadSetting { name: String, value: String, allowed: String },
}

impl TableError {
    /// A stable snake_case name, the key of the message in the page's `data_errors`.
    pub fn code(&self) -> &'static str {
        match self {
            TableError::EmptyFile => "empty_file",
            TableError::HeaderOnly => "header_only",
            TableError::TooManyColumns { .. } => "too_many_columns",
            TableError::Unreadable { .. } => "unreadable",
            TableError::UnknownColumn { .. } => "unknown_column",
            TableError::LabelCount { .. } => "label_count",
            TableError::LabelSameColumn { .. } => "label_same_column",
            TableError::LabelExcluded { .. } => "label_excluded",
            TableError::LabelOneClass { .. } => "label_one_class",
            TableError::LabelValueNotFound { .. } => "label_value_not_found",
            TableError::BadCondition { .. } => "bad_condition",
            TableError::OrderOnCategorical { .. } => "order_on_categorical",
            TableError::NoFeatures => "no_features",
            TableError::TooFewRows { .. } => "too_few_rows",
            TableError::BadSetting { .. } => "bad_setting",
        }
    }

    /// The values the message interpolates, by placeholder name (`{column}` → `column`).
    pub fn params(&self) -> Vec<(&'static str, String)> {
        match self {
            TableError::EmptyFile | TableError::HeaderOnly | TableError::NoFeatures => vec![],
            TableError::TooManyColumns { found, max } => vec![("found", found.to_string()), ("max", max.to_string())],
            TableError::Unreadable { line } => vec![("line", line.to_string())],
            TableError::UnknownColumn { column } | TableError::LabelSameColumn { column } | TableError::LabelExcluded { column } => {
                vec![("column", column.clone())]
            }
            TableError::LabelCount { found } => vec![("found", found.to_string())],
            TableError::LabelOneClass { column, condition, class } => {
                vec![("column", column.clone()), ("condition", condition.clone()), ("class", class.clone())]
            }
            TableError::LabelValueNotFound { column, value, examples } => {
                vec![("column", column.clone()), ("value", value.clone()), ("examples", examples.clone())]
            }
            TableError::BadCondition { column, op, value } => {
                vec![("column", column.clone()), ("op", op.clone()), ("value", value.clone())]
            }
            TableError::OrderOnCategorical { column, op } => vec![("column", column.clone()), ("op", op.clone())],
            TableError::TooFewRows { rows, min } => vec![("rows", rows.to_string()), ("min", min.to_string())],
            TableError::BadSetting { name, value, allowed } => {
                vec![("name", name.clone()), ("value", value.clone()), ("allowed", allowed.clone())]
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::TableError;
    use serde_json::Value;

    /// One of each variant; the match below fails to compile when a variant is added
    /// and not listed here.
    fn every_error() -> Vec<TableError> {
        let s = |t: &str| t.to_string();
        let all = vec![
            TableError::EmptyFile,
            TableError::HeaderOnly,
            TableError::TooManyColumns { found: 250, max: 200 },
            TableError::Unreadable { line: 7 },
            TableError::UnknownColumn { column: s("incme") },
            TableError::LabelCount { found: 1 },
            TableError::LabelSameColumn { column: s("income") },
            TableError::LabelExcluded { column: s("income") },
            TableError::LabelOneClass { column: s("age"), condition: s("age > 200"), class: s("0") },
            TableError::LabelValueNotFound { column: s("income"), value: s("50000+."), examples: s("“ - 50000.”, “ 50000+.”") },
            TableError::BadCondition { column: s("age"), op: s(">"), value: s("old") },
            TableError::OrderOnCategorical { column: s("education"), op: s(">") },
            TableError::NoFeatures,
            TableError::TooFewRows { rows: 42, min: 100 },
            TableError::BadSetting { name: s("validation"), value: s("0.7"), allowed: s("(0, 0.5]") },
        ];
        for e in &all {
            match e {
                TableError::EmptyFile
                | TableError::HeaderOnly
                | TableError::TooManyColumns { .. }
                | TableError::Unreadable { .. }
                | TableError::UnknownColumn { .. }
                | TableError::LabelCount { .. }
                | TableError::LabelSameColumn { .. }
                | TableError::LabelExcluded { .. }
                | TableError::LabelOneClass { .. }
                | TableError::LabelValueNotFound { .. }
                | TableError::BadCondition { .. }
                | TableError::OrderOnCategorical { .. }
                | TableError::NoFeatures
                | TableError::TooFewRows { .. }
                | TableError::BadSetting { .. } => {}
            }
        }
        all
    }

    fn messages(lang: &str) -> Value {
        let path = format!("{}/static/i18n/{lang}.json", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let dictionary: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
        dictionary["data_errors"].clone()
    }

    /// The `{name}` placeholders of a message.
    fn placeholders(text: &str) -> Vec<&str> {
        text.split('{').skip(1).filter_map(|rest| rest.split_once('}').map(|(name, _)| name)).collect()
    }

    /// Every code has a message in both languages, whose placeholders are all among
    /// the error's params, and the English one filled in is exactly `Display`.
    #[test]
    fn every_code_has_a_message_in_both_languages() {
        let errors = every_error();
        let mut codes: Vec<_> = errors.iter().map(TableError::code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), errors.len(), "two variants share a code");
        for lang in ["en", "zh"] {
            let messages = messages(lang);
            assert!(messages.is_object(), "{lang}.json has no \"data_errors\" object");
            for e in &errors {
                let text = messages[e.code()].as_str().unwrap_or_else(|| panic!("{lang}.json data_errors lacks \"{}\"", e.code()));
                let params = e.params();
                for name in placeholders(text) {
                    assert!(params.iter().any(|(p, _)| *p == name), "{lang}.json data_errors.{}: {{{name}}} is not a param", e.code());
                }
                if lang == "en" {
                    let filled = params.iter().fold(text.to_string(), |t, (name, value)| t.replace(&format!("{{{name}}}"), value));
                    assert_eq!(filled, e.to_string(), "en.json data_errors.{} differs from Display", e.code());
                }
            }
            let extra: Vec<_> = messages.as_object().unwrap().keys().filter(|k| !codes.contains(&k.as_str())).collect();
            assert!(extra.is_empty(), "{lang}.json data_errors has messages no error uses: {extra:?}");
        }
    }
}
