//! The national formats (fmt2019, fmt2021) in every form their tables reach us
//! in: every cell of table 三 is asserted (indicator, breakdown, value,
//! status) against the values written in the fixture, the text forms against
//! the same table as the HTML. The real Pingtan pages are checked against
//! values read by hand from the published pages.

use gongkai::model::{DocResult, InputForm, Record, ReportStatus, Template, ValueStatus};
use gongkai::text::fold_traditional;

use crate::common::{process_bytes, process_fixture, record, table_records};

/// The applicant columns of table 三, left to right.
const APPLICANTS: [&str; 7] = [
    "natural_person",
    "commercial",
    "research",
    "public_interest",
    "legal_services",
    "other_org",
    "total",
];

/// Table 三 of `fixtures/national/fmt2019*`: one row per indicator, the cells
/// as written ("" blank, 无, numbers).
const THREE_2019: &[(&str, [&str; 7])] = &[
    ("apply.received", ["12", "2", "0", "1", "0", "0", "15"]),
    ("apply.carried_over", ["1", "0", "0", "0", "0", "0", "1"]),
    (
        "apply.result.disclosed",
        ["5", "1", "0", "0", "0", "0", "6"],
    ),
    (
        "apply.result.partly_disclosed",
        ["2", "0", "0", "1", "0", "0", "3"],
    ),
    ("apply.result.refused.state_secret", ["0"; 7]),
    ("apply.result.refused.prohibited_by_law", ["0"; 7]),
    ("apply.result.refused.security_stability", ["0"; 7]),
    (
        "apply.result.refused.third_party",
        ["1", "0", "0", "0", "0", "0", "1"],
    ),
    ("apply.result.refused.internal_affairs", ["0"; 7]),
    (
        "apply.result.refused.process_info",
        ["1", "0", "0", "0", "0", "0", "1"],
    ),
    ("apply.result.refused.enforcement_files", [""; 7]),
    ("apply.result.refused.inquiry_matters", ["0"; 7]),
    (
        "apply.result.unable.not_held",
        ["2", "1", "0", "0", "0", "0", "3"],
    ),
    ("apply.result.unable.needs_creation", ["0"; 7]),
    (
        "apply.result.unable.unclear",
        ["1", "0", "0", "0", "0", "0", "1"],
    ),
    ("apply.result.not_processed.petition", ["0"; 7]),
    (
        "apply.result.not_processed.repeated",
        ["1", "0", "0", "0", "0", "0", "1"],
    ),
    (
        "apply.result.not_processed.publications",
        ["无", "0", "0", "0", "0", "0", "0"],
    ),
    ("apply.result.not_processed.mass_repeated", ["0"; 7]),
    ("apply.result.not_processed.confirm_obtained", ["0"; 7]),
    ("apply.result.other", ["0"; 7]),
    ("apply.result.total", ["13", "2", "0", "1", "0", "0", "16"]),
    ("apply.carried_forward", ["0"; 7]),
];

