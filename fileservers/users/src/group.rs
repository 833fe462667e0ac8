//! `/etc/group`: one group per line, `name:x:gid:member,member` (group(5)).

use warren_proto::{Errno, Gid, Result};

use crate::fields::{check_name, check_unique, fields, lines, parse_u32};

/// One group: a line of `/etc/group` (group(5)).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    /// Group name: the same rules as a user name.
    pub name: String,
    /// Group id.
    pub gid: Gid,
    /// Names of the users in the group besides those whose primary group it is; each a valid
    /// name (not necessarily of an existing user).
    pub members: Vec<String>,
}

/// Parse the text of `/etc/group`: one [`Group`] per line, in order.
///
/// # Errors
/// `EINVAL` for a malformed line (not four fields, a bad group or member name, a password
/// field other than `x`, a non-numeric gid, a blank line), a duplicate name or a duplicate gid.
pub fn parse_group(text: &str) -> Result<Vec<Group>> {
    let groups = lines(text).map(parse_line).collect::<Result<Vec<_>>>()?;
    check_unique(&groups, |g| g.name.clone())?;
    check_unique(&groups, |g| g.gid)?;
    Ok(groups)
}

/// The text of `/etc/group` for `groups`: one `\n`-terminated line each, in order.
/// `parse_group(&format_group(g)) == Ok(g)` for any `g` it accepts.
pub fn format_group(groups: &[Group]) -> String {
    groups
        .iter()
        .map(|g| format!("{}:x:{}:{}\n", g.name, g.gid.0, g.members.join(",")))
        .collect()
}

/// Parse one group line. Errors: `EINVAL`, as [`parse_group`].
fn parse_line(line: &str) -> Result<Group> {
    let [name, password, gid, members] = fields(line)?;
    check_name(name)?;
    if password != "x" {
        return Err(Errno::EINVAL);
    }
    let members = match members {
        "" => Vec::new(),
        list => list.split(',').map(String::from).collect(),
    };
    for member in &members {
        check_name(member)?;
    }
    Ok(Group {
        name: name.to_string(),
        gid: Gid(parse_u32(gid)?),
        members,
    })
}
