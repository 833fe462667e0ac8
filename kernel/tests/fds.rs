//! File descriptors: inheritance, dup, offsets, pipes, open flags.

mod common;

use common::{argv, as_init, cat, image, put, slurp_fd};
use warren_kernel::{Action, ExitStatus, Fd, Share, Signal, SpawnOptions};
use warren_proto::attr::oflags::{O_APPEND, O_CREAT, O_DIRECTORY, O_EXCL, O_RDWR, O_WRONLY};
use warren_proto::Errno;

#[tokio::test]
async fn fds_0_1_2_are_inherited_by_a_spawned_child() {
    let out = as_init(image(), |cx| async move {
        for _ in 0..3 {
            cx.open("/", 0, 0).await.unwrap();
        }
        let (r, w) = cx.pipe().await.unwrap();
        cx.dup2(w, Fd::STDOUT).unwrap();
        cx.close(w).await.unwrap();
        let pid = cx
            .spawn(argv(&["echo", "hi", "there"]), SpawnOptions::default())
            .await
            .unwrap();
        cx.close(Fd::STDOUT).await.unwrap();
        let out = slurp_fd(&cx, r).await;
        cx.wait(pid).await.unwrap();
        String::from_utf8_lossy(&out).into_owned()
    })
    .await;
    assert_eq!(out, "hi there\n");
}

#[tokio::test]
async fn dup_shares_the_offset() {
    let got = as_init(image(), |cx| async move {
        put(&cx, "/tmp/f", "abcdef").await;
        let a = cx.open("/tmp/f", 0, 0).await.unwrap();
        let b = cx.dup(a).unwrap();
        let x = cx.read(a, 2).await.unwrap();
        let y = cx.read(b, 2).await.unwrap();
        (a, b, x, y)
    })
    .await;
    assert_eq!((got.0, got.1), (Fd(0), Fd(1)));
    assert_eq!((&got.2[..], &got.3[..]), (&b"ab"[..], &b"cd"[..]));
}

#[tokio::test]
async fn open_gives_the_lowest_free_fd_and_close_frees_it() {
    let fds = as_init(image(), |cx| async move {
        let a = cx.open("/", 0, 0).await.unwrap();
        let b = cx.open("/", 0, 0).await.unwrap();
        cx.close(a).await.unwrap();
        let c = cx.open("/", 0, 0).await.unwrap();
        (a, b, c, cx.close(Fd(77)).await)
    })
    .await;
    assert_eq!(fds, (Fd(0), Fd(1), Fd(0), Err(Errno::EBADF)));
}

#[tokio::test]
async fn open_flags_create_exclusive_append_and_directory() {
    let r = as_init(image(), |cx| async move {
        let fd = cx
            .open("/tmp/f", O_WRONLY | O_CREAT | O_EXCL, 0o644)
            .await
            .unwrap();
        cx.write_all(fd, "one").await.unwrap();
        cx.close(fd).await.unwrap();
        let again = cx.open("/tmp/f", O_WRONLY | O_CREAT | O_EXCL, 0o644).await;
        let fd = cx.open("/tmp/f", O_WRONLY | O_APPEND, 0).await.unwrap();
        cx.write_all(fd, "+two").await.unwrap();
        let notdir = cx.open("/tmp/f", O_DIRECTORY, 0).await;
        let isdir = cx.open("/tmp", O_RDWR, 0).await;
        let missing = cx.open("/tmp/none/x", O_WRONLY | O_CREAT, 0o644).await;
        (again, cat(&cx, "/tmp/f").await, notdir, isdir, missing)
    })
    .await;
    assert_eq!(r.0, Err(Errno::EEXIST));
    assert_eq!(r.1, "one+two");
    assert_eq!(
        (r.2, r.3, r.4),
        (Err(Errno::ENOTDIR), Err(Errno::EISDIR), Err(Errno::ENOENT))
    );
}

