//! Integration tests, one module per stage, linked into one test binary.

mod common;

mod bad_input;
mod cli;
mod dataset;
mod decode;
mod readers;
mod seed;
mod text_tables;
