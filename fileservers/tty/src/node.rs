//! The files of the tree: names, qids and attributes.
//!
//! Qid paths (the layout, documented once, beside its encoder):
//!
//! | file        | qid path       |
//! |-------------|----------------|
//! | root        | 0              |
//! | `ctty`      | 1              |
//! | `N`         | 2 * (N + 1)    |
//! | `Nctl`      | 2 * (N + 1) + 1|

use warren_proto::attr::{getattr, S_IFCHR, S_IFDIR, S_IFIFO, S_IFREG};
use warren_proto::{Attr, DirEntry, Qid, QidType};

/// A file of the tty tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Node {
    /// The directory, mounted on `/dev/tty`.
    Root,
    /// `ctty`: the caller's controlling terminal.
    Ctty,
    /// `N`: terminal N's data.
    Data(u32),
    /// `Nctl`: terminal N's control file.
    Ctl(u32),
}

impl Node {
    /// The file named `name` in the root if terminal numbers below `ttys` exist; `None` if
    /// there is no such file.
    pub(crate) fn lookup(name: &str, ttys: u32) -> Option<Node> {
        let node = match name {
            ".." => Node::Root,
            "ctty" => Node::Ctty,
            _ => match name.strip_suffix("ctl") {
                Some(n) => Node::Ctl(number(n)?),
                None => Node::Data(number(name)?),
            },
        };
        match node {
            Node::Data(n) | Node::Ctl(n) if n >= ttys => None,
            node => Some(node),
        }
    }

    /// The qid path (see the module's table).
    fn path(self) -> u64 {
        match self {
            Node::Root => 0,
            Node::Ctty => 1,
            Node::Data(n) => 2 * (u64::from(n) + 1),
            Node::Ctl(n) => 2 * (u64::from(n) + 1) + 1,
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

    /// The Linux `st_mode`: a 0555 directory, 0666 character devices, a 0666 ctl file.
    fn mode(self) -> u32 {
        match self {
            Node::Root => S_IFDIR | 0o555,
            Node::Ctty | Node::Data(_) => S_IFCHR | 0o666,
            Node::Ctl(_) => S_IFREG | 0o666,
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

    /// The root's entries for `ttys` terminals, from the cookie `offset`: `.`, `..`, `ctty`,
    /// then `N` and `Nctl` for each terminal (entry `i` has cookie `i + 1`; terminals are
    /// never removed, so cookies stay valid).
    pub(crate) fn entries(ttys: u32, offset: u64) -> impl Iterator<Item = DirEntry> {
        let fixed = [(".", Node::Root), ("..", Node::Root), ("ctty", Node::Ctty)]
            .into_iter()
            .map(|(name, node)| (name.to_string(), node));
        let terminals = (0..ttys).flat_map(|n| {
            [
                (n.to_string(), Node::Data(n)),
                (format!("{n}ctl"), Node::Ctl(n)),
            ]
        });
        fixed
            .chain(terminals)
            .enumerate()
            .skip(usize::try_from(offset).unwrap_or(usize::MAX))
            .map(|(i, (name, node))| DirEntry {
                qid: node.qid(),
                offset: i as u64 + 1,
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
        assert_eq!(Node::lookup("0", 2), Some(Node::Data(0)));
        assert_eq!(Node::lookup("1ctl", 2), Some(Node::Ctl(1)));
        assert_eq!(Node::lookup("ctty", 0), Some(Node::Ctty));
        assert_eq!(Node::lookup("2", 2), None);
        assert_eq!(Node::lookup("01", 2), None);
        assert_eq!(Node::lookup("+1", 2), None);
        assert_eq!(Node::lookup("ctl", 2), None);
    }

    #[test]
    fn qid_paths_are_distinct_per_file() {
        let paths: Vec<u64> = [Node::Root, Node::Ctty, Node::Data(0), Node::Ctl(0)]
            .iter()
            .map(|n| n.qid().path)
            .collect();
        assert_eq!(paths, vec![0, 1, 2, 3]);
    }
}
