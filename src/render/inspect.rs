//! `gongkai inspect FILE`: one document shown the way gongkai read it — the
//! metadata and encoding, how the report body was found, every table as an
//! aligned grid with its caption, the records each table gave (status,
//! indicator, value, raw text), the audit's findings, and the narrative
//! paragraphs — so that a researcher can see why a page came out as it did.
//!
//! The document goes through [`pipeline::process`], exactly as in a run; the
//! grids and paragraphs shown are the same extraction's. Rendering is split
//! into one function per block (summary, table, records, paragraphs), so a
//! new block is a new function.
//!
//! This module only renders: it must not change what any stage decides.

use std::collections::BTreeMap;
use std::io::{self, Write};

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::classify::structure;
use crate::decode::decode;
use crate::extract::{self, html};
use crate::model::{Cell, DocResult, Extracted, Grid, Origin, Record, SourceDoc, ValueStatus};
use crate::pipeline;
use crate::taxonomy::Taxonomy;

/// Grid columns wider than this (in terminal columns) are cut with `…`.
const MAX_CELL_WIDTH: usize = 24;
/// Paragraphs are shown cut to this width.
const MAX_PARAGRAPH_WIDTH: usize = 100;
/// Covered positions, by where their origin lies.
const COVERED_ABOVE: &str = "↑";
const COVERED_LEFT: &str = "←";
const COVERED_ABOVE_LEFT: &str = "↖";

/// How the document's text was read: the extraction, plus, for HTML pages,
/// the evidence of how the body was found.
struct Reading {
    extracted: Extracted,
    page: Option<html::Page>,
}

/// Render one document to `out`.
pub fn inspect(doc: &SourceDoc, taxonomy: &Taxonomy, out: &mut dyn Write) -> io::Result<()> {
    let result = pipeline::process(doc, taxonomy);
    let content_type = doc.fetch.as_ref().and_then(|f| f.content_type.as_deref());
    let decoded = decode(&doc.bytes, content_type)
        .ok()
        .filter(|d| !extract::looks_like_html(&d.text) || html::check_size(&d.text).is_ok());
    let reading = decoded.map(|decoded| {
        if extract::looks_like_html(&decoded.text) {
            let page = html::read_page(&decoded.text);
            Reading {
                extracted: page.extracted.clone(),
                page: Some(page),
            }
        } else {
            Reading {
                extracted: extract::extract(&decoded.text),
                page: None,
            }
        }
    });
    write_summary(out, &result, reading.as_ref())?;
    let Some(reading) = reading else {
        return Ok(());
    };
    for grid in &reading.extracted.tables {
        let records: Vec<&Record> = result
            .records
            .iter()
            .filter(|r| r.table_no == Some(grid.table_no))
            .collect();
        write_table(out, grid)?;
        write_records(out, &records)?;
    }
    let others: Vec<&Record> = result
        .records
        .iter()
        .filter(|r| r.table_no.is_none())
        .collect();
    if !others.is_empty() {
        writeln!(out, "\n── narrative figures ({})", others.len())?;
        write_records(out, &others)?;
    }
    write_findings(out, &result.findings)?;
    write_paragraphs(out, &reading)
}

/// The audit's findings about the document on its own (year-over-year
/// findings need the dataset: `gongkai audit` shows them).
fn write_findings(out: &mut dyn Write, findings: &[crate::model::Finding]) -> io::Result<()> {
    if findings.is_empty() {
        return writeln!(out, "\n── audit: every rule that could be checked holds");
    }
    writeln!(out, "\n── audit ({} findings)", findings.len())?;
    for f in findings {
        writeln!(out, "{:<7}  {}  {}", f.severity, f.rule, f.message)?;
        writeln!(out, "         {}", f.message_zh)?;
        if let Some(evidence) = &f.evidence {
            writeln!(out, "         evidence: {evidence}")?;
        }
    }
    Ok(())
}

fn or_dash(value: Option<&str>) -> &str {
    value.filter(|v| !v.is_empty()).unwrap_or("-")
}

