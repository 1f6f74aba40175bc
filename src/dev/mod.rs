//! Developer tools, apart from the product: a deterministic benchmark
//! corpus ([`synth`]) and the end-to-end benchmark against the floor
//! ([`bench`]).
//!
//! They use the product's public stages; nothing in the product may depend
//! on them.

pub mod bench;
pub mod synth;
