//! Text cleaning and folding, the one place every stage gets them from:
//! [`tidy`] and [`clean`] put text as read into the forms it is stored and
//! matched in; [`label_key`] and [`fold_traditional`] fold a label or a text
//! for matching (numbering, notes, quotes, Traditional characters); the
//! [`lexicon`] lists the words read around numbers (qualifiers, none-words,
//! units, measure words) with what each means, from `taxonomy/lexicon.toml`.
//!
//! This module knows text, not indicators, tables or stages: it must not
//! depend on anything else in the crate, so that every stage (and the
//! taxonomy) can depend on it.

mod clean;
mod fold;
pub mod lexicon;

pub use clean::{clean, tidy};
pub use fold::{fold_traditional, label_key, traditional_pairs};
pub use lexicon::{Bound, Lexicon, Place, lexicon};
