//! Integrity, attack by attack, against the demo (signed, filed, effective, published) and the real
//! binary: each tampering gives a clear finding from `verify` (exit 1), `check` reports it, a
//! refused command commits nothing, and the untouched demo verifies clean (exit 0).

use crate::common::{Ws, git};
use std::path::Path;

const ID: &str = "2026-001";

fn demo() -> Ws {
    let ws = Ws::new();
    ws.ok(&["demo"]);
    ws
}

/// `verify ID` as (exit code, stdout).
fn verify(ws: &Ws, id: &str) -> (i32, String) {
    let o = ws.run(&["verify", id]);
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
    )
}

fn head(dir: &Path) -> String {
    git(dir, &["rev-parse", "HEAD"]).trim().to_string()
}

#[test]
fn the_demo_verifies_clean() {
    let ws = demo();
    let o = ws.run(&["verify", "--all"]);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    assert_eq!(String::from_utf8_lossy(&o.stdout), "2026-001: intact\n");
    let zh = ws.run_lang("zh-CN", &["verify", ID]);
    assert_eq!(String::from_utf8_lossy(&zh.stdout), "2026-001: 完好\n");
    // The signed tag is annotated and carries the seal that dossier.json holds.
    let dir = ws.dossier_dir(ID);
    let note = git(&dir, &["tag", "-l", "--format=%(contents)", "signed"]);
    let d = ws.show(ID);
    let text = d["seal"]["text_sha256"].as_str().unwrap();
    assert!(
        note.contains(&format!("Xieshang-Seal: text={text} facts=")),
        "{note}"
    );
}

/// Regression: a hand edit of the signed text went unseen, and a refused command then committed
/// it as "hand edit outside xieshang".
#[test]
fn a_hand_edit_after_signing_is_reported_and_never_committed() {
    let ws = demo();
    let dir = ws.dossier_dir(ID);
    let before = head(&dir);
    let path = dir.join("contract.md");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("2300元"));
    std::fs::write(&path, text.replace("2300元", "1000元")).unwrap();

    let (code, out) = verify(&ws, ID);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("INTEGRITY-WORKTREE"), "{out}");
    assert!(
        out.contains("INTEGRITY-SEAL")
            && out.contains("contract.md on disk is not the text that was signed"),
        "{out}"
    );
    let check = ws.check(ID);
    let rules: Vec<&str> = check["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["rule"].as_str())
        .collect();
    assert!(rules.contains(&"INTEGRITY-SEAL"), "{rules:?}");
    let list = ws.ok(&["list"]);
    assert!(list.contains("✗ INTEGRITY-SEAL"), "{list}");

    // A refused command (the record is sealed) commits nothing, and neither does one the record
    // would accept: nothing is saved on top of a tampered agreement.
    let o = ws.run(&["recorder", ID, "新记录员"]);
    assert_eq!(o.status.code(), Some(1));
    let o = ws.run(&[
        "correct",
        ID,
        "--what",
        "publication.date",
        "--value",
        "2026-07-03",
        "--reason",
        "落款",
    ]);
    assert_ne!(o.status.code(), Some(0));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("changed outside xieshang"),
        "{o:?}"
    );
    assert_eq!(head(&dir), before, "nothing committed");
    assert!(!git(&dir, &["log", "--format=%s"]).contains("hand edit"));
    // Restored by hand, the dossier is intact again.
    git(&dir, &["checkout", "--", "contract.md"]);
    assert_eq!(verify(&ws, ID).0, 0);
}

/// Regression: `git reset --hard HEAD~2` (the publication record vanishes) went unnoticed.
#[test]
fn a_reset_history_is_found() {
    let ws = demo();
    let dir = ws.dossier_dir(ID);
    git(&dir, &["reset", "--hard", "HEAD~2"]);
    let (code, out) = verify(&ws, ID);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("was in the history and is gone"), "{out}");
    assert!(out.contains("reset: moving to HEAD~2"), "{out}");
    assert!(out.contains("tag \"effective\" names commit"), "{out}");
}

/// Regression: a rebase that rewrote the `signed` commit (here: the signed text changed in it,
/// the later commits replayed on top) went unnoticed.
#[test]
fn a_rewritten_signing_is_found() {
    let ws = demo();
    let dir = ws.dossier_dir(ID);
    let signed = git(&dir, &["rev-list", "-n1", "signed"]).trim().to_string();
    let later = git(&dir, &["rev-list", "--reverse", &format!("{signed}..HEAD")]);
    git(&dir, &["checkout", "-q", &signed]);
    let text = std::fs::read_to_string(dir.join("contract.md")).unwrap();
    std::fs::write(dir.join("contract.md"), text.replace("2300元", "1000元")).unwrap();
    git(&dir, &["commit", "-q", "-a", "--amend", "--no-edit"]);
    for c in later.lines() {
        git(&dir, &["cherry-pick", "--allow-empty", c]);
    }
    git(&dir, &["tag", "-f", "signed", "HEAD~3"]);
    let tip = head(&dir);
    git(&dir, &["checkout", "-q", "main"]);
    git(&dir, &["reset", "-q", "--hard", &tip]);
    let (code, out) = verify(&ws, ID);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("committed contract.md is not the text that was signed"),
        "{out}"
    );
    assert!(out.contains("was in the history and is gone"), "{out}");
    assert!(out.contains("\"signed\" tag carries no seal"), "{out}");
}

