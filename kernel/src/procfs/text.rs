//! The contents of the per-process text files, generated when the file is opened.

use std::fmt::Write;

use warren_proto::attr::oflags::{O_ACCMODE, O_RDONLY, O_WRONLY};

use super::node::Kind;
use crate::proc::fd::lock;
use crate::proc::process::Process;

/// The text of file `kind` of `p` (empty for `ctl` and `wait`, which are not text).
pub(super) fn render(kind: Kind, p: &Process) -> String {
    match kind {
        Kind::Status => status(p),
        Kind::Cmdline => p.argv().iter().map(|a| format!("{a}\0")).collect(),
        Kind::Env => lock(&p.groups().env)
            .iter()
            .map(|(k, v)| format!("{k}={v}\n"))
            .collect(),
        Kind::Cwd => format!("{}\n", p.cwd()),
        Kind::Ns => lock(&p.groups().ns)
            .lines()
            .iter()
            .map(|l| format!("{l}\n"))
            .collect(),
        Kind::Fd => fds(p),
        Kind::Ctl | Kind::Wait => String::new(),
    }
}

/// `status`: one `name value` line per field.
fn status(p: &Process) -> String {
    let id = p.ident();
    let group = p.group();
    let state = match (p.status(), p.stopped()) {
        (Some(_), _) => "Z",
        (None, Some(_)) => "T",
        (None, None) => "R",
    };
    let tty = group.session.tty().unwrap_or_else(|| "-".to_string());
    let argv = p.argv();
    let cmd = argv.first().map_or("-", String::as_str);
    let mut s = String::new();
    let _ = write!(
        s,
        "pid {}\nppid {}\nuid {}\ngid {}\nsid {}\npgid {}\nstate {state}\ntty {tty}\ncmd {cmd}\n\
         euid {}\negid {}\n",
        p.pid.0,
        p.ppid().0,
        id.uid.0,
        id.gid.0,
        group.sid().0,
        group.pgid.0,
        id.euid.0,
        id.egid.0,
    );
    s
}

/// `fd`: `FD NAME MODE` lines.
fn fds(p: &Process) -> String {
    let table = p.groups().fds;
    let open = lock(&table).open_fds();
    open.iter()
        .map(|(fd, f)| {
            let mode = match f.flags() & O_ACCMODE {
                O_RDONLY => "r",
                O_WRONLY => "w",
                _ => "rw",
            };
            format!("{} {} {mode}\n", fd.0, f.name())
        })
        .collect()
}
