//! Builtins: commands that must change the shell itself (POSIX 2.14 and 2.15), plus
//! Plan 9's namespace commands (see [`super::nsbuiltins`]) and the job builtins (see
//! [`super::jobbuiltins`]).

use warren_proto::Errno;

use super::jobwait::INTERRUPTED_STATUS;
use super::parse::parse_complete;
use super::shell::{is_name, Ctl, Exec, Shell};
use super::terminal::drain_signals;
use crate::util::{read_file, LineReader};

/// Every builtin's name.
const BUILTINS: &[&str] = &[
    "cd", "pwd", "export", "unset", "exit", "wait", "true", "false", ":", ".", "source", "set",
    "shift", "break", "continue", "return", "read", "mount", "bind", "unmount", "jobs", "fg", "bg",
    "kill",
];

/// Whether `name` is a builtin (looked up before `$PATH`; functions come first).
pub(crate) fn is_builtin(name: &str) -> bool {
    BUILTINS.contains(&name)
}

impl Shell {
    /// Run the builtin `argv[0]`.
    pub(crate) async fn builtin(&mut self, argv: &[String]) -> Exec {
        let args = &argv[1..];
        Ok(match argv[0].as_str() {
            "cd" => self.cd(args).await,
            "pwd" => u8::from(self.out(format!("{}\n", self.ctx.cwd())).await.is_err()),
            "export" => self.export(args).await,
            "unset" => {
                args.iter().for_each(|a| self.unset_var(a));
                0
            }
            "exit" => {
                return Err(Ctl::Exit(
                    self.number_arg("exit", args, self.st.status).await?,
                ))
            }
            "return" => {
                return Err(Ctl::Return(
                    self.number_arg("return", args, self.st.status).await?,
                ))
            }
            "break" => {
                return Err(Ctl::Break(
                    self.number_arg("break", args, 1).await?.max(1).into(),
                ))
            }
            "continue" => {
                return Err(Ctl::Continue(
                    self.number_arg("continue", args, 1).await?.max(1).into(),
                ))
            }
            "wait" => self.wait_builtin(args).await,
            "jobs" => self.jobs_builtin(args).await,
            "fg" => self.fg_builtin(args).await,
            "bg" => self.bg_builtin(args).await,
            "kill" => self.kill_builtin(argv.to_vec()).await,
            "true" | ":" => 0,
            "false" => 1,
            "." | "source" => return self.source(args).await,
            "set" => self.set(args).await,
            "shift" => self.shift(args).await,
            "read" => self.read(args).await,
            _ => self.ns_builtin(argv).await,
        })
    }

    /// The numeric operand of `exit`/`return`/`break`/`continue` (mod 256), or `default`.
    /// A non-number is an error that exits with status 2, as POSIX shells do.
    async fn number_arg(&self, name: &str, args: &[String], default: u8) -> Result<u8, Ctl> {
        let Some(arg) = args.first() else {
            return Ok(default);
        };
        match arg.parse::<i64>() {
            Ok(n) => Ok((n & 0xff) as u8),
            Err(_) => {
                self.err(&format!("{name}: {arg}: numeric argument required"))
                    .await;
                Err(Ctl::Exit(2))
            }
        }
    }

    /// `cd [DIR | -]`: change directory (default `$HOME`), keeping `PWD` and `OLDPWD`.
    async fn cd(&mut self, args: &[String]) -> u8 {
        let target = match args.first().map(String::as_str) {
            Some("-") => self.var("OLDPWD"),
            Some(dir) => Some(dir.to_string()),
            None => self.var("HOME"),
        };
        let Some(target) = target else {
            self.err("cd: HOME not set").await;
            return 1;
        };
        let old = self.ctx.cwd();
        if let Err(e) = self.ctx.chdir(&target).await {
            self.err(&format!("cd: {target}: {e}")).await;
            return 1;
        }
        self.set_var("OLDPWD", &old);
        self.set_var("PWD", &self.ctx.cwd());
        if args.first().is_some_and(|a| a == "-") {
            let _ = self.out(format!("{}\n", self.ctx.cwd())).await;
        }
        0
    }

    /// `export [NAME[=VALUE]...]`; without operands, print the environment as commands.
    async fn export(&mut self, args: &[String]) -> u8 {
        if args.is_empty() || args[0] == "-p" {
            let text: String = self
                .ctx
                .environ()
                .iter()
                .map(|(k, v)| format!("export {k}='{v}'\n"))
                .collect();
            return u8::from(self.out(text).await.is_err());
        }
        let mut status = 0;
        for arg in args {
            let (name, value) = match arg.split_once('=') {
                Some((n, v)) => (n, Some(v)),
                None => (arg.as_str(), None),
            };
            if is_name(name) {
                self.export_var(name, value);
            } else {
                self.err(&format!("export: `{arg}': not a valid identifier"))
                    .await;
                status = 1;
            }
        }
        status
    }