/// Table 三 of `fixtures/national/fmt2021*`: a blank 总计 next to filled
/// details in （二）, 无 in 二, a dash in （五）4.
const THREE_2021: &[(&str, [&str; 7])] = &[
    ("apply.received", ["40", "3", "1", "0", "2", "1", "47"]),
    ("apply.carried_over", ["2", "无", "0", "0", "0", "0", "2"]),
    (
        "apply.result.disclosed",
        ["18", "1", "0", "0", "1", "0", "20"],
    ),
    (
        "apply.result.partly_disclosed",
        ["4", "1", "0", "0", "0", "0", ""],
    ),
    ("apply.result.refused.state_secret", ["0"; 7]),
    (
        "apply.result.refused.prohibited_by_law",
        ["1", "0", "0", "0", "0", "0", "1"],
    ),
    ("apply.result.refused.security_stability", ["0"; 7]),
    (
        "apply.result.refused.third_party",
        ["2", "0", "0", "0", "0", "0", "2"],
    ),
    (
        "apply.result.refused.internal_affairs",
        ["1", "0", "0", "0", "0", "0", "1"],
    ),
    ("apply.result.refused.process_info", ["0"; 7]),
    ("apply.result.refused.enforcement_files", ["0"; 7]),
    (
        "apply.result.refused.inquiry_matters",
        ["1", "0", "0", "0", "0", "0", "1"],
    ),
    (
        "apply.result.unable.not_held",
        ["6", "0", "1", "0", "0", "0", "7"],
    ),
    (
        "apply.result.unable.needs_creation",
        ["1", "0", "0", "0", "0", "0", "1"],
    ),
    ("apply.result.unable.unclear", ["0"; 7]),
    (
        "apply.result.not_processed.petition",
        ["2", "0", "0", "0", "0", "0", "2"],
    ),
    (
        "apply.result.not_processed.repeated",
        ["1", "0", "0", "0", "0", "0", "1"],
    ),
    ("apply.result.not_processed.publications", ["0"; 7]),
    (
        "apply.result.not_processed.mass_repeated",
        ["0", "0", "0", "0", "-", "0", "0"],
    ),
    ("apply.result.not_processed.confirm_obtained", ["0"; 7]),
    (
        "apply.result.other.no_amendment",
        ["1", "0", "0", "0", "0", "0", "1"],
    ),
    ("apply.result.other.fee_unpaid", ["0"; 7]),
    (
        "apply.result.other.other",
        ["1", "1", "0", "0", "0", "0", "2"],
    ),
    ("apply.result.total", ["39", "3", "1", "0", "1", "0", "44"]),
    ("apply.carried_forward", ["3", "0", "0", "0", "1", "1", "5"]),
];

/// Table 三 of the real page fixtures/real/pingtan-2024_97791.html, read by
/// hand from the page (see fixtures/real/SOURCES.toml: 新收 217+1 → 218, 予以公开 71, 部分公开 29,
/// 不予公开 4+3+32, 无法提供 75, 不予处理 1, 其他处理 1+2, 总计 218, 结转 0).
const THREE_PINGTAN_2024: &[(&str, [&str; 7])] = &[
    ("apply.received", ["217", "1", "0", "0", "0", "0", "218"]),
    ("apply.carried_over", ["0"; 7]),
    (
        "apply.result.disclosed",
        ["71", "0", "0", "0", "0", "0", "71"],
    ),
    (
        "apply.result.partly_disclosed",
        ["29", "0", "0", "0", "0", "0", "29"],
    ),
    (
        "apply.result.refused.state_secret",
        ["4", "0", "0", "0", "0", "0", "4"],
    ),
    ("apply.result.refused.prohibited_by_law", ["0"; 7]),
    ("apply.result.refused.security_stability", ["0"; 7]),
    (
        "apply.result.refused.third_party",
        ["3", "0", "0", "0", "0", "0", "3"],
    ),
    (
        "apply.result.refused.internal_affairs",
        ["32", "0", "0", "0", "0", "0", "32"],
    ),
    ("apply.result.refused.process_info", ["0"; 7]),
    ("apply.result.refused.enforcement_files", ["0"; 7]),
    ("apply.result.refused.inquiry_matters", ["0"; 7]),
    (
        "apply.result.unable.not_held",
        ["75", "0", "0", "0", "0", "0", "75"],
    ),
    ("apply.result.unable.needs_creation", ["0"; 7]),
    ("apply.result.unable.unclear", ["0"; 7]),
    ("apply.result.not_processed.petition", ["0"; 7]),
    (
        "apply.result.not_processed.repeated",
        ["1", "0", "0", "0", "0", "0", "1"],
    ),
    ("apply.result.not_processed.publications", ["0"; 7]),
    ("apply.result.not_processed.mass_repeated", ["0"; 7]),
    ("apply.result.not_processed.confirm_obtained", ["0"; 7]),
    (
        "apply.result.other.no_amendment",
        ["1", "0", "0", "0", "0", "0", "1"],
    ),
    ("apply.result.other.fee_unpaid", ["0"; 7]),
    (
        "apply.result.other.other",
        ["1", "1", "0", "0", "0", "0", "2"],
    ),
    (
        "apply.result.total",
        ["217", "1", "0", "0", "0", "0", "218"],
    ),
    ("apply.carried_forward", ["0"; 7]),
];

