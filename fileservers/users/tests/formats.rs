//! The line formats and hashes, as bins use them: round trips, rejections, verification.

use proptest::prelude::*;
use warren_proto::{Errno, Gid, Uid};
use warren_users::*;

/// A syntactically valid argon2id PHC string (not the hash of anything in particular).
const PHC: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

fn name() -> impl Strategy<Value = String> {
    "[a-z_][a-z0-9_.-]{0,31}"
}

fn text() -> impl Strategy<Value = String> {
    "[ -9;-~]{0,20}"
}

fn user() -> impl Strategy<Value = User> {
    (
        name(),
        any::<u32>(),
        any::<u32>(),
        text(),
        "/[ -9;-~]{0,20}",
        text(),
    )
        .prop_map(|(name, uid, gid, gecos, home, shell)| User {
            name,
            uid: Uid(uid),
            gid: Gid(gid),
            gecos,
            home,
            shell,
        })
}

fn shadow() -> impl Strategy<Value = Shadow> {
    let days = proptest::option::of(any::<u32>());
    let hash = prop_oneof![
        Just(String::new()),
        Just("*".into()),
        Just(PHC.into()),
        Just(format!("!{PHC}"))
    ];
    (
        name(),
        hash,
        [
            days.clone(),
            days.clone(),
            days.clone(),
            days.clone(),
            days.clone(),
            days,
        ],
    )
        .prop_map(
            |(name, hash, [lastchg, min, max, warn, inactive, expire])| Shadow {
                name,
                hash,
                lastchg,
                min,
                max,
                warn,
                inactive,
                expire,
                reserved: String::new(),
            },
        )
}

proptest! {
    #[test]
    fn passwd_round_trips(mut users in proptest::collection::vec(user(), 0..8)) {
        users.sort_by(|a, b| a.name.cmp(&b.name));
        users.dedup_by(|a, b| a.name == b.name || a.uid == b.uid);
        prop_assume!(users.iter().map(|u| u.uid).collect::<std::collections::HashSet<_>>().len() == users.len());
        prop_assert_eq!(parse_passwd(&format_passwd(&users)), Ok(users));
    }

    #[test]
    fn group_round_trips(names in proptest::collection::btree_set(name(), 0..6), members in proptest::collection::vec(name(), 0..4)) {
        let groups: Vec<Group> = names.into_iter().enumerate()
            .map(|(i, name)| Group { name, gid: Gid(i as u32), members: members.clone() })
            .collect();
        prop_assert_eq!(parse_group(&format_group(&groups)), Ok(groups));
    }

    #[test]
    fn shadow_round_trips(mut entries in proptest::collection::vec(shadow(), 0..6)) {
        entries.sort_by(|a, b| a.name.cmp(&b.name));
        entries.dedup_by(|a, b| a.name == b.name);
        prop_assert_eq!(parse_shadow(&format_shadow(&entries)), Ok(entries));
    }

    #[test]
    fn parsers_never_panic_on_any_text(text in "\\PC{0,200}") {
        let _ = (parse_passwd(&text), parse_group(&text), parse_shadow(&text));
    }
}

#[test]
fn passwd_line_parses_into_its_seven_fields() {
    let users = parse_passwd("alice:x:1000:100:Alice A:/home/alice:/bin/sh").unwrap();
    let alice = User {
        name: "alice".into(),
        uid: Uid(1000),
        gid: Gid(100),
        gecos: "Alice A".into(),
        home: "/home/alice".into(),
        shell: "/bin/sh".into(),
    };
    assert_eq!(users, [alice]);
}

#[test]
fn malformed_passwd_lines_are_einval() {
    for bad in [
        "alice:x:1000:100::/home/alice",                 // six fields
        "alice:x:1000:100::/home/alice:/bin/sh:",        // eight fields
        "alice:$argon2id:1000:100::/home/alice:/bin/sh", // a hash in passwd
        "alice:x:-1:100::/home/alice:/bin/sh",           // negative uid
        "alice:x:1000:g::/home/alice:/bin/sh",           // non-numeric gid
        "alice:x:1000:100::home:/bin/sh",                // relative home
        "-alice:x:1000:100::/home/alice:/bin/sh",        // bad name
        "root:x:0:0::/root:/bin/sh\n\n",                 // blank line
        "a:x:1:1::/:/bin/sh\na:x:2:2::/:/bin/sh\n",      // duplicate name
        "a:x:1:1::/:/bin/sh\nb:x:1:2::/:/bin/sh\n",      // duplicate uid
    ] {
        assert_eq!(parse_passwd(bad), Err(Errno::EINVAL), "{bad:?}");
    }
}

#[test]
fn malformed_group_and_shadow_lines_are_einval() {
    for bad in [
        "wheel:x:10",
        "wheel:x:10:al ice",
        "a:x:1:\na:x:2:\n",
        "a:x:1:\nb:x:1:\n",
    ] {
        assert_eq!(parse_group(bad), Err(Errno::EINVAL), "{bad:?}");
    }
    let eight_fields = format!("alice:*{}", ":".repeat(6));
    for bad in [
        eight_fields.as_str(),
        "alice:plain:::::::",
        "alice:$md5$x::::::::",
        "alice:::x::::::",
        "a::::::::\na::::::::\n",
    ] {
        assert_eq!(parse_shadow(bad), Err(Errno::EINVAL), "{bad:?}");
    }
}

#[test]
fn empty_tables_format_to_empty_text() {
    assert_eq!(parse_passwd(""), Ok(vec![]));
    assert_eq!(format_shadow(&[]), "");
}

#[test]
fn hashed_password_verifies_only_itself_and_locking_refuses_it() {
    let phc = hash_password("s3cret");
    assert!(phc.starts_with("$argon2id$v=19$"), "{phc}");
    assert_eq!(
        parse_shadow(&format!("alice:{phc}:::::::\n")).map(|s| s.len()),
        Ok(1)
    );
    assert!(verify_password(&phc, "s3cret"));
    assert!(!verify_password(&phc, "s3cret "));
    assert!(!verify_password(&format!("!{phc}"), "s3cret"));
}

#[test]
fn empty_hash_verifies_only_the_empty_password_and_locked_ones_nothing() {
    assert!(verify_password("", ""));
    assert!(!verify_password("", "x"));
    assert!(!verify_password("*", ""));
    assert!(!verify_password("!", ""));
    assert!(!verify_password("garbage", "garbage"));
    assert!(!verify_password(PHC, ""));
}
