//! One language at a time. The zh-CN output of the demo and of a dossier built step by step —
//! `list`, `show`, `check`, `log`, `diff`, `--help` of every verb, error messages on stderr and
//! every TUI screen — holds no ASCII word that is not an id, a number, a unit, a file name or
//! an option name; the English output holds no Chinese outside the user's own data.
//!
//! What counts as a word: a run of ASCII letters standing alone. Not words: anything with a
//! digit or one of `-_./=@:%<>[]{}$|\` in it (dates, ids such as 2026-001 or FILING-DEADLINE,
//! options, file names, URLs, KEY=VALUE, placeholders), all-capital ids and placeholders (RENEWAL,
//! ID), and a value glossed in Chinese right after it (`wage（工资专项）`). What is left must
//! be in the user's data or in [`ALLOWED`], which stays under 30 entries.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common::Ws;
use crate::ui_support::*;
use xieshang::app::keymap::Key;
use xieshang::app::{Action, Modal, Screen, update};
use xieshang::i18n::Lang;

/// ASCII words a Chinese user sees besides ids: names of the program, of formats and tools, and
/// keys as printed on a keyboard. Kept under 30 entries.
#[rustfmt::skip]
const ALLOWED: &[&str] = &[
    // Names of the program and of formats and tools.
    "xieshang", "git", "bundle", "origin", "Excel", "Word",
    // Keys, as printed on a keyboard.
    "Enter", "Esc", "Tab", "Space", "PgUp", "PgDn",
];

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FDF | 0x3000..=0x303F | 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xF900..=0xFAFF | 0xFF00..=0xFFEF)
}

