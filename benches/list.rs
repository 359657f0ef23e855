//! `xieshang list` over a workspace of 1,000 dossiers, side by side with `cat` of their
//! dossier.json files (the target: list costs no more than 2× cat), and the rules engine run over
//! all 1,000 dossiers in-process.
//!
//! Whole process to whole process: both sides pay process start-up, as a user does.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use xieshang::domain::record::{self, NewDossier, Vote};
use xieshang::domain::{Representative, Side};
use xieshang::store::Workspace;

const N: usize = 1_000;

fn day(s: &str) -> chrono::NaiveDate {
    xieshang::domain::values::parse_date("d", s).unwrap()
}

/// A workspace of `N` realistic dossiers at various steps, built through the public API.
fn workspace(dir: &Path) -> PathBuf {
    let root = dir.join("ws");
    let ws = Workspace::init(&root).unwrap();
    for i in 0..N {
        let input = NewDossier {
            kind: ["wage", "comprehensive", "safety", "women"][i % 4],
            enterprise: &format!("大连第{i}机械制造有限公司"),
            staff: Some("300"),
            women: Some("80"),
            ..NewDossier::default()
        };
        let id = format!("b{i:04}");
        let mut d = record::new_dossier(id, &input, day("2026-01-05")).unwrap();
        for (k, side) in [
            (0, Side::Workers),
            (1, Side::Workers),
            (2, Side::Workers),
            (3, Side::Employer),
            (4, Side::Employer),
            (5, Side::Employer),
        ] {
            let rep = Representative {
                name: format!("代表{k}"),
                side,
                post: None,
                chief: k % 3 == 0,
                outsider: false,
                female: k == 1,
                delegated: false,
            };
            d = record::set_representative(&d, &rep, day("2026-01-06"))
                .unwrap()
                .dossier;
        }
        d = record::record_offer(&d, Side::Workers, day("2026-01-10"), day("2026-01-12"), &[])
            .unwrap()
            .dossier;
        if i % 2 == 0 {
            d = record::record_reply(&d, day("2026-01-20"), None)
                .unwrap()
                .dossier;
            d = record::open_round(&d, day("2026-02-02"), Side::Workers, Some("会议室"))
                .unwrap()
                .dossier;
            d = record::record_position(&d, "平均工资增长", Side::Workers, "8%")
                .unwrap()
                .dossier;
            d = record::record_position(&d, "平均工资增长", Side::Employer, "5%")
                .unwrap()
                .dossier;
            d = record::set_terms(
                &d,
                &[("increase", "6.5%"), ("min_wage", "2100"), ("term", "1")],
            )
            .unwrap()
            .dossier;
        }
        if i % 4 == 0 {
            let vote = Vote {
                total: 100,
                present: 90,
                votes_for: 80,
                against: 5,
                abstain: 5,
                all_staff: false,
            };
            d = record::record_congress(&d, day("2026-03-02"), &vote)
                .unwrap()
                .dossier;
        }
        ws.create(&d, "bench dossier").unwrap();
    }
    root
}

fn benches(c: &mut Criterion) {
    let tmp = tempfile::tempdir().unwrap();
    let root = workspace(tmp.path());
    let files: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path().join("dossier.json")))
        .filter(|p| p.exists())
        .collect();
    assert_eq!(files.len(), N);

    let mut g = c.benchmark_group("list_1000");
    g.sample_size(20);
    g.bench_function("xieshang_list", |b| {
        b.iter(|| {
            let s = Command::new(env!("CARGO_BIN_EXE_xieshang"))
                .arg("--workspace")
                .arg(&root)
                .args(["--today", "2026-03-20", "list"])
                .stdout(Stdio::null())
                .status()
                .unwrap();
            assert!(s.success());
        });
    });
    // The TUI's first frame of Home: open the workspace, judge every dossier (the same overview
    // `list` prints), and draw the table. In-process, so it omits the ~1 ms of process start that
    // the two whole-process measurements above and below include.
    g.bench_function("tui_home_first_frame", |b| {
        let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 40)).unwrap();
        b.iter(|| {
            let ws = Workspace::init(&root).unwrap();
            let ctx = xieshang::domain::rules::Context::new(
                xieshang::domain::region::Regions::shared(),
                xieshang::domain::calendar::HolidayCalendar::shared(),
                xieshang::i18n::Lang::ZhCn,
            );
            let mut app = xieshang::app::App::new(xieshang::i18n::Lang::ZhCn, day("2026-03-20"));
            app.home.rows = xieshang::service::overview::summaries(&ws, &ctx, day("2026-03-20"));
            term.draw(|f| xieshang::ui::draw(f, &app)).unwrap();
        });
    });
    g.bench_function("cat_dossier_json", |b| {
        b.iter(|| {
            let s = Command::new("cat")
                .args(&files)
                .stdout(Stdio::null())
                .status()
                .unwrap();
            assert!(s.success());
        });
    });
    g.finish();

    let ws = Workspace::init(&root).unwrap();
    let dossiers: Vec<_> = ws.load_all().into_iter().map(|(_, d)| d.unwrap()).collect();
    c.bench_function("check_all_1000_in_process", |b| {
        b.iter(|| {
            for d in &dossiers {
                black_box(xieshang::cli::judge_with(
                    d,
                    xieshang::i18n::Lang::ZhCn,
                    day("2026-03-20"),
                ));
            }
        });
    });
}

criterion_group!(list, benches);
criterion_main!(list);
