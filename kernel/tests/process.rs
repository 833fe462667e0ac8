//! Processes: spawn, wait, exit status, zombies, orphans, program images.

mod common;

use common::{argv, as_init, image, put, slurp_fd};
use warren_kernel::{ExitStatus, Fd, Pid, SpawnOptions};
use warren_proto::attr::setattr::MODE;
use warren_proto::{Errno, SetAttr};

#[tokio::test]
async fn spawn_then_wait_returns_the_bins_status() {
    let st = as_init(image(), |cx| async move {
        let pid = cx
            .spawn(argv(&["status", "7"]), SpawnOptions::default())
            .await
            .unwrap();
        cx.wait(pid).await
    })
    .await;
    assert_eq!(st, Ok(ExitStatus(7)));
}

#[tokio::test]
async fn pids_count_up_from_one_and_children_know_their_parent() {
    let (me, child, parent) = as_init(image(), |cx| async move {
        let (r, w) = cx.pipe().await.unwrap();
        let opts = SpawnOptions::default();
        let pid = cx
            .spawn_fn(argv(&["kid"]), opts, move |k| async move {
                let _ = k.write_all(w, k.ppid().0.to_string()).await;
                ExitStatus::SUCCESS
            })
            .await
            .unwrap();
        cx.close(w).await.unwrap();
        let out = slurp_fd(&cx, r).await;
        cx.wait(pid).await.unwrap();
        (cx.pid(), pid, String::from_utf8_lossy(&out).into_owned())
    })
    .await;
    assert_eq!(me, Pid(1));
    assert!(child > Pid(1));
    assert_eq!(parent, "1");
}

#[tokio::test]
async fn wait_on_a_non_child_is_echild() {
    let r = as_init(image(), |cx| async move { cx.wait(Pid(999)).await }).await;
    assert_eq!(r, Err(Errno::ECHILD));
}

#[tokio::test]
async fn wait_any_with_no_children_is_echild() {
    let r = as_init(image(), |cx| async move { cx.wait_any().await }).await;
    assert_eq!(r, Err(Errno::ECHILD));
}

#[tokio::test]
async fn zombie_keeps_its_status_until_waited_then_is_gone() {
    let (first, second, again) = as_init(image(), |cx| async move {
        let (r, w) = cx.pipe().await.unwrap();
        let opts = SpawnOptions {
            fd_map: vec![(Fd(5), w)],
            ..Default::default()
        };
        let a = cx
            .spawn_fn(argv(&["a"]), opts, |_| async { ExitStatus(3) })
            .await
            .unwrap();
        cx.close(w).await.unwrap();
        // End of file: the child has exited and closed its fds; it is now a zombie.
        slurp_fd(&cx, r).await;
        let b = cx
            .spawn(argv(&["status", "4"]), SpawnOptions::default())
            .await
            .unwrap();
        let second = cx.wait(b).await;
        (cx.wait(a).await, second, cx.wait(a).await)
    })
    .await;
    assert_eq!(first, Ok(ExitStatus(3)));
    assert_eq!(second, Ok(ExitStatus(4)));
    assert_eq!(again, Err(Errno::ECHILD));
}

#[tokio::test]
async fn wait_any_reaps_each_child_once() {
    let mut got = as_init(image(), |cx| async move {
        for n in ["1", "2"] {
            cx.spawn(argv(&["status", n]), SpawnOptions::default())
                .await
                .unwrap();
        }
        let a = cx.wait_any().await.unwrap().1;
        let b = cx.wait_any().await.unwrap().1;
        (vec![a.0, b.0], cx.wait_any().await)
    })
    .await;
    got.0.sort();
    assert_eq!(got, (vec![1, 2], Err(Errno::ECHILD)));
}

#[tokio::test]
async fn orphans_are_reparented_to_pid_1() {
    let out = as_init(image(), |cx| async move {
        let (r, w) = cx.pipe().await.unwrap();
        let (gr, gw) = cx.pipe().await.unwrap();
        let a = cx
            .spawn_fn(argv(&["a"]), SpawnOptions::default(), move |a| async move {
                let opts = SpawnOptions::default();
                let _ = a
                    .spawn_fn(argv(&["g"]), opts, move |g| async move {
                        let _ = g.read(gr, 1).await; // until pid 1 says go
                        let _ = g.write_all(w, g.ppid().0.to_string()).await;
                        ExitStatus(9)
                    })
                    .await;
                ExitStatus::SUCCESS
            })
            .await
            .unwrap();
        cx.wait(a).await.unwrap();
        cx.write_all(gw, "go").await.unwrap();
        let mut buf = Vec::new();
        while buf.is_empty() {
            buf.extend_from_slice(&cx.read(r, 16).await.unwrap());
        }
        (
            String::from_utf8_lossy(&buf).into_owned(),
            cx.wait_any().await.unwrap().1,
        )
    })
    .await;
    assert_eq!(out, ("1".to_string(), ExitStatus(9)));
}

