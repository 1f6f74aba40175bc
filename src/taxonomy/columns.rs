//! The header words of the national and provincial statistics tables
//! (`指标 | 单位 | 数量`, `历年累计`, `2018年度`): which [`ColumnRole`] a header
//! cell announces.
//!
//! This module knows header words; it must not read a grid or decide where a
//! table starts (extraction and classification do, with its answer).

use crate::model::ColumnRole;
use crate::text::label_key;

/// The role announced by a header cell, if it is one of the headers the
/// national and provincial statistics tables use.
pub fn column_role(header: &str) -> Option<ColumnRole> {
    let key = label_key(header);
    let without_year = key.trim_start_matches(|c: char| c.is_ascii_digit());
    let has_year = without_year.len() < key.len();
    match key.as_str() {
        "指标" | "指标名称" | "统计指标" | "项目" | "项目名称" | "指標" | "指標名稱" => {
            Some(ColumnRole::Label)
        }
        "单位" | "计量单位" | "單位" | "計量單位" => Some(ColumnRole::Unit),
        "历年累计" | "歷年累計" | "累计" | "累計" => {
            Some(ColumnRole::Value { cumulative: true })
        }
        "数量" | "數量" | "数值" | "统计数" | "本年度" | "本年" => {
            Some(ColumnRole::Value { cumulative: false })
        }
        _ if has_year && matches!(without_year, "年度" | "年" | "年度数量" | "年数量") => {
            Some(ColumnRole::Value { cumulative: false })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_roles() {
        assert_eq!(column_role("指 标"), Some(ColumnRole::Label));
        assert_eq!(column_role("计量单位"), Some(ColumnRole::Unit));
        assert_eq!(
            column_role("2018年度"),
            Some(ColumnRole::Value { cumulative: false })
        );
        assert_eq!(
            column_role("历年累计"),
            Some(ColumnRole::Value { cumulative: true })
        );
        assert_eq!(column_role("2018"), None);
        assert_eq!(column_role("收到申请数"), None);
    }
}
