//! The event loop: sets the terminal up (alternate screen, raw mode, mouse capture, bracketed
//! paste) and restores it on every exit path, including a panic; reads terminal events, turns them
//! into actions, runs `app::update`, sends slow effects to the worker and draws.
//!
//! It owns the terminal and nothing else: no state besides `App`, no decisions.

use super::worker::{self, Services};
use crate::app::{self, Action, App, Effect, Event};
use crate::i18n::Lang;
use crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event as TermEvent, MouseEventKind,
};
use crossterm::execute;
use ratatui::DefaultTerminal;
use ratatui::layout::Rect;
use std::sync::mpsc;
use std::time::Duration;

/// Puts the terminal back: leave raw mode and the alternate screen, stop mouse and paste modes.
fn restore() {
    let _ = execute!(
        std::io::stdout(),
        DisableMouseCapture,
        DisableBracketedPaste
    );
    ratatui::restore();
}

pub(crate) fn run(
    workspace: std::path::PathBuf,
    lang: Lang,
    today: chrono::NaiveDate,
) -> anyhow::Result<()> {
    let services = super::store_services::StoreServices::new(workspace, lang, today);
    run_with(services, lang, today)
}

/// The loop, with any services (tests can pass their own).
pub(crate) fn run_with<S: Services>(
    services: S,
    lang: Lang,
    today: chrono::NaiveDate,
) -> anyhow::Result<()> {
    // Without a terminal (a pipe, a CI job) there is no screen to draw on: say so and point to the
    // command line instead of failing inside the terminal library.
    {
        use std::io::IsTerminal;
        if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
            anyhow::bail!("{}", crate::i18n::tr(lang, "ui.no_terminal"));
        }
    }
    // ratatui's init installs a panic hook that restores the terminal; chain ours so mouse
    // capture and bracketed paste are switched off too before the panic message prints.
    let mut terminal = ratatui::try_init()
        .map_err(|e| anyhow::anyhow!("{}: {e}", crate::i18n::tr(lang, "ui.no_terminal")))?;
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
    execute!(std::io::stdout(), EnableMouseCapture, EnableBracketedPaste)?;
    let result = event_loop(&mut terminal, services, lang, today);
    restore();
    result
}

fn event_loop<S: Services>(
    terminal: &mut DefaultTerminal,
    services: S,
    lang: Lang,
    today: chrono::NaiveDate,
) -> anyhow::Result<()> {
    let (request_tx, request_rx) = mpsc::channel::<app::Request>();
    let (answer_tx, answer_rx) = mpsc::channel::<(app::RequestId, Option<Event>)>();
    let handle = worker::spawn(services, request_rx, answer_tx);
    let mut app = App::new(lang, today);
    let mut pending: Vec<Effect> = app.start();
    // Draw only when something changed: an idle screen costs no CPU (the poll below sleeps).
    let mut dirty = true;
    loop {
        while !pending.is_empty() {
            dirty = true;
            let (requests, local) = app::dispatch(&mut app, std::mem::take(&mut pending));
            for r in requests {
                request_tx.send(r)?;
            }
            for effect in local {
                match effect {
                    Effect::ExternalEdit { target, text } => {
                        let edited = external_edit(terminal, &text);
                        pending.extend(app::update(
                            &mut app,
                            Action::Worker(Event::Edited {
                                target,
                                text: edited,
                            }),
                        ));
                    }
                    _ => app.quit = true,
                }
            }
        }
        if app.quit {
            break;
        }
        if dirty {
            terminal.draw(|f| super::draw(f, &app))?;
            dirty = false;
        }
        // Answers from the worker first, so the screen reflects them at the next draw.
        while let Ok((id, ev)) = answer_rx.try_recv() {
            dirty = true;
            match ev {
                Some(event) => pending.extend(app::update(&mut app, Action::Reply { id, event })),
                None => app.requests.forget(id),
            }
        }
        if !pending.is_empty() || dirty {
            continue;
        }
        // Waiting on the worker: look again soon. Idle: sleep until the terminal has something.
        let wait = if app.busy() > 0 { 20 } else { 500 };
        if !event::poll(Duration::from_millis(wait))? {
            continue;
        }
        dirty = true;
        let action = match event::read()? {
            TermEvent::Key(k) => super::key_of(k).map(Action::Key),
            TermEvent::Paste(s) => Some(Action::Paste(s)),
            TermEvent::Mouse(m) => match m.kind {
                MouseEventKind::ScrollUp => Some(Action::Scroll(-1)),
                MouseEventKind::ScrollDown => Some(Action::Scroll(1)),
                MouseEventKind::Down(_) => {
                    let size = terminal.size()?;
                    super::click(
                        &app,
                        Rect::new(0, 0, size.width, size.height),
                        m.column,
                        m.row,
                    )
                }
                _ => None,
            },
            // The next draw lays everything out for the new size.
            _ => None,
        };
        if let Some(a) = action {
            pending.extend(app::update(&mut app, a));
        }
    }
    drop(request_tx);
    let _ = handle.join();
    Ok(())
}

/// Edits `text` in `$VISUAL`/`$EDITOR` (default `vi`), with the screen handed over meanwhile.
/// Returns the new text, or `None` if the editor failed or nothing changed.
fn external_edit(terminal: &mut DefaultTerminal, text: &str) -> Option<String> {
    // A fresh, private file (the temp directory is shared): see `store::scratch`.
    let path = crate::service::scratch::create("xieshang-clause", "txt", text).ok()?;
    restore();
    let editor = std::env::var("VISUAL")
        .or_else(|_| std::env::var("EDITOR"))
        .unwrap_or_else(|_| "vi".into());
    // The editor variable may carry arguments (`code -w`).
    let mut parts = editor.split_whitespace();
    let status = parts.next().and_then(|prog| {
        std::process::Command::new(prog)
            .args(parts)
            .arg(&path)
            .status()
            .ok()
    });
    let out = crate::service::scratch::read(&path).ok();
    let _ = crate::service::scratch::remove(&path);
    if let Ok(t) = ratatui::try_init() {
        *terminal = t;
    }
    let _ = execute!(std::io::stdout(), EnableMouseCapture, EnableBracketedPaste);
    let _ = terminal.clear();
    match (status, out) {
        (Some(s), Some(new)) if s.success() && new != text => Some(new),
        _ => None,
    }
}
