# shellcheck shell=bash disable=SC2010,SC2012  # listing is what is tested
# The checks of guest-test.sh (sourced there): each t_* function runs in
# `bash -eo pipefail`, so any failing command fails the check. They act only
# through the mount: $M is the mount point, $W a directory made inside it.

t_root_lists_standard_dirs() {
  local out name
  out=$(ls -la "$M")
  echo "$out"
  for name in bin dev etc home tmp; do
    grep -qE "^d.* $name\$" <<<"$out" || { echo "no directory $name"; return 1; }
  done
}

t_motd_is_readable() {
  local text
  text=$(cat "$M$MOTD")
  [[ -n $text ]]
}

t_create_write_read_back() {
  printf 'hello, warren\n' >"$W/a"
  [[ $(cat "$W/a") == "hello, warren" && $(stat -c %s "$W/a") == 14 ]]
}

t_append_adds_to_end() {
  printf 'one\n' >"$W/log"
  printf 'two\n' >>"$W/log"
  [[ $(cat "$W/log") == $'one\ntwo' ]]
}

t_overwrite_truncates() {
  printf 'a long first line\n' >"$W/t"
  printf 'x\n' >"$W/t"
  [[ $(cat "$W/t") == x && $(stat -c %s "$W/t") == 2 ]]
}

t_mkdir_rmdir() {
  mkdir "$W/d"
  [[ -d $W/d ]]
  rmdir "$W/d"
  [[ ! -e $W/d ]]
}

t_rmdir_nonempty_is_enotempty() {
  local out
  mkdir "$W/full" && : >"$W/full/f"
  if out=$(rmdir "$W/full" 2>&1); then echo "rmdir succeeded"; return 1; fi
  echo "$out"
  [[ $out == *"Directory not empty"* && -e $W/full/f ]]
}

t_rename_within_directory() {
  echo moved >"$W/old"
  mv "$W/old" "$W/new"
  [[ ! -e $W/old && $(cat "$W/new") == moved ]]
}

t_rename_across_directories() {
  mkdir "$W/src" "$W/dst"
  echo across >"$W/src/f"
  mv "$W/src/f" "$W/dst/g"
  [[ ! -e $W/src/f && $(cat "$W/dst/g") == across ]]
}

t_rename_directory() {
  mkdir -p "$W/tree/sub"
  echo leaf >"$W/tree/sub/leaf"
  mv "$W/tree" "$W/tree2"
  [[ ! -e $W/tree && $(cat "$W/tree2/sub/leaf") == leaf ]]
}

t_rm() {
  local out
  echo bye >"$W/gone"
  rm "$W/gone"
  [[ ! -e $W/gone ]]
  if out=$(rm "$W/gone" 2>&1); then echo "second rm succeeded"; return 1; fi
  echo "$out"
  [[ $out == *"No such file or directory"* ]]
}

t_chmod_shows_in_stat() {
  echo secret >"$W/mode"
  chmod 640 "$W/mode"
  [[ $(stat -c %a "$W/mode") == 640 ]]
  chmod 755 "$W/mode"
  [[ $(stat -c %a "$W/mode") == 755 ]]
}

t_symlink() {
  echo target >"$W/target"
  ln -s target "$W/link"
  [[ $(readlink "$W/link") == target && -L $W/link ]]
  [[ $(cat "$W/link") == target ]]
}

t_big_file_checksum() {
  local want got
  dd if=/dev/urandom of=/tmp/big bs=1M count=64 status=none
  dd if=/tmp/big of="$W/big" bs=1M conv=fsync status=none
  sync && echo 3 >/proc/sys/vm/drop_caches
  want=$(sha256sum </tmp/big)
  got=$(sha256sum <"$W/big")
  echo "wrote $want, read $got"
  [[ $(stat -c %s "$W/big") == 67108864 && $got == "$want" ]]
  rm "$W/big" /tmp/big
}

t_dir_of_2000_entries() {
  local i
  mkdir "$W/many"
  for ((i = 0; i < 2000; i++)); do : >"$W/many/f$i"; done
  [[ $(ls "$W/many" | wc -l) == 2000 ]]
  diff <(LC_ALL=C ls "$W/many") <(for ((i = 0; i < 2000; i++)); do echo "f$i"; done | LC_ALL=C sort)
}

# Linux opens a FIFO or device node on a 9P mount as a local one: only a
# regular file's read is a Tread, and only its interruption sends a Tflush.
t_interrupted_read_returns() {
  local rc=0 type
  type=$(stat -c %F "$M$HANG")
  [[ $type == "regular file" || $type == "regular empty file" ]] || { echo "$HANG is a $type: the client would not read it over 9P"; return 1; }
  exec 3>>"$M$HANG_WRITER" # a writer that never writes (>>: no truncate): reads block
  timeout -s INT 3 cat "$M$HANG" >/dev/null || rc=$?
  exec 3>&-
  echo "timeout -s INT 3 cat: exit status $rc"
  [[ $rc == 124 || $rc == 130 ]]
}

t_mount_usable_after_flush() {
  ls "$M" | grep -qx tmp
  echo after >"$W/after"
  [[ $(cat "$W/after") == after ]]
}

# Authentication (issue 4) and permissions (issue 3), through more mounts of the same
# server: a mount with no key or a wrong key is refused; guest's key mounts as guest, who
# cannot read root's 0600 file nor write /etc/passwd, which root can.
t_mount_without_key_is_refused() {
  local m=/mnt/nokey
  mkdir -p "$m"
  if mount -t 9p -o "$BASE_OPTS,uname=agent" 127.0.0.1 "$m" 2>&1; then
    umount "$m"; echo "mounted without a key"; return 1
  fi
  if mount -t 9p -o "$BASE_OPTS,uname=agent,aname=key=wrong" 127.0.0.1 "$m" 2>&1; then
    umount "$m"; echo "mounted with a wrong key"; return 1
  fi
}

t_guest_is_refused_what_root_may_do() {
  local g=/mnt/guest
  mkdir -p "$g"
  echo secret >"$W/private" && chmod 600 "$W/private"
  mount -t 9p -o "$BASE_OPTS,uname=guest,aname=key=$GUEST_KEY" 127.0.0.1 "$g"
  trap 'umount /mnt/guest' EXIT
  if cat "$g${W#"$M"}/private" 2>&1; then echo "guest read root's 0600 file"; return 1; fi
  if echo 'x:x:4242:4242::/home/x:/bin/sh' >>"$g/etc/passwd" 2>&1; then
    echo "guest wrote /etc/passwd"; return 1
  fi
  [[ $(cat "$W/private") == secret ]]
  echo 'newuser:x:4242:4242::/home/newuser:/bin/sh' >>"$M/etc/passwd"
  grep -q '^newuser:' "$M/etc/passwd"
}

t_umount() {
  umount "$M"
  ! mountpoint -q "$M"
}
