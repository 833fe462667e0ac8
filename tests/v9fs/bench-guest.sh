#!/usr/bin/env bash
# Benchmark (not a test): the baseline workload (bench-workload.sh) through
# Linux's v9fs client against Warren, then against diod (a C 9P2000.L server,
# Debian package diod) in the same guest, printing both. Takes about 12 min
# under TCG with the default sizes on a quiet host, 45-50 min on a loaded one
# (bench/README.md).
#
#   make bench-v9fs                 # builds the release binary first
#   tests/v9fs/bench-guest.sh       # on the host: runs itself in the guest
# env: WARREN_BIN (${CARGO_TARGET_DIR:-target}/release/warren); the workload's
#      SIZE_MB NFILES FIO FIO_RUNTIME; WARREN_VM_TIMEOUT (3600);
#      V9FS_BENCH_SERVERS ("warren diod": which servers, in this order; on a
#      loaded host a second run in the other order shows the drift)
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
HERE=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
[[ ${WARREN_VM_GUEST:-} == 1 ]] ||
  exec "$HERE/run" --timeout "${WARREN_VM_TIMEOUT:-3600}" --apt diod --apt fio "$HERE/bench-guest.sh" "$@"
# shellcheck source=lib/servers.sh
source "$HERE/lib/servers.sh"

mnt=/mnt/bench
mkdir -p "$mnt"
trap 'stop_server "$mnt"' EXIT

# bench NAME SUBDIR: mount the running server, run the workload in SUBDIR of
# the mount, unmount and stop the server.
bench() {
  echo "#### $1 over v9fs: mount -t 9p -o $MOUNT_OPTS 127.0.0.1 MNT"
  mount -t 9p -o "$MOUNT_OPTS" 127.0.0.1 "$mnt"
  "$HERE/bench-workload.sh" "$mnt$2"
  stop_server "$mnt"
}

for server in ${V9FS_BENCH_SERVERS:-warren diod}; do
  case $server in
    warren)
      if start_warren "${WARREN_BIN:-${CARGO_TARGET_DIR:-target}/release/warren}"; then
        bench warren /tmp
      else
        echo "#### warren: not run (see above)"
      fi
      ;;
    diod)
      start_diod "$(mktemp -d /tmp/diod-export.XXXXXX)"
      bench "diod $(dpkg-query -W -f='${Version}' diod)" ""
      ;;
    *) echo "#### $server: unknown server (warren, diod)" ;;
  esac
done
