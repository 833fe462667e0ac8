//! `id [-u|-g|-G] [-n] [-r] [USER]` and `whoami`: print user and group ids. Source: POSIX
//! `id`, coreutils `id(1)` and `whoami(1)`.
//!
//! Without options: `uid=1000(agent) gid=1000(agent) groups=1000(agent),10(wheel)`: the real
//! ids, then ` euid=0(root)` and ` egid=...` where the effective ids differ (a set-user-ID
//! program), then the primary group and every group of `/etc/group` listing the user as a
//! member. An id without a name prints as the number alone. Without USER the ids are the
//! caller's; with USER, that account's. `-u`, `-g`, `-G` print only the effective uid, the
//! effective gid (the real ones with `-r`), or all group ids (space-separated); `-n` prints
//! names instead. `whoami` prints the name of the effective uid.
//!
//! Status 0; 1 for an unknown USER (`id: 'bob': no such user`) or, for whoami, a uid without
//! an account; 2 for bad usage.

use std::collections::HashMap;

use warren_kernel::{ExitStatus, Fd, ProcContext};
use warren_proto::{Gid, Uid};
use warren_users::{Group, User};

use crate::util::{fail, getopt, groups, say, users, Opts};

/// Print the ids of the caller or of the account named by the operand.
pub async fn main(ctx: ProcContext) -> ExitStatus {
    let opts = match getopt(crate::util::args(&ctx), "ugGnr", "") {
        Ok(o) if o.operands.len() <= 1 => o,
        Ok(_) => return usage(&ctx).await,
        Err(m) => {
            say(&ctx, &format!("id: {m}")).await;
            return usage(&ctx).await;
        }
    };
    let accounts = users(&ctx).await.unwrap_or_default();
    let all_groups = groups(&ctx).await.unwrap_or_default();
    let ids = match opts.operands.first() {
        None => Ids {
            uid: ctx.uid(),
            gid: ctx.gid(),
            euid: ctx.euid(),
            egid: ctx.egid(),
        },
        Some(name) => match accounts.iter().find(|u| &u.name == name) {
            Some(u) => Ids::of(u.uid, u.gid),
            None => return fail(&ctx, "id", &format!("'{name}': no such user")).await,
        },
    };
    let text = render(&opts, ids, &accounts, &all_groups);
    match ctx.write_all(Fd::STDOUT, format!("{text}\n")).await {
        Ok(()) => ExitStatus::SUCCESS,
        Err(_) => ExitStatus::FAILURE,
    }
}

/// The real and effective ids `id` shows.
#[derive(Clone, Copy)]
struct Ids {
    uid: Uid,
    gid: Gid,
    euid: Uid,
    egid: Gid,
}

impl Ids {
    /// An account's ids: effective = real.
    fn of(uid: Uid, gid: Gid) -> Ids {
        Ids {
            uid,
            gid,
            euid: uid,
            egid: gid,
        }
    }
}

/// The line `id` prints for `ids` with `opts`.
fn render(opts: &Opts, ids: Ids, accounts: &[User], all_groups: &[Group]) -> String {
    let user_names: HashMap<u32, String> =
        accounts.iter().map(|u| (u.uid.0, u.name.clone())).collect();
    let group_names: HashMap<u32, String> = all_groups
        .iter()
        .map(|g| (g.gid.0, g.name.clone()))
        .collect();
    let name = user_names.get(&ids.uid.0).cloned().unwrap_or_default();
    let gids = member_of(ids.gid, &name, all_groups);
    let real = opts.has('r');
    let show = |id: u32, names: &HashMap<u32, String>| match (opts.has('n'), names.get(&id)) {
        (true, Some(n)) => n.clone(),
        _ => id.to_string(),
    };
    if opts.has('u') {
        show(if real { ids.uid } else { ids.euid }.0, &user_names)
    } else if opts.has('g') {
        show(if real { ids.gid } else { ids.egid }.0, &group_names)
    } else if opts.has('G') {
        let list: Vec<String> = gids.iter().map(|g| show(*g, &group_names)).collect();
        list.join(" ")
    } else {
        full(ids, &gids, &user_names, &group_names)
    }
}

