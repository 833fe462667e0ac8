//! The store: the three tables, their cross-checks and their change stamps.
//!
//! Invariants (checked on every change): names and uids of `users` are unique; names and
//! gids of `groups` are unique; every `shadow` name is a user's. A change of `/etc/passwd`
//! that removes a user also drops that user's shadow line, so the last invariant holds
//! whichever file is written first (userdel rewrites passwd, then shadow).

use std::time::{SystemTime, UNIX_EPOCH};

use warren_proto::{Errno, Result};

use crate::group::{format_group, parse_group, Group};
use crate::passwd::{format_passwd, parse_passwd, User};
use crate::shadow::{format_shadow, parse_shadow, Shadow};

/// One of the three files of the store.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Table {
    /// `/etc/passwd`.
    Passwd,
    /// `/etc/group`.
    Group,
    /// `/etc/shadow`.
    Shadow,
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
    stamps: [Stamp; 3],
}

impl Store {
    /// A store of these tables.
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
        check_shadow_names(&users, &shadow)?;
        let stamp = Stamp {
            version: 0,
            mtime: now(),
        };
        Ok(Store {
            users,
            groups,
            shadow,
            stamps: [stamp; 3],
        })
    }

    /// The current text of `table`.
    pub(crate) fn text(&self, table: Table) -> String {
        match table {
            Table::Passwd => format_passwd(&self.users),
            Table::Group => format_group(&self.groups),
            Table::Shadow => format_shadow(&self.shadow),
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
            Table::Shadow => check_shadow_names(&self.users, &parse_shadow(text)?),
        }
    }

    /// Make `text` the new text of `table`, or change nothing.
    ///
    /// # Errors
    /// `EINVAL` for a malformed line or a duplicate (see [`parse_passwd`], [`parse_group`],
    /// [`parse_shadow`]) or a shadow line naming no user.
    pub(crate) fn replace(&mut self, table: Table, text: &str) -> Result<()> {
        match table {
            Table::Passwd => {
                self.users = parse_passwd(text)?;
                let users = &self.users;
                self.shadow
                    .retain(|s| users.iter().any(|u| u.name == s.name));
            }
            Table::Group => self.groups = parse_group(text)?,
            Table::Shadow => {
                let shadow = parse_shadow(text)?;
                check_shadow_names(&self.users, &shadow)?;
                self.shadow = shadow;
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

/// Check that every shadow entry names a user. Errors: `EINVAL` otherwise.
fn check_shadow_names(users: &[User], shadow: &[Shadow]) -> Result<()> {
    match shadow
        .iter()
        .all(|s| users.iter().any(|u| u.name == s.name))
    {
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
