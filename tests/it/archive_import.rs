//! `xieshang archive import DIR --facts FILE.csv` through the real binary: agreements signed before
//! xieshang (one of them saved in GBK, as Notepad's "ANSI" on Chinese Windows saves it) become
//! archive-only dossiers that search, stats, `list` and `verify` see; the same folder imported
//! twice adds nothing; a table with bad rows imports nothing and names every one; a name that
//! leaves the folder is refused; hostile text never reaches the terminal raw.

use crate::common::{Ws, git};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/archive_import")
        .join(name)
}

fn arg(p: &Path) -> &str {
    p.to_str().unwrap()
}

const WAGE: &str = "huaxin-2025-wage.txt";
const COMPREHENSIVE: &str = "haiyun-2018-comprehensive.txt";
const WOMEN: &str = "jinhai-2024-women.txt";

/// The folder of the three agreements, the comprehensive one in GBK.
fn texts(ws: &Ws) -> PathBuf {
    let dir = ws.dir.path().join("texts");
    std::fs::create_dir(&dir).unwrap();
    for name in [WAGE, WOMEN] {
        std::fs::copy(fixture(name), dir.join(name)).unwrap();
    }
    let text = std::fs::read_to_string(fixture(COMPREHENSIVE)).unwrap();
    let (gbk, _, lossy) = encoding_rs::GBK.encode(&text);
    assert!(!lossy);
    assert!(std::str::from_utf8(&gbk).is_err(), "really GBK, not UTF-8");
    std::fs::write(dir.join(COMPREHENSIVE), &gbk).unwrap();
    dir
}

fn import(ws: &Ws, dir: &Path, facts: &Path) -> std::process::Output {
    ws.run(&["archive", "import", arg(dir), "--facts", arg(facts)])
}

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

fn json(ws: &Ws, args: &[&str]) -> Value {
    serde_json::from_str(&ws.ok(args)).unwrap()
}

/// The facts header the tests' own tables use.
const HEADER: &str = "文件名,企业名称,统一社会信用代码,行政区划代码,合同类型,签订日期,终止日期";