#[test]
fn deleted_moved_and_replaced_tags_are_found() {
    let ws = demo();
    let dir = ws.dossier_dir(ID);
    git(&dir, &["tag", "-d", "round-2"]);
    git(&dir, &["tag", "-f", "round-1", "round-3"]);
    let (code, out) = verify(&ws, ID);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("tag \"round-2\" is missing"), "{out}");
    assert!(out.contains("tag \"round-1\" sits on commit"), "{out}");
    // The annotated, sealed tag replaced by a plain one.
    git(&dir, &["tag", "-f", "signed", "signed^{}"]);
    let (_, out) = verify(&ws, ID);
    assert!(out.contains("\"signed\" tag carries no seal"), "{out}");
}

/// Regression: a dossier whose id differs from its folder was shown under the wrong id.
#[test]
fn an_id_that_is_not_the_folder_is_found() {
    let ws = demo();
    let dir = ws.dossier_dir(ID);
    let path = dir.join("dossier.json");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replacen("\"id\": \"2026-001\"", "\"id\": \"2026-999\"", 1),
    )
    .unwrap();
    git(&dir, &["commit", "-q", "-a", "-m", "moved"]);
    let (code, out) = verify(&ws, ID);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("dossier.json says id \"2026-999\" but the folder is \"2026-001\""),
        "{out}"
    );
}

/// Schema 2 added the seal. A signed version-1 dossier (fixture written by schema 1) migrates:
/// every field kept, no seal invented — and `verify` says it cannot be proven unaltered.
#[test]
fn a_signed_version_1_dossier_migrates_without_a_seal() {
    let ws = Ws::new();
    let dir = ws.dossier_dir(ID);
    std::fs::create_dir_all(&dir).unwrap();
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/schema/v1-signed.json"
    );
    std::fs::copy(fixture, dir.join("dossier.json")).unwrap();
    git(&dir, &["init", "-q", "-b", "main"]);
    git(&dir, &["add", "dossier.json"]);
    git(&dir, &["commit", "-q", "-m", "signed on 2026-05-22"]);
    git(&dir, &["tag", "signed"]);
    let d = ws.show(ID);
    assert_eq!(d["schema_version"], 8);
    assert_eq!(d["signing"]["date"], "2026-05-22");
    assert_eq!(d["terms"]["min_wage_fen"], 215_000);
    assert!(d.get("seal").is_none());
    let (code, out) = verify(&ws, ID);
    assert_eq!(code, 1);
    assert!(out.contains("signed without a seal"), "{out}");
    // The file on disk is left as written until something is saved.
    let on_disk = std::fs::read_to_string(dir.join("dossier.json")).unwrap();
    assert!(on_disk.contains("\"schema_version\": 1"));
}

