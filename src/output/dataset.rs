//! The output folder as a dataset that grows: a run's results are spooled
//! chunk by chunk, then merged into what the folder already holds, and the
//! merged dataset replaces the old one all at once ([`super::commit`]).
//!
//! Merge rules, per document (a row of `reports`):
//! - same `report_id` (the same bytes) as a document already present: the new
//!   extraction replaces the old one in place, so re-running adds nothing
//!   twice and a newer parser's reading wins;
//! - same `source` (path or URL) as a document already present, different
//!   bytes: the old version and its records are removed, the new one added;
//! - a source that could not be read this time (no bytes, no hash) does not
//!   displace an earlier readable version: the failure is added beside it;
//! - within one run, the last document read from a source wins;
//! - everything else already present is kept as it is.
//!
//! Records (and findings) follow their documents. Only the `records/`
//! partitions of years that gained or lost a document are rewritten; the others
//! are hard-linked from the live dataset into the new one (copied where links
//! are not possible). Aggregates and the codebook are rebuilt from the merged
//! dataset on every run.
//!
//! Memory: the spool holds the run's values on disk; merging streams them with
//! polars' lazy scans and sinks. What is held in memory is one small entry per
//! document (id, source, year, count), never the records.
//!
//! This module decides which documents survive; it must not change a value.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

use polars::prelude::*;

use super::commit::{self, Lock, Plan, Staging};
use super::folder::{not_a_dataset, partitions, require_dataset, year_is};
use super::names::{self, partition_dir};
use super::parquet::{findings_frame, records_frame, reports_frame, scan_parts, sink, write_part};
use super::{OutputError, aggregate, codebook, year_over_year};
use crate::model::{DocResult, Finding, Record, Report, Rule};
use crate::taxonomy::Taxonomy;

/// What a run did to the dataset.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DatasetStats {
    /// Documents in the dataset after the run.
    pub reports: usize,
    /// Values in the dataset after the run.
    pub records: usize,
    /// Documents not present before.
    pub added: usize,
    /// Documents present before with the same bytes, re-extracted in place.
    pub refreshed: usize,
    /// Older versions removed because their source now has different bytes.
    pub replaced: usize,
    /// Documents of earlier runs left as they were.
    pub kept: usize,
    /// Findings across reports (year over year) in the dataset after the run.
    pub year_over_year: usize,
}

/// What one document contributes to the merge decision.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    id: String,
    source: String,
    /// False for a source that could not be read (no bytes were hashed).
    has_content: bool,
    year: Option<i32>,
    n_records: u64,
}

impl Entry {
    fn of(report: &Report) -> Entry {
        Entry {
            id: report.report_id.clone(),
            source: report.source.clone(),
            has_content: report.content_sha256.is_some(),
            year: report.report_year,
            n_records: report.n_records,
        }
    }
}

/// Which documents survive a merge, and what that does to the partitions.
#[derive(Debug, Default)]
struct Merge {
    keep_old: HashSet<String>,
    keep_new: HashSet<String>,
    /// Years whose records partition changes.
    affected: BTreeSet<Option<i32>>,
    /// Records per year after the merge.
    records_per_year: BTreeMap<Option<i32>, u64>,
    /// Records per year that the kept documents of earlier runs hold.
    old_records_per_year: BTreeMap<Option<i32>, u64>,
    stats: DatasetStats,
}

