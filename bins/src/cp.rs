//! `cp [-r] SOURCE... DEST`: copy files, and with `-r` directory trees (POSIX `cp`). With
//! several sources, or when DEST is a directory, each source goes to `DEST/basename`.
//! Recursive copies recreate symlinks rather than following them; modes are kept.

use std::future::Future;
use std::pin::Pin;

use warren_kernel::{ExitStatus, ProcContext};
use warren_proto::attr::{oflags, S_IFDIR, S_IFLNK, S_IFMT};
use warren_proto::{Attr, Errno, Result};

use crate::util::{basename, complain, copy, fail, getopt, join, CopyError};

/// Copy the sources to the destination. Status 0; 1 if any copy failed.
pub async fn main(ctx: ProcContext) -> ExitStatus {
    let opts = match getopt(crate::util::args(&ctx), "rR", "") {
        Ok(o) => o,
        Err(e) => return fail(&ctx, "cp", &e).await,
    };
    let recursive = opts.has('r') || opts.has('R');
    let pairs = match targets(&ctx, "cp", &opts.operands).await {
        Ok(pairs) => pairs,
        Err(status) => return status,
    };
    let mut status = ExitStatus::SUCCESS;
    for (src, target) in pairs {
        if !copy_operand(&ctx, &src, target, recursive).await {
            status = ExitStatus::FAILURE;
        }
    }
    status
}

/// `(source, target)` pairs for `PROG SOURCE... DEST`: into `DEST/basename` when DEST is a
/// directory, else DEST itself (then only one source is allowed).
///
/// # Errors
/// After printing the reason (missing operand, DEST not a directory), status 1.
pub(crate) async fn targets(
    ctx: &ProcContext,
    prog: &str,
    operands: &[String],
) -> Result<Vec<(String, String)>, ExitStatus> {
    let Some((dest, sources)) = operands.split_last().filter(|(_, s)| !s.is_empty()) else {
        return Err(fail(ctx, prog, "missing file operand").await);
    };
    let into_dir = matches!(ctx.stat(dest).await, Ok(a) if a.mode & S_IFMT == S_IFDIR);
    if sources.len() > 1 && !into_dir {
        return Err(fail(ctx, prog, &format!("target '{dest}' is not a directory")).await);
    }
    Ok(sources
        .iter()
        .map(|src| {
            let target = if into_dir {
                join(dest, basename(src))
            } else {
                dest.clone()
            };
            (src.clone(), target)
        })
        .collect())
}

/// Copy one operand, reporting failures; whether it succeeded.
async fn copy_operand(ctx: &ProcContext, src: &str, target: String, recursive: bool) -> bool {
    let attr = match ctx.stat(src).await {
        Ok(a) => a,
        Err(e) => {
            complain(ctx, "cp", src, e).await;
            return false;
        }
    };
    let is_dir = attr.mode & S_IFMT == S_IFDIR;
    let problem = if is_dir && !recursive {
        Some(format!("-r not specified; omitting directory '{src}'"))
    } else if is_dir && target.starts_with(&format!("{}/", src.trim_end_matches('/'))) {
        Some(format!("cannot copy a directory, '{src}', into itself"))
    } else {
        None
    };
    if let Some(message) = problem {
        fail(ctx, "cp", &message).await;
        return false;
    }
    match copy_any(ctx, src.to_string(), attr, target).await {
        Ok(()) => true,
        Err((path, e)) => {
            complain(ctx, "cp", &path, e).await;
            false
        }
    }
}

/// The path a copy failed on and why.
pub(crate) type CopyFail = (String, Errno);

/// Copy `src` (whose attributes are `attr`) to `dst`: a file's bytes, a symlink's target,
/// or a directory's whole tree.
///
/// # Errors
/// The failing path and errno (`ENOENT`, `EACCES`, `ENOSPC`, ...).
pub(crate) fn copy_any(
    ctx: &ProcContext,
    src: String,
    attr: Attr,
    dst: String,
) -> Pin<Box<dyn Future<Output = std::result::Result<(), CopyFail>> + Send + '_>> {
    Box::pin(async move {
        match attr.mode & S_IFMT {
            S_IFDIR => {
                match ctx.mkdir(&dst, attr.mode & 0o7777).await {
                    Ok(()) | Err(Errno::EEXIST) => {}
                    Err(e) => return Err((dst, e)),
                }
                let entries = ctx.readdir(&src).await.map_err(|e| (src.clone(), e))?;
                for entry in entries {
                    let from = join(&src, &entry.name);
                    let a = ctx.lstat(&from).await.map_err(|e| (from.clone(), e))?;
                    copy_any(ctx, from, a, join(&dst, &entry.name)).await?;
                }
                Ok(())
            }
            S_IFLNK => {
                let target = ctx.readlink(&src).await.map_err(|e| (src.clone(), e))?;
                ctx.symlink(&target, &dst).await.map_err(|e| (dst, e))
            }
            _ => copy_file(ctx, &src, &dst, attr.mode & 0o7777).await,
        }
    })
}

async fn copy_file(
    ctx: &ProcContext,
    src: &str,
    dst: &str,
    mode: u32,
) -> std::result::Result<(), CopyFail> {
    let from = ctx
        .open(src, oflags::O_RDONLY, 0)
        .await
        .map_err(|e| (src.to_string(), e))?;
    let flags = oflags::O_WRONLY | oflags::O_CREAT | oflags::O_TRUNC;
    let to = match ctx.open(dst, flags, mode).await {
        Ok(fd) => fd,
        Err(e) => {
            let _ = ctx.close(from).await;
            return Err((dst.to_string(), e));
        }
    };
    let copied = copy(ctx, from, to).await;
    let _ = ctx.close(from).await;
    let closed: Result<()> = ctx.close(to).await;
    match copied {
        Ok(_) => closed.map_err(|e| (dst.to_string(), e)),
        Err(CopyError::Read(e)) => Err((src.to_string(), e)),
        Err(CopyError::Write(e)) => Err((dst.to_string(), e)),
    }
}
