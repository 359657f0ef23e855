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
    assert_eq!(String::from_utf8_lossy(&zh.stdout), "2026-001：完好\n");
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
    assert_eq!(d["schema_version"], 9);
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
         x recorder {ID} 新记录员; x new --kind wage --enterprise 只读
         x archive search 工资 >/dev/null"
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
    // Regression: a search on read-only storage built its index in memory without a word.
    assert_eq!(
        err.matches("the archive index was built in memory only, nothing was saved")
            .count(),
        1,
        "{err}"
    );
    assert!(!root.join(".xieshang/archive.sqlite").exists());
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
    assert_eq!(d["schema_version"], 9);
    assert_eq!(
        d["amendments"][0]["what"],
        "第十四条增加夜班津贴（旧式文字记录）"
    );
    assert_eq!(d["amendments"][0]["date"], "2026-08-01");
    assert!(d["amendments"][0].get("seal").is_none());
    assert!(d["amendments"][0].get("follows").is_none());
    assert_eq!(d["seal"]["text_sha256"], "0".repeat(64));
}

/// A change committed by hand to the sealed text (`git commit` after `sed`).
fn commit_tamper(dir: &Path) -> String {
    let path = dir.join("contract.md");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("2300元"));
    std::fs::write(&path, text.replace("2300元", "1000元")).unwrap();
    git(dir, &["commit", "-q", "-a", "-m", "typo fix"]);
    head(dir)
}

/// Regression: `amend` and `correct` re-sealed a hand-committed tamper (of the text, or of a
/// signed fact in dossier.json) and `verify` then said "intact". Now both are refused, naming the
/// rule and `verify`, and nothing is committed.
#[test]
fn nothing_is_recorded_over_a_hand_committed_change_to_the_sealed_agreement() {
    let ws = demo();
    let dir = ws.dossier_dir(ID);
    let tampered = commit_tamper(&dir);
    let o = ws.run(&["amend", ID, "--date", "2026-08-01", "--text", "调整支付日"]);
    assert_ne!(o.status.code(), Some(0), "{o:?}");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("INTEGRITY-SEAL") && err.contains("xieshang verify 2026-001"),
        "{err}"
    );
    assert_eq!(head(&dir), tampered, "nothing committed");
    assert!(git(&dir, &["tag", "-l", "amend-*"]).trim().is_empty());
    let zh = ws.run_lang(
        "zh-CN",
        &["amend", ID, "--date", "2026-08-01", "--text", "x"],
    );
    assert!(
        String::from_utf8_lossy(&zh.stderr).contains("已提交的合同与其封存指纹不符"),
        "{zh:?}"
    );
    let (code, out) = verify(&ws, ID);
    assert_eq!(code, 1, "{out}");

    // The same with a signed fact changed by hand in dossier.json and committed.
    let ws = demo();
    let dir = ws.dossier_dir(ID);
    let path = dir.join("dossier.json");
    let json = std::fs::read_to_string(&path).unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let wage = v["terms"]["min_wage_fen"].as_i64().unwrap();
    v["terms"]["min_wage_fen"] = serde_json::json!(wage - 50_000);
    std::fs::write(&path, serde_json::to_string_pretty(&v).unwrap()).unwrap();
    git(&dir, &["commit", "-q", "-a", "-m", "typo fix"]);
    let before = head(&dir);
    let o = ws.run(&[
        "correct",
        ID,
        "--what",
        "signing.date",
        "--value",
        "2026-05-21",
        "--reason",
        "笔误",
    ]);
    assert_ne!(o.status.code(), Some(0), "{o:?}");
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("INTEGRITY-SEAL"),
        "{o:?}"
    );
    assert_eq!(head(&dir), before, "nothing committed");
}

/// What an older xieshang did on a tampered agreement: record an amendment (clauses `clauses`,
/// the contract then `text`) sealing whatever was committed, tagged `amend-1`.
fn forge_amendment(dir: &Path, text: &str, clauses: &[(usize, &str)]) -> String {
    use xieshang::domain::event::{Event, commit_message};
    use xieshang::domain::seal::Seal;
    use xieshang::domain::{AmendedClause, Amendment, Dossier};
    let path = dir.join("dossier.json");
    let mut d: Dossier = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    std::fs::write(dir.join("contract.md"), text).unwrap();
    d.amendments.push(Amendment {
        date: "2026-08-01".parse().unwrap(),
        what: "调整支付日".into(),
        clauses: clauses
            .iter()
            .map(|(n, t)| AmendedClause {
                number: *n,
                text: (*t).into(),
            })
            .collect(),
        approved: None,
        follows: Some("signed".into()),
        seal: None,
        corrects: None,
    });
    let seal = Seal::of(&d, Some(text));
    if let Some(a) = d.amendments.last_mut() {
        a.seal = Some(seal.clone());
    }
    std::fs::write(&path, serde_json::to_string_pretty(&d).unwrap()).unwrap();
    let events = [Event::new("amendment.recorded")
        .arg("date", "2026-08-01")
        .arg("n", 1)
        .arg("follows", "signed")];
    git(dir, &["commit", "-q", "-a", "-m", &commit_message(&events)]);
    git(
        dir,
        &[
            "tag",
            "-a",
            "amend-1",
            "-m",
            &seal.tag_message("amendment 1"),
        ],
    );
    head(dir)
}