/// Table 三 of the real 2019 page (fixtures/real/pingtan-2019_80576.*), read
/// by hand from page.html: 新收 23, 予以公开 7, 部分公开 1, 无法提供 7 + 5,
/// 重复申请 3, 总计 23, everything else 0.
const THREE_PINGTAN_2019: &[(&str, [&str; 7])] = &[
    ("apply.received", ["23", "0", "0", "0", "0", "0", "23"]),
    ("apply.carried_over", ["0"; 7]),
    (
        "apply.result.disclosed",
        ["7", "0", "0", "0", "0", "0", "7"],
    ),
    (
        "apply.result.partly_disclosed",
        ["1", "0", "0", "0", "0", "0", "1"],
    ),
    ("apply.result.refused.state_secret", ["0"; 7]),
    ("apply.result.refused.prohibited_by_law", ["0"; 7]),
    ("apply.result.refused.security_stability", ["0"; 7]),
    ("apply.result.refused.third_party", ["0"; 7]),
    ("apply.result.refused.internal_affairs", ["0"; 7]),
    ("apply.result.refused.process_info", ["0"; 7]),
    ("apply.result.refused.enforcement_files", ["0"; 7]),
    ("apply.result.refused.inquiry_matters", ["0"; 7]),
    (
        "apply.result.unable.not_held",
        ["7", "0", "0", "0", "0", "0", "7"],
    ),
    ("apply.result.unable.needs_creation", ["0"; 7]),
    (
        "apply.result.unable.unclear",
        ["5", "0", "0", "0", "0", "0", "5"],
    ),
    ("apply.result.not_processed.petition", ["0"; 7]),
    (
        "apply.result.not_processed.repeated",
        ["3", "0", "0", "0", "0", "0", "3"],
    ),
    ("apply.result.not_processed.publications", ["0"; 7]),
    ("apply.result.not_processed.mass_repeated", ["0"; 7]),
    ("apply.result.not_processed.confirm_obtained", ["0"; 7]),
    ("apply.result.other", ["0"; 7]),
    ("apply.result.total", ["23", "0", "0", "0", "0", "0", "23"]),
    ("apply.carried_forward", ["0"; 7]),
];

/// What a cell as written must come out as.
fn expected(raw: &str) -> (Option<f64>, ValueStatus) {
    match raw {
        "" => (None, ValueStatus::Blank),
        "无" => (Some(0.0), ValueStatus::None),
        "-" => (None, ValueStatus::NotApplicable),
        n => (n.parse().ok(), ValueStatus::Reported),
    }
}

/// The records of table 三 (the only table whose indicators carry an
/// applicant breakdown).
fn table_three(result: &DocResult) -> Vec<&Record> {
    let table_no = result
        .records
        .iter()
        .find(|r| r.indicator.as_deref() == Some("apply.received"))
        .and_then(|r| r.table_no);
    result
        .records
        .iter()
        .filter(|r| r.table_no == table_no)
        .collect()
}

/// Assert every cell of table 三: one record per (row, column) with the
/// expected indicator, breakdown, value and status, and nothing else. Rows in
/// `unsettled` are expected null with status unparsed, their text kept.
fn assert_table_three(
    result: &DocResult,
    rows: &[(&str, [&str; 7])],
    unsettled: &[(&str, &str)],
) -> usize {
    let records = table_three(result);
    assert_eq!(records.len(), rows.len() * 7, "{}", result.report.source);
    let mut checked = 0;
    for (code, cells) in rows {
        let open = unsettled.iter().find(|(c, _)| c == code);
        for (breakdown, raw) in APPLICANTS.iter().zip(cells) {
            let r = record(result, code, Some(breakdown));
            let what = format!("{} {code} {breakdown}", result.report.source);
            match open {
                Some((_, found)) => {
                    assert_eq!((r.value, r.status), (None, ValueStatus::Unparsed), "{what}");
                    assert_eq!(&r.value_raw, found, "{what}");
                }
                None => {
                    assert_eq!((r.value, r.status), expected(raw), "{what}");
                    // (Traditional copies write 無; the raw text stays as written.)
                    assert_eq!(fold_traditional(r.value_raw.trim()), *raw, "{what}");
                }
            }
            assert_eq!(r.unit.as_deref(), Some("件"), "{what}");
            checked += 1;
        }
    }
    checked
}

