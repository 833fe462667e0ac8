//! `ps [-e] [-f]`: list processes from `/proc`. Source: POSIX `ps`, procps `ps(1)`; the
//! kernel's process fileserver (`/proc/N/status`, `/proc/N/cmdline`).
//!
//! Without `-e`, the caller's own processes as `ps` on a terminal shows them: those of its
//! session, or with its controlling terminal. `-e` lists every process. Columns:
//! `PID PPID PGID SID UID TTY STAT CMD`: UID as the account name when `/etc/passwd` has
//! one, TTY as `/proc` shows it (`tty/0`, or `-`), STAT `R` running, `T` stopped, `Z`
//! zombie, CMD `argv[0]` (with `-f`, the whole argument vector). Processes that exit while
//! `ps` reads are left out.
//!
//! Status 0; 1 when `/proc` cannot be read; 2 for bad usage.

use warren_kernel::{ExitStatus, Fd, ProcContext};

use crate::util::{fail, getopt, id_names, proc_cmdline, proc_status, say, ProcStatus, PASSWD};

/// The header line.
const HEADER: &str = "  PID  PPID  PGID   SID UID      TTY      STAT CMD\n";

/// Print the process table.
pub async fn main(ctx: ProcContext) -> ExitStatus {
    let opts = match getopt(crate::util::args(&ctx), "ef", "") {
        Ok(o) if o.operands.is_empty() => o,
        result => {
            if let Err(m) = result {
                say(&ctx, &format!("ps: {m}")).await;
            }
            say(&ctx, "usage: ps [-e] [-f]").await;
            return ExitStatus(2);
        }
    };
    let entries = match ctx.readdir("/proc").await {
        Ok(e) => e,
        Err(e) => return fail(&ctx, "ps", &format!("/proc: {e}")).await,
    };
    let me = proc_status(&ctx, "self").await.ok();
    let mut pids: Vec<u32> = entries.iter().filter_map(|e| e.name.parse().ok()).collect();
    pids.sort_unstable();
    let names = id_names(&ctx, PASSWD).await;
    let mut out = String::from(HEADER);
    for pid in pids {
        let Ok(st) = proc_status(&ctx, &pid.to_string()).await else {
            continue;
        };
        if !opts.has('e') && !me.as_ref().is_some_and(|me| same_terminal(me, &st)) {
            continue;
        }
        let cmd = match opts.has('f') {
            true => proc_cmdline(&ctx, &pid.to_string())
                .await
                .ok()
                .filter(|argv| !argv.is_empty())
                .map_or(st.cmd.clone(), |argv| argv.join(" ")),
            false => st.cmd.clone(),
        };
        let user = names.get(&st.uid).cloned().unwrap_or(st.uid.to_string());
        out.push_str(&row(&st, &user, &cmd));
    }
    match ctx.write_all(Fd::STDOUT, out).await {
        Ok(()) => ExitStatus::SUCCESS,
        Err(_) => ExitStatus::FAILURE,
    }
}

/// Whether `st` belongs with `me` in a plain `ps`: the same session, or the same
/// controlling terminal.
fn same_terminal(me: &ProcStatus, st: &ProcStatus) -> bool {
    st.sid == me.sid || (me.tty != "-" && st.tty == me.tty)
}

/// One line of the table.
fn row(st: &ProcStatus, user: &str, cmd: &str) -> String {
    format!(
        "{:>5} {:>5} {:>5} {:>5} {:<8} {:<8} {:<4} {}\n",
        st.pid, st.ppid, st.pgid, st.sid, user, st.tty, st.state, cmd
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(pid: u32, sid: u32, tty: &str) -> ProcStatus {
        ProcStatus {
            pid,
            ppid: 1,
            pgid: pid,
            sid,
            state: "R".into(),
            tty: tty.into(),
            cmd: "sh".into(),
            ..ProcStatus::default()
        }
    }

    #[test]
    fn rows_line_up_under_the_header() {
        let line = row(&status(12, 12, "tty/0"), "agent", "sh -l");
        assert_eq!(
            line,
            "   12     1    12    12 agent    tty/0    R    sh -l\n"
        );
        assert_eq!(HEADER.find("CMD"), line.find("sh -l"));
    }

    #[test]
    fn plain_ps_keeps_the_session_and_the_terminal() {
        let me = status(5, 5, "tty/0");
        assert!(same_terminal(&me, &status(6, 5, "-")));
        assert!(same_terminal(&me, &status(7, 7, "tty/0")));
        assert!(!same_terminal(&me, &status(8, 8, "tty/1")));
        let detached = status(5, 5, "-");
        assert!(!same_terminal(&detached, &status(9, 9, "-")));
    }
}
