//! The guided labs' ten-seed dot strip drawn natively into SVG: every seed's
//! dot, the student's ringed, the medians written, the message with no seeds,
//! log and linear axes, missing values, and both languages' words (no
//! placeholder left unfilled). Set `MTL_PLOT_SVG_DIR` to also write each to a file.

use mtl_playground::plot::seed_strip::{self, median, SeedStrip, SeedStripText, StripRow};
use plotters::prelude::*;

fn svg(name: &str, strip: &SeedStrip, text: &SeedStripText) -> String {
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (600, 220)).into_drawing_area();
        seed_strip::draw(&root, strip, text).unwrap_or_else(|e| panic!("{name}: {e}"));
        root.present().expect("svg written");
    }
    if let Ok(dir) = std::env::var("MTL_PLOT_SVG_DIR") {
        std::fs::write(format!("{dir}/seed-strip-{name}.svg"), &out).expect("svg file");
    }
    out
}

/// The texts an SVG draws, one per `<text>` element.
fn texts(svg: &str) -> Vec<String> {
    svg.split("<text").skip(1).filter_map(|t| Some(t[t.find('>')? + 1..t.find("</text>")?].trim().replace("&apos;", "'"))).collect()
}

/// Circles drawn with a fill (dots) and without one (rings).
fn circles(svg: &str) -> (usize, usize) {
    let all: Vec<&str> = svg.split("<circle").skip(1).map(|c| &c[..c.find("/>").unwrap_or(c.len())]).collect();
    let rings = all.iter().filter(|c| c.contains("fill=\"none\"")).count();
    (all.len() - rings, rings)
}

fn ratios() -> SeedStrip {
    SeedStrip {
        seeds: (1..=10).collect(),
        student: 1,
        rows: vec![
            StripRow {
                label: "Shared-Bottom, task A".into(),
                color: "#d55e00".into(),
                values: vec![
                    Some(0.99),
                    Some(1.3),
                    Some(1.22),
                    Some(2.5),
                    Some(0.8),
                    Some(1.1),
                    Some(1.4),
                    Some(1.21),
                    Some(1.23),
                    Some(1.5),
                ],
            },
            StripRow {
                label: "Single-task, task A".into(),
                color: "#6e6e6e".into(),
                values: vec![
                    Some(0.7),
                    Some(0.8),
                    Some(0.75),
                    None,
                    Some(0.9),
                    Some(0.6),
                    Some(0.72),
                    Some(0.74),
                    Some(0.71),
                    Some(f64::NAN),
                ],
            },
        ],
        log: true,
        reference: Some(1.0),
        reference_label: "dashed: no change (1×)".into(),
        axis: "task A loss, step 3,000 ÷ step 1,500".into(),
        unit: "×".into(),
        decimals: 2,
    }
}

#[test]
fn every_seed_is_a_dot_and_the_students_is_ringed() {
    let out = svg("ratios", &ratios(), &SeedStripText::default());
    let (dots, rings) = circles(&out);
    // 10 + 8 finite values (one missing, one NaN); the ring drawn on each row's dot of seed 1, plus the legend's ring
    assert_eq!(dots, 18, "one dot per finite value");
    assert_eq!(rings, 3, "seed 1 ringed in both rows, and the legend's ring");
    let t = texts(&out);
    let median_sb = median(&ratios().rows[0].values).unwrap();
    assert!((median_sb - 1.225).abs() < 1e-9);
    // each column named under it, its median written above it
    assert!(t.iter().any(|s| s == "Shared-Bottom, task A") && t.iter().any(|s| s == "Single-task, task A"), "{t:?}");
    assert!(t.iter().any(|s| s == "median 1.23×" || s == "median 1.22×"), "{t:?}");
    assert!(t.iter().any(|s| s == "median 0.73×"), "{t:?}");
    assert!(t.iter().any(|s| s == "ringed: your seed (1)"), "{t:?}");
    assert!(t.iter().any(|s| s == "bar: median of 10 seeds"), "{t:?}");
    assert!(t.iter().any(|s| s == "dashed: no change (1×)"), "the reference line's entry: {t:?}");
    assert!(t.iter().any(|s| s.starts_with("task A loss")), "the axis title: {t:?}");
}

