//! The job table: background and stopped jobs, their processes' states, job specs (`%1`,
//! `%+`, `%sleep`) and the lines `jobs` prints (bash's format).
//!
//! A job is what one pipeline or one `&` list started: its processes, their process group
//! (with job control; `None` without it) and the command text. Its state follows from its
//! processes': Running while any runs, Stopped when some stopped and none runs, Done when
//! all are done, with the last process's status (a pipeline's status is its last stage's).
//!
//! The current job (`+`, what `fg` and `bg` take without an operand) is the most recently
//! stopped job if there is one, else the most recently started or resumed one; the previous
//! job (`-`) is the next by the same rule. Source: POSIX `jobs` (XCU "jobs", "Job Control
//! Job ID"), bash's `jobs` output.

use brush_parser::ast::{AndOr, AndOrList, Command, Pipeline};
use warren_kernel::{Pgid, Pid};

/// What is known of one process of a job.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ProcState {
    /// Running (or not yet seen to stop or exit).
    Running,
    /// Stopped by a signal (`SIGTSTP`, `SIGSTOP`, `SIGTTIN`, `SIGTTOU`).
    Stopped,
    /// Exited with this status (128+N when killed by signal N), and reaped.
    Done(u8),
}

/// A job's state, derived from its processes'.
pub(crate) type JobState = ProcState;

/// One job.
#[derive(Clone, Debug)]
pub(crate) struct JobEntry {
    /// Its number, `N` in `%N` and `[N]`.
    pub id: usize,
    /// Its process group, with job control.
    pub pgid: Option<Pgid>,
    /// Its processes, the last stage last.
    pub procs: Vec<(Pid, ProcState)>,
    /// The command as typed (re-printed from the syntax tree).
    pub text: String,
    /// The state the user was last told about (notices go out when it changes).
    reported: JobState,
}

impl JobEntry {
    /// The job's state: Running if any process runs, Stopped if some stopped, else Done
    /// with the last process's status.
    pub(crate) fn state(&self) -> JobState {
        let states = || self.procs.iter().map(|(_, s)| *s);
        if states().any(|s| s == ProcState::Running) {
            ProcState::Running
        } else if states().any(|s| s == ProcState::Stopped) {
            ProcState::Stopped
        } else {
            match self.procs.last() {
                Some((_, ProcState::Done(n))) => ProcState::Done(*n),
                _ => ProcState::Done(0),
            }
        }
    }

    /// Mark every stopped process running again (after `SIGCONT`).
    pub(crate) fn resume(&mut self) {
        for (_, s) in &mut self.procs {
            if *s == ProcState::Stopped {
                *s = ProcState::Running;
            }
        }
    }

    /// Its processes not known to be done.
    pub(crate) fn live(&self) -> Vec<Pid> {
        self.procs
            .iter()
            .filter(|(_, s)| !matches!(s, ProcState::Done(_)))
            .map(|(p, _)| *p)
            .collect()
    }
}

/// The jobs of one shell.
#[derive(Debug, Default)]
pub(crate) struct JobTable {
    jobs: Vec<JobEntry>,
    /// Job numbers, the most recently started, stopped or resumed last.
    recent: Vec<usize>,
}

impl JobTable {
    /// Add a job of `procs` in `pgid` running `text`; its number.
    pub(crate) fn add(&mut self, pgid: Option<Pgid>, procs: &[Pid], text: String) -> usize {
        let id = self.jobs.iter().map(|j| j.id).max().unwrap_or(0) + 1;
        self.jobs.push(JobEntry {
            id,
            pgid,
            procs: procs.iter().map(|p| (*p, ProcState::Running)).collect(),
            text,
            reported: ProcState::Running,
        });
        self.recent.push(id);
        id
    }

    /// Whether there are no jobs.
    pub(crate) fn is_empty(&self) -> bool {
        self.jobs.is_empty()
    }

    /// Every job number, in order.
    pub(crate) fn ids(&self) -> Vec<usize> {
        self.jobs.iter().map(|j| j.id).collect()
    }

    /// Job `id`.
    pub(crate) fn get(&self, id: usize) -> Option<&JobEntry> {
        self.jobs.iter().find(|j| j.id == id)
    }

    /// Job `id`, to change.
    pub(crate) fn get_mut(&mut self, id: usize) -> Option<&mut JobEntry> {
        self.jobs.iter_mut().find(|j| j.id == id)
    }

