//! The user's language. Every user-visible string lives in `locales/*.yml` (rust-i18n, format
//! version 2: one key, both languages side by side); code asks for it with [`tr`] or `t!`
//! passing the language explicitly, so the library never depends on a global setting and tests
//! can render both languages in one process.

/// The languages xieshang speaks. 简体中文 is the default.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Hash)]
pub enum Lang {
    #[default]
    ZhCn,
    En,
}

impl Lang {
    pub(crate) fn code(self) -> &'static str {
        match self {
            Lang::ZhCn => "zh-CN",
            Lang::En => "en",
        }
    }

    pub(crate) fn from_code(s: &str) -> Option<Self> {
        match s {
            "zh-CN" | "zh" | "zh_CN" | "zh-Hans" => Some(Lang::ZhCn),
            "en" | "en-US" | "en-GB" => Some(Lang::En),
            _ => None,
        }
    }
}

/// The text for `key` in `lang`.
pub(crate) fn tr(lang: Lang, key: &str) -> String {
    crate::_rust_i18n_translate(lang.code(), key).into_owned()
}

/// The text for `key` in `lang`, or `None` when no locale file has the key (for keys made from
/// data, such as an event kind read from a history written by a newer program).
pub(crate) fn lookup(lang: Lang, key: &str) -> Option<String> {
    let t = tr(lang, key);
    // rust-i18n answers a missing key with the key itself, prefixed by the locale it tried.
    let missing = t == key
        || t.strip_suffix(key)
            .is_some_and(|p| p.ends_with('.') && !p.contains(char::is_whitespace));
    (!missing).then_some(t)
}

/// The text for `key` in `lang` with `%{name}` placeholders filled. In English a count of one
/// takes the singular of the noun after it (`%{n} days` with n = 1 reads `1 day`), see
/// [`singular_after_one`].
pub(crate) fn trf(lang: Lang, key: &str, args: &[(&str, &str)]) -> String {
    let mut s = tr(lang, key);
    if lang == Lang::En {
        s = singular_after_one(&s, args);
    }
    for (name, value) in args {
        s = s.replace(&format!("%{{{name}}}"), value);
    }
    s
}

/// The English nouns (with the words that may stand between a count and its noun) counted in
/// the locale files, plural and singular. Longest first, so `chief representatives` wins over
/// `representatives`.
const ENGLISH_PLURALS: &[(&str, &str)] = &[
    (
        "women-concentrated enterprises",
        "women-concentrated enterprise",
    ),
    ("high-risk enterprises", "high-risk enterprise"),
    ("unionised enterprises", "unionised enterprise"),
    ("chief representatives", "chief representative"),
    ("preparation tasks", "preparation task"),
    ("signed agreements", "signed agreement"),
    ("region data files", "region data file"),
    ("representatives", "representative"),
    ("paragraphs", "paragraph"),
    ("decimal places", "decimal place"),
    ("more clauses", "more clause"),
    ("enterprises", "enterprise"),
    ("agreements", "agreement"),
    ("characters", "character"),
    ("insertions", "insertion"),
    ("deletions", "deletion"),
    ("delegates", "delegate"),
    ("templates", "template"),
    ("outsiders", "outsider"),
    ("dossiers", "dossier"),
    ("findings", "finding"),
    ("opinions", "opinion"),
    ("problems", "problem"),
    ("warnings", "warning"),
    ("clauses", "clause"),
    ("columns", "column"),
    ("entries", "entry"),
    ("seconds", "second"),
    ("workers", "worker"),
    ("errors", "error"),
    ("issues", "issue"),
    ("months", "month"),
    ("papers", "paper"),
    ("rounds", "round"),
    ("bands", "band"),
    ("bytes", "byte"),
    ("cells", "cell"),
    ("files", "file"),
    ("items", "item"),
    ("votes", "vote"),
    ("years", "year"),
    ("days", "day"),
    ("rows", "row"),
];

