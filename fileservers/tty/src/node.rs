//! The files of the tree: names, qids and attributes.
//!
//! Qid paths (the layout, documented once, beside its encoder). Terminal numbers are never
//! reused, so neither are qid paths:
//!
//! | file        | qid path        |
//! |-------------|-----------------|
//! | root        | 0               |
//! | `ctty`      | 1               |
//! | `new`       | 2               |
//! | `N`         | 2 * (N + 2)     |
//! | `Nctl`      | 2 * (N + 2) + 1 |
//!
//! Readdir cookies: `.` 1, `..` 2, `ctty` 3, `new` 4, `N` 2N + 5, `Nctl` 2N + 6; they stay
//! valid while terminals come and go.

use warren_proto::attr::{getattr, S_IFCHR, S_IFDIR, S_IFIFO, S_IFREG};
use warren_proto::{Attr, DirEntry, Qid, QidType};

/// A file of the tty tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Node {
    /// The directory, mounted on `/dev/tty`.
    Root,
    /// `ctty`: the caller's controlling terminal.
    Ctty,
    /// `new`: announces terminals as they are added.
    New,
    /// `N`: terminal N's data.
    Data(u32),
    /// `Nctl`: terminal N's control file.
    Ctl(u32),
}

impl Node {
    /// The file named `name` in the root, where `exists` tells which terminals exist; `None`
    /// if there is no such file.
    pub(crate) fn lookup(name: &str, exists: impl Fn(u32) -> bool) -> Option<Node> {
        let node = match name {
            ".." => Node::Root,
            "ctty" => Node::Ctty,
            "new" => Node::New,
            _ => match name.strip_suffix("ctl") {
                Some(n) => Node::Ctl(number(n)?),
                None => Node::Data(number(name)?),
            },
        };
        match node {
            Node::Data(n) | Node::Ctl(n) if !exists(n) => None,
            node => Some(node),
        }
    }

    /// The qid path (see the module's table).
    fn path(self) -> u64 {
        match self {
            Node::Root => 0,
            Node::Ctty => 1,
            Node::New => 2,
            Node::Data(n) => 2 * (u64::from(n) + 2),
            Node::Ctl(n) => 2 * (u64::from(n) + 2) + 1,
        }
    }

    /// The file's qid.
    pub(crate) fn qid(self) -> Qid {
        let ty = if self == Node::Root {
            QidType::DIR
        } else {
            QidType::FILE
        };
        Qid {
            ty,
            version: 0,
            path: self.path(),
        }
    }

    /// The Linux `st_mode`: a 0555 directory, 0666 character devices, a 0666 ctl file, a
    /// 0444 `new`.
    fn mode(self) -> u32 {
        match self {
            Node::Root => S_IFDIR | 0o555,
            Node::Ctty | Node::Data(_) => S_IFCHR | 0o666,
            Node::Ctl(_) => S_IFREG | 0o666,
            Node::New => S_IFREG | 0o444,
        }
    }

    /// The attributes `Tgetattr` answers: owned by root, size 0, times 0. A terminal's data
    /// over a stream backend (`terminal` false) is a FIFO rather than a character device, so
    /// a bin's "is this a terminal?" follows the backend, as `/dev/cons` does.
    pub(crate) fn attr(self, terminal: bool) -> Attr {
        let mode = match self {
            Node::Ctty | Node::Data(_) if !terminal => S_IFIFO | 0o666,
            node => node.mode(),
        };
        Attr {
            valid: getattr::BASIC,
            qid: self.qid(),
            mode,
            nlink: if self == Node::Root { 2 } else { 1 },
            blksize: 4096,
            ..Attr::default()
        }
    }

    /// The root's entries for the terminals `numbers` (ascending), from the cookie `offset`:
    /// `.`, `..`, `ctty`, `new`, then `N` and `Nctl` for each terminal (cookies in the
    /// module doc).
    pub(crate) fn entries(numbers: Vec<u32>, offset: u64) -> impl Iterator<Item = DirEntry> {
        let fixed = [
            (".", Node::Root),
            ("..", Node::Root),
            ("ctty", Node::Ctty),
            ("new", Node::New),
        ]
        .into_iter()
        .zip(1u64..)
        .map(|((name, node), cookie)| (name.to_string(), node, cookie));
        let terminals = numbers.into_iter().flat_map(|n| {
            let cookie = 2 * u64::from(n) + 5;
            [
                (n.to_string(), Node::Data(n), cookie),
                (format!("{n}ctl"), Node::Ctl(n), cookie + 1),
            ]
        });
        fixed
            .chain(terminals)
            .filter(move |(_, _, cookie)| *cookie > offset)
            .map(|(name, node, cookie)| DirEntry {
                qid: node.qid(),
                offset: cookie,
                ty: DirEntry::dtype(node.mode()),
                name,
            })
    }
}

/// A terminal number as a name spells it: decimal, no sign, no leading zero.
fn number(name: &str) -> Option<u32> {
    let canonical = name == "0" || (!name.starts_with('0') && !name.is_empty());
    if !canonical || !name.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    name.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_map_to_files_of_existing_terminals_only() {
        let two = |n| n < 2;
        assert_eq!(Node::lookup("0", two), Some(Node::Data(0)));
        assert_eq!(Node::lookup("1ctl", two), Some(Node::Ctl(1)));
        assert_eq!(Node::lookup("ctty", |_| false), Some(Node::Ctty));
        assert_eq!(Node::lookup("new", |_| false), Some(Node::New));
        assert_eq!(Node::lookup("2", two), None);
        assert_eq!(Node::lookup("01", two), None);
        assert_eq!(Node::lookup("+1", two), None);
        assert_eq!(Node::lookup("ctl", two), None);
    }

    #[test]
    fn qid_paths_are_distinct_per_file() {
        let nodes = [
            Node::Root,
            Node::Ctty,
            Node::New,
            Node::Data(0),
            Node::Ctl(0),
        ];
        let paths: Vec<u64> = nodes.iter().map(|n| n.qid().path).collect();
        assert_eq!(paths, vec![0, 1, 2, 4, 5]);
    }
}
