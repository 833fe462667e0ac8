//! `tail [-n N | -n +N | -N] [FILE]`: the last N lines (default 10), or everything from line
//! N with `+N` (POSIX `tail`).

use std::collections::VecDeque;

use bytes::Bytes;
use warren_kernel::{ExitStatus, Fd, ProcContext};

use crate::head::expand_short_count;
use crate::util::{close_input, complain, fail, getopt, open_input, LineReader};

/// Which lines to print.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Span {
    /// The last N lines.
    Last(usize),
    /// From line N (1-based) to the end.
    From(u64),
}

/// Print the end of each operand (stdin when none). Status 0; 1 if an input failed.
pub async fn main(ctx: ProcContext) -> ExitStatus {
    let args = expand_short_count(crate::util::args(&ctx));
    let opts = match getopt(&args, "", "n") {
        Ok(o) => o,
        Err(e) => return fail(&ctx, "tail", &e).await,
    };
    let span = match opts.value('n').map(parse_span) {
        None => Span::Last(10),
        Some(Some(s)) => s,
        Some(None) => return fail(&ctx, "tail", "invalid number of lines").await,
    };
    let mut files = opts.operands.clone();
    if files.is_empty() {
        files.push("-".into());
    }
    let mut status = ExitStatus::SUCCESS;
    for (i, file) in files.iter().enumerate() {
        if files.len() > 1 {
            let sep = if i == 0 { "" } else { "\n" };
            let _ = ctx
                .write_all(Fd::STDOUT, format!("{sep}==> {file} <==\n"))
                .await;
        }
        if let Err(e) = tail_one(&ctx, file, span).await {
            complain(&ctx, "tail", file, e).await;
            status = ExitStatus::FAILURE;
        }
    }
    status
}

fn parse_span(value: &str) -> Option<Span> {
    match value.strip_prefix('+') {
        Some(n) => n.parse().ok().map(Span::From),
        None => value.trim_start_matches('-').parse().ok().map(Span::Last),
    }
}

async fn tail_one(ctx: &ProcContext, file: &str, span: Span) -> warren_proto::Result<()> {
    let fd = open_input(ctx, file).await?;
    let mut lines = LineReader::new(fd);
    let mut kept: VecDeque<Bytes> = VecDeque::new();
    let mut number = 0u64;
    let result = loop {
        let line = match lines.next_line(ctx).await {
            Ok(Some(line)) => line,
            Ok(None) => break Ok(()),
            Err(e) => break Err(e),
        };
        number += 1;
        match span {
            Span::From(first) if number >= first => {
                if ctx.write_all(Fd::STDOUT, line).await.is_err() {
                    break Ok(());
                }
            }
            Span::From(_) => {}
            Span::Last(n) => {
                kept.push_back(line);
                if kept.len() > n {
                    kept.pop_front();
                }
            }
        }
    };
    close_input(ctx, fd).await;
    for line in kept {
        let _ = ctx.write_all(Fd::STDOUT, line).await;
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_parse_last_and_from_forms() {
        assert_eq!(parse_span("3"), Some(Span::Last(3)));
        assert_eq!(parse_span("+2"), Some(Span::From(2)));
        assert_eq!(parse_span("x"), None);
    }
}