/// `template` with the noun after each placeholder whose value is `1` in the singular:
/// English only (Chinese nouns have one form). rust-i18n has no plural rules here, and this
/// covers every count in the locale files without a `_one` key for each.
fn singular_after_one(template: &str, args: &[(&str, &str)]) -> String {
    let mut s = template.to_string();
    for (name, value) in args {
        if value.trim() != "1" {
            continue;
        }
        for (plural, singular) in ENGLISH_PLURALS {
            let from = format!("%{{{name}}} {plural}");
            let mut out = String::with_capacity(s.len());
            let mut rest = s.as_str();
            while let Some(at) = rest.find(&from) {
                let after = &rest[at + from.len()..];
                out.push_str(&rest[..at]);
                // A whole word only: `%{n} days` but not `%{n} daysx`.
                if after.starts_with(|c: char| c.is_alphanumeric()) {
                    out.push_str(&from);
                } else {
                    out.push_str(&format!("%{{{name}}} {singular}"));
                }
                rest = after;
            }
            out.push_str(rest);
            s = out;
        }
    }
    s
}

/// What went wrong with a file or folder, in `lang`: the operating system's reason
/// (`io::ErrorKind`) in words of the user's language instead of the system's English text
/// ("No such file or directory (os error 2)"). A kind without words of its own is named by
/// its error number, which a helper can look up.
pub(crate) fn io_detail(lang: Lang, e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let key = match e.kind() {
        K::NotFound => "not_found",
        K::PermissionDenied => "permission_denied",
        K::AlreadyExists => "already_exists",
        K::IsADirectory => "is_a_directory",
        K::NotADirectory => "not_a_directory",
        K::ReadOnlyFilesystem => "read_only",
        K::StorageFull | K::QuotaExceeded => "storage_full",
        K::DirectoryNotEmpty => "not_empty",
        K::InvalidData => "invalid_data",
        K::UnexpectedEof => "unexpected_eof",
        K::FileTooLarge => "too_large",
        K::InvalidFilename => "invalid_filename",
        K::CrossesDevices => "crosses_devices",
        K::Interrupted | K::TimedOut => "interrupted",
        _ => {
            let code = e
                .raw_os_error()
                .map_or_else(|| format!("{:?}", e.kind()), |c| c.to_string());
            return trf(lang, "io.other", &[("code", &code)]);
        }
    };
    tr(lang, &format!("io.{key}"))
}

/// The colon after a label (`期限：…`, `deadline: …`): full width in Chinese, as Chinese
/// typesetting has it, ASCII with a space in English.
pub(crate) fn colon(lang: Lang) -> &'static str {
    match lang {
        Lang::ZhCn => "：",
        Lang::En => ": ",
    }
}

/// What separates the items of a list of sentences: `；` in Chinese, `; ` in English.
pub(crate) fn semicolon(lang: Lang) -> &'static str {
    match lang {
        Lang::ZhCn => "；",
        Lang::En => "; ",
    }
}

/// `inner` in parentheses after a word (`王秀兰（首席）`, `Wang (chief)`): full width and
/// without a space in Chinese, ASCII after a space in English.
pub(crate) fn parens(lang: Lang, inner: &str) -> String {
    match lang {
        Lang::ZhCn => format!("（{inner}）"),
        Lang::En => format!(" ({inner})"),
    }
}

