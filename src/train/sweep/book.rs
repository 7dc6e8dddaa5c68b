//! A whole sweep: [`Sweep`] runs its jobs in order a step at a time (the page's
//! time slices, in a worker), reusing one data set per seed: the next job at
//! another `p` relabels task B and re-initialises the models, which is exactly a
//! fresh race at that `p` (the generator changes only task B's labels with `p`).
//! [`SweepBook`] gathers results that ran elsewhere (the page's copy of its
//! workers' results). Both summarise what has finished.

use super::config::{SweepConfig, SweepJob, SweepKind};
use super::runner::{finish, job_groups, JobResult};
use super::summary::{summarise, SweepSummary};
use crate::error::{Error, Result};
use crate::train::Trainer;
use serde::Serialize;

/// How far a sweep has come.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct SweepProgress {
    pub done: usize,
    pub total: usize,
    /// Training steps taken over all jobs (one step trains every model of a job).
    pub steps_done: usize,
    pub steps_total: usize,
    pub finished: bool,
}

/// The results of a sweep whose jobs run elsewhere (in workers), gathered in
/// any order by job index: what the page draws and summarises while they run.
#[derive(Clone, Debug)]
pub struct SweepBook {
    config: SweepConfig,
    jobs: Vec<SweepJob>,
    results: Vec<Option<JobResult>>,
}

impl SweepBook {
    /// An empty book for `config`'s jobs.
    pub fn new(config: SweepConfig) -> Result<Self> {
        config.validate()?;
        let jobs = config.jobs();
        let results = vec![None; jobs.len()];
        Ok(Self { config, jobs, results })
    }

    pub fn config(&self) -> &SweepConfig {
        &self.config
    }

    /// The whole job list, in the sweep's order.
    pub fn jobs(&self) -> &[SweepJob] {
        &self.jobs
    }

    /// The job list in groups that share their data ([`job_groups`]).
    pub fn groups(&self) -> Vec<Vec<usize>> {
        job_groups(&self.jobs)
    }

    /// Records the result of job `index`; refused if the index is out of range
    /// or the result is of another job.
    pub fn insert(&mut self, index: usize, result: JobResult) -> Result<()> {
        let job = self
            .jobs
            .get(index)
            .ok_or_else(|| Error::InvalidConfig { field: "jobs", reason: format!("job {index} is not in 0..{}", self.jobs.len()) })?;
        if *job != result.job {
            return Err(Error::InvalidConfig { field: "jobs", reason: format!("the result given for job {index} is of another job") });
        }
        self.results[index] = Some(result);
        Ok(())
    }

    /// How many jobs have a result.
    pub fn done(&self) -> usize {
        self.results.iter().flatten().count()
    }

    /// The finished jobs, in job order, and their summary (partial while jobs run).
    pub fn results(&self) -> SweepResults {
        let jobs: Vec<JobResult> = self.results.iter().flatten().cloned().collect();
        SweepResults { kind: self.config.kind, done: jobs.len(), total: self.jobs.len(), summary: summarise(&self.config, &jobs), jobs }
    }
}

/// Everything finished so far, with its summary.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SweepResults {
    pub kind: SweepKind,
    pub done: usize,
    pub total: usize,
    /// The finished jobs, in job order.
    pub jobs: Vec<JobResult>,
    pub summary: SweepSummary,
}

/// A sweep in progress: the job list, the finished results and the current
/// job's trainer. Advance it with [`Sweep::advance`] (one unit of work) or
/// [`Sweep::run`]; cancel it by dropping it (finished results are whole at
/// every moment). Its results equal [`run_job`](super::run_job) on every job.
pub struct Sweep {
    config: SweepConfig,
    jobs: Vec<SweepJob>,
    results: Vec<JobResult>,
    /// The trainer; `ready` says whether it is set up for the current job.
    trainer: Option<Trainer>,
    ready: bool,
}

