//! Home: the dossiers as a table — enterprise, kind, current step, next deadline coloured by how
//! close it is — with a filter line. Reads `App::home`; changes nothing.

use super::theme;
use super::widgets::{cleaned, days_left, fit, pane_in};
use crate::app::App;
use crate::app::keymap::{self, Command, Scope};
use crate::i18n::tr;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState};
use unicode_width::UnicodeWidthStr;

/// The layout: filter line, table. Shared with mouse hit-testing.
pub fn areas(area: Rect) -> (Rect, Rect) {
    let [filter, table] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    (filter, table)
}

/// The first row shown: rows are built only for the window on screen (a workspace can hold
/// thousands of dossiers), scrolled so the selection stays visible.
pub(crate) fn offset(app: &App, table_area: Rect) -> usize {
    let rows = usize::from(table_area.height.saturating_sub(3)).max(1);
    app.home.selected.saturating_sub(rows - 1)
}

pub fn draw(f: &mut Frame, area: Rect, app: &App) {
    let lang = app.lang;
    let (filter_area, table_area) = areas(area);
    let filter = if app.home.filtering || !app.home.filter.is_empty() {
        Line::from(vec![
            Span::styled(format!("/{} ", tr(lang, "ui.home.filter")), theme::KEY),
            Span::raw(cleaned(&app.home.filter)),
            Span::styled(if app.home.filtering { "▏" } else { "" }, theme::KEY),
        ])
    } else {
        // From the keymap, so the line can never name a key that does something else.
        let hints = keymap::hints(
            lang,
            Scope::Home,
            &[
                (Command::Filter, "ui.act.filter"),
                (Command::NewDossier, "ui.act.new"),
                (Command::Open, "ui.act.open"),
                (Command::Inbox, "ui.act.inbox"),
                (Command::Union, "ui.act.union"),
                (Command::Archive, "ui.act.archive"),
                (Command::Help, "ui.act.help"),
            ],
        );
        Line::from(Span::styled(hints, theme::DIM))
    };
    f.render_widget(Paragraph::new(filter), filter_area);

    let visible = app.home.visible();
    let first = offset(app, table_area);
    let window = usize::from(table_area.height.saturating_sub(3)).max(1);
    let w = table_area.width.saturating_sub(2) as usize;
    // Enterprise gets what is left after the fixed columns; narrow terminals drop the kind.
    let narrow = w < 70;
    // The id comes first: the CLI takes it (`xieshang round ID …`). As wide as the longest id
    // shown (up to a cap); what is cut is cut with `…`.
    let id_w = visible
        .iter()
        .skip(first)
        .take(window)
        .map(|s| cleaned(&s.id).width())
        .max()
        .unwrap_or(2)
        .clamp(2, if narrow { 16 } else { 28 });
    let rest = w.saturating_sub(id_w);
    let (ent_w, next_w) = if narrow {
        (rest.saturating_sub(10 + 16 + 3), 16)
    } else {
        let shared = rest.saturating_sub(10 + 12 + 4);
        (shared / 2, shared - shared / 2)
    };
    let len = |n: usize| Constraint::Length(u16::try_from(n).unwrap_or(u16::MAX));
    let widths: Vec<Constraint> = if narrow {
        vec![len(id_w), len(ent_w), len(10), len(16)]
    } else {
        vec![len(id_w), len(ent_w), len(10), len(12), len(next_w)]
    };
    let header_keys: &[&str] = if narrow {
        &[
            "ui.col.id",
            "ui.col.enterprise",
            "ui.col.step",
            "ui.col.next",
        ]
    } else {
        &[
            "ui.col.id",
            "ui.col.enterprise",
            "ui.col.kind",
            "ui.col.step",
            "ui.col.next",
        ]
    };
    let header = Row::new(header_keys.iter().map(|k| Cell::from(tr(lang, k)))).style(theme::HEADER);
    let rows: Vec<Row> = visible
        .iter()
        .skip(first)
        .take(window)
        .map(|s| {
            let ent = if s.enterprise.is_empty() {
                cleaned(&s.id)
            } else {
                cleaned(&s.enterprise)
            };
            let ent = fit(
                &ent,
                ent_w.saturating_sub(if s.integrity.is_empty() { 0 } else { 2 }),
            );
            let step = s
                .step
                .map_or_else(String::new, |st| tr(lang, &format!("ui.step.{}", st.key())));
            // An integrity finding outweighs any deadline: the agreement is not what was signed.
            let next: Cell = if let Some(e) = s.error.as_ref().or(s.integrity.first()) {
                Cell::from(Span::styled(fit(&cleaned(e), next_w), theme::ERROR))
            } else if let Some(d) = &s.next {
                let (days, phrase) = days_left(lang, app.today, d.due);
                let text = if narrow {
                    format!("{} {phrase}", d.due.format("%m-%d"))
                } else {
                    format!("{} {phrase} · {}", d.due, cleaned(&d.what))
                };
                Cell::from(Span::styled(fit(&text, next_w), theme::due(days)))
            } else {
                Cell::from(Span::styled("—", theme::DIM))
            };
            let ent = if s.integrity.is_empty() {
                Cell::from(ent)
            } else {
                Cell::from(Span::styled(format!("✗ {ent}"), theme::ERROR))
            };
            let mut cells = vec![
                Cell::from(Span::styled(fit(&cleaned(&s.id), id_w), theme::DIM)),
                ent,
            ];
            if !narrow {
                cells.push(Cell::from(fit(
                    &tr(lang, &format!("ui.kind.{}", s.kind.key())),
                    10,
                )));
            }
            cells.push(Cell::from(step));
            cells.push(next);
            Row::new(cells)
        })
        .collect();
    let title = if app.home.loaded {
        tr(lang, "ui.home.title")
    } else {
        tr(lang, "ui.loading")
    };
    let empty = rows.is_empty();
    let table = Table::new(rows, widths)
        .header(header)
        .block(pane_in(title, true, table_area))
        .row_highlight_style(theme::SELECTED)
        .column_spacing(1);
    let mut state =
        TableState::default().with_selected(Some(app.home.selected.saturating_sub(first)));
    f.render_stateful_widget(table, table_area, &mut state);
    if empty && app.home.loaded {
        let inner = table_area.inner(ratatui::layout::Margin::new(2, 2));
        let msg = if app.home.filter.is_empty() {
            tr(lang, "ui.home.empty")
        } else {
            tr(lang, "ui.home.no_match")
        };
        f.render_widget(
            Paragraph::new(Span::styled(fit(&msg, inner.width as usize), theme::DIM)),
            inner,
        );
    }
}
