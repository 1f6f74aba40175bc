//! Where documents come from: files and folders on disk ([`files`]) and the
//! HTTP crawler ([`crawl`]).
//!
//! Sources hand over raw bytes with their origin and nothing else: they must
//! not parse reports. (The crawler decodes listing pages only to find links.)

pub mod crawl;
pub mod files;
