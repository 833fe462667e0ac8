//! Child shells: pipeline stages, subshells, `&` jobs, command substitution and
//! here-document writers all run as forks of the shell (`spawn_fn`); with job control, so
//! do programs (a fork that joins its job and then `exec`s, see [`super::terminal`]).

use brush_parser::ast::{AndOrList, Command, CompoundList, Program};
use warren_kernel::{ExitStatus, Fd, Pid, ProcContext, Share, SpawnOptions};
use warren_proto::Errno;

use super::jobtable::and_or_text;
use super::jobwait::INTERRUPTED_STATUS;
use super::parse::parse_complete;
use super::redirect::FdMap;
use super::shell::{BoxFut, Ctl, Exec, Shell, State};
use super::terminal::{drain_signals, Setup};
use crate::util::read_all;

/// What a forked child shell runs.
pub(crate) enum Job {
    /// One command (a pipeline stage).
    Command(Command),
    /// An and-or list (a `&` job).
    AndOr(AndOrList),
    /// A compound list (a `( ... )` subshell).
    List(CompoundList),
    /// A whole program (a command substitution).
    Program(Program),
    /// Write these bytes to fd 1 and exit (a here-document's writer).
    Write(Vec<u8>),
    /// Set these variables in the environment and `exec` the program `argv` (a program run
    /// under job control).
    Exec(Vec<String>, Vec<(String, String)>),
}

impl Shell {
    /// Start a child shell running `job` with the fds `map` gives it (only those).
    ///
    /// # Errors
    /// After printing `sh: fork: strerror`, status 1.
    pub(crate) async fn fork(&self, map: &FdMap, job: Job) -> Result<Pid, u8> {
        self.fork_in(map, job, None).await
    }

    /// [`Shell::fork`] as a process of a job: the child starts in the group `setup` names
    /// and first does what it says. A child of a job-control shell starts with every signal
    /// at its default action.
    ///
    /// # Errors
    /// As [`Shell::fork`].
    pub(crate) async fn fork_in(
        &self,
        map: &FdMap,
        job: Job,
        setup: Option<Setup>,
    ) -> Result<Pid, u8> {
        let state = self.st.clone();
        let fds = map.child_view();
        let opts = SpawnOptions {
            fds: Share::Fresh,
            fd_map: map.spawn_map(),
            pgid: setup.as_ref().map(Setup::spawn_pgid),
            default_signals: self.term.is_some(),
            ..SpawnOptions::default()
        };
        let argv = vec![self.st.args.first().cloned().unwrap_or_else(|| "sh".into())];
        let started = self
            .ctx
            .spawn_fn(argv, opts, move |cx| child_main(cx, state, fds, job, setup))
            .await;
        match started {
            Ok(pid) => Ok(pid),
            Err(e) => {
                self.err(&format!("fork: {e}")).await;
                Err(1)
            }
        }
    }

    fn run_job<'a>(&'a mut self, job: &'a Job) -> BoxFut<'a, Exec> {
        Box::pin(async move {
            match job {
                Job::Command(c) => self.command(c).await,
                Job::AndOr(a) => self.and_or(a).await,
                Job::List(l) => self.list(l).await,
                Job::Program(p) => self.program(p).await,
                Job::Write(data) => {
                    let _ = self.ctx.write_all(Fd::STDOUT, data.clone()).await;
                    Ok(0)
                }
                Job::Exec(argv, env) => {
                    for (k, v) in env {
                        self.ctx.setenv(k, v);
                    }
                    let e = self.ctx.exec(argv.clone()).await;
                    Ok(self.not_run(&argv[0], e).await)
                }
            }
        })
    }

    /// Wait for the child `pid`; its status, or 1 if it cannot be waited for. A caught
    /// signal (^C with job control) does not end the wait.
    pub(crate) async fn wait_status(&self, pid: Pid) -> u8 {
        loop {
            match self.ctx.wait(pid).await {
                Err(Errno::EINTR) => drain_signals(&self.ctx),
                result => return result.map_or(1, |s| s.0),
            }
        }
    }

    /// Run `list` in the background (`list &`) as a job (in a group of its own with job
    /// control): `$!` becomes its pid; status 0.
    pub(crate) async fn background(&mut self, list: &AndOrList) {
        let mut pgid = None;
        let map = self.fds.clone();
        let job = Job::AndOr(list.clone());
        if let Ok(pid) = self.fork_member(&map, job, &mut pgid, false).await {
            self.st.last_bg = Some(pid);
            let id = self.jobs.add(pgid, &[pid], and_or_text(list));
            if self.interactive {
                self.err_plain(&format!("[{id}] {}", pid.0)).await;
            }
        }
        self.st.status = 0;
    }

    /// `( list )`: run `list` in a child shell (a foreground job with job control) and wait
    /// for it.
    pub(crate) async fn subshell(&mut self, list: &CompoundList) -> u8 {
        if self.term.is_some() {
            let text = format!("({})", list.to_string().trim());
            return self.foreground_process(Job::List(list.clone()), text).await;
        }
        match self.fork(&self.fds.clone(), Job::List(list.clone())).await {
            Ok(pid) => self.wait_status(pid).await,
            Err(status) => status,
        }
    }

    /// `$(text)`: run `text` in a child shell with stdout to a pipe, and return what it
    /// wrote without trailing newlines. Its status becomes the command's `$?` when the
    /// command has no command word.
    ///
    /// # Errors
    /// A message for a syntax error or a failed pipe.
    pub(crate) async fn command_subst(&mut self, text: &str) -> Result<String, String> {
        let program = parse_complete(text).map_err(|m| format!("syntax error: {m}"))?;
        let (r, w) = self.ctx.pipe().await.map_err(|e| format!("pipe: {e}"))?;
        let mut map = self.fds.clone();
        map.set(1, Some(w));
        let child = self.fork(&map, Job::Program(program)).await;
        let _ = self.ctx.close(w).await;
        let data = read_all(&self.ctx, r).await.unwrap_or_default();
        let _ = self.ctx.close(r).await;
        let status = match child {
            Ok(pid) => self.wait_status(pid).await,
            Err(s) => s,
        };
        self.last_subst = Some(status);
        self.st.status = status;
        let mut out = String::from_utf8_lossy(&data).into_owned();
        out.truncate(out.trim_end_matches('\n').len());
        Ok(out)
    }

    /// Print `text` and a newline on the logical stderr without the `sh: ` prefix.
    pub(crate) async fn err_plain(&self, text: &str) {
        if let Some(fd) = self.fds.resolve(2) {
            let _ = self.ctx.write_all(fd, format!("{text}\n")).await;
        }
    }
}

/// A forked child shell: do what `setup` says, then run `job` with the fds `fds`.
async fn child_main(
    cx: ProcContext,
    state: State,
    fds: FdMap,
    job: Job,
    setup: Option<Setup>,
) -> ExitStatus {
    if let Some(setup) = setup {
        setup.enter(&cx).await;
    }
    let mut child = Shell::new(cx, state);
    child.fds = fds;
    let result = child.run_job(&job).await;
    ExitStatus(status_of(result, child.st.status))
}

/// The exit status a finished evaluation leaves: its status, or the one `exit`/`return`
/// carried, 130 after ^C; a stray `break`/`continue` leaves `$?` (`last`).
pub(crate) fn status_of(result: Exec, last: u8) -> u8 {
    match result {
        Ok(s) | Err(Ctl::Exit(s)) | Err(Ctl::Return(s)) => s,
        Err(Ctl::Break(_)) | Err(Ctl::Continue(_)) => last,
        Err(Ctl::Interrupt) => INTERRUPTED_STATUS,
    }
}
