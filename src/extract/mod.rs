//! Decoded text → tables as grids, narrative paragraphs and metadata.
//!
//! HTML goes through [`html`]; anything else through [`text_tables`]. Both
//! produce the same [`Extracted`] shape, so later stages never ask which form a
//! table came in. Extraction describes structure only: it must not decide what
//! a row means (that is classification) or what a cell's number is
//! (normalization).

mod chrome;
mod content;
pub mod html;
mod html_limits;
mod html_table;
pub mod meta;
pub mod text_tables;

use crate::model::{Extracted, InputForm};

/// Extract tables, paragraphs and metadata from a decoded document.
pub fn extract(text: &str) -> Extracted {
    if looks_like_html(text) {
        html::extract(text)
    } else {
        extract_text(text)
    }
}

/// Markup, not text that happens to contain a `<`: the document opens with a
/// tag, or its first kilobytes hold a structural tag.
pub fn looks_like_html(text: &str) -> bool {
    let head = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    let prefix: String = head
        .chars()
        .take(4096)
        .collect::<String>()
        .to_ascii_lowercase();
    prefix.starts_with("<!doctype")
        || prefix.starts_with("<html")
        || prefix.starts_with("<?xml")
        || ["<body", "<table", "<head", "<div", "<p>", "<p "]
            .iter()
            .any(|tag| prefix.contains(tag))
}

fn extract_text(text: &str) -> Extracted {
    let layout = text_tables::read(text, 1);
    let form = layout
        .tables
        .first()
        .map_or(InputForm::Plain, |table| table.form);
    let mut meta = meta::from_lines(None, layout.paragraphs.iter().map(String::as_str));
    meta.published = meta::published_from_lines(layout.paragraphs.iter().map(String::as_str));
    Extracted {
        form: Some(form),
        meta,
        tables: layout.tables.into_iter().map(|t| t.grid).collect(),
        paragraphs: layout.paragraphs,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_is_told_from_text() {
        assert!(looks_like_html("<!DOCTYPE html><html>"));
        assert!(looks_like_html("\n  <table><tr><td>1</td></tr></table>"));
        assert!(!looks_like_html("指标\n|\n单位 < 2\n|"));
    }
}
