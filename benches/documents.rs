//! The procedure's papers from the demo dossier: one paper built and written (the agreement,
//! the largest: title page, 40-odd clauses, signature block) as DOCX and as PDF with the
//! compiled-in font subset into it — target ≤ 100 ms each — and `export --all` (ten papers, each
//! in both formats, files written) — target ≤ 1 s.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use criterion::{Criterion, criterion_group, criterion_main};
use std::process::Command;
use xieshang::documents::{self, DocKind, Format};
use xieshang::i18n::Lang;
use xieshang::service::Service;

const ID: &str = "2026-001";

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    std::fs::create_dir(&ws).unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_xieshang"))
        .arg("--workspace")
        .arg(&ws)
        .arg("demo")
        .output()
        .unwrap();
    assert!(o.status.success());
    let today = chrono::NaiveDate::from_ymd_opt(2026, 7, 10).unwrap();
    let svc = Service::open(&ws, Lang::ZhCn, today).unwrap();
    let mut g = c.benchmark_group("documents");
    g.sample_size(20);
    g.bench_function("contract_docx", |b| {
        b.iter(|| {
            let doc = svc.document(ID, DocKind::Contract).unwrap();
            documents::docx::write(&doc).unwrap()
        });
    });
    g.bench_function("contract_pdf_embedded_font", |b| {
        b.iter(|| {
            let doc = svc.document(ID, DocKind::Contract).unwrap();
            documents::pdf::write(&doc, &[documents::EMBEDDED_FONT])
                .unwrap()
                .bytes
        });
    });
    g.bench_function("minutes_pdf_embedded_font", |b| {
        b.iter(|| {
            let doc = svc.document(ID, DocKind::Minutes(3)).unwrap();
            documents::pdf::write(&doc, &[documents::EMBEDDED_FONT])
                .unwrap()
                .bytes
        });
    });
    let out = dir.path().join("out");
    g.bench_function("all_docx_and_pdf", |b| {
        b.iter(|| {
            svc.export_all(ID, Format::Docx, Some(&out)).unwrap();
            svc.export_all(ID, Format::Pdf, Some(&out)).unwrap()
        });
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
