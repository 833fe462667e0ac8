//! A temporary world for hostfs tests: `export/` (the served root) beside `outside/`, which
//! holds a secret no request may reach. Each test file uses part of it.

#![allow(dead_code)]

use std::path::PathBuf;

use warren_hostfs::{HostFs, HostOptions};
use warren_proto::conformance::Check;
use warren_proto::{Caller, Fid, FileServer};

/// The contents of `outside/secret`.
pub const SECRET: &[u8] = b"OUTSIDE SECRET";

/// A served directory and its surroundings; removed when dropped.
pub struct World {
    /// The temporary directory holding `export/` and `outside/`.
    pub tmp: tempfile::TempDir,
    /// The server, rooted at `export/`.
    pub fs: HostFs,
}

impl World {
    /// A fresh world served with `opts`.
    pub fn new(opts: HostOptions) -> World {
        let tmp = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir(tmp.path().join("export")).expect("mkdir export");
        std::fs::create_dir(tmp.path().join("outside")).expect("mkdir outside");
        std::fs::write(tmp.path().join("outside/secret"), SECRET).expect("write secret");
        let fs = HostFs::new(&tmp.path().join("export"), opts).expect("serve export");
        World { tmp, fs }
    }

    /// The host path of `export/`.
    pub fn root(&self) -> PathBuf {
        self.tmp.path().join("export")
    }

    /// The host path of `outside/`.
    pub fn outside(&self) -> PathBuf {
        self.tmp.path().join("outside")
    }

    /// Request helpers, as root, that panic naming `name`.
    pub fn check(&self, name: &'static str) -> Check<'_> {
        Check {
            fs: &self.fs,
            cx: Caller::ROOT,
            name,
        }
    }

    /// A fid on the export's root.
    pub async fn attach(&self) -> Fid {
        let fid = Fid::fresh();
        self.fs
            .attach(&Caller::ROOT, fid, "")
            .await
            .expect("attach");
        fid
    }
}
