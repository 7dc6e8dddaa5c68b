//! The main command, `mtl-lab [OPTIONS]`: its flags and the checks that make
//! them a [`Plan`] of races on the correlated tasks.

use crate::args::{
    data_flags, init_seed_flag, models_flag, preset_flag, presets_help, seeds_flag, size_flags, threads_flag, training_flags, Race,
};
use crate::common::{all_cores, plan_or_exit, report};
use crate::flags::{num, Command, Flag};
use crate::race_run::{print_table, run_all, Plan};
use mtl_playground::train::weighting::GRAD_NORM_LR;
use mtl_playground::train::LossWeighting;
use mtl_playground::RaceConfig;
use std::ffi::OsString;
use std::process::ExitCode;

const HEAD: &str = "\
mtl-lab: race multi-task models on synthetic correlated tasks (MMoE paper §3.2)

USAGE: mtl-lab [OPTIONS]
       mtl-lab funnel [OPTIONS]   the ESMM click -> conversion lab (funnel --help)
       mtl-lab sweep KIND [OPTIONS]   loss-weight, trainability or correlation sweeps (sweep --help)
       mtl-lab watch [OPTIONS]    watch time: CTR vs weighted CE vs 0.3/0.7 loss weights (watch --help)

Flags take their value as `--flag VALUE` or `--flag=VALUE`.
";

const NOTES: &str = "\
Losses are test MSE on the whole test set. MTL gain follows PLE Eq. 11 for a
loss: L_single - L_model (positive = sharing helped); it needs `single`.
Weights wA, wB are each model's final weights on the task losses (uncertainty:
0.5·exp(-s_k)). Under GradNorm, `gap` is the mean relative gap |G_i - target_i| /
target_i of the weighted gradient norms on the last shared layer, over the
records after the first quarter of the steps (warm-up); single-task networks
share no layer and keep fixed weights.
";

/// GradNorm's restoring force α unless `--alpha` gives one (GradNorm paper's
/// choice for tasks of different difficulty).
const ALPHA: f64 = 1.5;

/// The plan as the flags set it, with the loss weighting still in words: it
/// is checked once every flag is read, since `--alpha` only goes with grad_norm.
struct Args {
    plan: Plan,
    weighting: String,
    alpha: Option<f64>,
    gradnorm_lr: Option<f64>,
}

impl Race for Args {
    fn race(&mut self) -> &mut RaceConfig {
        &mut self.plan.base
    }
}

impl Args {
    /// The plan before any flag: the defaults the help shows.
    fn new() -> Self {
        let plan = Plan {
            base: RaceConfig { record_every: 100, ..RaceConfig::default() },
            correlations: vec![RaceConfig::default().data.task_correlation],
            seeds: vec![1],
            steps: 3000,
            switch: None,
            threads: all_cores(),
            json: false,
        };
        Args { plan, weighting: "fixed".into(), alpha: None, gradnorm_lr: None }
    }
}

type F = Flag<Args>;

