#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Templates and the content check, end to end: the built-in templates parse and fill from a
//! realistic dossier; broken templates are reported with file, line and problem; hostile values
//! are neutralised; CONTENT-ITEMS and CONTENT-CHAPTERS judge contracts built as values.

use chrono::NaiveDate;
use std::collections::BTreeMap;
use xieshang::contract::content;
use xieshang::contract::template::{
    BUILTIN, Template, TemplateProblem, VarType, builtin_templates,
};
use xieshang::contract::{Block, Chapter, Clause, Contract};
use xieshang::domain::procedure::Step;
use xieshang::domain::rules::Severity;
use xieshang::domain::{ContractKind, Dossier, Enterprise};
use xieshang::i18n::Lang;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn enterprise() -> Enterprise {
    Enterprise {
        name: "大连海川机械制造有限公司".into(),
        region: "210200".into(),
        staff: Some(320),
        women_staff: Some(96),
        union_name: Some("大连海川机械制造有限公司工会委员会".into()),
        union_chair: Some("王秀兰".into()),
        legal_representative: Some("陈建国".into()),
        ..Enterprise::default()
    }
}

fn dossier(kind: ContractKind) -> Dossier {
    let mut d = Dossier::new(
        "haichuan-2026".into(),
        kind,
        enterprise(),
        date(2025, 11, 20),
    );
    let t = &mut d.terms;
    t.avg_wage_increase_bp = Some(650);
    t.min_wage_fen = Some(210_000);
    t.overtime_extended_bp = Some(15_000);
    t.overtime_rest_day_bp = Some(20_000);
    t.overtime_holiday_bp = Some(30_000);
    t.overtime_base = Some("职工本人上月基本工资与岗位工资之和".into());
    t.term_months = Some(12);
    t.start = Some(date(2026, 1, 1));
    t.last_year_avg_wage_fen = Some(520_000);
    t.staff_covered = Some(318);
    t.pay_day = Some(15);
    t.allowances.insert("高温津贴".into(), 20_000);
    t.allowances.insert("夜班津贴".into(), 15_000);
    d
}

/// Test-only splitter for the canonical text (the real parser lives elsewhere): a title line,
/// `第X章 title`, `第X条 text`, `（X）item`, other lines are paragraphs of the current clause.
fn split(text: &str) -> Contract {
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let mut c = Contract {
        back: vec![],
        start: None,
        title: lines.next().unwrap_or_default().to_string(),
        ..Contract::default()
    };
    for line in lines {
        let line = line.trim();
        let head = |sep: char| {
            line.strip_prefix('第').and_then(|r| {
                let (n, rest) = r.split_once(sep)?;
                let ok = !n.is_empty() && n.chars().all(|c| "一二三四五六七八九十百零".contains(c));
                ok.then(|| rest.trim_start_matches([' ', '\u{3000}']).to_string())
            })
        };
        if let Some(title) = head('章') {
            c.chapters.push(Chapter {
                section: false,
                title: Some(title),
                clauses: vec![],
            });
        } else if let Some(text) = head('条') {
            if c.chapters.is_empty() {
                c.chapters.push(Chapter::default());
            }
            c.chapters.last_mut().unwrap().clauses.push(Clause {
                blocks: vec![Block::Paragraph(text)],
            });
        } else {
            let clause = c.chapters.last_mut().unwrap().clauses.last_mut().unwrap();
            if line.starts_with('（') {
                clause.blocks.push(Block::Item(line.to_string()));
            } else {
                clause.blocks.push(Block::Paragraph(line.to_string()));
            }
        }
    }
    c
}

#[test]
fn every_builtin_template_parses() {
    for (name, text) in BUILTIN {
        let t = Template::parse(name, text).unwrap_or_else(|e| panic!("{}", e.message(Lang::En)));
        assert!(!t.chapters.is_empty(), "{name}");
    }
    let kinds: Vec<ContractKind> = builtin_templates().iter().map(|t| t.kind).collect();
    assert_eq!(kinds.len(), 4);
    for kind in ContractKind::ALL {
        assert!(kinds.contains(&kind), "no builtin template for {kind:?}");
        assert_eq!(Template::for_kind(kind).unwrap().kind, kind);
    }
}