/// Regression: `verify` compared `HEAD` with the last seal only, so an amendment sealed over a
/// hand-committed change (what `amend` did before it refused) verified "intact", and so did a
/// tamper committed and reverted by hand. Now every commit since signing must derive from the
/// sealed state before it through what it records.
#[test]
fn verify_walks_the_chain_of_sealed_states() {
    // The tamper, then an amendment sealing it: HEAD matches the last seal.
    let ws = demo();
    let dir = ws.dossier_dir(ID);
    let tampered = commit_tamper(&dir);
    let text = std::fs::read_to_string(dir.join("contract.md")).unwrap();
    forge_amendment(&dir, &text, &[]);
    let (code, out) = verify(&ws, ID);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(&format!(
            "INTEGRITY-SEAL commit {} changed the sealed contract.md without a recorded amendment or correction",
            &tampered[..7]
        )),
        "{out}"
    );
    assert!(
        !out.contains("the committed contract.md is not the text"),
        "{out}"
    );

    // A tamper committed, then undone by hand.
    let ws = demo();
    let dir = ws.dossier_dir(ID);
    let tampered = commit_tamper(&dir);
    git(&dir, &["revert", "--no-edit", "HEAD"]);
    let (code, out) = verify(&ws, ID);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(&format!("commit {} changed", &tampered[..7])),
        "{out}"
    );

    // An amendment whose commit changes more than the clause it records.
    let ws = demo();
    let dir = ws.dossier_dir(ID);
    let text = std::fs::read_to_string(dir.join("contract.md")).unwrap();
    let first = text
        .lines()
        .find(|l| l.starts_with("第一条 "))
        .unwrap()
        .to_string();
    let amended = text
        .replace(&first, "第一条 变更后的第一条。")
        .replace("2300元", "1000元");
    let forged = forge_amendment(&dir, &amended, &[(1, "变更后的第一条。")]);
    let (code, out) = verify(&ws, ID);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(&format!(
            "commit {} changed the sealed contract.md",
            &forged[..7]
        )),
        "{out}"
    );

    // The same amendment without the smuggled change verifies clean: the derivation holds.
    let ws = demo();
    let dir = ws.dossier_dir(ID);
    let amended = text.replace(&first, "第一条 变更后的第一条。");
    forge_amendment(&dir, &amended, &[(1, "变更后的第一条。")]);
    let (code, out) = verify(&ws, ID);
    assert_eq!((code, out.as_str()), (0, "2026-001: intact\n"));
}

