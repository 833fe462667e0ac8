//! Evaluation of programs, lists, and-or lists, pipelines and command dispatch.

use std::sync::Arc;

use brush_parser::ast::{
    AndOr, AndOrList, Command, CompoundList, CompoundListItem, Pipeline, Program, SeparatorOperator,
};
use warren_kernel::{Fd, Pgid, Pid};

use super::jobs::Job;
use super::jobtable::commands_text;
use super::redirect::FdMap;
use super::shell::{BoxFut, Ctl, Exec, Shell};

impl Shell {
    /// Run every complete command of `program` in order; the last status.
    pub(crate) async fn program(&mut self, program: &Program) -> Exec {
        for list in &program.complete_commands {
            self.list(list).await?;
        }
        Ok(self.st.status)
    }

    /// Run a compound list: `a; b` in sequence, `a &` in the background.
    pub(crate) fn list<'a>(&'a mut self, list: &'a CompoundList) -> BoxFut<'a, Exec> {
        Box::pin(async move {
            for CompoundListItem(item, separator) in &list.0 {
                match separator {
                    SeparatorOperator::Async => self.background(item).await,
                    SeparatorOperator::Sequence => {
                        self.and_or(item).await?;
                    }
                }
            }
            Ok(self.st.status)
        })
    }

    /// `a && b || c`: each pipeline runs only if the previous status allows it.
    pub(crate) async fn and_or(&mut self, list: &AndOrList) -> Exec {
        let mut status = self.pipeline(&list.first).await?;
        for next in &list.additional {
            let (run, pipeline) = match next {
                AndOr::And(p) => (status == 0, p),
                AndOr::Or(p) => (status != 0, p),
            };
            if run {
                status = self.pipeline(pipeline).await?;
            }
        }
        Ok(status)
    }

    /// A pipeline: one command runs in this shell; several run as child shells joined by
    /// pipes, and the status is the last one's (`!` negates it).
    async fn pipeline(&mut self, pipeline: &Pipeline) -> Exec {
        let status = match pipeline.seq.as_slice() {
            [one] => self.command(one).await?,
            stages => self.stages(stages).await,
        };
        let status = if pipeline.bang {
            u8::from(status == 0)
        } else {
            status
        };
        self.st.status = status;
        if std::mem::take(&mut self.interrupted) {
            return Err(Ctl::Interrupt);
        }
        Ok(status)
    }

    /// Several stages joined by pipes, each in a child shell; with job control they are one
    /// foreground job (the first stage's pid is the group id).
    async fn stages(&mut self, stages: &[Command]) -> u8 {
        let mut children = Vec::with_capacity(stages.len());
        let mut input: Option<Fd> = None;
        let mut pgid = None;
        for (i, stage) in stages.iter().enumerate() {
            let (next_input, output) = if i + 1 == stages.len() {
                (None, None)
            } else {
                match self.ctx.pipe().await {
                    Ok((r, w)) => (Some(r), Some(w)),
                    Err(e) => {
                        self.err(&format!("pipe: {e}")).await;
                        children.push(Err(1));
                        break;
                    }
                }
            };
            let map = self.stage_map(input, output);
            let job = Job::Command(stage.clone());
            children.push(self.fork_member(&map, job, &mut pgid, true).await);
            for fd in [input, output].into_iter().flatten() {
                let _ = self.ctx.close(fd).await;
            }
            input = next_input;
        }
        if let Some(r) = input {
            let _ = self.ctx.close(r).await;
        }
        if self.term.is_some() {
            return self
                .foreground_stages(children, commands_text(stages))
                .await;
        }
        let mut status = 1;
        for child in children {
            status = match child {
                Ok(pid) => self.wait_status(pid).await,
                Err(s) => s,
            };
        }
        status
    }

    /// The fds of a pipeline stage: the shell's, with stdin from `input` and stdout to
    /// `output` when given.
    fn stage_map(&self, input: Option<Fd>, output: Option<Fd>) -> FdMap {
        let mut map = self.fds.clone();
        if let Some(r) = input {
            map.set(0, Some(r));
        }
        if let Some(w) = output {
            map.set(1, Some(w));
        }
        map
    }

    /// Wait for the forked stages of a pipeline as one foreground job named `text`.
    async fn foreground_stages(&mut self, children: Vec<Result<Pid, u8>>, text: String) -> u8 {
        let pids: Vec<Pid> = children
            .iter()
            .filter_map(|c| c.as_ref().ok().copied())
            .collect();
        let last_failed = match children.last() {
            Some(Err(s)) => Some(*s),
            _ => None,
        };
        let pgid = pids.first().map(|p| Pgid(p.0));
        let status = if pids.is_empty() {
            1
        } else {
            let id = self.jobs.add(pgid, &pids, text);
            self.foreground(id).await
        };
        last_failed.unwrap_or(status)
    }

    /// Run one command: simple, compound (with its redirections), a function definition.
    pub(crate) fn command<'a>(&'a mut self, command: &'a Command) -> BoxFut<'a, Exec> {
        Box::pin(async move {
            match command {
                Command::Simple(simple) => self.simple(simple).await,
                Command::Compound(compound, redirects) => {
                    let redirs: Vec<_> = redirects.iter().flat_map(|r| r.0.iter()).collect();
                    let scope = match self.push_redirects(&redirs).await {
                        Ok(scope) => scope,
                        Err(status) => return Ok(status),
                    };
                    let result = self.compound(compound).await;
                    self.pop_redirects(scope).await;
                    result
                }
                Command::Function(def) => {
                    self.st
                        .funcs
                        .insert(def.fname.value.clone(), Arc::new(def.body.clone()));
                    Ok(0)
                }
                Command::ExtendedTest(..) => {
                    self.err("[[: not supported; use [ or test").await;
                    Ok(2)
                }
            }
        })
    }
}
