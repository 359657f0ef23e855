//! One language at a time. The zh-CN output of the demo and of a dossier built step by step —
//! `list`, `show`, `check`, `log`, `diff`, `--help` of every verb, error messages on stderr and
//! every TUI screen — holds no ASCII word that is not an id, a number, a unit, a file name or
//! an option name; the English output holds no Chinese outside the user's own data.
//!
//! What counts as a word: a run of ASCII letters standing alone. Not words: anything with a
//! digit or one of `-_./=@:%<>[]{}$|\` in it (dates, ids such as 2026-001 or FILING-DEADLINE,
//! options, file names, URLs, KEY=VALUE, placeholders), all-capital ids and placeholders (RENEWAL,
//! ID), and a value glossed in Chinese right after it (`wage（工资专项）`). What is left must
//! be in the user's data or in [`ALLOWED`], which stays under 30 entries. A command quoted for
//! the user to type (`` `git checkout -- contract.md` ``) is command-line text, not a word.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common::Ws;
use crate::common::tmux::Tmux;
use crate::ui_support::*;
use xieshang::app::keymap::Key;
use xieshang::app::{Action, Modal, Screen, update};
use xieshang::i18n::Lang;

/// ASCII words a Chinese user sees besides ids: names of the program, of formats and tools, and
/// keys as printed on a keyboard. Kept under 30 entries. Everything else must be an id, a
/// number, a unit, a file or option name by its pattern, the user's data, or stand where a
/// command is quoted (see [`stray_ascii_words`]).
#[rustfmt::skip]
const ALLOWED: &[&str] = &[
    // Names of the program and of formats and tools.
    "xieshang", "git", "bundle", "origin", "Excel", "Word",
    // Keys, as printed on a keyboard.
    "Enter", "Esc", "Tab", "Space", "PgUp", "PgDn", "Home", "End", "Ctrl",
    // The system's file opener, named where it is missing.
    "xdg-open",
];

/// The names of a dossier's versions (git tags), shown in `log` inside `（…）` after the event
/// that made them: ids, allowed only there.
const TAGS: &[&str] = &["offer", "draft", "congress", "signed", "filed", "effective"];

/// Units a number may carry glued to it (`20MB`).
const UNITS: &[&str] = &["KB", "MB", "GB", "B"];

/// File extensions a file name is recognised by.
const EXTENSIONS: &[&str] = &[
    "md", "json", "csv", "txt", "pdf", "docx", "doc", "xlsx", "xls", "png", "jpg", "jpeg",
    "bundle", "git", "yml", "toml", "zip", "lock",
];

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FDF | 0x3000..=0x303F | 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xF900..=0xFAFF | 0xFF00..=0xFFEF)
}

/// A word of the user's data: `corpus` split into words (`anshan-steel` whole, or a part of it).
fn in_corpus(corpus: &str, w: &str) -> bool {
    let split = |dash: bool| {
        corpus
            .split(move |c: char| !c.is_ascii_alphanumeric() && c != '_' && !(dash && c == '-'))
            .any(|x| x == w)
    };
    split(false) || split(true)
}

