//! The ctl file `/dev/tty/Nctl`: Plan 9 `consctl`-style text commands.
//!
//! A write holds one command per line; the whole write is refused if any line is not a
//! command. Source: Plan 9 `cons(3)` (`rawon`, `rawoff`), POSIX `tcsetpgrp(3)`.

use warren_proto::{Errno, Result};

use crate::host::ProcInfo;
use crate::tty::Tty;

/// One ctl command.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Cmd {
    /// `rawon` / `rawoff`: raw mode on or off.
    Raw(bool),
    /// `echoon` / `echooff`: echo on or off.
    Echo(bool),
    /// `fgpgrp N`: put process group N in the foreground.
    Fgpgrp(u32),
    /// `hangup`: hang the terminal up.
    Hangup,
}

/// The command a line spells; `None` for a blank line.
///
/// # Errors
/// `EINVAL` for an unknown verb or wrong arguments.
fn parse(line: &str) -> Result<Option<Cmd>> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let cmd = match words.as_slice() {
        [] => return Ok(None),
        ["rawon"] => Cmd::Raw(true),
        ["rawoff"] => Cmd::Raw(false),
        ["echoon"] => Cmd::Echo(true),
        ["echooff"] => Cmd::Echo(false),
        ["fgpgrp", n] => Cmd::Fgpgrp(n.parse().map_err(|_| Errno::EINVAL)?),
        ["hangup"] => Cmd::Hangup,
        _ => return Err(Errno::EINVAL),
    };
    Ok(Some(cmd))
}

/// Carry out the commands in `data` on `tty` for `caller`; returns `data`'s length.
///
/// # Errors
/// `EINVAL` (not UTF-8, an unknown command: nothing is done), and the errors of
/// `fgpgrp` (`ENOTTY`, `EPERM`; the commands before it are done).
pub(crate) fn write(tty: &Tty, caller: Option<ProcInfo>, data: &[u8]) -> Result<u32> {
    let n = u32::try_from(data.len()).map_err(|_| Errno::EINVAL)?;
    let text = std::str::from_utf8(data).map_err(|_| Errno::EINVAL)?;
    let cmds = text.lines().filter_map(|l| parse(l).transpose());
    for cmd in cmds.collect::<Result<Vec<Cmd>>>()? {
        match cmd {
            Cmd::Raw(on) => tty.set_raw(on),
            Cmd::Echo(on) => tty.set_echo(on),
            Cmd::Fgpgrp(pgid) => tty.set_foreground(caller, pgid)?,
            Cmd::Hangup => tty.hangup(None),
        }
    }
    Ok(n)
}

/// Up to `count` bytes of the status line from byte `offset`.
pub(crate) fn read(tty: &Tty, offset: u64, count: u32) -> Vec<u8> {
    let status = tty.status().into_bytes();
    let start = usize::try_from(offset)
        .unwrap_or(usize::MAX)
        .min(status.len());
    let end = start.saturating_add(count as usize).min(status.len());
    status[start..end].to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_parse_with_their_arguments() {
        assert_eq!(parse("rawon"), Ok(Some(Cmd::Raw(true))));
        assert_eq!(parse(" echooff "), Ok(Some(Cmd::Echo(false))));
        assert_eq!(parse("fgpgrp 12"), Ok(Some(Cmd::Fgpgrp(12))));
        assert_eq!(parse(""), Ok(None));
    }

    #[test]
    fn unknown_verbs_and_bad_arguments_are_einval() {
        assert_eq!(parse("rawon 1"), Err(Errno::EINVAL));
        assert_eq!(parse("fgpgrp"), Err(Errno::EINVAL));
        assert_eq!(parse("fgpgrp -1"), Err(Errno::EINVAL));
        assert_eq!(parse("reboot"), Err(Errno::EINVAL));
    }
}