#[test]
fn three_agreements_become_sealed_archive_dossiers_that_search_stats_list_and_verify_see() {
    let ws = Ws::new();
    let dir = texts(&ws);
    let o = import(&ws, &dir, &fixture("facts.csv"));
    let out = stdout(&o);
    assert!(o.status.success(), "{out}{}", stderr(&o));
    assert!(
        out.starts_with(
            "imported 3 agreements into the archive from facts.csv (UTF-8); 0 already there"
        ),
        "{out}"
    );
    // Numbered by the year signed, as `new` numbers by the year created.
    assert!(out.contains("2025-001  大连华信精密机械有限公司  wage special contract  signed 2025-03-10  ← huaxin-2025-wage.txt (UTF-8)"), "{out}");
    assert!(out.contains("2018-001  大连海韵食品有限公司"), "{out}");
    assert!(out.contains("(GBK/GB18030)"), "{out}");
    assert!(out.contains("2024-001  大连金海纺织有限公司"), "{out}");
    assert!(!out.contains("kept as found"), "all three parse: {out}");

    // The record: the facts, the provenance, the seal of the text as stored.
    let d = ws.show("2018-001");
    assert_eq!(d["schema_version"], 9);
    assert_eq!(d["kind"], "comprehensive");
    assert_eq!(d["enterprise"]["credit_code"], "91210213MA0HY2018C");
    assert_eq!(d["enterprise"]["region"], "210213");
    assert_eq!(d["signing"]["date"], "2018-12-20");
    assert_eq!(d["effective"], "2019-01-01");
    assert_eq!(d["terms"]["end"], "2021-12-31");
    assert_eq!(d["terms"]["staff_covered"], 1280);
    assert_eq!(d["terms"]["avg_wage_increase_bp"], 500);
    assert_eq!(d["imported"]["file"], COMPREHENSIVE);
    assert_eq!(d["imported"]["date"], "2026-03-20");
    let gbk = std::fs::read(dir.join(COMPREHENSIVE)).unwrap();
    assert_eq!(
        d["imported"]["sha256"],
        xieshang::domain::seal::sha256(&gbk),
        "the bytes as found"
    );
    // The text as found, decoded: contract.md is UTF-8.
    let contract = std::fs::read_to_string(ws.dossier_dir("2018-001").join("contract.md")).unwrap();
    assert_eq!(
        contract,
        std::fs::read_to_string(fixture(COMPREHENSIVE)).unwrap()
    );

    // One commit, its event and the signing as trailers, the sealed `signed` tag on it.
    let repo = ws.dossier_dir("2025-001");
    assert_eq!(git(&repo, &["rev-list", "--count", "HEAD"]), "1");
    let msg = git(&repo, &["log", "-1", "--format=%B"]);
    assert!(
        msg.starts_with("archive: imported from huaxin-2025-wage.txt\n"),
        "{msg}"
    );
    assert!(
        msg.contains("Xieshang-Event: archive.imported file=huaxin-2025-wage.txt"),
        "{msg}"
    );
    assert!(
        msg.contains("Xieshang-Event: signing.recorded date=2025-03-10"),
        "{msg}"
    );
    assert_eq!(git(&repo, &["cat-file", "-t", "signed"]), "tag");
    assert!(git(&repo, &["cat-file", "-p", "signed"]).contains("Xieshang-Seal: text="));
    let log = ws.run_lang("zh-CN", &["log", "2025-001"]);
    assert!(
        stdout(&log).contains("归档：从 huaxin-2025-wage.txt 导入"),
        "{}",
        stdout(&log)
    );

    // Search finds the one with the allowance, in its clause.
    let hits = json(&ws, &["archive", "search", "高温津贴", "--json"]);
    let hits = hits["agreements"].as_array().unwrap();
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0]["key"], "2025-001");
    assert_eq!(hits[0]["seal_ok"], true);
    assert!(
        hits[0]["clauses"][0]["text"]
            .as_str()
            .unwrap()
            .contains("高温津贴")
    );
    // The GBK one is searchable too, by a phrase only it has.
    let hits = json(&ws, &["archive", "search", "职业健康检查", "--json"]);
    assert_eq!(hits["agreements"][0]["key"], "2018-001");

    // Stats: three enterprises, three signed agreements; as of 2026-03-20 the wage one and the
    // women's one are in effect (the comprehensive one expired in 2021).
    let v = json(&ws, &["archive", "stats", "--json"]);
    let figs = v["groups"][0]["figures"].as_array().unwrap();
    let fig = |k: &str| figs.iter().find(|f| f["key"] == k).unwrap().clone();
    let pair = |f: Value| (f["numerator"].as_i64(), f["denominator"].as_i64());
    assert_eq!(pair(fig("coverage")), (Some(1), Some(3)));
    // Instructor: only the wage one is asked for (not expired; the women's is a special
    // contract); imported, with no instructor column in the facts table: unknown, not "none".
    assert_eq!(pair(fig("instructor")), (Some(0), Some(0)));
    assert_eq!(fig("instructor")["unknown"], 1);
    assert_eq!(pair(fig("workers")), (Some(420 + 356), Some(2)));
    assert_eq!(fig("increase")["value_bp"], 650);

    // List shows them; verify says every one is intact.
    let list = ws.ok(&["list"]);
    for id in ["2018-001", "2024-001", "2025-001"] {
        assert!(list.contains(id), "{list}");
    }
    let o = ws.run(&["verify", "--all"]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    assert_eq!(stdout(&o).matches(": intact").count(), 3, "{}", stdout(&o));

    // The same import again adds nothing and says where each one already is.
    let o = ws.run_lang(
        "zh-CN",
        &[
            "archive",
            "import",
            arg(&dir),
            "--facts",
            arg(&fixture("facts.csv")),
        ],
    );
    let out = stdout(&o);
    assert!(o.status.success(), "{out}{}", stderr(&o));
    assert!(out.contains("导入 0 份协议；3 份此前已导入"), "{out}");
    assert!(
        out.contains("第3行  haiyun-2018-comprehensive.txt  大连海韵食品有限公司（在 2018-001）"),
        "{out}"
    );
    assert_eq!(ws.ok(&["list"]), list);
    let v = json(
        &ws,
        &[
            "archive",
            "import",
            arg(&dir),
            "--facts",
            arg(&fixture("facts.csv")),
            "--json",
        ],
    );
    assert_eq!(v["imported"].as_array().unwrap().len(), 0);
    assert_eq!(v["already"].as_array().unwrap().len(), 3);
}

