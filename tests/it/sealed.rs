//! Issues #8 and #12: a signed fact typed wrong (the signing date, the congress date) is corrected
//! as a new sealed state. `signed` never moves; the correction is its own commit under an
//! annotated `amend-N` tag that carries the new seal and names the state it follows; `verify`
//! checks the whole chain; `show` and the Dossier screen list it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common::{Ws, git};
use crate::ui_support::render;
use xieshang::app::{App, Effect, Event, Screen};
use xieshang::domain::procedure::Step;
use xieshang::i18n::Lang;
use xieshang::service::Fact;
use xieshang::ui::store_services::StoreServices;
use xieshang::ui::worker::Services;

/// The demo's signed text, as sealed at signing (and unchanged by a correction of a date).
const SIGNED_TEXT: &str = "4dcdad00a4833ef3e4361c8154d9b370de8d8de1734561e431040b285138e500";
/// The demo's signed facts at signing.
const SIGNED_FACTS: &str = "06c29013f81cc9135c67677f6d6ecfc259d8c0737616cd885096e5091efbfcce";

fn run(ws: &Ws, lang: &str, args: &[&str]) -> (i32, String, String) {
    let o = ws.run_at(lang, "2026-12-02", args);
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8(o.stdout).unwrap(),
        String::from_utf8(o.stderr).unwrap(),
    )
}

