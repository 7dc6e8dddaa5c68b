//! Racing models in lockstep: several models train on the same batches from the
//! same seed, and what a lesson plots is recorded every few steps. How the tasks'
//! losses are weighted is [`weighting`]; many short races that make one figure
//! are a [`sweep`].
//! Not here: drawing, or anything that knows about the browser.

pub mod auc;
pub mod batches;
pub mod bench;
pub mod columns;
pub mod config;
pub mod eval;
pub mod funnel;
pub mod history;
pub mod params;
pub mod race;
pub mod race_book;
pub mod race_data;
pub mod sweep;
pub mod table;
pub mod trainer;
pub mod watch;
pub mod weighting;

pub use config::RaceConfig;
pub use eval::{Evaluation, Snapshot};
pub use race::{Book, BookRun, Race, Reporter, RunView, Scenario};
pub use race_book::{FileTasks, RaceBook, Tasks, TasksMeasured};
pub use race_data::{RaceData, TaskLoss};
pub use trainer::{ModelRun, Trainer};
pub use weighting::{GradNormRecord, LossWeighting, UncertaintyForm, UncertaintyRecord};