fn write_summary(
    out: &mut dyn Write,
    result: &DocResult,
    reading: Option<&Reading>,
) -> io::Result<()> {
    let r = &result.report;
    let field = |out: &mut dyn Write, name: &str, value: &str| writeln!(out, "{name:<10} {value}");
    field(out, "document", &r.source)?;
    field(
        out,
        "report_id",
        &format!("{} ({} bytes)", r.report_id, r.bytes),
    )?;
    let encoding = match (&r.encoding, r.encoding_source) {
        (Some(e), Some(s)) => format!("{e} ({s})"),
        _ => "-".to_owned(),
    };
    field(out, "encoding", &encoding)?;
    field(out, "form", or_dash(r.input_form.map(|f| f.as_str())))?;
    if let Some(page) = reading.and_then(|x| x.page.as_ref()) {
        field(out, "body", &page.content)?;
    }
    field(out, "title", or_dash(r.title.as_deref()))?;
    field(out, "agency", or_dash(r.agency.as_deref()))?;
    field(out, "region", or_dash(r.region.as_deref()))?;
    let year = r.report_year.map(|y| y.to_string());
    field(out, "year", or_dash(year.as_deref()))?;
    field(out, "published", or_dash(r.published.as_deref()))?;
    if let Some(url) = reading
        .and_then(|x| x.page.as_ref())
        .and_then(|p| p.url.as_deref())
    {
        field(out, "url", url)?;
    }
    field(out, "template", r.template.as_str())?;
    field(out, "status", r.status.as_str())?;
    field(out, "error", or_dash(r.error.as_deref()))?;
    field(out, "records", &counts(&result.records, Origin::Table))?;
    field(out, "figures", &counts(&result.records, Origin::Narrative))?;
    if let Some(reading) = reading {
        let mut parts = vec![format!("{} data", reading.extracted.tables.len())];
        if let Some(page) = &reading.page {
            parts.push(format!("{} layout", page.layout_tables));
            parts.push(format!("{} chrome", page.chrome_tables));
        }
        field(out, "tables", &parts.join(", "))?;
    }
    Ok(())
}

/// `30 (28 reported, 2 blank); 1 without an indicator` for the records of
/// one origin (tables, or the narrative's figures).
fn counts(records: &[Record], origin: Origin) -> String {
    let mine: Vec<&Record> = records.iter().filter(|r| r.origin == origin).collect();
    let mut by_status: BTreeMap<ValueStatus, usize> = BTreeMap::new();
    for record in &mine {
        *by_status.entry(record.status).or_default() += 1;
    }
    let statuses: Vec<String> = by_status.iter().map(|(s, n)| format!("{n} {s}")).collect();
    let unmapped = mine.iter().filter(|r| r.indicator.is_none()).count();
    format!(
        "{} ({}); {unmapped} without an indicator",
        mine.len(),
        if statuses.is_empty() {
            "none".to_owned()
        } else {
            statuses.join(", ")
        }
    )
}

/// Cut `text` to at most `width` terminal columns, marking a cut with `…`.
fn fit(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// `text` padded with spaces to `width` terminal columns.
fn pad(text: &str, width: usize) -> String {
    let fill = width.saturating_sub(text.width());
    format!("{text}{}", " ".repeat(fill))
}

/// What a grid position shows: its text, or an arrow towards its origin.
fn shown(grid: &Grid, row: usize, col: usize) -> String {
    match grid.rows.get(row).and_then(|r| r.get(col)) {
        Some(Cell::Origin { text, .. }) => fit(text, MAX_CELL_WIDTH),
        Some(Cell::Covered { row: r, col: c }) => {
            let above = (*r as usize) < row;
            let left = (*c as usize) < col;
            match (above, left) {
                (true, true) => COVERED_ABOVE_LEFT,
                (true, false) => COVERED_ABOVE,
                _ => COVERED_LEFT,
            }
            .to_owned()
        }
        None => String::new(),
    }
}

/// A table as an aligned grid: row numbers on the left, column numbers on
/// top (both 1-based, as in `records`), covered positions as arrows.
fn write_table(out: &mut dyn Write, grid: &Grid) -> io::Result<()> {
    writeln!(
        out,
        "\n── table {} · {} rows × {} columns · caption: {}",
        grid.table_no,
        grid.n_rows(),
        grid.n_cols(),
        or_dash(grid.caption.as_deref())
    )?;
    for problem in &grid.problems {
        writeln!(out, "   problem: {problem}")?;
    }
    let cells: Vec<Vec<String>> = (0..grid.n_rows())
        .map(|r| (0..grid.n_cols()).map(|c| shown(grid, r, c)).collect())
        .collect();
    let widths: Vec<usize> = (0..grid.n_cols())
        .map(|c| {
            cells
                .iter()
                .map(|row| row[c].width())
                .chain(std::iter::once((c + 1).to_string().len()))
                .max()
                .unwrap_or(1)
        })
        .collect();
    let label_width = grid.n_rows().to_string().len().max(2);
    let header: Vec<String> = widths
        .iter()
        .enumerate()
        .map(|(c, w)| pad(&(c + 1).to_string(), *w))
        .collect();
    let numbers = format!("{} │ {}", " ".repeat(label_width), header.join(" │ "));
    writeln!(out, "{}", numbers.trim_end())?;
    let rule: Vec<String> = widths.iter().map(|w| "─".repeat(*w)).collect();
    writeln!(out, "{}─┼─{}", "─".repeat(label_width), rule.join("─┼─"))?;
    for (r, row) in cells.iter().enumerate() {
        let shown: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(text, w)| pad(text, *w))
            .collect();
        let line = format!("{:>label_width$} │ {}", r + 1, shown.join(" │ "));
        writeln!(out, "{}", line.trim_end())?;
    }
    writeln!(
        out,
        "   ({COVERED_ABOVE} {COVERED_LEFT} {COVERED_ABOVE_LEFT}: covered by the span of the cell above, to the left, above-left)"
    )?;
    write_header_paths(out, grid)
}

