# shellcheck shell=bash disable=SC2034  # sets variables for the runner
# Idempotent setup for tests/v9fs/run (sourced). Adapted from the v9fs harness
# the project started with (shared/v9fs/lib/prepare.sh). Everything comes from
# Debian packages:
#  - kmod, xz-utils and the packages asked for with --apt: apt-get install;
#  - QEMU (qemu-system-x86 plus the libraries apt would add), busybox-static
#    and the kernel (the package linux-image-amd64 points to): apt-get
#    download, unpacked under $CACHE and never installed, so dpkg is left
#    alone (qemu-system-x86 could remove a newer qemu-utils, busybox-static
#    would replace busybox) and no kernel boot hooks run. An installed
#    qemu-system-x86 is used as is.
#
# Sets: KVER KDIR VMLINUX INITRD QEMU (array: the command prefix)

CACHE=${WARREN_VM_CACHE:-/var/cache/warren-vm}
# Modules the initramfs loads (their dependencies are added automatically).
INITRD_MODS=(virtio_pci virtio_console virtio_rng 9pnet_virtio 9pnet_fd 9p overlay)

say() { echo "warren-vm: $*" >&2; }

_apt_updated=0
_apt_raw() {
  DEBIAN_FRONTEND=noninteractive apt-get -q -y -o APT::Sandbox::User=root \
    -o DPkg::Lock::Timeout=600 "$@" </dev/null
}
_apt_update() {
  ((_apt_updated)) && return 0
  _apt_updated=1
  say "apt-get update"
  _apt_raw update >>"$CACHE/apt.log" 2>&1 || true
}
_have_lists() {
  [[ -n $(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -print -quit 2>/dev/null) ]]
}

# _apt ARGS...: apt-get quietly (log in $CACHE/apt.log); on failure refresh
# the package lists once and retry.
_apt() {
  _have_lists || _apt_update
  _apt_raw "$@" >>"$CACHE/apt.log" 2>&1 && return 0
  if ((!_apt_updated)); then
    _apt_update
    _apt_raw "$@" >>"$CACHE/apt.log" 2>&1 && return 0
  fi
  say "apt-get $* failed; last lines of $CACHE/apt.log:"
  tail -n 15 "$CACHE/apt.log" >&2
  return 1
}

_installed() { [[ $(dpkg-query -W -f='${db:Status-Abbrev}' "$1" 2>/dev/null) == "ii "* ]]; }

