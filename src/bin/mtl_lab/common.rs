//! What the CLI's commands share: running (scenario, seed) jobs on a few
//! threads, the end of `main` (a usage error, JSON or a table), the timing
//! line under a table, and summary maths.

use serde::Serialize;
use std::fmt::Debug;
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Instant;

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

/// Runs `run` on every (setting, seed) pair, settings outermost, on `threads`
/// threads; results in that order. Says each finished pair on stderr unless
/// `quiet` (JSON on stdout); the first failed pair's error fails them all.
pub fn run_grid<S: Copy + Debug + Sync, R: Send>(
    settings: Vec<S>,
    seeds: &[u64],
    threads: usize,
    quiet: bool,
    run: impl Fn(S, u64) -> Result<R, String> + Sync,
) -> Result<Vec<R>, String> {
    let jobs: Vec<(S, u64)> = settings.into_iter().flat_map(|s| seeds.iter().map(move |&seed| (s, seed))).collect();
    let done = |&(s, seed): &(S, u64)| {
        if !quiet {
            eprintln!("  done: {s:?}, seed {seed}");
        }
    };
    run_jobs(&jobs, threads, |&(s, seed)| run(s, seed), done).into_iter().collect()
}

/// One (setting, seed) run of a world's subcommand (`funnel`, `watch`), as its
/// JSON prints it: the setting `S`, the world's stats `D`, the world's own
/// parts `W` (flattened beside the others) and a result `M` per model.
#[derive(Serialize)]
pub struct WorldRun<S, D, W, M> {
    pub scenario: S,
    pub seed: u64,
    pub data: D,
    #[serde(flatten)]
    pub world: W,
    pub steps: usize,
    /// Wall-clock seconds of the run, generation included.
    pub seconds: f64,
    /// Milliseconds per lockstep step of all the models.
    pub ms_per_step: f64,
    pub models: Vec<M>,
}

/// A world with nothing of its own beside its stats and models.
#[derive(Serialize)]
pub struct Nothing {}

/// A world run's clock, started before its world is generated.
pub struct RunClock {
    start: Instant,
    /// Seconds the lockstep steps took.
    training: f64,
}

impl RunClock {
    pub fn start() -> Self {
        RunClock { start: Instant::now(), training: 0.0 }
    }

    /// Milliseconds since the start: the generation's, read once it is done.
    pub fn generation_ms(&self) -> f64 {
        self.start.elapsed().as_secs_f64() * 1000.0
    }

    /// Runs `train` (the lockstep steps only) and keeps its seconds.
    pub fn training<T>(&mut self, train: impl FnOnce() -> T) -> T {
        let at = Instant::now();
        let out = train();
        self.training += at.elapsed().as_secs_f64();
        out
    }

    /// The run, its seconds from the start and its ms per step of the `steps` trained.
    pub fn run<S, D, W, M>(&self, scenario: S, seed: u64, data: D, world: W, steps: usize, models: Vec<M>) -> WorldRun<S, D, W, M> {
        WorldRun {
            scenario,
            seed,
            data,
            world,
            steps,
            seconds: self.start.elapsed().as_secs_f64(),
            ms_per_step: 1000.0 * self.training / steps.max(1) as f64,
            models,
        }
    }
}

/// The runs of `runs` at setting `s`, in order.
pub fn runs_at<'a, S: PartialEq, D, W, M>(runs: &'a [WorldRun<S, D, W, M>], s: &S) -> Vec<&'a WorldRun<S, D, W, M>> {
    runs.iter().filter(|r| r.scenario == *s).collect()
}

/// The timing of each world run, its generation read by `generation_ms` from its stats.
pub fn timings<S, D, W, M>(runs: &[WorldRun<S, D, W, M>], generation_ms: impl Fn(&D) -> f64) -> Vec<Timing> {
    runs.iter().map(|r| Timing { seconds: r.seconds, ms_per_step: r.ms_per_step, generation_ms: generation_ms(&r.data) }).collect()
}

/// The threads a plan runs on unless told: every core.
pub fn all_cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// A grid run's timing, for the line under its table.
pub struct Timing {
    /// Wall-clock seconds of the run, generation included.
    pub seconds: f64,
    /// Milliseconds per lockstep step of all its models.
    pub ms_per_step: f64,
    /// Milliseconds its data took to generate.
    pub generation_ms: f64,
}

/// The line under a grid's table: how many runs, their seconds in all, and the
/// medians of the ms per lockstep step (`models` at `batch`; `what` says what a
/// step includes, if anything) and of the generation of each `world`.
pub fn print_timing(runs: &[Timing], models: usize, batch: usize, what: &str, world: &str) {
    let secs: f64 = runs.iter().map(|r| r.seconds).sum();
    let ms = median(runs.iter().map(|r| r.ms_per_step).collect());
    let gen = median(runs.iter().map(|r| r.generation_ms).collect());
    let what = if what.is_empty() { String::new() } else { format!(", {what}") };
    println!(
        "\n{} runs; {secs:.1} s in all; {ms:.2} ms per lockstep step ({models} models, batch {batch}{what}); generation {gen:.0} ms per {world}.",
        runs.len()
    );
}

/// The median (mean of the middle two for an even count); NaN when empty.
pub fn median(mut v: Vec<f64>) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        0.5 * (v[n / 2 - 1] + v[n / 2])
    }
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
