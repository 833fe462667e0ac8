//! `head [-n N | -N] [FILE...]`: the first N lines (default 10) of each input (POSIX
//! `head`); several inputs get `==> NAME <==` headers.

use warren_kernel::{ExitStatus, Fd, ProcContext};

use crate::util::{close_input, complain, fail, getopt, open_input, LineReader};

/// Copy the first lines of each operand (stdin when none). Status 0; 1 if an input failed.
pub async fn main(ctx: ProcContext) -> ExitStatus {
    let args = expand_short_count(crate::util::args(&ctx));
    let opts = match getopt(&args, "", "n") {
        Ok(o) => o,
        Err(e) => return fail(&ctx, "head", &e).await,
    };
    let count = match opts.value('n').map(str::parse::<u64>) {
        None => 10,
        Some(Ok(n)) => n,
        Some(Err(_)) => return fail(&ctx, "head", "invalid number of lines").await,
    };
    let mut files = opts.operands.clone();
    if files.is_empty() {
        files.push("-".into());
    }
    let mut status = ExitStatus::SUCCESS;
    for (i, file) in files.iter().enumerate() {
        if files.len() > 1 {
            let sep = if i == 0 { "" } else { "\n" };
            let name = if file == "-" { "standard input" } else { file };
            let _ = ctx
                .write_all(Fd::STDOUT, format!("{sep}==> {name} <==\n"))
                .await;
        }
        if let Err(e) = head_one(&ctx, file, count).await {
            complain(&ctx, "head", file, e).await;
            status = ExitStatus::FAILURE;
        }
    }
    status
}

/// `-5` means `-n 5` (the historical form).
pub(crate) fn expand_short_count(args: &[String]) -> Vec<String> {
    match args.first() {
        Some(a)
            if a.len() > 1 && a.starts_with('-') && a[1..].bytes().all(|b| b.is_ascii_digit()) =>
        {
            let mut out = vec!["-n".to_string(), a[1..].to_string()];
            out.extend_from_slice(&args[1..]);
            out
        }
        _ => args.to_vec(),
    }
}

async fn head_one(ctx: &ProcContext, file: &str, count: u64) -> warren_proto::Result<()> {
    let fd = open_input(ctx, file).await?;
    let mut lines = LineReader::new(fd);
    let mut result = Ok(());
    for _ in 0..count {
        match lines.next_line(ctx).await {
            Ok(Some(line)) => {
                if ctx.write_all(Fd::STDOUT, line).await.is_err() {
                    break;
                }
            }
            Ok(None) => break,
            Err(e) => {
                result = Err(e);
                break;
            }
        }
    }
    close_input(ctx, fd).await;
    result
}

#[cfg(test)]
mod tests {
    use super::expand_short_count;

    #[test]
    fn dash_number_becomes_dash_n() {
        let args: Vec<String> = vec!["-3".into(), "f".into()];
        assert_eq!(expand_short_count(&args), vec!["-n", "3", "f"]);
        let args: Vec<String> = vec!["-n".into(), "3".into()];
        assert_eq!(expand_short_count(&args), args);
    }
}
