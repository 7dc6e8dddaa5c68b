//! `mtl-lab`: the lab without the browser. Races the same models with the same
//! trainer as the page, over several seeds and task correlations, and prints a
//! table (or, with `--json`, every model's final metrics per seed).
//!
//! This is how a teacher checks a claim before class:
//! `mtl-lab --p 1,0.5,0 --models sb,omoe,mmoe --seeds 1-5 --steps 3000`.
//! The ESMM funnel lab is a subcommand: `mtl-lab funnel --seeds 1-10`; so is the
//! watch-time lab, `mtl-lab watch --seeds 1-10`, and so are the
//! sweeps that make the papers' figures: `mtl-lab sweep correlation --seeds 1-10`,
//! and the "your data" race on a CSV of one's own: `mtl-lab data FILE --labels A,B`.
//!
//! This file only picks the command; each command's flags, plan and output are
//! in its own module, and the flag machinery they share in `flags.rs`.

#[path = "mtl_lab/args.rs"]
mod args;
#[path = "mtl_lab/common.rs"]
mod common;
#[path = "mtl_lab/data.rs"]
mod data;
#[path = "mtl_lab/flags.rs"]
mod flags;
#[path = "mtl_lab/funnel.rs"]
mod funnel;
#[path = "mtl_lab/race.rs"]
mod race;
#[path = "mtl_lab/race_run.rs"]
mod race_run;
#[path = "mtl_lab/sweep.rs"]
mod sweep;
#[path = "mtl_lab/sweep_transfer.rs"]
mod sweep_transfer;
#[path = "mtl_lab/watch.rs"]
mod watch;

use std::ffi::OsString;
use std::process::ExitCode;

fn main() -> ExitCode {
    // as the OS gives them: a value that is not UTF-8 is the flag's error, not a panic
    let args: Vec<OsString> = std::env::args_os().skip(1).collect();
    match args.first().and_then(|a| a.to_str()) {
        Some("data") => data::main(&args[1..]),
        Some("funnel") => funnel::main(&args[1..]),
        Some("sweep") => sweep::main(&args[1..]),
        Some("watch") => watch::main(&args[1..]),
        _ => race::main(&args),
    }
}
