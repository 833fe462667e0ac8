//! The search over files, stdin and directory trees, with grep's output forms.

use std::future::Future;
use std::pin::Pin;

use regex::bytes::Regex;
use warren_kernel::{ExitStatus, Fd, ProcContext};

use crate::util::{close_input, complain, join, open_input, LineReader, Opts};

/// Linux `d_type` of a directory and a symlink.
const DT_DIR: u8 = 4;
const DT_LNK: u8 = 10;

/// One grep run: the pattern, what to print, and what was found so far.
pub(super) struct Search<'a> {
    ctx: &'a ProcContext,
    re: Regex,
    invert: bool,
    number: bool,
    count: bool,
    list: bool,
    quiet: bool,
    silent: bool,
    names: bool,
    matched: bool,
    errored: bool,
}

impl<'a> Search<'a> {
    /// A search for `re` with the output options of `opts`; `names` prefixes file names.
    pub(super) fn new(ctx: &'a ProcContext, re: Regex, opts: &Opts, names: bool) -> Search<'a> {
        Search {
            ctx,
            re,
            invert: opts.has('v'),
            number: opts.has('n'),
            count: opts.has('c'),
            list: opts.has('l'),
            quiet: opts.has('q'),
            silent: opts.has('s'),
            names,
            matched: false,
            errored: false,
        }
    }

    /// The exit status so far: 0 selected, 2 error (unless `-q` matched), else 1.
    pub(super) fn status(&self) -> ExitStatus {
        match (self.matched, self.errored) {
            (true, _) if self.quiet => ExitStatus(0),
            (_, true) => ExitStatus(2),
            (true, false) => ExitStatus(0),
            (false, false) => ExitStatus(1),
        }
    }

    /// Search one operand (a directory is walked when `recursive`); true when the search
    /// can stop (`-q` found a match).
    pub(super) async fn run_operand(&mut self, operand: &str, recursive: bool) -> bool {
        if recursive && operand != "-" {
            match self.ctx.stat(operand).await {
                Ok(a) if a.qid.is_dir() || a.mode & 0o170000 == 0o040000 => {
                    return self.walk(operand.to_string()).await;
                }
                Ok(_) => {}
                Err(e) => {
                    self.error(operand, e).await;
                    return false;
                }
            }
        }
        self.file(operand).await
    }

    fn walk(&mut self, dir: String) -> Pin<Box<dyn Future<Output = bool> + Send + '_>> {
        Box::pin(async move {
            let mut entries = match self.ctx.readdir(&dir).await {
                Ok(e) => e,
                Err(e) => {
                    self.error(&dir, e).await;
                    return false;
                }
            };
            entries.sort_by(|a, b| a.name.cmp(&b.name));
            for entry in entries {
                let path = join(&dir, &entry.name);
                let stop = match entry.ty {
                    DT_DIR => self.walk(path).await,
                    DT_LNK => false,
                    _ => self.file(&path).await,
                };
                if stop {
                    return true;
                }
            }
            false
        })
    }

    async fn error(&mut self, name: &str, e: warren_proto::Errno) {
        self.errored = true;
        if !self.silent {
            complain(self.ctx, "grep", name, e).await;
        }
    }

    /// Search the lines of one file (`-` is stdin); true when the search can stop.
    async fn file(&mut self, name: &str) -> bool {
        let fd = match open_input(self.ctx, name).await {
            Ok(fd) => fd,
            Err(e) => {
                self.error(name, e).await;
                return false;
            }
        };
        let label = if name == "-" {
            "(standard input)"
        } else {
            name
        };
        let stop = self.lines(fd, label).await;
        close_input(self.ctx, fd).await;
        stop
    }

    async fn lines(&mut self, fd: Fd, label: &str) -> bool {
        let mut reader = LineReader::new(fd);
        let (mut selected, mut number) = (0u64, 0u64);
        loop {
            let line = match reader.next_line(self.ctx).await {
                Ok(Some(line)) => line,
                Ok(None) => break,
                Err(e) => {
                    self.error(label, e).await;
                    break;
                }
            };
            number += 1;
            let text = line.strip_suffix(b"\n").unwrap_or(&line);
            if self.re.is_match(text) == self.invert {
                continue;
            }
            selected += 1;
            self.matched = true;
            if self.quiet {
                return true;
            }
            if self.list {
                break;
            }
            if !self.count {
                self.print_line(label, number, text).await;
            }
        }
        if self.list && selected > 0 {
            self.print(format!("{label}\n").into_bytes()).await;
        } else if self.count && !self.list {
            let prefix = if self.names {
                format!("{label}:")
            } else {
                String::new()
            };
            self.print(format!("{prefix}{selected}\n").into_bytes())
                .await;
        }
        false
    }

    async fn print_line(&self, label: &str, number: u64, text: &[u8]) {
        let mut out = Vec::with_capacity(text.len() + label.len() + 8);
        if self.names {
            out.extend_from_slice(label.as_bytes());
            out.push(b':');
        }
        if self.number {
            out.extend_from_slice(format!("{number}:").as_bytes());
        }
        out.extend_from_slice(text);
        out.push(b'\n');
        self.print(out).await;
    }

    async fn print(&self, bytes: Vec<u8>) {
        let _ = self.ctx.write_all(Fd::STDOUT, bytes).await;
    }
}
