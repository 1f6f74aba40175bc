//! Files and folders → the documents to read, in a stable order.
//!
//! Folders are walked recursively (iteratively, without following symlinked
//! folders, skipping hidden entries) for `.html`, `.htm`, `.shtml`, `.txt` and
//! `.md` files; a file named explicitly is read whatever its extension. Paths
//! are sorted so that every run sees the same order. Reading is capped in size:
//! a larger file becomes a per-document error, never an out-of-memory.
//!
//! This module lists and reads bytes; it must not decode them.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use thiserror::Error;

/// Extensions read when walking a folder.
pub const EXTENSIONS: &[&str] = &["html", "htm", "shtml", "xhtml", "txt", "md"];

/// The largest document read, in bytes.
pub const MAX_BYTES: u64 = 64 * 1024 * 1024;

/// Why the list of documents could not be made (the whole run stops).
#[derive(Debug, Error)]
pub enum SourceError {
    /// A path given does not exist.
    #[error("{path}: no such file or folder")]
    Missing {
        /// The path, as given.
        path: String,
    },
    /// A folder could not be listed.
    #[error("cannot list folder {path}: {source}")]
    List {
        /// The folder.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
}

/// Why one document could not be read (recorded in its report row).
#[derive(Debug, Error)]
pub enum ReadError {
    /// The file could not be opened or read.
    #[error("cannot read file: {0}")]
    Io(#[from] std::io::Error),
    /// The file is larger than the limit.
    #[error("file is larger than the {limit}-byte limit ({size} bytes)")]
    TooLarge {
        /// The file's size in bytes (`limit + 1` when it grew past the limit
        /// while being read).
        size: u64,
        /// The limit, in bytes.
        limit: u64,
    },
}

/// Expand files and folders into a sorted, de-duplicated list of files.
pub(crate) fn collect(paths: &[PathBuf]) -> Result<Vec<PathBuf>, SourceError> {
    let mut files = Vec::new();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|_| SourceError::Missing {
            path: path.display().to_string(),
        })?;
        if meta.is_dir() {
            walk(path, &mut files)?;
        } else {
            files.push(path.clone());
        }
    }
    files.sort();
    files.dedup();
    Ok(files)
}

/// Add the files under `root` with a report extension to `files`.
fn walk(root: &Path, files: &mut Vec<PathBuf>) -> Result<(), SourceError> {
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries = std::fs::read_dir(&dir).map_err(|source| SourceError::List {
            path: dir.display().to_string(),
            source,
        })?;
        for entry in entries.flatten() {
            let path = entry.path();
            if entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            match entry.file_type() {
                Ok(t) if t.is_dir() => stack.push(path),
                Ok(_) if has_report_extension(&path) => files.push(path),
                _ => {}
            }
        }
    }
    Ok(())
}

fn has_report_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.iter().any(|x| e.eq_ignore_ascii_case(x)))
}

/// Read a file, refusing more than `limit` bytes.
pub fn read(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let file = File::open(path)?;
    let size = file.metadata()?.len();
    if size > limit {
        return Err(ReadError::TooLarge { size, limit });
    }
    let mut bytes = Vec::with_capacity(size as usize);
    // The file may grow between the size check and the read.
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge {
            size: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_sorted_filtered_and_skips_hidden() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("b/.hidden")).unwrap();
        for name in [
            "b/2.HTML",
            "a.txt",
            "b/1.md",
            "b/.hidden/x.txt",
            "c.pdf",
            "b/.dot.txt",
        ] {
            std::fs::write(root.join(name), "x").unwrap();
        }
        let files = collect(&[root.to_path_buf()]).unwrap();
        let names: Vec<_> = files
            .iter()
            .map(|p| p.strip_prefix(root).unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["a.txt", "b/1.md", "b/2.HTML"]);
    }

    #[test]
    fn missing_path_and_size_limit() {
        assert!(matches!(
            collect(&[PathBuf::from("/no/such/gongkai/path")]),
            Err(SourceError::Missing { .. })
        ));
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("big.txt");
        std::fs::write(&file, vec![b'a'; 100]).unwrap();
        assert!(matches!(
            read(&file, 10),
            Err(ReadError::TooLarge { size: 100, .. })
        ));
        assert_eq!(read(&file, 100).unwrap().len(), 100);
    }
}