/// Apply the merge rules (see the module docs) to the documents already in
/// the dataset (`old`) and those of this run (`new`, in the order read).
fn plan_merge(old: &[Entry], new: &[Entry]) -> Merge {
    let mut last_by_source: HashMap<&str, &str> = HashMap::new();
    for e in new.iter().filter(|e| e.has_content) {
        last_by_source.insert(&e.source, &e.id);
    }
    let mut merge = Merge::default();
    let mut kept_new: Vec<&Entry> = Vec::new();
    for e in new {
        if !e.has_content || last_by_source.get(e.source.as_str()) == Some(&e.id.as_str()) {
            if merge.keep_new.insert(e.id.clone()) {
                kept_new.push(e);
            }
        } else {
            merge.stats.replaced += 1;
        }
    }
    let new_sources: HashSet<&str> = kept_new
        .iter()
        .filter(|e| e.has_content)
        .map(|e| e.source.as_str())
        .collect();
    let mut kept_old: Vec<&Entry> = Vec::new();
    for e in old {
        if merge.keep_new.contains(&e.id) {
            merge.stats.refreshed += 1;
            merge.affected.insert(e.year);
        } else if new_sources.contains(e.source.as_str()) {
            merge.stats.replaced += 1;
            merge.affected.insert(e.year);
        } else if merge.keep_old.insert(e.id.clone()) {
            kept_old.push(e);
        }
    }
    for e in &kept_new {
        merge.affected.insert(e.year);
    }
    for e in kept_old.iter().chain(&kept_new) {
        *merge.records_per_year.entry(e.year).or_default() += e.n_records;
    }
    for e in &kept_old {
        *merge.old_records_per_year.entry(e.year).or_default() += e.n_records;
    }
    merge.stats.added = kept_new.len() - merge.stats.refreshed;
    merge.stats.kept = kept_old.len();
    merge.stats.reports = kept_old.len() + kept_new.len();
    merge.stats.records = merge.records_per_year.values().sum::<u64>() as usize;
    merge
}

/// Writes a run into an output folder: takes the folder's lock, spools chunks
/// of results, and at [`finish`](DatasetWriter::finish) merges them into the
/// dataset and replaces it.
pub struct DatasetWriter {
    lock: Lock,
    spool: PathBuf,
    chunks: usize,
    report_parts: Vec<PathBuf>,
    record_parts: BTreeMap<Option<i32>, Vec<PathBuf>>,
    finding_parts: Vec<PathBuf>,
    entries: Vec<Entry>,
}

impl DatasetWriter {
    /// Lock `out_dir` (creating it), finish or discard what an interrupted
    /// run left there, and start a spool. Fails at once with
    /// [`OutputError::Locked`] while another run writes to the folder.
    pub fn create(out_dir: &Path) -> Result<DatasetWriter, OutputError> {
        let lock = Lock::acquire(out_dir)?;
        commit::recover(&lock)?;
        check_dataset(out_dir)?;
        let spool = out_dir.join(format!("{}{}", names::SPOOL_PREFIX, std::process::id()));
        std::fs::create_dir(&spool).map_err(OutputError::io(&spool))?;
        Ok(DatasetWriter {
            lock,
            spool,
            chunks: 0,
            report_parts: Vec::new(),
            record_parts: BTreeMap::new(),
            finding_parts: Vec::new(),
            entries: Vec::new(),
        })
    }

    /// Spool one chunk of results; records are spooled by report year.
    pub fn write(&mut self, results: &[DocResult]) -> Result<(), OutputError> {
        if results.is_empty() {
            return Ok(());
        }
        let n = self.next_chunk();
        let reports: Vec<Report> = results.iter().map(|r| r.report.clone()).collect();
        let path = self.spool.join(format!("reports-{n:08}.parquet"));
        let mut frame = reports_frame(&reports).map_err(OutputError::polars(&path))?;
        write_part(&mut frame, &path)?;
        self.report_parts.push(path);
        self.entries.extend(reports.iter().map(Entry::of));

        let mut by_year: BTreeMap<Option<i32>, Vec<Record>> = BTreeMap::new();
        for record in results.iter().flat_map(|r| &r.records) {
            by_year
                .entry(record.report_year)
                .or_default()
                .push(record.clone());
        }
        for (year, records) in by_year {
            let dir = self.spool.join(partition_dir(year));
            std::fs::create_dir_all(&dir).map_err(OutputError::io(&dir))?;
            let path = dir.join(format!("records-{n:08}.parquet"));
            let mut frame = records_frame(&records).map_err(OutputError::polars(&path))?;
            write_part(&mut frame, &path)?;
            self.record_parts.entry(year).or_default().push(path);
        }

        // Findings are merged like records: a finding lives as long as the
        // document it is about.
        let findings: Vec<Finding> = results
            .iter()
            .flat_map(|r| r.findings.iter().cloned())
            .collect();
        if !findings.is_empty() {
            let path = self.spool.join(format!("findings-{n:08}.parquet"));
            let mut frame = findings_frame(&findings).map_err(OutputError::polars(&path))?;
            write_part(&mut frame, &path)?;
            self.finding_parts.push(path);
        }
        Ok(())
    }

