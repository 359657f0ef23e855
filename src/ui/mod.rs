//! The terminal UI: drawing the app state (a pure read: `draw(frame, &App)`), turning terminal
//! events into actions, and the event loop with its worker thread (`runtime`).
//!
//! Nothing here decides anything about the bargaining: state changes go through `app::update`,
//! facts, saving and history through the worker and the service layer.

pub mod archive;
pub(crate) mod archive_due;
pub(crate) mod archive_stats;
pub(crate) mod costing;
pub mod diff;
pub mod dossier;
pub(crate) mod draft;
mod exchange_services;
pub(crate) mod home;
pub mod inbox;
pub(crate) mod runtime;
pub mod store_services;
pub(crate) mod table;
pub(crate) mod theme;
pub(crate) mod widgets;
pub mod worker;

use crate::app::keymap::Key;
use crate::app::{Action, App, Modal, Screen};
use crate::i18n::Lang;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};

/// Smallest terminal the screens are laid out for; below it one line says so.
pub(crate) const MIN_WIDTH: u16 = 40;
pub(crate) const MIN_HEIGHT: u16 = 12;

/// Opens the TUI on `workspace`. Blocks until the user quits.
pub(crate) fn run(
    workspace: std::path::PathBuf,
    lang: Lang,
    today: chrono::NaiveDate,
) -> anyhow::Result<()> {
    runtime::run(workspace, lang, today)
}

/// Title line, screen body, status line.
fn frame_areas(area: Rect) -> (Rect, Rect, Rect) {
    let [title, body, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(area);
    (title, body, status)
}

/// Draws the whole screen from the state.
pub fn draw(f: &mut Frame, app: &App) {
    let area = f.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        widgets::too_small(f, area, app.lang);
        return;
    }
    let (title, body, status) = frame_areas(area);
    widgets::title_line(f, title, app);
    match app.screen {
        Screen::Home => home::draw(f, body, app),
        Screen::Inbox => inbox::draw(f, body, app),
        Screen::Dossier => dossier::draw(f, body, app),
        Screen::Table => table::draw(f, body, app),
        Screen::Draft => draft::draw(f, body, app),
        Screen::Diff => diff::draw(f, body, app),
        Screen::Archive => archive::draw(f, body, app),
    }
    widgets::status_line(f, status, app);
    // Bottom to top: a question stays readable over the editor it guards.
    for modal in &app.modals {
        match modal {
            Modal::Help => widgets::help_overlay(f, body, app),
            Modal::Confirm(c) => widgets::confirm_overlay(f, body, app.lang, c),
            Modal::Form(form) => {
                widgets::form_overlay(f, form_area(app, body, form), app.lang, form);
            }
            Modal::Editor(e) => widgets::editor_overlay(f, body, app.lang, e),
            Modal::Notice(n) => widgets::notice_overlay(f, body, app.lang, n),
        }
    }
}

/// Where a form is drawn: centred on the screen, but a position typed at the table on a tall
/// screen goes over the chart, so the costing pane beside it stays in view as the figure is
/// typed.
fn form_area(app: &App, body: Rect, form: &crate::app::form::Form) -> Rect {
    use crate::app::form::FormKind;
    let at_table = matches!(
        form.kind,
        FormKind::Position(_) | FormKind::NewIssue | FormKind::Agree
    );
    if app.screen != Screen::Table || !at_table || body.height < 30 {
        return body;
    }
    let (_, _, chart, _) = table::areas(body, table::issue_count(app));
    chart
}

/// Row `y` inside a bordered list in `r` whose first row (after a header of `header` lines)
/// shows item `offset`: the item index, if `y` is on one.
fn row_in(r: Rect, pos: Position, header: u16) -> Option<usize> {
    let inner_top = r.y + 1 + header;
    (r.contains(pos) && pos.y >= inner_top && pos.y < r.y + r.height.saturating_sub(1))
        .then(|| usize::from(pos.y - inner_top))
}

