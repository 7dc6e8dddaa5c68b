//! Sweeps: the job lists (counts, order, pairing), determinism, the step-wise
//! runner against jobs run from scratch (what the CLI does), partial results
//! after cancellation, and configs refused with the field named.

use mtl_playground::models::ModelKind;
use mtl_playground::train::sweep::{run_job, Sweep, SweepConfig, SweepKind, SweepSummary};
use mtl_playground::CorrelatedData;

/// A sweep small enough for a test: 2,048 training rows, batch 64, 60 steps.
fn small(kind: SweepKind) -> SweepConfig {
    let mut c = SweepConfig::for_kind(kind);
    c.base.data.train_samples = 2048;
    c.base.data.test_samples = 512;
    c.base.batch_size = 64;
    c.base.record_every = 20;
    c.steps = 60;
    c.seeds = if kind == SweepKind::Trainability { vec![4] } else { vec![1, 2] };
    c.points = 5;
    c.inits = 4;
    c.correlations = vec![0.0, 0.5, 1.0];
    c
}

#[test]
fn job_lists_have_the_right_counts_and_order() {
    let c = small(SweepKind::Correlation);
    let jobs = c.jobs();
    assert_eq!(jobs.len(), 6);
    let order: Vec<(u64, f64)> = jobs.iter().map(|j| (j.seed, j.task_correlation)).collect();
    // seed-major, the reference p = 1 first in each seed
    assert_eq!(order, vec![(1, 1.0), (1, 0.0), (1, 0.5), (2, 1.0), (2, 0.0), (2, 0.5)]);
    assert!(jobs.iter().all(|j| j.init_seed.is_none() && j.loss_weights == vec![1.0, 1.0]));

    // transfer: p-major in the order given, so a lab's asked-about p is done first;
    // the control p = 1 is added last when not given; the counts still show it first
    let mut c = small(SweepKind::Transfer);
    c.correlations = vec![0.0, 0.5];
    let order: Vec<(u64, f64)> = c.jobs().iter().map(|j| (j.seed, j.task_correlation)).collect();
    assert_eq!(order, vec![(1, 0.0), (2, 0.0), (1, 0.5), (2, 0.5), (1, 1.0), (2, 1.0)]);
    assert_eq!(c.task_correlations(), vec![1.0, 0.0, 0.5], "the map's order: the control first");
    c.correlations = vec![1.0, 0.0, 1.0];
    let order: Vec<(u64, f64)> = c.jobs().iter().map(|j| (j.seed, j.task_correlation)).collect();
    assert_eq!(order, vec![(1, 1.0), (2, 1.0), (1, 0.0), (2, 0.0)], "each p once");

    let c = small(SweepKind::LossWeight);
    let jobs = c.jobs();
    assert_eq!(jobs.len(), 10, "5 points × 2 seeds");
    let weights: Vec<f64> = jobs[..5].iter().map(|j| j.loss_weights[0]).collect();
    assert_eq!(weights, vec![1.0, 0.0, 0.5, 0.75, 0.25], "ends first, then coarse to fine");
    assert!(jobs.iter().all(|j| (j.loss_weights[0] + j.loss_weights[1] - 1.0).abs() < 1e-12));
    assert!(jobs.iter().all(|j| j.task_correlation == 0.5));

    let c = small(SweepKind::Trainability);
    let jobs = c.jobs();
    assert_eq!(jobs.iter().map(|j| j.init_seed).collect::<Vec<_>>(), vec![Some(1), Some(2), Some(3), Some(4)]);
    assert!(jobs.iter().all(|j| j.seed == 4), "one data set");
    assert_eq!(SweepConfig::for_kind(SweepKind::Correlation).job_count(), 30, "3 p × 10 seeds");
    assert_eq!(SweepConfig::for_kind(SweepKind::LossWeight).job_count(), 11);
    assert_eq!(SweepConfig::for_kind(SweepKind::Trainability).job_count(), 10);
}

