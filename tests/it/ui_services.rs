//! The worker's services against a real workspace on disk: every effect the screens ask for
//! (create, open, save, draft from template, clause edit, history, diff, list) and the read-only
//! fallback when another program holds the dossier.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::NaiveDate;
use xieshang::app::view::ChangeKind;
use xieshang::app::{DraftOp, Effect, Event};
use xieshang::domain::{Representative, Side};
use xieshang::i18n::Lang;
use xieshang::service::{Fact, NewDossier};
use xieshang::ui::store_services::StoreServices;
use xieshang::ui::worker::Services;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 4, 20).unwrap()
}

#[test]
fn every_effect_round_trips_through_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("sessions");
    std::fs::create_dir_all(&root).unwrap();
    let mut s = StoreServices::new(root.clone(), Lang::ZhCn, today());

    let d = NewDossier {
        kind: "wage".into(),
        enterprise: "大连测试机械有限公司".into(),
        ..NewDossier::default()
    };
    let Some(Event::Created { id }) = s.handle(Effect::Create(Box::new(d))) else {
        panic!("not created")
    };
    let Some(Event::Opened(l)) = s.handle(Effect::OpenDossier(id.clone())) else {
        panic!("not opened")
    };
    assert!(!l.read_only);
    assert!(!l.analysis.steps.is_empty());

    // A second program sees the dossier read-only while this one holds it.
    let mut other = StoreServices::new(root.clone(), Lang::ZhCn, today());
    let Some(Event::Opened(o)) = other.handle(Effect::OpenDossier(id.clone())) else {
        panic!("second open failed")
    };
    assert!(o.read_only);

    let fact = Fact::Representative {
        rep: Representative {
            name: "王建国".into(),
            side: Side::Workers,
            post: None,
            chief: true,
            outsider: false,
            female: false,
            delegated: false,
        },
        date: today(),
    };
    let Some(Event::Saved { loaded, .. }) = s.handle(Effect::Record {
        id: id.clone(),
        fact: Box::new(fact),
    }) else {
        panic!("not saved")
    };
    assert_eq!(loaded.dossier.representatives.len(), 1);

    let Some(Event::Saved {
        loaded, message, ..
    }) = s.handle(Effect::DraftFromTemplate { id: id.clone() })
    else {
        panic!("no draft")
    };
    assert!(
        message.starts_with("草案：由模板 工资专项集体合同 生成"),
        "{message}"
    );
    let c = loaded.contract.expect("draft parses");
    assert!(c.clause_count() > 5);

    let Some(Event::Saved {
        loaded, message, ..
    }) = s.handle(Effect::EditDraft {
        id: id.clone(),
        op: DraftOp::Edit {
            number: 2,
            text: format!(
                "{}（已协商）",
                xieshang::app::clause_body(c.clauses().nth(1).unwrap().2)
            ),
        },
    })
    else {
        panic!("no edit")
    };
    assert_eq!(message, "草案：修改第二条");
    assert_eq!(loaded.contract.unwrap().clause_count(), c.clause_count());

    let Some(Event::History(v)) = s.handle(Effect::LoadHistory(id.clone())) else {
        panic!("no history")
    };
    assert!(v.len() >= 4, "{v:?}");
    assert!(v.iter().any(|x| x.tags.iter().any(|t| t == "draft")));
    let Some(Event::Diff(view)) = s.handle(Effect::ComputeDiff {
        id: id.clone(),
        old: v[1].rev.clone(),
        new: v[0].rev.clone(),
    }) else {
        panic!("no diff")
    };
    assert!(
        view.clauses
            .iter()
            .any(|c| c.kind == ChangeKind::Modified && c.new_label.as_deref() == Some("第二条")),
        "{view:?}"
    );

    let Some(Event::Listed(rows)) = s.handle(Effect::ListDossiers) else {
        panic!("no list")
    };
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].enterprise, "大连测试机械有限公司");

    // A failure comes back as a message, not a panic.
    let Some(Event::Failed(m)) = s.handle(Effect::OpenDossier("no-such".into())) else {
        panic!("missing dossier opened")
    };
    assert!(!m.is_empty());
}