/// `core` is an id, a number, a unit, a file name, an option name, a path or a placeholder by
/// its pattern alone.
fn by_pattern(core: &str) -> bool {
    let letters = core.chars().filter(char::is_ascii_alphabetic).count();
    let digits = core.chars().filter(char::is_ascii_digit).count();
    // Numbers, dates, signs: no letters at all.
    if letters == 0 {
        return true;
    }
    // A commit id.
    if core.len() >= 7 && digits > 0 && core.chars().all(|c| c.is_ascii_hexdigit()) {
        return true;
    }
    // A version's name (git tag) by its pattern: `round-3`, `round-N`, `amend-2`.
    if let Some((name, n)) = core.split_once('-')
        && ["round", "amend"].contains(&name)
        && (n == "N" || (!n.is_empty() && n.chars().all(|c| c.is_ascii_digit())))
    {
        return true;
    }
    // A number glued to letters is a number with a unit, or a stray (`1y`).
    if let Some(split) = core.find(|c: char| c.is_ascii_alphabetic())
        && split > 0
        && core[..split]
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.')
        && core[split..].chars().all(|c| c.is_ascii_alphabetic())
    {
        return UNITS.contains(&&core[split..]);
    }
    // Ids, codes, placeholders and environment variables: no small letters (`FILING-DEADLINE`,
    // `<ID>`, `KEY=VALUE`, `XIESHANG_LANG`, `91210213MA0QBC1E4T`).
    if !core.chars().any(|c| c.is_ascii_lowercase()) {
        return true;
    }
    // Alternatives to type (`grassroots|reviewer|both`), placeholders (`<ID>`), options (`-h`),
    // paths and URLs.
    if core.starts_with('-')
        || core.contains(['<', '>', '|'])
        || core.starts_with('/')
        || core.starts_with("./")
        || core.starts_with("~/")
        || core.contains("://")
        || core.contains('@')
    {
        return true;
    }
    // A folder (`regions/`).
    if core.ends_with('/')
        && core
            .chars()
            .all(|c| c.is_ascii_lowercase() || "/_-".contains(c))
    {
        return true;
    }
    // A file name: a name with a known extension (`contract.md`, `regions/210200.json`, `*.csv`).
    if let Some((stem, ext)) = core.rsplit_once('.')
        && EXTENSIONS.contains(&ext)
        && stem
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./*".contains(c))
    {
        return true;
    }
    // Dotted or underscored identifiers (`offer.received`, `union_chair`) are program keys,
    // whatever their case — except environment variables (`XIESHANG_LANG`).
    if core.contains(['.', '_']) {
        return core
            .chars()
            .all(|c| c.is_ascii_uppercase() || c == '_' || c.is_ascii_digit());
    }
    // Ids with digits and dashes (`2026-001-b`).
    core.split('-')
        .all(|p| p.len() <= 1 || p.chars().all(|c| c.is_ascii_digit()))
}

/// The ASCII words in `text` that are neither ids, numbers, units, file or option names by
/// their pattern, nor in the user's data `corpus`, nor in [`ALLOWED`], nor where a command is
/// quoted: the first word of a row under the help's commands heading, the verbs after
/// `xieshang `, a value glossed in Chinese right after it (`wage（工资专项）`), a version name in
/// `（…）`, a `KEY=VALUE` to type, and anything between backticks.
fn stray_ascii_words(text: &str, corpus: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_commands = false;
    for line in text.lines() {
        if line.trim_end() == "命令：" || line.trim_end() == "Commands:" {
            in_commands = true;
            continue;
        }
        if in_commands && !line.starts_with("  ") {
            in_commands = false;
        }
        let chars: Vec<char> = line.chars().collect();
        let mut i = 0;
        let mut first = true;
        let mut after_program = false;
        while i < chars.len() {
            let c = chars[i];
            // A command quoted for the user to type (`git checkout -- contract.md`), and a value
            // as the user typed it, quoted back (“no-such-dossier”).
            let close = match c {
                '`' => Some('`'),
                '“' => Some('”'),
                _ => None,
            };
            if let Some(close) = close
                && let Some(end) = chars[i + 1..].iter().position(|&c| c == close)
            {
                i += end + 2;
                after_program = false;
                continue;
            }
            if !c.is_ascii_graphic() {
                i += 1;
                continue;
            }
            let start = i;
            while i < chars.len() && chars[i].is_ascii_graphic() && chars[i] != '`' {
                i += 1;
            }
            let tok: String = chars[start..i].iter().collect();
            let before = start.checked_sub(1).map(|j| chars[j]);
            let next = chars.get(i).copied();
            let core = tok
                .trim_matches(|c: char| "()[],;:\"'!?*“”‘’{}".contains(c))
                .trim_end_matches('.');
            let command_row = in_commands && first;
            first = false;
            if core.is_empty() || by_pattern(core) {
                // `xieshang round <ID> position`, `xieshang remote 2026-002 add`: the verbs go on
                // past ids and placeholders, not past an option.
                if core.starts_with('-') {
                    after_program = false;
                }
                continue;
            }
            // A file's extension after its Chinese name (`文件.csv`).
            if tok.starts_with('.') && before.is_some_and(|b| !b.is_ascii()) {
                continue;
            }
            // A value glossed in Chinese right after it: `wage（工资专项）`.
            let glossed = next == Some('（')
                && chars[i + 1..]
                    .iter()
                    .take_while(|&&c| c != '）')
                    .any(|&c| is_cjk(c) && !matches!(c, '，' | '、' | '；'));
            let word = core
                .chars()
                .all(|c| c.is_ascii_lowercase() || "_-".contains(c));
            let verb = (command_row || after_program) && word;
            // An option's default, as help shows it (`〔默认：all〕`): the value to type.
            let default = chars[..start]
                .iter()
                .rev()
                .take(3)
                .copied()
                .collect::<String>()
                == "：认默";
            let tag = TAGS.contains(&core)
                && (before == Some('（') || next == Some('）') || tok.ends_with('）'));
            // A `KEY=VALUE` to type (`increase=6.5%`): command-line text.
            let assignment = tok.split_once('=').is_some_and(|(k, v)| {
                !k.is_empty()
                    && !v.is_empty()
                    && k.chars().all(|c| c.is_ascii_lowercase() || c == '_')
            });
            // Keys as printed (`Ctrl-S`, `Home/g`), a remote's branch (`origin/main`).
            let allowed = ALLOWED.contains(&core)
                || core
                    .split(['-', '/'])
                    .all(|p| ALLOWED.contains(&p) || p.len() <= 1)
                || core.split_once('/').is_some_and(|(remote, _)| {
                    ALLOWED.contains(&remote) || in_corpus(corpus, remote)
                })
                || in_corpus(corpus, core);
            after_program = core == "xieshang" || (after_program && word);
            if !(glossed || verb || tag || assignment || default || allowed) {
                out.push(core.to_string());
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The filter itself flags the examples, and lets ids, numbers, units, file and option
/// names and quoted commands through.
#[test]
fn the_filter_flags_english_in_chinese() {
    for (text, stray) in [
        ("2026-002: enterprise: union_chair set", "enterprise"),
        ("2026-002: enterprise: union_chair set", "union_chair"),
        ("2026-002: enterprise: union_chair set", "set"),
        (
            "错误：日期 = “2026-01-01”：不能早于offer.received（2026-01-06）",
            "offer.received",
        ),
        ("期限: 1y", "1y"),
        (
            "zh-CN.ui.term.allowance.高温津贴: 150",
            "zh-CN.ui.term.allowance",
        ),
        ("错误：guideline = “9/5/3”：不能超过upper（3）", "guideline"),
        ("错误：guideline = “9/5/3”：不能超过upper（3）", "upper"),
        ("increase：职工方 8%", "increase"),
        ("错误：amend = “”：须先记录签字", "amend"),
        ("报送材料（text, exp…", "text"),
        ("报送材料（text, exp…", "exp"),
        ("第1轮：min_wage — 职工方 2500元", "min_wage"),
        ("for + against + abstain = “95”", "against"),
    ] {
        let found = stray_ascii_words(text, "");
        assert!(found.iter().any(|w| w == stray), "{text}: {found:?}");
    }
    for text in [
        "2026-001  FILING-DEADLINE 2026-05-27（还剩3天）第2轮 8% 2500元 20MB",
        "用法：xieshang round <ID> position [选项] --issue <ISSUE>",
        "      --kind <KIND>  合同类型：wage（工资专项）、women（女职工权益保护）。",
        "命令：\n  draft-signed  草案经双方首席代表签字。",
        "见 contract.md 与 regions/210200.json；或运行 `git checkout -- contract.md`",
        "0fe08d3 2026-12-02 07:32 2026-05-22 签字（signed）",
        "环境变量 XIESHANG_LANG；按 Ctrl-S 保存，Esc 取消",
        "约定条件：increase=6.5% term=1",
    ] {
        assert_eq!(stray_ascii_words(text, ""), Vec::<String>::new(), "{text}");
    }
    // A word of the user's data is theirs.
    assert!(stray_ascii_words("企业：Acme", "Acme Ltd").is_empty());
    assert_eq!(
        stray_ascii_words("企业：Acme", ""),
        vec!["Acme".to_string()]
    );
}

/// The runs of Chinese in `text` that are not in the user's data `corpus`. A run ends at
/// Chinese punctuation too, so an excerpt of the user's text with its match marked
/// (`发放【津贴】和补贴`) or a list of its phrases joined by `、` is found phrase by phrase.
fn stray_chinese(text: &str, corpus: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut Vec<String>| {
        let t = run.as_str();
        if t.chars().any(is_cjk) && !corpus.contains(t) {
            out.push(t.to_string());
        }
        run.clear();
    };
    let punctuation =
        |c: char| matches!(c as u32, 0x3000..=0x303F | 0xFF00..=0xFF0F | 0xFF1A..=0xFF20);
    for c in text.chars() {
        if is_cjk(c) && !punctuation(c) {
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

/// Counts of one with a plural noun in English (`1 days left`, `1 errors`).
fn plural_slips(text: &str) -> Vec<String> {
    const NOUNS: &[&str] = &[
        "days",
        "clauses",
        "dossiers",
        "agreements",
        "problems",
        "errors",
        "warnings",
        "issues",
        "rounds",
        "findings",
        "representatives",
        "files",
        "bytes",
        "years",
        "months",
        "opinions",
        "enterprises",
        "characters",
        "papers",
        "rows",
        "blanks",
    ];
    let words: Vec<&str> = text.split_whitespace().collect();
    words
        .windows(2)
        .filter(|w| {
            let n = w[0].trim_start_matches(|c: char| "(（[“\"".contains(c));
            let noun = w[1].trim_end_matches(|c: char| !c.is_ascii_alphabetic());
            n == "1" && NOUNS.contains(&noun)
        })
        .map(|w| format!("{} {}", w[0], w[1]))
        .collect()
}

/// The words of the other language in `text`, as one line naming where they were, if any.
fn strays(lang: &str, what: &str, text: &str, corpus: &str) -> Option<String> {
    let stray = if lang == "en" {
        let mut s = stray_chinese(text, corpus);
        s.extend(plural_slips(text));
        s
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
/// names and commit ids of its versions, and the region data the rules quote (大连市).
fn corpus_of(ws: &Ws, id: &str) -> String {
    let mut c = String::new();
    values(&ws.show(id), &mut c);
    c.push_str(&stdout_of(ws, "en", &["draft", id, "--show"]));
    c.push_str(
        &std::fs::read_to_string(ws.dossier_dir(id).join("contract.md")).unwrap_or_default(),
    );
    let log: serde_json::Value = serde_json::from_str(&ws.ok(&["log", id, "--json"])).unwrap();
    for e in log.as_array().unwrap() {
        // A commit id is an id whatever its letters: `bdbeeac` has no digit to tell it from a
        // word, so the ids of the dossier's own commits, as `log` abbreviates them, are data.
        let commit = e["commit"].as_str().unwrap();
        for n in 7..=commit.len().min(12) {
            c.push_str(&format!(" {} ", &commit[..n]));
        }
        for t in e["tags"].as_array().unwrap() {
            c.push_str(&format!(" {} ", t.as_str().unwrap()));
        }
    }
    values(&region_data("liaoning"), &mut c);
    c
}

/// The values of a record, not its keys, and not the program's own keys stored as values
/// (`increase`, `workers`, `text`): a key is English whatever the user typed.
fn values(v: &serde_json::Value, out: &mut String) {
    match v {
        serde_json::Value::String(s) => {
            let key = s
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "_.-".contains(c));
            if !key {
                out.push_str(s);
                out.push('\n');
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| values(x, out)),
        serde_json::Value::Object(o) => o.values().for_each(|x| values(x, out)),
        _ => {}
    }
}

/// A region data file shipped with the program, as data.
fn region_data(name: &str) -> serde_json::Value {
    let path = format!(
        "{}/templates/regions/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
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

/// The steps that build a dossier `own` as a user would — among them what issue #13's audit
/// found answered in English or without units (`enterprise: union_chair set`, `期限 1y`,
/// `increase：职工方 8%`, `min_wage — 职工方 2500元`, `上年平均工资 5000`) and refused with English
/// field names (`guideline = …`, `amend = …`, `what = …`).
fn own_steps(own: &str) -> Vec<Vec<String>> {
    [
        vec![
            "rep",
            own,
            "--side",
            "workers",
            "--name",
            "王建国",
            "--chief",
        ],
        vec!["enterprise", own, "union_chair", "李华"],
        vec![
            "offer",
            own,
            "--by",
            "workers",
            "--sent",
            "2026-01-05",
            "--received",
            "2026-01-06",
        ],
        vec![
            "prep",
            own,
            "--avg-wage",
            "5000",
            "--cpi",
            "2.1",
            "--guideline",
            "4/7/10",
        ],
        vec!["prep", own, "--guideline", "9/5/3"],
        vec![
            "round",
            own,
            "open",
            "--date",
            "2026-01-20",
            "--chair",
            "workers",
        ],
        vec![
            "round", own, "position", "--issue", "increase", "--side", "workers", "--value", "8%",
        ],
        vec![
            "round", own, "position", "--issue", "increase", "--side", "employer", "--value", "-5%",
        ],
        vec![
            "round", own, "position", "--issue", "min_wage", "--side", "workers", "--value", "2500",
        ],
        vec![
            "round", own, "agree", "--issue", "min_wage", "--value", "2400",
        ],
        vec!["terms", own, "increase=-5%", "term=1y", "start=2026-01-01"],
        vec!["terms", own, "term=1"],
        vec!["amend", own, "--date", "2026-06-01", "--text", "改"],
        vec![
            "correct",
            own,
            "--what",
            "filing.sent",
            "--value",
            "2026-01-01",
            "--reason",
            "笔误",
        ],
        vec![
            "congress",
            own,
            "--date",
            "2026-03-01",
            "--total",
            "100",
            "--present",
            "80",
            "--for",
            "70",
            "--against",
            "20",
            "--abstain",
            "5",
        ],
        vec!["draft", own, "--template", "wage"],
        vec!["show", own],
        vec!["log", own],
    ]
    .into_iter()
    .map(|a| a.into_iter().map(str::to_string).collect())
    .collect()
}

#[test]
fn the_cli_speaks_one_language_at_a_time() {
    let ws = Ws::new();
    let id = ws.ok(&["demo"]).trim().to_string();
    // A dossier built step by step in each language, as the e2e test builds it, with a blank
    // left in its draft: what each step answers is checked too.
    let mut built = Vec::new();
    let mut owns = Vec::new();
    for lang in ["zh-CN", "en"] {
        let own = ws.new_dossier_of("wage");
        let mut said = Vec::new();
        for args in own_steps(&own) {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let o = ws.run_lang(lang, &args);
            let text = format!(
                "{}{}",
                String::from_utf8_lossy(&o.stdout),
                String::from_utf8_lossy(&o.stderr)
            );
            said.push((args.join(" "), text));
        }
        built.push((lang, said));
        owns.push(own);
    }
    let own = owns[0].clone();
    // What the audit found, answered in the user's language with units and names.
    let said = |lang: &str, verb: &str, n: usize| -> String {
        let (_, s) = built.iter().find(|(l, _)| *l == lang).unwrap();
        s.iter()
            .filter(|(what, _)| what.starts_with(verb))
            .nth(n)
            .map(|(_, t)| t.clone())
            .unwrap()
    };
    let (zh_id, en_id) = (&owns[0], &owns[1]);
    for (got, want) in [
        (
            said("zh-CN", "enterprise", 0),
            format!("{zh_id}：企业信息：工会主席设为 李华"),
        ),
        (
            said("zh-CN", "prep", 0),
            format!(
                "{zh_id}：测算资料：上年平均工资 5000元；居民消费价格指数涨幅 2.1%；工资指导线（下线/基准线/上线） 4%/7%/10%"
            ),
        ),
        (
            said("zh-CN", "round", 1),
            format!("{zh_id}：第1轮：平均工资增长 — 职工方 8%"),
        ),
        (
            said("zh-CN", "round", 2),
            format!("{zh_id}：第1轮：平均工资增长 — 企业方 -5%"),
        ),
        (
            said("zh-CN", "round", 3),
            format!("{zh_id}：第1轮：企业最低工资 — 职工方 2500元"),
        ),
        (
            said("zh-CN", "terms", 1),
            format!("{zh_id}：协议条件：期限 1年"),
        ),
        (
            said("en", "round", 3),
            format!("{en_id}: round 1: Enterprise minimum wage — workers ¥2500"),
        ),
        (
            said("en", "terms", 1),
            format!("{en_id}: terms: Term 1 year"),
        ),
    ] {
        assert!(got.starts_with(&want), "{want}\n{got}");
    }
    let show = said("zh-CN", "show", 0);
    assert!(
        show.contains("\n  平均工资增长：职工方 8% / 企业方 -5%"),
        "{show}"
    );
    let show = said("en", "show", 0);
    assert!(
        show.contains("Enterprise minimum wage: workers ¥2500 / employer — ✓ ¥2400"),
        "{show}"
    );
    let mut corpus = corpus_of(&ws, &id);
    for own in &owns {
        corpus.push_str(&corpus_of(&ws, own));
    }
    // What the refused commands typed is quoted back in their messages.
    corpus.push_str(" nobody bonus ");
    let mut found = Vec::new();
    for lang in ["zh-CN", "en"] {
        let helps = helps(lang);
        let mut all = outputs(&ws, lang, &id);
        all.extend(outputs(&ws, lang, &own));
        all.extend(helps.iter().cloned());
        for (l, said) in &built {
            if *l == lang {
                all.extend(said.iter().cloned());
            }
        }
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
        let mut c = String::new();
        values(
            &serde_json::to_value(demo_dossier("大连海辰机械制造有限公司")).unwrap(),
            &mut c,
        );
        c.push_str(&xieshang::contract::render::render(&contract(
            "大连海辰机械制造有限公司",
        )));
        // The strings of the test's own views, not their field names.
        for debug in [format!("{:?}", diff_view()), format!("{:?}", summaries())] {
            let strings = debug.split('"').skip(1).step_by(2);
            values(
                &serde_json::Value::Array(strings.map(|s| s.to_string().into()).collect()),
                &mut c,
            );
        }
        // The test's dossiers' ids, as their users chose them, and its stand-in for a rule's
        // message (`filing`); a commit made by hand, its subject as written.
        for s in summaries() {
            c.push_str(&format!(" {} ", s.id));
            if let Some(d) = s.next {
                c.push_str(&format!(" {} ", d.what));
            }
        }
        for v in versions() {
            if !v.message.contains("Xieshang-Event") {
                c.push_str(&format!(" {} ", v.message));
            }
        }
        // The region data's names and sources are data, shown as written in either language.
        values(&region_data("liaoning"), &mut c);
        values(&region_data("china-2025"), &mut c);
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
                let what = format!("{screen:?} step {step}");
                found.extend(strays(code, &what, &text, &corpus));
                found.extend(punctuation(lang, &what, &text));
                // The step's record form, and the help overlay.
                let mut form = app.clone();
                let _ = update(&mut form, Action::Key(Key::Char('e')));
                let text = render(&form, 120, 40);
                let what = format!("{screen:?} step {step} form");
                found.extend(strays(code, &what, &text, &corpus));
                found.extend(punctuation(lang, &what, &text));
                let mut help = app.clone();
                help.push_modal(Modal::Help);
                let text = render(&help, 120, 60);
                found.extend(strays(code, &format!("{screen:?} help"), &text, &corpus));
            }
        }
        // The position and agreement forms name the selected issue in the user's language,
        // never by its key (`increase`).
        for (key, form) in [('w', "position"), ('a', "agree")] {
            let mut app = app_on(Screen::Table, lang, "大连海辰机械制造有限公司");
            let _ = update(&mut app, Action::Key(Key::Char(key)));
            let text = render(&app, 120, 40);
            let what = format!("Table {form} form");
            found.extend(strays(code, &what, &text, &corpus));
            found.extend(punctuation(lang, &what, &text));
        }
    }
    assert_none(&found);
}

/// In zh-CN, the ASCII colons and parentheses set against Chinese text on a screen.
fn punctuation(lang: Lang, what: &str, text: &str) -> Vec<String> {
    if lang != Lang::ZhCn {
        return Vec::new();
    }
    ascii_punctuation_in_chinese(text)
        .into_iter()
        .map(|p| format!("{what}: {p}"))
        .collect()
}

/// How a step of [`Scenario`] must end: run for its output, or refused (its message on stderr
/// is what is checked).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Ends {
    Ok,
    Refused,
}

/// `--help` of the program and of every verb in `lang`: built once, shared by the tests that
/// check it or need the words it names.
fn helps(lang: &str) -> &'static [(String, String)] {
    type Helps = Vec<(String, &'static [(String, String)])>;
    static HELPS: std::sync::OnceLock<std::sync::Mutex<Helps>> = std::sync::OnceLock::new();
    let mut known = HELPS.get_or_init(Default::default).lock().unwrap();
    if let Some((_, h)) = known.iter().find(|(l, _)| l == lang) {
        return h;
    }
    let mut h = Vec::new();
    every_help(&Ws::new(), lang, &mut Vec::new(), &mut h);
    let h: &'static [(String, String)] = Box::leak(h.into_boxed_slice());
    known.push((lang.to_string(), h));
    h
}

/// The outputs of one language's run: what was run, and its stdout and stderr together.
struct Scenario {
    lang: &'static str,
    outputs: Vec<(String, String)>,
}

impl Scenario {
    fn step(&mut self, ws: &Ws, args: &[&str], ends: Ends) {
        let o = ws.run_lang(self.lang, args);
        let text = format!(
            "{}{}",
            String::from_utf8(o.stdout).unwrap(),
            String::from_utf8(o.stderr).unwrap()
        );
        match ends {
            Ends::Ok => assert!(o.status.success(), "{args:?} failed: {text}"),
            Ends::Refused => assert!(!o.status.success(), "{args:?} should fail: {text}"),
        }
        self.outputs.push((args.join(" "), text));
    }
}

/// A registry as an enterprise office exports it from Excel: six enterprises of Dalian.
const REGISTRY_CSV: &str = "\u{feff}序号,企业名称,统一社会信用代码,地区,行业,职工人数,女职工人数,是否建会,高危,备注\n\
1,大连渤港阀门有限公司,91210213MA0QBC1E4T,210213,通用设备制造业,320,86,是,否,\n\
2,大连金石滩化工有限公司,912102132416033710,210213,化学原料和化学制品制造业,540,62,是,是,重点企业\n\
3,大连星海制衣有限公司,91210202MA0XT8NK7K,210202,纺织服装、服饰业,210,168,是,否,\n";

/// The same with a credit code cut short and a head count in words.
const BROKEN_CSV: &str = "序号,企业名称,统一社会信用代码,地区,行业,职工人数,女职工人数,是否建会,高危,备注\n\
1,大连渤港阀门有限公司,91210213MA0QBC1E,210213,通用设备制造业,320,86,是,否,\n\
2,大连金石滩化工有限公司,912102132416033710,210213,化学原料和化学制品制造业,约五百四十,62,是,是,\n";

const SCAN: &[u8] = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";

/// The archive, the registry, attachments, costing, region data, verification (clean and
/// tampered), export refusals and the exchange between a grassroots union and the union one
/// level up over a bare repository and a bundle — run in `lang`, refusals included. Returns the
/// outputs and the user's data they may quote.
fn scenario(lang: &'static str) -> (Vec<(String, String)>, String) {
    use Ends::{Ok, Refused};
    let g = Ws::new();
    let r = Ws::new();
    let mut s = Scenario {
        lang,
        outputs: Vec::new(),
    };
    let tmp = |name: &str| g.dir.path().join(name).display().to_string();
    let bare = tmp("jinzhou.git");
    let o = std::process::Command::new("git")
        .args(["init", "-q", "--bare", "--initial-branch=main", &bare])
        .output()
        .unwrap();
    assert!(o.status.success(), "{o:?}");

    // The grassroots union: its identity, the demo with a scan attached.
    s.step(&g, &["union"], Ok);
    s.step(
        &g,
        &[
            "union",
            "set",
            "--name",
            "大连华信精密机械有限公司工会",
            "--code",
            "210213001",
            "--person",
            "张华",
        ],
        Ok,
    );
    s.step(&g, &["union"], Ok);
    s.step(&g, &["union", "set", "--role", "boss"], Refused);
    let demo = g.ok(&["demo"]).trim().to_string();
    std::fs::write(tmp("签字文本.pdf"), SCAN).unwrap();
    g.ok(&["attach", &demo, &tmp("签字文本.pdf"), "--kind", "signed"]);

    // The archive, every verb.
    let csv = tmp("合同.csv");
    for (args, ends) in [
        (vec!["archive", "search", "津贴"], Ok),
        (vec!["archive", "search"], Ok),
        (vec!["archive", "search", "--year", "2017"], Ok),
        (vec!["archive", "search", "--status", "lapsed"], Refused),
        (vec!["archive", "search", "--region", "大连"], Refused),
        (vec!["archive", "due"], Ok),
        (vec!["archive", "due", "--within", "900"], Ok),
        (vec!["archive", "stats"], Ok),
        (vec!["archive", "stats", "--list"], Ok),
        (vec!["archive", "stats", "--by", "region"], Ok),
        (vec!["archive", "stats", "--by", "town"], Refused),
        (vec!["archive", "reindex"], Ok),
        (vec!["archive", "export", "--csv", &csv], Ok),
        (vec!["archive", "export", "--csv", &csv, "--stats"], Ok),
        (
            vec!["archive", "export", "--csv", "/nonexistent/合同.csv"],
            Refused,
        ),
    ] {
        s.step(&g, &args, ends);
    }

    // Agreements signed before xieshang: a folder of texts and the table of their facts; a
    // table naming a text that is not there is refused whole.
    let old = g.dir.path().join("旧合同");
    std::fs::create_dir(&old).unwrap();
    for name in ["facts.csv", "huaxin-2025-wage.txt", "jinhai-2024-women.txt"] {
        let from = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/archive_import/"
        );
        std::fs::copy(format!("{from}{name}"), old.join(name)).unwrap();
    }
    let facts = old.join("facts.csv").display().to_string();
    let old = old.display().to_string();
    for (args, ends) in [
        (vec!["archive", "import", &old, "--facts", &facts], Refused),
        (
            vec!["archive", "import", &old, "--facts", &tmp("没有.csv")],
            Refused,
        ),
    ] {
        s.step(&g, &args, ends);
    }
    let facts_text = std::fs::read_to_string(&facts).unwrap();
    let two: Vec<&str> = facts_text
        .lines()
        .filter(|l| !l.starts_with("haiyun"))
        .collect();
    std::fs::write(&facts, two.join("\n")).unwrap();
    for (args, ends) in [
        (vec!["archive", "import", &old, "--facts", &facts], Ok),
        (vec!["archive", "search", "女职工", "--limit", "2"], Ok),
        (vec!["archive", "search", "--year", "2024"], Ok),
    ] {
        s.step(&g, &args, ends);
    }

    // The registry: none yet, imported, listed, a broken file and a missing one refused.
    std::fs::write(tmp("名录.csv"), REGISTRY_CSV).unwrap();
    std::fs::write(tmp("名录-错.csv"), BROKEN_CSV).unwrap();
    for (args, ends) in [
        (vec!["enterprises"], Ok),
        (vec!["enterprises", "import", &tmp("名录.csv")], Ok),
        (vec!["enterprises"], Ok),
        (vec!["enterprises", "import", &tmp("名录-错.csv")], Refused),
        (vec!["enterprises", "import", &tmp("没有.csv")], Refused),
        (vec!["archive", "stats"], Ok),
    ] {
        s.step(&g, &args, ends);
    }

    // Attachments, costing, region data, verification, export refusals.
    let out = tmp("导出");
    for (args, ends) in [
        (vec!["attachments", &demo], Ok),
        (vec!["attachments", &demo, "--open", "5"], Refused),
        (vec!["attachments", "no-such-dossier"], Refused),
        (vec!["cost", &demo], Ok),
        (vec!["cost", &demo, "--round", "7"], Refused),
        (vec!["region", "list"], Ok),
        (vec!["region", "show", "210200"], Ok),
        (vec!["region", "show", "9x"], Refused),
        (vec!["region", "show", "990000"], Refused),
        (vec!["verify", &demo], Ok),
        (vec!["verify", "--all"], Ok),
        (vec!["verify", "no-such-dossier"], Refused),
        (
            vec!["export", &demo, "minutes", "--round", "9", "--out", &out],
            Ok,
        ),
        (vec!["export", &demo, "bogus"], Refused),
        (vec!["export", &demo, "offer", "--format", "odt"], Refused),
        (
            vec!["export", &demo, "contract", "--out", "/nonexistent/x.docx"],
            Refused,
        ),
    ] {
        s.step(&g, &args, ends);
    }

    // A dossier sent up for pre-review: remotes, push, bundles.
    let id = g.new_dossier_of("wage");
    g.ok(&["draft", &id, "--template", "wage"]);
    g.ok(&["draft-signed", &id, "--date", "2026-03-10"]);
    g.ok(&["prereview", &id, "--submitted", "2026-03-10"]);
    let bundle = tmp("2026-002.bundle");
    for (args, ends) in [
        (vec!["remote", &id], Ok),
        (vec!["push", &id], Refused),
        (vec!["fetch", &id], Refused),
        (vec!["remote", &id, "add", "origin", &bare], Ok),
        (vec!["remote", &id], Ok),
        (vec!["remote", &id, "add", "bad:name", &bare], Refused),
        (vec!["push", &id], Ok),
        (vec!["push", &id, "nosuch"], Refused),
        (vec!["bundle", &id, &bundle], Ok),
        (
            vec!["bundle", &id, &tmp("x.bundle"), "--since", "nosuchtag"],
            Refused,
        ),
    ] {
        s.step(&g, &args, ends);
    }

    // The union one level up takes it in, comments, decides and sends it back.
    r.ok(&[
        "union",
        "set",
        "--name",
        "大连市金州区总工会",
        "--code",
        "210213",
        "--person",
        "王敏",
        "--role",
        "reviewer",
    ]);
    let missing = tmp("没有.git");
    // A bundle cut short on its way (a USB stick pulled out).
    let cut = tmp("半个.bundle");
    let whole = std::fs::read(&bundle).unwrap();
    std::fs::write(&cut, &whole[..whole.len() / 2]).unwrap();
    for (args, ends) in [
        (vec!["inbox"], Ok),
        (vec!["clone", &bare], Ok),
        (vec!["clone", &bare], Refused),
        (vec!["clone", &missing], Refused),
        (vec!["inbox"], Ok),
        (vec!["inbox", "--state", "pending"], Ok),
        (vec!["inbox", "--state", "bogus"], Refused),
        (vec!["inbox", "--sort", "bogus"], Refused),
        (vec!["import", &bundle], Ok),
        (vec!["import", &tmp("没有.bundle")], Refused),
        (vec!["import", &tmp("名录.csv")], Refused),
        (vec!["import", &cut], Refused),
        (
            vec![
                "prereview",
                &id,
                "--clause",
                "5",
                "--opinion",
                "增长幅度应写明计算基数。",
            ],
            Ok,
        ),
        (
            vec![
                "prereview",
                &id,
                "--decision",
                "changes",
                "--date",
                "2026-03-20",
            ],
            Ok,
        ),
        (vec!["push", &id], Ok),
        (vec!["fetch", &id], Ok),
        (vec!["inbox"], Ok),
        (vec!["terms", &id, "increase=5%"], Refused),
        (vec!["remote", &id, "add", "gone", &missing], Ok),
        (vec!["fetch", &id, "gone"], Refused),
    ] {
        s.step(&r, &args, ends);
    }
    for (args, ends) in [(vec!["fetch", &id], Ok), (vec!["import", &bundle], Ok)] {
        s.step(&g, &args, ends);
    }

    // The signed text edited by hand: verify, check, list and show say so.
    let contract = g.dossier_dir(&demo).join("contract.md");
    let signed = std::fs::read_to_string(&contract).unwrap();
    std::fs::write(&contract, signed.replace("150元", "100元")).unwrap();
    for (args, ends) in [
        (vec!["verify", &demo], Refused),
        (vec!["verify", "--all"], Refused),
        (vec!["check", &demo], Refused),
        (vec!["list"], Ok),
        (vec!["show", &demo], Ok),
        (vec!["terms", &demo, "increase=7%"], Refused),
    ] {
        s.step(&g, &args, ends);
    }
    std::fs::write(&contract, signed).unwrap();

    let mut corpus = corpus_of(&g, &demo);
    corpus.push_str(&corpus_of(&g, &id));
    values(&region_data("china-2025"), &mut corpus);
    for text in [
        include_str!("../fixtures/archive_import/facts.csv"),
        include_str!("../fixtures/archive_import/huaxin-2025-wage.txt"),
        include_str!("../fixtures/archive_import/jinhai-2024-women.txt"),
        "旧合同",
        REGISTRY_CSV,
        BROKEN_CSV,
        "大连华信精密机械有限公司工会 张华 大连市金州区总工会 王敏 增长幅度应写明计算基数。",
        // The user's own file and folder names.
        "签字文本 合同 名录 名录-错 没有 导出 半个",
        // What the refused commands typed, quoted back.
        " lapsed town boss bogus nosuch nosuchtag odt gone ",
    ] {
        corpus.push_str(text);
    }
    // The papers are Chinese documents: a message in English names a paper's Chinese title and
    // fields so the user finds them in it.
    corpus.push_str(include_str!("../../templates/documents/minutes.md"));
    // The papers are printed in Chinese whatever the interface's language: a message naming a
    // paper's blank names it as printed (`会议时间`), so the user finds it in the paper.
    let mut key = "";
    for line in include_str!("../../locales/documents.yml").lines() {
        if !line.starts_with(' ') {
            key = line;
        } else if key.starts_with("documents.var.")
            && let Some(label) = line.trim().strip_prefix("zh-CN:")
        {
            corpus.push_str(label);
            corpus.push('\n');
        }
    }
    (s.outputs, corpus)
}

#[test]
fn the_archive_registry_verify_and_exchange_speak_one_language() {
    let mut found = Vec::new();
    for lang in ["zh-CN", "en"] {
        let (outputs, corpus) = scenario(lang);
        found.extend(
            outputs
                .iter()
                .filter_map(|(what, text)| strays(lang, what, text, &corpus)),
        );
    }
    assert_none(&found);
}

/// Hostile text (ESC, BEL, a bidi override, a zero-width space, a very long value) typed into the
/// verbs of the archive, the registry, attachments, costing, region data, verification, export
/// and the exchange, and stored in a dossier they then read: whatever is accepted, refused or
/// echoed, in either language, no raw control character reaches stdout or stderr (`cat -v`
/// would show none).
#[test]
fn hostile_text_in_the_archive_registry_and_exchange_never_reaches_the_terminal() {
    let evil = "\u{1b}[31m夜班\u{1b}]0;PWNED\u{7}\u{202e}\u{200b}";
    let long = format!("{evil}{}", "长".repeat(5000));
    let ws = Ws::new();
    let id = ws.new_dossier_of("wage");
    let tmp = |name: &str| ws.dir.path().join(name).display().to_string();
    // Stored: a union, a registry and a dossier that carry it.
    let csv = format!(
        "名称,统一社会信用代码,地区,职工人数,是否建会,高危\n大连{evil}机械有限公司,91210213MA0QBC1E4T,210213,120,是,否\n"
    );
    std::fs::write(tmp("名录.csv"), csv).unwrap();
    for args in [
        vec![
            "union",
            "set",
            "--name",
            evil,
            "--code",
            "210213001",
            "--person",
            evil,
        ],
        vec!["enterprises", "import", &tmp("名录.csv")],
        vec!["enterprise", &id, "name", &long],
        vec!["enterprise", &id, "industry", evil],
    ] {
        ws.run(&args);
    }
    let bundle = tmp("a.bundle");
    let evil_file = tmp(evil);
    let runs: Vec<Vec<&str>> = vec![
        vec!["union"],
        vec![
            "union", "set", "--name", "x", "--code", evil, "--person", "y",
        ],
        vec!["enterprises"],
        vec!["enterprises", "import", evil],
        vec!["archive", "search", evil],
        vec!["archive", "search", "--status", evil],
        vec!["archive", "search", "--allowance", evil],
        vec!["archive", "due", "--within", evil],
        vec!["archive", "stats", "--by", &long],
        vec!["archive", "stats", "--list"],
        vec!["archive", "export", "--csv", &evil_file],
        vec!["inbox", "--state", evil],
        vec!["inbox", "--union", evil],
        vec!["verify", evil],
        vec!["verify", &id],
        vec!["verify", "--all"],
        vec!["attachments", evil],
        vec!["attachments", &id, "--open", evil],
        vec!["cost", &id, "--round", evil],
        vec!["region", "show", evil],
        vec!["region", "show", "210200", "--on", evil],
        vec!["export", &id, evil],
        vec!["export", &id, "offer", "--out", &evil_file],
        vec!["remote", &id, "add", evil, "/tmp/x.git"],
        vec!["remote", &id, "add", "origin", evil],
        vec!["push", &id, evil],
        vec!["fetch", &id, evil],
        vec!["bundle", &id, &bundle, "--since", evil],
        vec!["import", evil],
        vec!["clone", evil],
        vec!["list"],
        vec!["show", &id],
        vec!["check", &id],
    ];
    let raw = |s: &str| {
        s.chars()
            .any(|c| xieshang::text::is_forbidden(c) && c != '\n')
    };
    for args in &runs {
        for lang in ["zh-CN", "en"] {
            let o = ws.run_lang(lang, args);
            let (out, err) = (
                String::from_utf8_lossy(&o.stdout),
                String::from_utf8_lossy(&o.stderr),
            );
            assert!(!raw(&out), "{lang} {args:?} stdout: {out:?}");
            assert!(!raw(&err), "{lang} {args:?} stderr: {err:?}");
            // A long value is cut, never echoed whole.
            assert!(out.len() + err.len() < 12_000, "{lang} {args:?}: {err}");
        }
    }
}

/// The TUI on `ws` in `lang`, in tmux, with the user's settings shut out.
fn tui(ws: &Ws, lang: &str) -> Tmux {
    let home = ws.dir.path().display().to_string();
    Tmux::start(
        "lang",
        &format!(
            "env HOME={home} XDG_CONFIG_HOME={home} GIT_CONFIG_NOSYSTEM=1 EDITOR=true {} \
             --workspace {} --lang {lang} --today 2026-03-20",
            env!("CARGO_BIN_EXE_xieshang"),
            ws.root().display()
        ),
    )
}

/// Issue #13's done-when: the language checks over a dossier made in the TUI. A Chinese user
/// builds it in tmux — a new dossier, both chiefs, the request, a round with a position from
/// each side and an agreement, the terms, the draft from the template, a clause edited, the
/// versions compared — and every screen on the way holds no stray English; then the read verbs
/// and refusals over it in both languages, and the TUI in English over the same dossier, hold no
/// stray word of the other language. Outside CI a missing tmux skips; on CI it fails.
#[test]
fn a_dossier_made_in_the_tui_speaks_one_language() {
    if std::process::Command::new("tmux")
        .arg("-V")
        .output()
        .is_err()
    {
        assert!(std::env::var_os("CI").is_none(), "tmux is required on CI");
        println!("skipped: tmux is not installed");
        return;
    }
    let ws = Ws::new();
    ws.ok(&["init"]);
    let mut screens: Vec<(&str, String, String)> = Vec::new();
    let t = tui(&ws, "zh-CN");
    let mut shot = |what: String, screen: String| screens.push(("zh-CN", what, screen));
    t.wait_for("档案列表");
    // The list as loaded (the demo `init` made), not the screen before the worker answered.
    shot("home".into(), t.wait_for("大连华信精密机械有限公司"));
    t.keys(&["n"]);
    shot("new".into(), t.wait_for("新建档案"));
    t.text("大连渤海阀门有限公司");
    t.keys(&["Tab", "Tab", "Tab"]);
    t.text("120");
    t.keys(&["Enter"]);
    shot("dossier".into(), t.wait_for("产生代表"));
    t.keys(&["a"]);
    shot("rep form".into(), t.wait_for("首席代表"));
    t.text("王建国");
    t.keys(&["Tab", "Tab", "Tab", "Space", "Enter"]);
    t.wait_for("王建国 [首席]");
    t.keys(&["a"]);
    t.text("刘总");
    t.keys(&["Tab", "Space", "Tab", "Tab", "Space", "Enter"]);
    shot("reps".into(), t.wait_for("刘总 [首席]"));
    t.keys(&["j", "e"]);
    shot("offer form".into(), t.wait_for("协商事项"));
    // The sending date opens empty (the date on the paper): yesterday, relative; the receipt
    // left empty (received the day it was sent).
    t.text("-1");
    t.keys(&["Tab", "Tab"]);
    t.text("工资");
    t.keys(&["Enter"]);
    shot("offer saved".into(), t.wait_for("已保存：要约"));
    t.keys(&["j", "j", "a"]);
    shot("open round".into(), t.wait_for("开始协商会议"));
    t.keys(&["Enter"]);
    t.wait_for("第1轮");
    t.keys(&["i"]);
    t.text("工资增长");
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
    shot("table".into(), t.wait_for("✓6%"));
    t.keys(&["c"]);
    shot("close round".into(), t.wait_for("结束本轮协商"));
    t.keys(&["Space", "Enter"]);
    shot("round closed".into(), t.wait_for("已保存：第1轮：结束"));
    t.keys(&["q"]);
    t.wait_for("程序");
    t.keys(&["j", "e"]);
    shot("terms form".into(), t.wait_for("约定条件"));
    t.text("6%");
    t.keys(&["Enter"]);
    shot("terms saved".into(), t.wait_for("已保存：协议条件"));
    t.keys(&["d"]);
    shot("no draft".into(), t.wait_for("尚无草案"));
    t.keys(&["t"]);
    shot("draft".into(), t.wait_for("第一条"));
    t.keys(&["j", "Enter"]);
    t.wait_for("Ctrl-S");
    t.keys(&["C-e"]);
    t.text("（已协商）");
    t.keys(&["C-s"]);
    shot(
        "clause saved".into(),
        t.wait_for("已保存：草案：修改第二条"),
    );
    t.keys(&["v"]);
    t.wait_for("版本对比");
    // The list comes from the worker after the screen: `j` before it is there does nothing, and
    // `b` then marks the newest version, the default target (nothing to compare).
    shot("versions".into(), t.wait_for("草案：由模板"));
    t.keys(&["j", "b", "s"]);
    shot("diff".into(), t.wait_for("新 第二条"));
    t.keys(&["?"]);
    // The overlay's title: the screen as drawn with it, not the one before.
    shot("help".into(), t.wait_for("按键"));
    t.quit();
    drop(t);

    let rows: serde_json::Value = serde_json::from_str(&ws.ok(&["list", "--json"])).unwrap();
    let id = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r.to_string().contains("大连渤海阀门有限公司"))
        .and_then(|r| r["id"].as_str())
        .unwrap()
        .to_string();
    let shown = ws.show(&id);
    assert_eq!(shown["rounds"][0]["issues"][0]["agreed"], "6%", "{shown}");
    assert_eq!(shown["representatives"].as_array().unwrap().len(), 2);

    // The same dossier in the English TUI.
    let t = tui(&ws, "en");
    t.wait_for("Dossiers");
    // The rows come from the worker after the screen: `Enter` before they are there opens
    // nothing.
    t.wait_for("大连渤海阀门有限公司");
    t.keys(&["/"]);
    t.text("渤海");
    t.keys(&["Enter", "Enter"]);
    screens.push(("en", "dossier".into(), t.wait_for("Procedure")));
    t.keys(&["t"]);
    screens.push(("en", "table".into(), t.wait_for("Round 1")));
    t.keys(&["q", "d"]);
    screens.push(("en", "draft".into(), t.wait_for("第一条")));
    t.quit();
    drop(t);

    // The user's data: this dossier, the demo `init` made (`list` shows it), what was typed.
    let mut corpus = corpus_of(&ws, &id);
    corpus.push_str(&corpus_of(&ws, "2026-001"));
    corpus.push_str(" 工资增长 （已协商） 渤海 nobody bonus ");
    let mut found = Vec::new();
    for lang in ["zh-CN", "en"] {
        let mut all = outputs(&ws, lang, &id);
        all.extend(
            screens
                .iter()
                .filter(|(l, _, _)| *l == lang)
                .map(|(_, what, s)| (format!("TUI {what}"), s.clone())),
        );
        found.extend(
            all.iter()
                .filter_map(|(what, text)| strays(lang, what, text, &corpus)),
        );
    }
    assert_none(&found);
}

/// The rarer failures — a damaged stored file, a bad remote name — say what is wrong in the
/// user's language; the parser's words are not shown in Chinese (the place in the file is).
#[test]
fn a_damaged_file_and_a_bad_remote_name_speak_one_language() {
    let ws = Ws::new();
    let id = ws.ok(&["demo"]).trim().to_string();
    let file = ws.dossier_dir(&id).join("dossier.json");
    let good = std::fs::read_to_string(&file).unwrap();

    std::fs::write(&file, "{ not json").unwrap();
    let zh = stderr_of(&ws, "zh-CN", &["show", &id]);
    assert!(
        zh.contains("已损坏：不是有效的 JSON（第 1 行第 3 列）；"),
        "{zh}"
    );
    assert!(
        !zh.contains("expected") && !zh.contains("not valid"),
        "{zh}"
    );
    assert_none(
        &strays("zh-CN", "show", &zh, "")
            .into_iter()
            .collect::<Vec<_>>(),
    );
    let en = stderr_of(&ws, "en", &["show", &id]);
    assert!(
        en.contains("is damaged: not valid JSON: key must be a string at line 1 column 3;"),
        "{en}"
    );
    assert_none(
        &strays("en", "show", &en, "")
            .into_iter()
            .collect::<Vec<_>>(),
    );

    // The current schema with a field missing: the field is named, the place kept.
    let mut v: serde_json::Value = serde_json::from_str(&good).unwrap();
    v.as_object_mut().unwrap().remove("enterprise");
    std::fs::write(&file, serde_json::to_string(&v).unwrap()).unwrap();
    let zh = stderr_of(&ws, "zh-CN", &["show", &id]);
    assert!(
        zh.contains("已损坏：缺少字段 `enterprise`（第 1 行第 "),
        "{zh}"
    );
    assert!(!zh.contains("missing field"), "{zh}");
    let en = stderr_of(&ws, "en", &["show", &id]);
    assert!(
        en.contains("is damaged: missing field `enterprise` at line 1 column "),
        "{en}"
    );
    std::fs::write(&file, good).unwrap();

    let zh = stderr_of(
        &ws,
        "zh-CN",
        &["remote", &id, "add", "bad:name", "/srv/x.git"],
    );
    assert!(zh.contains("远程仓库名称 = “bad:name”：须为"), "{zh}");
    assert!(!zh.contains("标签名"), "{zh}");
    assert_none(
        &strays("zh-CN", "remote add", &zh, "")
            .into_iter()
            .collect::<Vec<_>>(),
    );
    let en = stderr_of(&ws, "en", &["remote", &id, "add", "bad:name", "/srv/x.git"]);
    assert!(
        en.contains("remote name = \"bad:name\": use 1 to 64"),
        "{en}"
    );
    assert!(!en.contains("tag"), "{en}");
}

/// ASCII colons and parentheses set against Chinese text (`期限: …`, `(还剩1天)`, `王秀兰(首席)`),
/// as `(line, char)` pairs.
fn ascii_punctuation_in_chinese(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        let chars: Vec<char> = line.chars().collect();
        for (i, &c) in chars.iter().enumerate() {
            if !matches!(c, ':' | '(' | ')') {
                continue;
            }
            // The nearest letters either side, past spaces.
            let before = chars[..i].iter().rev().find(|c| !c.is_whitespace());
            let after = chars[i + 1..].iter().find(|c| !c.is_whitespace());
            let cjk_near = before.is_some_and(|&b| is_cjk(b) && b != '”')
                || (c != ':' && after.is_some_and(|&a| is_cjk(a)));
            if cjk_near {
                out.push(format!("{line:?}: {c}"));
            }
        }
    }
    out
}

/// zh-CN sets labels and asides with full-width `：` and `（）`; English keeps ASCII and has
/// no full-width marks of its own.
#[test]
fn chinese_output_uses_full_width_colons_and_parentheses() {
    let ws = Ws::new();
    let id = ws.ok(&["demo"]).trim().to_string();
    let reads: Vec<Vec<&str>> = vec![
        vec!["show", &id],
        vec!["list"],
        vec!["check", &id],
        vec!["log", &id],
        vec!["diff", &id],
        vec!["region", "show", "210200"],
        vec!["region", "list"],
        vec!["cost", &id],
        vec!["inbox"],
        vec!["archive", "due"],
        vec!["archive", "search", "工资"],
        vec!["archive", "stats"],
        vec!["verify", &id],
        vec!["verify", "--all"],
    ];
    let mut found = Vec::new();
    for args in &reads {
        let zh = stdout_of(&ws, "zh-CN", args);
        assert!(!zh.trim().is_empty(), "{args:?}");
        for f in ascii_punctuation_in_chinese(&zh) {
            found.push(format!("{args:?} {f}"));
        }
        let en = stdout_of(&ws, "en", args);
        // English keeps ASCII: no full-width colon or parenthesis outside the user's data
        // (the demo's names and clauses have none).
        for (n, line) in en.lines().enumerate() {
            if line.contains('：') || line.contains('（') {
                // The region file's source note is quoted data too.
                // (`region list` names its sources under the list: "  Source 2: …".)
                let data = line.contains("大连")
                    || line.contains('第')
                    || line.contains("Source: ")
                    || line.trim_start().starts_with("Source ");
                if !data {
                    found.push(format!("en {args:?} line {n}: {line}"));
                }
            }
        }
    }
    let err = stderr_of(&ws, "zh-CN", &["reply", &id, "--date", "2020-01-01"]);
    assert!(err.starts_with("错误："), "{err}");
    found.extend(ascii_punctuation_in_chinese(&err));
    assert!(
        found.is_empty(),
        "ASCII punctuation in Chinese:\n{}",
        found.join("\n")
    );

    let show = stdout_of(&ws, "zh-CN", &["show", &id]);
    for line in [
        "当前步骤：履行与续订",
        "职工方：王秀兰（首席）、刘建军",
        "职代会（赞成/反对/弃权）：2026-05-20 97/3/4（出席 104，应到 120）",
    ] {
        assert!(show.contains(line), "{line}\n{show}");
    }
    let check = stdout_of(&ws, "zh-CN", &["check", &id]);
    assert!(
        check.contains("\n期限：工资协议 2027-06-30 期满"),
        "{check}"
    );
    let en = stdout_of(&ws, "en", &["show", &id]);
    assert!(en.contains("\nworkers: 王秀兰 (chief), 刘建军"), "{en}");
    assert!(en.contains("\nstep: Term and renewal\n"), "{en}");
}

/// The field names the program's refusals name, collected from its source: the first argument
/// of `Invalid::new` and of the helpers that build one, and every `other_field`. Option names
/// (`--date`), file names and placeholders are shown as typed and left out.
fn refused_fields() -> Vec<String> {
    const BUILDERS: &[&str] = &[
        "Invalid::new(",
        "parse_date(",
        "parse_count(",
        "parse_percent_bp(",
        "parse_money_fen(",
        "checked_line(",
        " line(",
        "(line(",
        " text(",
        "(text(",
        "not_sealed(d, ",
        "not_sealed(&d, ",
        "missing(",
        "nonempty_text(",
        "not_before(",
        "not_after(",
        "one_of(",
        "Unit::parse(",
        "other_field: ",
        "let field = ",
    ];
    fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    let mut files = Vec::new();
    walk(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    let mut fields = Vec::new();
    for f in files {
        let src = std::fs::read_to_string(&f).unwrap();
        // Not the unit tests: they name fields of their own.
        let src = src.split("#[cfg(test)]").next().unwrap();
        for b in BUILDERS {
            for (at, _) in src.match_indices(b) {
                let rest = src[at + b.len()..].trim_start();
                // `not_before("date", date, "signing", …)`: both field names.
                let literals: Vec<&str> = if b.starts_with("not_") {
                    let call = &rest[..rest.find(")?").unwrap_or(rest.len()).min(400)];
                    call.split('"').skip(1).step_by(2).collect()
                } else if let Some(r) = rest.strip_prefix('"') {
                    r.split('"').next().into_iter().collect()
                } else {
                    Vec::new()
                };
                for l in literals {
                    let typed = l.starts_with('-')
                        || l.contains(['{', '=', '/', ' '])
                        || l.to_ascii_lowercase().ends_with(".md")
                        || l.is_empty();
                    if !typed {
                        fields.push(l.to_string());
                    }
                }
            }
        }
    }
    fields.sort();
    fields.dedup();
    fields
}

/// Issue #13: a refusal names its field in the user's language (`要约收到日期`, not
/// `offer.received`; `变更`, not `amend`) — every field any refusal names has a label in both.
#[test]
fn every_refused_field_has_a_label_in_both_languages() {
    use xieshang::domain::invalid::field_label;
    let fields = refused_fields();
    // The collection finds the refusals the audit named.
    for f in [
        "amend",
        "answer",
        "attachment",
        "distribution",
        "item",
        "prep",
        "guideline.upper",
        "what",
        "votes",
        "offer.received",
    ] {
        assert!(
            fields.iter().any(|x| x == f),
            "{f} not collected: {fields:?}"
        );
    }
    let mut unlabelled = Vec::new();
    for f in &fields {
        let zh = field_label(Lang::ZhCn, f);
        let en = field_label(Lang::En, f);
        if !zh.chars().any(is_cjk) || en.chars().any(is_cjk) || en.contains(['.', '_']) {
            unlabelled.push(format!("{f}: {zh} / {en}"));
        }
    }
    assert!(
        unlabelled.is_empty(),
        "no label:\n{}",
        unlabelled.join("\n")
    );
}

/// The refusals the audit met name their fields in Chinese.
#[test]
fn refusals_name_their_fields_in_chinese() {
    let ws = Ws::new();
    ws.ok(&["init"]);
    let id = ws.new_dossier_of("wage");
    for (args, want) in [
        (
            vec!["prep", &id, "--guideline", "9/5/3"],
            "错误：工资指导线（下线/基准线/上线） = “9/5/3”：不能超过工资指导线上线（3）",
        ),
        (
            vec![
                "congress",
                &id,
                "--date",
                "2026-03-01",
                "--total",
                "100",
                "--present",
                "80",
                "--for",
                "70",
                "--against",
                "20",
                "--abstain",
                "5",
            ],
            "错误：赞成、反对、弃权票数合计 = “95”：不能超过出席人数（80）",
        ),
        (
            vec!["amend", &id, "--date", "2026-06-01", "--text", "改"],
            "错误：变更：须先记录签字",
        ),
        (
            vec!["attach", "2026-001", "/etc/passwd", "--kind", "signed"],
            "错误：附件 = “passwd”：",
        ),
        (
            vec!["rep", "2026-001", "--side", "workers", "--name", "张"],
            "错误：档案 = “2026-001”：",
        ),
    ] {
        let err = stderr_of(&ws, "zh-CN", &args);
        assert!(err.starts_with(want), "{args:?}: {err}");
        assert_eq!(stray_ascii_words(&err, ""), Vec::<String>::new(), "{err}");
    }
}

/// Issue #13 audit: a language refused from the environment is named as such, every early
/// refusal starts with 错误：, and `show`'s corrections heading takes the full-width colon.
#[test]
fn early_refusals_say_error_and_where_the_value_came_from() {
    let ws = Ws::new();
    ws.ok(&["init"]);
    let run = |env: Option<&str>, args: &[&str]| {
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_xieshang"));
        c.arg("--workspace").arg(ws.root());
        c.env_remove("XIESHANG_LANG").env("HOME", ws.dir.path());
        if let Some(v) = env {
            c.env("XIESHANG_LANG", v);
        }
        let o = c.args(args).output().unwrap();
        assert!(!o.status.success(), "{args:?}");
        String::from_utf8(o.stderr).unwrap()
    };
    let err = run(Some("fr"), &["list"]);
    assert!(
        err.starts_with("错误：XIESHANG_LANG = “fr”：不支持的语言"),
        "{err}"
    );
    let err = run(None, &["--lang", "fr", "list"]);
    assert!(
        err.starts_with("错误：--lang = “fr”：不支持的语言"),
        "{err}"
    );
    let err = run(None, &["--today", "2026-13-01", "list"]);
    assert!(err.starts_with("错误：--today = “2026-13-01”："), "{err}");

    let id = ws.new_dossier_of("wage");
    ws.ok(&[
        "offer",
        &id,
        "--by",
        "workers",
        "--sent",
        "2026-01-05",
        "--received",
        "2026-01-06",
    ]);
    ws.ok(&[
        "correct",
        &id,
        "--what",
        "offer.sent",
        "--value",
        "2026-01-04",
        "--reason",
        "笔误",
    ]);
    let zh = stdout_of(&ws, "zh-CN", &["show", &id]);
    assert!(zh.contains("\n更正：\n"), "{zh}");
    let en = stdout_of(&ws, "en", &["show", &id]);
    assert!(en.contains("\ncorrections:\n"), "{en}");
}
