//! Narrative extraction (`narrative::extract`) on paragraphs split from
//! arbitrary UTF-8, under a template picked by a leading control byte (see
//! `gongkai_fuzz::template`). Every figure found must read back as a number
//! or a zero in words, as the narrative's own property test states.
#![no_main]

use gongkai::model::ValueStatus;
use gongkai::taxonomy::Taxonomy;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (template, bytes) = gongkai_fuzz::template(data);
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let paragraphs = gongkai_fuzz::paragraphs(text);
    for value in gongkai::narrative::extract(&paragraphs, Taxonomy::builtin(), template) {
        let read = gongkai::narrative::read(&value.raw);
        assert!(read.value.is_some(), "{value:?} read as {read:?}");
        assert!(
            matches!(
                read.status,
                ValueStatus::Reported | ValueStatus::Approximate | ValueStatus::None
            ),
            "{value:?} read as {read:?}"
        );
    }
});
