//! Label folding: the matching key of a label ([`label_key`]: numbering,
//! 其中:, notes in brackets, quotes, spacing, full/half width, 其它/其他 and
//! Traditional characters folded away) and the Traditional → Simplified
//! character fold ([`fold_traditional`], from `taxonomy/traditional.tsv`).
//!
//! Folding is for matching only: stored text stays as written. This module
//! knows characters and label punctuation; it must not know indicators,
//! tables or stages, nor what a folded label means.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use super::clean::clean;

/// Traditional → Simplified character pairs used by [`label_key`].
const TRADITIONAL: &str = include_str!("../../taxonomy/traditional.tsv");

/// The matching key of a label: the label as written, minus everything that
/// varies between reports without changing its meaning.
///
/// Classification asks for the keys of the same few hundred labels many
/// times per document, so each thread remembers the keys it computed (up to
/// [`KEY_CACHE`] labels, then starts over).
pub fn label_key(label: &str) -> String {
    thread_local! {
        static KEYS: std::cell::RefCell<HashMap<String, String>> = Default::default();
    }
    KEYS.with(|cache| {
        if let Some(key) = cache.borrow().get(label) {
            return key.clone();
        }
        let key = compute_label_key(label);
        let mut cache = cache.borrow_mut();
        if cache.len() >= KEY_CACHE {
            cache.clear();
        }
        cache.insert(label.to_owned(), key.clone());
        key
    })
}

/// How many label keys each thread remembers.
const KEY_CACHE: usize = 20_000;

fn compute_label_key(label: &str) -> String {
    static BRACKETED: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"[(\[【][^()\[\]【】]*[)\]】]").expect("static regex"));

    let cleaned = clean(label);
    let mut key = String::with_capacity(cleaned.len());
    key.extend(
        cleaned
            .chars()
            .filter(|c| !c.is_whitespace() && !is_quote(*c))
            .map(simplified),
    );
    let mut start = 0;
    while let Some(rest) = strip_numbering(&key[start..]) {
        start = key.len() - rest.len();
    }
    key.drain(..start);
    if key.contains(['(', '[', '【']) {
        while let Some(m) = BRACKETED.find(&key) {
            key.replace_range(m.range(), "");
        }
    }
    if key.contains("其它") {
        key = key.replace("其它", "其他");
    }
    let kept = key
        .trim_end_matches([':', '：', ';', '；', '。', ',', '，'])
        .len();
    key.truncate(kept);
    key
}

/// `text` with Traditional characters replaced by their Simplified forms
/// (`申請總計` → `申请总计`), for matching only: stored text stays as written.
pub fn fold_traditional(text: &str) -> String {
    text.chars().map(simplified).collect()
}

/// The (traditional, simplified) pairs of `taxonomy/traditional.tsv`, sorted
/// by the traditional character.
pub fn traditional_pairs() -> &'static [(char, char)] {
    static TABLE: LazyLock<Vec<(char, char)>> = LazyLock::new(|| {
        let mut pairs: Vec<(char, char)> = TRADITIONAL
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| {
                let mut chars = l.split('\t').map(|f| f.trim().chars());
                let t = chars.next()?.next()?;
                let s = chars.next()?.next()?;
                Some((t, s))
            })
            .collect();
        pairs.sort_unstable();
        pairs.dedup_by_key(|(t, _)| *t);
        pairs
    });
    &TABLE
}

fn simplified(c: char) -> char {
    /// Which characters of the Basic Multilingual Plane have a pair: most
    /// characters have none, and a bit says so at once.
    static HAS_PAIR: LazyLock<Vec<u64>> = LazyLock::new(|| {
        let mut bits = vec![0u64; 1024];
        for &(t, _) in traditional_pairs() {
            if let Some(word) = bits.get_mut(t as usize / 64) {
                *word |= 1 << (t as usize % 64);
            }
        }
        bits
    });
    if c.is_ascii() {
        return c;
    }
    if let Some(word) = HAS_PAIR.get(c as usize / 64)
        && word & (1 << (c as usize % 64)) == 0
    {
        return c;
    }
    let table = traditional_pairs();
    table
        .binary_search_by_key(&c, |(t, _)| *t)
        .map_or(c, |i| table[i].1)
}

/// The label after one leading numbering mark (`一、`, `(一)`, `1.`, `(1)`,
/// `①`, `其中:`), or `None` when it has none. `2.5G` is a number, not numbering.
fn strip_numbering(key: &str) -> Option<&str> {
    static NUMBERING: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"^(?:其中[:：]?|[一二三四五六七八九十]+[、.．]|\(?[一二三四五六七八九十]+\)|\(?\d{1,2}\)|\d{1,2}[.、．]|[①-⑳])",
        )
        .expect("static regex")
    });
    let m = NUMBERING.find(key)?;
    let rest = &key[m.end()..];
    let decimal = m.as_str().ends_with('.') && rest.starts_with(|c: char| c.is_ascii_digit());
    (!decimal && !rest.is_empty()).then_some(rest)
}

fn is_quote(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '“'
            | '”'
            | '‘'
            | '’'
            | '「'
            | '」'
            | '『'
            | '』'
            | '《'
            | '》'
            | '〈'
            | '〉'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_keys_ignore_what_varies() {
        let cases = [
            (
                "(一)主动公开政府信息数(不同渠道和方式公开相同信息计1条)",
                "主动公开政府信息数",
            ),
            (
                "（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）",
                "主动公开政府信息数",
            ),
            ("其中:主动公开规范性文件数", "主动公开规范性文件数"),
            ("其中：1.政府网站公开数", "政府网站公开数"),
            ("1、当面申请数", "当面申请数"),
            ("（1）当面申请数", "当面申请数"),
            ("四、行政复议数量", "行政复议数量"),
            ("5.其它方式公开政府信息数", "其他方式公开政府信息数"),
            ("危及“三安全一稳定”", "危及三安全一稳定"),
            ("指 标", "指标"),
            (
                "1.专职人员数(不包括政府公报及政府网站工作人员数)",
                "专职人员数",
            ),
        ];
        for (label, key) in cases {
            assert_eq!(label_key(label), key, "{label}");
        }
    }

    #[test]
    fn numbers_inside_labels_are_kept() {
        assert_eq!(label_key("12345热线"), "12345热线");
        assert_eq!(label_key("2.5G"), "2.5G");
    }

    #[test]
    fn traditional_labels_fold_to_simplified() {
        assert_eq!(
            label_key("一、本年新收政府信息公開申請數量"),
            "本年新收政府信息公开申请数量"
        );
        assert_eq!(label_key("（七）總計"), "总计");
        assert_eq!(fold_traditional("報告"), "报告");
    }
}
