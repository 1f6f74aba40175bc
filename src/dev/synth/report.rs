//! One report: who wrote it, for which year, in which template era, how it
//! writes a zero, how large its page should be, and its tables and facts.
//!
//! `Report::new` draws the random numbers of a report in a fixed order (the
//! corpus depends on it); the tables themselves are drawn in `pre2019` and
//! `national`. This file must not render anything: that is `forms`.

use fastrand::Rng;

use super::agencies;
use super::tables::Table;

/// The template era of a report's tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Template {
    Pre2019,
    Fmt2019,
    Fmt2021,
}

impl Template {
    /// The template of `year`'s report of agency `agency_no`: a few
    /// agencies keep the 2019 form after 2020.
    fn of(year: usize, agency_no: usize) -> Template {
        let keeps_2019_form = agency_no.is_multiple_of(17);
        match year {
            ..=2018 => Template::Pre2019,
            2019 | 2020 => Template::Fmt2019,
            _ if keeps_2019_form => Template::Fmt2019,
            _ => Template::Fmt2021,
        }
    }

    /// The era as the corpus names it (`pre2019`, `fmt2019`, `fmt2021`).
    pub(super) fn name(self) -> &'static str {
        match self {
            Template::Pre2019 => "pre2019",
            Template::Fmt2019 => "fmt2019",
            Template::Fmt2021 => "fmt2021",
        }
    }
}

/// How a document writes a zero.
#[derive(Debug, Clone, Copy)]
pub(super) enum Zero {
    Digit,
    Wu,
    Blank,
}

/// One report: who, when, which form of the tables, and its numbers.
pub(super) struct Report {
    pub(super) agency: String,
    pub(super) year: usize,
    pub(super) template: Template,
    pub(super) zero: Zero,
    pub(super) tables: Vec<Table>,
    /// Sentences that state the report's headline numbers.
    pub(super) facts: Vec<String>,
    /// Bytes the document should reach (chrome and prose fill it up).
    pub(super) target: usize,
}

impl Report {
    /// Draw report `year` of agency `agency_no`, its tables, and (one in 25)
    /// its wrong cell.
    pub(super) fn new(rng: &mut Rng, seed: u64, agency_no: usize, year: usize) -> Report {
        let agency = agencies::name(agency_no);
        let template = Template::of(year, agency_no);
        let zero = match rng.u8(..) {
            0..=199 => Zero::Digit,
            200..=229 => Zero::Wu,
            _ => Zero::Blank,
        };
        let target = match rng.u8(..) {
            0..=4 => rng.usize(1_000..3_000),
            5..=179 => rng.usize(5_000..40_000),
            180..=244 => rng.usize(40_000..150_000),
            _ => rng.usize(150_000..500_000),
        };
        let mut report = Report {
            agency,
            year,
            template,
            zero,
            tables: Vec::new(),
            facts: Vec::new(),
            target,
        };
        match template {
            Template::Pre2019 => report.pre2019(rng),
            _ => report.national(rng, seed, agency_no),
        }
        // One report in 25 carries a wrong cell, as real reports do.
        if rng.u8(..) < 10 {
            report.break_one_cell(rng);
        }
        report
    }

    /// The report's title: agency, year, 政府信息公开工作年度报告.
    pub(super) fn title(&self) -> String {
        format!("{}{}年度政府信息公开工作年度报告", self.agency, self.year)
    }

    /// `v` as this report writes it: a zero may be `0`, `无` or blank.
    pub(super) fn num(&self, v: u64) -> String {
        match (v, self.zero) {
            (0, Zero::Wu) => "无".into(),
            (0, Zero::Blank) => String::new(),
            _ => v.to_string(),
        }
    }
}

impl Report {
    /// Add 1 to one numeric cell of one table.
    pub(super) fn break_one_cell(&mut self, rng: &mut Rng) {
        let table = rng.usize(0..self.tables.len());
        let numeric: Vec<(usize, usize)> = self.tables[table]
            .rows
            .iter()
            .enumerate()
            .flat_map(|(r, row)| {
                row.iter().enumerate().filter_map(move |(c, s)| match s {
                    Some((t, _, _)) if t.parse::<u64>().is_ok() => Some((r, c)),
                    _ => None,
                })
            })
            .collect();
        if numeric.is_empty() {
            return;
        }
        let (r, c) = numeric[rng.usize(0..numeric.len())];
        if let Some((text, _, _)) = &mut self.tables[table].rows[r][c] {
            *text = (text.parse::<u64>().unwrap_or(0) + 1).to_string();
        }
    }
}
