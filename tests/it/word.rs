//! Word files as people exchange them: a .docx made here from XML (automatic Chinese clause
//! numbering through list styles, a parties table, a table inside a clause, a signature table,
//! tracked changes by two authors, numbering turned on and off as a tracked change, a table
//! inside a table cell, headers, footers, comments and footnotes that must stay out), the
//! agreement exported as DOCX read back, GBK text, .doc/.wps/.odt through a stand-in `soffice`
//! that checks how it is called, and the bad files — each refused within a second with nothing
//! saved.

use crate::common::{Ws, git};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};
use zip::write::SimpleFileOptions;

const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

fn numbering() -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering {W}>
  <w:abstractNum w:abstractNumId="7">
    <w:multiLevelType w:val="multilevel"/>
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:pStyle w:val="ZhangTitle"/><w:lvlText w:val="第%1章"/><w:lvlJc w:val="center"/><w:suff w:val="space"/></w:lvl>
    <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCountingThousand"/><w:lvlRestart w:val="0"/><w:pStyle w:val="TiaoText"/><w:lvlText w:val="第%2条"/><w:suff w:val="space"/></w:lvl>
    <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:pStyle w:val="XiangText"/><w:lvlText w:val="（%3）"/><w:suff w:val="nothing"/></w:lvl>
  </w:abstractNum>
  <w:num w:numId="3"><w:abstractNumId w:val="7"/></w:num>
</w:numbering>"#
    )
}

fn styles() -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles {W}>
  <w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style>
  <w:style w:type="paragraph" w:styleId="ZhangTitle"><w:name w:val="合同章标题"/><w:basedOn w:val="a"/><w:pPr><w:numPr><w:numId w:val="3"/></w:numPr><w:jc w:val="center"/></w:pPr></w:style>
  <w:style w:type="paragraph" w:styleId="TiaoText"><w:name w:val="合同条"/><w:basedOn w:val="a"/><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="3"/></w:numPr></w:pPr></w:style>
  <w:style w:type="paragraph" w:styleId="TiaoText2"><w:name w:val="合同条（加粗）"/><w:basedOn w:val="TiaoText"/></w:style>
  <w:style w:type="paragraph" w:styleId="XiangText"><w:name w:val="合同项"/><w:basedOn w:val="a"/><w:pPr><w:numPr><w:ilvl w:val="2"/><w:numId w:val="3"/></w:numPr></w:pPr></w:style>
</w:styles>"#
    )
}

fn run(text: &str) -> String {
    format!("<w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r>")
}

pub(crate) fn para(style: Option<&str>, inner: &str) -> String {
    let ppr = style.map_or(String::new(), |s| {
        format!("<w:pPr><w:pStyle w:val=\"{s}\"/></w:pPr>")
    });
    format!("<w:p>{ppr}{inner}</w:p>")
}

pub(crate) fn p(style: Option<&str>, text: &str) -> String {
    para(style, &run(text))
}

fn ins(author: &str, text: &str) -> String {
    format!(
        "<w:ins w:id=\"1\" w:author=\"{author}\" w:date=\"2026-03-02T10:00:00Z\">{}</w:ins>",
        run(text)
    )
}

fn del(author: &str, text: &str) -> String {
    format!(
        "<w:del w:id=\"2\" w:author=\"{author}\" w:date=\"2026-03-02T10:00:00Z\"><w:r><w:delText xml:space=\"preserve\">{text}</w:delText></w:r></w:del>"
    )
}

fn table(rows: &[&[&str]]) -> String {
    let mut t = String::from("<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/></w:tblPr>");
    for r in rows {
        t.push_str("<w:tr>");
        for c in *r {
            t.push_str(&format!("<w:tc><w:tcPr/>{}</w:tc>", p(None, c)));
        }
        t.push_str("</w:tr>");
    }
    t.push_str("</w:tbl>");
    t
}

pub(crate) const LAWYER: &str = "企业法律顾问王某";
pub(crate) const UNION: &str = "工会主席李某";

/// The body of the wage agreement draft the employer's lawyer sends back with revisions.
pub(crate) fn body() -> String {
    let zhang = Some("ZhangTitle");
    let tiao = Some("TiaoText");
    let xiang = Some("XiangText");
    [
        p(None, "大连某某机械有限公司2026年度工资专项集体合同"),
        table(&[
            &["甲方（企业）", "大连某某机械有限公司"],
            &["乙方（职工方）", "大连某某机械有限公司工会"],
        ]),
        p(zhang, "总则"),
        // A footnote reference and a comment: their text lives in parts never read.
        para(
            tiao,
            &format!(
                "{}<w:commentRangeStart w:id=\"0\"/>{}<w:commentRangeEnd w:id=\"0\"/><w:r><w:footnoteReference w:id=\"1\"/></w:r>{}",
                run("为建立正常的工资增长机制，根据《中华人民共和国劳动法》"),
                run("和《辽宁省企业工资集体协商条例》"),
                run("，订立本合同。")
            ),
        ),
        p(Some("TiaoText2"), "本合同适用于企业全体职工。"),
        p(zhang, "职工工资水平"),
        para(
            tiao,
            &format!(
                "{}{}{}{}",
                run("2026年度职工月平均工资增长"),
                del(LAWYER, "8%"),
                ins(LAWYER, "5%"),
                run("。")
            ),
        ),
        p(tiao, "职工工资按下表标准执行："),
        table(&[&["岗位", "月标准工资"], &["一线操作工", "4800元"]]),
        p(xiang, "企业最低工资标准不低于2100元；"),
        para(
            xiang,
            &format!(
                "{}{}",
                run("高温津贴按规定发放"),
                ins(UNION, "，每人每月不低于300元")
            ),
        ),
        p(zhang, "附则"),
        para(
            tiao,
            &format!(
                "{}{}",
                run("本合同一式四份，自双方签字之日起生效"),
                del(UNION, "，有效期一年")
            ),
        ),
        // The signature table: a row is one line of back matter, not a line per cell.
        table(&[
            &["甲方（盖章）：大连某某机械有限公司", "乙方（盖章）：大连某某机械有限公司工会"],
            &["首席代表（签字）：张某某", "首席代表（签字）：李某某"],
            &["日期：2026年3月20日", "日期：2026年3月20日"],
        ]),
    ]
    .concat()
}