#[tokio::test]
async fn spawn_of_a_missing_command_is_enoent() {
    let r = as_init(image(), |cx| async move {
        let a = cx.spawn(argv(&["nope"]), SpawnOptions::default()).await;
        let b = cx
            .spawn(argv(&["/tmp/nope"]), SpawnOptions::default())
            .await;
        (a, b)
    })
    .await;
    assert_eq!(r, (Err(Errno::ENOENT), Err(Errno::ENOENT)));
}

#[tokio::test]
async fn spawn_of_a_directory_is_eacces_and_of_plain_data_is_einval() {
    let r = as_init(image(), |cx| async move {
        put(&cx, "/tmp/data", "just text\n").await;
        let mode = SetAttr {
            valid: MODE,
            mode: 0o755,
            ..Default::default()
        };
        cx.wstat("/tmp/data", &mode).await.unwrap();
        put(&cx, "/tmp/noexec", "#!/bin/argv\n").await;
        let opts = SpawnOptions::default;
        (
            cx.spawn(argv(&["/tmp"]), opts()).await,
            cx.spawn(argv(&["/tmp/data"]), opts()).await,
            cx.spawn(argv(&["/tmp/noexec"]), opts()).await,
        )
    })
    .await;
    assert_eq!(
        r,
        (Err(Errno::EACCES), Err(Errno::EINVAL), Err(Errno::EACCES))
    );
}

#[tokio::test]
async fn spawn_of_a_shebang_script_runs_its_interpreter() {
    let out = as_init(image(), |cx| async move {
        put(&cx, "/tmp/s", "#!/bin/argv -x\nignored\n").await;
        let mode = SetAttr {
            valid: MODE,
            mode: 0o755,
            ..Default::default()
        };
        cx.wstat("/tmp/s", &mode).await.unwrap();
        let (r, w) = cx.pipe().await.unwrap();
        cx.chdir("/tmp").await.unwrap();
        let opts = SpawnOptions {
            fd_map: vec![(Fd::STDOUT, w)],
            ..Default::default()
        };
        let pid = cx.spawn(argv(&["./s", "a", "b"]), opts).await.unwrap();
        cx.close(w).await.unwrap();
        let out = slurp_fd(&cx, r).await;
        (
            String::from_utf8_lossy(&out).into_owned(),
            cx.wait(pid).await,
        )
    })
    .await;
    assert_eq!(
        out,
        ("/bin/argv -x ./s a b".to_string(), Ok(ExitStatus::SUCCESS))
    );
}

#[tokio::test]
async fn path_search_uses_the_childs_path_variable() {
    let r = as_init(image(), |cx| async move {
        let opts = SpawnOptions {
            env_set: vec![("PATH".into(), "/tmp".into())],
            ..Default::default()
        };
        cx.spawn(argv(&["status"]), opts).await
    })
    .await;
    assert_eq!(r, Err(Errno::ENOENT));
}

#[tokio::test]
async fn a_panicking_bin_exits_134() {
    let st = as_init(image(), |cx| async move {
        let pid = cx
            .spawn_fn(argv(&["p"]), SpawnOptions::default(), |_| async {
                panic!("boom")
            })
            .await
            .unwrap();
        cx.wait(pid).await
    })
    .await;
    assert_eq!(st, Ok(ExitStatus(134)));
}

#[tokio::test]
async fn run_captures_stdout_stderr_and_status() {
    let unix = image().boot().await.unwrap();
    let out = unix
        .run(argv(&["cat"]), "hello through pipes")
        .await
        .unwrap();
    assert_eq!(out.status, ExitStatus::SUCCESS);
    assert_eq!(&out.stdout[..], b"hello through pipes");
    assert!(out.stderr.is_empty());
    let out = unix.run(argv(&["status", "42"]), "").await.unwrap();
    assert_eq!(out.status, ExitStatus(42));
    assert_eq!(unix.run(argv(&["nope"]), "").await, Err(Errno::ENOENT));
    unix.shutdown().await;
}

#[tokio::test]
async fn init_runs_a_bin_on_the_console_and_wait_init_returns_its_status() {
    let unix = image()
        .file("/dev/cons", "", 0o666)
        .init(argv(&["echo", "booted"]), "/dev/cons")
        .boot()
        .await
        .unwrap();
    assert_eq!(unix.wait_init().await, ExitStatus::SUCCESS);
    let out = unix.run(argv(&["cat"]), "").await.unwrap();
    assert!(out.stdout.is_empty());
    unix.shutdown().await;
}

#[tokio::test]
async fn shutdown_ends_a_blocked_process() {
    let unix = image()
        .init_fn(|cx| async move {
            let (r, _w) = cx.pipe().await.unwrap();
            let _ = cx.read(r, 1).await; // blocks forever
            ExitStatus::SUCCESS
        })
        .boot()
        .await
        .unwrap();
    tokio::time::timeout(common::GUARD, unix.shutdown())
        .await
        .expect("shutdown hung");
}
