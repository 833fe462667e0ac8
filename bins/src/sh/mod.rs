//! `sh`: Warren's shell. Parses with brush-parser (bash syntax) and runs the AST on Warren
//! processes.
//!
//! Usage: `sh [-il] [-c COMMAND [NAME [ARG...]] | FILE [ARG...]]`. With `-c` it runs one
//! command line; with FILE a script (the kernel runs `#!/bin/sh` scripts this way);
//! otherwise it reads commands from fd 0 line by line, collecting lines while the input is
//! incomplete (an open quote, `if` without `fi`). A non-interactive shell exits with status 2
//! on a syntax error.
//!
//! Interactivity: the shell is interactive when given `-i`, or when it reads commands from
//! fd 0 and fd 0 is a terminal (`fstat` reports a character device). Only then does it print
//! a prompt on fd 2 before each command (`$ `, or `# ` for uid 0; `> ` for continuation
//! lines) and announce `&` jobs. Input from a pipe or file gets no prompt, and is read a byte
//! at a time so commands the shell runs see the rest of it.
//!
//! Supported: simple commands, pipelines (each stage a child process), `&&` `||` `;` `&`,
//! `!`, redirections (`<` `>` `>>` `<>` `N>&M` `N>&-` `&>` here-documents and here-strings),
//! quoting, parameter expansion (see [`param`]), `$(...)` and backquotes, `$(( ))`,
//! pathname expansion, assignments (`X=1`, `X=1 cmd`), `if`/`for`/`while`/`until`/`case`,
//! `{ }`, `( )`, `(( ))`, functions, the builtins of [`builtins`], and job control (below).
//! Not supported: `set` options, arrays, `[[ ]]`, process substitution, aliases. A command
//! that is not found prints `sh: NAME: not found` (status 127). Field splitting always uses
//! space, tab and newline (`IFS` is not consulted). Background jobs keep the shell's stdin.
//! `X=1 cmd` puts X in a program's environment only, but sets it for good before a builtin
//! or a function.
//!
//! Job control (see [`terminal`]) is on when the shell is interactive, reads fd 0, and fd 0
//! is its controlling terminal: each pipeline, program, `( )` and `&` list is a job in a
//! process group of its own; a foreground job gets the terminal while the shell waits for
//! it, so ^C and ^Z reach only it; `jobs`, `fg`, `bg`, `wait` and `kill %N` manage jobs
//! ([`jobbuiltins`]). Before each prompt the shell reports jobs that finished or stopped
//! (`[1]+  Done                    sleep 1`). ^C at the prompt discards the line and prints
//! a fresh prompt. `exit` (or end of input) with stopped jobs warns `There are stopped
//! jobs.` once; the next one exits and hangs the stopped jobs up (`SIGHUP`, `SIGCONT`).
//! Without job control (scripts, `sh -c`, input from a pipe) nothing of this changes how
//! commands run; `&` jobs are still listed by `jobs` and waited for by `wait`.
//!
//! A login shell (`-l`, or `argv[0]` starting with `-`) first runs `$HOME/.profile` (see
//! [`login`]).
//!
//! # Layout
//! - [`shell`]: state, variables, control flow; [`parse`]: text to AST.
//! - [`exec`]: lists, and-or lists, pipelines; [`compound`]: `if`, loops, `case`;
//!   [`simple`]: simple commands; [`jobs`]: child shells, `&`, `$(...)`.
//! - [`jobtable`]: the job table and job specs; [`jobwait`]: running jobs in the foreground
//!   and noticing background ones; [`terminal`]: the controlling terminal, process groups and
//!   signals under job control; [`login`]: login shells.
//! - [`expand`], [`param`], [`arith`], [`pattern`], [`glob`]: word expansion.
//! - [`redirect`]: redirections as a logical-to-real fd map.
//! - [`builtins`], [`nsbuiltins`], [`jobbuiltins`]: builtins.

mod arith;
mod builtins;
mod compound;
mod exec;
mod expand;
mod glob;
mod jobbuiltins;
mod jobs;
mod jobtable;
mod jobwait;
mod login;
mod nsbuiltins;
mod param;
mod parse;
mod pattern;
mod redirect;
mod shell;
mod simple;
mod terminal;

use brush_parser::ast::Program;
use warren_kernel::{ExitStatus, Fd, ProcContext};
use warren_proto::Errno;

