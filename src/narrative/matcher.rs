//! The taxonomy's narrative side, ready to match: the indicators that have
//! `narrative` phrases or `narrative_none` patterns, their phrases by key and
//! their zero patterns as fragments, built once per taxonomy and cached by a
//! fingerprint of what it depends on. A figure maps to an indicator when its
//! phrase key states exactly one indicator whose unit agrees (of the
//! document's era when the phrase fits several).
//!
//! This module maps, it must not find: figures come from
//! [`figures`](super::figures), zeros in words are matched by
//! [`zeros`](super::zeros). A doubtful phrase maps to nothing.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{Arc, LazyLock, Mutex, PoisonError};

use crate::model::Template;
use crate::taxonomy::Taxonomy;

use super::figures::Figure;
use super::phrases::phrase_key;
use super::sentences::zero_fragments;
use super::words::UNIT_CLASSES;

/// What a figure can be mapped to: the parts of an indicator the narrative
/// needs, owned, so that a [`Matcher`] is built once per taxonomy.
#[derive(Debug)]
pub(super) struct Target {
    pub(super) code: String,
    unit: Option<String>,
    eras: Vec<String>,
    pub(super) breakdown: Option<String>,
}

impl Target {
    fn in_era(&self, template: Template) -> bool {
        self.eras.iter().any(|e| e == template.as_str())
    }
}

/// The taxonomy's narrative phrases and zero patterns, ready to match.
#[derive(Debug)]
pub(super) struct Matcher {
    pub(super) targets: Vec<Target>,
    /// Phrase key → the targets it states.
    phrases: HashMap<String, Vec<usize>>,
    /// Fragments of a `narrative_none` pattern, and its target.
    pub(super) zeros: Vec<(Vec<Vec<char>>, usize)>,
}

impl Matcher {
    /// The matcher of `taxonomy`, built on first use and kept, keyed by what
    /// the taxonomy says (a changed copy gets its own).
    pub(super) fn of(taxonomy: &Taxonomy) -> Arc<Matcher> {
        static BUILT: LazyLock<Mutex<HashMap<u64, Arc<Matcher>>>> =
            LazyLock::new(|| Mutex::new(HashMap::new()));
        let key = fingerprint(taxonomy);
        let cached = BUILT
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&key)
            .cloned();
        if let Some(matcher) = cached {
            return matcher;
        }
        let matcher = Arc::new(Matcher::new(taxonomy));
        let mut built = BUILT.lock().unwrap_or_else(PoisonError::into_inner);
        if built.len() >= 16 {
            built.clear();
        }
        built.insert(key, Arc::clone(&matcher));
        matcher
    }

    fn new(taxonomy: &Taxonomy) -> Matcher {
        let mut targets = Vec::new();
        let mut phrases: HashMap<String, Vec<usize>> = HashMap::new();
        let mut zeros = Vec::new();
        for ind in taxonomy.indicators() {
            if ind.narrative.is_empty() && ind.narrative_none.is_empty() {
                continue;
            }
            let t = targets.len();
            targets.push(Target {
                code: ind.code.clone(),
                unit: ind.unit.clone(),
                eras: ind.eras.clone(),
                breakdown: ind.breakdown.clone(),
            });
            for phrase in &ind.narrative {
                let slot = phrases.entry(phrase_key(phrase)).or_default();
                if !slot.contains(&t) {
                    slot.push(t);
                }
            }
            for pattern in &ind.narrative_none {
                let fragments = zero_fragments(pattern);
                if !fragments.is_empty() {
                    zeros.push((fragments, t));
                }
            }
        }
        Matcher {
            targets,
            phrases,
            zeros,
        }
    }

    /// The target a figure states, if exactly one fits.
    pub(super) fn indicator(&self, figure: &Figure, template: Template) -> Option<&Target> {
        if figure.coordinated || figure.quantity.measure == "%" || figure.label.is_empty() {
            return None;
        }
        let unit = figure.quantity.unit();
        let candidates: Vec<&Target> = self
            .phrases
            .get(&phrase_key(&figure.label))?
            .iter()
            .map(|t| &self.targets[*t])
            .filter(|t| {
                t.unit
                    .as_deref()
                    .is_some_and(|u| units_agree(&unit, u, figure.quantity.number.stated))
            })
            .collect();
        match in_era(candidates, template).as_slice() {
            [one] => Some(one),
            _ => None,
        }
    }
}

/// What of the taxonomy the matcher depends on, hashed.
fn fingerprint(taxonomy: &Taxonomy) -> u64 {
    let mut hasher = DefaultHasher::new();
    for ind in taxonomy.indicators() {
        (
            &ind.code,
            &ind.unit,
            &ind.eras,
            &ind.breakdown,
            &ind.narrative,
            &ind.narrative_none,
        )
            .hash(&mut hasher);
    }
    hasher.finish()
}

/// Prefer targets of the document's era when the phrase fits several.
pub(super) fn in_era(candidates: Vec<&Target>, template: Template) -> Vec<&Target> {
    if template == Template::Unknown || !candidates.iter().any(|t| t.in_era(template)) {
        return candidates;
    }
    candidates
        .into_iter()
        .filter(|t| t.in_era(template))
        .collect()
}

/// Whether a figure's unit can be the indicator's: the same, or both of one
/// of the [`UNIT_CLASSES`]; two units of money only for a zero.
fn units_agree(figure: &str, indicator: &str, value: f64) -> bool {
    if figure == indicator {
        return true;
    }
    let money = |u: &str| matches!(u, "元" | "万元" | "亿元");
    if money(figure) && money(indicator) {
        return value == 0.0;
    }
    UNIT_CLASSES
        .iter()
        .any(|class| class.contains(&figure) && class.contains(&indicator))
}
