//! `kill [-s SIGNAL | -SIGNAL] PID...` and `kill -l [STATUS]`: send a signal. Source: POSIX
//! `kill`, procps `kill(1)`.
//!
//! The signal (default `TERM`) is a name with or without `SIG` (`INT`, `SIGINT`, any case)
//! or a number. Only the first argument may choose it; every later argument is a PID: a
//! process (`123`), the caller's own process group (`0`), a process group (`-123`), or
//! every process the caller may signal but pid 1 (`-1`). `--` ends the options, so
//! `kill -- -123` signals group 123. `kill -l` lists the signal names; `kill -l N` names
//! signal N, or the signal of the exit status N (128+N).
//!
//! Status 0; 1 when a PID could not be signalled (`kill: (123) - No such process`) or a
//! signal or PID is invalid; 2 for bad usage.

use warren_kernel::{ExitStatus, Fd, ProcContext, Signal};

use crate::util::{fail, say};

/// Send the signal to every PID, or list signal names.
pub async fn main(ctx: ProcContext) -> ExitStatus {
    let args = crate::util::args(&ctx);
    if args.first().is_some_and(|a| a == "-l" || a == "-L") {
        return list(&ctx, args.get(1).map(String::as_str)).await;
    }
    let (sig, pids) = match signal_and_pids(args) {
        Ok(parsed) => parsed,
        Err(m) => return fail(&ctx, "kill", &m).await,
    };
    if pids.is_empty() {
        say(&ctx, "usage: kill [-s SIGNAL | -SIGNAL] PID...").await;
        return ExitStatus(2);
    }
    let mut status = ExitStatus::SUCCESS;
    for arg in pids {
        let result = match arg.parse::<i32>() {
            Ok(pid) => ctx.kill(pid, sig).map_err(|e| format!("({pid}) - {e}")),
            Err(_) => Err(format!("failed to parse argument: '{arg}'")),
        };
        if let Err(m) = result {
            say(&ctx, &format!("kill: {m}")).await;
            status = ExitStatus::FAILURE;
        }
    }
    status
}

/// Split the arguments into the signal and the PID operands.
///
/// # Errors
/// A message for an unknown signal or a missing `-s` argument.
fn signal_and_pids(args: &[String]) -> Result<(Signal, &[String]), String> {
    let parse = |s: &str| {
        s.parse::<Signal>()
            .map_err(|_| format!("unknown signal '{s}'"))
    };
    match args.first().map(String::as_str) {
        Some("--") => Ok((Signal::Term, &args[1..])),
        Some("-s") => {
            let name = args.get(1).ok_or("option requires an argument -- 's'")?;
            Ok((parse(name)?, &args[2..]))
        }
        Some(a) if a.starts_with('-') && a.len() > 1 => {
            let rest = args.get(1..).unwrap_or(&[]);
            let rest = rest.strip_prefix(&["--".to_string()]).unwrap_or(rest);
            Ok((parse(&a[1..])?, rest))
        }
        _ => Ok((Signal::Term, args)),
    }
}

/// `kill -l [N]`.
async fn list(ctx: &ProcContext, which: Option<&str>) -> ExitStatus {
    let text = match which {
        None => {
            let names: Vec<&str> = Signal::ALL.iter().map(|s| s.short_name()).collect();
            names.join(" ")
        }
        Some(n) => match n.parse::<u32>().ok().and_then(signal_of) {
            Some(sig) => sig.short_name().to_string(),
            None => return fail(ctx, "kill", &format!("unknown signal '{n}'")).await,
        },
    };
    match ctx.write_all(Fd::STDOUT, format!("{text}\n")).await {
        Ok(()) => ExitStatus::SUCCESS,
        Err(_) => ExitStatus::FAILURE,
    }
}

/// Signal `n`, or the signal of exit status `n` (128+N).
fn signal_of(n: u32) -> Option<Signal> {
    Signal::from_number(n).or_else(|| n.checked_sub(128).and_then(Signal::from_number))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &[&str]) -> Vec<String> {
        s.iter().map(|a| a.to_string()).collect()
    }

    #[test]
    fn the_first_argument_alone_may_name_the_signal() {
        let a = args(&["-9", "-12", "5"]);
        let (sig, pids) = signal_and_pids(&a).unwrap();
        assert_eq!((sig, pids), (Signal::Kill, &a[1..]));
        let a = args(&["-s", "int", "5"]);
        assert_eq!(signal_and_pids(&a).unwrap().0, Signal::Int);
        let a = args(&["-SIGHUP", "--", "-7"]);
        let (sig, pids) = signal_and_pids(&a).unwrap();
        assert_eq!((sig, pids), (Signal::Hup, &a[2..]));
        let a = args(&["--", "-7"]);
        assert_eq!(signal_and_pids(&a).unwrap(), (Signal::Term, &a[1..]));
    }

    #[test]
    fn unknown_signals_are_refused_and_statuses_name_their_signal() {
        assert!(signal_and_pids(&args(&["-BOGUS", "5"])).is_err());
        assert_eq!(signal_of(143), Some(Signal::Term));
        assert_eq!(signal_of(2), Some(Signal::Int));
        assert_eq!(signal_of(100), None);
    }
}