# ensure_pkgs PKG...: apt-get install those not installed yet.
ensure_pkgs() {
  local p missing=()
  for p in "$@"; do _installed "$p" || missing+=("$p"); done
  ((${#missing[@]})) || return 0
  say "installing ${missing[*]}"
  _apt install --no-install-recommends "${missing[@]}"
}

# unpack_debs DEST PKG[=VER]...: download the packages, unpack them into DEST.
unpack_debs() {
  local dest=$1 tmp deb
  shift
  tmp=$(mktemp -d "$CACHE/dl.XXXXXX")
  if ! (cd "$tmp" && _apt download "$@"); then rm -rf "$tmp"; return 1; fi
  mkdir -p "$dest"
  for deb in "$tmp"/*.deb; do dpkg-deb -x "$deb" "$dest"; done
  rm -rf "$tmp"
}

# ensure_busybox: busybox-static's binary, unpacked once.
ensure_busybox() {
  BUSYBOX="$CACHE/busybox/bin/busybox"
  [[ -x $BUSYBOX ]] && return 0
  say "fetching busybox-static"
  rm -rf "$CACHE/busybox.new"
  unpack_debs "$CACHE/busybox.new" busybox-static
  rm -rf "$CACHE/busybox"
  mv "$CACHE/busybox.new" "$CACHE/busybox"
  [[ -x $BUSYBOX ]] || { say "busybox-static has no bin/busybox"; return 1; }
}

# ensure_qemu: an installed qemu-system-x86, else qemu-system-x86 and the
# packages apt would add for it here (libraries, firmware) unpacked once.
ensure_qemu() {
  local root="$CACHE/qemu" sim pkgs=()
  if _installed qemu-system-x86; then
    QEMU=(qemu-system-x86_64)
    return 0
  fi
  if [[ ! -s $root/ok ]]; then
    say "fetching qemu-system-x86 (unpacked under $root, not installed)"
    _have_lists || _apt_update
    sim=$(_apt_raw -s install --no-install-recommends qemu-system-x86 2>&1) || true
    if ! grep -q '^Inst qemu-system-x86 ' <<<"$sim"; then
      _apt_update
      sim=$(_apt_raw -s install --no-install-recommends qemu-system-x86 2>&1) || true
    fi
    # "Inst NAME [OLD] (VERSION ...)": fetch exactly the versions apt chose.
    mapfile -t pkgs < <(awk '$1 == "Inst" { for (i = 3; i <= NF; i++) if ($i ~ /^\(/) {
      print $2 "=" substr($i, 2); break } }' <<<"$sim")
    ((${#pkgs[@]})) || { say "cannot resolve qemu-system-x86:"; tail -n 5 <<<"$sim" >&2; return 1; }
    rm -rf "$root.new"
    unpack_debs "$root.new" "${pkgs[@]}"
    printf '%s\n' "${pkgs[@]}" >"$root.new/ok"
    rm -rf "$root"
    mv "$root.new" "$root"
  fi
  QEMU=(env "LD_LIBRARY_PATH=$root/usr/lib/x86_64-linux-gnu:$root/lib/x86_64-linux-gnu"
    "QEMU_MODULE_DIR=$root/usr/lib/x86_64-linux-gnu/qemu"
    "$root/usr/bin/qemu-system-x86_64" -L "$root/usr/share/qemu" -L "$root/usr/share/seabios")
}

# ensure_kernel: the kernel linux-image-amd64 points to, downloaded, unpacked
# and depmod'ed once; the choice is kept in $CACHE/kernel-current (delete it
# to move to a newer kernel).
ensure_kernel() {
  local cur="$CACHE/kernel-current" key="" tmp pkg deb
  [[ -s $cur ]] && key=$(<"$cur")
  if [[ -z $key || ! -s $CACHE/kernel/$key/ok ]]; then
    tmp=$(mktemp -d "$CACHE/dl.XXXXXX")
    (cd "$tmp" && _apt download linux-image-amd64) || { rm -rf "$tmp"; return 1; }
    pkg=$(dpkg-deb -f "$tmp"/linux-image-amd64_*.deb Depends | sed -E 's/^ *([^ ,(|]+).*/\1/')
    say "fetching kernel package $pkg"
    (cd "$tmp" && _apt download "$pkg") || { rm -rf "$tmp"; return 1; }
    deb=$(compgen -G "$tmp/${pkg}_*.deb" | head -n 1)
    key="${pkg#linux-image-}_$(dpkg-deb -f "$deb" Version)"
    KDIR="$CACHE/kernel/$key"
    rm -rf "$KDIR" && mkdir -p "$KDIR/root"
    dpkg-deb -x "$deb" "$KDIR/root"
    rm -rf "$tmp" "$KDIR/root/usr/share"
    KVER=$(basename "$(compgen -G "$KDIR/root/lib/modules/*" | head -n 1)")
    depmod -b "$KDIR/root" "$KVER"
    unpack_vmlinux
    echo "$KVER" >"$KDIR/ok"
    echo "$key" >"$cur"
  fi
  KDIR="$CACHE/kernel/$key"
  KVER=$(<"$KDIR/ok")
  VMLINUX="$KDIR/vmlinux"
}

# unpack_vmlinux: the ELF kernel out of the xz-compressed bzImage. QEMU boots
# it through the PVH entry point, which skips the real-mode boot and the
# in-guest decompression (seconds under TCG).
unpack_vmlinux() {
  local vmlinuz="$KDIR/root/boot/vmlinuz-$KVER" off
  grep -qx 'CONFIG_PVH=y' "$KDIR/root/boot/config-$KVER" || { say "kernel $KVER lacks CONFIG_PVH"; return 1; }
  off=$(LC_ALL=C grep -obUaP '\xfd7zXZ\x00' "$vmlinuz" | head -n 1 | cut -d: -f1) || off=""
  [[ -n $off ]] || { say "no xz stream in $vmlinuz"; return 1; }
  tail -c "+$((off + 1))" "$vmlinuz" | xz -dcq --single-stream >"$KDIR/vmlinux.tmp" || true
  [[ $(head -c 4 "$KDIR/vmlinux.tmp" | od -An -tx1 | tr -d ' ') == 7f454c46 ]] ||
    { say "cannot unpack vmlinux from $vmlinuz"; return 1; }
  mv "$KDIR/vmlinux.tmp" "$KDIR/vmlinux"
}

# ensure_initrd LIBDIR: busybox + the modules + LIBDIR/init, built once per
# (kernel, init script, busybox, module list).
ensure_initrd() {
  local libdir=$1 hash tmp m f
  hash=$(cat "$libdir/init" "$BUSYBOX" <(printf '%s\n' "$KVER" "${INITRD_MODS[@]}") |
    sha256sum | cut -c1-16)
  INITRD="$KDIR/initrd-$hash.cpio"
  [[ -s $INITRD ]] && return 0
  say "building initramfs for $KVER"
  tmp=$(mktemp -d "$CACHE/initrd.XXXXXX")
  mkdir -p "$tmp"/{bin,dev,etc,proc,sys,lib/modules}
  cp "$BUSYBOX" "$tmp/bin/busybox"
  for f in $("$BUSYBOX" --list); do
    [[ $f == busybox ]] || ln -s busybox "$tmp/bin/$f"
  done
  mknod -m 600 "$tmp/dev/console" c 5 1
  mknod -m 666 "$tmp/dev/null" c 1 3
  install -m 755 "$libdir/init" "$tmp/init"
  # Dependency-ordered, de-duplicated insmod list (built-ins are skipped).
  for m in "${INITRD_MODS[@]}"; do
    modprobe -d "$KDIR/root" -S "$KVER" --show-depends "$m" | awk '$1 == "insmod" { print $2 }'
  done | awk '!seen[$0]++' | while read -r f; do
    cp "$f" "$tmp/lib/modules/"
    basename "$f" >>"$tmp/etc/modules"
  done
  (cd "$tmp" && find . -mindepth 1 | LC_ALL=C sort | "$BUSYBOX" cpio -o -H newc 2>/dev/null) >"$tmp.cpio"
  rm -f "$KDIR"/initrd-*.cpio # outdated builds
  mv "$tmp.cpio" "$INITRD"
  rm -rf "$tmp"
}

# prepare LIBDIR [PKG...]: everything the runner needs before booting, under
# a lock so that parallel runs share one cache.
prepare() {
  local libdir=$1 lockfd
  shift
  [[ $(id -u) == 0 ]] || { say "run as root (apt-get, mknod, QEMU passthrough shares)"; return 1; }
  mkdir -p "$CACHE/kernel"
  exec {lockfd}>"$CACHE/.lock"
  flock "$lockfd"
  ensure_pkgs kmod xz-utils "$@"
  ensure_busybox
  ensure_qemu
  ensure_kernel
  ensure_initrd "$libdir"
  exec {lockfd}>&-
}
