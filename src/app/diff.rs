//! The Diff screen's commands: pick the base and the target version, toggle side by side.

use super::keymap::Command;
use super::{App, Effect};

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
    let Some(id) = app.open.as_ref().map(|l| l.dossier.id.clone()) else {
        return Vec::new();
    };
    let effect = Effect::ComputeDiff {
        id,
        old: old.rev.clone(),
        new: new.rev.clone(),
    };
    app.diff.loading = true;
    app.diff.clause = 0;
    vec![effect]
}
