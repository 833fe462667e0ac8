//! `useradd [-u UID] [-g GID] [-d HOME] [-s SHELL] [-p PASSWORD] NAME`: add an account (root
//! only). Source: `useradd(8)`; issue 3 point 6.
//!
//! Appends NAME's line to `/etc/passwd`, its shadow line to `/etc/shadow` and, unless `-g`
//! names an existing group, a group NAME to `/etc/group`; then makes HOME (mode 0700, owned
//! by the new user). Defaults: UID one above the largest uid >= 1000 (else 1000); GID the
//! gid of an existing group NAME, else UID when free, else the next free gid >= 1000; HOME
//! `/home/NAME`; SHELL `/bin/sh`. Unlike Linux, `-p` takes the password in clear (it is
//! hashed here, argon2id); without it the account is locked (`!`) until `passwd` sets one.
//! A HOME that exists already is kept as it is, with a warning.
//!
//! Status (as `useradd(8)`): 0; 1 not root or the store refused; 2 bad usage; 4 UID in use;
//! 6 `-g` names no group; 9 NAME in use; 12 HOME could not be made.

use warren_kernel::{ExitStatus, ProcContext};
use warren_proto::attr::{setattr, SetAttr};
use warren_proto::{Errno, Gid, Uid};
use warren_users::{
    format_group, format_passwd, format_shadow, hash_password, Group, Shadow, User,
};

use crate::util::{append, getopt, groups, say, users, Opts, GROUP, PASSWD, SHADOW};

/// Add the account the command line describes.
pub async fn main(ctx: ProcContext) -> ExitStatus {
    if ctx.uid() != Uid(0) {
        return status(&ctx, 1, "Permission denied.").await;
    }
    let opts = match getopt(crate::util::args(&ctx), "", "ugdsp") {
        Ok(o) if o.operands.len() == 1 => o,
        Ok(_) => return status(&ctx, 2, USAGE).await,
        Err(m) => return status(&ctx, 2, &m).await,
    };
    let (user, new_group) = match plan(&ctx, &opts).await {
        Ok(planned) => planned,
        Err((code, m)) => return status(&ctx, code, &m).await,
    };
    let hash = opts.value('p').map_or("!".to_string(), hash_password);
    if let Err(m) = store(&ctx, &user, new_group, hash).await {
        return status(&ctx, 1, &m).await;
    }
    make_home(&ctx, &user).await
}

/// The usage line.
const USAGE: &str = "usage: useradd [-u UID] [-g GID] [-d HOME] [-s SHELL] [-p PASSWORD] NAME";

/// The account to add and the group to add with it, from the options and the store.
///
/// # Errors
/// The exit status and message: 1 unreadable store, 2 bad UID, 4 UID taken, 6 no such
/// group, 9 name taken.
async fn plan(ctx: &ProcContext, opts: &Opts) -> Result<(User, Option<Group>), (u8, String)> {
    let name = opts.operands[0].clone();
    let (Ok(all_users), Ok(all_groups)) = (users(ctx).await, groups(ctx).await) else {
        return Err((1, "cannot read the user store".into()));
    };
    if all_users.iter().any(|u| u.name == name) {
        return Err((9, format!("user '{name}' already exists")));
    }
    let uid = match opts.value('u').map(str::parse::<u32>) {
        Some(Ok(uid)) if all_users.iter().any(|u| u.uid.0 == uid) => {
            return Err((4, format!("UID {uid} is not unique")))
        }
        Some(Ok(uid)) => uid,
        Some(Err(_)) => return Err((2, "invalid user ID".into())),
        None => next_free(all_users.iter().map(|u| u.uid.0), 1000),
    };
    let (gid, new_group) =
        group_for(&name, uid, opts.value('g'), &all_groups).map_err(|m| (6, m))?;
    let user = User {
        home: opts
            .value('d')
            .map_or(format!("/home/{name}"), String::from),
        shell: opts.value('s').unwrap_or("/bin/sh").to_string(),
        name,
        uid: Uid(uid),
        gid: Gid(gid),
        gecos: String::new(),
    };
    Ok((user, new_group))
}

/// Print `useradd: MESSAGE` on fd 2 and return `code`.
async fn status(ctx: &ProcContext, code: u8, message: &str) -> ExitStatus {
    say(ctx, &format!("useradd: {message}")).await;
    ExitStatus(code)
}

