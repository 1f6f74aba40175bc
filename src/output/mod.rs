//! Writing the dataset: the Parquet files of the data contract ([`parquet`]).
//!
//! Output never changes a value: it lays out what the earlier stages produced.

pub mod parquet;
