//! What a commit records, as data: an [`Event`] is a kind (`round.closed`) and named arguments
//! (`round=2`). Every save carries its events as git trailers (`Xieshang-Event: round.closed
//! round=2`) under a readable English subject, so plain `git log` in a dossier reads well and
//! xieshang can show the same history in the user's language (`第2轮：结束`).
//!
//! This module owns the trailer format (writing and parsing) and the rendering of an event in a
//! language from `locales/events.yml`. It is pure: no I/O. A history comes from files anyone can
//! edit, so parsing is lenient (an unknown or malformed trailer is simply not an event) and every
//! rendered text passes the sanitiser.

use crate::i18n::{Lang, lookup};
use crate::text::{is_forbidden, sanitize_line};

/// The trailer key in a commit message.
pub const TRAILER: &str = "Xieshang-Event";

/// Longest argument value kept (characters); longer values are cut with an ellipsis.
const MAX_VALUE: usize = 120;

/// One thing that happened, as data.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Event {
    /// A dotted kind such as `round.closed`; its texts are `event.<kind>` in the locale files.
    pub kind: String,
    /// Named arguments, in order.
    pub args: Vec<(String, String)>,
}

/// Arguments whose value is a key with a translation: the value is shown through
/// `<prefix><value>` (a list is split on `,`).
const TRANSLATED: &[(&str, &str)] = &[
    ("side", "side."),
    ("by", "side."),
    ("chair", "side."),
    ("kind", "kind."),
    ("decision", "event.decision."),
    ("items", "event.item."),
    ("field", "event.field."),
    ("scan", "attachment.kind."),
    ("template", "event.template."),
];

impl Event {
    pub fn new(kind: &str) -> Self {
        Event {
            kind: kind.to_string(),
            args: Vec::new(),
        }
    }

    /// Adds an argument; name and value are sanitised to one line, the value bounded.
    pub fn arg(mut self, name: &str, value: impl std::fmt::Display) -> Self {
        let v = sanitize_line(&value.to_string());
        let v = if v.chars().count() > MAX_VALUE {
            let mut cut: String = v.chars().take(MAX_VALUE).collect();
            cut.push('…');
            cut
        } else {
            v
        };
        self.args.push((sanitize_line(name), v));
        self
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.args
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The trailer value: `kind name=value …`, values percent-encoded where they hold a space,
    /// `%`, `=` or a control character (CJK text stays readable).
    pub fn trailer(&self) -> String {
        let mut s = self.kind.clone();
        for (name, value) in &self.args {
            s.push(' ');
            s.push_str(&encode(name));
            s.push('=');
            s.push_str(&encode(value));
        }
        s
    }

    /// Parses a trailer value written by [`Event::trailer`]; `None` when it is not one.
    pub fn parse_trailer(value: &str) -> Option<Event> {
        let mut parts = value.split(' ').filter(|p| !p.is_empty());
        let kind = parts.next()?;
        if !kind
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'_')
        {
            return None;
        }
        let mut e = Event::new(kind);
        for p in parts {
            let (n, v) = p.split_once('=')?;
            e.args.push((decode(n)?, sanitize_line(&decode(v)?)));
        }
        Some(e)
    }

