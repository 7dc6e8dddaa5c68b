//! Every word the transfer map ([`transfer_map`](super::transfer_map)) draws,
//! as one serde struct with English defaults; the page passes its language's
//! version (`static/i18n/*.json`, key `transfer.chart`). Missing keys keep
//! English, unknown keys are refused. Strings only.

use crate::train::sweep::transfer::TransferClass;

use crate::plot::words::chart_words;

chart_words! {
    /// The strings on the transfer map.
    pub struct TransferChartText {
        /// Shown before the first job has finished.
        no_results = "no results yet: the first run of the sweep is training",
        /// Class names, in the legend (the chapter's words: 正迁移, 跷跷板, 负迁移).
        positive = "positive transfer",
        seesaw = "seesaw",
        negative = "negative transfer",
        unclear = "unclear",
        failed = "training failed",
        /// Legend notes under the classes: what each means.
        positive_note = "both tasks better",
        seesaw_note = "one task better, one worse",
        negative_note = "both tasks worse",
        unclear_note = "a task within the margin",
        failed_note = "not transfer (hatched)",
        /// x axis: the share of seeds, with the counts written on the segments.
        share_of_seeds = "share of seeds (the count on each segment)",
        /// A row's label at `p` (`{p}`).
        p_row = "p = {p}",
        /// The row of `p = 1`, the control where the tasks are identical.
        control_row = "p = 1 (control)",
        /// Legend entry of the ring around the student's seed's class (`{seed}`).
        your_seed = "ring: your seed ({seed})",
        /// Legend note on what the classes are judged against (`{margin}` in %).
        against_single = "vs single-task, ±{margin}%",
    }
}

impl TransferChartText {
    /// The name of a class.
    pub fn class(&self, class: TransferClass) -> &str {
        match class {
            TransferClass::Positive => &self.positive,
            TransferClass::Seesaw => &self.seesaw,
            TransferClass::Negative => &self.negative,
            TransferClass::Unclear => &self.unclear,
            TransferClass::Failed => &self.failed,
        }
    }

    /// What a class means, as its legend note.
    pub fn class_note(&self, class: TransferClass) -> &str {
        match class {
            TransferClass::Positive => &self.positive_note,
            TransferClass::Seesaw => &self.seesaw_note,
            TransferClass::Negative => &self.negative_note,
            TransferClass::Unclear => &self.unclear_note,
            TransferClass::Failed => &self.failed_note,
        }
    }

    /// A row's label: the control's at `p = 1`, else `p = 0.5`.
    pub fn row(&self, p: f64) -> String {
        if p == 1.0 {
            self.control_row.clone()
        } else {
            super::text::fill(&self.p_row, "p", &p.to_string())
        }
    }

    /// The ring's legend entry for `seed`.
    pub fn seed(&self, seed: u64) -> String {
        super::text::fill(&self.your_seed, "seed", &seed.to_string())
    }

    /// The note on what the classes are judged against, for a margin (a fraction).
    pub fn against(&self, margin: f64) -> String {
        let percent = format!("{:.1}", margin * 100.0);
        super::text::fill(&self.against_single, "margin", percent.trim_end_matches('0').trim_end_matches('.'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_and_notes_fill_their_numbers() {
        let t = TransferChartText::default();
        assert_eq!(t.row(0.5), "p = 0.5");
        assert_eq!(t.row(1.0), "p = 1 (control)");
        assert_eq!(t.against(0.02), "vs single-task, ±2%");
        assert_eq!(t.against(0.025), "vs single-task, ±2.5%");
        assert_eq!(t.seed(7), "ring: your seed (7)");
        assert!(TransferChartText::from_json(r#"{"title": "x"}"#).is_err());
    }
}
