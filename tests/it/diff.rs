#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! The clause-aware diff on realistic wage-contract fixtures (canonical and pasted from Word)
//! and on generated pairs: classification, JSON shape, summary, and the proof that the reported
//! changes rebuild the new version from the old one. The text listing is the CLI's and is
//! tested with it, in `src/cli/diff_text.rs`.

use proptest::prelude::*;
use xieshang::contract::diff::{Change, ClauseDiff, ContractDiff, Op, apply, diff, diff_following};
use xieshang::contract::numerals::to_chinese;
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

/// A contract of one untitled chapter whose clauses have these texts.
fn of_clauses(texts: &[&str]) -> Contract {
    Contract {
        title: "某某公司工资专项集体合同".into(),
        chapters: vec![Chapter {
            title: None,
            clauses: texts
                .iter()
                .map(|t| Clause {
                    blocks: vec![Block::Paragraph((*t).to_string())],
                })
                .collect(),
            section: false,
        }],
        ..Contract::default()
    }
}

/// Five clauses, the first referring to others as `refs` says; the new version inserts a clause
/// before 第三条 and leaves the first clause's text as it was, unless `new_first` says otherwise.
fn inserted_before_three(first: &str, new_first: Option<&str>) -> (Contract, Contract) {
    let rest = [
        "企业全体职工适用本合同。",
        "职工月平均工资增长百分之六。",
        "最低工资不低于二千四百八十元。",
        "工资于每月十日前发放。",
    ];
    let mut old = vec![first];
    old.extend(rest);
    let mut new = vec![
        new_first.unwrap_or(first),
        rest[0],
        "新增：高温津贴每月一百八十元。",
    ];
    new.extend(&rest[1..]);
    (of_clauses(&old), of_clauses(&new))
}

/// (text, now, index) of each stale reference of the entry for old clause `n`; `now` empty for
/// a deleted clause.
fn stale_of(d: &ContractDiff, n: usize) -> Vec<(String, String, usize)> {
    d.clauses
        .iter()
        .find(|c| c.old_no == Some(n))
        .unwrap()
        .stale_refs
        .iter()
        .map(|s| (s.text.clone(), s.now.clone().unwrap_or_default(), s.index))
        .collect()
}

fn st(text: &str, now: &str, index: usize) -> (String, String, usize) {
    (text.to_string(), now.to_string(), index)
}

#[test]
fn two_listed_references_to_moved_clauses_are_both_stale() {
    let (old, new) = inserted_before_three("依照本合同第三条、第四条的规定办理。", None);
    let d = assert_applies(&old, &new);
    assert_eq!(
        stale_of(&d, 1),
        vec![st("第三条", "第四条", 0), st("第四条", "第五条", 1)]
    );
    let first = &d.clauses[0];
    // The clause's text is as it was: not updated, not modified.
    assert_eq!(first.change, Change::Unchanged);
    assert!(!first.refs_updated);
    assert!(first.inline.is_empty());
    assert!(
        d.summary_line(Lang::ZhCn).contains("过时引用 2 处"),
        "{}",
        d.summary_line(Lang::ZhCn)
    );
}

#[test]
fn lists_joined_by_he_ji_huo_are_each_stale() {
    for joined in ["和", "及", "或", "与"] {
        let first = format!("依照本合同第三条{joined}第四条办理。");
        let (old, new) = inserted_before_three(&first, None);
        let d = assert_applies(&old, &new);
        assert_eq!(
            stale_of(&d, 1),
            vec![st("第三条", "第四条", 0), st("第四条", "第五条", 1)],
            "{joined}"
        );
    }
}

#[test]
fn a_reference_whose_new_number_is_written_elsewhere_in_the_clause_is_still_stale() {
    // The first 第三条 was updated by hand, the second was not: the clause now writes 第四条 —
    // the second one's new number — elsewhere, which must not count as its update.
    let (old, new) = inserted_before_three(
        "按第三条计算，并按第三条发放。",
        Some("按第四条计算，并按第三条发放。"),
    );
    let d = assert_applies(&old, &new);
    assert_eq!(stale_of(&d, 1), vec![st("第三条", "第四条", 1)]);
    let first = &d.clauses[0];
    assert_eq!(first.change, Change::Unchanged);
    assert!(first.refs_updated);
}

#[test]
fn both_ends_of_a_range_are_stale_and_relative_references_are_not() {
    let (old, new) = inserted_before_three(
        "第三条至第五条的标准，依照第四条第二款调整；前款和本条另有约定的，依照《劳动法》第四十四条执行。",
        None,
    );
    let d = assert_applies(&old, &new);
    assert_eq!(
        stale_of(&d, 1),
        vec![
            st("第三条", "第四条", 0),
            st("第五条", "第六条", 1),
            st("第四条", "第五条", 2),
        ]
    );
}

