//! One client connection's shared state: the tag table, requests in flight, and what happens
//! to a request whose caller stopped waiting (Tflush, orphaned fids).
//!
//! Locks: `state` then `fids`, never the other way; neither is held across an await.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use bytes::{Bytes, BytesMut};
use tokio::sync::{mpsc, oneshot, OwnedSemaphorePermit, Semaphore};

use super::fids::FidTable;
use crate::codec::encode_tmsg;
use crate::errno::{Errno, Result};
use crate::fs::Fid;
use crate::msg::{Rmsg, Tag, Tmsg};

/// What a request does to the fid table, settled when its outcome is known.
pub(super) enum Effect {
    /// Nothing.
    None,
    /// The request (Tattach, Tauth, Twalk, Txattrwalk) creates wire fid `wire` for caller
    /// fid `fid`; for a walk, only if all `nwname` names were walked.
    Creates {
        fid: Fid,
        wire: u32,
        nwname: Option<usize>,
    },
    /// The request (Tclunk, Tremove) frees wire fid `wire` once answered.
    Releases(u32),
}

/// A reply and the effect of its request, sent to the waiting caller.
pub(super) type Delivery = (Rmsg, Effect);

/// A tag in use.
enum Slot {
    /// A caller waits for the reply.
    Waiting {
        tx: oneshot::Sender<Delivery>,
        effect: Effect,
        _permit: OwnedSemaphorePermit,
    },
    /// The caller stopped waiting; `flushing` when a Tflush for this tag is out.
    Abandoned {
        effect: Effect,
        flushing: bool,
        _permit: OwnedSemaphorePermit,
    },
    /// An abandoned request was answered; the tag stays reserved until its Rflush.
    Answered,
    /// A Tflush of `oldtag`.
    Flush { oldtag: u16 },
    /// A Tclunk the client sent on its own to free an orphaned fid.
    Cleanup { wire: u32 },
}

#[derive(Default)]
struct State {
    pending: HashMap<u16, Slot>,
    free_tags: Vec<u16>,
    next_tag: u16,
    closed: bool,
}

impl State {
    /// A tag not in use (`NOTAG` excluded).
    fn alloc_tag(&mut self) -> Option<u16> {
        if let Some(t) = self.free_tags.pop() {
            return Some(t);
        }
        if self.next_tag == Tag::NOTAG.0 {
            return None;
        }
        self.next_tag += 1;
        Some(self.next_tag - 1)
    }

    fn free_tag(&mut self, tag: u16) {
        self.free_tags.push(tag);
    }
}

/// The shared half of a connection: used by callers, the reader task and the writer.
pub(super) struct Conn {
    state: Mutex<State>,
    fids: Mutex<FidTable>,
    out: mpsc::UnboundedSender<Bytes>,
    /// Bounds requests in flight; closed when the connection dies.
    pub(super) permits: Arc<Semaphore>,
}

