//! One document through every stage: decode → extract → classify →
//! normalize → narrative → audit, into its report row, records and findings.
//!
//! It must not fail: whatever goes wrong is the report's `status` and
//! `error`, and a panic (a bug) becomes a failed report.

use sha2::{Digest, Sha256};

use crate::audit;
use crate::classify::{Classified, classify};
use crate::decode::{Decoded, decode};
use crate::extract::extract;
use crate::model::{
    DocResult, Extracted, Input, LoadError, LocatedValue, Meta, Normalized, PARSER_VERSION, Record,
    Report, ReportStatus, SourceDoc, Template, ValueStatus,
};
use crate::narrative;
use crate::normalize::normalize;
use crate::taxonomy::Taxonomy;

/// [`process`], with a panic (a bug) turned into a failed report instead of
/// ending the run.
pub fn process_guarded(input: &Input, taxonomy: &Taxonomy) -> DocResult {
    let doc = match input {
        Ok(doc) => doc,
        Err(e) => return unreadable(e),
    };
    std::panic::catch_unwind(|| process(doc, taxonomy)).unwrap_or_else(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        tracing::error!(source = %doc.source, "internal error: {what}");
        failed(
            &doc.source,
            &doc.bytes,
            format!("internal error (a bug in gongkai): {what}"),
        )
    })
}

/// The report of a document that could not be read: identified by its source,
/// since there are no bytes to hash.
fn unreadable(e: &LoadError) -> DocResult {
    let mut report = new_report(&e.source, &[]);
    report.report_id = hex(&Sha256::digest(format!("unreadable:{}", e.source)))[..16].to_owned();
    report.content_sha256 = None;
    report.error = Some(e.error.clone());
    DocResult::without_values(report)
}

fn failed(source: &str, bytes: &[u8], error: String) -> DocResult {
    let mut report = new_report(source, bytes);
    report.error = Some(error);
    DocResult::without_values(report)
}

