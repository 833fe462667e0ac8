//! Reading a password: echo off on the terminal, a prompt, one line (`getpass(3)`).

use warren_kernel::{Fd, ProcContext};
use warren_proto::attr::oflags::O_WRONLY;
use warren_proto::Result;

use super::LineReader;

/// Print `prompt` on fd 2 and read one line from fd 0 with the terminal's echo off; returns
/// it without its line end, or `None` at end of file.
///
/// `ctl` is the terminal's control file (`/dev/tty/0ctl`): `echooff` is written to it before
/// the prompt and `echoon` after the line (also when the read fails), and the newline the
/// user typed, which was not echoed, is printed on fd 2 (where `getpass(3)` prompts
/// without `/dev/tty`). With `ctl` `None` (not a terminal)
/// the line is read as it comes. Source: `getpass(3)`; the tty fileserver's ctl commands.
///
/// # Errors
/// The read's errno (`EINTR`, `EIO` after a hangup); opening `ctl` (`ENOENT`).
pub async fn read_secret(
    ctx: &ProcContext,
    prompt: &str,
    ctl: Option<&str>,
) -> Result<Option<String>> {
    let ctl_fd = match ctl {
        Some(path) => {
            let fd = ctx.open(path, O_WRONLY, 0).await?;
            let _ = ctx.write_all(fd, "echooff\n").await;
            Some(fd)
        }
        None => None,
    };
    let _ = ctx.write_all(Fd::STDERR, prompt.to_string()).await;
    let line = LineReader::bytewise(Fd::STDIN).next_line(ctx).await;
    if let Some(fd) = ctl_fd {
        let _ = ctx.write_all(fd, "echoon\n").await;
        let _ = ctx.close(fd).await;
        let _ = ctx.write_all(Fd::STDERR, "\n").await;
    }
    Ok(line?.map(|l| {
        let text = String::from_utf8_lossy(&l);
        text.trim_end_matches(['\n', '\r']).to_string()
    }))
}
