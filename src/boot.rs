//! The host side of a boot: the console backend, pid 1, 9P listeners, signals and shutdown.

use std::io::IsTerminal;
use std::path::Path;
use std::sync::Arc;

use warren_cons::ConsFs;
use warren_kernel::{MountFlags, Signal, Unix};
use warren_proto::dial::Listener;
use warren_proto::server::{ServeOptions, Trust};
use warren_tty::{Backend, Kind, Remote, TtyFs, TtyListener};

use crate::config::{self, Config};
use crate::image::{self, CONSOLE};
use crate::terminal::RawMode;

/// How long ending every process may take at exit.
const SHUTDOWN_LIMIT: std::time::Duration = std::time::Duration::from_secs(5);

/// How long the console's output may take to drain at exit.
const DRAIN_LIMIT: std::time::Duration = std::time::Duration::from_secs(2);

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

/// Whether `warren boot` should run the root shell rather than a login on the console: the
/// console is not a terminal (commands piped in: nobody to log in) and root may log in on
/// the console without a password anyway, so nothing is bypassed.
pub fn console_is_unattended(config: &Config) -> bool {
    let root_without_password = config.users.iter().any(|u| {
        u.uid == 0
            && u.hash.as_deref().unwrap_or("").is_empty()
            && u.password.as_deref().unwrap_or("").is_empty()
    });
    !std::io::stdin().is_terminal() && root_without_password
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
pub async fn boot(config: &Config, mode: Mode, listen: Listen) -> Result<u8, String> {
    let _raw = match mode {
        Mode::Login | Mode::Single => RawMode::enable().map_err(|e| format!("terminal: {e}"))?,
        _ => None,
    };
    let (console, _remote) = console(&mode);
    let image = image::build(config, console).await?;
    let image_ttys = image.ttys.clone();
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
    let opts = ServeOptions {
        trust: listen.trust,
        authenticator: Some(image.users.clone()),
        ..ServeOptions::default()
    };
    serve(&unix, &listen.nine_p, Arc::new(opts)).await?;
    let _terminals = listen_ttys(&image_ttys, &listen, &mode).await?;
    let status = match mode {
        Mode::Headless => {
            shutdown_signal().await;
            0
        }
        // SIGINT/SIGTERM to the host process: init shuts the system down (SIGTERM to all, a
        // grace period, SIGKILL), so the terminal is restored on the way out.
        _ => tokio::select! {
            status = unix.wait_init() => status.0,
            () = shutdown_signal() => {
                let _ = unix.host().kill(1, Signal::Term);
                unix.wait_init().await.0
            }
        },
    };
    // A process started while shutting down may escape the sweep: never wait long for it.
    let _ = tokio::time::timeout(SHUTDOWN_LIMIT, unix.shutdown()).await;
    // Let the console show what pid 1 wrote last; a terminal that stopped reading is not
    // waited for long.
    let _ = tokio::time::timeout(DRAIN_LIMIT, image_ttys.drain()).await;
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

/// What a boot listens on.
#[derive(Default)]
pub struct Listen {
    /// 9P2000.L servers of the root namespace.
    pub nine_p: Vec<String>,
    /// Remote terminals over TCP (each connection a new `/dev/tty/N` with a getty).
    pub tty: Vec<String>,
    /// Remote terminals over WebSocket.
    pub ws: Vec<String>,
    /// Who attaches to the 9P listeners without a credential.
    pub trust: Trust,
}

/// Start the terminal listeners; they accept while the returned handles live.
async fn listen_ttys(
    ttys: &Arc<TtyFs>,
    listen: &Listen,
    mode: &Mode,
) -> Result<Vec<TtyListener>, String> {
    let remote = listen.tty.len() + listen.ws.len();
    if remote > 0 && !matches!(mode, Mode::Login | Mode::Headless) {
        return Err("--tty-listen and --ws-listen need init (not --single or sh -c)".into());
    }
    let mut out = Vec::new();
    for (dial, ws) in listen
        .tty
        .iter()
        .map(|d| (d, false))
        .chain(listen.ws.iter().map(|d| (d, true)))
    {
        let l = if ws {
            warren_tty::listen_ws(ttys.clone(), dial).await
        } else {
            warren_tty::listen_tcp(ttys.clone(), dial).await
        };
        let l = l.map_err(|e| format!("terminal listener {dial}: {e}"))?;
        eprintln!(
            "warren: terminals on {}{}",
            l.dial_string(),
            if ws { " (WebSocket)" } else { "" }
        );
        out.push(l);
    }
    Ok(out)
}

/// Serve the root namespace on each dial string.
async fn serve(unix: &Unix, listen: &[String], opts: Arc<ServeOptions>) -> Result<(), String> {
    for dial in listen {
        let listener = Listener::bind(dial)
            .await
            .map_err(|e| format!("listen {dial}: {e}"))?;
        eprintln!("warren: serving 9P2000.L on {}", listener.dial_string());
        tokio::spawn(listener.serve(unix.export(), opts.clone()));
    }
    Ok(())
}

/// Resolves on SIGINT or SIGTERM.
pub async fn shutdown_signal() {
    use tokio::signal::unix::{signal, SignalKind};
    let Ok(mut term) = signal(SignalKind::terminate()) else {
        return std::future::pending().await;
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = term.recv() => {}
    }
}