#[test]
fn jobs_of_one_seed_are_paired_only_task_b_moves() {
    let c = small(SweepKind::Correlation);
    let jobs = c.jobs();
    let (a, b) = (c.race_config(&jobs[0]), c.race_config(&jobs[1]));
    let (da, db) = (CorrelatedData::generate(&a.data).unwrap(), CorrelatedData::generate(&b.data).unwrap());
    assert_eq!(da.x, db.x, "same inputs");
    assert_eq!(da.y.column(0), db.y.column(0), "same task A labels");
    assert_ne!(da.y.column(1), db.y.column(1), "task B moved with p");
    let mut relabelled = da.clone();
    relabelled.set_task_correlation(b.data.task_correlation).unwrap();
    assert_eq!(relabelled.y, db.y, "relabelling equals regenerating");
}

#[test]
fn the_stepwise_sweep_equals_jobs_run_from_scratch_and_repeats_exactly() {
    for kind in SweepKind::ALL {
        let c = small(kind);
        let mut sweep = Sweep::new(c.clone()).unwrap();
        let mut last = sweep.progress();
        while sweep.advance().unwrap() {
            let now = sweep.progress();
            assert!(now.done >= last.done && now.steps_done >= last.steps_done, "{kind:?}: progress went back");
            last = now;
        }
        let p = sweep.progress();
        assert!(p.finished && p.done == p.total && p.steps_done == p.steps_total, "{p:?}");
        let stepwise = sweep.results();
        let scratch: Vec<_> = c.jobs().iter().map(|j| run_job(&c, j).unwrap()).collect();
        assert_eq!(stepwise.jobs, scratch, "{kind:?}: reusing data per seed changed a result");
        let mut again = Sweep::new(c.clone()).unwrap();
        again.run_to_end().unwrap();
        assert_eq!(again.results(), stepwise, "{kind:?}: same config, same results");
        for job in &stepwise.jobs {
            assert_eq!(job.steps, c.steps);
            let names: Vec<ModelKind> = job.models.iter().map(|m| m.model).collect();
            assert_eq!(names, c.race_config(&job.job).models, "the transfer sweep adds the single-task networks");
            for m in &job.models {
                assert!(m.mean_loss.is_finite() && m.mean_loss > 0.0);
                assert_eq!(m.gate_js.is_some(), m.model == ModelKind::Mmoe, "JS only for per-task gates");
            }
        }
    }
}

#[test]
fn a_cancelled_sweep_keeps_whole_results_and_a_partial_summary() {
    let c = small(SweepKind::Correlation);
    let mut full = Sweep::new(c.clone()).unwrap();
    full.run_to_end().unwrap();
    let mut sweep = Sweep::new(c).unwrap();
    assert!(sweep.results().jobs.is_empty());
    while sweep.progress().done < 2 {
        sweep.run(7).unwrap();
    }
    // part-way into the third job
    sweep.run(20).unwrap();
    let partial = sweep.results();
    assert_eq!((partial.done, partial.total), (2, 6));
    assert_eq!(partial.jobs[..], full.results().jobs[..2]);
    let SweepSummary::Correlation { models, pairs } = &partial.summary else { panic!("a correlation summary") };
    for curve in models {
        let ps: Vec<f64> = curve.points.iter().map(|p| p.task_correlation).collect();
        assert_eq!(ps, vec![1.0, 0.0], "only seed 1's first two p");
        assert_eq!(curve.points[1].ratio.as_ref().unwrap().n, 1);
    }
    assert_eq!(pairs.len(), 3, "three model pairs at p = 0");
    drop(sweep);
}

