//! What people read: the text the `inspect`, `summary` and `audit` commands
//! print.
//!
//! Renderers read what the stages and the dataset hold and lay it out; they
//! must not change what any stage decides or write any file.

pub mod audit_report;
mod inspect;
pub mod summary;

pub use inspect::inspect;