/// The header path over each column, read by the same helpers classification
/// uses: what a value in that column gets as its `col_label`.
fn write_header_paths(out: &mut dyn Write, grid: &Grid) -> io::Result<()> {
    let rows = structure::header_rows(grid);
    if rows == 0 {
        return writeln!(out, "   no header rows");
    }
    let filled = structure::fill_header_placeholders(grid, rows);
    writeln!(out, "   header rows 1–{rows}; header path per column:")?;
    for c in 0..grid.n_cols() {
        let path = structure::column_path(&filled, rows, c);
        if !path.is_empty() {
            writeln!(out, "   c{:<3} {}", c + 1, structure::join_path(&path))?;
        }
    }
    Ok(())
}

/// The records of one table (or the narrative), one per line.
fn write_records(out: &mut dyn Write, records: &[&Record]) -> io::Result<()> {
    if records.is_empty() {
        return writeln!(out, "   no records: not read as a statistics table");
    }
    writeln!(out, "   records ({}):", records.len())?;
    let rows: Vec<[String; 7]> = records
        .iter()
        .map(|r| {
            let at = match (r.row_no, r.col_no) {
                (Some(row), Some(col)) => format!("r{row} c{col}"),
                _ => "-".to_owned(),
            };
            let value = r.value.map_or("-".to_owned(), |v| v.to_string());
            let mut indicator = or_dash(r.indicator.as_deref()).to_owned();
            if let Some(b) = &r.breakdown {
                indicator = format!("{indicator} [{b}]");
            }
            let labels = format!(
                "{} │ {}",
                or_dash(r.row_label.as_deref()),
                or_dash(r.col_label.as_deref())
            );
            [
                at,
                r.status.as_str().to_owned(),
                indicator,
                value,
                format!("{:?}", r.value_raw),
                or_dash(r.unit.as_deref()).to_owned(),
                labels,
            ]
        })
        .collect();
    let head = [
        "at",
        "status",
        "indicator",
        "value",
        "value_raw",
        "unit",
        "row_label │ col_label",
    ];
    let widths: Vec<usize> = (0..head.len())
        .map(|i| {
            rows.iter()
                .map(|row| row[i].width())
                .chain(std::iter::once(head[i].width()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cols: Vec<&str>| -> String {
        let padded: Vec<String> = cols
            .iter()
            .zip(&widths)
            .map(|(text, w)| pad(text, *w))
            .collect();
        format!("   {}", padded.join("  ")).trim_end().to_owned()
    };
    writeln!(out, "{}", line(head.to_vec()))?;
    for row in &rows {
        writeln!(out, "{}", line(row.iter().map(String::as_str).collect()))?;
    }
    Ok(())
}

fn write_paragraphs(out: &mut dyn Write, reading: &Reading) -> io::Result<()> {
    let paragraphs = &reading.extracted.paragraphs;
    writeln!(out, "\n── narrative ({} paragraphs)", paragraphs.len())?;
    let width = paragraphs.len().to_string().len();
    for (i, p) in paragraphs.iter().enumerate() {
        writeln!(out, "{:>width$}  {}", i + 1, fit(p, MAX_PARAGRAPH_WIDTH))?;
    }
    if let Some(page) = &reading.page
        && page.dropped_count > 0
    {
        writeln!(out, "\n── dropped as chrome ({} lines)", page.dropped_count)?;
        for line in &page.dropped_lines {
            writeln!(out, "   {}", fit(line, MAX_PARAGRAPH_WIDTH))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_is_padded_by_display_width() {
        assert_eq!(pad("指标", 6), "指标  ");
        assert_eq!(pad("ab", 4), "ab  ");
        assert_eq!(fit("一二三四五", 7), "一二三…");
        assert_eq!(fit("一二", 7), "一二");
    }

    #[test]
    fn covered_cells_point_to_their_origin() {
        let grid = Grid {
            table_no: 1,
            rows: vec![
                vec![
                    Cell::Origin {
                        text: "甲".into(),
                        rowspan: 2,
                        colspan: 2,
                    },
                    Cell::Covered { row: 0, col: 0 },
                ],
                vec![
                    Cell::Covered { row: 0, col: 0 },
                    Cell::Covered { row: 0, col: 0 },
                ],
            ],
            ..Grid::default()
        };
        let shown: Vec<String> = [(0, 0), (0, 1), (1, 0), (1, 1)]
            .iter()
            .map(|(r, c)| shown(&grid, *r, *c))
            .collect();
        assert_eq!(shown, ["甲", "←", "↑", "↖"]);
    }
}
