//! How each language sets what the charts glue around their words: numbers
//! (a percentage, a multiple, a round step or count on an axis), the minus
//! sign, a missing value, brackets and a colon. Chinese writes `8.0%`,
//! `1.52 倍`, `1,500` and `100 万`, with full-width `（）` and `：`; English
//! `8.0 %`, `1.52×`, `1.5k` and `1M`, with `( )` and `: `. Both write the
//! true minus `−` and the em dash `—` for a missing value, as the page does
//! (www/js/format.js).
//!
//! Each chart-words struct carries one ([`ChartText`](super::ChartText)'s
//! `typeset`, and the funnel's, watch time's and sweeps' likewise): the page's
//! dictionary says `"typeset": "zh"`. Not here: the words themselves.

use serde::{Deserialize, Serialize};

/// What a chart writes for a value it does not have (a diverged model, a metric not measured yet).
pub const MISSING: &str = "—";

/// A language's way of setting numbers and punctuation on a chart.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Typeset {
    /// `8.0 %`, `1.52×`, `1.5k`, `1M`, `(…)`, `: `.
    #[default]
    En,
    /// `8.0%`, `1.52 倍`, `1,500`, `100 万`, `（…）`, `：`.
    Zh,
}

impl Typeset {
    /// A share in [0, 1] as a percentage with `decimals` decimals: `8.0 %` / `8.0%`.
    pub fn percent(self, share: f64, decimals: usize) -> String {
        if !share.is_finite() {
            return MISSING.to_string();
        }
        let v = minus(format!("{:.decimals$}", 100.0 * share));
        match self {
            Typeset::En => format!("{v} %"),
            Typeset::Zh => format!("{v}%"),
        }
    }

    /// A multiple with two decimals: `1.52×` / `1.52 倍`.
    pub fn times(self, v: f64) -> String {
        if !v.is_finite() {
            return MISSING.to_string();
        }
        self.multiple(&format!("{v:.2}"))
    }

    /// A multiple already written as a number: `7.4` → `7.4×` / `7.4 倍`.
    pub fn multiple(self, number: &str) -> String {
        let v = minus(number.to_string());
        match self {
            Typeset::En => format!("{v}×"),
            Typeset::Zh => format!("{v} 倍"),
        }
    }

    /// A whole number on an axis (a step, a count): English shortens thousands
    /// and millions (`1.5k`, `12k`, `1M`) from `from` up; Chinese writes every
    /// digit up to 9,999 with a thousands separator and counts 万 above
    /// (`1,500`, `1.2 万`, `100 万`).
    pub fn round_number(self, v: f64, from: f64) -> String {
        let v = v.round();
        match self {
            Typeset::En if v.abs() >= 1e6 && v % 1e5 == 0.0 => format!("{}M", short(v / 1e6)),
            Typeset::En if v.abs() >= from.max(1000.0) && v % 100.0 == 0.0 => format!("{}k", short(v / 1000.0)),
            Typeset::En => minus(format!("{v}")),
            Typeset::Zh if v.abs() >= 1e4 && v % 1000.0 == 0.0 => format!("{} 万", short(v / 1e4)),
            Typeset::Zh => minus(grouped(v)),
        }
    }

    /// `inner` in brackets after a word: ` (8.0 %)` / `（8.0%）`.
    pub fn bracket(self, inner: &str) -> String {
        match self {
            Typeset::En => format!(" ({inner})"),
            Typeset::Zh => format!("（{inner}）"),
        }
    }

    /// The colon between a name and what it is: `: ` / `：`.
    pub fn colon(self) -> &'static str {
        match self {
            Typeset::En => ": ",
            Typeset::Zh => "：",
        }
    }
}

/// A number's text with the true minus sign (U+2212) for the ASCII hyphen.
pub fn minus(text: String) -> String {
    if text.contains('-') {
        text.replace('-', "−")
    } else {
        text
    }
}

/// Up to one decimal, without a trailing zero: 1.5, 12, 100.
fn short(v: f64) -> String {
    let s = format!("{v:.1}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// A whole number with thousands separators: 1500 → "1,500".
fn grouped(v: f64) -> String {
    let digits = format!("{}", v.abs() as u64);
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    if v < 0.0 {
        format!("-{out}")
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_language_sets_numbers_its_way() {
        let (en, zh) = (Typeset::En, Typeset::Zh);
        assert_eq!((en.percent(0.0801, 1), zh.percent(0.0801, 1)), ("8.0 %".to_string(), "8.0%".to_string()));
        assert_eq!((en.times(1.1234), zh.times(1.1234)), ("1.12×".to_string(), "1.12 倍".to_string()));
        assert_eq!(en.percent(f64::NAN, 1), MISSING);
        assert_eq!(zh.times(f64::INFINITY), MISSING);
        assert_eq!(en.times(-0.5), "−0.50×");
        assert_eq!(en.bracket("8.0 %"), " (8.0 %)");
        assert_eq!(zh.bracket("8.0%"), "（8.0%）");
        assert_eq!((en.colon(), zh.colon()), (": ", "："));
    }

    #[test]
    fn round_numbers_on_axes() {
        let en: Vec<String> =
            [0.0, 500.0, 1500.0, 3000.0, 12_000.0, 30_000.0, 1e6, 1234.0].iter().map(|&v| Typeset::En.round_number(v, 1000.0)).collect();
        assert_eq!(en, ["0", "500", "1.5k", "3k", "12k", "30k", "1M", "1234"]);
        // a step axis that shortens from 10,000 only
        assert_eq!(Typeset::En.round_number(3000.0, 10_000.0), "3000");
        assert_eq!(Typeset::En.round_number(12_000.0, 10_000.0), "12k");
        let zh: Vec<String> =
            [0.0, 500.0, 1500.0, 3000.0, 12_000.0, 30_000.0, 1e5, 1e6].iter().map(|&v| Typeset::Zh.round_number(v, 1000.0)).collect();
        assert_eq!(zh, ["0", "500", "1,500", "3,000", "1.2 万", "3 万", "10 万", "100 万"]);
        assert_eq!(Typeset::Zh.round_number(-1500.0, 1000.0), "−1,500");
    }

    #[test]
    fn the_minus_is_true() {
        assert_eq!(minus("-0.02".to_string()), "−0.02");
        assert_eq!(minus("0.02".to_string()), "0.02");
    }

    #[test]
    fn parsed_from_the_dictionary() {
        assert_eq!(serde_json::from_str::<Typeset>(r#""zh""#).unwrap(), Typeset::Zh);
        assert_eq!(serde_json::from_str::<Typeset>(r#""en""#).unwrap(), Typeset::En);
        assert!(serde_json::from_str::<Typeset>(r#""fr""#).is_err());
    }
}
