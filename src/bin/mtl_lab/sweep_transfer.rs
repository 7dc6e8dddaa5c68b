//! `mtl-lab sweep transfer`'s table: per model and p, how many seeds fell into
//! each class of the transfer map, then every failed entry with the network,
//! task and reason. The JSON is `sweep.rs`'s.

use mtl_playground::train::sweep::transfer::{FailureReason, Network, TransferClass, TransferCount, TransferEntry};

/// Prints the transfer map's counts and its failed entries.
pub fn print_transfer(margin: f64, failure_rule: &str, entries: &[TransferEntry], counts: &[TransferCount]) {
    println!(
        "Against the same seed's single-task networks; a task is better or worse beyond ±{}% of the single-task loss.",
        margin * 100.0
    );
    print!("{:<14} {:>5} {:>6}", "model", "p", "seeds");
    for class in TransferClass::ALL {
        print!(" {:>9}", class.id());
    }
    println!();
    for c in counts {
        let control = if c.p == 1.0 { "  (control: identical tasks)" } else { "" };
        print!("{:<14} {:>5} {:>6}", c.model.label(), c.p, c.seeds);
        for class in TransferClass::ALL {
            print!(" {:>9}", c.of(class));
        }
        println!("{control}");
    }
    println!("\npositive: both tasks better; seesaw: one better, one worse; negative: both worse;");
    println!("unclear: a task within the margin; failed: a training failed (not transfer).");
    println!("Failure rule: {failure_rule}.");
    let failed: Vec<&TransferEntry> = entries.iter().filter(|e| e.class == TransferClass::Failed).collect();
    if failed.is_empty() {
        println!("\nNo failed entries.");
        return;
    }
    println!("\nFailed entries:");
    for e in failed {
        let runs: Vec<String> = e
            .failures
            .iter()
            .map(|f| {
                let why = match f.reason {
                    FailureReason::Diverged => "diverged".to_string(),
                    FailureReason::NotFinite => "loss not finite".to_string(),
                    FailureReason::AboveMedian => {
                        let m = f.median.unwrap_or(f64::NAN);
                        format!("loss {:.4} = {:.1}× its median {:.4}", f.loss, f.loss / m, m)
                    }
                };
                let network = if f.network == Network::Model { "model" } else { "single-task" };
                format!("{network} task {}: {why}", f.task)
            })
            .collect();
        let which = e.failed.map_or("?", Network::id);
        println!("  seed {:>3}, p = {:<4} {:<14} failed: {which:<6} ({})", e.seed, e.p, e.model.label(), runs.join("; "));
    }
}
