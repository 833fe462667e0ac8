//! `warren`: the host CLI. Boots the embedded default image, runs one command line in an
//! ephemeral system, and serves the namespace over 9P2000.L.
//!
//! # Layout
//! - `main.rs`: the command line (clap) and its dispatch.
//! - [`boot`]: the host side of a boot: the console, listeners, signals, shutdown.
//! - [`config`]: the boot configuration (TOML; the embedded default is `src/default.toml`).
//! - [`image`]: the image a configuration describes; [`users`]: its user store.
//! - [`ttyhost`]: the tty fileserver's view of the kernel; [`terminal`]: host raw mode.

mod boot;
mod config;
mod image;
mod terminal;
mod ttyhost;
mod users;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

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
        /// Run headless (no one on the console) until SIGINT or SIGTERM.
        #[arg(long)]
        no_console: bool,
        /// Run a root shell as pid 1 on the console instead of init (phase 1 of the boot path).
        #[arg(long)]
        single: bool,
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
            } => {
                let config = boot::load_config(config.as_deref())?;
                let mode = match (no_console, single) {
                    (true, _) => boot::Mode::Headless,
                    (false, true) => boot::Mode::Single,
                    (false, false) => boot::Mode::Login,
                };
                boot::boot(&config, mode, listen).await
            }
            Command::Sh { command } => {
                let config = boot::load_config(None)?;
                boot::boot(&config, boot::Mode::Command(command), Vec::new()).await
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

fn fail(message: String) -> ExitCode {
    eprintln!("warren: {message}");
    ExitCode::FAILURE
}
