//! Login shells: `sh -l`, or an `argv[0]` starting with `-` (`-sh`, as login(1) runs it),
//! reads `$HOME/.profile` before any command, when the file exists.
//!
//! Source: POSIX XCU `sh` (the `ENV` file is the interactive counterpart), bash's
//! `--login` and `~/.profile`.

use super::shell::{Exec, Shell};

impl Shell {
    /// Source `$HOME/.profile` if it exists (an `exit` in it ends the shell: `Err`). Its
    /// errors are reported as `.` reports them.
    pub(crate) async fn profile(&mut self) -> Exec {
        let Some(home) = self.var("HOME") else {
            return Ok(0);
        };
        let path = format!("{}/.profile", home.trim_end_matches('/'));
        if self.ctx.stat(&path).await.is_err() {
            return Ok(0);
        }
        self.source(&[path]).await
    }
}