#[test]
fn bad_rows_are_all_named_and_nothing_is_created() {
    let ws = Ws::new();
    let id = ws.new_dossier_of("wage");
    let dir = texts(&ws);
    let list = ws.ok(&["list"]);
    let facts = ws.file(
        "facts.csv",
        &format!(
            "{HEADER}\n\
             {WAGE},大连华信精密机械有限公司,91210211MA0XH5QK3P,210211,工资专项,2025-03-10,2026-03-31\n\
             {WOMEN},大连金海纺织有限公司,,210283,女职工,2024-02-30,2027-06-30\n\
             lost.txt,大连海韵食品有限公司,,210213,综合,2018-12-20,2021-12-31\n"
        ),
    );
    let o = import(&ws, &dir, &facts);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("facts.csv: nothing imported, the archive is unchanged (2 problems):"),
        "{err}"
    );
    assert!(
        err.contains("row 3 signed = \"2024-02-30\": not a calendar date"),
        "{err}"
    );
    assert!(
        err.contains("row 4 file = \"lost.txt\": no such file in the folder"),
        "{err}"
    );
    assert!(stdout(&o).is_empty());
    // Nothing created: the good row 2 neither.
    assert_eq!(ws.ok(&["list"]), list);
    let mut entries: Vec<String> = std::fs::read_dir(ws.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .collect();
    entries.sort();
    assert_eq!(entries, [id]);
    let staging = ws.root().join(".xieshang/new");
    assert!(
        std::fs::read_dir(&staging).map_or(true, |mut d| d.next().is_none()),
        "no staging debris"
    );
    // In Chinese, the same rows.
    let o = ws.run_lang(
        "zh-CN",
        &["archive", "import", arg(&dir), "--facts", arg(&facts)],
    );
    let err = stderr(&o);
    assert!(
        err.contains("第3行 签订日期 = “2024-02-30”：不是有效日期"),
        "{err}"
    );
    assert!(
        err.contains("第4行 文件名 = “lost.txt”：文本文件夹中没有这个文件"),
        "{err}"
    );
}

#[test]
fn names_that_leave_the_folder_and_word_or_pdf_files_are_refused() {
    let ws = Ws::new();
    let dir = texts(&ws);
    // A real agreement, one folder up: reachable by `..` or by a link, and refused both ways.
    std::fs::copy(fixture(WAGE), ws.dir.path().join("outside.txt")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(ws.dir.path().join("outside.txt"), dir.join("link.txt")).unwrap();
    std::fs::write(dir.join("合同.docx"), b"PK\x03\x04\x14\x00").unwrap();
    std::fs::write(dir.join("scan.txt"), b"%PDF-1.7\n").unwrap();
    let facts = ws.file(
        "facts.csv",
        &format!(
            "{HEADER}\n\
             ../outside.txt,大连华信精密机械有限公司,,210211,工资专项,2025-03-10,\n\
             {}/outside.txt,大连华信精密机械有限公司,,210211,工资专项,2025-03-10,\n\
             合同.docx,大连华信精密机械有限公司,,210211,工资专项,2025-03-10,\n\
             scan.txt,大连华信精密机械有限公司,,210211,工资专项,2025-03-10,\n\
             link.txt,大连华信精密机械有限公司,,210211,工资专项,2025-03-10,\n",
            ws.dir.path().display()
        ),
    );
    let o = import(&ws, &dir, &facts);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("row 2 file = \"../outside.txt\": “..” leads out of the folder"),
        "{err}"
    );
    assert!(
        err.contains("row 3 file = ") && err.contains("an absolute path"),
        "{err}"
    );
    assert!(
        err.contains("row 4 file = \"合同.docx\": not a readable .docx (a damaged zip"),
        "{err}"
    );
    // A PDF under a .txt name is read as a PDF: this one is broken.
    let pdftotext = std::process::Command::new("pdftotext")
        .arg("-v")
        .output()
        .is_ok();
    let expected = if pdftotext {
        "row 5 file = \"scan.txt\": a PDF that could not be read"
    } else {
        "row 5 file = \"scan.txt\": a PDF: its text is read with pdftotext, which is not installed"
    };
    assert!(err.contains(expected), "{err}");
    #[cfg(unix)]
    assert!(
        err.contains("row 6 file = \"link.txt\": leads outside the folder"),
        "{err}"
    );
    assert!(ws.ok(&["list"]).contains("no dossiers"), "nothing created");
    // A folder that is not there is named as such.
    let o = import(&ws, &ws.dir.path().join("nowhere"), &facts);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no such folder"), "{}", stderr(&o));
}

