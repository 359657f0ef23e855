//! One frame of each main screen for a big dossier (a 300-clause draft, 30 rounds) and Home with
//! 1,000 dossiers, drawn into a `TestBackend` at 120×40: the cost of a redraw, which the event
//! loop pays after every key.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

#[path = "../tests/it/common/ui.rs"]
mod ui_support;

use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ui_support::{app_on, day};
use xieshang::app::Screen;
use xieshang::app::view::Summary;
use xieshang::contract::{Block, Chapter, Clause, Contract};
use xieshang::domain::Side;
use xieshang::domain::record::{self, CloseRound};
use xieshang::i18n::Lang;

fn big_app(screen: Screen) -> xieshang::app::App {
    let mut app = app_on(screen, Lang::ZhCn, "大连海辰机械制造有限公司");
    let l = app.open.as_mut().unwrap();
    let mut d = l.dossier.clone();
    d = record::close_round(&d, &CloseRound::default())
        .unwrap()
        .dossier;
    for r in 0..27u32 {
        let date = day("2026-04-01") + chrono::Days::new(u64::from(r) * 3);
        d = record::open_round(&d, date, Side::Workers, Some("会议室"))
            .unwrap()
            .dossier;
        for i in 0..8 {
            let w = format!("{}%", 9 - (r % 5));
            let e = format!("{}%", 3 + (r % 4));
            d = record::record_position(&d, &format!("议题{i}"), Side::Workers, &w)
                .unwrap()
                .dossier;
            d = record::record_position(&d, &format!("议题{i}"), Side::Employer, &e)
                .unwrap()
                .dossier;
        }
        if r < 26 {
            d = record::close_round(&d, &CloseRound::default())
                .unwrap()
                .dossier;
        }
    }
    assert_eq!(d.rounds.len(), 30);
    l.dossier = d;
    let clause = |n: usize| Clause {
        blocks: vec![Block::Paragraph(format!(
            "第{n}项约定：企业应当按照本合同约定的标准和期限支付职工工资，不得克扣或者无故拖欠，工资增长幅度不低于6.5%。"
        ))],
    };
    l.contract = Some(Contract {
        back: vec![],
        start: None,
        title: "大型合同".into(),
        preamble: vec![],
        chapters: (0..15)
            .map(|c| Chapter {
                section: false,
                title: Some(format!("第{c}部分")),
                clauses: (0..20).map(|i| clause(c * 20 + i)).collect(),
            })
            .collect(),
    });
    app.draft.clause = 150;
    app
}

fn home_1000() -> xieshang::app::App {
    let mut app = app_on(Screen::Home, Lang::ZhCn, "x");
    let base = app.home.rows[0].clone();
    app.home.rows = (0..1000)
        .map(|i| Summary {
            id: format!("d{i:04}"),
            enterprise: format!("大连第{i}机械制造有限公司"),
            ..base.clone()
        })
        .collect();
    app.home.selected = 500;
    app
}

fn bench(c: &mut Criterion) {
    let mut term = Terminal::new(TestBackend::new(120, 40)).unwrap();
    let cases = [
        ("home_1000", home_1000()),
        ("dossier", big_app(Screen::Dossier)),
        ("table_30_rounds", big_app(Screen::Table)),
        ("draft_300_clauses", big_app(Screen::Draft)),
        ("diff", big_app(Screen::Diff)),
    ];
    for (name, app) in &cases {
        c.bench_function(name, |b| {
            b.iter(|| {
                term.draw(|f| xieshang::ui::draw(f, app)).unwrap();
            });
        });
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
