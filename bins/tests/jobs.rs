//! Job control in the shell, driven through a terminal as a person would: log in on
//! `/dev/tty/0` of a booted system, type commands and control characters, and judge what
//! the terminal shows (`jobs` lines, prompts, `$?`, `/proc` text).

mod common;
#[path = "common/system.rs"]
mod system;

use system::{boot, System, Term};

/// A system with `agent` logged in on terminal 0, at a `$ ` prompt.
async fn logged_in() -> System {
    let mut sys = boot(1).await;
    sys.terms[0].login("agent", "hunter2").await;
    sys
}

/// The value of `NAME VALUE` line `name` in a `/proc/N/status` text shown on the terminal.
fn field(text: &str, name: &str) -> String {
    let prefix = format!("{name} ");
    text.lines()
        .find_map(|l| l.trim_end_matches('\r').strip_prefix(&prefix))
        .unwrap_or_else(|| panic!("no {name} in {text:?}"))
        .to_string()
}

/// Put `sleep 100` in the background and bring it to the foreground: once `fg` has printed
/// the command, the job holds the terminal.
async fn sleep_in_foreground(term: &mut Term) {
    let shown = term.run("sleep 100 &").await;
    assert!(shown.contains("[1] "), "no job announcement in {shown:?}");
    term.send("fg\n").await;
    term.expect("fg\r\nsleep 100\r\n").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn background_job_is_listed_by_jobs() {
    let mut sys = logged_in().await;
    let term = &mut sys.terms[0];
    term.run("sleep 100 &").await;
    let shown = term.run("jobs").await;
    assert!(
        shown.contains("[1]+  Running                 sleep 100 &\r\n"),
        "{shown:?}"
    );
    sys.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fg_brings_job_to_foreground_and_ctrl_c_interrupts_it() {
    let mut sys = logged_in().await;
    let term = &mut sys.terms[0];
    sleep_in_foreground(term).await;
    term.send("\x03").await;
    term.expect("^C\r\n$ ").await;
    let shown = term.run("echo $?").await;
    assert!(shown.contains("\r\n130\r\n"), "{shown:?}");
    let shown = term.run("jobs").await;
    assert!(!shown.contains("sleep"), "the job is gone: {shown:?}");
    sys.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ctrl_c_abandons_the_rest_of_the_command_line() {
    let mut sys = logged_in().await;
    let term = &mut sys.terms[0];
    term.run("sleep 100 &").await;
    term.send("fg; echo after\n").await;
    term.expect("fg; echo after\r\nsleep 100\r\n").await;
    term.send("\x03").await;
    let shown = term.expect("$ ").await;
    assert_eq!(shown, "^C\r\n$ ");
    term.send("for i in 1 2 3; do read x; echo read $i; done\n")
        .await;
    term.expect("done\r\n").await;
    term.send("\x03").await;
    assert_eq!(term.expect("$ ").await, "^C\r\n$ ");
    let shown = term.run("echo $?").await;
    assert!(shown.contains("\r\n130\r\n"), "{shown:?}");
    sys.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ctrl_z_stops_the_foreground_job_and_bg_resumes_it() {
    let mut sys = logged_in().await;
    let term = &mut sys.terms[0];
    sleep_in_foreground(term).await;
    term.send("\x1a").await;
    term.expect("^Z\r\n[1]+  Stopped                 sleep 100\r\n$ ")
        .await;
    let shown = term.run("echo $?").await;
    assert!(shown.contains("\r\n148\r\n"), "{shown:?}");
    let shown = term.run("jobs").await;
    assert!(
        shown.contains("[1]+  Stopped                 sleep 100\r\n"),
        "{shown:?}"
    );
    let shown = term.run("bg").await;
    assert!(shown.contains("[1]+ sleep 100 &\r\n"), "{shown:?}");
    let shown = term.run("jobs").await;
    assert!(
        shown.contains("[1]+  Running                 sleep 100 &\r\n"),
        "{shown:?}"
    );
    sys.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exit_with_a_stopped_job_warns_once_then_logs_out() {
    let mut sys = logged_in().await;
    let term = &mut sys.terms[0];
    sleep_in_foreground(term).await;
    term.send("\x1a").await;
    term.expect("Stopped                 sleep 100\r\n$ ").await;
    let shown = term.run("exit").await;
    assert!(shown.contains("There are stopped jobs.\r\n"), "{shown:?}");
    term.send("exit\n").await;
    term.expect("login: ").await;
    term.send("agent\nhunter2\n").await;
    term.expect("$ ").await;
    sys.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ctrl_c_at_prompt_does_not_kill_the_shell() {
    let mut sys = logged_in().await;
    let term = &mut sys.terms[0];
    term.send("echo discarded").await;
    term.send("\x03").await;
    term.expect("echo discarded^C\r\n$ ").await;
    let shown = term.run("echo alive").await;
    assert_eq!(shown, "echo alive\r\nalive\r\n$ ");
    sys.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_pipeline_is_its_own_process_group() {
    let mut sys = logged_in().await;
    let term = &mut sys.terms[0];
    let shell = term.run("cat /proc/$$/status").await;
    let shell_pgid = field(&shell, "pgid");
    assert_eq!(
        shell_pgid,
        field(&shell, "pid"),
        "the shell leads its group"
    );
    let program = term.run("cat /proc/self/status").await;
    assert_eq!(field(&program, "pgid"), field(&program, "pid"));
    assert_ne!(field(&program, "pgid"), shell_pgid);
    let both = "grep pgid /proc/self/status | cat /proc/self/status - | grep pgid";
    let first = term.run(both).await;
    let second = term.run(both).await;
    let groups = |text: &str| -> Vec<String> {
        text.lines()
            .skip(1)
            .filter_map(|l| l.trim_end_matches('\r').strip_prefix("pgid "))
            .map(str::to_string)
            .collect()
    };
    let (first, second) = (groups(&first), groups(&second));
    assert_eq!(first.len(), 2, "{first:?}");
    assert_eq!(first[0], first[1], "both stages share a group");
    assert_eq!(second[0], second[1]);
    assert_ne!(first[0], second[0], "each pipeline has its own group");
    assert_ne!(first[0], shell_pgid);
    sys.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_of_a_job_spec_ends_the_job_and_the_prompt_reports_it() {
    let mut sys = logged_in().await;
    let term = &mut sys.terms[0];
    term.run("sleep 100 &").await;
    let mut shown = term.run("kill %1").await;
    for _ in 0..100 {
        if shown.contains("Terminated") {
            break;
        }
        shown += &term.run("").await;
    }
    assert!(
        shown.contains("[1]+  Terminated              sleep 100\r\n"),
        "{shown:?}"
    );
    let shown = term.run("jobs").await;
    assert!(!shown.contains("sleep"), "reported once: {shown:?}");
    sys.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wait_for_a_job_gives_its_status() {
    let mut sys = logged_in().await;
    let term = &mut sys.terms[0];
    let shown = term.run("(exit 7) & wait %1; echo status=$?").await;
    assert!(shown.contains("status=7\r\n"), "{shown:?}");
    sys.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_shell_sources_profile() {
    let mut sys = logged_in().await;
    let term = &mut sys.terms[0];
    term.run("echo 'echo profile ran; PROFILED=yes' > $HOME/.profile")
        .await;
    term.send("exit\n").await;
    term.expect("login: ").await;
    term.send("agent\n").await;
    term.expect("Password: ").await;
    term.send("hunter2\n").await;
    let shown = term.expect("$ ").await;
    assert!(shown.contains("profile ran\r\n"), "{shown:?}");
    let shown = term.run("echo $PROFILED").await;
    assert!(shown.contains("\r\nyes\r\n"), "{shown:?}");
    sys.shutdown().await;
}
