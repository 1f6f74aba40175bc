//! The plain data that crosses stages: documents in, grids and values in the
//! middle, [`Report`] and [`Record`] rows out.
//!
//! Every stage takes and returns these types and nothing else, so a stage can be
//! tested, fuzzed or replaced on its own. This module holds data and the small
//! methods that read it; it must not parse, decode or write anything.

use std::fmt;

/// The version written to `reports.parser_version`: re-extracting with a newer
/// parser is how a dataset learns about parser improvements.
pub const PARSER_VERSION: &str = env!("CARGO_PKG_VERSION");

/// One input document as it arrived: the raw bytes and where they came from.
#[derive(Debug, Clone, Default)]
pub struct SourceDoc {
    /// URL or path exactly as given.
    pub source: String,
    /// The document's raw bytes, not yet decoded.
    pub bytes: Vec<u8>,
    /// Present when the document was fetched over HTTP.
    pub fetch: Option<FetchInfo>,
}

/// A document to process, or the reason it could not be loaded (the source
/// and the error, which become a failed report row). Sources (files, the
/// crawl store) produce these; the pipeline consumes them.
pub type Input = Result<SourceDoc, LoadError>;

/// A document that could not even be loaded.
#[derive(Debug, Clone)]
pub struct LoadError {
    /// URL or path exactly as given.
    pub source: String,
    /// Why it could not be loaded, in plain words; becomes the report's `error`.
    pub error: String,
}

/// What the transport told us about a fetched document.
#[derive(Debug, Clone, Default)]
pub struct FetchInfo {
    /// The URL after redirects.
    pub final_url: String,
    /// RFC 3339, UTC.
    pub fetched_at: String,
    /// The `Content-Type` header, whose `charset` outranks everything in the page.
    pub content_type: Option<String>,
}

/// Where the character encoding of a document came from, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EncodingSource {
    /// The `charset` of the HTTP `Content-Type` header.
    Header,
    /// A byte-order mark at the start of the bytes.
    Bom,
    /// An HTML `<meta>` declaration.
    Meta,
    /// Read from the bytes: valid UTF-8, or chardetng's guess; also when the
    /// bytes overrule a declaration.
    Detected,
    /// Nothing to go by (pure ASCII): the default encoding.
    Default,
}

/// The syntactic form a table (or a whole document) reached us in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InputForm {
    /// HTML `<table>` markup.
    Html,
    /// Each cell followed by a line holding only `|`, or a line ending in ` |`.
    PipeText,
    /// `| a | b | c |` rows.
    MarkdownPipe,
    /// One cell per line or paragraph, no separators.
    LineCells,
    /// Cells run together by a whitespace-collapsing scraper
    /// (`行政规范性文件693665`).
    Glued,
    /// Text with no table at all.
    Plain,
}

/// The national template era a report's tables follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Template {
    /// The `指标 | 单位 | 数量` table of the reports before 2019.
    Pre2019,
    /// The national form first used for 2019 (本年新制作数量, 上一年项目数量).
    Fmt2019,
    /// The national form first used for 2021.
    Fmt2021,
    /// No template recognised in the table headers.
    Unknown,
}

/// The outcome for one document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ReportStatus {
    /// Tables found and read without structural problems.
    Ok,
    /// Values were read, but something was wrong (see `error`): a table cut off
    /// mid-row, cells that could not be aligned.
    Partial,
    /// It reads as a report but holds no statistics table.
    NoTables,
    /// Readable text that is not a disclosure report.
    NotAReport,
    /// Nothing could be read (see `error`).
    Failed,
}

/// Where a value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Origin {
    /// A cell of a statistics table.
    #[default]
    Table,
    /// A figure stated in the prose.
    Narrative,
}

/// What a cell or figure says, kept apart from its number: blank, 无 and 0 are
/// three different facts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ValueStatus {
    /// A number as stated (`1860`, `0`, `１８６０`).
    Reported,
    /// Stated as nothing: `无`, `没有`; the value is 0.
    None,
    /// Nothing written: empty, whitespace, `&nbsp;`; the value is null.
    Blank,
    /// A dash or slash: `——`, `—`, `-`, `/`; the value is null.
    NotApplicable,
    /// A number with a qualifier (`430余`, `约4900`); the value is the stated number.
    Approximate,
    /// Text that is none of the above; the value is null, `value_raw` keeps it.
    Unparsed,
}