/// The form identity printed on table 三: 一 + 二 = 三(七) + 四, in every
/// column where all four cells state a number.
fn assert_form_identity(result: &DocResult) -> usize {
    let mut checked = 0;
    for b in APPLICANTS {
        let v = |code: &str| {
            result
                .records
                .iter()
                .find(|r| r.indicator.as_deref() == Some(code) && r.breakdown.as_deref() == Some(b))
                .and_then(|r| r.value)
        };
        let terms = (
            v("apply.received"),
            v("apply.carried_over"),
            v("apply.result.total"),
            v("apply.carried_forward"),
        );
        if let (Some(a), Some(b2), Some(c), Some(d)) = terms {
            assert_eq!(a + b2, c + d, "{} column {b}", result.report.source);
            checked += 1;
        }
    }
    checked
}

const FORMS: [(&str, InputForm); 6] = [
    ("html", InputForm::Html),
    ("pipe.txt", InputForm::PipeText),
    ("pipe-suffix.txt", InputForm::PipeText),
    ("markdown.md", InputForm::MarkdownPipe),
    ("lines.txt", InputForm::LineCells),
    ("glued.txt", InputForm::Glued),
];

fn fixture_name(fmt: &str, form: &str) -> String {
    if form == "html" {
        format!("national/{fmt}.html")
    } else {
        format!("national/{fmt}-{form}")
    }
}

#[test]
fn fmt2019_table_three_in_every_form() {
    for (form, input_form) in FORMS {
        let result = process_fixture(&fixture_name("fmt2019", form));
        let report = &result.report;
        assert_eq!(
            report.status,
            ReportStatus::Ok,
            "{form}: {:?}",
            report.error
        );
        assert_eq!(report.template, Template::Fmt2019, "{form}");
        assert_eq!(report.input_form, Some(input_form), "{form}");
        assert_eq!(report.report_year, Some(2019), "{form}");
        assert_eq!(assert_table_three(&result, THREE_2019, &[]), 161, "{form}");
        assert_eq!(assert_form_identity(&result), 7, "{form}");
    }
}

#[test]
fn fmt2021_table_three_in_every_form() {
    for (form, input_form) in FORMS {
        let result = process_fixture(&fixture_name("fmt2021", form));
        let report = &result.report;
        assert_eq!(
            report.status,
            ReportStatus::Ok,
            "{form}: {:?}",
            report.error
        );
        assert_eq!(report.template, Template::Fmt2021, "{form}");
        assert_eq!(report.input_form, Some(input_form), "{form}");
        // Glued text loses the blank 总计 of （二） and can't tell the dash of
        // （五）4 from digits: those rows have no exact split, and （一） then
        // has two readings the identities cannot tell apart.
        let unsettled: &[(&str, &str)] = if form == "glued.txt" {
            &[
                ("apply.result.disclosed", "181001020"),
                ("apply.result.partly_disclosed", "410000"),
                ("apply.result.not_processed.mass_repeated", "0000 | -00"),
            ]
        } else {
            &[]
        };
        assert_eq!(
            assert_table_three(&result, THREE_2021, unsettled),
            175,
            "{form}"
        );
        assert_eq!(assert_form_identity(&result), 7, "{form}");
    }
}

#[test]
fn traditional_labels_match_the_same_codes() {
    let result = process_fixture("national/fmt2021-traditional.html");
    assert_eq!(result.report.template, Template::Fmt2021);
    assert_table_three(&result, THREE_2021, &[]);
    let received = record(&result, "apply.received", Some("total"));
    // Stored labels stay as written.
    assert_eq!(
        received.row_label.as_deref(),
        Some("一、本年新收政府信息公開申請數量")
    );
    assert_eq!(received.col_label.as_deref(), Some("申請人情況/總計"));
    let none = record(&result, "apply.carried_over", Some("commercial"));
    assert_eq!(
        (none.value_raw.as_str(), none.status),
        ("無", ValueStatus::None)
    );
    let fees = record(&result, "proactive.fees.amount", None);
    assert_eq!(fees.value, Some(96171.6));
    assert_eq!(
        record(&result, "litigation.total", Some("after_review")).value,
        Some(2.0)
    );
}

