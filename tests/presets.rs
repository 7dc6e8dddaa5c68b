//! The presets (`src/models/preset.rs`): the one definition the CLI's
//! `--preset` and the page read (the page through `params::presets`, which the
//! wasm's `coreParams()` hands it at start-up).

use mtl_playground::models::{param_counts, Preset};
use mtl_playground::train::params::{self, config_from, Value, SIZE_PARAMS};
use mtl_playground::train::sweep::{SweepConfig, SweepKind};
use mtl_playground::{ModelKind, RaceConfig};

/// The page's presets: each one's size settings build its sizes, alone or
/// with its name, and its sweep steps are the core's.
#[test]
fn the_pages_presets_are_the_cores() {
    let presets = params::presets();
    assert_eq!(presets.iter().map(|p| p.id).collect::<Vec<_>>(), Preset::ALL.map(Preset::id));
    for (spec, preset) in presets.iter().zip(Preset::ALL) {
        assert_eq!(spec.values.keys().copied().collect::<Vec<_>>(), {
            let mut k = SIZE_PARAMS.to_vec();
            k.sort_unstable();
            k
        });
        assert_eq!(spec.sweep_steps, preset.sweep_steps());
        let named = [("preset".to_string(), Value::Text(spec.id.into()))].into_iter();
        let with_values = named.clone().chain(spec.values.iter().map(|(k, v)| (k.to_string(), v.clone())));
        let by_name = config_from(&params::race_params(), named.collect()).unwrap();
        assert_eq!(by_name.sizes, preset.sizes(), "{}: the name sets every size", spec.id);
        assert_eq!(
            config_from(&params::race_params(), with_values.collect()).unwrap().sizes,
            preset.sizes(),
            "{}: and its values agree",
            spec.id
        );
    }
    let default = params::specs().into_iter().find(|s| s.name == "preset").unwrap().default;
    assert_eq!(default, Value::Text(Preset::DEFAULT.id().into()), "the page opens on the core's default preset");
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
