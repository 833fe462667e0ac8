#!/usr/bin/env bash
# The real-client test: Linux's v9fs client (Debian's kernel, in the
# tests/v9fs guest) mounts Warren over TCP on loopback and works through the
# mount as a user would. Prints "ok"/"FAIL" per check and a closing
# "N passed, N failed" line; exits 0 only when every check passed.
#
#   make vm-test                    # builds the release binary first
#   tests/v9fs/guest-test.sh        # on the host: runs itself in the guest
# env: WARREN_BIN     the binary (${CARGO_TARGET_DIR:-target}/release/warren)
#      WARREN_V9FS_SERVER=diod  run the same checks against diod, a reference
#                     9P2000.L server, to tell a test bug from a Warren bug:
#                     tests/v9fs/run --apt diod tests/v9fs/guest-test.sh
#      CHECK_LIMIT    seconds a check may take before it fails (default 120)
#      WARREN_VM_TIMEOUT  seconds before the guest is killed (default 1800)
# shellcheck source-path=SCRIPTDIR
set -uo pipefail
HERE=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
[[ ${WARREN_VM_GUEST:-} == 1 ]] ||
  exec "$HERE/run" --timeout "${WARREN_VM_TIMEOUT:-1800}" "$HERE/guest-test.sh" "$@"
# shellcheck source=lib/servers.sh
source "$HERE/lib/servers.sh"

export M=/mnt/w           # mount point
export W=$M/tmp/v9fs-test # the checks' own directory inside Warren
export MOTD=/etc/motd     # a file the Warren image ships
export HANG=/dev/pipe/data         # a pipe: its read blocks while a writer holds data1 open
export HANG_WRITER=/dev/pipe/data1
CHECK_LIMIT=${CHECK_LIMIT:-120}
passed=0 failed=0

# record DESCRIPTION STATUS [OUTPUT]: count a result and print its line (and
# the output, indented, when it failed).
record() {
  if (($2 == 0)); then
    passed=$((passed + 1))
    echo "ok   $1"
  else
    failed=$((failed + 1))
    echo "FAIL $1 (exit status $2)"
    local line
    [[ -n ${3:-} ]] && while IFS= read -r line; do echo "     | $line"; done <<<"$3"
  fi
  return 0
}

# check DESCRIPTION FUNCTION [ARGS...]: run FUNCTION in `bash -e` with at most
# LIMIT (default CHECK_LIMIT) seconds, its process group killed after that.
check() {
  local out rc=0
  out=$(timeout -k 5 "${LIMIT:-$CHECK_LIMIT}" bash -eo pipefail -c '"$@"' check "${@:2}" 2>&1) || rc=$?
  record "$1" "$rc" "$out"
}

start_server() {
  if [[ ${WARREN_V9FS_SERVER:-warren} == diod ]]; then
    local dir
    dir=$(mktemp -d /tmp/diod-export.XXXXXX)
    mkdir "$dir"/{bin,dev,etc,home,tmp} && echo "diod reference export" >"$dir$MOTD" &&
      start_diod "$dir"
  else
    start_warren "${WARREN_BIN:-${CARGO_TARGET_DIR:-target}/release/warren}"
  fi
}

# shellcheck source=lib/checks.sh
source "$HERE/lib/checks.sh"
mapfile -t checks < <(declare -F | awk '$3 ~ /^t_/ { print $3 }')
export -f "${checks[@]}"

mkdir -p "$M"
trap 'stop_server "$M"' EXIT
{ start_server && mount -t 9p -o "$MOUNT_OPTS" 127.0.0.1 "$M"; } >/tmp/start.log 2>&1
record "server starts; mount -t 9p -o ${MOUNT_OPTS:-?}" $? "$(</tmp/start.log)"
if ((failed == 0)); then
  check "ls -la / shows bin dev etc home tmp" t_root_lists_standard_dirs
  check "cat $MOTD prints the image's text" t_motd_is_readable
  check "mkdir of a new directory" mkdir "$W"
  check "create+write then read back" t_create_write_read_back
  check "append adds to the end" t_append_adds_to_end
  check "> truncates before writing" t_overwrite_truncates
  check "mkdir+rmdir" t_mkdir_rmdir
  check "rmdir of a non-empty directory is ENOTEMPTY" t_rmdir_nonempty_is_enotempty
  check "mv within a directory" t_rename_within_directory
  check "mv across directories" t_rename_across_directories
  check "mv of a directory keeps its contents" t_rename_directory
  check "rm removes; rm of a missing file is ENOENT" t_rm
  check "chmod 640 shows in stat -c %a" t_chmod_shows_in_stat
  check "symlink: readlink and reading through it" t_symlink
  LIMIT=300 check "64 MiB written with dd reads back with the same sha256" t_big_file_checksum
  LIMIT=600 check "a directory of 2000 entries lists completely" t_dir_of_2000_entries
  if [[ ${WARREN_V9FS_SERVER:-warren} == diod ]]; then
    echo "skip cat $HANG interrupted by SIGINT (diod exports no file whose read blocks)"
  else
    check "cat $HANG interrupted by SIGINT returns (Tflush)" t_interrupted_read_returns
  fi
  check "the mount is usable after the interrupted read" t_mount_usable_after_flush
  check "a mount with no key or a wrong key is refused (EACCES)" t_mount_without_key_is_refused
  check "guest cannot read root's 0600 file nor write /etc/passwd; root can" t_guest_is_refused_what_root_may_do
  check "umount" t_umount
fi
if ((failed)) && [[ -s $SERVER_LOG ]]; then
  echo "---- last lines of the server's log ($SERVER_LOG) ----"
  tail -n 30 "$SERVER_LOG"
fi
echo "$passed passed, $failed failed"
((failed == 0))
