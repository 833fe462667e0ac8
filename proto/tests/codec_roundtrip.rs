//! Every Tmsg and Rmsg variant survives encode then decode unchanged (property tests).

use bytes::{Bytes, BytesMut};
use proptest::prelude::*;
use warren_proto::attr::{Attr, DirEntry, GetLock, Lock, SetAttr, StatFs};
use warren_proto::codec::{decode_rmsg, decode_tmsg, encode_rmsg, encode_tmsg};
use warren_proto::msg::{Rmsg, Tag, Tmsg, MAXWELEM};
use warren_proto::qid::{Qid, QidType};

fn name() -> impl Strategy<Value = String> {
    ".{0,12}"
}

fn data() -> impl Strategy<Value = Bytes> {
    prop::collection::vec(any::<u8>(), 0..64).prop_map(Bytes::from)
}

fn qid() -> impl Strategy<Value = Qid> {
    (any::<u8>(), any::<u32>(), any::<u64>()).prop_map(|(t, version, path)| Qid {
        ty: QidType(t),
        version,
        path,
    })
}

fn attr() -> impl Strategy<Value = Attr> {
    (any::<u64>(), qid(), any::<[u32; 3]>(), any::<[u64; 15]>()).prop_map(|(valid, qid, m, t)| {
        Attr {
            valid,
            qid,
            mode: m[0],
            uid: m[1],
            gid: m[2],
            nlink: t[0],
            rdev: t[1],
            size: t[2],
            blksize: t[3],
            blocks: t[4],
            atime_sec: t[5],
            atime_nsec: t[6],
            mtime_sec: t[7],
            mtime_nsec: t[8],
            ctime_sec: t[9],
            ctime_nsec: t[10],
            btime_sec: t[11],
            btime_nsec: t[12],
            gen: t[13],
            data_version: t[14],
        }
    })
}

fn setattr() -> impl Strategy<Value = SetAttr> {
    (any::<[u32; 4]>(), any::<[u64; 5]>()).prop_map(|(a, b)| SetAttr {
        valid: a[0],
        mode: a[1],
        uid: a[2],
        gid: a[3],
        size: b[0],
        atime_sec: b[1],
        atime_nsec: b[2],
        mtime_sec: b[3],
        mtime_nsec: b[4],
    })
}

fn statfs() -> impl Strategy<Value = StatFs> {
    (any::<[u32; 3]>(), any::<[u64; 6]>()).prop_map(|(a, b)| StatFs {
        ty: a[0],
        bsize: a[1],
        blocks: b[0],
        bfree: b[1],
        bavail: b[2],
        files: b[3],
        ffree: b[4],
        fsid: b[5],
        namelen: a[2],
    })
}

fn lock() -> impl Strategy<Value = Lock> {
    (
        any::<u8>(),
        any::<u32>(),
        any::<u64>(),
        any::<u64>(),
        any::<u32>(),
        name(),
    )
        .prop_map(|(ty, flags, start, length, proc_id, client_id)| Lock {
            ty,
            flags,
            start,
            length,
            proc_id,
            client_id,
        })
}

fn getlock() -> impl Strategy<Value = GetLock> {
    (
        any::<u8>(),
        any::<u64>(),
        any::<u64>(),
        any::<u32>(),
        name(),
    )
        .prop_map(|(ty, start, length, proc_id, client_id)| GetLock {
            ty,
            start,
            length,
            proc_id,
            client_id,
        })
}

fn dirent() -> impl Strategy<Value = DirEntry> {
    (qid(), any::<u64>(), any::<u8>(), name()).prop_map(|(qid, offset, ty, name)| DirEntry {
        qid,
        offset,
        ty,
        name,
    })
}