fn new_report(source: &str, bytes: &[u8]) -> Report {
    let digest = hex(&Sha256::digest(bytes));
    Report {
        report_id: digest[..16].to_owned(),
        source: source.to_owned(),
        final_url: None,
        fetched_at: None,
        content_sha256: Some(digest),
        bytes: bytes.len() as u64,
        encoding: None,
        encoding_source: None,
        title: None,
        agency: None,
        region: None,
        report_year: None,
        published: None,
        template: Template::Unknown,
        input_form: None,
        status: ReportStatus::Failed,
        error: None,
        n_records: 0,
        parser_version: PARSER_VERSION.to_owned(),
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// One document through every stage. Never fails: what goes wrong is in the
/// report's `status` and `error`.
pub fn process(doc: &SourceDoc, taxonomy: &Taxonomy) -> DocResult {
    let mut report = new_report(&doc.source, &doc.bytes);
    if let Some(fetch) = &doc.fetch {
        report.final_url = Some(fetch.final_url.clone());
        report.fetched_at = Some(fetch.fetched_at.clone());
    }
    let decoded = match decode_parsable(doc, &mut report) {
        Ok(decoded) => decoded,
        Err(error) => {
            report.error = Some(error);
            return DocResult::without_values(report);
        }
    };

    let extracted = extract(&decoded.text);
    let classified = classify(&extracted.tables, taxonomy);
    set_meta(&mut report, &extracted.meta);
    report.input_form = extracted.form;
    report.template = classified.template.unwrap_or(Template::Unknown);
    let (status, problems) = judge(&decoded, &extracted, &classified);
    report.status = status;
    if !problems.is_empty() {
        report.error = Some(problems.join("; "));
    }

    let narrative = match report.status {
        ReportStatus::NotAReport | ReportStatus::Failed => Vec::new(),
        _ => narrative::extract(&extracted.paragraphs, taxonomy, report.template),
    };
    let records: Vec<Record> = classified
        .values
        .into_iter()
        .map(|value| to_record(value, &report))
        .chain(
            narrative
                .into_iter()
                .map(|value| narrative_record(value, &report)),
        )
        .collect();
    report.n_records = records.len() as u64;
    let findings = audit::audit(&report, &records, taxonomy);
    DocResult {
        report,
        records,
        findings,
    }
}

/// The document's text, its encoding recorded in `report`; the error when the
/// bytes cannot be decoded or the page is too large to parse as HTML.
fn decode_parsable(doc: &SourceDoc, report: &mut Report) -> Result<Decoded, String> {
    let content_type = doc.fetch.as_ref().and_then(|f| f.content_type.as_deref());
    let decoded = decode(&doc.bytes, content_type).map_err(|e| e.to_string())?;
    report.encoding = Some(decoded.encoding.name().to_owned());
    report.encoding_source = Some(decoded.source);
    if crate::extract::looks_like_html(&decoded.text)
        && let Err(e) = crate::extract::html::check_size(&decoded.text)
    {
        return Err(e.to_string());
    }
    Ok(decoded)
}

/// The report's status, and the problems its `error` lists: those of the
/// tables and the decoding, after why a document without statistics tables
/// has none.
fn judge(
    decoded: &Decoded,
    extracted: &Extracted,
    classified: &Classified,
) -> (ReportStatus, Vec<String>) {
    let mut problems: Vec<String> = extracted
        .tables
        .iter()
        .flat_map(|t| t.problems.iter().cloned())
        .collect();
    if decoded.replaced > 0 {
        problems.push(format!(
            "{} undecodable byte sequences in {} were replaced",
            decoded.replaced,
            decoded.encoding.name()
        ));
    }
    problems.extend(decoded.note.iter().cloned());
    let status = if classified.statistics_tables > 0 {
        if problems.is_empty() {
            ReportStatus::Ok
        } else {
            ReportStatus::Partial
        }
    } else if looks_like_report(&extracted.paragraphs, &extracted.meta) {
        problems.insert(0, "no statistics table found".to_owned());
        ReportStatus::NoTables
    } else {
        problems.insert(
            0,
            "not a disclosure report (no 信息公开 in the text)".to_owned(),
        );
        ReportStatus::NotAReport
    };
    (status, problems)
}

/// A narrative figure as a record: its value read by the narrative's reader
/// (Chinese numerals, qualifiers, 万/亿 kept in the unit), not by `normalize`.
fn narrative_record(value: LocatedValue, report: &Report) -> Record {
    let read = narrative::read(&value.raw);
    Record {
        value: read.value,
        status: read.status,
        qualifier: read.qualifier,
        unit: read.unit.or_else(|| value.unit.clone()),
        ..to_record(value, report)
    }
}

fn set_meta(report: &mut Report, meta: &Meta) {
    report.title.clone_from(&meta.title);
    report.agency.clone_from(&meta.agency);
    report.region.clone_from(&meta.region);
    report.report_year = meta.report_year;
    report.published.clone_from(&meta.published);
}

/// Words whose presence makes a text a disclosure report.
fn looks_like_report(paragraphs: &[String], meta: &Meta) -> bool {
    const MARKERS: &[&str] = &["信息公开", "信息公開", "資訊公開", "资讯公开", "政务公开"];
    meta.title
        .iter()
        .chain(paragraphs.iter())
        .any(|p| MARKERS.iter().any(|m| p.contains(m)))
}

fn to_record(value: LocatedValue, report: &Report) -> Record {
    let normalized = if value.unaligned {
        Normalized {
            value: None,
            status: ValueStatus::Unparsed,
            qualifier: None,
            unit: None,
        }
    } else {
        normalize(&value.raw)
    };
    Record {
        report_id: report.report_id.clone(),
        agency: report.agency.clone(),
        report_year: report.report_year,
        template: report.template,
        origin: value.origin,
        table_no: value.table_no,
        row_no: value.row_no,
        col_no: value.col_no,
        section: value.section,
        row_label: value.row_label,
        col_label: value.col_label,
        indicator: value.indicator,
        breakdown: value.breakdown,
        unit: normalized.unit.or(value.unit),
        value: normalized.value,
        value_raw: value.raw,
        status: normalized.status,
        qualifier: normalized.qualifier,
        snippet: value.snippet,
    }
}
