//! Reading `/proc/N/status` and `/proc/N/cmdline` (the kernel's process fileserver).

use warren_kernel::ProcContext;
use warren_proto::Result;

use super::read_file;

/// One process as `/proc/N/status` shows it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProcStatus {
    /// Process id.
    pub pid: u32,
    /// Parent's pid (0 for pid 1 and for processes the host started).
    pub ppid: u32,
    /// User id.
    pub uid: u32,
    /// Group id.
    pub gid: u32,
    /// Session id.
    pub sid: u32,
    /// Process group id.
    pub pgid: u32,
    /// `R` running, `T` stopped, `Z` zombie.
    pub state: String,
    /// The controlling terminal relative to `/dev` (`tty/0`), or `-` for none.
    pub tty: String,
    /// `argv[0]`.
    pub cmd: String,
}

/// Parse the text of `/proc/N/status`: `NAME VALUE` lines (`pid 5`, `state R`, `tty tty/0`);
/// unknown names are skipped. `None` when a number does not parse or `pid` is missing.
pub fn parse_status(text: &str) -> Option<ProcStatus> {
    let mut st = ProcStatus::default();
    let mut seen_pid = false;
    for line in text.lines() {
        let (name, value) = line.split_once(' ').unwrap_or((line, ""));
        let number = || value.trim().parse::<u32>().ok();
        match name {
            "pid" => (st.pid, seen_pid) = (number()?, true),
            "ppid" => st.ppid = number()?,
            "uid" => st.uid = number()?,
            "gid" => st.gid = number()?,
            "sid" => st.sid = number()?,
            "pgid" => st.pgid = number()?,
            "state" => st.state = value.to_string(),
            "tty" => st.tty = value.to_string(),
            "cmd" => st.cmd = value.to_string(),
            _ => {}
        }
    }
    seen_pid.then_some(st)
}

/// The status of process `which` (`"5"`, or `"self"` for the caller).
///
/// # Errors
/// `ENOENT` (no such process, or no `/proc`); `EINVAL` (a status that does not parse).
pub async fn proc_status(ctx: &ProcContext, which: &str) -> Result<ProcStatus> {
    let text = read_file(ctx, &format!("/proc/{which}/status")).await?;
    parse_status(&String::from_utf8_lossy(&text)).ok_or(warren_proto::Errno::EINVAL)
}

/// The argument vector of process `which` (`/proc/N/cmdline`: NUL-terminated strings).
///
/// # Errors
/// `ENOENT` (no such process).
pub async fn proc_cmdline(ctx: &ProcContext, which: &str) -> Result<Vec<String>> {
    let data = read_file(ctx, &format!("/proc/{which}/cmdline")).await?;
    Ok(data
        .split(|&b| b == 0)
        .filter(|a| !a.is_empty())
        .map(|a| String::from_utf8_lossy(a).into_owned())
        .collect())
}

/// The control file of the caller's controlling terminal (`/dev/tty/0ctl`), from
/// `/proc/self/status`; `None` without one (or without `/proc`).
pub async fn controlling_tty_ctl(ctx: &ProcContext) -> Option<String> {
    let st = proc_status(ctx, "self").await.ok()?;
    (st.tty != "-" && !st.tty.is_empty()).then(|| format!("/dev/{}ctl", st.tty))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_lines_parse_into_fields() {
        let text = "pid 5\nppid 1\nuid 1000\ngid 100\nsid 5\npgid 7\nstate T\ntty tty/0\ncmd sh\n";
        let st = parse_status(text).unwrap();
        assert_eq!((st.pid, st.ppid, st.uid, st.gid), (5, 1, 1000, 100));
        assert_eq!((st.sid, st.pgid), (5, 7));
        assert_eq!(
            (st.state.as_str(), st.tty.as_str(), st.cmd.as_str()),
            ("T", "tty/0", "sh")
        );
    }

    #[test]
    fn status_without_pid_or_with_a_bad_number_is_refused() {
        assert_eq!(parse_status("ppid 1\n"), None);
        assert_eq!(parse_status("pid x\n"), None);
    }
}
