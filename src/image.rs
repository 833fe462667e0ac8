//! The embedded default image: which fileservers are mounted where, which bins are registered,
//! and the files a fresh system starts with.
//!
//! | path | what |
//! | --- | --- |
//! | `/` | ramfs (`#ramfs`), with `/bin /dev /etc /home /n /tmp` |
//! | `/bin/*` | one bin image per bin of `warren-bins` |
//! | `/dev` | the console (`#cons`: `cons`, `stderr`) unioned before ramfs's `/dev` |
//! | `/etc/motd` | a greeting |

use std::sync::Arc;

use warren_cons::ConsFs;
use warren_kernel::{Builder, MountFlags, Unix};
use warren_pipe::PipeFs;
use warren_ramfs::RamFs;

/// The message of the day, shipped as `/etc/motd`.
pub const MOTD: &str = "Welcome to Warren.\n";

/// The default image around `console`: a builder the caller finishes with `.init(...)`.
pub fn default_image(console: ConsFs) -> Builder {
    let mut b = Unix::builder()
        .mount("/", "#ramfs", Arc::new(RamFs::new()), MountFlags::REPLACE)
        .dir("/bin", 0o755)
        .dir("/dev", 0o755)
        .dir("/etc", 0o755)
        .dir("/home", 0o755)
        .dir("/n", 0o755)
        .dir("/tmp", 0o1777)
        .file("/etc/motd", MOTD.as_bytes(), 0o644)
        .mount("/dev", "#cons", Arc::new(console), MountFlags::BEFORE)
        .pipe_server(Arc::new(PipeFs::new()))
        .env("PATH", "/bin")
        .env("HOME", "/");
    for (name, bin) in warren_bins::all() {
        b = b.bin(name, bin);
    }
    b
}
