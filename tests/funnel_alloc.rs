//! A warm funnel training step allocates nothing: batches are copied into
//! preallocated buffers, every layer's buffers have seen a full batch, BASE's
//! CVR net masks unclicked rows instead of gathering a variable-size batch, and
//! Adam runs over the flat vectors. (Recording a snapshot allocates; it happens
//! once every `record_every` steps.)

use mtl_playground::{FunnelConfig, FunnelRaceConfig, FunnelTrainer};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;
static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        System.alloc(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        System.realloc(ptr, layout, new_size)
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

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
    let before = ALLOCATIONS.load(Ordering::Relaxed);
    trainer.run(99);
    let during = ALLOCATIONS.load(Ordering::Relaxed) - before;
    assert_eq!(during, 0, "99 warm steps of four funnel models allocated {during} times");
    trainer.run(1);
    assert_eq!(trainer.runs[0].history.len(), 3);
}
