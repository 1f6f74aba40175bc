//! Where documents come from: files and folders on disk ([`files`]); the HTTP
//! crawler joins here.
//!
//! Sources hand over raw bytes with their origin and nothing else: they must
//! not decode or parse.

pub mod files;