/// A workspace with one new dossier of `kind`, created and opened through the worker's services
/// (in English); the folder lives as long as the first value.
fn opened(
    kind: &str,
    enterprise: &str,
) -> (
    tempfile::TempDir,
    StoreServices,
    String,
    xieshang::app::view::Loaded,
) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("sessions");
    std::fs::create_dir_all(&root).unwrap();
    let mut s = StoreServices::new(root, Lang::En, today());
    let d = NewDossier {
        kind: kind.into(),
        enterprise: enterprise.into(),
        ..NewDossier::default()
    };
    let Some(Event::Created { id }) = s.handle(Effect::Create(Box::new(d))) else {
        panic!("not created")
    };
    let Some(Event::Opened(l)) = s.handle(Effect::OpenDossier(id.clone())) else {
        panic!("not opened")
    };
    (dir, s, id, *l)
}

#[test]
fn a_clause_is_not_inserted_into_a_missing_draft() {
    let (_dir, mut s, id, l) = opened("wage", "大连测试机械有限公司");
    assert!(l.contract.is_none());
    let ev = s.handle(Effect::EditDraft {
        id: id.clone(),
        op: DraftOp::Insert {
            after: 0,
            text: "双方协商一致。".into(),
        },
    });
    let Some(Event::Failed(m)) = ev else {
        panic!("{ev:?}")
    };
    assert!(m.contains("press t"), "{m}");
    // Nothing was written: the dossier still has no draft.
    let Some(Event::Opened(l)) = s.handle(Effect::OpenDossier(id)) else {
        panic!("not reopened")
    };
    assert!(l.contract.is_none() && l.contract_error.is_none());
}

#[test]
fn the_checklist_judges_the_draft_content_like_check() {
    let (_dir, mut s, id, _) = opened("comprehensive", "大连测试机械有限公司");
    let Some(Event::Saved { mut loaded, .. }) =
        s.handle(Effect::DraftFromTemplate { id: id.clone() })
    else {
        panic!("no draft")
    };
    // Cut the draft down to one clause: required content goes missing (the chapters stay).
    while loaded.contract.as_ref().unwrap().clause_count() > 1 {
        let ev = s.handle(Effect::EditDraft {
            id: id.clone(),
            op: DraftOp::Delete { number: 1 },
        });
        let Some(Event::Saved { loaded: l, .. }) = ev else {
            panic!("{ev:?}")
        };
        loaded = l;
    }
    let rules: Vec<&str> = loaded.analysis.findings.iter().map(|f| f.rule).collect();
    assert!(rules.contains(&"CONTENT-ITEMS"), "{rules:?}");
    let keys: Vec<_> = loaded
        .analysis
        .findings
        .iter()
        .map(|f| (f.step, f.severity))
        .collect();
    assert!(keys.is_sorted(), "ordered like check: {keys:?}");
}

#[test]
fn scratch_files_are_fresh_private_and_never_follow_a_planted_file() {
    use xieshang::store::scratch;
    let dir = tempfile::tempdir().unwrap();
    let a = scratch::create_in(dir.path(), "xieshang-clause", "txt", "第一条").unwrap();
    let b = scratch::create_in(dir.path(), "xieshang-clause", "txt", "第二条").unwrap();
    assert_ne!(a, b, "each edit gets its own file");
    assert!(a.starts_with(dir.path()));
    assert_eq!(scratch::read(&a).unwrap(), "第一条");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&a).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    scratch::remove(&a).unwrap();
    assert!(!a.exists());
    scratch::remove(&a).unwrap();
    // The old predictable name, planted as a symlink, is left alone.
    #[cfg(unix)]
    {
        let target = dir.path().join("victim");
        std::fs::write(&target, "keep").unwrap();
        let planted = dir
            .path()
            .join(format!("xieshang-clause-{}.txt", std::process::id()));
        std::os::unix::fs::symlink(&target, &planted).unwrap();
        let c = scratch::create_in(dir.path(), "xieshang-clause", "txt", "x").unwrap();
        assert_ne!(c, planted);
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep");
    }
    scratch::remove(&b).unwrap();
}

