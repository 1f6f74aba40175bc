//! The aggregates, rebuilt from `records/` with polars' lazy API:
//! `aggregates/by_year_indicator.parquet` (one row per report year × origin ×
//! indicator × breakdown × unit, with counts and statistics) and
//! `aggregates/panel.parquet` (one row per report, one column per indicator
//! and breakdown).
//!
//! What enters a sum: values whose status is `reported` or `none` (无, a
//! stated zero). Approximate values (`430余`) are bounds, not counts, so they
//! are counted (`n_approximate`) but not summed; blank, not-applicable and
//! unparsed cells have no value. A group with nothing to sum has a null sum,
//! never 0 ("no data" is not zero), and `n_summed` beside every sum says how
//! many values it adds up. Table and narrative values are kept apart by the
//! `origin` key; the panel holds table values only. Records without an
//! indicator (labels the taxonomy does not know) are not aggregated. A unit is
//! part of the key, so 元 and 万元 are never added together.
//!
//! Memory: each year's partition is aggregated on its own with the streaming
//! engine; no query collects records. Groups and reports are numbered (u32)
//! first, so the hash tables behind the distinct-report counts and the panel
//! hold pairs of small integers; the median comes from a per-group histogram
//! of distinct values (a streaming group-by). Memory grows with the largest
//! year's (report × group) pairs and distinct values, not with the number of
//! years; only results (groups, one year's panel rows) are held in memory.
//!
//! This module sums and reshapes; it must not invent, scale or fill a value.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use polars::prelude::*;

use super::folder::{partitions, year_is};
use super::names;
use super::parquet::{
    collect_streaming, is_one_of, records_frame, reports_frame, scan_parts, sink,
};
use super::{OutputError, commit};
use crate::model::{Origin, ReportStatus, ValueStatus};
use crate::taxonomy::Taxonomy;

/// The key columns of `by_year_indicator`, in order.
pub const KEYS: [&str; 5] = ["report_year", "origin", "indicator", "breakdown", "unit"];

/// Statuses whose value enters sums, means, medians, minima and maxima.
pub const SUMMED: [ValueStatus; 2] = [ValueStatus::Reported, ValueStatus::None];

/// The status counts of `by_year_indicator`: column name and status.
const STATUS_COUNTS: [(&str, ValueStatus); 6] = [
    ("n_reported", ValueStatus::Reported),
    ("n_none", ValueStatus::None),
    ("n_blank", ValueStatus::Blank),
    ("n_not_applicable", ValueStatus::NotApplicable),
    ("n_approximate", ValueStatus::Approximate),
    ("n_unparsed", ValueStatus::Unparsed),
];

/// The report columns that open every panel row.
pub const PANEL_ID_COLUMNS: [&str; 5] =
    ["report_id", "agency", "report_year", "template", "source"];

/// Reports that get a panel row: those with statistics tables.
const PANEL_STATUSES: [ReportStatus; 2] = [ReportStatus::Ok, ReportStatus::Partial];

/// What [`build`] wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AggregateStats {
    /// Rows of `by_year_indicator`.
    pub groups: usize,
    /// Rows of `panel` (reports).
    pub panel_rows: usize,
    /// Value columns of `panel` (indicator × breakdown).
    pub panel_columns: usize,
}

/// A panel column: an indicator code and a breakdown.
type PanelKey = (String, Option<String>);

/// The panel column name of an indicator and breakdown: `proactive.total`,
/// `apply.received[total]`.
pub fn panel_column(indicator: &str, breakdown: Option<&str>) -> String {
    match breakdown {
        Some(b) => format!("{indicator}[{b}]"),
        None => indicator.to_owned(),
    }
}

