#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Parse + diff of generated wage contracts: 300 clauses (~80,000 characters) with 15
//! modified, 10 inserted and 6 deleted clauses, and a 2,000-clause pair revised in the same
//! proportions. Set `XIESHANG_BENCH_OUT=<dir>` to also write the pairs as text files
//! (`old-300.txt`, `new-300.txt`, `old-2000.txt`, `new-2000.txt`) so `xieshang diff --files`
//! can be timed against `git diff --no-index --word-diff-regex=. OLD NEW` on the same input.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use xieshang::contract::diff::diff;
use xieshang::contract::parse::parse;
use xieshang::contract::render::render;

#[path = "support/diff_input.rs"]
mod diff_input;

fn pair(clauses: usize, modified: usize, inserted: usize, deleted: usize) -> (String, String) {
    let old = diff_input::contract(clauses, 2026);
    let new = diff_input::revise(&old, modified, inserted, deleted, 7);
    (render(&old), render(&new))
}

fn bench(c: &mut Criterion) {
    let pairs = [
        ("300", pair(300, 15, 10, 6)),
        ("2000", pair(2000, 100, 66, 40)),
    ];
    if let Some(dir) = std::env::var_os("XIESHANG_BENCH_OUT") {
        let dir = std::path::PathBuf::from(dir);
        std::fs::create_dir_all(&dir).unwrap();
        for (name, (old, new)) in &pairs {
            std::fs::write(dir.join(format!("old-{name}.txt")), old).unwrap();
            std::fs::write(dir.join(format!("new-{name}.txt")), new).unwrap();
        }
    }
    for (name, (old, new)) in &pairs {
        let d = diff(&parse(old).unwrap(), &parse(new).unwrap());
        eprintln!(
            "{name} clauses: {} + {} characters; {}",
            old.chars().count(),
            new.chars().count(),
            d.summary_line(xieshang::i18n::Lang::En)
        );
        c.bench_function(&format!("parse+diff {name} clauses"), |b| {
            b.iter(|| {
                let o = parse(black_box(old)).unwrap();
                let n = parse(black_box(new)).unwrap();
                black_box(diff(&o, &n))
            });
        });
    }
}

criterion_group! {
    name = benches;
    // The machine is shared: few samples, short runs.
    config = Criterion::default().sample_size(10).warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(3));
    targets = bench
}
criterion_main!(benches);
