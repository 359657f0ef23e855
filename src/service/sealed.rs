//! The record after the fact, as both shells list it: the corrections of recorded facts ("签字日期
//! 2026-05-21 → 2026-05-22，2026-12-02 更正，理由：…") and the chain of sealed states after signing
//! (each amendment, or correction of a signed fact, under its `amend-N` tag and the state it
//! follows). Built here once as locale keys with their arguments; `show` and the Dossier screen
//! render them in the user's language.

use crate::domain::dossier::{Correction, Dossier};
use crate::i18n::{Lang, trf};
use crate::text::sanitize_line;

/// One piece of a line: a locale key, its arguments (from the record: untrusted), and the
/// correctable fact `%{what}` names, shown by its name in the user's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    pub key: &'static str,
    pub fact: Option<String>,
    pub args: Vec<(&'static str, String)>,
}

impl Piece {
    fn new(key: &'static str, args: Vec<(&'static str, String)>) -> Piece {
        Piece {
            key,
            fact: None,
            args,
        }
    }

    /// The piece in `lang`, its arguments cleaned to one line.
    pub fn text(&self, lang: Lang) -> String {
        // A fact's old and new values as the user's language says them (`yes` is 是).
        let shown = |n: &str, v: &str| match &self.fact {
            Some(what) if matches!(n, "old" | "new") => {
                crate::domain::record::shown_fact(lang, what, v)
            }
            _ => v.to_string(),
        };
        let mut args: Vec<(&str, String)> = self
            .args
            .iter()
            .map(|(n, v)| (*n, sanitize_line(&shown(n, v))))
            .collect();
        if let Some(what) = &self.fact {
            args.push((
                "what",
                sanitize_line(&crate::domain::record::fact_label(lang, what)),
            ));
        }
        let args: Vec<(&str, &str)> = args.iter().map(|(n, v)| (*n, v.as_str())).collect();
        trf(lang, self.key, &args)
    }
}

/// A line made of pieces, in `lang`.
pub fn text(pieces: &[Piece], lang: Lang) -> String {
    pieces.iter().map(|p| p.text(lang)).collect()
}

/// A correction: the fact, old and new value, the day and the reason.
pub fn correction(c: &Correction) -> Vec<Piece> {
    vec![Piece {
        key: "ui.corrected.line",
        fact: Some(c.what.clone()),
        args: vec![
            ("old", c.old.clone()),
            ("new", c.new.clone()),
            ("date", c.date.to_string()),
            ("reason", c.reason.clone()),
        ],
    }]
}

/// The sealed states after signing, oldest first, one line each.
pub fn sealed_states(d: &Dossier) -> Vec<Vec<Piece>> {
    d.amendments
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let mut args = vec![
                ("tag", format!("amend-{}", i + 1)),
                ("date", a.date.to_string()),
                ("follows", a.follows.clone().unwrap_or_default()),
            ];
            if let Some(what) = &a.corrects {
                // The correction recorded with it. After signing a signed fact changes only this
                // way, so its sealed corrections are that fact's last ones, in the same order.
                let later = d.amendments[i + 1..]
                    .iter()
                    .filter(|b| b.corrects.as_ref() == Some(what))
                    .count();
                let c = d
                    .corrections
                    .iter()
                    .rev()
                    .filter(|c| &c.what == what)
                    .nth(later);
                args.extend([
                    ("old", c.map(|c| c.old.clone()).unwrap_or_default()),
                    ("new", c.map(|c| c.new.clone()).unwrap_or_default()),
                    ("reason", a.what.clone()),
                ]);
                return vec![Piece {
                    key: "sealed.correction",
                    fact: Some(what.clone()),
                    args,
                }];
            }
            args.push(("what", a.what.clone()));
            let mut line = vec![Piece::new("sealed.amendment", args)];
            if !a.clauses.is_empty() {
                let numbers: Vec<String> = a.clauses.iter().map(|c| c.number.to_string()).collect();
                line.push(Piece::new(
                    "sealed.amendment.clauses",
                    vec![("clauses", numbers.join(","))],
                ));
            }
            if let Some(date) = a.approved {
                line.push(Piece::new(
                    "sealed.amendment.approved",
                    vec![("date", date.to_string())],
                ));
            }
            line
        })
        .collect()
}
