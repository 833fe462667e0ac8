//! Program images: finding a command and deciding what runs it (Warren's `execve`).
//!
//! A file is run when it is one of:
//! - a **bin image**, Warren's analogue of an ELF header: the file starts with the magic
//!   line `\x7fWARREN-BIN NAME\n` ([`BIN_MAGIC`], then a name without white space, then a
//!   newline); `NAME` is looked up in the kernel's bin table and that bin runs. Whatever
//!   follows the line is ignored. [`bin_image`] makes one.
//! - a **script**: the file starts with `#!INTERP ARG?`; the interpreter runs with argv
//!   `[INTERP, ARG (if any), PATH, argv[1..]]`, where `PATH` is the name the script was
//!   found by. `INTERP` is found the way `argv[0]` is. At most [`MAX_INTERP`] interpreters
//!   deep (`ELOOP` beyond, as Linux).
//!
//! Anything else fails with `EINVAL` (Warren has no `ENOEXEC`), as does an image naming a
//! bin the kernel does not have. The file must not be a directory and the caller must have
//! execute permission: the owner, group or other bit of its class; uid 0 needs any execute
//! bit (`EACCES` otherwise). A command name containing `/` is a path (relative to the
//! working directory); any other name is searched in the `:`-separated directories of
//! `$PATH` (default `/bin`), first match wins (`execvp(3)`).
//!
//! A bin image's set-user-ID and set-group-ID bits are reported with what runs
//! ([`Program::setid`]); a script's are ignored, as Linux ignores them.

use std::collections::HashMap;

use bytes::BytesMut;
use warren_proto::attr::oflags::O_RDONLY;
use warren_proto::{Attr, Caller, Errno, Result};

use crate::context::Bin;
use crate::ns::{ops, MountTable};
use crate::path;
use crate::proc::ident::SetId;

/// The start of a bin image's magic line.
pub const BIN_MAGIC: &[u8] = b"\x7fWARREN-BIN ";
/// Interpreter levels followed before `ELOOP`.
pub const MAX_INTERP: usize = 4;
/// `$PATH` when the environment has none.
pub const DEFAULT_PATH: &str = "/bin";
/// Bytes of a file read to recognise it.
const HEAD_LEN: usize = 256;

/// The contents of a bin image file that runs the bin registered as `name`.
pub fn bin_image(name: &str) -> Vec<u8> {
    let mut v = BIN_MAGIC.to_vec();
    v.extend_from_slice(name.as_bytes());
    v.push(b'\n');
    v
}

/// What a command runs as: the bin, its argv (rewritten for scripts) and the set-id bits
/// of the bin image.
pub(crate) struct Program {
    pub bin: Bin,
    pub argv: Vec<String>,
    pub setid: SetId,
}

/// Where a command is looked for and with whose identity.
pub(crate) struct Lookup<'a> {
    pub table: &'a MountTable,
    pub cx: &'a Caller,
    pub cwd: &'a str,
    pub path_var: Option<&'a str>,
    pub bins: &'a HashMap<String, Bin>,
}

/// Whether `cx` may execute a file with `attr`: the owner, group or other execute bit,
/// whichever class `cx` is in; uid 0 needs any execute bit (POSIX `execve(2)`, `EACCES`).
fn may_execute(cx: &Caller, attr: &Attr) -> bool {
    let bits = if cx.uid.0 == 0 {
        0o111
    } else if cx.uid.0 == attr.uid {
        0o100
    } else if cx.gid.0 == attr.gid {
        0o010
    } else {
        0o001
    };
    attr.mode & bits != 0
}

/// What a file's first line says runs it.
#[derive(Debug, PartialEq, Eq)]
enum Kind {
    Bin(String),
    Script { interp: String, arg: Option<String> },
}

