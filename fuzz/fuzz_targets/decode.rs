//! `decode::decode` on arbitrary bytes, with or without a `Content-Type`
//! header (see `gongkai_fuzz::content_type`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (content_type, bytes) = gongkai_fuzz::content_type(data);
    if let Ok(decoded) = gongkai::decode::decode(bytes, content_type.as_deref()) {
        // Decoding never adds a document: text of empty input is an error.
        assert!(!bytes.is_empty());
        let _ = decoded.encoding.name();
    }
});