macro_rules! str_enum {
    ($ty:ty { $($variant:ident => $s:literal),+ $(,)? }) => {
        impl $ty {
            /// The name used in the Parquet outputs.
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $s),+ }
            }
            /// Every variant, in declaration order.
            pub const ALL: &'static [$ty] = &[$(Self::$variant),+];
            /// Parse the name used in the Parquet outputs.
            pub fn parse(s: &str) -> Option<Self> {
                match s { $($s => Some(Self::$variant),)+ _ => None }
            }
        }
        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

str_enum!(EncodingSource { Header => "header", Bom => "bom", Meta => "meta", Detected => "detected", Default => "default" });
str_enum!(InputForm { Html => "html", PipeText => "pipe_text", MarkdownPipe => "markdown_pipe", LineCells => "line_cells", Glued => "glued", Plain => "plain" });
str_enum!(Template { Pre2019 => "pre2019", Fmt2019 => "fmt2019", Fmt2021 => "fmt2021", Unknown => "unknown" });
str_enum!(ReportStatus { Ok => "ok", Partial => "partial", NoTables => "no_tables", NotAReport => "not_a_report", Failed => "failed" });
str_enum!(Origin { Table => "table", Narrative => "narrative" });
str_enum!(Severity { Error => "error", Warning => "warning", Info => "info" });
str_enum!(Rule {
    SumEqual => "sum_equal", SumAtLeast => "sum_at_least", OfWhich => "of_which",
    ColumnSum => "column_sum", Identity => "identity", TotalBlank => "total_blank",
    NarrativeTable => "narrative_table", YearOverYear => "year_over_year",
});
str_enum!(ValueStatus {
    Reported => "reported", None => "none", Blank => "blank",
    NotApplicable => "not_applicable", Approximate => "approximate", Unparsed => "unparsed",
});

/// One cell of a [`Grid`]: either the cell as written, or a position covered by
/// a row/column span, pointing at the cell that covers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    /// The cell as written, at the top-left of its span.
    Origin {
        /// The cell's text, whitespace collapsed.
        text: String,
        /// Rows the cell spans, at least 1.
        rowspan: u32,
        /// Columns the cell spans, at least 1.
        colspan: u32,
    },
    /// Covered by the span of the origin cell at (`row`, `col`), 0-based.
    Covered {
        /// 0-based row of the covering cell.
        row: u32,
        /// 0-based column of the covering cell.
        col: u32,
    },
}

impl Cell {
    /// A cell as written, spanning one row and one column.
    pub fn text(text: impl Into<String>) -> Self {
        Cell::Origin {
            text: text.into(),
            rowspan: 1,
            colspan: 1,
        }
    }

    /// The cell at `at` of a span of `(rowspan, colspan)` whose origin, holding
    /// `text`, is at `origin`: the origin itself, or a cell covered by it.
    pub fn in_span(
        origin: (usize, usize),
        at: (usize, usize),
        text: &str,
        (rowspan, colspan): (usize, usize),
    ) -> Self {
        if at == origin {
            Cell::Origin {
                text: text.to_owned(),
                rowspan: rowspan as u32,
                colspan: colspan as u32,
            }
        } else {
            Cell::Covered {
                row: origin.0 as u32,
                col: origin.1 as u32,
            }
        }
    }
}

/// A table as a rectangular grid of cells, spans expanded. Extraction builds it;
/// classification reads it. Row and column numbers are 0-based here and 1-based
/// in the outputs.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Grid {
    /// 1-based position among the document's tables.
    pub table_no: u32,
    /// The rows, all of the same length; spans appear as [`Cell::Covered`].
    pub rows: Vec<Vec<Cell>>,
    /// Text just before the table (its caption or heading), if any.
    pub caption: Option<String>,
    /// Structural problems met while building the grid (e.g. cut off mid-row).
    pub problems: Vec<String>,
}

impl Grid {
    /// A grid of plain cells, padded to rectangular with empty cells.
    pub fn from_texts(table_no: u32, rows: Vec<Vec<String>>) -> Grid {
        let width = rows.iter().map(Vec::len).max().unwrap_or(0);
        let rows = rows
            .into_iter()
            .map(|row| {
                let mut cells: Vec<Cell> = row.into_iter().map(Cell::text).collect();
                cells.resize(width, Cell::text(""));
                cells
            })
            .collect();
        Grid {
            table_no,
            rows,
            ..Grid::default()
        }
    }

