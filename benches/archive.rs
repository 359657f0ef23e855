//! The archive at scale: 10,000 generated agreements (`support/archive_gen.rs`, objects shared
//! through alternates). In one run, against reference commands over the same workspace:
//!
//! - search for a phrase of 3+ characters (the trigram index) vs `rg -l PHRASE` over the
//!   contract files — target ≤ 0.1×;
//! - search for a 2-character word (a scan of the clause texts) vs `rg -l WORD` — ≤ 0.5×;
//! - refresh with nothing changed vs the overview `xieshang list` computes — ≤ 1.0×;
//! - the first full index, timed once and printed — ≤ 60 s.
//!
//! Every search includes the refresh check: the workspace's change mark, and the sweep over every
//! dossier's stamp when the mark moved (`archive_search_phrase_after_a_change`). Run with
//! `cargo bench --bench archive -- --warm-up-time 1 --measurement-time 10`;
//! `XIESHANG_BENCH_N` sets the number of agreements (default 10,000).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/archive_gen.rs"]
mod archive_gen;

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use std::process::{Command, Stdio};
use std::time::Instant;
use xieshang::i18n::Lang;
use xieshang::service::Service;
use xieshang::service::archive::Query;

fn rg(dir: &std::path::Path, word: &str) {
    let ok = Command::new("rg")
        .args(["-l", "--no-messages", "-g", "contract.md", word])
        .arg(dir)
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(ok.success() || ok.code() == Some(1));
}

fn bench(c: &mut Criterion) {
    let n: usize = std::env::var("XIESHANG_BENCH_N")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10_000);
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path().join("ws");
    std::fs::create_dir(&ws).unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 3, 20).unwrap();
    let ok = Command::new(env!("CARGO_BIN_EXE_xieshang"))
        .arg("--workspace")
        .arg(&ws)
        .arg("init")
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(ok.success());
    let base = std::fs::read_to_string(ws.join("2026-001/contract.md")).unwrap();
    let t = Instant::now();
    archive_gen::generate(&ws, n, &base);
    eprintln!(
        "generated {n} agreements in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    let svc = Service::open(&ws, Lang::ZhCn, today).unwrap();
    let t = Instant::now();
    let (_, r) = svc.archive_refresh(&mut |_, _| {}).unwrap();
    eprintln!(
        "first full index: {} agreements in {:.1} s, {} bytes",
        r.updated,
        t.elapsed().as_secs_f64(),
        std::fs::metadata(ws.join(".xieshang/archive.sqlite")).map_or(0, |m| m.len())
    );
    let q = |text: &str| Query {
        text: Some(text.to_string()),
        limit: 50,
        ..Query::default()
    };

    let mut g = c.benchmark_group("archive_search_phrase");
    g.sample_size(10);
    g.bench_function("xieshang", |b| {
        b.iter(|| svc.archive_search(q("夜班津贴每班")).unwrap());
    });
    g.bench_function("rg", |b| b.iter(|| rg(&ws, "夜班津贴每班")));
    g.finish();

    // The same search right after a dossier folder came or went (as after a save by another
    // program or a new dossier): the change mark moved, so every dossier's stamp is read again.
    let mut g = c.benchmark_group("archive_search_phrase_after_a_change");
    g.sample_size(10);
    let poke = ws.join("bench-poke");
    g.bench_function("xieshang", |b| {
        b.iter(|| {
            std::fs::create_dir(&poke).unwrap();
            std::fs::remove_dir(&poke).unwrap();
            svc.archive_search(q("夜班津贴每班")).unwrap()
        });
    });
    g.bench_function("rg", |b| b.iter(|| rg(&ws, "夜班津贴每班")));
    g.finish();

    let mut g = c.benchmark_group("archive_search_two_chars");
    g.sample_size(10);
    g.bench_function("xieshang", |b| {
        b.iter(|| svc.archive_search(q("夜班")).unwrap());
    });
    g.bench_function("rg", |b| b.iter(|| rg(&ws, "夜班")));
    g.finish();

    let mut g = c.benchmark_group("archive_refresh_unchanged");
    g.sample_size(10);
    g.bench_function("xieshang", |b| {
        b.iter(|| svc.archive_refresh(&mut |_, _| {}).unwrap());
    });
    g.bench_function("list", |b| b.iter(|| svc.overview().unwrap()));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
