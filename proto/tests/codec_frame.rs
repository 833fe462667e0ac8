//! `read_frame`: whole frames out of a byte stream, bounded by msize, clean EOF only at a
//! frame boundary.

use std::io::ErrorKind;

use warren_proto::frame::{read_frame, FrameError};

const CLUNK: [u8; 11] = [11, 0, 0, 0, 120, 9, 0, 1, 0, 0, 0];
const FLUSH: [u8; 9] = [9, 0, 0, 0, 108, 10, 0, 9, 0];

#[tokio::test]
async fn frames_come_out_whole_and_in_order_then_none() {
    let stream: Vec<u8> = CLUNK.iter().chain(FLUSH.iter()).copied().collect();
    let mut r = &stream[..];
    assert_eq!(
        read_frame(&mut r, 8192).await.unwrap().as_deref(),
        Some(&CLUNK[..])
    );
    assert_eq!(
        read_frame(&mut r, 8192).await.unwrap().as_deref(),
        Some(&FLUSH[..])
    );
    assert!(read_frame(&mut r, 8192).await.unwrap().is_none());
}

#[tokio::test]
async fn frame_split_across_writes_is_reassembled() {
    let (mut tx, mut rx) = tokio::io::duplex(64);
    let writer = tokio::spawn(async move {
        use tokio::io::AsyncWriteExt;
        for b in CLUNK {
            tx.write_all(&[b]).await.unwrap();
        }
    });
    assert_eq!(
        read_frame(&mut rx, 8192).await.unwrap().as_deref(),
        Some(&CLUNK[..])
    );
    writer.await.unwrap();
    assert!(read_frame(&mut rx, 8192).await.unwrap().is_none());
}

#[tokio::test]
async fn eof_inside_the_size_field_is_unexpected_eof() {
    let mut r = &CLUNK[..2];
    match read_frame(&mut r, 8192).await {
        Err(FrameError::Io(e)) => assert_eq!(e.kind(), ErrorKind::UnexpectedEof),
        other => panic!("expected UnexpectedEof, got {other:?}"),
    }
}

#[tokio::test]
async fn eof_inside_the_body_is_unexpected_eof() {
    let mut r = &CLUNK[..9];
    match read_frame(&mut r, 8192).await {
        Err(FrameError::Io(e)) => assert_eq!(e.kind(), ErrorKind::UnexpectedEof),
        other => panic!("expected UnexpectedEof, got {other:?}"),
    }
}

#[tokio::test]
async fn size_below_header_is_too_small() {
    let mut r = &[6u8, 0, 0, 0, 120, 0][..];
    assert!(matches!(
        read_frame(&mut r, 8192).await,
        Err(FrameError::TooSmall { size: 6 })
    ));
}

#[tokio::test]
async fn size_above_max_is_too_large_and_reads_no_further() {
    let stream = [0xff, 0xff, 0xff, 0x7f, 100, 0, 0];
    let mut r = &stream[..];
    assert!(matches!(
        read_frame(&mut r, 8192).await,
        Err(FrameError::TooLarge {
            size: 0x7fff_ffff,
            max: 8192
        })
    ));
    assert_eq!(r, &[100, 0, 0], "the body must not be read");
}

#[tokio::test]
async fn frame_of_exactly_max_is_accepted() {
    let mut r = &CLUNK[..];
    assert_eq!(
        read_frame(&mut r, 11).await.unwrap().as_deref(),
        Some(&CLUNK[..])
    );
}
