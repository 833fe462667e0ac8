//! The line discipline: what each input byte does, as a pure function of the terminal's modes.
//!
//! Canonical mode on a [`Kind::Terminal`] follows POSIX "Canonical Mode Input Processing"
//! (11.1.6) and "Special Characters" (11.1.9) with Linux's defaults: ICRNL, ECHO, ECHOE,
//! ECHOCTL, ISIG, IUTF8. Raw mode is Plan 9's `rawon` (`cons(3)`): bytes pass untouched.

use crate::backend::Kind;
use crate::host::TtySignal;

/// The longest line canonical input holds, in bytes (Linux `N_TTY_BUF_SIZE` less the newline);
/// a terminal ignores characters typed beyond it, a stream ends the record there.
pub(crate) const LINE_MAX: usize = 4095;

/// ^C: INTR.
const INTR: u8 = 0x03;
/// ^D: EOF.
const EOF: u8 = 0x04;
/// ^H: an alternative ERASE.
const BS: u8 = 0x08;
/// ^U: KILL.
const KILL: u8 = 0x15;
/// ^Z: SUSP.
const SUSP: u8 = 0x1a;
/// ^\: QUIT.
const QUIT: u8 = 0x1c;
/// DEL: ERASE.
const DEL: u8 = 0x7f;

/// The modes the discipline runs in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Modes {
    /// The backend's kind.
    pub(crate) kind: Kind,
    /// Raw mode (`rawon`): no editing, echo or signal characters.
    pub(crate) raw: bool,
    /// Echo typed characters (`echoon`); off for passwords.
    pub(crate) echo: bool,
}

impl Modes {
    /// Canonical mode with echo on: a fresh terminal.
    pub(crate) fn new(kind: Kind) -> Modes {
        Modes {
            kind,
            raw: false,
            echo: true,
        }
    }
}

/// What a chunk of input produced, in order of effect.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Effects {
    /// Input made readable: each record is what one canonical read returns at most (a line,
    /// or the text before a ^D); an empty record is an end of file.
    pub(crate) records: Vec<Vec<u8>>,
    /// Bytes to show on the terminal.
    pub(crate) echo: Vec<u8>,
    /// Signals for the foreground process group.
    pub(crate) signals: Vec<TtySignal>,
}

/// The line being edited.
#[derive(Debug, Default)]
pub(crate) struct Ldisc {
    line: Vec<u8>,
}

impl Ldisc {
    /// Run `input` through the discipline in `modes`, adding to `fx`.
    pub(crate) fn feed(&mut self, modes: Modes, input: &[u8], fx: &mut Effects) {
        if modes.raw {
            self.flush(fx);
            fx.records.push(input.to_vec());
            return;
        }
        for &b in input {
            match modes.kind {
                Kind::Terminal => self.terminal(b, modes.echo, fx),
                Kind::Stream => self.stream(b, fx),
            }
        }
    }

    /// Make the line being edited readable as it is (raw mode switched on, end of a stream).
    pub(crate) fn flush(&mut self, fx: &mut Effects) {
        if !self.line.is_empty() {
            fx.records.push(std::mem::take(&mut self.line));
        }
    }

    /// Forget the line being edited.
    pub(crate) fn clear(&mut self) {
        self.line.clear();
    }

    /// One byte of canonical input from a person.
    fn terminal(&mut self, b: u8, echo: bool, fx: &mut Effects) {
        let shown = |fx: &mut Effects, text: &[u8]| {
            if echo {
                fx.echo.extend_from_slice(text);
            }
        };
        match b {
            b'\r' | b'\n' => {
                self.line.push(b'\n');
                fx.records.push(std::mem::take(&mut self.line));
                shown(fx, b"\r\n");
            }
            DEL | BS => {
                self.erase(echo, fx);
            }
            KILL => while self.erase(echo, fx) {},
            INTR => self.interrupt(TtySignal::Int, b"^C\r\n", echo, fx),
            QUIT => self.interrupt(TtySignal::Quit, b"^\\\r\n", echo, fx),
            SUSP => self.interrupt(TtySignal::Tstp, b"^Z\r\n", echo, fx),
            EOF => fx.records.push(std::mem::take(&mut self.line)),
            _ if self.line.len() >= LINE_MAX => {}
            _ => {
                self.line.push(b);
                if is_control(b) {
                    shown(fx, &[b'^', b ^ 0x40]);
                } else {
                    shown(fx, &[b]);
                }
            }
        }
    }

