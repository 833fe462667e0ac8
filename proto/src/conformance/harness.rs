//! The suite's harness: a check's name, its fresh directory, and request helpers that panic
//! with the check's name and what was seen.

use std::fmt::Debug;

use bytes::Bytes;

use crate::attr::oflags;
use crate::{Attr, Caller, DirEntry, Errno, Fid, FileServer, Qid, Result};

/// Bytes asked for per `Tread` when reading a whole file.
const READ_COUNT: u32 = 4096;

/// Upper bound on `Treaddir` calls for one listing: more means the server never ends it.
const MAX_BATCHES: usize = 100_000;

/// A server under test, attached as root, with the suite's own directory.
pub struct Harness<'a> {
    /// The server under test.
    pub fs: &'a dyn FileServer,
    /// Who the suite calls as: [`Caller::ROOT`].
    pub cx: Caller,
    /// The attach fid (the server's root).
    pub root: Fid,
    /// The directory every check makes its own directory in.
    pub base: Fid,
}

impl<'a> Harness<'a> {
    /// Attach to `fs` as root with aname `""` and make a fresh directory `conformance-N` in the
    /// root for the checks.
    ///
    /// # Panics
    /// When the attach or the mkdir fails.
    pub async fn new(fs: &'a dyn FileServer) -> Harness<'a> {
        let cx = Caller::ROOT;
        let root = Fid::fresh();
        let t = Check {
            fs,
            cx,
            name: "setup",
        };
        t.ok(
            fs.attach(&cx, root, "").await,
            "attach as root with aname \"\"",
        );
        let base = loop {
            let name = format!("conformance-{}", Fid::fresh().0);
            match fs.mkdir(&cx, root, &name, 0o755, 0).await {
                Err(Errno::EEXIST) => continue,
                r => t.ok(r, "mkdir the suite directory"),
            };
            break t.walk(root, &[&name]).await;
        };
        Harness { fs, cx, root, base }
    }

    /// Start check `name`: a [`Check`] and a fresh directory named `name` (its fid).
    pub async fn check(&self, name: &'static str) -> (Check<'a>, Fid) {
        let t = Check {
            fs: self.fs,
            cx: self.cx,
            name,
        };
        t.ok(
            self.fs.mkdir(&self.cx, self.base, name, 0o755, 0).await,
            "mkdir the check's directory",
        );
        let dir = t.walk(self.base, &[name]).await;
        (t, dir)
    }
}

/// One running check: helpers that panic naming the check.
#[derive(Clone, Copy)]
pub struct Check<'a> {
    /// The server under test.
    pub fs: &'a dyn FileServer,
    /// Who the check calls as.
    pub cx: Caller,
    /// The check's name, in every panic message.
    pub name: &'static str,
}

