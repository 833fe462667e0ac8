//! Golden frames: bytes written out by hand from the 9P2000.L message layouts (Linux
//! `include/net/9p/9p.h`, `net/9p/protocol.c`), not produced by this crate's encoder. Each
//! must decode to its value and the value must encode to exactly these bytes.

use bytes::{Bytes, BytesMut};
use warren_proto::attr::{Attr, DirEntry};
use warren_proto::codec::{decode_rmsg, decode_tmsg, encode_rmsg, encode_tmsg};
use warren_proto::msg::{Rmsg, Tag, Tmsg, NOFID};
use warren_proto::qid::{Qid, QidType};

/// Bytes from whitespace-separated hex octets.
fn hex(s: &str) -> Bytes {
    s.split_whitespace()
        .map(|b| u8::from_str_radix(b, 16).expect("test fixture is hex"))
        .collect::<Vec<u8>>()
        .into()
}

fn check_t(frame: &str, tag: u16, msg: Tmsg) {
    let frame = hex(frame);
    assert_eq!(decode_tmsg(&frame), Ok((Tag(tag), msg.clone())));
    let mut out = BytesMut::new();
    encode_tmsg(Tag(tag), &msg, &mut out);
    assert_eq!(&out[..], &frame[..]);
}

fn check_r(frame: &str, tag: u16, msg: Rmsg) {
    let frame = hex(frame);
    assert_eq!(decode_rmsg(&frame), Ok((Tag(tag), msg.clone())));
    let mut out = BytesMut::new();
    encode_rmsg(Tag(tag), &msg, &mut out);
    assert_eq!(&out[..], &frame[..]);
}

const DIR1: Qid = Qid {
    ty: QidType::DIR,
    version: 0,
    path: 1,
};

#[test]
fn tversion_golden_bytes() {
    // size=21 type=100 tag=NOTAG msize=8192 version="9P2000.L"
    check_t(
        "15 00 00 00 64 ff ff 00 20 00 00 08 00 39 50 32 30 30 30 2e 4c",
        0xffff,
        Tmsg::Version {
            msize: 8192,
            version: "9P2000.L".into(),
        },
    );
}

#[test]
fn rversion_golden_bytes() {
    check_r(
        "15 00 00 00 65 ff ff 00 20 00 00 08 00 39 50 32 30 30 30 2e 4c",
        0xffff,
        Rmsg::Version {
            msize: 8192,
            version: "9P2000.L".into(),
        },
    );
}

#[test]
fn tattach_golden_bytes() {
    // fid=0 afid=NOFID uname="1000" aname="" n_uname=1000
    check_t(
        "1b 00 00 00 68 01 00 00 00 00 00 ff ff ff ff 04 00 31 30 30 30 00 00 e8 03 00 00",
        1,
        Tmsg::Attach {
            fid: 0,
            afid: NOFID,
            uname: "1000".into(),
            aname: String::new(),
            n_uname: 1000,
        },
    );
}

#[test]
fn twalk_golden_bytes() {
    // fid=1 newfid=2 nwname=2 "usr" "bin"
    check_t(
        "1b 00 00 00 6e 01 00 01 00 00 00 02 00 00 00 02 00 03 00 75 73 72 03 00 62 69 6e",
        1,
        Tmsg::Walk {
            fid: 1,
            newfid: 2,
            wnames: vec!["usr".into(), "bin".into()],
        },
    );
}

#[test]
fn rwalk_golden_bytes() {
    // nwqid=2, qid(dir,0,1), qid(file,1,2)
    check_r(
        "23 00 00 00 6f 01 00 02 00 \
         80 00 00 00 00 01 00 00 00 00 00 00 00 \
         00 01 00 00 00 02 00 00 00 00 00 00 00",
        1,
        Rmsg::Walk {
            wqids: vec![
                DIR1,
                Qid {
                    ty: QidType::FILE,
                    version: 1,
                    path: 2,
                },
            ],
        },
    );
}

#[test]
fn rlerror_golden_bytes() {
    // ecode=ENOENT(2)
    check_r(
        "0b 00 00 00 07 03 00 02 00 00 00",
        3,
        Rmsg::Lerror { ecode: 2 },
    );
}

#[test]
fn tlopen_golden_bytes() {
    // fid=2 flags=O_RDWR
    check_t(
        "0f 00 00 00 0c 04 00 02 00 00 00 02 00 00 00",
        4,
        Tmsg::Lopen { fid: 2, flags: 2 },
    );
}

#[test]
fn rgetattr_golden_bytes() {
    let frame = "a0 00 00 00 19 05 00 \
        ff 07 00 00 00 00 00 00 \
        00 01 00 00 00 02 00 00 00 00 00 00 00 \
        a4 81 00 00 e8 03 00 00 64 00 00 00 \
        01 00 00 00 00 00 00 00 \
        00 00 00 00 00 00 00 00 \
        05 00 00 00 00 00 00 00 \
        00 10 00 00 00 00 00 00 \
        01 00 00 00 00 00 00 00 \
        00 f1 53 65 00 00 00 00 00 00 00 00 00 00 00 00 \
        00 f1 53 65 00 00 00 00 00 00 00 00 00 00 00 00 \
        00 f1 53 65 00 00 00 00 00 00 00 00 00 00 00 00 \
        00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 \
        00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00";
    let attr = Attr {
        valid: 0x7ff,
        qid: Qid {
            ty: QidType::FILE,
            version: 1,
            path: 2,
        },
        mode: 0o100644,
        uid: 1000,
        gid: 100,
        nlink: 1,
        size: 5,
        blksize: 4096,
        blocks: 1,
        atime_sec: 1_700_000_000,
        mtime_sec: 1_700_000_000,
        ctime_sec: 1_700_000_000,
        ..Attr::default()
    };
    check_r(frame, 5, Rmsg::Getattr { attr });
}

#[test]
fn treaddir_golden_bytes() {
    // fid=3 offset=0 count=4096
    check_t(
        "17 00 00 00 28 06 00 03 00 00 00 00 00 00 00 00 00 00 00 00 10 00 00",
        6,
        Tmsg::Readdir {
            fid: 3,
            offset: 0,
            count: 4096,
        },
    );
}

#[test]
fn rreaddir_golden_bytes() {
    // count=50: {qid(dir,0,1) offset=1 DT_DIR "."} {qid(file,0,2) offset=2 DT_REG "a"}
    let frame = "3d 00 00 00 29 06 00 32 00 00 00 \
        80 00 00 00 00 01 00 00 00 00 00 00 00 01 00 00 00 00 00 00 00 04 01 00 2e \
        00 00 00 00 00 02 00 00 00 00 00 00 00 02 00 00 00 00 00 00 00 08 01 00 61";
    let entries = vec![
        DirEntry {
            qid: DIR1,
            offset: 1,
            ty: 4,
            name: ".".into(),
        },
        DirEntry {
            qid: Qid {
                ty: QidType::FILE,
                version: 0,
                path: 2,
            },
            offset: 2,
            ty: 8,
            name: "a".into(),
        },
    ];
    check_r(frame, 6, Rmsg::Readdir { entries });
}

#[test]
fn twrite_golden_bytes() {
    // fid=2 offset=16 count=5 "hello"
    check_t(
        "1c 00 00 00 76 07 00 02 00 00 00 10 00 00 00 00 00 00 00 05 00 00 00 68 65 6c 6c 6f",
        7,
        Tmsg::Write {
            fid: 2,
            offset: 16,
            data: Bytes::from_static(b"hello"),
        },
    );
}