/// Lock `m`, tolerating a poisoned lock (the state is kept consistent at every step).
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Conn {
    /// A connection whose frames go to `out`, with at most `max_in_flight` requests.
    pub(super) fn new(out: mpsc::UnboundedSender<Bytes>, max_in_flight: usize) -> Conn {
        Conn {
            state: Mutex::default(),
            fids: Mutex::default(),
            out,
            permits: Arc::new(Semaphore::new(max_in_flight)),
        }
    }

    /// The fid table (lock briefly; never while taking `state`).
    pub(super) fn fids(&self) -> MutexGuard<'_, FidTable> {
        lock(&self.fids)
    }

    /// Register a request awaiting its reply on `tx`; returns its tag.
    ///
    /// # Errors
    /// `EIO` when the connection is closed, `EAGAIN` when no tag is free; either way the
    /// effect is settled as failed.
    pub(super) fn register(
        &self,
        tx: oneshot::Sender<Delivery>,
        effect: Effect,
        permit: OwnedSemaphorePermit,
    ) -> Result<u16> {
        let mut st = lock(&self.state);
        let tag = match (st.closed, st.alloc_tag()) {
            (false, Some(tag)) => tag,
            (closed, _) => {
                drop(st);
                self.settle(effect, None);
                return Err(if closed { Errno::EIO } else { Errno::EAGAIN });
            }
        };
        st.pending.insert(
            tag,
            Slot::Waiting {
                tx,
                effect,
                _permit: permit,
            },
        );
        Ok(tag)
    }

    /// Queue a frame for the writer.
    ///
    /// # Errors
    /// `EIO` when the writer has stopped.
    pub(super) fn send(&self, frame: Bytes) -> Result<()> {
        self.out.send(frame).map_err(|_| Errno::EIO)
    }

    /// Apply `effect` for a caller that saw `reply` (`None`: the request never got one).
    pub(super) fn settle(&self, effect: Effect, reply: Option<&Rmsg>) {
        let mut fids = self.fids();
        match effect {
            Effect::None => {}
            Effect::Creates { fid, wire, nwname } if reply.is_some_and(|r| created(r, nwname)) => {
                fids.bind(fid, wire)
            }
            Effect::Creates { wire, .. } | Effect::Releases(wire) => fids.release(wire),
        }
    }

    /// Route a reply to whatever waits on `tag`. Replies to unknown tags are dropped.
    pub(super) fn dispatch(&self, tag: u16, reply: Rmsg) {
        let mut st = lock(&self.state);
        match st.pending.remove(&tag) {
            Some(Slot::Waiting {
                tx,
                effect,
                _permit,
            }) => {
                st.free_tag(tag);
                if let Err((reply, effect)) = tx.send((reply, effect)) {
                    self.orphan(&mut st, effect, Some(&reply));
                }
            }
            Some(Slot::Abandoned {
                effect,
                flushing,
                _permit,
            }) => {
                if flushing {
                    st.pending.insert(tag, Slot::Answered);
                } else {
                    st.free_tag(tag);
                }
                self.orphan(&mut st, effect, Some(&reply));
            }
            Some(Slot::Flush { oldtag }) => {
                st.free_tag(tag);
                match st.pending.remove(&oldtag) {
                    Some(Slot::Abandoned { effect, .. }) => {
                        st.free_tag(oldtag);
                        self.orphan(&mut st, effect, None);
                    }
                    Some(Slot::Answered) => st.free_tag(oldtag),
                    Some(other) => {
                        st.pending.insert(oldtag, other);
                    }
                    None => {}
                }
            }
            Some(Slot::Cleanup { wire }) => {
                st.free_tag(tag);
                self.fids().release(wire);
            }
            Some(Slot::Answered) => {
                st.pending.insert(tag, Slot::Answered);
                tracing::warn!(tag, "9P client: second reply to an answered tag");
            }
            None => tracing::warn!(tag, "9P client: reply to a tag not in flight"),
        }
    }

    /// The caller of `tag` stopped waiting (dropped, timed out): flush the request, or, for
    /// a clunk or remove, just let its reply free the fid. A reply already delivered to
    /// `rx` but not read is handled here.
    pub(super) fn abandon(&self, tag: u16, mut rx: oneshot::Receiver<Delivery>) {
        let mut st = lock(&self.state);
        match st.pending.remove(&tag) {
            Some(Slot::Waiting {
                effect, _permit, ..
            }) => {
                let flushing = !matches!(effect, Effect::Releases(_)) && self.flush(&mut st, tag);
                st.pending.insert(
                    tag,
                    Slot::Abandoned {
                        effect,
                        flushing,
                        _permit,
                    },
                );
            }
            Some(other) => {
                st.pending.insert(tag, other);
            }
            None => {
                if let Ok((reply, effect)) = rx.try_recv() {
                    self.orphan(&mut st, effect, Some(&reply));
                }
            }
        }
    }

    /// Send Tflush(oldtag); false when no tag is free or the writer is gone.
    fn flush(&self, st: &mut State, oldtag: u16) -> bool {
        let Some(tag) = st.alloc_tag() else {
            return false;
        };
        let mut frame = BytesMut::new();
        encode_tmsg(
            Tag(tag),
            &Tmsg::Flush {
                oldtag: Tag(oldtag),
            },
            &mut frame,
        );
        if self.send(frame.freeze()).is_err() {
            st.free_tag(tag);
            return false;
        }
        st.pending.insert(tag, Slot::Flush { oldtag });
        true
    }

    /// Apply `effect` for a request nobody waits for: a fid the server created is clunked
    /// by the client itself; one it did not create is freed.
    fn orphan(&self, st: &mut State, effect: Effect, reply: Option<&Rmsg>) {
        match effect {
            Effect::Creates { wire, nwname, .. } if reply.is_some_and(|r| created(r, nwname)) => {
                self.cleanup(st, wire)
            }
            other => self.settle(other, None),
        }
    }

    /// Send Tclunk(wire) on the client's own behalf; the wire number is freed on its reply.
    fn cleanup(&self, st: &mut State, wire: u32) {
        let Some(tag) = st.alloc_tag() else { return };
        let mut frame = BytesMut::new();
        encode_tmsg(Tag(tag), &Tmsg::Clunk { fid: wire }, &mut frame);
        if self.send(frame.freeze()).is_ok() {
            st.pending.insert(tag, Slot::Cleanup { wire });
        } else {
            st.free_tag(tag);
        }
    }

    /// The connection is gone: every waiting caller and every later request gets `EIO`.
    pub(super) fn fail_all(&self) {
        let mut st = lock(&self.state);
        st.closed = true;
        st.pending.clear();
        self.permits.close();
    }
}

/// Whether `reply` means the server created the request's new fid: an `Rattach`, an
/// `Rauth`, an `Rxattrwalk`, or an `Rwalk` of all `nwname` names.
fn created(reply: &Rmsg, nwname: Option<usize>) -> bool {
    match reply {
        Rmsg::Walk { wqids } => nwname == Some(wqids.len()),
        Rmsg::Attach { .. } | Rmsg::Auth { .. } | Rmsg::Xattrwalk { .. } => true,
        _ => false,
    }
}