impl Check<'_> {
    /// Fail the check: panic with its name and `msg`.
    #[track_caller]
    pub fn fail(&self, msg: impl std::fmt::Display) -> ! {
        panic!("conformance check `{}` failed: {msg}", self.name)
    }

    /// The value of `r`, or fail saying `what` returned which errno.
    #[track_caller]
    pub fn ok<T>(&self, r: Result<T>, what: &str) -> T {
        match r {
            Ok(v) => v,
            Err(e) => self.fail(format_args!("{what}: got {e:?} ({e})")),
        }
    }

    /// Fail unless `r` is the error `want`.
    #[track_caller]
    pub fn err<T: Debug>(&self, r: Result<T>, want: Errno, what: &str) {
        match r {
            Err(e) if e == want => {}
            other => self.fail(format_args!("{what}: want Err({want:?}), got {other:?}")),
        }
    }

    /// Fail unless `got == want`.
    #[track_caller]
    pub fn eq<T: PartialEq + Debug>(&self, got: T, want: T, what: &str) {
        if got != want {
            self.fail(format_args!("{what}: want {want:?}, got {got:?}"));
        }
    }

    /// Fail unless the bytes `got` are `want` (shown as byte strings).
    #[track_caller]
    pub fn bytes(&self, got: &[u8], want: &[u8], what: &str) {
        if got != want {
            let (got, want) = (Bytes::copy_from_slice(got), Bytes::copy_from_slice(want));
            self.fail(format_args!("{what}: want {want:?}, got {got:?}"));
        }
    }

    /// Fail unless `cond` holds.
    #[track_caller]
    pub fn truth(&self, cond: bool, what: &str) {
        if !cond {
            self.fail(what);
        }
    }

    /// `Twalk` from `from` through `names` into a fresh fid; the walk must succeed fully.
    pub async fn walk(&self, from: Fid, names: &[&str]) -> Fid {
        let (fid, qids) = self.try_walk(from, names).await;
        let qids = self.ok(qids, &format!("walk {names:?}"));
        self.eq(qids.len(), names.len(), &format!("qids of walk {names:?}"));
        fid
    }

    /// `Twalk` from `from` through `names` into a fresh fid: the fid and the walk's result.
    pub async fn try_walk(&self, from: Fid, names: &[&str]) -> (Fid, Result<Vec<Qid>>) {
        let fid = Fid::fresh();
        let names: Vec<String> = names.iter().map(|s| s.to_string()).collect();
        (fid, self.fs.walk(&self.cx, from, fid, &names).await)
    }

    /// Create regular file `name` (mode 0644) in `dir` opened with `flags`: its fid.
    pub async fn create(&self, dir: Fid, name: &str, flags: u32) -> Fid {
        let fid = self.walk(dir, &[]).await;
        let r = self.fs.create(&self.cx, fid, name, flags, 0o644, 0).await;
        self.ok(r, &format!("create {name:?}"));
        fid
    }

    /// Walk to `name` in `dir` and open it with `flags`: its fid.
    pub async fn open(&self, dir: Fid, name: &str, flags: u32) -> Fid {
        let fid = self.walk(dir, &[name]).await;
        self.ok(
            self.fs.open(&self.cx, fid, flags).await,
            &format!("open {name:?}"),
        );
        fid
    }

    /// `Twrite` all of `data` at `offset`; the server must take it whole.
    pub async fn write(&self, fid: Fid, offset: u64, data: &[u8]) {
        let n = self
            .fs
            .write(&self.cx, fid, offset, Bytes::copy_from_slice(data))
            .await;
        let n = self.ok(n, "write") as usize;
        self.eq(n, data.len(), "bytes written");
    }

    /// Read the opened `fid` from offset 0 to end of file.
    pub async fn read_all(&self, fid: Fid) -> Vec<u8> {
        let mut out = Vec::new();
        loop {
            let data = self
                .fs
                .read(&self.cx, fid, out.len() as u64, READ_COUNT)
                .await;
            let data = self.ok(data, "read");
            if data.is_empty() {
                return out;
            }
            out.extend_from_slice(&data);
        }
    }

    /// Create file `name` in `dir` holding `data`, clunking its fid.
    pub async fn put(&self, dir: Fid, name: &str, data: &[u8]) {
        let fid = self.create(dir, name, oflags::O_WRONLY).await;
        self.write(fid, 0, data).await;
        self.clunk(fid).await;
    }

    /// The contents of file `name` in `dir`.
    pub async fn get(&self, dir: Fid, name: &str) -> Vec<u8> {
        let fid = self.open(dir, name, oflags::O_RDONLY).await;
        let data = self.read_all(fid).await;
        self.clunk(fid).await;
        data
    }

    /// Attributes of `fid` (everything `stat(2)` needs).
    pub async fn getattr(&self, fid: Fid) -> Attr {
        self.ok(
            self.fs
                .getattr(&self.cx, fid, crate::attr::getattr::BASIC)
                .await,
            "getattr",
        )
    }

    /// `Tclunk`, which must succeed.
    pub async fn clunk(&self, fid: Fid) {
        self.ok(self.fs.clunk(&self.cx, fid).await, "clunk");
    }

    /// Open a clone of directory `dir` for reading: the fid to `Treaddir` on.
    pub async fn open_dir(&self, dir: Fid) -> Fid {
        let fid = self.walk(dir, &[]).await;
        self.ok(
            self.fs.open(&self.cx, fid, oflags::O_RDONLY).await,
            "open directory",
        );
        fid
    }

    /// One `Treaddir` batch after cookie `offset` of at most `count` bytes.
    pub async fn readdir(&self, fid: Fid, offset: u64, count: u32) -> Vec<DirEntry> {
        let batch = self.ok(
            self.fs.readdir(&self.cx, fid, offset, count).await,
            "readdir",
        );
        let size: usize = batch.iter().map(DirEntry::wire_size).sum();
        self.truth(size <= count as usize, "readdir batch exceeds count bytes");
        batch
    }

    /// The names in directory `dir` (without `.` and `..`), listed in batches of `count` bytes.
    pub async fn list(&self, dir: Fid, count: u32) -> Vec<String> {
        let fid = self.open_dir(dir).await;
        let mut names = Vec::new();
        let mut offset = 0;
        for _ in 0..MAX_BATCHES {
            let batch = self.readdir(fid, offset, count).await;
            let Some(last) = batch.last() else {
                self.clunk(fid).await;
                return names;
            };
            offset = last.offset;
            names.extend(
                batch
                    .into_iter()
                    .map(|e| e.name)
                    .filter(|n| n != "." && n != ".."),
            );
        }
        self.fail("readdir never returned an empty batch")
    }
}
