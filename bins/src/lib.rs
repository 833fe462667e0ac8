//! Warren's programs: the shell and the utilities, each an async function over a
//! [`ProcContext`] (the kernel's file API). A bin never touches the host: every file, pipe,
//! fd and process it uses goes through its `ProcContext`.
//!
//! Each utility takes the options people reach for first (see its module) and reports errors
//! like a Unix: `cat: /nope: No such file or directory` on fd 2 and exit status 1 (grep uses
//! 2 for errors, as POSIX says).
//!
//! # Layout
//! - [`sh`]: the shell (brush-parser's AST, executed on Warren processes).
//! - one module per utility: [`cat`], [`echo`], [`ls`], [`grep`], [`wc`], [`head`], [`tail`],
//!   [`sort`], [`uniq`], [`tee`], [`mkdir`], [`rm`], [`mv`], [`cp`], [`touch`], [`stat`],
//!   [`chmod`], [`ln`], [`env`], [`sleep`], [`truth`] (`true`, `false`), [`ns`], [`pwd`],
//!   [`test`] (`test`, `[`).
//! - the system and its users: [`init`], [`getty`], [`login`], [`passwd`], [`useradd`],
//!   [`userdel`], [`su`], [`setsid`], [`id`] (`id`, `whoami`), [`ps`], [`kill`].
//! - [`util`]: what they share (error reports, reading fds and lines, option parsing, mode
//!   strings, dates).

use warren_kernel::{bin, Bin};

pub mod cat;
pub mod chmod;
pub mod cp;
pub mod echo;
pub mod env;
pub mod getty;
pub mod grep;
pub mod head;
pub mod id;
pub mod init;
pub mod kill;
pub mod ln;
pub mod login;
pub mod ls;
pub mod mkdir;
pub mod mv;
pub mod ns;
pub mod passwd;
pub mod ps;
pub mod pwd;
pub mod rm;
pub mod setsid;
pub mod sh;
pub mod sleep;
pub mod sort;
pub mod stat;
pub mod su;
pub mod tail;
pub mod tee;
pub mod test;
pub mod touch;
pub mod truth;
pub mod uniq;
pub mod useradd;
pub mod userdel;
pub mod util;
pub mod wc;

/// Every bin by the name it is installed under in `/bin` (`sh`, `cat`, `[`, ...), for the
/// image to register with the kernel.
pub fn all() -> Vec<(&'static str, Bin)> {
    vec![
        ("sh", bin(sh::main)),
        ("cat", bin(cat::main)),
        ("echo", bin(echo::main)),
        ("ls", bin(ls::main)),
        ("grep", bin(grep::main)),
        ("wc", bin(wc::main)),
        ("head", bin(head::main)),
        ("tail", bin(tail::main)),
        ("sort", bin(sort::main)),
        ("uniq", bin(uniq::main)),
        ("tee", bin(tee::main)),
        ("mkdir", bin(mkdir::main)),
        ("rm", bin(rm::main)),
        ("mv", bin(mv::main)),
        ("cp", bin(cp::main)),
        ("touch", bin(touch::main)),
        ("stat", bin(stat::main)),
        ("chmod", bin(chmod::main)),
        ("ln", bin(ln::main)),
        ("env", bin(env::main)),
        ("sleep", bin(sleep::main)),
        ("true", bin(truth::true_main)),
        ("false", bin(truth::false_main)),
        ("ns", bin(ns::main)),
        ("pwd", bin(pwd::main)),
        ("test", bin(test::main)),
        ("[", bin(test::main)),
        ("init", bin(init::main)),
        ("getty", bin(getty::main)),
        ("login", bin(login::main)),
        ("passwd", bin(passwd::main)),
        ("useradd", bin(useradd::main)),
        ("userdel", bin(userdel::main)),
        ("su", bin(su::main)),
        ("setsid", bin(setsid::main)),
        ("id", bin(id::main)),
        ("whoami", bin(id::whoami)),
        ("ps", bin(ps::main)),
        ("kill", bin(kill::main)),
    ]
}