/// Regression: the TUI dropped the dangling-reference report the CLI printed, and only the CLI
/// said which template variables were left unfilled. Both now come from the service's outcome.
#[test]
fn the_tui_reports_unfilled_variables_and_dangling_references_like_the_cli() {
    let (_dir, mut s, id, _) = opened("wage", "大连悬空引用有限公司");
    // No terms agreed yet: the template's figures stay blank, and the flash says which.
    let Some(Event::Saved { message, .. }) = s.handle(Effect::DraftFromTemplate { id: id.clone() })
    else {
        panic!("no draft")
    };
    assert!(
        message.contains("not yet agreed, left as visible blanks in the draft:")
            && message.contains("平均工资增长幅度"),
        "{message}"
    );
    // A clause that points at 第五条, then 第五条 deleted: the reference is reported.
    let ev = s.handle(Effect::EditDraft {
        id: id.clone(),
        op: DraftOp::Insert {
            after: 1,
            text: "工资调整按照本合同第五条的约定执行。".into(),
        },
    });
    assert!(matches!(ev, Some(Event::Saved { .. })), "{ev:?}");
    let ev = s.handle(Effect::EditDraft {
        id,
        op: DraftOp::Delete { number: 5 },
    });
    let Some(Event::Saved { message, .. }) = ev else {
        panic!("{ev:?}")
    };
    assert_eq!(
        message,
        "draft: clause 5 deleted · warning: 第二条 refers to a clause that no longer exists: 第五条"
    );
}

#[test]
fn the_inbox_and_the_union_go_through_the_service() {
    let (_dir, mut s, _id, _) = opened("wage", "大连测试机械有限公司");
    // Nothing received yet: an empty inbox (the workspace's own dossier is not in it).
    let ev = s.handle(Effect::ListInbox);
    assert_eq!(ev, Some(Event::Inbox(Vec::new())));
    let ev = s.handle(Effect::LoadIdentity);
    assert_eq!(
        ev,
        Some(Event::Identity {
            identity: None,
            changed: false
        })
    );
    // A bad code is refused by the service with its message.
    let ev = s.handle(Effect::SetIdentity {
        name: "大连市甘井子区总工会".into(),
        code: "../210211".into(),
        person: "王建国".into(),
        role: "both".into(),
    });
    let Some(Event::Failed(m)) = ev else {
        panic!("{ev:?}")
    };
    assert!(m.contains("../210211"), "{m}");
    let ev = s.handle(Effect::SetIdentity {
        name: "大连市甘井子区总工会".into(),
        code: "210211".into(),
        person: "王建国".into(),
        role: "both".into(),
    });
    let Some(Event::Identity {
        identity: Some(i),
        changed: true,
    }) = ev
    else {
        panic!("{ev:?}")
    };
    assert_eq!(i.union.code, "210211");
    assert_eq!(i.role, xieshang::domain::Role::Both);
    // Read back as set.
    let Some(Event::Identity {
        identity: Some(again),
        changed: false,
    }) = s.handle(Effect::LoadIdentity)
    else {
        panic!("not set")
    };
    assert_eq!(again, i);
}

/// A bare repository `name` in `dir`, as a union would host one (`git init --bare -b main`).
fn bare_repo(dir: &std::path::Path, name: &str) -> String {
    let path = dir.join(name);
    let out = std::process::Command::new("git")
        .args(["init", "--quiet", "--bare", "-b", "main"])
        .arg(&path)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    path.display().to_string()
}

