//! Compound commands: `{ }`, `( )`, `if`, `for`, `while`/`until`, `case`, `(( ))` and the
//! arithmetic `for (( ; ; ))`.

use brush_parser::ast::{
    ArithmeticForClauseCommand, CaseClauseCommand, CaseItemPostAction, CompoundCommand,
    ForClauseCommand, IfClauseCommand, WhileOrUntilClauseCommand,
};

use super::arith;
use super::pattern;
use super::shell::{Ctl, Exec, Shell};

/// What a loop does after its body raised a [`Ctl`].
enum Next {
    Go,
    Stop,
}

/// Handle `break`/`continue` inside a loop body: the loop's own level is consumed, deeper
/// levels propagate.
fn loop_control(result: Exec) -> Result<Next, Ctl> {
    match result {
        Ok(_) | Err(Ctl::Continue(1)) => Ok(Next::Go),
        Err(Ctl::Break(1)) => Ok(Next::Stop),
        Err(Ctl::Break(n)) => Err(Ctl::Break(n - 1)),
        Err(Ctl::Continue(n)) => Err(Ctl::Continue(n - 1)),
        Err(other) => Err(other),
    }
}

impl Shell {
    /// Run a compound command.
    pub(crate) async fn compound(&mut self, command: &CompoundCommand) -> Exec {
        let status = match command {
            CompoundCommand::BraceGroup(group) => self.list(&group.list).await?,
            CompoundCommand::Subshell(sub) => self.subshell(&sub.list).await,
            CompoundCommand::IfClause(clause) => self.if_clause(clause).await?,
            CompoundCommand::ForClause(clause) => self.for_clause(clause).await?,
            CompoundCommand::WhileClause(clause) => self.while_clause(clause, true).await?,
            CompoundCommand::UntilClause(clause) => self.while_clause(clause, false).await?,
            CompoundCommand::CaseClause(clause) => self.case_clause(clause).await?,
            CompoundCommand::Arithmetic(a) => match self.arith_text(&a.expr.value).await {
                Ok(n) => u8::from(n == 0),
                Err(m) => {
                    self.err(&m).await;
                    1
                }
            },
            CompoundCommand::ArithmeticForClause(clause) => self.arith_for(clause).await?,
            CompoundCommand::Coprocess(_) => {
                self.err("coproc: not supported").await;
                2
            }
        };
        self.st.status = status;
        Ok(status)
    }

    async fn if_clause(&mut self, clause: &IfClauseCommand) -> Exec {
        if self.list(&clause.condition).await? == 0 {
            return self.list(&clause.then).await;
        }
        for branch in clause.elses.iter().flatten() {
            let taken = match &branch.condition {
                Some(condition) => self.list(condition).await? == 0,
                None => true,
            };
            if taken {
                return self.list(&branch.body).await;
            }
        }
        Ok(0)
    }

    async fn for_clause(&mut self, clause: &ForClauseCommand) -> Exec {
        let values = match &clause.values {
            Some(words) => match self.expand_fields(words).await {
                Ok(v) => v,
                Err(m) => {
                    self.err(&m).await;
                    return Ok(1);
                }
            },
            None => self.st.args.iter().skip(1).cloned().collect(),
        };
        let mut status = 0;
        for value in values {
            self.set_var(&clause.variable_name, &value);
            let result = self.list(&clause.body.list).await;
            status = self.st.status;
            if let Next::Stop = loop_control(result)? {
                break;
            }
        }
        Ok(status)
    }

    async fn while_clause(&mut self, clause: &WhileOrUntilClauseCommand, want: bool) -> Exec {
        let mut status = 0;
        loop {
            let holds = self.list(&clause.0).await? == 0;
            if holds != want {
                break;
            }
            let result = self.list(&clause.1.list).await;
            status = self.st.status;
            if let Next::Stop = loop_control(result)? {
                break;
            }
        }
        Ok(status)
    }

    async fn case_clause(&mut self, clause: &CaseClauseCommand) -> Exec {
        let value = match self.expand_one(&clause.value.value).await {
            Ok(v) => v,
            Err(m) => {
                self.err(&m).await;
                return Ok(1);
            }
        };
        let mut status = 0;
        let mut fall_through = false;
        for item in &clause.cases {
            let mut hit = fall_through;
            for pat in &item.patterns {
                if hit {
                    break;
                }
                match self.expand_pattern(&pat.value).await {
                    Ok(p) => hit = pattern::matches(&p, &value),
                    Err(m) => self.err(&m).await,
                }
            }
            if !hit {
                continue;
            }
            if let Some(cmd) = &item.cmd {
                status = self.list(cmd).await?;
            }
            match item.post_action {
                CaseItemPostAction::ExitCase => break,
                CaseItemPostAction::UnconditionallyExecuteNextCaseItem => fall_through = true,
                CaseItemPostAction::ContinueEvaluatingCases => fall_through = false,
            }
        }
        Ok(status)
    }

    async fn arith_for(&mut self, clause: &ArithmeticForClauseCommand) -> Exec {
        let text = |e: &Option<brush_parser::ast::UnexpandedArithmeticExpr>| {
            e.as_ref()
                .map_or_else(|| "1".to_string(), |e| e.value.clone())
        };
        let (init, cond, step) = (
            text(&clause.initializer),
            text(&clause.condition),
            text(&clause.updater),
        );
        if let Err(m) = self.arith_text(&init).await {
            self.err(&m).await;
            return Ok(1);
        }
        let mut status = 0;
        loop {
            match self.arith_text(&cond).await {
                Ok(0) => break,
                Ok(_) => {}
                Err(m) => {
                    self.err(&m).await;
                    return Ok(1);
                }
            }
            let result = self.list(&clause.body.list).await;
            status = self.st.status;
            if let Next::Stop = loop_control(result)? {
                break;
            }
            if let Err(m) = self.arith_text(&step).await {
                self.err(&m).await;
                return Ok(1);
            }
        }
        Ok(status)
    }

    /// Expand `text` (parameters, command substitutions) and evaluate it arithmetically.
    ///
    /// # Errors
    /// The message of an expansion or arithmetic error.
    pub(crate) async fn arith_text(&mut self, text: &str) -> Result<i64, String> {
        let expanded = self.expand_one(text).await?;
        arith::eval_str(&expanded, self)
    }
}