    fn next_chunk(&mut self) -> usize {
        self.chunks += 1;
        self.chunks
    }

    /// Merge the spooled run into the dataset, rebuild the aggregates and the
    /// codebook, and replace the folder's items all at once.
    pub fn finish(self, taxonomy: &Taxonomy) -> Result<DatasetStats, OutputError> {
        let live = self.lock.dir().to_path_buf();
        let old = read_entries(&live)?;
        let merge = plan_merge(&old, &self.entries);
        let staging = Staging::begin(&self.lock)?;
        let keep_old = Keep::of(&merge.keep_old, old.len()).map_err(OutputError::polars(&live))?;
        let keep_new =
            Keep::of(&merge.keep_new, self.entries.len()).map_err(OutputError::polars(&live))?;

        let reports = staging.path(names::REPORTS);
        let live_reports = live.join(names::REPORTS);
        let sources = [
            (live_reports.exists().then(|| vec![live_reports]), &keep_old),
            (Some(self.report_parts.clone()), &keep_new),
        ];
        sink_merged(&sources, reports_frame(&[]), &reports)?;
        phase("reports merged");

        let legacy = live.join(names::LEGACY_RECORDS);
        let legacy = (legacy.is_file() && !live.join(names::RECORDS).exists()).then_some(legacy);
        self.merge_records(&staging, &merge, &keep_old, &keep_new, legacy.as_deref())?;
        phase("records merged");

        let year_over_year =
            year_over_year::findings(&staging.path(names::RECORDS), &reports, taxonomy)?;
        let mut stats = merge.stats.clone();
        stats.year_over_year = year_over_year.len();
        phase("year over year audited");
        self.merge_findings(&staging, &keep_old, &keep_new, &year_over_year)?;
        phase("findings merged");

        aggregate::build(
            &staging.path(names::RECORDS),
            &reports,
            &staging.path(names::AGGREGATES),
            taxonomy,
        )?;
        phase("aggregates built");
        codebook::write(&staging.path(""), taxonomy)?;

        let mut plan = Plan {
            put: [
                names::REPORTS,
                names::RECORDS,
                names::FINDINGS,
                names::AGGREGATES,
                names::CODEBOOK_PARQUET,
                names::CODEBOOK_MD,
            ]
            .map(String::from)
            .to_vec(),
            delete: Vec::new(),
        };
        if legacy.is_some() {
            plan.delete.push(names::LEGACY_RECORDS.to_owned());
        }
        staging.commit(&plan)?;
        Ok(stats)
    }

    /// Build `findings.parquet` in staging: the findings about each surviving
    /// document, then those across reports (recomputed on every run, since
    /// they depend on which reports the dataset holds).
    fn merge_findings(
        &self,
        staging: &Staging,
        keep_old: &Keep,
        keep_new: &Keep,
        across: &[Finding],
    ) -> Result<(), OutputError> {
        let dest = staging.path(names::FINDINGS);
        let live = staging.live().join(names::FINDINGS);
        let live = (live.exists() && has_findings_schema(&live)?).then(|| vec![live]);
        let sources = [
            (live, keep_old),
            (Some(self.finding_parts.clone()), keep_new),
        ];
        let per_document = merged(&sources)
            .map_err(OutputError::read(&dest))?
            .map(|f| f.filter(col("rule").neq(lit(Rule::YearOverYear.as_str()))));
        let across = findings_frame(across)
            .map_err(OutputError::polars(&dest))?
            .lazy();
        let frame = match per_document {
            Some(frame) => {
                concat([frame, across], UnionArgs::default()).map_err(OutputError::polars(&dest))?
            }
            None => across,
        };
        sink(frame, &dest)
    }

