//! Your own data: a CSV or TSV file a student opens in the page (parsed in the
//! browser, never uploaded), two binary labels picked from its columns, and the
//! model inputs made from the rest — the MMoE paper's census-income protocol
//! (income > 50K and never married) on any table. Not here: training (see `train`).
//!
//! The pipeline is parse → infer → encode:
//! - [`parse`] reads the bytes: the delimiter (tab, comma or semicolon) is sniffed
//!   from the header line; quoting, a byte-order mark, CRLF, empty lines, ragged
//!   rows and bytes that are not UTF-8 are repaired and noted ([`ParseNotes`]).
//!   At most [`Limits::max_rows`] rows (300,000) and [`Limits::max_columns`]
//!   columns (200) are read.
//! - Each column's kind is inferred as it is read: *numeric* if every present value
//!   parses (after trimming spaces) as a finite number, *categorical* otherwise,
//!   its values kept as raw text, spaces included (census-income writes
//!   `" 50000+."`). The values [`MISSING_TOKENS`] lists (empty, `?`, `NA`, `N/A`,
//!   `NaN`, `null`, `NULL`, `-`, after trimming) are missing in either kind.
//! - [`encode()`] labels the rows ([`LabelSpec`]: `column op value`), drops those
//!   without both labels, splits the rest at random (seeded) into training,
//!   validation and test rows, and fits the encoding on the training rows alone:
//!   a numeric column is standardised with the training mean and standard
//!   deviation, missing values set to 0 (the mean) with a missing-indicator input;
//!   a categorical column gets one one-hot input for each of its most frequent
//!   training values (at most `vocab_cap` = 20, each seen in at least `min_count` =
//!   10 training rows), one for every other value and one for missing. A column
//!   with one value in every training row is dropped.
//!
//! One-hot inputs into a network's first dense layer are a learned embedding: the
//! layer's weights from value v's input are a vector learned for v alone, added to
//! the layer's pre-activation in every row that has v — an embedding lookup,
//! written as a product. Rows are stored compactly (numbers and slot indices, 4
//! bytes each) and written out dense only a batch at a time ([`Split::fill_x`]).

mod column;
pub mod csv;
mod describe;
pub mod encode;
mod error;
mod label;
mod split;

pub use self::csv::{is_missing, parse, parse_number, Limits, MISSING_TOKENS};
pub use column::{Column, ColumnKind, ParseNotes, Table, MISSING_ID};
pub use describe::{describe, ColumnSummary, Role};
pub use encode::{encode, Counts, Encoded, InputInfo, InputKind, TableConfig, MAX_VOCAB_CAP, MIN_ROWS};
pub use error::TableError;
pub use label::{suggest_labels, LabelOp, LabelSpec};
pub use split::Split;

use std::hash::{BuildHasherDefault, Hasher};

/// The rustc compiler's FxHash: a multiply-rotate hash, several times faster than
/// the standard SipHash on short keys. A file the student opened need not be
/// defended against hash flooding.
#[derive(Clone, Copy, Default)]
pub(crate) struct FxHasher {
    hash: u64,
}

impl FxHasher {
    const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(Self::SEED);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.add(u64::from_le_bytes(chunk.try_into().unwrap_or_default()));
        }
        let mut tail = [0u8; 8];
        tail[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
        self.add(u64::from_le_bytes(tail));
    }

    fn write_u32(&mut self, n: u32) {
        self.add(n as u64);
    }

    /// Rotated, as rustc-hash 2 does: a product's low bits depend only on its
    /// factors' low bits, and the low bits pick the bucket (a float's bits, whole
    /// numbers' especially, end in zeros).
    fn finish(&self) -> u64 {
        self.hash.rotate_left(26)
    }
}

/// Hash maps and sets keyed by raw texts and numbers' bits.
pub(crate) type FxBuild = BuildHasherDefault<FxHasher>;