use crate::util::{is_tty, read_file, say, LineReader};
use parse::{parse, parse_complete, ParseFail};
use shell::{Ctl, Shell, State};
use terminal::{drain_signals, Terminal};

/// Where the commands come from.
#[derive(Debug, PartialEq, Eq)]
enum Source {
    Command(String),
    File(String),
    Stdin,
}

/// A parsed command line: the source, `$0` and the positional parameters, `-i`, and
/// whether it is a login shell (`-l`, or `argv[0]` starting with `-`).
#[derive(Debug, PartialEq, Eq)]
struct Invocation {
    source: Source,
    args: Vec<String>,
    interactive: bool,
    login: bool,
}

/// Run the shell. Exits with the status of the last command, the `exit` builtin's, 2 for a
/// syntax error or bad usage, 127 for a script that cannot be read.
pub async fn main(ctx: ProcContext) -> ExitStatus {
    let inv = match invocation(ctx.argv()) {
        Ok(inv) => inv,
        Err(m) => {
            say(&ctx, &format!("sh: {m}")).await;
            return ExitStatus(2);
        }
    };
    let interactive =
        inv.interactive || (inv.source == Source::Stdin && is_tty(&ctx, Fd::STDIN).await);
    let state = State {
        vars: Default::default(),
        args: inv.args,
        status: 0,
        funcs: Default::default(),
        last_bg: None,
        pid: ctx.pid(),
    };
    let mut sh = Shell::new(ctx, state);
    sh.interactive = interactive;
    if let Err(status) = prepare(&mut sh, &inv.source, inv.login).await {
        return ExitStatus(status);
    }
    let status = match inv.source {
        Source::Command(text) => run_text(&mut sh, &text).await,
        Source::File(path) => match read_file(&sh.ctx, &path).await {
            Ok(data) => run_text(&mut sh, &String::from_utf8_lossy(&data)).await,
            Err(e) => {
                sh.err(&format!("{path}: {e}")).await;
                127
            }
        },
        Source::Stdin => repl(&mut sh).await,
    };
    ExitStatus(status)
}

/// Before the first command: mark fds 0-2 that are not open as closed, turn job control on
/// (an interactive shell reading fd 0), and run a login shell's profile.
///
/// # Errors
/// The status to exit with when the profile runs `exit`.
async fn prepare(sh: &mut Shell, source: &Source, login: bool) -> Result<(), u8> {
    for n in 0..3 {
        if sh.ctx.fstat(Fd(n)).await == Err(Errno::EBADF) {
            sh.fds.set(n, None);
        }
    }
    if sh.interactive && *source == Source::Stdin {
        sh.term = Terminal::acquire(&sh.ctx).await;
    }
    if login {
        if let Err(Ctl::Exit(status)) = sh.profile().await {
            return Err(status);
        }
    }
    Ok(())
}

fn invocation(argv: &[String]) -> Result<Invocation, String> {
    let (mut command, mut interactive) = (false, false);
    let mut login = argv.first().is_some_and(|a| a.starts_with('-'));
    let mut i = 1;
    while let Some(arg) = argv.get(i).filter(|a| a.starts_with('-') && a.len() > 1) {
        i += 1;
        if arg == "--" {
            break;
        }
        for c in arg[1..].chars() {
            match c {
                'c' => command = true,
                'i' => interactive = true,
                'l' => login = true,
                's' => {}
                _ => return Err(format!("-{c}: invalid option")),
            }
        }
    }
    let name = argv.first().cloned().unwrap_or_else(|| "sh".into());
    if command {
        let text = argv.get(i).ok_or("-c: option requires an argument")?;
        let mut args = vec![argv.get(i + 1).cloned().unwrap_or(name)];
        args.extend(argv.iter().skip(i + 2).cloned());
        return Ok(Invocation {
            source: Source::Command(text.clone()),
            args,
            interactive,
            login,
        });
    }
    match argv.get(i) {
        Some(file) => Ok(Invocation {
            source: Source::File(file.clone()),
            args: argv[i..].to_vec(),
            interactive,
            login,
        }),
        None => Ok(Invocation {
            source: Source::Stdin,
            args: vec![name],
            interactive,
            login,
        }),
    }
}

/// Run a complete program text (`-c`, a script): status 2 on a syntax error.
async fn run_text(sh: &mut Shell, text: &str) -> u8 {
    match parse_complete(text) {
        Ok(program) => {
            let result = sh.program(&program).await;
            jobs::status_of(result, sh.st.status)
        }
        Err(m) => {
            sh.err(&format!("syntax error: {m}")).await;
            2
        }
    }
}

