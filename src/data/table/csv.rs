//! Reading a CSV or TSV file's bytes into a columnar [`Table`]. Not here: choosing
//! labels or making model inputs (`encode`).
//!
//! The parser repairs what it can and notes it ([`ParseNotes`]); it fails only on
//! a file with no header, no data rows or too many columns. A column starts out
//! numeric and stays so while every present value parses as a finite number; at
//! its first other value it becomes categorical. If numbers had been stored by
//! then, their raw texts are gone, so a second pass over the bytes re-reads just
//! those columns, paid only by such files: measured on a 300,000 × 42 file
//! (105 MB, native release, a busy 2-core machine) with one such column, parsing
//! took 1.5 s instead of 1.1 s. Keeping every numeric column's raw texts instead
//! would double the memory of every file for the sake of a few.

use super::column::{Column, ParseNotes, Table, MISSING_ID};
use super::error::TableError;
use super::FxBuild;
use ::csv::{ByteRecord, Reader, ReaderBuilder};
use serde::Serialize;
use std::borrow::Cow;
use std::collections::HashMap;

/// The values (after trimming ASCII whitespace) that mean "missing".
pub const MISSING_TOKENS: [&str; 8] = ["", "?", "NA", "N/A", "NaN", "null", "NULL", "-"];

/// How much of a file is read. The defaults keep a 300,000 × 200 table at 240 MB
/// (4 bytes a cell), the most a browser tab is asked to hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Limits {
    /// Rows past this many are not read (`ParseNotes::truncated`).
    pub max_rows: usize,
    /// A file with more columns is refused ([`TableError::TooManyColumns`]).
    pub max_columns: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self { max_rows: 300_000, max_columns: 200 }
    }
}

/// Whether `text` (already trimmed) is one of the [`MISSING_TOKENS`].
pub fn is_missing(trimmed: &str) -> bool {
    // every token is at most 4 bytes: most values skip the comparisons
    trimmed.len() <= 4 && MISSING_TOKENS.contains(&trimmed)
}

/// `text` trimmed as a finite number that an `f32` holds, if it is one.
pub fn parse_number(text: &str) -> Option<f32> {
    let x: f64 = text.trim_ascii().parse().ok()?;
    (x.is_finite() && x.abs() <= f32::MAX as f64).then_some(x as f32)
}

/// Parses a CSV or TSV file (delimiter sniffed from the header line) into a [`Table`].
pub fn parse(bytes: &[u8], limits: &Limits) -> Result<Table, TableError> {
    let (bytes, bom) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (rest, true),
        None => (bytes, false),
    };
    let delimiter = sniff_delimiter(bytes);
    let mut notes = ParseNotes { delimiter: delimiter as char, bom, ..ParseNotes::default() };

    let mut rows = Rows::new(bytes, delimiter);
    let header = rows.header(&mut notes)?;
    if header.len() > limits.max_columns {
        return Err(TableError::TooManyColumns { found: header.len(), max: limits.max_columns });
    }
    let mut builders: Vec<Builder> = header.iter().map(|_| Builder::new()).collect();
    let mut kept = 0;
    while kept < limits.max_rows {
        let Some(record) = rows.next(header.len(), Some(&mut notes))? else { break };
        for (builder, field) in builders.iter_mut().zip(record.iter()) {
            let (text, valid) = decode(field);
            notes.invalid_utf8_fields += usize::from(!valid);
            builder.push(&text, kept);
        }
        for builder in builders.iter_mut().skip(record.len()) {
            builder.push("", kept);
        }
        kept += 1;
    }
    notes.truncated = kept == limits.max_rows && rows.next(header.len(), None)?.is_some();
    notes.empty_lines += rows.blank_lines();
    if kept == 0 {
        return Err(TableError::HeaderOnly);
    }

    // Columns that turned categorical after numbers were stored: read their raw texts again.
    let rebuild: Vec<usize> = (0..builders.len()).filter(|&c| matches!(builders[c], Builder::Rebuild)).collect();
    if !rebuild.is_empty() {
        for &c in &rebuild {
            builders[c] = Builder::Categorical { ids: Vec::with_capacity(kept), values: Interner::default(), missing: 0 };
        }
        let mut rows = Rows::new(bytes, delimiter);
        rows.header(&mut ParseNotes::default())?;
        for row in 0..kept {
            let Some(record) = rows.next(header.len(), None)? else { break };
            for &c in &rebuild {
                builders[c].push(&decode(record.get(c).unwrap_or(b"")).0, row);
            }
        }
    }
    let columns = builders.into_iter().map(Builder::finish).collect();
    Ok(Table { header, columns, rows: kept, notes })
}

