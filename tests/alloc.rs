//! A warm training step allocates nothing: every buffer is preallocated and the
//! matrix products need no scratch. (Recording a snapshot does allocate; it
//! happens once every `record_every` steps.)

use mtl_playground::models::ModelKind;
use mtl_playground::{CorrelatedConfig, RaceConfig, Trainer};
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
fn warm_training_steps_allocate_nothing() {
    let config = RaceConfig {
        data: CorrelatedConfig { train_samples: 4096, test_samples: 512, ..CorrelatedConfig::default() },
        models: ModelKind::ALL.to_vec(),
        record_every: 100,
        eval_samples: 256,
        ..RaceConfig::default()
    };
    let mut trainer = Trainer::new(config).unwrap();
    trainer.run(100); // warm: every buffer has seen a batch, one record and probe done
    let before = ALLOCATIONS.load(Ordering::Relaxed);
    trainer.run(99); // steps 101..199: none records
    let during = ALLOCATIONS.load(Ordering::Relaxed) - before;
    assert_eq!(during, 0, "99 warm steps of four models allocated {during} times");
    trainer.run(1); // step 200 records: that may allocate, and must still work
    assert_eq!(trainer.runs[0].history.len(), 3);
}