#[test]
fn summaries_pair_within_seeds() {
    let c = small(SweepKind::Correlation);
    let mut sweep = Sweep::new(c).unwrap();
    sweep.run_to_end().unwrap();
    let results = sweep.results();
    let SweepSummary::Correlation { models, .. } = &results.summary else { panic!() };
    let mmoe = models.iter().find(|m| m.model == ModelKind::Mmoe).unwrap();
    let at0 = mmoe.points.iter().find(|p| p.task_correlation == 0.0).unwrap();
    let loss = |seed: u64, p: f64| {
        let job = results.jobs.iter().find(|j| j.job.seed == seed && j.job.task_correlation == p).unwrap();
        job.models.iter().find(|m| m.model == ModelKind::Mmoe).unwrap().mean_loss
    };
    let ratios = [loss(1, 0.0) / loss(1, 1.0), loss(2, 0.0) / loss(2, 1.0)];
    let r = at0.ratio.as_ref().unwrap();
    assert_eq!((r.min, r.max), (ratios[0].min(ratios[1]), ratios[0].max(ratios[1])));
    assert!((r.median - (ratios[0] + ratios[1]) / 2.0).abs() < 1e-12);
    assert!(at0.gate_js_ratio.is_some());
    let at1 = mmoe.points.iter().find(|p| p.task_correlation == 1.0).unwrap();
    assert_eq!(at1.ratio.as_ref().unwrap().median, 1.0);
}

#[test]
fn bad_configs_name_the_field() {
    type Breaks = fn(&mut SweepConfig);
    let cases: [(&str, Breaks); 7] = [
        ("points", |c| c.points = 1),
        ("inits", |c| c.inits = 0),
        ("steps", |c| c.steps = 0),
        ("seeds", |c| c.seeds.clear()),
        ("correlations", |c| c.correlations = vec![0.5, 0.0]),
        ("correlations", |c| c.correlations = vec![1.0, 2.0]),
        ("batch_size", |c| c.base.batch_size = 0),
    ];
    for (field, break_it) in cases {
        let mut c = small(SweepKind::Correlation);
        break_it(&mut c);
        let err = Sweep::new(c).err().unwrap_or_else(|| panic!("{field}: accepted"));
        assert!(err.to_string().contains(&format!("`{field}`")), "{field}: {err}");
    }
    let mut c = small(SweepKind::Trainability);
    c.seeds = vec![1, 2];
    assert!(Sweep::new(c).err().unwrap().to_string().contains("`seeds`"));
    let mut c = small(SweepKind::LossWeight);
    c.base.weighting = mtl_playground::train::LossWeighting::Uncertainty;
    assert!(Sweep::new(c).err().unwrap().to_string().contains("`base.weighting`"));
}

#[test]
fn split_jobs_deals_contiguous_blocks_of_nearly_equal_size() {
    use mtl_playground::train::sweep::split_jobs;
    assert_eq!(split_jobs(30, 2), vec![(0..15).collect::<Vec<_>>(), (15..30).collect()]);
    assert_eq!(split_jobs(11, 3).iter().map(Vec::len).collect::<Vec<_>>(), vec![3, 4, 4]);
    assert_eq!(split_jobs(2, 5), vec![vec![0], vec![1]], "no more workers than jobs");
    assert_eq!(split_jobs(7, 0), vec![(0..7).collect::<Vec<_>>()], "at least one worker");
    for (total, workers) in [(30, 4), (11, 2), (10, 16)] {
        let all: Vec<usize> = split_jobs(total, workers).concat();
        assert_eq!(all, (0..total).collect::<Vec<_>>(), "every job once, in order");
    }
}

