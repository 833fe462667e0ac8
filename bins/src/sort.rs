//! `sort [-rnu] [FILE...]`: sort lines (POSIX `sort`). `-n` compares a leading decimal
//! number (no number counts as 0), `-r` reverses, `-u` keeps one line of each run of equal
//! keys. Lines that compare equal under `-n` fall back to byte order, unless `-u`.

use std::cmp::Ordering;

use warren_kernel::{ExitStatus, Fd, ProcContext};

use crate::util::{close_input, complain, fail, getopt, open_input, read_all};

/// Sort the lines of all operands (stdin when none) to stdout. Status 0; 2 if an input could
/// not be read (as GNU sort).
pub async fn main(ctx: ProcContext) -> ExitStatus {
    let opts = match getopt(crate::util::args(&ctx), "rnu", "") {
        Ok(o) => o,
        Err(e) => {
            fail(&ctx, "sort", &e).await;
            return ExitStatus(2);
        }
    };
    let mut files = opts.operands.clone();
    if files.is_empty() {
        files.push("-".into());
    }
    let mut lines: Vec<Vec<u8>> = Vec::new();
    for file in &files {
        let data = match open_input(&ctx, file).await {
            Ok(fd) => {
                let data = read_all(&ctx, fd).await;
                close_input(&ctx, fd).await;
                data
            }
            Err(e) => Err(e),
        };
        match data {
            Ok(data) => lines.extend(split_lines(&data)),
            Err(e) => {
                complain(&ctx, "sort", file, e).await;
                return ExitStatus(2);
            }
        }
    }
    sort_lines(&mut lines, opts.has('n'), opts.has('r'), opts.has('u'));
    let mut out = Vec::new();
    for line in lines {
        out.extend_from_slice(&line);
        out.push(b'\n');
    }
    match ctx.write_all(Fd::STDOUT, out).await {
        Ok(()) => ExitStatus::SUCCESS,
        Err(_) => ExitStatus::FAILURE,
    }
}

/// The lines of `data` without their newlines; a final line without one still counts.
pub(crate) fn split_lines(data: &[u8]) -> Vec<Vec<u8>> {
    let body = data.strip_suffix(b"\n").unwrap_or(data);
    if data.is_empty() {
        return Vec::new();
    }
    body.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect()
}

fn sort_lines(lines: &mut Vec<Vec<u8>>, numeric: bool, reverse: bool, unique: bool) {
    let key = |a: &Vec<u8>, b: &Vec<u8>| {
        if numeric {
            number(a).partial_cmp(&number(b)).unwrap_or(Ordering::Equal)
        } else {
            a.cmp(b)
        }
    };
    lines.sort_by(|a, b| {
        let mut o = key(a, b);
        if o == Ordering::Equal && !unique {
            o = a.cmp(b);
        }
        if reverse {
            o.reverse()
        } else {
            o
        }
    });
    if unique {
        lines.dedup_by(|a, b| key(a, b) == Ordering::Equal);
    }
}

/// The decimal number at the start of `line` (after blanks): `-12.5x` → -12.5; none → 0.
fn number(line: &[u8]) -> f64 {
    let text = String::from_utf8_lossy(line);
    let t = text.trim_start();
    let mut end = 0;
    for (i, c) in t.char_indices() {
        let ok = c.is_ascii_digit() || (c == '-' && i == 0) || (c == '.' && !t[..i].contains('.'));
        if !ok {
            break;
        }
        end = i + c.len_utf8();
    }
    t[..end].parse().unwrap_or(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(input: &str, n: bool, r: bool, u: bool) -> String {
        let mut lines = split_lines(input.as_bytes());
        sort_lines(&mut lines, n, r, u);
        let v: Vec<String> = lines
            .into_iter()
            .map(|l| String::from_utf8(l).unwrap())
            .collect();
        v.join(",")
    }

    #[test]
    fn lines_sort_bytewise_reversed_and_unique() {
        assert_eq!(sorted("b\na\nc\na\n", false, false, false), "a,a,b,c");
        assert_eq!(sorted("b\na\nc", false, true, false), "c,b,a");
        assert_eq!(sorted("b\na\nb\n", false, false, true), "a,b");
    }

    #[test]
    fn numeric_sort_reads_leading_numbers() {
        assert_eq!(
            sorted("10\n9\n-1\nx\n2.5\n", true, false, false),
            "-1,x,2.5,9,10"
        );
        assert_eq!(sorted("1 a\n01 b\n", true, false, true), "1 a");
    }
}
