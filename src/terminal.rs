//! The host terminal in raw mode while Warren owns it, restored on drop.
//!
//! Warren's tty fileserver runs the line discipline (echo, erase, ^C, ...), so the host
//! terminal must pass every byte through untouched: `cfmakeraw(3)`, then the saved settings
//! back when the guard drops (also on an error return from boot).

use std::io::IsTerminal;

use nix::sys::termios::{cfmakeraw, tcgetattr, tcsetattr, SetArg, Termios};

/// Raw mode on the host's stdin while alive; `None` when stdin is not a terminal.
pub struct RawMode {
    saved: Termios,
}

impl RawMode {
    /// Switch stdin to raw mode if it is a terminal.
    ///
    /// # Errors
    /// The `tcgetattr`/`tcsetattr` error.
    pub fn enable() -> nix::Result<Option<RawMode>> {
        let stdin = std::io::stdin();
        if !stdin.is_terminal() {
            return Ok(None);
        }
        let saved = tcgetattr(&stdin)?;
        let mut raw = saved.clone();
        cfmakeraw(&mut raw);
        tcsetattr(&stdin, SetArg::TCSANOW, &raw)?;
        Ok(Some(RawMode { saved }))
    }
}

impl Drop for RawMode {
    fn drop(&mut self) {
        let _ = tcsetattr(std::io::stdin(), SetArg::TCSANOW, &self.saved);
    }
}
