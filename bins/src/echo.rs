//! `echo [-neE] [ARG...]`: print the arguments separated by spaces (GNU `echo` options:
//! `-n` no newline, `-e` interpret `\n \t \\ \c ...`, `-E` do not).

use warren_kernel::{ExitStatus, Fd, ProcContext};

/// Print the arguments. Status 0, or 1 if stdout fails.
pub async fn main(ctx: ProcContext) -> ExitStatus {
    let out = render(crate::util::args(&ctx));
    match ctx.write_all(Fd::STDOUT, out).await {
        Ok(()) => ExitStatus::SUCCESS,
        Err(_) => ExitStatus::FAILURE,
    }
}

/// The bytes `echo ARGS` prints.
fn render(args: &[String]) -> String {
    let (mut newline, mut escapes) = (true, false);
    let mut i = 0;
    while let Some(arg) = args.get(i) {
        let letters = arg.strip_prefix('-').filter(|l| !l.is_empty());
        match letters {
            Some(l) if l.chars().all(|c| "neE".contains(c)) => {
                for c in l.chars() {
                    match c {
                        'n' => newline = false,
                        'e' => escapes = true,
                        _ => escapes = false,
                    }
                }
                i += 1;
            }
            _ => break,
        }
    }
    let joined = args[i..].join(" ");
    if !escapes {
        return if newline { joined + "\n" } else { joined };
    }
    let (mut text, stopped) = unescape(&joined);
    if newline && !stopped {
        text.push('\n');
    }
    text
}

/// Interpret backslash escapes; the flag says `\c` cut the output short.
fn unescape(s: &str) -> (String, bool) {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('a') => out.push('\x07'),
            Some('b') => out.push('\x08'),
            Some('f') => out.push('\x0c'),
            Some('v') => out.push('\x0b'),
            Some('e') => out.push('\x1b'),
            Some('\\') => out.push('\\'),
            Some('c') => return (out, true),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    (out, false)
}

#[cfg(test)]
mod tests {
    use super::render;

    fn echo(args: &[&str]) -> String {
        render(&args.iter().map(|a| a.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn echo_joins_arguments_and_ends_with_newline() {
        assert_eq!(echo(&["a", "b c"]), "a b c\n");
        assert_eq!(echo(&[]), "\n");
    }

    #[test]
    fn echo_options_suppress_newline_and_interpret_escapes() {
        assert_eq!(echo(&["-n", "x"]), "x");
        assert_eq!(echo(&["-e", "a\\tb\\n"]), "a\tb\n\n");
        assert_eq!(echo(&["-ne", "a\\cb"]), "a");
        assert_eq!(echo(&["a\\n"]), "a\\n\n");
        assert_eq!(echo(&["-x", "y"]), "-x y\n");
    }
}
