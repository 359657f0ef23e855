#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! The contract text engine from the outside: parsing what people paste, the canonical round
//! trip, and renumbering edits that keep every internal reference on its clause.

use std::fmt::Write as _;

use proptest::prelude::*;
use xieshang::contract::edit::{
    DanglingRef, EditError, Place, delete_clause, edit_clause, insert_clause, move_clause,
};
use xieshang::contract::parse::parse;
use xieshang::contract::refs::internal_refs;
use xieshang::contract::render::{clause_body, render};
use xieshang::contract::{Block, Chapter, Clause, Contract};
use xieshang::i18n::Lang;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/contract");

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("{FIXTURES}/{name}")).unwrap()
}

fn bodies(c: &Contract) -> Vec<String> {
    c.clauses().map(|(_, _, cl)| clause_body(cl)).collect()
}

#[test]
fn canonical_fixture_parses_and_renders_back() {
    let text = fixture("base.txt");
    let c = parse(&text).unwrap();
    assert_eq!(c.title, "大连某某机械有限公司2026年度工资专项集体合同");
    assert_eq!(c.preamble.len(), 1);
    assert_eq!(c.chapters.len(), 4);
    assert_eq!(c.chapters[1].title.as_deref(), Some("工资水平"));
    assert_eq!(c.clause_count(), 11);
    let fifth = c.clauses().nth(4).unwrap().2;
    assert_eq!(fifth.blocks.len(), 4);
    assert_eq!(
        fifth.blocks[1],
        Block::Item("基本工资占工资总额的比例不低于60%；".into())
    );
    assert_eq!(render(&c), text);
}

#[test]
fn word_paste_reads_like_the_canonical_text() {
    // CRLF, U+3000 indentation and separators, Markdown headings and bold, a label glued to
    // its text, a label alone on a Markdown heading line, (一) and 三、 items, extra blank lines.
    let canonical = parse(&fixture("base.txt")).unwrap();
    let pasted = parse(&fixture("base_word.txt")).unwrap();
    assert_eq!(pasted, canonical);
}

#[test]
fn clauses_without_chapters_and_arabic_labels() {
    let c = parse("工资协议\n第1条 甲\n第2条　乙\n继续\n").unwrap();
    assert_eq!(c.chapters.len(), 1);
    assert_eq!(c.chapters[0].title, None);
    assert_eq!(bodies(&c), vec!["甲", "乙\n继续"]);
    assert_eq!(render(&c), "工资协议\n\n第一条 甲\n\n第二条 乙\n继续\n");
}

#[test]
fn hostile_text_is_neutralised_by_parse() {
    let c = parse("标题\u{1b}]0;pwned\u{07}\n第一条 工资增长\u{202E}%8\u{202C}\u{1b}[2J，\u{0}\u{200B}按月支付。\n")
        .unwrap();
    assert_eq!(c.title, "标题");
    assert_eq!(bodies(&c), vec!["工资增长%8，按月支付。"]);
}

#[test]
fn parse_errors_are_localized() {
    let e = parse("标题\n没有条款").unwrap_err();
    assert_eq!(e.line, 2);
    assert_eq!(e.message(Lang::ZhCn), "第 2 行：未找到任何条款（第…条）");
    assert_eq!(e.message(Lang::En), "line 2: no clause (第…条) found");
}

fn base() -> Contract {
    parse(&fixture("base.txt")).unwrap()
}

#[test]
fn insert_renumbers_and_rewrites_internal_references_only() {
    let out = insert_clause(
        &base(),
        Place::StartOfChapter(2),
        "企业建立工资集体协商制度，每年第一季度就工资调整事项与工会进行协商。",
    )
    .unwrap();
    assert!(out.dangling.is_empty());
    let expected = parse(&fixture("insert_early.txt")).unwrap();
    assert_eq!(render(&out.contract), render(&expected));
    // The law references stayed as written.
    let text = render(&out.contract);
    assert!(text.contains("《中华人民共和国劳动法》第三十三条"));
    assert!(text.contains("劳动法第四十四条"));
    assert!(text.contains("《集体合同规定》第三十六条"));
}

#[test]
fn delete_reports_dangling_references() {
    let out = delete_clause(&base(), 9).unwrap();
    assert_eq!(
        out.dangling,
        vec![DanglingRef {
            in_clause: 8,
            text: "第九条".into(),
            target: 9
        }]
    );
    assert_eq!(
        render(&out.contract),
        render(&parse(&fixture("deleted.txt")).unwrap())
    );
}

#[test]
fn move_into_another_chapter() {
    // 第四条 goes after 第六条, i.e. into chapter three.
    let out = move_clause(&base(), 4, Place::After(6)).unwrap();
    assert!(out.dangling.is_empty());
    assert_eq!(
        render(&out.contract),
        render(&parse(&fixture("moved.txt")).unwrap())
    );
    // Moving to the start of a chapter.
    let out = move_clause(&base(), 11, Place::StartOfChapter(1)).unwrap();
    assert_eq!(out.contract.chapters[0].clauses.len(), 3);
    assert!(bodies(&out.contract)[0].starts_with("本合同一式三份"));
    // Staying put is a no-op.
    assert_eq!(
        move_clause(&base(), 3, Place::After(3)).unwrap().contract,
        base()
    );
}

