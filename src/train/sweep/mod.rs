//! Sweeps: many short races that together make one of the papers' figures.
//!
//! - **loss weight** (the trade-off between the tasks, 取舍): each model at `points` fixed loss
//!   weights from task A only `(1, 0)` to task B only `(0, 1)`; final test loss per task.
//! - **trainability** (MMoE paper Fig. 5): the data held fixed, `inits`
//!   initialisations per model; the spread of the final loss.
//! - **correlation** (MMoE paper Fig. 4, design §1.5): final test loss against the
//!   task correlation `p`, as same-seed ratios to `p = 1`, and MMoE's gate separation.
//! - **transfer** (the chapter's taxonomy, design §1.5): per seed, `p` and
//!   multi-task model, positive transfer, seesaw, negative transfer, unclear or
//!   failed against the same seed's single-task networks ([`transfer`]).
//!
//! A sweep is a list of jobs ([`SweepJob`]); each job is one race of every
//! selected model in lockstep (so the models share data and batches). [`Sweep`]
//! runs them one small step at a time for the page; `run_job` runs one job from
//! scratch for the CLI's threads, with the same result. [`summary`] turns the job
//! results into what the charts and tables show.
//! Not here: clocks, threads or drawing.

// Layers, each using only those above it: config (what to run) → runner (one
// job) → transfer (the map's classes) → summary (many results) → book (a whole
// sweep, run or gathered).
mod book;
mod config;
mod runner;
pub mod summary;
pub mod transfer;

pub use book::{Sweep, SweepBook, SweepProgress, SweepResults};
pub use config::{SweepConfig, SweepJob, SweepKind, DEFAULT_MARGIN, MAX_MARGIN};
pub use runner::{job_groups, run_job, split_jobs, JobResult, ModelOutcome};
pub use summary::{Spread, SweepSummary};