    /// Build `records/` in staging: rewrite the partitions of affected years
    /// (survivors of the old partition, then this run's values), link the rest.
    fn merge_records(
        &self,
        staging: &Staging,
        merge: &Merge,
        keep_old: &Keep,
        keep_new: &Keep,
        legacy: Option<&Path>,
    ) -> Result<(), OutputError> {
        let root = staging.path(names::RECORDS);
        std::fs::create_dir_all(&root).map_err(OutputError::io(&root))?;
        let live = partitions(&staging.live().join(names::RECORDS))?;
        let years: BTreeSet<Option<i32>> = live
            .keys()
            .chain(merge.records_per_year.keys())
            .copied()
            .collect();
        for year in years {
            let dir = root.join(partition_dir(year));
            let old_count = merge.old_records_per_year.get(&year).copied().unwrap_or(0);
            if old_count > 0 && legacy.is_none() && !live.contains_key(&year) {
                return Err(not_a_dataset(
                    staging.live(),
                    &format!(
                        "reports.parquet lists {old_count} records in {}/{}, which is missing; \
                         extract into a fresh folder to rebuild the dataset",
                        names::RECORDS,
                        partition_dir(year)
                    ),
                ));
            }
            let count = merge.records_per_year.get(&year).copied().unwrap_or(0);
            let affected = legacy.is_some() || merge.affected.contains(&year);
            if count == 0 {
                continue;
            }
            std::fs::create_dir_all(&dir).map_err(OutputError::io(&dir))?;
            if !affected {
                for file in live.get(&year).into_iter().flatten() {
                    link_or_copy(file, &dir)?;
                }
                continue;
            }
            let old = match (live.get(&year), legacy) {
                (Some(files), _) => Some(files.clone()),
                (None, Some(legacy)) => Some(vec![legacy.to_path_buf()]),
                (None, None) => None,
            };
            let sources = [
                (old, keep_old),
                (self.record_parts.get(&year).cloned(), keep_new),
            ];
            let dest = dir.join(names::PARTITION_FILE);
            let frame = merged(&sources).map_err(OutputError::read(&dest))?;
            let frame = match frame {
                // A legacy file holds every year: keep this year's rows only.
                Some(frame) if legacy.is_some() => frame.filter(year_is(year)),
                Some(frame) => frame,
                None => records_frame(&[])
                    .map_err(OutputError::polars(&dest))?
                    .lazy(),
            };
            sink(frame, &dest)?;
        }
        Ok(())
    }
}

impl Drop for DatasetWriter {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.spool);
    }
}

/// Rebuild `aggregates/` and the codebook of an existing dataset (the
/// `aggregate` command), under the folder's lock and all at once.
pub fn rebuild_aggregates(
    dir: &Path,
    taxonomy: &Taxonomy,
) -> Result<aggregate::AggregateStats, OutputError> {
    require_dataset(dir)?;
    let lock = Lock::acquire(dir)?;
    commit::recover(&lock)?;
    check_dataset(dir)?;
    if !dir.join(names::RECORDS).is_dir() && dir.join(names::LEGACY_RECORDS).is_file() {
        return Err(not_a_dataset(
            dir,
            "it has the old single records.parquet; run `gongkai extract` into it once to move to records/",
        ));
    }
    let staging = Staging::begin(&lock)?;
    let stats = aggregate::build(
        &dir.join(names::RECORDS),
        &dir.join(names::REPORTS),
        &staging.path(names::AGGREGATES),
        taxonomy,
    )?;
    codebook::write(&staging.path(""), taxonomy)?;
    let plan = Plan {
        put: [
            names::AGGREGATES,
            names::CODEBOOK_PARQUET,
            names::CODEBOOK_MD,
        ]
        .map(String::from)
        .to_vec(),
        delete: Vec::new(),
    };
    staging.commit(&plan)?;
    Ok(stats)
}

/// Refuse to merge into a folder whose reports cannot be read: merging would
/// silently drop what it holds.
fn check_dataset(dir: &Path) -> Result<(), OutputError> {
    let reports = dir.join(names::REPORTS);
    if !reports.exists() {
        return Ok(());
    }
    read_entries(dir).map(drop).map_err(|e| {
        not_a_dataset(
            dir,
            &format!("{e}; move the folder away or choose another output folder"),
        )
    })
}