/// The smallest id >= `floor` above every id of `taken` that is >= `floor`.
fn next_free(taken: impl Iterator<Item = u32>, floor: u32) -> u32 {
    taken
        .filter(|&id| id >= floor)
        .map(|id| id + 1)
        .max()
        .unwrap_or(floor)
}

/// The gid for a new user, and the group to add if a new one is needed.
///
/// # Errors
/// A message when `-g` names no group.
fn group_for(
    name: &str,
    uid: u32,
    given: Option<&str>,
    groups: &[Group],
) -> Result<(u32, Option<Group>), String> {
    if let Some(g) = given {
        let gid = g.parse::<u32>().ok();
        return match groups.iter().find(|x| Some(x.gid.0) == gid || x.name == g) {
            Some(x) => Ok((x.gid.0, None)),
            None => Err(format!("group '{g}' does not exist")),
        };
    }
    if let Some(x) = groups.iter().find(|x| x.name == name) {
        return Ok((x.gid.0, None));
    }
    let gid = if groups.iter().any(|x| x.gid.0 == uid) {
        next_free(groups.iter().map(|x| x.gid.0), 1000)
    } else {
        uid
    };
    let group = Group {
        name: name.to_string(),
        gid: Gid(gid),
        members: Vec::new(),
    };
    Ok((gid, Some(group)))
}

/// Append the passwd, group and shadow lines (in that order: a shadow line must name a user).
///
/// # Errors
/// A message naming the file the store refused.
async fn store(
    ctx: &ProcContext,
    user: &User,
    group: Option<Group>,
    hash: String,
) -> Result<(), String> {
    let refused = |path: &str, e: Errno| match e {
        Errno::EINVAL => format!("invalid entry for '{}' in {path}", user.name),
        e => format!("{path}: {e}"),
    };
    append(ctx, PASSWD, format_passwd(std::slice::from_ref(user)))
        .await
        .map_err(|e| refused(PASSWD, e))?;
    if let Some(g) = group {
        append(ctx, GROUP, format_group(&[g]))
            .await
            .map_err(|e| refused(GROUP, e))?;
    }
    let line = format_shadow(&[Shadow::new(&user.name, &hash)]);
    append(ctx, SHADOW, line)
        .await
        .map_err(|e| refused(SHADOW, e))
}

/// Make the user's home directory, 0700 and theirs.
async fn make_home(ctx: &ProcContext, user: &User) -> ExitStatus {
    match ctx.mkdir(&user.home, 0o700).await {
        Ok(()) => {}
        Err(Errno::EEXIST) => {
            let m = format!("warning: the home directory {} already exists.", user.home);
            say(ctx, &format!("useradd: {m}")).await;
            return ExitStatus::SUCCESS;
        }
        Err(e) => {
            return status(
                ctx,
                12,
                &format!("cannot create directory {}: {e}", user.home),
            )
            .await
        }
    }
    let owner = SetAttr {
        valid: setattr::UID | setattr::GID,
        uid: user.uid.0,
        gid: user.gid.0,
        ..SetAttr::default()
    };
    match ctx.wstat(&user.home, &owner).await {
        Ok(()) => ExitStatus::SUCCESS,
        Err(e) => {
            status(
                ctx,
                12,
                &format!("cannot change owner of {}: {e}", user.home),
            )
            .await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group(name: &str, gid: u32) -> Group {
        Group {
            name: name.into(),
            gid: Gid(gid),
            members: vec![],
        }
    }

    #[test]
    fn next_free_id_is_above_the_largest_regular_one() {
        assert_eq!(next_free([0, 1000, 1001].into_iter(), 1000), 1002);
        assert_eq!(next_free([0, 5].into_iter(), 1000), 1000);
    }

    #[test]
    fn a_new_group_takes_the_uid_when_free_and_g_must_name_a_group() {
        let groups = [group("root", 0), group("agent", 1000)];
        let (gid, new) = group_for("bob", 1001, None, &groups).unwrap();
        assert_eq!((gid, new.map(|g| g.name)), (1001, Some("bob".to_string())));
        let (gid, _) = group_for("bob", 1000, None, &groups).unwrap();
        assert_eq!(gid, 1001);
        assert_eq!(
            group_for("bob", 1001, Some("0"), &groups).unwrap(),
            (0, None)
        );
        assert_eq!(
            group_for("bob", 1001, Some("agent"), &groups).unwrap(),
            (1000, None)
        );
        assert!(group_for("bob", 1001, Some("77"), &groups).is_err());
    }
}
