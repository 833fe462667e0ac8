//! `sleep SECONDS`: pause (POSIX `sleep`; fractions and an `s`/`m`/`h`/`d` suffix allowed,
//! several operands add up, as GNU's).

use std::time::Duration;

use warren_kernel::{ExitStatus, ProcContext};

use crate::util::fail;

/// Sleep for the sum of the operands. Status 0; 1 for a missing or invalid operand.
pub async fn main(ctx: ProcContext) -> ExitStatus {
    let args = crate::util::args(&ctx);
    if args.is_empty() {
        return fail(&ctx, "sleep", "missing operand").await;
    }
    let mut total = 0.0;
    for arg in args {
        match seconds(arg) {
            Some(s) => total += s,
            None => return fail(&ctx, "sleep", &format!("invalid time interval '{arg}'")).await,
        }
    }
    tokio::time::sleep(Duration::from_secs_f64(total)).await;
    ExitStatus::SUCCESS
}

/// Seconds in an interval such as `1.5`, `2m`, `1h`; `None` if malformed or negative.
fn seconds(arg: &str) -> Option<f64> {
    let (num, unit) = match arg.char_indices().last()? {
        (i, 's') => (&arg[..i], 1.0),
        (i, 'm') => (&arg[..i], 60.0),
        (i, 'h') => (&arg[..i], 3600.0),
        (i, 'd') => (&arg[..i], 86400.0),
        _ => (arg, 1.0),
    };
    let n: f64 = num.parse().ok()?;
    (n.is_finite() && n >= 0.0 && n * unit < 1e9).then_some(n * unit)
}

#[cfg(test)]
mod tests {
    use super::seconds;

    #[test]
    fn intervals_accept_fractions_and_suffixes_and_reject_garbage() {
        assert_eq!(seconds("0.5"), Some(0.5));
        assert_eq!(seconds("2m"), Some(120.0));
        assert_eq!(seconds("1h"), Some(3600.0));
        assert_eq!(seconds("-1"), None);
        assert_eq!(seconds("abc"), None);
        assert_eq!(seconds("inf"), None);
    }
}