#[test]
fn hostile_text_in_a_file_name_or_an_enterprise_never_reaches_the_terminal_raw() {
    let ws = Ws::new();
    let dir = texts(&ws);
    let raw = |s: &str| s.contains('\u{1b}') || s.contains('\u{202E}');
    // An enterprise with an escape sequence and a bidi override: imported, shown clean.
    let facts = ws.file(
        "facts.csv",
        &format!(
            "{HEADER}\n{WAGE},\"大连\u{1b}[31m华信\u{202E}精密机械有限公司\",,210211,工资专项,2025-03-10,2026-03-31\n"
        ),
    );
    let o = import(&ws, &dir, &facts);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!raw(&stdout(&o)) && !raw(&stderr(&o)));
    assert!(
        stdout(&o).contains("大连华信精密机械有限公司"),
        "{}",
        stdout(&o)
    );
    for args in [
        &["list"][..],
        &["list", "--json"],
        &["show", "2025-001", "--json"],
        &["log", "2025-001"],
        &["archive", "search", "高温津贴"],
        &["archive", "search", "高温津贴", "--json"],
        &["verify", "2025-001"],
    ] {
        let o = ws.run(args);
        assert!(!raw(&stdout(&o)) && !raw(&stderr(&o)), "{args:?}");
    }
    let msg = git(&ws.dossier_dir("2025-001"), &["log", "-1", "--format=%B"]);
    assert!(!raw(&msg), "{msg}");

    // A file whose name holds an escape sequence: refused, the name shown with it made visible.
    let evil = "a\u{1b}]0;pwned\u{7}\u{202E}txt.txt";
    std::fs::write(dir.join(evil), "第一条 甲").unwrap();
    let facts = ws.file(
        "evil.csv",
        &format!("{HEADER}\n\"{evil}\",大连某某有限公司,,210211,工资专项,2025-03-10,\n"),
    );
    let o = import(&ws, &dir, &facts);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(!raw(&err) && !raw(&stdout(&o)), "{err:?}");
    assert!(err.contains("a\\x1b]0;pwned\\x07\\u{202E}txt.txt"), "{err}");
    assert!(err.contains("control or invisible characters"), "{err}");
}

