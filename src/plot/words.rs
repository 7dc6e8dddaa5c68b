//! Chart words: each chart family's strings as one table of key, doc and
//! English default ([`chart_words!`]), read from the page's plain object or
//! JSON with missing keys kept English and unknown keys refused (a misspelt
//! translation key is an error, not a silently English label).
//!
//! The page's module reads the words through [`Words`], one loop over the
//! object's keys for every family; natively (tests, the CLI's figures) serde
//! reads the same structs from JSON ([`words_from_json`]). The boundary's own
//! serde reader took about 25 KB of the page's module for `ChartText` alone.

use super::Typeset;

/// One word a chart draws: a string, or how the language sets numbers.
pub trait Word {
    /// Sets the word from the page's text, or says why the text is not one.
    fn set(&mut self, text: String) -> Result<(), String>;
}

impl Word for String {
    fn set(&mut self, text: String) -> Result<(), String> {
        *self = text;
        Ok(())
    }
}

impl Word for Typeset {
    fn set(&mut self, text: String) -> Result<(), String> {
        *self = match text.as_str() {
            "en" => Typeset::En,
            "zh" => Typeset::Zh,
            _ => return Err(format!("unknown variant `{text}`, expected `en` or `zh`")),
        };
        Ok(())
    }
}

/// A chart family's words, by key (what [`chart_words!`] makes).
pub trait Words {
    /// The word named `key`, or `None` if the family has no such key.
    fn word_mut(&mut self, key: &str) -> Option<&mut dyn Word>;
}

/// A chart-words struct from the page's JSON: empty text or `null` gives the
/// English defaults, missing keys keep theirs, unknown keys are refused (each
/// struct's `deny_unknown_fields`).
pub fn words_from_json<T: serde::de::DeserializeOwned + Default>(json: &str) -> Result<T, serde_json::Error> {
    let trimmed = json.trim();
    if trimmed.is_empty() || trimmed == "null" {
        return Ok(T::default());
    }
    serde_json::from_str(trimmed)
}

/// The type of a word declared without one: a string.
macro_rules! word_type {
    () => {
        String
    };
    ($ty:ty) => {
        $ty
    };
}
pub(crate) use word_type;

/// Declares a chart family's words: `key = "English default",` per string
/// (`key: Type = default,` for another [`Word`]), each with its doc comment.
/// Makes the struct (serde, `deny_unknown_fields`, missing keys default), its
/// `Default` (the English words), its [`Words`] and `from_json`.
macro_rules! chart_words {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $( $(#[$field_meta:meta])* $field:ident $(: $ty:ty)? = $default:expr, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
        #[serde(default, deny_unknown_fields)]
        pub struct $name {
            $( $(#[$field_meta])* pub $field: $crate::plot::words::word_type!($($ty)?), )*
        }

        impl Default for $name {
            fn default() -> Self {
                Self { $( $field: $default.into(), )* }
            }
        }

        impl $crate::plot::words::Words for $name {
            fn word_mut(&mut self, key: &str) -> Option<&mut dyn $crate::plot::words::Word> {
                match key {
                    $( stringify!($field) => Some(&mut self.$field), )*
                    _ => None,
                }
            }
        }

        impl $name {
            /// Parses the page's JSON; empty text or `null` gives the defaults.
            pub fn from_json(json: &str) -> Result<Self, serde_json::Error> {
                $crate::plot::words::words_from_json(json)
            }
        }
    };
}
pub(crate) use chart_words;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plot::ChartText;

    #[test]
    fn every_key_serde_knows_is_a_word_and_no_other() {
        let mut words = ChartText::default();
        let keys = serde_json::to_value(ChartText::default()).unwrap();
        for key in keys.as_object().unwrap().keys() {
            assert!(words.word_mut(key).is_some(), "{key}");
        }
        assert!(words.word_mut("title").is_none());
        words.word_mut("task_a").unwrap().set("任务 A".into()).unwrap();
        words.word_mut("typeset").unwrap().set("zh".into()).unwrap();
        assert_eq!((words.task_a.as_str(), words.typeset), ("任务 A", Typeset::Zh));
        assert!(words.word_mut("typeset").unwrap().set("fr".into()).is_err());
    }
}