/// A workspace at `dir/name` whose union is set through the service (`role`: grassroots,
/// reviewer, both), and the worker's services on it (in English).
fn union_workspace(
    dir: &std::path::Path,
    name: &str,
    union: (&str, &str, &str),
    role: &str,
) -> (std::path::PathBuf, StoreServices) {
    let root = dir.join(name);
    std::fs::create_dir_all(&root).unwrap();
    let mut svc = xieshang::service::Service::open(&root, Lang::En, today()).unwrap();
    svc.set_identity(union.0, union.1, union.2, role).unwrap();
    drop(svc);
    let s = StoreServices::new(root.clone(), Lang::En, today());
    (root, s)
}

fn exchanged(ev: Option<Event>) -> (String, bool) {
    match ev {
        Some(Event::Exchanged { message, changed }) => (message, changed),
        other => panic!("{other:?}"),
    }
}

const GRASSROOTS: (&str, &str, &str) = ("大连华信精密机械有限公司工会", "210213001", "张华");
const REVIEWER: (&str, &str, &str) = ("大连市甘井子区总工会", "210213", "周审");

/// Send and receive from the screens, over a real bare repository: the grassroots union sends
/// its dossier, the reviewer (which took it in with `clone`) sends its opinion back from the
/// inbox, and the grassroots union's fetch merges it, as the CLI's verbs do.
#[test]
fn send_and_receive_go_through_the_service_over_a_bare_repository() {
    let dir = tempfile::tempdir().unwrap();
    let url = bare_repo(dir.path(), "hub.git");
    let (_, mut g) = union_workspace(dir.path(), "grassroots", GRASSROOTS, "grassroots");
    let Some(Event::Created { id }) = g.handle(Effect::Create(Box::new(NewDossier {
        kind: "wage".into(),
        enterprise: "大连华信精密机械有限公司".into(),
        ..NewDossier::default()
    }))) else {
        panic!("not created")
    };
    assert!(matches!(
        g.handle(Effect::OpenDossier(id.clone())),
        Some(Event::Opened(_))
    ));
    assert!(matches!(
        g.handle(Effect::DraftFromTemplate { id: id.clone() }),
        Some(Event::Saved { .. })
    ));
    for fact in [
        Fact::DraftSigned(today()),
        Fact::PreReview {
            submitted: Some(today()),
            received: None,
            decision: None,
            opinion: None,
            withdraw: None,
        },
    ] {
        let ev = g.handle(Effect::Record {
            id: id.clone(),
            fact: Box::new(fact),
        });
        assert!(matches!(ev, Some(Event::Saved { .. })), "{ev:?}");
    }

    // No remote yet: the store's message, and nothing to reload.
    let ev = g.handle(Effect::Push(id.clone()));
    let Some(Event::Refused(m)) = ev else {
        panic!("{ev:?}")
    };
    assert!(m.contains("has no remote \"origin\""), "{m}");

    let (m, changed) = exchanged(g.handle(Effect::AddRemote {
        id: id.clone(),
        name: "origin".into(),
        url: url.clone(),
    }));
    assert_eq!(m, format!("{id}: remote origin → {url}"));
    assert!(!changed);
    let (m, changed) = exchanged(g.handle(Effect::Push(id.clone())));
    assert_eq!(m, format!("{id}: sent to origin"));
    assert!(!changed);
    let (m, changed) = exchanged(g.handle(Effect::Fetch(id.clone())));
    assert_eq!(m, format!("{id}: fetched from origin; nothing to merge"));
    assert!(!changed);

    // The reviewer takes the dossier in, records an opinion and sends it from its inbox.
    let (r_root, mut r) = union_workspace(dir.path(), "reviewer", REVIEWER, "reviewer");
    let key = xieshang::service::Service::open(&r_root, Lang::En, today())
        .unwrap()
        .clone_dossier(&url, None)
        .unwrap()
        .key;
    assert_eq!(key, format!("210213001/{id}"));
    let Some(Event::Inbox(rows)) = r.handle(Effect::ListInbox) else {
        panic!("no inbox")
    };
    assert_eq!(rows.len(), 1);
    let ev = r.handle(Effect::Record {
        id: key.clone(),
        fact: Box::new(Fact::PreReview {
            submitted: None,
            received: None,
            decision: None,
            opinion: Some(("第二条".into(), "适用范围应写明包括劳务派遣职工。".into())),
            withdraw: None,
        }),
    });
    assert!(matches!(ev, Some(Event::Saved { .. })), "{ev:?}");
    // Leaving the dossier for the inbox lets its lock go, and so does a send from there.
    assert!(matches!(r.handle(Effect::ListInbox), Some(Event::Inbox(_))));
    let (m, changed) = exchanged(r.handle(Effect::Push(key.clone())));
    assert_eq!(m, format!("{key}: sent to origin"));
    assert!(!changed);
    let mut other = StoreServices::new(r_root, Lang::En, today());
    let Some(Event::Opened(l)) = other.handle(Effect::OpenDossier(key.clone())) else {
        panic!("not opened")
    };
    assert!(!l.read_only, "the inbox's send kept the row's lock");

    // The grassroots union receives it: merged, and the screen is told to reload.
    let (m, changed) = exchanged(g.handle(Effect::Fetch(id.clone())));
    assert_eq!(m, format!("{id}: taken in from origin/prereview/210213"));
    assert!(changed);
    let Some(Event::Opened(l)) = g.handle(Effect::OpenDossier(id.clone())) else {
        panic!("not reopened")
    };
    let opinions = &l.dossier.prereview().unwrap().opinions;
    assert_eq!(opinions.len(), 1, "{opinions:?}");
    assert_eq!(opinions[0].clause, "第二条");
    // A second fetch has nothing new.
    let (m, changed) = exchanged(g.handle(Effect::Fetch(id.clone())));
    assert_eq!(m, format!("{id}: origin/prereview/210213 has nothing new"));
    assert!(!changed);
}

