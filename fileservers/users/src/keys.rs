//! `/etc/keys`: per-user access keys for authenticated 9P attaches, one per line,
//! `name:hash`, where `hash` is an argon2 PHC string of the key (as [`crate::hash_password`]
//! makes) or locked (`*`, or `!` before a hash). Root-only, like `/etc/shadow`.
//!
//! A key is what a client that cannot send `Tauth` (Linux v9fs) carries in its attach's
//! aname (`warren_proto::server`, "Authentication"). Source: issue 4 of Warren, point 4.

use warren_proto::{Errno, Result};

use crate::fields::{check_name, check_unique, fields, lines};
use crate::hash::check_hash;

/// One line of `/etc/keys`: a user's access key, hashed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccessKey {
    /// The owner's login name; it MUST name a user of `/etc/passwd`.
    pub name: String,
    /// An argon2 PHC string of the key, or locked (`*`, or starting with `!`): never empty.
    pub hash: String,
}

impl AccessKey {
    /// The entry for `name` whose key is `key` in clear, hashed with
    /// [`crate::hash_password`] (slow by design).
    pub fn new(name: &str, key: &str) -> AccessKey {
        AccessKey {
            name: name.to_string(),
            hash: crate::hash_password(key),
        }
    }
}

/// Parse the text of `/etc/keys`: one [`AccessKey`] per line, in order.
///
/// Whether each name is a user is the store's check, not this function's.
///
/// # Errors
/// `EINVAL` for a malformed line (not two fields, a bad name, a hash that is empty or neither
/// locked nor an argon2 PHC string, a blank line) or a second key for one name.
pub fn parse_keys(text: &str) -> Result<Vec<AccessKey>> {
    let keys = lines(text).map(parse_line).collect::<Result<Vec<_>>>()?;
    check_unique(&keys, |k| k.name.clone())?;
    Ok(keys)
}

/// The text of `/etc/keys` for `keys`: one `\n`-terminated line each, in order.
/// `parse_keys(&format_keys(k)) == Ok(k)` for any `k` it accepts.
pub fn format_keys(keys: &[AccessKey]) -> String {
    keys.iter()
        .map(|k| format!("{}:{}\n", k.name, k.hash))
        .collect()
}

/// Parse one keys line. Errors: `EINVAL`, as [`parse_keys`].
fn parse_line(line: &str) -> Result<AccessKey> {
    let [name, hash] = fields(line)?;
    check_name(name)?;
    if hash.is_empty() {
        return Err(Errno::EINVAL);
    }
    check_hash(hash)?;
    Ok(AccessKey {
        name: name.to_string(),
        hash: hash.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_and_may_be_locked_but_not_empty() {
        let keys = vec![
            AccessKey::new("alice", "k1"),
            AccessKey {
                name: "bob".into(),
                hash: "*".into(),
            },
        ];
        assert_eq!(parse_keys(&format_keys(&keys)), Ok(keys));
        assert_eq!(parse_keys("alice:\n"), Err(Errno::EINVAL));
        assert_eq!(parse_keys("alice\n"), Err(Errno::EINVAL));
        assert_eq!(parse_keys("alice:*\nalice:!\n"), Err(Errno::EINVAL));
        assert_eq!(parse_keys(""), Ok(Vec::new()));
    }
}
