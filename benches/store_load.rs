//! `list` over 1,000 dossiers: `Workspace::load_all` against the floor of merely reading the
//! same `dossier.json` files (what `cat` costs). The budget is load_all ≤ 2 × read.
//!
//! Run with `cargo bench --bench store_load`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use xieshang::domain::{
    ContractKind, Dossier, Enterprise, IssueStatus, Representative, Round, RoundIssue, RoundState,
    Side,
};
use xieshang::store::Workspace;

const N: usize = 1000;

/// A dossier of realistic size: ten representatives, three rounds of four issues.
fn dossier(id: &str) -> Dossier {
    let day = |d| NaiveDate::from_ymd_opt(2026, 3, d).unwrap();
    let mut d = Dossier::new(
        id.to_string(),
        ContractKind::Wage,
        Enterprise {
            name: "大连海运机械有限公司".into(),
            region: "210200".into(),
            staff: Some(320),
            ..Enterprise::default()
        },
        day(1),
    );
    for (i, side) in [Side::Workers, Side::Employer]
        .iter()
        .cycle()
        .take(10)
        .enumerate()
    {
        d.representatives.push(Representative {
            name: format!("代表{i}"),
            side: *side,
            post: Some("车间主任".into()),
            chief: i < 2,
            outsider: false,
            female: i % 3 == 0,
            delegated: true,
        });
    }
    for n in 1..=3u32 {
        d.rounds.push(Round {
            number: n,
            date: day(n * 5),
            place: Some("公司三楼会议室".into()),
            chair: Side::Workers,
            attendance: d.representatives.iter().map(|r| r.name.clone()).collect(),
            issues: [
                "avg_wage_increase",
                "min_wage",
                "overtime_base",
                "high_temp",
            ]
            .iter()
            .map(|k| RoundIssue {
                key: (*k).into(),
                workers: Some("8%".into()),
                employer: Some("5%".into()),
                status: IssueStatus::Open,
                agreed: None,
                unit: None,
            })
            .collect(),
            notes: "双方就工资增长幅度充分交换意见。".repeat(5),
            minutes_signed: true,
            state: RoundState::Closed { date: day(n * 5) },
        });
    }
    d
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::init(dir.path()).unwrap();
    for i in 0..N {
        ws.create(&dossier(&format!("2026-{i:04}")), "create")
            .unwrap();
    }
    let files: Vec<_> = ws
        .ids()
        .iter()
        .map(|id| dir.path().join(id).join("dossier.json"))
        .collect();
    let mut g = c.benchmark_group("list_1000");
    g.sample_size(20);
    g.bench_function("read_files (cat)", |b| {
        b.iter(|| {
            for f in &files {
                black_box(std::fs::read(f).unwrap());
            }
        });
    });
    g.bench_function("load_all", |b| b.iter(|| black_box(ws.load_all())));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
