//! A terminal's link to its backend: the input task (backend → line discipline) and the writer
//! task (output queue → backend).
//!
//! Both tasks hold the terminal weakly: a terminal nobody names any more is dropped, and
//! dropping its [`Link`] stops them (the input task is aborted, the writer task writes out what
//! is queued, shuts the output down and ends).

use std::sync::{Arc, Weak};

use bytes::Bytes;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::Notify;
use tokio::task::AbortHandle;

use super::Tty;
use crate::backend::{Backend, Input, Output};
use crate::output::OutQueue;

/// Bytes read from a backend at once.
const READ_CHUNK: usize = 4096;

/// One attachment of a backend to a terminal.
pub(super) struct Link {
    /// Which attachment this is: events from the tasks of an older one are ignored.
    pub(super) gen: u64,
    /// The backend's output queue.
    pub(super) out: Arc<OutQueue>,
    input_task: AbortHandle,
}

impl Link {
    /// Start the tasks of `backend` for terminal `tty`, attachment `gen`; `room` is the
    /// terminal's "input was taken" notification.
    pub(super) fn start(tty: Weak<Tty>, gen: u64, backend: Backend, room: Arc<Notify>) -> Link {
        let out = Arc::new(OutQueue::default());
        tokio::spawn(writer_task(tty.clone(), gen, out.clone(), backend.output));
        let input = tokio::spawn(input_task(tty, gen, backend.input, room, out.clone()));
        Link {
            gen,
            out,
            input_task: input.abort_handle(),
        }
    }
}

impl Drop for Link {
    fn drop(&mut self) {
        self.input_task.abort();
        self.out.close();
    }
}

/// Read the backend and feed the terminal until the input ends or the link is dropped.
async fn input_task(
    tty: Weak<Tty>,
    gen: u64,
    mut input: Input,
    room: Arc<Notify>,
    out: Arc<OutQueue>,
) {
    let mut buf = vec![0; READ_CHUNK];
    loop {
        if !wait_for_room(&tty, &room, &out).await {
            return;
        }
        let n = match input.read(&mut buf).await {
            Ok(n) if n > 0 => n,
            _ => break,
        };
        match tty.upgrade() {
            Some(t) if t.feed(gen, &buf[..n]) => {}
            _ => return,
        }
    }
    if let Some(t) = tty.upgrade() {
        t.input_ended(gen);
    }
}

/// Wait until the terminal has room for more input and the output queue for its echo;
/// `false` once the terminal is gone.
async fn wait_for_room(tty: &Weak<Tty>, room: &Notify, out: &OutQueue) -> bool {
    loop {
        let input_room = room.notified();
        let output_room = out.room.notified();
        tokio::pin!(input_room, output_room);
        input_room.as_mut().enable();
        output_room.as_mut().enable();
        match tty.upgrade() {
            None => return false,
            Some(t) if t.input_has_room() && out.has_room() => return true,
            Some(_) => {}
        }
        tokio::select! {
            _ = input_room => {}
            _ = output_room => {}
        }
    }
}

/// Write the output queue to the backend until the queue closes, counting what is written;
/// a failed write hangs the terminal up.
async fn writer_task(tty: Weak<Tty>, gen: u64, out: Arc<OutQueue>, mut output: Output) {
    let _ended = Ended(out.clone());
    while let Some(chunks) = out.pop_all().await {
        let n = chunks.iter().map(Bytes::len).sum();
        if write_out(&mut output, chunks).await.is_err() {
            out.close();
            if let Some(t) = tty.upgrade() {
                t.hangup(Some(gen));
            }
            return;
        }
        out.wrote(n);
    }
    let _ = output.shutdown().await;
}

/// Marks the output queue ended when the writer task ends, however it ends (returning, or
/// dropped with the runtime), so that nobody waits for output it will never write.
struct Ended(Arc<OutQueue>);

impl Drop for Ended {
    fn drop(&mut self) {
        self.0.ended();
    }
}

/// Write `chunks` in order and flush.
async fn write_out(output: &mut Output, chunks: Vec<Bytes>) -> std::io::Result<()> {
    for chunk in chunks {
        output.write_all(&chunk).await?;
    }
    output.flush().await
}
