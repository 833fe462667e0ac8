//! `/etc/shadow`: the password hashes, one account per line in the nine-field format of
//! shadow(5): `name:hash:lastchg:min:max:warn:inactive:expire:reserved`.

use warren_proto::Result;

use crate::fields::{check_name, check_text, check_unique, fields, lines, parse_opt};
use crate::hash::check_hash;

/// One line of `/etc/shadow` (shadow(5)). Day counts are days since 1970-01-01; `None` is an
/// empty field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shadow {
    /// The account's login name; it MUST name a user of `/etc/passwd`.
    pub name: String,
    /// An argon2 PHC string (`$argon2id$...`), empty (no password needed), or starting with
    /// `!` or equal to `*` (locked: no password verifies).
    pub hash: String,
    /// Day of the last password change.
    pub lastchg: Option<u32>,
    /// Minimum password age in days.
    pub min: Option<u32>,
    /// Maximum password age in days.
    pub max: Option<u32>,
    /// Days of warning before the password expires.
    pub warn: Option<u32>,
    /// Days after expiry during which the password is still accepted.
    pub inactive: Option<u32>,
    /// Day the account expires.
    pub expire: Option<u32>,
    /// Reserved field, kept as is.
    pub reserved: String,
}

impl Shadow {
    /// An entry for `name` with `hash` and every other field empty.
    pub fn new(name: &str, hash: &str) -> Shadow {
        Shadow {
            name: name.to_string(),
            hash: hash.to_string(),
            lastchg: None,
            min: None,
            max: None,
            warn: None,
            inactive: None,
            expire: None,
            reserved: String::new(),
        }
    }
}

/// Parse the text of `/etc/shadow`: one [`Shadow`] per line, in order.
///
/// Whether each name is a user is the store's check, not this function's.
///
/// # Errors
/// `EINVAL` for a malformed line (not nine fields, a bad name, a hash that is neither empty,
/// locked nor an argon2 PHC string, a non-numeric day count, a control character, a blank
/// line) or a duplicate name.
pub fn parse_shadow(text: &str) -> Result<Vec<Shadow>> {
    let entries = lines(text).map(parse_line).collect::<Result<Vec<_>>>()?;
    check_unique(&entries, |s| s.name.clone())?;
    Ok(entries)
}

/// The text of `/etc/shadow` for `entries`: one `\n`-terminated line each, in order.
/// `parse_shadow(&format_shadow(s)) == Ok(s)` for any `s` it accepts.
pub fn format_shadow(entries: &[Shadow]) -> String {
    let day = |d: Option<u32>| d.map(|d| d.to_string()).unwrap_or_default();
    entries
        .iter()
        .map(|s| {
            let days = [s.lastchg, s.min, s.max, s.warn, s.inactive, s.expire].map(day);
            format!("{}:{}:{}:{}\n", s.name, s.hash, days.join(":"), s.reserved)
        })
        .collect()
}

/// Parse one shadow line. Errors: `EINVAL`, as [`parse_shadow`].
fn parse_line(line: &str) -> Result<Shadow> {
    let [name, hash, lastchg, min, max, warn, inactive, expire, reserved] = fields(line)?;
    check_name(name)?;
    check_hash(hash)?;
    check_text(reserved)?;
    Ok(Shadow {
        name: name.to_string(),
        hash: hash.to_string(),
        lastchg: parse_opt(lastchg)?,
        min: parse_opt(min)?,
        max: parse_opt(max)?,
        warn: parse_opt(warn)?,
        inactive: parse_opt(inactive)?,
        expire: parse_opt(expire)?,
        reserved: reserved.to_string(),
    })
}
