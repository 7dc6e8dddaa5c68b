//! What the commands share in their flags: seed ranges, the presets' help, and
//! the race flags of the correlated tasks (data, model sizes, optimiser), which
//! the main command and `sweep` both take.

use crate::flags::{join, num, Flag};
use mtl_playground::models::Preset;
use mtl_playground::nn::activation::Activation;
use mtl_playground::RaceConfig;
use std::str::FromStr;

/// A plan that holds one race config of the correlated tasks. The main
/// command and `sweep` keep theirs in different places; through this the race
/// flags are declared once for both.
pub trait Race {
    fn race(&mut self) -> &mut RaceConfig;
}

/// The data's flags: sizes, shape and noise.
pub fn data_flags<P: Race + 'static>() -> Vec<Flag<P>> {
    vec![
        Flag::number("--train", "N", "training samples", |p| &mut p.race().data.train_samples),
        Flag::number("--test", "N", "test samples", |p| &mut p.race().data.test_samples),
        Flag::number("--dim", "N", "input dimension d", |p| &mut p.race().data.dim),
        Flag::number("--sines", "N", "sine terms m", |p| &mut p.race().data.sines),
        Flag::number("--noise", "S", "label noise standard deviation", |p| &mut p.race().data.noise_std),
    ]
}

/// `--models`, the models raced.
pub fn models_flag<P: Race + 'static>() -> Flag<P> {
    Flag::parsed("--models", "LIST", "any of single,sb,omoe,mmoe,cgc,ple", |p| &mut p.race().models, kinds, |k| ids(k, |k| k.id()))
}

/// Every size flag. Each overrides the preset's size, so its default is
/// "preset": the number depends on `--preset`.
pub fn size_flags<P: Race + 'static>() -> Vec<Flag<P>> {
    let flags: Vec<Flag<P>> = vec![
        Flag::number("--experts", "N", "OMoE/MMoE experts", |p| &mut p.race().sizes.experts),
        Flag::number("--expert-units", "N", "units per expert (all gated models)", |p| &mut p.race().sizes.expert_units),
        Flag::number("--task-experts", "N", "CGC/PLE experts per task, per level", |p| &mut p.race().sizes.task_experts),
        Flag::number("--shared-experts", "N", "CGC/PLE shared experts, per level", |p| &mut p.race().sizes.shared_experts),
        Flag::number("--ple-levels", "N", "PLE extraction levels (1 = CGC)", |p| &mut p.race().sizes.ple_levels),
        Flag::number("--tower-units", "N", "units per tower", |p| &mut p.race().sizes.tower_units),
        Flag::number("--bottom-units", "N", "Shared-Bottom units", |p| &mut p.race().sizes.bottom_units),
        Flag::number("--single-units", "N", "single-task first-layer units", |p| &mut p.race().sizes.single_units),
        Flag::parsed(
            "--activation",
            "NAME",
            "hidden layers: relu or leaky_relu (slope 0.05)",
            |p| &mut p.race().sizes.activation,
            |v| v.parse::<Activation>().map_err(|e| e.to_string()),
            |a| a.id().to_string(),
        ),
    ];
    flags.into_iter().map(|f| f.shows("preset")).collect()
}

/// The optimiser's and the batches' flags.
pub fn training_flags<P: Race + 'static>() -> Vec<Flag<P>> {
    vec![
        Flag::number("--lr", "X", "Adam learning rate", |p| &mut p.race().optimizer.lr),
        Flag::number("--batch", "N", "batch size", |p| &mut p.race().batch_size),
        Flag::number("--record-every", "N", "steps between recorded metrics", |p| &mut p.race().record_every),
    ]
}

/// `--preset NAME`, applied before the size flags wherever it stands, so that
/// a size flag overrides the preset's size in any order; `set` puts the
/// preset into the plan.
pub fn preset_flag<P: 'static>(help: &'static str, set: fn(&mut P, Preset)) -> Flag<P> {
    Flag::with("--preset", "NAME", help, move |p, v| {
        set(p, v.parse::<Preset>().map_err(|e| e.to_string())?);
        Ok(())
    })
    .shows(Preset::DEFAULT.id())
    .first()
}

/// `--threads N`: how many jobs train at once. Its default is the machine's
/// cores, which the help names rather than counts; 0 means one.
pub fn threads_flag<P: 'static>(help: &'static str, at: fn(&mut P) -> &mut usize) -> Flag<P> {
    Flag::parsed("--threads", "N", help, at, |v| num::<usize>(v).map(|n| n.max(1)), usize::to_string).shows("cores")
}

/// `--seeds LIST`: the seeds run.
pub fn seeds_flag<P: 'static>(help: &'static str, at: fn(&mut P) -> &mut Vec<u64>) -> Flag<P> {
    Flag::parsed("--seeds", "LIST", help, at, seeds, |s| seeds_shown(s))
}

/// Seeds as `--seeds` takes them: `1-10` when they run on, else `1,4,7`.
pub fn seeds_shown(seeds: &[u64]) -> String {
    match seeds {
        [first, .., last] if seeds.windows(2).all(|w| w[1] == w[0] + 1) => format!("{first}-{last}"),
        _ => join(seeds),
    }
}

/// `--init-seed N`: the models' initial weights from this seed, not the data's.
pub fn init_seed_flag<P: 'static>(help: &'static str, at: fn(&mut P) -> &mut Option<u64>) -> Flag<P> {
    Flag::parsed("--init-seed", "N", help, at, |v| num(v).map(Some), |seed| seed.map_or("none".into(), |s| s.to_string()))
}

/// The models in `s` (`a,b,c`), of any scenario: each kind parses its own ids
/// and names the known ones when it cannot.
pub fn kinds<K: FromStr<Err = mtl_playground::Error>>(s: &str) -> Result<Vec<K>, String> {
    s.split(',').map(str::parse::<K>).collect::<Result<_, _>>().map_err(|e| e.to_string())
}

/// The ids of `kinds`, as `--models` takes them.
pub fn ids<K: Copy>(kinds: &[K], id: fn(K) -> &'static str) -> String {
    kinds.iter().map(|&k| id(k)).collect::<Vec<_>>().join(",")
}

/// The presets and their sizes, as the help's last section.
pub fn presets_help() -> String {
    let mut out = String::from("\nPresets (--preset; the page's preset selector shares them)\n");
    for p in Preset::ALL {
        let s = p.sizes();
        out += &format!(
            "  {:<8} bottom {}, single-task {}, {} experts × {} units (CGC/PLE {} per task + {} shared, {} levels), towers {}, {}\n",
            p.id(),
            s.bottom_units,
            s.single_units,
            s.experts,
            s.expert_units,
            s.task_experts,
            s.shared_experts,
            s.ple_levels,
            s.tower_units,
            s.activation.id()
        );
    }
    out
}

/// `1-10`, `1,4,7` or a mix: `1-3,9`.
pub fn seeds(s: &str) -> Result<Vec<u64>, String> {
    let mut out = Vec::new();
    for part in s.split(',') {
        match part.split_once('-') {
            Some((a, b)) => {
                let (a, b): (u64, u64) = (num(a)?, num(b)?);
                if b < a || b - a > 10_000 {
                    return Err(format!("`{part}` is not a sensible range"));
                }
                out.extend(a..=b);
            }
            None => out.push(num(part)?),
        }
    }
    Ok(out)
}
