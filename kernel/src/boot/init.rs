//! Starting pid 1: its program and its stdio.

use std::sync::{Arc, Mutex};

use warren_proto::attr::oflags::{O_RDONLY, O_RDWR, O_WRONLY};
use warren_proto::{Caller, Gid, Result, Uid};

use super::Unix;
use crate::ns::{ops, MountTable};
use crate::path;
use crate::proc::fd::{lock, FdTable, OpenFile};
use crate::proc::ident::Ident;
use crate::proc::process::{Birth, Groups, Process};
use crate::proc::spawn::{Join, Main};
use crate::types::Pid;

/// What pid 1 runs.
pub(super) enum Init {
    Argv { argv: Vec<String>, stdio: Stdio },
    Fn(Main),
}

/// The paths pid 1's fds 0, 1 and 2 are opened on. Each distinct path is opened once and
/// shared by the fds naming it: `O_RDWR` when it serves fd 0 and an output fd, else
/// `O_RDONLY` (fd 0 only) or `O_WRONLY` (outputs only).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stdio(pub [String; 3]);

impl From<&str> for Stdio {
    /// One path for all three fds (`"/dev/cons"`).
    fn from(p: &str) -> Stdio {
        Stdio([p.to_string(), p.to_string(), p.to_string()])
    }
}

impl From<[&str; 3]> for Stdio {
    /// A path per fd: stdin, stdout, stderr.
    fn from(p: [&str; 3]) -> Stdio {
        Stdio(p.map(str::to_string))
    }
}

impl Stdio {
    /// Open the three paths in `t` as root: the fd table of pid 1.
    async fn open(&self, t: &MountTable) -> Result<FdTable> {
        let cx = Caller::ROOT;
        let mut fds = FdTable::default();
        let mut opened: Vec<(&str, Arc<OpenFile>)> = Vec::new();
        for p in &self.0 {
            if let Some((_, f)) = opened.iter().find(|(q, _)| q == p) {
                fds.install(f.clone())?;
                continue;
            }
            let input = self.0[0] == *p;
            let output = self.0[1..].contains(p);
            let flags = match (input, output) {
                (true, true) => O_RDWR,
                (true, false) => O_RDONLY,
                _ => O_WRONLY,
            };
            let chan = ops::open(t, &cx, &path::join("/", p), flags, 0).await?;
            let f = Arc::new(OpenFile::new(chan, flags, path::join("/", p)));
            fds.install(f.clone())?;
            opened.push((p, f));
        }
        Ok(fds)
    }
}

impl Unix {
    /// Start pid 1, sharing the root namespace (so [`Unix::export`] shows pid 1's), as the
    /// leader of session 1 and group 1.
    pub(super) async fn start_init(&self, init: Init) -> Result<Arc<Process>> {
        let env = Arc::new(Mutex::new(self.env.clone()));
        let groups = Groups {
            fds: Default::default(),
            ns: self.ns.clone(),
            env,
        };
        let root = Ident::new(Uid::ROOT, Gid(0));
        let (argv, ident, main): (Vec<String>, Ident, Main) = match init {
            Init::Fn(f) => (vec!["init".to_string()], root, f),
            Init::Argv { argv, stdio } => {
                let t = lock(&self.ns).table();
                *lock(&groups.fds) = stdio.open(&t).await?;
                let prog = self.lookup(&t, argv).await?;
                let bin = prog.bin;
                (prog.argv, root.exec(prog.setid), Box::new(move |c| bin(c)))
            }
        };
        let birth = Birth {
            ppid: Pid(0),
            ident,
            argv,
            groups,
            cwd: "/".to_string(),
            ignore: 0,
        };
        Ok(self.kernel.start(birth, Join::NewSession, main))
    }
}
