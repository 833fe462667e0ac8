//! `/proc/N/ctl`: the verbs a write may carry (Plan 9 `proc(3)` ctl, as a `Cmdtab`).

use warren_proto::{Errno, Result};

use crate::signal::Signal;

/// Each verb and the signal it sends the process.
pub(super) const VERBS: [(&str, Signal); 4] = [
    ("kill", Signal::Kill),
    ("stop", Signal::Stop),
    ("cont", Signal::Cont),
    ("hangup", Signal::Hup),
];

/// The signal a ctl write asks for: one verb, surrounding white space ignored.
///
/// # Errors
/// `EINVAL` (not UTF-8, or no such verb).
pub(super) fn parse(data: &[u8]) -> Result<Signal> {
    let text = std::str::from_utf8(data).map_err(|_| Errno::EINVAL)?.trim();
    VERBS
        .iter()
        .find(|(v, _)| *v == text)
        .map(|(_, s)| *s)
        .ok_or(Errno::EINVAL)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verbs_parse_with_a_trailing_newline_and_others_are_einval() {
        assert_eq!(parse(b"kill\n"), Ok(Signal::Kill));
        assert_eq!(parse(b" cont "), Ok(Signal::Cont));
        assert_eq!(parse(b"hangup"), Ok(Signal::Hup));
        assert_eq!(parse(b"explode"), Err(Errno::EINVAL));
        assert_eq!(parse(b"\xff"), Err(Errno::EINVAL));
    }
}
