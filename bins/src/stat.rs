//! `stat [-L] FILE...`: print a file's attributes, one field per line (after GNU `stat`):
//!
//! ```text
//!   File: /etc/motd
//!   Size: 19
//!   Type: regular file
//!   Mode: (0644/-rw-r--r--)
//!    Uid: 0
//!    Gid: 0
//! Modify: 2024-01-02 15:04:05.000000000 +0000
//! ```
//!
//! Symlinks are described themselves (`File: l -> target`) unless `-L`.

use warren_kernel::{ExitStatus, Fd, ProcContext};
use warren_proto::attr::{S_IFBLK, S_IFCHR, S_IFDIR, S_IFIFO, S_IFLNK, S_IFMT, S_IFREG, S_IFSOCK};
use warren_proto::Attr;

use crate::util::{complain, fail, getopt, mode_string, stat_time};

/// Describe each operand. Status 0; 1 if any could not be read.
pub async fn main(ctx: ProcContext) -> ExitStatus {
    let opts = match getopt(crate::util::args(&ctx), "L", "") {
        Ok(o) => o,
        Err(e) => return fail(&ctx, "stat", &e).await,
    };
    if opts.operands.is_empty() {
        return fail(&ctx, "stat", "missing operand").await;
    }
    let mut status = ExitStatus::SUCCESS;
    for path in &opts.operands {
        let attr = if opts.has('L') {
            ctx.stat(path).await
        } else {
            ctx.lstat(path).await
        };
        match attr {
            Ok(a) => {
                let mut name = path.clone();
                if a.mode & S_IFMT == S_IFLNK {
                    if let Ok(t) = ctx.readlink(path).await {
                        name = format!("{path} -> {t}");
                    }
                }
                let _ = ctx.write_all(Fd::STDOUT, describe(&name, &a)).await;
            }
            Err(e) => {
                complain(&ctx, "stat", path, e).await;
                status = ExitStatus::FAILURE;
            }
        }
    }
    status
}

fn describe(name: &str, a: &Attr) -> String {
    format!(
        "  File: {name}\n  Size: {}\n  Type: {}\n  Mode: ({:04o}/{})\n   Uid: {}\n   Gid: {}\nModify: {}\n",
        a.size,
        type_name(a.mode),
        a.mode & 0o7777,
        mode_string(a.mode),
        a.uid,
        a.gid,
        stat_time(a.mtime_sec as i64, a.mtime_nsec)
    )
}

fn type_name(mode: u32) -> &'static str {
    match mode & S_IFMT {
        S_IFREG => "regular file",
        S_IFDIR => "directory",
        S_IFLNK => "symbolic link",
        S_IFCHR => "character special file",
        S_IFBLK => "block special file",
        S_IFIFO => "fifo",
        S_IFSOCK => "socket",
        _ => "unknown",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn description_lists_the_fields() {
        let a = Attr {
            mode: S_IFREG | 0o644,
            size: 19,
            uid: 1000,
            gid: 100,
            ..Attr::default()
        };
        let text = describe("/etc/motd", &a);
        assert_eq!(
            text,
            "  File: /etc/motd\n  Size: 19\n  Type: regular file\n  Mode: (0644/-rw-r--r--)\n   Uid: 1000\n   Gid: 100\nModify: 1970-01-01 00:00:00.000000000 +0000\n"
        );
    }
}