#[test]
fn job_groups_keep_the_jobs_that_share_data_together_and_cover_every_job_once() {
    use mtl_playground::train::sweep::{job_groups, SweepBook};
    for kind in SweepKind::ALL {
        let c = small(kind);
        let book = SweepBook::new(c.clone()).unwrap();
        let jobs = book.jobs();
        let groups = book.groups();
        assert_eq!(groups.concat(), (0..jobs.len()).collect::<Vec<_>>(), "{kind:?}: every job once, in order");
        for group in &groups {
            let first = &jobs[group[0]];
            assert!(
                group.iter().all(|&i| jobs[i].seed == first.seed && jobs[i].init_seed == first.init_seed),
                "{kind:?}: one data set per group"
            );
        }
        for pair in groups.windows(2) {
            let (a, b) = (&jobs[pair[0][0]], &jobs[pair[1][0]]);
            assert!(a.seed != b.seed || a.init_seed != b.init_seed, "{kind:?}: neighbouring groups differ in data");
        }
        assert_eq!(job_groups(jobs), groups);
    }
    // the correlation sweep: one group per seed, each with every p
    let c = small(SweepKind::Correlation);
    let groups = SweepBook::new(c.clone()).unwrap().groups();
    assert_eq!(groups.len(), c.seeds.len());
    assert!(groups.iter().all(|g| g.len() == c.correlations.len()));
}

#[test]
fn a_sweep_split_over_workers_gives_the_whole_sweeps_results_job_for_job() {
    use mtl_playground::train::sweep::{split_jobs, SweepBook};
    for kind in SweepKind::ALL {
        let c = small(kind);
        let mut whole = Sweep::new(c.clone()).unwrap();
        whole.run_to_end().unwrap();
        for workers in [2, 3] {
            let mut book = SweepBook::new(c.clone()).unwrap();
            // the blocks finish in reverse order, as workers may
            let blocks = if workers == 2 { split_jobs(c.job_count(), workers) } else { book.groups() };
            for block in blocks.into_iter().rev() {
                let mut part = Sweep::for_jobs(c.clone(), &block).unwrap();
                part.run_to_end().unwrap();
                for (&i, result) in block.iter().zip(part.job_results()) {
                    book.insert(i, result.clone()).unwrap();
                }
            }
            assert_eq!(book.results(), whole.results(), "{kind:?} over {workers} workers (blocks, or groups at 3)");
        }
        // a partial book summarises what it has, in job order
        let mut book = SweepBook::new(c.clone()).unwrap();
        let last = c.job_count() - 1;
        book.insert(last, whole.job_results()[last].clone()).unwrap();
        assert_eq!((book.done(), book.results().jobs.len()), (1, 1));
        assert!(book.insert(0, whole.job_results()[last].clone()).is_err() || c.job_count() == 1, "a result of another job is refused");
        assert!(book.insert(c.job_count(), whole.job_results()[0].clone()).is_err(), "an index past the end is refused");
    }
    assert!(Sweep::for_jobs(small(SweepKind::Correlation), &[0, 99]).is_err(), "an unknown job index is refused");
}

// ---- the transfer map ----------------------------------------------------------

use mtl_playground::train::sweep::summary::summarise;
use mtl_playground::train::sweep::transfer::{Network, TaskVerdict, TransferClass, TransferEntry, FAILURE_RULE};
use mtl_playground::train::sweep::{JobResult, ModelOutcome, SweepJob};

/// What the losses alone say (for entries that did not fail).
fn class_from_losses(e: &TransferEntry, margin: f64) -> TransferClass {
    let verdict = |k: usize| {
        let (l, s) = (e.test_loss[k], e.single_test_loss[k]);
        if l < s * (1.0 - margin) {
            1
        } else if l > s * (1.0 + margin) {
            -1
        } else {
            0
        }
    };
    match (verdict(0), verdict(1)) {
        (0, _) | (_, 0) => TransferClass::Unclear,
        (1, 1) => TransferClass::Positive,
        (-1, -1) => TransferClass::Negative,
        _ => TransferClass::Seesaw,
    }
}

