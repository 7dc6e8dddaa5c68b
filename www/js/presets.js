// Generated from src/models/preset.rs by tests/presets.rs: do not edit by hand.
// Rewrite with `UPDATE_PRESETS=1 cargo test --release --test presets`.

/** Each preset's model sizes (as the core's `sizes` config) and correlation-sweep steps. */
export const PRESETS = {
  narrow: { sizes: {"experts":8,"expert_units":2,"tower_units":32,"bottom_units":2,"single_units":2,"task_experts":2,"shared_experts":4,"ple_levels":2}, sweepSteps: 3000 },
  paper: { sizes: {"experts":8,"expert_units":16,"tower_units":8,"bottom_units":113,"single_units":113,"task_experts":2,"shared_experts":4,"ple_levels":2}, sweepSteps: 1200 },
};

/** The preset the page opens with. */
export const DEFAULT_PRESET = 'narrow';