pub(crate) fn document(body: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document {W}><w:body>{body}<w:sectPr><w:headerReference w:type="default" r:id="rId8" xmlns:r="r"/></w:sectPr></w:body></w:document>"#
    )
}

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, data) in entries {
        w.start_file(*name, SimpleFileOptions::default()).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// A .docx of `document.xml` with the numbering and styles above and the parts that must stay
/// out: header, footer, comments, footnotes.
pub(crate) fn docx(document: &str) -> Vec<u8> {
    let other = |tag: &str, text: &str| {
        format!("<w:{tag} {W}><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:{tag}>")
    };
    zip_of(&[
        (
            "[Content_Types].xml",
            br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#,
        ),
        ("_rels/.rels", b"<Relationships/>"),
        ("word/document.xml", document.as_bytes()),
        ("word/numbering.xml", numbering().as_bytes()),
        ("word/styles.xml", styles().as_bytes()),
        ("word/header1.xml", other("hdr", "页眉：商业秘密").as_bytes()),
        ("word/footer1.xml", other("ftr", "第1页 共3页").as_bytes()),
        ("word/comments.xml", other("comments", "批注：此处需再议").as_bytes()),
        ("word/footnotes.xml", other("footnotes", "脚注：2023年修正").as_bytes()),
    ])
}

/// The draft as imported, tracked changes accepted, in canonical form.
const ACCEPTED: &str = "大连某某机械有限公司2026年度工资专项集体合同

甲方（企业）\u{3000}大连某某机械有限公司
乙方（职工方）\u{3000}大连某某机械有限公司工会

第一章 总则

第一条 为建立正常的工资增长机制，根据《中华人民共和国劳动法》和《辽宁省企业工资集体协商条例》，订立本合同。

第二条 本合同适用于企业全体职工。

第二章 职工工资水平

第三条 2026年度职工月平均工资增长5%。

第四条 职工工资按下表标准执行：
岗位\u{3000}月标准工资
一线操作工\u{3000}4800元
（一）企业最低工资标准不低于2100元；
（二）高温津贴按规定发放，每人每月不低于300元

第三章 附则

第五条 本合同一式四份，自双方签字之日起生效

甲方（盖章）：大连某某机械有限公司\u{3000}乙方（盖章）：大连某某机械有限公司工会
首席代表（签字）：张某某\u{3000}首席代表（签字）：李某某
日期：2026年3月20日\u{3000}日期：2026年3月20日
";

/// The xieshang binary with `envs` set (and the harness's isolation).
fn run_env(ws: &Ws, envs: &[(&str, &std::ffi::OsStr)], args: &[&str]) -> Output {
    run_env_lang(ws, "zh-CN", envs, args)
}

fn run_env_lang(ws: &Ws, lang: &str, envs: &[(&str, &std::ffi::OsStr)], args: &[&str]) -> Output {
    let mut c = ws.command(lang, "2026-03-20");
    c.args(args)
        .env_remove("XIESHANG_SOFFICE")
        .env_remove("XIESHANG_SOFFICE_TIMEOUT");
    for (k, v) in envs {
        c.env(k, v);
    }
    c.output().unwrap()
}

fn write(ws: &Ws, name: &str, bytes: &[u8]) -> PathBuf {
    let p = ws.dir.path().join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// `draft ID --from FILE --tracked both`.
fn draft_tracked_both(ws: &Ws, id: &str, file: &Path) -> Output {
    run_env(
        ws,
        &[],
        &[
            "draft",
            id,
            "--from",
            file.to_str().unwrap(),
            "--tracked",
            "both",
        ],
    )
}

/// A `--tracked both` import that succeeded: two commits, and the hint naming the pair to diff.
fn assert_two_versions(ws: &Ws, id: &str, o: &Output, before: usize) {
    assert!(o.status.success(), "{}", stderr(o));
    assert!(
        stderr(o).contains(&format!("xieshang diff {id} HEAD~1 HEAD")),
        "{}",
        stderr(o)
    );
    assert_eq!(commits(ws, id), before + 2);
}

fn commits(ws: &Ws, id: &str) -> usize {
    git(&ws.dossier_dir(id), &["rev-list", "--count", "HEAD"])
        .trim()
        .parse()
        .unwrap()
}

#[test]
fn a_word_draft_imports_with_its_automatic_numbering_tables_and_revisions_accepted() {
    let ws = Ws::new();
    let id = ws.new_dossier_of("wage");
    let f = write(
        &ws,
        "合同草案（企业修订稿）.docx",
        &docx(&document(&body())),
    );
    let o = run_env(&ws, &[], &["draft", &id, "--from", f.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("共 5 条"), "{out}");
    let err = stderr(&o);
    assert!(
        err.contains(&format!("{LAWYER} 的修订：插入 1 处，删除 1 处")),
        "{err}"
    );
    assert!(
        err.contains(&format!("{UNION} 的修订：插入 1 处，删除 1 处")),
        "{err}"
    );
    assert!(err.contains("--tracked both"), "{err}");
    let text = ws.ok(&["draft", &id, "--show"]);
    assert_accepted(&text);
    for absent in ["页眉", "第1页", "批注", "脚注", "8%", "有效期一年"] {
        assert!(!text.contains(absent), "{absent} in {text}");
    }
}

#[test]
fn tracked_both_records_the_text_before_and_after_and_diff_shows_the_proposal_per_clause() {
    let ws = Ws::new();
    let id = ws.new_dossier_of("wage");
    let f = write(&ws, "draft.docx", &docx(&document(&body())));
    let before = commits(&ws, &id);
    let o = draft_tracked_both(&ws, &id, &f);
    assert_two_versions(&ws, &id, &o, before);
    assert_accepted(&ws.ok(&["draft", &id, "--show"]));
    let old = git(&ws.dossier_dir(&id), &["show", "HEAD~1:contract.md"]);
    assert!(
        old.contains("第三条 2026年度职工月平均工资增长8%。"),
        "{old}"
    );
    assert!(old.contains("（二）高温津贴按规定发放\n"), "{old}");
    assert!(old.contains("自双方签字之日起生效，有效期一年\n"), "{old}");
    let json = ws.ok(&["diff", &id, "HEAD~1", "HEAD", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["summary"]["modified"], 3, "{json}");
    assert_eq!(v["summary"]["unchanged"], 2, "{json}");
    assert!(json.contains("，每人每月不低于300元"), "{json}");
    assert!(json.contains("，有效期一年"), "{json}");
    // Per clause: the three clauses the revisions touched, and no other.
    let text = ws.ok(&["diff", &id, "HEAD~1", "HEAD"]);
    for label in ["第三条", "第四条", "第五条"] {
        assert!(text.contains(label), "{label}: {text}");
    }
    for label in ["第一条", "第二条"] {
        assert!(!text.contains(label), "{label}: {text}");
    }
    // Without tracked changes, `both` records one version.
    let id2 = ws.new_dossier_of("wage");
    let plain = write(
        &ws,
        "plain.docx",
        &docx(&document(
            &[p(None, "合同"), p(Some("TiaoText"), "甲。")].concat(),
        )),
    );
    let n = commits(&ws, &id2);
    let o = draft_tracked_both(&ws, &id2, &plain);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(commits(&ws, &id2), n + 1);
    assert_eq!(ws.ok(&["draft", &id2, "--show"]), "合同\n\n第一条 甲。\n");
    let o = run_env(
        &ws,
        &[],
        &[
            "draft",
            &id2,
            "--from",
            plain.to_str().unwrap(),
            "--tracked",
            "some",
            "--force",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("`accept`、`both`"), "{}", stderr(&o));
}

#[test]
fn a_gbk_text_draft_is_read() {
    let ws = Ws::new();
    let id = ws.new_dossier_of("wage");
    let text = "某某公司工资专项集体合同\r\n\r\n第一条 职工月平均工资增长5%。\r\n第二条 企业每月15日支付工资。\r\n";
    let (gbk, _, lossy) = encoding_rs::GBK.encode(text);
    assert!(!lossy);
    let f = write(&ws, "记事本.txt", &gbk);
    let o = run_env(&ws, &[], &["draft", &id, "--from", f.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        ws.ok(&["draft", &id, "--show"]),
        "某某公司工资专项集体合同\n\n第一条 职工月平均工资增长5%。\n\n第二条 企业每月15日支付工资。\n"
    );
    // Bytes that are neither UTF-8 nor GB18030 are refused with where.
    let f = write(&ws, "bad.txt", b"\xd6\xd0\xff\xff\n");
    let o = run_env(
        &ws,
        &[],
        &["draft", &id, "--from", f.to_str().unwrap(), "--force"],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("GBK/GB18030"), "{}", stderr(&o));
}

/// Runs `draft --from` on a bad file: refused (exit 1) within a second of the processor's time,
/// nothing saved; the message and the processor time taken.
///
/// The second is processor time (the program's own, see [`cpu_time`]), not time on the clock: on
/// a loaded machine (two cores shared by the whole suite) a 30 ms run can wait its turn for a
/// second, while unpacking a bomb costs processor time wherever it runs. The clock only guards
/// against a hang.
fn refused(ws: &Ws, id: &str, name: &str, bytes: &[u8]) -> (String, Duration) {
    let f = write(ws, name, bytes);
    let before = commits(ws, id);
    let mut c = ws.command("zh-CN", "2026-03-20");
    c.args(["draft", id, "--from", f.to_str().unwrap()])
        .env_remove("XIESHANG_SOFFICE")
        .env_remove("XIESHANG_SOFFICE_TIMEOUT");
    let t = Instant::now();
    let (o, cpu) = cpu_time(c);
    let took = t.elapsed();
    assert_eq!(o.status.code(), Some(1), "{name}: {}", stderr(&o));
    assert_eq!(commits(ws, id), before, "{name}: something was saved");
    let cpu = cpu.unwrap_or(took);
    assert!(
        cpu < Duration::from_secs(1),
        "{name} took {cpu:?} of processor time"
    );
    assert!(took < Duration::from_secs(30), "{name} took {took:?}");
    eprintln!("{name}: refused in {cpu:?} of processor time ({took:?} on the clock)");
    (stderr(&o), cpu)
}

/// Runs `cmd` to its end; its output and the processor time it used (user and system, its own
/// and its children's), read from `/proc/<pid>/stat` while it is a zombie (dead, not yet
/// reaped); `None` where there is no `/proc`.
fn cpu_time(mut cmd: Command) -> (Output, Option<Duration>) {
    use std::io::Read;
    use std::process::Stdio;
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let drain = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut b = Vec::new();
            r.read_to_end(&mut b).unwrap();
            b
        })
    };
    let out = drain(Box::new(child.stdout.take().unwrap()));
    let err = drain(Box::new(child.stderr.take().unwrap()));
    let stat = PathBuf::from(format!("/proc/{}/stat", child.id()));
    let mut cpu = None;
    // Fields after the name in parentheses: state, then (from the 12th) utime, stime, cutime,
    // cstime in clock ticks.
    while let Ok(text) = std::fs::read_to_string(&stat) {
        let fields: Vec<&str> = text[text.rfind(')').unwrap() + 1..]
            .split_whitespace()
            .collect();
        if fields[0] == "Z" {
            let ticks: u64 = fields[11..15]
                .iter()
                .map(|f| f.parse::<u64>().unwrap())
                .sum();
            cpu = Some(Duration::from_millis(ticks * 1000 / clock_ticks()));
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    let status = child.wait().unwrap();
    let o = Output {
        status,
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
    };
    (o, cpu)
}

/// Clock ticks per second, the unit of `/proc/<pid>/stat`'s times (`getconf CLK_TCK`; 100
/// on Linux).
fn clock_ticks() -> u64 {
    Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.trim().parse().ok())
        .filter(|&t| t > 0)
        .unwrap_or(100)
}

/// Regression: the bad-file refusals were held to a second on the clock, which a 30 ms run can
/// exceed on a loaded two-core machine while it waits for a core. The bound is now on the
/// program's processor time: a program that waits (here, sleeps) for longer than a second uses
/// next to none, one that works (here, spins) uses what it works.
#[test]
fn a_refusals_time_is_the_processor_time_it_used_not_the_clock() {
    let mut waits = Command::new("sh");
    waits.args(["-c", "sleep 1.5"]);
    let t = Instant::now();
    let (o, cpu) = cpu_time(waits);
    assert!(o.status.success());
    assert!(t.elapsed() >= Duration::from_millis(1500));
    let Some(cpu) = cpu else {
        eprintln!("no /proc here: processor time is not measured");
        return;
    };
    assert!(cpu < Duration::from_millis(500), "{cpu:?}");
    let mut works = Command::new("sh");
    works.args(["-c", "i=0; while [ $i -lt 400000 ]; do i=$((i+1)); done"]);
    let (o, cpu) = cpu_time(works);
    assert!(o.status.success());
    assert!(cpu.unwrap() >= Duration::from_millis(50), "{cpu:?}");
}

#[test]
fn bad_word_files_are_refused_within_a_second_and_nothing_is_saved() {
    let ws = Ws::new();
    let id = ws.new_dossier_of("wage");
    let (m, _) = refused(&ws, &id, "not-a-zip.docx", "第一条 其实是文本".as_bytes());
    assert!(m.contains("不是 Word 或 WPS 文档"), "{m}");
    let (m, _) = refused(&ws, &id, "broken.docx", b"PK\x03\x04\x14\x00garbage");
    assert!(m.contains("zip 已损坏"), "{m}");
    let (m, _) = refused(
        &ws,
        &id,
        "workbook.docx",
        &zip_of(&[("xl/workbook.xml", b"<workbook/>")]),
    );
    assert!(m.contains("word/document.xml"), "{m}");
    // 20 MB of spaces deflate to some 20 KB.
    let bomb = document(&" ".repeat(20 * 1024 * 1024));
    let (m, _) = refused(&ws, &id, "bomb.docx", &docx(&bomb));
    assert!(m.contains("zip 炸弹"), "{m}");
    let many: Vec<(String, Vec<u8>)> = (0..2_001)
        .map(|i| (format!("word/media/image{i}.png"), Vec::new()))
        .collect();
    let mut entries: Vec<(&str, &[u8])> = vec![("word/document.xml", b"<w:document/>")];
    entries.extend(many.iter().map(|(n, b)| (n.as_str(), b.as_slice())));
    let (m, _) = refused(&ws, &id, "many.docx", &zip_of(&entries));
    assert!(m.contains("2000"), "{m}");
    let laughs = format!(
        r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">]><w:document {W}><w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>"#
    );
    let (m, _) = refused(&ws, &id, "laughs.docx", &docx(&laughs));
    assert!(m.contains("DOCTYPE"), "{m}");
    let external = format!(
        r#"<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><w:document {W}><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>"#
    );
    let (m, _) = refused(&ws, &id, "external.docx", &docx(&external));
    assert!(m.contains("DOCTYPE") && !m.contains("root:"), "{m}");
    let (m, _) = refused(
        &ws,
        &id,
        "empty.docx",
        &docx(&document("<w:p/><w:p><w:r><w:t> </w:t></w:r></w:p>")),
    );
    assert!(m.contains("没有任何有文字的段落"), "{m}");
    let (m, _) = refused(
        &ws,
        &id,
        "broken-xml.docx",
        &docx("<w:document><w:body></w:document>"),
    );
    assert!(m.contains("XML"), "{m}");
    // Office's password protection: an OLE2 file holding an EncryptedPackage stream.
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.resize(1024, 0);
    ole.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
    ole.resize(4096, 0);
    let (m, _) = refused(&ws, &id, "locked.docx", &ole);
    assert!(m.contains("密码"), "{m}");
    // No draft came into being.
    assert!(!ws.dossier_dir(&id).join("contract.md").exists());
}

/// A stand-in `soffice`: checks its arguments (a profile of its own, headless, docx, an output
/// folder, an input inside a fresh folder that is not the original), records them, and writes
/// the prepared .docx where LibreOffice would.
fn stand_in(dir: &Path, docx_path: &Path, log: &Path, extra: &str) -> PathBuf {
    let script = dir.join("soffice-stand-in");
    let body = format!(
        r#"#!/bin/sh
printf '%s\n' "$@" > '{log}'
case "$1" in -env:UserInstallation=file://*) ;; *) echo "no profile: $1" >&2; exit 9;; esac
[ "$2" = --headless ] && [ "$3" = --convert-to ] && [ "$4" = docx ] && [ "$5" = --outdir ] || {{ echo "bad arguments: $*" >&2; exit 9; }}
[ -d "$6" ] || {{ echo "no outdir" >&2; exit 9; }}
[ -f "$7" ] || {{ echo "no input" >&2; exit 9; }}
[ "$#" = 7 ] || {{ echo "extra arguments" >&2; exit 9; }}
{extra}
base=$(basename "$7"); base="${{base%.*}}"
cp '{docx}' "$6/$base.docx"
"#,
        log = log.display(),
        docx = docx_path.display(),
    );
    std::fs::write(&script, body).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    script
}

fn ole_doc() -> Vec<u8> {
    let mut b = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    b.resize(2048, 7);
    b
}

#[test]
fn doc_and_wps_files_are_converted_by_soffice_in_a_private_folder_leaving_the_original() {
    let ws = Ws::new();
    let id = ws.new_dossier_of("wage");
    let tmp = ws.dir.path().join("tmp");
    std::fs::create_dir(&tmp).unwrap();
    let converted = write(&ws, "converted.docx", &docx(&document(&body())));
    let log = ws.dir.path().join("args.log");
    let script = stand_in(ws.dir.path(), &converted, &log, "");
    let original = write(&ws, "上级工会示范文本.wps", &ole_doc());
    let envs = [
        ("XIESHANG_SOFFICE", script.as_os_str()),
        ("TMPDIR", tmp.as_os_str()),
    ];
    let o = run_env(
        &ws,
        &envs,
        &["draft", &id, "--from", original.to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_accepted(&ws.ok(&["draft", &id, "--show"]));
    let args = std::fs::read_to_string(&log).unwrap();
    let args: Vec<&str> = args.lines().collect();
    assert_eq!(args.len(), 7, "{args:?}");
    assert_eq!(
        &args[1..5],
        ["--headless", "--convert-to", "docx", "--outdir"]
    );
    let folder = Path::new(args[5]).parent().unwrap();
    assert!(folder.starts_with(&tmp), "{args:?}");
    assert!(args[0].contains(folder.to_str().unwrap()), "{args:?}");
    assert_eq!(Path::new(args[6]).parent().unwrap(), folder);
    assert!(args[6].ends_with("source.wps"), "{args:?}");
    // The folder is gone, the original untouched.
    assert!(!folder.exists());
    assert_eq!(std::fs::read_dir(&tmp).unwrap().count(), 0);
    assert_eq!(std::fs::read(&original).unwrap(), ole_doc());
    // A web page saved as .doc goes the same way.
    let html = write(
        &ws,
        "export.doc",
        "<html><body><p>第一条</p></body></html>".as_bytes(),
    );
    let o = run_env(
        &ws,
        &envs,
        &["draft", &id, "--from", html.to_str().unwrap(), "--force"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let args = std::fs::read_to_string(&log).unwrap();
    assert!(
        args.lines().nth(6).unwrap().ends_with("source.doc"),
        "{args}"
    );
}

#[test]
fn conversion_errors_missing_failing_and_too_slow() {
    let ws = Ws::new();
    let id = ws.new_dossier_of("wage");
    let tmp = ws.dir.path().join("tmp");
    std::fs::create_dir(&tmp).unwrap();
    let doc = write(&ws, "model.doc", &ole_doc());
    let missing = ws.dir.path().join("no-such-soffice");
    let o = run_env(
        &ws,
        &[
            ("XIESHANG_SOFFICE", missing.as_os_str()),
            ("TMPDIR", tmp.as_os_str()),
        ],
        &["draft", &id, "--from", doc.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("apt install libreoffice-writer"),
        "{}",
        stderr(&o)
    );
    let o = run_env_lang(
        &ws,
        "en",
        &[
            ("XIESHANG_SOFFICE", missing.as_os_str()),
            ("TMPDIR", tmp.as_os_str()),
        ],
        &["draft", &id, "--from", doc.to_str().unwrap()],
    );
    assert!(
        stderr(&o).contains("LibreOffice, which is not installed"),
        "{}",
        stderr(&o)
    );
    let log = ws.dir.path().join("args.log");
    let converted = ws.dir.path().join("never.docx");
    let failing = stand_in(
        ws.dir.path(),
        &converted,
        &log,
        "echo 'Error: source file could not be loaded' >&2; exit 1",
    );
    let o = run_env(
        &ws,
        &[
            ("XIESHANG_SOFFICE", failing.as_os_str()),
            ("TMPDIR", tmp.as_os_str()),
        ],
        &["draft", &id, "--from", doc.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("source file could not be loaded"),
        "{}",
        stderr(&o)
    );
    // Exits 0 but writes nothing.
    let silent = stand_in(ws.dir.path(), &converted, &log, "exit 0");
    let o = run_env(
        &ws,
        &[
            ("XIESHANG_SOFFICE", silent.as_os_str()),
            ("TMPDIR", tmp.as_os_str()),
        ],
        &["draft", &id, "--from", doc.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o),
        format!(
            "错误：--from = “{}”：LibreOffice 报告转换成功，却没有生成 .docx（可能无法读取此类文件）：请在 Word 或 WPS 中另存为 .docx\n",
            doc.display()
        )
    );
    // Exits 0 and leaves a symbolic link where the .docx goes: not followed.
    let linking = stand_in(
        ws.dir.path(),
        &converted,
        &log,
        "ln -s /etc/passwd \"$6/source.docx\"; exit 0",
    );
    let o = run_env(
        &ws,
        &[
            ("XIESHANG_SOFFICE", linking.as_os_str()),
            ("TMPDIR", tmp.as_os_str()),
        ],
        &["draft", &id, "--from", doc.to_str().unwrap()],
    );
    assert_eq!(
        stderr(&o),
        format!(
            "错误：--from = “{}”：LibreOffice 在转换结果的位置留下的不是普通文件（而是符号链接或文件夹）：拒绝读取\n",
            doc.display()
        )
    );
    // Fails with a code and nothing said.
    let quiet = stand_in(ws.dir.path(), &converted, &log, "exit 3");
    let o = run_env(
        &ws,
        &[
            ("XIESHANG_SOFFICE", quiet.as_os_str()),
            ("TMPDIR", tmp.as_os_str()),
        ],
        &["draft", &id, "--from", doc.to_str().unwrap()],
    );
    assert_eq!(
        stderr(&o),
        format!(
            "错误：--from = “{}”：LibreOffice 转换失败，退出码 3：请在 Word 或 WPS 中另存为 .docx\n",
            doc.display()
        )
    );
    // Too slow: stopped at the time limit, its folder removed.
    let slow = stand_in(ws.dir.path(), &converted, &log, "sleep 30");
    let t = Instant::now();
    let o = run_env(
        &ws,
        &[
            ("XIESHANG_SOFFICE", slow.as_os_str()),
            ("XIESHANG_SOFFICE_TIMEOUT", "1".as_ref()),
            ("TMPDIR", tmp.as_os_str()),
        ],
        &["draft", &id, "--from", doc.to_str().unwrap()],
    );
    let took = t.elapsed();
    eprintln!("slow stand-in stopped after {took:?}");
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("1 秒内未完成转换"), "{}", stderr(&o));
    // Stopped at the limit, not after the stand-in's 30 s: the margin is for a busy machine
    // (starting the program, stopping the stand-in's process group), not for the limit.
    assert!(took < Duration::from_secs(15), "{took:?}");
    assert_eq!(std::fs::read_dir(&tmp).unwrap().count(), 0);
    assert!(!ws.dossier_dir(&id).join("contract.md").exists());
}

fn soffice_installed() -> bool {
    Command::new("soffice")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn real_libreoffice_converts_a_doc_where_installed() {
    if !soffice_installed() {
        eprintln!("LibreOffice is not installed: the real conversion is not tested here");
        return;
    }
    let ws = Ws::new();
    let id = ws.new_dossier_of("wage");
    let src = write(&ws, "draft.docx", &docx(&document(&body())));
    let out = ws.dir.path().join("doc");
    let st = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}/profile",
            ws.dir.path().display()
        ))
        .args(["--headless", "--convert-to", "doc", "--outdir"])
        .arg(&out)
        .arg(&src)
        .status()
        .unwrap();
    assert!(st.success());
    let doc = out.join("draft.doc");
    let o = run_env(&ws, &[], &["draft", &id, "--from", doc.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = ws.ok(&["draft", &id, "--show"]);
    assert!(
        text.contains("第三条 2026年度职工月平均工资增长5%。"),
        "{text}"
    );
}

/// The demo's agreement exported as DOCX and read back: the same text, clause for clause — the
/// title page and the signature table the export made up are marked as generated
/// (`contract::word::GENERATED_STYLE`) and left out, the footer (page numbers, the seal's hashes)
/// is never read — so exporting and importing again changes nothing (no title page gained per
/// round trip).
#[test]
fn an_exported_docx_imports_back_to_the_same_clauses() {
    let ws = Ws::new();
    ws.ok(&["demo"]);
    let id = "2026-001";
    let before = ws.ok(&["draft", id, "--show"]);
    let export = |id: &str, name: &str| {
        let out = ws.dir.path().join(name);
        ws.ok(&[
            "export",
            id,
            "contract",
            "--format",
            "docx",
            "--out",
            out.to_str().unwrap(),
        ]);
        out
    };
    let out = export(id, "contract.docx");
    // What must stay out is in the file: the title page, the page numbers and the sealed
    // agreement's hashes.
    let mut z = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
    let mut footer = String::new();
    std::io::Read::read_to_string(&mut z.by_name("word/footer1.xml").unwrap(), &mut footer)
        .unwrap();
    assert!(
        footer.contains("合同文本校验值（SHA-256）：") && footer.contains(" PAGE "),
        "{footer}"
    );
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut z.by_name("word/document.xml").unwrap(), &mut xml).unwrap();
    assert!(xml.contains("签订日期：2026年5月22日"), "the title page");
    let id2 = ws.new_dossier_of("wage");
    let o = ws.ok(&["draft", &id2, "--from", out.to_str().unwrap()]);
    assert!(o.contains("(39 clauses)"), "{o}");
    let after = ws.ok(&["draft", &id2, "--show"]);
    assert!(
        before.starts_with(
            "大连华信精密机械有限公司2026年度工资专项集体合同\n\n第一章 总则\n\n第一条 "
        ),
        "{before}"
    );
    assert_eq!(after, before);
    for absent in ["校验值", "SHA-256", "—", "签订日期", "（盖章）"] {
        assert!(!after.contains(absent), "{absent} in {after}");
    }
    // The clause diff agrees: every clause unchanged, nothing inserted around them.
    let before_file = ws.file("before.md", &before);
    let json = ws.ok(&[
        "diff",
        "--files",
        before_file.to_str().unwrap(),
        out.to_str().unwrap(),
        "--json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        v["summary"],
        serde_json::json!({"deleted": 0, "inserted": 0, "modified": 0, "moved": 0,
                           "renumbered": 0, "unchanged": 39}),
        "{json}"
    );
    // Round trip again: the export of the imported draft reads back to the same text.
    let again = export(&id2, "again.docx");
    let id3 = ws.new_dossier_of("wage");
    ws.ok(&["draft", &id3, "--from", again.to_str().unwrap()]);
    assert_eq!(ws.ok(&["draft", &id3, "--show"]), before);
}

/// A paragraph whose properties were changed as a tracked change by `author`: `now` is its
/// `w:pPr` content, `was` the old one that `w:pPrChange` keeps.
fn reformatted(now: &str, was: &str, author: &str, text: &str) -> String {
    format!(
        "<w:p><w:pPr>{now}<w:pPrChange w:id=\"40\" w:author=\"{author}\" w:date=\"2026-03-02T10:00:00Z\"><w:pPr>{was}</w:pPr></w:pPrChange></w:pPr>{}</w:p>",
        run(text)
    )
}

#[test]
fn numbering_changed_under_tracked_changes_comes_back_as_it_was_before() {
    let ws = Ws::new();
    let tiao = r#"<w:pStyle w:val="TiaoText"/>"#;
    let body = [
        p(None, "大连某某机械有限公司2026年度工资专项集体合同"),
        p(Some("ZhangTitle"), "工资支付"),
        p(Some("TiaoText"), "企业以货币形式按月支付工资。"),
        // The lawyer made a paragraph of the clause above a clause of its own…
        reformatted(tiao, "", LAWYER, "加班工资另行支付。"),
        p(Some("TiaoText"), "工资不低于最低工资标准。"),
        // … and a clause a paragraph of the one before.
        reformatted("", tiao, LAWYER, "遇节假日提前支付。"),
    ]
    .concat();
    let f = write(&ws, "numbering.docx", &docx(&document(&body)));
    // Accepted: the new numbering.
    let id = ws.new_dossier_of("wage");
    let o = run_env(&ws, &[], &["draft", &id, "--from", f.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    // The user is told of the renumbering too, not "0 insertions, 0 deletions" or nothing.
    assert!(
        stderr(&o).contains(&format!(
            "{LAWYER} 的修订：插入 0 处，删除 0 处，2 个段落的编号或样式有改动"
        )),
        "{}",
        stderr(&o)
    );
    let accepted = "大连某某机械有限公司2026年度工资专项集体合同

第一章 工资支付

第一条 企业以货币形式按月支付工资。

第二条 加班工资另行支付。

第三条 工资不低于最低工资标准。
遇节假日提前支付。
";
    assert_eq!(ws.ok(&["draft", &id, "--show"]), accepted);
    // Both: the version before has the numbering as it was.
    let id = ws.new_dossier_of("wage");
    let n = commits(&ws, &id);
    let o = draft_tracked_both(&ws, &id, &f);
    assert_two_versions(&ws, &id, &o, n);
    assert_eq!(ws.ok(&["draft", &id, "--show"]), accepted);
    assert_eq!(
        git(&ws.dossier_dir(&id), &["show", "HEAD~1:contract.md"]),
        "大连某某机械有限公司2026年度工资专项集体合同

第一章 工资支付

第一条 企业以货币形式按月支付工资。
加班工资另行支付。

第二条 工资不低于最低工资标准。

第三条 遇节假日提前支付。"
    );
}

#[test]
fn a_table_inside_a_table_cell_comes_back_row_by_row_in_its_clause() {
    let ws = Ws::new();
    let id = ws.new_dossier_of("wage");
    let cell = |inner: &str| format!("<w:tc><w:tcPr/>{inner}</w:tc>");
    let inner = format!(
        "<w:tbl><w:tblPr/><w:tr>{}{}</w:tr><w:tr>{}{}</w:tr></w:tbl>",
        cell(&p(None, "一线操作工")),
        cell(&p(None, "4800元")),
        cell(&p(None, "技术岗位")),
        cell(&p(None, "5200元")),
    );
    let body = [
        p(None, "大连某某机械有限公司2026年度工资专项集体合同"),
        p(Some("TiaoText"), "岗位工资标准如下："),
        format!(
            "<w:tbl><w:tblPr/><w:tr>{}{}</w:tr></w:tbl>",
            cell(&p(None, "岗位工资")),
            cell(&[p(None, "按下表执行："), inner, p(None, "以上均为税前。")].concat()),
        ),
        p(Some("TiaoText"), "企业每月15日支付工资。"),
    ]
    .concat();
    let f = write(&ws, "nested.docx", &docx(&document(&body)));
    let o = run_env(&ws, &[], &["draft", &id, "--from", f.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        ws.ok(&["draft", &id, "--show"]),
        "大连某某机械有限公司2026年度工资专项集体合同

第一条 岗位工资标准如下：
岗位工资\u{3000}按下表执行：
一线操作工\u{3000}4800元
技术岗位\u{3000}5200元
以上均为税前。

第二条 企业每月15日支付工资。
"
    );
}

/// An OpenDocument text as LibreOffice saves it: `mimetype` first, stored.
fn odt(kind: &str) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    w.start_file("mimetype", stored).unwrap();
    w.write_all(format!("application/vnd.oasis.opendocument.{kind}").as_bytes())
        .unwrap();
    w.start_file("content.xml", SimpleFileOptions::default())
        .unwrap();
    w.write_all(br#"<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>"#)
        .unwrap();
    w.finish().unwrap().into_inner()
}

#[test]
fn an_odt_file_is_converted_by_soffice_like_a_doc() {
    let ws = Ws::new();
    let id = ws.new_dossier_of("wage");
    let tmp = ws.dir.path().join("tmp");
    std::fs::create_dir(&tmp).unwrap();
    let converted = write(&ws, "converted.docx", &docx(&document(&body())));
    let log = ws.dir.path().join("args.log");
    let script = stand_in(ws.dir.path(), &converted, &log, "");
    let envs = [
        ("XIESHANG_SOFFICE", script.as_os_str()),
        ("TMPDIR", tmp.as_os_str()),
    ];
    // Named for what it is not: the content says OpenDocument text.
    let original = write(&ws, "上级工会示范文本.docx", &odt("text"));
    let o = run_env(
        &ws,
        &envs,
        &["draft", &id, "--from", original.to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_accepted(&ws.ok(&["draft", &id, "--show"]));
    let args = std::fs::read_to_string(&log).unwrap();
    let args: Vec<&str> = args.lines().collect();
    assert_eq!(
        &args[1..5],
        ["--headless", "--convert-to", "docx", "--outdir"]
    );
    assert!(args[6].ends_with("source.odt"), "{args:?}");
    assert!(Path::new(args[6]).starts_with(&tmp), "{args:?}");
    assert_eq!(std::fs::read_dir(&tmp).unwrap().count(), 0);
    assert_eq!(std::fs::read(&original).unwrap(), odt("text"));
    // Flat OpenDocument, one XML file, goes the same way.
    let flat = write(
        &ws,
        "示范文本.fodt",
        br#"<?xml version="1.0"?><office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>"#,
    );
    let o = run_env(
        &ws,
        &envs,
        &["draft", &id, "--from", flat.to_str().unwrap(), "--force"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let args = std::fs::read_to_string(&log).unwrap();
    assert!(
        args.lines().nth(6).unwrap().ends_with("source.fodt"),
        "{args}"
    );
    // A spreadsheet is not a draft: refused, LibreOffice never asked.
    std::fs::remove_file(&log).unwrap();
    let sheet = write(&ws, "工资表.ods", &odt("spreadsheet"));
    let o = run_env(
        &ws,
        &envs,
        &["draft", &id, "--from", sheet.to_str().unwrap(), "--force"],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("没有 word/document.xml"),
        "{}",
        stderr(&o)
    );
    assert!(!log.exists());
    // Without LibreOffice the message names .odt among what it converts.
    let missing = ws.dir.path().join("no-such-soffice");
    let o = run_env(
        &ws,
        &[
            ("XIESHANG_SOFFICE", missing.as_os_str()),
            ("TMPDIR", tmp.as_os_str()),
        ],
        &[
            "draft",
            &id,
            "--from",
            original.to_str().unwrap(),
            "--force",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains(".doc、.wps 和 .odt 文件需用 LibreOffice 转换"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn the_tui_imports_a_word_draft_with_both_versions() {
    use xieshang::app::{Effect, Event};
    use xieshang::i18n::Lang;
    use xieshang::service::NewDossier;
    use xieshang::ui::store_services::StoreServices;
    use xieshang::ui::worker::Services;

    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("sessions");
    std::fs::create_dir_all(&root).unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 3, 20).unwrap();
    let mut s = StoreServices::new(root.clone(), Lang::ZhCn, today);
    let d = NewDossier {
        kind: "wage".into(),
        enterprise: "大连某某机械有限公司".into(),
        ..NewDossier::default()
    };
    let Some(Event::Created { id }) = s.handle(Effect::Create(Box::new(d))) else {
        panic!("not created")
    };
    let file = dir.path().join("修订稿.docx");
    std::fs::write(&file, docx(&document(&body()))).unwrap();
    let Some(Event::Saved {
        loaded,
        message,
        notes,
    }) = s.handle(Effect::ImportDraft {
        id: id.clone(),
        file: file.clone(),
        both: true,
    })
    else {
        panic!("not imported")
    };
    assert_eq!(message, "草案：接受 修订稿.docx 中的修订 · 3 条提示待阅");
    // Each author's tracked changes, as the CLI prints them, and where the earlier version is.
    assert_eq!(
        notes,
        [
            format!("{LAWYER} 的修订：插入 1 处，删除 1 处"),
            format!("{UNION} 的修订：插入 1 处，删除 1 处"),
            "修订前的文本已记为上一版本：在对比界面（v）查看对方的修改".to_string(),
        ]
    );
    assert_eq!(loaded.contract.unwrap().clause_count(), 5);
    // The two versions are in the history the Diff screen lists, newest first.
    let Some(Event::History(versions)) = s.handle(Effect::LoadHistory(id.clone())) else {
        panic!("no history")
    };
    let what: Vec<&str> = versions.iter().take(2).map(|v| v.text.as_str()).collect();
    assert_eq!(
        what,
        [
            "草案：接受 修订稿.docx 中的修订",
            "草案：自 修订稿.docx 导入修订前的文本"
        ]
    );
    // The Diff screen's comparison of the two: the three clauses the revisions touched.
    let Some(Event::Diff(view)) = s.handle(Effect::ComputeDiff {
        id: id.clone(),
        old: versions[1].rev.clone(),
        new: versions[0].rev.clone(),
    }) else {
        panic!("no diff")
    };
    let modified: Vec<String> = view
        .clauses
        .iter()
        .filter(|c| c.kind == xieshang::app::view::ChangeKind::Modified)
        .filter_map(|c| c.new_label.clone())
        .collect();
    assert_eq!(modified, ["第三条", "第四条", "第五条"]);
    // A bad file is a refusal on the screen, nothing saved.
    let bad = dir.path().join("bad.docx");
    std::fs::write(&bad, b"not a zip").unwrap();
    let e = s.handle(Effect::ImportDraft {
        id: id.clone(),
        file: bad,
        both: false,
    });
    assert!(
        matches!(e, Some(Event::Failed(_) | Event::Refused(_))),
        "{e:?}"
    );
}

/// The draft as imported, exactly: the clauses, and the signature table (back matter of the
/// contract, issue #11's import) one line per row.
fn assert_accepted(text: &str) {
    assert_eq!(text, ACCEPTED);
}

/// Runs `draft --from` on a file that must be refused, with nothing saved: the message.
fn refused_untimed(ws: &Ws, id: &str, name: &str, bytes: &[u8]) -> String {
    let f = write(ws, name, bytes);
    let before = commits(ws, id);
    let o = run_env(ws, &[], &["draft", id, "--from", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{name}: {}", stderr(&o));
    assert_eq!(commits(ws, id), before, "{name}: something was saved");
    assert!(!ws.dossier_dir(id).join("contract.md").exists());
    stderr(&o)
}

/// Regression: a small .docx whose document.xml unpacked to millions of empty paragraphs was
/// read whole into memory (some 900 MB) and failed seconds later on something else; one whose
/// text ran to megabytes was imported and saved though the same text as .txt is refused.
#[test]
fn a_docx_of_too_many_paragraphs_or_too_much_text_is_refused_as_it_is_read() {
    let ws = Ws::new();
    let id = ws.new_dossier_of("wage");
    // 200 000 empty paragraphs (1.2 MB of XML, a few kilobytes zipped), then one with text.
    let empty = document(&format!(
        "{}{}",
        "<w:p/>".repeat(200_000),
        p(None, "第一条 工资按月支付。")
    ));
    let m = refused_untimed(&ws, &id, "empty-paragraphs.docx", &docx(&empty));
    assert_eq!(
        m,
        format!(
            "错误：--from = “{}”：word/document.xml 中的段落、表格行和单元格（空的也计算在内）超过 50000 个：不像一份合同，拒绝读取\n",
            ws.dir.path().join("empty-paragraphs.docx").display()
        )
    );
    // 5 MB of text in 50 paragraphs: over the 4 MiB a plain-text draft may have.
    let clause = "职工工资按月以货币形式支付。".repeat(7_000);
    let long: String = (0..50).map(|_| p(Some("TiaoText"), &clause)).collect();
    let m = refused_untimed(&ws, &id, "long.docx", &docx(&document(&long)));
    assert!(
        m.ends_with(
            "文档的文字超过 4194304 字节（接受或拒绝全部修订后的正文）：不像一份合同，拒绝读取\n"
        ),
        "{m}"
    );
    // Inserted text counts in the text with the revisions accepted: 3 MB unchanged and 2 MB
    // inserted is over, though neither alone is.
    let half = "职工工资按月以货币形式支付。".repeat(4_000);
    let body: String = (0..25)
        .map(|_| {
            para(
                Some("TiaoText"),
                &format!("{}{}", run(&half), ins(LAWYER, &half)),
            )
        })
        .collect();
    let m = refused_untimed(&ws, &id, "inserted.docx", &docx(&document(&body)));
    assert!(m.contains("文档的文字超过 4194304 字节"), "{m}");
    // Just under the bound as read, over it once the automatic labels (`第一万二千条 `) are
    // written in: the bound holds for the text that would be imported.
    let text = "工".repeat(60);
    let body: String = (0..20_000).map(|_| p(Some("TiaoText"), &text)).collect();
    let m = refused_untimed(&ws, &id, "labels.docx", &docx(&document(&body)));
    assert!(
        m.ends_with(
            "文档的文字超过 4194304 字节（接受或拒绝全部修订后的正文）：不像一份合同，拒绝读取\n"
        ),
        "{m}"
    );
}

/// A .docx of `document.xml` with `numbering.xml` of its own (no styles).
fn docx_numbered(document: &str, numbering: &str) -> Vec<u8> {
    let numbering = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering {W}>{numbering}</w:numbering>"#
    );
    zip_of(&[
        ("word/document.xml", document.as_bytes()),
        ("word/numbering.xml", numbering.as_bytes()),
    ])
}

/// A paragraph in list `num` at `level`.
fn listed(num: u32, level: u32, text: &str) -> String {
    format!(
        "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"{level}\"/><w:numId w:val=\"{num}\"/></w:numPr></w:pPr>{}</w:p>",
        run(text)
    )
}

/// Regression: Word's default multi-level list starts clause numbers again under each chapter
/// (no `w:lvlRestart`); the second chapter's `第一条` was read as text and glued to the clause
/// before, and paragraphs typed `第一条 / 第二条 / 第一条` became 第一/二/三条 — both with nothing
/// said.
#[test]
fn clause_numbers_that_restart_are_renumbered_with_a_warning() {
    let ws = Ws::new();
    let id = ws.new_dossier_of("wage");
    let numbering = r#"<w:abstractNum w:abstractNumId="5"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="第%1章"/><w:suff w:val="space"/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="第%2条"/><w:suff w:val="space"/></w:lvl></w:abstractNum><w:num w:numId="3"><w:abstractNumId w:val="5"/></w:num>"#;
    let body = [
        p(None, "工资专项集体合同"),
        listed(3, 0, "总则"),
        listed(3, 1, "本合同适用于全体职工。"),
        listed(3, 1, "工资按月支付。"),
        listed(3, 0, "工资"),
        listed(3, 1, "月平均工资增长5%。"),
        listed(3, 1, "最低工资不低于2100元。"),
    ]
    .concat();
    let f = write(
        &ws,
        "restart.docx",
        &docx_numbered(&document(&body), numbering),
    );
    let o = run_env(
        &ws,
        &[],
        &["draft", &id, "--from", f.to_str().unwrap(), "--force"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(
            "第 6 行第 1 列：第一条 接在 第二条 之后，已重新编号为 第三条——引用原编号的地方没有改写，请逐一核对"
        ),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        ws.ok(&["draft", &id, "--show"]),
        "工资专项集体合同\n\n第一章 总则\n\n第一条 本合同适用于全体职工。\n\n第二条 工资按月支付。\n\n第二章 工资\n\n第三条 月平均工资增长5%。\n\n第四条 最低工资不低于2100元。\n"
    );
    // Typed numbers, one a paragraph: the same.
    let typed = [
        p(None, "工资专项集体合同"),
        p(None, "第一条 本合同适用于全体职工。"),
        p(None, "第二条 工资按月支付。"),
        p(None, "第一条 月平均工资增长5%。"),
    ]
    .concat();
    let f = write(&ws, "typed.docx", &docx(&document(&typed)));
    let o = run_env(
        &ws,
        &[],
        &["draft", &id, "--from", f.to_str().unwrap(), "--force"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("第 4 行第 1 列：第一条 接在 第二条 之后，已重新编号为 第三条"),
        "{}",
        stderr(&o)
    );
    assert!(
        ws.ok(&["draft", &id, "--show"])
            .ends_with("第二条 工资按月支付。\n\n第三条 月平均工资增长5%。\n"),
    );
    // Plain text, the third heading once glued into the second clause.
    let f = write(
        &ws,
        "plain.txt",
        "合同\n第一条 一\n第二条 二\n第一条 三\n".as_bytes(),
    );
    let o = run_env(
        &ws,
        &[],
        &["draft", &id, "--from", f.to_str().unwrap(), "--force"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("第 4 行第 1 列：第一条 接在 第二条 之后，已重新编号为 第三条"));
    assert_eq!(
        ws.ok(&["draft", &id, "--show"]),
        "合同\n\n第一条 一\n\n第二条 二\n\n第三条 三\n"
    );
}

/// Regression: Word's table of contents imported as chapters (`目录`, `第一章 总则 1`, …), the real
/// chapters renumbered after them, nothing said.
#[test]
fn a_table_of_contents_is_left_out_and_the_user_told() {
    let ws = Ws::new();
    let id = ws.new_dossier_of("wage");
    let entry = |anchor: &str, text: &str, page: u32, open: &str, close: &str| {
        format!(
            "<w:p><w:pPr><w:pStyle w:val=\"TOC1\"/></w:pPr>{open}<w:hyperlink w:anchor=\"{anchor}\">{}<w:r><w:tab/></w:r><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> PAGEREF {anchor} \\h </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>{}<w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:hyperlink>{close}</w:p>",
            run(text),
            run(&page.to_string())
        )
    };
    let begin = "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> TOC \\o \"1-3\" \\h </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>";
    let end = "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>";
    let body = [
        p(None, "工资专项集体合同"),
        format!(
            "<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val=\"Table of Contents\"/><w:docPartUnique/></w:docPartObj></w:sdtPr><w:sdtContent>{}{}{}{}</w:sdtContent></w:sdt>",
            p(None, "目录"),
            entry("_Toc1", "第一章 总则", 1, begin, ""),
            entry("_Toc2", "第二章 工资", 2, "", ""),
            entry("_Toc3", "第三章 附则", 3, "", end),
        ),
        p(Some("ZhangTitle"), "总则"),
        p(Some("TiaoText"), "本合同适用于全体职工。"),
        p(Some("ZhangTitle"), "工资"),
        p(Some("TiaoText"), "工资按月支付。"),
        p(Some("ZhangTitle"), "附则"),
        p(Some("TiaoText"), "本合同一式两份。"),
    ]
    .concat();
    let f = write(&ws, "toc.docx", &docx(&document(&body)));
    let o = run_env(&ws, &[], &["draft", &id, "--from", f.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("目录（4 段）未导入：目录条目只是重复章、条标题和页码\n"),
        "{err}"
    );
    assert!(!err.contains("重新编号"), "{err}");
    assert_eq!(
        ws.ok(&["draft", &id, "--show"]),
        "工资专项集体合同\n\n第一章 总则\n\n第一条 本合同适用于全体职工。\n\n第二章 工资\n\n第二条 工资按月支付。\n\n第三章 附则\n\n第三条 本合同一式两份。\n"
    );
}

/// Regression: with every clause inserted as a tracked change (only the title before them),
/// the import hinted at `--tracked both`, which then failed with `全文未找到任何条款`.
#[test]
fn tracked_both_with_no_clause_before_the_revisions_is_refused_and_not_hinted_at() {
    let ws = Ws::new();
    let id = ws.new_dossier_of("wage");
    let body = [
        p(None, "工资专项集体合同"),
        para(Some("TiaoText"), &ins(LAWYER, "本合同适用于全体职工。")),
        para(Some("TiaoText"), &ins(LAWYER, "本合同一式两份。")),
    ]
    .concat();
    let f = write(&ws, "all-inserted.docx", &docx(&document(&body)));
    let before = commits(&ws, &id);
    let o = draft_tracked_both(&ws, &id, &f);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(
        stderr(&o),
        "错误：--tracked = “both”：修订前的文本中没有任何条款（所有条款都是以修订方式插入的），没有可记录的上一版本：请不加 --tracked both 导入\n"
    );
    assert_eq!(commits(&ws, &id), before);
    assert!(!ws.dossier_dir(&id).join("contract.md").exists());
    let o = run_env(&ws, &[], &["draft", &id, "--from", f.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains(&format!("{LAWYER} 的修订：插入 2 处，删除 0 处")),
        "{err}"
    );
    assert!(!err.contains("--tracked both"), "{err}");
    assert_eq!(commits(&ws, &id), before + 1);
}

/// A Word 97–2003 compound file (512-byte sectors): sector 0 the allocation table, sector 1
/// the directory (root and `WordDocument`), sectors 2–9 the `WordDocument` stream, whose FIB
/// opens with `wIdent` 0xA5EC and has `flags` at 0x0A.
fn word97(flags: u16) -> Vec<u8> {
    let put16 =
        |b: &mut Vec<u8>, at: usize, v: u16| b[at..at + 2].copy_from_slice(&v.to_le_bytes());
    let put32 =
        |b: &mut Vec<u8>, at: usize, v: u32| b[at..at + 4].copy_from_slice(&v.to_le_bytes());
    let mut b = vec![0u8; 512 * 11];
    b[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    put16(&mut b, 0x18, 0x3E);
    put16(&mut b, 0x1A, 3);
    put16(&mut b, 0x1C, 0xFFFE);
    put16(&mut b, 0x1E, 9);
    put16(&mut b, 0x20, 6);
    put32(&mut b, 0x2C, 1); // one allocation-table sector
    put32(&mut b, 0x30, 1); // the directory starts at sector 1
    put32(&mut b, 0x38, 4096);
    put32(&mut b, 0x3C, 0xFFFF_FFFE);
    put32(&mut b, 0x44, 0xFFFF_FFFE);
    for i in 0..109 {
        put32(&mut b, 0x4C + 4 * i, if i == 0 { 0 } else { 0xFFFF_FFFF });
    }
    // The allocation table (sector 0, at 512).
    let fat = 512;
    for i in 0..128 {
        let v = match i {
            0 => 0xFFFF_FFFD,
            1 | 9 => 0xFFFF_FFFE,
            2..=8 => i as u32 + 1,
            _ => 0xFFFF_FFFF,
        };
        put32(&mut b, fat + 4 * i, v);
    }
    // The directory (sector 1, at 1024).
    let entry = |b: &mut Vec<u8>, at: usize, name: &str, kind: u8, start: u32, size: u32| {
        let n: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
        b[at..at + n.len()].copy_from_slice(&n);
        put16(b, at + 0x40, (n.len() + 2) as u16);
        b[at + 0x42] = kind;
        for k in [0x44, 0x48, 0x4C] {
            put32(b, at + k, 0xFFFF_FFFF);
        }
        put32(b, at + 0x74, start);
        put32(b, at + 0x78, size);
    };
    entry(&mut b, 1024, "Root Entry", 5, 0xFFFF_FFFE, 0);
    entry(&mut b, 1024 + 128, "WordDocument", 2, 2, 4096);
    put32(&mut b, 1024 + 0x4C, 1); // the root's child: WordDocument
    // The stream (sector 2, at 1536).
    put16(&mut b, 1536, 0xA5EC);
    put16(&mut b, 1536 + 2, 0x00C1);
    put16(&mut b, 1536 + 0x0A, flags);
    b
}

/// Regression: a password-protected .doc (or .wps) was not recognised — only Office Open XML's
/// `EncryptedPackage` was — and went to LibreOffice.
#[test]
fn a_password_protected_doc_or_wps_is_refused_before_any_conversion() {
    let ws = Ws::new();
    let id = ws.new_dossier_of("wage");
    // Were LibreOffice called, the message would say it is not installed.
    let missing = ws.dir.path().join("no-soffice");
    let env = [("XIESHANG_SOFFICE", missing.as_os_str())];
    for name in ["locked.doc", "locked.wps"] {
        // fEncrypted, and the bits Word usually sets beside it (fExtChar, fFarEast…).
        let f = write(&ws, name, &word97(0x1300));
        let o = run_env(&ws, &env, &["draft", &id, "--from", f.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        assert_eq!(
            stderr(&o),
            format!(
                "错误：--from = “{}”：文件设有打开密码：请在 Word 或 WPS 中打开，取消密码（文件 › 信息 › 保护文档）后重新保存\n",
                f.display()
            )
        );
    }
    // The same file without the flag is a .doc like any other: it goes to LibreOffice.
    let f = write(&ws, "open.doc", &word97(0x1200));
    let o = run_env(&ws, &env, &["draft", &id, "--from", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("LibreOffice"), "{}", stderr(&o));
    assert!(!stderr(&o).contains("密码"), "{}", stderr(&o));
    assert!(!ws.dossier_dir(&id).join("contract.md").exists());
}

/// Regression: a parties table's row holding both parties came back, after `export … docx` and
/// an import of that file, as two lines (the export writes the row as one paragraph, its parts
/// set apart by an ideographic space, and the import cut it where `乙方` begins).
#[test]
fn front_matter_rows_holding_both_parties_survive_an_export_and_import() {
    let ws = Ws::new();
    let id = ws.new_dossier_of("wage");
    let body = [
        p(None, "工资专项集体合同"),
        table(&[
            &[
                "甲方（企业）：大连华信精密机械有限公司",
                "乙方（工会）：大连华信精密机械有限公司工会",
            ],
            &["法定代表人：张三", "工会主席：李四"],
        ]),
        p(None, "为建立正常的工资增长机制，订立本合同。"),
        p(Some("TiaoText"), "本合同适用于全体职工。"),
        p(Some("TiaoText"), "工资按月支付。"),
        table(&[&["甲方首席代表（签字）：", "乙方首席代表（签字）："]]),
    ]
    .concat();
    let f = write(&ws, "parties.docx", &docx(&document(&body)));
    ws.ok(&["draft", &id, "--from", f.to_str().unwrap()]);
    let first = ws.ok(&["draft", &id, "--show"]);
    assert_eq!(
        first,
        "工资专项集体合同\n\n甲方（企业）：大连华信精密机械有限公司\u{3000}乙方（工会）：大连华信精密机械有限公司工会\n法定代表人：张三\u{3000}工会主席：李四\n为建立正常的工资增长机制，订立本合同。\n\n第一条 本合同适用于全体职工。\n\n第二条 工资按月支付。\n\n甲方首席代表（签字）：\u{3000}乙方首席代表（签字）：\n"
    );
    let out = ws.dir.path().join("rt.docx");
    ws.ok(&[
        "export",
        &id,
        "contract",
        "--format",
        "docx",
        "--out",
        out.to_str().unwrap(),
    ]);
    let id2 = ws.new_dossier_of("wage");
    ws.ok(&["draft", &id2, "--from", out.to_str().unwrap()]);
    assert_eq!(ws.ok(&["draft", &id2, "--show"]), first);
}
