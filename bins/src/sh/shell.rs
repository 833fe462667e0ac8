//! The shell's state: variables, positional parameters, functions, jobs, the terminal and
//! the fd map, and the control flow (`exit`, `break`, `continue`, `return`) that unwinds
//! execution.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use brush_parser::ast::FunctionBody;
use warren_kernel::{Pid, ProcContext};

use super::jobtable::JobTable;
use super::redirect::FdMap;
use super::terminal::Terminal;

/// A boxed, sendable future: how the shell's recursive evaluation is spelled.
pub(crate) type BoxFut<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A change of control flow that unwinds through the evaluator until something handles it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Ctl {
    /// `exit N`: leave the shell with status N.
    Exit(u8),
    /// `break N`: leave N enclosing loops.
    Break(u32),
    /// `continue N`: next iteration of the Nth enclosing loop.
    Continue(u32),
    /// `return N`: leave the function or sourced file with status N.
    Return(u8),
    /// ^C ended the foreground job (or a `read`) under job control: the rest of the command
    /// line is abandoned, as bash does; `$?` is 130.
    Interrupt,
}

/// The result of running something: its exit status, or an unwinding [`Ctl`].
pub(crate) type Exec = Result<u8, Ctl>;

/// What a child shell (subshell, pipeline stage, `&` job, command substitution) inherits: a
/// copy, so its changes stay private (POSIX subshell environment).
#[derive(Clone)]
pub(crate) struct State {
    /// Shell variables that are not exported (exported ones live in the process env).
    pub vars: HashMap<String, String>,
    /// `$0` then the positional parameters `$1...`.
    pub args: Vec<String>,
    /// `$?`.
    pub status: u8,
    /// Functions by name.
    pub funcs: HashMap<String, Arc<FunctionBody>>,
    /// `$!`.
    pub last_bg: Option<Pid>,
    /// `$$`: the pid of the shell that was invoked (subshells keep it, as POSIX says).
    pub pid: Pid,
}

/// A running shell: its process, its [`State`], and where its logical fds point.
pub(crate) struct Shell {
    /// The shell's process.
    pub ctx: ProcContext,
    /// Variables, parameters, functions.
    pub st: State,
    /// Logical fd → real fd, changed by redirections for the command they apply to.
    pub fds: FdMap,
    /// Background and stopped jobs (a child shell starts with none).
    pub jobs: JobTable,
    /// The controlling terminal when job control is on (never in a child shell).
    pub term: Option<Terminal>,
    /// Whether ^C just ended a foreground job (see [`Ctl::Interrupt`]).
    pub interrupted: bool,
    /// Whether `exit` already warned `There are stopped jobs.` (the next one exits).
    pub exit_warned: bool,
    /// Whether prompts are printed and `&` jobs announced.
    pub interactive: bool,
    /// Status of the last command substitution of the current simple command.
    pub last_subst: Option<u8>,
}

impl Shell {
    /// A shell in `ctx` with the given [`State`].
    pub(crate) fn new(ctx: ProcContext, st: State) -> Shell {
        Shell {
            ctx,
            st,
            fds: FdMap::default(),
            jobs: JobTable::default(),
            term: None,
            exit_warned: false,
            interrupted: false,
            interactive: false,
            last_subst: None,
        }
    }

    /// The value of variable `name`: a shell variable, else an exported one.
    pub(crate) fn var(&self, name: &str) -> Option<String> {
        self.st
            .vars
            .get(name)
            .cloned()
            .or_else(|| self.ctx.getenv(name))
    }

    /// Assign `name`: an exported variable stays exported, others stay shell variables.
    pub(crate) fn set_var(&mut self, name: &str, value: &str) {
        if self.ctx.getenv(name).is_some() {
            self.ctx.setenv(name, value);
        } else {
            self.st.vars.insert(name.to_string(), value.to_string());
        }
    }

    /// Export `name` (with a new value, or its current one; nothing if it is unset).
    pub(crate) fn export_var(&mut self, name: &str, value: Option<&str>) {
        let value = value
            .map(str::to_string)
            .or_else(|| self.st.vars.get(name).cloned());
        if let Some(v) = value {
            self.st.vars.remove(name);
            self.ctx.setenv(name, &v);
        }
    }

    /// Forget `name`, exported or not.
    pub(crate) fn unset_var(&mut self, name: &str) {
        self.st.vars.remove(name);
        self.ctx.unsetenv(name);
    }

    /// Write `text` to the logical stdout; errors (a closed pipe) are returned.
    pub(crate) async fn out(&self, text: impl Into<bytes::Bytes>) -> warren_proto::Result<()> {
        match self.fds.resolve(1) {
            Some(fd) => self.ctx.write_all(fd, text).await,
            None => Err(warren_proto::Errno::EBADF),
        }
    }

    /// Print `sh: MESSAGE` on the logical stderr.
    pub(crate) async fn err(&self, message: &str) {
        if let Some(fd) = self.fds.resolve(2) {
            let _ = self.ctx.write_all(fd, format!("sh: {message}\n")).await;
        }
    }
}

/// Whether `name` is a valid variable name (`[A-Za-z_][A-Za-z0-9_]*`, POSIX XBD 3.235).
pub(crate) fn is_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c == '_' || c.is_ascii_alphabetic())
        && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
}
