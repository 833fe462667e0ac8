//! Remote terminals: the announcements of `/dev/tty/new` and whether a terminal is gone.
//!
//! The tty fileserver announces each terminal added after init opened [`NEW`] as one read of
//! `N\n`; init starts `/bin/getty /dev/tty/N` for it and respawns it like an inittab
//! `respawn` entry, until the terminal is gone: opening it fails with `ENOENT` (removed) or
//! `EIO` (a remote terminal whose connection closed). Source: issue 4, point 8; the tty
//! crate's doc (`new`, remote terminals).

use warren_kernel::{Fd, ProcContext};
use warren_proto::attr::oflags::{O_NONBLOCK, O_RDONLY};
use warren_proto::Errno;

use super::inittab::{Action, Entry};

/// The file announcing added terminals.
pub const NEW: &str = "/dev/tty/new";

/// Linux `O_NOCTTY`: init's probe must not make the terminal its controlling terminal.
const O_NOCTTY: u32 = 0o400;

/// Open [`NEW`]; `None` when the image has no such file (no tty fileserver, or an old one).
pub(super) async fn watch(ctx: &ProcContext) -> Option<Fd> {
    ctx.open(NEW, O_RDONLY, 0).await.ok()
}

/// The entry for the terminal an announcement (`3\n`) names: `tty/3`, respawning
/// `/bin/getty /dev/tty/3`; `None` for anything else.
pub fn entry(announcement: &[u8]) -> Option<Entry> {
    let text = std::str::from_utf8(announcement).ok()?;
    let n: u32 = text.strip_suffix('\n')?.parse().ok()?;
    Some(Entry {
        id: format!("tty/{n}"),
        action: Action::Respawn,
        argv: vec!["/bin/getty".into(), format!("/dev/tty/{n}")],
    })
}

/// Whether the terminal at `path` is gone: opening it fails with `ENOENT` or `EIO`. Other
/// failures count as "still there" (the rate limit covers a terminal that keeps failing).
pub(super) async fn gone(ctx: &ProcContext, path: &str) -> bool {
    match ctx.open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK, 0).await {
        Ok(fd) => {
            let _ = ctx.close(fd).await;
            false
        }
        Err(e) => matches!(e, Errno::ENOENT | Errno::EIO),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_announcement_becomes_a_respawning_getty_entry() {
        let e = entry(b"12\n").unwrap();
        assert_eq!(e.id, "tty/12");
        assert_eq!(e.action, Action::Respawn);
        assert_eq!(e.argv, ["/bin/getty", "/dev/tty/12"]);
    }

    #[test]
    fn anything_but_a_number_and_a_newline_is_no_announcement() {
        for bad in [&b""[..], b"12", b"x\n", b"-1\n", b"1 2\n", b"\xff\n"] {
            assert_eq!(entry(bad), None, "{bad:?}");
        }
    }
}