    /// [`Grid::from_texts`] from string slices: `Grid::from_strs(1, &[["指标", "单位", "数量"]])`.
    pub fn from_strs<R: AsRef<[S]>, S: AsRef<str>>(table_no: u32, rows: &[R]) -> Grid {
        let rows = rows
            .iter()
            .map(|row| row.as_ref().iter().map(|s| s.as_ref().to_owned()).collect())
            .collect();
        Grid::from_texts(table_no, rows)
    }

    /// The number of rows.
    pub fn n_rows(&self) -> usize {
        self.rows.len()
    }

    /// The number of columns (the width of the first row; 0 for no rows).
    pub fn n_cols(&self) -> usize {
        self.rows.first().map_or(0, Vec::len)
    }

    /// The origin position of the cell at (`row`, `col`): itself, or the cell
    /// whose span covers it.
    pub fn origin_of(&self, row: usize, col: usize) -> Option<(usize, usize)> {
        match self.rows.get(row)?.get(col)? {
            Cell::Origin { .. } => Some((row, col)),
            Cell::Covered { row, col } => Some((*row as usize, *col as usize)),
        }
    }

    /// The text at (`row`, `col`), read through spans: a covered position shows
    /// its origin's text.
    pub fn text(&self, row: usize, col: usize) -> &str {
        let Some((r, c)) = self.origin_of(row, col) else {
            return "";
        };
        match self.rows.get(r).and_then(|cells| cells.get(c)) {
            Some(Cell::Origin { text, .. }) => text,
            _ => "",
        }
    }

    /// True when (`row`, `col`) is an origin cell, not a position covered by a span.
    pub fn is_origin(&self, row: usize, col: usize) -> bool {
        matches!(
            self.rows.get(row).and_then(|r| r.get(col)),
            Some(Cell::Origin { .. })
        )
    }
}

/// What a column of a `指标 | 单位 | 数量` statistics table holds, as its header
/// cell announces it (`crate::taxonomy::column_role`). Extraction reads it to
/// size the rows of a pipe-text table, classification to find a grid's label,
/// unit and value columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnRole {
    /// The row labels (指标, 项目).
    Label,
    /// The unit of each row (单位).
    Unit,
    /// A value column; `cumulative` for 历年累计 (a running total over all years).
    Value {
        /// True for a 历年累计 column.
        cumulative: bool,
    },
}

/// Metadata read from a document's text or markup.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Meta {
    /// The report's title, when the page states one.
    pub title: Option<String>,
    /// The reporting agency, as written before the year in the title or caption.
    pub agency: Option<String>,
    /// Reserved; `None` for now.
    pub region: Option<String>,
    /// The year reported on, from the title, a caption or a one-year statistics
    /// period; never from a year merely mentioned in the prose.
    pub report_year: Option<i32>,
    /// `YYYY-MM-DD`.
    pub published: Option<String>,
}

/// What extraction found in one decoded document.
#[derive(Debug, Clone, Default)]
pub struct Extracted {
    /// The form the document's tables reached us in; `None` when nothing was read.
    pub form: Option<InputForm>,
    /// Title, agency, year and date, as far as the document states them.
    pub meta: Meta,
    /// The document's tables, in order.
    pub tables: Vec<Grid>,
    /// The report's narrative, one paragraph (or line) per entry, in order.
    pub paragraphs: Vec<String>,
}

/// One value located in a table, before normalization: where it is, what it
/// means, and its raw text.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LocatedValue {
    /// A table cell or a narrative figure.
    pub origin: Origin,
    /// 1-based; `None` for narrative figures.
    pub table_no: Option<u32>,
    /// 1-based row (table) or paragraph (narrative).
    pub row_no: Option<u32>,
    /// 1-based column (table) or sentence within the paragraph (narrative).
    pub col_no: Option<u32>,
    /// The table section the row sits in, or the narrative heading above the
    /// paragraph, as written.
    pub section: Option<String>,
    /// The row's label (its label path joined with `/`), or the phrase a
    /// narrative figure counts.
    pub row_label: Option<String>,
    /// The column's header path joined with `/`.
    pub col_label: Option<String>,
    /// The taxonomy code (`proactive.total`); `None` when the label is not in
    /// the taxonomy.
    pub indicator: Option<String>,
    /// What the column splits the indicator by (`natural_person`, `total`, …);
    /// `None` when nothing.
    pub breakdown: Option<String>,
    /// The unit stated beside the value (unit column or taxonomy), if any.
    pub unit: Option<String>,
    /// The cell's text (or the figure's words) exactly as found.
    pub raw: String,
    /// The sentence a narrative figure came from; `None` for table cells.
    pub snippet: Option<String>,
    /// True when the cell's column could not be settled (cells glued together
    /// or blank cells dropped, and the table's identities allow more than one
    /// reading): the record's value is null with status `unparsed`, whatever
    /// `raw` (the text as found) says.
    pub unaligned: bool,
}

