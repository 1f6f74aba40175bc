//! Decoding: the same report in another encoding gives the same records.

use gongkai::model::EncodingSource;

use crate::common::{process_bytes, process_fixture};

#[test]
fn gbk_copy_of_the_seed_gives_the_same_records() {
    let utf8 = process_fixture("seed/000_ada6bcccffd3deee.txt");
    let gbk = process_fixture("seed/000_ada6bcccffd3deee.gbk.txt");
    assert_eq!(gbk.report.encoding.as_deref(), Some("GBK"));
    assert_eq!(gbk.report.encoding_source, Some(EncodingSource::Detected));
    assert_ne!(gbk.report.report_id, utf8.report.report_id);
    assert_eq!(gbk.records.len(), utf8.records.len());
    for (a, b) in utf8.records.iter().zip(&gbk.records) {
        assert_eq!(
            (
                &a.indicator,
                a.value,
                a.status,
                &a.value_raw,
                &a.row_label,
                &a.unit
            ),
            (
                &b.indicator,
                b.value,
                b.status,
                &b.value_raw,
                &b.row_label,
                &b.unit
            )
        );
    }
}

#[test]
fn big5_report_decodes() {
    let text = "示例局2016年度政府資訊公開工作年度報告\n指標\n|\n單位\n|\n數量\n|\n（一）收到申請數\n|\n件\n|\n12\n|\n";
    let (bytes, _, unmappable) = encoding_rs::BIG5.encode(text);
    assert!(!unmappable);
    let result = process_bytes("big5.txt", bytes.into_owned());
    assert_eq!(result.report.encoding.as_deref(), Some("Big5"));
    assert_eq!(result.records.len(), 1);
    assert_eq!(result.records[0].value, Some(12.0));
    assert_eq!(
        result.records[0].row_label.as_deref(),
        Some("（一）收到申請數")
    );
}

#[test]
fn utf8_bom_is_recorded() {
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend_from_slice(
        &std::fs::read(crate::common::fixture("seed/000_ada6bcccffd3deee.txt")).unwrap(),
    );
    let result = process_bytes("bom.txt", bytes);
    assert_eq!(result.report.encoding_source, Some(EncodingSource::Bom));
    assert_eq!(crate::common::table_records(&result).len(), 59);
}