/// Every flag of the main command, in the help's order.
fn command() -> Command<Args> {
    Command::new("mtl-lab", HEAD)
        .section("Scenario")
        .flag(F::list("--p", "LIST", "task correlations p = cos(w1, w2), e.g. 1,0.5,0", |a| &mut a.plan.correlations))
        .flags(data_flags())
        .section("Models (a size flag overrides the preset's size, whatever the order)")
        .flag(models_flag())
        .flag(preset_flag("a named set of every size below (see Presets)", |a, preset| a.plan.base.sizes = preset.sizes()))
        .flags(size_flags())
        .section("Training")
        .flag(seeds_flag("seeds, e.g. 1-10 or 1,4,7", |a| &mut a.plan.seeds))
        .flag(init_seed_flag("fix the data seed, vary only this init seed", |a| &mut a.plan.base.init_seed))
        .flag(F::number("--steps", "N", "training steps", |a| &mut a.plan.steps))
        .flag(F::parsed(
            "--switch",
            "STEP:P",
            "at STEP, change p to P without a reset, as the guided\n\
             labs do mid-run; `before_switch` holds the metrics\n\
             just before it (test loss on the whole test set)",
            |a| &mut a.plan.switch,
            |v| switch(v).map(Some),
            |_| "none".into(),
        ))
        .flags(training_flags())
        .flag(F::list("--weights", "A,B", "loss weights of task A and task B\n(GradNorm starts from them, rescaled to sum 2)", |a| {
            &mut a.plan.base.loss_weights
        }))
        .flag(F::parsed("--weighting", "W", "fixed, uncertainty or grad_norm", |a| &mut a.weighting, weighting, String::clone))
        .flag(F::parsed(
            "--alpha",
            "A",
            "GradNorm's restoring force α, in [0, 5]",
            |a| &mut a.alpha,
            |v| num(v).map(Some),
            |_| ALPHA.to_string(),
        ))
        .flag(F::parsed(
            "--gradnorm-lr",
            "X",
            "Adam learning rate of GradNorm's weights",
            |a| &mut a.gradnorm_lr,
            |v| num(v).map(Some),
            |_| GRAD_NORM_LR.to_string(),
        ))
        .flag(threads_flag("seeds trained at once", |a| &mut a.plan.threads))
        .section("Output")
        .flag(F::switch("--json", "per-model, per-seed final metrics as JSON", |a| &mut a.plan.json))
        .notes(NOTES.to_string() + &presets_help())
}

/// `fixed`, `uncertainty` or `grad_norm` (the core's names, `LossWeighting::KINDS`), in any
/// case, with or without `-`/`_` (so older commands' `gradnorm` still reads).
fn weighting(s: &str) -> Result<String, String> {
    let name = s.trim().to_ascii_lowercase().replace(['-', '_'], "");
    match name.as_str() {
        "fixed" | "uncertainty" | "gradnorm" => Ok(name),
        _ => Err(format!("`{s}` is not fixed, uncertainty or grad_norm")),
    }
}

/// `STEP:P`, e.g. `1500:0`.
fn switch(s: &str) -> Result<(usize, f64), String> {
    let (step, p) = s.split_once(':').ok_or_else(|| format!("`{s}` is not STEP:P"))?;
    Ok((num(step)?, num(p)?))
}

fn parse_args(args: &[OsString]) -> Result<Option<Plan>, String> {
    let Some(Args { mut plan, weighting, alpha, gradnorm_lr }) = command().parse(args, Args::new())? else { return Ok(None) };
    plan.base.weighting = match weighting.as_str() {
        "gradnorm" => LossWeighting::GradNorm { alpha: alpha.unwrap_or(ALPHA), lr: gradnorm_lr.unwrap_or(GRAD_NORM_LR) },
        _ if alpha.is_some() || gradnorm_lr.is_some() => return Err("--alpha and --gradnorm-lr apply to --weighting grad_norm only".into()),
        "uncertainty" => LossWeighting::Uncertainty,
        _ => LossWeighting::Fixed,
    };
    if let Some((step, p)) = plan.switch {
        if step == 0 || step >= plan.steps {
            return Err(format!("--switch: step {step} is not inside the run's 1..{} steps", plan.steps));
        }
        plan.correlations.push(p); // validated below with the others, then removed
    }
    for &p in &plan.correlations {
        let mut probe = plan.base.clone();
        probe.data.task_correlation = p;
        probe.validate().map_err(|e| e.to_string())?;
    }
    if plan.switch.is_some() {
        plan.correlations.pop();
    }
    Ok(Some(plan))
}

/// Runs the main command on the arguments after `mtl-lab`.
pub fn main(args: &[OsString]) -> ExitCode {
    let plan = match plan_or_exit(parse_args(args), || command().help(Args::new()), "mtl-lab") {
        Ok(plan) => plan,
        Err(code) => return code,
    };
    report("mtl-lab", run_all(&plan), plan.json, &plan.base, |runs| print_table(&plan, runs))
}