    /// Forget job `id`.
    pub(crate) fn remove(&mut self, id: usize) {
        self.jobs.retain(|j| j.id != id);
        self.recent.retain(|r| *r != id);
    }

    /// Make job `id` the most recent (it was stopped or resumed).
    pub(crate) fn touch(&mut self, id: usize) {
        self.recent.retain(|r| *r != id);
        self.recent.push(id);
    }

    /// The job process `pid` belongs to.
    pub(crate) fn job_of(&self, pid: Pid) -> Option<usize> {
        let has = |j: &&JobEntry| j.procs.iter().any(|(p, _)| *p == pid);
        self.jobs.iter().find(has).map(|j| j.id)
    }

    /// Record that process `pid` is now `state`; whether it belongs to a job.
    pub(crate) fn mark(&mut self, pid: Pid, state: ProcState) -> bool {
        for job in &mut self.jobs {
            if let Some(slot) = job.procs.iter_mut().find(|(p, _)| *p == pid) {
                slot.1 = state;
                return true;
            }
        }
        false
    }

    /// Record that job `id`'s state has been reported to the user.
    pub(crate) fn reported(&mut self, id: usize) {
        if let Some(job) = self.get_mut(id) {
            job.reported = job.state();
        }
    }

    /// Jobs whose state became Stopped or Done since it was last reported.
    pub(crate) fn changed(&self) -> Vec<usize> {
        let news = |j: &&JobEntry| {
            let s = j.state();
            s != j.reported && s != ProcState::Running
        };
        self.jobs.iter().filter(news).map(|j| j.id).collect()
    }

    /// The current job (`%+`), then the previous one (`%-`).
    fn ranked(&self) -> (Option<usize>, Option<usize>) {
        let stopped = |id: &usize| {
            self.get(*id)
                .is_some_and(|j| j.state() == ProcState::Stopped)
        };
        let mut order: Vec<usize> = self.recent.iter().rev().copied().filter(stopped).collect();
        order.extend(self.recent.iter().rev().copied().filter(|id| !stopped(id)));
        (order.first().copied(), order.get(1).copied())
    }

    /// Which job a job spec names: `%%`, `%+` or `%` (current), `%-` (previous), `%N`
    /// (number N), `%STRING` (the job whose command starts with STRING), `%?STRING` (whose
    /// command contains it).
    ///
    /// # Errors
    /// `SPEC: no such job`, `SPEC: ambiguous job spec`.
    pub(crate) fn resolve(&self, spec: &str) -> Result<usize, String> {
        let none = || format!("{spec}: no such job");
        let body = spec.strip_prefix('%').unwrap_or(spec);
        let (current, previous) = self.ranked();
        let found = match body {
            "" | "%" | "+" => current,
            "-" => previous,
            n if n.bytes().all(|b| b.is_ascii_digit()) => {
                n.parse().ok().filter(|id| self.get(*id).is_some())
            }
            text => {
                let hits: Vec<usize> = match text.strip_prefix('?') {
                    Some(part) => self.matching(|t| t.contains(part)),
                    None => self.matching(|t| t.starts_with(text)),
                };
                if hits.len() > 1 {
                    return Err(format!("{spec}: ambiguous job spec"));
                }
                hits.first().copied()
            }
        };
        found.ok_or_else(none)
    }

    fn matching(&self, pred: impl Fn(&str) -> bool) -> Vec<usize> {
        self.jobs
            .iter()
            .filter(|j| pred(&j.text))
            .map(|j| j.id)
            .collect()
    }

    /// `jobs`'s line for job `id`: `[1]+  Running                 sleep 100 &`.
    pub(crate) fn line(&self, id: usize) -> String {
        let Some(job) = self.get(id) else {
            return String::new();
        };
        let (current, previous) = self.ranked();
        let mark = match Some(id) {
            m if m == current => '+',
            m if m == previous => '-',
            _ => ' ',
        };
        let state = job.state();
        let amp = if state == ProcState::Running {
            " &"
        } else {
            ""
        };
        format!("[{id}]{mark}  {:<24}{}{amp}", state_word(state), job.text)
    }