/// A cell's text read as a value.
#[derive(Debug, Clone, PartialEq)]
pub struct Normalized {
    /// The number; `None` when the text states none (see `status`).
    pub value: Option<f64>,
    /// What the text says: a number, 无, blank, a dash, a bound or other text.
    pub status: ValueStatus,
    /// `余`, `多`, `约`, `近`, `超`, `以上`, `左右` for approximate values.
    pub qualifier: Option<String>,
    /// A unit written inside the cell (`251000元`), which outranks the unit column.
    pub unit: Option<String>,
}

/// One row of `records`: one value, long format, with its provenance.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// The report it came from ([`Report::report_id`]).
    pub report_id: String,
    /// Copied from the report, so records can be analysed alone.
    pub agency: Option<String>,
    /// Copied from the report.
    pub report_year: Option<i32>,
    /// Copied from the report.
    pub template: Template,
    /// A table cell or a narrative figure.
    pub origin: Origin,
    /// 1-based position among the document's tables; `None` for narrative figures.
    pub table_no: Option<u32>,
    /// 1-based row (row 1 is the header row), or the paragraph of a narrative
    /// figure.
    pub row_no: Option<u32>,
    /// 1-based column, or the sentence within the paragraph of a narrative figure.
    pub col_no: Option<u32>,
    /// The table section the row sits in, or the narrative heading above the
    /// paragraph, as written.
    pub section: Option<String>,
    /// The row's label (in fmt tables its label path joined with `/`), or the
    /// phrase a narrative figure counts.
    pub row_label: Option<String>,
    /// The column's header (in fmt tables its header path joined with `/`).
    pub col_label: Option<String>,
    /// The taxonomy code (`proactive.total`); `None` when the label is not in
    /// the taxonomy.
    pub indicator: Option<String>,
    /// What the column splits the indicator by (`natural_person`, `direct`,
    /// `total`, `cumulative`, …); `None` when nothing.
    pub breakdown: Option<String>,
    /// The unit written in the cell, else the row's unit column, else the
    /// template's unit; for narrative figures the unit after the number.
    pub unit: Option<String>,
    /// The number; `None` when the source states none (see `status`).
    pub value: Option<f64>,
    /// The cell text exactly as found (whitespace collapsed).
    pub value_raw: String,
    /// What the source said: a number, 无, blank, a dash, a bound or other text.
    pub status: ValueStatus,
    /// `余`, `多`, `约`, … for approximate values.
    pub qualifier: Option<String>,
    /// The sentence a narrative figure came from; `None` for table cells.
    pub snippet: Option<String>,
}

/// One row of `reports`: one input document and what became of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// First 16 hex digits of the SHA-256 of the raw bytes (of the source
    /// string, for a document that could not be read).
    pub report_id: String,
    /// The path or URL as given.
    pub source: String,
    /// The URL after redirects; `None` unless fetched.
    pub final_url: Option<String>,
    /// RFC 3339 UTC time of the fetch; `None` unless fetched.
    pub fetched_at: Option<String>,
    /// SHA-256 of the raw bytes; `None` when the document could not be read.
    pub content_sha256: Option<String>,
    /// Size of the raw document in bytes.
    pub bytes: u64,
    /// The encoding the text was decoded with (`UTF-8`, `GBK`, `Big5`, …);
    /// `None` when it was not decoded.
    pub encoding: Option<String>,
    /// How the encoding was chosen.
    pub encoding_source: Option<EncodingSource>,
    /// The report's title, when the page states one.
    pub title: Option<String>,
    /// The reporting agency, as written before the year in the title or caption.
    pub agency: Option<String>,
    /// Reserved; `None` for now.
    pub region: Option<String>,
    /// The year reported on; `None` when the document does not state it.
    pub report_year: Option<i32>,
    /// Publication date `YYYY-MM-DD`, when the page states it.
    pub published: Option<String>,
    /// The template era, detected from the table headers, not the year.
    pub template: Template,
    /// The form the tables reached us in; `None` when nothing was read.
    pub input_form: Option<InputForm>,
    /// The outcome for the document.
    pub status: ReportStatus,
    /// What went wrong, in plain words; `None` when nothing did.
    pub error: Option<String>,
    /// Rows this document contributed to `records`.
    pub n_records: u64,
    /// The gongkai version that parsed it ([`PARSER_VERSION`]).
    pub parser_version: String,
}