/// Build `by_year_indicator.parquet` and `panel.parquet` in `dest` from the
/// records partitions under `records` and the reports file `reports`.
pub fn build(
    records: &Path,
    reports: &Path,
    dest: &Path,
    taxonomy: &Taxonomy,
) -> Result<AggregateStats, OutputError> {
    std::fs::create_dir_all(dest).map_err(OutputError::io(dest))?;
    let parts = partitions(records)?;
    let mut stats = AggregateStats::default();

    let by_year = dest.join(names::BY_YEAR_INDICATOR);
    let mut groups = empty_groups().map_err(OutputError::polars(&by_year))?;
    for (year, files) in &parts {
        let year = year_groups(*year, files).map_err(OutputError::read(records))?;
        groups
            .vstack_mut_owned(year)
            .map_err(OutputError::polars(&by_year))?;
    }
    stats.groups = groups.height();
    let sorted = groups.lazy().sort(
        KEYS,
        SortMultipleOptions::default()
            .with_nulls_last(true)
            .with_maintain_order(true),
    );
    sink(sorted, &by_year)?;
    tracing::info!(
        peak_mb = crate::sys::settled_peak_mb(),
        "aggregates: by_year_indicator written"
    );

    let panel = dest.join(names::PANEL);
    let keys = panel_keys(&parts, taxonomy).map_err(OutputError::read(records))?;
    stats.panel_columns = keys.len();
    stats.panel_rows = write_panel(&parts, reports, &keys, &panel)?;
    Ok(stats)
}

fn status_is(statuses: &[ValueStatus]) -> Expr {
    let names: Vec<&str> = statuses.iter().map(|s| s.as_str()).collect();
    is_one_of("status", Series::new("".into(), names))
}

/// The value when it enters sums, else null.
fn summed_value() -> Expr {
    when(status_is(&SUMMED))
        .then(col("value"))
        .otherwise(lit(NULL).cast(DataType::Float64))
}

fn scan(files: &[PathBuf]) -> PolarsResult<LazyFrame> {
    scan_parts(files)
}

/// The group columns within a year.
const GROUP_KEYS: [&str; 4] = ["origin", "indicator", "breakdown", "unit"];

/// One year's records with an indicator, with compact codes: `gid` for the
/// group (origin, indicator, breakdown, unit) and `rid` for the report, both
/// UInt32. Counting distinct reports and values over two small integers keeps
/// the streaming hash tables small, whatever the strings.
struct Encoded {
    /// `gid`, `rid`, `status`, `summed` (the value when it enters sums).
    records: LazyFrame,
    /// `gid` and the group's key columns.
    groups: DataFrame,
}

/// Number the distinct values of `columns` in sorted order, as `name` (UInt32).
fn index_of(frame: LazyFrame, columns: &[&str], name: &str) -> PolarsResult<DataFrame> {
    let exprs: Vec<Expr> = columns.iter().map(|c| col(*c)).collect();
    let distinct = collect_streaming(frame.group_by(exprs.clone()).agg([len()]))?;
    distinct
        .lazy()
        .select(exprs)
        .sort(
            columns.to_vec(),
            SortMultipleOptions::default().with_nulls_last(true),
        )
        .with_row_index(name, None)
        .with_column(col(name).cast(DataType::UInt32))
        .collect()
}

fn encode(records: LazyFrame) -> PolarsResult<Encoded> {
    let mapped = records.filter(col("indicator").is_not_null());
    let groups = index_of(mapped.clone(), &GROUP_KEYS, "gid")?;
    let reports = index_of(mapped.clone(), &["report_id"], "rid")?;
    let records = mapped
        .join_builder()
        .with(groups.clone().lazy())
        .on(GROUP_KEYS.map(col))
        .how(JoinType::Inner)
        .join_nulls(true)
        .finish()
        .join_builder()
        .with(reports.lazy())
        .on([col("report_id")])
        .how(JoinType::Inner)
        .finish()
        .select([
            col("gid"),
            col("rid"),
            col("status"),
            summed_value().alias("summed"),
        ]);
    Ok(Encoded { records, groups })
}

/// One year's rows of `by_year_indicator`.
fn year_groups(year: Option<i32>, files: &[PathBuf]) -> PolarsResult<DataFrame> {
    groups_of(year, scan(files)?)
}