/// What a click at (`col`, `row`) on a terminal of `size` means: a pane and row to select.
/// Uses the same layout and scroll functions as drawing, so clicks land where things are shown,
/// also in a list scrolled to keep its selection visible.
pub fn click(app: &App, size: Rect, col: u16, row: u16) -> Option<Action> {
    if !app.modals.is_empty() || size.width < MIN_WIDTH || size.height < MIN_HEIGHT {
        return None;
    }
    let (_, body, _) = frame_areas(size);
    let pos = Position::new(col, row);
    let select = |pane, index| Some(Action::Select { pane, index });
    match app.screen {
        Screen::Home => {
            let (_, table) = home::areas(body);
            row_in(table, pos, 1).and_then(|i| select(0, i + home::offset(app, table)))
        }
        Screen::Inbox => {
            let (_, table, _) = inbox::areas(body);
            row_in(table, pos, 1).and_then(|i| select(0, i + inbox::offset(app, table)))
        }
        Screen::Dossier => {
            let (left, detail, _) = dossier::areas(body);
            if let Some(i) = row_in(left, pos, 0) {
                return select(0, i + widgets::list_offset(app.dossier.step, left, 0));
            }
            let line = row_in(detail, pos, 0)? + dossier::detail_offset(app, detail);
            // The checklist has a heading line between the GR 33 tasks and the WM 8 factors.
            let tasks = crate::domain::PrepTask::ALL.len();
            let item = match app.selected_step() {
                crate::domain::procedure::Step::Preparation if line == tasks => return None,
                crate::domain::procedure::Step::Preparation if line > tasks => line - 1,
                _ => line,
            };
            select(1, item)
        }
        Screen::Table => {
            let (_, table, _, _) = table::areas(body, table::issue_count(app));
            row_in(table, pos, 1)
                .and_then(|i| select(0, i + widgets::list_offset(app.table.issue, table, 1)))
        }
        Screen::Draft => {
            let (tree, _) = draft::areas(body);
            let r = row_in(tree, pos, 0)? + draft::tree_offset(app, tree);
            let rows = draft::tree_rows(app);
            rows.get(r).and_then(|(c, _)| c.and_then(|c| select(0, c)))
        }
        Screen::Diff => {
            let (_, versions, changes, _) = diff::areas(body, diff::terms_height(app));
            if let Some(i) = row_in(versions, pos, 0) {
                return select(0, i + widgets::list_offset(app.diff.version, versions, 0));
            }
            row_in(changes, pos, 0)
                .and_then(|i| select(1, i + widgets::list_offset(app.diff.clause, changes, 0)))
        }
        Screen::Archive => match app.archive.tab {
            crate::app::ArchiveTab::Search => {
                let hits = app.archive.search.hits.len();
                let (_, _, table, _) = archive::search_areas(archive::body(body), hits);
                row_in(table, pos, 1).and_then(|i| select(0, i + archive::offset(app, table)))
            }
            crate::app::ArchiveTab::Due => {
                let (_, table) = archive_due::areas(archive::body(body));
                row_in(table, pos, 1).and_then(|i| select(0, i + archive_due::offset(app, table)))
            }
            crate::app::ArchiveTab::Stats => None,
        },
    }
}

/// A crossterm key event as the app's `Key`.
pub(crate) fn key_of(k: crossterm::event::KeyEvent) -> Option<Key> {
    use crossterm::event::{KeyCode as C, KeyModifiers as M};
    if k.kind == crossterm::event::KeyEventKind::Release {
        return None;
    }
    Some(match k.code {
        C::Char(c) if k.modifiers.contains(M::CONTROL) => Key::Ctrl(c.to_ascii_lowercase()),
        C::Char(c) if k.modifiers.contains(M::ALT) => Key::Alt(c),
        C::Char(c) => Key::Char(c),
        C::Enter => Key::Enter,
        C::Esc => Key::Esc,
        C::Tab => Key::Tab,
        C::BackTab => Key::BackTab,
        C::Up => Key::Up,
        C::Down => Key::Down,
        C::Left => Key::Left,
        C::Right => Key::Right,
        C::PageUp => Key::PageUp,
        C::PageDown => Key::PageDown,
        C::Home => Key::Home,
        C::End => Key::End,
        C::Backspace => Key::Backspace,
        C::Delete => Key::Delete,
        _ => return None,
    })
}
