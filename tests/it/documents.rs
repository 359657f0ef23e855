//! The procedure's papers, exported by the real binary and read back as data: each DOCX
//! unzipped and its XML checked for every field (literal expected values), A4 and the East Asian
//! fonts; each PDF's text extracted with `pdftotext` and checked in reading order; blank forms
//! for a new dossier; hostile text escaped; snapshots of the extracted text.

use crate::common::Ws;
use crate::common::servers::need;
use std::io::Read;
use std::path::Path;
use std::process::Command;

const ID: &str = "2026-001";

fn demo() -> Ws {
    let ws = Ws::new();
    ws.ok(&["demo"]);
    ws
}

/// The named part of a DOCX file, as text.
pub(crate) fn part(docx: &Path, name: &str) -> String {
    let f = std::fs::File::open(docx).unwrap();
    let mut z = zip::ZipArchive::new(f).unwrap();
    let mut p = z.by_name(name).unwrap();
    let mut s = String::new();
    p.read_to_string(&mut s).unwrap();
    s
}

/// The text of `word/document.xml`, read with an XML parser: one line per paragraph, the cells
/// of a table row joined by ` | `.
pub(crate) fn docx_text(docx: &Path) -> String {
    use quick_xml::events::Event;
    let xml = part(docx, "word/document.xml");
    let mut r = quick_xml::Reader::from_str(&xml);
    let mut out = String::new();
    let mut para = String::new();
    let mut row: Vec<String> = Vec::new();
    let mut in_row = false;
    let mut in_t = false;
    loop {
        match r.read_event().unwrap() {
            Event::Start(e) if e.name().as_ref() == "w:t" => in_t = true,
            Event::End(e) if e.name().as_ref() == "w:t" => in_t = false,
            Event::Text(t) if in_t => para.push_str(&t.xml10_content()),
            Event::GeneralRef(g) if in_t => {
                let name = g.into_inner().into_owned();
                para.push_str(match name.as_str() {
                    "lt" => "<",
                    "gt" => ">",
                    "amp" => "&",
                    "quot" => "\"",
                    "apos" => "'",
                    other => panic!("unexpected entity {other}"),
                });
            }
            Event::Start(e) if e.name().as_ref() == "w:tr" => in_row = true,
            Event::End(e) if e.name().as_ref() == "w:tr" => {
                in_row = false;
                out.push_str(&row.join(" | "));
                out.push('\n');
                row.clear();
            }
            Event::End(e) if e.name().as_ref() == "w:p" => {
                let p = std::mem::take(&mut para);
                if in_row {
                    row.push(p);
                } else if !p.is_empty() {
                    out.push_str(&p);
                    out.push('\n');
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

pub(crate) fn export(ws: &Ws, args: &[&str]) -> std::path::PathBuf {
    let out = ws
        .dir
        .path()
        .join(format!("{}.out", args.join("-").replace('/', "_")));
    let mut a = vec!["export"];
    a.extend_from_slice(args);
    let o = out.to_str().unwrap().to_string();
    a.extend(["--out", &o]);
    ws.ok(&a);
    out
}

/// Asserts that `needles` occur in `hay` in this order.
pub(crate) fn in_order(hay: &str, needles: &[&str]) {
    let mut at = 0;
    for n in needles {
        match hay[at..].find(n) {
            Some(i) => at += i + n.len(),
            None => panic!("{n:?} not found after byte {at} in:\n{hay}"),
        }
    }
}

const OFFER: &[&str] = &[
    "工资集体协商要约书",
    "大连华信精密机械有限公司：",
    "大连华信精密机械有限公司工会委员会现向你方提出就2026年度工资专项集体合同进行协商的要约",
    "一、协商议题：职工平均工资增长幅度，企业最低工资标准，加班工资计算基数，高温津贴。",
    "职工方王秀兰；企业方陈国栋",
    "王秀兰",
    "工会主席",
    "首席代表",
    "郑伟",
    "法务专员",
    "大连华信精密机械有限公司工会委员会（盖章）",
    "2026年3月2日",
    "本要约书于2026年3月3日送达。",
];

const REPLY: &[&str] = &[
    "工资集体协商要约回应书",
    "大连华信精密机械有限公司工会委员会：",
    "你方于2026年3月2日发出、我方于2026年3月3日收到",
    "我方同意就上述议题进行工资集体协商。",
    "我方首席协商代表为陈国栋。",
    "大连华信精密机械有限公司（盖章）",
    "2026年3月13日",
];

const MINUTES_3: &[&str] = &[
    "工资集体协商会议记录",
    "（第3次协商会议）",
    "2026年4月22日",
    "公司行政楼三楼会议室",
    "职工方",
    "马晓雯",
    "一、出席人员",
    "王秀兰",
    "二、协商议题及双方意见",
    "平均工资增长",
    "6.5%",
    "达成一致（6.5%）",
    "企业最低工资",
    "2,300元",
    "达成一致（2,300元）",
    "四、会议结果",
    "记录人（签字）",
];

const RESOLUTION: &[&str] = &[
    "大连华信精密机械有限公司职工代表大会决议",
    "（2026年5月20日通过）",
    "审议了《大连华信精密机械有限公司2026年度工资专项集体合同》（草案）",
    "应到会120人，实到会104人，到会率86.67%",
    "赞成97票，反对3票，弃权4票，赞成票占应到会人数的80.83%",
    "应到人数",
    "120",
    "104",
    "97",
    "通过该合同草案",
    "附件：职工代表签到表",
    "工会主席（签字）：王秀兰",
    "大连华信精密机械有限公司职工代表大会（盖章）",
    "2026年5月20日",
];

const CONTRACT: &[&str] = &[
    "大连华信精密机械有限公司2026年度工资专项集体合同",
    "甲方：大连华信精密机械有限公司",
    "乙方：大连华信精密机械有限公司工会委员会",
    "签订日期：2026年5月22日",
    "第一章 总则",
    "第一条",
    "覆盖职工420人",
    "6.5%",
    "2300",
    "劳务派遣工",
    "（盖章）",
    "首席代表（签字）：陈国栋",
    "首席代表（签字）：王秀兰",
    "日期：2026年5月22日",
];

const OPINION: &[&str] = &[
    "上级工会审查意见书",
    "大连华信精密机械有限公司工会委员会：",
    "你单位于2026年4月27日报送的《大连华信精密机械有限公司2026年度工资专项集体合同》（草案）",
    "已于2026年4月28日收到",
    "第三条",
    "建议明确工资增长的计发时间。",
    "审查结论：同意提交职工代表大会审议。",
    "审查人：【待填：审查人】",
    "2026年5月8日",
];

const NOTE: &[&str] = &[
    "关于《大连华信精密机械有限公司2026年度工资专项集体合同》协商情况的说明",
    "王秀兰（工会主席）",
    "陈国栋（总经理）",
    "于2026年3月2日提出协商要约，对方于2026年3月13日书面回应",
    "双方自2026年3月25日至2026年4月22日共进行了3次协商会议",
    "第1次",
    "第3次",
    "平均工资增长",
    "8%",
    "3%",
    "达成一致（6.5%）",
    "四、工资调整及测算",
    // A year: the increase 187,005 × 12 = 2,244,060 and the heat allowance (63,000) for its 4
    // months, 252,000.
    "上年度职工月平均工资6,850元，本合同涉及职工420人，本年度职工平均工资增长6.5%。按双方约定事项测算，企业每月增加工资支出250,005元，全年增加2,496,060元。",
    "工资增长幅度【待填：工资增幅与工资指导线比较】；同期居民消费价格指数上涨1.8%，扣除价格因素后职工实际工资增长约4.7%；",
    "同期企业劳动生产率提高7.2%，工资增长低于劳动生产率增长0.7个百分点。工资增长未达到规划提出的年均增长10%的目标。",
    "合同草案于2026年5月20日经职工代表大会审议通过，双方首席代表于2026年5月22日签字。",
    "本合同为企业首次签订的同类集体合同，无上期合同。",
];

const FILING: &[&str] = &[
    "集体合同报送备案材料清单",
    "报送单位：大连华信精密机械有限公司",
    "报送日期：2026年5月27日",
    "集体合同文本",
    "已附",
    "双方首席代表签字的协商会议记录",
    "集体合同登记表",
    "91210200MA0XH5QK3A",
    "工资专项集体合同",
    "1年（2026年7月1日至2027年6月30日）",
    "420人",
    "6,850元",
    "6.5%",
    "2,300元",
    "应到120人，实到104人，赞成97票，反对3票，弃权4票",
    "2026年5月20日",
    "2026年5月22日",
    "2026年5月27日",
    "受理日期：2026年5月28日",
    "登记编号：大人社集备〔2026〕0417号",
];

fn expected() -> Vec<(&'static str, &'static [&'static str])> {
    vec![
        ("offer", OFFER),
        ("reply", REPLY),
        ("minutes-3", MINUTES_3),
        ("resolution", RESOLUTION),
        ("contract", CONTRACT),
        ("opinion", OPINION),
        ("note", NOTE),
        ("filing", FILING),
    ]
}

#[test]
fn every_demo_paper_as_docx_has_every_field_on_a4_with_east_asian_fonts() {
    let ws = demo();
    let dir = export(&ws, &[ID, "--all"]);
    let names: Vec<String> = {
        let mut v: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        v.sort();
        v
    };
    assert_eq!(
        names,
        [
            "contract.docx",
            "filing.docx",
            "minutes-1.docx",
            "minutes-2.docx",
            "minutes-3.docx",
            "note.docx",
            "offer.docx",
            "opinion.docx",
            "reply.docx",
            "resolution.docx"
        ]
    );
    for (stem, fields) in expected() {
        let f = dir.join(format!("{stem}.docx"));
        let text = docx_text(&f);
        in_order(&text, fields);
        let doc = part(&f, "word/document.xml");
        assert!(
            doc.contains(r#"<w:pgSz w:w="11906" w:h="16838"/>"#),
            "{stem}: A4"
        );
        assert!(
            doc.contains(r#"w:eastAsia="仿宋_GB2312""#),
            "{stem}: body font"
        );
        assert!(
            doc.contains(r#"w:eastAsia="方正小标宋简体""#),
            "{stem}: title font"
        );
        assert!(doc.contains(r#"<w:sz w:val="44"/>"#), "{stem}: title 二号");
        assert!(doc.contains(r#"<w:sz w:val="32"/>"#), "{stem}: body 三号");
        assert!(
            doc.contains(
                r#"<w:docGrid w:type="linesAndChars" w:linePitch="579" w:charSpace="-849"/>"#
            ),
            "{stem}: 22 lines of 28 characters a page"
        );
        let fonts = part(&f, "word/fontTable.xml");
        assert!(fonts.contains(r#"<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>"#));
        assert!(fonts.contains(r#"<w:font w:name="仿宋"><w:altName w:val="FangSong"/>"#));
        assert!(fonts.contains(r#"<w:altName w:val="Noto Serif CJK SC"/>"#));
        let odd = part(&f, "word/footer1.xml");
        assert!(odd.contains("— ") && odd.contains(" PAGE ") && odd.contains(" —"));
        assert!(odd.contains(r#"<w:jc w:val="right"/>"#));
        assert!(part(&f, "word/footer2.xml").contains(r#"<w:jc w:val="left"/>"#));
    }
    // The tables have borders.
    let minutes = part(&dir.join("minutes-3.docx"), "word/document.xml");
    assert!(minutes.contains(r#"<w:insideV w:val="single""#));
    // The agreement's footer carries its seal.
    let show = ws.show(ID);
    let seal = show["seal"]["text_sha256"].as_str().unwrap().to_string();
    assert_eq!(seal.len(), 64);
    let footer = part(&dir.join("contract.docx"), "word/footer1.xml");
    assert!(
        footer.contains(&format!("合同文本校验值（SHA-256）：{seal}")),
        "{footer}"
    );
}

#[test]
fn the_extracted_text_of_the_demo_papers_is_stable() {
    let ws = demo();
    let dir = export(&ws, &[ID, "--all"]);
    for stem in ["offer", "minutes-2", "resolution", "opinion", "filing"] {
        let text = docx_text(&dir.join(format!("{stem}.docx")));
        insta::assert_snapshot!(format!("documents_docx_{}", stem.replace('-', "_")), text);
    }
}

pub(crate) fn pdftotext(pdf: &Path) -> String {
    let o = Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).unwrap()
}

/// Text as pdftotext gives it, with line breaks and spaces removed (a line breaks anywhere).
pub(crate) fn joined(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn every_demo_paper_as_pdf_reads_back_in_order_with_the_font_embedded() {
    if !need(&["pdftotext", "pdffonts"]) {
        return;
    }
    let ws = demo();
    let dir = export(&ws, &[ID, "--all", "--format", "pdf"]);
    for (stem, fields) in expected() {
        let f = dir.join(format!("{stem}.pdf"));
        let text = joined(&pdftotext(&f));
        let fields: Vec<String> = fields.iter().map(|s| joined(s)).collect();
        let refs: Vec<&str> = fields.iter().map(String::as_str).collect();
        in_order(&text, &refs);
        assert!(text.contains("—1—"), "{stem}: page number");
        let fonts = Command::new("pdffonts").arg(&f).output().unwrap();
        let fonts = String::from_utf8(fonts.stdout).unwrap();
        // Embedded, subset, with a ToUnicode map: "yes yes yes".
        assert!(
            fonts.contains("CID TrueType") && fonts.contains("yes yes yes"),
            "{fonts}"
        );
    }
    let contract = pdftotext(&dir.join("contract.pdf"));
    let seal = ws.show(ID)["seal"]["text_sha256"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(contract.contains(&seal), "the seal in the footer");
    insta::assert_snapshot!("documents_pdf_offer", pdftotext(&dir.join("offer.pdf")));
}

#[test]
fn the_embedded_font_is_used_when_asked_and_only_its_used_glyphs_go_in() {
    if !need(&["pdftotext"]) {
        return;
    }
    let ws = demo();
    let out = ws.dir.path().join("reply.pdf");
    let o = ws
        .command("zh-CN", "2026-03-20")
        .args(["export", ID, "reply", "--format", "pdf", "--out"])
        .arg(&out)
        .env("XIESHANG_PDF_FONT", "embedded")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let size = std::fs::metadata(&out).unwrap().len();
    // The compiled-in font is 3 MB; a one-page reply uses a few hundred glyphs of it.
    assert!(size < 150_000, "{size} bytes");
    in_order(
        &joined(&pdftotext(&out)),
        &["工资集体协商要约回应书", "2026年3月13日"],
    );
}

#[test]
fn a_new_dossier_prints_blank_forms_and_names_the_blanks() {
    let ws = Ws::new();
    let id = ws.new_dossier_of("wage");
    let out = ws.dir.path().join("offer.docx");
    let o = ws.run_lang(
        "zh-CN",
        &["export", &id, "offer", "--out", out.to_str().unwrap()],
    );
    assert!(o.status.success());
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(
        err.contains("要约书：以下事实尚未记录，已留空待填：被要约方、要约方、协商议题"),
        "{err}"
    );
    let text = docx_text(&out);
    in_order(
        &text,
        &[
            "工资集体协商要约书",
            "【待填：被要约方】：",
            "【待填：要约方】现向你方提出就2026年度工资专项集体合同进行协商的要约",
            "【待填：协商议题】",
            "【待填：要约日期】",
        ],
    );
    // Every paper, as both formats, as a blank form.
    let dir = export(&ws, &[&id, "--all"]);
    assert!(dir.join("minutes-1.docx").is_file());
    let minutes = docx_text(&dir.join("minutes-1.docx"));
    in_order(
        &minutes,
        &[
            "（第1次协商会议）",
            "【待填：会议时间】",
            "议题 | 职工方意见",
        ],
    );
    let filing = docx_text(&dir.join("filing.docx"));
    in_order(
        &filing,
        &[
            "【待填：报送日期】",
            "集体合同登记表",
            "大连测试机械有限公司",
        ],
    );
    let contract = docx_text(&dir.join("contract.docx"));
    assert!(contract.contains("【待填：签订日期】"));
    if need(&["pdftotext"]) {
        let pdfs = export(&ws, &[&id, "--all", "--format", "pdf"]);
        let t = joined(&pdftotext(&pdfs.join("resolution.pdf")));
        assert!(t.contains("【待填：职代会审议日期】"), "{t}");
    }
}

#[test]
fn hostile_text_comes_out_escaped_and_harmless() {
    let ws = Ws::new();
    let id = ws.new_dossier_of("wage");
    // Straight into the record, as a dossier arriving from elsewhere could hold it.
    let path = ws.dossier_dir(&id).join("dossier.json");
    let mut d: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    d["enterprise"]["name"] = "甲<b>&amp;\u{202E}乙\u{7}\u{1b}[31m丙\"'".into();
    std::fs::write(&path, serde_json::to_string_pretty(&d).unwrap()).unwrap();
    crate::common::git(&ws.dossier_dir(&id), &["commit", "-qam", "hand edit"]);
    let out = export(&ws, &[&id, "filing"]);
    let xml = part(&out, "word/document.xml");
    assert!(
        xml.contains("甲&lt;b&gt;&amp;amp;乙丙&quot;&apos;"),
        "{xml}"
    );
    assert!(!xml.contains('\u{202E}') && !xml.contains('\u{7}') && !xml.contains('\u{1b}'));
    // It parses as XML and reads back as the text without the controls.
    let text = docx_text(&out);
    assert!(text.contains("报送单位：甲<b>&amp;乙丙\"'\n"), "{text}");
    if need(&["pdftotext"]) {
        let pdf = export(&ws, &[&id, "filing", "--format", "pdf"]);
        let t = pdftotext(&pdf);
        assert!(t.contains("甲<b>&amp;乙丙"), "{t}");
        assert!(!t.contains('\u{202E}'));
    }
}

#[test]
fn bad_requests_are_refused_and_write_nothing() {
    let ws = demo();
    let o = ws.run(&["export", ID, "memo"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("\"memo\" is not a document"));
    let o = ws.run(&["export", ID, "offer", "--format", "odt"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--format: \"odt\""));
    let o = ws.run(&["export", ID, "offer", "--round", "2"]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("--round applies to the minutes only"));
    // Never into a dossier's repository.
    let inside = ws.dossier_dir(ID).join("offer.docx");
    let o = ws.run(&["export", ID, "offer", "--out", inside.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("never written into a dossier"));
    assert!(!inside.exists());
    // Into a folder that is not there.
    let missing = ws.dir.path().join("nope").join("offer.docx");
    let o = ws.run(&["export", ID, "offer", "--out", missing.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!missing.exists());
    // The default place.
    let out = ws.ok(&["export", ID, "minutes", "--round", "2"]);
    assert!(out.contains("exports"), "{out}");
    assert!(
        ws.root()
            .join("exports")
            .join(ID)
            .join("minutes-2.docx")
            .is_file()
    );
}

#[test]
fn a_unions_own_template_is_used_and_a_broken_one_is_named() {
    let ws = demo();
    std::fs::create_dir_all(ws.root().join("templates")).unwrap();
    std::fs::write(
        ws.root().join("templates/doc-reply.md"),
        "---\ndocument: reply\ntitle: 回应书\nvariables:\n  reply_date: date\n---\n# 本会回应书\n\n回应于{{reply_date}}。\n",
    )
    .unwrap();
    let out = export(&ws, &[ID, "reply"]);
    assert_eq!(docx_text(&out), "本会回应书\n回应于2026年3月13日。\n");
    std::fs::write(
        ws.root().join("templates/doc-reply.md"),
        "---\ndocument: reply\nvariables:\n  reply_date: money\n---\n# {{reply_date}}\n",
    )
    .unwrap();
    let o = ws.run(&["export", ID, "reply"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("doc-reply.md, line 4: variable reply_date is date, not money"),
        "{err}"
    );
}

/// The Dossier screen's `p` on a real workspace: the worker builds the step's papers, the
/// question names their blanks, `y` writes them as DOCX and PDF and the flash says where.
#[test]
fn the_dossier_screen_exports_the_papers_of_the_selected_step() {
    use xieshang::app::keymap::Key;
    use xieshang::app::{Action, App, Effect, Event, Screen, update};
    use xieshang::i18n::Lang;
    use xieshang::ui::store_services::StoreServices;
    use xieshang::ui::worker::Services;

    let ws = demo();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 5, 10).unwrap();
    let mut s = StoreServices::new(ws.root(), Lang::ZhCn, today);
    let mut app = App::new(Lang::ZhCn, today);
    let Some(Event::Opened(l)) = s.handle(Effect::OpenDossier(ID.into())) else {
        panic!("not opened")
    };
    let _ = update(&mut app, Action::Worker(Event::Opened(l)));
    app.screen = Screen::Dossier;
    // The pre-review step (the sixth): the agreement and the opinion.
    app.dossier.step = 5;
    let fx = update(&mut app, Action::Key(Key::Char('p')));
    let [Effect::PrepareExport { id, kinds }] = fx.as_slice() else {
        panic!("{fx:?}")
    };
    assert_eq!(id, ID);
    let ev = s
        .handle(Effect::PrepareExport {
            id: id.clone(),
            kinds: kinds.clone(),
        })
        .unwrap();
    let _ = update(&mut app, Action::Worker(ev));
    let screen = crate::ui_support::render(&app, 100, 30);
    assert!(screen.contains("导出以下文书（DOCX 和 PDF）？"), "{screen}");
    assert!(screen.contains("合同文本：事实齐全"), "{screen}");
    assert!(screen.contains("上级工会审查意见书：待填"), "{screen}");
    assert!(screen.contains("待填 审查人、审查单位"), "{screen}");
    let fx = update(&mut app, Action::Key(Key::Char('y')));
    let [effect @ Effect::Export { .. }] = fx.as_slice() else {
        panic!("{fx:?}")
    };
    let ev = s.handle(effect.clone()).unwrap();
    let Event::Exchanged { message, .. } = &ev else {
        panic!("{ev:?}")
    };
    assert!(
        message.starts_with("已导出 2 份文书（DOCX 和 PDF）到 "),
        "{message}"
    );
    let dir = ws.root().join("exports").join(ID);
    for f in [
        "contract.docx",
        "contract.pdf",
        "opinion.docx",
        "opinion.pdf",
    ] {
        assert!(dir.join(f).is_file(), "{f}");
    }
}
