//! The number readers on arbitrary UTF-8: the prose reader
//! (`narrative::numbers`), the cell reader (`normalize::normalize`) and the
//! narrative figure reader (`narrative::read`). Checks the properties their
//! own tests state.
#![no_main]

use gongkai::model::ValueStatus;
use gongkai::narrative::numbers::{parse_integer, parse_number, read_number, run_len};
use gongkai::normalize::normalize;
use gongkai::text::{clean, tidy};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };

    // narrative::numbers: reads a whole run or nothing, never past the text.
    let chars: Vec<char> = text.chars().collect();
    let run = run_len(&chars);
    assert!(run <= chars.len());
    if let Some(number) = read_number(&chars) {
        assert!(number.len > 0 && number.len <= chars.len(), "{number:?}");
        assert_eq!(number.len, run, "{number:?}");
        assert!(number.stated.is_finite(), "{number:?}");
    }
    if let Some(number) = parse_number(text) {
        assert!(number.stated.is_finite(), "{number:?}");
    }
    let _ = parse_integer(text);

    // normalize: pure, idempotent over clean/tidy, statuses and values agree.
    let once = normalize(text);
    assert_eq!(normalize(&clean(text)), once);
    assert_eq!(normalize(&tidy(text)), once);
    assert_eq!(clean(&clean(text)), clean(text));
    assert_eq!(tidy(&tidy(text)), tidy(text));
    match once.status {
        ValueStatus::Reported | ValueStatus::Approximate => assert!(once.value.is_some()),
        ValueStatus::None => assert_eq!(once.value, Some(0.0)),
        _ => assert!(once.value.is_none(), "{once:?}"),
    }
    assert_eq!(
        once.qualifier.is_some(),
        once.status == ValueStatus::Approximate
    );
    assert!(once.value.is_none_or(f64::is_finite), "{once:?}");

    // narrative::read: a value, a zero in words, or unparsed with no value.
    let read = gongkai::narrative::read(text);
    match read.status {
        ValueStatus::Reported | ValueStatus::Approximate | ValueStatus::None => {
            assert!(read.value.is_some(), "{read:?}");
        }
        _ => assert!(read.value.is_none(), "{read:?}"),
    }
});