#[test]
fn filling_the_wage_template_puts_the_agreed_figures_in() {
    let t = Template::for_kind(ContractKind::Wage).unwrap();
    let f = t.fill(&dossier(ContractKind::Wage));
    assert!(f.missing.is_empty(), "{:?}", f.missing);
    assert!(
        !f.text.contains("{{") && !f.text.contains("【待定"),
        "{}",
        f.text
    );
    assert!(
        f.text
            .starts_with("大连海川机械制造有限公司2026年度工资专项集体合同\n")
    );
    for needle in [
        "增长6.5%",
        "每月2100元",
        "5200元",
        "达到5538元",
        "150%",
        "200%",
        "300%",
        "每月15日前",
        "本合同期限为1年，自2026年1月1日起至2026年12月31日止",
        "覆盖职工318人",
        "夜班津贴每月150元、高温津贴每月200元",
        "职工本人上月基本工资与岗位工资之和",
    ] {
        assert!(f.text.contains(needle), "missing {needle}");
    }
}

#[test]
fn every_builtin_template_fills_without_leftover_markup() {
    for kind in ContractKind::ALL {
        let t = Template::for_kind(kind).unwrap();
        let f = t.fill(&dossier(kind));
        assert!(!f.text.contains("{{") && !f.text.contains("}}"), "{kind:?}");
        assert!(
            f.text.ends_with('\n') && !f.text.ends_with("\n\n"),
            "{kind:?}"
        );
        // The filled text covers its own kind's required content items.
        let findings = content::check(kind, &split(&f.text), Some(&t), Lang::ZhCn);
        assert!(findings.is_empty(), "{kind:?}: {findings:?}");
        // … also without the template, by keywords alone.
        let findings = content::check(kind, &split(&f.text), None, Lang::ZhCn);
        assert!(findings.is_empty(), "{kind:?} by keywords: {findings:?}");
    }
}

#[test]
fn missing_terms_become_visible_blanks() {
    let t = Template::for_kind(ContractKind::Wage).unwrap();
    let mut d = dossier(ContractKind::Wage);
    d.terms.avg_wage_increase_bp = None;
    d.terms.pay_day = None;
    d.enterprise.union_name = None;
    let f = t.fill(&d);
    assert!(f.text.contains("增长【待定：平均工资增长幅度】"));
    assert!(f.text.contains("【待定：工资支付日】"));
    assert!(f.text.contains("【待定：工会名称】"));
    // The target wage depends on the increase, so it is missing too.
    assert_eq!(
        f.missing,
        ["union", "increase", "avg_wage_target", "pay_day"]
    );
    // Year still comes from the dossier: from `created` when no start date is agreed.
    d.terms.start = None;
    let f = t.fill(&d);
    assert!(f.text.starts_with("大连海川机械制造有限公司2025年度"));
    assert!(f.missing.contains(&"start".to_string()));
    assert!(f.missing.contains(&"end".to_string()));
}

#[test]
fn a_bare_dossier_fills_with_blanks_and_defaults() {
    let t = Template::for_kind(ContractKind::Wage).unwrap();
    let d = Dossier::new(
        "x".into(),
        ContractKind::Wage,
        Enterprise::default(),
        date(2026, 3, 1),
    );
    let f = t.fill(&d);
    assert!(f.missing.contains(&"enterprise".to_string()));
    assert!(f.text.starts_with("【待定：企业名称】2026年度"));
    // Defaults declared in the template fill what the dossier lacks.
    assert!(f.text.contains("不低于计算基数150%的工资报酬"));
    assert!(!f.missing.contains(&"overtime_extended".to_string()));
}

