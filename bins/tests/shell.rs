//! Scenarios of the shell: `sh -c '...'` in a booted system, judged by stdout, stderr and
//! the exit status.

mod common;

use common::{run_argv, sh};

#[tokio::test]
async fn pipeline_passes_bytes() {
    let r = sh("echo hello world | cat | cat").await;
    assert_eq!((r.out.as_str(), r.status), ("hello world\n", 0));
}

#[tokio::test]
async fn pipeline_status_is_the_last_stages() {
    assert_eq!(sh("false | true").await.status, 0);
    assert_eq!(sh("true | false").await.status, 1);
    assert_eq!(sh("! true").await.status, 1);
}

#[tokio::test]
async fn redirect_out_then_in() {
    let r = sh("echo hi > /tmp/f; cat < /tmp/f").await;
    assert_eq!(r.out, "hi\n");
}

#[tokio::test]
async fn redirect_append() {
    let r = sh("echo a > /tmp/f; echo b >> /tmp/f; cat /tmp/f").await;
    assert_eq!(r.out, "a\nb\n");
}

#[tokio::test]
async fn stderr_duplicates_onto_stdout_and_into_files() {
    let r = sh("cat /nope 2>&1").await;
    assert_eq!(r.out, "cat: /nope: No such file or directory\n");
    assert_eq!(r.err, "");
    let r = sh("cat /nope 2>/tmp/e; cat /tmp/e >&2").await;
    assert_eq!(
        (r.out.as_str(), r.err.as_str()),
        ("", "cat: /nope: No such file or directory\n")
    );
    let r = sh("cat /nope > /tmp/b 2>&1; echo; cat /nope 2>&1 > /tmp/c; cat /tmp/b /tmp/c").await;
    let msg = "cat: /nope: No such file or directory\n";
    assert_eq!(r.out, format!("\n{msg}{msg}"));
}

#[tokio::test]
async fn redirect_to_missing_directory_fails_the_command() {
    let r = sh("echo x > /nope/f; echo $?").await;
    assert_eq!(r.out, "1\n");
    assert_eq!(r.err, "sh: /nope/f: No such file or directory\n");
}

#[tokio::test]
async fn and_or_lists() {
    let r = sh("false && echo no || echo yes; true && echo ok; true || echo never").await;
    assert_eq!(r.out, "yes\nok\n");
}

#[tokio::test]
async fn for_loop() {
    let r = sh("for i in a 'b c' d; do echo \"<$i>\"; done").await;
    assert_eq!(r.out, "<a>\n<b c>\n<d>\n");
}

#[tokio::test]
async fn while_loop_with_arithmetic_and_break() {
    let r = sh(
        "i=0; while [ $i -lt 5 ]; do echo $i; i=$((i + 1)); if [ $i = 3 ]; then break; fi; done",
    )
    .await;
    assert_eq!(r.out, "0\n1\n2\n");
}

#[tokio::test]
async fn if_elif_else() {
    let r = sh("for x in 1 2 3; do if [ $x = 1 ]; then echo one; elif [ $x = 2 ]; then echo two; else echo many; fi; done").await;
    assert_eq!(r.out, "one\ntwo\nmany\n");
}

#[tokio::test]
async fn case_matches_patterns_in_order() {
    let r = sh("for f in a.txt b.c zz; do case $f in *.txt) echo text;; *.c|*.h) echo c;; *) echo other;; esac; done").await;
    assert_eq!(r.out, "text\nc\nother\n");
}

#[tokio::test]
async fn command_substitution() {
    let r = sh("x=$(echo hi there); echo \"[$x]\"; echo `echo back`; echo $(echo a; echo b)").await;
    assert_eq!(r.out, "[hi there]\nback\na b\n");
}

#[tokio::test]
async fn quoting_single_double_and_backslash() {
    let r = sh("X='a  b'; echo 'lit $X' \"dq $X\" \\$X $X").await;
    assert_eq!(r.out, "lit $X dq a  b $X a b\n");
}

#[tokio::test]
async fn parameter_forms() {
    let r = sh("unset U; E=; echo ${U:-def} ${E:-empty} ${#X} ${U:=set} $U; F=dir/file.tar.gz; echo ${F##*/} ${F%.gz} ${F%%.*}").await;
    assert_eq!(
        r.out,
        "def empty 0 set set\nfile.tar.gz dir/file.tar dir/file\n"
    );
}

#[tokio::test]
async fn assignments_reach_children_only_when_exported_or_prefixed() {
    let r = sh("X=1; echo $X; X=2 sh -c 'echo $X'; sh -c 'echo [$X]'; export Y=3; sh -c 'echo $Y'")
        .await;
    assert_eq!(r.out, "1\n2\n[]\n3\n");
}

#[tokio::test]
async fn exit_status_and_dollar_question() {
    let r = sh("false; echo $?; sh -c 'exit 7'; echo $?; exit 3").await;
    assert_eq!((r.out.as_str(), r.status), ("1\n7\n", 3));
}

#[tokio::test]
async fn missing_command_is_not_found_status_127() {
    let r = sh("nope arg").await;
    assert_eq!((r.err.as_str(), r.status), ("sh: nope: not found\n", 127));
}

#[tokio::test]
async fn syntax_error_is_status_2() {
    let r = sh("if true; then echo x").await;
    assert_eq!(r.status, 2);
    assert!(r.err.starts_with("sh: syntax error"), "{}", r.err);
    assert_eq!(r.out, "");
}