#[test]
fn a_tiny_transfer_sweep_judges_every_model_against_its_seeds_single_task_networks() {
    let mut c = small(SweepKind::Transfer);
    c.seeds = vec![1, 2, 3];
    c.correlations = vec![0.0, 0.5]; // p = 1, the control, runs anyway
    c.steps = 40;
    let mut sweep = Sweep::new(c.clone()).unwrap();
    sweep.run_to_end().unwrap();
    let results = sweep.results();
    assert_eq!(results.jobs.len(), 9, "3 seeds × (1, 0, 0.5)");
    assert!(results.jobs.iter().all(|j| j.models[0].model == ModelKind::Single), "single-task networks always train");
    let SweepSummary::Transfer { margin, failure_rule, entries, counts } = &results.summary else { panic!("a transfer summary") };
    assert_eq!((*margin, *failure_rule), (0.02, FAILURE_RULE));
    assert_eq!(entries.len(), 27, "one per seed, p and multi-task model");
    assert_eq!(counts.len(), 9, "per model and p");
    assert_eq!(
        counts.iter().map(|c| (c.model, c.p)).take(3).collect::<Vec<_>>(),
        [(ModelKind::SharedBottom, 1.0), (ModelKind::SharedBottom, 0.0), (ModelKind::SharedBottom, 0.5)]
    );
    for count in counts {
        let sum: usize = TransferClass::ALL.iter().map(|&k| count.of(k)).sum();
        assert_eq!((count.seeds, sum), (3, 3), "{count:?}");
    }
    for e in entries {
        let job = results.jobs.iter().find(|j| j.job.seed == e.seed && j.job.task_correlation == e.p).unwrap();
        let of = |m: ModelKind| job.models.iter().find(|o| o.model == m).unwrap().test_loss.clone();
        assert_eq!(e.test_loss.to_vec(), of(e.model));
        assert_eq!(e.single_test_loss.to_vec(), of(ModelKind::Single), "the same seed's and p's single-task networks");
        if e.class == TransferClass::Failed {
            assert!(e.failed.is_some() && !e.failures.is_empty(), "a failed entry names the network: {e:?}");
        } else {
            assert_eq!(e.class, class_from_losses(e, *margin), "the class follows from the losses: {e:?}");
            assert!(e.failed.is_none() && e.failures.is_empty());
        }
    }
}

fn outcome(model: ModelKind, a: f64, b: f64) -> ModelOutcome {
    ModelOutcome { model, test_loss: vec![a, b], mean_loss: (a + b) / 2.0, gate_js: None, diverged_at: None }
}

/// A finished transfer job at `seed` and `p` with Shared-Bottom's and the single-task networks' losses.
fn job(seed: u64, p: f64, sb: (f64, f64), single: (f64, f64)) -> JobResult {
    JobResult {
        job: SweepJob { seed, task_correlation: p, loss_weights: vec![1.0, 1.0], init_seed: None },
        label_pearson: p,
        steps: 10,
        models: vec![outcome(ModelKind::Single, single.0, single.1), outcome(ModelKind::SharedBottom, sb.0, sb.1)],
    }
}

fn hand_config(margin: f64) -> SweepConfig {
    let mut c = SweepConfig::for_kind(SweepKind::Transfer);
    c.base.models = vec![ModelKind::SharedBottom];
    c.correlations = vec![1.0];
    c.margin = margin;
    c
}

fn entries_of(c: &SweepConfig, jobs: &[JobResult]) -> Vec<TransferEntry> {
    let SweepSummary::Transfer { entries, .. } = summarise(c, jobs) else { panic!("a transfer summary") };
    entries
}

