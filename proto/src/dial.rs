//! Dial strings and listeners: where a 9P server is reached (Plan 9 dial(2) style).
//!
//! A dial string is `tcp!HOST!PORT` (HOST an IP address, a host name such as `localhost`,
//! or `*` for every IPv4 interface, `0.0.0.0`) or `unix!/path/to/socket`. [`connect`] opens
//! a stream to one (TCP_NODELAY on, since 9P is small request/reply traffic);
//! [`Listener`] accepts connections on one and serves a [`FileServer`] on each.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::{TcpListener, TcpStream, UnixListener, UnixStream};
use tracing::{debug, warn, Instrument};

use crate::errno::{Errno, Result};
use crate::fs::FileServer;
use crate::server::{serve_connection, Peer, ServeOptions};

/// Pause after a failed accept (out of file descriptors, say) before trying again.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(50);

/// A parsed dial string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Dial {
    /// `tcp!host!port`; `*` is already turned into `0.0.0.0`.
    Tcp {
        /// An IP address or a host name.
        host: String,
        /// The TCP port; 0 asks a listener for any free port.
        port: u16,
    },
    /// `unix!path`: a unix-domain stream socket.
    Unix(PathBuf),
}

impl fmt::Display for Dial {
    /// The dial string: `tcp!host!port` or `unix!path`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Dial::Tcp { host, port } => write!(f, "tcp!{host}!{port}"),
            Dial::Unix(path) => write!(f, "unix!{}", path.display()),
        }
    }
}

/// Parse a dial string.
///
/// # Errors
/// `EINVAL` for an unknown network, a missing or empty host or path, or a port that is not
/// a number from 0 to 65535.
pub fn parse(dial: &str) -> Result<Dial> {
    match dial.split_once('!') {
        Some(("tcp", rest)) => {
            let (host, port) = rest.split_once('!').ok_or(Errno::EINVAL)?;
            if host.is_empty() || port.contains('!') {
                return Err(Errno::EINVAL);
            }
            let port = port.parse::<u16>().map_err(|_| Errno::EINVAL)?;
            let host = if host == "*" { "0.0.0.0" } else { host };
            Ok(Dial::Tcp {
                host: host.to_string(),
                port,
            })
        }
        Some(("unix", path)) if !path.is_empty() => Ok(Dial::Unix(PathBuf::from(path))),
        _ => Err(Errno::EINVAL),
    }
}

/// A byte stream a 9P connection runs over (TCP, unix socket, in-memory pipe).
pub trait Stream: AsyncRead + AsyncWrite + Send + Unpin {}

impl<T: AsyncRead + AsyncWrite + Send + Unpin + ?Sized> Stream for T {}

/// Connect to the server at `dial`.
///
/// # Errors
/// `InvalidInput` for a bad dial string; the connect error (`ConnectionRefused`,
/// `NotFound` for a missing socket file, ...).
pub async fn connect(dial: &str) -> io::Result<Box<dyn Stream>> {
    match parse_io(dial)? {
        Dial::Tcp { host, port } => {
            let s = TcpStream::connect((host.as_str(), port)).await?;
            s.set_nodelay(true)?;
            Ok(Box::new(s))
        }
        Dial::Unix(path) => Ok(Box::new(UnixStream::connect(path).await?)),
    }
}

/// A bound listening socket that serves 9P on every connection it accepts.
pub struct Listener {
    inner: Inner,
}

enum Inner {
    Tcp(TcpListener),
    /// The socket file is removed when the listener is dropped.
    Unix(UnixListener, PathBuf),
}

impl Listener {
    /// Listen at `dial`. A TCP port of 0 picks a free port ([`Listener::dial_string`] tells
    /// which). A unix socket file left by a server that is gone is replaced.
    ///
    /// # Errors
    /// `InvalidInput` for a bad dial string; `AddrInUse` when the address is taken (for a
    /// unix socket: a live server answers on it); other bind errors.
    pub async fn bind(dial: &str) -> io::Result<Listener> {
        let inner = match parse_io(dial)? {
            Dial::Tcp { host, port } => Inner::Tcp(TcpListener::bind((host.as_str(), port)).await?),
            Dial::Unix(path) => {
                remove_stale_socket(&path).await?;
                Inner::Unix(UnixListener::bind(&path)?, path)
            }
        };
        Ok(Listener { inner })
    }

    /// The dial string clients reach this listener at, with the actual port for TCP
    /// (`tcp!127.0.0.1!40123`) or the socket path (`unix!/tmp/w.sock`).
    pub fn dial_string(&self) -> String {
        match &self.inner {
            Inner::Tcp(l) => match l.local_addr() {
                Ok(a) => Dial::Tcp {
                    host: a.ip().to_string(),
                    port: a.port(),
                }
                .to_string(),
                Err(_) => "tcp!?!0".to_string(),
            },
            Inner::Unix(_, path) => Dial::Unix(path.clone()).to_string(),
        }
    }