    /// `set [--] [ARG...]`: replace the positional parameters; without operands, print the
    /// variables. Options (`-e`, `-x`, ...) are not supported (status 2).
    async fn set(&mut self, args: &[String]) -> u8 {
        if args.is_empty() {
            let mut vars: Vec<(String, String)> = self.ctx.environ();
            vars.extend(self.st.vars.iter().map(|(k, v)| (k.clone(), v.clone())));
            vars.sort();
            let text: String = vars.iter().map(|(k, v)| format!("{k}='{v}'\n")).collect();
            return u8::from(self.out(text).await.is_err());
        }
        let rest = match args[0].as_str() {
            "--" => &args[1..],
            a if a.starts_with('-') || a.starts_with('+') => {
                self.err(&format!("set: {a}: option not supported")).await;
                return 2;
            }
            _ => args,
        };
        self.st.args.truncate(1);
        self.st.args.extend_from_slice(rest);
        0
    }

    /// `shift [N]`: drop the first N positional parameters (1 by default).
    async fn shift(&mut self, args: &[String]) -> u8 {
        let n = match args.first().map(|a| a.parse::<usize>()) {
            None => 1,
            Some(Ok(n)) => n,
            Some(Err(_)) => {
                self.err(&format!("shift: {}: numeric argument required", args[0]))
                    .await;
                return 2;
            }
        };
        if n + 1 > self.st.args.len() {
            return 1;
        }
        self.st.args.drain(1..=n);
        0
    }

    /// `read [-r] [NAME...]`: read one line from the logical stdin (a byte at a time, so no
    /// input past it is consumed) and split it on blanks into the names (the last takes the
    /// rest; default `REPLY`). Backslashes are always literal (`-r`). Status 1 at end of file,
    /// 130 when ^C interrupts it (job control).
    async fn read(&mut self, args: &[String]) -> u8 {
        let names: Vec<&String> = args.iter().filter(|a| *a != "-r").collect();
        let Some(fd) = self.fds.resolve(0) else {
            return 1;
        };
        let mut reader = LineReader::bytewise(fd);
        let line = match reader.next_line(&self.ctx).await {
            Ok(Some(line)) => line,
            Ok(None) => return 1,
            Err(Errno::EINTR) => {
                drain_signals(&self.ctx);
                self.interrupted = true;
                return INTERRUPTED_STATUS;
            }
            Err(e) => {
                self.err(&format!("read: {e}")).await;
                return 1;
            }
        };
        let text = String::from_utf8_lossy(&line);
        let text = text.strip_suffix('\n').unwrap_or(&text);
        let default = "REPLY".to_string();
        let names = if names.is_empty() {
            vec![&default]
        } else {
            names
        };
        let mut rest = text.trim_start_matches([' ', '\t']);
        for (i, name) in names.iter().enumerate() {
            let value = if i + 1 == names.len() {
                std::mem::take(&mut rest).trim_end_matches([' ', '\t'])
            } else {
                let end = rest.find([' ', '\t']).unwrap_or(rest.len());
                let (field, tail) = rest.split_at(end);
                rest = tail.trim_start_matches([' ', '\t']);
                field
            };
            self.set_var(name, value);
        }
        0
    }

    /// `. FILE [ARG...]`: run FILE's commands in this shell (with ARGs as positional
    /// parameters while it runs). `return` ends it.
    pub(crate) async fn source(&mut self, args: &[String]) -> Exec {
        let Some(path) = args.first() else {
            self.err(".: filename argument required").await;
            return Ok(2);
        };
        let text = match read_file(&self.ctx, path).await {
            Ok(data) => String::from_utf8_lossy(&data).into_owned(),
            Err(e) => {
                self.err(&format!(".: {path}: {e}")).await;
                return Ok(1);
            }
        };
        let program = match parse_complete(&text) {
            Ok(p) => p,
            Err(m) => {
                self.err(&format!("{path}: syntax error: {m}")).await;
                return Ok(2);
            }
        };
        let saved = (args.len() > 1).then(|| {
            let mut new_args = vec![self.st.args.first().cloned().unwrap_or_default()];
            new_args.extend_from_slice(&args[1..]);
            std::mem::replace(&mut self.st.args, new_args)
        });
        let result = self.program(&program).await;
        if let Some(old) = saved {
            self.st.args = old;
        }
        match result {
            Err(Ctl::Return(s)) => Ok(s),
            other => other,
        }
    }
}
