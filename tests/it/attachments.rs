//! Attachments: scans of the signed agreement, the resolution and the filing receipt kept with
//! the record — refused when they are not scans, too large, twice, or early; committed and bound
//! by a tag; proven unaltered by `verify`; carried by a bundle to another workspace; opened with
//! the viewer; listed by the archive.

use crate::common::{Ws, git};
use serde_json::Value;

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";

fn demo() -> Ws {
    let ws = Ws::new();
    ws.ok(&["init"]);
    ws
}

fn findings(ws: &Ws, id: &str) -> Vec<(String, String)> {
    let o = ws.run(&["verify", id, "--json"]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    v[0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn a_scan_is_committed_tagged_listed_and_proven() {
    let ws = demo();
    let scan = ws.file("签字文本.pdf", "");
    std::fs::write(&scan, PDF).unwrap();
    let out = ws.ok(&[
        "attach",
        "2026-001",
        scan.to_str().unwrap(),
        "--kind",
        "signed",
    ]);
    assert!(
        out.contains("attachments/signed-1.pdf") && out.contains("attach-signed-1"),
        "{out}"
    );
    let dir = ws.dossier_dir("2026-001");
    assert_eq!(
        std::fs::read(dir.join("attachments/signed-1.pdf")).unwrap(),
        PDF
    );
    // One commit with both files, its tag annotated with the agreement's seal.
    let files = git(&dir, &["show", "--name-only", "--format=", "HEAD"]);
    assert_eq!(files.trim(), "attachments.json\nattachments/signed-1.pdf");
    assert_eq!(
        git(&dir, &["cat-file", "-t", "attach-signed-1"]).trim(),
        "tag"
    );
    let note = git(&dir, &["cat-file", "-p", "attach-signed-1"]);
    let signed_note = git(&dir, &["cat-file", "-p", "signed"]);
    let seal = |n: &str| {
        n.lines()
            .find(|l| l.starts_with("Xieshang-Seal:"))
            .unwrap()
            .to_string()
    };
    assert_eq!(seal(&note), seal(&signed_note));
    assert!(findings(&ws, "2026-001").is_empty());

    // Listed, in both languages, and as JSON with the hash of the bytes.
    let list = ws.ok(&["attachments", "2026-001"]);
    assert!(
        list.contains("1. signed and stamped agreement: attachments/signed-1.pdf (PDF, 50 bytes"),
        "{list}"
    );
    assert!(list.contains("“签字文本.pdf”"), "{list}");
    let zh = ws.run_lang("zh-CN", &["attachments", "2026-001"]);
    let zh = String::from_utf8(zh.stdout).unwrap();
    assert!(
        zh.contains("1. 签字盖章的合同文本：attachments/signed-1.pdf（PDF，50 字节"),
        "{zh}"
    );
    let v: Value = serde_json::from_str(&ws.ok(&["attachments", "2026-001", "--json"])).unwrap();
    assert_eq!(
        v["attachments"][0]["sha256"],
        "2424e4b37c25d8dac4c66fd4ecd780c717b828582c3f9a9fc718672d2d5e31f1"
    );
    assert_eq!(v["attachments"][0]["format"], "pdf");
    // The history says it in the user's language.
    let log = String::from_utf8(ws.run_lang("zh-CN", &["log", "2026-001"]).stdout).unwrap();
    assert!(
        log.contains("附件：添加签字盖章的合同文本，存为 attachments/signed-1.pdf"),
        "{log}"
    );

    // The archive lists it with the agreement.
    let hits: Value =
        serde_json::from_str(&ws.ok(&["archive", "search", "津贴", "--json"])).unwrap();
    let demo = hits["agreements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["key"] == "2026-001")
        .unwrap();
    assert_eq!(demo["attachments"], serde_json::json!(["signed"]));

    // Changed on disk: verify says so, and names the file.
    std::fs::write(dir.join("attachments/signed-1.pdf"), b"%PDF-1.4\nforged\n").unwrap();
    let f = findings(&ws, "2026-001");
    assert!(
        f.iter()
            .any(|(r, m)| r == "INTEGRITY-ATTACHMENT" && m.contains("on disk")),
        "{f:?}"
    );
    // Committed by hand on top: the record's hash and the tag's file both disagree.
    git(&dir, &["commit", "-q", "-a", "-m", "replace the scan"]);
    let f = findings(&ws, "2026-001");
    let rules: Vec<&str> = f.iter().map(|(r, _)| r.as_str()).collect();
    assert!(
        f.iter()
            .any(|(r, m)| r == "INTEGRITY-ATTACHMENT"
                && m.contains("not the file that was attached")),
        "{f:?}"
    );
    assert!(
        f.iter()
            .any(|(r, m)| r == "INTEGRITY-ATTACHMENT" && m.contains("attachment was replaced")),
        "{rules:?}"
    );
}

#[test]
fn what_is_not_a_scan_or_comes_too_early_is_refused_and_nothing_changes() {
    let ws = demo();
    let dir = ws.dossier_dir("2026-001");
    let head = git(&dir, &["rev-parse", "HEAD"]);
    let text = ws.file("scan.pdf", "this is text, not a PDF");
    let o = ws.run(&[
        "attach",
        "2026-001",
        text.to_str().unwrap(),
        "--kind",
        "signed",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("scan.pdf") && err.contains("not a PDF, JPEG or PNG"),
        "{err}"
    );
    let zh = ws.run_lang(
        "zh-CN",
        &[
            "attach",
            "2026-001",
            text.to_str().unwrap(),
            "--kind",
            "signed",
        ],
    );
    assert!(String::from_utf8_lossy(&zh.stderr).contains("不是 PDF、JPEG 或 PNG 文件"));

    let o = ws.run(&[
        "attach",
        "2026-001",
        text.to_str().unwrap(),
        "--kind",
        "stamp",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("signed, resolution, receipt"));

    let big = ws.dir.path().join("big.pdf");
    let mut bytes = PDF.to_vec();
    bytes.resize(20 * 1024 * 1024 + 1, b' ');
    std::fs::write(&big, &bytes).unwrap();
    let o = ws.run(&[
        "attach",
        "2026-001",
        big.to_str().unwrap(),
        "--kind",
        "signed",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("20971520"),
        "{o:?}"
    );

    // A new dossier has no signing: the signed scan waits for it.
    let id = ws.new_dossier_of("wage");
    let scan = ws.dir.path().join("ok.pdf");
    std::fs::write(&scan, PDF).unwrap();
    let o = ws.run(&["attach", &id, scan.to_str().unwrap(), "--kind", "receipt"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("the filing"),
        "{o:?}"
    );

    // The same bytes twice: refused the second time.
    ws.ok(&[
        "attach",
        "2026-001",
        scan.to_str().unwrap(),
        "--kind",
        "receipt",
    ]);
    let after = git(&dir, &["rev-parse", "HEAD"]);
    let o = ws.run(&[
        "attach",
        "2026-001",
        scan.to_str().unwrap(),
        "--kind",
        "signed",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(git(&dir, &["rev-parse", "HEAD"]), after);
    assert_ne!(head, after);
    assert_eq!(
        git(
            &dir,
            &["rev-list", "--count", &format!("{}..HEAD", head.trim())]
        )
        .trim(),
        "1"
    );
}

#[test]
fn a_bundle_carries_the_scans_and_the_viewer_opens_them() {
    let ws = demo();
    let scan = ws.dir.path().join("receipt.png");
    std::fs::write(&scan, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    ws.ok(&[
        "attach",
        "2026-001",
        scan.to_str().unwrap(),
        "--kind",
        "receipt",
    ]);
    let file = ws.dir.path().join("demo.bundle");
    ws.ok(&["bundle", "2026-001", file.to_str().unwrap()]);
    let other = Ws::new();
    other.ok(&["import", file.to_str().unwrap()]);
    let keys: Vec<String> = std::fs::read_dir(other.root())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    // Wherever it landed (own or under the sending union's folder), its scan came with it.
    let found = walk(&other.root())
        .into_iter()
        .find(|p| p.ends_with("attachments/receipt-1.png"));
    assert!(found.is_some(), "{keys:?}");
    assert_eq!(
        std::fs::read(found.unwrap()).unwrap(),
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"
    );

    // The viewer: a stand-in that writes down what it was asked to open.
    let said = ws.dir.path().join("viewer.txt");
    let viewer = ws.dir.path().join("viewer.sh");
    std::fs::write(
        &viewer,
        // Written aside and renamed: the test reads the file as soon as it exists.
        format!(
            "#!/bin/sh\nprintf '%s' \"$1\" > '{0}.part' && mv '{0}.part' '{0}'\n",
            said.display()
        ),
    )
    .unwrap();
    std::process::Command::new("chmod")
        .args(["+x", viewer.to_str().unwrap()])
        .status()
        .unwrap();
    let o = ws
        .command("en", "2026-03-20")
        .args(["attachments", "2026-001", "--open", "1"])
        .env("XIESHANG_VIEWER", &viewer)
        .output()
        .unwrap();
    assert!(o.status.success(), "{o:?}");
    let start = std::time::Instant::now();
    while !said.exists() && start.elapsed() < std::time::Duration::from_secs(10) {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let opened = std::fs::read_to_string(&said).unwrap();
    assert!(
        opened.ends_with("2026-001/attachments/receipt-1.png"),
        "{opened}"
    );
    let o = ws.run(&["attachments", "2026-001", "--open", "2"]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("--open") && err.contains('2') && err.contains("1 and 1"),
        "{err}"
    );
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.file_name().is_some_and(|n| n == ".git") {
            continue;
        }
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn stats_go_to_csv_for_excel() {
    let ws = demo();
    let csv = ws.dir.path().join("stats.csv");
    ws.ok(&["archive", "stats", "--csv", csv.to_str().unwrap()]);
    let bytes = std::fs::read(&csv).unwrap();
    assert!(bytes.starts_with("\u{feff}".as_bytes()));
    let text = String::from_utf8(bytes).unwrap();
    let mut lines = text.trim_start_matches('\u{feff}').split("\r\n");
    assert_eq!(
        lines.next().unwrap(),
        "group,figure,count,out of,value,target,target met,falling short,unknown (not counted)"
    );
    assert!(
        lines.any(|l| l.starts_with(",wage bargaining coverage (wage special or comprehensive agreement in effect) among unionised enterprises,")),
        "{text}"
    );
}

/// `archive export --csv FILE`: the search (every agreement without words) or, with `--stats`,
/// the figures — the same files as `search --csv` and `stats --csv`, nothing printed.
#[test]
fn archive_export_writes_a_search_or_the_stats() {
    let ws = demo();
    let csv = ws.dir.path().join("all.csv");
    let o = ws.run(&["archive", "export", "--csv", csv.to_str().unwrap(), "津贴"]);
    assert!(o.status.success(), "{o:?}");
    assert!(o.stdout.is_empty());
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.starts_with('\u{feff}'));
    assert_eq!(text.trim_end().split("\r\n").count(), 2, "{text}");
    assert!(text.contains("2026-001,大连华信精密机械有限公司"), "{text}");
    let stats = ws.dir.path().join("stats.csv");
    ws.ok(&[
        "archive",
        "export",
        "--csv",
        stats.to_str().unwrap(),
        "--stats",
        "--by",
        "region",
    ]);
    let text = std::fs::read_to_string(&stats).unwrap();
    assert!(
        text.contains(",wage bargaining coverage (wage special or comprehensive agreement in effect) among unionised enterprises,"),
        "{text}"
    );
    let o = ws.run(&[
        "archive", "export", "--csv", "x.csv", "--stats", "--by", "town",
    ]);
    assert_eq!(o.status.code(), Some(1));
}
