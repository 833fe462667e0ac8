//! Starting and waiting for jobs: forking a job's processes into its group, running a job
//! in the foreground until it is done or stopped, and noticing what background jobs did.
//!
//! Waits use `waitpid` with `untraced` on each of a job's processes, so a stop (^Z) ends a
//! foreground wait: a job counts as stopped once none of its processes runs (bash's rule),
//! which consumes every stage's stop report before the shell moves on. A stopped foreground
//! job prints `[1]+  Stopped                 sleep 100` and leaves status 148 (128+`SIGTSTP`).
//! The tty already ended the line with its `^Z` echo, so no newline precedes the notice.

use warren_kernel::{Pgid, Pid, Signal, WaitFor, WaitOptions, WaitStatus};
use warren_proto::Errno;

use super::jobs::Job;
use super::jobtable::ProcState;
use super::redirect::FdMap;
use super::shell::Shell;
use super::terminal::{drain_signals, Setup};

/// The status a stopped foreground job leaves: 128 + `SIGTSTP`.
pub(crate) const STOPPED_STATUS: u8 = 148;

/// The status of a job ended by ^C, or of a wait or `read` it cut short: 128 + `SIGINT`.
/// A program that exits with 130 by itself cannot be told apart: it too ends the command
/// line (see [`super::shell::Ctl::Interrupt`]).
pub(crate) const INTERRUPTED_STATUS: u8 = 130;

/// A wait was cut short by a caught signal (^C at the prompt's terminal while `wait` runs).
pub(crate) struct Interrupted;

impl Shell {
    /// Fork one process of a job. With job control it joins group `*pgid` (or leads a new
    /// one, which `*pgid` then names) and takes the terminal when `foreground`; without, it
    /// is a plain [`Shell::fork`].
    ///
    /// # Errors
    /// As [`Shell::fork`].
    pub(crate) async fn fork_member(
        &self,
        map: &FdMap,
        job: Job,
        pgid: &mut Option<Pgid>,
        foreground: bool,
    ) -> Result<Pid, u8> {
        let setup = self.term.as_ref().map(|t| Setup {
            group: *pgid,
            foreground: foreground.then(|| t.ctl.clone()),
        });
        let pid = self.fork_in(map, job, setup).await?;
        if self.term.is_some() && pgid.is_none() {
            *pgid = Some(Pgid(pid.0));
        }
        Ok(pid)
    }

    /// Run `job` as a one-process foreground job named `text` (job control only); its
    /// status.
    pub(crate) async fn foreground_process(&mut self, job: Job, text: String) -> u8 {
        let mut pgid = None;
        let map = self.fds.clone();
        match self.fork_member(&map, job, &mut pgid, true).await {
            Ok(pid) => {
                let id = self.jobs.add(pgid, &[pid], text);
                self.foreground(id).await
            }
            Err(status) => status,
        }
    }

    /// Give job `id` the terminal, wait until it is done or stopped, and take the terminal
    /// back. Done: the job is forgotten and its status
    /// returned. Stopped: it is reported and kept, status [`STOPPED_STATUS`].
    pub(crate) async fn foreground(&mut self, id: usize) -> u8 {
        let pgid = self.jobs.get(id).and_then(|j| j.pgid);
        if let (Some(term), Some(pgid)) = (&self.term, pgid) {
            term.give(&self.ctx, pgid).await;
        }
        let _ = self.await_job(id, false).await;
        if let Some(term) = &self.term {
            term.reclaim(&self.ctx).await;
        }
        match self.jobs.get(id).map(|j| j.state()) {
            Some(ProcState::Stopped) => {
                self.jobs.touch(id);
                self.jobs.reported(id);
                self.err_plain(&self.jobs.line(id)).await;
                STOPPED_STATUS
            }
            Some(ProcState::Done(status)) => {
                self.jobs.remove(id);
                self.interrupted = status == INTERRUPTED_STATUS;
                status
            }
            _ => 1,
        }
    }

    /// Send `SIGCONT` to job `id` (its group, or its processes without job control) and
    /// mark it running.
    pub(crate) fn continue_job(&mut self, id: usize) {
        let _ = self.signal_job(id, Signal::Cont);
        if let Some(job) = self.jobs.get_mut(id) {
            job.resume();
        }
    }

    /// Send `sig` to job `id`: to its process group, or to each live process without one.
    ///
    /// # Errors
    /// `kill(2)`'s errno (`ESRCH`, `EPERM`).
    pub(crate) fn signal_job(&self, id: usize, sig: Signal) -> warren_proto::Result<()> {
        let Some(job) = self.jobs.get(id) else {
            return Err(Errno::ESRCH);
        };
        match job.pgid {
            Some(pgid) => self.ctx.kill(-(pgid.0 as i32), sig),
            None => job
                .live()
                .iter()
                .try_for_each(|p| self.ctx.kill(p.0 as i32, sig)),
        }
    }