#[test]
fn another_students_seed_moves_the_ring() {
    let mut strip = ratios();
    strip.student = 4; // seed 4 has no single-task value: one ring on the data, one in the legend
    let (_, rings) = circles(&svg("seed4", &strip, &SeedStripText::default()));
    assert_eq!(rings, 2);
    strip.student = 99; // not among the seeds: only the legend's
    assert_eq!(circles(&svg("seed99", &strip, &SeedStripText::default())).1, 1);
}

#[test]
fn a_linear_axis_draws_differences_and_negative_values() {
    let strip = SeedStrip {
        seeds: vec![5, 6, 7, 8, 9],
        student: 7,
        rows: vec![
            StripRow {
                label: "entire space".into(),
                color: "#0072b2".into(),
                values: vec![Some(0.03), Some(0.04), Some(-0.01), Some(0.035), Some(0.05)],
            },
            StripRow {
                label: "clicked only".into(),
                color: String::new(),
                values: vec![Some(0.01), Some(-0.004), Some(0.0), Some(0.012), Some(0.02)],
            },
        ],
        log: false,
        reference: Some(0.0),
        reference_label: String::new(),
        axis: "ESMM − BASE, CVR AUC".into(),
        unit: String::new(),
        decimals: 3,
    };
    let out = svg("linear", &strip, &SeedStripText::default());
    assert_eq!(circles(&out), (10, 3));
    let t = texts(&out);
    assert!(t.iter().any(|s| s == "entire space") && t.iter().any(|s| s == "median 0.035"), "{t:?}");
    assert!(t.iter().any(|s| s == "bar: median of 5 seeds"), "{t:?}");
    assert!(!t.iter().any(|s| s.starts_with("dashed")), "no entry for an unnamed reference line: {t:?}");
}

#[test]
fn no_values_gives_the_message() {
    let mut strip = ratios();
    for row in &mut strip.rows {
        row.values = vec![None; 10];
    }
    let out = svg("empty", &strip, &SeedStripText::default());
    assert_eq!(texts(&out), vec![SeedStripText::default().no_seeds]);
    let out = svg("no-rows", &SeedStrip::default(), &SeedStripText::default());
    assert_eq!(texts(&out).len(), 1);
    // a log axis has no place for 0 or below: such values are left out, not drawn at the edge
    let mut strip = ratios();
    strip.rows[0].values = vec![Some(0.0), Some(-1.0), Some(1.0), None, None, None, None, None, None, None];
    strip.rows.truncate(1);
    assert_eq!(circles(&svg("log-nonpositive", &strip, &SeedStripText::default())).0, 1);
}

#[test]
fn both_languages_fill_every_placeholder() {
    for lang in ["zh", "en"] {
        let path = format!("{}/static/i18n/{lang}.json", env!("CARGO_MANIFEST_DIR"));
        let dict: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).expect("dictionary")).expect("json");
        let text = SeedStripText::from_json(&dict["guide"]["seeds"]["chart"].to_string()).expect("strip words");
        for t in texts(&svg(&format!("words-{lang}"), &ratios(), &text)) {
            assert!(!t.contains('{') && !t.contains('}'), "{lang}: a placeholder left in {t:?}");
        }
    }
}

/// The wasm boundary checks the page's strip object against these names (src/wasm/seeds.rs): they must be the struct's.
#[test]
fn the_boundarys_field_lists_are_the_structs() {
    let strip = serde_json::to_value(SeedStrip { rows: vec![StripRow::default()], ..SeedStrip::default() }).unwrap();
    let keys = |v: &serde_json::Value| v.as_object().unwrap().keys().cloned().collect::<std::collections::BTreeSet<_>>();
    let source = std::fs::read_to_string(format!("{}/src/wasm/seeds.rs", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let listed = |name: &str| -> std::collections::BTreeSet<String> {
        let line = source.lines().find(|l| l.starts_with(&format!("const {name}"))).expect("the list");
        line.split('"').skip(1).step_by(2).map(str::to_string).collect()
    };
    assert_eq!(listed("STRIP_KEYS"), keys(&strip));
    assert_eq!(listed("ROW_KEYS"), keys(&strip["rows"][0]));
}