#[test]
fn user_values_fill_template_specific_variables() {
    let t = Template::for_kind(ContractKind::Wage).unwrap();
    let mut extra = BTreeMap::new();
    extra.insert("copies".to_string(), "６".to_string());
    extra.insert("increase".to_string(), "9%".to_string());
    let f = t.fill_with(&dossier(ContractKind::Wage), &extra);
    assert!(f.text.contains("本合同一式六份"));
    // Agreed terms win over typed values.
    assert!(f.text.contains("增长6.5%"));
}

#[test]
fn hostile_values_are_neutralised() {
    let t = Template::for_kind(ContractKind::Wage).unwrap();
    let mut d = dossier(ContractKind::Wage);
    d.enterprise.name = "海川\u{1b}]0;pwned\u{7}机械\u{1b}[2J有限公司\u{202E}".into();
    d.terms.overtime_base = Some("基本工资\u{2066}\u{200B}\r\n第九十九条 伪造条款".into());
    d.terms.allowances.insert("津贴\u{1b}[31m".into(), 10_000);
    let f = t.fill(&d);
    assert!(f.text.starts_with("海川机械有限公司2026年度"));
    assert!(f.text.contains("计算基数为基本工资 第九十九条 伪造条款，"));
    for c in f.text.chars() {
        assert!(
            c == '\n' || !(c.is_control() || xieshang::text::is_forbidden(c)),
            "{c:?} left in the text"
        );
    }
    // A value can not start a clause of its own: the injected 第九十九条 stays inside a line.
    assert!(!f.text.lines().any(|l| l.starts_with("第九十九条")));
}

#[test]
fn a_hostile_template_is_sanitised_too() {
    let text = "---\nkind: wage\ntitle: 测试\nvariables:\n  enterprise: text\n---\n{{enterprise}}\u{1b}[31m工资\u{202E}协议\n\n第一条 本合同\u{200B}期限一年。\n";
    let t = Template::parse("x.md", text).unwrap();
    let f = t.fill(&dossier(ContractKind::Wage));
    assert_eq!(
        f.text,
        "大连海川机械制造有限公司工资协议\n\n第一条 本合同期限一年。\n"
    );
}

fn broken(text: &str) -> (usize, TemplateProblem, String) {
    let e = Template::parse("user/broken.md", text).unwrap_err();
    let zh = e.message(Lang::ZhCn);
    let en = e.message(Lang::En);
    assert!(
        zh.starts_with(&format!("user/broken.md 第 {} 行：", e.line)),
        "{zh}"
    );
    assert!(
        en.starts_with(&format!("user/broken.md, line {}: ", e.line)),
        "{en}"
    );
    assert!(!en.contains("template.error"), "untranslated: {en}");
    (e.line, e.problem, en)
}

const GOOD_HEAD: &str =
    "---\nkind: wage\ntitle: 工资协议\nvariables:\n  enterprise: text\n  increase: percent\n";

#[test]
fn error_missing_header() {
    let (line, p, _) = broken("工资协议\n\n第一条 本合同期限一年。\n");
    assert_eq!((line, p), (1, TemplateProblem::MissingHeader));
}

#[test]
fn error_unterminated_header() {
    let (line, p, _) = broken("---\nkind: wage\ntitle: 工资协议\n");
    assert_eq!((line, p), (4, TemplateProblem::UnterminatedHeader));
}

#[test]
fn error_unknown_type() {
    let text = format!("{GOOD_HEAD}  rate: float\n---\n{{{{enterprise}}}}\n");
    let (line, p, en) = broken(&text);
    assert_eq!(line, 7);
    assert_eq!(
        p,
        TemplateProblem::UnknownType {
            name: "rate".into(),
            ty: "float".into()
        }
    );
    assert!(en.contains("percent, money"), "{en}");
}

