//! Child shells: pipeline stages, subshells, `&` jobs, command substitution and
//! here-document writers all run as forks of the shell (`spawn_fn`), and `wait`.

use brush_parser::ast::{AndOrList, Command, CompoundList, Program};
use warren_kernel::{ExitStatus, Fd, Pid, Share, SpawnOptions};

use super::parse::parse_complete;
use super::redirect::FdMap;
use super::shell::{BoxFut, Ctl, Exec, Shell};
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
}

impl Shell {
    /// Start a child shell running `job` with the fds `map` gives it (only those).
    ///
    /// # Errors
    /// After printing `sh: fork: strerror`, status 1.
    pub(crate) async fn fork(&self, map: &FdMap, job: Job) -> Result<Pid, u8> {
        let state = self.st.clone();
        let fds = map.child_view();
        let opts = SpawnOptions {
            fds: Share::Fresh,
            fd_map: map.spawn_map(),
            ..SpawnOptions::default()
        };
        let argv = vec![self.st.args.first().cloned().unwrap_or_else(|| "sh".into())];
        let started = self
            .ctx
            .spawn_fn(argv, opts, move |cx| async move {
                let mut child = Shell::new(cx, state);
                child.fds = fds;
                let result = child.run_job(&job).await;
                ExitStatus(status_of(result, child.st.status))
            })
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
            }
        })
    }

    /// Wait for the child `pid`; its status, or 1 if it cannot be waited for.
    pub(crate) async fn wait_status(&self, pid: Pid) -> u8 {
        self.ctx.wait(pid).await.map_or(1, |s| s.0)
    }

    /// Run `list` in the background (`list &`): `$!` becomes its pid; status 0.
    pub(crate) async fn background(&mut self, list: &AndOrList) {
        if let Ok(pid) = self.fork(&self.fds.clone(), Job::AndOr(list.clone())).await {
            self.st.last_bg = Some(pid);
            self.jobs.push(pid);
            if self.interactive {
                self.err_plain(&format!("[{}] {}", self.jobs.len(), pid.0))
                    .await;
            }
        }
        self.st.status = 0;
    }

    /// `( list )`: run `list` in a child shell and wait for it.
    pub(crate) async fn subshell(&mut self, list: &CompoundList) -> u8 {
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

    /// `wait [PID...]`: reap the given children, or every background job. Status: the last
    /// PID's, 0 with no operands, 127 for a pid that is not a child.
    pub(crate) async fn wait_builtin(&mut self, args: &[String]) -> u8 {
        if args.is_empty() {
            for pid in std::mem::take(&mut self.jobs) {
                let _ = self.ctx.wait(pid).await;
            }
            return 0;
        }
        let mut status = 0;
        for arg in args {
            let Ok(n) = arg.parse::<u32>() else {
                self.err(&format!("wait: `{arg}': not a pid or valid job spec"))
                    .await;
                status = 2;
                continue;
            };
            self.jobs.retain(|p| p.0 != n);
            status = match self.ctx.wait(Pid(n)).await {
                Ok(s) => s.0,
                Err(_) => {
                    self.err(&format!("wait: pid {n} is not a child of this shell"))
                        .await;
                    127
                }
            };
        }
        status
    }

    /// Print `text` and a newline on the logical stderr without the `sh: ` prefix.
    pub(crate) async fn err_plain(&self, text: &str) {
        if let Some(fd) = self.fds.resolve(2) {
            let _ = self.ctx.write_all(fd, format!("{text}\n")).await;
        }
    }
}

/// The exit status a finished evaluation leaves: its status, or the one `exit`/`return`
/// carried; a stray `break`/`continue` leaves `$?` (`last`).
pub(crate) fn status_of(result: Exec, last: u8) -> u8 {
    match result {
        Ok(s) | Err(Ctl::Exit(s)) | Err(Ctl::Return(s)) => s,
        Err(Ctl::Break(_)) | Err(Ctl::Continue(_)) => last,
    }
}
