#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! The clause-aware diff on realistic wage-contract fixtures (canonical and pasted from Word)
//! and on generated pairs: classification, JSON shape, summary, and the proof that the reported
//! changes rebuild the new version from the old one. The text listing is the CLI's and is
//! tested with it, in `src/cli/diff_text.rs`.

use proptest::prelude::*;
use xieshang::contract::diff::{Change, ClauseDiff, ContractDiff, Op, apply, diff};
use xieshang::contract::parse::parse;
use xieshang::contract::render::render;
use xieshang::contract::{Block, Chapter, Clause, Contract};
use xieshang::i18n::Lang;

// The generator the diff benchmarks use, shared as source: it is no part of the library.
#[path = "../../benches/support/diff_input.rs"]
mod diff_input;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/contract");

fn load(name: &str) -> Contract {
    parse(&std::fs::read_to_string(format!("{FIXTURES}/{name}")).unwrap()).unwrap()
}

fn changes(d: &ContractDiff) -> Vec<(Change, Option<usize>, Option<usize>, bool)> {
    d.clauses
        .iter()
        .map(|c| (c.change, c.old_no, c.new_no, c.refs_updated))
        .collect()
}

fn assert_applies(old: &Contract, new: &Contract) -> ContractDiff {
    let d = diff(old, new);
    assert_eq!(&apply(old, &d, new).unwrap(), new);
    d
}

#[test]
fn identical_texts_are_all_unchanged() {
    let c = load("base.txt");
    let d = assert_applies(&c, &c);
    assert_eq!(d.summary.unchanged, 11);
    assert!(d.is_empty());
    assert_eq!(d.summary_line(Lang::ZhCn), "无变化");
    assert_eq!(d.summary_line(Lang::En), "no changes");
}

#[test]
fn rate_change_is_one_modified_clause_with_number_granularity() {
    for (old, new) in [
        ("base.txt", "rate.txt"),
        ("base_word.txt", "rate_word.txt"),
        ("base.txt", "rate_word.txt"),
    ] {
        let d = assert_applies(&load(old), &load(new));
        assert_eq!(
            (d.summary.modified, d.summary.unchanged),
            (1, 10),
            "{old} → {new}"
        );
        let m = d
            .clauses
            .iter()
            .find(|c| c.change == Change::Modified)
            .unwrap();
        assert_eq!((m.old_no, m.new_no), (Some(3), Some(3)));
        assert_eq!(m.chapter.as_deref(), Some("第二章 工资水平"));
        let changed: Vec<(Op, &str)> = m
            .inline
            .iter()
            .filter(|o| o.op != Op::Equal)
            .map(|o| (o.op, o.text.as_str()))
            .collect();
        assert_eq!(changed, vec![(Op::Delete, "8"), (Op::Insert, "6.5")]);
    }
}

