//! The encoding a document reaches us in (UTF-8; GBK, declared or not; Big5
//! for HTML pages) and the Traditional characters of the Big5 ones.
//!
//! Encoding the text is the driver's; this file only chooses, and converts
//! Simplified to Traditional.

use std::collections::HashMap;
use std::sync::LazyLock;

use encoding_rs::{BIG5, Encoding, GBK, UTF_8};
use fastrand::Rng;

use super::report::Report;

impl Report {
    /// Draw the encoding of this report's document; Big5 only for HTML.
    pub(super) fn encoding(&self, rng: &mut Rng, html: bool) -> &'static Encoding {
        match (rng.u8(..), html) {
            (0..=189, _) => UTF_8,
            (190..=239, _) => GBK,
            (_, true) => BIG5,
            _ => GBK,
        }
    }
}

/// Simplified → Traditional, the reverse of `taxonomy/traditional.tsv`.
static TRADITIONAL: LazyLock<HashMap<char, char>> = LazyLock::new(|| {
    let mut map = HashMap::new();
    for &(trad, simp) in crate::text::traditional_pairs() {
        map.entry(simp).or_insert(trad);
    }
    map
});

/// `text` in Traditional characters.
pub(super) fn to_traditional(text: &str) -> String {
    text.chars()
        .map(|c| TRADITIONAL.get(&c).copied().unwrap_or(c))
        .collect()
}
