//! `sh`: Warren's shell. Parses with brush-parser (bash syntax) and runs the AST on Warren
//! processes.
//!
//! Usage: `sh [-i] [-c COMMAND [NAME [ARG...]] | FILE [ARG...]]`. With `-c` it runs one
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
//! `{ }`, `( )`, `(( ))`, functions, and the builtins of [`builtins`]. Not supported: job
//! control, `set` options, arrays, `[[ ]]`, process substitution, aliases. A command that
//! is not found prints `sh: NAME: not found` (status 127). Field splitting always uses
//! space, tab and newline (`IFS` is not consulted). Background jobs keep the shell's stdin.
//! `X=1 cmd` puts X in a program's environment only, but sets it for good before a builtin
//! or a function.
//!
//! # Layout
//! - [`shell`]: state, variables, control flow; [`parse`]: text to AST.
//! - [`exec`]: lists, and-or lists, pipelines; [`compound`]: `if`, loops, `case`;
//!   [`simple`]: simple commands; [`jobs`]: child shells, `&`, `$(...)`, `wait`.
//! - [`expand`], [`param`], [`arith`], [`pattern`], [`glob`]: word expansion.
//! - [`redirect`]: redirections as a logical-to-real fd map.
//! - [`builtins`], [`nsbuiltins`]: builtins.

mod arith;
mod builtins;
mod compound;
mod exec;
mod expand;
mod glob;
mod jobs;
mod nsbuiltins;
mod param;
mod parse;
mod pattern;
mod redirect;
mod shell;
mod simple;

use brush_parser::ast::Program;
use warren_kernel::{ExitStatus, Fd, ProcContext};
use warren_proto::Errno;

use crate::util::{is_tty, read_file, say, LineReader};
use parse::{parse, parse_complete, ParseFail};
use shell::{Ctl, Shell, State};

/// Where the commands come from.
#[derive(Debug, PartialEq, Eq)]
enum Source {
    Command(String),
    File(String),
    Stdin,
}

/// A parsed command line: the source, `$0` and the positional parameters, and `-i`.
#[derive(Debug, PartialEq, Eq)]
struct Invocation {
    source: Source,
    args: Vec<String>,
    interactive: bool,
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
    for n in 0..3 {
        if sh.ctx.fstat(Fd(n)).await == Err(Errno::EBADF) {
            sh.fds.set(n, None);
        }
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

fn invocation(argv: &[String]) -> Result<Invocation, String> {
    let (mut command, mut interactive) = (false, false);
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
        });
    }
    match argv.get(i) {
        Some(file) => Ok(Invocation {
            source: Source::File(file.clone()),
            args: argv[i..].to_vec(),
            interactive,
        }),
        None => Ok(Invocation {
            source: Source::Stdin,
            args: vec![name],
            interactive,
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
            Input::Program(program) => {
                if let Err(Ctl::Exit(status)) = sh.program(&program).await {
                    return status;
                }
            }
            Input::SyntaxError => {
                sh.st.status = 2;
                if !sh.interactive {
                    return 2;
                }
            }
            Input::ReadError => return 1,
            Input::End => return sh.st.status,
        }
    }
}

/// Read lines (prompting when interactive) until they parse as a complete program.
async fn next_program(sh: &mut Shell, reader: &mut LineReader) -> Input {
    let mut text = String::new();
    loop {
        if sh.interactive {
            let prompt = match (text.is_empty(), sh.ctx.uid().0) {
                (false, _) => "> ",
                (true, 0) => "# ",
                (true, _) => "$ ",
            };
            let _ = sh.ctx.write_all(Fd::STDERR, prompt).await;
        }
        let line = match reader.next_line(&sh.ctx).await {
            Ok(Some(line)) => line,
            Ok(None) if text.is_empty() => return Input::End,
            Ok(None) => {
                sh.err("syntax error: unexpected end of file").await;
                return Input::SyntaxError;
            }
            Err(Errno::EINTR) if sh.interactive => {
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
        assert!(i.interactive && i.source == Source::Stdin);
        assert!(inv(&["sh", "-c"]).is_err());
        assert!(inv(&["sh", "-z"]).is_err());
    }
}
