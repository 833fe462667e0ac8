//! [`KvFs`]: the server value, its constructors and a snapshot of its keys.

use std::collections::BTreeMap;
use std::sync::{Mutex, MutexGuard};

use warren_proto::{Errno, Result};

use crate::node::{Body, Dir, Node, MAX_VALUE};
use crate::store::{Store, ROOT};

/// A key-value store served as a 9P2000.L [`FileServer`](warren_proto::FileServer): each
/// file is a key and its contents the value; directories group keys (`users/alice`).
///
/// Concurrency: one lock guards the whole store and is never held across an await (no call
/// awaits), so requests are atomic with respect to each other.
pub struct KvFs {
    store: Mutex<Store>,
}

impl Default for KvFs {
    fn default() -> KvFs {
        KvFs::new()
    }
}

impl KvFs {
    /// An empty store: a root directory (mode `0o755`, owned by uid 0, gid 0).
    pub fn new() -> KvFs {
        KvFs {
            store: Mutex::new(Store::new()),
        }
    }

    /// A store holding `pairs`: each key is a slash-separated path (`"users/alice"`) whose
    /// directories are made as needed (mode `0o755`), each value a file (mode `0o644`), all
    /// owned by uid 0, gid 0.
    ///
    /// # Errors
    /// `EINVAL` (a key with an empty, `.` or `..` element, or a NUL), `ENAMETOOLONG` (an
    /// element over 255 bytes), `EFBIG` (a value over [`MAX_VALUE`]), `EEXIST` (a key given
    /// twice), `ENOTDIR` (a key below another key's value).
    pub fn from_pairs<K, V>(pairs: impl IntoIterator<Item = (K, V)>) -> Result<KvFs>
    where
        K: AsRef<str>,
        V: AsRef<[u8]>,
    {
        let mut st = Store::new();
        for (key, value) in pairs {
            let (key, value) = (key.as_ref(), value.as_ref());
            if value.len() as u64 > MAX_VALUE {
                return Err(Errno::EFBIG);
            }
            let mut names: Vec<&str> = key.split('/').collect();
            let file = names.pop().unwrap_or_default();
            let mut dir = ROOT;
            for name in names {
                check_name(name)?;
                dir = match st.lookup(dir, name) {
                    Err(Errno::ENOENT) => {
                        st.add(dir, name, Node::new(Body::Dir(Dir::default()), 0o755, 0, 0))?
                    }
                    other => other?,
                };
            }
            check_name(file)?;
            st.add(
                dir,
                file,
                Node::new(Body::Value(value.to_vec()), 0o644, 0, 0),
            )?;
        }
        Ok(KvFs {
            store: Mutex::new(st),
        })
    }

    /// Every key and its value, keys as slash-separated paths from the root
    /// (`"users/alice"`); directories and symlinks are not listed.
    pub fn snapshot(&self) -> BTreeMap<String, Vec<u8>> {
        let st = self.lock();
        let mut out = BTreeMap::new();
        let mut todo = vec![(ROOT, String::new())];
        while let Some((dir, prefix)) = todo.pop() {
            let Ok(d) = st.dir(dir) else { continue };
            for (_, name, ino) in d.after(0) {
                let key = format!("{prefix}{name}");
                match st.node(ino).map(|n| &n.body) {
                    Ok(Body::Value(v)) => drop(out.insert(key, v.clone())),
                    Ok(Body::Dir(_)) => todo.push((ino, key + "/")),
                    _ => {}
                }
            }
        }
        out
    }

    /// The store, locked. A poisoned lock is used as is: no operation panics part-way
    /// through a change.
    pub(crate) fn lock(&self) -> MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Check one element of a key given to [`KvFs::from_pairs`] (requests arrive with names the
/// framework already checked).
///
/// # Errors
/// `EINVAL` (empty, `.`, `..`, or a NUL), `ENAMETOOLONG` (over 255 bytes).
fn check_name(name: &str) -> Result<()> {
    if name.len() > 255 {
        return Err(Errno::ENAMETOOLONG);
    }
    if name.is_empty() || name == "." || name == ".." || name.contains('\0') {
        return Err(Errno::EINVAL);
    }
    Ok(())
}