/// The ASCII words in `text` that are neither ids, numbers, units, file or option names, nor
/// in the user's data `corpus`, nor allowed.
fn stray_ascii_words(text: &str, corpus: &str) -> Vec<String> {
    let mut out = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_graphic() {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_graphic() {
                i += 1;
            }
            let tok: String = chars[start..i].iter().collect();
            let next = chars.get(i).copied();
            let core = tok.trim_matches(|c: char| "()[]<>,;:\"'`!?*“”‘’".contains(c) || c == '.');
            let glossed = next == Some('（') || tok.ends_with('(');
            let id_like = core.is_empty()
                || core.chars().any(|c| c.is_ascii_digit() || "-_./=@:%<>[]{}$|\\+~#&".contains(c))
                || (core.len() > 1 && core.chars().all(|c| c.is_ascii_uppercase()))
                || (core.len() == 1)
                // A commit id.
                || (core.len() >= 7 && core.chars().all(|c| c.is_ascii_hexdigit()));
            let in_corpus = corpus
                .split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
                .any(|w| w == core);
            if !id_like && !glossed && !ALLOWED.contains(&core) && !in_corpus {
                out.push(core.to_string());
            }
        } else {
            i += 1;
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The runs of Chinese in `text` that are not in the user's data `corpus`.
fn stray_chinese(text: &str, corpus: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut Vec<String>| {
        let t = run.trim_matches(|c: char| !is_cjk(c) || "（）【】“”：；，。、".contains(c));
        if t.chars().any(is_cjk) && !corpus.contains(t) {
            out.push(t.to_string());
        }
        run.clear();
    };
    for c in text.chars() {
        if is_cjk(c) {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
        }
    }
    flush(&mut run, &mut out);
    out.sort();
    out.dedup();
    out
}

/// The words of the other language in `text`, as one line naming where they were, if any.
fn strays(lang: &str, what: &str, text: &str, corpus: &str) -> Option<String> {
    let stray = if lang == "en" {
        stray_chinese(text, corpus)
    } else {
        stray_ascii_words(text, corpus)
    };
    (!stray.is_empty()).then(|| format!("{lang} `{what}`: {stray:?}"))
}

fn assert_none(found: &[String]) {
    assert!(
        found.is_empty(),
        "words of the other language:\n{}",
        found.join("\n")
    );
}

/// The commands `help` lists under its commands heading.
fn commands_in(help: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut inside = false;
    for line in help.lines() {
        if line == "命令：" || line == "Commands:" {
            inside = true;
            continue;
        }
        if inside {
            if !line.starts_with("  ") {
                inside = false;
                continue;
            }
            if let Some(w) = line.split_whitespace().next() {
                out.push(w.to_string());
            }
        }
    }
    out
}

/// `--help` of the program and of every verb, recursively, in `lang`.
fn every_help(ws: &Ws, lang: &str, path: &mut Vec<String>, out: &mut Vec<(String, String)>) {
    let mut args: Vec<String> = path.clone();
    args.push("--help".into());
    let argv: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = ws.run_lang(lang, &argv);
    assert!(o.status.success(), "{args:?}");
    let help = String::from_utf8(o.stdout).unwrap();
    // A verb that takes a dossier before its own verbs: `round ID open`.
    let takes_id = help.lines().any(|l| l.trim_start().starts_with("<ID>"));
    for c in commands_in(&help) {
        if takes_id {
            path.push("x".into());
        }
        path.push(c);
        every_help(ws, lang, path, out);
        path.pop();
        if takes_id {
            path.pop();
        }
    }
    out.push((args.join(" "), help));
}

fn stdout_of(ws: &Ws, lang: &str, args: &[&str]) -> String {
    String::from_utf8(ws.run_lang(lang, args).stdout).unwrap()
}

fn stderr_of(ws: &Ws, lang: &str, args: &[&str]) -> String {
    let o = ws.run_lang(lang, args);
    assert!(!o.status.success(), "{args:?} should fail");
    String::from_utf8(o.stderr).unwrap()
}

/// Everything the user typed or the demo recorded: the dossier as JSON, its draft and the
/// names of its versions (tags), and the region data the rules quote (大连市).
fn corpus_of(ws: &Ws, id: &str) -> String {
    // The values of the record, not its keys: a key is English whatever the user typed.
    fn values(v: &serde_json::Value, out: &mut String) {
        match v {
            serde_json::Value::String(s) => {
                out.push_str(s);
                out.push('\n');
            }
            serde_json::Value::Array(a) => a.iter().for_each(|x| values(x, out)),
            serde_json::Value::Object(o) => o.values().for_each(|x| values(x, out)),
            _ => {}
        }
    }
    let mut c = String::new();
    values(&ws.show(id), &mut c);
    c.push_str(&stdout_of(ws, "en", &["draft", id, "--show"]));
    c.push_str(
        &std::fs::read_to_string(ws.dossier_dir(id).join("contract.md")).unwrap_or_default(),
    );
    let log: serde_json::Value = serde_json::from_str(&ws.ok(&["log", id, "--json"])).unwrap();
    for e in log.as_array().unwrap() {
        for t in e["tags"].as_array().unwrap() {
            c.push_str(&format!(" {} ", t.as_str().unwrap()));
        }
    }
    c.push_str(include_str!("../../templates/regions/liaoning.json"));
    c
}

/// The ids a user types that the help names: every verb, and every value it glosses
/// (`wage（工资专项）`).
fn ids_in_help(helps: &[(String, String)]) -> String {
    let mut ids = String::new();
    for (_, h) in helps {
        for c in commands_in(h) {
            ids.push_str(&format!(" {c} "));
        }
        for part in h.split('（').collect::<Vec<_>>().windows(2) {
            if let Some(w) = part[0]
                .rsplit(|c: char| !c.is_ascii_alphanumeric() && c != '_')
                .next()
            {
                ids.push_str(&format!(" {w} "));
            }
        }
    }
    ids
}

/// The read verbs and some refused writes on dossier `id`, in `lang`.
fn outputs(ws: &Ws, lang: &str, id: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for args in [
        vec!["list"],
        vec!["show", id],
        vec!["check", id],
        vec!["log", id],
        vec!["diff", id],
    ] {
        out.push((args.join(" "), stdout_of(ws, lang, &args)));
    }
    for args in [
        vec!["show", "no-such-dossier"],
        vec!["reply", id, "--date", "2020-01-01"],
        vec![
            "congress",
            id,
            "--date",
            "2026-03-01",
            "--total",
            "10",
            "--present",
            "12",
            "--for",
            "9",
        ],
        vec![
            "offer",
            id,
            "--by",
            "nobody",
            "--sent",
            "2026-01-01",
            "--received",
            "2026-01-02",
        ],
        vec!["terms", id, "bonus=1"],
        vec!["show", id, "--no-such-option"],
        vec!["round", id],
    ] {
        out.push((args.join(" "), stderr_of(ws, lang, &args)));
    }
    out
}

#[test]
fn the_cli_speaks_one_language_at_a_time() {
    let ws = Ws::new();
    let id = ws.ok(&["demo"]).trim().to_string();
    // A dossier built step by step, as the e2e test builds it, with a blank left in its draft.
    let own = ws.new_dossier_of("wage");
    for args in [
        vec![
            "rep",
            &own,
            "--side",
            "workers",
            "--name",
            "王建国",
            "--chief",
        ],
        vec![
            "offer",
            &own,
            "--by",
            "workers",
            "--sent",
            "2026-01-05",
            "--received",
            "2026-01-06",
        ],
        vec!["terms", &own, "increase=-5%", "term=1", "start=2026-01-01"],
        vec!["draft", &own, "--template", "wage"],
    ] {
        ws.run_lang("zh-CN", &args);
    }
    let mut corpus = corpus_of(&ws, &id);
    corpus.push_str(&corpus_of(&ws, &own));
    // What the refused commands typed is quoted back in their messages.
    corpus.push_str(" nobody bonus ");
    let mut found = Vec::new();
    for lang in ["zh-CN", "en"] {
        let mut helps = Vec::new();
        every_help(&ws, lang, &mut Vec::new(), &mut helps);
        let corpus = format!("{corpus}{}", ids_in_help(&helps));
        let mut all = outputs(&ws, lang, &id);
        all.extend(outputs(&ws, lang, &own));
        all.extend(helps);
        found.extend(
            all.iter()
                .filter_map(|(what, text)| strays(lang, what, text, &corpus)),
        );
    }
    assert_none(&found);
    assert!(ALLOWED.len() < 30);
}

#[test]
fn the_language_comes_from_the_flag_or_xieshang_lang_never_lang() {
    let ws = Ws::new();
    let run = |envs: &[(&str, &str)], args: &[&str]| {
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_xieshang"));
        c.arg("--workspace").arg(ws.root()).args(args);
        c.env_remove("XIESHANG_LANG").env("HOME", ws.dir.path());
        for (k, v) in envs {
            c.env(k, v);
        }
        String::from_utf8(c.output().unwrap().stdout).unwrap()
    };
    let zh = run(&[("LANG", "en_US.UTF-8")], &["--help"]);
    assert!(zh.contains("用法："), "{zh}");
    let en = run(&[("XIESHANG_LANG", "en")], &["--help"]);
    assert!(en.contains("Usage:"), "{en}");
    let en = run(&[], &["--lang", "en", "show", "--help"]);
    assert!(
        en.contains("Usage:") && en.contains("Show one dossier"),
        "{en}"
    );
    let zh = run(&[("XIESHANG_LANG", "en")], &["--lang", "zh-CN", "--help"]);
    assert!(zh.contains("用法："), "{zh}");
    // `help VERB` is `VERB --help`.
    let zh = run(&[], &["help", "show"]);
    assert!(zh.contains("显示一个档案。"), "{zh}");
}

#[test]
fn every_screen_speaks_one_language() {
    let corpus = {
        let mut c = serde_json::to_string(&demo_dossier("大连海辰机械制造有限公司")).unwrap();
        c.push_str(&xieshang::contract::render::render(&contract(
            "大连海辰机械制造有限公司",
        )));
        c.push_str(&format!("{:?}", diff_view()));
        c.push_str(&format!("{:?}", summaries()));
        // The region data's names and sources are data, shown as written in either language.
        c.push_str(include_str!("../../templates/regions/liaoning.json"));
        c.push_str(include_str!("../../templates/regions/china-2025.json"));
        c
    };
    let mut found = Vec::new();
    for (lang, code) in [(Lang::ZhCn, "zh-CN"), (Lang::En, "en")] {
        for screen in [
            Screen::Home,
            Screen::Dossier,
            Screen::Table,
            Screen::Draft,
            Screen::Diff,
        ] {
            let steps = if screen == Screen::Dossier { 11 } else { 1 };
            for step in 0..steps {
                let mut app = app_on(screen, lang, "大连海辰机械制造有限公司");
                if screen == Screen::Dossier {
                    app.dossier.step = step;
                    // A filing with its package, so step 9 shows the items.
                    app.open.as_mut().unwrap().dossier.filing =
                        Some(xieshang::domain::dossier::Filing {
                            sent: day("2026-03-25"),
                            received: Some(day("2026-03-26")),
                            registration_no: None,
                            package: vec![
                                xieshang::domain::dossier::FilingItem::Text,
                                xieshang::domain::dossier::FilingItem::Minutes,
                            ],
                        });
                }
                let text = render(&app, 120, 40);
                found.extend(strays(
                    code,
                    &format!("{screen:?} step {step}"),
                    &text,
                    &corpus,
                ));
                // The step's record form, and the help overlay.
                let mut form = app.clone();
                let _ = update(&mut form, Action::Key(Key::Char('e')));
                let text = render(&form, 120, 40);
                let what = format!("{screen:?} step {step} form");
                found.extend(strays(code, &what, &text, &corpus));
                let mut help = app.clone();
                help.push_modal(Modal::Help);
                let text = render(&help, 120, 60);
                found.extend(strays(code, &format!("{screen:?} help"), &text, &corpus));
            }
        }
    }
    assert_none(&found);
}
