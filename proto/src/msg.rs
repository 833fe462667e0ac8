//! Every 9P2000.L message as a Rust value. Field names are the protocol's.
//!
//! A frame on the wire is `size[4] type[1] tag[2] body`; [`crate::codec`] turns frames into
//! `(Tag, Tmsg)` / `(Tag, Rmsg)` and back. Message type numbers are listed in [`mtype`].
//! Source: the 9P2000.L protocol description (`include/net/9p/9p.h` in Linux) and intro(5).

use bytes::Bytes;

use crate::attr::{Attr, DirEntry, GetLock, Lock, SetAttr, StatFs};
use crate::qid::Qid;

/// A request tag: matches a reply to its request on one connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Tag(pub u16);

impl Tag {
    /// The tag of `Tversion`, which has no other request in flight (`NOTAG`).
    pub const NOTAG: Tag = Tag(0xffff);
}

/// The "no fid" value of `Tattach.afid` and `Tauth` (`NOFID`).
pub const NOFID: u32 = u32::MAX;

/// The "no uid" value of `Tattach.n_uname`: use `uname` instead (`NONUNAME`).
pub const NONUNAME: u32 = u32::MAX;

/// The protocol version string this crate speaks.
pub const VERSION_9P2000_L: &str = "9P2000.L";

/// Bytes of a frame header: `size[4] type[1] tag[2]`.
pub const HEADER_SIZE: usize = 7;

/// Bytes of `Rread`/`Twrite` overhead before the data (`header + fid/count fields`): the
/// iounit is `msize - IOHDRSZ`.
pub const IOHDRSZ: u32 = 24;

/// Message type numbers (`P9_T*` / `P9_R*`).
#[allow(missing_docs)]
pub mod mtype {
    pub const TLERROR: u8 = 6;
    pub const RLERROR: u8 = 7;
    pub const TSTATFS: u8 = 8;
    pub const RSTATFS: u8 = 9;
    pub const TLOPEN: u8 = 12;
    pub const RLOPEN: u8 = 13;
    pub const TLCREATE: u8 = 14;
    pub const RLCREATE: u8 = 15;
    pub const TSYMLINK: u8 = 16;
    pub const RSYMLINK: u8 = 17;
    pub const TMKNOD: u8 = 18;
    pub const RMKNOD: u8 = 19;
    pub const TRENAME: u8 = 20;
    pub const RRENAME: u8 = 21;
    pub const TREADLINK: u8 = 22;
    pub const RREADLINK: u8 = 23;
    pub const TGETATTR: u8 = 24;
    pub const RGETATTR: u8 = 25;
    pub const TSETATTR: u8 = 26;
    pub const RSETATTR: u8 = 27;
    pub const TXATTRWALK: u8 = 30;
    pub const RXATTRWALK: u8 = 31;
    pub const TXATTRCREATE: u8 = 32;
    pub const RXATTRCREATE: u8 = 33;
    pub const TREADDIR: u8 = 40;
    pub const RREADDIR: u8 = 41;
    pub const TFSYNC: u8 = 50;
    pub const RFSYNC: u8 = 51;
    pub const TLOCK: u8 = 52;
    pub const RLOCK: u8 = 53;
    pub const TGETLOCK: u8 = 54;
    pub const RGETLOCK: u8 = 55;
    pub const TLINK: u8 = 70;
    pub const RLINK: u8 = 71;
    pub const TMKDIR: u8 = 72;
    pub const RMKDIR: u8 = 73;
    pub const TRENAMEAT: u8 = 74;
    pub const RRENAMEAT: u8 = 75;
    pub const TUNLINKAT: u8 = 76;
    pub const RUNLINKAT: u8 = 77;
    pub const TVERSION: u8 = 100;
    pub const RVERSION: u8 = 101;
    pub const TAUTH: u8 = 102;
    pub const RAUTH: u8 = 103;
    pub const TATTACH: u8 = 104;
    pub const RATTACH: u8 = 105;
    pub const TFLUSH: u8 = 108;
    pub const RFLUSH: u8 = 109;
    pub const TWALK: u8 = 110;
    pub const RWALK: u8 = 111;
    pub const TREAD: u8 = 116;
    pub const RREAD: u8 = 117;
    pub const TWRITE: u8 = 118;
    pub const RWRITE: u8 = 119;
    pub const TCLUNK: u8 = 120;
    pub const RCLUNK: u8 = 121;
    pub const TREMOVE: u8 = 122;
    pub const RREMOVE: u8 = 123;
}