/// Tab, comma or semicolon, whichever occurs most (outside quotes) in the first
/// line; a comma when none does.
fn sniff_delimiter(bytes: &[u8]) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for &b in bytes {
        match b {
            b'"' => quoted = !quoted,
            b'\n' | b'\r' if !quoted => break,
            b'\t' if !quoted => counts[0] += 1,
            b',' if !quoted => counts[1] += 1,
            b';' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = counts.iter().enumerate().max_by_key(|&(i, &n)| (n, std::cmp::Reverse(i))).map_or(1, |(i, _)| i);
    if counts[best] == 0 {
        b','
    } else {
        [b'\t', b',', b';'][best]
    }
}

/// A field as text: borrowed when it is valid UTF-8, else decoded lossily (`false`).
fn decode(field: &[u8]) -> (Cow<'_, str>, bool) {
    match std::str::from_utf8(field) {
        Ok(text) => (Cow::Borrowed(text), true),
        Err(_) => (String::from_utf8_lossy(field), false),
    }
}

/// Line breaks as the CSV reader counts them: `\r\n`, a lone `\r`, a lone `\n`.
fn line_breaks(bytes: &[u8]) -> usize {
    let crs = bytes.iter().filter(|&&b| b == b'\r').count();
    let mut previous = None;
    let mut lfs = 0;
    for &b in bytes {
        lfs += usize::from(b == b'\n' && previous != Some(b'\r'));
        previous = Some(b);
    }
    crs + lfs
}

/// The file's records, the header first, skipping lines with nothing or only
/// spaces on them.
///
/// The CSV reader skips empty lines without saying so; they are counted at the end
/// by line breaks: those of the bytes read, less those inside fields, less one
/// ending each record.
struct Rows<'a> {
    bytes: &'a [u8],
    reader: Reader<&'a [u8]>,
    record: ByteRecord,
    /// Records read, the space-only ones included.
    records: usize,
    /// Line breaks inside the fields of those records.
    breaks_in_fields: usize,
    space_lines: usize,
}

impl<'a> Rows<'a> {
    fn new(bytes: &'a [u8], delimiter: u8) -> Self {
        let reader = ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(bytes);
        Self { bytes, reader, record: ByteRecord::new(), records: 0, breaks_in_fields: 0, space_lines: 0 }
    }

    /// The header's names: trimmed, empty ones named `column_N`, repeats suffixed `_2`, `_3`, ….
    fn header(&mut self, notes: &mut ParseNotes) -> Result<Vec<String>, TableError> {
        let Some(record) = self.next(usize::MAX, None)? else { return Err(TableError::EmptyFile) };
        let mut names: Vec<String> = Vec::with_capacity(record.len());
        let raw: Vec<(String, bool)> = record.iter().map(|f| decode(f)).map(|(t, ok)| (t.trim_ascii().to_string(), ok)).collect();
        for (i, (name, valid)) in raw.into_iter().enumerate() {
            notes.invalid_utf8_fields += usize::from(!valid);
            let base = if name.is_empty() { format!("column_{}", i + 1) } else { name };
            let mut unique = base.clone();
            let mut n = 1;
            while names.contains(&unique) {
                n += 1;
                unique = format!("{base}_{n}");
            }
            names.push(unique);
        }
        Ok(names)
    }

