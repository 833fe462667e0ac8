//! The tty fileserver: terminals with a line discipline, controlling terminals, foreground
//! process groups and hangup, as a 9P2000.L [`FileServer`](warren_proto::FileServer).
//!
//! # The tree
//! [`TtyFs`] is mounted by the image on `/dev/tty`. Its root holds:
//! - `N` (N = 0, 1, ...): terminal N's data, a character device. Reads return typed input,
//!   writes go to its display.
//! - `Nctl`: its control file (Plan 9 `consctl` style): writes take `rawon`, `rawoff`,
//!   `echoon`, `echooff`, `fgpgrp N` and `hangup`, one per line; reads give the state,
//!   `tty 0 fgpgrp 5 sid 3 raw off echo on` (0: none).
//! - `ctty`: the calling process's controlling terminal. Opening it reaches the terminal the
//!   caller's session holds (`EIO` without one; Linux's `ENXIO` is not in Warren's `Errno`).
//! - `new` (read-only): each read waits for a terminal added since the fid was opened (or
//!   since its last read) and returns its number, `N\n`; one fid misses none. init reads it
//!   to start a getty on every remote terminal.
//!
//! `/dev/cons` is the image's business: it binds `/dev/tty/0` there.
//!
//! Why `/dev/tty/ctty` and not an open of `/dev/tty` itself: the root must stay a directory
//! for `ls /dev/tty` and walks to `/dev/tty/N`, and an open of it cannot tell "the terminal"
//! from "the directory": the kernel (and Linux's VFS under v9fs) refuses write access to a
//! directory before a server sees it, and a read-only open is what `ls` does too. A file of
//! its own works the same in-process, over the wire and under v9fs.
//!
//! # Backends
//! [`Backend`]s are `AsyncRead` + `AsyncWrite` halves of a [`Kind`]: a [`Kind::Terminal`] (the
//! host terminal, already in raw mode: this crate never touches termios; a remote connection)
//! gets Warren's line discipline; a [`Kind::Stream`] (stdin that is not a terminal) gets lines
//! passed through untouched and its end of input is end of file. [`Backend::pair`] makes an
//! in-memory backend and its [`Remote`] for tests. [`TtyFs::add`] adds a terminal;
//! [`TtyFs::reattach`] gives a terminal a fresh backend. Terminal numbers count up from 0 and
//! are never reused. [`TtyFs::add_remote`] adds a remote terminal (a network connection):
//! once its backend hung up, opening it fails with `EIO`, and once no fid names it any more
//! it disappears (walks give `ENOENT`, readdir omits it). Local terminals are never removed.
//! [`TtyFs::drain`] waits until the output queued so far has been written and flushed on
//! every attached backend (the host calls it before exiting).
//!
//! # Line discipline (POSIX 11.1.6 and 11.1.9, Linux defaults)
//! Canonical mode, the default on a terminal: typed characters are echoed (control characters
//! as `^X`); CR is read as NL; DEL and ^H erase a character (`"\b \b"`, UTF-8 aware), ^U the
//! line; ^C, ^\ and ^Z discard the line, echo `^C\r\n` (`^\`, `^Z`) and send `SIGINT`,
//! `SIGQUIT`, `SIGTSTP` to the foreground group; ^D at the start of a line is end of file (a
//! read returns 0 bytes), after some characters it delivers them without a newline. A read
//! returns at most one line. Lines hold at most 4095 bytes. Output NL becomes CR NL on a
//! terminal (in raw mode too: `rawon` changes input only, as in Plan 9). `echooff`: canonical
//! without echo (passwords). `rawon`: bytes are readable as they arrive, no echo, editing or
//! signal characters; a line being edited becomes readable as it is.
//!
//! The echo of input is queued before the input becomes readable, so output of a program
//! never overtakes the echo of the line it read. Input and output are bounded (64 KiB each):
//! beyond that the terminal stops reading its backend, and writers wait.
//!
//! # Sessions (POSIX 11.1.3, 11.1.4)
//! The tty learns about processes through [`TtyHost`], which the image implements over the
//! kernel. A session leader that opens `N` without [`O_NOCTTY`], when neither its session nor
//! the terminal has a controlling association, makes it the session's controlling terminal
//! with the leader's group in the foreground ([`TtyHost::set_controlling_tty`]). The
//! association ends with a hangup or when the session leader no longer exists. `fgpgrp N`
//! (`tcsetpgrp`) needs the terminal to be the caller's controlling terminal (`ENOTTY`) and N
//! a group of its session (`EPERM`). A read of the controlling terminal from a background
//! group sends `SIGTTIN` to that group and fails with `EINTR`; background writes are allowed
//! (no `TOSTOP`). Terminals that are not the reader's controlling terminal read freely.
//!
//! The caller's pid comes from the request's `Caller` (`pid` 0, a remote 9P client, is
//! unknown: no acquisition, no background check, `ctty` and `fgpgrp` refused).
//!
//! # Hangup
//! End of input of a terminal backend, a failed write to any backend, `hangup` on ctl, or a
//! dropped [`Remote`]: [`TtyHost::hangup_session`] for the session holding the terminal, the
//! association is cleared, pending input is discarded, reads return end of file and writes
//! fail with `EIO` until [`TtyFs::reattach`]. Output written before the hangup is still
//! delivered when the backend can take it.
//!
//! # Remote terminals
//! [`listen_tcp`] (raw TCP or unix-socket connections: telnet, `nc`) and [`listen_ws`]
//! (WebSocket, for browser terminals) add a remote terminal per accepted connection; closing
//! the connection hangs it up. See [`listen`].
//!
//! Blocking reads and writes are cancel-safe (a dropped request loses no input and queues no
//! partial output); no lock is held across an await.
//!
//! # Layout
//! - [`fs`]: [`TtyFs`], the `FileServer` implementation, and [`O_NOCTTY`].
//! - `manage`: the host's side of [`TtyFs`]: adding (local, remote), reattaching, draining,
//!   removing remote terminals that are gone.
//! - `table`: the terminals by number; `announce`: the `new` file.
//! - [`listen`]: [`listen_tcp`], [`listen_ws`], [`TtyListener`].
//! - [`host`]: [`TtyHost`], [`ProcInfo`], [`TtySignal`]: the kernel as the tty sees it.
//! - [`backend`]: [`Backend`], [`Kind`], [`Remote`].
//! - `node`: the files of the tree, their qids (the qid-path layout) and attributes.
//! - `ctl`: the ctl file's commands and status line.
//! - `tty`: one terminal (state, reads, writes, hangup); `tty::session` its controlling
//!   session and foreground group; `tty::link` the tasks that move bytes to and from its
//!   backend.
//! - `ldisc`: the line discipline, a pure function of the modes.
//! - `input`: ready input records; `output`: the bounded output queue.

mod announce;
pub mod backend;
mod ctl;
pub mod fs;
pub mod host;
mod input;
mod ldisc;
pub mod listen;
mod manage;
mod node;
mod output;
mod table;
mod tty;

#[cfg(test)]
mod tests;

pub use backend::{Backend, Input, Kind, Output, Remote};
pub use fs::{TtyFs, O_NOCTTY};
pub use host::{ProcInfo, TtyHost, TtySignal};
pub use listen::{listen_tcp, listen_ws, TtyListener};