/// The documents already in the dataset at `dir` (none for a new folder).
fn read_entries(dir: &Path) -> Result<Vec<Entry>, OutputError> {
    let path = dir.join(names::REPORTS);
    if !path.exists() {
        return Ok(Vec::new());
    }
    let frame = scan_parts(std::slice::from_ref(&path))
        .and_then(|lf| {
            lf.select([
                col("report_id"),
                col("source"),
                col("content_sha256").is_not_null().alias("has_content"),
                col("report_year"),
                col("n_records"),
            ])
            .collect()
        })
        .map_err(OutputError::read(&path))?;
    entries_of(&frame).map_err(OutputError::read(&path))
}

fn entries_of(frame: &DataFrame) -> PolarsResult<Vec<Entry>> {
    let ids = frame.column("report_id")?.str()?;
    let sources = frame.column("source")?.str()?;
    let content = frame.column("has_content")?.bool()?;
    let years = frame.column("report_year")?.i32()?;
    let counts = frame.column("n_records")?.i64()?;
    let mut entries = Vec::with_capacity(frame.height());
    for i in 0..frame.height() {
        entries.push(Entry {
            id: ids.get(i).unwrap_or_default().to_owned(),
            source: sources.get(i).unwrap_or_default().to_owned(),
            has_content: content.get(i).unwrap_or(false),
            year: years.get(i),
            n_records: counts.get(i).unwrap_or(0).max(0) as u64,
        });
    }
    Ok(entries)
}

/// Which documents of a group of files survive a merge.
enum Keep {
    /// Every one: the rows are copied unfiltered.
    All,
    /// Those whose `report_id` is in the frame's one column.
    Only(DataFrame),
}

impl Keep {
    /// `ids` of a group of `total` documents.
    fn of(ids: &HashSet<String>, total: usize) -> PolarsResult<Keep> {
        if ids.len() == total {
            return Ok(Keep::All);
        }
        let mut ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        ids.sort_unstable();
        DataFrame::new_infer_height(vec![Column::new("report_id".into(), ids)]).map(Keep::Only)
    }

    /// The rows of `frame` about documents kept, in their order. A semi join
    /// hashes the kept ids once per query; a literal `is_in` list was hashed
    /// again for every batch of every file, which made merging 100,000
    /// documents take minutes.
    fn apply(&self, frame: LazyFrame) -> LazyFrame {
        match self {
            Keep::All => frame,
            Keep::Only(ids) => {
                let mut args = JoinArgs::new(JoinType::Semi);
                args.maintain_order = MaintainOrderJoin::Left;
                frame.join(
                    ids.clone().lazy(),
                    [col("report_id")],
                    [col("report_id")],
                    args,
                )
            }
        }
    }
}

/// The rows of several groups of files about the documents each group
/// keeps, concatenated in order; `None` when there are no files at all.
fn merged(sources: &[(Option<Vec<PathBuf>>, &Keep)]) -> PolarsResult<Option<LazyFrame>> {
    let mut frames = Vec::new();
    for (files, keep) in sources {
        let Some(files) = files.as_ref().filter(|f| !f.is_empty()) else {
            continue;
        };
        frames.push(keep.apply(scan_parts(files)?));
    }
    if frames.is_empty() {
        return Ok(None);
    }
    concat(frames, UnionArgs::default()).map(Some)
}

/// [`merged`], streamed into `dest`; `empty` (the typed empty table) when
/// there is nothing.
fn sink_merged(
    sources: &[(Option<Vec<PathBuf>>, &Keep)],
    empty: PolarsResult<DataFrame>,
    dest: &Path,
) -> Result<(), OutputError> {
    let frame = match merged(sources).map_err(OutputError::read(dest))? {
        Some(frame) => frame,
        None => empty.map_err(OutputError::polars(dest))?.lazy(),
    };
    sink(frame, dest)
}

