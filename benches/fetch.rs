//! Fetching a dossier that has not changed: `Service::fetch` (which runs `git fetch` and then
//! looks for anything to merge, under the dossier's write lock) against the reference command
//! `git fetch` of the same refs from the same local bare repository, in one group so the ratio
//! can be read. Target: ours ≤ 100 ms.
//!
//! Run with `cargo bench --bench fetch -- --warm-up-time 1 --measurement-time 5`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use std::process::Command;
use xieshang::i18n::Lang;
use xieshang::service::{NewDossier, Service};

fn git(dir: &std::path::Path, args: &[&str]) {
    let ok = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .status()
        .unwrap()
        .success();
    assert!(ok, "git {args:?}");
}

fn bench(c: &mut Criterion) {
    let tmp = tempfile::tempdir().unwrap();
    let bare = tmp.path().join("hub.git");
    git(
        tmp.path(),
        &["init", "-q", "--bare", "-b", "main", bare.to_str().unwrap()],
    );
    let ws = tmp.path().join("ws");
    std::fs::create_dir(&ws).unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 4, 1).unwrap();
    let mut svc = Service::open(&ws, Lang::En, today).unwrap();
    let made = svc
        .create(&NewDossier {
            kind: "wage".into(),
            enterprise: "大连华信精密机械有限公司".into(),
            ..NewDossier::default()
        })
        .unwrap();
    let id = made.id;
    svc.add_remote(&id, "origin", bare.to_str().unwrap())
        .unwrap();
    svc.push(&id, None).unwrap();
    let dir = ws.join(&id);

    let mut g = c.benchmark_group("fetch_unchanged");
    g.bench_function("xieshang", |b| {
        b.iter(|| svc.fetch(&id, None).unwrap());
    });
    g.bench_function("git_fetch", |b| {
        let spec = "+refs/heads/*:refs/remotes/origin/*";
        b.iter(|| git(&dir, &["fetch", "-q", "--no-tags", "origin", spec]));
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
