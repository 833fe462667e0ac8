//! `ls [-lad1] [FILE...]`: list directories and files (POSIX `ls`).
//!
//! Names are sorted bytewise; `-a` also shows names starting with `.` (and `.`, `..`);
//! `-d` lists directories themselves; `-l` prints `mode nlink user group size mtime name`
//! (`-> target` for symlinks, user and group names from `/etc/passwd` and `/etc/group`
//! when present, times in UTC). Output is one name per line unless stdout is a terminal
//! (a character device), where short listings are set in columns for 80 characters.

mod format;

use warren_kernel::{ExitStatus, Fd, ProcContext};
use warren_proto::attr::{S_IFDIR, S_IFMT};
use warren_proto::Attr;

use crate::util::{complain, fail, getopt, is_tty, join, Opts};

use format::{columns, Long};

/// One name to show and its attributes.
pub(crate) struct Item {
    /// The name as shown (an operand as given, or a directory entry's name).
    pub name: String,
    /// The path to reach it (for `readlink`).
    pub path: String,
    /// Its attributes.
    pub attr: Attr,
}

/// List the operands (`.` when none). Status 0; 1 if an operand could not be read.
pub async fn main(ctx: ProcContext) -> ExitStatus {
    let opts = match getopt(crate::util::args(&ctx), "lad1", "") {
        Ok(o) => o,
        Err(e) => return fail(&ctx, "ls", &e).await,
    };
    let mut operands = opts.operands.clone();
    if operands.is_empty() {
        operands.push(".".into());
    }
    let tty = !opts.has('1') && !opts.has('l') && is_tty(&ctx, Fd::STDOUT).await;
    let mut ok = true;
    let (mut files, mut dirs) = (Vec::new(), Vec::new());
    for op in &operands {
        match attr_of(&ctx, op, &opts).await {
            Ok(attr) if is_dir(&attr) && !opts.has('d') => dirs.push(op.clone()),
            Ok(attr) => files.push(Item {
                name: op.clone(),
                path: op.clone(),
                attr,
            }),
            Err(e) => {
                complain(&ctx, "ls", op, e).await;
                ok = false;
            }
        }
    }
    let mut out = render(&ctx, &files, &opts, tty).await;
    for (i, dir) in dirs.iter().enumerate() {
        if operands.len() > 1 {
            let sep = if i > 0 || !files.is_empty() { "\n" } else { "" };
            out.push_str(&format!("{sep}{dir}:\n"));
        }
        match list_dir(&ctx, dir, &opts).await {
            Ok(items) => out.push_str(&render_dir(&ctx, &items, &opts, tty).await),
            Err(e) => {
                complain(&ctx, "ls", dir, e).await;
                ok = false;
            }
        }
    }
    if ctx.write_all(Fd::STDOUT, out).await.is_err() || !ok {
        return ExitStatus::FAILURE;
    }
    ExitStatus::SUCCESS
}

/// A directory's listing; long listings start with `total BLOCKS` (1 KiB blocks).
async fn render_dir(ctx: &ProcContext, items: &[Item], opts: &Opts, tty: bool) -> String {
    let mut out = String::new();
    if opts.has('l') {
        let blocks: u64 = items.iter().map(|it| it.attr.blocks).sum();
        out.push_str(&format!("total {}\n", blocks.div_ceil(2)));
    }
    out + &render(ctx, items, opts, tty).await
}

fn is_dir(attr: &Attr) -> bool {
    attr.mode & S_IFMT == S_IFDIR
}

/// Long listings describe a symlink itself; short ones follow it (so `ls link-to-dir` lists
/// the directory).
async fn attr_of(ctx: &ProcContext, path: &str, opts: &Opts) -> warren_proto::Result<Attr> {
    if opts.has('l') || opts.has('d') {
        ctx.lstat(path).await
    } else {
        ctx.stat(path).await
    }
}

async fn list_dir(ctx: &ProcContext, dir: &str, opts: &Opts) -> warren_proto::Result<Vec<Item>> {
    let mut names: Vec<String> = ctx
        .readdir(dir)
        .await?
        .into_iter()
        .map(|e| e.name)
        .filter(|n| opts.has('a') || !n.starts_with('.'))
        .collect();
    if opts.has('a') {
        names.extend([".".to_string(), "..".to_string()]);
    }
    names.sort();
    let mut items = Vec::with_capacity(names.len());
    for name in names {
        let path = join(dir, &name);
        let attr = if opts.has('l') {
            ctx.lstat(&path).await.unwrap_or_default()
        } else {
            Attr::default()
        };
        items.push(Item { name, path, attr });
    }
    Ok(items)
}

async fn render(ctx: &ProcContext, items: &[Item], opts: &Opts, tty: bool) -> String {
    if items.is_empty() {
        return String::new();
    }
    if opts.has('l') {
        return Long::load(ctx).await.render(ctx, items).await;
    }
    let names: Vec<&str> = items.iter().map(|i| i.name.as_str()).collect();
    if tty {
        columns(&names, 80)
    } else {
        names.iter().map(|n| format!("{n}\n")).collect()
    }
}
