//! File mode strings (`drwxr-xr-x`) and `chmod(1)` mode arguments.

use warren_proto::attr::{S_IFBLK, S_IFCHR, S_IFDIR, S_IFIFO, S_IFLNK, S_IFMT, S_IFSOCK};

/// The ten-character mode string of `ls -l` for a Linux `st_mode`: the type letter, then
/// `rwx` for owner, group and others, with setuid/setgid (`s`/`S`) and sticky (`t`/`T`).
pub fn mode_string(mode: u32) -> String {
    let ty = match mode & S_IFMT {
        S_IFDIR => 'd',
        S_IFLNK => 'l',
        S_IFCHR => 'c',
        S_IFBLK => 'b',
        S_IFIFO => 'p',
        S_IFSOCK => 's',
        _ => '-',
    };
    let mut s = String::with_capacity(10);
    s.push(ty);
    let specials = [(0o4000, 's'), (0o2000, 's'), (0o1000, 't')];
    for (i, (special, letter)) in specials.iter().enumerate() {
        let bits = (mode >> (6 - 3 * i)) & 7;
        s.push(if bits & 4 != 0 { 'r' } else { '-' });
        s.push(if bits & 2 != 0 { 'w' } else { '-' });
        let exec = bits & 1 != 0;
        s.push(match (mode & special != 0, exec) {
            (true, true) => *letter,
            (true, false) => letter.to_ascii_uppercase(),
            (false, true) => 'x',
            (false, false) => '-',
        });
    }
    s
}

/// The new permission bits (12 bits) for a `chmod(1)` mode argument applied to `old`.
///
/// `spec` is octal (`755`, `0644`) or symbolic clauses separated by commas: `[ugoa]*` then
/// one or more `[+-=][rwxXst]*` (`u+x`, `go-w`, `a=r,u+w`); no `who` means `a`. `X` adds
/// execute only when `is_dir` or some execute bit is already set. Source: POSIX `chmod`.
///
/// # Errors
/// `None` when `spec` is not a valid mode.
pub fn parse_chmod(spec: &str, old: u32, is_dir: bool) -> Option<u32> {
    if spec.chars().next()?.is_ascii_digit() {
        return u32::from_str_radix(spec, 8).ok().filter(|m| *m <= 0o7777);
    }
    let mut mode = old & 0o7777;
    for clause in spec.split(',') {
        mode = apply_clause(clause, mode, is_dir)?;
    }
    Some(mode)
}

fn apply_clause(clause: &str, mut mode: u32, is_dir: bool) -> Option<u32> {
    let ops_at = clause.find(['+', '-', '='])?;
    let mut who = 0;
    for c in clause[..ops_at].chars() {
        who |= match c {
            'u' => 0o4700,
            'g' => 0o2070,
            'o' => 0o1007,
            'a' => 0o7777,
            _ => return None,
        };
    }
    if who == 0 {
        who = 0o7777;
    }
    let mut rest = &clause[ops_at..];
    while let Some(op) = rest.chars().next() {
        let end = rest[1..]
            .find(['+', '-', '='])
            .map_or(rest.len(), |i| i + 1);
        let perms = perm_bits(&rest[1..end], mode, is_dir)? & who;
        mode = match op {
            '+' => mode | perms,
            '-' => mode & !perms,
            _ => (mode & !(who & 0o777)) | perms,
        };
        rest = &rest[end..];
    }
    Some(mode)
}

fn perm_bits(perms: &str, mode: u32, is_dir: bool) -> Option<u32> {
    let mut bits = 0;
    for c in perms.chars() {
        bits |= match c {
            'r' => 0o444,
            'w' => 0o222,
            'x' => 0o111,
            'X' if is_dir || mode & 0o111 != 0 => 0o111,
            'X' => 0,
            's' => 0o6000,
            't' => 0o1000,
            _ => return None,
        };
    }
    Some(bits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use warren_proto::attr::S_IFREG;

    #[test]
    fn mode_strings_show_type_permissions_and_specials() {
        assert_eq!(mode_string(S_IFDIR | 0o755), "drwxr-xr-x");
        assert_eq!(mode_string(S_IFREG | 0o644), "-rw-r--r--");
        assert_eq!(mode_string(S_IFLNK | 0o777), "lrwxrwxrwx");
        assert_eq!(mode_string(S_IFDIR | 0o1777), "drwxrwxrwt");
        assert_eq!(mode_string(S_IFREG | 0o4644), "-rwSr--r--");
    }

    #[test]
    fn octal_modes_parse_and_reject_garbage() {
        assert_eq!(parse_chmod("755", 0, false), Some(0o755));
        assert_eq!(parse_chmod("0644", 0o777, false), Some(0o644));
        assert_eq!(parse_chmod("99", 0, false), None);
        assert_eq!(parse_chmod("u+q", 0, false), None);
        assert_eq!(parse_chmod("", 0, false), None);
    }

    #[test]
    fn symbolic_modes_add_remove_and_set() {
        assert_eq!(parse_chmod("u+x", 0o644, false), Some(0o744));
        assert_eq!(parse_chmod("go-w", 0o666, false), Some(0o644));
        assert_eq!(parse_chmod("a=r,u+w", 0o777, false), Some(0o644));
        assert_eq!(parse_chmod("+x", 0o644, false), Some(0o755));
        assert_eq!(parse_chmod("a+X", 0o644, true), Some(0o755));
        assert_eq!(parse_chmod("a+X", 0o644, false), Some(0o644));
    }
}