    /// A signal character: discard the line, echo its name, raise `sig`.
    fn interrupt(&mut self, sig: TtySignal, name: &[u8], echo: bool, fx: &mut Effects) {
        self.line.clear();
        fx.signals.push(sig);
        if echo {
            fx.echo.extend_from_slice(name);
        }
    }

    /// Remove the last character (a whole UTF-8 sequence) and rub it out on the display;
    /// `false` when the line was empty.
    fn erase(&mut self, echo: bool, fx: &mut Effects) -> bool {
        if self.line.is_empty() {
            return false;
        }
        let start = self
            .line
            .iter()
            .rposition(|&b| b & 0xc0 != 0x80)
            .unwrap_or(0);
        let width = if is_control(self.line[start]) { 2 } else { 1 };
        self.line.truncate(start);
        if echo {
            for _ in 0..width {
                fx.echo.extend_from_slice(b"\x08 \x08");
            }
        }
        true
    }

    /// One byte of canonical input from a stream: lines pass through untouched.
    fn stream(&mut self, b: u8, fx: &mut Effects) {
        self.line.push(b);
        if b == b'\n' || self.line.len() > LINE_MAX {
            fx.records.push(std::mem::take(&mut self.line));
        }
    }
}

/// Whether `b` is echoed as `^X` (ECHOCTL): a C0 control other than tab.
fn is_control(b: u8) -> bool {
    b < 0x20 && b != b'\t'
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(modes: Modes, input: &[u8]) -> (Effects, Ldisc) {
        let mut l = Ldisc::default();
        let mut fx = Effects::default();
        l.feed(modes, input, &mut fx);
        (fx, l)
    }

    fn term() -> Modes {
        Modes::new(Kind::Terminal)
    }

    #[test]
    fn carriage_return_ends_the_line_as_newline_and_echoes_crlf() {
        let (fx, _) = run(term(), b"ls\r");
        assert_eq!(fx.records, vec![b"ls\n".to_vec()]);
        assert_eq!(fx.echo, b"ls\r\n");
    }

    #[test]
    fn erase_removes_a_whole_utf8_character() {
        let (fx, _) = run(term(), "aé\x7f\r".as_bytes());
        assert_eq!(fx.records, vec![b"a\n".to_vec()]);
        assert_eq!(fx.echo, "aé\x08 \x08\r\n".as_bytes());
    }

    #[test]
    fn erase_on_an_empty_line_echoes_nothing() {
        let (fx, _) = run(term(), b"\x7f\x08");
        assert!(fx.records.is_empty());
        assert_eq!(fx.echo, b"");
    }

    #[test]
    fn control_characters_echo_as_caret_and_erase_two_columns() {
        let (fx, _) = run(term(), b"\x1b\x7f");
        assert_eq!(fx.echo, b"^[\x08 \x08\x08 \x08");
    }

    #[test]
    fn typing_past_line_max_is_ignored_until_newline() {
        let mut input = vec![b'x'; LINE_MAX + 10];
        input.push(b'\n');
        let (fx, _) = run(term(), &input);
        assert_eq!(fx.records.len(), 1);
        assert_eq!(fx.records[0].len(), LINE_MAX + 1);
    }

    #[test]
    fn raw_mode_passes_bytes_and_flushes_the_pending_line() {
        let mut l = Ldisc::default();
        let mut fx = Effects::default();
        l.feed(term(), b"ab", &mut fx);
        let raw = Modes {
            raw: true,
            ..term()
        };
        l.feed(raw, b"\x03\r", &mut fx);
        assert_eq!(fx.records, vec![b"ab".to_vec(), b"\x03\r".to_vec()]);
        assert!(fx.signals.is_empty());
    }

    #[test]
    fn stream_splits_lines_without_echo_or_editing() {
        let (fx, mut l) = run(Modes::new(Kind::Stream), b"a\x7fb\x03\nrest");
        assert_eq!(fx.records, vec![b"a\x7fb\x03\n".to_vec()]);
        assert!(fx.echo.is_empty() && fx.signals.is_empty());
        let mut fx = Effects::default();
        l.flush(&mut fx);
        assert_eq!(fx.records, vec![b"rest".to_vec()]);
    }
}
