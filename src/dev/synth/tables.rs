//! A report table as it is drawn, before any form writes it out: rows of
//! cells with their spans; and the wrong cell planted in one report in 25.
//!
//! It knows nothing of HTML or text (that is `forms`) nor of what a table
//! says (that is `pre2019`, `national` and `applications`).

use fastrand::Rng;

/// A table cell being written, with its spans; `None` where a span covers.
pub(super) type Slot = Option<(String, usize, usize)>;

/// A table with the heading written above it.
pub(super) struct Table {
    pub(super) heading: String,
    pub(super) rows: Vec<Vec<Slot>>,
}

/// A cell spanning one row and one column.
pub(super) fn cell(text: impl Into<String>) -> Slot {
    Some((text.into(), 1, 1))
}

/// A cell spanning `rows` rows and `cols` columns.
pub(super) fn span(text: impl Into<String>, rows: usize, cols: usize) -> Slot {
    Some((text.into(), rows, cols))
}

/// `total` cut into `parts` random non-negative parts.
pub(super) fn split(rng: &mut Rng, total: u64, parts: usize) -> Vec<u64> {
    let mut cuts: Vec<u64> = (0..parts.saturating_sub(1))
        .map(|_| rng.u64(0..=total))
        .collect();
    cuts.sort_unstable();
    let mut out = Vec::with_capacity(parts);
    let mut last = 0;
    for c in cuts {
        out.push(c - last);
        last = c;
    }
    out.push(total - last);
    out
}