#[test]
fn json_shape_is_exact() {
    let d = diff(&load("base.txt"), &load("rate.txt"));
    let json = serde_json::to_value(&d).unwrap();
    assert_eq!(
        json["summary"],
        serde_json::json!({"unchanged":10,"renumbered":0,"moved":0,"modified":1,"inserted":0,"deleted":0})
    );
    assert_eq!(
        json["clauses"][2],
        serde_json::json!({
            "change": "modified", "old_no": 3, "new_no": 3, "old_label": "第三条", "new_label": "第三条",
            "chapter": "第二章 工资水平", "refs_updated": false,
            "inline": [
                {"op": "equal", "text": "企业2026年度职工平均工资增长幅度为"},
                {"op": "delete", "text": "8"},
                {"op": "insert", "text": "6.5"},
                {"op": "equal", "text": "%，一线职工工资增长幅度不低于平均增长幅度。"}
            ]
        })
    );
    assert_eq!(json["clauses"][0]["inline"], serde_json::json!([]));
    let keys: Vec<&String> = json.as_object().unwrap().keys().collect();
    assert_eq!(keys, vec!["clauses", "summary"]);
    let text = serde_json::to_string(&d).unwrap();
    assert!(text.starts_with(r#"{"summary":{"unchanged":10,"renumbered":0,"moved":0,"modified":1,"inserted":0,"deleted":0},"clauses":[{"change":"unchanged","old_no":1,"new_no":1,"old_label":"第一条","new_label":"第一条","chapter":"第一章 总则","refs_updated":false,"inline":[]}"#), "{text}");
    let back: ContractDiff = serde_json::from_str(&text).unwrap();
    assert_eq!(back, d);
}

#[test]
fn early_insert_renumbers_without_modifying() {
    let d = assert_applies(&load("base.txt"), &load("insert_early.txt"));
    assert_eq!(d.summary.inserted, 1);
    assert_eq!(d.summary.modified, 0);
    assert_eq!(d.summary.moved, 0);
    assert_eq!(d.summary.renumbered, 9);
    let c = changes(&d);
    assert_eq!(c[2], (Change::Inserted, None, Some(3), false));
    // 第二条 and 第十条 (now 第十一条) only had their references rewritten.
    assert_eq!(c[1], (Change::Unchanged, Some(2), Some(2), true));
    assert_eq!(c[11], (Change::Renumbered, Some(11), Some(12), false));
    assert_eq!(c[10], (Change::Renumbered, Some(10), Some(11), true));
    assert_eq!(c[3], (Change::Renumbered, Some(3), Some(4), false));
    assert_eq!(d.summary_line(Lang::ZhCn), "新增 1 条，重新编号 9 条");
    assert_eq!(d.summary_line(Lang::En), "1 inserted, 9 renumbered");
}

#[test]
fn moved_to_another_chapter() {
    let d = assert_applies(&load("base.txt"), &load("moved.txt"));
    let moved: Vec<&ClauseDiff> = d
        .clauses
        .iter()
        .filter(|c| c.change == Change::Moved)
        .collect();
    assert_eq!(moved.len(), 1);
    assert_eq!((moved[0].old_no, moved[0].new_no), (Some(4), Some(6)));
    assert_eq!(moved[0].chapter.as_deref(), Some("第三章 工资支付"));
    assert_eq!(d.summary.modified, 0);
    assert_eq!(d.summary.renumbered, 2);
    // Ordered by new position.
    let order: Vec<Option<usize>> = d.clauses.iter().map(|c| c.new_no).collect();
    assert_eq!(order, (1..=11).map(Some).collect::<Vec<_>>());
}

#[test]
fn deleted_clause_stands_where_it_stood() {
    let d = assert_applies(&load("base.txt"), &load("deleted.txt"));
    assert_eq!(d.summary.deleted, 1);
    assert_eq!(d.summary.modified, 0);
    let c = changes(&d);
    assert_eq!(c[8], (Change::Deleted, Some(9), None, false));
    assert_eq!(d.clauses[8].chapter.as_deref(), Some("第三章 工资支付"));
    assert_eq!(c[9], (Change::Renumbered, Some(10), Some(9), false));
    assert_eq!(c.len(), 11);
}

#[test]
fn deleted_clause_after_a_modified_one_keeps_its_place() {
    let old = load("base.txt");
    let mut new = load("deleted.txt");
    new.chapters[2].clauses[2].blocks[0] = Block::Paragraph(
        "企业不得克扣或者无故拖欠职工工资。因生产经营困难确需延期支付的，应当经工会同意。".into(),
    );
    let d = assert_applies(&old, &new);
    let c = changes(&d);
    assert_eq!(c[7], (Change::Modified, Some(8), Some(8), false));
    assert_eq!(c[8], (Change::Deleted, Some(9), None, false));
    assert_eq!(c[9], (Change::Renumbered, Some(10), Some(9), false));
}

#[test]
fn word_pasted_versions_diff_like_canonical_ones() {
    for name in ["insert_early", "moved", "deleted"] {
        let canonical = diff(&load("base.txt"), &load(&format!("{name}.txt")));
        let pasted = assert_applies(&load("base_word.txt"), &load(&format!("{name}_word.md")));
        assert_eq!(pasted, canonical, "{name}");
    }
}

#[test]
fn full_width_digits_are_no_change() {
    let d = diff(&load("base.txt"), &load("fullwidth.txt"));
    assert_eq!(d.summary.unchanged, 11, "{:?}", changes(&d));
}

#[test]
fn renamed_chapter_is_reported() {
    let old = load("base.txt");
    let mut new = old.clone();
    new.chapters[2].title = Some("工资支付与保障".into());
    let d = assert_applies(&old, &new);
    assert_eq!(d.summary.unchanged, 11);
    assert_eq!(d.chapters.len(), 1);
    assert_eq!(d.chapters[0].change, "retitled");
    assert_eq!(d.chapters[0].new.as_deref(), Some("第三章 工资支付与保障"));
    let json = serde_json::to_value(&d).unwrap();
    assert_eq!(json["chapters"][0]["old"], "第三章 工资支付");
}

#[test]
fn generated_revision_is_found_exactly() {
    let old = diff_input::contract(300, 7);
    let new = diff_input::revise(&old, 15, 10, 6, 11);
    let d = assert_applies(&old, &new);
    assert_eq!(d.summary.inserted, 10);
    assert_eq!(d.summary.deleted, 6);
    assert!(
        d.summary.modified <= 15 && d.summary.modified >= 10,
        "{:?}",
        d.summary
    );
    assert_eq!(d.summary.moved, 0);
    // And through text, as the CLI will see it.
    let d2 = diff(
        &parse(&render(&old)).unwrap(),
        &parse(&render(&new)).unwrap(),
    );
    assert_eq!(d2.summary, d.summary);
}

// ---- property tests -------------------------------------------------------------------------

fn text() -> impl Strategy<Value = String> {
    "[甲乙工资增长标准企业职工协商合同款每月元的和，。%0-9]{1,30}"
}

fn clause() -> impl Strategy<Value = Clause> {
    prop::collection::vec((any::<bool>(), text()), 1..3).prop_map(|v| Clause {
        blocks: v
            .into_iter()
            .enumerate()
            .map(|(i, (item, t))| {
                if item && i > 0 {
                    Block::Item(t)
                } else {
                    Block::Paragraph(t)
                }
            })
            .collect(),
    })
}

fn contract() -> impl Strategy<Value = Contract> {
    (
        prop::collection::vec((text(), prop::collection::vec(clause(), 1..6)), 1..4),
        prop::collection::vec(
            prop_oneof![
                Just("员工人数：____人".to_string()),
                "[0-9]{1,4}".prop_map(|n| format!("员工人数：{n}人")),
                text(),
            ],
            0..3,
        ),
        prop::option::of(prop::sample::select(vec![
            "年　月　日",
            "2026年3月18日",
            "企业方：（企业印章）",
        ])),
    )
        .prop_map(|(chs, preamble, back)| Contract {
            back: back.map(|b| vec![b.to_string()]).unwrap_or_default(),
            start: None,
            title: "合同".into(),
            preamble,
            chapters: chs
                .into_iter()
                .map(|(t, clauses)| Chapter {
                    section: false,
                    title: Some(t),
                    clauses,
                })
                .collect(),
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn diff_with_itself_is_all_unchanged(c in contract()) {
        let d = diff(&c, &c);
        prop_assert_eq!(d.summary.unchanged, c.clause_count());
        prop_assert!(d.clauses.iter().all(|e| e.change == Change::Unchanged && e.inline.is_empty()));
    }

    #[test]
    fn applying_the_diff_yields_new_for_unrelated_pairs(old in contract(), new in contract()) {
        let d = diff(&old, &new);
        prop_assert_eq!(apply(&old, &d, &new).unwrap(), new.clone());
        // Front and back matter are reported exactly when they differ.
        prop_assert_eq!(d.front.is_empty(), old.preamble == new.preamble);
        prop_assert_eq!(d.back.is_empty(), old.back == new.back);
        // One entry per clause of either version.
        let old_seen = d.clauses.iter().filter(|c| c.old_no.is_some()).count();
        let new_seen = d.clauses.iter().filter(|c| c.new_no.is_some()).count();
        prop_assert_eq!((old_seen, new_seen), (old.clause_count(), new.clause_count()));
    }

    #[test]
    fn applying_the_diff_yields_new_for_revisions(
        n in 3usize..40, m in 0usize..5, i in 0usize..5, del in 0usize..3, seed in any::<u64>()
    ) {
        let old = diff_input::contract(n, seed);
        let new = diff_input::revise(&old, m, i, del.min(n - 1), seed ^ 0x5555);
        let d = diff(&old, &new);
        prop_assert_eq!(apply(&old, &d, &new).unwrap(), new);
        prop_assert_eq!(d.summary.moved, 0);
    }

    #[test]
    fn hostile_characters_never_survive_parse(junk in "[\u{0}-\u{1f}\u{7f}-\u{9f}\u{202a}-\u{202e}\u{2066}-\u{2069}\u{200b}\u{feff}a工]{0,20}") {
        let text = format!("标题{junk}\n第一条 工资{junk}增长\n");
        if let Ok(c) = parse(&text) {
            let all = render(&c);
            let clean = !all.chars().any(|ch| xieshang::text::is_forbidden(ch) || ch == '\x1b');
            prop_assert!(clean);
        }
    }
}
