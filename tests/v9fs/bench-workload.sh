#!/usr/bin/env bash
# The baseline file-system workload: sequential dd, a create/stat/unlink loop
# and (when fio is installed) four fio jobs, on a directory of an already
# mounted file system, inside the tests/v9fs guest. Copied from the project's
# first v9fs harness (shared/v9fs/examples/bench-mount.sh, whose README holds
# the diod baseline numbers), taking a directory instead of a mount point.
#
# usage: bench-workload.sh DIR
# env:   SIZE_MB (256)  NFILES (5000)  FIO (1 = also run fio when installed)
#        FIO_RUNTIME (15, seconds per random-I/O fio job)
set -euo pipefail
dir=${1:?usage: bench-workload.sh DIR}
size=${SIZE_MB:-256} nfiles=${NFILES:-5000} fio_runtime=${FIO_RUNTIME:-15}
d=$(mktemp -d "$dir/bench.XXXXXX")
trap 'rm -rf "$d"' EXIT
drop() { sync; echo 3 >/proc/sys/vm/drop_caches; }

echo "== guest: $(nproc) vCPU, kernel $(uname -r)"

drop
echo "== dd sequential write: dd if=/dev/zero of=FILE bs=1M count=$size conv=fsync"
dd if=/dev/zero of="$d/big" bs=1M count="$size" conv=fsync 2>&1 | tail -n 1
drop
echo "== dd sequential read: dd if=FILE of=/dev/null bs=1M (caches dropped first)"
dd if="$d/big" of=/dev/null bs=1M 2>&1 | tail -n 1
rm -f "$d/big"

drop
echo "== metadata: create+stat+unlink of $nfiles empty files (one process, python3)"
python3 - "$d" "$nfiles" <<'PY'
import os, sys, time
d, n = sys.argv[1], int(sys.argv[2])
names = [os.path.join(d, "f%06d" % i) for i in range(n)]
t = [time.monotonic()]
for p in names:
    os.close(os.open(p, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644))
t.append(time.monotonic())
for p in names:
    os.stat(p)
t.append(time.monotonic())
for p in names:
    os.unlink(p)
t.append(time.monotonic())
for name, a, b in zip(("create", "stat", "unlink"), t, t[1:]):
    print("%-7s %6d files %8.2f s %9.0f ops/s" % (name, n, b - a, n / (b - a)))
print("total   %6d files %8.2f s (wall, create+stat+unlink)" % (n, t[-1] - t[0]))
PY

if [[ ${FIO:-1} == 1 ]] && command -v fio >/dev/null; then
  common=(--directory="$d" --ioengine=psync --group_reporting)
  jobs=(
    "--name=seqwrite --rw=write --bs=1M --size=${size}M --end_fsync=1"
    "--name=seqread --rw=read --bs=1M --size=${size}M"
    "--name=randread4k --rw=randread --bs=4k --size=64M --runtime=$fio_runtime --time_based"
    "--name=randwrite4k --rw=randwrite --bs=4k --size=64M --runtime=$fio_runtime --time_based --end_fsync=1"
  )
  for j in "${jobs[@]}"; do
    echo "== fio ${common[*]/#--directory=*/--directory=DIR} $j"
    # shellcheck disable=SC2086  # $j holds several options
    fio "${common[@]}" $j | grep -E '^ *(read|write): IOPS=' || echo "fio job failed"
    rm -f "$d"/*
    drop
  done
fi
