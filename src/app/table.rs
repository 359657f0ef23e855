//! The At-the-table screen's commands: positions, agreement, withdrawal, a new issue, renaming
//! one, notes, opening, closing and suspending a round.

use super::form::FormKind;
use super::keymap::Command;
use super::modal::{Pending, ask, open_form};
use super::{App, Effect};
use crate::domain::Side;

pub(super) fn table_command(app: &mut App, c: Command) -> Vec<Effect> {
    let has_open = app
        .open
        .as_ref()
        .and_then(|l| l.dossier.current_round())
        .is_some();
    let needs_open = matches!(
        c,
        Command::PositionWorkers
            | Command::PositionEmployer
            | Command::Agree
            | Command::Withdraw
            | Command::NewIssue
            | Command::CloseRound
            | Command::SuspendRound
            | Command::Notes
    );
    let records = needs_open || matches!(c, Command::OpenRound | Command::RenameIssue);
    if records && app.refuse_received() {
        return Vec::new();
    }
    if needs_open && !has_open {
        let m = app.t("ui.flash.no_open_round");
        app.flash(true, m);
        return Vec::new();
    }
    let issue = app.selected_issue().map(str::to_string);
    match c {
        Command::PositionWorkers => open_form(app, FormKind::Position(Side::Workers)),
        Command::PositionEmployer => open_form(app, FormKind::Position(Side::Employer)),
        Command::Agree => open_form(app, FormKind::Agree),
        Command::NewIssue => open_form(app, FormKind::NewIssue),
        // An issue of the round shown, open or not; a signed agreement's rounds are sealed.
        Command::RenameIssue => {
            let sealed = app.open.as_ref().is_some_and(|l| l.dossier.is_sealed());
            if sealed {
                let m = app.t("invalid.sealed");
                app.flash(true, m);
            } else if issue.is_some() {
                open_form(app, FormKind::RenameIssue);
            }
        }
        Command::Notes => open_form(app, FormKind::Notes),
        Command::SuspendRound => open_form(app, FormKind::Suspend),
        Command::OpenRound => open_form(app, FormKind::OpenRound),
        Command::Withdraw => {
            if let Some(issue) = issue {
                // An issue added by mistake may also be removed (`d`).
                let removable = app
                    .open
                    .as_ref()
                    .is_some_and(|l| crate::service::fact::issue_removable(&l.dossier, &issue));
                ask(
                    app,
                    if removable {
                        "ui.confirm.withdraw_or_remove"
                    } else {
                        "ui.confirm.withdraw"
                    },
                    &[("issue", &crate::domain::issue::label(&issue, app.lang))],
                    Pending::Withdraw(issue.clone()),
                );
            }
        }
        // A form, not a yes/no: whether the minutes were signed is said each time.
        Command::CloseRound => open_form(app, FormKind::CloseRound),
        _ => {}
    }
    Vec::new()
}