    /// The event in `lang`, or `None` when this program has no text for its kind (an event
    /// written by a newer xieshang): the caller then shows the commit's subject.
    pub fn text(&self, lang: Lang) -> Option<String> {
        let mut s = lookup(lang, &format!("event.{}", self.kind))?;
        if self.kind == "terms.set" {
            // Each argument is a term: `increase=6.5%` shown as `平均工资增长 6.5%`.
            let sep = if lang == Lang::ZhCn { "；" } else { "; " };
            let pairs = self
                .args
                .iter()
                .map(|(k, v)| {
                    format!(
                        "{} {}",
                        super::record::term_label(k, lang),
                        super::record::term_display(k, v, lang)
                    )
                })
                .collect::<Vec<_>>()
                .join(sep);
            return Some(sanitize_line(&s.replace("%{pairs}", &pairs)));
        }
        if self.kind == "costing.set" {
            let sep = if lang == Lang::ZhCn { "；" } else { "; " };
            let pairs = self
                .args
                .iter()
                .map(|(k, v)| {
                    format!(
                        "{} {}",
                        crate::i18n::tr(lang, &format!("costing.key.{k}")),
                        costing_value(k, v, lang)
                    )
                })
                .collect::<Vec<_>>()
                .join(sep);
            return Some(sanitize_line(&s.replace("%{pairs}", &pairs)));
        }
        let says_reason = s.contains("%{reason}");
        let corrected = (self.kind == "fact.corrected")
            .then(|| self.get("what"))
            .flatten();
        for (name, value) in &self.args {
            // The corrected fact by its name (签字日期), not its key (`signing.date`).
            let round = self.kind.starts_with("round.");
            let shown = if self.kind == "fact.corrected" && name == "what" {
                super::record::fact_label(lang, value)
            } else if let Some(what) = corrected.filter(|_| matches!(name.as_str(), "old" | "new"))
            {
                // Its values as the user's language says them (`yes` is 是, no objection 否).
                super::record::shown_fact(lang, what, value)
            } else if round && matches!(name.as_str(), "issue" | "to") {
                // A term key typed as the issue's name, by the term's name.
                super::issue::label(value, lang)
            } else if round && name == "value" {
                super::issue::show_position(value, lang)
            } else if self.kind.starts_with("clause.")
                && matches!(name.as_str(), "clause" | "after")
            {
                clause_ref(value, lang)
            } else {
                translate_value(lang, name, value)
            };
            s = s.replace(&format!("%{{{name}}}"), &shown);
        }
        // A reason the event's own text does not say (an optional one) is added after it.
        if let Some(reason) = self.get("reason")
            && !says_reason
            && let Some(because) = lookup(lang, "event.because")
        {
            s.push_str(&because.replace("%{reason}", reason));
        }
        Some(sanitize_line(&s))
    }

    /// The English text, used as the commit subject.
    pub fn subject(&self) -> String {
        self.text(Lang::En).unwrap_or_else(|| self.kind.clone())
    }
}

/// A clause as the event names it (`第十四条`), in English as `clause 14`.
fn clause_ref(label: &str, lang: Lang) -> String {
    let n = label
        .strip_prefix('第')
        .and_then(|l| l.strip_suffix('条'))
        .and_then(crate::contract::numerals::from_chinese);
    match (lang, n) {
        (Lang::En, Some(n)) => format!("clause {n}"),
        _ => label.to_string(),
    }
}

/// A costing figure with its unit (`5000` yuan → 5000元, `2.1` → 2.1%, `4/7/10` → 4%/7%/10%),
/// as `prep` reads it; a value the unit does not read is shown as typed.
fn costing_value(key: &str, value: &str, lang: Lang) -> String {
    let number =
        |v: &str| !v.is_empty() && v.chars().all(|c| c.is_ascii_digit() || ".-,".contains(c));
    let percent = |v: &str| {
        let v = v.trim();
        if number(v) {
            format!("{v}%")
        } else {
            v.to_string()
        }
    };
    match key {
        "avg_wage" if number(value.trim()) => {
            crate::i18n::trf(lang, "event.unit.yuan", &[("v", value.trim())])
        }
        "cpi" | "productivity" | "social_insurance" | "housing_fund" => percent(value),
        "guideline" => value
            .split(['/', '／'])
            .map(percent)
            .collect::<Vec<_>>()
            .join("/"),
        k if k.starts_with("hours.") && number(value.trim()) => {
            crate::i18n::trf(lang, "event.unit.hours", &[("v", value.trim())])
        }
        _ => value.to_string(),
    }
}

fn translate_value(lang: Lang, name: &str, value: &str) -> String {
    let Some((_, prefix)) = TRANSLATED.iter().find(|(n, _)| *n == name) else {
        return value.to_string();
    };
    if prefix.is_empty() {
        return value.to_string();
    }
    let sep = if lang == Lang::ZhCn { "、" } else { ", " };
    value
        .split(',')
        .map(|v| lookup(lang, &format!("{prefix}{v}")).unwrap_or_else(|| v.to_string()))
        .collect::<Vec<_>>()
        .join(sep)
}

fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c == '%' || c == '=' || c.is_whitespace() || c.is_control() || is_forbidden(c) {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// A commit message for `events`: their English texts as the subject, then one trailer each.
pub fn commit_message(events: &[Event]) -> String {
    let subject = events
        .iter()
        .map(Event::subject)
        .collect::<Vec<_>>()
        .join("; ");
    let mut m = if subject.is_empty() {
        "xieshang".to_string()
    } else {
        subject
    };
    if !events.is_empty() {
        m.push_str("\n\n");
        for e in events {
            m.push_str(TRAILER);
            m.push_str(": ");
            m.push_str(&e.trailer());
            m.push('\n');
        }
    }
    m
}

/// The events a commit message carries (none for a commit written by hand or by an older
/// xieshang).
pub fn parse_events(message: &str) -> Vec<Event> {
    let prefix = format!("{TRAILER}: ");
    message
        .lines()
        .filter_map(|l| l.strip_prefix(&prefix))
        .filter_map(Event::parse_trailer)
        .collect()
}

/// A commit shown to a person: its events in `lang`, else its subject as written.
pub fn describe(message: &str, lang: Lang) -> String {
    let texts: Option<Vec<String>> = parse_events(message).iter().map(|e| e.text(lang)).collect();
    match texts {
        Some(t) if !t.is_empty() => t.join(if lang == Lang::ZhCn { "；" } else { "; " }),
        _ => sanitize_line(message.lines().next().unwrap_or_default()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue #13: a success or log line carries the unit (`期限 1年`, not `1y` or `1`; `5000元`,
    /// `2.1%`), and a term key typed as an issue's name reads as the term's name.
    #[test]
    fn events_carry_units_and_issue_names() {
        let zh = |e: Event| e.text(Lang::ZhCn).unwrap();
        let en = |e: Event| e.text(Lang::En).unwrap();
        assert_eq!(
            zh(Event::new("terms.set").arg("term", "1y")),
            "协议条件：期限 1年"
        );
        assert_eq!(
            zh(Event::new("terms.set").arg("term", "1")),
            "协议条件：期限 1年"
        );
        assert_eq!(
            en(Event::new("terms.set").arg("term", "2")),
            "terms: Term 2 years"
        );
        assert_eq!(
            zh(Event::new("costing.set")
                .arg("avg_wage", "5000")
                .arg("cpi", "2.1")
                .arg("guideline", "4/7/10")),
            "测算资料：上年平均工资 5000元；居民消费价格指数涨幅 2.1%；工资指导线（下线/基准线/上线） 4%/7%/10%"
        );
        let position = || {
            Event::new("round.position")
                .arg("round", 1)
                .arg("issue", "min_wage")
                .arg("side", "workers")
                .arg("value", "2500元")
        };
        assert_eq!(zh(position()), "第1轮：企业最低工资 — 职工方 2500元");
        let edited = || Event::new("clause.modified").arg("clause", "第十四条");
        assert_eq!(zh(edited()), "草案：修改第十四条");
        assert_eq!(en(edited()), "draft: clause 14 modified");
        assert_eq!(
            en(position()),
            "round 1: Enterprise minimum wage — workers ¥2500"
        );
    }

    #[test]
    fn trailer_round_trips_spaces_and_cjk() {
        let e = Event::new("round.position")
            .arg("round", 2)
            .arg("issue", "高温 津贴=%")
            .arg("side", "workers");
        assert_eq!(
            e.trailer(),
            "round.position round=2 issue=高温%20津贴%3D%25 side=workers"
        );
        assert_eq!(Event::parse_trailer(&e.trailer()), Some(e));
    }

    #[test]
    fn hostile_values_are_neutralised() {
        let e = Event::new("recorder.set").arg("name", "a\u{1b}[31mb\u{202e}c");
        assert!(!e.trailer().contains('\u{1b}'));
        assert!(!e.trailer().contains('\u{202e}'));
        let parsed = Event::parse_trailer("recorder.set name=%1B%5D0;x%07").expect("parses");
        assert!(parsed.args[0].1.chars().all(|c| !c.is_control()));
    }

    #[test]
    fn messages_carry_and_give_back_events() {
        let events = vec![Event::new("round.closed").arg("round", 3)];
        let m = commit_message(&events);
        assert_eq!(
            m,
            "round 3: closed\n\nXieshang-Event: round.closed round=3\n"
        );
        assert_eq!(parse_events(&m), events);
        assert_eq!(describe(&m, Lang::ZhCn), "第3轮：结束");
        assert_eq!(describe("round 2: closed", Lang::ZhCn), "round 2: closed");
    }

    #[test]
    fn unknown_kinds_fall_back_to_the_subject() {
        let m = "something new\n\nXieshang-Event: future.thing a=1\n";
        assert_eq!(describe(m, Lang::En), "something new");
        assert_eq!(Event::parse_trailer("Bad Kind x=1"), None);
    }
}