/// The rows of `by_year_indicator` for one year's records.
fn groups_of(year: Option<i32>, records: LazyFrame) -> PolarsResult<DataFrame> {
    let Encoded { records, groups } = encode(records)?;
    let mut aggs = vec![
        col("rid")
            .n_unique()
            .cast(DataType::Int64)
            .alias("n_reports"),
    ];
    for (name, status) in STATUS_COUNTS {
        aggs.push(
            col("status")
                .eq(lit(status.as_str()))
                .cast(DataType::Int64)
                .sum()
                .alias(name),
        );
    }
    aggs.extend([
        col("summed")
            .count()
            .cast(DataType::Int64)
            .alias("n_summed"),
        col("summed").min().alias("value_min"),
        col("summed").max().alias("value_max"),
    ]);
    let stats = collect_streaming(records.clone().group_by([col("gid")]).agg(aggs))?;
    let histogram = collect_streaming(
        records
            .filter(col("summed").is_not_null())
            .group_by([col("gid"), col("summed")])
            .agg([len().cast(DataType::Int64).alias("n")])
            .sort(["gid", "summed"], SortMultipleOptions::default()),
    )?;
    // Sum, mean and median come from the sorted histogram: adding values in
    // one fixed order makes the sums the same bytes on every run (a parallel
    // sum adds partial sums in whatever order threads finish), and a group
    // with nothing to sum has no histogram rows, so its sum stays null.
    let medians = histogram_stats(&histogram)?;
    let year = match year {
        Some(y) => lit(y),
        None => lit(NULL),
    };
    groups
        .lazy()
        .join(
            stats.lazy(),
            [col("gid")],
            [col("gid")],
            JoinArgs::new(JoinType::Left),
        )
        .join(
            medians.lazy(),
            [col("gid")],
            [col("gid")],
            JoinArgs::new(JoinType::Left),
        )
        .with_column(year.cast(DataType::Int32).alias("report_year"))
        .select(group_columns())
        .collect()
}

/// The columns of `by_year_indicator`, in order.
fn group_columns() -> Vec<Expr> {
    let mut names: Vec<&str> = KEYS.to_vec();
    names.push("n_reports");
    names.extend(STATUS_COUNTS.iter().map(|(name, _)| *name));
    names.extend([
        "n_summed",
        "value_sum",
        "value_mean",
        "value_median",
        "value_min",
        "value_max",
    ]);
    names.into_iter().map(col).collect()
}

/// An empty `by_year_indicator` with its column types.
fn empty_groups() -> PolarsResult<DataFrame> {
    groups_of(None, records_frame(&[])?.lazy())
}

/// Sum, mean and median of each group of a histogram sorted by `gid` and
/// value. The median is the middle value, or the mean of the two middle values.
fn histogram_stats(histogram: &DataFrame) -> PolarsResult<DataFrame> {
    let gid = histogram.column("gid")?.u32()?;
    let value = histogram.column("summed")?.f64()?;
    let count = histogram.column("n")?.i64()?;
    let mut out = HistogramStats::default();
    let mut group: Vec<(f64, i64)> = Vec::new();
    let mut current = None;
    for ((g, v), n) in gid.iter().zip(value.iter()).zip(count.iter()) {
        if g != current {
            if let Some(c) = current {
                out.push(c, &group);
            }
            group.clear();
            current = g;
        }
        if let (Some(v), Some(n)) = (v, n) {
            group.push((v, n));
        }
    }
    if let Some(c) = current {
        out.push(c, &group);
    }
    df!(
        "gid" => out.gid,
        "value_sum" => out.sum,
        "value_mean" => out.mean,
        "value_median" => out.median,
    )
}

/// The columns [`histogram_stats`] builds, one entry per group.
#[derive(Default)]
struct HistogramStats {
    gid: Vec<u32>,
    sum: Vec<Option<f64>>,
    mean: Vec<Option<f64>>,
    median: Vec<Option<f64>>,
}

impl HistogramStats {
    /// One group's statistics; `histogram` is (value, count), sorted by value.
    fn push(&mut self, gid: u32, histogram: &[(f64, i64)]) {
        let n: i64 = histogram.iter().map(|(_, n)| n).sum();
        let sum = (n > 0).then(|| histogram.iter().map(|&(v, n)| v * n as f64).sum::<f64>());
        self.gid.push(gid);
        self.sum.push(sum);
        self.mean.push(sum.map(|s| s / n as f64));
        self.median.push(median_of_histogram(histogram));
    }
}