/// Read-only storage (a read-only bind mount in a private mount namespace: CI runs as root,
/// where chmod stops nothing): every read verb works and says what it says elsewhere, a write is
/// refused with a clear message, and nothing changes. Outside CI, a machine without `unshare`
/// skips; in CI that is a failure.
#[test]
fn read_only_storage_is_read_and_never_written() {
    let ws = demo();
    let root = ws.root();
    let dir = ws.dossier_dir(ID);
    let before = head(&dir);
    let bin = env!("CARGO_BIN_EXE_xieshang");
    let w = root.display().to_string();
    let script = format!(
        "mount --bind '{w}' '{w}' && mount -o remount,bind,ro '{w}' || exit 99
         x() {{ '{bin}' --workspace '{w}' --lang en --today 2026-11-26 \"$@\"; echo \"exit=$?\"; }}
         x list; x show {ID}; x log {ID}; x check {ID}; x verify {ID}
         x recorder {ID} 新记录员; x new --kind wage --enterprise 只读"
    );
    let o = std::process::Command::new("unshare")
        .args(["-m", "sh", "-c", &script])
        .env("HOME", ws.dir.path())
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output();
    let o = match o {
        Ok(o) if o.status.code() != Some(99) => o,
        other => {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI needs unshare and mount for the read-only test: {other:?}"
            );
            eprintln!("skipped: no private mount namespace here ({other:?})");
            return;
        }
    };
    let out = String::from_utf8_lossy(&o.stdout);
    let err = String::from_utf8_lossy(&o.stderr);
    let exits: Vec<&str> = out.lines().filter(|l| l.starts_with("exit=")).collect();
    // list, show, log, check (the demo has findings of warning level only), verify: 0; the two
    // writes: refused.
    assert_eq!(exits[..5], ["exit=0"; 5], "{out}\n{err}");
    assert_ne!(exits[5], "exit=0", "{out}\n{err}");
    assert_ne!(exits[6], "exit=0", "{out}\n{err}");
    assert!(out.contains("大连华信精密机械有限公司"), "{out}");
    assert!(out.contains("2026-001: intact"), "{out}");
    assert!(err.contains("cannot write to"), "{err}");
    assert_eq!(head(&dir), before);
}

/// `signed` never moves: an amendment rewrites its clauses and seals the amended agreement under
/// its own annotated tag `amend-N`, which names the state it follows; `verify` walks the chain.
#[test]
fn amendments_reseal_under_their_own_tags_and_signed_stays() {
    let ws = demo();
    let dir = ws.dossier_dir(ID);
    let signed_before = git(&dir, &["rev-list", "-n1", "signed"]);
    ws.ok(&[
        "amend",
        ID,
        "--date",
        "2026-08-01",
        "--text",
        "调整第一条表述",
        "--clause",
        "1=为维护职工和企业双方的合法权益，经双方协商一致，订立本合同（2026年8月变更）。",
        "--approved",
        "2026-07-30",
    ]);
    ws.ok(&[
        "amend",
        ID,
        "--date",
        "2026-09-01",
        "--text",
        "第二次变更",
        "--clause",
        "1=第二次变更后的第一条。",
    ]);
    assert_eq!(
        git(&dir, &["rev-list", "-n1", "signed"]),
        signed_before,
        "signed moved"
    );
    for tag in ["amend-1", "amend-2"] {
        let note = git(&dir, &["tag", "-l", "--format=%(contents)", tag]);
        assert!(note.contains("Xieshang-Seal: text="), "{tag}: {note}");
    }
    let d = ws.show(ID);
    assert_eq!(d["amendments"][0]["follows"], "signed");
    assert_eq!(d["amendments"][1]["follows"], "amend-1");
    assert_eq!(d["amendments"][0]["approved"], "2026-07-30");
    assert!(
        ws.ok(&["draft", ID, "--show"])
            .contains("第一条 第二次变更后的第一条。")
    );
    assert_eq!(verify(&ws, ID).0, 0, "{}", verify(&ws, ID).1);
    let zh = String::from_utf8(ws.run_lang("zh-CN", &["log", ID]).stdout).unwrap();
    assert!(zh.contains("2026-09-01 第2次变更（接续 amend-1）"), "{zh}");

    // An amendment cannot smuggle in structure, and a refused one commits nothing.
    let head_before = head(&dir);
    let o = ws.run(&[
        "amend",
        ID,
        "--date",
        "2026-10-01",
        "--text",
        "x",
        "--clause",
        "1=正文\n第九十九条 另起",
    ]);
    assert_eq!(o.status.code(), Some(1), "{o:?}");
    assert_eq!(head(&dir), head_before);

    // The witness of an amendment replaced by a plain tag is found.
    git(&dir, &["tag", "-f", "amend-1", "amend-1^{}"]);
    let (code, out) = verify(&ws, ID);
    assert_eq!(code, 1);
    assert!(out.contains("\"amend-1\" tag carries no seal"), "{out}");
}

/// Schema 3 gave amendments clauses, approval, the state they follow and a seal. A version-2
/// amendment (free text) migrates with its text and date kept and nothing invented.
#[test]
fn a_version_2_amendment_migrates_as_free_text() {
    let ws = Ws::new();
    let dir = ws.dossier_dir(ID);
    std::fs::create_dir_all(&dir).unwrap();
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/schema/v2-amended.json"
    );
    std::fs::copy(fixture, dir.join("dossier.json")).unwrap();
    git(&dir, &["init", "-q", "-b", "main"]);
    git(&dir, &["add", "dossier.json"]);
    git(&dir, &["commit", "-q", "-m", "amended"]);
    let d = ws.show(ID);
    assert_eq!(d["schema_version"], 8);
    assert_eq!(
        d["amendments"][0]["what"],
        "第十四条增加夜班津贴（旧式文字记录）"
    );
    assert_eq!(d["amendments"][0]["date"], "2026-08-01");
    assert!(d["amendments"][0].get("seal").is_none());
    assert!(d["amendments"][0].get("follows").is_none());
    assert_eq!(d["seal"]["text_sha256"], "0".repeat(64));
}
