//! One document through every stage (`pipeline::process`: decode, extract,
//! classify, normalize, narrative, audit) on arbitrary bytes, with or without
//! a `Content-Type` header (see `gongkai_fuzz::content_type`).
#![no_main]

use gongkai::model::{FetchInfo, SourceDoc};
use gongkai::taxonomy::Taxonomy;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (content_type, bytes) = gongkai_fuzz::content_type(data);
    let doc = SourceDoc {
        source: "fuzz".to_owned(),
        bytes: bytes.to_vec(),
        fetch: content_type.map(|content_type| FetchInfo {
            final_url: "http://example.gov.cn/fuzz.html".to_owned(),
            fetched_at: "2024-01-01T00:00:00Z".to_owned(),
            content_type: Some(content_type),
        }),
    };
    let result = gongkai::pipeline::process(&doc, Taxonomy::builtin());
    assert_eq!(result.report.n_records, result.records.len() as u64);
});
