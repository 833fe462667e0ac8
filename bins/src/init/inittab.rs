//! `/etc/inittab`: which programs init starts, one `ID:RUNLEVELS:ACTION:PROCESS` line each
//! (busybox `inittab(5)`).
//!
//! `ID` names the entry (by convention the terminal, `tty/0`); `RUNLEVELS` is ignored
//! (Warren has none); `ACTION` is `respawn` (start again whenever it exits) or `once` (start
//! at boot only); `PROCESS` is the command line, split on blanks (no quoting). Blank lines and
//! lines starting with `#` are skipped. Example: `tty/0::respawn:/bin/getty /dev/tty/0`.

/// What init does with an entry's process when it exits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Start it again (a getty).
    Respawn,
    /// Leave it (a one-shot job at boot).
    Once,
}

/// One line of `/etc/inittab`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The entry's id (its first field).
    pub id: String,
    /// `respawn` or `once`.
    pub action: Action,
    /// The command line, split on blanks; never empty.
    pub argv: Vec<String>,
}

/// Parse the text of `/etc/inittab`: the entries in order, and a message per bad line
/// (`line 3: unknown action 'sometimes'`) for init to report; bad lines are skipped.
pub fn parse(text: &str) -> (Vec<Entry>, Vec<String>) {
    let mut entries = Vec::new();
    let mut errors = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        match parse_line(line) {
            Ok(entry) => entries.push(entry),
            Err(e) => errors.push(format!("line {}: {e}", i + 1)),
        }
    }
    (entries, errors)
}

fn parse_line(line: &str) -> Result<Entry, String> {
    let fields: Vec<&str> = line.splitn(4, ':').collect();
    let [id, _runlevels, action, process] = fields[..] else {
        return Err("expected ID:RUNLEVELS:ACTION:PROCESS".into());
    };
    let action = match action {
        "respawn" => Action::Respawn,
        "once" => Action::Once,
        other => return Err(format!("unknown action '{other}'")),
    };
    let argv: Vec<String> = process.split_whitespace().map(String::from).collect();
    if argv.is_empty() {
        return Err("empty process".into());
    }
    Ok(Entry {
        id: id.to_string(),
        action,
        argv,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_parse_with_comments_and_blank_lines_skipped() {
        let text =
            "# ttys\n\ntty/0::respawn:/bin/getty /dev/tty/0\nboot::once:/bin/echo hi:there\n";
        let (entries, errors) = parse(text);
        assert!(errors.is_empty());
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].id, "tty/0");
        assert_eq!(entries[0].action, Action::Respawn);
        assert_eq!(entries[0].argv, ["/bin/getty", "/dev/tty/0"]);
        assert_eq!(entries[1].action, Action::Once);
        assert_eq!(entries[1].argv, ["/bin/echo", "hi:there"]);
    }

    #[test]
    fn bad_lines_are_reported_with_their_number_and_skipped() {
        let (entries, errors) = parse("a::sometimes:/bin/x\nb::respawn:\nc:respawn\n");
        assert!(entries.is_empty());
        assert_eq!(
            errors,
            [
                "line 1: unknown action 'sometimes'",
                "line 2: empty process",
                "line 3: expected ID:RUNLEVELS:ACTION:PROCESS"
            ]
        );
    }
}
