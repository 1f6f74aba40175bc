//! What a page may hold before it is parsed: a byte scan that refuses pages
//! whose tree would take unbounded memory or time.
//!
//! html5ever builds the whole tree, at 150–350 bytes per element (a 50 MB
//! page of small cells took 1.8 GB), and its scope checks walk the stack of
//! open elements, so time grows with the square of the nesting depth (10,000
//! nested `<div>` take about 2 s, 100,000 would take minutes). Real report
//! pages have a few thousand tags and nest a few dozen deep; the limits are
//! hundreds of times that. The scan estimates depth from the tags as written:
//! void elements and elements whose end tag may be left out (`<p>`, `<td>`,
//! `<li>`…) do not count, nor does anything inside `<script>` or `<style>`.
//!
//! This module only measures: it must not parse or change the page.

use thiserror::Error;

/// Pages with more tags than this are not parsed (about 350 MB of tree at most).
pub const MAX_TAGS: usize = 1_000_000;
/// Pages nesting elements deeper than this are not parsed.
pub const MAX_DEPTH: usize = 20_000;

/// Why a page is not parsed.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum HtmlError {
    #[error(
        "page too large to parse as HTML: {tags} tags (limit {MAX_TAGS}; a report page has a few thousand)"
    )]
    /// The page holds more than [`MAX_TAGS`] tags.
    TooManyTags {
        /// How many tags the scan counted.
        tags: usize,
    },
    #[error(
        "page nested too deep to parse as HTML: elements {depth} levels deep (limit {MAX_DEPTH}; a report page nests a few dozen)"
    )]
    /// The page nests elements deeper than [`MAX_DEPTH`].
    TooDeep {
        /// The deepest nesting the scan estimated.
        depth: usize,
    },
}

/// Refuse pages whose tree would not fit in bounded memory and time. One pass
/// over the bytes, so it runs before parsing.
pub fn check_size(text: &str) -> Result<(), HtmlError> {
    let (tags, depth) = measure(text.as_bytes());
    if tags > MAX_TAGS {
        return Err(HtmlError::TooManyTags { tags });
    }
    if depth > MAX_DEPTH {
        return Err(HtmlError::TooDeep { depth });
    }
    Ok(())
}

/// Elements that never hold content, or whose end tag may be left out: they
/// add no depth as written.
fn adds_no_depth(name: &[u8]) -> bool {
    const NAMES: &[&[u8]] = &[
        b"area",
        b"base",
        b"br",
        b"col",
        b"embed",
        b"hr",
        b"img",
        b"input",
        b"link",
        b"meta",
        b"param",
        b"source",
        b"track",
        b"wbr",
        b"p",
        b"li",
        b"dt",
        b"dd",
        b"tr",
        b"td",
        b"th",
        b"option",
        b"optgroup",
        b"thead",
        b"tbody",
        b"tfoot",
        b"colgroup",
        b"caption",
        b"rb",
        b"rt",
        b"rtc",
        b"rp",
        b"html",
        b"head",
        b"body",
    ];
    NAMES.iter().any(|n| n.eq_ignore_ascii_case(name))
}

/// Tags (every `<`) and the deepest nesting the start and end tags spell.
fn measure(bytes: &[u8]) -> (usize, usize) {
    let mut tags = 0usize;
    let (mut depth, mut deepest) = (0usize, 0usize);
    let mut i = 0usize;
    while let Some(offset) = bytes[i..].iter().position(|&b| b == b'<') {
        tags += 1;
        i += offset + 1;
        let closing = bytes.get(i) == Some(&b'/');
        let start = i + usize::from(closing);
        let len = bytes[start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b':' | b'-'))
            .count();
        if len == 0 || !bytes[start].is_ascii_alphabetic() {
            continue;
        }
        let name = &bytes[start..start + len];
        let end = bytes[start..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(bytes.len(), |p| start + p);
        let self_closing = end > 0 && bytes.get(end - 1) == Some(&b'/');
        if closing {
            if !adds_no_depth(name) {
                depth = depth.saturating_sub(1);
            }
        } else if !self_closing && !adds_no_depth(name) {
            depth += 1;
            deepest = deepest.max(depth);
        }
        i = end.min(bytes.len());
        // Script and style text is not markup.
        if !closing && (name.eq_ignore_ascii_case(b"script") || name.eq_ignore_ascii_case(b"style"))
        {
            let close: &[u8] = if name.eq_ignore_ascii_case(b"script") {
                b"</script"
            } else {
                b"</style"
            };
            match find_ignore_case(&bytes[i..], close) {
                Some(at) => i += at,
                None => break,
            }
        }
    }
    (tags, deepest)
}

fn find_ignore_case(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depth_as_written() {
        assert_eq!(measure(b"<div><div><span>x</span></div></div>"), (6, 3));
        // Optional end tags and void elements add nothing.
        assert_eq!(measure(b"<p>a<p>b<p>c<br><img src=x><li>d").1, 0);
        // Self-closing XML-style tags add nothing.
        assert_eq!(measure(b"<o:p/><o:p></o:p>").1, 1);
        // Script text is not markup.
        assert_eq!(
            measure(b"<script>document.write('<div><div><div>')</script><b>x</b>").1,
            1
        );
        assert_eq!(measure(b"a < b, <3, <!-- c -->").1, 0);
    }

    #[test]
    fn limits() {
        assert_eq!(check_size(&"<div>".repeat(10_000)), Ok(()));
        assert_eq!(
            check_size(&"<div>".repeat(MAX_DEPTH + 1)),
            Err(HtmlError::TooDeep {
                depth: MAX_DEPTH + 1
            })
        );
        assert!(matches!(
            check_size(&"<br>".repeat(MAX_TAGS + 1)),
            Err(HtmlError::TooManyTags { .. })
        ));
    }
}
