//! Criterion benchmarks of each stage, on a mixed corpus written by
//! `gongkai::dev::synth` (every template, form and encoding; 1 KB to 500 KB) and
//! on the seed: `cargo bench --bench stages`. The end-to-end figures come
//! from `gongkai bench` (see the README).

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use gongkai::dev::synth;
use gongkai::model::{SourceDoc, Template};
use gongkai::taxonomy::Taxonomy;
use gongkai::{audit, classify, decode, extract, narrative, pipeline};

/// Documents of the benchmark corpus (seed 1), real pages included.
const DOCS: usize = 60;

struct Corpus {
    raw: Vec<Vec<u8>>,
    texts: Vec<String>,
    extracted: Vec<gongkai::model::Extracted>,
    results: Vec<gongkai::model::DocResult>,
    bytes: u64,
}

fn corpus() -> Corpus {
    let raw: Vec<Vec<u8>> = (0..DOCS).map(|i| synth::document(1, i).bytes).collect();
    let texts: Vec<String> = raw
        .iter()
        .filter_map(|b| decode::decode(b, None).ok().map(|d| d.text))
        .collect();
    let extracted = texts.iter().map(|t| extract::extract(t)).collect();
    let results = raw
        .iter()
        .map(|b| {
            let doc = SourceDoc {
                source: "bench".into(),
                bytes: b.clone(),
                fetch: None,
            };
            pipeline::process(&doc, Taxonomy::builtin())
        })
        .collect();
    let bytes = raw.iter().map(|b| b.len() as u64).sum();
    Corpus {
        raw,
        texts,
        extracted,
        results,
        bytes,
    }
}

fn stages(c: &mut Criterion) {
    let corpus = corpus();
    let taxonomy = Taxonomy::builtin();
    let mut group = c.benchmark_group("stages");
    group.throughput(Throughput::Bytes(corpus.bytes));
    group.measurement_time(Duration::from_secs(8));
    group.sample_size(20);

    group.bench_function("decode", |b| {
        b.iter(|| {
            for raw in &corpus.raw {
                black_box(decode::decode(raw, None).ok());
            }
        })
    });
    group.bench_function("dom_parse", |b| {
        b.iter(|| {
            for text in corpus.texts.iter().filter(|t| extract::looks_like_html(t)) {
                black_box(scraper::Html::parse_document(text));
            }
        })
    });
    group.bench_function("extract", |b| {
        b.iter(|| {
            for text in &corpus.texts {
                black_box(extract::extract(text));
            }
        })
    });
    group.bench_function("classify", |b| {
        b.iter(|| {
            for e in &corpus.extracted {
                black_box(classify::classify(&e.tables, taxonomy));
            }
        })
    });
    group.bench_function("narrative", |b| {
        b.iter(|| {
            for (e, r) in corpus.extracted.iter().zip(&corpus.results) {
                black_box(narrative::extract(
                    &e.paragraphs,
                    taxonomy,
                    r.report.template,
                ));
            }
        })
    });
    group.bench_function("audit", |b| {
        b.iter(|| {
            for r in &corpus.results {
                black_box(audit::audit(&r.report, &r.records, taxonomy));
            }
        })
    });
    group.bench_function("process", |b| {
        b.iter(|| {
            for raw in &corpus.raw {
                let doc = SourceDoc {
                    source: "bench".into(),
                    bytes: raw.clone(),
                    fetch: None,
                };
                black_box(pipeline::process(&doc, taxonomy));
            }
        })
    });
    group.finish();

    let seed = include_bytes!("../fixtures/seed/000_ada6bcccffd3deee.txt");
    let mut group = c.benchmark_group("seed");
    group.throughput(Throughput::Bytes(seed.len() as u64));
    group.bench_function("process", |b| {
        b.iter(|| {
            let doc = SourceDoc {
                source: "seed".into(),
                bytes: seed.to_vec(),
                fetch: None,
            };
            black_box(pipeline::process(&doc, taxonomy))
        })
    });
    group.bench_function("narrative", |b| {
        let text = String::from_utf8_lossy(seed);
        let paragraphs: Vec<String> = text.lines().map(str::to_owned).collect();
        b.iter(|| black_box(narrative::extract(&paragraphs, taxonomy, Template::Pre2019)))
    });
    group.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
