//! A whole test system as the image builds it (src/image.rs, mirrored): ramfs behind the
//! permission middleware at `/`, the user store on `/etc`, the tty fileserver on `/dev/tty`
//! with in-memory terminals, `/proc`, pipes, every bin, and init as pid 1 keeping a getty on
//! each terminal. [`Term`] types on a terminal and reads what it displays.
//!
//! Accounts: `root` (uid 0, password `root`), `agent` (1000, `hunter2`), `guest` (1001, no
//! password). Homes are 0700 and owned by their users; `/bin/su` and `/bin/passwd` are
//! setuid root (04755).
//!
//! Test files include it after `mod common;` with `#[path = "common/system.rs"] mod system;`.
#![allow(dead_code)]

use std::sync::{Arc, OnceLock};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use warren_kernel::{
    bin, Builder, ExitStatus, Host, MountFlags, Output, Pgid, Pid, ProcContext, Sid, Signal, Unix,
};
use warren_perm::Perm;
use warren_pipe::PipeFs;
use warren_proto::attr::{setattr, SetAttr};
use warren_proto::{Gid, Uid};
use warren_ramfs::RamFs;
use warren_tty::{Backend, Kind, ProcInfo, Remote, TtyFs, TtyHost, TtySignal};
use warren_users::{hash_password, Group, Shadow, User, UserFs};

use crate::common::{Ran, GUARD};

/// The accounts: (name, uid, password; empty for none).
pub const ACCOUNTS: [(&str, u32, &str); 3] = [
    ("root", 0, "root"),
    ("agent", 1000, "hunter2"),
    ("guest", 1001, ""),
];

/// The tty fileserver's view of the booted kernel (src/ttyhost.rs, mirrored).
#[derive(Default)]
struct TestTtyHost {
    host: OnceLock<Host>,
}

fn signal(sig: TtySignal) -> Signal {
    match sig {
        TtySignal::Int => Signal::Int,
        TtySignal::Quit => Signal::Quit,
        TtySignal::Tstp => Signal::Tstp,
        TtySignal::Ttin => Signal::Ttin,
    }
}

impl TtyHost for TestTtyHost {
    fn process(&self, pid: u32) -> Option<ProcInfo> {
        let (sid, pgid, leader) = self.host.get()?.process_info(Pid(pid))?;
        Some(ProcInfo {
            sid: sid.0,
            pgid: pgid.0,
            leader,
        })
    }
    fn group_session(&self, pgid: u32) -> Option<u32> {
        Some(self.host.get()?.group_session(Pgid(pgid))?.0)
    }
    fn signal_group(&self, pgid: u32, sig: TtySignal) {
        if let Some(h) = self.host.get() {
            h.signal_group(Pgid(pgid), signal(sig));
        }
    }
    fn hangup_session(&self, sid: u32) {
        if let Some(h) = self.host.get() {
            h.hangup_session(Sid(sid));
        }
    }
    fn set_controlling_tty(&self, sid: u32, tty: Option<&str>) {
        if let Some(h) = self.host.get() {
            h.set_controlling_tty(Sid(sid), tty.map(str::to_string));
        }
    }
}

/// A booted system, its terminals' fileserver and the far ends of its terminals.
pub struct System {
    pub unix: Unix,
    pub ttys: Arc<TtyFs>,
    pub terms: Vec<Term>,
}

/// The user store with [`ACCOUNTS`], one group per user.
fn store() -> UserFs {
    let mut users = Vec::new();
    let mut groups = Vec::new();
    let mut shadow = Vec::new();
    for (name, id, password) in ACCOUNTS {
        let home = if id == 0 {
            "/root".to_string()
        } else {
            format!("/home/{name}")
        };
        users.push(User {
            name: name.into(),
            uid: Uid(id),
            gid: Gid(id),
            gecos: String::new(),
            home,
            shell: "/bin/sh".into(),
        });
        groups.push(Group {
            name: name.into(),
            gid: Gid(id),
            members: Vec::new(),
        });
        let hash = if password.is_empty() {
            String::new()
        } else {
            hash_password(password)
        };
        shadow.push(Shadow::new(name, &hash));
    }
    UserFs::new(users, groups, shadow).expect("store")
}

/// Boot with `n` terminals (`/dev/tty/0` is the console), each with a respawning getty.
pub async fn boot(n: usize) -> System {
    let mut inittab = String::from("# test inittab\n");
    for i in 0..n {
        inittab += &format!("tty/{i}::respawn:/bin/getty /dev/tty/{i}\n");
    }
    boot_with(n, inittab).await
}

/// Boot with `n` terminals and `inittab` as `/etc/inittab`.
pub async fn boot_with(n: usize, inittab: String) -> System {
    let host = Arc::new(TestTtyHost::default());
    let ttys = Arc::new(TtyFs::new(host.clone()));
    let mut terms = Vec::new();
    for _ in 0..n {
        let (backend, remote) = Backend::pair(Kind::Terminal);
        ttys.add(backend);
        terms.push(Term::new(remote));
    }
    let unix = image(ttys.clone(), inittab)
        .init(vec!["/bin/init".into()], "/dev/tty/0")
        .boot()
        .await
        .expect("boot");
    let _ = host.host.set(unix.host());
    let sys = System { unix, ttys, terms };
    for (name, id, _) in ACCOUNTS.iter().filter(|a| a.1 != 0) {
        let (home, id) = (format!("/home/{name}"), id.to_string());
        sys.run(&["setattr", &home, "uid", &id, "gid", &id], "")
            .await;
    }
    for setuid in ["/bin/su", "/bin/passwd"] {
        sys.run(&["setattr", setuid, "mode", "4755"], "").await;
    }
    sys
}

