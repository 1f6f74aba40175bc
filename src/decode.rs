//! Bytes → UTF-8 text, with the encoding used and how it was chosen.
//!
//! Precedence, strongest first: a byte order mark, the transport's
//! `Content-Type` charset, an HTML `<meta charset>` / `http-equiv` declaration,
//! then the chardetng detector run on the non-ASCII part. The BOM comes first,
//! as in the WHATWG encoding standard: it is the bytes themselves speaking,
//! while a header is often a server-wide default. A declaration that the bytes
//! contradict is overruled, and the record says so: a page labelled UTF-8 that
//! is not valid UTF-8 goes to detection, and a page labelled GBK (or any
//! legacy encoding) whose non-ASCII bytes are valid UTF-8 is read as UTF-8 —
//! Chinese text in GBK is practically never valid UTF-8, while decoding UTF-8
//! as GBK "succeeds" with mojibake. Binary or badly mis-encoded input is an
//! error, never text full of replacement characters.
//!
//! This stage only decodes: it must not look for tables or metadata.

use std::sync::LazyLock;

use encoding_rs::{Encoding, UTF_8};
use regex::bytes::Regex;
use thiserror::Error;

use crate::model::EncodingSource;

/// How much of a document the `<meta>` scan and the detector look at.
const PREFIX: usize = 64 * 1024;
/// How much of a document the binary check looks at.
const BINARY_PROBE: usize = 8 * 1024;
/// Valid UTF-8 overrules a legacy declaration only with at least this many
/// non-ASCII characters (a few could be valid UTF-8 by chance).
const MIN_UTF8_EVIDENCE: usize = 8;

/// A document decoded to UTF-8.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// The text, in UTF-8.
    pub text: String,
    /// The encoding the bytes were read as.
    pub encoding: &'static Encoding,
    /// How that encoding was chosen.
    pub source: EncodingSource,
    /// How many malformed byte sequences became U+FFFD.
    pub replaced: usize,
    /// What overruled a declaration, if anything did (kept for the report).
    pub note: Option<String>,
}

/// Why bytes were not decoded: they are not text, or too little of them
/// decodes in the chosen encoding.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum DecodeError {
    /// No bytes at all.
    #[error("empty document (0 bytes)")]
    Empty,
    /// Too many NUL or control bytes for text.
    #[error("binary content: {control} of the first {probed} bytes are NUL or control bytes")]
    Binary {
        /// NUL and control bytes among those probed.
        control: usize,
        /// Bytes probed (the start of the document).
        probed: usize,
    },
    /// Too many characters undecodable in the chosen encoding.
    #[error(
        "mis-encoded text: {replaced} of {chars} characters are undecodable as {encoding} ({chosen_by})"
    )]
    Undecodable {
        /// The encoding's name (`GBK`).
        encoding: &'static str,
        /// How it was chosen ([`EncodingSource::as_str`]).
        chosen_by: &'static str,
        /// Characters that became U+FFFD.
        replaced: usize,
        /// Characters decoded in all.
        chars: usize,
    },
}

/// Decode `bytes`; `content_type` is the HTTP header when the document was fetched.
pub fn decode(bytes: &[u8], content_type: Option<&str>) -> Result<Decoded, DecodeError> {
    if bytes.is_empty() {
        return Err(DecodeError::Empty);
    }
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        return finish(&bytes[bom_len..], encoding, EncodingSource::Bom, None);
    }
    check_binary(bytes)?;

    let declared = content_type
        .and_then(charset_from_content_type)
        .map(|e| (e, EncodingSource::Header))
        .or_else(|| charset_from_meta(bytes).map(|e| (e, EncodingSource::Meta)));

    if let Some((encoding, source)) = declared {
        if encoding != UTF_8 && is_evidently_utf8(bytes) {
            let note = format!(
                "declared {} ({}) but the bytes are valid UTF-8; decoded as UTF-8",
                encoding.name(),
                source
            );
            return finish(bytes, UTF_8, EncodingSource::Detected, Some(note));
        }
        let decoded = finish(bytes, encoding, source, None);
        match decoded {
            Ok(d) if d.replaced == 0 => return Ok(d),
            // The declaration is contradicted by the bytes: trust the bytes if
            // detection finds an encoding that reads them cleanly.
            _ => {
                let (guess, guess_source) = detect(bytes);
                if guess != encoding {
                    let note = format!(
                        "declared {} ({}) does not match the bytes; decoded as {}",
                        encoding.name(),
                        source,
                        guess.name()
                    );
                    if let Ok(d) = finish(bytes, guess, guess_source, Some(note))
                        && d.replaced == 0
                    {
                        return Ok(d);
                    }
                }
                return finish(bytes, encoding, source, None);
            }
        }
    }

    let (encoding, source) = detect(bytes);
    if encoding != UTF_8
        && let Some(decoded) = mixed(bytes)
    {
        return Ok(decoded);
    }
    finish(bytes, encoding, source, None)
}

