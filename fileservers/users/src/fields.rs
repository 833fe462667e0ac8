//! Field helpers shared by the three line formats: lines, fields, names, numbers, uniqueness.

use std::collections::HashSet;
use std::hash::Hash;

use warren_proto::{Errno, Result};

/// Longest user or group name, in bytes (Linux `LOGIN_NAME_MAX` is larger; 32 is what
/// `useradd(8)` accepts).
const NAME_MAX: usize = 32;

/// The lines of a table text: one per `\n`-terminated line; the last may lack its `\n`.
/// The empty text has no lines.
pub(crate) fn lines(text: &str) -> impl Iterator<Item = &str> {
    let body = text.strip_suffix('\n').unwrap_or(text);
    body.split('\n').filter(move |_| !text.is_empty())
}

/// Split `line` at `:` into exactly `N` fields.
///
/// # Errors
/// `EINVAL` when the line has fewer or more than `N` fields.
pub(crate) fn fields<const N: usize>(line: &str) -> Result<[&str; N]> {
    let mut out = [""; N];
    let mut parts = line.split(':');
    for slot in out.iter_mut() {
        *slot = parts.next().ok_or(Errno::EINVAL)?;
    }
    match parts.next() {
        Some(_) => Err(Errno::EINVAL),
        None => Ok(out),
    }
}

/// Check a user or group name: 1 to 32 bytes of ASCII letters, digits, `_`, `-` and `.`,
/// not starting with `-` or `.` (the portable set of POSIX `useradd`).
///
/// # Errors
/// `EINVAL` for any other name.
pub(crate) fn check_name(name: &str) -> Result<()> {
    let ok_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.');
    let ok = !name.is_empty()
        && name.len() <= NAME_MAX
        && !name.starts_with(['-', '.'])
        && name.chars().all(ok_char);
    ok.then_some(()).ok_or(Errno::EINVAL)
}

/// Check a free-text field (gecos, home, shell): no control characters.
///
/// # Errors
/// `EINVAL` when the field holds a control character.
pub(crate) fn check_text(field: &str) -> Result<()> {
    match field.chars().any(char::is_control) {
        true => Err(Errno::EINVAL),
        false => Ok(()),
    }
}

/// Parse a decimal number of ASCII digits only (no sign, no spaces).
///
/// # Errors
/// `EINVAL` for an empty field, any other character, or a value over `u32::MAX`.
pub(crate) fn parse_u32(field: &str) -> Result<u32> {
    if field.is_empty() || !field.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Errno::EINVAL);
    }
    field.parse().map_err(|_| Errno::EINVAL)
}

/// Parse an optional decimal number: the empty field is `None`.
///
/// # Errors
/// As [`parse_u32`] for a non-empty field.
pub(crate) fn parse_opt(field: &str) -> Result<Option<u32>> {
    match field {
        "" => Ok(None),
        f => parse_u32(f).map(Some),
    }
}

/// Check that `key` gives every item a different value.
///
/// # Errors
/// `EINVAL` when two items share a key.
pub(crate) fn check_unique<T, K: Eq + Hash>(items: &[T], key: impl Fn(&T) -> K) -> Result<()> {
    let mut seen = HashSet::new();
    match items.iter().all(|item| seen.insert(key(item))) {
        true => Ok(()),
        false => Err(Errno::EINVAL),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_of_empty_text_are_none_and_last_newline_is_optional() {
        assert_eq!(lines("").count(), 0);
        assert_eq!(lines("a\nb\n").collect::<Vec<_>>(), ["a", "b"]);
        assert_eq!(lines("a\nb").collect::<Vec<_>>(), ["a", "b"]);
        assert_eq!(lines("a\n\nb\n").collect::<Vec<_>>(), ["a", "", "b"]);
    }

    #[test]
    fn fields_demand_the_exact_count() {
        assert_eq!(fields::<3>("a:b:c"), Ok(["a", "b", "c"]));
        assert_eq!(fields::<3>("a:b"), Err(Errno::EINVAL));
        assert_eq!(fields::<3>("a:b:c:d"), Err(Errno::EINVAL));
    }

    #[test]
    fn names_and_numbers_reject_odd_input() {
        assert_eq!(check_name("alice_1.x-y"), Ok(()));
        for bad in ["", "-x", ".x", "a b", "a/b", "é", &"a".repeat(33)] {
            assert_eq!(check_name(bad), Err(Errno::EINVAL), "{bad:?}");
        }
        assert_eq!(parse_u32("4294967295"), Ok(u32::MAX));
        for bad in ["", "+1", "-1", " 1", "4294967296", "1x"] {
            assert_eq!(parse_u32(bad), Err(Errno::EINVAL), "{bad:?}");
        }
    }
}
