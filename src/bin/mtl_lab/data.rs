//! `mtl-lab data FILE`: the "your data" lab without the browser. Reads a CSV or
//! TSV with the page's parser, makes two binary labels, splits the rows by each
//! seed, races the correlated-task models on them with BCE towers, and prints
//! each model's per-task test AUC (or, with `--json`, every run's counts and
//! final validation and test metrics).
//!
//! The MMoE paper's census-income pair on the sample:
//! `mtl-lab data static/data/census-sample.csv --labels "income=' 50000+.',marital stat=' Never married'" --seeds 1-5`.

use crate::args::{ids, init_seed_flag, kinds, preset_flag, seeds_flag, threads_flag};
use crate::common::{all_cores, plan_or_exit, report, run_jobs};
use crate::flags::{Command, Flag};
use mtl_playground::data::table::{self, Counts, LabelOp, LabelSpec, Limits, Table, TableConfig};
use mtl_playground::models::Preset;
use mtl_playground::train::sweep::Spread;
use mtl_playground::train::table::{split_metrics, table_trainer, SplitMetrics, SplitName, TableRace};
use mtl_playground::{ModelKind, RaceConfig};
use serde::Serialize;
use std::ffi::OsString;
use std::process::ExitCode;
use std::time::Instant;

const HEAD: &str = "\
mtl-lab data: race the multi-task models on a table of your own, two binary
labels made from its columns (the MMoE paper's census-income protocol)

USAGE: mtl-lab data FILE --labels LABEL,LABEL [OPTIONS]

FILE is a CSV or TSV with a header row, parsed as the page parses it. A LABEL
is a column whose values are binary (0/1, yes/no, true/false, or any two
values: the rarer is 1), or a condition on a column: COLUMN=VALUE,
COLUMN!=VALUE, COLUMN>X, COLUMN>=X, COLUMN<X, COLUMN<=X. Quote a value in
single quotes to keep its spaces or commas: income=' 50000+.'.

Flags take their value as `--flag VALUE` or `--flag=VALUE`.
";

const NOTES: &str = "\
Each seed splits the rows anew (validation and test fractions), fits the
standardisation and the vocabularies on its training rows only, and seeds the
models and the batches. AUC is measured on the whole test split at the end.
";

/// What one invocation runs: the file, once parsed, raced at every seed.
struct Plan {
    file: String,
    labels: Vec<String>,
    table: TableConfig,
    race: RaceConfig,
    steps: usize,
    seeds: Vec<u64>,
    threads: usize,
    json: bool,
}

impl Plan {
    fn new() -> Self {
        // the paper's sizes: `narrow` starves a real table's tasks on purpose (the capacity lesson)
        let race = RaceConfig { record_every: 100, sizes: Preset::TABLE.sizes(), ..RaceConfig::default() };
        Plan {
            file: String::new(),
            labels: Vec::new(),
            table: TableConfig::default(),
            race,
            steps: 500,
            seeds: vec![1],
            threads: all_cores(),
            json: false,
        }
    }
}

type F = Flag<Plan>;

fn command() -> Command<Plan> {
    Command::new("mtl-lab data", HEAD)
        .section("Labels and columns")
        .flag(
            F::with("--labels", "LIST", "the two labels (see above)", |p, v| {
                p.labels = split_labels(v)?;
                Ok(())
            })
            .shows("none"),
        )
        .flag(
            F::with("--exclude", "LIST", "columns that are not features (IDs, leaks)", |p, v| {
                p.table.exclude = v.split(',').map(|c| c.to_string()).filter(|c| !c.is_empty()).collect();
                Ok(())
            })
            .shows("none"),
        )
        .flag(F::number("--vocab-cap", "N", "one-hot inputs per categorical column, at most", |p| &mut p.table.vocab_cap))
        .flag(F::number("--min-count", "N", "rarer values (in the training rows) merge into `other`", |p| &mut p.table.min_count))
        .flag(F::number("--validation", "X", "share of rows held out for validation", |p| &mut p.table.validation))
        .flag(F::number("--test", "X", "share of rows held out for the test", |p| &mut p.table.test))
        .section("Models")
        .flag(F::parsed("--models", "LIST", "any of single,sb,omoe,mmoe,cgc,ple", |p| &mut p.race.models, kinds, |k| ids(k, ModelKind::id)))
        .flag(preset_flag("model sizes: paper or narrow", |p: &mut Plan, preset| p.race.sizes = preset.sizes()).shows(Preset::TABLE.id()))
        .section("Training")
        .flag(seeds_flag("seeds, e.g. 1-5 or 1,4,7: each splits, inits and batches", |p| &mut p.seeds))
        .flag(init_seed_flag("fix the init seed (default: the seed)", |p| &mut p.race.init_seed))
        .flag(F::number("--steps", "N", "training steps", |p| &mut p.steps))
        .flag(F::number("--lr", "X", "Adam learning rate", |p| &mut p.race.optimizer.lr))
        .flag(F::number("--batch", "N", "batch size", |p| &mut p.race.batch_size))
        .flag(F::number("--record-every", "N", "steps between records", |p| &mut p.race.record_every))
        .flag(threads_flag("runs trained at once", |p| &mut p.threads))
        .section("Output")
        .flag(F::switch("--json", "per-seed counts and every model's final validation\nand test metrics as JSON", |p| &mut p.json))
        .notes(NOTES)
}

/// `a,b` split at the commas outside single quotes.
fn split_labels(v: &str) -> Result<Vec<String>, String> {
    let (mut out, mut current, mut quoted) = (Vec::new(), String::new(), false);
    for c in v.chars() {
        match c {
            '\'' => {
                quoted = !quoted;
                current.push(c);
            }
            ',' if !quoted => out.push(std::mem::take(&mut current)),
            _ => current.push(c),
        }
    }
    if quoted {
        return Err(format!("`{v}`: a quote is not closed"));
    }
    out.push(current);
    if out.len() != 2 {
        return Err(format!("two labels, not {}: `{v}`", out.len()));
    }
    Ok(out)
}

/// A label as the CLI writes it: `COLUMN`, or `COLUMN OP VALUE` (`=`, `!=`, `>`,
/// `>=`, `<`, `<=`), the value optionally in single quotes. A bare column takes
/// its condition from the parser's suggestion for a binary column.
fn label_spec(text: &str, table: &Table, suggested: &[LabelSpec]) -> Result<LabelSpec, String> {
    const OPS: [(&str, LabelOp); 6] =
        [("!=", LabelOp::Ne), (">=", LabelOp::Ge), ("<=", LabelOp::Le), ("=", LabelOp::Eq), (">", LabelOp::Gt), ("<", LabelOp::Lt)];
    let found =
        OPS.iter().filter_map(|&(op, kind)| text.find(op).map(|at| (at, op, kind))).min_by_key(|&(at, op, _)| (at, usize::MAX - op.len()));
    let Some((at, op, kind)) = found else {
        let column = text.trim();
        return suggested.iter().find(|s| s.column == column).cloned().ok_or_else(|| match table.column(column) {
            Some(_) => format!("`{column}` is not a binary column: give a condition, e.g. {column}=VALUE"),
            None => format!("no column `{column}` in the file (columns: {})", table.header.join(", ")),
        });
    };
    let column = text[..at].trim().to_string();
    let raw = &text[at + op.len()..];
    let value = match raw.trim().strip_prefix('\'').and_then(|v| v.strip_suffix('\'')) {
        Some(quoted) => quoted.to_string(),
        None => raw.trim().to_string(),
    };
    Ok(LabelSpec { column, op: kind, value })
}

fn parse_args(args: &[OsString]) -> Result<Option<Plan>, String> {
    let (file, rest) = match args.first().and_then(|a| a.to_str()) {
        Some(first) if !first.starts_with('-') => (first.to_string(), &args[1..]),
        _ => (String::new(), args),
    };
    let Some(mut plan) = command().parse(rest, Plan::new())? else { return Ok(None) };
    if file.is_empty() {
        return Err("which file? mtl-lab data FILE --labels A,B (see mtl-lab data --help)".into());
    }
    if plan.labels.is_empty() {
        return Err("--labels: two labels are needed (see mtl-lab data --help)".into());
    }
    plan.file = file;
    plan.race.validate().map_err(|e| e.to_string())?;
    if plan.steps == 0 {
        return Err("--steps: at least 1".into());
    }
    Ok(Some(plan))
}

/// One model's final metrics in one run.
#[derive(Serialize)]
struct ModelResult {
    model: ModelKind,
    params: usize,
    validation: SplitMetrics,
    test: SplitMetrics,
}

/// One seed's run.
#[derive(Serialize)]
struct RunResult {
    seed: u64,
    counts: Counts,
    inputs: usize,
    steps: usize,
    seconds: f64,
    models: Vec<ModelResult>,
}

fn run_one(plan: &Plan, table: &Table, seed: u64) -> Result<RunResult, String> {
    let start = Instant::now();
    let encoded = table::encode(table, &TableConfig { seed, ..plan.table.clone() }).map_err(|e| e.to_string())?;
    let (counts, inputs) = (encoded.counts.clone(), encoded.dim);
    let mut race = plan.race.clone();
    race.data.seed = seed;
    let mut trainer = table_trainer(race.clone(), TableRace::new(encoded, race.eval_samples));
    trainer.run(plan.steps);
    let validation = split_metrics(&mut trainer, SplitName::Validation);
    let test = split_metrics(&mut trainer, SplitName::Test);
    let models = trainer
        .runs
        .iter()
        .zip(validation.into_iter().zip(test))
        .map(|(run, (validation, test))| ModelResult { model: run.kind, params: run.num_params(), validation, test })
        .collect();
    Ok(RunResult { seed, counts, inputs, steps: plan.steps, seconds: start.elapsed().as_secs_f64(), models })
}

fn print_table(plan: &Plan, labels: &[LabelSpec; 2], runs: &[RunResult]) {
    let show = |l: &LabelSpec| format!("{} {} '{}'", l.column, l.op.symbol(), l.value);
    println!("\n{}: task A = {}, task B = {}", plan.file, show(&labels[0]), show(&labels[1]));
    if let Some(r) = runs.first() {
        let c = &r.counts;
        println!(
            "  seed {}: {} rows read, {} without a label dropped; train {} / validation {} / test {}; {} inputs",
            r.seed, c.rows_read, c.rows_dropped_missing_label, c.train, c.validation, c.test, r.inputs
        );
        println!("  positives in train: task A {}, task B {}", c.positives[0][0], c.positives[0][1]);
    }
    println!("\n  test AUC, median of {} seeds (min–max)", runs.len());
    println!("  {:<14} {:>20} {:>20}", "model", "task A", "task B");
    for kind in &plan.race.models {
        let cell = |k: usize| {
            let aucs = runs.iter().filter_map(|r| r.models.iter().find(|m| m.model == *kind)).filter_map(|m| m.test.auc[k]);
            match Spread::of(aucs) {
                Some(s) => format!("{:.4} ({:.3}–{:.3})", s.median, s.min, s.max),
                None => "-".into(),
            }
        };
        println!("  {:<14} {:>20} {:>20}", kind.label(), cell(0), cell(1));
    }
    // a model that scores every row alike has an AUC of 0.5 by ties: say which, or its 0.5 reads as a coin
    let dead: Vec<String> = plan
        .race
        .models
        .iter()
        .filter_map(|kind| {
            let seeds: Vec<String> = runs
                .iter()
                .filter_map(|r| {
                    let m = r.models.iter().find(|m| m.model == *kind)?;
                    let tasks: Vec<&str> = ["A", "B"].into_iter().zip(&m.test.one_score).filter(|(_, &one)| one).map(|(t, _)| t).collect();
                    (!tasks.is_empty()).then(|| format!("seed {} (task {})", r.seed, tasks.join(", ")))
                })
                .collect();
            (!seeds.is_empty()).then(|| format!("{} on {}", kind.label(), seeds.join(", ")))
        })
        .collect();
    if !dead.is_empty() {
        println!("  one score for every test row (its units died in training; the AUC is 0.5 by ties): {}", dead.join("; "));
    }
    let secs: f64 = runs.iter().map(|r| r.seconds).sum();
    println!("\n{} runs of {} steps; {secs:.1} s in all.", runs.len(), plan.steps);
}

/// Runs the `data` subcommand on the arguments after it.
pub fn main(args: &[OsString]) -> ExitCode {
    let plan = match plan_or_exit(parse_args(args), || command().help(Plan::new()), "mtl-lab data") {
        Ok(plan) => plan,
        Err(code) => return code,
    };
    let loaded = std::fs::read(&plan.file).map_err(|e| format!("{}: {e}", plan.file)).and_then(|bytes| {
        let table = table::parse(&bytes, &Limits::default()).map_err(|e| format!("{}: {e}", plan.file))?;
        let suggested = table::suggest_labels(&table);
        let labels = plan.labels.iter().map(|l| label_spec(l, &table, &suggested)).collect::<Result<Vec<_>, _>>()?;
        // the labels, the excluded columns and the split checked once, before any run
        let first = TableConfig { labels: labels.clone(), seed: plan.seeds.first().copied().unwrap_or(1), ..plan.table.clone() };
        table::encode(&table, &first).map_err(|e| e.to_string())?;
        Ok((table, labels))
    });
    let (table, labels) = match loaded {
        Ok(loaded) => loaded,
        Err(msg) => {
            eprintln!("mtl-lab data: {msg}");
            return ExitCode::from(2);
        }
    };
    let plan = Plan { table: TableConfig { labels: labels.clone(), ..plan.table.clone() }, ..plan };
    let labels: [LabelSpec; 2] = [labels[0].clone(), labels[1].clone()];
    let done = |seed: &u64| {
        if !plan.json {
            eprintln!("  done: seed {seed}");
        }
    };
    let runs = run_jobs(&plan.seeds, plan.threads, |&seed| run_one(&plan, &table, seed), done).into_iter().collect();
    #[derive(Serialize)]
    struct Config<'a> {
        file: &'a str,
        table: &'a TableConfig,
        race: &'a RaceConfig,
        steps: usize,
    }
    let config = Config { file: &plan.file, table: &plan.table, race: &plan.race, steps: plan.steps };
    report("mtl-lab data", runs, plan.json, &config, |runs| print_table(&plan, &labels, runs))
}
