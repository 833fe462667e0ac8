//! `uniq [-cdu] [FILE]`: collapse runs of equal adjacent lines (POSIX `uniq`): `-c` prefixes
//! counts, `-d` prints only repeated lines, `-u` only unrepeated ones.

use bytes::Bytes;
use warren_kernel::{ExitStatus, Fd, ProcContext};

use crate::util::{close_input, complain, fail, getopt, open_input, LineReader, Opts};

/// Filter adjacent duplicates of the input (stdin when no operand). Status 0; 1 on errors.
pub async fn main(ctx: ProcContext) -> ExitStatus {
    let opts = match getopt(crate::util::args(&ctx), "cdu", "") {
        Ok(o) => o,
        Err(e) => return fail(&ctx, "uniq", &e).await,
    };
    let file = opts.operands.first().cloned().unwrap_or_else(|| "-".into());
    let fd = match open_input(&ctx, &file).await {
        Ok(fd) => fd,
        Err(e) => {
            complain(&ctx, "uniq", &file, e).await;
            return ExitStatus::FAILURE;
        }
    };
    let result = run(&ctx, fd, &opts).await;
    close_input(&ctx, fd).await;
    match result {
        Ok(()) => ExitStatus::SUCCESS,
        Err(e) => {
            complain(&ctx, "uniq", &file, e).await;
            ExitStatus::FAILURE
        }
    }
}

async fn run(ctx: &ProcContext, fd: Fd, opts: &Opts) -> warren_proto::Result<()> {
    let mut lines = LineReader::new(fd);
    let mut current: Option<(Bytes, u64)> = None;
    while let Some(line) = lines.next_line(ctx).await? {
        let line = with_newline(line);
        match &mut current {
            Some((prev, n)) if *prev == line => *n += 1,
            _ => {
                if let Some((prev, n)) = current.replace((line, 1)) {
                    emit(ctx, opts, &prev, n).await;
                }
            }
        }
    }
    if let Some((prev, n)) = current {
        emit(ctx, opts, &prev, n).await;
    }
    Ok(())
}

fn with_newline(line: Bytes) -> Bytes {
    if line.ends_with(b"\n") {
        return line;
    }
    let mut v = line.to_vec();
    v.push(b'\n');
    v.into()
}

async fn emit(ctx: &ProcContext, opts: &Opts, line: &Bytes, n: u64) {
    if (opts.has('d') && n == 1) || (opts.has('u') && n > 1) {
        return;
    }
    let out = if opts.has('c') {
        let mut v = format!("{n:>7} ").into_bytes();
        v.extend_from_slice(line);
        Bytes::from(v)
    } else {
        line.clone()
    };
    let _ = ctx.write_all(Fd::STDOUT, out).await;
}