#[test]
fn the_classes_and_the_margin_edges_on_hand_made_losses() {
    let m = 0.02;
    let c = hand_config(m);
    let edge_lo = 1.0 * (1.0 - m); // exactly at the edge: within, not better
    let edge_hi = 1.0 * (1.0 + m);
    let jobs = [
        job(1, 1.0, (0.5, 0.9), (1.0, 1.0)),
        job(2, 1.0, (0.5, 1.5), (1.0, 1.0)),
        job(3, 1.0, (1.5, 1.1), (1.0, 1.0)),
        job(4, 1.0, (edge_lo, 0.5), (1.0, 1.0)),
        job(5, 1.0, (edge_hi, 1.5), (1.0, 1.0)),
        job(6, 1.0, (edge_lo * 0.999, edge_hi * 1.001), (1.0, 1.0)),
    ];
    let entries = entries_of(&c, &jobs);
    let classes: Vec<TransferClass> = entries.iter().map(|e| e.class).collect();
    use TransferClass::*;
    assert_eq!(classes, [Positive, Seesaw, Negative, Unclear, Unclear, Seesaw]);
    assert_eq!(entries[3].tasks, [TaskVerdict::Within, TaskVerdict::Better]);
    assert_eq!(entries[4].tasks, [TaskVerdict::Within, TaskVerdict::Worse]);
    // margin 0: the edges are decided; the widest margin swallows a 4 % gain
    let entries = entries_of(&hand_config(0.0), &jobs);
    assert_eq!(entries[3].class, Positive);
    assert_eq!(entries[4].class, Negative);
    let entries = entries_of(&hand_config(0.05), &[job(1, 1.0, (0.96, 0.5), (1.0, 1.0))]);
    assert_eq!(entries[0].class, Unclear);
}

#[test]
fn the_failure_rule_names_the_network_and_needs_three_seeds() {
    let c = hand_config(0.02);
    // seed 3's single-task network on task A ends 10× its median (a dead unit): failed, not "positive"
    let mut jobs =
        vec![job(1, 1.0, (0.10, 0.10), (0.11, 0.11)), job(2, 1.0, (0.12, 0.10), (0.10, 0.12)), job(3, 1.0, (0.10, 0.10), (1.00, 0.11))];
    let entries = entries_of(&c, &jobs);
    let e = &entries[2];
    assert_eq!((e.class, e.failed), (TransferClass::Failed, Some(Network::Single)));
    assert_eq!((e.failures.len(), e.failures[0].task, e.failures[0].median), (1, "A", Some(0.11)));
    assert_eq!(e.tasks, [TaskVerdict::Failed, TaskVerdict::Better]);
    assert_ne!(entries[0].class, TransferClass::Failed);
    // with two seeds the loss rule is silent: seed 3's entry reads as positive transfer on the losses alone
    let entries = entries_of(&c, &jobs[1..]);
    assert_eq!(entries[1].class, TransferClass::Positive);
    // exactly 5× the median is not failed; just above it is
    jobs[2] = job(3, 1.0, (0.10, 0.10), (0.11 * 5.0, 0.11));
    assert_ne!(entries_of(&c, &jobs)[2].class, TransferClass::Failed);
    jobs[2] = job(3, 1.0, (0.10, 0.10), (0.11 * 5.0 * 1.001, 0.11));
    assert_eq!(entries_of(&c, &jobs)[2].class, TransferClass::Failed);
    // the model stuck on both tasks at p = 1 (identical tasks): failed, and it says so; both networks failing: both
    jobs[2] = job(3, 1.0, (1.2, 1.1), (0.11, 0.11));
    let e = &entries_of(&c, &jobs)[2];
    assert_eq!((e.class, e.failed, e.failures.len()), (TransferClass::Failed, Some(Network::Model), 2));
    jobs[2] = job(3, 1.0, (1.2, 0.1), (0.11, 1.1));
    assert_eq!(entries_of(&c, &jobs)[2].failed, Some(Network::Both));
    // a diverged model fails whatever its losses; a non-finite loss too
    jobs[2] = job(3, 1.0, (0.1, 0.1), (0.11, 0.11));
    jobs[2].models[1].diverged_at = Some(7);
    let e = &entries_of(&c, &jobs)[2];
    assert_eq!((e.class, e.failed), (TransferClass::Failed, Some(Network::Model)));
    jobs[2] = job(3, 1.0, (f64::NAN, 0.1), (0.11, 0.11));
    assert_eq!(entries_of(&c, &jobs)[2].class, TransferClass::Failed);
    // a seed whose data are hard for every network (both ~9× their medians) is
    // not a failure: each is within 5× of the job's best, and the losses decide
    jobs[2] = job(3, 1.0, (0.9, 0.95), (1.0, 0.9));
    let e = &entries_of(&c, &jobs)[2];
    assert_eq!((e.class, e.failed), (TransferClass::Seesaw, None));
    // the median is per p: a loss normal at p = 0 is not judged against p = 1's
    let c = {
        let mut c = hand_config(0.02);
        c.correlations = vec![1.0, 0.0];
        c
    };
    let jobs: Vec<JobResult> = (1..=3).flat_map(|s| [job(s, 1.0, (0.1, 0.1), (0.1, 0.1)), job(s, 0.0, (0.1, 0.9), (0.1, 0.8))]).collect();
    assert!(entries_of(&c, &jobs).iter().all(|e| e.class != TransferClass::Failed));
}

