//! The page's presets (`www/js/presets.js`) are generated from the core's
//! (`src/models/preset.rs`), the one definition the CLI's `--preset` reads too.
//! This test builds what the file must hold and fails if it differs; run it with
//! `UPDATE_PRESETS=1` to rewrite the file after changing a preset.

use mtl_playground::models::{param_counts, Preset};
use mtl_playground::train::sweep::{SweepConfig, SweepKind};
use mtl_playground::{ModelKind, RaceConfig};

const PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/www/js/presets.js");

/// The module's text: every preset's sizes (snake_case, as the core's config
/// reads them), its correlation-sweep steps, and the default.
fn module() -> String {
    let mut out = String::from(
        "// Generated from src/models/preset.rs by tests/presets.rs: do not edit by hand.\n\
         // Rewrite with `UPDATE_PRESETS=1 cargo test --release --test presets`.\n\n\
         /** Each preset's model sizes (as the core's `sizes` config) and correlation-sweep steps. */\n\
         export const PRESETS = {\n",
    );
    for p in Preset::ALL {
        let sizes = serde_json::to_string(&p.sizes()).expect("sizes serialise");
        out += &format!("  {}: {{ sizes: {sizes}, sweepSteps: {} }},\n", p.id(), p.sweep_steps());
    }
    out += &format!("}};\n\n/** The preset the page opens with. */\nexport const DEFAULT_PRESET = '{}';\n", Preset::DEFAULT.id());
    out
}

#[test]
fn the_pages_presets_are_the_cores() {
    let want = module();
    if std::env::var_os("UPDATE_PRESETS").is_some() {
        std::fs::write(PATH, &want).expect("write www/js/presets.js");
    }
    let have = std::fs::read_to_string(PATH).unwrap_or_default();
    assert!(have == want, "www/js/presets.js is stale: run `UPDATE_PRESETS=1 cargo test --release --test presets`\n--- want:\n{want}");
}

#[test]
fn defaults_follow_the_default_preset() {
    assert_eq!(RaceConfig::default().sizes, Preset::DEFAULT.sizes());
    let sweep = SweepConfig::for_kind(SweepKind::Correlation);
    assert_eq!((sweep.base.sizes.clone(), sweep.steps), (Preset::DEFAULT.sizes(), Preset::DEFAULT.sweep_steps()));
    assert!(sweep.seeds.len() >= 10, "the page's correlation sweep runs at least 10 seeds");
    let paper = SweepConfig::for_preset(SweepKind::Correlation, Preset::Paper);
    assert_eq!((paper.base.sizes, paper.steps), (Preset::Paper.sizes(), Preset::Paper.sweep_steps()));
}

#[test]
fn paper_preset_keeps_the_mmoe_papers_parameter_counts() {
    let counts = param_counts(&Preset::Paper.sizes(), 100, 2);
    let of = |k: ModelKind| counts.iter().find(|(m, _)| *m == k).unwrap().1;
    assert_eq!((of(ModelKind::Mmoe), of(ModelKind::Cgc), of(ModelKind::Ple)), (14_834, 14_430, 17_618));
    // Shared-Bottom's 113 units are about MMoE's parameter count (§5.1: 13,255 against 14,834)
    let sb = of(ModelKind::SharedBottom) as f64;
    assert!((sb / of(ModelKind::Mmoe) as f64 - 1.0).abs() < 0.15, "Shared-Bottom {sb}");
    // the narrow world is much smaller everywhere
    let narrow = param_counts(&Preset::Narrow.sizes(), 100, 2);
    for ((k, n), (_, p)) in narrow.iter().zip(&counts) {
        assert!(n < p, "{k}: narrow {n} ≥ paper {p}");
    }
}