/// The median of the values of a histogram (value, count), sorted by value.
pub fn median_of_histogram(histogram: &[(f64, i64)]) -> Option<f64> {
    let total: i64 = histogram.iter().map(|(_, n)| n).sum();
    if total <= 0 {
        return None;
    }
    let at_rank = |rank: i64| {
        let mut seen = 0;
        histogram.iter().find_map(|&(v, n)| {
            seen += n;
            (seen >= rank).then_some(v)
        })
    };
    let lo = at_rank((total + 1) / 2)?;
    let hi = at_rank(total / 2 + 1)?;
    Some((lo + hi) / 2.0)
}

/// The panel's value columns: every indicator × breakdown that table records
/// carry, in taxonomy order (codes the taxonomy does not know last), the
/// breakdown-less column first.
fn panel_keys(
    parts: &BTreeMap<Option<i32>, Vec<PathBuf>>,
    taxonomy: &Taxonomy,
) -> PolarsResult<Vec<PanelKey>> {
    let mut keys: BTreeSet<PanelKey> = BTreeSet::new();
    for files in parts.values() {
        let distinct = collect_streaming(
            scan(files)?
                .filter(table_values())
                .group_by([col("indicator"), col("breakdown")])
                .agg([len()]),
        )?;
        let codes = distinct.column("indicator")?.str()?;
        let breakdowns = distinct.column("breakdown")?.str()?;
        for (code, breakdown) in codes.iter().zip(breakdowns.iter()) {
            if let Some(code) = code {
                keys.insert((code.to_owned(), breakdown.map(str::to_owned)));
            }
        }
    }
    let rank: BTreeMap<&str, usize> = taxonomy
        .indicators()
        .iter()
        .enumerate()
        .map(|(i, ind)| (ind.code.as_str(), i))
        .collect();
    let mut keys: Vec<PanelKey> = keys.into_iter().collect();
    keys.sort_by(|a, b| {
        let ra = rank.get(a.0.as_str()).copied().unwrap_or(usize::MAX);
        let rb = rank.get(b.0.as_str()).copied().unwrap_or(usize::MAX);
        (ra, &a.0, &a.1).cmp(&(rb, &b.0, &b.1))
    });
    Ok(keys)
}

fn table_values() -> Expr {
    col("origin")
        .eq(lit(Origin::Table.as_str()))
        .and(col("indicator").is_not_null())
}

/// Write the panel year by year (each year's rows sorted by agency and
/// report), then stream the years into one file. Returns the rows written.
fn write_panel(
    parts: &BTreeMap<Option<i32>, Vec<PathBuf>>,
    reports: &Path,
    keys: &[PanelKey],
    dest: &Path,
) -> Result<usize, OutputError> {
    let panel_reports = scan_parts(&[reports.to_path_buf()])
        .map(|lf| {
            let statuses: Vec<&str> = PANEL_STATUSES.iter().map(|s| s.as_str()).collect();
            lf.filter(is_one_of("status", Series::new("".into(), statuses)))
                .select(PANEL_ID_COLUMNS.map(col))
        })
        .map_err(OutputError::read(reports))?;
    let years = panel_years(&panel_reports, reports)?;

    let tmp = dest.with_file_name(format!(".panel-parts-{}", std::process::id()));
    commit::remove_all(&tmp)?;
    std::fs::create_dir_all(&tmp).map_err(OutputError::io(&tmp))?;
    let mut files = Vec::new();
    let mut rows = 0;
    for year in years {
        let path = tmp.join(format!("{:05}.parquet", files.len()));
        let records = match parts.get(&year) {
            Some(files) => scan(files),
            None => records_frame(&[]).map(IntoLazy::lazy),
        };
        let frame = records
            .and_then(|records| {
                panel_year(records, panel_reports.clone().filter(year_is(year)), keys)
            })
            .map_err(OutputError::read(reports))?;
        rows += frame.height();
        sink(frame.lazy(), &path)?;
        tracing::info!(
            peak_mb = crate::sys::settled_peak_mb(),
            ?year,
            "aggregates: panel year written"
        );
        files.push(path);
    }
    let frame = if files.is_empty() {
        empty_panel(keys, dest)?
    } else {
        scan_parts(&files).map_err(OutputError::read(dest))?
    };
    let result = sink(frame, dest);
    tracing::info!(
        peak_mb = crate::sys::settled_peak_mb(),
        "aggregates: panel written"
    );
    commit::remove_all(&tmp)?;
    result.map(|()| rows)
}

/// The report years of the panel's reports, in order, the null year last.
fn panel_years(panel_reports: &LazyFrame, reports: &Path) -> Result<Vec<Option<i32>>, OutputError> {
    let years: BTreeSet<Option<i32>> = panel_reports
        .clone()
        .select([col("report_year")])
        .unique(None, UniqueKeepStrategy::Any)
        .collect()
        .and_then(|df| Ok(df.column("report_year")?.i32()?.iter().collect()))
        .map_err(OutputError::read(reports))?;
    Ok(years
        .iter()
        .filter(|y| y.is_some())
        .chain(years.iter().filter(|y| y.is_none()))
        .copied()
        .collect())
}

/// The panel of no reports: its columns, no rows.
fn empty_panel(keys: &[PanelKey], dest: &Path) -> Result<LazyFrame, OutputError> {
    let empty = reports_frame(&[])
        .map_err(OutputError::polars(dest))?
        .lazy()
        .select(PANEL_ID_COLUMNS.map(col));
    Ok(panel_year(
        records_frame(&[])
            .map_err(OutputError::polars(dest))?
            .lazy(),
        empty,
        keys,
    )
    .map_err(OutputError::polars(dest))?
    .lazy())
}

/// One year of the panel: each report's table value for every key — the value
/// when the report states it (reported or 无) and all its statements agree,
/// else null.
fn panel_year(
    records: LazyFrame,
    reports: LazyFrame,
    keys: &[PanelKey],
) -> PolarsResult<DataFrame> {
    let sort = SortMultipleOptions::default()
        .with_nulls_last(true)
        .with_maintain_order(true);
    if keys.is_empty() {
        return reports.sort(["agency", "report_id"], sort).collect();
    }
    let key_table = df!(
        "indicator" => keys.iter().map(|k| k.0.as_str()).collect::<Vec<_>>(),
        "breakdown" => keys.iter().map(|k| k.1.as_deref()).collect::<Vec<_>>(),
        "key" => (0..keys.len() as u32).collect::<Vec<u32>>(),
    )?;
    let table = records.filter(table_values());
    // Reports numbered (u32) so the per-report hash tables stay small.
    let report_index = index_of(table.clone(), &["report_id"], "rid")?;
    let reduced = agreed_values(table, key_table, &report_index);
    let names: Vec<String> = keys
        .iter()
        .map(|(code, breakdown)| panel_column(code, breakdown.as_deref()))
        .collect();
    // Spread (report, key, value) into one column per key by hand: a
    // filtered aggregation per key held every key's groups at once.
    let reduced = collect_streaming(reduced.select([col("rid"), col("key"), col("v")]))?;
    let n = report_index.height();
    let spread = spread_by_key(&reduced, n, keys.len())?;
    let mut wide_columns = vec![Column::new(
        "rid".into(),
        (0..n as u32).collect::<Vec<u32>>(),
    )];
    wide_columns.extend(
        names
            .iter()
            .zip(spread)
            .map(|(name, values)| Column::new(name.as_str().into(), values)),
    );
    let wide = DataFrame::new(n, wide_columns)?.lazy().join(
        report_index.lazy(),
        [col("rid")],
        [col("rid")],
        JoinArgs::new(JoinType::Inner),
    );
    let columns: Vec<Expr> = PANEL_ID_COLUMNS
        .iter()
        .map(|c| col(*c))
        .chain(names.iter().map(|n| col(n.as_str())))
        .collect();
    reports
        .join_builder()
        .with(wide)
        .on([col("report_id")])
        .how(JoinType::Left)
        .finish()
        .select(columns)
        .sort(["agency", "report_id"], sort)
        .collect()
}

/// Per report number (`rid`) and key number (`key`), the value `v` all the
/// report's statements of that key agree on, else null.
fn agreed_values(table: LazyFrame, key_table: DataFrame, report_index: &DataFrame) -> LazyFrame {
    table
        .with_column(summed_value().alias("v"))
        .join_builder()
        .with(key_table.lazy())
        .on([col("indicator"), col("breakdown")])
        .how(JoinType::Inner)
        .join_nulls(true)
        .finish()
        .join_builder()
        .with(report_index.clone().lazy())
        .on([col("report_id")])
        .how(JoinType::Inner)
        .finish()
        .group_by([col("rid"), col("key")])
        .agg([col("v").min().alias("lo"), col("v").max().alias("hi")])
        .with_column(
            when(col("lo").eq(col("hi")))
                .then(col("lo"))
                .otherwise(lit(NULL).cast(DataType::Float64))
                .alias("v"),
        )
}

/// The (`rid`, `key`, `v`) rows of `reduced` as one column of `reports`
/// values per key, null where a report has no value.
fn spread_by_key(
    reduced: &DataFrame,
    reports: usize,
    keys: usize,
) -> PolarsResult<Vec<Vec<Option<f64>>>> {
    let mut spread: Vec<Vec<Option<f64>>> = vec![vec![None; reports]; keys];
    let rids = reduced.column("rid")?.u32()?;
    let key_nos = reduced.column("key")?.u32()?;
    let values = reduced.column("v")?.f64()?;
    for ((rid, key), v) in rids.iter().zip(key_nos.iter()).zip(values.iter()) {
        if let (Some(rid), Some(key)) = (rid, key)
            && let Some(cell) = spread
                .get_mut(key as usize)
                .and_then(|c| c.get_mut(rid as usize))
        {
            *cell = v;
        }
    }
    Ok(spread)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_a_histogram() {
        assert_eq!(median_of_histogram(&[]), None);
        assert_eq!(median_of_histogram(&[(5.0, 1)]), Some(5.0));
        // 1 2 2 9 → (2 + 2) / 2
        assert_eq!(
            median_of_histogram(&[(1.0, 1), (2.0, 2), (9.0, 1)]),
            Some(2.0)
        );
        // 1 2 3 9 → (2 + 3) / 2
        assert_eq!(
            median_of_histogram(&[(1.0, 1), (2.0, 1), (3.0, 1), (9.0, 1)]),
            Some(2.5)
        );
        // 0 0 0 7 8 → 0
        assert_eq!(
            median_of_histogram(&[(0.0, 3), (7.0, 1), (8.0, 1)]),
            Some(0.0)
        );
    }

    #[test]
    fn panel_column_names() {
        assert_eq!(panel_column("proactive.total", None), "proactive.total");
        assert_eq!(
            panel_column("apply.received", Some("total")),
            "apply.received[total]"
        );
    }

    /// A regression test for sums that changed in the last bits from run to
    /// run (673201.2000000001 vs 673201.2): the same records in any order
    /// must give the same bytes.
    #[test]
    fn aggregate_sum_is_the_same_whatever_the_record_order() {
        use crate::model::{Origin, Record, Template, ValueStatus};
        let record = |i: usize, value: f64| Record {
            report_id: format!("r{i:04}"),
            agency: None,
            report_year: Some(2022),
            template: Template::Fmt2021,
            origin: Origin::Table,
            table_no: Some(1),
            row_no: Some(14),
            col_no: Some(2),
            section: None,
            row_label: None,
            col_label: None,
            indicator: Some("proactive.fees.amount".into()),
            breakdown: None,
            unit: Some("万元".into()),
            value: Some(value),
            value_raw: value.to_string(),
            status: ValueStatus::Reported,
            qualifier: None,
            snippet: None,
        };
        let values = [
            96171.6, 0.1, 18651.06, 0.2, 3.3, 96171.6, 7.77, 0.35, 1e-3, 12.5,
        ];
        let forward: Vec<Record> = values
            .iter()
            .enumerate()
            .map(|(i, &v)| record(i, v))
            .collect();
        let mut backward = forward.clone();
        backward.reverse();
        let stats = |records: &[Record]| {
            let frame = records_frame(records).unwrap();
            let out = groups_of(Some(2022), frame.lazy()).unwrap();
            let sum = out.column("value_sum").unwrap().f64().unwrap().get(0);
            let mean = out.column("value_mean").unwrap().f64().unwrap().get(0);
            (sum.map(f64::to_bits), mean.map(f64::to_bits))
        };
        assert_eq!(stats(&forward), stats(&backward));
        let (sum, _) = stats(&forward);
        let expected: f64 = values.iter().sum();
        assert!((f64::from_bits(sum.unwrap()) - expected).abs() < 1e-6);
    }
}