#[test]
fn references_updated_with_their_clauses_are_not_stale() {
    let (old, new) = inserted_before_three(
        "依照本合同第三条、第四条的规定办理。",
        Some("依照本合同第四条、第五条的规定办理。"),
    );
    let d = assert_applies(&old, &new);
    assert_eq!(stale_of(&d, 1), vec![]);
    assert_eq!(d.clauses[0].change, Change::Unchanged);
    assert!(d.clauses[0].refs_updated);
    // A reference rewritten to some other number was chosen by hand: modified, not stale.
    let (old, new) = inserted_before_three(
        "依照本合同第三条、第四条的规定办理。",
        Some("依照本合同第二条、第四条的规定办理。"),
    );
    let d = assert_applies(&old, &new);
    assert_eq!(stale_of(&d, 1), vec![st("第四条", "第五条", 1)]);
    assert_eq!(d.clauses[0].change, Change::Modified);
}

#[test]
fn a_reference_to_a_deleted_clause_is_stale_with_no_clause_now() {
    let old = of_clauses(&[
        "依照本合同第三条及第四条办理。",
        "企业全体职工适用本合同。",
        "职工月平均工资增长百分之六。",
        "最低工资不低于二千四百八十元。",
    ]);
    let new = of_clauses(&[
        "依照本合同第三条及第四条办理。",
        "企业全体职工适用本合同。",
        "最低工资不低于二千四百八十元。",
    ]);
    let d = assert_applies(&old, &new);
    // 第三条 was deleted; 第四条 is now 第三条 — and 第四条 names no clause at all.
    assert_eq!(
        stale_of(&d, 1),
        vec![st("第三条", "", 0), st("第四条", "第三条", 1)]
    );
    let json = serde_json::to_value(&d).unwrap();
    assert_eq!(
        json["clauses"][0]["stale_refs"][0]["now"],
        serde_json::Value::Null
    );
    assert_eq!(json["clauses"][0]["stale_refs"][1]["now"], "第三条");
}

#[test]
fn a_stale_reference_is_carried_through_later_versions_until_its_number_changes() {
    let (v1, v2) = inserted_before_three("依照本合同第三条的规定办理。", None);
    let (d, meant) = diff_following(&v1, &v2, &[], None);
    assert_eq!(stale_of(&d, 1), vec![st("第三条", "第四条", 0)]);
    // An unrelated edit: compared with v2 alone nothing is stale, followed from v1 it still is.
    let mut v3 = v2.clone();
    v3.chapters[0].clauses[1].blocks = vec![Block::Paragraph(
        "企业全体职工及劳务派遣职工适用本合同。".into(),
    )];
    assert_eq!(stale_of(&diff(&v2, &v3), 1), vec![]);
    let (d, meant) = diff_following(&v2, &v3, &[], Some(&meant));
    assert_eq!(stale_of(&d, 1), vec![st("第三条", "第四条", 0)]);
    // Another insertion before both, with the reference renumbered mechanically (第三条 →
    // 第四条, as a clause insert rewrites every reference): still stale, now meaning 第五条.
    let mut v4 = v3.clone();
    v4.chapters[0].clauses.insert(
        1,
        Clause {
            blocks: vec![Block::Paragraph("新增：双方每季度对账一次。".into())],
        },
    );
    v4.chapters[0].clauses[0].blocks =
        vec![Block::Paragraph("依照本合同第四条的规定办理。".into())];
    let (d, meant) = diff_following(&v3, &v4, &[], Some(&meant));
    assert_eq!(stale_of(&d, 1), vec![st("第四条", "第五条", 0)]);
    assert_eq!(apply(&v3, &d, &v4).unwrap(), v4);
    // Fixed by hand: no longer stale, and nothing is carried further.
    let mut v5 = v4.clone();
    v5.chapters[0].clauses[0].blocks =
        vec![Block::Paragraph("依照本合同第五条的规定办理。".into())];
    let (d, meant) = diff_following(&v4, &v5, &[], Some(&meant));
    assert_eq!(stale_of(&d, 1), vec![]);
    let (d, _) = diff_following(&v5, &v5, &[], Some(&meant));
    assert!(d.clauses.iter().all(|c| c.stale_refs.is_empty()));
}

