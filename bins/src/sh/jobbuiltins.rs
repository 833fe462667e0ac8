//! The job builtins: `jobs`, `fg`, `bg`, `wait` and `kill` (for `%N` operands).
//!
//! - `jobs [%N...]`: print `[1]+  Running                 sleep 100 &` lines (see
//!   [`super::jobtable`]); finished jobs are shown once, then forgotten.
//! - `fg [%N]`, `bg [%N]`: continue the job (`SIGCONT` to its group) in the foreground
//!   (giving it the terminal and continuing it, then printing its command and waiting as
//!   for any foreground job: once the command is shown, ^C and ^Z reach the job) or the background (printing
//!   `[1]+ sleep 100 &`). Only with job control (`fg: no job control`, status 1).
//! - `wait [%N | PID...]`: wait for the jobs (all without operands; status 0) or processes
//!   named; the status is the last one's, 127 for an unknown pid or job, 148 for a job that
//!   stopped, 130 when ^C interrupts the wait.
//! - `kill [-s SIG | -SIG] OPERAND...`: with a `%N` operand the shell sends the signal to the
//!   job's group itself (a stopped job also gets `SIGCONT`, so it can act on it); without
//!   one it runs `/bin/kill` with the same arguments.
//!
//! Source: POSIX XCU `jobs`, `fg`, `bg`, `wait`, `kill`; bash's messages.

use warren_kernel::{Pid, Signal, WaitFor, WaitOptions, WaitStatus};

use super::jobtable::ProcState;
use super::jobwait::{Interrupted, INTERRUPTED_STATUS, STOPPED_STATUS};
use super::shell::Shell;

impl Shell {
    /// `jobs [%N...]`.
    pub(crate) async fn jobs_builtin(&mut self, args: &[String]) -> u8 {
        self.reap_jobs().await;
        let mut ids = Vec::new();
        let mut status = 0;
        for arg in args {
            match self.jobs.resolve(arg) {
                Ok(id) => ids.push(id),
                Err(m) => {
                    self.err(&format!("jobs: {m}")).await;
                    status = 1;
                }
            }
        }
        if args.is_empty() {
            ids = self.jobs.ids();
        }
        let text: String = ids.iter().map(|id| self.jobs.line(*id) + "\n").collect();
        for id in ids {
            self.jobs.reported(id);
            self.forget_if_done(id);
        }
        if self.out(text).await.is_err() {
            return 1;
        }
        status
    }

    /// The job `fg`/`bg` operate on, or a reported error status.
    async fn job_operand(&mut self, name: &str, args: &[String]) -> Result<usize, u8> {
        if self.term.is_none() {
            self.err(&format!("{name}: no job control")).await;
            return Err(1);
        }
        self.reap_jobs().await;
        let spec = args.first().map_or("%+", String::as_str);
        match self.jobs.resolve(spec) {
            Ok(id) => Ok(id),
            Err(_) if args.is_empty() => {
                self.err(&format!("{name}: current: no such job")).await;
                Err(1)
            }
            Err(m) => {
                self.err(&format!("{name}: {m}")).await;
                Err(1)
            }
        }
    }

    /// `fg [%N]`.
    pub(crate) async fn fg_builtin(&mut self, args: &[String]) -> u8 {
        let id = match self.job_operand("fg", args).await {
            Ok(id) => id,
            Err(status) => return status,
        };
        if let Some(ProcState::Done(status)) = self.forget_if_done(id) {
            self.err("fg: job has terminated").await;
            return status;
        }
        let job = self.jobs.get(id);
        let text = job.map(|j| j.text.clone()).unwrap_or_default();
        if let (Some(term), Some(pgid)) = (&self.term, job.and_then(|j| j.pgid)) {
            term.give(&self.ctx, pgid).await;
        }
        self.continue_job(id);
        let _ = self.out(text + "\n").await;
        self.jobs.touch(id);
        self.foreground(id).await
    }

    /// `bg [%N]`.
    pub(crate) async fn bg_builtin(&mut self, args: &[String]) -> u8 {
        let id = match self.job_operand("bg", args).await {
            Ok(id) => id,
            Err(status) => return status,
        };
        match self.jobs.get(id).map(|j| j.state()) {
            Some(ProcState::Running) => {
                self.err(&format!("bg: job {id} already in background"))
                    .await;
                return 0;
            }
            Some(ProcState::Done(_)) => {
                self.forget_if_done(id);
                self.err("bg: job has terminated").await;
                return 1;
            }
            _ => {}
        }
        self.continue_job(id);
        self.jobs.reported(id);
        let line = self.jobs.bg_line(id);
        u8::from(self.out(line + "\n").await.is_err())
    }

    /// `wait [%N | PID...]`.
    pub(crate) async fn wait_builtin(&mut self, args: &[String]) -> u8 {
        if args.is_empty() {
            for id in self.jobs.ids() {
                if self.await_job(id, true).await.is_err() {
                    return INTERRUPTED_STATUS;
                }
                self.forget_if_done(id);
            }
            return 0;
        }
        let mut status = 0;
        for arg in args {
            status = match self.wait_one(arg).await {
                Ok(s) => s,
                Err(Interrupted) => return INTERRUPTED_STATUS,
            };
        }
        status
    }

