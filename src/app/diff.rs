//! The Diff screen's commands: pick the base and the target version, toggle side by side, or
//! compare the draft with the template it came from or the enterprise's previous agreement.

use super::keymap::Command;
use super::{App, Effect};
use crate::service::against::Against;

pub(super) fn diff_command(app: &mut App, c: Command) -> Vec<Effect> {
    match c {
        Command::SideBySide => {
            app.diff.side_by_side = !app.diff.side_by_side;
            Vec::new()
        }
        Command::SetBase if app.pane == 0 => {
            app.diff.base = Some(app.diff.version);
            compute_diff(app)
        }
        Command::SetTarget if app.pane == 0 => {
            app.diff.target = Some(app.diff.version);
            compute_diff(app)
        }
        Command::SetTarget => {
            app.pane = 0;
            Vec::new()
        }
        Command::AgainstTemplate => compare_against(app, Against::Template),
        Command::AgainstPrevious => compare_against(app, Against::Previous),
        _ => Vec::new(),
    }
}

pub(super) fn compute_diff(app: &mut App) -> Vec<Effect> {
    let (Some(b), Some(t)) = (app.diff.base, app.diff.target) else {
        return Vec::new();
    };
    let (Some(old), Some(new)) = (app.diff.versions.get(b), app.diff.versions.get(t)) else {
        return Vec::new();
    };
    let Some(id) = app.open_key() else {
        return Vec::new();
    };
    let effect = Effect::ComputeDiff {
        id,
        old: old.rev.clone(),
        new: new.rev.clone(),
    };
    app.diff.asked = None;
    app.diff.loading = true;
    app.diff.clause = 0;
    vec![effect]
}

/// Asks for the draft against `against`; the answer replaces the view like a version pair's
/// (the newest request of either kind wins, see `requests`).
fn compare_against(app: &mut App, against: Against) -> Vec<Effect> {
    let Some(id) = app.open_key() else {
        return Vec::new();
    };
    app.diff.asked = Some(against);
    app.diff.loading = true;
    vec![Effect::CompareAgainst { id, against }]
}