/// One generated reference: how it is written around its number.
#[derive(Debug, Clone, Copy)]
enum Form {
    Single,
    ListWith(&'static str),
    Range,
    Paragraph,
    Arabic,
}

fn form() -> impl Strategy<Value = Form> {
    prop_oneof![
        Just(Form::Single),
        prop::sample::select(vec!["、", "和", "及", "或"]).prop_map(Form::ListWith),
        Just(Form::Range),
        Just(Form::Paragraph),
        Just(Form::Arabic),
    ]
}

/// A clause's reference phrase: the old targets (1-based) it names, in order, with `number` the
/// way to write one number.
fn phrase(f: Form, a: u32, b: u32, mut number: impl FnMut(u32) -> String) -> (String, Vec<u32>) {
    match f {
        Form::Single => (format!("依照本合同第{}条办理", number(a)), vec![a]),
        Form::ListWith(j) => (
            format!("依照第{}条{j}第{}条", number(a), number(b)),
            vec![a, b],
        ),
        Form::Range => (
            format!("第{}条至第{}条所列", number(a), number(b)),
            vec![a, b],
        ),
        Form::Paragraph => (format!("第{}条第二款及前款", number(a)), vec![a]),
        Form::Arabic => (format!("见第{a}条"), vec![a]),
    }
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

    /// For random insertions, every reference of a clause that still writes the number of a
    /// clause that moved is flagged exactly once, and one updated with its clause never is.
    #[test]
    fn every_reference_to_a_moved_clause_is_flagged_exactly_once(
        refs in prop::collection::vec(
            (any::<bool>(), form(), 0u32..100, 0u32..100, any::<bool>(), any::<bool>()),
            3..14,
        ),
        inserts in prop::collection::vec(0usize..20, 1..4),
    ) {
        let n = refs.len();
        let nu = u32::try_from(n).unwrap();
        // Where each old clause lands: inserted clauses go before old positions `inserts`.
        let mut at: Vec<usize> = inserts.iter().map(|&p| p % (n + 1)).collect();
        at.sort_unstable();
        let new_no = |old: u32| -> u32 {
            old + u32::try_from(at.iter().filter(|&&p| p < old as usize).count()).unwrap()
        };
        let mut old_texts = Vec::new();
        let mut new_texts = Vec::new();
        // Expected per old clause: (internal index, number written in the new text) of stale ones.
        let mut expected: Vec<Vec<(usize, u32)>> = Vec::new();
        for (i, &(has, f, a, b, update_a, update_b)) in refs.iter().enumerate() {
            let own = format!("第{i}项约定事项");
            if !has {
                old_texts.push(format!("{own}。"));
                new_texts.push(format!("{own}。"));
                expected.push(Vec::new());
                continue;
            }
            let (a, b) = (a % nu + 1, b % nu + 1);
            let (old_phrase, targets) = phrase(f, a, b, to_chinese);
            let updated = [update_a, update_b];
            // The new text updates the chosen references, leaves the others as written.
            let mut k = 0usize;
            let (new_phrase, _) = phrase(f, a, b, |t| {
                let up = updated.get(k).copied().unwrap_or(false);
                k += 1;
                to_chinese(if up { new_no(t) } else { t })
            });
            let new_phrase = if matches!(f, Form::Arabic) {
                format!("见第{}条", if update_a { new_no(a) } else { a })
            } else {
                new_phrase
            };
            old_texts.push(format!("{own}，{old_phrase}。"));
            new_texts.push(format!("{own}，{new_phrase}。"));
            expected.push(
                targets
                    .iter()
                    .enumerate()
                    .filter(|&(x, &t)| new_no(t) != t && !updated.get(x).copied().unwrap_or(false))
                    .map(|(x, &t)| (x, t))
                    .collect(),
            );
        }
        let mut new_all: Vec<String> = Vec::new();
        for (i, t) in new_texts.iter().enumerate() {
            for _ in at.iter().filter(|&&p| p == i) {
                new_all.push(format!("新增第{}项条款。", new_all.len()));
            }
            new_all.push(t.clone());
        }
        for _ in at.iter().filter(|&&p| p == n) {
            new_all.push(format!("新增第{}项条款。", new_all.len()));
        }
        let old_refs: Vec<&str> = old_texts.iter().map(String::as_str).collect();
        let new_refs: Vec<&str> = new_all.iter().map(String::as_str).collect();
        let (old, new) = (of_clauses(&old_refs), of_clauses(&new_refs));
        let d = diff(&old, &new);
        prop_assert_eq!(apply(&old, &d, &new).unwrap(), new.clone());
        for (i, want) in expected.iter().enumerate() {
            let entry = d.clauses.iter().find(|c| c.old_no == Some(i + 1)).unwrap();
            let got: Vec<(usize, u32)> =
                entry.stale_refs.iter().map(|s| (s.index, s.target)).collect();
            prop_assert_eq!(&got, want, "clause {} of {:?}", i + 1, old_texts);
        }
        let total: usize = expected.iter().map(Vec::len).sum();
        prop_assert_eq!(d.clauses.iter().map(|c| c.stale_refs.len()).sum::<usize>(), total);
    }
}
