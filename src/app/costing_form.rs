//! The costing form's overtime hours and wage distribution (issue #14): the fields `E` adds to
//! the costing data (the hours a month on extended hours, rest days and holidays, as `prep
//! --overtime-hours/--rest-day-hours/--holiday-hours` take them; the distribution's CSV file,
//! as `prep --distribution FILE.csv` takes it) and what submitting a distribution means.
//!
//! The app reads no file: a distribution typed in the form becomes one effect, and the worker
//! has the service read the file (UTF-8 or GBK, every bad line named) before anything is
//! recorded, as `prep` does — a bad file saves nothing.

use super::form::{Field, Form, FormKind, Outcome};
use super::{App, Effect};
use crate::domain::{Dossier, Invalid};
use crate::service::fact::{Env, Fact};

/// The field holding the distribution's file path.
pub(crate) const DISTRIBUTION: &str = "distribution";

/// The hours fields: the id (the costing fact's key), the term the hours are kept under, the
/// label.
const HOURS: [(&str, &str, &str); 3] = [
    (
        "hours.overtime",
        "overtime",
        "costing2.field.hours_overtime",
    ),
    (
        "hours.overtime_rest",
        "overtime_rest",
        "costing2.field.hours_overtime_rest",
    ),
    (
        "hours.overtime_holiday",
        "overtime_holiday",
        "costing2.field.hours_overtime_holiday",
    ),
];

/// The fields after the costing form's own: the hours on file, and an empty file path (a
/// distribution on file is replaced only when a file is typed).
pub(super) fn fields(d: Option<&Dossier>) -> Vec<Field> {
    let hours = d.map(|d| &d.preparation.costing.overtime_hours);
    let mut out: Vec<Field> = HOURS
        .iter()
        .map(|(id, term, label)| {
            let v = hours
                .and_then(|h| h.get(*term))
                .map(ToString::to_string)
                .unwrap_or_default();
            text(id, label, &v)
        })
        .collect();
    out.push(text(DISTRIBUTION, "costing2.field.distribution", ""));
    // The pane's note on summer allowances says this can be changed: here, as with
    // `prep --summer-months` (last, so the fields before keep their places).
    let months = d
        .and_then(|d| d.preparation.costing.summer_months)
        .map(|m| m.to_string())
        .unwrap_or_default();
    out.push(text("summer_months", "costing.key.summer_months", &months));
    out
}

fn text(id: &'static str, label: &'static str, value: &str) -> Field {
    Field::text(id, label, value)
}

/// The costing form with a distribution file typed: the changed figures checked as the worker
/// will check them (refused at their field), and the file to read. `None` for any other form,
/// or when no file was typed (the form's plain costing fact then applies).
pub(super) fn with_distribution(
    form: &Form,
    d: Option<&Dossier>,
    env: &Env<'_>,
) -> Result<Option<Outcome>, Invalid> {
    let file = form.value(DISTRIBUTION).trim();
    if form.kind != FormKind::Costing || file.is_empty() {
        return Ok(None);
    }
    let Some(d) = d else {
        return Ok(None);
    };
    let pairs: Vec<(String, String)> = form
        .fields
        .iter()
        .filter(|f| f.id != DISTRIBUTION)
        .filter(|f| f.value.trim() != f.initial.trim() && !f.value.trim().is_empty())
        .map(|f| (f.id.to_string(), f.value.trim().to_string()))
        .collect();
    let (fact, preview) = if pairs.is_empty() {
        (None, d.clone())
    } else {
        let fact = Fact::Costing(pairs);
        let change = fact.apply(d, env)?;
        (Some(Box::new(fact)), change.dossier)
    };
    Ok(Some(Outcome::Costing {
        fact,
        preview: Box::new(preview),
        file: file.to_string(),
    }))
}

/// Sends the costing figures (if any changed) and the distribution file to the worker, as one
/// request: the file is read before either is recorded.
pub(super) fn submitted(
    app: &mut App,
    fact: Option<Box<Fact>>,
    preview: Dossier,
    file: String,
) -> Vec<Effect> {
    super::save_with(app, preview, |id| Effect::RecordCosting {
        id,
        fact,
        distribution: file.into(),
    })
}