/// What reading the next command from fd 0 yielded.
enum Input {
    Program(Program),
    SyntaxError,
    ReadError,
    End,
}

/// Read and run commands from fd 0 until end of file or `exit`.
async fn repl(sh: &mut Shell) -> u8 {
    let mut reader = if sh.interactive {
        LineReader::new(Fd::STDIN)
    } else {
        LineReader::bytewise(Fd::STDIN)
    };
    loop {
        match next_program(sh, &mut reader).await {
            Input::Program(program) => match sh.program(&program).await {
                Err(Ctl::Exit(status)) if sh.may_exit().await => return status,
                Err(Ctl::Exit(_)) => {}
                _ => sh.exit_warned = false,
            },
            Input::SyntaxError => {
                sh.st.status = 2;
                if !sh.interactive {
                    return 2;
                }
            }
            Input::ReadError => return 1,
            Input::End if sh.may_exit().await => return sh.st.status,
            Input::End => {}
        }
    }
}

impl Shell {
    /// Whether the shell may exit now: with job control and stopped jobs, the first try
    /// only warns `There are stopped jobs.`; leaving hangs the stopped jobs up.
    async fn may_exit(&mut self) -> bool {
        if self.term.is_some() && self.has_stopped_jobs() {
            if !self.exit_warned {
                self.exit_warned = true;
                self.err_plain("There are stopped jobs.").await;
                return false;
            }
            self.hang_up_stopped_jobs();
        }
        true
    }
}

/// Print the prompt on fd 2: `$ `, `# ` for uid 0, `> ` for a `continuation` line. Before a
/// new command, first report what background jobs did (see [`jobwait`]).
async fn prompt(sh: &mut Shell, continuation: bool) {
    if !continuation {
        drain_signals(&sh.ctx);
        sh.notify_jobs().await;
    }
    let prompt = match (continuation, sh.ctx.uid().0) {
        (true, _) => "> ",
        (false, 0) => "# ",
        (false, _) => "$ ",
    };
    let _ = sh.ctx.write_all(Fd::STDERR, prompt).await;
}

/// Read lines (prompting when interactive) until they parse as a complete program.
async fn next_program(sh: &mut Shell, reader: &mut LineReader) -> Input {
    let mut text = String::new();
    loop {
        if sh.interactive {
            prompt(sh, !text.is_empty()).await;
        }
        let line = match reader.next_line(&sh.ctx).await {
            Ok(Some(line)) => line,
            Ok(None) if text.is_empty() => return Input::End,
            Ok(None) => {
                sh.err("syntax error: unexpected end of file").await;
                return Input::SyntaxError;
            }
            Err(Errno::EINTR) if sh.interactive => {
                drain_signals(&sh.ctx);
                text.clear();
                continue;
            }
            Err(e) => {
                sh.err(&format!("read: {e}")).await;
                return Input::ReadError;
            }
        };
        text.push_str(&String::from_utf8_lossy(&line));
        match parse(&text) {
            Err(ParseFail::Incomplete) => continue,
            Err(ParseFail::Syntax(m)) => {
                sh.err(&format!("syntax error: {m}")).await;
                return Input::SyntaxError;
            }
            Ok(program) => return Input::Program(program),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inv(args: &[&str]) -> Result<Invocation, String> {
        invocation(&args.iter().map(|a| a.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn command_file_and_stdin_invocations_parse() {
        let i = inv(&["sh", "-c", "echo $1", "name", "x"]).unwrap();
        assert_eq!(i.source, Source::Command("echo $1".into()));
        assert_eq!(i.args, vec!["name", "x"]);
        let i = inv(&["sh", "script", "a"]).unwrap();
        assert_eq!(
            (i.source, i.args),
            (
                Source::File("script".into()),
                vec!["script".into(), "a".into()]
            )
        );
        let i = inv(&["sh", "-i"]).unwrap();
        assert!(i.interactive && i.source == Source::Stdin && !i.login);
        assert!(inv(&["sh", "-l"]).unwrap().login);
        assert!(inv(&["-sh"]).unwrap().login);
        assert!(inv(&["sh", "-c"]).is_err());
        assert!(inv(&["sh", "-z"]).is_err());
    }
}
