//! Figures in the narrative: the seed's sentences figure by figure, and
//! precision and recall on the labelled set `fixtures/narrative/labelled.toml`
//! (printed by `cargo test --test it narrative_labelled -- --nocapture`).

use gongkai::model::{Origin, Record, Template, ValueStatus};
use gongkai::narrative;
use gongkai::taxonomy::Taxonomy;
use serde::Deserialize;

use crate::common::{fixture, process_fixture};

const SEED: &str = "seed/000_ada6bcccffd3deee.txt";

fn narrative_records(rel: &str) -> Vec<Record> {
    process_fixture(rel)
        .records
        .into_iter()
        .filter(|r| r.origin == Origin::Narrative)
        .collect()
}

/// The narrative record whose raw text is `raw`; exactly one.
fn by_raw<'a>(records: &'a [Record], raw: &str, label: &str) -> &'a Record {
    let found: Vec<&Record> = records
        .iter()
        .filter(|r| r.value_raw == raw && r.row_label.as_deref().is_some_and(|l| l.contains(label)))
        .collect();
    assert_eq!(found.len(), 1, "{raw} {label}: {found:#?}");
    found[0]
}

#[test]
fn seed_narrative_figures_named_in_the_issue() {
    let records = narrative_records(SEED);
    let check = |raw: &str, label: &str, value: f64, unit: &str, status: ValueStatus| {
        let r = by_raw(&records, raw, label);
        assert_eq!(
            (r.value, r.unit.as_deref(), r.status),
            (Some(value), Some(unit), status),
            "{raw}"
        );
        r
    };
    let one = check("一篇", "政策解读稿件", 1.0, "篇", ValueStatus::Reported);
    assert_eq!(
        one.indicator.as_deref(),
        Some("response.policy_interpretations")
    );
    assert_eq!(
        one.snippet.as_deref(),
        Some(
            "2015年,我委发布政策解读稿件一篇,网上答复市民咨询326人次,电话答复咨询430余人次,当面接待查阅、咨询360余人次,各渠道信息回应均做到及时有效。"
        )
    );
    assert_eq!(
        (one.table_no, one.row_no, one.col_no),
        (None, Some(14), Some(1))
    );
    assert_eq!(one.section.as_deref(), Some("二、信息公开卓有成效"));
    let approx = check(
        "430余人次",
        "电话答复咨询",
        430.0,
        "人次",
        ValueStatus::Approximate,
    );
    assert_eq!(approx.qualifier.as_deref(), Some("余"));
    check(
        "326人次",
        "网上答复市民咨询",
        326.0,
        "人次",
        ValueStatus::Reported,
    );
    check(
        "1030条",
        "工作动态信息发布",
        1030.0,
        "条",
        ValueStatus::Reported,
    );
    check("5个", "新栏目", 5.0, "个", ValueStatus::Reported);
    check("15条", "报送信息", 15.0, "条", ValueStatus::Reported);
    let staff = check("3名", "工作人员", 3.0, "名", ValueStatus::Reported);
    assert_eq!(staff.indicator.as_deref(), Some("capacity.staff"));
    assert!(records.iter().all(|r| r.origin == Origin::Narrative
        && r.report_year == Some(2015)
        && r.agency.as_deref() == Some("衡阳国家高新区")));
}

#[test]
fn seed_narrative_zeros_in_words() {
    let records = narrative_records(SEED);
    let zeros: Vec<(&str, &str)> = records
        .iter()
        .filter(|r| r.status == ValueStatus::None)
        .map(|r| {
            assert_eq!(r.value, Some(0.0));
            (r.indicator.as_deref().unwrap_or("-"), r.value_raw.as_str())
        })
        .collect();
    assert_eq!(
        zeros,
        [
            ("apply.received", "未接到政府信息公开请求"),
            ("review.total", "无因政府信息公开而涉及到的行政复议"),
            (
                "litigation.total",
                "无因政府信息公开而涉及到的行政复议、诉讼"
            ),
            ("fees.collected", "未对信息公开进行收费"),
        ]
    );
}

#[test]
fn seed_narrative_has_no_dates_hotlines_or_urls() {
    let records = narrative_records(SEED);
    for r in &records {
        assert!(
            !["2015", "11月18日", "12月14日", "12345", "hygx"]
                .iter()
                .any(|s| r.value_raw.contains(s)),
            "{r:#?}"
        );
    }
    let values: Vec<f64> = records.iter().filter_map(|r| r.value).collect();
    for v in [2015.0, 11.0, 18.0, 12.0, 14.0, 12345.0] {
        assert!(!values.contains(&v), "{v} read as a figure");
    }
}

