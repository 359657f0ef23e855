//! DRAFT-BLANKS: a draft filled from a template keeps a visible `【待定：…】` blank for every
//! variable that had no value. The congress must vote on, and the chiefs sign, a complete text
//! (GR 36, 37), so a blank left in the draft is an error until it is filled — before signing it
//! says what to fill, after signing it says the signed text is incomplete.
//!
//! Unlike the registry's rules this one reads the contract text, so the caller (the service's
//! analysis) finds the blanks and passes them in; nothing here reads files.

use super::{Finding, Severity};
use crate::domain::dossier::Dossier;
use crate::domain::procedure::Step;
use crate::i18n::{Lang, tr, trf};

/// The rule's id.
pub const ID: &str = "DRAFT-BLANKS";
/// Keys under `citation.` in the locale files.
pub const CITATIONS: &[&str] = &["GR36", "GR37"];

use crate::contract::template::{BLANK_CLOSE as CLOSE, BLANK_OPEN as OPEN};

/// The blanks in `text`: what each asks for, in order of appearance.
pub fn find(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find(OPEN) {
        rest = &rest[at + OPEN.len()..];
        let Some(end) = rest.find(CLOSE) else {
            break;
        };
        out.push(rest[..end].trim().to_string());
        rest = &rest[end + CLOSE.len_utf8()..];
    }
    out
}

/// The finding for the blanks left in the draft: `blanks` pairs a clause number (0: the title
/// or preamble) with what the blank asks for. None when there are none.
pub fn check(d: &Dossier, blanks: &[(usize, String)], lang: Lang) -> Option<Finding> {
    if blanks.is_empty() {
        return None;
    }
    let shown: Vec<String> = blanks
        .iter()
        .map(|(n, label)| {
            let label = crate::text::sanitize_line(label);
            if *n == 0 {
                trf(lang, "rule.DRAFT-BLANKS.in_title", &[("label", &label)])
            } else {
                let at = match lang {
                    Lang::ZhCn => crate::contract::render::clause_label(*n),
                    Lang::En => n.to_string(),
                };
                trf(
                    lang,
                    "rule.DRAFT-BLANKS.at",
                    &[("clause", &at), ("label", &label)],
                )
            }
        })
        .collect();
    let sep = match lang {
        Lang::ZhCn => "；",
        Lang::En => "; ",
    };
    let key = match (d.signing.is_some(), blanks.len() == 1) {
        (true, false) => "rule.DRAFT-BLANKS.signed",
        (true, true) => "rule.DRAFT-BLANKS.signed.one",
        (false, false) => "rule.DRAFT-BLANKS.unfilled",
        (false, true) => "rule.DRAFT-BLANKS.unfilled.one",
    };
    let citation: Vec<String> = CITATIONS
        .iter()
        .map(|c| tr(lang, &format!("citation.{c}")))
        .collect();
    Some(Finding {
        rule: ID,
        severity: Severity::Error,
        step: Step::Draft,
        message: trf(
            lang,
            key,
            &[
                ("n", &blanks.len().to_string()),
                ("blanks", &shown.join(sep)),
            ],
        ),
        citation: citation.join(match lang {
            Lang::ZhCn => "；",
            Lang::En => "; ",
        }),
        due: None,
    })
}

/// DRAFT-MISSING: the rule's id.
pub const MISSING_ID: &str = "DRAFT-MISSING";

/// The finding for a contract signed with no text on record (no `contract.md`): what was signed
/// cannot be read, filed or compared. None when nothing is signed yet.
pub fn no_text(d: &Dossier, lang: Lang) -> Option<Finding> {
    d.signing.as_ref()?;
    if d.imported.is_some() {
        return None;
    }
    let citation: Vec<String> = CITATIONS
        .iter()
        .map(|c| tr(lang, &format!("citation.{c}")))
        .collect();
    Some(Finding {
        rule: MISSING_ID,
        severity: Severity::Error,
        step: Step::Draft,
        message: tr(lang, "rule.DRAFT-MISSING.signed"),
        citation: citation.join(match lang {
            Lang::ZhCn => "；",
            Lang::En => "; ",
        }),
        due: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blanks_are_found_in_order() {
        assert_eq!(
            find("每月【待定：工资支付日】日发放，【待定：企业名称】【待定"),
            vec!["工资支付日".to_string(), "企业名称".to_string()]
        );
        assert!(find("每月15日发放工资【注】").is_empty());
    }
}