    /// Wait until job `id` is done or stopped (each process exited or stopped).
    ///
    /// # Errors
    /// [`Interrupted`] when `interruptible` and a caught signal cut a wait short.
    pub(crate) async fn await_job(
        &mut self,
        id: usize,
        interruptible: bool,
    ) -> Result<(), Interrupted> {
        let live = self.jobs.get(id).map(|j| j.live()).unwrap_or_default();
        for pid in live {
            let stopped = self.jobs.get(id).is_some_and(|j| {
                j.procs
                    .iter()
                    .any(|(p, s)| *p == pid && *s == ProcState::Stopped)
            });
            if !stopped {
                self.await_process(pid, interruptible).await?;
            }
        }
        Ok(())
    }

    /// Wait until process `pid` of a job exits or stops, and record it.
    ///
    /// # Errors
    /// [`Interrupted`], as [`Shell::await_job`].
    pub(crate) async fn await_process(
        &mut self,
        pid: Pid,
        interruptible: bool,
    ) -> Result<(), Interrupted> {
        let opts = WaitOptions {
            untraced: true,
            ..WaitOptions::default()
        };
        loop {
            let state = match self.ctx.waitpid(WaitFor::Pid(pid), opts).await {
                Ok(Some((_, WaitStatus::Exited(s)))) => ProcState::Done(s.0),
                Ok(Some((_, WaitStatus::Stopped(_)))) => ProcState::Stopped,
                Ok(_) => continue,
                Err(Errno::EINTR) => {
                    drain_signals(&self.ctx);
                    if interruptible {
                        return Err(Interrupted);
                    }
                    continue;
                }
                Err(_) => ProcState::Done(127),
            };
            self.jobs.mark(pid, state);
            return Ok(());
        }
    }

    /// Notice, without blocking, which processes of every job exited, stopped or were
    /// continued.
    pub(crate) async fn reap_jobs(&mut self) {
        let opts = WaitOptions {
            untraced: true,
            continued: true,
            nohang: true,
        };
        for id in self.jobs.ids() {
            let live = self.jobs.get(id).map(|j| j.live()).unwrap_or_default();
            for pid in live {
                let state = match self.ctx.waitpid(WaitFor::Pid(pid), opts).await {
                    Ok(Some((_, WaitStatus::Exited(s)))) => ProcState::Done(s.0),
                    Ok(Some((_, WaitStatus::Stopped(_)))) => ProcState::Stopped,
                    Ok(Some((_, WaitStatus::Continued))) => ProcState::Running,
                    Ok(None) | Err(Errno::EINTR) => continue,
                    Err(_) => ProcState::Done(127),
                };
                self.jobs.mark(pid, state);
            }
        }
    }

    /// Before a prompt: report the jobs that finished or stopped since the last report
    /// (`[1]+  Done                    sleep 1`) and forget the finished ones.
    pub(crate) async fn notify_jobs(&mut self) {
        if self.jobs.is_empty() {
            return;
        }
        self.reap_jobs().await;
        for id in self.jobs.changed() {
            self.err_plain(&self.jobs.line(id)).await;
            self.jobs.reported(id);
            self.forget_if_done(id);
        }
    }

    /// Forget job `id` if it is done; its state.
    pub(crate) fn forget_if_done(&mut self, id: usize) -> Option<ProcState> {
        let state = self.jobs.get(id).map(|j| j.state());
        if matches!(state, Some(ProcState::Done(_))) {
            self.jobs.remove(id);
        }
        state
    }

    /// Before the shell exits: `SIGHUP` then `SIGCONT` to every stopped job, so none is
    /// left stopped with nobody to resume it (bash does the same).
    pub(crate) fn hang_up_stopped_jobs(&mut self) {
        for id in self.jobs.ids() {
            if self
                .jobs
                .get(id)
                .is_some_and(|j| j.state() == ProcState::Stopped)
            {
                let _ = self.signal_job(id, Signal::Hup);
                let _ = self.signal_job(id, Signal::Cont);
            }
        }
    }

    /// Whether there is a stopped job.
    pub(crate) fn has_stopped_jobs(&self) -> bool {
        self.jobs.ids().into_iter().any(|id| {
            self.jobs
                .get(id)
                .is_some_and(|j| j.state() == ProcState::Stopped)
        })
    }
}
