#!/usr/bin/env bash
# Run Warren's benchmarks (bench/README.md) and print what bench/README.md
# records: the machine, then each criterion bench's estimates (release
# profile), then, with --v9fs, the Linux v9fs workload against Warren and diod
# (tests/v9fs/bench-guest.sh, about 12 min under TCG, needs root).
#
# usage: bench/run.sh [--v9fs] [CRITERION ARGS...]
#   e.g. bench/run.sh -- --measurement-time 10
# env:   CARGO_TARGET_DIR, CARGO (cargo); BENCHES ("spawn pipe ninep")
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."
v9fs=0
if [[ ${1:-} == --v9fs ]]; then
  v9fs=1
  shift
fi
[[ ${1:-} == -- ]] && shift
cargo=${CARGO:-cargo}

echo "== machine"
echo "nproc: $(nproc)"
grep -m1 'model name' /proc/cpuinfo | sed 's/^model name\s*:/cpu:/'
awk '/MemTotal/ { printf "memory: %.1f GiB\n", $2 / 1048576 }' /proc/meminfo
echo "kernel: $(uname -r)"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo none)$(git diff --quiet HEAD 2>/dev/null || echo ' (with uncommitted changes)')"
echo "rustc: $(rustc --version)"

for b in ${BENCHES:-spawn pipe ninep}; do
  echo "== cargo bench --bench $b -- $*"
  # Keep the names, the estimates and warnings; drop outliers and the comparison with
  # the previous run (a `change:` block).
  "$cargo" bench --bench "$b" -- "$@" 2>&1 | awk '
    /^[^ ]/ { skip = 0 }
    /change:/ { skip = 1 }
    skip || /^(Benchmarking|Found|Gnuplot)/ || /^ +[0-9]+ \(/ { next }
    /^[^ ]|time:|thrpt:/ { print }'
done

if [[ $v9fs == 1 ]]; then
  echo "== tests/v9fs/bench-guest.sh (release build first)"
  "$cargo" build --release
  tests/v9fs/bench-guest.sh
fi
