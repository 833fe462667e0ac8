//! `userdel [-r] NAME`: remove an account (root only). Source: `userdel(8)`; issue 3 point 6.
//!
//! Rewrites `/etc/passwd` without NAME (the store drops its shadow line with it), removes
//! NAME from the member lists of `/etc/group` and removes the group NAME when it is NAME's
//! primary group and no other account's. `-r` also removes the home directory and
//! everything in it.
//!
//! Status (as `userdel(8)`): 0; 1 not root or the store refused; 2 bad usage; 6 no such
//! user; 12 the home directory could not be removed.

use warren_kernel::{ExitStatus, ProcContext};
use warren_proto::Uid;
use warren_users::{format_group, format_passwd, Group, User};

use crate::rm::remove_tree;
use crate::util::{getopt, groups, rewrite, say, users, GROUP, PASSWD};

/// Remove the account NAME.
pub async fn main(ctx: ProcContext) -> ExitStatus {
    if ctx.uid() != Uid(0) {
        return status(&ctx, 1, "Permission denied.").await;
    }
    let opts = match getopt(crate::util::args(&ctx), "r", "") {
        Ok(o) if o.operands.len() == 1 => o,
        Ok(_) => return status(&ctx, 2, "usage: userdel [-r] NAME").await,
        Err(m) => return status(&ctx, 2, &m).await,
    };
    let name = &opts.operands[0];
    let (Ok(mut accounts), Ok(mut all_groups)) = (users(&ctx).await, groups(&ctx).await) else {
        return status(&ctx, 1, "cannot read the user store").await;
    };
    let Some(i) = accounts.iter().position(|u| &u.name == name) else {
        return status(&ctx, 6, &format!("user '{name}' does not exist")).await;
    };
    let gone = accounts.remove(i);
    if let Err(e) = rewrite(&ctx, PASSWD, format_passwd(&accounts)).await {
        return status(&ctx, 1, &format!("{PASSWD}: {e}")).await;
    }
    if drop_from_groups(&mut all_groups, &gone, &accounts) {
        if let Err(e) = rewrite(&ctx, GROUP, format_group(&all_groups)).await {
            return status(&ctx, 1, &format!("{GROUP}: {e}")).await;
        }
    }
    if opts.has('r') {
        if let Err(e) = remove_tree(&ctx, gone.home.clone()).await {
            return status(&ctx, 12, &format!("{}: {e}", gone.home)).await;
        }
    }
    ExitStatus::SUCCESS
}

/// Print `userdel: MESSAGE` on fd 2 and return `code`.
async fn status(ctx: &ProcContext, code: u8, message: &str) -> ExitStatus {
    say(ctx, &format!("userdel: {message}")).await;
    ExitStatus(code)
}

/// Remove `gone` from member lists and its own group if no one else uses it; whether
/// anything changed.
fn drop_from_groups(groups: &mut Vec<Group>, gone: &User, left: &[User]) -> bool {
    let before = groups.clone();
    for g in groups.iter_mut() {
        g.members.retain(|m| m != &gone.name);
    }
    groups.retain(|g| {
        g.name != gone.name || g.gid != gone.gid || left.iter().any(|u| u.gid == g.gid)
    });
    *groups != before
}

#[cfg(test)]
mod tests {
    use super::*;
    use warren_proto::Gid;

    fn user(name: &str, id: u32) -> User {
        User {
            name: name.into(),
            uid: Uid(id),
            gid: Gid(id),
            gecos: String::new(),
            home: format!("/home/{name}"),
            shell: "/bin/sh".into(),
        }
    }

    fn group(name: &str, gid: u32, members: &[&str]) -> Group {
        Group {
            name: name.into(),
            gid: Gid(gid),
            members: members.iter().map(|m| m.to_string()).collect(),
        }
    }

    #[test]
    fn the_users_own_group_and_memberships_go() {
        let mut groups = vec![
            group("bob", 1001, &[]),
            group("wheel", 10, &["bob", "agent"]),
        ];
        assert!(drop_from_groups(
            &mut groups,
            &user("bob", 1001),
            &[user("agent", 1000)]
        ));
        assert_eq!(groups, vec![group("wheel", 10, &["agent"])]);
    }

    #[test]
    fn a_group_still_primary_for_someone_stays() {
        let mut groups = vec![group("bob", 1001, &[])];
        let mut other = user("carol", 1002);
        other.gid = Gid(1001);
        assert!(!drop_from_groups(&mut groups, &user("bob", 1001), &[other]));
        assert_eq!(groups.len(), 1);
    }
}
