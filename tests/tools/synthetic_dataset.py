"""A synthetic gongkai dataset folder, for measuring `gongkai aggregate` on
large inputs (not used by `cargo test`).

    python3 tests/tools/synthetic_dataset.py DIR YEARS REPORTS_PER_YEAR INDICATORS
    /usr/bin/time -v target/release/gongkai aggregate DIR

Writes DIR/reports.parquet and DIR/records/report_year=Y/data.parquet with
YEARS x REPORTS_PER_YEAR x INDICATORS table records (70% reported, 10% 无,
15% blank, 5% approximate; values spread over 0..100000, so nearly every
value is distinct: the worst case for the median's histogram). Needs duckdb.
"""
import sys, os, duckdb
out, years, reports, keys = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
os.makedirs(out + "/records", exist_ok=True)
con = duckdb.connect()
con.execute("SET threads=2; SET memory_limit='3GB'")
for y in range(2015, 2015 + years):
    os.makedirs(f"{out}/records/report_year={y}", exist_ok=True)
    con.execute(f"""
    COPY (
      WITH g AS (SELECT r, k, hash(r * 1000 + k + {y}) % 100 AS h FROM range({reports}) t(r), range({keys}) u(k))
      SELECT '{y}' || lpad(r::varchar, 10, '0') AS report_id, '机关' || (r % 5000) AS agency, {y}::INTEGER AS report_year,
        'pre2019' AS template, 'table' AS origin, 1::INTEGER AS table_no, (k + 2)::INTEGER AS row_no, 3::INTEGER AS col_no,
        NULL::VARCHAR AS section, 'label' || k AS row_label, '数量' AS col_label, 'ind.k' || lpad(k::varchar, 3, '0') AS indicator,
        CASE WHEN k % 10 = 0 THEN 'total' ELSE NULL END AS breakdown, '件' AS unit,
        CASE WHEN h < 70 THEN (hash(r, k, {y}) % 100000)::DOUBLE WHEN h < 80 THEN 0.0 ELSE NULL END AS value,
        'x' AS value_raw,
        CASE WHEN h < 70 THEN 'reported' WHEN h < 80 THEN 'none' WHEN h < 95 THEN 'blank' ELSE 'approximate' END AS status,
        NULL::VARCHAR AS qualifier, NULL::VARCHAR AS snippet
      FROM g ORDER BY r, k
    ) TO '{out}/records/report_year={y}/data.parquet' (FORMAT parquet, ROW_GROUP_SIZE 65536)""")
con.execute(f"""
COPY (
  SELECT y::varchar || lpad(r::varchar, 10, '0') AS report_id, 's' || y || '/' || r AS source, NULL::VARCHAR AS final_url, NULL::VARCHAR AS fetched_at,
    md5(y::varchar || r::varchar) AS content_sha256, 1000::BIGINT AS bytes, 'UTF-8' AS encoding, 'detected' AS encoding_source, NULL::VARCHAR AS title,
    '机关' || (r % 5000) AS agency, NULL::VARCHAR AS region, y::INTEGER AS report_year, NULL::VARCHAR AS published, 'pre2019' AS template,
    'html' AS input_form, 'ok' AS status, NULL::VARCHAR AS error, {keys}::BIGINT AS n_records, '0.1.0' AS parser_version
  FROM range(2015, {2015 + years}) a(y), range({reports}) b(r)
) TO '{out}/reports.parquet' (FORMAT parquet)""")
