//! The Dossier screen's commands: which form each key opens on each step, the preparation
//! checklist ticked with Space, a representative edited or removed.

use super::form::{Form, FormKind};
use super::keymap::Command;
use super::modal::{Modal, Pending, ask, open_form};
use super::steps::{self, Does};
use super::{App, Effect, go};
use crate::domain::procedure::Step;
use crate::domain::{PrepTask, WageFactor};
use crate::i18n::trf;
use crate::service::Fact;

/// The entries of the Preparation checklist, in order: the GR 33 tasks, then the WM 8 factors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrepEntry {
    Task(PrepTask),
    Factor(WageFactor),
}

pub fn prep_entries() -> Vec<PrepEntry> {
    PrepTask::ALL
        .into_iter()
        .map(PrepEntry::Task)
        .chain(WageFactor::ALL.into_iter().map(PrepEntry::Factor))
        .collect()
}

/// What a key does on the selected step: whatever the step's descriptor says.
pub(super) fn dossier_command(app: &mut App, c: Command) -> Vec<Effect> {
    let step = app.selected_step();
    let selected_rep = app
        .open
        .as_ref()
        .and_then(|l| l.dossier.representatives.get(app.dossier.item))
        .filter(|_| app.pane == 1)
        .cloned();
    // `e` on a selected representative edits that one.
    if (c, step) == (Command::Record, Step::Representatives)
        && let Some(r) = &selected_rep
    {
        if !app.refuse_received() {
            app.push_modal(Modal::Form(Form::edit_representative(r, app.today)));
        }
        return Vec::new();
    }
    // A correction and an amendment are open on every step (what they touch is typed in).
    if matches!(c, Command::Correct | Command::Amend | Command::Enterprise) {
        if !app.refuse_received() {
            open_form(
                app,
                match c {
                    Command::Correct => FormKind::Correct(step),
                    Command::Amend => FormKind::Amendment,
                    _ => FormKind::Enterprise,
                },
            );
        }
        return Vec::new();
    }
    let Some(does) = steps::spec(step).does(c).cloned() else {
        return Vec::new();
    };
    let round_open = app
        .open
        .as_ref()
        .and_then(|l| l.dossier.current_round())
        .is_some();
    // A received dossier is the other union's: here only its pre-review is recorded, so every
    // other step's form says so instead of opening (what only looks goes on).
    if does == Does::Form(FormKind::Answer) {
        if let Some(union) = app.received_from().map(str::to_string) {
            let m = trf(app.lang, "ui.flash.answer_owner", &[("union", &union)]);
            app.flash(true, m);
            return Vec::new();
        }
    } else {
        let records = match &does {
            Does::Form(_) => step != Step::PreReview,
            Does::Remove | Does::Toggle => true,
            Does::Rounds => !round_open,
            Does::Table | Does::Draft => false,
        };
        if records && app.refuse_received() {
            return Vec::new();
        }
    }
    if let Does::Form(kind) = &does
        && let Some(d) = app.open.as_ref().map(|l| &l.dossier)
    {
        // A signed step is not typed again: its facts are corrected as a new sealed state (`C`)
        // or the agreement amended (`M`) — said before a form opens, not after it is filled.
        if d.is_sealed() && sealed_form(kind) {
            let m = app.t("ui.flash.sealed_use_c");
            app.flash(true, m);
            return Vec::new();
        }
        // A recorded fact is corrected with a reason, keeping the old value: `e` on a step whose
        // facts are recorded opens the correction form on the fact it would have retyped.
        if let Some(what) = recorded_fact(kind, d) {
            let mut form = Form::open(FormKind::Correct(step), Some(d), app.today, None);
            form.localize(app.lang);
            form.pick(what);
            app.push_modal(Modal::Form(form));
            let m = app.t("ui.flash.recorded_use_correct");
            app.flash(false, m);
            return Vec::new();
        }
    }
    match does {
        Does::Form(kind) => open_form(app, kind),
        Does::Rounds => {
            if round_open {
                return go(app, Command::GoTable);
            }
            open_form(app, FormKind::OpenRound);
        }
        Does::Table => return go(app, Command::GoTable),
        Does::Draft => return go(app, Command::GoDraft),
        Does::Remove => {
            if let Some(r) = selected_rep {
                let shown = r.name.clone();
                ask(
                    app,
                    "ui.confirm.remove_rep_choices",
                    &[("name", &shown)],
                    Pending::RemoveRepresentative {
                        side: r.side,
                        name: r.name,
                        mistake: false,
                    },
                );
            }
        }
        Does::Toggle if app.pane == 1 => return toggle_prep(app),
        Does::Toggle => {}
    }
    Vec::new()
}

/// The forms whose facts a signing seals (refused once signed).
fn sealed_form(kind: &FormKind) -> bool {
    matches!(
        kind,
        FormKind::Offer
            | FormKind::Reply
            | FormKind::Preparation
            | FormKind::DraftSigned
            | FormKind::Congress
            | FormKind::Signing
    )
}

/// The fact a step form would type again when everything it records is on record already (the
/// one its correction form opens on); `None` while the form still has something to record (a
/// filing's receipt or number comes later).
fn recorded_fact(kind: &FormKind, d: &crate::domain::Dossier) -> Option<&'static str> {
    let done = |b: bool, what| b.then_some(what);
    match kind {
        FormKind::Offer => done(d.offer.is_some(), "offer.sent"),
        FormKind::Reply => done(d.reply.is_some(), "reply.date"),
        FormKind::Preparation => done(d.preparation.data_provided.is_some(), "data_provided"),
        FormKind::DraftSigned => done(d.draft_signed.is_some(), "draft_signed"),
        FormKind::Congress => done(d.congress.is_some(), "congress.date"),
        FormKind::Filing => done(
            d.filing
                .as_ref()
                .is_some_and(|f| f.received.is_some() && f.registration_no.is_some()),
            "filing.sent",
        ),
        FormKind::Review => done(d.review.is_some(), "review.date"),
        FormKind::Publication => done(d.publication.is_some(), "publication.date"),
        _ => None,
    }
}

pub(super) fn toggle_prep(app: &mut App) -> Vec<Effect> {
    let Some(d) = app.open.as_ref().map(|l| &l.dossier) else {
        return Vec::new();
    };
    let Some(entry) = prep_entries().get(app.dossier.item).copied() else {
        return Vec::new();
    };
    let done = match entry {
        PrepEntry::Task(t) => d.preparation.tasks.contains_key(&t),
        PrepEntry::Factor(f) => d.preparation.has_factor(f),
    };
    if done {
        // The record keeps the date a task was done; undoing it is not a fact to record.
        let m = app.t("ui.flash.already_done");
        app.flash(false, m);
        return Vec::new();
    }
    // The tick is dated: a form on today's date (Enter takes it; `-3` for three days ago).
    if !app.refuse_received() {
        open_form(app, FormKind::Tick(app.dossier.item));
    }
    Vec::new()
}

/// The preparation entry `item` done on `date`, as the fact `prep` records.
pub(crate) fn tick_fact(item: usize, date: chrono::NaiveDate) -> Option<Fact> {
    let (tasks, wage_data) = match prep_entries().get(item).copied()? {
        PrepEntry::Task(t) => (vec![t.key().to_string()], Vec::new()),
        PrepEntry::Factor(f) => (Vec::new(), vec![f.key().to_string()]),
    };
    Some(Fact::Preparation {
        tasks,
        wage_data,
        data_provided: None,
        agenda: Vec::new(),
        date,
    })
}