/// The image of src/image.rs around `ttys`, with `inittab`, every bin and `setattr`.
fn image(ttys: Arc<TtyFs>, inittab: String) -> Builder {
    let mut b = Unix::builder()
        .mount(
            "/",
            "#ramfs",
            Arc::new(Perm::new(RamFs::new())),
            MountFlags::REPLACE,
        )
        .dir("/bin", 0o755)
        .dir("/dev", 0o755)
        .dir("/dev/tty", 0o755)
        .dir("/etc", 0o755)
        .dir("/home", 0o755)
        .dir("/proc", 0o555)
        .dir("/root", 0o700)
        .dir("/tmp", 0o1777)
        .file("/etc/motd", "Welcome to Warren.\n", 0o644)
        .file("/etc/inittab", inittab, 0o644)
        .mount("/etc", "#users", Arc::new(store()), MountFlags::BEFORE)
        .mount("/dev/tty", "#tty", ttys, MountFlags::REPLACE)
        .procfs("/proc")
        .pipe_server(Arc::new(PipeFs::new()))
        .env("PATH", "/bin")
        .env("HOME", "/")
        .env("CONSOLE", "/dev/tty/0")
        .env("LOGIN_DELAY_MS", "10");
    for (name, bin) in warren_bins::all() {
        b = b.bin(name, bin);
    }
    b = b.bin("setattr", bin(setattr));
    for (name, _, _) in ACCOUNTS.iter().filter(|a| a.1 != 0) {
        b = b.dir(&format!("/home/{name}"), 0o700);
    }
    b
}

/// `setattr PATH [uid N] [gid N] [mode OCTAL]`: the image's chown and chmod steps (the
/// builder has none), as a test bin run as root after boot.
async fn setattr(ctx: ProcContext) -> ExitStatus {
    let argv = ctx.argv().to_vec();
    let mut attr = SetAttr::default();
    for pair in argv[2..].chunks(2) {
        let (bit, radix) = match pair[0].as_str() {
            "uid" => (setattr::UID, 10),
            "gid" => (setattr::GID, 10),
            _ => (setattr::MODE, 8),
        };
        let value = u32::from_str_radix(&pair[1], radix).expect("number");
        attr.valid |= bit;
        match bit {
            setattr::UID => attr.uid = value,
            setattr::GID => attr.gid = value,
            _ => attr.mode = value,
        }
    }
    ctx.wstat(&argv[1], &attr).await.expect("setattr");
    ExitStatus::SUCCESS
}

impl System {
    /// Run `argv` as root with `stdin`, outside any terminal.
    pub async fn run(&self, argv: &[&str], stdin: &str) -> Ran {
        let argv = argv.iter().map(|a| a.to_string()).collect();
        let out: Output = tokio::time::timeout(GUARD, self.unix.run(argv, stdin.to_string()))
            .await
            .expect("command timed out")
            .expect("run");
        Ran {
            out: String::from_utf8_lossy(&out.stdout).into_owned(),
            err: String::from_utf8_lossy(&out.stderr).into_owned(),
            status: out.status.0,
        }
    }

    /// Close terminal `n`'s connection (drop the far end: a hangup) and give the terminal
    /// a fresh in-memory backend (hanging the old one up if the tty has not noticed yet).
    pub fn reconnect(&mut self, n: usize) {
        let (backend, remote) = Backend::pair(Kind::Terminal);
        drop(std::mem::replace(&mut self.terms[n], Term::new(remote)));
        self.ttys.reattach(n as u32, backend).expect("reattach");
    }

    /// Stop every process.
    pub async fn shutdown(self) {
        self.unix.shutdown().await;
    }
}

/// The far end of a terminal: what a person at it types and sees.
pub struct Term {
    remote: Remote,
    seen: String,
    pos: usize,
}

impl Term {
    fn new(remote: Remote) -> Term {
        Term {
            remote,
            seen: String::new(),
            pos: 0,
        }
    }

    /// Read the display until `needle` appears after what earlier calls consumed; returns the
    /// text up to and including it. Panics (with the display) after [`GUARD`].
    pub async fn expect(&mut self, needle: &str) -> String {
        let found = tokio::time::timeout(GUARD, async {
            loop {
                if let Some(i) = self.seen[self.pos..].find(needle) {
                    let end = self.pos + i + needle.len();
                    let text = self.seen[self.pos..end].to_string();
                    self.pos = end;
                    return Some(text);
                }
                let mut buf = [0u8; 4096];
                match self.remote.read(&mut buf).await {
                    Ok(0) | Err(_) => return None,
                    Ok(n) => self.seen.push_str(&String::from_utf8_lossy(&buf[..n])),
                }
            }
        })
        .await;
        match found {
            Ok(Some(text)) => text,
            _ => panic!(
                "{needle:?} never appeared; the terminal showed:\n{}",
                self.seen
            ),
        }
    }

    /// Type `text`.
    pub async fn send(&mut self, text: &str) {
        self.remote.write_all(text.as_bytes()).await.expect("type");
    }

    /// Log in as `name` with `password` and wait for the shell's prompt (`$ ` or `# `).
    pub async fn login(&mut self, name: &str, password: &str) {
        self.expect("login: ").await;
        self.send(&format!("{name}\n")).await;
        if !password.is_empty() {
            self.expect("Password: ").await;
            self.send(&format!("{password}\n")).await;
        }
        self.expect(if name == "root" { "# " } else { "$ " }).await;
    }

    /// Run `line` in the shell at the prompt and return what it printed before the next
    /// prompt (`$ `).
    pub async fn run(&mut self, line: &str) -> String {
        self.send(&format!("{line}\n")).await;
        self.expect("$ ").await
    }
}
