//! /proc: the process table as files: listing, self, status, cmdline, env, cwd, ns, fd,
//! ctl and wait, and who may use them.

mod common;

use common::{argv, as_init, blocked_child, cat, image, kpid, names};
use tokio::sync::oneshot;
use warren_kernel::{
    Builder, ExitStatus, Pid, ProcContext, Sid, Signal, SpawnOptions, WaitFor, WaitOptions,
};
use warren_proto::attr::oflags::{O_RDONLY, O_WRONLY};
use warren_proto::{Errno, Gid, Uid};

/// The test image with /proc mounted.
fn proc_image() -> Builder {
    image().procfs("/proc")
}

/// Write `text` to `path`.
async fn write(cx: &ProcContext, path: &str, text: &str) -> Result<(), Errno> {
    let fd = cx.open(path, O_WRONLY, 0).await?;
    let r = cx.write(fd, text.to_string().into()).await;
    cx.close(fd).await?;
    r.map(drop)
}

#[tokio::test]
async fn proc_lists_the_pids_in_the_table_and_self() {
    let (listed, child) = as_init(proc_image(), |cx| async move {
        let child = blocked_child(&cx).await;
        let listed = names(&cx, "/proc").await;
        cx.kill(kpid(child), Signal::Kill).unwrap();
        cx.wait(child).await.unwrap();
        (listed, child)
    })
    .await;
    assert_eq!(
        listed,
        vec!["self".to_string(), "1".into(), child.0.to_string()]
    );
}

#[tokio::test]
async fn proc_self_status_shows_the_callers_ids_and_state() {
    let status = as_init(proc_image(), |cx| async move {
        cat(&cx, "/proc/self/status").await
    })
    .await;
    assert_eq!(
        status,
        "pid 1\nppid 0\nuid 0\ngid 0\nsid 1\npgid 1\nstate R\ntty -\ncmd init\neuid 0\negid 0\n"
    );
}

#[tokio::test]
async fn proc_status_of_a_child_in_its_own_group_as_another_user() {
    let (pid, status) = as_init(proc_image(), |cx| async move {
        let (tx, rx) = oneshot::channel();
        let pid = cx
            .spawn_fn(
                argv(&["worker"]),
                SpawnOptions::default(),
                move |c| async move {
                    c.setpgid(Pid(0), warren_kernel::Pgid(0)).unwrap();
                    c.setgid(Gid(20)).unwrap();
                    c.setuid(Uid(1000)).unwrap();
                    let _ = tx.send(());
                    std::future::pending().await
                },
            )
            .await
            .unwrap();
        rx.await.unwrap();
        let status = cat(&cx, &format!("/proc/{}/status", pid.0)).await;
        cx.kill(kpid(pid), Signal::Kill).unwrap();
        cx.wait(pid).await.unwrap();
        (pid.0, status)
    })
    .await;
    assert_eq!(
        status,
        format!(
            "pid {pid}\nppid 1\nuid 1000\ngid 20\nsid 1\npgid {pid}\nstate R\ntty -\ncmd worker\n\
             euid 1000\negid 20\n"
        )
    );
}

#[tokio::test]
async fn proc_cmdline_env_and_cwd_show_the_process() {
    let (cmdline, env, cwd) = as_init(proc_image(), |cx| async move {
        let opts = SpawnOptions {
            env_set: vec![("GREETING".into(), "hi".into())],
            cwd: Some("/tmp".into()),
            ..Default::default()
        };
        let pid = cx
            .spawn_fn(argv(&["prog", "a b", "c"]), opts, |_| {
                std::future::pending()
            })
            .await
            .unwrap();
        let dir = format!("/proc/{}", pid.0);
        let r = (
            cat(&cx, &format!("{dir}/cmdline")).await,
            cat(&cx, &format!("{dir}/env")).await,
            cat(&cx, &format!("{dir}/cwd")).await,
        );
        cx.kill(kpid(pid), Signal::Kill).unwrap();
        cx.wait(pid).await.unwrap();
        r
    })
    .await;
    assert_eq!(cmdline, "prog\0a b\0c\0");
    assert_eq!(env, "GREETING=hi\nPATH=/bin\n");
    assert_eq!(cwd, "/tmp\n");
}

#[tokio::test]
async fn proc_ns_prints_the_namespace_as_lines() {
    let (ns, lines) = as_init(proc_image(), |cx| async move {
        (cat(&cx, "/proc/self/ns").await, cx.ns_lines())
    })
    .await;
    let expected: String = lines.iter().map(|l| format!("{l}\n")).collect();
    assert_eq!(ns, expected);
    assert!(ns.contains("'#proc' /proc"), "{ns}");
}

#[tokio::test]
async fn proc_fd_lists_open_fds_with_their_names_and_modes() {
    let fds = as_init(proc_image(), |cx| async move {
        let a = cx.open("/bin", O_RDONLY, 0).await.unwrap();
        let (r, w) = cx.pipe().await.unwrap();
        let text = cat(&cx, "/proc/self/fd").await;
        for fd in [a, r, w] {
            cx.close(fd).await.unwrap();
        }
        text
    })
    .await;
    // The text is made as the file opens, before its own fd is installed.
    assert_eq!(fds, "0 /bin r\n1 #pipe r\n2 #pipe w\n");
}

