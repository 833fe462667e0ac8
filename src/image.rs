//! The embedded default image: which fileservers are mounted where, which bins are
//! registered, and the files a fresh system starts with, from a [`Config`].
//!
//! | path | what |
//! | --- | --- |
//! | `/` | ramfs behind the permission middleware (`#ramfs`): `/bin /dev /etc /home /n /proc /root /tmp` |
//! | `/bin/*` | one bin image per bin of `warren-bins`; `su` and `passwd` are setuid root (04755) |
//! | `/etc` | the user store (`#users`: `passwd`, `group`, `shadow`, `keys`) before ramfs's `/etc` (`inittab`, `motd`) |
//! | `/dev/tty` | the tty fileserver (`#tty`); `/dev/tty/0` is the console, also bound on `/dev/cons` |
//! | `/proc` | the kernel's process fileserver (`#proc`) |
//! | `/dev/pipe` | a pipe anyone may use (`#pipe`: `data`, `data1`), as Plan 9's `bind '#|'` |
//! | `/home/NAME` | each user's home, 0700, owned by the user |
//! | `/n/kv` | a key-value store whose keys are files (`#kv`, the example fileserver crate) |
//! | configured | host directories (`#hostfs`, behind the permission middleware) and remote mounts |

use std::path::Path;
use std::sync::Arc;

use warren_hostfs::{HostFs, HostOptions, IdMap};
use warren_kernel::{Builder, MountFlags, Unix};
use warren_kv::KvFs;
use warren_perm::Perm;
use warren_pipe::PipeFs;
use warren_proto::client::{Client, ClientOptions};
use warren_proto::{Gid, Uid};
use warren_ramfs::RamFs;
use warren_tty::{Backend, TtyFs};
use warren_users::UserFs;

use crate::config::{Config, Order};
use crate::ttyhost::KernelTtyHost;
use crate::users;

/// The message of the day, shipped as `/etc/motd`.
pub const MOTD: &str = "Welcome to Warren.\n";

/// The console's path: tty 0, the terminal `warren boot` was started from.
pub const CONSOLE: &str = "/dev/tty/0";

/// An image ready to boot, and the handle its tty server needs once the system is up.
pub struct Image {
    /// The system's builder; the caller adds `init` and boots it.
    pub builder: Builder,
    /// Give it the booted system's host handle (`unix.host()`).
    pub tty_host: Arc<KernelTtyHost>,
    /// The terminals, to drain their output before the host process exits.
    pub ttys: Arc<TtyFs>,
    /// The user store, which also checks the credentials of 9P attaches.
    pub users: Arc<UserFs>,
}

/// The image for `config` with `console` as tty 0.
///
/// # Errors
/// A message for a configuration the store refuses (a duplicate name or uid) or a mount whose
/// server cannot be reached.
pub async fn build(config: &Config, console: Backend) -> Result<Image, String> {
    let tty_host = Arc::new(KernelTtyHost::default());
    let ttys = Arc::new(TtyFs::new(tty_host.clone()));
    ttys.add(console);
    let pipes: Arc<PipeFs> = Arc::new(PipeFs::new());
    let store = Arc::new(users::store(config).map_err(|e| format!("users: {e}"))?);
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
        .file("/dev/cons", Vec::new(), 0o666)
        .dir("/etc", 0o755)
        .dir("/home", 0o755)
        .dir("/n", 0o755)
        .dir("/proc", 0o555)
        .dir("/root", 0o700)
        .dir("/tmp", 0o1777)
        .file("/etc/motd", MOTD.as_bytes(), 0o644)
        .file("/etc/inittab", inittab(&config.ttys), 0o644)
        .mount("/etc", "#users", store.clone(), MountFlags::BEFORE)
        .mount("/dev/tty", "#tty", ttys.clone(), MountFlags::REPLACE)
        .bind(CONSOLE, "/dev/cons", MountFlags::REPLACE)
        .procfs("/proc")
        .dir("/n/kv", 0o755)
        .mount("/n/kv", "#kv", Arc::new(KvFs::new()), MountFlags::REPLACE)
        .dir("/dev/pipe", 0o755)
        .mount("/dev/pipe", "#pipe", pipes.clone(), MountFlags::REPLACE)
        .pipe_server(pipes)
        .env("PATH", "/bin")
        .env("HOME", "/")
        .env("CONSOLE", CONSOLE);
    for (name, bin) in warren_bins::all() {
        b = b.bin(name, bin);
    }
    b = b.chmod("/bin/su", 0o4755).chmod("/bin/passwd", 0o4755);
    for u in &config.users {
        b = b.dir(&u.home, 0o700).chown(&u.home, u.uid, u.gid);
    }
    for d in &config.host_dirs {
        let ids = match (d.uid, d.gid) {
            (Some(u), g) => IdMap::squash(Uid(u), Gid(g.unwrap_or(u))),
            _ => IdMap::identity(),
        };
        let opts = HostOptions {
            read_only: d.read_only,
            ids,
        };
        let fs = HostFs::new(Path::new(&d.host), opts)
            .map_err(|e| format!("host dir {}: {e}", d.host))?;
        let label = format!("#hostfs:{}", d.host);
        b = b.dir(&d.path, 0o755).mount(
            &d.path,
            &label,
            Arc::new(Perm::new(fs)),
            MountFlags::REPLACE,
        );
    }
    for m in &config.mounts {
        let client = Client::dial(
            &m.dial,
            ClientOptions {
                timeout: None,
                ..ClientOptions::default()
            },
        )
        .await
        .map_err(|e| format!("mount {} on {}: {e}", m.dial, m.path))?;
        let mut flags = match m.order {
            Order::Replace => MountFlags::REPLACE,
            Order::Before => MountFlags::BEFORE,
            Order::After => MountFlags::AFTER,
        };
        if m.create {
            flags = flags | MountFlags::CREATE;
        }
        b = b
            .dir(&m.path, 0o755)
            .mount(&m.path, &m.dial, Arc::new(client), flags);
    }
    Ok(Image {
        builder: b,
        tty_host,
        ttys,
        users: store,
    })
}

/// `/etc/inittab`: a respawning getty on each configured terminal (`console` is tty 0).
fn inittab(ttys: &[String]) -> String {
    let mut text =
        String::from("# ID::ACTION:PROCESS (busybox style); made from the boot configuration\n");
    for (n, tty) in ttys.iter().enumerate() {
        let path = if tty == "console" {
            CONSOLE.to_string()
        } else {
            format!("/dev/tty/{n}")
        };
        let id = path.trim_start_matches("/dev/");
        text += &format!("{id}::respawn:/bin/getty {path}\n");
    }
    text
}
