//! `test EXPR` and `[ EXPR ]`: evaluate a condition (POSIX `test`).
//!
//! Operators: `!`, `-a`, `-o`, `( )`; strings `-n -z = == != < >`; integers `-eq -ne -lt
//! -le -gt -ge`; files `-e -f -d -L -h -s -r -w -x` (`-r -w -x` look at the mode's
//! owner/group/other bits, any of them, and are always true for uid 0).
//! Status 0 true, 1 false, 2 on a malformed expression.

use std::future::Future;
use std::pin::Pin;

use warren_kernel::{ExitStatus, ProcContext};
use warren_proto::attr::{S_IFDIR, S_IFLNK, S_IFMT, S_IFREG};

use crate::util::say;

/// A parsed condition.
#[derive(Debug, PartialEq, Eq)]
enum Expr {
    Str(String),
    Unary(String, String),
    Binary(String, String, String),
    Not(Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
}

const UNARY: &[&str] = &[
    "-n", "-z", "-e", "-f", "-d", "-L", "-h", "-s", "-r", "-w", "-x",
];
const BINARY: &[&str] = &[
    "=", "==", "!=", "<", ">", "-eq", "-ne", "-lt", "-le", "-gt", "-ge", "-a", "-o",
];

/// Evaluate the arguments. Status 0 (true), 1 (false) or 2 (error).
pub async fn main(ctx: ProcContext) -> ExitStatus {
    let mut args: Vec<String> = crate::util::args(&ctx).to_vec();
    if ctx.argv().first().is_some_and(|a| a.ends_with('[')) {
        if args.last().map(String::as_str) != Some("]") {
            say(&ctx, "[: missing ']'").await;
            return ExitStatus(2);
        }
        args.pop();
    }
    if args.is_empty() {
        return ExitStatus::FAILURE;
    }
    let mut parser = Parser { args: &args, at: 0 };
    let expr = match parser.or() {
        Ok(e) if parser.at == args.len() => e,
        Ok(_) => return error(&ctx, &format!("unexpected argument '{}'", args[parser.at])).await,
        Err(m) => return error(&ctx, &m).await,
    };
    match eval(&ctx, &expr).await {
        Ok(true) => ExitStatus::SUCCESS,
        Ok(false) => ExitStatus::FAILURE,
        Err(m) => error(&ctx, &m).await,
    }
}

async fn error(ctx: &ProcContext, message: &str) -> ExitStatus {
    say(ctx, &format!("test: {message}")).await;
    ExitStatus(2)
}

struct Parser<'a> {
    args: &'a [String],
    at: usize,
}

impl Parser<'_> {
    fn peek(&self, ahead: usize) -> Option<&str> {
        self.args.get(self.at + ahead).map(String::as_str)
    }

    fn or(&mut self) -> Result<Expr, String> {
        let mut left = self.and()?;
        while self.peek(0) == Some("-o") {
            self.at += 1;
            left = Expr::Or(Box::new(left), Box::new(self.and()?));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Expr, String> {
        let mut left = self.not()?;
        while self.peek(0) == Some("-a") {
            self.at += 1;
            left = Expr::And(Box::new(left), Box::new(self.not()?));
        }
        Ok(left)
    }

    fn not(&mut self) -> Result<Expr, String> {
        if self.peek(0) == Some("!") && self.peek(1).is_some() {
            self.at += 1;
            return Ok(Expr::Not(Box::new(self.not()?)));
        }
        self.primary()
    }

    fn primary(&mut self) -> Result<Expr, String> {
        let first = self.peek(0).ok_or("argument expected")?.to_string();
        if let (Some(op), Some(right)) = (self.peek(1), self.peek(2)) {
            if BINARY.contains(&op) && !matches!(op, "-a" | "-o") {
                let e = Expr::Binary(first, op.to_string(), right.to_string());
                self.at += 3;
                return Ok(e);
            }
        }
        if first == "(" && self.peek(1).is_some() {
            self.at += 1;
            let e = self.or()?;
            if self.peek(0) != Some(")") {
                return Err("missing ')'".into());
            }
            self.at += 1;
            return Ok(e);
        }
        if UNARY.contains(&first.as_str()) {
            if let Some(arg) = self.peek(1) {
                let e = Expr::Unary(first.clone(), arg.to_string());
                self.at += 2;
                return Ok(e);
            }
        }
        self.at += 1;
        Ok(Expr::Str(first))
    }
}

fn eval<'a>(
    ctx: &'a ProcContext,
    e: &'a Expr,
) -> Pin<Box<dyn Future<Output = Result<bool, String>> + Send + 'a>> {
    Box::pin(async move {
        Ok(match e {
            Expr::Str(s) => !s.is_empty(),
            Expr::Not(e) => !eval(ctx, e).await?,
            Expr::And(a, b) => eval(ctx, a).await? && eval(ctx, b).await?,
            Expr::Or(a, b) => eval(ctx, a).await? || eval(ctx, b).await?,
            Expr::Binary(l, op, r) => binary(l, op, r)?,
            Expr::Unary(op, arg) => unary(ctx, op, arg).await,
        })
    })
}

