//! The Dossier screen's commands: which form each key opens on each step, the preparation
//! checklist ticked with Space, a representative edited or removed.

use super::form::{Form, FormKind};
use super::keymap::Command;
use super::modal::{Modal, Pending, ask, open_form};
use super::{App, Effect, go, record_fact};
use crate::domain::procedure::Step;
use crate::domain::{PrepTask, WageFactor};
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

pub(super) fn dossier_command(app: &mut App, c: Command) -> Vec<Effect> {
    let step = app.selected_step();
    if (c, step, app.pane) == (Command::Record, Step::Representatives, 1)
        && let Some(r) = app
            .open
            .as_ref()
            .and_then(|l| l.dossier.representatives.get(app.dossier.item))
    {
        app.push_modal(Modal::Form(Form::edit_representative(r, app.today)));
        return Vec::new();
    }
    let kind = match (c, step) {
        (Command::Add | Command::Record, Step::Representatives) => Some(FormKind::Representative),
        (Command::RecordMore, Step::Representatives) => Some(FormKind::Recorder),
        (Command::Instructor, Step::Representatives) => Some(FormKind::Instructor),
        (Command::Opinion, Step::PreReview) => Some(FormKind::Opinion),
        (Command::Add | Command::Record, Step::Offer) => Some(FormKind::Offer),
        (Command::RecordMore, Step::Offer) => Some(FormKind::Reply),
        (Command::Add, Step::Preparation) => Some(FormKind::Agenda),
        (Command::Record | Command::RecordMore, Step::Preparation) => Some(FormKind::Preparation),
        (Command::Add | Command::Record, Step::Rounds) => {
            if app
                .open
                .as_ref()
                .and_then(|l| l.dossier.current_round())
                .is_some()
            {
                return go(app, Command::GoTable);
            }
            Some(FormKind::OpenRound)
        }
        (Command::Add | Command::Record, Step::Draft | Step::Term) => Some(FormKind::Terms),
        (Command::RecordMore, Step::Draft) => Some(FormKind::DraftSigned),
        (Command::Add | Command::Record, Step::PreReview) => Some(FormKind::PreReview),
        (Command::Add | Command::Record, Step::Congress) => Some(FormKind::Congress),
        (Command::Add | Command::Record, Step::Signing) => Some(FormKind::Signing),
        (Command::Add | Command::Record, Step::Filing) => Some(FormKind::Filing),
        (Command::Add | Command::Record, Step::Effect) => Some(FormKind::Review),
        (Command::RecordMore, Step::Effect) => Some(FormKind::Publication),
        (Command::Remove, Step::Representatives) => {
            let rep = app
                .open
                .as_ref()
                .and_then(|l| l.dossier.representatives.get(app.dossier.item))
                .map(|r| (r.side, r.name.clone()));
            if let Some((side, name)) = rep.filter(|_| app.pane == 1) {
                let shown = name.clone();
                ask(
                    app,
                    "ui.confirm.remove_representative",
                    &[("name", &shown)],
                    Pending::RemoveRepresentative { side, name },
                );
            }
            return Vec::new();
        }
        (Command::Toggle, Step::Preparation) if app.pane == 1 => {
            return toggle_prep(app);
        }
        _ => None,
    };
    if let Some(kind) = kind {
        open_form(app, kind);
    }
    Vec::new()
}

pub(super) fn toggle_prep(app: &mut App) -> Vec<Effect> {
    let Some(d) = app.open.as_ref().map(|l| &l.dossier) else {
        return Vec::new();
    };
    let Some(entry) = prep_entries().get(app.dossier.item).copied() else {
        return Vec::new();
    };
    let (done, tasks, wage_data) = match entry {
        PrepEntry::Task(t) => (
            d.preparation.tasks.contains_key(&t),
            vec![t.key().to_string()],
            Vec::new(),
        ),
        PrepEntry::Factor(f) => (
            d.preparation.wage_data.contains_key(&f),
            Vec::new(),
            vec![f.key().to_string()],
        ),
    };
    if done {
        // The record keeps the date a task was done; undoing it is not a fact to record.
        let m = app.t("ui.flash.already_done");
        app.flash(false, m);
        return Vec::new();
    }
    let fact = Fact::Preparation {
        tasks,
        wage_data,
        data_provided: None,
        agenda: Vec::new(),
        date: app.today,
    };
    record_fact(app, fact)
}
