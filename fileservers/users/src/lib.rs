//! The user store: `/etc/passwd`, `/etc/group`, `/etc/shadow` and `/etc/keys` as a
//! fileserver, and the pure functions bins use to read, write and check them.
//!
//! [`UserFs`] serves a directory of four files. `passwd` (passwd(5), mode 0644) and `group`
//! (group(5), 0644) are readable by everyone and writable by root; `shadow` (shadow(5), nine
//! fields, 0600) holds the password hashes and `keys` (`name:hash`, 0600) the hashes of the
//! per-user access keys for authenticated 9P attaches; both are readable and writable by
//! uid 0 only: the server enforces its mode bits itself on open (`EACCES`), since the store
//! is security-critical. A hash is an argon2 PHC string, empty (no password needed; not
//! allowed in `keys`) or locked (`*`, or starting with `!`).
//!
//! [`UserFs::verify`] checks a password or key against the store, and `UserFs` is a 9P
//! listener's [`Authenticator`](warren_proto::server::Authenticator): the image serves its
//! namespace with `authenticator: Some(users.clone())`.
//!
//! Writes are validated: a malformed line, a duplicate name or uid (passwd), a duplicate name
//! or gid (group), or a shadow or keys line naming no user (or a second key for one user)
//! gets `EINVAL` from write(2) and changes nothing. Every write is checked; a write that
//! ends a line commits the whole new text before it returns, so a reader after the write
//! sees it. Appending a line (`O_APPEND`, as `echo LINE >> /etc/passwd`) validates the
//! current text plus the new line. Removing a user from passwd drops that user's shadow and
//! keys lines. The exact rule is in the `edit` module.
//!
//! Bins (login, passwd, su, useradd, id) read and write these files through the namespace and
//! use [`parse_passwd`], [`format_passwd`] (and the group and shadow pairs),
//! [`hash_password`] and [`verify_password`]: pure functions, no I/O.
//!
//! Sources: passwd(5), group(5), shadow(5); issue 3 of Warren (users, sessions and login);
//! `shared/seeds/000_*` (boot path, users).
//!
//! # Layout
//! - `fields`: splitting lines and fields, checking names and numbers (shared).
//! - `passwd`: [`User`], [`parse_passwd`], [`format_passwd`].
//! - `group`: [`Group`], [`parse_group`], [`format_group`].
//! - `shadow`: [`Shadow`], [`parse_shadow`], [`format_shadow`].
//! - `keys`: [`AccessKey`], [`parse_keys`], [`format_keys`].
//! - `hash`: [`hash_password`], [`verify_password`] (argon2id).
//! - `store`: the four tables and their cross-checks.
//! - `edit`: the write rule (per-fid copy, validation, commit).
//! - `fs`: [`UserFs`], the file table and the `FileServer` implementation.
//! - `verify`: [`UserFs::verify`] and the `Authenticator` implementation.

mod edit;
mod fields;
mod fs;
mod group;
mod hash;
mod keys;
mod passwd;
mod shadow;
mod store;
mod verify;

pub use fs::UserFs;
pub use group::{format_group, parse_group, Group};
pub use hash::{hash_password, verify_password};
pub use keys::{format_keys, parse_keys, AccessKey};
pub use passwd::{format_passwd, parse_passwd, User};
pub use shadow::{format_shadow, parse_shadow, Shadow};
