//! Plan 9's namespace commands as builtins (they change the shell's own namespace, which its
//! children then copy): `bind`, `mount`, `unmount` (Plan 9 `bind(1)`).
//!
//! - `bind [-abc] NEW OLD`: make OLD show what NEW shows: replacing it, or with `-b`/`-a`
//!   unioned before/after it; `-c` marks the member that receives creates. This is
//!   `ProcContext::bind(NEW, OLD, flags)` (the kernel's `old`/`new` parameters name the
//!   source and the target: the *first* argument is the source).
//! - `mount [-abc] DIAL OLD [ANAME]`: dial a 9P2000.L server (`tcp!host!port`,
//!   `unix!/path`) and mount it on OLD.
//! - `unmount [NEW] OLD`: undo the binds and mounts on OLD, or only NEW's.

use warren_kernel::MountFlags;

use super::shell::Shell;

impl Shell {
    /// Run `bind`, `mount` or `unmount`. Status 0; 1 on failure; 2 on bad usage.
    pub(crate) async fn ns_builtin(&mut self, argv: &[String]) -> u8 {
        let name = argv[0].as_str();
        let (flags, operands) = match parse_flags(&argv[1..]) {
            Ok(x) => x,
            Err(m) => {
                self.err(&format!("{name}: {m}")).await;
                return 2;
            }
        };
        let result = match (name, operands.as_slice()) {
            ("bind", [new, old]) => self.ctx.bind(new, old, flags).await.map_err(|e| (new, e)),
            ("mount", [dial, old]) => self
                .ctx
                .mount_dial(dial, "", old, flags)
                .await
                .map_err(|e| (dial, e)),
            ("mount", [dial, old, aname]) => self
                .ctx
                .mount_dial(dial, aname, old, flags)
                .await
                .map_err(|e| (dial, e)),
            ("unmount", [old]) => self.ctx.unmount(None, old).await.map_err(|e| (old, e)),
            ("unmount", [new, old]) => self.ctx.unmount(Some(new), old).await.map_err(|e| (new, e)),
            _ => {
                self.err(&format!("usage: {}", usage(name))).await;
                return 2;
            }
        };
        match result {
            Ok(()) => 0,
            Err((what, e)) => {
                self.err(&format!("{name}: {what}: {e}")).await;
                1
            }
        }
    }
}

fn usage(name: &str) -> &'static str {
    match name {
        "bind" => "bind [-abc] new old",
        "mount" => "mount [-abc] dial old [aname]",
        _ => "unmount [new] old",
    }
}

/// Leading `-abc` options as [`MountFlags`], and the operands after them.
fn parse_flags(args: &[String]) -> Result<(MountFlags, Vec<String>), String> {
    let mut flags = MountFlags::REPLACE;
    let mut i = 0;
    while let Some(arg) = args.get(i).filter(|a| a.starts_with('-') && a.len() > 1) {
        i += 1;
        if arg == "--" {
            break;
        }
        for c in arg[1..].chars() {
            flags = flags
                | match c {
                    'a' => MountFlags::AFTER,
                    'b' => MountFlags::BEFORE,
                    'c' => MountFlags::CREATE,
                    _ => return Err(format!("invalid option -- '{c}'")),
                };
        }
    }
    if flags.contains(MountFlags::AFTER | MountFlags::BEFORE) {
        return Err("-a and -b are exclusive".into());
    }
    Ok((flags, args[i..].to_vec()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &[&str]) -> Vec<String> {
        s.iter().map(|a| a.to_string()).collect()
    }

    #[test]
    fn flags_map_to_mount_flags_and_operands_follow() {
        let (f, ops) = parse_flags(&args(&["-bc", "/x", "/y"])).unwrap();
        assert_eq!(f, MountFlags::BEFORE | MountFlags::CREATE);
        assert_eq!(ops, args(&["/x", "/y"]));
        let (f, _) = parse_flags(&args(&["/x", "/y"])).unwrap();
        assert_eq!(f, MountFlags::REPLACE);
        assert!(parse_flags(&args(&["-ab", "/x", "/y"])).is_err());
        assert!(parse_flags(&args(&["-z", "/x"])).is_err());
    }
}