/// How serious an audit finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    /// The report contradicts itself (parts do not add up to a total that must equal them).
    Error,
    /// Probably wrong, but a legitimate reading exists.
    Warning,
    /// Worth knowing; not a contradiction.
    Info,
}

/// The audit rule a finding reports. [`Rule::as_str`] is its stable name,
/// as written to `findings.rule`; [`Rule::ALL`] lists the rules in the order
/// reports list them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rule {
    /// A total (`sum = "equal"`) against the sum of its parts.
    SumEqual,
    /// A total (`sum = "at_least"`) against its overlapping parts: their sum
    /// may exceed it, never fall short of it.
    SumAtLeast,
    /// A 其中 row (`role = "of_which"`) against its whole.
    OfWhich,
    /// A breakdown's total column (总计) against its part columns.
    ColumnSum,
    /// An identity the form prints (一 + 二 = 三（七） + 四, per column).
    Identity,
    /// A total left blank while its parts state numbers.
    TotalBlank,
    /// A narrative figure against the table value of the same indicator.
    NarrativeTable,
    /// A value against the agency's report of the year before.
    YearOverYear,
}

impl std::str::FromStr for Rule {
    type Err = String;

    /// A rule from its stable name (`sum_equal`, …), as read back from
    /// `findings.rule`.
    fn from_str(s: &str) -> Result<Rule, String> {
        Rule::parse(s).ok_or_else(|| format!("unknown audit rule {s:?}"))
    }
}

/// One row of `findings`: one audit result about one report.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// The report the finding is about (for `year_over_year`, the later one).
    pub report_id: String,
    /// Copied from the report, so findings can be read alone.
    pub agency: Option<String>,
    /// Copied from the report.
    pub report_year: Option<i32>,
    /// The rule; written as its stable name (`sum_equal`, …).
    pub rule: Rule,
    /// How serious it is.
    pub severity: Severity,
    /// What is wrong, in plain English.
    pub message: String,
    /// The same in Chinese.
    pub message_zh: String,
    /// The value the rule expects (e.g. the sum of the parts).
    pub expected: Option<f64>,
    /// The value the report states.
    pub actual: Option<f64>,
    /// The indicators involved, as `code` or `code[breakdown]`.
    pub indicators: Vec<String>,
    /// Where to look: table, row, column, label and raw text of every cell
    /// read (or the sentence of a narrative figure).
    pub evidence: Option<String>,
}

/// Everything one document produced.
#[derive(Debug, Clone)]
pub struct DocResult {
    /// The document's row of `reports`.
    pub report: Report,
    /// The values read from it, in document order.
    pub records: Vec<Record>,
    /// What the audit found in the document on its own.
    pub findings: Vec<Finding>,
}

impl DocResult {
    /// The result of a document that yielded no values (and so no findings).
    pub fn without_values(report: Report) -> DocResult {
        DocResult {
            report,
            records: Vec::new(),
            findings: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enum_names_round_trip() {
        for s in ValueStatus::ALL {
            assert_eq!(ValueStatus::parse(s.as_str()), Some(*s));
        }
        assert_eq!(ValueStatus::NotApplicable.as_str(), "not_applicable");
        assert_eq!(Template::Pre2019.to_string(), "pre2019");
        for r in Rule::ALL {
            assert_eq!(r.as_str().parse::<Rule>(), Ok(*r));
        }
        assert_eq!(Rule::YearOverYear.as_str(), "year_over_year");
        assert!("sum".parse::<Rule>().is_err());
    }

    #[test]
    fn grid_reads_through_spans() {
        let grid = Grid {
            table_no: 1,
            rows: vec![
                vec![
                    Cell::Origin {
                        text: "申请人情况".into(),
                        rowspan: 1,
                        colspan: 2,
                    },
                    Cell::Covered { row: 0, col: 0 },
                ],
                vec![Cell::text("自然人"), Cell::text("总计")],
            ],
            ..Grid::default()
        };
        assert_eq!(grid.text(0, 1), "申请人情况");
        assert!(!grid.is_origin(0, 1));
        assert_eq!(grid.origin_of(0, 1), Some((0, 0)));
        assert_eq!(grid.text(5, 5), "");
    }
}
