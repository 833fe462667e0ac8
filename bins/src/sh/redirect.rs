//! Redirections (`<`, `>`, `>>`, `<>`, `N>&M`, `N>&-`, `&>`, here-documents and
//! here-strings) as a map from logical to real fds.
//!
//! The shell never rearranges its own fd table: a redirection opens the file (getting some
//! free real fd) and records "logical fd N is real fd R" in an [`FdMap`] for the duration of
//! the command. Builtins write through the map; children get exactly the mapped fds 0, 1, 2
//! (and any other redirected ones) as their fd table (`Share::Fresh` + `fd_map`), so pipe
//! ends and files the shell holds never leak into them.

use std::collections::BTreeMap;

use brush_parser::ast::{IoFileRedirectKind, IoFileRedirectTarget, IoRedirect};
use warren_kernel::{Fd, Pid};
use warren_proto::attr::oflags;

use super::jobs::Job;
use super::shell::Shell;

/// Logical fd → real fd (`None`: closed). Fds not in the map are themselves.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct FdMap(BTreeMap<u32, Option<Fd>>);

impl FdMap {
    /// The real fd logical fd `n` refers to, `None` if it was closed with `N>&-`.
    pub(crate) fn resolve(&self, n: u32) -> Option<Fd> {
        self.0.get(&n).copied().unwrap_or(Some(Fd(n)))
    }

    /// Point logical fd `n` at `to`.
    pub(crate) fn set(&mut self, n: u32, to: Option<Fd>) {
        self.0.insert(n, to);
    }

    /// The map a child started with [`FdMap::spawn_map`] begins with: its fds are
    /// themselves, except that fds closed here are closed there too.
    pub(crate) fn child_view(&self) -> FdMap {
        FdMap(
            self.0
                .iter()
                .filter(|(_, to)| to.is_none())
                .map(|(k, v)| (*k, *v))
                .collect(),
        )
    }

    /// The child's fd table: `(child fd, parent fd)` for 0, 1, 2 and every redirected fd.
    pub(crate) fn spawn_map(&self) -> Vec<(Fd, Fd)> {
        let mut fds: Vec<u32> = vec![0, 1, 2];
        fds.extend(self.0.keys().filter(|k| **k > 2));
        fds.into_iter()
            .filter_map(|n| self.resolve(n).map(|r| (Fd(n), r)))
            .collect()
    }
}

/// What leaving a redirection scope must undo: the previous map, the fds opened for it, and
/// the helper processes feeding here-documents.
pub(crate) struct Scope {
    saved: FdMap,
    opened: Vec<Fd>,
    helpers: Vec<Pid>,
}

impl Shell {
    /// Apply `redirs` in order for the command about to run.
    ///
    /// # Errors
    /// After printing `sh: PATH: strerror`, status 1 (everything opened is closed again).
    pub(crate) async fn push_redirects(&mut self, redirs: &[&IoRedirect]) -> Result<Scope, u8> {
        let mut scope = Scope {
            saved: self.fds.clone(),
            opened: Vec::new(),
            helpers: Vec::new(),
        };
        for r in redirs {
            if let Err(message) = self.redirect_one(r, &mut scope).await {
                self.err(&message).await;
                self.pop_redirects(scope).await;
                return Err(1);
            }
        }
        Ok(scope)
    }

    /// Undo a [`Shell::push_redirects`]: restore the map, close the opened fds, reap helpers.
    pub(crate) async fn pop_redirects(&mut self, scope: Scope) {
        self.fds = scope.saved;
        for fd in scope.opened {
            let _ = self.ctx.close(fd).await;
        }
        for pid in scope.helpers {
            self.wait_status(pid).await;
        }
    }

    async fn redirect_one(&mut self, r: &IoRedirect, scope: &mut Scope) -> Result<(), String> {
        match r {
            IoRedirect::File(fd, kind, target) => {
                self.redirect_file(*fd, kind, target, scope).await
            }
            IoRedirect::OutputAndError(word, append) => {
                let path = self.expand_one(&word.value).await?;
                let fd = self
                    .open_target(
                        &path,
                        if *append {
                            &IoFileRedirectKind::Append
                        } else {
                            &IoFileRedirectKind::Write
                        },
                    )
                    .await?;
                scope.opened.push(fd);
                self.fds.set(1, Some(fd));
                self.fds.set(2, Some(fd));
                Ok(())
            }
            IoRedirect::HereDocument(fd, doc) => {
                let mut body = if doc.requires_expansion {
                    self.expand_heredoc(&doc.doc.value).await?
                } else {
                    doc.doc.value.clone()
                };
                if doc.remove_tabs {
                    body = body
                        .lines()
                        .map(|l| format!("{}\n", l.trim_start_matches('\t')))
                        .collect();
                }
                self.feed(fd_number(*fd, 0)?, body.into_bytes(), scope)
                    .await
            }
            IoRedirect::HereString(fd, word) => {
                let text = self.expand_one(&word.value).await? + "\n";
                self.feed(fd_number(*fd, 0)?, text.into_bytes(), scope)
                    .await
            }
        }
    }

