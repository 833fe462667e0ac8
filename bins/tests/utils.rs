//! Scenarios of the utilities, run through `sh -c` in a booted system.

mod common;

use common::{run_argv, sh};

#[tokio::test]
async fn cat_missing_file_reports_enoent_status_1() {
    let r = sh("cat /etc/motd /nope").await;
    assert_eq!(r.out, "Welcome to Warren.\n");
    assert_eq!(
        (r.err.as_str(), r.status),
        ("cat: /nope: No such file or directory\n", 1)
    );
}

#[tokio::test]
async fn cat_copies_stdin_for_dash_and_no_operands() {
    let r = run_argv(&["cat", "-", "/etc/motd"], "in\n").await;
    assert_eq!(r.out, "in\nWelcome to Warren.\n");
}

#[tokio::test]
async fn echo_options() {
    let r = sh("echo -n a; echo b; echo -e 'x\\ty'").await;
    assert_eq!(r.out, "ab\nx\ty\n");
}

#[tokio::test]
async fn grep_counts_matches() {
    let r =
        sh("echo -e 'apple\\nBanana\\ncherry\\napple pie' > /tmp/f; grep -c apple /tmp/f").await;
    assert_eq!((r.out.as_str(), r.status), ("2\n", 0));
}

#[tokio::test]
async fn grep_options_select_number_and_invert() {
    let setup = "echo -e 'apple\\nBanana\\ncherry' > /tmp/f; ";
    assert_eq!(
        sh(&format!("{setup} grep -n an /tmp/f")).await.out,
        "2:Banana\n"
    );
    assert_eq!(
        sh(&format!("{setup} grep -i b /tmp/f")).await.out,
        "Banana\n"
    );
    assert_eq!(
        sh(&format!("{setup} grep -v a /tmp/f")).await.out,
        "cherry\n"
    );
    assert_eq!(
        sh(&format!("{setup} grep -E '^(a|c)' /tmp/f")).await.out,
        "apple\ncherry\n"
    );
    assert_eq!(
        sh(&format!("{setup} grep 'p\\{{2\\}}' /tmp/f")).await.out,
        "apple\n"
    );
}

#[tokio::test]
async fn grep_status_is_1_without_match_and_2_on_error() {
    assert_eq!(sh("echo x | grep y").await.status, 1);
    let r = sh("grep x /nope").await;
    assert_eq!(
        (r.err.as_str(), r.status),
        ("grep: /nope: No such file or directory\n", 2)
    );
}

#[tokio::test]
async fn grep_recursive_prefixes_file_names() {
    let r = sh("mkdir -p /tmp/d/sub; echo hit > /tmp/d/a; echo miss > /tmp/d/b; echo hit2 > /tmp/d/sub/c; grep -r hit /tmp/d").await;
    assert_eq!(r.out, "/tmp/d/a:hit\n/tmp/d/sub/c:hit2\n");
}

#[tokio::test]
async fn wc_counts_lines_words_bytes() {
    assert_eq!(
        sh("echo 'a b\nc' | wc").await.out,
        "      2       3       6\n"
    );
    assert_eq!(sh("echo 'a b\nc' | wc -l").await.out, "2\n");
    let r = sh("echo 'one two' > /tmp/f; wc -w /tmp/f /tmp/f").await;
    assert_eq!(r.out, "2 /tmp/f\n2 /tmp/f\n4 total\n");
}

#[tokio::test]
async fn head_and_tail_take_line_counts() {
    let seq = "for i in 1 2 3 4 5 6 7 8 9 10 11 12; do echo $i; done > /tmp/n; ";
    assert_eq!(sh(&format!("{seq} head -n 2 /tmp/n")).await.out, "1\n2\n");
    assert_eq!(sh(&format!("{seq} head -3 /tmp/n")).await.out, "1\n2\n3\n");
    assert_eq!(sh(&format!("{seq} head /tmp/n | wc -l")).await.out, "10\n");
    assert_eq!(sh(&format!("{seq} tail -n 2 /tmp/n")).await.out, "11\n12\n");
    assert_eq!(
        sh(&format!("{seq} tail -n +11 /tmp/n")).await.out,
        "11\n12\n"
    );
}

#[tokio::test]
async fn sort_and_uniq() {
    let data = "echo -e '10\\n9\\nb\\na\\n9' > /tmp/s; ";
    assert_eq!(
        sh(&format!("{data} sort /tmp/s")).await.out,
        "10\n9\n9\na\nb\n"
    );
    assert_eq!(
        sh(&format!("{data} sort -n /tmp/s | tail -n 3")).await.out,
        "9\n9\n10\n"
    );
    assert_eq!(
        sh(&format!("{data} sort -ru /tmp/s")).await.out,
        "b\na\n9\n10\n"
    );
    assert_eq!(
        sh(&format!("{data} sort /tmp/s | uniq -c")).await.out,
        "      1 10\n      2 9\n      1 a\n      1 b\n"
    );
}