#[test]
fn transfer_configs_check_the_margin_and_the_models() {
    let mut c = small(SweepKind::Transfer);
    c.margin = 0.06;
    assert!(Sweep::new(c.clone()).err().unwrap().to_string().contains("`margin`"));
    c.margin = f64::NAN;
    assert!(Sweep::new(c.clone()).err().unwrap().to_string().contains("`margin`"));
    c.margin = 0.0;
    assert!(Sweep::new(c.clone()).is_ok());
    c.base.models = vec![ModelKind::Single];
    assert!(Sweep::new(c).err().unwrap().to_string().contains("`base.models`"));
    let d = SweepConfig::for_kind(SweepKind::Transfer);
    assert_eq!((d.margin, d.steps, d.seeds.len(), d.correlations.clone()), (0.02, 3000, 10, vec![1.0, 0.5, 0.0]));
    assert_eq!(d.base.models, vec![ModelKind::SharedBottom, ModelKind::Omoe, ModelKind::Mmoe]);
    let json: SweepConfig = serde_json::from_str(r#"{"kind": "transfer", "margin": 0.03}"#).unwrap();
    assert_eq!(json.margin, 0.03);
}

#[test]
fn the_pages_sweep_is_made_from_the_race_it_would_run() {
    use mtl_playground::models::Preset;
    use mtl_playground::RaceConfig;
    let mut race = RaceConfig {
        sizes: Preset::Narrow.sizes(),
        models: vec![ModelKind::Single, ModelKind::SharedBottom],
        batch_size: 128,
        ..RaceConfig::default()
    };
    race.data.seed = 5;
    race.data.task_correlation = 0.3;
    race.data.train_samples = 20_000;
    race.optimizer.lr = 0.001;
    let c = SweepConfig::for_race(SweepKind::Correlation, &race);
    assert_eq!(c.seeds, (5..=14).collect::<Vec<u64>>(), "ten seeds from the race's");
    assert_eq!(c.steps, Preset::Narrow.sweep_steps());
    assert_eq!(c.base.models, vec![ModelKind::SharedBottom], "no single-task networks to sweep");
    assert_eq!((c.base.batch_size, c.base.data.train_samples, c.base.optimizer.lr), (128, 20_000, 0.001));
    assert_eq!(c.base.data.test_samples, SweepConfig::for_kind(SweepKind::Correlation).base.data.test_samples, "the sweep's own test rows");
    let c = SweepConfig::for_race(SweepKind::LossWeight, &race);
    assert_eq!((c.seeds.clone(), c.base.data.task_correlation), (vec![5], 0.3), "the race's seed and p");
    // custom sizes keep their sizes and take the default preset's sweep
    race.sizes.experts = 3;
    race.models = vec![ModelKind::Single];
    let c = SweepConfig::for_race(SweepKind::Transfer, &race);
    assert_eq!(c.base.sizes.experts, 3);
    assert_eq!(c.steps, Preset::DEFAULT.sweep_steps());
    assert_eq!(c.base.models, SweepConfig::for_kind(SweepKind::Transfer).base.models, "nothing left: the default models");
    c.validate().unwrap();
}