    /// `wait`'s status for one operand.
    async fn wait_one(&mut self, arg: &str) -> Result<u8, Interrupted> {
        if arg.starts_with('%') {
            let id = match self.jobs.resolve(arg) {
                Ok(id) => id,
                Err(m) => {
                    self.err(&format!("wait: {m}")).await;
                    return Ok(127);
                }
            };
            self.await_job(id, true).await?;
            return Ok(job_status(self.forget_if_done(id)));
        }
        let Ok(n) = arg.parse::<u32>() else {
            self.err(&format!("wait: `{arg}': not a pid or valid job spec"))
                .await;
            return Ok(2);
        };
        let Some(id) = self.jobs.job_of(Pid(n)) else {
            return Ok(self.wait_stranger(Pid(n)).await);
        };
        self.await_process(Pid(n), true).await?;
        let state = self
            .jobs
            .get(id)
            .and_then(|j| j.procs.iter().find(|(p, _)| p.0 == n).map(|(_, s)| *s));
        self.forget_if_done(id);
        Ok(job_status(state))
    }

    /// `wait PID` for a pid no job holds: a child, or an error (127).
    async fn wait_stranger(&self, pid: Pid) -> u8 {
        match self
            .ctx
            .waitpid(WaitFor::Pid(pid), WaitOptions::default())
            .await
        {
            Ok(Some((_, WaitStatus::Exited(s)))) => s.0,
            Ok(_) => 0,
            Err(_) => {
                self.err(&format!("wait: pid {} is not a child of this shell", pid.0))
                    .await;
                127
            }
        }
    }

    /// `kill ...`: `%N` operands are the shell's; otherwise `/bin/kill` runs.
    pub(crate) async fn kill_builtin(&mut self, argv: Vec<String>) -> u8 {
        if !argv.iter().skip(1).any(|a| a.starts_with('%')) {
            return self.external(argv, Vec::new()).await;
        }
        let (sig, operands) = match kill_args(&argv[1..]) {
            Ok(parsed) => parsed,
            Err(m) => {
                self.err(&format!("kill: {m}")).await;
                return 2;
            }
        };
        let mut status = 0;
        for operand in operands {
            if let Err(m) = self.kill_one(operand, sig) {
                self.err(&format!("kill: {m}")).await;
                status = 1;
            }
        }
        status
    }

    /// Send `sig` to one `kill` operand: a job spec or a pid (negative: a group).
    fn kill_one(&mut self, operand: &str, sig: Signal) -> Result<(), String> {
        if !operand.starts_with('%') {
            let pid: i32 = operand
                .parse()
                .map_err(|_| format!("{operand}: arguments must be process or job IDs"))?;
            return self
                .ctx
                .kill(pid, sig)
                .map_err(|e| format!("({pid}) - {e}"));
        }
        let id = self.jobs.resolve(operand)?;
        self.signal_job(id, sig)
            .map_err(|e| format!("{operand}: {e}"))?;
        let stopped = self
            .jobs
            .get(id)
            .is_some_and(|j| j.state() == ProcState::Stopped);
        let stops = matches!(
            sig,
            Signal::Stop | Signal::Tstp | Signal::Ttin | Signal::Ttou | Signal::Cont
        );
        if stopped && !stops {
            self.continue_job(id);
        }
        Ok(())
    }
}

/// The status `wait` reports for a job or process in `state`.
fn job_status(state: Option<ProcState>) -> u8 {
    match state {
        Some(ProcState::Done(s)) => s,
        Some(ProcState::Stopped) => STOPPED_STATUS,
        _ => 127,
    }
}

/// `kill`'s signal (`-s SIG`, `-SIG`, `-N`; default `SIGTERM`) and operands.
///
/// # Errors
/// A message for an unknown signal or a missing operand.
fn kill_args(args: &[String]) -> Result<(Signal, &[String]), String> {
    let parse = |s: &str| {
        s.parse::<Signal>()
            .map_err(|_| format!("{s}: invalid signal specification"))
    };
    let (sig, rest) = match args {
        [flag, name, rest @ ..] if flag == "-s" => (parse(name)?, rest),
        [dashdash, rest @ ..] if dashdash == "--" => (Signal::Term, rest),
        [opt, rest @ ..] if opt.starts_with('-') && opt.len() > 1 => (parse(&opt[1..])?, rest),
        rest => (Signal::Term, rest),
    };
    let rest = match rest {
        [dashdash, tail @ ..] if dashdash == "--" => tail,
        _ => rest,
    };
    if rest.is_empty() {
        return Err("usage: kill [-s sigspec | -sigspec] pid | jobspec ...".into());
    }
    Ok((sig, rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(args: &[&str]) -> Vec<String> {
        args.iter().map(|a| a.to_string()).collect()
    }

    #[test]
    fn kill_takes_signal_names_numbers_and_defaults_to_term() {
        let args = strings(&["%1"]);
        assert_eq!(
            kill_args(&args).map(|(s, r)| (s, r.len())),
            Ok((Signal::Term, 1))
        );
        let args = strings(&["-INT", "%1", "%2"]);
        assert_eq!(
            kill_args(&args).map(|(s, r)| (s, r.len())),
            Ok((Signal::Int, 2))
        );
        let args = strings(&["-s", "KILL", "%1"]);
        assert_eq!(kill_args(&args).map(|(s, _)| s), Ok(Signal::Kill));
        let args = strings(&["-9", "%1"]);
        assert_eq!(kill_args(&args).map(|(s, _)| s), Ok(Signal::Kill));
        assert!(kill_args(&strings(&["-BOGUS", "%1"])).is_err());
        assert!(kill_args(&strings(&["-9"])).is_err());
    }
}
