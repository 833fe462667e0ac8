//! The boot configuration: users, passwords, ttys and mounts, as TOML.
//!
//! The embedded default is `src/default.toml`; `warren boot --config FILE` replaces it
//! whole. The format is documented in `docs/config.md`.

use serde::Deserialize;

/// The embedded default configuration.
pub const DEFAULT: &str = include_str!("default.toml");

/// A whole configuration file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Terminals that get a getty: `"console"` is `/dev/tty/0`.
    #[serde(default = "default_ttys")]
    pub ttys: Vec<String>,
    /// The accounts, in `/etc/passwd` order.
    #[serde(default)]
    pub users: Vec<UserConfig>,
    /// Remote 9P2000.L servers mounted into the root namespace at boot.
    #[serde(default)]
    pub mounts: Vec<MountConfig>,
    /// Host directories exported into the namespace (the `hostfs` fileserver).
    #[serde(default)]
    pub host_dirs: Vec<HostDirConfig>,
}

/// A host directory bound into the namespace, confined to itself.
#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct HostDirConfig {
    /// The directory on the host.
    pub host: String,
    /// Where in the namespace (created if missing).
    pub path: String,
    /// Refuse every change (`EROFS`).
    #[serde(default)]
    pub read_only: bool,
    /// Show every file as owned by this Warren uid (with `gid`); default: host ids as they are.
    pub uid: Option<u32>,
    /// The Warren gid files show with `uid`.
    pub gid: Option<u32>,
}

impl HostDirConfig {
    /// Parse the `--host-dir HOST:PATH[:ro]` flag.
    ///
    /// # Errors
    /// A message when the flag has no `:PATH` or an unknown suffix.
    pub fn parse_flag(flag: &str) -> Result<HostDirConfig, String> {
        let mut parts = flag.split(':');
        let (Some(host), Some(path)) = (parts.next(), parts.next()) else {
            return Err(format!("--host-dir {flag}: want HOST:PATH[:ro]"));
        };
        let read_only = match parts.next() {
            None => false,
            Some("ro") => true,
            Some(other) => return Err(format!("--host-dir {flag}: unknown option {other:?}")),
        };
        Ok(HostDirConfig {
            host: host.into(),
            path: path.into(),
            read_only,
            uid: None,
            gid: None,
        })
    }
}

/// One account: a line of `/etc/passwd`, `/etc/group` and `/etc/shadow`, and a home directory.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserConfig {
    /// Login name.
    pub name: String,
    /// User id.
    pub uid: u32,
    /// Primary group id; a group of the user's name with this gid is made.
    pub gid: u32,
    /// Home directory, created 0700 and owned by the user.
    pub home: String,
    /// Login shell (default `/bin/sh`).
    #[serde(default = "default_shell")]
    pub shell: String,
    /// Password in clear, hashed at boot (empty: none needed, console only).
    pub password: Option<String>,
    /// A ready argon2 PHC string, instead of `password`.
    pub hash: Option<String>,
    /// An access key for 9P attaches over TCP (hashed at boot into `/etc/keys`): the Linux
    /// client passes it as `aname=key=KEY`, Warren's `mount` as the aname `key=KEY`.
    pub key: Option<String>,
}

/// A mount of a remote server at boot.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MountConfig {
    /// Where in the namespace.
    pub path: String,
    /// The server's dial string (`tcp!host!port`, `unix!/path`).
    pub dial: String,
    /// `replace` (default), `before` or `after`.
    #[serde(default)]
    pub order: Order,
    /// Whether files created in the union go to this mount.
    #[serde(default)]
    pub create: bool,
}

/// Where a mount joins the directory it covers (Plan 9 `bind(2)`).
#[derive(Debug, Default, Deserialize, Clone, Copy)]
#[serde(rename_all = "lowercase")]
pub enum Order {
    /// The mount replaces the directory.
    #[default]
    Replace,
    /// The mount is searched first.
    Before,
    /// The mount is searched last.
    After,
}

fn default_ttys() -> Vec<String> {
    vec!["console".into()]
}

fn default_shell() -> String {
    "/bin/sh".into()
}

impl Config {
    /// Parse a configuration text.
    ///
    /// # Errors
    /// A message naming the line and the problem (TOML syntax, unknown key, a user with both
    /// `password` and `hash`).
    pub fn parse(text: &str) -> Result<Config, String> {
        let config: Config = toml::from_str(text).map_err(|e| e.to_string())?;
        if let Some(u) = config
            .users
            .iter()
            .find(|u| u.password.is_some() && u.hash.is_some())
        {
            return Err(format!(
                "user {}: give either password or hash, not both",
                u.name
            ));
        }
        Ok(config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_default_parses_with_root_agent_and_guest() {
        let c = Config::parse(DEFAULT).unwrap();
        let names: Vec<_> = c.users.iter().map(|u| u.name.as_str()).collect();
        assert_eq!(names, ["root", "agent", "guest"]);
        assert_eq!(c.ttys, ["console"]);
    }

    #[test]
    fn host_dir_flags_parse_with_and_without_ro() {
        let d = HostDirConfig::parse_flag("/srv:/n/srv:ro").unwrap();
        assert_eq!(
            (d.host.as_str(), d.path.as_str(), d.read_only),
            ("/srv", "/n/srv", true)
        );
        assert!(!HostDirConfig::parse_flag("/srv:/n/srv").unwrap().read_only);
        assert!(HostDirConfig::parse_flag("/srv").is_err());
        assert!(HostDirConfig::parse_flag("/srv:/n:rw").is_err());
    }

    #[test]
    fn unknown_keys_are_refused() {
        let e = Config::parse("ttys = []\nuser = 1\n").unwrap_err();
        assert!(e.contains("unknown field"), "{e}");
    }

    #[test]
    fn password_and_hash_together_are_refused() {
        let text = "[[users]]\nname='a'\nuid=1\ngid=1\nhome='/a'\npassword='x'\nhash='y'\n";
        assert!(Config::parse(text).unwrap_err().contains("either"));
    }
}