/// The lines of `list` under dossier `id` (its row and the marks below it).
fn list_block(ws: &Ws, id: &str) -> String {
    let list = ws.ok(&["list"]);
    let mut out = String::new();
    let mut inside = false;
    for line in list.lines() {
        if !line.starts_with(' ') {
            inside = line.starts_with(id);
        }
        if inside {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// Regression: `list` (and Home, from the same overview) showed only a broken seal: a reset
/// history, a wrong id, deleted and moved tags went unmarked while `verify` found them.
#[test]
fn list_marks_every_cheap_integrity_finding() {
    let ws = demo();
    let dir = ws.dossier_dir(ID);
    assert!(!ws.ok(&["list"]).contains('✗'));
    git(&dir, &["reset", "--hard", "HEAD~2"]);
    let block = list_block(&ws, ID);
    assert!(
        block.contains("  ✗ INTEGRITY-HISTORY tag \"effective\" names commit"),
        "{block}"
    );
    assert!(block.contains("reset: moving to HEAD~2"), "{block}");
    let json: serde_json::Value = serde_json::from_str(&ws.ok(&["list", "--json"])).unwrap();
    let rules: Vec<&str> = json[0]["integrity"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_str().unwrap().split(' ').next().unwrap())
        .collect();
    assert_eq!(
        rules,
        [
            "INTEGRITY-HISTORY",
            "INTEGRITY-HISTORY",
            "INTEGRITY-HISTORY"
        ]
    );

    let ws = demo();
    let dir = ws.dossier_dir(ID);
    git(&dir, &["tag", "-d", "round-2"]);
    git(&dir, &["tag", "-f", "round-1", "round-3"]);
    let block = list_block(&ws, ID);
    assert!(
        block.contains(
            "✗ INTEGRITY-HISTORY the record says this happened, but tag \"round-2\" is missing"
        ),
        "{block}"
    );
    assert!(
        block.contains("✗ INTEGRITY-HISTORY tag \"round-1\" sits on commit"),
        "{block}"
    );

    let ws = demo();
    let dir = ws.dossier_dir(ID);
    let path = dir.join("dossier.json");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replacen("\"id\": \"2026-001\"", "\"id\": \"2026-998\"", 1),
    )
    .unwrap();
    git(&dir, &["commit", "-q", "-a", "-m", "moved"]);
    let block = list_block(&ws, ID);
    assert!(
        block.contains(
            "✗ INTEGRITY-ID dossier.json says id \"2026-998\" but the folder is \"2026-001\""
        ),
        "{block}"
    );
}

/// Regression: `show` said nothing of a tampered text, an uncommitted change to a signed fact or
/// an id that is not the folder's, and headed its output with the wrong id.
#[test]
fn show_reports_integrity_findings_under_the_folders_id() {
    let ws = demo();
    let dir = ws.dossier_dir(ID);
    let path = dir.join("contract.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("2300元", "1000元")).unwrap();
    let out = ws.ok(&["show", ID]);
    assert!(
        out.contains("✗ INTEGRITY-SEAL contract.md on disk is not the text that was signed"),
        "{out}"
    );
    let zh = String::from_utf8(ws.run_lang("zh-CN", &["show", ID]).stdout).unwrap();
    assert!(
        zh.contains("✗ INTEGRITY-SEAL 磁盘上的 contract.md 不是签字时的文本"),
        "{zh}"
    );
    git(&dir, &["checkout", "--", "contract.md"]);

    // An uncommitted change to a signed fact.
    let path = dir.join("dossier.json");
    let json = std::fs::read_to_string(&path).unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let wage = v["terms"]["min_wage_fen"].as_i64().unwrap();
    v["terms"]["min_wage_fen"] = serde_json::json!(wage - 50_000);
    std::fs::write(&path, serde_json::to_string_pretty(&v).unwrap()).unwrap();
    let out = ws.ok(&["show", ID]);
    assert!(
        out.contains(
            "✗ INTEGRITY-SEAL dossier.json on disk no longer holds the facts that were signed"
        ),
        "{out}"
    );
    let shown = ws.show(ID);
    assert!(
        shown["integrity"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "INTEGRITY-SEAL"),
        "{shown}"
    );

    // The id changed and committed: shown under the folder's id, with the finding.
    std::fs::write(
        &path,
        json.replacen("\"id\": \"2026-001\"", "\"id\": \"2026-998\"", 1),
    )
    .unwrap();
    git(&dir, &["commit", "-q", "-a", "-m", "moved"]);
    let out = ws.ok(&["show", ID]);
    assert!(out.starts_with("2026-001  "), "{out}");
    assert!(
        out.contains(
            "✗ INTEGRITY-ID dossier.json says id \"2026-998\" but the folder is \"2026-001\""
        ),
        "{out}"
    );
    let shown = ws.show(ID);
    assert_eq!(shown["id"], "2026-001");
    assert_eq!(shown["integrity"][0]["rule"], "INTEGRITY-ID");
    // An intact dossier's JSON has no integrity key.
    let ws = demo();
    assert!(ws.show(ID).get("integrity").is_none());
}

/// Regression: `show --json` passed raw U+202E and the C1 control U+009B from a hand-edited
/// dossier.json.
#[test]
fn show_json_sanitises_hand_edited_strings() {
    let ws = demo();
    let dir = ws.dossier_dir(ID);
    let path = dir.join("dossier.json");
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    v["enterprise"]["name"] = serde_json::json!("大连\u{202E}华信\u{9B}31m精密");
    v["recorder"] = serde_json::json!("张\u{1b}]0;PWNED\u{7}三");
    std::fs::write(&path, serde_json::to_string_pretty(&v).unwrap()).unwrap();
    let out = ws.ok(&["show", ID, "--json"]);
    assert!(
        !out.contains('\u{202E}') && !out.contains('\u{9B}') && !out.contains('\u{1b}'),
        "{out:?}"
    );
    // serde's escapes of control characters would carry them too.
    assert!(
        !out.contains("\\u001b") && !out.contains("\\u009b"),
        "{out}"
    );
    let shown: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(shown["enterprise"]["name"], "大连华信精密");
    assert_eq!(shown["recorder"], "张三");
}

/// A .docx holding only a footer with `footer` in it.
fn docx_with_footer(path: &Path, footer: &str) {
    use std::io::Write;
    let mut z = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let o = zip::write::SimpleFileOptions::default();
    z.start_file("word/document.xml", o).unwrap();
    z.write_all(b"<w:document/>").unwrap();
    z.start_file("word/footer1.xml", o).unwrap();
    z.write_all(format!("<w:ftr><w:p><w:r><w:t>{footer}</w:t></w:r></w:p></w:ftr>").as_bytes())
        .unwrap();
    z.finish().unwrap();
}

/// Regression: the exported agreement carries the seal in its footer, but `verify` never read
/// it ("witnesses": []). Now each exported paper agrees (the seal in force, or an earlier sealed
/// state it was exported under) or is a finding; a PDF without `pdftotext` is said to be skipped.
#[test]
fn exported_agreements_witness_the_seal() {
    if !crate::common::servers::require("pdftotext") {
        return;
    }
    let ws = demo();
    ws.ok(&["export", ID, "contract"]);
    ws.ok(&["export", ID, "contract", "--format", "pdf"]);
    let v: serde_json::Value = serde_json::from_str(&ws.ok(&["verify", ID, "--json"])).unwrap();
    assert_eq!(
        v[0]["witnesses"],
        serde_json::json!([
            "exports/2026-001/contract.docx carries the seal in force (witness outside the dossier)",
            "exports/2026-001/contract.pdf carries the seal in force (witness outside the dossier)"
        ])
    );
    // Without pdftotext the PDF is not compared, and the line says why.
    let o = ws
        .command("zh-CN", "2026-03-20")
        .args(["verify", ID])
        .env("XIESHANG_PDFTOTEXT", "/nonexistent/pdftotext")
        .output()
        .unwrap();
    let out = String::from_utf8(o.stdout).unwrap();
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert!(
        out.contains("2026-001：exports/2026-001/contract.pdf 未作比对：读取 PDF 需要 /nonexistent/pdftotext，但未安装"),
        "{out}"
    );
    assert!(
        out.contains("exports/2026-001/contract.docx 所载封存指纹与现行的一致"),
        "{out}"
    );

    // Amended since: the paper witnesses the earlier sealed state it was exported under.
    ws.ok(&[
        "amend",
        ID,
        "--date",
        "2026-08-01",
        "--text",
        "调整",
        "--clause",
        "1=变更后的第一条。",
        "--approved",
        "2026-07-30",
    ]);
    let (code, out) = verify(&ws, ID);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains(
            "exports/2026-001/contract.docx carries the seal of \"signed\", an earlier sealed state"
        ),
        "{out}"
    );

    // A paper with a seal this agreement never had.
    let forged = ws.root().join("exports/2026-001/forged.docx");
    docx_with_footer(
        &forged,
        &format!(
            "合同文本校验值（SHA-256）：{}\n签订事实校验值（SHA-256）：{}",
            "a".repeat(64),
            "b".repeat(64)
        ),
    );
    let (code, out) = verify(&ws, ID);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(
            "INTEGRITY-WITNESS exports/2026-001/forged.docx carries a seal this agreement never had"
        ),
        "{out}"
    );
}

/// Regression: one missing blob was reported once per commit whose tree holds it. Each missing
/// object is named once.
#[test]
fn a_missing_object_is_reported_once() {
    let ws = demo();
    let dir = ws.dossier_dir(ID);
    // The signed text: the same blob in every commit since signing.
    let blob = git(&dir, &["rev-parse", "HEAD:contract.md"])
        .trim()
        .to_string();
    let holding = git(&dir, &["log", "--format=%H", "signed..HEAD"])
        .lines()
        .count();
    assert!(holding >= 2, "the blob sits in several commits");
    let loose = dir.join(".git/objects").join(&blob[..2]).join(&blob[2..]);
    assert!(loose.is_file(), "a loose object");
    std::fs::remove_file(&loose).unwrap();
    let (code, out) = verify(&ws, ID);
    assert_eq!(code, 1, "{out}");
    let missing: Vec<&str> = out
        .lines()
        .filter(|l| l.contains("INTEGRITY-OBJECTS"))
        .collect();
    assert_eq!(
        missing,
        [format!(
            "2026-001: error INTEGRITY-OBJECTS the history is missing an object: contract.md {} — the signed agreement and its record must stay as signed and filed (LCL 51–54; Provisions on Collective Contracts art. 36–42)",
            &blob[..7]
        )],
        "{out}"
    );
}
