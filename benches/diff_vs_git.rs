//! Whole process to whole process: `xieshang diff --files OLD NEW` against
//! `git diff --no-index --word-diff-regex=. OLD NEW` on the same generated pair — a 300-clause
//! wage contract (~80,000 characters, 15 modified, 10 inserted, 6 deleted clauses) — and
//! `xieshang diff --files` on a 2,000-clause pair. Targets: xieshang ≤ git on the 300-clause pair;
//! the 2,000-clause pair ≤ 10× the 300-clause time.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use criterion::{Criterion, criterion_group, criterion_main};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use xieshang::contract::render::render;

#[path = "support/diff_input.rs"]
mod diff_input;

fn write_pair(dir: &Path, clauses: usize, m: usize, i: usize, d: usize) -> (PathBuf, PathBuf) {
    let old = diff_input::contract(clauses, 2026);
    let new = diff_input::revise(&old, m, i, d, 7);
    let (o, n) = (
        dir.join(format!("old-{clauses}.txt")),
        dir.join(format!("new-{clauses}.txt")),
    );
    std::fs::write(&o, render(&old)).unwrap();
    std::fs::write(&n, render(&new)).unwrap();
    (o, n)
}

fn xieshang_diff(old: &Path, new: &Path) {
    let s = Command::new(env!("CARGO_BIN_EXE_xieshang"))
        .args(["--lang", "en", "diff", "--files"])
        .arg(old)
        .arg(new)
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(s.success());
}

fn benches(c: &mut Criterion) {
    let tmp = tempfile::tempdir().unwrap();
    let (o300, n300) = write_pair(tmp.path(), 300, 15, 10, 6);
    let (o2000, n2000) = write_pair(tmp.path(), 2000, 100, 66, 40);
    let mut g = c.benchmark_group("diff_files_whole_process");
    g.sample_size(20);
    g.bench_function("xieshang_300", |b| b.iter(|| xieshang_diff(&o300, &n300)));
    g.bench_function("git_word_diff_300", |b| {
        b.iter(|| {
            // Exit status 1 means "differences found": that is the expected outcome.
            let s = Command::new("git")
                .args(["diff", "--no-index", "--word-diff-regex=."])
                .arg(&o300)
                .arg(&n300)
                .env("GIT_CONFIG_NOSYSTEM", "1")
                .stdout(Stdio::null())
                .status()
                .unwrap();
            assert_eq!(s.code(), Some(1));
        });
    });
    g.bench_function("xieshang_2000", |b| {
        b.iter(|| xieshang_diff(&o2000, &n2000));
    });
    g.finish();
}

criterion_group!(diff_vs_git, benches);
criterion_main!(diff_vs_git);