/// How `bytes` read as UTF-8: the non-ASCII characters in valid sequences,
/// and the invalid sequences.
fn utf8_profile(bytes: &[u8]) -> (usize, usize) {
    let lead_bytes = |b: &[u8]| b.iter().filter(|&&c| c >= 0xC0).count();
    let (mut valid, mut errors) = (0, 0);
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(_) => return (valid + lead_bytes(rest), errors),
            Err(e) => {
                valid += lead_bytes(&rest[..e.valid_up_to()]);
                errors += 1;
                match e.error_len() {
                    Some(n) => rest = &rest[e.valid_up_to() + n..],
                    None => return (valid, errors),
                }
            }
        }
    }
}

/// UTF-8 with a few invalid sequences (a stray byte, surrogates encoded as
/// UTF-8, a NUL or a cut inside a character) is still UTF-8: a legacy
/// encoding would read all of it wrong to avoid a few replacement characters.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (valid, errors) = utf8_profile(bytes);
    valid >= MIN_UTF8_EVIDENCE && errors * 50 <= valid
}

/// A text whose lines are part UTF-8, part one legacy encoding (pages pasted
/// together from several sources): each line decoded in the encoding it is
/// valid in, when every line is valid in one of the two. The encoding
/// recorded is the one most bytes were in, and the note says the text was
/// mixed.
fn mixed(bytes: &[u8]) -> Option<Decoded> {
    let lines: Vec<&[u8]> = bytes.split_inclusive(|&b| b == b'\n').collect();
    let utf8: Vec<bool> = lines
        .iter()
        .map(|l| std::str::from_utf8(l).is_ok())
        .collect();
    let utf8_chars: usize = lines
        .iter()
        .zip(&utf8)
        .filter(|(_, ok)| **ok)
        .map(|(l, _)| l.iter().filter(|&&c| c >= 0xC0).count())
        .sum();
    if utf8_chars < MIN_UTF8_EVIDENCE {
        return None;
    }
    let legacy_bytes: Vec<u8> = lines
        .iter()
        .zip(&utf8)
        .filter(|(_, ok)| !**ok)
        .flat_map(|(l, _)| l.iter().copied())
        .collect();
    let (legacy, _) = detect(&legacy_bytes);
    let mut text = String::with_capacity(bytes.len());
    let (mut utf8_lines, mut legacy_lines, mut utf8_len) = (0, 0, 0);
    for (line, ok) in lines.iter().zip(&utf8) {
        if *ok {
            text.push_str(std::str::from_utf8(line).ok()?);
            utf8_lines += 1;
            utf8_len += line.len();
        } else {
            let (decoded, had_errors) = legacy.decode_without_bom_handling(line);
            if had_errors {
                return None;
            }
            text.push_str(&decoded);
            legacy_lines += 1;
        }
    }
    text.retain(|c| c != '\0');
    let encoding = if utf8_len * 2 >= bytes.len() {
        UTF_8
    } else {
        legacy
    };
    Some(Decoded {
        text,
        encoding,
        source: EncodingSource::Detected,
        replaced: 0,
        note: Some(format!(
            "mixed encodings: {utf8_lines} lines in UTF-8, {legacy_lines} in {}; each line decoded in its own",
            legacy.name()
        )),
    })
}

/// Valid UTF-8 holding enough non-ASCII characters to rule out chance.
fn is_evidently_utf8(bytes: &[u8]) -> bool {
    let Some(first) = bytes.iter().position(|b| !b.is_ascii()) else {
        return false;
    };
    std::str::from_utf8(&bytes[first..]).is_ok_and(|text| {
        text.chars()
            .filter(|c| !c.is_ascii())
            .take(MIN_UTF8_EVIDENCE)
            .count()
            >= MIN_UTF8_EVIDENCE
    })
}

