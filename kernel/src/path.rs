//! Lexical path names: Plan 9's `cleanname(2)`, joining to a working directory, splitting.
//!
//! Every path the kernel keys on (mount points, working directories) is absolute and clean:
//! it starts with `/`, has no empty, `.` or `..` elements, and no trailing `/` (except `/`
//! itself). `..` is resolved lexically, so it works through mount points as in Plan 9.

/// The clean form of `path`, made absolute by joining it to `cwd` when it is relative.
///
/// `cwd` MUST be absolute. `..` above the root stays at the root. Source: Plan 9
/// `cleanname(2)`.
pub fn join(cwd: &str, path: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    let start = if path.starts_with('/') { "" } else { cwd };
    for elem in start.split('/').chain(path.split('/')) {
        match elem {
            "" | "." => {}
            ".." => {
                out.pop();
            }
            e => out.push(e),
        }
    }
    if out.is_empty() {
        return "/".to_string();
    }
    let mut s = String::new();
    for e in out {
        s.push('/');
        s.push_str(e);
    }
    s
}

/// The elements of the clean absolute `path` (`/` has none).
pub fn elements(path: &str) -> Vec<String> {
    path.split('/')
        .filter(|e| !e.is_empty())
        .map(str::to_string)
        .collect()
}

/// `parent` and last element of the clean absolute `path`; `None` for `/`.
pub fn split(path: &str) -> Option<(String, String)> {
    let i = path.rfind('/')?;
    let name = &path[i + 1..];
    if name.is_empty() {
        return None;
    }
    let parent = if i == 0 { "/" } else { &path[..i] };
    Some((parent.to_string(), name.to_string()))
}

/// `dir` and `name` joined into a clean path (`dir` clean and absolute, `name` one element).
pub fn child(dir: &str, name: &str) -> String {
    if dir == "/" {
        format!("/{name}")
    } else {
        format!("{dir}/{name}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_cleans_dots_and_slashes() {
        assert_eq!(join("/a/b", "../c//./d/"), "/a/c/d");
        assert_eq!(join("/a", "/x/../../y"), "/y");
        assert_eq!(join("/", ".."), "/");
        assert_eq!(join("/a", ""), "/a");
        assert_eq!(join("/a", "b"), "/a/b");
    }

    #[test]
    fn split_gives_parent_and_name() {
        assert_eq!(split("/a/b"), Some(("/a".into(), "b".into())));
        assert_eq!(split("/a"), Some(("/".into(), "a".into())));
        assert_eq!(split("/"), None);
        assert_eq!(child("/", "x"), "/x");
        assert_eq!(elements("/a/b"), vec!["a", "b"]);
    }
}