fn tmsg() -> impl Strategy<Value = Tmsg> {
    let u = any::<u32>;
    prop_oneof![
        (u(), name()).prop_map(|(msize, version)| Tmsg::Version { msize, version }),
        (u(), name(), name(), u()).prop_map(|(afid, uname, aname, n_uname)| Tmsg::Auth {
            afid,
            uname,
            aname,
            n_uname
        }),
        (u(), u(), name(), name(), u()).prop_map(|(fid, afid, uname, aname, n_uname)| {
            Tmsg::Attach {
                fid,
                afid,
                uname,
                aname,
                n_uname,
            }
        }),
        any::<u16>().prop_map(|t| Tmsg::Flush { oldtag: Tag(t) }),
        (u(), u(), prop::collection::vec(name(), 0..=MAXWELEM)).prop_map(
            |(fid, newfid, wnames)| Tmsg::Walk {
                fid,
                newfid,
                wnames
            }
        ),
        (u(), u()).prop_map(|(fid, flags)| Tmsg::Lopen { fid, flags }),
        (u(), name(), u(), u(), u()).prop_map(|(fid, name, flags, mode, gid)| Tmsg::Lcreate {
            fid,
            name,
            flags,
            mode,
            gid
        }),
        (u(), any::<u64>(), u()).prop_map(|(fid, offset, count)| Tmsg::Read { fid, offset, count }),
        (u(), any::<u64>(), data()).prop_map(|(fid, offset, data)| Tmsg::Write {
            fid,
            offset,
            data
        }),
        u().prop_map(|fid| Tmsg::Clunk { fid }),
        u().prop_map(|fid| Tmsg::Remove { fid }),
        (u(), any::<u64>()).prop_map(|(fid, request_mask)| Tmsg::Getattr { fid, request_mask }),
        (u(), setattr()).prop_map(|(fid, attr)| Tmsg::Setattr { fid, attr }),
        (u(), any::<u64>(), u()).prop_map(|(fid, offset, count)| Tmsg::Readdir {
            fid,
            offset,
            count
        }),
        (u(), name(), u(), u()).prop_map(|(dfid, name, mode, gid)| Tmsg::Mkdir {
            dfid,
            name,
            mode,
            gid
        }),
        (u(), name(), u()).prop_map(|(dirfd, name, flags)| Tmsg::Unlinkat { dirfd, name, flags }),
        (u(), name(), u(), name()).prop_map(|(olddirfid, oldname, newdirfid, newname)| {
            Tmsg::Renameat {
                olddirfid,
                oldname,
                newdirfid,
                newname,
            }
        }),
        (u(), u(), name()).prop_map(|(fid, dfid, name)| Tmsg::Rename { fid, dfid, name }),
        (u(), name(), name(), u()).prop_map(|(fid, name, symtgt, gid)| Tmsg::Symlink {
            fid,
            name,
            symtgt,
            gid
        }),
        u().prop_map(|fid| Tmsg::Readlink { fid }),
        (u(), u(), name()).prop_map(|(dfid, fid, name)| Tmsg::Link { dfid, fid, name }),
        (u(), name(), u(), u(), u(), u()).prop_map(|(dfid, name, mode, major, minor, gid)| {
            Tmsg::Mknod {
                dfid,
                name,
                mode,
                major,
                minor,
                gid,
            }
        }),
        u().prop_map(|fid| Tmsg::Statfs { fid }),
        (u(), u()).prop_map(|(fid, datasync)| Tmsg::Fsync { fid, datasync }),
        (u(), lock()).prop_map(|(fid, lock)| Tmsg::Lock { fid, lock }),
        (u(), getlock()).prop_map(|(fid, lock)| Tmsg::Getlock { fid, lock }),
        (u(), u(), name()).prop_map(|(fid, newfid, name)| Tmsg::Xattrwalk { fid, newfid, name }),
        (u(), name(), any::<u64>(), u()).prop_map(|(fid, name, attr_size, flags)| {
            Tmsg::Xattrcreate {
                fid,
                name,
                attr_size,
                flags,
            }
        }),
    ]
}

fn rmsg() -> impl Strategy<Value = Rmsg> {
    let u = any::<u32>;
    prop_oneof![
        u().prop_map(|ecode| Rmsg::Lerror { ecode }),
        (u(), name()).prop_map(|(msize, version)| Rmsg::Version { msize, version }),
        qid().prop_map(|aqid| Rmsg::Auth { aqid }),
        qid().prop_map(|qid| Rmsg::Attach { qid }),
        Just(Rmsg::Flush),
        prop::collection::vec(qid(), 0..=MAXWELEM).prop_map(|wqids| Rmsg::Walk { wqids }),
        (qid(), u()).prop_map(|(qid, iounit)| Rmsg::Lopen { qid, iounit }),
        (qid(), u()).prop_map(|(qid, iounit)| Rmsg::Lcreate { qid, iounit }),
        data().prop_map(|data| Rmsg::Read { data }),
        u().prop_map(|count| Rmsg::Write { count }),
        Just(Rmsg::Clunk),
        Just(Rmsg::Remove),
        attr().prop_map(|attr| Rmsg::Getattr { attr }),
        Just(Rmsg::Setattr),
        prop::collection::vec(dirent(), 0..8).prop_map(|entries| Rmsg::Readdir { entries }),
        qid().prop_map(|qid| Rmsg::Mkdir { qid }),
        Just(Rmsg::Unlinkat),
        Just(Rmsg::Renameat),
        Just(Rmsg::Rename),
        qid().prop_map(|qid| Rmsg::Symlink { qid }),
        name().prop_map(|target| Rmsg::Readlink { target }),
        Just(Rmsg::Link),
        qid().prop_map(|qid| Rmsg::Mknod { qid }),
        statfs().prop_map(|statfs| Rmsg::Statfs { statfs }),
        Just(Rmsg::Fsync),
        any::<u8>().prop_map(|status| Rmsg::Lock { status }),
        getlock().prop_map(|lock| Rmsg::Getlock { lock }),
        any::<u64>().prop_map(|size| Rmsg::Xattrwalk { size }),
        Just(Rmsg::Xattrcreate),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn every_tmsg_decodes_to_what_was_encoded(tag in any::<u16>(), msg in tmsg()) {
        let mut out = BytesMut::new();
        encode_tmsg(Tag(tag), &msg, &mut out);
        prop_assert_eq!(u32::from_le_bytes([out[0], out[1], out[2], out[3]]) as usize, out.len());
        prop_assert_eq!(decode_tmsg(&out.freeze()), Ok((Tag(tag), msg)));
    }

    #[test]
    fn every_rmsg_decodes_to_what_was_encoded(tag in any::<u16>(), msg in rmsg()) {
        let mut out = BytesMut::new();
        encode_rmsg(Tag(tag), &msg, &mut out);
        prop_assert_eq!(u32::from_le_bytes([out[0], out[1], out[2], out[3]]) as usize, out.len());
        prop_assert_eq!(decode_rmsg(&out.freeze()), Ok((Tag(tag), msg)));
    }

    #[test]
    fn a_frame_appended_after_another_leaves_the_first_intact(a in tmsg(), b in tmsg()) {
        let mut out = BytesMut::new();
        encode_tmsg(Tag(1), &a, &mut out);
        let first = out.len();
        encode_tmsg(Tag(2), &b, &mut out);
        let all = out.freeze();
        prop_assert_eq!(decode_tmsg(&all.slice(..first)), Ok((Tag(1), a)));
        prop_assert_eq!(decode_tmsg(&all.slice(first..)), Ok((Tag(2), b)));
    }
}