/// Pure ASCII is UTF-8 by default; valid UTF-8 needs no detector; anything else
/// goes to chardetng, fed from the first non-ASCII byte (pages often open with
/// tens of kilobytes of ASCII markup that tell the detector nothing).
fn detect(bytes: &[u8]) -> (&'static Encoding, EncodingSource) {
    let Some(first) = bytes.iter().position(|b| !b.is_ascii()) else {
        return (UTF_8, EncodingSource::Default);
    };
    if std::str::from_utf8(&bytes[first..]).is_ok() || mostly_utf8(&bytes[first..]) {
        return (UTF_8, EncodingSource::Detected);
    }
    let window = &bytes[first..bytes.len().min(first + PREFIX)];
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    // `last = false`: a document cut off inside a character must not rule out
    // the encoding it was written in.
    detector.feed(window, false);
    (
        detector.guess(None, chardetng::Utf8Detection::Allow),
        EncodingSource::Detected,
    )
}

fn finish(
    bytes: &[u8],
    encoding: &'static Encoding,
    source: EncodingSource,
    note: Option<String>,
) -> Result<Decoded, DecodeError> {
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    let mut text = text.into_owned();
    let replaced = if had_errors {
        text.matches('\u{FFFD}').count()
    } else {
        0
    };
    let chars = text.chars().count();
    // A few bad bytes (a truncated last character, a stray byte) are common in
    // real pages; a text that is more than 2% garbage is not decoded right.
    if replaced > 0 && replaced * 50 > chars {
        return Err(DecodeError::Undecodable {
            encoding: encoding.name(),
            chosen_by: source.as_str(),
            replaced,
            chars,
        });
    }
    if text.contains('\0') {
        text.retain(|c| c != '\0');
    }
    Ok(Decoded {
        text,
        encoding,
        source,
        replaced,
        note,
    })
}

/// Reject input whose start is mostly NUL or control bytes. Text with a stray
/// NUL passes (NULs are removed after decoding).
fn check_binary(bytes: &[u8]) -> Result<(), DecodeError> {
    let probe = &bytes[..bytes.len().min(BINARY_PROBE)];
    let control = probe
        .iter()
        .filter(|&&b| b == 0 || (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c | 0x1b)))
        .count();
    if control * 100 > probe.len() * 2 {
        return Err(DecodeError::Binary {
            control,
            probed: probe.len(),
        });
    }
    Ok(())
}

fn charset_from_content_type(content_type: &str) -> Option<&'static Encoding> {
    content_type.split(';').skip(1).find_map(|param| {
        let (key, value) = param.split_once('=')?;
        if !key.trim().eq_ignore_ascii_case("charset") {
            return None;
        }
        Encoding::for_label(value.trim().trim_matches(['"', '\'']).as_bytes())
    })
}

