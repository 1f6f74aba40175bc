//! The real report pages under `fixtures/` that every corpus mixes in
//! (every `REAL_EVERY`-th document), so the benchmark also meets the pages
//! the pipeline was built on.
//!
//! This file only lists them; it must not change their bytes (the driver
//! appends the comment that makes each copy unique).

/// The real pages mixed into every corpus.
pub(super) const REAL: &[(&str, &[u8])] = &[
    (
        "real-pingtan-2018.html",
        include_bytes!("../../../fixtures/real/pingtan-2018_80529.html"),
    ),
    (
        "real-pingtan-2019.html",
        include_bytes!("../../../fixtures/real/pingtan-2019_80576.html"),
    ),
    (
        "real-pingtan-2019-glued.txt",
        include_bytes!("../../../fixtures/real/pingtan-2019_80576.txt"),
    ),
    (
        "real-pingtan-2024.html",
        include_bytes!("../../../fixtures/real/pingtan-2024_97791.html"),
    ),
    (
        "real-seed-2015.txt",
        include_bytes!("../../../fixtures/seed/000_ada6bcccffd3deee.txt"),
    ),
    (
        "real-seed-2015-gbk.txt",
        include_bytes!("../../../fixtures/seed/000_ada6bcccffd3deee.gbk.txt"),
    ),
    (
        "real-seed-word-2015-gbk.html",
        include_bytes!("../../../fixtures/html/seed-word-2015.gbk.html"),
    ),
    (
        "real-cms-2017.html",
        include_bytes!("../../../fixtures/html/cms-zoom-2017.html"),
    ),
];
