//! Authentication: the one place it is decided. Warren has no 9P authentication yet, so
//! `Tauth` is refused and an attach names no auth fid; identity comes from the attach alone
//! ([`super::ServeOptions::identify`]).

use crate::errno::{Errno, Result};
use crate::msg::NOFID;

/// The answer to `Tauth` (9P2000.L `Tauth`, attach(5)): no authentication protocol is
/// offered.
pub(crate) fn auth_refused() -> Errno {
    Errno::EOPNOTSUPP
}

/// Check `Tattach.afid`: it must be `NOFID`, since no `Tauth` ever succeeds.
///
/// # Errors
/// `EBADF` for any other afid.
pub(crate) fn check_afid(afid: u32) -> Result<()> {
    if afid == NOFID {
        Ok(())
    } else {
        Err(Errno::EBADF)
    }
}
