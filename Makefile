# Warren: build, test, run and benchmark. `make test` is what CI runs (.ci/run):
# the workspace's cargo tests, then the real-client test (Linux's v9fs client
# mounting Warren inside a QEMU guest, tests/v9fs/README.md). The VM targets
# need root and download QEMU, a Debian kernel and busybox once (about 1 min).

CARGO ?= cargo
# The release binary the VM scripts start (they read WARREN_BIN).
export WARREN_BIN ?= $(or $(CARGO_TARGET_DIR),target)/release/warren

.PHONY: build test vm-test vm-prepare run bench bench-v9fs lint

## build: the host CLI, release profile (target/release/warren)
build:
	$(CARGO) build --release

## test: cargo's tests for the whole workspace, then the v9fs VM test (every
## test runs even when some fail, so one run shows every summary)
test: build
	status=0; $(CARGO) test --workspace --no-fail-fast || status=$$?; \
	tests/v9fs/guest-test.sh || status=$$?; exit $$status

## vm-test: only the v9fs VM test (tests/v9fs/guest-test.sh)
vm-test: build
	tests/v9fs/guest-test.sh

## vm-prepare: install and cache what the VM tests need, boot nothing
vm-prepare:
	tests/v9fs/run --prepare

## run: boot Warren on this terminal
run:
	$(CARGO) run --release -- boot

## bench: the workspace's cargo benchmarks
bench:
	$(CARGO) bench --workspace

## bench-v9fs: the baseline workload over v9fs, Warren then diod (~12 min)
bench-v9fs: build
	tests/v9fs/bench-guest.sh

## lint: formatting and clippy, as the project's standards require
lint:
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings
