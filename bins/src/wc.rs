//! `wc [-lwc] [FILE...]`: count lines, words and bytes (POSIX `wc`); no option means all
//! three. Counts of several inputs are followed by a `total` line.

use warren_kernel::{ExitStatus, Fd, ProcContext};

use crate::util::{close_input, complain, fail, getopt, open_input, CHUNK};

/// Line, word and byte counts of one input.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Counts {
    lines: u64,
    words: u64,
    bytes: u64,
}

/// Count the operands (stdin when none). Status 0; 1 if an input could not be read.
pub async fn main(ctx: ProcContext) -> ExitStatus {
    let opts = match getopt(crate::util::args(&ctx), "lwc", "") {
        Ok(o) => o,
        Err(e) => return fail(&ctx, "wc", &e).await,
    };
    let mut show = [opts.has('l'), opts.has('w'), opts.has('c')];
    if !show.iter().any(|s| *s) {
        show = [true; 3];
    }
    let stdin_only = opts.operands.is_empty();
    let names = if stdin_only {
        vec!["-".to_string()]
    } else {
        opts.operands
    };
    let mut status = ExitStatus::SUCCESS;
    let mut rows: Vec<(Counts, String)> = Vec::new();
    for name in names {
        match count_input(&ctx, &name).await {
            Ok(c) => rows.push((c, name)),
            Err(e) => {
                complain(&ctx, "wc", &name, e).await;
                status = ExitStatus::FAILURE;
            }
        }
    }
    if rows.len() > 1 {
        let total = rows.iter().fold(Counts::default(), |t, (c, _)| Counts {
            lines: t.lines + c.lines,
            words: t.words + c.words,
            bytes: t.bytes + c.bytes,
        });
        rows.push((total, "total".into()));
    }
    let text = format_rows(&rows, show, stdin_only);
    if ctx.write_all(Fd::STDOUT, text).await.is_err() {
        return ExitStatus::FAILURE;
    }
    status
}

async fn count_input(ctx: &ProcContext, name: &str) -> warren_proto::Result<Counts> {
    let fd = open_input(ctx, name).await?;
    let mut counts = Counts::default();
    let mut in_word = false;
    let result = loop {
        let chunk = match ctx.read(fd, CHUNK).await {
            Ok(c) => c,
            Err(e) => break Err(e),
        };
        if chunk.is_empty() {
            break Ok(counts);
        }
        count_chunk(&chunk, &mut counts, &mut in_word);
    };
    close_input(ctx, fd).await;
    result
}

fn count_chunk(chunk: &[u8], counts: &mut Counts, in_word: &mut bool) {
    counts.bytes += chunk.len() as u64;
    for &b in chunk {
        if b == b'\n' {
            counts.lines += 1;
        }
        let space = b.is_ascii_whitespace();
        if !space && !*in_word {
            counts.words += 1;
        }
        *in_word = !space;
    }
}

/// The output lines: numbers right-aligned to a common width (GNU: width 1 for a single
/// number, else the widest number's, at least 7 when reading stdin), then the name.
fn format_rows(rows: &[(Counts, String)], show: [bool; 3], stdin_only: bool) -> String {
    let numbers = |c: &Counts| {
        [c.lines, c.words, c.bytes]
            .into_iter()
            .zip(show)
            .filter(|(_, s)| *s)
            .map(|(n, _)| n)
    };
    let single = rows.len() == 1 && show.iter().filter(|s| **s).count() == 1;
    let widest = rows
        .iter()
        .flat_map(|(c, _)| numbers(c))
        .max()
        .unwrap_or(0)
        .to_string()
        .len();
    let width = if single {
        1
    } else if stdin_only {
        widest.max(7)
    } else {
        widest
    };
    let mut out = String::new();
    for (c, name) in rows {
        let cols: Vec<String> = numbers(c).map(|n| format!("{n:>width$}")).collect();
        out.push_str(&cols.join(" "));
        if !stdin_only {
            out.push(' ');
            out.push_str(name);
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_counted_across_chunk_boundaries() {
        let (mut c, mut w) = (Counts::default(), false);
        count_chunk(b"hello wo", &mut c, &mut w);
        count_chunk(b"rld\nx\n", &mut c, &mut w);
        assert_eq!(
            c,
            Counts {
                lines: 2,
                words: 3,
                bytes: 14
            }
        );
    }

    #[test]
    fn single_count_of_stdin_is_unpadded_and_files_get_names() {
        let c = Counts {
            lines: 3,
            words: 5,
            bytes: 20,
        };
        assert_eq!(
            format_rows(&[(c, "-".into())], [true, false, false], true),
            "3\n"
        );
        assert_eq!(
            format_rows(&[(c, "-".into())], [true; 3], true),
            "      3       5      20\n"
        );
        assert_eq!(
            format_rows(&[(c, "f".into())], [true; 3], false),
            " 3  5 20 f\n"
        );
    }
}
