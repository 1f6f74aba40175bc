//! Readable anywhere: every output file read by pyarrow and by DuckDB, with
//! its column types checked — nullable numbers stay nullable, strings are
//! plain UTF-8 (large_)strings that older readers open.
//!
//! `.ci/run` installs pyarrow and DuckDB and sets `GONGKAI_REQUIRE_PY_READERS=1`,
//! which makes a missing reader a failure. Without it, a machine without
//! python3/pyarrow/duckdb skips this test with a note.

use std::path::Path;
use std::process::Command;

use crate::common::{extract, fixture};

const REQUIRE: &str = "GONGKAI_REQUIRE_PY_READERS";

/// The checks, in Python: DIR is argv[1].
const CHECK: &str = r#"
import sys
import pyarrow as pa, pyarrow.parquet as pq, pyarrow.dataset as ds
import duckdb

out = sys.argv[1]
files = ["reports.parquet", "findings.parquet", "codebook.parquet",
         "aggregates/by_year_indicator.parquet", "aggregates/panel.parquet"]

def string_like(t):
    return pa.types.is_string(t) or pa.types.is_large_string(t)

def check_schema(name, schema):
    for field in schema:
        t = field.type
        assert not pa.types.is_string_view(t), f"{name}.{field.name}: string_view is unreadable by older pyarrow"
        if pa.types.is_large_list(t) or pa.types.is_list(t):
            assert string_like(t.value_type), f"{name}.{field.name}: {t}"
        else:
            assert string_like(t) or pa.types.is_integer(t) or pa.types.is_floating(t), f"{name}.{field.name}: {t}"
        assert field.nullable, f"{name}.{field.name} is not nullable"

expected_types = {
    "reports.parquet": {"report_year": pa.int32(), "bytes": pa.int64(), "n_records": pa.int64()},
    "findings.parquet": {"expected": pa.float64(), "actual": pa.float64(), "report_year": pa.int32()},
    "aggregates/by_year_indicator.parquet": {"report_year": pa.int32(), "n_reports": pa.int64(),
        "n_summed": pa.int64(), "value_sum": pa.float64(), "value_median": pa.float64()},
    "aggregates/panel.parquet": {"report_year": pa.int32(), "proactive.total": pa.float64()},
    "codebook.parquet": {},
}
for name in files:
    table = pq.read_table(f"{out}/{name}")
    check_schema(name, table.schema)
    for column, t in expected_types[name].items():
        assert table.schema.field(column).type == t, f"{name}.{column}: {table.schema.field(column).type}"
    con = duckdb.sql(f"select * from read_parquet('{out}/{name}')")
    assert len(con.fetchall()) == table.num_rows, name
    print(f"{name}: {table.num_rows} rows")

# Records: one dataset over the hive partitions, the year typed from the files.
records = ds.dataset(f"{out}/records", format="parquet", partitioning="hive").to_table()
check_schema("records", records.schema)
assert records.schema.field("report_year").type == pa.int32()
assert records.schema.field("value").type == pa.float64()
n_records = pq.read_table(f"{out}/reports.parquet").column("n_records").to_pylist()
assert records.num_rows == sum(n_records), (records.num_rows, sum(n_records))
assert pq.read_table(f"{out}/records", partitioning=None).num_rows == records.num_rows

# Nulls stay null: blank cells have no value; a group with nothing to sum has no sum.
assert records.column("value").null_count > 0
groups = pq.read_table(f"{out}/aggregates/by_year_indicator.parquet").to_pylist()
assert any(g["value_sum"] is None and g["n_summed"] == 0 for g in groups)
assert all((g["value_sum"] is None) == (g["n_summed"] == 0) for g in groups)

# DuckDB: the same records through hive partitioning; the null-year partition reads as NULL.
q = f"select report_year, count(*) from read_parquet('{out}/records/*/*.parquet', hive_partitioning = true) group by all order by 1 nulls last"
by_year = duckdb.sql(q).fetchall()
assert sum(n for _, n in by_year) == records.num_rows, by_year
assert by_year[-1][0] is None, by_year
types = dict((r[0], r[1]) for r in duckdb.sql(f"describe select * from read_parquet('{out}/records/*/*.parquet')").fetchall())
assert types["value"] == "DOUBLE" and types["row_label"] == "VARCHAR", types
# The seed's table in four copies (UTF-8 pipe text, GBK, one cell per line, Word HTML): 1860 each time.
seed = duckdb.sql(f"""select value, value_raw from read_parquet('{out}/records/*/*.parquet') r
    join read_parquet('{out}/reports.parquet') d using (report_id)
    where indicator = 'proactive.total' and r.agency = '衡阳国家高新区' and origin = 'table'
      and d.source not like '%bad%'""").fetchall()
assert seed == [(1860.0, "1860")] * 4, seed
print(f"records: {records.num_rows} rows in {len(by_year)} partitions")
"#;

fn readers_available() -> Result<(), String> {
    let probe = Command::new("python3")
        .args(["-c", "import pyarrow, duckdb"])
        .output()
        .map_err(|e| format!("python3: {e}"))?;
    if probe.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&probe.stderr).trim().to_owned())
    }
}

/// The fixtures plus a report that states no year, so that the null
/// partition is written too.
fn dataset(dir: &Path) {
    let input = dir.join("in");
    std::fs::create_dir_all(&input).unwrap();
    let text = std::fs::read_to_string(fixture("text/blank-heavy-2016.txt")).unwrap();
    std::fs::write(input.join("no-year.txt"), text.replace("2016年度", "")).unwrap();
    extract(&[&fixture(""), &input], &dir.join("out"));
}

#[test]
fn every_output_reads_in_pyarrow_and_duckdb_with_its_types() {
    if let Err(why) = readers_available() {
        if std::env::var(REQUIRE).is_ok_and(|v| v == "1") {
            panic!("{REQUIRE}=1 but pyarrow/duckdb cannot be imported: {why}");
        }
        eprintln!(
            "note: skipping the pyarrow/DuckDB reader test ({why}); pip install pyarrow duckdb to run it"
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    dataset(dir.path());
    let out = dir.path().join("out");
    assert!(
        out.join("records/report_year=__HIVE_DEFAULT_PARTITION__")
            .is_dir()
    );
    let output = Command::new("python3")
        .args(["-c", CHECK])
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("records: "), "{stdout}");
}
