# shellcheck shell=bash disable=SC2034  # sets variables for the guest scripts
# Guest-side helpers (sourced by guest-test.sh and bench-guest.sh): start a
# 9P2000.L server on loopback and mount it with the Linux v9fs client.
#
# start_warren / start_diod set SERVER_PID and MOUNT_OPTS; the server's
# output goes to $SERVER_LOG.

PORT=${WARREN_V9FS_PORT:-5640}
SERVER_LOG=${SERVER_LOG:-/tmp/v9fs-server.log}
# uname=root (added per server): the attach names the user the client acts for;
# diod refuses the default "nobody"; Warren checks it against the key in aname.
BASE_OPTS="trans=tcp,port=$PORT,version=9p2000.L,msize=524288,access=user"
# Keys of the test configuration (tests/v9fs/warren.toml): TCP attaches need one.
ROOT_KEY=v9fs-root-key GUEST_KEY=v9fs-guest-key
export GUEST_KEY BASE_OPTS

# wait_port PID: wait (at most 60 s) until something listens on $PORT; fails
# at once when PID exits first.
wait_port() {
  local i
  for ((i = 0; i < 600; i++)); do
    (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && return 0
    kill -0 "$1" 2>/dev/null || { echo "server exited before listening" >&2; return 1; }
    sleep 0.1
  done
  echo "nothing listens on 127.0.0.1:$PORT after 60 s" >&2
  return 1
}

# start_warren BIN: `BIN boot --no-console --config tests/v9fs/warren.toml
# --listen tcp!127.0.0.1!PORT`; the mount attaches as root with root's key.
start_warren() {
  [[ -x $1 ]] || { echo "no Warren binary at $1 (cargo build --release)" >&2; return 1; }
  "$1" boot --no-console --config "$(dirname "${BASH_SOURCE[0]}")/../warren.toml" \
    --listen "tcp!127.0.0.1!$PORT" >"$SERVER_LOG" 2>&1 &
  SERVER_PID=$!
  MOUNT_OPTS="$BASE_OPTS,uname=root,aname=key=$ROOT_KEY"
  wait_port "$SERVER_PID"
}

# start_diod DIR: diod (the reference 9P2000.L server, Debian package diod)
# exporting DIR.
start_diod() {
  command -v diod >/dev/null || { echo "diod is not installed (run with --apt diod)" >&2; return 1; }
  diod -f -n -N -c /dev/null -L stderr -l "127.0.0.1:$PORT" -e "$1" >"$SERVER_LOG" 2>&1 &
  SERVER_PID=$!
  MOUNT_OPTS="$BASE_OPTS,uname=root,aname=$1"
  wait_port "$SERVER_PID"
}

# stop_server [MNT]: unmount MNT when mounted, stop the server; never fails.
stop_server() {
  if [[ -n ${1:-} ]] && mountpoint -q "$1"; then umount "$1" || echo "umount $1 failed" >&2; fi
  if [[ -n ${SERVER_PID:-} ]]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=""
}
