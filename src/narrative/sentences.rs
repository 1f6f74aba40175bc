//! Paragraphs into sentences, and a sentence into the form it is matched in:
//! headings that open a section, sentences cut at their closing marks, each
//! sentence as written and folded (full width to half width, traditional to
//! simplified, one character for one), and what of it is masked (quoted,
//! titled, bracketed, URLs and e-mail addresses).
//!
//! This module prepares text only: it must not find figures, read numbers or
//! change the length of a sentence (positions in the folded form are those of
//! the text as written).

use std::sync::LazyLock;

use regex::Regex;

use super::words::QUOTES;

/// A short line like `三、政府信息依申请公开工作情况`: the section of what follows.
pub(super) fn is_heading(paragraph: &str) -> bool {
    static HEADING: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^[一二三四五六七八九十]+、").expect("static regex"));
    HEADING.is_match(paragraph) && paragraph.chars().count() <= 40 && !paragraph.contains('。')
}

/// A paragraph's sentences, each with its closing mark.
pub(super) fn sentences(paragraph: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in paragraph.char_indices() {
        if matches!(c, '。' | '！' | '？' | '!' | '?') {
            let end = i + c.len_utf8();
            out.push(&paragraph[start..end]);
            start = end;
        }
    }
    out.push(&paragraph[start..]);
    out.into_iter().filter(|s| !s.trim().is_empty()).collect()
}

/// One sentence, as written and folded to half width, character by character.
pub(super) struct Sentence {
    /// As written (whitespace tidied): raw texts and labels come from here.
    pub(super) orig: Vec<char>,
    /// Full-width ASCII folded to half width, same length as `orig`.
    pub(super) text: Vec<char>,
    /// Characters inside quotes, titles, brackets, URLs or e-mail addresses.
    pub(super) masked: Vec<bool>,
}

impl Sentence {
    pub(super) fn new(sentence: &str) -> Sentence {
        let orig: Vec<char> = sentence.trim().chars().collect();
        let text: Vec<char> = orig.iter().map(|c| fold(*c)).collect();
        let masked = mask(&text);
        Sentence { orig, text, masked }
    }

    pub(super) fn orig(&self, from: usize, to: usize) -> String {
        self.orig[from..to].iter().collect()
    }
}

/// The form text is matched in: full-width ASCII folded to half width, and
/// the traditional forms of the characters this module looks for folded to
/// simplified (`30條` reads as `30条`), one character for one, so positions
/// stay those of the text as written.
pub(super) fn fold(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '條' => '条',
        '項' => '项',
        '個' => '个',
        '場' => '场',
        '張' => '张',
        '冊' => '册',
        '輛' => '辆',
        '塊' => '块',
        '處' => '处',
        '戶' => '户',
        '萬' => '万',
        '億' => '亿',
        '兩' => '两',
        '數' => '数',
        '幾' => '几',
        '餘' => '余',
        '約' => '约',
        '門' => '门',
        '單' => '单',
        '稱' => '称',
        '員' => '员',
        '義' => '义',
        '額' => '额',
        '點' => '点',
        '時' => '时',
        '號' => '号',
        '為' => '为',
        '達' => '达',
        '計' => '计',
        '務' => '务',
        '會' => '会',
        '議' => '议',
        '報' => '报',
        '過' => '过',
        '訊' => '讯',
        '辦' => '办',
        '專' => '专',
        '職' => '职',
        '屬' => '属',
        '鄉' => '乡',
        '長' => '长',
        '體' => '体',
        '別' => '别',
        '齊' => '齐',
        '層' => '层',
        '屆' => '届',
        '級' => '级',
        '聯' => '联',
        '訴' => '诉',
        '復' | '覆' => '复',
        '請' => '请',
        '無' => '无',
        '沒' => '没',
        '暫' => '暂',
        '費' => '费',
        '對' => '对',
        '進' => '进',
        '們' => '们',
        _ => c,
    }
}

/// Mark what is quoted, titled, bracketed, or part of a URL or e-mail address.
fn mask(text: &[char]) -> Vec<bool> {
    static ADDRESS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?:https?://|www\.)[-a-z0-9./?=&_%#:~+@]*|[a-z0-9._%+-]+@[a-z0-9.-]+")
            .expect("static regex")
    });
    let mut masked = vec![false; text.len()];
    let mut i = 0;
    while let Some(c) = text.get(i) {
        let close = QUOTES
            .iter()
            .find(|(open, _)| open == c)
            .map(|(_, close)| *close);
        match close.and_then(|close| text[i + 1..].iter().position(|d| *d == close)) {
            // Past the closing mark: `"a"…"b"` is two quotes, not three.
            Some(len) => {
                masked[i..=i + 1 + len].fill(true);
                i += len + 2;
            }
            None => i += 1,
        }
    }
    if !text.iter().any(|c| matches!(c, '@' | '.' | '/')) {
        return masked;
    }
    let joined: String = text.iter().collect();
    let offsets: Vec<usize> = joined.char_indices().map(|(b, _)| b).collect();
    for m in ADDRESS.find_iter(&joined) {
        let from = offsets.partition_point(|b| *b < m.start());
        let to = offsets.partition_point(|b| *b < m.end());
        masked[from..to].fill(true);
    }
    masked
}

pub(super) fn starts_with(text: &[char], at: usize, word: &str) -> bool {
    (at..)
        .zip(word.chars())
        .all(|(i, c)| text.get(i) == Some(&c))
}

pub(super) fn ends_with(text: &[char], at: usize, word: &str) -> bool {
    let n = word.chars().count();
    at >= n && starts_with(text, at - n, word)
}

/// A clause folded for zero matching (的 dropped), each character with its
/// index in the sentence.
pub(super) fn zero_form(text: &str) -> Vec<(char, usize)> {
    text.chars()
        .enumerate()
        .map(|(i, c)| (fold(c), i))
        .filter(|(c, _)| *c != '的' && !c.is_whitespace())
        .collect()
}

/// The fragments of a `narrative_none` pattern, cut at each `…` and folded
/// as a clause is (empty fragments dropped).
pub(super) fn zero_fragments(pattern: &str) -> Vec<Vec<char>> {
    pattern
        .split('…')
        .map(|f| zero_form(f).into_iter().map(|(c, _)| c).collect())
        .filter(|f: &Vec<char>| !f.is_empty())
        .collect()
}
