//! Text tables (`extract::text_tables::read`: pipe text, markdown rows, one
//! cell per line, glued cells), the metadata of the remaining lines, and
//! classification of the grids, on arbitrary UTF-8.
#![no_main]

use gongkai::extract::{meta, text_tables};
use gongkai::model::Grid;
use gongkai::taxonomy::Taxonomy;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let layout = text_tables::read(text, 1);
    let _ = meta::from_lines(None, layout.paragraphs.iter().map(String::as_str));
    let tables: Vec<Grid> = layout.tables.into_iter().map(|t| t.grid).collect();
    let _ = gongkai::classify::classify(&tables, Taxonomy::builtin());
});