#[test]
fn a_mistyped_signing_date_is_corrected_as_a_new_sealed_state() {
    let ws = Ws::new();
    ws.ok(&["demo"]);
    let dir = ws.dossier_dir("2026-001");
    let signed_tag = git(&dir, &["rev-parse", "signed"]);
    let signed_commit = git(&dir, &["rev-parse", "signed^{}"]);
    let head = git(&dir, &["rev-parse", "HEAD"]);

    // A date after the filing is refused, naming both facts in the user's language; nothing is
    // committed and no tag made.
    let (code, _, err) = run(
        &ws,
        "en",
        &[
            "correct",
            "2026-001",
            "--what",
            "signing.date",
            "--value",
            "2026-05-29",
            "--reason",
            "typo",
        ],
    );
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains(
            "signing date = \"2026-05-29\": cannot be later than date sent for filing (2026-05-27)"
        ),
        "{err}"
    );
    assert_eq!(git(&dir, &["rev-parse", "HEAD"]), head);
    assert_eq!(git(&dir, &["tag", "-l", "amend-*"]), "");

    let (code, out, err) = run(
        &ws,
        "zh-CN",
        &[
            "correct",
            "2026-001",
            "--what",
            "signing.date",
            "--value",
            "2026-05-21",
            "--reason",
            "签字页落款为5月21日",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "2026-001：更正 签字日期：2026-05-22 → 2026-05-21，理由：签字页落款为5月21日；\
         2026-12-02 第1次变更（接续 signed）\n"
    );
    // `signed` has not moved: same tag object, same commit, same seal.
    assert_eq!(git(&dir, &["rev-parse", "signed"]), signed_tag);
    assert_eq!(git(&dir, &["rev-parse", "signed^{}"]), signed_commit);
    // The new state: an annotated tag on the correction's own commit, carrying the seal of the
    // same text and the corrected facts.
    assert_eq!(git(&dir, &["cat-file", "-t", "amend-1"]).trim(), "tag");
    assert_eq!(
        git(&dir, &["rev-parse", "amend-1^{}"]),
        git(&dir, &["rev-parse", "HEAD"])
    );
    let note = git(&dir, &["tag", "-l", "--format=%(contents)", "amend-1"]);
    assert!(
        note.contains(&format!("Xieshang-Seal: text={SIGNED_TEXT} facts=")),
        "{note}"
    );
    assert!(!note.contains(SIGNED_FACTS), "the facts changed: {note}");
    let d = ws.show("2026-001");
    assert_eq!(d["signing"]["date"], "2026-05-21");
    assert_eq!(d["seal"]["facts_sha256"], SIGNED_FACTS);
    assert_eq!(d["amendments"][0]["corrects"], "signing.date");
    assert_eq!(d["amendments"][0]["follows"], "signed");
    assert_eq!(d["amendments"][0]["what"], "签字页落款为5月21日");
    assert_eq!(d["corrections"][0]["old"], "2026-05-22");
    assert_eq!(d["corrections"][0]["new"], "2026-05-21");

    let (code, out, _) = run(&ws, "en", &["verify", "2026-001"]);
    assert_eq!((code, out.as_str()), (0, "2026-001: intact\n"));
    let (_, out, _) = run(&ws, "en", &["show", "2026-001"]);
    assert!(
        out.contains(
            "amendments:\n  amend-1 2026-12-02 (follows signed): corrects the signing date, \
             2026-05-22 → 2026-05-21, because 签字页落款为5月21日\n"
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "corrections:\n  signing date 2026-05-22 → 2026-05-21, corrected on 2026-12-02"
        ),
        "{out}"
    );

    // An amendment after it follows it; the chain verifies.
    let (code, _, err) = run(
        &ws,
        "zh-CN",
        &[
            "amend",
            "2026-001",
            "--date",
            "2026-12-02",
            "--text",
            "工资支付日调整为每月10日",
            "--approved",
            "2026-12-01",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let d = ws.show("2026-001");
    assert_eq!(d["amendments"][1]["follows"], "amend-1");
    let (code, out, _) = run(&ws, "zh-CN", &["show", "2026-001"]);
    assert!(
        out.contains(
            "变更：\n  amend-1 2026-12-02（接续 signed）：更正签字日期 2026-05-22 → 2026-05-21，\
             理由：签字页落款为5月21日\n  amend-2 2026-12-02（接续 amend-1）：工资支付日调整为每月10日，\
             职代会2026-12-01通过\n"
        ),
        "{code} {out}"
    );
    let (code, out, _) = run(&ws, "en", &["verify", "2026-001"]);
    assert_eq!((code, out.as_str()), (0, "2026-001: intact\n"));

    // The chain is checked link by link: the correction's tag deleted is found.
    git(&dir, &["tag", "-d", "amend-1"]);
    let (code, out, _) = run(&ws, "en", &["verify", "2026-001"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("amend-1"), "{out}");
}

#[test]
fn a_congress_date_is_corrected_within_the_signed_order() {
    let ws = Ws::new();
    ws.ok(&["demo"]);
    let dir = ws.dossier_dir("2026-001");
    let head = git(&dir, &["rev-parse", "HEAD"]);
    let (code, _, err) = run(
        &ws,
        "zh-CN",
        &[
            "correct",
            "2026-001",
            "--what",
            "congress.date",
            "--value",
            "2026-05-23",
            "--reason",
            "录入错误",
        ],
    );
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "错误：职代会表决日期 = “2026-05-23”：不能晚于签字日期（2026-05-22）\n"
    );
    assert_eq!(git(&dir, &["rev-parse", "HEAD"]), head);
    let (code, out, err) = run(
        &ws,
        "en",
        &[
            "correct",
            "2026-001",
            "--what",
            "congress.date",
            "--value",
            "2026-05-19",
            "--reason",
            "the resolution is dated the 19th",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("date of the congress vote"), "{out}");
    let d = ws.show("2026-001");
    assert_eq!(d["congress"]["date"], "2026-05-19");
    assert_eq!(d["amendments"][0]["corrects"], "congress.date");
    let (code, out, _) = run(&ws, "en", &["verify", "2026-001"]);
    assert_eq!((code, out.as_str()), (0, "2026-001: intact\n"));
}

/// The TUI's worker records the same correction through the service, and the Signing step lists
/// the sealed state in the user's language.
#[test]
fn the_dossier_screen_lists_the_sealed_states() {
    let ws = Ws::new();
    ws.ok(&["demo"]);
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
    for (lang, line) in [
        (
            Lang::ZhCn,
            "amend-1 2026-12-02（接续 signed）：更正签字日期 2026-05-22 → 2026-05-21，理由：签字页",
        ),
        (
            Lang::En,
            "amend-1 2026-12-02 (follows signed): corrects the signing date, 2026-05-22 → 2026-05-21",
        ),
    ] {
        let mut s = StoreServices::new(ws.root(), lang, today);
        let fact = Fact::Correct {
            what: "signing.date".into(),
            value: if lang == Lang::ZhCn {
                "2026-05-21".into()
            } else {
                "2026-05-22".into()
            },
            reason: "签字页落款".into(),
            date: today,
        };
        let Some(Event::Saved { loaded, .. }) = s.handle(Effect::Record {
            id: "2026-001".into(),
            fact: Box::new(fact),
        }) else {
            panic!("not saved")
        };
        let mut app = App::new(lang, today);
        app.open = Some(*loaded);
        app.screen = Screen::Dossier;
        app.dossier.step = Step::ALL.iter().position(|s| *s == Step::Signing).unwrap();
        let frame = render(&app, 200, 50);
        assert!(frame.contains(line), "{frame}");
    }
    // The second correction (back to the 22nd) follows the first.
    let d = ws.show("2026-001");
    assert_eq!(d["amendments"][1]["follows"], "amend-1");
    assert_eq!(d["signing"]["date"], "2026-05-22");
    let o = ws.run_at("en", "2026-12-02", &["verify", "2026-001"]);
    assert_eq!(String::from_utf8_lossy(&o.stdout), "2026-001: intact\n");
}
