//! A whole dossier history as one bundle: `store::bundle::write_bundle` of every ref against the
//! reference command `git bundle create OUT --all`, in one group so the ratio can be read. The
//! history: 500 commits, each changing a line of a ~4 KB `contract.md` and the `dossier.json`,
//! an annotated tag every 10 commits. Target: ours ≤ 1.5 × git's.
//!
//! Run with `cargo bench --bench bundle -- --warm-up-time 1 --measurement-time 5`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use criterion::{Criterion, criterion_group, criterion_main};
use git2::{Oid, Repository, Signature, Time};
use std::path::Path;
use std::process::{Command, Stdio};
use xieshang::store::bundle::write_bundle;

const COMMITS: u32 = 500;

fn contract(round: u32) -> String {
    let mut s = String::from("# 工资专项集体合同\n\n");
    // ~4 KB: 40 clauses of ~100 bytes; one clause changes per round.
    for clause in 0..40 {
        let rise = if clause == round % 40 { 3 + round } else { 3 };
        s.push_str(&format!(
            "第{clause}条 本年度职工月平均工资增长幅度为百分之{rise}，企业按月足额支付，不得克扣。\n"
        ));
    }
    s
}

fn dossier(round: u32) -> String {
    format!(
        "{{\n  \"schema_version\": 3,\n  \"id\": \"dl-2026\",\n  \"enterprise\": \"大连海运机械有限公司\",\n  \"round\": {round},\n  \"offer\": {}\n}}\n",
        3 + round % 7
    )
}

fn build(dir: &Path) -> Repository {
    let repo = Repository::init(dir).unwrap();
    repo.set_head("refs/heads/main").unwrap();
    let mut parent: Option<Oid> = None;
    for round in 0..COMMITS {
        let mut tb = repo.treebuilder(None).unwrap();
        tb.insert(
            "contract.md",
            repo.blob(contract(round).as_bytes()).unwrap(),
            0o100_644,
        )
        .unwrap();
        tb.insert(
            "dossier.json",
            repo.blob(dossier(round).as_bytes()).unwrap(),
            0o100_644,
        )
        .unwrap();
        let tree = repo.find_tree(tb.write().unwrap()).unwrap();
        let sig = Signature::new(
            "协商",
            "x@localhost",
            &Time::new(1_700_000_000 + i64::from(round) * 60, 480),
        )
        .unwrap();
        let parents: Vec<_> = parent
            .iter()
            .map(|p| repo.find_commit(*p).unwrap())
            .collect();
        let parent_refs: Vec<_> = parents.iter().collect();
        let id = repo
            .commit(
                Some("HEAD"),
                &sig,
                &sig,
                &format!("第{round}轮"),
                &tree,
                &parent_refs,
            )
            .unwrap();
        if round % 10 == 9 {
            repo.tag(
                &format!("round-{round}"),
                &repo.find_object(id, None).unwrap(),
                &sig,
                "轮次",
                false,
            )
            .unwrap();
        }
        parent = Some(id);
    }
    repo
}

/// Every ref plus `HEAD`, as `git bundle create --all` writes them.
fn all_refs(repo: &Repository) -> Vec<(String, Oid)> {
    let mut refs = vec![("HEAD".to_string(), repo.refname_to_id("HEAD").unwrap())];
    for r in repo.references().unwrap() {
        let r = r.unwrap();
        refs.push((r.name().unwrap().to_string(), r.target().unwrap()));
    }
    refs
}

fn benches(c: &mut Criterion) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("dossier");
    let refs = all_refs(&build(&dir));
    let ours = tmp.path().join("ours.bundle");
    let theirs = tmp.path().join("git.bundle");

    let mut g = c.benchmark_group("bundle_500_commits");
    g.sample_size(20);
    g.bench_function("xieshang_write_bundle", |b| {
        b.iter(|| {
            // Opened each time, as git opens it each time.
            let repo = Repository::open(&dir).unwrap();
            write_bundle(&repo, &refs, &[], &ours).unwrap()
        });
    });
    g.bench_function("git_bundle_create_all", |b| {
        b.iter(|| {
            let s = Command::new("git")
                .current_dir(&dir)
                .args(["bundle", "create", "-q"])
                .arg(&theirs)
                .arg("--all")
                .env("GIT_CONFIG_NOSYSTEM", "1")
                .env("HOME", tmp.path())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .unwrap();
            assert!(s.success());
        });
    });
    g.finish();
    let size = |p: &Path| std::fs::metadata(p).unwrap().len();
    eprintln!(
        "bundle sizes: xieshang {} bytes, git {} bytes",
        size(&ours),
        size(&theirs)
    );
}

criterion_group!(group, benches);
criterion_main!(group);