/// A bundle written from the dossier screen is taken in by another workspace from its Home:
/// a new received dossier, in its inbox; taking it in again changes nothing.
#[test]
fn a_bundle_written_here_is_imported_into_a_reviewers_workspace() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut g) = union_workspace(dir.path(), "grassroots", GRASSROOTS, "grassroots");
    let Some(Event::Created { id }) = g.handle(Effect::Create(Box::new(NewDossier {
        kind: "wage".into(),
        enterprise: "大连华信精密机械有限公司".into(),
        ..NewDossier::default()
    }))) else {
        panic!("not created")
    };
    assert!(matches!(
        g.handle(Effect::OpenDossier(id.clone())),
        Some(Event::Opened(_))
    ));
    assert!(matches!(
        g.handle(Effect::DraftFromTemplate { id: id.clone() }),
        Some(Event::Saved { .. })
    ));
    let file = dir.path().join(format!("{id}.bundle"));
    let (m, changed) = exchanged(g.handle(Effect::WriteBundle {
        id: id.clone(),
        file: file.clone(),
    }));
    let bytes = std::fs::metadata(&file).unwrap().len();
    assert!(bytes > 0);
    assert_eq!(
        m,
        format!("{id}: written to {} ({bytes} bytes)", file.display())
    );
    assert!(!changed);
    // The dossier is still held open by this program.
    let mut other = StoreServices::new(dir.path().join("grassroots"), Lang::En, today());
    let Some(Event::Opened(l)) = other.handle(Effect::OpenDossier(id.clone())) else {
        panic!("not opened")
    };
    assert!(l.read_only);

    let (_, mut r) = union_workspace(dir.path(), "reviewer", REVIEWER, "reviewer");
    let (m, changed) = exchanged(r.handle(Effect::ImportBundle(file.clone())));
    assert_eq!(
        m,
        format!("imported 210213001/{id}: 大连华信精密机械有限公司 (new here)")
    );
    assert!(changed);
    let Some(Event::Inbox(rows)) = r.handle(Effect::ListInbox) else {
        panic!("no inbox")
    };
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].key, format!("210213001/{id}"));
    let (m, changed) = exchanged(r.handle(Effect::ImportBundle(file.clone())));
    assert!(
        m.starts_with(&format!(
            "imported into 210213001/{id}: 大连华信精密机械有限公司"
        )),
        "{m}"
    );
    assert!(!changed, "{m}");
    // Nothing there to take in: the store's message.
    let ev = r.handle(Effect::ImportBundle(dir.path().join("missing.bundle")));
    assert!(matches!(ev, Some(Event::Failed(_))), "{ev:?}");
}