/// Log a step of the merge with the process's peak memory so far, for
/// unattended runs (`GONGKAI_LOG=info`).
fn phase(step: &str) {
    tracing::info!(peak_mb = crate::sys::settled_peak_mb(), "dataset: {step}");
}

/// False for a `findings.parquet` written before the audit existed (always
/// empty, with fewer columns): it is replaced, not merged.
fn has_findings_schema(path: &Path) -> Result<bool, OutputError> {
    let found = scan_parts(&[path.to_path_buf()])
        .and_then(|mut lf| lf.collect_schema())
        .map_err(OutputError::read(path))?;
    let wanted = findings_frame(&[]).map_err(OutputError::polars(path))?;
    let same = found
        .iter_names()
        .map(|n| n.as_str())
        .eq(wanted.get_column_names().into_iter().map(|n| n.as_str()));
    if !same {
        tracing::warn!(
            "{} is from a gongkai without the audit: replaced by this run's findings \
             (re-extract older documents to audit them)",
            path.display()
        );
    }
    Ok(same)
}

/// Put an unchanged partition file into the new dataset without copying it.
/// Safe because dataset files are never modified in place, only replaced.
fn link_or_copy(file: &Path, dir: &Path) -> Result<(), OutputError> {
    let Some(name) = file.file_name() else {
        return Ok(());
    };
    let dest = dir.join(name);
    if std::fs::hard_link(file, &dest).is_ok() {
        return Ok(());
    }
    std::fs::copy(file, &dest)
        .map(drop)
        .map_err(OutputError::io(&dest))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: &str, source: &str, year: i32, n: u64) -> Entry {
        Entry {
            id: id.into(),
            source: source.into(),
            has_content: true,
            year: Some(year),
            n_records: n,
        }
    }

    fn sorted(set: &HashSet<String>) -> Vec<&str> {
        let mut v: Vec<&str> = set.iter().map(String::as_str).collect();
        v.sort_unstable();
        v
    }

    #[test]
    fn same_bytes_are_refreshed_not_added() {
        let old = [entry("a", "x.html", 2015, 3), entry("b", "y.html", 2016, 2)];
        let new = [entry("a", "x.html", 2015, 3)];
        let m = plan_merge(&old, &new);
        assert_eq!(sorted(&m.keep_old), ["b"]);
        assert_eq!(sorted(&m.keep_new), ["a"]);
        assert_eq!((m.stats.refreshed, m.stats.added, m.stats.kept), (1, 0, 1));
        assert_eq!((m.stats.reports, m.stats.records), (2, 5));
        assert_eq!(m.affected, BTreeSet::from([Some(2015)]));
    }

    #[test]
    fn changed_bytes_from_the_same_source_replace_the_old_version() {
        let old = [entry("a", "x.html", 2015, 3)];
        let new = [entry("c", "x.html", 2016, 4)];
        let m = plan_merge(&old, &new);
        assert!(m.keep_old.is_empty());
        assert_eq!((m.stats.replaced, m.stats.added), (1, 1));
        // The old version's year loses it; the new one's gains it.
        assert_eq!(m.affected, BTreeSet::from([Some(2015), Some(2016)]));
        assert_eq!(m.records_per_year.get(&Some(2015)), None);
        assert_eq!(m.records_per_year.get(&Some(2016)), Some(&4));
    }

    #[test]
    fn an_unreadable_source_does_not_displace_its_readable_version() {
        let old = [entry("a", "x.html", 2015, 3)];
        let mut failed = entry("f", "x.html", 0, 0);
        failed.has_content = false;
        failed.year = None;
        let m = plan_merge(&old, &[failed]);
        assert_eq!(sorted(&m.keep_old), ["a"]);
        assert_eq!(sorted(&m.keep_new), ["f"]);
        assert_eq!(m.stats.reports, 2);
    }

    #[test]
    fn within_a_run_the_last_version_of_a_source_wins() {
        let new = [entry("a", "u", 2015, 1), entry("b", "u", 2015, 2)];
        let m = plan_merge(&[], &new);
        assert_eq!(sorted(&m.keep_new), ["b"]);
        assert_eq!((m.stats.replaced, m.stats.records), (1, 2));
    }
}
