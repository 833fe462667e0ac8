//! Password hashing: argon2id PHC strings (RFC 9106; the PHC string format of the
//! `password-hash` crate), the empty hash and locked hashes.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use warren_proto::{Errno, Result};

/// The hash no password verifies; what [`hash_password`] returns if hashing fails.
const LOCKED: &str = "!";

/// Hash `password` with argon2id (the `argon2` crate's default parameters: 19 MiB, 2 passes,
/// 1 lane) and a random 16-byte salt from the operating system; returns the PHC string
/// (`$argon2id$v=19$m=19456,t=2,p=1$SALT$HASH`).
///
/// Hashing cannot fail for a password under 4 GiB; if it does, the result is `!`, a locked
/// hash that no password verifies. Slow by design: tens of milliseconds optimised, about a
/// second in a debug build.
pub fn hash_password(password: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    match Argon2::default().hash_password(password.as_bytes(), &salt) {
        Ok(hash) => hash.to_string(),
        Err(_) => LOCKED.to_string(),
    }
}

/// Whether `password` matches `phc`, a hash field of `/etc/shadow`.
///
/// The empty hash verifies only the empty password; a locked hash (`*`, or starting with `!`)
/// and a malformed one verify nothing; otherwise the argon2 PHC string is checked with the
/// parameters it carries, in constant time.
pub fn verify_password(phc: &str, password: &str) -> bool {
    if phc.is_empty() {
        return password.is_empty();
    }
    if is_locked(phc) {
        return false;
    }
    match PasswordHash::new(phc) {
        Ok(hash) => Argon2::default()
            .verify_password(password.as_bytes(), &hash)
            .is_ok(),
        Err(_) => false,
    }
}

/// Check a shadow hash field: empty, locked (`*`, or `!` optionally followed by a valid hash),
/// or an argon2 (`argon2id`, `argon2i`, `argon2d`) PHC string.
///
/// # Errors
/// `EINVAL` for anything else.
pub(crate) fn check_hash(field: &str) -> Result<()> {
    let phc = match field {
        "" | "*" => return Ok(()),
        f => f.strip_prefix(LOCKED).unwrap_or(f),
    };
    if phc.is_empty() {
        return Ok(());
    }
    let hash = PasswordHash::new(phc).map_err(|_| Errno::EINVAL)?;
    match hash.algorithm.as_str() {
        "argon2id" | "argon2i" | "argon2d" if hash.hash.is_some() => Ok(()),
        _ => Err(Errno::EINVAL),
    }
}

/// Whether a hash field locks its account.
fn is_locked(phc: &str) -> bool {
    phc == "*" || phc.starts_with(LOCKED)
}
