//! Linux errno numbers, the one error currency of request failures.
//!
//! Every request failure travels as an `Rlerror { ecode }` carrying one of these numbers
//! (9P2000.L uses Linux's numbering). Transport failures (a malformed frame, a closed
//! connection) are not errnos: they end the connection (see [`crate::codec::DecodeError`]).

use std::fmt;

macro_rules! errnos {
    ($($(#[doc = $doc:literal])* $name:ident = $num:literal, $text:literal;)*) => {
        /// A Linux errno: the reason a request failed.
        ///
        /// `Display` gives the C library's message (`No such file or directory`), so a bin can
        /// print `cat: /x: No such file or directory` as a Unix would.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum Errno {
            $($(#[doc = $doc])* $name,)*
            /// Any other number received from a peer, kept as is.
            Other(u32),
        }

        impl Errno {
            /// The Linux errno number (what `Rlerror.ecode` carries).
            pub fn code(self) -> u32 {
                match self {
                    $(Errno::$name => $num,)*
                    Errno::Other(n) => n,
                }
            }

            /// The errno for a Linux number; unknown numbers become [`Errno::Other`].
            pub fn from_code(code: u32) -> Errno {
                match code {
                    $($num => Errno::$name,)*
                    n => Errno::Other(n),
                }
            }

            /// The C library's message for this errno (`strerror`).
            pub fn message(self) -> &'static str {
                match self {
                    $(Errno::$name => $text,)*
                    Errno::Other(_) => "Unknown error",
                }
            }
        }
    };
}

errnos! {
    /// Operation not permitted: a privileged call (setuid, chown) by a non-root caller.
    EPERM = 1, "Operation not permitted";
    /// No such file or directory: a walk or lookup found no entry of that name.
    ENOENT = 2, "No such file or directory";
    /// No such process: a pid, pgid or sid that names nothing.
    ESRCH = 3, "No such process";
    /// Interrupted system call: the call was cancelled by a signal or a Tflush.
    EINTR = 4, "Interrupted system call";
    /// Input/output error: the server or the connection behind a mount failed.
    EIO = 5, "Input/output error";
    /// Argument list too long: too many walk names, too many arguments.
    E2BIG = 7, "Argument list too long";
    /// Bad file descriptor: an fd or fid that is not open, or open in the wrong mode.
    EBADF = 9, "Bad file descriptor";
    /// No child processes: wait with no child to wait for.
    ECHILD = 10, "No child processes";
    /// Resource temporarily unavailable: a non-blocking operation would block.
    EAGAIN = 11, "Resource temporarily unavailable";
    /// Cannot allocate memory: a request larger than the server accepts.
    ENOMEM = 12, "Cannot allocate memory";
    /// Permission denied: mode bits forbid the access, or an attach without credentials.
    EACCES = 13, "Permission denied";
    /// Device or resource busy: unmounting or removing something in use.
    EBUSY = 16, "Device or resource busy";
    /// File exists: create or mkdir of a name already present.
    EEXIST = 17, "File exists";
    /// Invalid cross-device link: rename or link across fileservers.
    EXDEV = 18, "Invalid cross-device link";
    /// Not a directory: walk through, readdir or create in a non-directory.
    ENOTDIR = 20, "Not a directory";
    /// Is a directory: read, write or truncate of a directory as a file.
    EISDIR = 21, "Is a directory";
    /// Invalid argument: a malformed name, flag, offset or configuration line.
    EINVAL = 22, "Invalid argument";
    /// Too many open files: an fd table or fid table is full.
    EMFILE = 24, "Too many open files";
    /// Inappropriate ioctl for device: a terminal operation on a non-terminal.
    ENOTTY = 25, "Inappropriate ioctl for device";
    /// File too large: a write or truncate past the largest offset the server keeps.
    EFBIG = 27, "File too large";
    /// No space left on device: the server's storage limit is reached.
    ENOSPC = 28, "No space left on device";
    /// Illegal seek: a seek on a pipe.
    ESPIPE = 29, "Illegal seek";
    /// Read-only file system: a mutation on a server that refuses them.
    EROFS = 30, "Read-only file system";
    /// Too many links: hard link count limit.
    EMLINK = 31, "Too many links";
    /// Broken pipe: a write to a pipe with no reader.
    EPIPE = 32, "Broken pipe";
    /// Numerical result out of range.
    ERANGE = 34, "Numerical result out of range";
    /// File name too long: a path element over 255 bytes.
    ENAMETOOLONG = 36, "File name too long";
    /// Function not implemented: a request the server does not serve.
    ENOSYS = 38, "Function not implemented";
    /// Directory not empty: remove or rename over a directory that has entries.
    ENOTEMPTY = 39, "Directory not empty";
    /// Too many levels of symbolic links.
    ELOOP = 40, "Too many levels of symbolic links";
    /// No data available: an extended attribute that does not exist.
    ENODATA = 61, "No data available";
    /// Protocol error: a reply that does not match the request.
    EPROTO = 71, "Protocol error";
    /// Operation not supported: a request kind the server refuses, such as xattrs.
    EOPNOTSUPP = 95, "Operation not supported";
    /// Connection reset by peer.
    ECONNRESET = 104, "Connection reset by peer";
    /// Connection timed out: a request's deadline passed.
    ETIMEDOUT = 110, "Connection timed out";
    /// Connection refused.
    ECONNREFUSED = 111, "Connection refused";
}

impl fmt::Display for Errno {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Errno::Other(n) => write!(f, "Unknown error {n}"),
            e => f.write_str(e.message()),
        }
    }
}

impl std::error::Error for Errno {}

impl From<std::io::Error> for Errno {
    /// Host I/O errors keep their OS errno when they have one, else become `EIO`.
    fn from(e: std::io::Error) -> Errno {
        match e.raw_os_error() {
            Some(n) if n > 0 => Errno::from_code(n as u32),
            _ => match e.kind() {
                std::io::ErrorKind::NotFound => Errno::ENOENT,
                std::io::ErrorKind::PermissionDenied => Errno::EACCES,
                std::io::ErrorKind::ConnectionRefused => Errno::ECONNREFUSED,
                std::io::ErrorKind::TimedOut => Errno::ETIMEDOUT,
                std::io::ErrorKind::BrokenPipe => Errno::EPIPE,
                _ => Errno::EIO,
            },
        }
    }
}

/// The result of a request: a value or an errno.
pub type Result<T, E = Errno> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_unknown_codes_are_kept() {
        for e in [
            Errno::ENOENT,
            Errno::EACCES,
            Errno::ENOTEMPTY,
            Errno::Other(4000),
        ] {
            assert_eq!(Errno::from_code(e.code()), e);
        }
        assert_eq!(Errno::ENOENT.code(), 2);
        assert_eq!(Errno::ENOENT.to_string(), "No such file or directory");
    }
}
