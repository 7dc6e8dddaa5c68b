//! What the CLI's commands share: running (scenario, seed) jobs on a few
//! threads, the end of `main` (a usage error, JSON or a table), and summary maths.

use serde::Serialize;
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// Runs `run` on every job with `threads` workers; results come back in job
/// order, whatever order they finish in. `done` reports each finished job.
pub fn run_jobs<J: Sync, R: Send>(jobs: &[J], threads: usize, run: impl Fn(&J) -> R + Sync, done: impl Fn(&J) + Sync) -> Vec<R> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<R>>> = Mutex::new((0..jobs.len()).map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..threads.clamp(1, jobs.len().max(1)) {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(job) = jobs.get(i) else { break };
                let result = run(job);
                done(job);
                results.lock().expect("no worker panicked")[i] = Some(result);
            });
        }
    });
    results.into_inner().expect("no worker panicked").into_iter().map(|r| r.expect("every job ran")).collect()
}

/// The parsed plan, or the exit code after printing help (success) or a usage
/// error (2), prefixed with the command's name.
pub fn plan_or_exit<P>(parsed: Result<Option<P>, String>, help: impl FnOnce() -> String, command: &str) -> Result<P, ExitCode> {
    match parsed {
        Ok(Some(plan)) => Ok(plan),
        Ok(None) => {
            print!("{}", help());
            Err(ExitCode::SUCCESS)
        }
        Err(msg) => {
            eprintln!("{command}: {msg}");
            Err(ExitCode::from(2))
        }
    }
}

/// Prints `{config, runs}` as JSON when `json`, else calls `table`; a failed run
/// is an error exit.
pub fn report<C: Serialize, R: Serialize>(
    command: &str,
    runs: Result<Vec<R>, String>,
    json: bool,
    config: &C,
    table: impl FnOnce(&[R]),
) -> ExitCode {
    let runs = match runs {
        Ok(runs) => runs,
        Err(msg) => {
            eprintln!("{command}: {msg}");
            return ExitCode::FAILURE;
        }
    };
    if !json {
        table(&runs);
        return ExitCode::SUCCESS;
    }
    #[derive(Serialize)]
    struct Output<'a, C, R> {
        config: &'a C,
        runs: &'a [R],
    }
    match serde_json::to_string_pretty(&Output { config, runs: &runs }) {
        Ok(text) => {
            println!("{text}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{command}: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Mean and sample standard deviation.
pub fn mean_std(values: &[f64]) -> (f64, f64) {
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0).max(1.0);
    (mean, var.sqrt())
}