#[tokio::test]
async fn tee_copies_to_files_and_appends() {
    let r = sh("echo a | tee /tmp/t").await;
    assert_eq!(r.out, "a\n");
    let r = sh("echo a | tee /tmp/t >/tmp/o; echo b | tee -a /tmp/t >/tmp/o; cat /tmp/t").await;
    assert_eq!(r.out, "a\nb\n");
}

#[tokio::test]
async fn ls_lists_directory() {
    let r = sh("mkdir /tmp/l; touch /tmp/l/b /tmp/l/a /tmp/l/.h; ls /tmp/l; ls -a /tmp/l").await;
    assert_eq!(r.out, "a\nb\n.\n..\n.h\na\nb\n");
}

#[tokio::test]
async fn ls_long_shows_mode_size_and_symlink_target() {
    let r = sh(
        "mkdir /tmp/l; echo hello > /tmp/l/f; chmod 640 /tmp/l/f; ln -s f /tmp/l/s; ls -l /tmp/l",
    )
    .await;
    let lines: Vec<&str> = r.out.lines().collect();
    assert!(lines[0].starts_with("total "), "{r:?}");
    assert!(lines[1].starts_with("-rw-r----- "), "{r:?}");
    assert!(
        lines[1].contains(" 6 ") && lines[1].ends_with(" f"),
        "{r:?}"
    );
    assert!(
        lines[2].starts_with('l') && lines[2].ends_with(" s -> f"),
        "{r:?}"
    );
}

#[tokio::test]
async fn ls_missing_reports_and_fails() {
    let r = sh("ls /nope").await;
    assert_eq!(
        (r.err.as_str(), r.status),
        ("ls: /nope: No such file or directory\n", 1)
    );
}

#[tokio::test]
async fn mkdir_p_and_rm_r() {
    let r = sh("mkdir -p /tmp/a/b/c; mkdir -p /tmp/a/b; echo x > /tmp/a/b/c/f; rm /tmp/a; echo $?; rm -r /tmp/a; ls /tmp").await;
    assert_eq!(r.out, "1\n");
    assert_eq!(r.err, "rm: /tmp/a: Is a directory\n");
    assert_eq!(sh("rm -f /tmp/none; echo $?").await.out, "0\n");
}

#[tokio::test]
async fn cp_and_mv_files_and_trees() {
    let r = sh(
        "mkdir -p /tmp/src/d; echo 1 > /tmp/src/d/f; cp -r /tmp/src /tmp/dst; cat /tmp/dst/d/f; \
                cp /tmp/src/d/f /tmp/g; mv /tmp/g /tmp/h; cat /tmp/h; ls /tmp; cp /tmp/src /tmp/x",
    )
    .await;
    assert_eq!(r.out, "1\n1\ndst\nh\nsrc\n");
    assert_eq!(
        r.err,
        "cp: -r not specified; omitting directory '/tmp/src'\n"
    );
    assert_eq!(r.status, 1);
}

#[tokio::test]
async fn touch_stat_and_chmod() {
    let r = sh("touch /tmp/f; chmod 751 /tmp/f; chmod g-x,o=r /tmp/f; stat /tmp/f").await;
    let lines: Vec<&str> = r.out.lines().collect();
    assert_eq!(
        lines[0..4],
        [
            "  File: /tmp/f",
            "  Size: 0",
            "  Type: regular file",
            "  Mode: (0744/-rwxr--r--)"
        ]
    );
    assert!(lines[6].starts_with("Modify: "), "{r:?}");
    let r = sh("chmod 999 /tmp; echo $?").await;
    assert_eq!(
        (r.out.as_str(), r.err.as_str()),
        ("1\n", "chmod: invalid mode: '999'\n")
    );
}

#[tokio::test]
async fn ln_s_makes_a_symlink() {
    let r =
        sh("echo data > /tmp/t; ln -s /tmp/t /tmp/l; cat /tmp/l; ln /tmp/t /tmp/h; echo $?").await;
    assert_eq!(r.out, "data\n1\n");
}

#[tokio::test]
async fn env_prints_and_runs_with_additions() {
    let r = sh("env | grep ^PATH=; env A=B sh -c 'echo $A'; env nope; echo $?").await;
    assert_eq!(r.out, "PATH=/bin\nB\n127\n");
}

#[tokio::test]
async fn sleep_true_false_pwd_and_test() {
    let r = sh("sleep 0.01 && true && ! false && cd /tmp && pwd && [ -d /tmp ] && test -f /etc/motd && [ 2 -gt 1 ] && echo ok").await;
    assert_eq!(r.out, "/tmp\nok\n");
    assert_eq!(sh("[ a = b ]").await.status, 1);
    assert_eq!(sh("[ 1 -lt x ]").await.status, 2);
    assert_eq!(sh("sleep x").await.status, 1);
}

#[tokio::test]
async fn ns_prints_the_namespace() {
    let r = sh("ns").await;
    assert_eq!(r.status, 0);
    assert!(r.out.contains("#ramfs"), "{r:?}");
}
