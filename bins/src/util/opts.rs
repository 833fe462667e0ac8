//! `getopt(3)`-style option parsing shared by the utilities.

/// The options and operands of a command line, as [`getopt`] parsed them.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Opts {
    flags: Vec<char>,
    values: Vec<(char, String)>,
    /// The arguments after the options, in order.
    pub operands: Vec<String>,
}

impl Opts {
    /// Whether option `c` was given (with or without an argument).
    pub fn has(&self, c: char) -> bool {
        self.flags.contains(&c) || self.values.iter().any(|(k, _)| *k == c)
    }

    /// The argument of the last `-c ARG` given.
    pub fn value(&self, c: char) -> Option<&str> {
        self.values
            .iter()
            .rev()
            .find(|(k, _)| *k == c)
            .map(|(_, v)| v.as_str())
    }
}

/// Parse `args` (argv without argv\[0\]) as POSIX `getopt(3)` does: `flags` lists the option
/// letters without an argument, `with_arg` those taking one (`-n 5` or `-n5`). Letters may be
/// combined (`-la`). Options end at `--` (dropped), at a lone `-`, or at the first operand.
///
/// # Errors
/// A message for the utility to print after `PROG: `: `invalid option -- 'x'` for an unknown
/// letter, `option requires an argument -- 'n'` when the argument is missing.
pub fn getopt(args: &[String], flags: &str, with_arg: &str) -> Result<Opts, String> {
    let mut opts = Opts::default();
    let mut i = 0;
    while i < args.len() {
        let arg = &args[i];
        if arg == "--" {
            i += 1;
            break;
        }
        if !arg.starts_with('-') || arg == "-" {
            break;
        }
        let letters: Vec<char> = arg[1..].chars().collect();
        for (j, &c) in letters.iter().enumerate() {
            if flags.contains(c) {
                opts.flags.push(c);
            } else if with_arg.contains(c) {
                let rest: String = letters[j + 1..].iter().collect();
                let value = if !rest.is_empty() {
                    rest
                } else {
                    i += 1;
                    args.get(i)
                        .cloned()
                        .ok_or_else(|| format!("option requires an argument -- '{c}'"))?
                };
                opts.values.push((c, value));
                break;
            } else {
                return Err(format!("invalid option -- '{c}'"));
            }
        }
        i += 1;
    }
    opts.operands = args[i..].to_vec();
    Ok(opts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &[&str]) -> Vec<String> {
        s.iter().map(|a| a.to_string()).collect()
    }

    #[test]
    fn combined_flags_and_attached_or_separate_values_parse() {
        let o = getopt(&args(&["-la", "-n5", "-k", "x", "file"]), "la", "nk").unwrap();
        assert!(o.has('l') && o.has('a') && !o.has('r'));
        assert_eq!(o.value('n'), Some("5"));
        assert_eq!(o.value('k'), Some("x"));
        assert_eq!(o.operands, args(&["file"]));
    }

    #[test]
    fn double_dash_and_lone_dash_end_options() {
        let o = getopt(&args(&["-a", "--", "-b"]), "ab", "").unwrap();
        assert_eq!(o.operands, args(&["-b"]));
        let o = getopt(&args(&["-", "-a"]), "a", "").unwrap();
        assert_eq!(o.operands, args(&["-", "-a"]));
    }

    #[test]
    fn unknown_option_and_missing_argument_are_reported() {
        assert_eq!(
            getopt(&args(&["-z"]), "a", ""),
            Err("invalid option -- 'z'".into())
        );
        assert_eq!(
            getopt(&args(&["-n"]), "", "n"),
            Err("option requires an argument -- 'n'".into())
        );
    }
}
