//! `grep [-ivncrlqhHEF] PATTERN [FILE...]`: print lines matching a regular expression
//! (POSIX `grep`, with GNU's `-r`).
//!
//! Patterns use the `regex` crate's syntax. Without `-E` a pattern is first read as a POSIX
//! basic regular expression and translated (`\(` `\)` `\{` `\}` `\|` group and repeat; bare
//! `( ) { } | + ?` are literal; see [`bre`]); `-E` takes it as is; `-F` matches a fixed
//! string. Lines are matched as bytes, so any input is accepted.
//!
//! Exit status: 0 if a line was selected, 1 if none, 2 on an error (a bad pattern, an
//! unreadable file), unless `-q` found a match.

mod bre;
mod search;

use regex::bytes::{Regex, RegexBuilder};
use warren_kernel::{ExitStatus, ProcContext};

use crate::util::{getopt, say};

use search::Search;

/// Run `grep`. Status 0 (selected lines), 1 (none), 2 (error).
pub async fn main(ctx: ProcContext) -> ExitStatus {
    let opts = match getopt(crate::util::args(&ctx), "ivncrRlqhHEFs", "e") {
        Ok(o) => o,
        Err(e) => return usage(&ctx, &e).await,
    };
    let mut operands = opts.operands.clone();
    let pattern = match opts.value('e') {
        Some(p) => p.to_string(),
        None if !operands.is_empty() => operands.remove(0),
        None => return usage(&ctx, "no pattern given").await,
    };
    let regex = match build(&pattern, opts.has('E'), opts.has('F'), opts.has('i')) {
        Ok(r) => r,
        Err(e) => return usage(&ctx, &e).await,
    };
    let recursive = opts.has('r') || opts.has('R');
    if operands.is_empty() {
        operands.push(if recursive { ".".into() } else { "-".into() });
    }
    let names = (operands.len() > 1 || recursive || opts.has('H')) && !opts.has('h');
    let mut search = Search::new(&ctx, regex, &opts, names);
    for operand in &operands {
        if search.run_operand(operand, recursive).await {
            break;
        }
    }
    search.status()
}

async fn usage(ctx: &ProcContext, message: &str) -> ExitStatus {
    say(ctx, &format!("grep: {message}")).await;
    ExitStatus(2)
}

/// The compiled pattern: basic (translated), extended or fixed, optionally case-blind.
fn build(pattern: &str, extended: bool, fixed: bool, icase: bool) -> Result<Regex, String> {
    let source = if fixed {
        regex::escape(pattern)
    } else if extended {
        pattern.to_string()
    } else {
        bre::to_ere(pattern)
    };
    RegexBuilder::new(&source)
        .case_insensitive(icase)
        .build()
        .map_err(|e| format!("invalid pattern '{pattern}': {e}"))
}

#[cfg(test)]
mod tests {
    use super::build;

    #[test]
    fn fixed_basic_and_extended_patterns_compile() {
        assert!(build("a.b", false, true, false).unwrap().is_match(b"xa.by"));
        assert!(!build("a.b", false, true, false).unwrap().is_match(b"axb"));
        assert!(build("A+", true, false, true).unwrap().is_match(b"aaa"));
        assert!(build("a+", false, false, false).unwrap().is_match(b"a+"));
        assert!(build("(", true, false, false).is_err());
    }
}
