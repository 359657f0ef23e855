//! Generated input for the diff benchmarks and tests: realistic wage-contract clauses and a
//! revised second version. Deterministic (a seeded splitmix64, no clock, no RNG crate) so a
//! benchmark and a test regression can be rerun on the same pair. It lives under `benches/`
//! and uses only the library's public API, so none of it is compiled into the release
//! binary; `benches/diff.rs`, `benches/diff_vs_git.rs` and `tests/it/diff.rs` include it with
//! `#[path]`.

use std::fmt::Write as _;

use xieshang::contract::edit::{Place, delete_clause, edit_clause, insert_clause};
use xieshang::contract::numerals::to_chinese;
use xieshang::contract::refs::internal_refs;
use xieshang::contract::render::clause_body;
use xieshang::contract::{Block, Chapter, Clause, Contract};

const TOPICS: [&str; 10] = [
    "企业应当按照本合同约定的标准按时足额支付职工工资，不得无故克扣或者拖欠",
    "职工在法定工作时间内提供了正常劳动的，企业支付的工资不得低于当地最低工资标准",
    "企业安排职工延长工作时间的，按照不低于工资的百分之一百五十支付工资报酬",
    "年度工资总额增长幅度由双方根据企业经济效益和当地工资指导线协商确定",
    "一线职工工资增长幅度不低于企业平均工资增长幅度，并向技术工人倾斜",
    "企业根据生产经营情况设立岗位津贴、夜班津贴和高温津贴，具体标准另行公布",
    "职工依法享受带薪年休假、婚丧假、产假期间，企业按照正常出勤支付工资",
    "企业经营困难确需延期支付工资的，应当经职工代表大会讨论并告知全体职工",
    "双方每年第四季度就下一年度工资调整事项进行协商，协商结果报人力资源社会保障部门审查",
    "本合同履行期间发生争议的，双方应当协商解决，协商不成的可以申请劳动争议仲裁",
];

/// A deterministic pseudo-random stream (no clock, no RNG crate): splitmix64.
struct Stream(u64);

impl Stream {
    fn new(seed: u64) -> Self {
        Stream(seed)
    }
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % (n.max(1) as u64)) as usize
    }
}

/// Clause text of about 270 characters, unique per `id`, with an internal reference now
/// and then and a law reference.
fn clause_text(s: &mut Stream, id: usize, clauses: usize) -> String {
    let mut t = String::new();
    for k in 0..4 {
        let topic = TOPICS.get(s.below(TOPICS.len())).copied().unwrap_or("");
        t.push_str(topic);
        let _ = write!(
            t,
            "，其中第{}类岗位的标准为每月{}元",
            id * 3 + k,
            2000 + s.below(3000)
        );
        t.push('；');
    }
    if s.below(3) == 0 && clauses > 1 {
        let _ = write!(
            t,
            "本合同第{}条另有约定的除外；",
            to_chinese(1 + s.below(clauses) as u32)
        );
    }
    t.push_str("依照《中华人民共和国劳动法》第四十四条执行，工资增长率为");
    let _ = write!(t, "{}.{}%。", 3 + s.below(6), s.below(10));
    t
}

const NEW_TOPICS: [&str; 6] = [
    "为稳定技术骨干队伍，企业设立技能等级津贴",
    "疫情等突发事件期间停工停产的，企业在一个工资支付周期内按劳动合同约定支付工资",
    "企业实行计件工资制的，应当合理确定劳动定额和计件单价",
    "新入职职工试用期工资不得低于本单位相同岗位最低档工资",
    "企业为职工建立企业年金，缴费比例由职工代表大会审议确定",
    "女职工在孕期、产期、哺乳期内，企业不得降低其基本工资",
];

/// Text for a clause that did not exist before: different subject and phrasing, as a
/// genuinely new clause would have.
fn new_clause_text(s: &mut Stream, id: usize) -> String {
    let mut t = String::new();
    for k in 0..4 {
        let topic = NEW_TOPICS
            .get(s.below(NEW_TOPICS.len()))
            .copied()
            .unwrap_or("");
        let _ = write!(t, "{topic}（细则{id}-{k}）。");
    }
    let _ = write!(t, "上述标准自{}月起执行。", 1 + s.below(12));
    t
}

/// A contract of `clauses` clauses in chapters of 30.
pub fn contract(clauses: usize, seed: u64) -> Contract {
    let mut s = Stream::new(seed);
    let mut chapters: Vec<Chapter> = Vec::new();
    for i in 0..clauses {
        if i % 30 == 0 {
            chapters.push(Chapter {
                section: false,
                title: Some(format!("工资事项{}", i / 30 + 1)),
                clauses: Vec::new(),
            });
        }
        if let Some(ch) = chapters.last_mut() {
            ch.clauses.push(Clause {
                blocks: vec![Block::Paragraph(clause_text(&mut s, i, clauses))],
            });
        }
    }
    Contract {
        back: vec![],
        start: None,
        title: "某某有限公司工资专项集体合同".into(),
        preamble: vec!["为建立工资集体协商机制，经双方平等协商，订立本合同。".into()],
        chapters,
    }
}

/// A second version: `modified` clauses reworded, `inserted` new clauses, then `deleted`
/// clauses removed — all through `edit`, so references are renumbered as a user's edits
/// would be.
pub fn revise(
    c: &Contract,
    modified: usize,
    inserted: usize,
    deleted: usize,
    seed: u64,
) -> Contract {
    let mut s = Stream::new(seed);
    let mut cur = c.clone();
    for _ in 0..modified {
        let n = 1 + s.below(cur.clause_count());
        let body = clause_body(
            cur.clauses()
                .nth(n - 1)
                .map_or(&Clause::default(), |(_, _, c)| c),
        );
        let changed = body
            .replacen("工资增长率为", "工资增长率调整为", 1)
            .replacen("元", "元（含津贴）", 1);
        if let Ok(o) = edit_clause(&cur, n, &changed) {
            cur = o.contract;
        }
    }
    for k in 0..inserted {
        let n = s.below(cur.clause_count());
        let text = new_clause_text(&mut s, k);
        if let Ok(o) = insert_clause(&cur, Place::After(n), &text) {
            cur = o.contract;
        }
    }
    // Delete clauses nobody refers to and that were not just inserted, so the expected
    // counts stay exact (a dangling reference would be repointed by the next renumbering).
    let mut done = 0;
    for _ in 0..deleted * 20 {
        if done == deleted {
            break;
        }
        let n = 1 + s.below(cur.clause_count());
        let body = cur.clause(n).map(clause_body).unwrap_or_default();
        let referenced = cur.clauses().any(|(_, _, c)| {
            internal_refs(&clause_body(c))
                .iter()
                .any(|r| r.number as usize == n)
        });
        if referenced || body.contains("细则") {
            continue;
        }
        if let Ok(o) = delete_clause(&cur, n) {
            cur = o.contract;
            done += 1;
        }
    }
    cur
}