impl Sweep {
    /// Validates the config and lists the jobs; no data is generated yet.
    pub fn new(config: SweepConfig) -> Result<Self> {
        config.validate()?;
        let jobs = config.jobs();
        Ok(Self { config, jobs, results: Vec::new(), trainer: None, ready: false })
    }

    /// A sweep of only the jobs at `indices` of `config`'s job list, in that
    /// order: one worker's share of a sweep split over several. Each job's
    /// result is what the whole sweep gives it ([`run_job`](super::run_job) on that job).
    pub fn for_jobs(config: SweepConfig, indices: &[usize]) -> Result<Self> {
        config.validate()?;
        let all = config.jobs();
        let jobs = indices
            .iter()
            .map(|&i| {
                all.get(i)
                    .cloned()
                    .ok_or_else(|| Error::InvalidConfig { field: "jobs", reason: format!("job {i} is not in 0..{}", all.len()) })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Self { config, jobs, results: Vec::new(), trainer: None, ready: false })
    }

    pub fn config(&self) -> &SweepConfig {
        &self.config
    }

    pub fn jobs(&self) -> &[SweepJob] {
        &self.jobs
    }

    pub fn finished(&self) -> bool {
        self.results.len() == self.jobs.len()
    }

    /// One unit of work: set up the current job (generate or relabel its data,
    /// initialise its models), or one training step, or evaluate the finished
    /// job and record its result. Returns whether work remains.
    pub fn advance(&mut self) -> Result<bool> {
        let Some(job) = self.jobs.get(self.results.len()).cloned() else { return Ok(false) };
        if !self.ready {
            self.prepare(&job)?;
            self.ready = true;
        } else if let Some(trainer) = self.trainer.as_mut().filter(|t| t.step_count() < self.config.steps) {
            trainer.step();
        } else if let Some(trainer) = self.trainer.as_mut() {
            self.results.push(finish(trainer, &job));
            self.ready = false;
        }
        Ok(!self.finished())
    }

    /// Advances up to `units` times (see [`Sweep::advance`]); returns how many ran.
    pub fn run(&mut self, units: usize) -> Result<usize> {
        for done in 0..units {
            if !self.advance()? {
                return Ok(done + 1);
            }
        }
        Ok(units)
    }

    /// Runs every remaining job.
    pub fn run_to_end(&mut self) -> Result<()> {
        while self.advance()? {}
        Ok(())
    }

    /// Sets the trainer up for `job`: the same data seed and init seed reuse the
    /// data (task B relabelled if `p` moved) with fresh models; anything else
    /// builds a new trainer.
    fn prepare(&mut self, job: &SweepJob) -> Result<()> {
        let want = self.config.race_config(job);
        if let Some(trainer) = self.trainer.as_mut() {
            let same_data = trainer.config().data.seed == want.data.seed && trainer.config().init_seed == want.init_seed;
            if same_data {
                if trainer.config().data.task_correlation != want.data.task_correlation {
                    trainer.set_task_correlation(want.data.task_correlation)?;
                }
                trainer.set_loss_weights(&want.loss_weights)?;
                if *trainer.config() == want {
                    trainer.reset_models();
                    return Ok(());
                }
            }
        }
        self.trainer = Some(Trainer::new(want)?);
        Ok(())
    }

    pub fn progress(&self) -> SweepProgress {
        let done = self.results.len();
        let current = if self.ready { self.trainer.as_ref().map_or(0, |t| t.step_count()) } else { 0 };
        SweepProgress {
            done,
            total: self.jobs.len(),
            steps_done: done * self.config.steps + current,
            steps_total: self.jobs.len() * self.config.steps,
            finished: self.finished(),
        }
    }

    /// The finished jobs, in order.
    pub fn job_results(&self) -> &[JobResult] {
        &self.results
    }

    /// The finished jobs and their summary (partial while the sweep runs).
    pub fn results(&self) -> SweepResults {
        SweepResults {
            kind: self.config.kind,
            done: self.results.len(),
            total: self.jobs.len(),
            jobs: self.results.clone(),
            summary: summarise(&self.config, &self.results),
        }
    }
}
