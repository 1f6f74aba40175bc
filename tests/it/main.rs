//! Integration tests, one module per stage, linked into one test binary.

mod common;

mod audit;
mod bad_input;
mod cli;
mod crawl;
mod crawl_site;
mod dataset;
mod decode;
mod html_pages;
mod http_server;
mod inspect;
mod keys;
mod narrative;
mod national;
mod readers;
mod real_pages;
mod seed;
mod text_tables;
