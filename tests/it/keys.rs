//! The report keys (agency and report year) on real report openings: 175
//! titles and first paragraphs of published pages with what a person reads
//! from each (`fixtures/keys/openings.jsonl`, gathered as `SOURCES.toml` there
//! says). Each opening goes through the pipeline as a text document.
//!
//! A wrong agency or year is worse than none, so the figures count wrong
//! values apart from missed ones. This is a ratchet for issue 15: the bounds
//! below are today's figures and may only tighten; the goal is no wrong key
//! and at least 95% of the stated ones found. Print the figures and every
//! miss with `cargo test --test it keys -- --nocapture`.

use serde_json::Value;

use crate::common::process_bytes;

/// One labelled opening.
struct Opening {
    id: String,
    text: String,
    agency: Option<String>,
    year: Option<i32>,
}

fn openings() -> Vec<Opening> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/keys/openings.jsonl");
    let text = std::fs::read_to_string(path).unwrap();
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let v: Value = serde_json::from_str(line).unwrap();
            let s = |k: &str| v[k].as_str().map(str::to_owned);
            Opening {
                id: s("id").unwrap(),
                text: s("text").unwrap(),
                agency: s("agency"),
                year: v["report_year"].as_i64().map(|y| i32::try_from(y).unwrap()),
            }
        })
        .collect()
}

/// Right, wrong (a value other than the person's, or one where they read
/// none) and missed (none where they read one).
#[derive(Debug, Default)]
struct Score {
    stated: usize,
    right: usize,
    wrong: usize,
    missed: usize,
}

impl Score {
    fn add<T: PartialEq>(&mut self, expected: Option<T>, found: Option<T>) -> &'static str {
        self.stated += usize::from(expected.is_some());
        match (expected, found) {
            (Some(e), Some(f)) if e == f => {
                self.right += 1;
                "right"
            }
            (None, None) => "right",
            (Some(_), None) => {
                self.missed += 1;
                "missed"
            }
            (_, Some(_)) => {
                self.wrong += 1;
                "WRONG"
            }
        }
    }

    fn line(&self, what: &str) -> String {
        let precision = self.right as f64 / (self.right + self.wrong).max(1) as f64;
        let recall = self.right as f64 / self.stated.max(1) as f64;
        format!(
            "{what:<7} stated {:>3}  right {:>3}  wrong {:>3}  missed {:>3}  precision {:.1}%  recall {:.1}%",
            self.stated,
            self.right,
            self.wrong,
            self.missed,
            100.0 * precision,
            100.0 * recall
        )
    }
}

#[test]
fn keys_on_real_openings() {
    let (mut agency, mut year) = (Score::default(), Score::default());
    let all = openings();
    assert!(all.len() >= 150, "{} openings", all.len());
    for o in &all {
        let report = process_bytes(&format!("{}.txt", o.id), o.text.as_bytes().to_vec()).report;
        let squeeze = |s: &str| s.split_whitespace().collect::<String>();
        let a = agency.add(
            o.agency.as_deref().map(squeeze),
            report.agency.as_deref().map(squeeze),
        );
        let y = year.add(o.year, report.report_year);
        if a != "right" || y != "right" {
            println!(
                "{:<44} agency {a:<6} {:?} -> {:?}; year {y:<6} {:?} -> {:?}",
                o.id, o.agency, report.agency, o.year, report.report_year
            );
        }
    }
    println!("{}", agency.line("agency"));
    println!("{}", year.line("year"));
    // Today's figures (issue 15 lowers them): see the module doc.
    assert!(agency.wrong <= AGENCY_WRONG, "{}", agency.line("agency"));
    assert!(agency.right >= AGENCY_RIGHT, "{}", agency.line("agency"));
    assert!(year.wrong <= YEAR_WRONG, "{}", year.line("year"));
    assert!(year.right >= YEAR_RIGHT, "{}", year.line("year"));
}

// Measured 2026-12-04. Before issue 15: agency precision 53.8%, recall 45.2%
// (57 right, 49 wrong); year precision 95.2%, recall 74.1%. After its first
// slice (an agency is a name, not a fragment of a sentence): agency precision
// 96.1%, recall 57.9% (73 right, 3 wrong, 52 missed). After the second
// (titles with the year first, in Chinese numerals or after 信息公开; the year
// a body announces; a parent place named below the title): agency precision
// 96.5%, recall 65.1% (82 right, 3 wrong); year precision 95.8%, recall 84.0%
// (136 right, 6 wrong). With titles over two lines joined and the body's
// self-naming (本报告由X编制, 2021年，X认真…): agency precision 96.7%, recall
// 69.0% (87 right, 3 wrong); year 137 right (recall 84.6%). A publisher field
// (来源：) was tried and dropped: it added no right agency and one wrong one.
// With the year the account under 一、总体情况 opens with: agency precision
// 96.8%, recall 71.4% (90 right, 3 wrong); year precision 96.1%, recall 92.0%
// (149 right, 6 wrong).
const AGENCY_WRONG: usize = 3;
const AGENCY_RIGHT: usize = 90;
const YEAR_WRONG: usize = 6;
const YEAR_RIGHT: usize = 149;