#[test]
fn every_text_form_locates_cells_where_the_html_does() {
    for fmt in ["fmt2019", "fmt2021"] {
        let html = process_fixture(&fixture_name(fmt, "html"));
        let place = |r: &Record| {
            (
                r.table_no,
                r.row_no,
                r.col_no,
                r.indicator.clone(),
                r.breakdown.clone(),
                r.row_label.clone(),
                r.col_label.clone(),
                r.section.clone(),
            )
        };
        let want: Vec<_> = html.records.iter().map(place).collect();
        for (form, _) in &FORMS[1..] {
            let text = process_fixture(&fixture_name(fmt, form));
            let got: Vec<_> = text.records.iter().map(place).collect();
            assert_eq!(got, want, "{fmt} {form}");
        }
    }
}

#[test]
fn label_paths_of_table_three() {
    let result = process_fixture("national/fmt2021-lines.txt");
    let r = record(
        &result,
        "apply.result.refused.state_secret",
        Some("commercial"),
    );
    assert_eq!(
        r.row_label.as_deref(),
        Some("三、本年度办理结果/（三）不予公开/1.属于国家秘密")
    );
    assert_eq!(
        r.col_label.as_deref(),
        Some("申请人情况/法人或其他组织/商业企业")
    );
    assert_eq!(r.section.as_deref(), Some("三、本年度办理结果"));
    assert_eq!((r.row_no, r.col_no), (Some(8), Some(5)));
}

#[test]
fn table_two_values_units_and_an_unknown_row() {
    let y19 = process_fixture("national/fmt2019.html");
    let v = |r: &DocResult, code: &str| {
        let rec = record(r, code, None);
        (rec.value, rec.status, rec.unit.clone())
    };
    assert_eq!(v(&y19, "proactive.licensing.items_change").0, Some(-8.0));
    assert_eq!(v(&y19, "proactive.fees.items_change").0, Some(-1.0));
    assert_eq!(
        v(&y19, "proactive.procurement.amount"),
        (Some(251000.0), ValueStatus::Reported, Some("元".into()))
    );
    assert_eq!(v(&y19, "proactive.normative_docs_issued").0, Some(5.0));
    assert_eq!(
        v(&y19, "proactive.normative_docs.public_total").0,
        Some(37.0)
    );
    let y21 = process_fixture("national/fmt2021-pipe.txt");
    assert_eq!(
        v(&y21, "proactive.fees.amount"),
        (Some(96171.6), ValueStatus::Reported, Some("万元".into()))
    );
    assert_eq!(v(&y21, "proactive.normative_docs.in_force").0, Some(665.0));
    // 其他主动公开文件 is a provincial extra row: kept, with no code.
    let extra: Vec<&Record> = y21
        .records
        .iter()
        .filter(|r| r.row_label.as_deref() == Some("其他主动公开文件"))
        .collect();
    assert_eq!(extra.len(), 3);
    assert!(extra.iter().all(|r| r.indicator.is_none()));
    assert_eq!(
        extra.iter().map(|r| r.value).collect::<Vec<_>>(),
        [Some(5.0), Some(0.0), Some(30.0)]
    );
}

