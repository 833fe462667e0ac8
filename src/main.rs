//! `warren`: the host CLI. Boots the embedded default image, runs one command line in an
//! ephemeral system, and serves the namespace over 9P2000.L.
//!
//! # Layout
//! - `main.rs`: the command line (clap) and the host side of boot: console, listeners, signals.
//! - [`image`]: the embedded default image.

mod image;

use std::io::IsTerminal;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand};
use warren_cons::ConsFs;
use warren_proto::dial::Listener;
use warren_proto::server::ServeOptions;

/// Warren: a 9P-speaking, fileserver-first userspace Unix for AI agents.
#[derive(Parser)]
#[command(version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Boot the default image and run a root shell as pid 1 on this terminal.
    Boot {
        /// Also serve the root namespace over 9P2000.L on this dial string
        /// (`tcp!127.0.0.1!5640`, `unix!/path`; port 0 picks a free port). Repeatable.
        #[arg(long, value_name = "DIAL")]
        listen: Vec<String>,
        /// Run headless (no shell on the console) until SIGINT or SIGTERM.
        #[arg(long)]
        no_console: bool,
        /// Run the root shell directly as pid 1 (phase 1 of the boot path).
        #[arg(long)]
        single: bool,
    },
    /// Boot an ephemeral system, run one command line, exit with its status.
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
    let rt = tokio::runtime::Runtime::new().expect("tokio runtime");
    let result = rt.block_on(async {
        match cli.command {
            Command::Boot {
                listen,
                no_console,
                single: _,
            } => boot(listen, no_console).await,
            Command::Sh { command } => {
                let argv = vec!["sh".into(), "-c".into(), command];
                run(argv, host_console(true), Vec::new()).await
            }
        }
    });
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("warren: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The console over the host's stdin/stdout/stderr (`with_input` false: headless).
fn host_console(with_input: bool) -> ConsFs {
    let input = with_input.then(|| Box::new(tokio::io::stdin()) as _);
    let terminal = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    ConsFs::new(
        input,
        Box::new(tokio::io::stdout()),
        Box::new(tokio::io::stderr()),
        terminal,
    )
}

async fn boot(listen: Vec<String>, no_console: bool) -> Result<u8, String> {
    if no_console {
        let argv = vec!["sh".into()];
        let unix = start(argv, host_console(false), listen).await?;
        shutdown_signal().await;
        unix.shutdown().await;
        return Ok(0);
    }
    run(vec!["sh".into()], host_console(true), listen).await
}

/// Boot with pid 1 running `argv`, wait for it, shut down, and return its status.
async fn run(argv: Vec<String>, console: ConsFs, listen: Vec<String>) -> Result<u8, String> {
    let unix = start(argv, console, listen).await?;
    let status = unix.wait_init().await;
    unix.shutdown().await;
    Ok(status.0)
}

async fn start(
    argv: Vec<String>,
    console: ConsFs,
    listen: Vec<String>,
) -> Result<warren_kernel::Unix, String> {
    let mut argv = argv;
    argv[0] = "/bin/sh".into();
    let unix = image::default_image(console)
        .init(argv, ["/dev/cons", "/dev/cons", "/dev/stderr"])
        .boot()
        .await
        .map_err(|e| format!("boot: {e}"))?;
    for dial in listen {
        let listener = Listener::bind(&dial)
            .await
            .map_err(|e| format!("listen {dial}: {e}"))?;
        eprintln!("warren: serving 9P2000.L on {}", listener.dial_string());
        let fs = unix.export();
        tokio::spawn(listener.serve(fs, Arc::new(ServeOptions::default())));
    }
    Ok(unix)
}

/// Resolves on SIGINT or SIGTERM.
async fn shutdown_signal() {
    use tokio::signal::unix::{signal, SignalKind};
    let mut term = signal(SignalKind::terminate()).expect("SIGTERM handler");
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = term.recv() => {}
    }
}