#[test]
fn edit_replaces_text_only() {
    let out = edit_clause(
        &base(),
        3,
        "第三条　企业2026年度职工平均工资增长幅度为6.5%。",
    )
    .unwrap();
    assert_eq!(
        bodies(&out.contract)[2],
        "企业2026年度职工平均工资增长幅度为6.5%。"
    );
    assert_eq!(bodies(&out.contract)[3], bodies(&base())[3]);
}

#[test]
fn edit_errors_are_typed_and_localized() {
    let c = base();
    let e = delete_clause(&c, 12).unwrap_err();
    assert_eq!(e, EditError::NoSuchClause { n: 12, count: 11 });
    assert_eq!(e.message(Lang::ZhCn), "没有第 12 条（本合同共 11 条）");
    assert_eq!(
        e.message(Lang::En),
        "there is no clause 12 (the contract has 11)"
    );
    assert_eq!(
        edit_clause(&c, 1, " \n　").unwrap_err(),
        EditError::EmptyText
    );
    assert_eq!(
        insert_clause(&c, Place::After(0), "")
            .unwrap_err()
            .message(Lang::ZhCn),
        "条款内容为空"
    );
    assert!(matches!(
        move_clause(&c, 1, Place::StartOfChapter(9)),
        Err(EditError::NoSuchChapter { n: 9, count: 4 })
    ));
    assert!(matches!(
        delete_clause(&c, 0),
        Err(EditError::NoSuchClause { .. })
    ));
}

// ---- property tests -------------------------------------------------------------------------

/// Text that cannot be mistaken for a heading, item or Markdown: no 第, no brackets, no 、.
fn text() -> impl Strategy<Value = String> {
    "[甲乙工资增长标准企业职工协商合同款每月元的和，。%0-9a-z]{1,24}"
}

fn clause() -> impl Strategy<Value = Clause> {
    (
        text(),
        any::<bool>(),
        prop::collection::vec((any::<bool>(), text()), 0..4),
    )
        .prop_map(|(first, first_item, rest)| {
            let mut blocks = vec![if first_item {
                Block::Item(first)
            } else {
                Block::Paragraph(first)
            }];
            blocks.extend(rest.into_iter().map(|(item, t)| {
                if item {
                    Block::Item(t)
                } else {
                    Block::Paragraph(t)
                }
            }));
            Clause { blocks }
        })
}

/// Lines of a parties block, as a text without a title line may open with.
fn parties() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(
        prop_oneof![
            text().prop_map(|t| format!("甲方（工会）：{t}")),
            text().prop_map(|t| format!("乙方(企业)：{t}")),
            "[0-9_]{1,4}".prop_map(|n| format!("员工人数：{n}人")),
        ],
        0..3,
    )
}

/// Back matter: a line that opens it (signature, seal, date, attachment), then anything.
fn back() -> impl Strategy<Value = Vec<String>> {
    (
        prop::sample::select(vec![
            "企业方：（企业印章）",
            "甲方代表（签字）：",
            "年　月　日",
            "2026年3月1日",
            "附件：工资标准表",
            "（以下无正文）",
        ]),
        prop::collection::vec(text(), 0..3),
    )
        .prop_map(|(first, rest)| {
            let mut v = vec![first.to_string()];
            v.extend(rest);
            v
        })
}

fn contract() -> impl Strategy<Value = Contract> {
    (
        (
            prop::option::of(text()),
            parties(),
            prop::collection::vec(text(), 0..3),
        ),
        prop::collection::vec(
            (
                prop::option::of(text()),
                prop::collection::vec(clause(), 0..5),
            ),
            1..4,
        ),
        clause(),
        (
            prop::option::of(back()),
            prop::option::of(2u32..200),
            any::<bool>(),
            "[保险福利工资总则附]{1,8}",
        ),
    )
        .prop_map(
            |((title, parties, lines), chapters, extra, (back, start, sections, stitle))| {
                let mut chapters: Vec<Chapter> = chapters
                    .into_iter()
                    .map(|(title, clauses)| Chapter {
                        title,
                        clauses,
                        section: false,
                    })
                    .collect();
                // At least one clause, and a lone untitled chapter must hold it (it has no heading).
                if chapters.len() == 1 && chapters[0].title.is_none()
                    || chapters.iter().all(|c| c.clauses.is_empty())
                {
                    chapters[0].clauses.push(extra.clone());
                }
                // Sections (`二、保险福利`): every division one, each titled and holding a clause.
                if sections {
                    for (k, ch) in chapters.iter_mut().enumerate() {
                        ch.section = true;
                        ch.title = Some(format!("{stitle}{k}"));
                        if ch.clauses.is_empty() {
                            ch.clauses.push(extra.clone());
                        }
                    }
                }
                // No title line only when the text opens with a parties line.
                let title = match title {
                    None if !parties.is_empty() => String::new(),
                    t => t.unwrap_or_else(|| "集体合同".into()),
                };
                let mut preamble = parties;
                preamble.extend(lines);
                Contract {
                    back: back.unwrap_or_default(),
                    start,
                    title,
                    preamble,
                    chapters,
                }
            },
        )
}

