//! Results coming back: what the app does with each [`Event`] from the worker or the runtime —
//! adopt a listing, an opened dossier, a save's reload (unless later saves are still queued),
//! a history, a diff; show a failure and reload the truth.

use super::diff::compute_diff;
use super::draft::finish_edit;
use super::modal::{Modal, Notice};
use super::{App, DossierState, DraftState, Effect, Event, Screen, TableState};
use crate::domain::procedure::Step;
use crate::i18n::{tr, trf};

pub(super) fn on_event(app: &mut App, event: Event) -> Vec<Effect> {
    match event {
        Event::Listed(rows) => {
            app.home.rows = rows;
            app.home.loaded = true;
            app.home.selected = app
                .home
                .selected
                .min(app.home.visible().len().saturating_sub(1));
            Vec::new()
        }
        Event::Inbox(rows) => {
            app.inbox.adopt(rows);
            Vec::new()
        }
        Event::Identity { identity, changed } => {
            if changed && let Some(i) = &identity {
                let text = trf(
                    app.lang,
                    "exchange.union_set",
                    &[
                        ("name", &i.union.name),
                        ("code", &i.union.code),
                        ("person", &i.person),
                        (
                            "role",
                            &tr(app.lang, &format!("exchange.role.{}", i.role.key())),
                        ),
                    ],
                );
                app.flash(false, crate::text::sanitize_line(&text));
            }
            app.identity = identity;
            app.identity_known = true;
            Vec::new()
        }
        Event::Opened(loaded) => {
            if loaded.read_only_storage {
                app.flash(true, tr(app.lang, "ui.flash.read_only_storage"));
            } else if loaded.read_only {
                app.flash(true, tr(app.lang, "ui.flash.read_only"));
            }
            adopt_opened(app, *loaded);
            Vec::new()
        }
        // From the archive: read-only by choice, on the Draft at the clause that matched.
        Event::Viewed { loaded, clause } => {
            adopt_opened(app, *loaded);
            let n = app.clause_count();
            let at = clause.filter(|_| n > 0).map(|c| c.min(n - 1));
            let said = match at {
                Some(c) => {
                    app.screen = Screen::Draft;
                    app.draft.clause = c;
                    trf(
                        app.lang,
                        "ui.archive.viewing_clause",
                        &[("clause", &super::clause_label(c + 1))],
                    )
                }
                None => tr(app.lang, "ui.archive.viewing"),
            };
            app.flash(false, said);
            Vec::new()
        }
        Event::ArchiveHits(hits, matched) => {
            super::archive::adopt_hits(app, hits, matched);
            Vec::new()
        }
        Event::Due(rows) => {
            super::archive::adopt_due(app, rows);
            Vec::new()
        }
        Event::Coverage(c) => {
            super::archive::adopt_coverage(app, *c);
            Vec::new()
        }
        Event::Saved {
            loaded,
            message,
            notes,
        } => {
            let same = app
                .open
                .as_ref()
                .is_some_and(|l| l.dossier.id == loaded.dossier.id);
            if same {
                app.saves_pending = app.saves_pending.saturating_sub(1);
                // Later saves are still queued: the shown state is ahead of this reload.
                if app.saves_pending == 0 {
                    app.open = Some(*loaded);
                }
                app.draft.clause = app.draft.clause.min(app.clause_count().saturating_sub(1));
                let text = trf(app.lang, "ui.flash.saved", &[("what", &message)]);
                app.flash(false, crate::text::sanitize_line(&text));
                if !notes.is_empty() {
                    // Under any window opened meanwhile (a form being typed in keeps the keys):
                    // the notes are read once it closes.
                    let title = trf(
                        app.lang,
                        "ui.import.title",
                        &[("n", &notes.len().to_string())],
                    );
                    let notice = Notice::new(title, notes);
                    app.modals.insert(0, Modal::Notice(notice));
                }
            }
            Vec::new()
        }
        Event::Created { id } => {
            app.opened_from = Screen::Home;
            vec![Effect::OpenDossier(id)]
        }
        Event::History(versions) => {
            app.diff.versions = versions;
            if let Some((b, t)) = crate::service::versions::default_pair(&app.diff.versions) {
                app.diff.base = Some(b);
                app.diff.target = Some(t);
                // A comparison with the template asked for meanwhile is what the user wants
                // to see: the default pair waits for a version to be picked.
                if app.diff.asked.is_none() {
                    return compute_diff(app);
                }
            }
            // Still loading only while that comparison has not answered.
            if app.diff.asked.is_none() {
                app.diff.loading = false;
            }
            Vec::new()
        }
        Event::Diff(view) => {
            app.diff.view = Some(*view);
            app.diff.against = app.diff.asked;
            app.diff.loading = false;
            app.diff.clause = 0;
            Vec::new()
        }
        Event::ExportReady { id, papers } => super::export::ready(app, id, &papers),
        Event::Exchanged { message, changed } => {
            app.flash(false, crate::text::sanitize_line(&message));
            if changed { reload(app) } else { Vec::new() }
        }
        Event::Said(message) => {
            app.flash(false, crate::text::sanitize_line(&message));
            Vec::new()
        }
        Event::Refused(message) => {
            app.diff.loading = false;
            app.flash(true, crate::text::sanitize_line(&message));
            Vec::new()
        }
        Event::Failed(message) => {
            app.diff.loading = false;
            super::archive::failed(app);
            // A listing that failed is not still loading: the flash says why it is empty.
            if app.screen == Screen::Inbox {
                app.inbox.loaded = true;
            }
            app.flash(true, crate::text::sanitize_line(&message));
            // What is shown may be ahead of what is stored: reload the truth. The reload is
            // queued behind any outstanding saves, and its `Opened` resets the save count (the
            // failed save's answer will not come).
            match app.open_key() {
                Some(id)
                    if !matches!(app.screen, Screen::Home | Screen::Inbox | Screen::Archive) =>
                {
                    vec![Effect::OpenDossier(id)]
                }
                _ => {
                    app.saves_pending = 0;
                    Vec::new()
                }
            }
        }
        Event::Edited { target, text } => match text {
            Some(t) => finish_edit(app, target, &t),
            None => Vec::new(),
        },
    }
}

/// A dossier as loaded becomes the open one, shown on the Dossier screen at its current step.
fn adopt_opened(app: &mut App, loaded: crate::service::Loaded) {
    let current = loaded.analysis.current();
    app.dossier = DossierState {
        step: current
            .and_then(|s| Step::ALL.iter().position(|x| *x == s))
            .unwrap_or(0),
        item: 0,
    };
    app.table = TableState::default();
    app.draft = DraftState::default();
    // A fresh load is the truth; earlier saves' answers no longer hold anything back.
    app.saves_pending = 0;
    app.open = Some(loaded);
    app.screen = Screen::Dossier;
    app.pane = 0;
}

/// What the screen shows, read again after an exchange changed the dossiers here: the list it
/// is (Home, the Inbox, the Archive's tab), or the open dossier.
fn reload(app: &mut App) -> Vec<Effect> {
    match app.screen {
        Screen::Home => super::home_listing(),
        Screen::Inbox => vec![Effect::ListInbox],
        Screen::Archive => super::archive::load(app),
        _ => app
            .open_key()
            .map(Effect::OpenDossier)
            .into_iter()
            .collect(),
    }
}
