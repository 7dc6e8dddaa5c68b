//! The export's columns: for each scenario, every CSV column's header and where
//! its value sits in a record as the core serializes it (a path of field names
//! and indices). The page's CSV export reads every record by these paths
//! (`coreParams().record_columns`) and restates none of them, so renaming a
//! record's field means changing its path here, and `tests/columns.rs` checks
//! every path against records a real race made (a path that finds nothing
//! fails there, not as an empty CSV column in a student's download).
//!
//! Not here: the records ([`super::Snapshot`], the funnel's and watch time's
//! snapshots) or the file itself (`www/js/export.js`).

use serde::Serialize;

/// One step of a path: a field of an object or an element of an array.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Seg {
    Field(&'static str),
    Index(usize),
}

/// One CSV column: its header and its value's path in a record. A value that
/// is an array is written as its elements separated by spaces.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Column {
    pub name: &'static str,
    pub path: &'static [Seg],
}

const fn col(name: &'static str, path: &'static [Seg]) -> Column {
    Column { name, path }
}

use Seg::{Field as F, Index as I};

/// The correlated tasks' records ([`super::Snapshot`]), per model.
pub const TASKS: &[Column] = &[
    col("step", &[F("step")]),
    col("train_loss_a", &[F("train_loss"), I(0)]),
    col("train_loss_b", &[F("train_loss"), I(1)]),
    col("test_loss_a", &[F("test_loss"), I(0)]),
    col("test_loss_b", &[F("test_loss"), I(1)]),
    col("mtl_gain_a", &[F("mtl_gain"), I(0)]),
    col("mtl_gain_b", &[F("mtl_gain"), I(1)]),
    col("grad_cosine", &[F("grad_cosine")]),
    col("gate_js_distance", &[F("gates"), F("js_distance")]),
    col("gate_entropy_bits", &[F("gates"), F("entropy_bits")]),
    col("weighting", &[F("weighting"), F("kind")]),
    col("loss_weight_a", &[F("loss_weights"), I(0)]),
    col("loss_weight_b", &[F("loss_weights"), I(1)]),
];

/// The ESMM funnel's records (`FunnelSnapshot`), per model.
pub const FUNNEL: &[Column] = &[
    col("step", &[F("step")]),
    col("ctr_auc", &[F("metrics"), F("ctr_auc")]),
    col("ctcvr_auc", &[F("metrics"), F("ctcvr_auc")]),
    col("cvr_auc_clicked", &[F("metrics"), F("cvr_auc_clicked")]),
    col("cvr_auc_entire", &[F("metrics"), F("cvr_auc_entire")]),
    col("mean_pcvr", &[F("metrics"), F("mean_pcvr")]),
    col("true_mean_cvr", &[F("metrics"), F("true_mean_cvr")]),
    col("cvr_abs_error", &[F("metrics"), F("cvr_abs_error")]),
    col("train_loss", &[F("train_loss")]),
    col("validation_loss", &[F("validation_loss")]),
    col("stopped", &[F("stopped")]),
];

/// The watch-time feed's records (`WatchSnapshot`), per model.
pub const WATCH: &[Column] = &[
    col("step", &[F("step")]),
    col("train_loss", &[F("train_loss")]),
    col("top_watch_share", &[F("metrics"), F("top_watch_share")]),
    col("top_click_share", &[F("metrics"), F("top_click_share")]),
    col("ctr_auc", &[F("metrics"), F("ctr_auc")]),
    col("odds_ratio_to_watch", &[F("metrics"), F("odds"), F("ratio_to_expected_watch")]),
    col("odds_ratio_to_optimum", &[F("metrics"), F("odds"), F("ratio_to_optimum")]),
];

/// Every exported scenario's columns, by the page's scenario id.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct RecordColumns {
    pub tasks: &'static [Column],
    pub funnel: &'static [Column],
    pub watch: &'static [Column],
}

/// The columns the page's CSV export writes.
pub const RECORD_COLUMNS: RecordColumns = RecordColumns { tasks: TASKS, funnel: FUNNEL, watch: WATCH };

/// The value at `path` in a serialized record, if there is one (`null` counts
/// as none), as the page reads it.
pub fn resolve<'a>(record: &'a serde_json::Value, path: &[Seg]) -> Option<&'a serde_json::Value> {
    let value = path.iter().try_fold(record, |v, seg| match seg {
        Seg::Field(name) => v.get(name),
        Seg::Index(i) => v.get(i),
    })?;
    (!value.is_null()).then_some(value)
}
