//! Phrases: what a figure counts, and the key phrases are compared in. The
//! counted phrase is the words before a figure in its clause (a coordinated
//! `…、…` phrase taken whole) and, when the number comes first, the words
//! after it; fillers (numbering, dates, the reporting body, `共`, `达`, `为`)
//! are dropped, unless they end a word (`行为`). The key also drops `的`,
//! quotes, notes in brackets and count words (`数`, `总数`).
//!
//! This module works on words only: it must not read numbers or decide which
//! indicator a phrase states (that is [`matcher`](super::matcher)).

use std::sync::LazyLock;

use regex::Regex;

use crate::text::clean;

use super::sentences::Sentence;
use super::words::{WORDS_ENDING_IN_A_FILLER, is_boundary};

/// The phrase a figure counts: the words before it in its clause (after the
/// previous figure), and when the number comes first (`收到70件申请`), the
/// words after it. Returns the phrase and whether it follows a `、` that joins
/// it to words before (a coordinated phrase, not a list of figures).
pub(super) fn counted_phrase(
    s: &Sentence,
    start: usize,
    end: usize,
    previous_end: usize,
) -> (String, bool) {
    let text = &s.text;
    let clause_start = |at: usize| {
        text[..at]
            .iter()
            .rposition(|c| is_boundary(*c))
            .map_or(0, |k| k + 1)
            .max(previous_end)
    };
    // `1030条、企业动态信息发布320条` is a list of figures; `当面接待查阅、咨询`
    // is one coordinated phrase, taken whole.
    let joined =
        |from: usize| from > previous_end + 1 && text.get(from.wrapping_sub(1)) == Some(&'、');
    let mut from = clause_start(start);
    let coordinated = joined(from);
    while joined(from) {
        from = clause_start(from - 1);
    }
    // The words after the number run to the end of the clause: `5个发挥作用
    // 不明显、基层无力维护的政务新媒体` is one noun phrase.
    let to = if text.get(end).is_some_and(|c| is_boundary(*c)) {
        end
    } else {
        text[end..]
            .iter()
            .position(|c| (is_boundary(*c) && *c != '、') || c.is_ascii_digit())
            .map_or(text.len(), |k| end + k)
    };
    let before = s.orig(from, start);
    let after = s.orig(end, to);
    let after = after.trim();
    // `共有9个单位的部门网站`: with words after the number, the words before
    // may be fillers only.
    let mut label = if after.is_empty() {
        strip_fillers(before.trim()).to_owned()
    } else {
        strip_all_fillers(before.trim()).to_owned()
    };
    label.push_str(after);
    (label.trim().to_owned(), coordinated)
}

/// Leading and trailing words that do not change what a phrase counts:
/// numbering, 其中, dates, the reporting body, 共/累计, 达/为.
fn strip_fillers(phrase: &str) -> &str {
    strip(phrase, false)
}

/// [`strip_fillers`], even when nothing is left.
fn strip_all_fillers(phrase: &str) -> &str {
    strip(phrase, true)
}

fn strip(phrase: &str, to_empty: bool) -> &str {
    static LEADING: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(concat!(
            r"^(?:",
            r"[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[、.．]|[①-⑳]",
            r"|其中[:：,，]?|另外|此外|同时",
            r"|\d{4}\s*年(?:度)?(?:\d{1,2}月(?:份)?)?(?:以来|至今|全年|内|底|末|共)?",
            r"|截[至止]目前|截[至止]年底|截[至止]\d{1,2}月底|目前|今年以来|今年|全年度|全年|本年度|本年|年内|当年|报告期内",
            r"|我[区县市局委办厅院站所部镇乡街]|我单位|我部门|我机关|本机关|本单位|本部门|本局|本委|本办|本级",
            r"|全区各级行政机关|各级行政机关|全区|全县|全市|全省|全镇|全乡|全局|全系统",
            r"|共计|总计|合计|累计|一共|共有|共|先后|已经|已|依法|及时",
            r")",
        ))
        .expect("static regex")
    });
    static TRAILING: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?:共计|总计|合计|累计|共有|共|达到|达|为|计|约有|有|分别为|分别)$")
            .expect("static regex")
    });
    let mut p = phrase.trim();
    loop {
        let before = p;
        // 共 is a filler, 共享 and 共同 are words.
        let word = |m: &regex::Match| {
            m.as_str() == "共"
                && p[m.end()..].starts_with(['享', '同', '建', '产', '青', '性', '识'])
        };
        if let Some(m) = LEADING
            .find(p)
            .filter(|m| (to_empty || m.end() < p.len()) && !word(m))
        {
            p = p[m.end()..].trim_start();
        }
        if let Some(m) = TRAILING
            .find(p)
            .filter(|m| (to_empty || m.start() > 0) && !ends_a_word(p, m))
        {
            p = p[..m.start()].trim_end();
        }
        if p == before {
            return p;
        }
    }
}

/// Whether the filler `m` at the end of `p` is the end of a word instead.
fn ends_a_word(p: &str, m: &regex::Match) -> bool {
    let Some(prev) = p[..m.start()].chars().next_back() else {
        return false;
    };
    let word = format!("{prev}{}", m.as_str());
    WORDS_ENDING_IN_A_FILLER.contains(&word.as_str())
}

/// The form phrases are compared in: fillers dropped, then 的, 有关, 相关,
/// quotes, brackets and spacing, then words like 数 and 总数 at the end.
pub(super) fn phrase_key(phrase: &str) -> String {
    static NOTES: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"[(（][^()（）]*[)）]").expect("static regex"));
    static COUNT_WORDS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?:总数量|数量|总数|条数|件数|人数|次数|篇数|个数|数)$").expect("static regex")
    });
    let folded: String = clean(phrase)
        .chars()
        .filter(|c| !c.is_whitespace() && !"\"'“”‘’《》〈〉「」『』".contains(*c))
        .collect();
    let folded = NOTES.replace_all(&folded, "");
    let mut key = folded
        .replace(['的', '了'], "")
        .replace("有关", "")
        .replace("相关", "");
    loop {
        let stripped = strip_fillers(&key).to_owned();
        let stripped = COUNT_WORDS.replace(&stripped, "").into_owned();
        if stripped == key || stripped.is_empty() {
            return key;
        }
        key = stripped;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fillers_are_dropped_from_phrases() {
        assert_eq!(strip_fillers("2018年全区"), "全区");
        assert_eq!(strip_fillers("共享平台发布信息"), "共享平台发布信息");
        assert_eq!(strip_fillers("共发布信息"), "发布信息");
        assert_eq!(strip_fillers("我委发布政策解读稿件"), "发布政策解读稿件");
        assert_eq!(phrase_key("我区共主动公开的政府信息"), "主动公开政府信息");
        assert_eq!(phrase_key("其中：1.当面申请数"), "当面申请");
    }
}
