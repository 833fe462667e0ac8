# shellcheck shell=bash
# What the guest sees, for tests/v9fs/run (sourced): the read-only shares, which
# host paths are visible there, and the command file the guest's init runs.

# share_dirs DIR...: "tagN<TAB>dir" lines for the existing directories among
# DIR (empty ones skipped), parents first, a directory inside another skipped.
# The guest's /tmp and /run are its own, so a clone or target dir there is
# only seen through a share; elsewhere the share just shadows the same files.
share_dirs() {
  local d k i=0 kept=()
  while read -r d; do
    for k in "${kept[@]}"; do [[ $d == "$k" || $d == "$k"/* ]] && continue 2; done
    kept+=("$d")
    printf 'share%d\t%s\n' "$i" "$d"
    i=$((i + 1))
  done < <(for d in "$@"; do [[ -n $d && -d $d ]] && readlink -f "$d"; done |
    grep -v -e '^/$' -e $'\t' | awk '{ print length($0) "\t" $0 }' | sort -n | cut -f2-)
}

# visible PATH SHARES_FILE: whether the guest sees host PATH at the same path.
visible() {
  local dir
  while IFS=$'\t' read -r _ dir; do
    [[ $1 == "$dir" || $1 == "$dir"/* ]] && return 0
  done <"$2"
  case $1 in /tmp | /tmp/* | /run | /run/* | /dev/* | /proc/* | /sys/*) return 1 ;; esac
}

# write_cmd CWD COMMAND...: the guest's command file: the exported environment
# (minus the shell's own variables and TMPDIR), WARREN_VM_GUEST=1, cd CWD,
# exec COMMAND.
write_cmd() {
  local cwd=$1 name
  shift
  while read -r name; do
    case $name in
      BASH_* | BASHOPTS | SHELLOPTS | SHLVL | PWD | OLDPWD | _ | TMPDIR | HOSTNAME) continue ;;
    esac
    [[ $name =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] && printf 'export %s=%q\n' "$name" "${!name}"
  done < <(compgen -e)
  printf 'export PATH=%q\n' "${PATH:-/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin}"
  printf 'export HOME=%q WARREN_VM_GUEST=1\n' "${HOME:-/root}"
  printf 'cd %q || exit 125\nexec' "$cwd"
  printf ' %q' "$@"
  printf '\n'
}