/// Every figure of the seed's narrative, in order: one line per record.
#[test]
fn seed_narrative_snapshot() {
    let lines: Vec<String> = narrative_records(SEED)
        .iter()
        .map(|r| {
            format!(
                "p{} s{} | {} | {:?} {} {} {} | {} | {}",
                r.row_no.unwrap_or(0),
                r.col_no.unwrap_or(0),
                r.value_raw,
                r.value,
                r.unit.as_deref().unwrap_or("-"),
                r.status,
                r.qualifier.as_deref().unwrap_or(""),
                r.row_label.as_deref().unwrap_or("-"),
                r.indicator.as_deref().unwrap_or("-"),
            )
        })
        .collect();
    insta::assert_snapshot!(lines.join("\n"));
}

#[test]
fn every_report_fixture_gets_narrative_records() {
    for rel in [
        SEED,
        "seed/000_ada6bcccffd3deee.gbk.txt",
        "real/pingtan-2018_80529.html",
        "real/pingtan-2024_97791.html",
        "text/pipe-suffix-2016.txt",
        "bad/no-table.txt",
    ] {
        let result = process_fixture(rel);
        let narrative = result
            .records
            .iter()
            .filter(|r| r.origin == Origin::Narrative)
            .count();
        assert!(narrative > 0, "{rel}: no narrative records");
        assert_eq!(result.report.n_records as usize, result.records.len());
        // Table records come first, then the narrative's.
        assert!(
            result
                .records
                .windows(2)
                .all(|w| !(w[0].origin == Origin::Narrative && w[1].origin == Origin::Table)),
            "{rel}"
        );
    }
    // A text that is not a report contributes nothing.
    assert!(process_fixture("bad/not-a-report.txt").records.is_empty());
}

#[test]
fn narrative_figures_of_the_2018_page() {
    let records = narrative_records("real/pingtan-2018_80529.html");
    let total = by_raw(&records, "2069条", "主动公开政府信息");
    assert_eq!(total.indicator.as_deref(), Some("proactive.total"));
    // Parts of the total stay unmapped.
    let part = by_raw(&records, "1592条", "区直各部门");
    assert_eq!(part.indicator, None);
    let zeros: Vec<&str> = records
        .iter()
        .filter(|r| r.status == ValueStatus::None)
        .filter_map(|r| r.indicator.as_deref())
        .collect();
    assert_eq!(
        zeros,
        ["apply.received", "review.total", "litigation.total"]
    );
}

#[derive(Debug, Deserialize)]
struct Labelled {
    sentence: Vec<Sentence>,
}

#[derive(Debug, Deserialize)]
struct Sentence {
    source: String,
    template: String,
    /// `tuning` or `holdout`.
    split: String,
    text: String,
    figures: Vec<Expected>,
}

#[derive(Debug, Clone, Deserialize)]
struct Expected {
    raw: Option<String>,
    value: f64,
    unit: Option<String>,
    status: Option<String>,
    qualifier: Option<String>,
    label: Option<String>,
    indicator: Option<String>,
}

/// An extracted figure, read as the pipeline reads it.
#[derive(Debug)]
struct Found {
    raw: String,
    value: Option<f64>,
    unit: Option<String>,
    status: ValueStatus,
    qualifier: Option<String>,
    label: Option<String>,
    indicator: Option<String>,
}

/// Whether `found` is the expected figure (same raw text and counted phrase),
/// and if so whether it is right (value, unit, status, qualifier, indicator).
fn pair(found: &Found, expected: &Expected) -> Option<bool> {
    let status = expected.status.as_deref().unwrap_or("reported");
    let same = match &expected.raw {
        Some(raw) => {
            *raw == found.raw
                && expected.label.as_ref().is_none_or(|l| {
                    found
                        .label
                        .as_deref()
                        .is_some_and(|found| found.contains(l.as_str()))
                })
        }
        // A zero in words: matched by its indicator.
        None => found.status.as_str() == status && found.indicator == expected.indicator,
    };
    if !same {
        return None;
    }
    let right = found.value == Some(expected.value)
        && found.status.as_str() == status
        && found.unit == expected.unit
        && found.qualifier == expected.qualifier
        && (found.indicator.is_none() || found.indicator == expected.indicator);
    Some(right)
}

#[derive(Debug, Default)]
struct Score {
    sentences: usize,
    expected: usize,
    found: usize,
    right: usize,
    expected_mapped: usize,
    found_mapped: usize,
    right_mapped: usize,
}

fn percent(a: usize, b: usize) -> String {
    if b == 0 {
        "n/a".to_owned()
    } else {
        format!("{:.1}% ({a}/{b})", 100.0 * a as f64 / b as f64)
    }
}

