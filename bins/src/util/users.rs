//! Names of user and group ids, from `/etc/passwd` and `/etc/group` (`name:x:id:...` lines).

use std::collections::HashMap;

use warren_kernel::ProcContext;

use super::read_file;

/// Map from the numeric id (third field) to the name (first field) of each line of the
/// `passwd(5)`/`group(5)`-format file at `path`; empty when the file cannot be read.
pub async fn id_names(ctx: &ProcContext, path: &str) -> HashMap<u32, String> {
    let Ok(data) = read_file(ctx, path).await else {
        return HashMap::new();
    };
    String::from_utf8_lossy(&data)
        .lines()
        .filter_map(|line| {
            let mut fields = line.split(':');
            let name = fields.next()?;
            let id = fields.nth(1)?.parse().ok()?;
            Some((id, name.to_string()))
        })
        .collect()
}