/// The most names one `Twalk` may carry (`MAXWELEM`).
pub const MAXWELEM: usize = 16;

/// A request (client to server). Fids here are wire fids (`u32`, per connection).
#[derive(Clone, Debug, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum Tmsg {
    Version {
        msize: u32,
        version: String,
    },
    Auth {
        afid: u32,
        uname: String,
        aname: String,
        n_uname: u32,
    },
    Attach {
        fid: u32,
        afid: u32,
        uname: String,
        aname: String,
        n_uname: u32,
    },
    Flush {
        oldtag: Tag,
    },
    Walk {
        fid: u32,
        newfid: u32,
        wnames: Vec<String>,
    },
    Lopen {
        fid: u32,
        flags: u32,
    },
    Lcreate {
        fid: u32,
        name: String,
        flags: u32,
        mode: u32,
        gid: u32,
    },
    Read {
        fid: u32,
        offset: u64,
        count: u32,
    },
    Write {
        fid: u32,
        offset: u64,
        data: Bytes,
    },
    Clunk {
        fid: u32,
    },
    Remove {
        fid: u32,
    },
    Getattr {
        fid: u32,
        request_mask: u64,
    },
    Setattr {
        fid: u32,
        attr: SetAttr,
    },
    Readdir {
        fid: u32,
        offset: u64,
        count: u32,
    },
    Mkdir {
        dfid: u32,
        name: String,
        mode: u32,
        gid: u32,
    },
    Unlinkat {
        dirfd: u32,
        name: String,
        flags: u32,
    },
    Renameat {
        olddirfid: u32,
        oldname: String,
        newdirfid: u32,
        newname: String,
    },
    Rename {
        fid: u32,
        dfid: u32,
        name: String,
    },
    Symlink {
        fid: u32,
        name: String,
        symtgt: String,
        gid: u32,
    },
    Readlink {
        fid: u32,
    },
    Link {
        dfid: u32,
        fid: u32,
        name: String,
    },
    Mknod {
        dfid: u32,
        name: String,
        mode: u32,
        major: u32,
        minor: u32,
        gid: u32,
    },
    Statfs {
        fid: u32,
    },
    Fsync {
        fid: u32,
        datasync: u32,
    },
    Lock {
        fid: u32,
        lock: Lock,
    },
    Getlock {
        fid: u32,
        lock: GetLock,
    },
    Xattrwalk {
        fid: u32,
        newfid: u32,
        name: String,
    },
    Xattrcreate {
        fid: u32,
        name: String,
        attr_size: u64,
        flags: u32,
    },
}

/// A reply (server to client).
#[derive(Clone, Debug, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum Rmsg {
    /// The error reply: a Linux errno number.
    Lerror {
        ecode: u32,
    },
    Version {
        msize: u32,
        version: String,
    },
    Auth {
        aqid: Qid,
    },
    Attach {
        qid: Qid,
    },
    Flush,
    Walk {
        wqids: Vec<Qid>,
    },
    Lopen {
        qid: Qid,
        iounit: u32,
    },
    Lcreate {
        qid: Qid,
        iounit: u32,
    },
    Read {
        data: Bytes,
    },
    Write {
        count: u32,
    },
    Clunk,
    Remove,
    Getattr {
        attr: Attr,
    },
    Setattr,
    Readdir {
        entries: Vec<DirEntry>,
    },
    Mkdir {
        qid: Qid,
    },
    Unlinkat,
    Renameat,
    Rename,
    Symlink {
        qid: Qid,
    },
    Readlink {
        target: String,
    },
    Link,
    Mknod {
        qid: Qid,
    },
    Statfs {
        statfs: StatFs,
    },
    Fsync,
    Lock {
        status: u8,
    },
    Getlock {
        lock: GetLock,
    },
    Xattrwalk {
        size: u64,
    },
    Xattrcreate,
}
