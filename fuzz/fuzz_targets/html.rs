//! HTML extraction (`extract::html::read_page`) and classification of the
//! grids it builds, on arbitrary UTF-8. Pages that `html::check_size` refuses
//! are skipped, as `pipeline::process` refuses them before parsing: the
//! parser's known quadratic cost in nesting depth is what that check bounds.
#![no_main]

use gongkai::extract::html;
use gongkai::taxonomy::Taxonomy;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if html::check_size(text).is_err() {
        return;
    }
    let page = html::read_page(text);
    let _ = gongkai::classify::classify(&page.extracted.tables, Taxonomy::builtin());
});