#[test]
fn glued_cells_split_only_where_one_split_exists() {
    let result = process_fixture("national/fmt2021-glued.txt");
    // `行政规范性文件693665` has ten splits into three numbers and table 二 states
    // no identity: null, unparsed, the text kept.
    for code in [
        "proactive.normative_docs_issued",
        "proactive.normative_docs.repealed",
        "proactive.normative_docs.in_force",
    ] {
        let r = record(&result, code, None);
        assert_eq!(
            (r.value, r.status, r.value_raw.as_str()),
            (None, ValueStatus::Unparsed, "693665")
        );
    }
    // One column, one reading.
    assert_eq!(
        record(&result, "proactive.licensing.decisions", None).value,
        Some(2048.0)
    );
    assert_eq!(
        record(&result, "proactive.fees.amount", None).value,
        Some(96171.6)
    );
    // `403102147` splits many ways, but only 40|3|1|0|2|1|47 adds up.
    let received = record(&result, "apply.received", Some("natural_person"));
    assert_eq!(
        (received.value, received.value_raw.as_str()),
        (Some(40.0), "40")
    );
    let y19 = process_fixture("national/fmt2019-glued.txt");
    assert_eq!(
        record(&y19, "proactive.rules.public_total", None).value,
        Some(2.0)
    );
    assert_eq!(
        record(&y19, "proactive.fees.items_change", None).value,
        Some(-1.0)
    );
}

#[test]
fn table_four_in_both_formats() {
    let expect = |fmt: &str, row: [f64; 15]| {
        let result = process_fixture(&fixture_name(fmt, "glued.txt"));
        let mut got = Vec::new();
        for (route, codes) in [
            (None, "review"),
            (Some("direct"), "litigation"),
            (Some("after_review"), "litigation"),
        ] {
            for part in ["upheld", "corrected", "other", "pending", "total"] {
                let r = record(&result, &format!("{codes}.{part}"), route);
                got.push(r.value.unwrap_or(f64::NAN));
            }
        }
        assert_eq!(got, row, "{fmt}");
    };
    expect(
        "fmt2019",
        [1., 0., 0., 0., 1., 0., 0., 0., 1., 1., 0., 0., 0., 0., 0.],
    );
    expect(
        "fmt2021",
        [3., 1., 0., 1., 5., 2., 0., 1., 0., 3., 1., 1., 0., 0., 2.],
    );
}

#[test]
fn old_headers_in_a_later_year_stay_fmt2019() {
    let bytes = std::fs::read(crate::common::fixture("national/fmt2019.html")).unwrap();
    let later = String::from_utf8(bytes)
        .unwrap()
        .replace("2019年度", "2023年度");
    let result = process_bytes("fmt2019-tables-2023.html", later.into_bytes());
    assert_eq!(result.report.report_year, Some(2023));
    assert_eq!(result.report.template, Template::Fmt2019);
    assert_table_three(&result, THREE_2019, &[]);
}

#[test]
fn pingtan_2024_fmt2021_page() {
    let result = process_fixture("real/pingtan-2024_97791.html");
    assert_eq!(result.report.template, Template::Fmt2021);
    assert_eq!(result.report.status, ReportStatus::Ok);
    assert_eq!(assert_table_three(&result, THREE_PINGTAN_2024, &[]), 175);
    assert_eq!(assert_form_identity(&result), 7);
    let v = |code: &str, b: Option<&str>| record(&result, code, b).value;
    // Table 二, as fixtures/real/SOURCES.toml lists it.
    for (code, want) in [
        ("proactive.rules.issued", 0.0),
        ("proactive.rules.repealed", 0.0),
        ("proactive.rules.in_force", 0.0),
        ("proactive.normative_docs_issued", 62.0),
        ("proactive.normative_docs.repealed", 33.0),
        ("proactive.normative_docs.in_force", 440.0),
        ("proactive.licensing.decisions", 4529.0),
        ("proactive.penalties.decisions", 1100.0),
        ("proactive.coercion.decisions", 65.0),
        ("proactive.fees.amount", 18651.06),
    ] {
        assert_eq!(v(code, None), Some(want), "{code}");
    }
    // Table 四: 2 1 3 1 7 | 0 0 0 0 0 | 13 2 4 0 19.
    let four: Vec<Option<f64>> = [
        ("review.upheld", None),
        ("review.corrected", None),
        ("review.other", None),
        ("review.pending", None),
        ("review.total", None),
        ("litigation.upheld", Some("direct")),
        ("litigation.corrected", Some("direct")),
        ("litigation.other", Some("direct")),
        ("litigation.pending", Some("direct")),
        ("litigation.total", Some("direct")),
        ("litigation.upheld", Some("after_review")),
        ("litigation.corrected", Some("after_review")),
        ("litigation.other", Some("after_review")),
        ("litigation.pending", Some("after_review")),
        ("litigation.total", Some("after_review")),
    ]
    .iter()
    .map(|(c, b)| v(c, *b))
    .collect();
    let want: Vec<Option<f64>> = [2., 1., 3., 1., 7., 0., 0., 0., 0., 0., 13., 2., 4., 0., 19.]
        .into_iter()
        .map(Some)
        .collect();
    assert_eq!(four, want);
    assert_eq!(table_records(&result).len(), 10 + 175 + 15);
}

