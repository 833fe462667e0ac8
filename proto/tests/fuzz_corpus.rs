//! Replays the fuzz seed corpus (`fuzz/corpus/decode/`) through the fuzz target's own logic,
//! `codec::fuzz_decode`, which panics if a decoded frame does not re-encode to itself.

use std::path::Path;

use bytes::Bytes;
use warren_proto::codec::{decode_rmsg, decode_tmsg, fuzz_decode};

#[test]
fn every_corpus_file_round_trips_or_is_rejected_without_panic() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/corpus/decode");
    let mut files = 0;
    let mut decoded = 0;
    for entry in std::fs::read_dir(&dir).expect("fuzz corpus directory exists") {
        let data = std::fs::read(entry.expect("readable entry").path()).expect("readable file");
        fuzz_decode(&data);
        let frame = Bytes::from(data);
        if decode_tmsg(&frame).is_ok() || decode_rmsg(&frame).is_ok() {
            decoded += 1;
        }
        files += 1;
    }
    assert!(files >= 12, "seed corpus has only {files} files");
    assert!(
        decoded >= 10,
        "only {decoded} corpus frames decode; golden seeds are missing"
    );
}

mod random {
    use proptest::prelude::*;
    use warren_proto::codec::fuzz_decode;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]

        /// Random bodies behind an honest size field reach every body decoder.
        #[test]
        fn random_bodies_round_trip_or_are_rejected(ty in 6u8..124, body in prop::collection::vec(any::<u8>(), 0..80)) {
            let mut frame = ((body.len() + 7) as u32).to_le_bytes().to_vec();
            frame.push(ty);
            frame.extend_from_slice(&[1, 0]);
            frame.extend_from_slice(&body);
            fuzz_decode(&frame);
        }
    }
}
