//! Output forms of `ls`: long lines and columns.

use std::collections::HashMap;

use warren_kernel::ProcContext;
use warren_proto::attr::{S_IFLNK, S_IFMT};

use super::Item;
use crate::util::{id_names, ls_time, mode_string};

/// What `ls -l` needs besides the items: id names and the current time.
pub(super) struct Long {
    users: HashMap<u32, String>,
    groups: HashMap<u32, String>,
    now: i64,
}

impl Long {
    /// Read `/etc/passwd` and `/etc/group` (when present) and the clock.
    pub(super) async fn load(ctx: &ProcContext) -> Long {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        Long {
            users: id_names(ctx, "/etc/passwd").await,
            groups: id_names(ctx, "/etc/group").await,
            now,
        }
    }

    /// One aligned line per item: `mode nlink user group size mtime name[ -> target]`.
    pub(super) async fn render(&self, ctx: &ProcContext, items: &[Item]) -> String {
        let mut rows = Vec::with_capacity(items.len());
        for item in items {
            let a = &item.attr;
            let mut name = item.name.clone();
            if a.mode & S_IFMT == S_IFLNK {
                if let Ok(target) = ctx.readlink(&item.path).await {
                    name = format!("{name} -> {target}");
                }
            }
            rows.push([
                mode_string(a.mode),
                a.nlink.to_string(),
                self.users
                    .get(&a.uid)
                    .cloned()
                    .unwrap_or_else(|| a.uid.to_string()),
                self.groups
                    .get(&a.gid)
                    .cloned()
                    .unwrap_or_else(|| a.gid.to_string()),
                a.size.to_string(),
                ls_time(a.mtime_sec as i64, self.now),
                name,
            ]);
        }
        let width = |i: usize| rows.iter().map(|r| r[i].len()).max().unwrap_or(0);
        let w: Vec<usize> = (0..5).map(width).collect();
        let mut out = String::new();
        for r in &rows {
            out.push_str(&format!(
                "{} {:>w1$} {:<w2$} {:<w3$} {:>w4$} {} {}\n",
                r[0],
                r[1],
                r[2],
                r[3],
                r[4],
                r[5],
                r[6],
                w1 = w[1],
                w2 = w[2],
                w3 = w[3],
                w4 = w[4]
            ));
        }
        out
    }
}

/// `names` in columns filling `width` characters, ordered down each column (as `ls -C`).
pub(super) fn columns(names: &[&str], width: usize) -> String {
    if names.is_empty() {
        return String::new();
    }
    let col = names.iter().map(|n| n.chars().count()).max().unwrap_or(0) + 2;
    let cols = (width / col).max(1);
    let rows = names.len().div_ceil(cols);
    let mut out = String::new();
    for r in 0..rows {
        let mut line = String::new();
        for c in 0..cols {
            if let Some(name) = names.get(c * rows + r) {
                line.push_str(&format!("{name:<col$}"));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::columns;

    #[test]
    fn columns_run_down_then_across() {
        assert_eq!(columns(&["a", "b", "c"], 80), "a  b  c\n");
        assert_eq!(columns(&["aaaa", "b", "c"], 12), "aaaa  c\nb\n");
        assert_eq!(columns(&[], 80), "");
    }
}