#[test]
fn pingtan_2019_fmt2019_page_html_and_glued() {
    // Table 二 read by hand from page.html.
    let table_two: [(&str, &str); 22] = [
        ("proactive.rules.issued", "0"),
        ("proactive.rules.published", "0"),
        ("proactive.rules.public_total", "0"),
        ("proactive.normative_docs_issued", "89"),
        ("proactive.normative_docs", "89"),
        ("proactive.normative_docs.public_total", "89"),
        ("proactive.licensing.items_prev", "396"),
        ("proactive.licensing.items_change", "0"),
        ("proactive.licensing.decisions", "181"),
        ("proactive.other_services.items_prev", "10"),
        ("proactive.other_services.items_change", "0"),
        ("proactive.other_services.decisions", "153"),
        ("proactive.penalties.items_prev", "2648"),
        ("proactive.penalties.items_change", "0"),
        ("proactive.penalties.decisions", "430"),
        ("proactive.coercion.items_prev", "126"),
        ("proactive.coercion.items_change", "0"),
        ("proactive.coercion.decisions", "25"),
        ("proactive.fees.items_prev", "35"),
        ("proactive.fees.items_change", "0"),
        ("proactive.procurement.projects", "135"),
        ("proactive.procurement.amount", "75394432.52元"),
    ];
    let html = process_fixture("real/pingtan-2019_80576.html");
    assert_eq!(html.report.template, Template::Fmt2019);
    assert_eq!(html.report.report_year, Some(2019));
    assert_eq!(assert_table_three(&html, THREE_PINGTAN_2019, &[]), 161);
    assert_eq!(assert_form_identity(&html), 7);
    for (code, raw) in table_two {
        let r = record(&html, code, None);
        assert_eq!(r.value_raw, raw, "{code}");
        assert_eq!(r.status, ValueStatus::Reported, "{code}");
    }
    assert_eq!(
        record(&html, "proactive.procurement.amount", None)
            .unit
            .as_deref(),
        Some("元")
    );
    assert!(
        html.records
            .iter()
            .filter(|r| r
                .indicator
                .as_deref()
                .is_some_and(|c| c.starts_with("review.") || c.starts_with("litigation.")))
            .all(|r| r.value == Some(0.0))
    );

    // The archive's own text of the same page: every cell glued together.
    let glued = process_fixture("real/pingtan-2019_80576.txt");
    assert_eq!(glued.report.template, Template::Fmt2019);
    assert_eq!(glued.report.input_form, Some(InputForm::Glued));
    assert_eq!(assert_table_three(&glued, THREE_PINGTAN_2019, &[]), 161);
    assert_eq!(assert_form_identity(&glued), 7);
    // Table 二: `规章000` has one split; the other rows have several and no
    // identity to choose: null, unparsed, the glued digits kept.
    for (code, raw) in table_two {
        let r = record(&glued, code, None);
        if code.starts_with("proactive.rules.") {
            assert_eq!(
                (r.value_raw.as_str(), r.status),
                (raw, ValueStatus::Reported),
                "{code}"
            );
        } else {
            assert_eq!((r.value, r.status), (None, ValueStatus::Unparsed), "{code}");
            assert!(r.value_raw.chars().any(|c| c.is_ascii_digit()), "{code}");
        }
    }
    assert_eq!(
        record(&glued, "proactive.licensing.decisions", None).value_raw,
        "3960181"
    );
    assert_eq!(
        glued
            .records
            .iter()
            .filter(|r| r.status == ValueStatus::Unparsed)
            .count(),
        19
    );
}
