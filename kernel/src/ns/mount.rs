//! `Namespace`: the ordered log of mounts and binds and the mount table it builds
//! (Plan 9 `bind(2)`, `mount(2)`, `unmount(2)`, `/proc/N/ns`).
//!
//! Mount points are keyed by the clean path the target resolved to. Making a union
//! (`BEFORE`/`AFTER`) on a directory that is not yet a mount point keeps that directory as
//! a member without `CREATE` (Plan 9 `cmount`). A `REPLACE` drops every earlier log entry on
//! the same mount point, so the log always replays to the current table; binds record the
//! path of their source and replay in order.

use std::sync::Arc;

use warren_proto::{Errno, Result};

use super::{Chan, Loc, Member, MountTable};
use crate::types::MountFlags;

/// What a log entry joined onto its mount point.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// A fileserver attached with `aname`; `label` is its dial string or `#name`.
    Mount {
        /// The dial string (`tcp!host!port`) or in-process name (`#ramfs`).
        label: String,
        /// The attach name.
        aname: String,
    },
    /// The tree at the clean path `old`, as it resolved at bind time.
    Bind {
        /// The clean absolute source path.
        old: String,
    },
}

/// One `mount` or `bind` in the log.
#[derive(Clone, Debug)]
struct Entry {
    id: u64,
    source: Source,
    new: String,
    flags: MountFlags,
}

/// A process's namespace: the log and the table it built. Cloning copies it (rfork
/// `RFNAMEG`): the copy shares chans but later changes are private.
#[derive(Clone, Default)]
pub struct Namespace {
    log: Vec<Entry>,
    table: Arc<MountTable>,
    next_id: u64,
}

impl Namespace {
    /// An empty namespace: every path is `ENOENT` until something is mounted on `/`.
    pub fn new() -> Namespace {
        Namespace::default()
    }

    /// The current mount table, to resolve paths without holding the namespace's lock.
    pub fn table(&self) -> Arc<MountTable> {
        self.table.clone()
    }

    /// Join `chans` (a mounted root, or the members of a bound location) onto `target`
    /// (the resolved mount point; its path keys the table).
    ///
    /// # Errors
    /// `EINVAL` when `flags` asks for both `BEFORE` and `AFTER`.
    pub fn add(
        &mut self,
        source: Source,
        target: &Loc,
        chans: Vec<Chan>,
        flags: MountFlags,
    ) -> Result<()> {
        let order = flags.0 & 3;
        if order == 3 {
            return Err(Errno::EINVAL);
        }
        let (id, key) = (self.next_id, target.path.clone());
        self.next_id += 1;
        let create = flags.contains(MountFlags::CREATE);
        let new = chans.into_iter().map(|chan| Member {
            chan,
            create,
            origin: Some(id),
        });
        let table = Arc::make_mut(&mut self.table);
        let old = match table.points.get(&key) {
            Some(ms) => ms.to_vec(),
            None => originals(target),
        };
        let members: Vec<Member> = match order {
            0 => {
                self.log.retain(|e| e.new != key);
                new.collect()
            }
            1 => new.chain(old).collect(),
            _ => old.into_iter().chain(new).collect(),
        };
        table.points.insert(key.clone(), Arc::from(members));
        self.log.push(Entry {
            id,
            source,
            new: key,
            flags,
        });
        Ok(())
    }

    /// Undo the log entries on mount point `new` (a clean path): all of them, or only those
    /// whose source matches `old`: `(label, path)` matches a mount labelled `label` or a bind
    /// of the clean path `path`. When only the original directory is left, `new` stops being
    /// a mount point.
    ///
    /// # Errors
    /// `EINVAL` when `new` is not a mount point or no entry there matches `old`.
    pub fn remove(&mut self, old: Option<(&str, &str)>, new: &str) -> Result<()> {
        let matches = |s: &Source| match (old, s) {
            (None, _) => true,
            (Some((l, _)), Source::Mount { label, .. }) => label == l,
            (Some((_, p)), Source::Bind { old }) => old == p,
        };
        let ids: Vec<u64> = self
            .log
            .iter()
            .filter(|e| e.new == new && matches(&e.source))
            .map(|e| e.id)
            .collect();
        let table = Arc::make_mut(&mut self.table);
        let Some(members) = table.points.get(new) else {
            return Err(Errno::EINVAL);
        };
        if ids.is_empty() && old.is_some() {
            return Err(Errno::EINVAL);
        }
        let kept: Vec<Member> = members
            .iter()
            .filter(|m| m.origin.is_none_or(|o| !ids.contains(&o)))
            .cloned()
            .collect();
        if kept.iter().all(|m| m.origin.is_none()) {
            table.points.remove(new);
        } else {
            table.points.insert(new.to_string(), Arc::from(kept));
        }
        self.log.retain(|e| !ids.contains(&e.id));
        Ok(())
    }

    /// The log as lines that rebuild it: `mount [-abc] LABEL PATH [ANAME]` and
    /// `bind [-abc] OLD NEW` (Plan 9 `ns(1)` format).
    pub fn lines(&self) -> Vec<String> {
        self.log.iter().map(Entry::line).collect()
    }
}

/// The members of a directory that is becoming a mount point: what it showed before, not
/// taking creations (Plan 9 `cmount`).
fn originals(target: &Loc) -> Vec<Member> {
    let plain = |m: &Member| Member {
        origin: None,
        create: false,
        chan: m.chan.clone(),
    };
    target.members.iter().map(plain).collect()
}

impl Entry {
    fn line(&self) -> String {
        let mut flag = String::new();
        match self.flags.0 & 3 {
            1 => flag.push('b'),
            2 => flag.push('a'),
            _ => {}
        }
        if self.flags.contains(MountFlags::CREATE) {
            flag.push('c');
        }
        let flag = if flag.is_empty() {
            String::new()
        } else {
            format!("-{flag} ")
        };
        match &self.source {
            Source::Mount { label, aname } if aname.is_empty() => {
                format!("mount {flag}{} {}", quote(label), quote(&self.new))
            }
            Source::Mount { label, aname } => {
                format!(
                    "mount {flag}{} {} {}",
                    quote(label),
                    quote(&self.new),
                    quote(aname)
                )
            }
            Source::Bind { old } => format!("bind {flag}{} {}", quote(old), quote(&self.new)),
        }
    }
}

/// `s` quoted for `sh` when it holds anything but plain path characters.
fn quote(s: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "/._-+:!@,%=".contains(c);
    if !s.is_empty() && s.chars().all(plain) {
        return s.to_string();
    }
    format!("'{}'", s.replace('\'', "'\\''"))
}
