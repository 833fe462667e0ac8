//! Fuzz target: arbitrary bytes through the request and reply decoders; whatever decodes
//! must re-encode to the same bytes. The logic lives in `warren_proto::codec::fuzz_decode`
//! so `proto/tests/fuzz_corpus.rs` replays the corpus through the same code.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    warren_proto::codec::fuzz_decode(data);
});