/// `<meta charset="gbk">` or `<meta http-equiv="Content-Type" content="text/html; charset=gb2312">`.
fn charset_from_meta(bytes: &[u8]) -> Option<&'static Encoding> {
    static META: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"(?i-u)<meta\b[^>]*?charset\s*=\s*["']?\s*([a-z0-9_\-:.]+)"#)
            .expect("static regex")
    });
    let prefix = &bytes[..bytes.len().min(PREFIX)];
    let label = META.captures(prefix)?.get(1)?.as_bytes();
    let encoding = Encoding::for_label(label)?;
    // WHATWG: a meta declaring UTF-16 means UTF-8 (the bytes are ASCII-compatible).
    if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE {
        return Some(UTF_8);
    }
    Some(encoding)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str =
        "衡阳国家高新区2015年度政府信息公开工作年度报告，主动公开政府信息数1860条。";

    #[test]
    fn utf8_is_detected_without_the_detector() {
        let d = decode(SAMPLE.as_bytes(), None).unwrap();
        assert_eq!(d.encoding, UTF_8);
        assert_eq!(d.source, EncodingSource::Detected);
        assert_eq!(d.text, SAMPLE);
    }

    #[test]
    fn utf8_with_a_few_invalid_sequences_stays_utf8() {
        // Surrogates encoded as UTF-8 (CESU-8) are invalid UTF-8, and made
        // the detector read the whole text as windows-1252.
        let mut bytes = SAMPLE.repeat(10).into_bytes();
        bytes.extend_from_slice(b"\xed\xa0\xbd\xed\xb8\x80");
        bytes.extend_from_slice(SAMPLE.as_bytes());
        let d = decode(&bytes, None).unwrap();
        assert_eq!((d.encoding, d.replaced), (UTF_8, 6));
        assert!(d.text.starts_with(SAMPLE));
        assert!(d.text.ends_with(SAMPLE));
    }

    #[test]
    fn lines_in_utf8_and_gbk_are_each_decoded_in_their_own() {
        let three = SAMPLE.repeat(3);
        let (gbk, _, _) = encoding_rs::GBK.encode(&three);
        let mut bytes = format!("{SAMPLE}\n{SAMPLE}\n").into_bytes();
        bytes.extend_from_slice(&gbk);
        bytes.extend_from_slice(b"\n");
        let d = decode(&bytes, None).unwrap();
        assert_eq!(
            d.text,
            format!("{SAMPLE}\n{SAMPLE}\n{}\n", SAMPLE.repeat(3))
        );
        assert_eq!(d.replaced, 0);
        let note = d.note.unwrap();
        assert!(
            note.starts_with("mixed encodings: 2 lines in UTF-8, 1 in GBK"),
            "{note}"
        );
    }

    #[test]
    fn gbk_without_declaration_is_detected() {
        let text = SAMPLE.repeat(3);
        let (bytes, _, _) = encoding_rs::GBK.encode(&text);
        let d = decode(&bytes, None).unwrap();
        assert_eq!(d.encoding.name(), "GBK");
        assert_eq!(d.text, text);
    }

    #[test]
    fn big5_without_declaration_is_detected() {
        let text = "政府資訊公開年度報告，受理申請案件共計一百二十件，均已依法答覆處理完畢。";
        let text = text.repeat(3);
        let (bytes, _, _) = encoding_rs::BIG5.encode(&text);
        let d = decode(&bytes, None).unwrap();
        assert_eq!(d.encoding.name(), "Big5");
        assert_eq!(d.text, text);
    }

    #[test]
    fn meta_http_equiv_gb2312_is_used() {
        let html = format!(
            "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"></head><body>{SAMPLE}</body></html>"
        );
        let (bytes, _, _) = encoding_rs::GBK.encode(&html);
        let d = decode(&bytes, None).unwrap();
        assert_eq!((d.encoding.name(), d.source), ("GBK", EncodingSource::Meta));
        assert!(d.text.contains("1860条"));
    }

    #[test]
    fn header_outranks_meta() {
        let html = format!("<meta charset=\"gbk\"><p>{SAMPLE}</p>");
        let d = decode(html.as_bytes(), Some("text/html; charset=UTF-8")).unwrap();
        assert_eq!((d.encoding, d.source), (UTF_8, EncodingSource::Header));
    }

    #[test]
    fn contradicted_declaration_is_overruled() {
        let html = format!("<meta charset=\"utf-8\"><p>{}</p>", SAMPLE.repeat(3));
        let (bytes, _, _) = encoding_rs::GBK.encode(&html);
        let d = decode(&bytes, None).unwrap();
        assert_eq!(d.encoding.name(), "GBK");
        assert_eq!(d.source, EncodingSource::Detected);
        assert!(d.note.unwrap().contains("does not match"));
    }

    #[test]
    fn a_legacy_declaration_on_utf8_bytes_is_overruled() {
        let html = format!("<meta charset=\"gb2312\"><p>{SAMPLE}</p>");
        let d = decode(html.as_bytes(), None).unwrap();
        assert_eq!((d.encoding, d.source), (UTF_8, EncodingSource::Detected));
        assert_eq!(d.text, html);
        assert!(d.note.unwrap().contains("valid UTF-8"));
        // Too little evidence: the declaration stands.
        let short = "<meta charset=\"gbk\"><p>\u{00e9}</p>";
        let d = decode(short.as_bytes(), None).unwrap();
        assert_eq!(d.source, EncodingSource::Meta);
    }

    #[test]
    fn bom_wins() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice(SAMPLE.as_bytes());
        let d = decode(&bytes, Some("text/html; charset=gbk")).unwrap();
        assert_eq!((d.encoding, d.source), (UTF_8, EncodingSource::Bom));
        assert_eq!(d.text, SAMPLE);
    }

    #[test]
    fn empty_and_binary_are_errors() {
        assert_eq!(decode(b"", None).unwrap_err(), DecodeError::Empty);
        let binary: Vec<u8> = (0..4096u32).map(|i| (i % 7) as u8).collect();
        assert!(matches!(
            decode(&binary, None),
            Err(DecodeError::Binary { .. })
        ));
    }

    #[test]
    fn stray_nul_is_removed_not_fatal() {
        let text = format!("{SAMPLE}\0{SAMPLE}");
        let d = decode(text.as_bytes(), None).unwrap();
        assert_eq!(d.text, format!("{SAMPLE}{SAMPLE}"));
    }
}