    /// Accept connections until the listening socket fails, serving `fs` on each in its own
    /// task ([`serve_connection`], with the TCP peer's address or the socket's path as the
    /// [`Peer`] that `opts.trust` judges). A broken connection ends only itself; connections
    /// already accepted keep running when this future is dropped. Accept failures that
    /// concern one connection or a passing shortage (`EMFILE`, `ENFILE`, `ENOBUFS`, `ENOMEM`)
    /// are logged and retried after a short pause.
    ///
    /// # Errors
    /// Any other accept error (the listening socket itself failed).
    pub async fn serve(self, fs: Arc<dyn FileServer>, opts: Arc<ServeOptions>) -> io::Result<()> {
        loop {
            let (stream, peer) = match self.accept_peer().await {
                Ok(accepted) => accepted,
                Err(e) if transient(&e) => {
                    warn!(%e, listener = %self.dial_string(), "9P accept failed");
                    tokio::time::sleep(ACCEPT_BACKOFF).await;
                    continue;
                }
                Err(e) => return Err(e),
            };
            let span = tracing::debug_span!("9p", %peer);
            let conn = serve_connection(fs.clone(), stream, peer, opts.clone());
            tokio::spawn(
                async move {
                    if let Err(e) = conn.await {
                        debug!(%e, "9P connection ended with an error");
                    }
                }
                .instrument(span),
            );
        }
    }

    /// The next connection (TCP_NODELAY on) and a name for its peer (`127.0.0.1:40123`, or
    /// the socket path), for listeners that do something other than serve 9P (remote ttys).
    ///
    /// # Errors
    /// The accept error; [`transient`] tells whether trying again makes sense.
    pub async fn accept(&self) -> io::Result<(Box<dyn Stream>, String)> {
        match &self.inner {
            Inner::Tcp(l) => {
                let (s, addr) = l.accept().await?;
                s.set_nodelay(true)?;
                Ok((Box::new(s), addr.to_string()))
            }
            Inner::Unix(l, path) => {
                let (s, _) = l.accept().await?;
                Ok((Box::new(s), path.display().to_string()))
            }
        }
    }

    /// The next connection (TCP_NODELAY on) and its [`Peer`], for [`Listener::serve`].
    ///
    /// # Errors
    /// The accept error.
    async fn accept_peer(&self) -> io::Result<(Box<dyn Stream>, Peer)> {
        match &self.inner {
            Inner::Tcp(l) => {
                let (s, addr) = l.accept().await?;
                s.set_nodelay(true)?;
                Ok((Box::new(s), Peer::Tcp(addr)))
            }
            Inner::Unix(l, path) => {
                let (s, _) = l.accept().await?;
                Ok((Box::new(s), Peer::Unix(path.clone())))
            }
        }
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        if let Inner::Unix(_, path) = &self.inner {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// Whether an accept error concerns one connection or a passing shortage of resources
/// (`ECONNABORTED`, `ECONNRESET`, `EINTR`, `EMFILE`, `ENFILE`, `ENOBUFS`, `ENOMEM`): the
/// listening socket is fine and the next accept may succeed.
pub fn transient(e: &io::Error) -> bool {
    const EMFILE: i32 = 24;
    const ENFILE: i32 = 23;
    const ENOBUFS: i32 = 105;
    const ENOMEM: i32 = 12;
    matches!(
        e.kind(),
        io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
            | io::ErrorKind::Interrupted
    ) || matches!(e.raw_os_error(), Some(EMFILE | ENFILE | ENOBUFS | ENOMEM))
}

/// [`parse`] for the I/O functions: `EINVAL` becomes `InvalidInput`.
fn parse_io(dial: &str) -> io::Result<Dial> {
    parse(dial).map_err(|_| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("bad dial string {dial:?}"),
        )
    })
}

/// Remove the socket file at `path` if no server answers on it any more.
///
/// # Errors
/// `AddrInUse` when a server still accepts connections there.
async fn remove_stale_socket(path: &Path) -> io::Result<()> {
    use std::os::unix::fs::FileTypeExt;
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return Ok(());
    };
    if !meta.file_type().is_socket() {
        return Ok(());
    }
    if UnixStream::connect(path).await.is_ok() {
        return Err(io::Error::new(
            io::ErrorKind::AddrInUse,
            format!("{} is in use", path.display()),
        ));
    }
    std::fs::remove_file(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tcp(host: &str, port: u16) -> Dial {
        Dial::Tcp {
            host: host.to_string(),
            port,
        }
    }

    #[test]
    fn good_dial_strings_parse() {
        assert_eq!(parse("tcp!127.0.0.1!564"), Ok(tcp("127.0.0.1", 564)));
        assert_eq!(parse("tcp!localhost!0"), Ok(tcp("localhost", 0)));
        assert_eq!(parse("tcp!*!5640"), Ok(tcp("0.0.0.0", 5640)));
        assert_eq!(parse("tcp!::1!80"), Ok(tcp("::1", 80)));
        assert_eq!(
            parse("unix!/tmp/w.sock"),
            Ok(Dial::Unix(PathBuf::from("/tmp/w.sock")))
        );
    }

    #[test]
    fn bad_dial_strings_are_einval() {
        for bad in [
            "",
            "tcp",
            "tcp!",
            "tcp!host",
            "tcp!!564",
            "tcp!host!",
            "tcp!host!65536",
            "tcp!host!-1",
            "tcp!host!5!6",
            "tcp!host!http",
            "unix!",
            "unix",
            "udp!h!5",
            "/tmp/w.sock",
        ] {
            assert_eq!(parse(bad), Err(Errno::EINVAL), "{bad:?}");
        }
    }

    #[test]
    fn dial_strings_print_back() {
        for s in ["tcp!10.0.0.1!564", "unix!/run/w.sock"] {
            assert_eq!(parse(s).map(|d| d.to_string()), Ok(s.to_string()));
        }
    }
}
