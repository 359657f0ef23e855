//! Effect by operation of law (LCL 54; GR 47): when the administration received the filed text
//! and raised no objection within the review period, the contract is in effect from the day
//! after the period ends, whether or not anyone has recorded it. The screens and `show`/`list`
//! say so from that day, with the date and the legal basis, until a review (or an effective
//! date) is recorded. Pure: "today" is a parameter.

use super::filing::effective_without_objection;
use crate::domain::calendar::HolidayCalendar;
use crate::domain::dossier::Dossier;
use crate::i18n::{Lang, tr, trf};
use chrono::NaiveDate;
use serde::Serialize;

/// The contract's effect by law, not yet recorded.
#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
pub struct EffectByLaw {
    /// The first day in effect.
    pub date: NaiveDate,
    /// The text received by the administration on this day.
    pub received: NaiveDate,
    /// The legal basis, in the user's language.
    pub basis: String,
}

impl EffectByLaw {
    /// One line: "依法生效：2026-05-07（…）".
    pub fn line(&self, lang: Lang) -> String {
        trf(
            lang,
            "effect.by_law",
            &[
                ("date", &self.date.to_string()),
                ("received", &self.received.to_string()),
                ("basis", &self.basis),
            ],
        )
    }
}

/// The effect by law of `d` as of `today`: `Some` when the filed text was received, no review
/// and no effective date are recorded, and the day after the review period has come.
pub fn by_law(
    d: &Dossier,
    cal: &HolidayCalendar,
    lang: Lang,
    today: NaiveDate,
) -> Option<EffectByLaw> {
    if d.review.is_some() || d.effective.is_some() {
        return None;
    }
    let received = d.filing.as_ref()?.received?;
    let date = effective_without_objection(received, cal);
    (today >= date).then(|| EffectByLaw {
        date,
        received,
        basis: tr(lang, "effect.basis"),
    })
}

/// The day `d` is in effect from, as far as its record says: the recorded effective date;
/// else, once the filed text was received and no objection is recorded, the day after the
/// review period (LCL 54) — a day that may still be to come; an agreement imported into the
/// archive, from its start (or signing). `None`: not filed (or the filed text not yet
/// received), or an objection raised.
pub fn effective_from(d: &Dossier, cal: &HolidayCalendar) -> Option<NaiveDate> {
    if let Some(e) = d.effective {
        return Some(e);
    }
    if d.imported.is_some() {
        let signed = d.signing.as_ref()?.date;
        return Some(d.terms.start.unwrap_or(signed));
    }
    if matches!(
        d.review.as_ref().map(|r| &r.outcome),
        Some(crate::domain::dossier::ReviewOutcome::Objection { .. })
    ) {
        return None;
    }
    let received = d.filing.as_ref()?.received?;
    Some(effective_without_objection(received, cal))
}