#[test]
fn error_undeclared_variable() {
    let text =
        format!("{GOOD_HEAD}---\n{{{{enterprise}}}}工资协议\n\n第一条 工资增长{{{{increse}}}}。\n");
    let (line, p, en) = broken(&text);
    assert_eq!(
        (line, p),
        (10, TemplateProblem::Undeclared("increse".into()))
    );
    assert!(en.contains("{{increse}}"), "{en}");
}

#[test]
fn error_unclosed_braces() {
    let text =
        format!("{GOOD_HEAD}---\n{{{{enterprise}}}}工资协议\n\n第一条 工资增长{{{{increase。\n");
    let (line, p, _) = broken(&text);
    assert_eq!((line, p), (10, TemplateProblem::Unclosed));
}

#[test]
fn error_unknown_content_item() {
    let text = format!(
        "{GOOD_HEAD}chapters:\n  总则: [term]\n  工资支付: [payment, pay_slip]\n---\n工资协议\n\n第一章 总则\n\n第一条 期限一年。\n\n第二章 工资支付\n\n第二条 每月支付。\n"
    );
    let (line, p, _) = broken(&text);
    assert_eq!(
        (line, p),
        (9, TemplateProblem::UnknownItem("pay_slip".into()))
    );
}

#[test]
fn error_chapter_not_in_text() {
    let text = format!(
        "{GOOD_HEAD}chapters:\n  总则: [term]\n  工资支付: [payment]\n---\n工资协议\n\n第一章 总则\n\n第一条 期限一年。\n"
    );
    let (line, p, _) = broken(&text);
    assert_eq!(
        (line, p),
        (9, TemplateProblem::ChapterNotInText("工资支付".into()))
    );
}

#[test]
fn error_missing_kind_and_unknown_kind() {
    let (line, p, _) = broken("---\ntitle: 工资协议\n---\n工资协议\n");
    assert_eq!((line, p), (3, TemplateProblem::MissingField("kind")));
    let (line, p, en) = broken("---\nkind: salary\ntitle: 工资协议\n---\n工资协议\n");
    assert_eq!(
        (line, p),
        (2, TemplateProblem::UnknownKind("salary".into()))
    );
    assert!(en.contains("wage, comprehensive, safety, women"), "{en}");
}

#[test]
fn error_bad_default_and_standard_type() {
    let text = format!("{GOOD_HEAD}  copies: count = 四\n---\n工资协议\n");
    let (line, p, _) = broken(&text);
    assert_eq!(
        (line, p),
        (
            7,
            TemplateProblem::BadDefault {
                name: "copies".into(),
                value: "四".into()
            }
        )
    );
    let text = "---\nkind: wage\ntitle: 工资协议\nvariables:\n  min_wage: percent\n---\n工资协议\n";
    let (line, p, _) = broken(text);
    assert_eq!(
        (line, p),
        (
            5,
            TemplateProblem::StandardType {
                name: "min_wage".into(),
                expected: VarType::Money
            }
        )
    );
}

#[test]
fn error_duplicate_variable_and_bad_lines() {
    let text = format!("{GOOD_HEAD}  enterprise: text\n---\n工资协议\n");
    let (line, p, _) = broken(&text);
    assert_eq!(
        (line, p),
        (7, TemplateProblem::DuplicateVariable("enterprise".into()))
    );
    let (line, p, _) = broken("---\nkind: wage\ntitle: 工资协议\nauthor: 某某\n---\n工资协议\n");
    assert_eq!(
        (line, p),
        (4, TemplateProblem::UnknownHeaderKey("author".into()))
    );
    let (line, p, _) = broken("---\nkind: wage\ntitle 工资协议\n---\n工资协议\n");
    assert_eq!(
        (line, p),
        (3, TemplateProblem::BadHeaderLine("title 工资协议".into()))
    );
    let (line, p, _) = broken("---\nkind: wage\ntitle: 工资协议\n---\n\n\n");
    assert_eq!((line, p), (7, TemplateProblem::MissingField("text")));
}

