//! Simple commands: assignments, expansion, then a function, a builtin, or a program.

use brush_parser::ast::{
    Assignment, AssignmentName, AssignmentValue, CommandPrefixOrSuffixItem, FunctionBody,
    IoRedirect, SimpleCommand, Word,
};
use warren_kernel::{Share, SpawnOptions};
use warren_proto::Errno;

use super::builtins::is_builtin;
use super::jobs::Job;
use super::shell::{Ctl, Exec, Shell};

/// The parts of a simple command, in source order within each kind.
#[derive(Default)]
struct Parts<'a> {
    assignments: Vec<&'a Assignment>,
    words: Vec<Word>,
    redirects: Vec<&'a IoRedirect>,
}

fn split(cmd: &SimpleCommand) -> Result<Parts<'_>, String> {
    let mut parts = Parts::default();
    let prefix = cmd.prefix.iter().flat_map(|p| p.0.iter());
    for item in prefix {
        match item {
            CommandPrefixOrSuffixItem::AssignmentWord(a, _) => parts.assignments.push(a),
            CommandPrefixOrSuffixItem::IoRedirect(r) => parts.redirects.push(r),
            CommandPrefixOrSuffixItem::Word(w) => parts.words.push(w.clone()),
            CommandPrefixOrSuffixItem::ProcessSubstitution(..) => {
                return Err("process substitution is not supported".into());
            }
        }
    }
    parts.words.extend(cmd.word_or_name.iter().cloned());
    for item in cmd.suffix.iter().flat_map(|s| s.0.iter()) {
        match item {
            CommandPrefixOrSuffixItem::IoRedirect(r) => parts.redirects.push(r),
            CommandPrefixOrSuffixItem::Word(w)
            | CommandPrefixOrSuffixItem::AssignmentWord(_, w) => parts.words.push(w.clone()),
            CommandPrefixOrSuffixItem::ProcessSubstitution(..) => {
                return Err("process substitution is not supported".into());
            }
        }
    }
    Ok(parts)
}

impl Shell {
    /// Run a simple command (POSIX 2.9.1): expand words and assignment values, apply the
    /// redirections, then run a function, a builtin or a program found through `$PATH`.
    /// Without a command word the assignments set shell variables and the status is the last
    /// command substitution's (or 0). Assignments before a function or builtin stay set
    /// afterwards (as POSIX says for special builtins); before a program they are only in its
    /// environment.
    pub(crate) async fn simple(&mut self, cmd: &SimpleCommand) -> Exec {
        self.last_subst = None;
        let expanded = match split(cmd) {
            Ok(parts) => self
                .expand_parts(&parts)
                .await
                .map(|(argv, env)| (parts, argv, env)),
            Err(m) => Err(m),
        };
        let (parts, argv, env) = match expanded {
            Ok(x) => x,
            Err(m) => {
                self.err(&m).await;
                return Ok(1);
            }
        };
        if argv.is_empty() {
            for (k, v) in &env {
                self.set_var(k, v);
            }
        }
        let scope = match self.push_redirects(&parts.redirects).await {
            Ok(scope) => scope,
            Err(status) => return Ok(status),
        };
        let result = if argv.is_empty() {
            Ok(self.last_subst.unwrap_or(0))
        } else {
            self.run_argv(argv, env).await
        };
        self.pop_redirects(scope).await;
        result
    }

    async fn expand_parts(
        &mut self,
        parts: &Parts<'_>,
    ) -> Result<(Vec<String>, Vec<(String, String)>), String> {
        let mut env = Vec::new();
        for a in &parts.assignments {
            let AssignmentName::VariableName(name) = &a.name else {
                return Err(format!("{}: arrays are not supported", a.name));
            };
            let AssignmentValue::Scalar(word) = &a.value else {
                return Err(format!("{name}: arrays are not supported"));
            };
            let mut value = self.expand_one(&word.value).await?;
            if a.append {
                value = self.var(name).unwrap_or_default() + &value;
            }
            env.push((name.clone(), value));
        }
        let argv = self.expand_fields(&parts.words).await?;
        Ok((argv, env))
    }

    async fn run_argv(&mut self, argv: Vec<String>, env: Vec<(String, String)>) -> Exec {
        let function = self.st.funcs.get(&argv[0]).cloned();
        if function.is_none() && !is_builtin(&argv[0]) {
            return Ok(self.external(argv, env).await);
        }
        for (k, v) in &env {
            self.set_var(k, v);
        }
        match function {
            Some(body) => self.call_function(&body, &argv).await,
            None => self.builtin(&argv).await,
        }
    }

    /// Run a function body with `argv[1..]` as the positional parameters.
    async fn call_function(&mut self, body: &FunctionBody, argv: &[String]) -> Exec {
        let mut args = vec![self.st.args.first().cloned().unwrap_or_default()];
        args.extend_from_slice(&argv[1..]);
        let saved = std::mem::replace(&mut self.st.args, args);
        let redirs: Vec<_> = body.1.iter().flat_map(|r| r.0.iter()).collect();
        let result = match self.push_redirects(&redirs).await {
            Ok(scope) => {
                let r = self.compound(&body.0).await;
                self.pop_redirects(scope).await;
                r
            }
            Err(status) => Ok(status),
        };
        self.st.args = saved;
        match result {
            Err(Ctl::Return(s)) => Ok(s),
            other => other,
        }
    }

    /// Spawn `argv` (the kernel searches `$PATH`) with the mapped fds and `env` added, and
    /// wait for it. 127 if it is not found, 126 if it cannot be run. With job control it
    /// runs as a foreground job of its own (a fork that joins the job, then `exec`s).
    pub(crate) async fn external(&mut self, argv: Vec<String>, env: Vec<(String, String)>) -> u8 {
        if self.term.is_some() {
            let text = argv.join(" ");
            return self.foreground_process(Job::Exec(argv, env), text).await;
        }
        let opts = SpawnOptions {
            fds: Share::Fresh,
            fd_map: self.fds.spawn_map(),
            env_set: env,
            ..SpawnOptions::default()
        };
        let name = argv[0].clone();
        match self.ctx.spawn(argv, opts).await {
            Ok(pid) => self.wait_status(pid).await,
            Err(e) => self.not_run(&name, e).await,
        }
    }

    /// Report that program `name` could not be started with `e`: `sh: NAME: not found`
    /// and 127 for `ENOENT`, `sh: NAME: strerror` and 126 otherwise.
    pub(crate) async fn not_run(&self, name: &str, e: Errno) -> u8 {
        if e == Errno::ENOENT {
            self.err(&format!("{name}: not found")).await;
            127
        } else {
            self.err(&format!("{name}: {e}")).await;
            126
        }
    }
}
