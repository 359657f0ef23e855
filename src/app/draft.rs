//! The Draft screen's commands: edit in place or in `$EDITOR`, insert, delete, move, fill from
//! the template. Every change is a `DraftOp` the worker hands to the service layer, which
//! renumbers and rewrites references.

use super::form::FormKind;
use super::keymap::Command;
use super::modal::{Modal, Pending, ask, clause_body, new_editor, open_form_with};
use super::view::Loaded;
use super::{App, DraftOp, EditTarget, Effect};
use crate::service::followthrough::{FollowThrough, Followed};

/// The open dossier's id when its draft may change; otherwise says why not (read-only, or
/// sealed by signing) and gives `None`.
fn changeable(app: &mut App) -> Option<String> {
    // The draft of a received dossier is its own union's to change.
    if app.refuse_received() {
        return None;
    }
    let key = app.open_key()?;
    let l = app.open.as_ref()?;
    if l.read_only || l.dossier.is_sealed() {
        let m = app.t(if l.read_only {
            "ui.flash.read_only"
        } else {
            "ui.flash.sealed"
        });
        app.flash(true, m);
        return None;
    }
    Some(key)
}

pub(super) fn draft_op(app: &mut App, op: DraftOp) -> Vec<Effect> {
    let Some(id) = changeable(app) else {
        return Vec::new();
    };
    app.saves_pending += 1;
    vec![Effect::EditDraft { id, op }]
}

pub(super) fn from_template(app: &mut App) -> Vec<Effect> {
    let Some(id) = changeable(app) else {
        return Vec::new();
    };
    app.saves_pending += 1;
    app.draft.clause = 0;
    vec![Effect::DraftFromTemplate { id }]
}

pub(super) fn finish_edit(app: &mut App, target: EditTarget, text: &str) -> Vec<Effect> {
    let text = crate::text::sanitize_text(text).trim().to_string();
    if text.is_empty() {
        let m = app.t("ui.flash.empty_clause");
        app.flash(true, m);
        return Vec::new();
    }
    let op = match target {
        EditTarget::Clause(i) => DraftOp::Edit {
            number: i + 1,
            text,
        },
        EditTarget::Insert { after } => {
            app.draft.clause = after;
            DraftOp::Insert { after, text }
        }
    };
    draft_op(app, op)
}

pub(super) fn draft_command(app: &mut App, c: Command) -> Vec<Effect> {
    let n = app.clause_count();
    let i = app.draft.clause;
    let edits = matches!(
        c,
        Command::EditClause
            | Command::ExternalEdit
            | Command::InsertClause
            | Command::DeleteClause
            | Command::MoveUp
            | Command::MoveDown
            | Command::FromTemplate
            | Command::ImportDraft
    );
    // Say so before any typing: a sealed or locked draft cannot change.
    if edits && changeable(app).is_none() {
        return Vec::new();
    }
    match c {
        Command::EditClause => {
            if let Some(text) = app.selected_clause().map(clause_body) {
                app.push_modal(Modal::Editor(new_editor(EditTarget::Clause(i), &text)));
            }
            Vec::new()
        }
        Command::ExternalEdit => {
            let text = app.selected_clause().map(clause_body);
            match text {
                Some(text) => vec![Effect::ExternalEdit {
                    target: EditTarget::Clause(i),
                    text,
                }],
                None => Vec::new(),
            }
        }
        // Without a parsed draft there is nothing to insert into: the worker would have to
        // invent an empty contract, and the saved result would not parse back.
        Command::InsertClause if app.open.as_ref().is_none_or(|l| l.contract.is_none()) => {
            let m = app.t("ui.flash.no_draft");
            app.flash(true, m);
            Vec::new()
        }
        Command::InsertClause => {
            let after = if n == 0 { 0 } else { i + 1 };
            app.push_modal(Modal::Editor(new_editor(EditTarget::Insert { after }, "")));
            Vec::new()
        }
        Command::FromTemplate if n > 0 => {
            ask(app, "ui.confirm.from_template", &[], Pending::FromTemplate);
            Vec::new()
        }
        Command::FromTemplate => from_template(app),
        Command::ImportDraft => {
            if let Some(key) = changeable(app) {
                super::modal::open_form(app, FormKind::DraftImport(key));
            }
            Vec::new()
        }
        // An opinion on the clause under the cursor: the form names it already.
        Command::Opinion if n > 0 => {
            let label = clause_label(i + 1);
            open_form_with(app, FormKind::Opinion, &[("clause", &label)]);
            Vec::new()
        }
        Command::DeleteClause if n > 0 => {
            let label = clause_label(i + 1);
            ask(
                app,
                "ui.confirm.delete_clause",
                &[("clause", &label)],
                Pending::DeleteClause(i),
            );
            Vec::new()
        }
        Command::MoveUp if i > 0 && n > 0 => {
            app.draft.clause = i - 1;
            draft_op(
                app,
                DraftOp::Move {
                    number: i + 1,
                    after: i - 1,
                },
            )
        }
        Command::MoveDown if i + 1 < n => {
            app.draft.clause = i + 1;
            draft_op(
                app,
                DraftOp::Move {
                    number: i + 1,
                    after: i + 2,
                },
            )
        }
        _ => Vec::new(),
    }
}

/// `第五条` for 5.
pub fn clause_label(number: usize) -> String {
    crate::contract::render::clause_label(number)
}

/// The standing opinions of the followed pre-review on the clause labelled `label` in the current
/// draft: where follow-through found the clause (after renumbering and moves), or, when it could
/// not tell, the clause the opinion named.
pub fn clause_opinions<'a>(l: &'a Loaded, label: &str) -> Vec<&'a FollowThrough> {
    l.followthrough
        .iter()
        .filter(|f| !f.withdrawn)
        .filter(|f| match &f.now {
            Some(now) => now == label,
            None => f.status == Followed::Unknown && f.clause == label,
        })
        .collect()
}