#[test]
fn a_text_that_is_not_a_clause_structured_contract_is_kept_as_found_and_said_so() {
    let ws = Ws::new();
    let dir = ws.dir.path().join("texts");
    std::fs::create_dir(&dir).unwrap();
    // A scan's OCR: no 第…条 anywhere.
    let scan = "大连某某重工有限公司工资协议\n\n经双方协商，2017年职工工资平均增长4%。\n\n（以下无正文）\n";
    std::fs::write(dir.join("scan.txt"), scan).unwrap();
    // The facts table as Excel saves "CSV" on Chinese Windows: GBK.
    let table =
        format!("{HEADER}\nscan.txt,大连某某重工有限公司,,210200,工资协议,2017-05-04,2018-05-03\n");
    let (gbk, _, _) = encoding_rs::GBK.encode(&table);
    let facts = ws.dir.path().join("facts.csv");
    std::fs::write(&facts, &gbk).unwrap();
    let o = import(&ws, &dir, &facts);
    let out = stdout(&o);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(out.contains("from facts.csv (GBK/GB18030)"), "{out}");
    assert!(out.contains("2017-001  大连某某重工有限公司"), "{out}");
    assert!(
        out.contains("kept as found, but not read as clauses"),
        "{out}"
    );
    assert_eq!(
        std::fs::read_to_string(ws.dossier_dir("2017-001").join("contract.md")).unwrap(),
        scan
    );
    let o = ws.run(&["verify", "2017-001"]);
    assert!(o.status.success(), "{}", stdout(&o));
    let hits = json(&ws, &["archive", "search", "--year", "2017", "--json"]);
    assert_eq!(hits["agreements"][0]["key"], "2017-001");
}

/// A PDF's text comes through `pdftotext` (here a stand-in that prints a known agreement, so the
/// test says exactly what was taken); the PDF's own bytes are what the import records and seals
/// against. A scan with no text is refused with what to do; without the program, how to get it.
#[test]
fn a_pdf_is_read_through_pdftotext_and_a_scan_without_text_is_refused() {
    let ws = Ws::new();
    let dir = ws.dir.path().join("texts");
    std::fs::create_dir(&dir).unwrap();
    let pdf = b"%PDF-1.4\n% stand-in\n";
    std::fs::write(dir.join("协议.pdf"), pdf).unwrap();
    std::fs::write(dir.join("扫描.pdf"), b"%PDF-1.4\n% scan\n").unwrap();
    let stand_in = ws.dir.path().join("pdftotext.sh");
    std::fs::write(
        &stand_in,
        "#!/bin/sh\n# pdftotext -enc UTF-8 -nopgbrk -q FILE -\n\
         [ \"$1 $2 $3 $4 $6\" = \"-enc UTF-8 -nopgbrk -q -\" ] || { echo bad args >&2; exit 9; }\n\
         case \"$5\" in *扫描.pdf) printf '\\n\\f\\n';; \
         *) printf '大连某某电子有限公司工资协议\\n\\n第一条 职工工资平均增长5%%。\\n\\n第二条 本协议自签字之日起生效。\\n';; esac\n",
    )
    .unwrap();
    std::process::Command::new("chmod")
        .args(["+x", stand_in.to_str().unwrap()])
        .status()
        .unwrap();
    let facts = ws.file(
        "facts.csv",
        &format!(
            "{HEADER}\n协议.pdf,大连某某电子有限公司,,210200,工资协议,2018-05-04,2019-05-03\n"
        ),
    );
    let run = |facts: &std::path::Path| {
        ws.command("en", "2026-03-20")
            .args(["archive", "import"])
            .arg(&dir)
            .arg("--facts")
            .arg(facts)
            .env("XIESHANG_PDFTOTEXT", &stand_in)
            .output()
            .unwrap()
    };
    let o = run(&facts);
    assert!(o.status.success(), "{}", stderr(&o));
    let id = "2018-001";
    assert_eq!(
        std::fs::read_to_string(ws.dossier_dir(id).join("contract.md")).unwrap(),
        "大连某某电子有限公司工资协议\n\n第一条 职工工资平均增长5%。\n\n第二条 本协议自签字之日起生效。\n"
    );
    let d: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(ws.dossier_dir(id).join("dossier.json")).unwrap(),
    )
    .unwrap();
    // The hash of the PDF itself (sha256 of the bytes written above).
    assert_eq!(
        d["imported"]["sha256"],
        "53c8ae92d0d39ece6f544e9dd234863477f91a22e967a1816224c9e9b8a87b33"
    );
    let hits = json(&ws, &["archive", "search", "平均增长5%", "--json"]);
    assert_eq!(hits["agreements"].as_array().unwrap().len(), 1);

    let scan = ws.file(
        "scan.csv",
        &format!(
            "{HEADER}\n扫描.pdf,大连某某电子有限公司,,210200,工资协议,2019-05-04,2020-05-03\n"
        ),
    );
    let o = run(&scan);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("a PDF with no text in it (a scan): run it through text recognition"),
        "{}",
        stderr(&o)
    );
    let o = ws
        .command("zh-CN", "2026-03-20")
        .args(["archive", "import"])
        .arg(&dir)
        .arg("--facts")
        .arg(&scan)
        .env("XIESHANG_PDFTOTEXT", ws.dir.path().join("no-such-program"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("未安装（Debian/Ubuntu：apt install poppler-utils"),
        "{}",
        stderr(&o)
    );
}

