//! Helpers every bin shares: reporting errors like a Unix, reading fds, option parsing,
//! formatting modes and times, the user store, password prompts and `/proc` status.

mod account;
mod identity;
mod io;
mod mode;
mod opts;
mod path;
mod procstat;
mod report;
mod secret;
mod time;
mod users;

pub use io::{
    close_input, copy, is_tty, open_input, read_all, read_file, CopyError, LineReader, CHUNK,
};
pub use mode::{mode_string, parse_chmod};
pub use opts::{getopt, Opts};
pub use path::{basename, join};
pub use report::{complain, fail, say};

use warren_kernel::ProcContext;

/// The arguments after the program name (`argv[1..]`; empty if argv itself is empty).
pub fn args(ctx: &ProcContext) -> &[String] {
    ctx.argv().get(1..).unwrap_or(&[])
}
pub use time::{civil, ls_time, stat_time};
pub use users::id_names;

pub use account::{
    append, groups, hash_of, rewrite, shadow, user_named, user_with_uid, users, GROUP, PASSWD,
    SHADOW,
};
pub use identity::{assume, login_shell};
pub use procstat::{controlling_tty_ctl, parse_status, proc_cmdline, proc_status, ProcStatus};
pub use secret::read_secret;
