//! Pathname expansion (POSIX 2.13.3): a field with unquoted `*`, `?` or `[` becomes the
//! sorted names it matches; names starting with `.` match only a pattern starting with `.`.

use warren_kernel::ProcContext;

use super::pattern::{has_magic, matches, unescape};

/// The paths matching `pattern` (escaped as [`super::pattern`] expects), sorted; empty when
/// none match (the caller then keeps the word).
pub(crate) async fn glob(ctx: &ProcContext, pattern: &str) -> Vec<String> {
    let absolute = pattern.starts_with('/');
    let mut found = vec![if absolute {
        "/".to_string()
    } else {
        String::new()
    }];
    let parts: Vec<&str> = pattern.split('/').filter(|p| !p.is_empty()).collect();
    for (i, part) in parts.iter().enumerate() {
        let last = i + 1 == parts.len();
        let mut next = Vec::new();
        for base in &found {
            if !has_magic(part) {
                let path = join(base, &unescape(part));
                if !last || ctx.lstat(&path).await.is_ok() {
                    next.push(path);
                }
                continue;
            }
            let dir = if base.is_empty() { "." } else { base.as_str() };
            let Ok(entries) = ctx.readdir(dir).await else {
                continue;
            };
            let mut names: Vec<String> = entries
                .into_iter()
                .map(|e| e.name)
                .filter(|n| (!n.starts_with('.') || part.starts_with('.')) && matches(part, n))
                .collect();
            names.sort();
            next.extend(names.iter().map(|n| join(base, n)));
        }
        found = next;
    }
    if parts.is_empty() {
        return Vec::new();
    }
    found
}

fn join(base: &str, name: &str) -> String {
    match base {
        "" => name.to_string(),
        b if b.ends_with('/') => format!("{b}{name}"),
        b => format!("{b}/{name}"),
    }
}