/// A contract whose clause `id` reads `标识{id}号` and refers to other clauses as
/// `本合同第N条（指向{target}）`, so identity can be checked after any edit.
fn tagged(n: usize, refs: &[(usize, usize)]) -> Contract {
    let per_chapter = 4;
    let mut chapters: Vec<Chapter> = Vec::new();
    for id in 1..=n {
        if (id - 1) % per_chapter == 0 {
            chapters.push(Chapter {
                section: false,
                title: Some(format!("章{}", chapters.len() + 1)),
                clauses: vec![],
            });
        }
        let mut t = format!("标识{id}号");
        for &(from, to) in refs {
            if from == id {
                write!(
                    t,
                    "，见本合同第{}条（指向{to}）",
                    xieshang::contract::numerals::to_chinese(to as u32)
                )
                .unwrap();
            }
        }
        t.push_str("，依照《劳动法》第四十四条执行。");
        chapters.last_mut().unwrap().clauses.push(Clause {
            blocks: vec![Block::Paragraph(t)],
        });
    }
    Contract {
        back: vec![],
        start: None,
        title: "测试合同".into(),
        preamble: vec![],
        chapters,
    }
}

fn id_of(body: &str) -> Option<usize> {
    let rest = body.strip_prefix("标识")?;
    rest.split_once('号')?.0.parse().ok()
}

#[derive(Debug, Clone)]
enum EditOp {
    Insert(usize),
    Delete(usize),
    Move(usize, usize),
    MoveToChapter(usize, usize),
}

fn edit_op() -> impl Strategy<Value = EditOp> {
    prop_oneof![
        (0usize..40).prop_map(EditOp::Insert),
        (1usize..40).prop_map(EditOp::Delete),
        (1usize..40, 0usize..40).prop_map(|(a, b)| EditOp::Move(a, b)),
        (1usize..40, 1usize..6).prop_map(|(a, b)| EditOp::MoveToChapter(a, b)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn parse_of_render_is_identity(c in contract()) {
        let text = render(&c);
        prop_assert_eq!(parse(&text).unwrap(), c);
    }

    #[test]
    fn word_style_noise_does_not_change_the_parse(c in contract()) {
        let canonical = render(&c);
        let mut noisy = String::new();
        for l in canonical.lines() {
            write!(noisy, "　　{}\r\n\r\n", l.replacen(' ', "　", 1)).unwrap();
        }
        prop_assert_eq!(parse(&noisy).unwrap(), c);
    }

    #[test]
    fn references_follow_their_clause_through_edits(
        n in 2usize..12,
        refs in prop::collection::vec((1usize..12, 1usize..12), 0..12),
        ops in prop::collection::vec(edit_op(), 1..8),
    ) {
        let refs: Vec<(usize, usize)> = refs.into_iter().filter(|&(a, b)| a <= n && b <= n && a != b).collect();
        let mut c = tagged(n, &refs);
        let mut deleted: Vec<usize> = Vec::new();
        let mut fresh = 1000;
        for op in ops {
            let count = c.clause_count();
            let before: Vec<Option<usize>> = bodies(&c).iter().map(|b| id_of(b)).collect();
            let result = match op {
                EditOp::Insert(m) => {
                    fresh += 1;
                    insert_clause(&c, Place::After(m % (count + 1)), &format!("标识{fresh}号，新增。"))
                }
                EditOp::Delete(k) if count > 1 => delete_clause(&c, 1 + k % count),
                EditOp::Delete(_) => continue,
                EditOp::Move(a, b) => move_clause(&c, 1 + a % count, Place::After(b % (count + 1))),
                EditOp::MoveToChapter(a, k) => move_clause(&c, 1 + a % count, Place::StartOfChapter(1 + k % c.chapters.len())),
            };
            let out = result.unwrap();
            // Every dangling report names a clause that was just deleted.
            for d in &out.dangling {
                let target_id = before.get(d.target - 1).copied().flatten();
                prop_assert!(target_id.is_some_and(|t| !bodies(&out.contract).iter().any(|b| id_of(b) == Some(t))));
                deleted.push(target_id.unwrap());
            }
            c = out.contract;
        }
        let now = bodies(&c);
        for body in &now {
            for r in internal_refs(body) {
                let tag = &body[r.range.end..];
                let target: usize = tag.strip_prefix("（指向").and_then(|t| t.split_once('）')).and_then(|(n, _)| n.parse().ok()).unwrap();
                if deleted.contains(&target) {
                    continue;
                }
                let pointed = now.get(r.number as usize - 1).and_then(|b| id_of(b));
                prop_assert_eq!(pointed, Some(target), "in {:?}", body);
            }
        }
    }
}