/// The Diff screen's comparisons with the template and the previous agreement come from the
/// service's `compare_against`; no previous agreement is said, not a reason to reload.
#[test]
fn the_draft_is_compared_with_its_template_and_the_previous_agreement() {
    let (_dir, mut s, id, _) = opened("wage", "大连测试机械有限公司");
    let Some(Event::Saved { loaded, .. }) = s.handle(Effect::DraftFromTemplate { id: id.clone() })
    else {
        panic!("no draft")
    };
    let c = loaded.contract.unwrap();
    let ev = s.handle(Effect::EditDraft {
        id: id.clone(),
        op: DraftOp::Edit {
            number: 2,
            text: format!(
                "{}（已协商）",
                xieshang::app::clause_body(c.clauses().nth(1).unwrap().2)
            ),
        },
    });
    assert!(matches!(ev, Some(Event::Saved { .. })), "{ev:?}");
    let ev = s.handle(Effect::CompareAgainst {
        id: id.clone(),
        against: xieshang::service::against::Against::Template,
    });
    let Some(Event::Diff(view)) = ev else {
        panic!("{ev:?}")
    };
    assert_eq!(
        (view.old_label.as_str(), view.new_label.as_str()),
        ("wage", "HEAD")
    );
    assert_eq!(view.clauses.len(), 1, "{view:?}");
    assert_eq!(view.clauses[0].kind, ChangeKind::Modified);
    assert_eq!(view.clauses[0].new_label.as_deref(), Some("第二条"));
    let ev = s.handle(Effect::CompareAgainst {
        id,
        against: xieshang::service::against::Against::Previous,
    });
    let Some(Event::Refused(m)) = ev else {
        panic!("{ev:?}")
    };
    assert!(m.contains("no earlier signed agreement"), "{m}");
}

