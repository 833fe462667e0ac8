//! Hostile frames: every structural lie is `Malformed`, unknown types and bad fields are
//! answerable errors carrying the tag, and nothing panics.

use bytes::{BufMut, Bytes, BytesMut};
use warren_proto::codec::{decode_rmsg, decode_tmsg, DecodeError};
use warren_proto::errno::Errno;
use warren_proto::msg::{mtype, Tag};

/// A frame with a correct size field around `ty`, `tag` and `body`.
fn frame(ty: u8, tag: u16, body: &[u8]) -> Bytes {
    let mut out = BytesMut::new();
    out.put_u32_le((7 + body.len()) as u32);
    out.put_u8(ty);
    out.put_u16_le(tag);
    out.put_slice(body);
    out.freeze()
}

fn malformed_t(f: &Bytes) -> bool {
    matches!(decode_tmsg(f), Err(DecodeError::Malformed(_)))
}

fn malformed_r(f: &Bytes) -> bool {
    matches!(decode_rmsg(f), Err(DecodeError::Malformed(_)))
}

/// `Tclunk` for fid 1 with tag 9: a sound frame to corrupt.
fn clunk() -> Bytes {
    frame(mtype::TCLUNK, 9, &[1, 0, 0, 0])
}

#[test]
fn size_field_larger_than_frame_is_malformed() {
    let mut f = BytesMut::from(&clunk()[..]);
    f[0] += 1;
    assert!(malformed_t(&f.freeze()));
}

#[test]
fn size_field_smaller_than_frame_is_malformed() {
    let mut f = BytesMut::from(&clunk()[..]);
    f[0] -= 1;
    assert!(malformed_t(&f.freeze()));
}

#[test]
fn frame_shorter_than_header_is_malformed() {
    for len in 0..7u8 {
        let mut f = vec![len, 0, 0, 0, mtype::TCLUNK, 0, 0];
        f.truncate(len as usize);
        assert!(malformed_t(&Bytes::from(f.clone())), "len {len}");
        assert!(malformed_r(&Bytes::from(f)), "len {len}");
    }
}

#[test]
fn size_field_below_header_size_is_malformed() {
    let f = Bytes::from_static(&[3, 0, 0, 0, mtype::TCLUNK, 0, 0]);
    assert!(malformed_t(&f));
}

#[test]
fn trailing_garbage_is_malformed() {
    assert!(malformed_t(&frame(mtype::TCLUNK, 9, &[1, 0, 0, 0, 0xee])));
    assert!(malformed_r(&frame(mtype::RCLUNK, 9, &[0])));
}

#[test]
fn truncated_field_is_malformed() {
    assert!(malformed_t(&frame(mtype::TCLUNK, 9, &[1, 0, 0])));
}

#[test]
fn string_length_past_the_frame_is_malformed() {
    // Tversion msize=8192, version length 0xffff with 3 bytes behind it.
    assert!(malformed_t(&frame(
        mtype::TVERSION,
        0xffff,
        &[0, 0x20, 0, 0, 0xff, 0xff, b'9', b'P', b'2']
    )));
}

#[test]
fn nwname_65535_without_names_is_malformed() {
    assert!(malformed_t(&frame(
        mtype::TWALK,
        1,
        &[1, 0, 0, 0, 2, 0, 0, 0, 0xff, 0xff]
    )));
}

#[test]
fn seventeen_walk_names_are_e2big_for_the_tag() {
    let mut body = vec![1, 0, 0, 0, 2, 0, 0, 0, 17, 0];
    for _ in 0..17 {
        body.extend_from_slice(&[1, 0, b'a']);
    }
    assert_eq!(
        decode_tmsg(&frame(mtype::TWALK, 4, &body)),
        Err(DecodeError::Invalid {
            tag: Tag(4),
            errno: Errno::E2BIG
        })
    );
}

