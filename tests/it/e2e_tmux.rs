//! End to end: drives the real binary in tmux at 120×40 as a new user would — create a dossier,
//! add representatives, record the request, open a round, record positions, agree an issue, close
//! the round, edit a clause, view the diff, quit — then checks `xieshang show --json` and
//! `git log` in the dossier. Skipped (with the reason printed) only when tmux is missing and
//! `CI` is not set; on CI a missing tmux is a failure.
//!
//! The binary is the one cargo built for these tests (`CARGO_BIN_EXE_xieshang`): the same code a
//! user runs with `cargo run`, without a second, release build of everything (which cost CI four
//! minutes on two cores).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common::tmux::Tmux;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// The binary under test.
fn binary() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_BIN_EXE_xieshang"))
}

const TODAY: &str = "2026-04-20";

/// Where the user's settings would be read: the folder holding the workspace, so neither the
/// machine's git configuration nor its fonts or editor reach the program.
fn home(ws: &Path) -> &Path {
    ws.parent().unwrap()
}

/// The TUI on `ws` in English as on [`TODAY`], in tmux, with the user's settings shut out.
fn tui(bin: &Path, ws: &Path) -> Tmux {
    let home = home(ws).display();
    Tmux::start(
        "e2e",
        &format!(
            "env HOME={home} XDG_CONFIG_HOME={home} GIT_CONFIG_NOSYSTEM=1 EDITOR=true {} \
             --workspace {} --lang en --today {TODAY}",
            bin.display(),
            ws.display()
        ),
    )
}