    /// The next record that is not a blank line, noting whether it is shorter or
    /// longer than `width` (when `notes` are kept).
    fn next(&mut self, width: usize, mut notes: Option<&mut ParseNotes>) -> Result<Option<&ByteRecord>, TableError> {
        loop {
            match self.reader.read_byte_record(&mut self.record) {
                Ok(true) => {}
                Ok(false) => return Ok(None),
                Err(e) => return Err(TableError::Unreadable { line: e.position().map_or(0, |p| p.line()) }),
            }
            self.records += 1;
            self.breaks_in_fields += line_breaks(self.record.as_slice());
            // a line of spaces is one field; in a one-column file it is a missing value
            if width > 1 && self.record.len() == 1 && self.record[0].trim_ascii().is_empty() {
                self.space_lines += 1;
                continue;
            }
            if let Some(notes) = notes.as_deref_mut() {
                notes.short_rows += usize::from(self.record.len() < width);
                notes.long_rows += usize::from(self.record.len() > width && width != usize::MAX);
            }
            return Ok(Some(&self.record));
        }
    }

    /// Lines skipped so far because they were empty or held only spaces.
    fn blank_lines(&self) -> usize {
        let read = &self.bytes[..(self.reader.position().byte() as usize).min(self.bytes.len())];
        let ending = usize::from(matches!(read.last(), Some(b'\n' | b'\r')));
        // every record but the last ends with a break; the last does if the bytes read do
        let terminators = self.records.saturating_sub(1) + ending.min(self.records);
        let empty = line_breaks(read).saturating_sub(self.breaks_in_fields + terminators);
        empty + self.space_lines
    }
}

/// Distinct raw texts, numbered in order of first appearance.
#[derive(Default)]
struct Interner {
    ids: HashMap<String, u32, FxBuild>,
    values: Vec<String>,
}

impl Interner {
    fn id(&mut self, text: &str) -> u32 {
        if let Some(&id) = self.ids.get(text) {
            return id;
        }
        let id = self.values.len() as u32;
        self.ids.insert(text.to_string(), id);
        self.values.push(text.to_string());
        id
    }
}

/// A column while it is being read.
enum Builder {
    Numeric {
        values: Vec<f32>,
        missing: usize,
    },
    Categorical {
        ids: Vec<u32>,
        values: Interner,
        missing: usize,
    },
    /// Met text after numbers: rebuilt from a second pass.
    Rebuild,
}

impl Builder {
    fn new() -> Self {
        Builder::Numeric { values: Vec::new(), missing: 0 }
    }

    /// Appends row `row`'s raw `text`.
    fn push(&mut self, text: &str, row: usize) {
        let trimmed = text.trim_ascii();
        let absent = is_missing(trimmed);
        match self {
            Builder::Numeric { values, missing } => {
                if absent {
                    values.push(f32::NAN);
                    *missing += 1;
                } else if let Some(x) = parse_number(trimmed) {
                    values.push(x);
                } else if *missing == row {
                    // only missing values so far: nothing to re-read
                    let mut ids = vec![MISSING_ID; row];
                    let mut interner = Interner::default();
                    ids.push(interner.id(text));
                    *self = Builder::Categorical { ids, values: interner, missing: row };
                } else {
                    *self = Builder::Rebuild;
                }
            }
            Builder::Categorical { ids, values, missing } => {
                if absent {
                    ids.push(MISSING_ID);
                    *missing += 1;
                } else {
                    ids.push(values.id(text));
                }
            }
            Builder::Rebuild => {}
        }
    }

    fn finish(self) -> Column {
        match self {
            Builder::Numeric { mut values, missing } => {
                values.shrink_to_fit();
                Column::Numeric { values, missing }
            }
            Builder::Categorical { mut ids, values, missing } => {
                ids.shrink_to_fit();
                Column::Categorical { ids, values: values.values, missing }
            }
            Builder::Rebuild => unreachable!("rebuilt columns are categorical after the second pass"),
        }
    }
}
