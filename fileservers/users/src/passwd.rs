//! `/etc/passwd`: one account per line, `name:x:uid:gid:gecos:home:shell` (passwd(5)).

use warren_proto::{Errno, Gid, Result, Uid};

use crate::fields::{check_name, check_text, check_unique, fields, lines, parse_u32};

/// One account: a line of `/etc/passwd` (passwd(5)).
///
/// The password field is always `x`: hashes live in `/etc/shadow` only.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    /// Login name: 1 to 32 bytes of `[A-Za-z0-9_.-]`, not starting with `-` or `.`.
    pub name: String,
    /// User id.
    pub uid: Uid,
    /// Primary group id.
    pub gid: Gid,
    /// Free text (full name, ...); no `:` or control characters.
    pub gecos: String,
    /// Home directory: an absolute path.
    pub home: String,
    /// Login shell: the path of the bin login execs; may be empty.
    pub shell: String,
}

/// Parse the text of `/etc/passwd`: one [`User`] per line, in order.
///
/// # Errors
/// `EINVAL` for a malformed line (not seven fields, a bad name, a password field other than
/// `x`, a non-numeric id, a home that is not absolute, a control character, a blank line), a
/// duplicate name or a duplicate uid.
pub fn parse_passwd(text: &str) -> Result<Vec<User>> {
    let users = lines(text).map(parse_user).collect::<Result<Vec<_>>>()?;
    check_unique(&users, |u| u.name.clone())?;
    check_unique(&users, |u| u.uid)?;
    Ok(users)
}

/// The text of `/etc/passwd` for `users`: one `\n`-terminated line each, in order.
/// `parse_passwd(&format_passwd(u)) == Ok(u)` for any `u` it accepts.
pub fn format_passwd(users: &[User]) -> String {
    users
        .iter()
        .map(|u| {
            let (uid, gid) = (u.uid.0, u.gid.0);
            format!(
                "{}:x:{uid}:{gid}:{}:{}:{}\n",
                u.name, u.gecos, u.home, u.shell
            )
        })
        .collect()
}

/// Parse one passwd line. Errors: `EINVAL`, as [`parse_passwd`].
fn parse_user(line: &str) -> Result<User> {
    let [name, password, uid, gid, gecos, home, shell] = fields(line)?;
    check_name(name)?;
    for text in [gecos, home, shell] {
        check_text(text)?;
    }
    if password != "x" || !home.starts_with('/') {
        return Err(Errno::EINVAL);
    }
    Ok(User {
        name: name.to_string(),
        uid: Uid(parse_u32(uid)?),
        gid: Gid(parse_u32(gid)?),
        gecos: gecos.to_string(),
        home: home.to_string(),
        shell: shell.to_string(),
    })
}