#[test]
fn user_templates_with_labels_and_comments() {
    let text = "---\n# 本单位自定的模板\nkind: wage\ntitle: 工资协议\nvariables:\n  enterprise: text   # 企业名称\n  shift: text | 轮班津贴标准\n---\n{{ enterprise }}工资协议\n\n第一条 轮班津贴{{shift}}。\n";
    let t = Template::parse("mine.md", text).unwrap();
    assert_eq!(t.variable("shift").unwrap().label, "轮班津贴标准");
    let f = t.fill(&dossier(ContractKind::Wage));
    assert_eq!(
        f.text,
        "大连海川机械制造有限公司工资协议\n\n第一条 轮班津贴【待定：轮班津贴标准】。\n"
    );
    assert_eq!(f.missing, ["shift"]);
}

// ---- content check ----

fn wage_contract() -> Contract {
    let t = Template::for_kind(ContractKind::Wage).unwrap();
    split(&t.fill(&dossier(ContractKind::Wage)).text)
}

#[test]
fn a_complete_wage_contract_passes() {
    let c = wage_contract();
    assert!(c.chapters.len() >= 10);
    let t = Template::for_kind(ContractKind::Wage).unwrap();
    assert!(content::check(ContractKind::Wage, &c, Some(&t), Lang::ZhCn).is_empty());
}

#[test]
fn a_wage_contract_without_payment_is_flagged() {
    let mut c = wage_contract();
    c.chapters
        .retain(|ch| ch.title.as_deref() != Some("工资支付"));
    let t = Template::for_kind(ContractKind::Wage).unwrap();
    for template in [Some(&t), None] {
        let f = content::check(ContractKind::Wage, &c, template, Lang::ZhCn);
        assert_eq!(f.len(), 1, "{f:?}");
        let f = &f[0];
        assert_eq!(f.rule, "CONTENT-ITEMS");
        assert_eq!(f.severity, Severity::Warning);
        assert_eq!(f.step, Step::Draft);
        assert_eq!(f.message, "工资专项集体合同未涵盖以下内容：工资支付办法");
        assert_eq!(f.citation, "《工资集体协商试行办法》第七条");
    }
    let f = content::check(ContractKind::Wage, &c, Some(&t), Lang::En);
    assert_eq!(
        f[0].message,
        "The wage agreement does not cover: method of payment"
    );
    assert_eq!(f[0].citation, "Wage Bargaining Measures, Art. 7");
}

#[test]
fn a_chapter_emptied_of_clauses_covers_nothing() {
    let mut c = wage_contract();
    for ch in &mut c.chapters {
        if ch.title.as_deref() == Some("违约责任和争议处理") {
            ch.clauses.clear();
        }
    }
    let t = Template::for_kind(ContractKind::Wage).unwrap();
    let f = content::check(ContractKind::Wage, &c, Some(&t), Lang::ZhCn);
    assert_eq!(f.len(), 1);
    assert!(
        f[0].message.contains("工资协议的违约责任"),
        "{}",
        f[0].message
    );
}

#[test]
fn an_imported_contract_without_chapters_is_judged_by_keywords() {
    let text = "某公司工资协议\n\n第一条 本协议期限为一年。\n\n第二条 企业实行岗位绩效工资制度，各岗位工资标准见附件。\n\n第三条 职工月平均工资增长8%。\n\n第四条 企业于每月10日前以货币形式支付工资。\n";
    let c = split(text);
    assert_eq!(c.chapters.len(), 1);
    let f = content::check(ContractKind::Wage, &c, None, Lang::ZhCn);
    assert_eq!(f.len(), 1);
    assert_eq!(
        f[0].message,
        "工资专项集体合同未涵盖以下内容：奖金、津贴、补贴等分配办法；变更、解除工资协议的程序；工资协议的终止条件；工资协议的违约责任"
    );
}

