//! The host side of a boot: the console backend, pid 1, 9P listeners, signals and shutdown.

use std::io::IsTerminal;
use std::path::Path;
use std::sync::Arc;

use warren_cons::ConsFs;
use warren_kernel::{MountFlags, Unix};
use warren_proto::dial::Listener;
use warren_proto::server::ServeOptions;
use warren_tty::{Backend, Kind, Remote};

use crate::config::{self, Config};
use crate::image::{self, CONSOLE};
use crate::terminal::RawMode;

/// What pid 1 is and where the console goes.
pub enum Mode {
    /// init → getty → login on the console (phase 2 and on).
    Login,
    /// A root shell as pid 1 on the console (phase 1, `--single`).
    Single,
    /// Nobody on the console; run until SIGINT or SIGTERM.
    Headless,
    /// `sh -c CMD` as pid 1 on the host's stdin, stdout and stderr.
    Command(String),
}

/// The configuration in `path`, or the embedded default.
///
/// # Errors
/// The file cannot be read, or does not parse (the message names the problem).
pub fn load_config(path: Option<&Path>) -> Result<Config, String> {
    let text = match path {
        Some(p) => std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()))?,
        None => config::DEFAULT.to_string(),
    };
    Config::parse(&text).map_err(|e| match path {
        Some(p) => format!("{}: {e}", p.display()),
        None => format!("embedded configuration: {e}"),
    })
}

/// Boot `config` in `mode`, serve on `listen`, and return pid 1's exit status (0 when
/// headless and stopped by a signal).
///
/// # Errors
/// A message for a failed boot or listener.
pub async fn boot(config: &Config, mode: Mode, listen: Vec<String>) -> Result<u8, String> {
    let _raw = match mode {
        Mode::Login | Mode::Single => RawMode::enable().map_err(|e| format!("terminal: {e}"))?,
        _ => None,
    };
    let (console, _remote) = console(&mode);
    let image = image::build(config, console).await?;
    let mut builder = image.builder;
    builder = match &mode {
        Mode::Login | Mode::Headless => builder.init(vec!["/bin/init".into()], CONSOLE),
        Mode::Single => builder.init(vec!["/bin/sh".into()], CONSOLE),
        Mode::Command(cmd) => {
            let host = ConsFs::new(
                Some(Box::new(tokio::io::stdin())),
                Box::new(tokio::io::stdout()),
                Box::new(tokio::io::stderr()),
                false,
            );
            builder
                .dir("/dev/host", 0o755)
                .mount("/dev/host", "#cons", Arc::new(host), MountFlags::REPLACE)
                .init(
                    vec!["/bin/sh".into(), "-c".into(), cmd.clone()],
                    ["/dev/host/cons", "/dev/host/cons", "/dev/host/stderr"],
                )
        }
    };
    let unix = builder.boot().await.map_err(|e| format!("boot: {e}"))?;
    image.tty_host.set(unix.host());
    serve(&unix, listen).await?;
    let status = match mode {
        Mode::Headless => {
            shutdown_signal().await;
            0
        }
        _ => unix.wait_init().await.0,
    };
    unix.shutdown().await;
    Ok(status)
}

/// Tty 0's backend: the host terminal, host stdin as a stream, or (headless, command) an
/// in-memory pair whose remote end is kept, unused, so the console never hangs up.
fn console(mode: &Mode) -> (Backend, Option<Remote>) {
    let stdio = || {
        (
            Box::new(tokio::io::stdin()) as _,
            Box::new(tokio::io::stdout()) as _,
        )
    };
    match mode {
        Mode::Login | Mode::Single if std::io::stdin().is_terminal() => {
            let (i, o) = stdio();
            (Backend::new(Kind::Terminal, i, o), None)
        }
        Mode::Login | Mode::Single => {
            let (i, o) = stdio();
            (Backend::new(Kind::Stream, i, o), None)
        }
        Mode::Headless | Mode::Command(_) => {
            let (backend, remote) = Backend::pair(Kind::Stream);
            (backend, Some(remote))
        }
    }
}

/// Serve the root namespace on each dial string.
async fn serve(unix: &Unix, listen: Vec<String>) -> Result<(), String> {
    for dial in listen {
        let listener = Listener::bind(&dial)
            .await
            .map_err(|e| format!("listen {dial}: {e}"))?;
        eprintln!("warren: serving 9P2000.L on {}", listener.dial_string());
        tokio::spawn(listener.serve(unix.export(), Arc::new(ServeOptions::default())));
    }
    Ok(())
}

/// Resolves on SIGINT or SIGTERM.
async fn shutdown_signal() {
    use tokio::signal::unix::{signal, SignalKind};
    let Ok(mut term) = signal(SignalKind::terminate()) else {
        return std::future::pending().await;
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = term.recv() => {}
    }
}
