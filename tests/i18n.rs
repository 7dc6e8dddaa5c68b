//! The page's translations against the charts' text structs: every chart word
//! in `static/i18n/{zh,en}.json` must parse into `ChartText` / `FunnelChartText` /
//! `SweepChartText` / `WatchChartText` / `TransferChartText`
//! and name every field, so no chart falls back to English in the Chinese page
//! and a misspelt key fails here rather than in the browser.

use mtl_playground::plot::{ChartText, FunnelChartText, SweepChartText, TransferChartText, WatchChartText};
use serde_json::Value;
use std::collections::BTreeSet;

fn dictionary(lang: &str) -> Value {
    let path = format!("{}/static/i18n/{lang}.json", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn keys(value: &Value) -> BTreeSet<String> {
    value.as_object().expect("an object").keys().cloned().collect()
}

/// `part` (a dotted path: `transfer.chart`) of each language's dictionary
/// parses with `parse` and has exactly the struct's keys.
fn check<T: serde::Serialize + Default>(part: &str, parse: fn(&str) -> Result<T, serde_json::Error>) {
    let fields = keys(&serde_json::to_value(T::default()).expect("serialisable"));
    for lang in ["zh", "en"] {
        let dictionary = dictionary(lang);
        let words = part.split('.').fold(&dictionary, |node, key| &node[key]);
        assert!(words.is_object(), "{lang}.json has no \"{part}\" object");
        parse(&words.to_string()).unwrap_or_else(|e| panic!("{lang}.json \"{part}\": {e}"));
        let present = keys(words);
        let missing: Vec<_> = fields.difference(&present).collect();
        assert!(missing.is_empty(), "{lang}.json \"{part}\" lacks {missing:?}");
    }
}

#[test]
fn chart_words_cover_every_field_in_both_languages() {
    check::<ChartText>("chart", ChartText::from_json);
}

#[test]
fn funnel_chart_words_cover_every_field_in_both_languages() {
    check::<FunnelChartText>("funnelChart", FunnelChartText::from_json);
}

#[test]
fn sweep_chart_words_cover_every_field_in_both_languages() {
    check::<SweepChartText>("sweepChart", SweepChartText::from_json);
}

#[test]
fn watch_chart_words_cover_every_field_in_both_languages() {
    check::<WatchChartText>("watchChart", WatchChartText::from_json);
    // the captured-share caption writes the share looked at where `{top}` stands
    for lang in ["zh", "en"] {
        let scope = &dictionary(lang)["watchChart"]["captured_scope"];
        assert!(scope.as_str().is_some_and(|s| s.contains("{top}")), "{lang}.json watchChart.captured_scope lacks {{top}}");
    }
}

#[test]
fn transfer_map_words_cover_every_field_in_both_languages() {
    check::<TransferChartText>("transfer.chart", TransferChartText::from_json);
    // the chapter's words for the classes (its line 35), and full-width brackets in the zh rows
    let zh = dictionary("zh");
    let chart = &zh["transfer"]["chart"];
    assert_eq!(
        (chart["seesaw"].as_str(), chart["negative"].as_str(), chart["positive"].as_str()),
        (Some("跷跷板"), Some("负迁移"), Some("正迁移"))
    );
    assert!(chart["control_row"].as_str().is_some_and(|s| s.contains('（') && !s.contains('(')));
}

#[test]
fn seed_strip_words_cover_every_field_in_both_languages() {
    use mtl_playground::plot::seed_strip::SeedStripText;
    let fields = keys(&serde_json::to_value(SeedStripText::default()).expect("serialisable"));
    for lang in ["zh", "en"] {
        let words = &dictionary(lang)["guide"]["seeds"]["chart"];
        SeedStripText::from_json(&words.to_string()).unwrap_or_else(|e| panic!("{lang}.json guide.seeds.chart: {e}"));
        assert_eq!(keys(words), fields, "{lang}.json guide.seeds.chart has exactly the strip's words");
    }
}
