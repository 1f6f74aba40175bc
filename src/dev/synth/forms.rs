//! How a report reaches us: the form it is written in (HTML in CMS chrome,
//! Word markup or not; pipe text with `|` lines or ` |` suffixes; markdown
//! pipes; one cell per line), and the text forms themselves.
//!
//! HTML pages are written in `html`, the prose in `prose`; this file must
//! not change a table's cells, only write them.

use encoding_rs::{BIG5, Encoding};
use fastrand::Rng;

use super::encodings::to_traditional;
use super::report::Report;
use super::tables::Table;

/// The form a document is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Form {
    Html,
    /// HTML exported from Word (`<p class=MsoNormal><span …>`).
    WordHtml,
    /// Each cell followed by a line holding only `|`.
    Pipe,
    /// Each cell on a line ending in ` |`.
    PipeSuffix,
    Markdown,
    /// One cell per line, blank cells dropped.
    Lines,
}

impl Form {
    /// The form as the corpus names it (`html`, `word`, `pipe`, …).
    pub(super) fn name(self) -> &'static str {
        match self {
            Form::Html => "html",
            Form::WordHtml => "word",
            Form::Pipe => "pipe",
            Form::PipeSuffix => "pipe-suffix",
            Form::Markdown => "markdown",
            Form::Lines => "lines",
        }
    }

    /// The file extension of a document in this form.
    pub(super) fn ext(self) -> &'static str {
        match self {
            Form::Html | Form::WordHtml => "html",
            Form::Markdown => "md",
            _ => "txt",
        }
    }
}

impl Report {
    /// Draw the form of this report's document.
    pub(super) fn form(&self, rng: &mut Rng) -> Form {
        match rng.u8(..) {
            0..=119 => Form::Html,
            120..=159 => Form::WordHtml,
            160..=184 => Form::Pipe,
            185..=199 => Form::PipeSuffix,
            200..=234 => Form::Markdown,
            _ => Form::Lines,
        }
    }

    /// The whole document in `form`, in Traditional characters for Big5.
    pub(super) fn render(&self, rng: &mut Rng, form: Form, encoding: &'static Encoding) -> String {
        let prose = self.prose(rng);
        let text = match form {
            Form::Html | Form::WordHtml => self.html(rng, form, encoding, &prose),
            _ => self.text(form, &prose),
        };
        if encoding == BIG5 {
            to_traditional(&text)
        } else {
            text
        }
    }

    /// The document as text: title, the first paragraphs, the tables in
    /// `form`, the other paragraphs.
    fn text(&self, form: Form, prose: &[String]) -> String {
        let mut lines: Vec<String> = vec![self.title()];
        let split_at = prose.len().min(4);
        lines.extend(prose[..split_at].iter().cloned());
        for table in &self.tables {
            lines.push(table.heading.clone());
            match form {
                Form::Markdown => markdown_lines(&mut lines, table),
                _ => cell_lines(&mut lines, form, table),
            }
        }
        lines.extend(prose[split_at..].iter().cloned());
        lines.join("\n") + "\n"
    }
}

/// A table as markdown pipes: a blank line, the rows (a spanned-over cell
/// is an empty `|`), the `---` line after the first, a blank line.
fn markdown_lines(lines: &mut Vec<String>, table: &Table) {
    lines.push(String::new());
    for (i, row) in table.rows.iter().enumerate() {
        let mut line = String::from("|");
        for slot in row {
            match slot {
                None => line.push('|'),
                Some((t, _, _)) => line.push_str(&format!(" {t} |")),
            }
        }
        lines.push(line);
        if i == 0 {
            lines.push(format!("|{}", "---|".repeat(row.len())));
        }
    }
    lines.push(String::new());
}

/// A table as one cell per line, in the pipe, pipe-suffix or lines form.
fn cell_lines(lines: &mut Vec<String>, form: Form, table: &Table) {
    for (t, _, _) in table.rows.iter().flatten().flatten() {
        match form {
            Form::Pipe => {
                if !t.is_empty() {
                    lines.push(t.clone());
                }
                lines.push("|".into());
            }
            Form::PipeSuffix => lines.push(if t.is_empty() {
                "|".into()
            } else {
                format!("{t} |")
            }),
            _ if !t.is_empty() => lines.push(t.clone()),
            _ => {}
        }
    }
}