fn cli(bin: &Path, ws: &Path, args: &[&str]) -> String {
    let out = crate::common::binary_env(&mut Command::new(bin), home(ws))
        .args([
            "--workspace",
            &ws.display().to_string(),
            "--lang",
            "en",
            "--today",
            TODAY,
        ])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn a_new_user_bargains_a_round_in_the_tui() {
    if Command::new("tmux").arg("-V").output().is_err() {
        assert!(std::env::var_os("CI").is_none(), "tmux is required on CI");
        println!("skipped: tmux is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("sessions");
    let bin = binary();
    cli(&bin, &ws, &["init"]);

    let t = tui(&bin, &ws);
    t.wait_for("Dossiers");
    // New dossier through the wizard.
    t.keys(&["n"]);
    t.wait_for("New dossier");
    t.text("Harbour Machine Works");
    t.keys(&["Enter"]);
    t.wait_for("Procedure");
    // Representatives: a workers' chief and an employer's chief.
    t.keys(&["a"]);
    t.wait_for("Representative");
    t.text("Wang Jianguo");
    t.keys(&["Tab", "Tab", "Tab", "Space", "Enter"]);
    t.wait_for("Wang Jianguo");
    t.keys(&["a"]);
    t.text("Liu Zong");
    t.keys(&["Tab", "Space", "Tab", "Tab", "Space", "Enter"]);
    t.wait_for("Liu Zong");
    // The request.
    t.keys(&["j", "e"]);
    t.wait_for("Bargaining request");
    // The dates open empty (the hint says which date); a receipt left empty is the sending day.
    t.text("04-01");
    t.keys(&["Tab", "Tab"]);
    t.text("wages");
    t.keys(&["Enter"]);
    t.wait_for("Saved: offer");
    // Open a round and go to the table.
    t.keys(&["j", "j", "a"]);
    t.wait_for("Open a round");
    t.keys(&["Enter"]);
    t.wait_for("Round 1");
    t.keys(&["i"]);
    t.text("increase");
    t.keys(&["Tab"]);
    t.text("8%");
    t.keys(&["Enter"]);
    t.wait_for("8%");
    t.keys(&["e"]);
    t.text("3%");
    t.keys(&["Enter"]);
    t.wait_for("3%");
    t.keys(&["a"]);
    t.text("6%");
    t.keys(&["Enter"]);
    t.wait_for("✓6%");
    t.keys(&["c"]);
    t.wait_for("Close the round");
    t.keys(&["Space", "Enter"]);
    t.wait_for("Saved: round 1: closed");
    // Agreed terms, then the draft from the template with them filled in.
    t.keys(&["q"]);
    t.wait_for("Procedure");
    t.keys(&["j", "e"]);
    t.wait_for("Agreed terms");
    t.text("6%");
    t.keys(&["Enter"]);
    t.wait_for("Saved: terms");
    t.keys(&["d"]);
    t.wait_for("No draft yet");
    t.keys(&["t"]);
    t.wait_for("Saved: draft: created from template");
    t.wait_for("第一条");
    // Edit clause 2 in place.
    t.keys(&["j", "Enter"]);
    t.wait_for("Ctrl-S");
    t.keys(&["C-e"]);
    t.text("（已协商）");
    t.keys(&["C-s"]);
    t.wait_for("Saved: draft: clause 2 modified");
    // What changed since the template: mark it as base.
    t.keys(&["v"]);
    t.wait_for("Versions");
    // The list comes from the worker after the screen: moving in it before it is there does
    // nothing, and `b` then marks the newest version, the default target (nothing to compare).
    t.wait_for("draft: created");
    t.keys(&["j", "b"]);
    t.wait_for("modified");
    t.keys(&["s"]);
    t.wait_for("New");
    t.keys(&["q", "q", "q"]);
    let start = Instant::now();
    while !t.gone() && start.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(t.gone(), "q from home quits");

    let list = cli(&bin, &ws, &["list", "--json"]);
    let rows: serde_json::Value = serde_json::from_str(&list).unwrap();
    let id = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r.to_string().contains("Harbour Machine Works"))
        .and_then(|r| r["id"].as_str())
        .unwrap()
        .to_string();
    let shown: serde_json::Value =
        serde_json::from_str(&cli(&bin, &ws, &["show", &id, "--json"])).unwrap();
    assert_eq!(shown["representatives"].as_array().unwrap().len(), 2);
    assert_eq!(shown["offer"]["topics"][0], "wages");
    assert_eq!(shown["offer"]["sent"], "2026-04-01");
    assert_eq!(shown["offer"]["received"], "2026-04-01");
    let round = &shown["rounds"][0];
    assert_eq!(round["state"]["state"], "closed", "{round}");
    assert_eq!(round["issues"][0]["agreed"], "6%");
    assert_eq!(shown["terms"]["avg_wage_increase_bp"], 600);

    let git = Command::new("git")
        .args(["log", "--format=%s%d"])
        .current_dir(ws.join(&id))
        .output()
        .unwrap();
    let log = String::from_utf8_lossy(&git.stdout);
    for expected in [
        "round 1: closed",
        "round-1",
        "offer",
        "draft: clause 2 modified",
        "representatives: Wang Jianguo added",
    ] {
        assert!(
            log.contains(expected),
            "{expected:?} not in git log:\n{log}"
        );
    }
}

/// Issue #12 at the table and in the forms, through tmux: a typed position below the legal floor
/// is marked at once with its rule, a round suspended with signed minutes, a recorded fact
/// corrected with a reason, and an amendment of the signed agreement from its form. The steps
/// between (signing) are recorded with the CLI, as a user with both at hand would.
#[test]
fn a_floor_a_suspension_a_correction_and_an_amendment_in_the_tui() {
    if Command::new("tmux").arg("-V").output().is_err() {
        assert!(std::env::var_os("CI").is_none(), "tmux is required on CI");
        println!("skipped: tmux is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("sessions");
    let bin = binary();
    cli(&bin, &ws, &["init"]);
    let id = cli(
        &bin,
        &ws,
        &[
            "new",
            "--kind",
            "wage",
            "--enterprise",
            "Harbour Valve Works",
            "--staff",
            "120",
        ],
    )
    .trim()
    .to_string();
    for args in [
        vec![
            "rep",
            &id,
            "--side",
            "workers",
            "--name",
            "Wang Jianguo",
            "--chief",
        ],
        vec![
            "rep", &id, "--side", "employer", "--name", "Liu Zong", "--chief",
        ],
        vec![
            "offer",
            &id,
            "--by",
            "workers",
            "--sent",
            "2026-04-01",
            "--received",
            "2026-04-02",
        ],
        vec![
            "round",
            &id,
            "open",
            "--date",
            "2026-04-15",
            "--chair",
            "workers",
        ],
    ] {
        cli(&bin, &ws, &args);
    }

    let t = tui(&bin, &ws);
    t.wait_for("Dossiers");
    // The rows come from the worker after the screen: `Enter` before they are there opens
    // nothing.
    t.wait_for("Harbour Valve Works");
    t.keys(&["/"]);
    t.text("Harbour");
    t.keys(&["Enter", "Enter"]);
    t.wait_for("Procedure");
    t.keys(&["t"]);
    t.wait_for("Round 1");
    // An overtime issue: a percent from its name; the employer's 120 % is below LL 44's 150 %.
    t.keys(&["i"]);
    t.text("Overtime rate, extended hours");
    t.keys(&["Tab", "Tab"]);
    // Typed without its sign: stored (and shown) as the percent it is.
    t.text("200");
    t.keys(&["Enter"]);
    t.wait_for("200%");
    t.keys(&["e"]);
    t.text("120%");
    t.keys(&["Enter"]);
    t.wait_for("CONTENT-OVERTIME");
    // Suspended until a later day, at a place, the minutes signed.
    t.keys(&["s"]);
    t.wait_for("Suspend");
    // The next meeting's date opens empty: it is agreed, never today by default.
    t.text("2026-04-20");
    t.keys(&["Tab"]);
    t.text("Room 2");
    t.keys(&["Tab", "Tab", "Space", "Enter"]);
    t.wait_for("Saved: round 1: suspended");
    // The request's sent date was wrong: corrected with a reason.
    t.keys(&["q"]);
    t.wait_for("Procedure");
    t.keys(&["g", "j", "C"]);
    t.wait_for("Correct a recorded fact");
    t.text("typed from the wrong letter");
    t.keys(&["BTab", "C-u"]);
    t.text("2026-03-31");
    t.keys(&["Enter"]);
    t.wait_for("corrected");
    t.keys(&["q", "q"]);
    let start = Instant::now();
    while !t.gone() && start.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(t.gone(), "q from home quits");
    drop(t);

    // Back at the table and through to signing with the CLI.
    for args in [
        vec![
            "round",
            &id,
            "open",
            "--date",
            "2026-04-20",
            "--chair",
            "employer",
        ],
        vec!["round", &id, "close", "--minutes-signed"],
        vec!["terms", &id, "increase=6%", "term=1", "start=2026-05-01"],
        vec!["draft", &id, "--template", "wage"],
        vec![
            "congress",
            &id,
            "--date",
            "2026-04-20",
            "--total",
            "100",
            "--present",
            "90",
            "--for",
            "80",
        ],
        vec!["sign", &id, "--date", "2026-04-20"],
    ] {
        cli(&bin, &ws, &args);
    }
    let t = tui(&bin, &ws);
    t.wait_for("Dossiers");
    // The rows come from the worker after the screen: `Enter` before they are there opens
    // nothing.
    t.wait_for("Harbour Valve Works");
    t.keys(&["/"]);
    t.text("Harbour");
    t.keys(&["Enter", "Enter"]);
    t.wait_for("Procedure");
    t.keys(&["M"]);
    t.wait_for("Amendment");
    t.text("04-20");
    t.keys(&["Tab"]);
    t.text("High-temperature allowance raised");
    t.keys(&["Enter"]);
    t.wait_for("Saved");
    t.keys(&["q", "q"]);
    drop(t);

    let shown: serde_json::Value =
        serde_json::from_str(&cli(&bin, &ws, &["show", &id, "--json"])).unwrap();
    let round = &shown["rounds"][0];
    assert_eq!(round["state"]["state"], "suspended", "{round}");
    assert_eq!(round["minutes_signed"], true, "{round}");
    assert_eq!(round["issues"][0]["unit"], "percent", "{round}");
    assert_eq!(round["issues"][0]["employer"], "120%", "{round}");
    assert_eq!(round["issues"][0]["workers"], "200%", "{round}");
    assert_eq!(shown["corrections"][0]["what"], "offer.sent", "{shown}");
    assert_eq!(shown["corrections"][0]["old"], "2026-04-01");
    assert_eq!(shown["offer"]["sent"], "2026-03-31");
    assert_eq!(
        shown["amendments"][0]["what"], "High-temperature allowance raised",
        "{}",
        shown["amendments"]
    );
}

/// Regression: every terminal was a session on the user's one tmux server, so the tests in
/// tmux, side by side, shared it — and when one test's last session ended the server exited,
/// failing another test's `new-session` that was connecting just then ("server exited
/// unexpectedly"); the program also got that server's environment, not the test's. Each
/// terminal now has a server of its own, started with the test's environment, that outlives any
/// other terminal.
#[test]
fn each_terminal_has_a_tmux_server_of_its_own() {
    if Command::new("tmux").arg("-V").output().is_err() {
        assert!(std::env::var_os("CI").is_none(), "tmux is required on CI");
        println!("skipped: tmux is not installed");
        return;
    }
    let shell = "echo \"server=${TMUX%%,*}\"; echo \"editor=$EDITOR\"; sleep 60";
    let a = Tmux::start("own-a", shell);
    let b = Tmux::start("own-b", shell);
    let server = |t: &Tmux| {
        let screen = t.wait_for("editor=");
        screen
            .lines()
            .find_map(|l| l.strip_prefix("server="))
            .unwrap()
            .to_string()
    };
    assert_eq!(Path::new(&server(&a)), a.socket());
    assert_eq!(Path::new(&server(&b)), b.socket());
    assert_ne!(a.socket(), b.socket());
    assert!(a.screen().contains("editor=true"), "{}", a.screen());
    // The first one gone with its server, the second still runs and takes keys.
    drop(a);
    assert!(!b.gone());
    b.text("still here");
    b.wait_for("still here");
}
