//! Exchange from the screens: send (`push`) and receive (`fetch`) the open dossier or the
//! inbox's selected one, add a remote, write a bundle file, take one in. Each is one effect for
//! the worker, which calls the same service verbs as the CLI; what they did comes back as
//! [`Event::Exchanged`](super::Event::Exchanged) (a flash, and a reload when something merged).
//!
//! Nothing here is refused for a dossier received from another union: what each side sends and
//! merges is the service's decision (a reviewer sends only its pre-review branch).

use super::form::{Form, FormKind};
use super::keymap::Command;
use super::modal::{Modal, open_form};
use super::{App, Effect, Screen};

/// The dossier an exchange key acts on: the inbox's selected row there, else the open dossier.
fn target(app: &App) -> Option<String> {
    match app.screen {
        Screen::Inbox => app.inbox.selected_key(),
        _ => app.open_key(),
    }
}

pub(super) fn exchange_command(app: &mut App, c: Command) -> Vec<Effect> {
    if c == Command::ImportBundle {
        open_form(app, FormKind::Import);
        return Vec::new();
    }
    let Some(key) = target(app) else {
        return Vec::new();
    };
    match c {
        Command::Push => vec![Effect::Push(key)],
        Command::Fetch => vec![Effect::Fetch(key)],
        Command::AddRemote => {
            open_form(app, FormKind::Remote(key));
            Vec::new()
        }
        Command::WriteBundle => {
            open_form(app, FormKind::Bundle(key));
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// The remote form, submitted: checked as the store will check it (a refusal stays in the form
/// at the field it names), then sent to the worker.
pub(super) fn submit_remote(
    app: &mut App,
    mut form: Form,
    id: String,
    name: String,
    url: String,
) -> Vec<Effect> {
    use crate::service::tui_exchange::{check_remote_name, check_remote_url};
    let refused = match (check_remote_name(&name), check_remote_url(&url)) {
        (Err(f), _) => Some(("name", f)),
        (_, Err(f)) => Some(("url", f)),
        _ => None,
    };
    if let Some((field, failure)) = refused {
        let at = form.fields.iter().position(|f| f.id == field);
        if let Some(i) = at {
            form.focus = i;
        }
        form.error = Some((at, failure.message(app.lang)));
        app.push_modal(Modal::Form(form));
        return Vec::new();
    }
    vec![Effect::AddRemote { id, name, url }]
}
