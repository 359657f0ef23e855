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

/// The text for `key` in `lang` with `%{name}` placeholders filled.
pub(crate) fn trf(lang: Lang, key: &str, args: &[(&str, &str)]) -> String {
    let mut s = tr(lang, key);
    for (name, value) in args {
        s = s.replace(&format!("%{{{name}}}"), value);
    }
    s
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
}