fn binary(l: &str, op: &str, r: &str) -> Result<bool, String> {
    let int = |s: &str| {
        s.trim()
            .parse::<i64>()
            .map_err(|_| format!("{s}: integer expression expected"))
    };
    Ok(match op {
        "=" | "==" => l == r,
        "!=" => l != r,
        "<" => l < r,
        ">" => l > r,
        "-eq" => int(l)? == int(r)?,
        "-ne" => int(l)? != int(r)?,
        "-lt" => int(l)? < int(r)?,
        "-le" => int(l)? <= int(r)?,
        "-gt" => int(l)? > int(r)?,
        _ => int(l)? >= int(r)?,
    })
}

async fn unary(ctx: &ProcContext, op: &str, arg: &str) -> bool {
    match op {
        "-n" => return !arg.is_empty(),
        "-z" => return arg.is_empty(),
        _ => {}
    }
    let attr = if matches!(op, "-L" | "-h") {
        ctx.lstat(arg).await
    } else {
        ctx.stat(arg).await
    };
    let Ok(a) = attr else { return false };
    let root = ctx.uid().0 == 0;
    match op {
        "-f" => a.mode & S_IFMT == S_IFREG,
        "-d" => a.mode & S_IFMT == S_IFDIR,
        "-L" | "-h" => a.mode & S_IFMT == S_IFLNK,
        "-s" => a.size > 0,
        "-r" => root || a.mode & 0o444 != 0,
        "-w" => root || a.mode & 0o222 != 0,
        "-x" => a.mode & 0o111 != 0,
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Expr, String> {
        let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        let mut p = Parser { args: &args, at: 0 };
        let e = p.or()?;
        if p.at != args.len() {
            return Err("trailing".into());
        }
        Ok(e)
    }

    #[test]
    fn operators_parse_with_posix_precedence() {
        let s = |x: &str| Box::new(Expr::Str(x.into()));
        assert_eq!(
            parse(&["a", "-o", "b", "-a", "c"]),
            Ok(Expr::Or(s("a"), Box::new(Expr::And(s("b"), s("c")))))
        );
        assert_eq!(parse(&["!", "x"]), Ok(Expr::Not(s("x"))));
        assert_eq!(parse(&["-f"]), Ok(Expr::Str("-f".into())));
        assert_eq!(
            parse(&["x", "=", "-f"]),
            Ok(Expr::Binary("x".into(), "=".into(), "-f".into()))
        );
        assert!(parse(&["(", "a"]).is_err());
    }

    #[test]
    fn integer_comparisons_need_integers() {
        assert_eq!(binary("3", "-lt", "10"), Ok(true));
        assert_eq!(binary("abc", "<", "abd"), Ok(true));
        assert!(binary("x", "-eq", "1").is_err());
    }
}