#[tokio::test]
async fn pipe_between_two_processes_carries_bytes_and_ends_when_the_writer_exits() {
    let (out, st) = as_init(image(), |cx| async move {
        let (r, w) = cx.pipe().await.unwrap();
        let opts = SpawnOptions {
            fds: Share::Fresh,
            fd_map: vec![(Fd(3), w)],
            ..Default::default()
        };
        let pid = cx
            .spawn_fn(argv(&["writer"]), opts, |k| async move {
                for i in 0..100 {
                    k.write_all(Fd(3), format!("{i},")).await.unwrap();
                }
                ExitStatus::SUCCESS
            })
            .await
            .unwrap();
        cx.close(w).await.unwrap();
        let out = slurp_fd(&cx, r).await;
        (
            String::from_utf8_lossy(&out).into_owned(),
            cx.wait(pid).await,
        )
    })
    .await;
    let want: String = (0..100).map(|i| format!("{i},")).collect();
    assert_eq!(out, want);
    assert_eq!(st, Ok(ExitStatus::SUCCESS));
}

#[tokio::test]
async fn write_to_a_pipe_whose_reader_is_gone_is_epipe_when_sigpipe_is_ignored() {
    let r = as_init(image(), |cx| async move {
        cx.signal_action(Signal::Pipe, Action::Ignore).unwrap();
        let (r, w) = cx.pipe().await.unwrap();
        cx.close(r).await.unwrap();
        cx.write(w, "x".into()).await
    })
    .await;
    assert_eq!(r, Err(Errno::EPIPE));
}

#[tokio::test]
async fn fresh_fd_table_has_only_the_mapped_fds() {
    let r = as_init(image(), |cx| async move {
        let (r, w) = cx.pipe().await.unwrap();
        let opts = SpawnOptions {
            fds: Share::Fresh,
            fd_map: vec![(Fd(1), w)],
            ..Default::default()
        };
        let pid = cx
            .spawn_fn(argv(&["k"]), opts, move |k| async move {
                let r0 = k.read(Fd(0), 1).await.err();
                let r2 = k.write(Fd(3), "x".into()).await.err();
                let _ = k.write_all(Fd(1), format!("{r0:?} {r2:?}")).await;
                ExitStatus::SUCCESS
            })
            .await
            .unwrap();
        cx.close(w).await.unwrap();
        let out = slurp_fd(&cx, r).await;
        cx.wait(pid).await.unwrap();
        String::from_utf8_lossy(&out).into_owned()
    })
    .await;
    assert_eq!(r, "Some(EBADF) Some(EBADF)");
}

#[tokio::test]
async fn shared_fd_table_sees_the_childs_open() {
    let r = as_init(image(), |cx| async move {
        let opts = SpawnOptions {
            fds: Share::Share,
            ..Default::default()
        };
        let pid = cx
            .spawn_fn(argv(&["k"]), opts, |k| async move {
                k.open("/tmp", 0, 0)
                    .await
                    .map_or(ExitStatus::FAILURE, |fd| ExitStatus(fd.0 as u8))
            })
            .await
            .unwrap();
        let fd = cx.wait(pid).await.unwrap();
        cx.fstat(Fd(fd.0 as u32)).await.map(|a| a.qid.is_dir())
    })
    .await;
    assert_eq!(r, Ok(true));
}

#[tokio::test]
async fn exit_closes_a_childs_fds_so_its_copy_of_a_pipe_ends() {
    let out = as_init(image(), |cx| async move {
        let (r, w) = cx.pipe().await.unwrap();
        let pid = cx
            .spawn_fn(argv(&["k"]), SpawnOptions::default(), |_| async {
                ExitStatus::SUCCESS
            })
            .await
            .unwrap();
        cx.close(w).await.unwrap();
        cx.wait(pid).await.unwrap();
        cx.read(r, 10).await
    })
    .await;
    assert_eq!(out.map(|b| b.len()), Ok(0));
}
