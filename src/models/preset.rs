//! Named presets: a complete set of model sizes, and the training length its
//! findings were measured at, that the CLI (`--preset`) and the page (the preset
//! selector, `#preset=`) share from this one definition.
//!
//! - `narrow`: the capacity-limited world (docs/mtl-findings.md, "Presets"). Every
//!   tower reads a 2-wide representation: Shared-Bottom's bottom has 2 units, and
//!   a mixture of 2-unit experts is 2-wide. Shared-Bottom and OMoE (one gate)
//!   make both tasks share theirs; MMoE mixes one per task. So as `p` falls,
//!   Shared-Bottom loses accuracy in 10 of 10 seeds and OMoE in 9–10 of 10
//!   (seeds 1–10 and 11–20) while MMoE loses far less: the MMoE paper's
//!   Figure 4 ordering. Its sizes were chosen by a 10-seed scan of bottom width,
//!   expert units, tower units, experts and steps; its hidden layers use leaky
//!   ReLU, since a 2-unit ReLU layer dies on some seeds and the run fails
//!   (docs/mtl-findings.md, "Leaky ReLU at `narrow`").
//! - `paper`: the MMoE paper's §5.1 sizes at d = 100 (Shared-Bottom 113 units,
//!   8 experts × 16, towers of 8), where every model has room for both tasks and
//!   the paired ratios stay near 1.
//!
//! Not here: the data or the optimiser (a preset changes only the models), or
//! what a page control does with a preset (www/js).

use super::ModelSizes;
use crate::error::{Error, Result};
use crate::nn::activation::Activation;
use serde::{Deserialize, Serialize};
use std::str::FromStr;

/// A named set of sizes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Preset {
    /// The capacity-limited world, where the MMoE lesson appears.
    Narrow,
    /// The MMoE paper's §5.1 sizes.
    Paper,
}

impl Preset {
    /// Every preset, in the order the page offers them.
    pub const ALL: [Preset; 2] = [Preset::Narrow, Preset::Paper];

    /// The preset the page opens with and the CLI uses without `--preset`:
    /// the world where the chapter's claim about sharing shows (README, "Presets").
    pub const DEFAULT: Preset = Preset::Narrow;

    /// The sizes a race on a file is read at (the CLI's `data` without
    /// `--preset`, the size the page offers a file's race): the narrow preset
    /// starves a table's tasks on purpose, and its 2-unit shared bottom dies on
    /// some seeds of the sample (README, "Your data").
    pub const TABLE: Preset = Preset::Paper;

    /// The short name used in the CLI and the URL.
    pub fn id(self) -> &'static str {
        match self {
            Preset::Narrow => "narrow",
            Preset::Paper => "paper",
        }
    }

    /// The preset's sizes: every field of [`ModelSizes`] is set here.
    pub fn sizes(self) -> ModelSizes {
        match self {
            Preset::Narrow => ModelSizes {
                experts: 8,
                expert_units: 2,
                tower_units: 32,
                bottom_units: 2,
                single_units: 2,
                task_experts: 2,
                shared_experts: 4,
                ple_levels: 2,
                activation: Activation::LeakyRelu,
            },
            Preset::Paper => ModelSizes {
                experts: 8,
                expert_units: 16,
                tower_units: 8,
                bottom_units: 113,
                single_units: 113,
                task_experts: 2,
                shared_experts: 4,
                ple_levels: 2,
                activation: Activation::Relu,
            },
        }
    }

    /// Training steps per job in the page's correlation sweep at this preset:
    /// the length at which the 10-seed figures its caption quotes were measured.
    pub fn sweep_steps(self) -> usize {
        match self {
            Preset::Narrow => 3000,
            Preset::Paper => 1200,
        }
    }

    /// The preset whose sizes are exactly `sizes`, if any.
    pub fn matching(sizes: &ModelSizes) -> Option<Preset> {
        Preset::ALL.into_iter().find(|p| &p.sizes() == sizes)
    }
}

impl FromStr for Preset {
    type Err = Error;
    /// `narrow` or `paper` (any case).
    fn from_str(s: &str) -> Result<Self> {
        let key = s.trim().to_ascii_lowercase();
        Preset::ALL
            .into_iter()
            .find(|p| p.id() == key)
            .ok_or_else(|| Error::InvalidConfig { field: "preset", reason: format!("`{s}` is not narrow or paper") })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_are_valid_distinct_and_named_both_ways() {
        for p in Preset::ALL {
            p.sizes().validate().unwrap();
            assert_eq!(p.id().parse::<Preset>().unwrap(), p);
            assert_eq!(Preset::matching(&p.sizes()), Some(p));
        }
        assert_ne!(Preset::Narrow.sizes(), Preset::Paper.sizes());
        assert_eq!(" PAPER ".parse::<Preset>().unwrap(), Preset::Paper);
        assert!("wide".parse::<Preset>().unwrap_err().to_string().contains("narrow or paper"));
        assert_eq!(ModelSizes::default(), Preset::DEFAULT.sizes());
    }
}