#[test]
fn seventeen_walk_qids_are_eproto_for_the_tag() {
    let mut body = vec![17, 0];
    body.extend_from_slice(&[0u8; 13 * 17]);
    assert_eq!(
        decode_rmsg(&frame(mtype::RWALK, 4, &body)),
        Err(DecodeError::Invalid {
            tag: Tag(4),
            errno: Errno::EPROTO
        })
    );
}

#[test]
fn nwqid_past_the_frame_is_malformed() {
    assert!(malformed_r(&frame(mtype::RWALK, 1, &[0xff, 0xff, 0x80])));
}

#[test]
fn truncated_qid_is_malformed() {
    assert!(malformed_r(&frame(
        mtype::RATTACH,
        1,
        &[0x80, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0]
    )));
}

#[test]
fn rread_count_past_the_frame_is_malformed() {
    assert!(malformed_r(&frame(
        mtype::RREAD,
        1,
        &[0xff, 0xff, 0xff, 0xff, b'x']
    )));
}

#[test]
fn twrite_count_past_the_frame_is_malformed() {
    let body = [
        2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 6, 0, 0, 0, b'h', b'e', b'l', b'l', b'o',
    ];
    assert!(malformed_t(&frame(mtype::TWRITE, 1, &body)));
}

#[test]
fn rreaddir_count_past_the_frame_is_malformed() {
    assert!(malformed_r(&frame(mtype::RREADDIR, 1, &[0, 0, 0, 0x10])));
}

#[test]
fn rreaddir_entry_cut_by_its_count_is_malformed() {
    // count=20 but one entry needs 25 bytes; the remaining 5 sit after the count.
    let mut body = vec![20, 0, 0, 0];
    body.extend_from_slice(&[0u8; 13 + 8 + 1]);
    body.extend_from_slice(&[1, 0, b'a']);
    assert!(malformed_r(&frame(mtype::RREADDIR, 1, &body)));
}

#[test]
fn unknown_type_is_reported_with_its_tag() {
    assert_eq!(
        decode_tmsg(&frame(0xfe, 77, &[])),
        Err(DecodeError::UnknownType {
            tag: Tag(77),
            ty: 0xfe
        })
    );
}

#[test]
fn reply_type_sent_as_request_is_unknown() {
    assert_eq!(
        decode_tmsg(&frame(mtype::RCLUNK, 5, &[])),
        Err(DecodeError::UnknownType {
            tag: Tag(5),
            ty: mtype::RCLUNK
        })
    );
    assert_eq!(
        decode_rmsg(&frame(mtype::TCLUNK, 5, &[1, 0, 0, 0])),
        Err(DecodeError::UnknownType {
            tag: Tag(5),
            ty: mtype::TCLUNK
        })
    );
}

#[test]
fn non_utf8_name_is_einval_for_the_tag() {
    // Tmkdir dfid=1 name=[0xff 0xfe] mode=0o755 gid=0
    let body = [1, 0, 0, 0, 2, 0, 0xff, 0xfe, 0xed, 1, 0, 0, 0, 0, 0, 0];
    assert_eq!(
        decode_tmsg(&frame(mtype::TMKDIR, 12, &body)),
        Err(DecodeError::Invalid {
            tag: Tag(12),
            errno: Errno::EINVAL
        })
    );
}

#[test]
fn non_utf8_name_with_trailing_garbage_is_malformed() {
    let body = [1, 0, 0, 0, 2, 0, 0xff, 0xfe, 0xed, 1, 0, 0, 0, 0, 0, 0, 0];
    assert!(malformed_t(&frame(mtype::TMKDIR, 12, &body)));
}

#[test]
fn every_truncation_of_a_sound_frame_is_an_error() {
    let body = [
        2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, b'h', b'e', b'l', b'l', b'o',
    ];
    let whole = frame(mtype::TWRITE, 1, &body);
    for cut in 7..whole.len() {
        let mut f = BytesMut::from(&whole[..cut]);
        f[..4].copy_from_slice(&(cut as u32).to_le_bytes());
        assert!(malformed_t(&f.freeze()), "cut at {cut}");
    }
}
