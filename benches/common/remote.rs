//! The 9P servers the `ninep` bench talks to over loopback TCP, each reached through
//! Warren's client: Warren's serving loop exporting a bare ramfs, the same loop exporting a
//! booted system's namespace (what `warren boot --listen` serves), diod (the reference
//! C 9P2000.L server, run as a host process when it is installed), and any server already
//! listening at `$WARREN_BENCH_DIAL` (attached with `$WARREN_BENCH_ANAME`, default empty).

use std::net::{TcpListener as StdListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::runtime::Runtime;
use warren_kernel::Unix;
use warren_proto::client::{Client, ClientOptions};
use warren_proto::dial::Listener;
use warren_proto::msg::IOHDRSZ;
use warren_proto::server::{ServeOptions, Trust};
use warren_proto::{Caller, Fid, FileServer};
use warren_ramfs::RamFs;

use super::{image, named_runtime};

/// The msize the client proposes by default: 1 MiB of data per read (+ `IOHDRSZ`).
pub const MSIZE: u32 = (1 << 20) + IOHDRSZ;
/// The msize diod 1.0.24 answers with (64 KiB, headers included), for like-for-like runs.
pub const MSIZE_64K: u32 = 64 * 1024;

/// The name of the in-process servers' threads (the client's are `tokio-runtime-worker`).
pub const SERVER_THREADS: &str = "bench-9p-server";

/// How long diod may take to start listening.
const DIOD_START: Duration = Duration::from_secs(10);

/// What runs a server, kept alive as long as the server is used.
enum Host {
    /// Warren's serving loop on its own runtime (its own threads, as a separate process
    /// would have); a booted system when it serves one.
    InProcess(Runtime, Option<Unix>),
    /// A diod process and the directory it exports.
    Diod(Child, PathBuf),
    /// A server someone else runs.
    External,
}

/// A running server and a client connected to it, attached as root.
pub struct Remote {
    /// A short name for reports: `warren-ramfs`, `warren-export`, `diod`, with
    /// `-64k` when the client proposed a 64 KiB msize.
    pub name: String,
    /// The connection.
    pub client: Arc<Client>,
    /// The attached root of the export.
    pub root: Fid,
    host: Host,
}

impl Remote {
    /// Warren's serving loop exporting a fresh ramfs, the client proposing `msize` bytes.
    pub fn warren_ramfs(rt: &Runtime, msize: u32) -> Remote {
        let server = named_runtime(SERVER_THREADS);
        let dial = serve(&server, Arc::new(RamFs::new()));
        let name = named("warren-ramfs", msize);
        connect(rt, name, msize, &dial, "", Host::InProcess(server, None))
    }

    /// Warren's serving loop exporting the namespace of a system booted with the bench
    /// image (the exportfs layer over ramfs).
    pub fn warren_export(rt: &Runtime) -> Remote {
        let server = named_runtime(SERVER_THREADS);
        let unix = server
            .block_on(image().boot())
            .expect("boot the bench image");
        let dial = serve(&server, unix.export());
        let host = Host::InProcess(server, Some(unix));
        connect(rt, "warren-export".into(), MSIZE, &dial, "", host)
    }

    /// The server at `$WARREN_BENCH_DIAL` (`tcp!127.0.0.1!5640`), attached as root with
    /// the aname `$WARREN_BENCH_ANAME` (for `warren boot --listen`: `key=ROOTKEY`); `None`
    /// when the variable is not set.
    pub fn external(rt: &Runtime) -> Option<Remote> {
        let dial = std::env::var("WARREN_BENCH_DIAL").ok()?;
        let aname = std::env::var("WARREN_BENCH_ANAME").unwrap_or_default();
        let name = "external".to_string();
        Some(connect(rt, name, MSIZE, &dial, &aname, Host::External))
    }

    /// diod on a free port exporting a new temporary directory, or `None` when diod is
    /// not installed. Runs `diod -f -n -N -c /dev/null -l 127.0.0.1:PORT -e DIR`.
    pub fn diod(rt: &Runtime) -> Option<Remote> {
        let dir = std::env::temp_dir().join(format!("warren-bench-diod.{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("create diod's export directory");
        let port = free_port();
        let child = Command::new("diod")
            .args(["-f", "-n", "-N", "-c", "/dev/null", "-l"])
            .arg(format!("127.0.0.1:{port}"))
            .arg("-e")
            .arg(&dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn();
        let Ok(child) = child else {
            eprintln!("diod is not installed: skipping the diod runs (apt-get install diod)");
            let _ = std::fs::remove_dir_all(&dir);
            return None;
        };
        wait_listening(port);
        let aname = dir.to_string_lossy().into_owned();
        let dial = format!("tcp!127.0.0.1!{port}");
        let host = Host::Diod(child, dir);
        Some(connect(rt, "diod".into(), MSIZE, &dial, &aname, host))
    }
}

impl Drop for Remote {
    fn drop(&mut self) {
        match &mut self.host {
            Host::InProcess(server, unix) => {
                if let Some(unix) = unix.take() {
                    server.block_on(unix.shutdown());
                }
            }
            Host::Diod(child, dir) => {
                let _ = child.kill();
                let _ = child.wait();
                let _ = std::fs::remove_dir_all(dir);
            }
            Host::External => {}
        }
    }
}

/// Listen on a free loopback port and serve `fs` there on `server`, believing every
/// attach (`Trust::Any`: root over TCP without a credential); the dial string.
fn serve(server: &Runtime, fs: Arc<dyn FileServer>) -> String {
    let listener = server
        .block_on(Listener::bind("tcp!127.0.0.1!0"))
        .expect("listen on loopback");
    let dial = listener.dial_string();
    let opts = ServeOptions {
        trust: Trust::Any,
        ..ServeOptions::default()
    };
    server.spawn(listener.serve(fs, Arc::new(opts)));
    dial
}

/// `base`, with `-64k` when `msize` is [`MSIZE_64K`].
fn named(base: &str, msize: u32) -> String {
    match msize {
        MSIZE_64K => format!("{base}-64k"),
        _ => base.to_string(),
    }
}

/// Dial `dial` on `rt` proposing `msize`, attach `aname` as root and report the msize.
fn connect(rt: &Runtime, name: String, msize: u32, dial: &str, aname: &str, host: Host) -> Remote {
    let opts = ClientOptions {
        msize,
        ..ClientOptions::default()
    };
    let client = rt.block_on(Client::dial(dial, opts)).expect("dial");
    let root = Fid::fresh();
    rt.block_on(client.attach(&Caller::ROOT, root, aname))
        .expect("attach");
    eprintln!("{name}: {dial}, msize {}", client.msize());
    Remote {
        name,
        client: Arc::new(client),
        root,
        host,
    }
}

/// A loopback TCP port that was free a moment ago.
fn free_port() -> u16 {
    let l = StdListener::bind("127.0.0.1:0").expect("bind a free port");
    l.local_addr().expect("local address").port()
}

/// Block until something accepts connections on `port` (panics after [`DIOD_START`]).
fn wait_listening(port: u16) {
    let deadline = Instant::now() + DIOD_START;
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "diod is not listening on {port}");
        std::thread::sleep(Duration::from_millis(10));
    }
}
