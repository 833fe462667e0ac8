//! The user store of a configuration: `/etc/passwd`, `/etc/group` and `/etc/shadow` as a
//! [`UserFs`], passwords hashed with argon2id at boot.

use warren_proto::{Errno, Gid, Uid};
use warren_users::{hash_password, AccessKey, Group, Shadow, User, UserFs};

use crate::config::Config;

/// The store for `config`'s users: one group per user (same name and gid as its primary),
/// with their access keys.
///
/// # Errors
/// `EINVAL` from the store for a duplicate name or uid, or a malformed name or home.
pub fn store(config: &Config) -> Result<UserFs, Errno> {
    let mut users = Vec::new();
    let mut groups: Vec<Group> = Vec::new();
    let mut shadow = Vec::new();
    for u in &config.users {
        users.push(User {
            name: u.name.clone(),
            uid: Uid(u.uid),
            gid: Gid(u.gid),
            gecos: String::new(),
            home: u.home.clone(),
            shell: u.shell.clone(),
        });
        if !groups.iter().any(|g| g.gid == Gid(u.gid)) {
            groups.push(Group {
                name: u.name.clone(),
                gid: Gid(u.gid),
                members: Vec::new(),
            });
        }
        let hash = match (&u.hash, &u.password) {
            (Some(h), _) => h.clone(),
            (None, Some(p)) if !p.is_empty() => hash_password(p),
            _ => String::new(),
        };
        shadow.push(Shadow::new(&u.name, &hash));
    }
    let keys = config
        .users
        .iter()
        .filter_map(|u| u.key.as_ref().map(|k| AccessKey::new(&u.name, k)))
        .collect();
    UserFs::new(users, groups, shadow)?.with_keys(keys)
}
