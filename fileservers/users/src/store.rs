//! The store: the four tables, their cross-checks and their change stamps.
//!
//! Invariants (checked on every change): names and uids of `users` are unique; names and
//! gids of `groups` are unique; every `shadow` and `keys` name is a user's, at most once. A
//! change of `/etc/passwd` that removes a user also drops that user's shadow and keys lines,
//! so the last invariant holds whichever file is written first (userdel rewrites passwd,
//! then shadow).

use std::time::{SystemTime, UNIX_EPOCH};

use warren_proto::{Errno, Result, Uid};

use crate::group::{format_group, parse_group, Group};
use crate::keys::{format_keys, parse_keys, AccessKey};
use crate::passwd::{format_passwd, parse_passwd, User};
use crate::shadow::{format_shadow, parse_shadow, Shadow};

/// One of the four files of the store.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Table {
    /// `/etc/passwd`.
    Passwd,
    /// `/etc/group`.
    Group,
    /// `/etc/shadow`.
    Shadow,
    /// `/etc/keys`.
    Keys,
}

/// When a table last changed: its qid version and its modification time.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Stamp {
    /// Bumped on every commit (the qid version).
    pub(crate) version: u32,
    /// Seconds since the epoch of the last commit (or of the store's creation).
    pub(crate) mtime: u64,
}

/// The user database: what the three files show.
pub(crate) struct Store {
    users: Vec<User>,
    groups: Vec<Group>,
    shadow: Vec<Shadow>,
    keys: Vec<AccessKey>,
    stamps: [Stamp; 4],
}

impl Store {
    /// A store of these tables, with no keys.
    ///
    /// # Errors
    /// `EINVAL` when a table would not survive its own format and parse (a bad name, a `:` in
    /// a field, a duplicate) or a shadow entry names no user.
    pub(crate) fn new(users: Vec<User>, groups: Vec<Group>, shadow: Vec<Shadow>) -> Result<Store> {
        let round_trips = parse_passwd(&format_passwd(&users))? == users
            && parse_group(&format_group(&groups))? == groups
            && parse_shadow(&format_shadow(&shadow))? == shadow;
        if !round_trips {
            return Err(Errno::EINVAL);
        }
        check_names(&users, shadow.iter().map(|s| &s.name))?;
        let stamp = Stamp {
            version: 0,
            mtime: now(),
        };
        Ok(Store {
            users,
            groups,
            shadow,
            keys: Vec::new(),
            stamps: [stamp; 4],
        })
    }

    /// Make `keys` the store's access keys.
    ///
    /// # Errors
    /// `EINVAL` when they would not survive their format and parse (a bad name or hash, two
    /// keys for one name) or a key names no user.
    pub(crate) fn set_keys(&mut self, keys: Vec<AccessKey>) -> Result<()> {
        if parse_keys(&format_keys(&keys))? != keys {
            return Err(Errno::EINVAL);
        }
        check_names(&self.users, keys.iter().map(|k| &k.name))?;
        self.keys = keys;
        Ok(())
    }

    /// The user named `name`.
    pub(crate) fn user(&self, name: &str) -> Option<&User> {
        self.users.iter().find(|u| u.name == name)
    }

    /// The user whose uid is `uid`.
    pub(crate) fn user_by_uid(&self, uid: Uid) -> Option<&User> {
        self.users.iter().find(|u| u.uid == uid)
    }

    /// The password hash of `name`, if it has a shadow line.
    pub(crate) fn password_hash(&self, name: &str) -> Option<&str> {
        let entry = self.shadow.iter().find(|s| s.name == name)?;
        Some(&entry.hash)
    }

    /// The access key hash of `name`, if it has one.
    pub(crate) fn key_hash(&self, name: &str) -> Option<&str> {
        let entry = self.keys.iter().find(|k| k.name == name)?;
        Some(&entry.hash)
    }

    /// The current text of `table`.
    pub(crate) fn text(&self, table: Table) -> String {
        match table {
            Table::Passwd => format_passwd(&self.users),
            Table::Group => format_group(&self.groups),
            Table::Shadow => format_shadow(&self.shadow),
            Table::Keys => format_keys(&self.keys),
        }
    }

    /// When `table` last changed.
    pub(crate) fn stamp(&self, table: Table) -> Stamp {
        self.stamps[table as usize]
    }

    /// Whether `text` would be accepted as the new text of `table`; changes nothing.
    ///
    /// # Errors
    /// `EINVAL` as [`Store::replace`].
    pub(crate) fn check(&self, table: Table, text: &str) -> Result<()> {
        match table {
            Table::Passwd => parse_passwd(text).map(drop),
            Table::Group => parse_group(text).map(drop),
            Table::Shadow => check_names(&self.users, parse_shadow(text)?.iter().map(|s| &s.name)),
            Table::Keys => check_names(&self.users, parse_keys(text)?.iter().map(|k| &k.name)),
        }
    }

    /// Make `text` the new text of `table`, or change nothing.
    ///
    /// # Errors
    /// `EINVAL` for a malformed line or a duplicate (see [`parse_passwd`], [`parse_group`],
    /// [`parse_shadow`], [`parse_keys`]) or a shadow or keys line naming no user.
    pub(crate) fn replace(&mut self, table: Table, text: &str) -> Result<()> {
        match table {
            Table::Passwd => {
                self.users = parse_passwd(text)?;
                let users = &self.users;
                let known = |name: &String| users.iter().any(|u| &u.name == name);
                self.shadow.retain(|s| known(&s.name));
                self.keys.retain(|k| known(&k.name));
            }
            Table::Group => self.groups = parse_group(text)?,
            Table::Shadow => {
                let shadow = parse_shadow(text)?;
                check_names(&self.users, shadow.iter().map(|s| &s.name))?;
                self.shadow = shadow;
            }
            Table::Keys => {
                let keys = parse_keys(text)?;
                check_names(&self.users, keys.iter().map(|k| &k.name))?;
                self.keys = keys;
            }
        }
        let stamp = &mut self.stamps[table as usize];
        *stamp = Stamp {
            version: stamp.version.wrapping_add(1),
            mtime: now(),
        };
        Ok(())
    }
}

/// Check that every one of `names` (of shadow or keys entries) is a user's. Errors: `EINVAL`
/// otherwise.
fn check_names<'a>(users: &[User], mut names: impl Iterator<Item = &'a String>) -> Result<()> {
    match names.all(|n| users.iter().any(|u| &u.name == n)) {
        true => Ok(()),
        false => Err(Errno::EINVAL),
    }
}

/// Seconds since the epoch (0 if the clock is before it).
fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}