/// A failure said in `lang` when the program's words come from a library or a tool that speaks
/// English (git, SQLite, a parser): in zh-CN the text of `key` (what failed, in Chinese) with the
/// tool's own words quoted at the end; in English the tool's words as they are. Both are made
/// safe to show.
pub(crate) fn with_original(lang: Lang, key: &str, original: &str) -> String {
    let original = crate::text::sanitize_line(original);
    match lang {
        Lang::En => original,
        Lang::ZhCn => trf(
            lang,
            "i18n.with_original",
            &[("said", &tr(lang, key)), ("original", &original)],
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_exists_in_both_languages() {
        let keys = crate::_rust_i18n_available_locales();
        assert!(keys.contains(&"zh-CN") && keys.contains(&"en"), "{keys:?}");
        // A missing translation comes back as the key itself (or a fallback); check the
        // locale files directly so neither language can lag behind.
        for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/locales"))
            .into_iter()
            .flatten()
            .flatten()
        {
            let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
            let mut current: Option<String> = None;
            let mut langs: Vec<String> = Vec::new();
            let check = |key: &Option<String>, langs: &Vec<String>| {
                if let Some(k) = key {
                    assert!(
                        langs.iter().any(|l| l == "en") && langs.iter().any(|l| l == "zh-CN"),
                        "{}: key {k} lacks a language: {langs:?}",
                        entry.path().display()
                    );
                }
            };
            for line in text.lines() {
                if line.starts_with('_')
                    || line.trim().is_empty()
                    || line.trim_start().starts_with('#')
                {
                    continue;
                }
                if !line.starts_with(' ') {
                    check(&current, &langs);
                    current = Some(line.trim_end_matches(':').to_string());
                    langs.clear();
                } else if let Some((l, _)) = line.trim().split_once(':') {
                    langs.push(l.trim().to_string());
                }
            }
            check(&current, &langs);
        }
    }

    #[test]
    fn placeholders_are_filled() {
        assert_eq!(
            trf(
                Lang::En,
                "error.field_value",
                &[("field", "date"), ("value", "x"), ("problem", "bad")]
            ),
            "date = \"x\": bad"
        );
    }

    #[test]
    fn io_errors_are_told_in_the_users_language() {
        let e = std::io::Error::from_raw_os_error(2);
        assert_eq!(io_detail(Lang::ZhCn, &e), "文件或文件夹不存在");
        assert_eq!(io_detail(Lang::En, &e), "no such file or folder");
        let e = std::io::Error::from_raw_os_error(71);
        assert_eq!(io_detail(Lang::ZhCn, &e), "系统错误（错误号 71）");
    }

    #[test]
    fn a_count_of_one_takes_the_singular_in_english() {
        let en = |key: &str, args: &[(&str, &str)]| trf(Lang::En, key, args);
        for (n, left) in [
            ("0", "0 days left"),
            ("1", "1 day left"),
            ("2", "2 days left"),
        ] {
            assert_eq!(en("cli.days_left", &[("n", n)]), left);
        }
        for (n, text) in [
            ("0", "0 errors, 0 warnings"),
            ("1", "1 error, 1 warning"),
            ("2", "2 errors, 2 warnings"),
        ] {
            assert_eq!(en("inbox.checks", &[("errors", n), ("warnings", n)]), text);
        }
        assert_eq!(
            en("inbox.checks", &[("errors", "1"), ("warnings", "11")]),
            "1 error, 11 warnings"
        );
        for (n, text) in [
            ("0", "0 issues still open"),
            ("1", "1 issue still open"),
            ("2", "2 issues still open"),
        ] {
            assert_eq!(en("status.issues_open", &[("n", n)]), text);
        }
        assert_eq!(
            en("archive.more_clauses", &[("n", "1")]),
            "… and 1 more clause"
        );
        assert_eq!(
            en("rule.REP-CHIEF.several", &[("side", "workers"), ("n", "1")]),
            "workers has 1 chief representative; only one is allowed"
        );
        // Chinese has one form.
        assert_eq!(
            trf(Lang::ZhCn, "inbox.waiting", &[("days", "1")]),
            "已等待 1 天"
        );
    }

    #[test]
    fn only_whole_nouns_after_the_count_change() {
        let args = [("n", "1")];
        assert_eq!(
            singular_after_one("%{n} daysx, %{n} days.", &args),
            "%{n} daysx, %{n} day."
        );
        assert_eq!(singular_after_one("%{m} days", &args), "%{m} days");
        assert_eq!(singular_after_one("%{n} days", &[("n", "10")]), "%{n} days");
    }
}
