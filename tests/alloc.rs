//! A warm training step allocates nothing, in both labs and under every loss
//! weighting: every buffer is preallocated and the matrix products need no
//! scratch. In the funnel, batches
//! are copied into preallocated buffers, BASE's CVR net masks unclicked rows
//! instead of gathering a variable-size batch, and Adam runs over the flat
//! vectors. (Recording a snapshot allocates; it happens once every
//! `record_every` steps.) Allocations are counted per thread, so the tests may
//! run side by side.

use mtl_playground::models::{ModelKind, Preset};
use mtl_playground::train::LossWeighting;
use mtl_playground::{CorrelatedConfig, FunnelConfig, FunnelRaceConfig, FunnelTrainer, RaceConfig, Trainer};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

fn count() {
    let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
}

/// Allocations made by this thread so far.
fn allocations() -> usize {
    ALLOCATIONS.with(Cell::get)
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count();
        System.alloc(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count();
        System.realloc(ptr, layout, new_size)
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

#[test]
fn warm_training_steps_allocate_nothing() {
    // every weighting strategy (GradNorm's per-task backward and weight update,
    // uncertainty weighting's Adam on s, and fixed weights) at every preset's sizes
    let cases = Preset::ALL
        .into_iter()
        .flat_map(|p| [LossWeighting::Fixed, LossWeighting::Uncertainty, LossWeighting::grad_norm(1.5)].map(|w| (p, w)));
    for (preset, weighting) in cases {
        let config = RaceConfig {
            data: CorrelatedConfig { train_samples: 4096, test_samples: 512, ..CorrelatedConfig::default() },
            models: ModelKind::ALL.to_vec(),
            sizes: preset.sizes(),
            record_every: 100,
            eval_samples: 256,
            weighting,
            ..RaceConfig::default()
        };
        let mut trainer = Trainer::new(config).unwrap();
        trainer.run(100); // warm: every buffer has seen a batch, one record and probe done
        let before = allocations();
        trainer.run(99); // steps 101..199: none records
        let during = allocations() - before;
        assert_eq!(during, 0, "{preset:?}, {weighting:?}: 99 warm steps of every model (CGC and PLE too) allocated {during} times");
        trainer.run(1); // step 200 records: that may allocate, and must still work
        assert_eq!(trainer.runs[0].history.len(), 3);
    }
}

#[test]
fn warm_funnel_steps_allocate_nothing() {
    let config = FunnelRaceConfig {
        data: FunnelConfig { train_samples: 8192, validation_samples: 1024, test_samples: 1024, ..FunnelConfig::default() },
        record_every: 100,
        eval_samples: 512,
        patience: 0,
        ..FunnelRaceConfig::default()
    };
    let mut trainer = FunnelTrainer::new(config).unwrap();
    trainer.run(100); // warm, with one record and one epoch reshuffle behind it
    let before = allocations();
    trainer.run(99);
    let during = allocations() - before;
    assert_eq!(during, 0, "99 warm steps of four funnel models allocated {during} times");
    trainer.run(1);
    assert_eq!(trainer.runs[0].history.len(), 3);
}