    async fn redirect_file(
        &mut self,
        fd: Option<i32>,
        kind: &IoFileRedirectKind,
        target: &IoFileRedirectTarget,
        scope: &mut Scope,
    ) -> Result<(), String> {
        use IoFileRedirectKind as K;
        let default = if matches!(kind, K::Read | K::ReadAndWrite | K::DuplicateInput) {
            0
        } else {
            1
        };
        let n = fd_number(fd, default)?;
        let source = match target {
            IoFileRedirectTarget::Fd(m) => self.dup_source(&m.to_string())?,
            IoFileRedirectTarget::Duplicate(word) => {
                let text = self.expand_one(&word.value).await?;
                self.dup_source(&text)?
            }
            IoFileRedirectTarget::Filename(word) => {
                let path = self.expand_one(&word.value).await?;
                let opened = self.open_target(&path, kind).await?;
                scope.opened.push(opened);
                Some(opened)
            }
            IoFileRedirectTarget::ProcessSubstitution(..) => {
                return Err("process substitution is not supported".into());
            }
        };
        self.fds.set(n, source);
        Ok(())
    }

    /// The source of `N>&WORD`: `-` closes, a number duplicates that logical fd.
    fn dup_source(&self, word: &str) -> Result<Option<Fd>, String> {
        if word == "-" {
            return Ok(None);
        }
        let m: u32 = word
            .parse()
            .map_err(|_| format!("{word}: ambiguous redirect"))?;
        match self.fds.resolve(m) {
            Some(fd) => Ok(Some(fd)),
            None => Err(format!("{m}: Bad file descriptor")),
        }
    }

    async fn open_target(&self, path: &str, kind: &IoFileRedirectKind) -> Result<Fd, String> {
        use IoFileRedirectKind as K;
        let flags = match kind {
            K::Read | K::DuplicateInput => oflags::O_RDONLY,
            K::ReadAndWrite => oflags::O_RDWR | oflags::O_CREAT,
            K::Append => oflags::O_WRONLY | oflags::O_CREAT | oflags::O_APPEND,
            K::Write | K::Clobber | K::DuplicateOutput => {
                oflags::O_WRONLY | oflags::O_CREAT | oflags::O_TRUNC
            }
        };
        self.ctx
            .open(path, flags, 0o666)
            .await
            .map_err(|e| format!("{path}: {e}"))
    }

    /// Make logical fd `n` read `data`: a pipe whose writer is a helper process, so a body
    /// larger than the pipe's buffer cannot block the shell.
    async fn feed(&mut self, n: u32, data: Vec<u8>, scope: &mut Scope) -> Result<(), String> {
        let (r, w) = self.ctx.pipe().await.map_err(|e| format!("pipe: {e}"))?;
        let mut map = FdMap::default();
        map.set(1, Some(w));
        map.set(2, self.fds.resolve(2));
        let helper = self.fork(&map, Job::Write(data)).await;
        let _ = self.ctx.close(w).await;
        scope.opened.push(r);
        match helper {
            Ok(pid) => scope.helpers.push(pid),
            Err(_) => return Err("cannot start here-document writer".into()),
        }
        self.fds.set(n, Some(r));
        Ok(())
    }
}

fn fd_number(fd: Option<i32>, default: u32) -> Result<u32, String> {
    match fd {
        None => Ok(default),
        Some(n) => u32::try_from(n).map_err(|_| format!("{n}: Bad file descriptor")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fd_map_resolves_redirections_and_builds_the_child_table() {
        let mut m = FdMap::default();
        assert_eq!(m.resolve(1), Some(Fd(1)));
        m.set(1, Some(Fd(5)));
        m.set(2, m.resolve(1));
        m.set(0, None);
        m.set(4, Some(Fd(7)));
        assert_eq!(
            m.spawn_map(),
            vec![(Fd(1), Fd(5)), (Fd(2), Fd(5)), (Fd(4), Fd(7))]
        );
    }
}