async fn usage(ctx: &ProcContext) -> ExitStatus {
    say(ctx, "usage: id [-u|-g|-G] [-n] [-r] [USER]").await;
    ExitStatus(2)
}

/// `gid` first, then the gid of every group listing `name` as a member.
fn member_of(gid: Gid, name: &str, groups: &[Group]) -> Vec<u32> {
    let mut gids = vec![gid.0];
    for g in groups {
        if !name.is_empty() && g.members.iter().any(|m| m == name) && !gids.contains(&g.gid.0) {
            gids.push(g.gid.0);
        }
    }
    gids
}

/// `uid=N(name) gid=N(name)[ euid=N(name)][ egid=N(name)] groups=N(name),...`.
fn full(
    ids: Ids,
    gids: &[u32],
    user_names: &HashMap<u32, String>,
    group_names: &HashMap<u32, String>,
) -> String {
    let named = |id: u32, names: &HashMap<u32, String>| match names.get(&id) {
        Some(n) => format!("{id}({n})"),
        None => id.to_string(),
    };
    let mut out = format!(
        "uid={} gid={}",
        named(ids.uid.0, user_names),
        named(ids.gid.0, group_names)
    );
    if ids.euid != ids.uid {
        out += &format!(" euid={}", named(ids.euid.0, user_names));
    }
    if ids.egid != ids.gid {
        out += &format!(" egid={}", named(ids.egid.0, group_names));
    }
    let list: Vec<String> = gids.iter().map(|g| named(*g, group_names)).collect();
    out + " groups=" + &list.join(",")
}

/// `whoami`: print the name of the caller's effective user id.
pub async fn whoami(ctx: ProcContext) -> ExitStatus {
    let uid = ctx.euid();
    let accounts = users(&ctx).await.unwrap_or_default();
    match accounts.into_iter().find(|u| u.uid == uid) {
        Some(u) => match ctx.write_all(Fd::STDOUT, format!("{}\n", u.name)).await {
            Ok(()) => ExitStatus::SUCCESS,
            Err(_) => ExitStatus::FAILURE,
        },
        None => {
            fail(
                &ctx,
                "whoami",
                &format!("cannot find name for user ID {}", uid.0),
            )
            .await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_output_names_known_ids_and_numbers_unknown_ones() {
        let users = HashMap::from([(1000, "agent".to_string())]);
        let groups = HashMap::from([(1000, "agent".to_string()), (10, "wheel".to_string())]);
        assert_eq!(
            full(Ids::of(Uid(1000), Gid(1000)), &[1000, 10], &users, &groups),
            "uid=1000(agent) gid=1000(agent) groups=1000(agent),10(wheel)"
        );
        assert_eq!(
            full(Ids::of(Uid(5), Gid(6)), &[6], &users, &groups),
            "uid=5 gid=6 groups=6"
        );
    }

    #[test]
    fn differing_effective_ids_follow_the_real_ones() {
        let users = HashMap::from([(1000, "agent".to_string()), (0, "root".to_string())]);
        let groups = HashMap::from([(1000, "agent".to_string())]);
        let ids = Ids {
            euid: Uid(0),
            ..Ids::of(Uid(1000), Gid(1000))
        };
        assert_eq!(
            full(ids, &[1000], &users, &groups),
            "uid=1000(agent) gid=1000(agent) euid=0(root) groups=1000(agent)"
        );
        let ids = Ids {
            egid: Gid(7),
            ..ids
        };
        assert_eq!(
            full(ids, &[1000], &users, &groups),
            "uid=1000(agent) gid=1000(agent) euid=0(root) egid=7 groups=1000(agent)"
        );
    }

    #[test]
    fn supplementary_groups_follow_the_primary_one() {
        let g = |name: &str, gid, members: &[&str]| Group {
            name: name.into(),
            gid: Gid(gid),
            members: members.iter().map(|m| m.to_string()).collect(),
        };
        let groups = [
            g("agent", 1000, &[]),
            g("wheel", 10, &["agent"]),
            g("x", 11, &["bob"]),
        ];
        assert_eq!(member_of(Gid(1000), "agent", &groups), vec![1000, 10]);
    }
}
