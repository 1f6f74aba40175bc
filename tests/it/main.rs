//! Integration tests, one module per stage, linked into one test binary.

mod common;

mod bad_input;
mod cli;
mod decode;
mod html_pages;
mod inspect;
mod real_pages;
mod seed;
mod text_tables;
