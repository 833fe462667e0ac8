//! `env [-i] [NAME=VALUE...] [COMMAND [ARG...]]`: print the environment, or run a command in
//! a changed one (POSIX `env`). `-i` starts from an empty environment.

use warren_kernel::{ExitStatus, Fd, ProcContext, Share, SpawnOptions};
use warren_proto::Errno;

use crate::util::{fail, say};

/// Print `NAME=VALUE` lines, or run COMMAND and exit with its status (127 if it is not
/// found, 126 if it cannot be run).
pub async fn main(ctx: ProcContext) -> ExitStatus {
    let mut args = crate::util::args(&ctx);
    let clear = args.first().is_some_and(|a| a == "-i" || a == "-");
    if clear {
        args = &args[1..];
    }
    let split = args
        .iter()
        .position(|a| !a.contains('='))
        .unwrap_or(args.len());
    let sets: Vec<(String, String)> = args[..split]
        .iter()
        .filter_map(|a| {
            a.split_once('=')
                .map(|(k, v)| (k.to_string(), v.to_string()))
        })
        .collect();
    let command = &args[split..];
    if command.is_empty() {
        return print(&ctx, clear, &sets).await;
    }
    run(&ctx, command, clear, sets).await
}

/// Spawn `command` in the changed environment and wait for it.
async fn run(
    ctx: &ProcContext,
    command: &[String],
    clear: bool,
    sets: Vec<(String, String)>,
) -> ExitStatus {
    let opts = SpawnOptions {
        env: if clear { Share::Fresh } else { Share::Copy },
        env_set: sets,
        ..SpawnOptions::default()
    };
    let pid = match ctx.spawn(command.to_vec(), opts).await {
        Ok(pid) => pid,
        Err(Errno::ENOENT) => {
            say(
                ctx,
                &format!("env: '{}': No such file or directory", command[0]),
            )
            .await;
            return ExitStatus(127);
        }
        Err(e) => {
            say(ctx, &format!("env: '{}': {e}", command[0])).await;
            return ExitStatus(126);
        }
    };
    match ctx.wait(pid).await {
        Ok(status) => status,
        Err(e) => fail(ctx, "env", &e.to_string()).await,
    }
}

async fn print(ctx: &ProcContext, clear: bool, sets: &[(String, String)]) -> ExitStatus {
    let mut vars = if clear { Vec::new() } else { ctx.environ() };
    for (k, v) in sets {
        vars.retain(|(name, _)| name != k);
        vars.push((k.clone(), v.clone()));
    }
    vars.sort();
    let text: String = vars.iter().map(|(k, v)| format!("{k}={v}\n")).collect();
    match ctx.write_all(Fd::STDOUT, text).await {
        Ok(()) => ExitStatus::SUCCESS,
        Err(_) => ExitStatus::FAILURE,
    }
}