    /// What `bg` prints for job `id`: `[1]+ sleep 100 &`.
    pub(crate) fn bg_line(&self, id: usize) -> String {
        let mark = if self.ranked().0 == Some(id) {
            '+'
        } else {
            ' '
        };
        let text = self.get(id).map_or("", |j| j.text.as_str());
        format!("[{id}]{mark} {text} &")
    }
}

/// The word `jobs` shows for a state. A status of 128+N is shown as signal N's name for the
/// signals that usually end jobs (a status cannot tell an exit from a death).
fn state_word(state: JobState) -> String {
    let word = match state {
        ProcState::Running => "Running",
        ProcState::Stopped => "Stopped",
        ProcState::Done(0) => "Done",
        ProcState::Done(129) => "Hangup",
        ProcState::Done(130) => "Interrupt",
        ProcState::Done(131) => "Quit",
        ProcState::Done(137) => "Killed",
        ProcState::Done(141) => "Broken pipe",
        ProcState::Done(143) => "Terminated",
        ProcState::Done(n) => return format!("Exit {n}"),
    };
    word.to_string()
}

/// The text of a pipeline as `jobs` shows it: `a | b`, `! a`.
pub(crate) fn pipeline_text(pipeline: &Pipeline) -> String {
    let stages = commands_text(&pipeline.seq);
    if pipeline.bang {
        format!("! {stages}")
    } else {
        stages
    }
}

/// Commands joined by ` | `.
pub(crate) fn commands_text(commands: &[Command]) -> String {
    let texts: Vec<String> = commands.iter().map(|c| c.to_string()).collect();
    texts.join(" | ")
}

/// The text of an and-or list: `a && b || c`.
pub(crate) fn and_or_text(list: &AndOrList) -> String {
    let mut text = pipeline_text(&list.first);
    for next in &list.additional {
        let (op, p) = match next {
            AndOr::And(p) => ("&&", p),
            AndOr::Or(p) => ("||", p),
        };
        text.push_str(&format!(" {op} {}", pipeline_text(p)));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> JobTable {
        let mut t = JobTable::default();
        t.add(Some(Pgid(10)), &[Pid(10)], "sleep 100".into());
        t.add(Some(Pgid(11)), &[Pid(11), Pid(12)], "cat | wc".into());
        t
    }

    #[test]
    fn running_jobs_print_like_bash_with_current_and_previous_marks() {
        let t = table();
        assert_eq!(t.line(2), "[2]+  Running                 cat | wc &");
        assert_eq!(t.line(1), "[1]-  Running                 sleep 100 &");
    }

    #[test]
    fn a_stopped_job_becomes_current_and_drops_the_ampersand() {
        let mut t = table();
        assert!(t.mark(Pid(10), ProcState::Stopped));
        assert_eq!(t.resolve("%+"), Ok(1));
        assert_eq!(t.line(1), "[1]+  Stopped                 sleep 100");
    }

    #[test]
    fn pipeline_is_done_only_when_every_stage_is_with_the_last_status() {
        let mut t = table();
        t.mark(Pid(12), ProcState::Done(3));
        assert_eq!(t.get(2).map(JobEntry::state), Some(ProcState::Running));
        t.mark(Pid(11), ProcState::Done(0));
        assert_eq!(t.get(2).map(JobEntry::state), Some(ProcState::Done(3)));
        assert_eq!(t.changed(), vec![2]);
        assert!(t.line(2).contains("Exit 3"));
    }

    #[test]
    fn job_specs_name_jobs_by_number_prefix_and_substring() {
        let t = table();
        assert_eq!(t.resolve("%1"), Ok(1));
        assert_eq!(t.resolve("%%"), Ok(2));
        assert_eq!(t.resolve("%-"), Ok(1));
        assert_eq!(t.resolve("%sle"), Ok(1));
        assert_eq!(t.resolve("%?wc"), Ok(2));
        assert_eq!(t.resolve("%3"), Err("%3: no such job".into()));
        let mut t = t;
        t.add(None, &[Pid(13)], "sleep 5".into());
        assert_eq!(
            t.resolve("%sleep"),
            Err("%sleep: ambiguous job spec".into())
        );
    }

    #[test]
    fn killed_jobs_are_named_by_signal() {
        let mut t = table();
        t.mark(Pid(10), ProcState::Done(143));
        assert_eq!(t.line(1), "[1]-  Terminated              sleep 100");
    }
}