#[tokio::test]
async fn cd_changes_directory_and_reports_errors() {
    let r = sh("cd /tmp; pwd; cd; pwd; cd /nope").await;
    assert_eq!(r.out, "/tmp\n/\n");
    assert_eq!(
        (r.err.as_str(), r.status),
        ("sh: cd: /nope: No such file or directory\n", 1)
    );
}

#[tokio::test]
async fn subshell_changes_stay_inside() {
    let r = sh("X=1; (X=2; cd /tmp; echo $X); echo $X; pwd").await;
    assert_eq!(r.out, "2\n1\n/\n");
}

#[tokio::test]
async fn subshells_keep_the_shells_pid_and_closed_fds() {
    let r = sh("[ \"$(echo $$)\" = \"$$\" ] && echo same; (echo ok; cat /etc/motd) <&-").await;
    assert_eq!(
        (r.out.as_str(), r.err.as_str()),
        ("same\nok\nWelcome to Warren.\n", "")
    );
}

#[tokio::test]
async fn background_job_and_wait() {
    let r =
        sh("echo bg > /tmp/o & wait $!; echo $?; cat /tmp/o; sh -c 'exit 4' & wait $!; echo $?")
            .await;
    assert_eq!(r.out, "0\nbg\n4\n");
}

#[tokio::test]
async fn here_document_expands_variables() {
    let r = sh("X=world; cat <<EOF\nhello $X\n  two\nEOF\ncat <<'EOF'\n$X\nEOF").await;
    assert_eq!(r.out, "hello world\n  two\n$X\n");
}

#[tokio::test]
async fn functions_take_arguments_and_return_status() {
    let r = sh("f() { echo \"f:$1:$#:$X\"; return 3; }; X=v f a b; echo $?").await;
    assert_eq!(r.out, "f:a:2:v\n3\n");
}

#[tokio::test]
async fn brace_group_redirection_applies_to_every_command() {
    let r = sh(
        "{ echo a; echo b; } > /tmp/g; cat /tmp/g; while read l; do echo \"<$l>\"; done < /tmp/g",
    )
    .await;
    assert_eq!(r.out, "a\nb\n<a>\n<b>\n");
}

#[tokio::test]
async fn commands_from_stdin_run_without_a_prompt() {
    let r = run_argv(&["sh"], "echo a\nif true; then\n  echo b\nfi\n").await;
    assert_eq!(
        (r.out.as_str(), r.err.as_str(), r.status),
        ("a\nb\n", "", 0)
    );
}

#[tokio::test]
async fn interactive_flag_prints_prompts_on_stderr() {
    let r = run_argv(&["sh", "-i"], "echo a\nif true\nthen echo b\nfi\n").await;
    assert_eq!((r.out.as_str(), r.err.as_str()), ("a\nb\n", "# # > > # "));
}

#[tokio::test]
async fn syntax_error_on_stdin_stops_a_non_interactive_shell() {
    let r = run_argv(&["sh"], "echo a\nfi\necho b\n").await;
    assert_eq!(
        (r.out.as_str(), r.err.as_str(), r.status),
        ("a\n", "sh: syntax error: unexpected `fi'\n", 2)
    );
}

#[tokio::test]
async fn commands_read_the_rest_of_the_shells_stdin() {
    let r = run_argv(
        &["sh"],
        "read x\nhello there\necho got $x\nhead -n 1\nline\n",
    )
    .await;
    assert_eq!(r.out, "got hello there\nline\n");
}

#[tokio::test]
async fn script_with_shebang_runs_with_arguments() {
    let r = sh("echo '#!/bin/sh' > /tmp/s; echo 'echo \"$0:$1\"; exit 5' >> /tmp/s; chmod +x /tmp/s; /tmp/s arg").await;
    assert_eq!((r.out.as_str(), r.status), ("/tmp/s:arg\n", 5));
}

#[tokio::test]
async fn source_runs_in_the_current_shell() {
    let r = sh("echo 'X=5; cd /tmp' > /tmp/p; . /tmp/p; echo $X; pwd").await;
    assert_eq!(r.out, "5\n/tmp\n");
}

#[tokio::test]
async fn globs_expand_to_sorted_matches_or_stay_literal() {
    let r = sh("touch /tmp/b.txt /tmp/a.txt /tmp/c.log; echo /tmp/*.txt; cd /tmp; echo *.log '*.txt' nomatch*").await;
    assert_eq!(r.out, "/tmp/a.txt /tmp/b.txt\nc.log *.txt nomatch*\n");
}

#[tokio::test]
async fn bind_after_unions_and_unmount_restores() {
    let r = sh(
        "mkdir /tmp/x /tmp/y; echo 1 > /tmp/x/one; echo 2 > /tmp/y/two; \
                bind -a /tmp/x /tmp/y; ls /tmp/y; cat /tmp/y/one; \
                unmount /tmp/y; ls /tmp/y; \
                bind /tmp/x /tmp/y; ls /tmp/y",
    )
    .await;
    assert_eq!(r.out, "one\ntwo\n1\ntwo\none\n");
    assert_eq!(r.err, "");
}

#[tokio::test]
async fn bind_of_missing_path_reports_the_error() {
    let r = sh("bind /nope /tmp").await;
    assert_eq!(
        (r.err.as_str(), r.status),
        ("sh: bind: /nope: No such file or directory\n", 1)
    );
}