#[tokio::test]
async fn proc_ctl_kill_ends_the_process_with_137() {
    let st = as_init(proc_image(), |cx| async move {
        let pid = blocked_child(&cx).await;
        write(&cx, &format!("/proc/{}/ctl", pid.0), "kill\n")
            .await
            .unwrap();
        cx.wait(pid).await
    })
    .await;
    assert_eq!(st, Ok(ExitStatus(137)));
}

#[tokio::test]
async fn proc_ctl_stop_shows_state_t_and_cont_resumes() {
    let (stopped, running, bad) = as_init(proc_image(), |cx| async move {
        let pid = blocked_child(&cx).await;
        let dir = format!("/proc/{}", pid.0);
        write(&cx, &format!("{dir}/ctl"), "stop").await.unwrap();
        let opts = WaitOptions {
            untraced: true,
            ..Default::default()
        };
        cx.waitpid(WaitFor::Pid(pid), opts).await.unwrap();
        let stopped = cat(&cx, &format!("{dir}/status")).await;
        write(&cx, &format!("{dir}/ctl"), "cont").await.unwrap();
        let running = cat(&cx, &format!("{dir}/status")).await;
        let bad = write(&cx, &format!("{dir}/ctl"), "explode").await;
        write(&cx, &format!("{dir}/ctl"), "hangup").await.unwrap();
        assert_eq!(cx.wait(pid).await, Ok(ExitStatus(129)));
        (stopped, running, bad)
    })
    .await;
    assert!(stopped.contains("\nstate T\n"), "{stopped}");
    assert!(running.contains("\nstate R\n"), "{running}");
    assert_eq!(bad, Err(Errno::EINVAL));
}

#[tokio::test]
async fn proc_ctl_and_env_of_another_users_process_are_refused() {
    let r = as_init(proc_image(), |cx| async move {
        let victim = blocked_child(&cx).await;
        let (tx, rx) = oneshot::channel();
        let dir = format!("/proc/{}", victim.0);
        let pid = cx
            .spawn_fn(
                argv(&["user"]),
                SpawnOptions::default(),
                move |c| async move {
                    c.setuid(Uid(1000)).unwrap();
                    let ctl = c.open(&format!("{dir}/ctl"), O_WRONLY, 0).await;
                    let env = c.open(&format!("{dir}/env"), O_RDONLY, 0).await;
                    let status = c.open(&format!("{dir}/status"), O_RDONLY, 0).await;
                    let _ = tx.send((ctl.err(), env.err(), status.is_ok()));
                    ExitStatus(0)
                },
            )
            .await
            .unwrap();
        let r = rx.await.unwrap();
        cx.wait(pid).await.unwrap();
        cx.kill(kpid(victim), Signal::Kill).unwrap();
        cx.wait(victim).await.unwrap();
        r
    })
    .await;
    assert_eq!(r, (Some(Errno::EPERM), Some(Errno::EACCES), true));
}

#[tokio::test]
async fn proc_wait_returns_pid_and_status_of_an_exiting_child_then_end_of_file() {
    let (pid, text, again) = as_init(proc_image(), |cx| async move {
        let pid = cx
            .spawn(argv(&["status", "6"]), SpawnOptions::default())
            .await
            .unwrap();
        let text = cat(&cx, "/proc/self/wait").await;
        (pid, text, cx.wait(pid).await)
    })
    .await;
    assert_eq!(text, format!("{} 6\n", pid.0));
    assert_eq!(again, Err(Errno::ECHILD), "reading wait reaped the child");
}

#[tokio::test]
async fn proc_of_a_reaped_process_is_enoent() {
    let r = as_init(proc_image(), |cx| async move {
        let pid = cx
            .spawn(argv(&["status", "0"]), SpawnOptions::default())
            .await
            .unwrap();
        cx.wait(pid).await.unwrap();
        cx.stat(&format!("/proc/{}/status", pid.0)).await.map(drop)
    })
    .await;
    assert_eq!(r, Err(Errno::ENOENT));
}

#[tokio::test]
async fn proc_status_shows_the_sessions_controlling_tty_and_a_new_session_has_none() {
    let (host_tx, host_rx) = oneshot::channel::<warren_kernel::Host>();
    let (res_tx, res_rx) = oneshot::channel();
    let unix = proc_image()
        .init_fn(move |cx| async move {
            host_rx
                .await
                .unwrap()
                .set_controlling_tty(Sid(1), Some("tty/0".into()));
            let mine = cat(&cx, "/proc/self/status").await;
            let (tx, rx) = oneshot::channel();
            let pid = cx
                .spawn_fn(
                    argv(&["leader"]),
                    SpawnOptions::default(),
                    move |c| async move {
                        let inherited = cat(&c, "/proc/self/status").await;
                        c.setsid().unwrap();
                        let _ = tx.send((inherited, cat(&c, "/proc/self/status").await));
                        ExitStatus(0)
                    },
                )
                .await
                .unwrap();
            let (inherited, own) = rx.await.unwrap();
            cx.wait(pid).await.unwrap();
            let _ = res_tx.send((mine, inherited, own));
            ExitStatus(0)
        })
        .boot()
        .await
        .unwrap();
    let _ = host_tx.send(unix.host());
    let (mine, inherited, own) = tokio::time::timeout(common::GUARD, res_rx)
        .await
        .unwrap()
        .unwrap();
    unix.shutdown().await;
    assert!(mine.contains("\ntty tty/0\n"), "{mine}");
    assert!(
        inherited.contains("\nsid 1\n") && inherited.contains("\ntty tty/0\n"),
        "{inherited}"
    );
    assert!(own.contains("\ntty -\n"), "{own}");
}