#[test]
fn a_comprehensive_contract_needs_its_own_chapters() {
    let t = Template::for_kind(ContractKind::Comprehensive).unwrap();
    let full = split(&t.fill(&dossier(ContractKind::Comprehensive)).text);
    assert!(content::check(ContractKind::Comprehensive, &full, Some(&t), Lang::ZhCn).is_empty());

    // Women's protection folded into another chapter as a clause: the item is covered, but the
    // independent chapter LN asks for is missing.
    let mut c = full.clone();
    let idx = c
        .chapters
        .iter()
        .position(|ch| ch.title.as_deref().is_some_and(|t| t.contains("女职工")))
        .unwrap();
    let women = c.chapters.remove(idx);
    c.chapters[idx - 1].clauses.extend(women.clauses);
    let f = content::check(ContractKind::Comprehensive, &c, Some(&t), Lang::ZhCn);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].rule, "CONTENT-CHAPTERS");
    assert_eq!(f[0].severity, Severity::Warning);
    assert_eq!(f[0].step, Step::Draft);
    assert_eq!(
        f[0].message,
        "综合集体合同应单独设立以下章节：女职工权益保护"
    );
    assert_eq!(f[0].citation, "辽工发〔2011〕57号");
    let en = content::check(ContractKind::Comprehensive, &c, Some(&t), Lang::En);
    assert!(
        en[0].message.contains("protection of women workers"),
        "{}",
        en[0].message
    );
    assert!(en[0].citation.contains("[2011] No. 57"));
}

#[test]
fn a_comprehensive_contract_without_either_chapter_or_item() {
    let t = Template::for_kind(ContractKind::Comprehensive).unwrap();
    let mut c = split(&t.fill(&dossier(ContractKind::Comprehensive)).text);
    c.chapters.retain(|ch| {
        ch.title
            .as_deref()
            .is_none_or(|t| !t.contains("女职工") && !t.contains("安全卫生"))
    });
    let f = content::check(ContractKind::Comprehensive, &c, Some(&t), Lang::ZhCn);
    let rules: Vec<&str> = f.iter().map(|f| f.rule).collect();
    assert_eq!(rules, ["CONTENT-ITEMS", "CONTENT-CHAPTERS"]);
    assert!(
        f[0].message.contains("女职工和未成年工特殊保护"),
        "{}",
        f[0].message
    );
    assert!(f[0].citation.contains("《集体合同规定》第八条"));
    assert!(f[1].message.contains("劳动安全卫生、女职工权益保护"));
}

#[test]
fn a_template_of_another_kind_is_not_used_for_the_check() {
    // Chapter titles of the wage template say nothing about a safety contract.
    let c = wage_contract();
    let t = Template::for_kind(ContractKind::Wage).unwrap();
    let f = content::check(ContractKind::Safety, &c, Some(&t), Lang::ZhCn);
    assert_eq!(f.len(), 1);
    assert!(f[0].message.contains("劳动安全卫生责任制"));
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn parsing_never_panics(body in any::<String>(), head in "[a-z:\\[\\] =|#{}\n-]{0,60}") {
            let _ = Template::parse("p.md", &body);
            let _ = Template::parse("p.md", &format!("---\n{head}\n---\n{body}"));
            let _ = Template::parse("p.md", &format!("{GOOD_HEAD}---\n{body}"));
        }

        #[test]
        fn typed_values_never_break_a_line(v in any::<String>()) {
            let t = Template::for_kind(ContractKind::Wage).unwrap();
            let plain = t.fill(&dossier(ContractKind::Wage)).text.lines().count();
            let mut extra = BTreeMap::new();
            extra.insert("wage_form".to_string(), v.clone());
            extra.insert("copies".to_string(), v);
            let f = t.fill_with(&dossier(ContractKind::Wage), &extra);
            prop_assert_eq!(f.text.lines().count(), plain);
            prop_assert!(!f.text.chars().any(|c| c != '\n' && xieshang::text::is_forbidden(c)));
        }
    }
}
