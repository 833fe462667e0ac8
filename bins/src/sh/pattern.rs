//! Shell pattern matching (POSIX 2.13): `*`, `?`, `[...]` (with `!`/`^`, ranges and
//! `[:class:]`), and `\` quoting the next character.

/// One element of a compiled pattern.
#[derive(Debug, PartialEq, Eq)]
enum Tok {
    Char(char),
    Any,
    Star,
    Class { negate: bool, items: Vec<Item> },
}

/// One member of a bracket expression.
#[derive(Debug, PartialEq, Eq)]
enum Item {
    Range(char, char),
    Named(String),
}

/// Backslash-escape the characters special in patterns (`\ * ? [ ]`), so `s` matches itself.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '\\' | '*' | '?' | '[' | ']') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `pat` with its quoting backslashes removed.
pub(crate) fn unescape(pat: &str) -> String {
    let mut out = String::with_capacity(pat.len());
    let mut chars = pat.chars();
    while let Some(c) = chars.next() {
        out.push(if c == '\\' {
            chars.next().unwrap_or('\\')
        } else {
            c
        });
    }
    out
}

/// Whether `pat` contains an unquoted `*`, `?` or a bracket expression.
pub(crate) fn has_magic(pat: &str) -> bool {
    compile(pat).iter().any(|t| !matches!(t, Tok::Char(_)))
}

/// Whether all of `text` matches `pat`.
pub(crate) fn matches(pat: &str, text: &str) -> bool {
    let toks = compile(pat);
    let text: Vec<char> = text.chars().collect();
    let (mut p, mut t) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        match toks.get(p) {
            Some(Tok::Star) => {
                star = Some((p, t));
                p += 1;
            }
            Some(tok) if one(tok, text[t]) => {
                p += 1;
                t += 1;
            }
            _ => match star {
                Some((sp, st)) => {
                    p = sp + 1;
                    t = st + 1;
                    star = Some((sp, st + 1));
                }
                None => return false,
            },
        }
    }
    toks[p..].iter().all(|t| *t == Tok::Star)
}

fn one(tok: &Tok, c: char) -> bool {
    match tok {
        Tok::Char(x) => *x == c,
        Tok::Any => true,
        Tok::Star => false,
        Tok::Class { negate, items } => items.iter().any(|i| item_has(i, c)) != *negate,
    }
}

fn item_has(item: &Item, c: char) -> bool {
    match item {
        Item::Range(lo, hi) => *lo <= c && c <= *hi,
        Item::Named(name) => match name.as_str() {
            "alpha" => c.is_alphabetic(),
            "digit" => c.is_ascii_digit(),
            "alnum" => c.is_alphanumeric(),
            "upper" => c.is_uppercase(),
            "lower" => c.is_lowercase(),
            "space" => c.is_whitespace(),
            "blank" => c == ' ' || c == '\t',
            "punct" => c.is_ascii_punctuation(),
            "xdigit" => c.is_ascii_hexdigit(),
            _ => false,
        },
    }
}

fn compile(pat: &str) -> Vec<Tok> {
    let chars: Vec<char> = pat.chars().collect();
    let mut toks = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '\\' if i + 1 < chars.len() => {
                toks.push(Tok::Char(chars[i + 1]));
                i += 1;
            }
            '*' => toks.push(Tok::Star),
            '?' => toks.push(Tok::Any),
            '[' => match class(&chars, i) {
                Some((tok, end)) => {
                    toks.push(tok);
                    i = end;
                }
                None => toks.push(Tok::Char('[')),
            },
            c => toks.push(Tok::Char(c)),
        }
        i += 1;
    }
    toks
}

/// The bracket expression at `chars[start] == '['` and the index of its `]`; `None` when it
/// is not closed (then `[` is literal).
fn class(chars: &[char], start: usize) -> Option<(Tok, usize)> {
    let mut i = start + 1;
    let negate = matches!(chars.get(i), Some('!' | '^'));
    if negate {
        i += 1;
    }
    let mut items = Vec::new();
    let first = i;
    while i < chars.len() && (chars[i] != ']' || i == first) {
        if chars[i] == '[' && chars.get(i + 1) == Some(&':') {
            let rest: String = chars[i + 2..].iter().collect();
            if let Some(end) = rest.find(":]") {
                items.push(Item::Named(rest[..end].to_string()));
                i += 2 + rest[..end].chars().count() + 2;
                continue;
            }
        }
        let mut lo = chars[i];
        if lo == '\\' && i + 1 < chars.len() {
            i += 1;
            lo = chars[i];
        }
        if chars.get(i + 1) == Some(&'-') && chars.get(i + 2).is_some_and(|c| *c != ']') {
            items.push(Item::Range(lo, chars[i + 2]));
            i += 3;
        } else {
            items.push(Item::Range(lo, lo));
            i += 1;
        }
    }
    (i < chars.len()).then_some((Tok::Class { negate, items }, i))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stars_questions_and_classes_match() {
        assert!(matches("*.txt", "a.txt"));
        assert!(!matches("*.txt", "a.txt.bak"));
        assert!(matches("a*b*c", "aXbYbZc"));
        assert!(matches("?x", "ax") && !matches("?x", "x"));
        assert!(matches("[a-c]1", "b1") && !matches("[!a-c]1", "b1"));
        assert!(matches("[[:digit:]]*", "7up"));
        assert!(matches("*", ""));
        assert!(matches("[", "["));
    }

    #[test]
    fn escaped_characters_match_literally() {
        assert!(matches(&escape("*.c"), "*.c"));
        assert!(!matches(&escape("*.c"), "a.c"));
        assert!(!has_magic(&escape("a*b?")));
        assert!(has_magic("a*"));
        assert_eq!(unescape(&escape("a\\*b")), "a\\*b");
    }
}