/// The Archive's effects against the demo workspace (`xieshang init`): a search for 津贴 finds
/// the demo's four clauses through the service's index, the chips narrow it, the agreement opens
/// read-only at a clause without taking the dossier's lock, the digest and the figures come from
/// `archive_due` and `coverage_report`.
#[test]
fn the_archive_searches_the_demo_opens_at_a_clause_and_counts() {
    use xieshang::service::coverage::GroupBy;
    use xieshang::service::tui_archive::Search;
    let ws = crate::common::Ws::new();
    ws.ok(&["init"]);
    let mut s = StoreServices::new(ws.root(), Lang::ZhCn, today());
    let search = |text: &str, status: Option<&str>, kind: Option<&str>| {
        Effect::ArchiveSearch(Search {
            text: text.into(),
            status: status.map(str::to_string),
            kind: kind.map(str::to_string),
        })
    };
    let Some(Event::ArchiveHits(hits, _)) = s.handle(search("津贴", None, None)) else {
        panic!("no hits")
    };
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0].row.key, "2026-001");
    let labels: Vec<&str> = hits[0].clauses.iter().map(|c| c.label.as_str()).collect();
    assert_eq!(labels, ["第七条", "第十六条", "第十九条", "第二十条"]);
    assert!(hits[0].clauses.iter().all(|c| c.text.contains("津贴")));
    assert!(hits[0].clauses[2].text.contains("高温津贴每月150元"));
    // The chips: a wage agreement, signed — not a draft, not a safety contract.
    let found = |s: &mut StoreServices, e| match s.handle(e) {
        Some(Event::ArchiveHits(h, _)) => h.len(),
        other => panic!("{other:?}"),
    };
    assert_eq!(found(&mut s, search("津贴", None, Some("wage"))), 1);
    assert_eq!(found(&mut s, search("津贴", Some("draft"), None)), 0);
    assert_eq!(found(&mut s, search("津贴", None, Some("safety"))), 0);
    assert_eq!(found(&mut s, search("", None, None)), 1, "no phrase: all");
    assert_eq!(found(&mut s, search("鑫", None, None)), 0);

    // Read-only at 第十九条, and the dossier stays free for another program to write.
    let Some(Event::Viewed { loaded, clause }) = s.handle(Effect::ViewAgreement {
        key: "2026-001".into(),
        clause: Some(18),
    }) else {
        panic!("not viewed")
    };
    assert!(loaded.read_only);
    assert_eq!(clause, Some(18));
    let (_, _, cl) = loaded.contract.as_ref().unwrap().clauses().nth(18).unwrap();
    assert!(xieshang::app::clause_body(cl).contains("高温津贴每月150元"));
    let mut other = StoreServices::new(ws.root(), Lang::ZhCn, today());
    let Some(Event::Opened(o)) = other.handle(Effect::OpenDossier("2026-001".into())) else {
        panic!("not opened")
    };
    assert!(!o.read_only, "viewing from the archive holds no lock");

    let Some(Event::Due(_)) = s.handle(Effect::LoadDue) else {
        panic!("no digest")
    };
    let Some(Event::Coverage(c)) = s.handle(Effect::LoadCoverage(GroupBy::Region)) else {
        panic!("no coverage")
    };
    // The demo is in Dalian: its region is named.
    assert_eq!(c.groups.len(), 1);
    assert!(
        c.groups[0].group.starts_with("210200 "),
        "{:?}",
        c.groups[0].group
    );
    assert!(c.groups[0].figures.iter().any(|f| f.key == "coverage"));
}

/// A reviewer's archive holds what it received, under its `CODE/ID` key: found, and opened
/// read-only at a clause by that key.
#[test]
fn a_received_agreement_is_found_and_opened_by_its_key() {
    use xieshang::service::tui_archive::Search;
    let dir = tempfile::tempdir().unwrap();
    let (_, mut g) = union_workspace(dir.path(), "grassroots", GRASSROOTS, "grassroots");
    let Some(Event::Created { id }) = g.handle(Effect::Create(Box::new(NewDossier {
        kind: "wage".into(),
        enterprise: "大连华信精密机械有限公司".into(),
        ..NewDossier::default()
    }))) else {
        panic!("not created")
    };
    assert!(matches!(
        g.handle(Effect::DraftFromTemplate { id: id.clone() }),
        Some(Event::Saved { .. })
    ));
    let file = dir.path().join("d.bundle");
    exchanged(g.handle(Effect::WriteBundle {
        id: id.clone(),
        file: file.clone(),
    }));
    let (_, mut r) = union_workspace(dir.path(), "reviewer", REVIEWER, "reviewer");
    exchanged(r.handle(Effect::ImportBundle(file)));
    let key = format!("210213001/{id}");
    let Some(Event::ArchiveHits(hits, _)) = r.handle(Effect::ArchiveSearch(Search {
        text: "工资".into(),
        ..Search::default()
    })) else {
        panic!("no hits")
    };
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].row.key, key);
    let c = hits[0].clauses.first().unwrap();
    assert_eq!(c.version, "current");
    let Some(Event::Viewed { loaded, .. }) = r.handle(Effect::ViewAgreement {
        key,
        clause: usize::try_from(c.no - 1).ok(),
    }) else {
        panic!("not viewed")
    };
    assert!(loaded.read_only);
    assert_eq!(loaded.standing.received_from.as_deref(), Some("210213001"));
}
