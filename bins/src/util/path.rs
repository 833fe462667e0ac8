//! Path text helpers (the kernel cleans paths; these only build them).

/// `dir/name`, without doubling a slash after `dir`.
pub fn join(dir: &str, name: &str) -> String {
    if dir.ends_with('/') {
        format!("{dir}{name}")
    } else {
        format!("{dir}/{name}")
    }
}

/// The last element of `path` (`/a/b/` → `b`; `/` → `/`), as POSIX `basename`.
pub fn basename(path: &str) -> &str {
    let trimmed = path.trim_end_matches('/');
    if trimmed.is_empty() {
        return if path.is_empty() { "" } else { "/" };
    }
    trimmed.rsplit('/').next().unwrap_or(trimmed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_and_basename_handle_slashes() {
        assert_eq!(join("/a", "b"), "/a/b");
        assert_eq!(join("/", "b"), "/b");
        assert_eq!(basename("/a/b/"), "b");
        assert_eq!(basename("x"), "x");
        assert_eq!(basename("/"), "/");
    }
}
