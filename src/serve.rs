//! `warren serve FS --listen DIAL`: one registered fileserver crate as its own process,
//! serving 9P2000.L, to be mounted by Linux (v9fs) or by another Warren (`mount DIAL PATH`).
//!
//! The registry below is the one place a fileserver crate is wired into `warren serve`: one
//! line per crate (see docs/extending.md).

use std::path::PathBuf;
use std::sync::Arc;

use warren_proto::dial::Listener;
use warren_proto::server::ServeOptions;
use warren_proto::FileServer;

/// The fileservers `warren serve` can run, by name, with the one-line help shown by `--help`.
pub const REGISTRY: &[(&str, &str)] = &[
    ("ramfs", "an empty in-memory tree"),
    ("hostfs", "a host directory (--root DIR, --read-only)"),
    ("kv", "a key-value store whose keys are files"),
];

/// Options of `warren serve` that some fileservers take.
pub struct ServeArgs {
    /// `hostfs`: the host directory to export.
    pub root: Option<PathBuf>,
    /// `hostfs`: refuse every mutation with `EROFS`.
    pub read_only: bool,
}

/// The fileserver called `name`.
///
/// # Errors
/// A message for an unknown name or a server that cannot start (a missing `--root`).
pub fn make(name: &str, args: &ServeArgs) -> Result<Arc<dyn FileServer>, String> {
    Ok(match name {
        "ramfs" => Arc::new(warren_ramfs::RamFs::new()),
        "hostfs" => {
            let root = args.root.as_deref().ok_or("hostfs needs --root DIR")?;
            let opts = warren_hostfs::HostOptions {
                read_only: args.read_only,
                ..Default::default()
            };
            Arc::new(
                warren_hostfs::HostFs::new(root, opts)
                    .map_err(|e| format!("{}: {e}", root.display()))?,
            )
        }
        "kv" => Arc::new(warren_kv::KvFs::new()),
        _ => {
            let names: Vec<_> = REGISTRY.iter().map(|(n, _)| *n).collect();
            return Err(format!(
                "no fileserver {name:?}; registered: {}",
                names.join(", ")
            ));
        }
    })
}

/// Serve `fs` on every dial string until SIGINT or SIGTERM.
///
/// # Errors
/// A message for a listener that cannot bind.
pub async fn serve(
    fs: Arc<dyn FileServer>,
    listen: &[String],
    opts: ServeOptions,
) -> Result<(), String> {
    if listen.is_empty() {
        return Err("give at least one --listen DIAL".into());
    }
    let opts = Arc::new(opts);
    for dial in listen {
        let listener = Listener::bind(dial)
            .await
            .map_err(|e| format!("listen {dial}: {e}"))?;
        eprintln!("warren: serving 9P2000.L on {}", listener.dial_string());
        tokio::spawn(listener.serve(fs.clone(), opts.clone()));
    }
    crate::boot::shutdown_signal().await;
    Ok(())
}
