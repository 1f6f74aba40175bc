//! Helpers shared by the integration tests.

use std::path::PathBuf;

use gongkai::model::{DocResult, Origin, Record, SourceDoc};
use gongkai::pipeline::process;
use gongkai::taxonomy::Taxonomy;

/// A file under `fixtures/`.
pub fn fixture(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(rel)
}

/// Run one fixture through every stage.
pub fn process_fixture(rel: &str) -> DocResult {
    let path = fixture(rel);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    process_bytes(rel, bytes)
}

pub fn process_bytes(source: &str, bytes: Vec<u8>) -> DocResult {
    let doc = SourceDoc {
        source: source.to_owned(),
        bytes,
        fetch: None,
    };
    process(&doc, Taxonomy::builtin())
}

/// The records that came from tables (narrative figures follow them).
pub fn table_records(result: &DocResult) -> Vec<&Record> {
    result
        .records
        .iter()
        .filter(|r| r.origin == Origin::Table)
        .collect()
}

/// The record of a table value, found by indicator (and breakdown).
pub fn record<'a>(result: &'a DocResult, indicator: &str, breakdown: Option<&str>) -> &'a Record {
    let found: Vec<&Record> = table_records(result)
        .into_iter()
        .filter(|r| {
            r.indicator.as_deref() == Some(indicator) && r.breakdown.as_deref() == breakdown
        })
        .collect();
    assert_eq!(found.len(), 1, "{indicator} {breakdown:?}: {found:#?}");
    found[0]
}

/// One line per table record, for snapshots: where it is, what it means, what
/// it says.
pub fn record_lines(result: &DocResult) -> String {
    table_records(result)
        .into_iter()
        .map(|r| {
            format!(
                "t{} r{} c{} | {} | {} | {} | {:?} {} {} | {:?}",
                r.table_no.unwrap_or(0),
                r.row_no.unwrap_or(0),
                r.col_no.unwrap_or(0),
                r.indicator.as_deref().unwrap_or("-"),
                r.breakdown.as_deref().unwrap_or("-"),
                r.unit.as_deref().unwrap_or("-"),
                r.value,
                r.status,
                r.qualifier.as_deref().unwrap_or(""),
                r.value_raw,
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}
