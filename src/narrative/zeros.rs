//! Zeros stated in words (`未收到…政府信息公开申请`): clauses that hold a
//! negation and no figure, matched against the taxonomy's `narrative_none`
//! patterns, whose `…` stands for a gap of at most [`MAX_GAP`] characters.
//!
//! This module only finds zeros that a pattern states: it must not take a
//! clause that a spoiler word (`纠错`, `尚未审结`, `除…外`) makes about
//! something else, nor a clause that is wholly masked.

use crate::model::Template;

use super::figures::Figure;
use super::matcher::{Matcher, Target, in_era};
use super::sentences::{Sentence, zero_form};
use super::words::{ZERO_SPOILERS, ends_zero_clause};

/// The longest gap `…` stands for in a `narrative_none` pattern, in characters.
const MAX_GAP: usize = 24;

/// Where the fragments match in order, each gap at most [`MAX_GAP`]: the span
/// from the first fragment's start to the last one's end.
fn match_fragments(clause: &[char], fragments: &[Vec<char>]) -> Option<(usize, usize)> {
    let (first, rest) = fragments.split_first()?;
    // Compare first characters before whole fragments: most positions fail
    // at once, and a slice comparison costs a call.
    let starts = |at: usize, f: &[char]| {
        f.first().is_none_or(|c| clause.get(at) == Some(c)) && clause[at..].starts_with(f)
    };
    'start: for s in 0..clause.len() {
        if !starts(s, first) {
            continue;
        }
        let mut at = s + first.len();
        for f in rest {
            let found = (0..=MAX_GAP)
                .take_while(|gap| at + gap + f.len() <= clause.len())
                .find(|gap| starts(at + gap, f));
            match found {
                Some(gap) => at += gap + f.len(),
                None => continue 'start,
            }
        }
        return Some((s, at));
    }
    None
}

/// The zeros stated in words in a sentence: (indicator, raw span in chars).
pub(super) fn zeros<'m>(
    s: &Sentence,
    matcher: &'m Matcher,
    figures: &[Figure],
    template: Template,
) -> Vec<(&'m Target, usize, usize)> {
    let mut out: Vec<(&Target, usize, usize)> = Vec::new();
    let mut from = 0;
    while from < s.text.len() {
        let to = s.text[from..]
            .iter()
            .position(|c| ends_zero_clause(*c))
            .map_or(s.text.len(), |k| from + k);
        let negated = s.text[from..to]
            .iter()
            .any(|c| matches!(c, '未' | '无' | '没' | '不' | '暂' | '尚' | '均' | '从'));
        let has_figure = || {
            figures
                .iter()
                .any(|f| f.start < to && f.quantity.end > from)
        };
        let clause_text: String = if negated && !has_figure() {
            s.text[from..to].iter().collect()
        } else {
            String::new()
        };
        let spoiled = || ZERO_SPOILERS.iter().any(|w| clause_text.contains(w));
        if !clause_text.is_empty() && !spoiled() {
            let form = zero_form(&clause_text);
            let chars: Vec<char> = form.iter().map(|(c, _)| *c).collect();
            let mut found: Vec<(&Target, usize, usize)> = Vec::new();
            for (fragments, t) in &matcher.zeros {
                let ind = &matcher.targets[*t];
                if let Some((a, b)) = match_fragments(&chars, fragments) {
                    let start = from + form[a].1;
                    let end = from + form[b - 1].1 + 1;
                    if !found.iter().any(|(i, _, _)| i.code == ind.code)
                        && !s.masked[start..end].iter().all(|m| *m)
                    {
                        found.push((ind, start, end));
                    }
                }
            }
            let codes = in_era(found.iter().map(|(i, _, _)| *i).collect(), template);
            out.extend(
                found
                    .into_iter()
                    .filter(|(i, _, _)| codes.iter().any(|c| c.code == i.code)),
            );
        }
        from = to + 1;
    }
    out
}
