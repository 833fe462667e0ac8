//! Translation of POSIX basic regular expressions (BRE) to the `regex` crate's syntax.

/// The `regex`-syntax equivalent of the BRE `pattern` (POSIX XBD 9.3, with GNU's `\+`,
/// `\?`, `\|`, `\<`, `\>`): escaped `( ) { } | + ?` become operators, bare ones literals; a
/// leading `*` is literal; bracket expressions are copied with backslashes made literal.
pub fn to_ere(pattern: &str) -> String {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::with_capacity(pattern.len() + 8);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' if i + 1 < chars.len() => {
                let n = chars[i + 1];
                match n {
                    '(' | ')' | '{' | '}' | '|' | '+' | '?' => out.push(n),
                    '<' | '>' => out.push_str("\\b"),
                    _ => {
                        out.push('\\');
                        out.push(n);
                    }
                }
                i += 2;
                continue;
            }
            '(' | ')' | '{' | '}' | '|' | '+' | '?' => {
                out.push('\\');
                out.push(c);
            }
            '*' if i == 0 => out.push_str("\\*"),
            '[' => {
                i = copy_bracket(&chars, i, &mut out);
                continue;
            }
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

/// Copy the bracket expression starting at `chars[start] == '['`; returns the index after it.
fn copy_bracket(chars: &[char], start: usize, out: &mut String) -> usize {
    let mut i = start + 1;
    out.push('[');
    if chars.get(i) == Some(&'^') {
        out.push('^');
        i += 1;
    }
    if chars.get(i) == Some(&']') {
        out.push_str("\\]");
        i += 1;
    }
    while i < chars.len() && chars[i] != ']' {
        if chars[i] == '[' && chars.get(i + 1) == Some(&':') {
            if let Some(len) = chars[i..].windows(2).position(|w| w == [':', ']']) {
                out.extend(&chars[i..i + len + 2]);
                i += len + 2;
                continue;
            }
        }
        if matches!(chars[i], '\\' | '[' | '&' | '~') {
            out.push('\\');
        }
        out.push(chars[i]);
        i += 1;
    }
    if i < chars.len() {
        out.push(']');
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::to_ere;

    #[test]
    fn escaped_operators_become_operators_and_bare_ones_literals() {
        assert_eq!(to_ere(r"\(ab\)\{2\}"), "(ab){2}");
        assert_eq!(to_ere("a|b+(c)"), r"a\|b\+\(c\)");
        assert_eq!(to_ere("*x"), r"\*x");
        assert_eq!(to_ere(r"\<w\>"), r"\bw\b");
    }

    #[test]
    fn bracket_expressions_keep_classes_and_literal_backslashes() {
        assert_eq!(to_ere(r"[\a]"), r"[\\a]");
        assert_eq!(to_ere("[]x]"), r"[\]x]");
        assert_eq!(to_ere("[[:digit:]]+"), r"[[:digit:]]\+");
    }
}