/// A .docx agreement is read with the Word reader (issue #16): here one the documents export
/// (issue #15) wrote, imported into another workspace's archive and found by its words; the
/// record keeps the hash of the .docx file itself.
#[test]
fn a_docx_agreement_is_read_with_the_word_reader() {
    let ws = Ws::new();
    ws.ok(&["init"]);
    let dir = ws.dir.path().join("texts");
    std::fs::create_dir(&dir).unwrap();
    let docx = dir.join("华信合同.docx");
    ws.ok(&[
        "export",
        "2026-001",
        "contract",
        "--format",
        "docx",
        "--out",
        docx.to_str().unwrap(),
    ]);
    let archive = Ws::new();
    let facts = archive.file(
        "facts.csv",
        &format!("{HEADER}\n华信合同.docx,大连华信精密机械有限公司,91210200MA0XH5QK3P,210200,工资专项,2026-05-22,2027-06-30\n"),
    );
    let o = import(&archive, &dir, &facts);
    assert!(o.status.success(), "{}", stderr(&o));
    let hits = json(
        &archive,
        &["archive", "search", "高温津贴每月150元", "--json"],
    );
    assert_eq!(hits["agreements"].as_array().unwrap().len(), 1, "{hits}");
    let out = std::process::Command::new("sha256sum")
        .arg(&docx)
        .output()
        .unwrap();
    let sha = String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .next()
        .unwrap()
        .to_string();
    let id = hits["agreements"][0]["key"].as_str().unwrap().to_string();
    let d: Value = serde_json::from_str(
        &std::fs::read_to_string(archive.dossier_dir(&id).join("dossier.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(d["imported"]["sha256"], Value::from(sha));
}

/// An imported agreement's seal is witnessed in `.xieshang/witnesses.json`, not only in the
/// derived archive index: a consistent rewrite (text, seal, commit and `signed` tag together) is
/// caught by `verify` after the index is deleted. Its commit and tag are the workspace's person
/// and union, as every save is.
#[test]
fn an_imported_agreement_is_witnessed_outside_the_index_and_authored_by_the_workspace() {
    let ws = Ws::new();
    ws.ok(&[
        "union",
        "set",
        "--name",
        "大连市金州区总工会",
        "--code",
        "2102",
        "--person",
        "赵敏",
    ]);
    let dir = texts(&ws);
    let o = import(&ws, &dir, &fixture("facts.csv"));
    assert!(o.status.success(), "{}", stderr(&o));
    let d = ws.dossier_dir("2025-001");
    let log = git(&d, &["log", "-1", "--format=%an <%ae>%n%B"]);
    assert!(
        log.starts_with("赵敏 (大连市金州区总工会) <2102@xieshang.invalid>"),
        "{log}"
    );
    assert!(log.contains("Xieshang-Union: 2102"), "{log}");
    let tagger = git(
        &d,
        &["for-each-ref", "--format=%(taggername)", "refs/tags/signed"],
    );
    assert_eq!(tagger.trim(), "赵敏 (大连市金州区总工会)");
    let v = json(&ws, &["verify", "2025-001", "--json"]);
    assert_eq!(v[0]["intact"], true, "{v}");
    assert!(
        v[0]["witnesses"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w.as_str().unwrap().contains("recorded on 2026-03-20")),
        "{v}"
    );

    // Rewritten consistently, and the index deleted.
    rewrite_consistently(&ws, "2025-001");
    let o = ws.run(&["verify", "2025-001", "--json"]);
    assert_eq!(o.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let msgs: Vec<&str> = v[0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "INTEGRITY-WITNESS")
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        msgs,
        [
            "the seal of \"signed\" is not the one this workspace recorded when it imported the agreement on 2026-03-20: the dossier was rewritten since"
        ],
        "{v}"
    );
}

/// Rewrites dossier `id` as someone covering their tracks would: the text, the seal in
/// dossier.json, the commit amended, the annotated `signed` tag made again, the old objects
/// pruned; and the archive index deleted.
fn rewrite_consistently(ws: &Ws, id: &str) {
    let d = ws.dossier_dir(id);
    let text = std::fs::read_to_string(d.join("contract.md")).unwrap();
    std::fs::write(
        d.join("contract.md"),
        text.replacen("第一条", "第一条（改）", 1),
    )
    .unwrap();
    let out = std::process::Command::new("sha256sum")
        .arg(d.join("contract.md"))
        .output()
        .unwrap();
    let sha = String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .next()
        .unwrap()
        .to_string();
    let mut j: Value =
        serde_json::from_str(&std::fs::read_to_string(d.join("dossier.json")).unwrap()).unwrap();
    j["seal"]["text_sha256"] = Value::from(sha.clone());
    std::fs::write(
        d.join("dossier.json"),
        serde_json::to_string_pretty(&j).unwrap() + "\n",
    )
    .unwrap();
    git(&d, &["commit", "-q", "--amend", "-a", "--no-edit"]);
    let facts = j["seal"]["facts_sha256"].as_str().unwrap().to_string();
    git(
        &d,
        &[
            "tag",
            "-f",
            "-a",
            "signed",
            "-m",
            &format!("signed\n\nXieshang-Seal: text={sha} facts={facts}"),
        ],
    );
    git(&d, &["reflog", "expire", "--expire=now", "--all"]);
    git(&d, &["gc", "-q", "--prune=now"]);
    let index = ws.root().join(".xieshang/archive.sqlite");
    if index.exists() {
        std::fs::remove_file(&index).unwrap();
    }
}

/// An agreement imported before imports wrote `.xieshang/witnesses.json` had only the archive
/// index as its witness: the first `verify` while the index still vouches for the seal writes it
/// there, so the index can be deleted without losing it.
#[test]
fn an_earlier_import_gets_its_witness_from_the_index_before_the_index_is_deleted() {
    let ws = Ws::new();
    let dir = texts(&ws);
    let o = import(&ws, &dir, &fixture("facts.csv"));
    assert!(o.status.success(), "{}", stderr(&o));
    // As an earlier version left it: no witnesses file, the index built by a search.
    std::fs::remove_file(ws.root().join(".xieshang/witnesses.json")).unwrap();
    ws.ok(&["archive", "search", "工资"]);
    let v = json(&ws, &["verify", "2025-001", "--json"]);
    assert_eq!(v[0]["intact"], true, "{v}");
    let w: Value = serde_json::from_str(
        &std::fs::read_to_string(ws.root().join(".xieshang/witnesses.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(w["dossiers"]["2025-001"][0]["tag"], "signed", "{w}");
    assert_eq!(w["dossiers"]["2025-001"][0]["seen"], "2026-03-20", "{w}");

    rewrite_consistently(&ws, "2025-001");
    let o = ws.run(&["verify", "2025-001", "--json"]);
    assert_eq!(o.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(
        v[0]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "INTEGRITY-WITNESS"
                && f["message"]
                    .as_str()
                    .unwrap()
                    .contains("when it imported the agreement")),
        "{v}"
    );
}
