//! `warren`: the host CLI. Boots the embedded default image, runs one command line in an
//! ephemeral system, and serves the namespace over 9P2000.L.
//!
//! # Layout
//! - `main.rs`: the command line (clap) and its dispatch.
//! - [`boot`]: the host side of a boot: the console, listeners, signals, shutdown.
//! - [`config`]: the boot configuration (TOML; the embedded default is `src/default.toml`).
//! - [`image`]: the image a configuration describes; [`users`]: its user store.
//! - [`serve`]: `warren serve`, one fileserver crate as its own 9P2000.L server.
//! - [`ttyhost`]: the tty fileserver's view of the kernel; [`terminal`]: host raw mode.

mod boot;
mod config;
mod image;
mod serve;
mod terminal;
mod ttyhost;
mod users;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use warren_proto::server::{ServeOptions, Trust};

/// Warren: a 9P-speaking, fileserver-first userspace Unix for AI agents.
#[derive(Parser)]
#[command(version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Boot the default image: init, then getty and login on the console.
    Boot {
        /// Replace the embedded configuration (users, passwords, ttys, mounts) with FILE.
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
        /// Also serve the root namespace over 9P2000.L on this dial string
        /// (`tcp!127.0.0.1!5640`, `unix!/path`; port 0 picks a free port). Repeatable.
        #[arg(long, value_name = "DIAL")]
        listen: Vec<String>,
        /// Who may attach to --listen without a credential: `none`, `unix` (unix sockets; the
        /// default), `loopback` (also TCP from loopback, except root) or `any`.
        #[arg(long, value_name = "RULE", default_value = "unix", value_parser = parse_trust)]
        trust: Trust,
        /// Give each TCP connection on this dial string a new terminal `/dev/tty/N` and a
        /// getty (`nc 127.0.0.1 2323`); closing it hangs up its session. Repeatable.
        #[arg(long, value_name = "DIAL")]
        tty_listen: Vec<String>,
        /// As --tty-listen, for WebSocket connections (browser terminals). Repeatable.
        #[arg(long, value_name = "DIAL")]
        ws_listen: Vec<String>,
        /// Run headless (no one on the console) until SIGINT or SIGTERM.
        #[arg(long)]
        no_console: bool,
        /// Run a root shell as pid 1 on the console instead of init (phase 1 of the boot path).
        #[arg(long)]
        single: bool,
        /// Bind a host directory into the namespace, confined to it: `HOST:PATH` or
        /// `HOST:PATH:ro`. Repeatable; adds to the configuration's `host_dirs`.
        #[arg(long, value_name = "HOST:PATH[:ro]")]
        host_dir: Vec<String>,
    },
    /// Run one registered fileserver (ramfs, hostfs, kv) as its own 9P2000.L server.
    Serve {
        /// The fileserver's name.
        #[arg(value_name = "FS")]
        fs: String,
        /// Where to serve (`tcp!127.0.0.1!5640`, `unix!/path`). Repeatable.
        #[arg(long, value_name = "DIAL", required = true)]
        listen: Vec<String>,
        /// hostfs: the host directory to export.
        #[arg(long, value_name = "DIR")]
        root: Option<PathBuf>,
        /// hostfs: export read-only.
        #[arg(long)]
        read_only: bool,
        /// Who may attach without a credential (a standalone server has no user store, so
        /// over TCP this is the only way in): `none`, `unix` (default), `loopback` or `any`.
        #[arg(long, value_name = "RULE", default_value = "unix", value_parser = parse_trust)]
        trust: Trust,
    },
    /// Boot an ephemeral system, run one command line as root, exit with its status.
    Sh {
        /// The command line.
        #[arg(short = 'c', value_name = "CMD")]
        command: String,
    },
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_env("WARREN_LOG"))
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let rt = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => return fail(format!("tokio runtime: {e}")),
    };
    let result = rt.block_on(async {
        match cli.command {
            Command::Boot {
                config,
                listen,
                no_console,
                single,
                host_dir,
                tty_listen,
                ws_listen,
                trust,
            } => {
                let mut config = boot::load_config(config.as_deref())?;
                for flag in host_dir {
                    config
                        .host_dirs
                        .push(config::HostDirConfig::parse_flag(&flag)?);
                }
                let mode = match (no_console, single) {
                    (true, _) => boot::Mode::Headless,
                    (false, true) => boot::Mode::Single,
                    (false, false) if boot::console_is_unattended(&config) => boot::Mode::Single,
                    (false, false) => boot::Mode::Login,
                };
                let listen = boot::Listen {
                    nine_p: listen,
                    tty: tty_listen,
                    ws: ws_listen,
                    trust,
                };
                boot::boot(&config, mode, listen).await
            }
            Command::Serve {
                fs,
                listen,
                root,
                read_only,
                trust,
            } => {
                let fs = serve::make(&fs, &serve::ServeArgs { root, read_only })?;
                let opts = ServeOptions {
                    trust,
                    ..ServeOptions::default()
                };
                serve::serve(fs, &listen, opts).await.map(|()| 0)
            }
            Command::Sh { command } => {
                let config = boot::load_config(None)?;
                boot::boot(&config, boot::Mode::Command(command), Default::default()).await
            }
        }
    });
    // Processes blocked on host stdin must not keep the process alive.
    rt.shutdown_background();
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => fail(e),
    }
}

/// `--trust`'s values.
fn parse_trust(rule: &str) -> Result<Trust, String> {
    match rule {
        "none" => Ok(Trust::None),
        "unix" => Ok(Trust::Unix),
        "loopback" => Ok(Trust::Loopback),
        "any" => Ok(Trust::Any),
        _ => Err(format!("{rule:?}: want none, unix, loopback or any")),
    }
}

fn fail(message: String) -> ExitCode {
    eprintln!("warren: {message}");
    ExitCode::FAILURE
}