impl Score {
    fn add(&mut self, other: &Score) {
        self.sentences += other.sentences;
        self.expected += other.expected;
        self.found += other.found;
        self.right += other.right;
        self.expected_mapped += other.expected_mapped;
        self.found_mapped += other.found_mapped;
        self.right_mapped += other.right_mapped;
    }

    fn print(&self, name: &str) {
        println!(
            "{name:8} {:3} sentences | figures: precision {}, recall {} | indicators: precision {}, recall {}",
            self.sentences,
            percent(self.right, self.found),
            percent(self.right, self.expected),
            percent(self.right_mapped, self.found_mapped),
            percent(self.right_mapped, self.expected_mapped),
        );
    }
}

/// Score one sentence; what went wrong or was missed is appended to the lists.
fn score_sentence(sentence: &Sentence, wrong: &mut Vec<String>, missed: &mut Vec<String>) -> Score {
    let template = Template::parse(&sentence.template).expect("a template name");
    let found: Vec<Found> = narrative::extract(
        std::slice::from_ref(&sentence.text),
        Taxonomy::builtin(),
        template,
    )
    .into_iter()
    .map(|v| {
        let n = narrative::read(&v.raw);
        Found {
            raw: v.raw,
            value: n.value,
            unit: n.unit,
            status: n.status,
            qualifier: n.qualifier,
            label: v.row_label,
            indicator: v.indicator,
        }
    })
    .collect();
    let mut score = Score {
        sentences: 1,
        expected: sentence.figures.len(),
        expected_mapped: sentence
            .figures
            .iter()
            .filter(|e| e.indicator.is_some())
            .count(),
        ..Score::default()
    };
    let mut open: Vec<Option<&Expected>> = sentence.figures.iter().map(Some).collect();
    for f in &found {
        score.found += 1;
        score.found_mapped += usize::from(f.indicator.is_some());
        let matched = open.iter_mut().find_map(|slot| {
            let e = (*slot)?;
            pair(f, e).map(|right| (slot, e, right))
        });
        match matched {
            Some((slot, e, true)) => {
                score.right += 1;
                if f.indicator.is_some() && f.indicator == e.indicator {
                    score.right_mapped += 1;
                } else if let Some(code) = &e.indicator {
                    missed.push(format!(
                        "[{}] {} {:?}: not mapped to {code}",
                        sentence.split, f.raw, f.label
                    ));
                }
                *slot = None;
            }
            Some((slot, e, false)) => {
                wrong.push(format!(
                    "{}\n    found {f:?}\n    expected {e:?}",
                    sentence.source
                ));
                *slot = None;
            }
            None => wrong.push(format!(
                "{}: {}\n    found {f:?} (not a figure of the set)",
                sentence.source, sentence.text
            )),
        }
    }
    for e in open.into_iter().flatten() {
        missed.push(format!(
            "[{}] {} {:?} {:?}",
            sentence.split,
            e.raw.as_deref().unwrap_or("(zero)"),
            e.label,
            e.indicator
        ));
    }
    score
}

#[test]
fn narrative_labelled_precision_and_recall() {
    // GONGKAI_LABELLED=FILE scores another file of the same form instead.
    let path = std::env::var_os("GONGKAI_LABELLED").map_or_else(
        || fixture("narrative/labelled.toml"),
        std::path::PathBuf::from,
    );
    let text = std::fs::read_to_string(&path).unwrap();
    let labelled: Labelled = toml::from_str(&text).unwrap();
    assert!(labelled.sentence.len() >= 50 || std::env::var_os("GONGKAI_LABELLED").is_some());
    let mut wrong: Vec<String> = Vec::new();
    let mut missed: Vec<String> = Vec::new();
    let mut by_split: Vec<(String, Score)> = Vec::new();
    for sentence in &labelled.sentence {
        let score = score_sentence(sentence, &mut wrong, &mut missed);
        match by_split
            .iter_mut()
            .find(|(name, _)| *name == sentence.split)
        {
            Some((_, total)) => total.add(&score),
            None => by_split.push((sentence.split.clone(), score)),
        }
    }
    let mut all = Score::default();
    println!("narrative figures on {}:", path.display());
    for (name, score) in &by_split {
        score.print(name);
        all.add(score);
    }
    all.print("all");
    if !missed.is_empty() {
        println!("missed:\n  {}", missed.join("\n  "));
    }
    assert!(wrong.is_empty(), "wrong figures:\n{}", wrong.join("\n"));
    assert_eq!(all.right, all.found, "figure precision below 100%");
    assert_eq!(
        all.right_mapped, all.found_mapped,
        "indicator precision below 100%"
    );
}