impl Lookup<'_> {
    /// What runs `argv`.
    ///
    /// # Errors
    /// `EINVAL` (empty argv, unknown format or bin), `ENOENT`, `EACCES`, `ELOOP`.
    pub async fn load(&self, mut argv: Vec<String>) -> Result<Program> {
        for _ in 0..=MAX_INTERP {
            let name = argv.first().ok_or(Errno::EINVAL)?;
            let (found, abs, attr) = self.find(name).await?;
            match parse(&self.head(&abs).await?)? {
                Kind::Bin(b) => {
                    let bin = self.bins.get(&b).ok_or(Errno::EINVAL)?.clone();
                    let setid = SetId::of(&attr);
                    return Ok(Program { bin, argv, setid });
                }
                Kind::Script { interp, arg } => {
                    let mut next = vec![interp];
                    next.extend(arg);
                    next.push(found);
                    next.extend(argv.drain(..).skip(1));
                    argv = next;
                }
            }
        }
        Err(Errno::ELOOP)
    }

    /// The name a command was found by, its clean absolute path and its attributes.
    async fn find(&self, name: &str) -> Result<(String, String, Attr)> {
        if name.is_empty() {
            return Err(Errno::ENOENT);
        }
        if name.contains('/') {
            let abs = path::join(self.cwd, name);
            let attr = self.runnable(&abs).await?;
            return Ok((name.to_string(), abs, attr));
        }
        let mut err = Errno::ENOENT;
        for dir in self.path_var.unwrap_or(DEFAULT_PATH).split(':') {
            let dir = if dir.is_empty() {
                "."
            } else {
                dir.trim_end_matches('/')
            };
            let found = format!("{dir}/{name}");
            let abs = path::join(self.cwd, &found);
            match self.runnable(&abs).await {
                Ok(attr) => return Ok((found, abs, attr)),
                Err(Errno::EACCES) => err = Errno::EACCES,
                Err(_) => {}
            }
        }
        Err(err)
    }

    /// The attributes of `abs`; `EACCES` unless it is a file the caller may execute.
    async fn runnable(&self, abs: &str) -> Result<Attr> {
        let attr = ops::stat(self.table, self.cx, abs, true).await?;
        if attr.qid.is_dir() || !may_execute(self.cx, &attr) {
            return Err(Errno::EACCES);
        }
        Ok(attr)
    }

    /// The first line (at most [`HEAD_LEN`] bytes) of the file `abs`.
    async fn head(&self, abs: &str) -> Result<Vec<u8>> {
        let chan = ops::open(self.table, self.cx, abs, O_RDONLY, 0).await?;
        let mut buf = BytesMut::new();
        while buf.len() < HEAD_LEN && !buf.contains(&b'\n') {
            let off = buf.len() as u64;
            let want = (HEAD_LEN - buf.len()) as u32;
            let data = chan.server().read(self.cx, chan.fid(), off, want).await?;
            if data.is_empty() {
                break;
            }
            buf.extend_from_slice(&data);
        }
        chan.release(self.cx).await;
        Ok(buf.to_vec())
    }
}

/// Recognise a bin image or a `#!` line.
fn parse(head: &[u8]) -> Result<Kind> {
    let line = |b: &[u8]| -> Result<String> {
        let end = b.iter().position(|&c| c == b'\n').unwrap_or(b.len());
        String::from_utf8(b[..end].to_vec()).map_err(|_| Errno::EINVAL)
    };
    if let Some(rest) = head.strip_prefix(BIN_MAGIC) {
        let name = line(rest)?;
        if name.is_empty() || name.contains(char::is_whitespace) || !rest.contains(&b'\n') {
            return Err(Errno::EINVAL);
        }
        return Ok(Kind::Bin(name));
    }
    let rest = head.strip_prefix(b"#!").ok_or(Errno::EINVAL)?;
    let text = line(rest)?;
    let text = text.trim();
    let (interp, arg) = match text.split_once(char::is_whitespace) {
        Some((i, a)) => (i, Some(a.trim().to_string())),
        None => (text, None),
    };
    if interp.is_empty() {
        return Err(Errno::EINVAL);
    }
    Ok(Kind::Script {
        interp: interp.to_string(),
        arg,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bin_image_parses_back_to_its_name() {
        assert_eq!(parse(&bin_image("sh")), Ok(Kind::Bin("sh".into())));
    }

    #[test]
    fn shebang_line_gives_interpreter_and_one_argument() {
        let k = parse(b"#!/bin/sh -e -x\necho hi\n").unwrap();
        assert_eq!(
            k,
            Kind::Script {
                interp: "/bin/sh".into(),
                arg: Some("-e -x".into())
            }
        );
        assert_eq!(
            parse(b"#! /bin/sh"),
            Ok(Kind::Script {
                interp: "/bin/sh".into(),
                arg: None
            })
        );
    }

    #[test]
    fn other_contents_are_einval() {
        assert_eq!(parse(b"hello\n"), Err(Errno::EINVAL));
        assert_eq!(parse(b"#!\n"), Err(Errno::EINVAL));
        assert_eq!(parse(b"\x7fWARREN-BIN \n"), Err(Errno::EINVAL));
    }
}
