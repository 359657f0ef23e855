//! Archive, Due tab: the due digest — every deadline the rules compute across the workspace
//! within 90 days, overdue ones first and marked — as a table of date, days left, enterprise,
//! what is due and the rule. Reads `App::archive.due`; changes nothing. Names and texts came
//! from dossiers: cleaned and cut by display width.

use super::theme;
use super::widgets::{cleaned, days_left, fit, pane_in};
use crate::app::App;
use crate::app::keymap::{self, Command, Scope};
use crate::i18n::{tr, trf};
use crate::service::tui_archive::DUE_DAYS;
use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table};
use unicode_width::UnicodeWidthStr;

/// The summary line and the table. Shared with mouse hit-testing.
pub fn areas(body: Rect) -> (Rect, Rect) {
    let [summary, table] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(3)]).areas(body);
    (summary, table)
}

/// The first row shown, so the selection stays visible.
pub(crate) fn offset(app: &App, table: Rect) -> usize {
    let rows = usize::from(table.height.saturating_sub(3)).max(1);
    app.archive.due.selected.saturating_sub(rows - 1)
}

pub fn draw(f: &mut Frame, body: Rect, app: &App) {
    let lang = app.lang;
    let due = &app.archive.due;
    let (summary_area, table_area) = areas(body);
    let hints = keymap::hints(
        lang,
        Scope::ArchiveDue,
        &[
            (Command::Open, "ui.act.open"),
            (Command::Refresh, "ui.act.refresh"),
            (Command::Back, "ui.act.back"),
        ],
    );
    let mut spans = Vec::new();
    if due.loaded {
        spans.push(Span::styled(
            trf(
                lang,
                "ui.archive.due_summary",
                &[
                    ("days", &DUE_DAYS.to_string()),
                    ("n", &due.rows.len().to_string()),
                ],
            ),
            theme::HEADER,
        ));
        let overdue = due.overdue();
        if overdue > 0 {
            spans.push(Span::styled(
                trf(lang, "ui.archive.overdue", &[("n", &overdue.to_string())]),
                theme::OVERDUE,
            ));
        }
        spans.push(Span::raw("   "));
    }
    spans.push(Span::styled(hints, theme::DIM));
    f.render_widget(Paragraph::new(Line::from(spans)), summary_area);

    let first = offset(app, table_area);
    let window = usize::from(table_area.height.saturating_sub(3)).max(1);
    let inner_w = table_area.width.saturating_sub(2);
    let wide = inner_w >= 100;
    let shown: Vec<_> = due.rows.iter().skip(first).take(window).collect();
    let phrases: Vec<(i64, String)> = shown
        .iter()
        .map(|r| days_left(lang, app.today, r.deadline.due))
        .collect();
    let phrase_w = phrases
        .iter()
        .map(|(_, p)| p.width())
        .chain([tr(lang, "ui.col.left").width()])
        .max()
        .unwrap_or(0);
    let as_len = |w: usize| Constraint::Length(u16::try_from(w).unwrap_or(u16::MAX));
    let mut widths = vec![
        Constraint::Length(1),
        Constraint::Length(10),
        as_len(phrase_w),
        Constraint::Fill(2),
        Constraint::Fill(3),
    ];
    let mut head = vec![
        String::new(),
        tr(lang, "ui.col.due"),
        tr(lang, "ui.col.left"),
        tr(lang, "ui.col.enterprise"),
        tr(lang, "ui.col.what"),
    ];
    if wide {
        widths.push(Constraint::Length(22));
        head.push(tr(lang, "ui.col.rule"));
    }
    let rects = Layout::horizontal(widths.clone())
        .flex(Flex::Start)
        .spacing(1)
        .split(Rect::new(0, 0, inner_w, 1));
    let col_w = |i: usize| rects.get(i).map_or(0, |r| usize::from(r.width));
    let header = Row::new(
        head.iter()
            .enumerate()
            .map(|(i, h)| Cell::from(fit(h, col_w(i)))),
    )
    .style(theme::HEADER);
    let rows: Vec<Row> = shown
        .iter()
        .zip(&phrases)
        .map(|(r, (days, phrase))| {
            let d = &r.deadline;
            let style = theme::due(*days);
            let ent = if r.enterprise.trim().is_empty() {
                cleaned(&r.key)
            } else {
                cleaned(&r.enterprise)
            };
            let mut cells = vec![
                Cell::from(Span::styled(
                    if d.overdue { "!" } else { " " },
                    theme::OVERDUE,
                )),
                Cell::from(Span::styled(d.due.to_string(), style)),
                Cell::from(Span::styled(phrase.clone(), style)),
                Cell::from(fit(&ent, col_w(3))),
                Cell::from(fit(&cleaned(&d.what), col_w(4))),
            ];
            if wide {
                cells.push(Cell::from(Span::styled(fit(d.rule, col_w(5)), theme::DIM)));
            }
            Row::new(cells)
        })
        .collect();
    let title = if due.loaded {
        tr(lang, "ui.archive.tab.due")
    } else {
        tr(lang, "ui.loading")
    };
    let none = due
        .loaded
        .then(|| trf(lang, "archive.due_none", &[("days", &DUE_DAYS.to_string())]));
    let empty = rows.is_empty();
    super::archive::listing(
        f,
        table_area,
        Table::new(rows, widths)
            .header(header)
            .block(pane_in(title, true, table_area)),
        due.selected.saturating_sub(first),
        empty,
        none,
    );
}
