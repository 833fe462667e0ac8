//! `/dev/tty/new`: each read announces one terminal added since the fid was opened.
//!
//! Every opened fid of `new` keeps a cursor, the lowest terminal number it has not announced;
//! it starts at the number the next terminal gets. A read returns `N\n` for the lowest
//! existing terminal at or above the cursor and moves the cursor past it, or waits until a
//! terminal is added. Numbers are never reused, so no terminal added after the open is missed
//! between reads; one that came and went before the read is skipped (it needs no getty).
//! Source: the brief of issue 4, point 8 (init starts a getty per announced terminal).

use bytes::Bytes;
use warren_proto::{Errno, Fid, Result};

use crate::fs::TtyFs;

impl TtyFs {
    /// Read `new` on `fid`: the next terminal's number as `N\n`. Waits unless `nonblock`.
    /// Cancel-safe: the cursor moves only in the poll that returns.
    ///
    /// # Errors
    /// `EAGAIN` (`nonblock` and nothing to announce), `EINVAL` (`count` shorter than the
    /// announcement; the cursor stays), `EBADF` (`fid` is not an opened fid).
    pub(crate) async fn read_new(&self, fid: Fid, count: u32, nonblock: bool) -> Result<Bytes> {
        loop {
            let added = self.added.notified();
            tokio::pin!(added);
            added.as_mut().enable();
            if let Some(text) = self.take_new(fid, count)? {
                return Ok(Bytes::from(text));
            }
            if nonblock {
                return Err(Errno::EAGAIN);
            }
            added.await;
        }
    }

    /// The announcement for `fid`'s cursor, moving the cursor past it; `None` when no
    /// terminal at or above the cursor exists.
    ///
    /// # Errors
    /// `EINVAL`, `EBADF` as [`TtyFs::read_new`].
    fn take_new(&self, fid: Fid, count: u32) -> Result<Option<String>> {
        let mut fids = self.fids();
        let open = fids.get_mut(&fid).and_then(|st| st.open.as_mut());
        let open = open.ok_or(Errno::EBADF)?;
        let table = self.table();
        let Some(n) = table.first_from(open.cursor) else {
            open.cursor = open.cursor.max(table.next());
            return Ok(None);
        };
        let text = format!("{n}\n");
        if text.len() > count as usize {
            return Err(Errno::EINVAL);
        }
        open.cursor = n.saturating_add(1);
        Ok(Some(text))
    }
}
