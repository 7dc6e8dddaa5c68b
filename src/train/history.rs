//! A live race's records, bounded however long it runs: the records of the
//! last [`RECENT`] record intervals are all kept; older ones are thinned to
//! every 2nd record step, then every 4th, 8th … the older they are (one
//! doubling per [`RECENT`] intervals of age), so the curves keep their whole
//! shape at a resolution that falls with age, and a tab left racing for an
//! hour holds about as many records as one that raced for two minutes.
//!
//! Whether a record is kept depends only on its step and the newest step
//! (its age), and a record dropped at some newest step would be dropped at
//! every later one (the strides are nested powers of two). So thinning after
//! every record (the trainer) and after every batch of records (the page's
//! `RaceBook`) keep the same records: a race on workers still equals the
//! one-thread race record for record.
//!
//! Not here: thinning for drawing (`plot::thin`, which picks points to draw
//! and keeps every record).

/// Record intervals kept at full resolution, and the age (in record
/// intervals) over which the stride of older records doubles.
pub const RECENT: usize = 1000;

/// Whether the record at `step` is kept when the newest record is at `newest`,
/// with a record every `record_every` steps.
pub fn keeps(step: usize, newest: usize, record_every: usize) -> bool {
    let span = RECENT * record_every.max(1);
    let age = newest.saturating_sub(step);
    if age < span {
        return true;
    }
    let doublings = (age / span).min(usize::BITS as usize - 2) as u32;
    let stride = record_every.max(1).saturating_mul(1usize << doublings);
    step.is_multiple_of(stride)
}

/// Drops the records of `history` (in step order) that [`keeps`] does not keep
/// at its newest step.
pub fn thin<T>(history: &mut Vec<T>, record_every: usize, step_of: impl Fn(&T) -> usize) {
    let Some(newest) = history.last().map(&step_of) else { return };
    // nothing to drop until the oldest record is a span old
    if history.first().is_some_and(|r| newest - step_of(r) < RECENT * record_every.max(1)) {
        return;
    }
    history.retain(|r| keeps(step_of(r), newest, record_every));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Records every `every` steps up to `steps`, thinned after each push.
    fn raced(steps: usize, every: usize) -> Vec<usize> {
        let mut history = Vec::new();
        for step in (0..=steps).step_by(every) {
            history.push(step);
            thin(&mut history, every, |&s| s);
        }
        history
    }

    #[test]
    fn recent_records_are_all_kept_and_older_ones_thinned() {
        let every = 20;
        let short = raced(RECENT * every / 2, every);
        assert_eq!(short.len(), RECENT / 2 + 1, "under a span old: every record");
        let long = raced(40 * RECENT * every, every);
        let newest = *long.last().unwrap();
        assert_eq!(long[0], 0, "the first record stays");
        let recent = long.iter().filter(|&&s| newest - s < RECENT * every).count();
        assert_eq!(recent, RECENT, "the last span at full resolution");
        assert!(long.windows(2).all(|w| w[0] < w[1]), "in step order");
    }

    #[test]
    fn the_records_stay_bounded_however_long_the_race_runs() {
        let every = 20;
        let at = |spans: usize| raced(spans * RECENT * every, every).len();
        let (two, ten, forty) = (at(2), at(10), at(40));
        // a doubling per span: 1000 + 500 + 250 + … plus at most one record per span beyond
        assert!(two <= 2 * RECENT + 3 && ten <= 2 * RECENT + 11 && forty <= 2 * RECENT + 41, "{two}, {ten}, {forty}");
        assert!(forty < ten + 40, "four times longer, about as many records: {ten} → {forty}");
    }

    #[test]
    fn thinning_at_every_record_or_once_keeps_the_same_records() {
        let every = 7;
        let steps = 5 * RECENT * every;
        let each = raced(steps, every);
        let mut once: Vec<usize> = (0..=steps).step_by(every).collect();
        thin(&mut once, every, |&s| s);
        assert_eq!(each, once);
        // and in uneven batches, as records arrive from a worker
        let mut batches = Vec::new();
        for chunk in (0..=steps).step_by(every).collect::<Vec<_>>().chunks(37) {
            batches.extend_from_slice(chunk);
            thin(&mut batches, every, |&s| s);
        }
        assert_eq!(batches, each);
    }
}
