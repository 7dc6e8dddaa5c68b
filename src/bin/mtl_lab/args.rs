//! The flags every subcommand shares: numbers, lists and seed ranges, the
//! presets, and the race options of the correlated tasks.

use mtl_playground::models::Preset;
use mtl_playground::{ModelKind, RaceConfig};

/// The presets and their sizes, as the help's last section.
pub fn presets_help() -> String {
    let mut out = String::from("\nPresets (--preset; the page's preset selector shares them)\n");
    for p in Preset::ALL {
        let s = p.sizes();
        out += &format!(
            "  {:<8} bottom {}, single-task {}, {} experts × {} units (CGC/PLE {} per task + {} shared, {} levels), towers {}\n",
            p.id(),
            s.bottom_units,
            s.single_units,
            s.experts,
            s.expert_units,
            s.task_experts,
            s.shared_experts,
            s.ple_levels,
            s.tower_units
        );
    }
    out
}

/// The preset `args` name (`--preset NAME`, the last one if several). It is
/// read before the other flags, so that a size flag overrides the preset's size
/// wherever it stands.
pub fn preset_named(args: &[String]) -> Result<Option<Preset>, String> {
    let named = args.iter().zip(args.iter().skip(1)).rfind(|(flag, _)| *flag == "--preset");
    named.map(|(_, name)| name.parse::<Preset>().map_err(|e| format!("--preset: {e}"))).transpose()
}

/// Sets `flag` on `c` if it is one of the race options every subcommand on the
/// correlated tasks shares (data size and shape, models and sizes, optimiser,
/// batch, records); returns whether it was.
pub fn race_option<'a>(c: &mut RaceConfig, flag: &str, mut value: impl FnMut() -> Result<&'a String, String>) -> Result<bool, String> {
    match flag {
        "--train" => c.data.train_samples = num(value()?, flag)?,
        "--test" => c.data.test_samples = num(value()?, flag)?,
        "--dim" => c.data.dim = num(value()?, flag)?,
        "--sines" => c.data.sines = num(value()?, flag)?,
        "--noise" => c.data.noise_std = num(value()?, flag)?,
        "--models" => c.models = value()?.split(',').map(str::parse::<ModelKind>).collect::<Result<_, _>>().map_err(|e| e.to_string())?,
        "--preset" => {
            value()?; // read before the other flags (preset_named)
        }
        "--experts" => c.sizes.experts = num(value()?, flag)?,
        "--expert-units" => c.sizes.expert_units = num(value()?, flag)?,
        "--task-experts" => c.sizes.task_experts = num(value()?, flag)?,
        "--shared-experts" => c.sizes.shared_experts = num(value()?, flag)?,
        "--ple-levels" => c.sizes.ple_levels = num(value()?, flag)?,
        "--tower-units" => c.sizes.tower_units = num(value()?, flag)?,
        "--bottom-units" => c.sizes.bottom_units = num(value()?, flag)?,
        "--single-units" => c.sizes.single_units = num(value()?, flag)?,
        "--lr" => c.optimizer.lr = num(value()?, flag)?,
        "--batch" => c.batch_size = num(value()?, flag)?,
        "--record-every" => c.record_every = num(value()?, flag)?,
        _ => return Ok(false),
    }
    Ok(true)
}

pub fn num<T: std::str::FromStr>(s: &str, flag: &str) -> Result<T, String> {
    s.trim().parse().map_err(|_| format!("{flag}: `{s}` is not a valid number"))
}

pub fn list<T: std::str::FromStr>(s: &str, flag: &str) -> Result<Vec<T>, String> {
    s.split(',').map(|v| num(v, flag)).collect()
}

/// `1-10`, `1,4,7` or a mix: `1-3,9`.
pub fn seeds(s: &str) -> Result<Vec<u64>, String> {
    let mut out = Vec::new();
    for part in s.split(',') {
        match part.split_once('-') {
            Some((a, b)) => {
                let (a, b): (u64, u64) = (num(a, "--seeds")?, num(b, "--seeds")?);
                if b < a || b - a > 10_000 {
                    return Err(format!("--seeds: `{part}` is not a sensible range"));
                }
                out.extend(a..=b);
            }
            None => out.push(num(part, "--seeds")?),
        }
    }
    Ok(out)
}
