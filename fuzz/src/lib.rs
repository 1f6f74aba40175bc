//! Helpers shared by the fuzz targets: how a target turns the fuzzer's bytes
//! into the arguments of the function it calls. Seeds are plain fixture files,
//! so every encoding keeps a plain file meaning "this text, default options".

use gongkai::model::Template;

/// Content types a leading control byte `0x01..=0x07` selects. No fixture
/// starts with one of those bytes, so a fixture is read as a file without a
/// header, and the fuzzer reaches the header paths by inserting one byte.
const CONTENT_TYPES: &[&str] = &[
    "text/html",
    "text/html; charset=utf-8",
    "text/html; charset=gbk",
    "text/plain; charset=gb2312",
    "text/html; charset=big5",
    "text/html; charset=utf-16le",
    "text/html; charset=no-such-encoding",
];

/// The `Content-Type` header and the document bytes a fuzz input stands for:
/// a leading `0x01..=0x07` picks a header from a fixed list; a leading `0x0E`
/// takes the rest of the first line as a free-form header; anything else is a
/// document without one (a file, not a fetched page).
pub fn content_type(data: &[u8]) -> (Option<String>, &[u8]) {
    match data.split_first() {
        Some((&b @ 0x01..=0x07, rest)) => {
            (Some(CONTENT_TYPES[usize::from(b - 1)].to_owned()), rest)
        }
        Some((0x0E, rest)) => {
            let end = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
            let header = String::from_utf8_lossy(&rest[..end]).into_owned();
            (Some(header), rest.get(end + 1..).unwrap_or_default())
        }
        _ => (None, data),
    }
}

/// The template a narrative is read under, picked by a leading control byte
/// (`0x01` pre-2019, `0x02` 2019, `0x03` 2021); anything else is `Unknown`
/// and keeps the whole input as text.
pub fn template(data: &[u8]) -> (Template, &[u8]) {
    let template = match data.first() {
        Some(0x01) => Template::Pre2019,
        Some(0x02) => Template::Fmt2019,
        Some(0x03) => Template::Fmt2021,
        _ => return (Template::Unknown, data),
    };
    (template, &data[1..])
}

/// Paragraphs as the extractors hand them over: one per non-empty line.
pub fn paragraphs(text: &str) -> Vec<String> {
    text.lines()
        .filter(|line| !line.trim().is_empty())
        .map(str::to_owned)
        .collect()
}
