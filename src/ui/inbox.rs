//! Inbox: the dossiers received from the unions below for pre-review, as a table — union,
//! enterprise, where the pre-review stands, days waiting, when received, the draft held, what the
//! checks say and what became of the opinions — with the order and filter above it and the
//! selected dossier told in full below it. Reads `App::inbox`; changes nothing.
//!
//! Every name and message in a row came from another union's files: each goes through
//! [`cleaned`] and is cut by display width with [`fit`], so CJK never splits and nothing raw
//! reaches a cell.

use super::theme;
use super::widgets::{cleaned, fit, pane, pane_in, wrap_all};
use crate::app::App;
use crate::app::keymap::{self, Command, Scope};
use crate::i18n::{Lang, tr, trf};
use crate::service::inbox::{InboxRow, InboxState};
use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState};
use unicode_width::UnicodeWidthStr;

/// Lines of the detail box below the table (borders included), when there is room for it.
const DETAIL_H: u16 = 5;

/// The layout: order and filter line, table, the selected dossier in full. Shared with mouse
/// hit-testing.
pub fn areas(area: Rect) -> (Rect, Rect, Rect) {
    let detail_h = if area.height >= 16 { DETAIL_H } else { 0 };
    let [header, table, detail] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(detail_h),
    ])
    .areas(area);
    (header, table, detail)
}

/// The first row shown, so the selection stays visible (as on Home).
pub(crate) fn offset(app: &App, table_area: Rect) -> usize {
    let rows = usize::from(table_area.height.saturating_sub(3)).max(1);
    app.inbox.selected.saturating_sub(rows - 1)
}

/// A union as shown: its name, or its code when the dossier does not name it.
fn union_of(r: &InboxRow) -> String {
    if r.union_name.trim().is_empty() {
        cleaned(&r.union_code)
    } else {
        cleaned(&r.union_name)
    }
}

fn state_style(s: InboxState) -> Style {
    match s {
        InboxState::NotSubmitted => theme::DIM,
        InboxState::Pending => theme::WARNING,
        InboxState::Pass | InboxState::PassWithChanges => theme::OK,
        InboxState::Return => theme::ERROR,
    }
}

fn state_label(lang: Lang, s: InboxState) -> String {
    tr(lang, &format!("inbox.state.{}", s.key()))
}

const ALL_STATES: [InboxState; 5] = [
    InboxState::NotSubmitted,
    InboxState::Pending,
    InboxState::Pass,
    InboxState::PassWithChanges,
    InboxState::Return,
];

/// One fixed-width column: its header and a cell per row, as text with a style.
struct Column {
    header: String,
    cells: Vec<(String, Style)>,
    /// At least this wide (so a column does not jump as the window scrolls).
    min: usize,
}

impl Column {
    fn width(&self) -> u16 {
        let w = self
            .cells
            .iter()
            .map(|(t, _)| t.width())
            .chain([self.header.width(), self.min])
            .max()
            .unwrap_or(0);
        u16::try_from(w).unwrap_or(u16::MAX)
    }
}

const DASH: &str = "—";

fn fixed_columns(lang: Lang, rows: &[&InboxRow], wide: bool) -> Vec<Column> {
    let state_w = ALL_STATES
        .iter()
        .map(|s| state_label(lang, *s).width())
        .max()
        .unwrap_or(0);
    let mut cols = vec![
        Column {
            header: tr(lang, "ui.col.state"),
            cells: rows
                .iter()
                .map(|r| (state_label(lang, r.state), state_style(r.state)))
                .collect(),
            min: state_w,
        },
        Column {
            header: tr(lang, "ui.col.waiting"),
            cells: rows
                .iter()
                .map(|r| match r.waiting_days {
                    Some(n) => (
                        trf(lang, "ui.inbox.days", &[("n", &n.to_string())]),
                        theme::NORMAL,
                    ),
                    None => (DASH.to_string(), theme::DIM),
                })
                .collect(),
            min: 0,
        },
    ];
    if wide {
        cols.push(Column {
            header: tr(lang, "ui.col.received"),
            cells: rows
                .iter()
                .map(|r| match r.received {
                    Some(d) => (d.to_string(), theme::NORMAL),
                    None => (DASH.to_string(), theme::DIM),
                })
                .collect(),
            min: 10,
        });
        cols.push(Column {
            header: tr(lang, "ui.col.draft"),
            cells: rows
                .iter()
                .map(|r| match &r.draft {
                    Some(id) => (
                        trf(
                            lang,
                            "ui.inbox.draft_cell",
                            &[("draft", &cleaned(id)), ("clauses", &r.clauses.to_string())],
                        ),
                        theme::NORMAL,
                    ),
                    None => (DASH.to_string(), theme::DIM),
                })
                .collect(),
            min: 0,
        });
        cols.push(Column {
            header: tr(lang, "ui.col.checks"),
            cells: rows
                .iter()
                .map(|r| {
                    let style = if r.errors > 0 {
                        theme::ERROR
                    } else if r.warnings > 0 {
                        theme::WARNING
                    } else {
                        theme::OK
                    };
                    (
                        trf(
                            lang,
                            "ui.inbox.checks_cell",
                            &[
                                ("errors", &r.errors.to_string()),
                                ("warnings", &r.warnings.to_string()),
                            ],
                        ),
                        style,
                    )
                })
                .collect(),
            min: 0,
        });
    }
    cols.push(Column {
        header: tr(lang, "ui.col.opinions"),
        cells: rows
            .iter()
            .map(|r| {
                if r.opinions == 0 {
                    return (DASH.to_string(), theme::DIM);
                }
                let text = trf(
                    lang,
                    "ui.inbox.opinions_cell",
                    &[
                        ("n", &r.opinions.to_string()),
                        ("changed", &r.changed.to_string()),
                        ("unchanged", &r.unchanged.to_string()),
                        ("deleted", &r.deleted.to_string()),
                        ("answered", &r.answered.to_string()),
                    ],
                );
                // An opinion neither taken in nor answered still needs the union below.
                let open = r.unchanged > r.answered;
                (text, if open { theme::WARNING } else { theme::NORMAL })
            })
            .collect(),
        min: 0,
    });
    cols
}

pub fn draw(f: &mut Frame, area: Rect, app: &App) {
    let lang = app.lang;
    let (header_area, table_area, detail_area) = areas(area);
    let inbox = &app.inbox;

    let hints = keymap::hints(
        lang,
        Scope::Inbox,
        &[
            (Command::Sort, "ui.act.sort"),
            (Command::FilterState, "ui.act.show"),
            (Command::Open, "ui.act.open"),
            (Command::Back, "ui.act.back"),
        ],
    );
    let header = Line::from(vec![
        Span::styled(
            trf(
                lang,
                "ui.inbox.sort_by",
                &[(
                    "sort",
                    &tr(lang, &format!("ui.inbox.sort.{}", inbox.sort.key())),
                )],
            ),
            theme::KEY,
        ),
        Span::styled(" · ", theme::DIM),
        Span::styled(
            trf(
                lang,
                "ui.inbox.showing",
                &[(
                    "filter",
                    &tr(lang, &format!("ui.inbox.filter.{}", inbox.filter.key())),
                )],
            ),
            theme::KEY,
        ),
        Span::styled(format!("   {hints}"), theme::DIM),
    ]);
    f.render_widget(Paragraph::new(header), header_area);

    let visible = inbox.visible();
    let first = offset(app, table_area);
    let window = usize::from(table_area.height.saturating_sub(3)).max(1);
    let shown: Vec<&InboxRow> = visible.iter().skip(first).take(window).copied().collect();
    let inner_w = table_area.width.saturating_sub(2);
    let wide = inner_w >= 100;
    let fixed = fixed_columns(lang, &shown, wide);
    let mut widths = vec![Constraint::Fill(2), Constraint::Fill(3)];
    widths.extend(fixed.iter().map(|c| Constraint::Length(c.width())));
    // The widths the table will give the two name columns, to cut names there with an ellipsis.
    let rects = Layout::horizontal(widths.clone())
        .flex(Flex::Start)
        .spacing(1)
        .split(Rect::new(0, 0, inner_w, 1));
    let union_w = rects.first().map_or(0, |r| usize::from(r.width));
    let ent_w = rects.get(1).map_or(0, |r| usize::from(r.width));

    let mut head = vec![
        Cell::from(fit(&tr(lang, "ui.col.union"), union_w)),
        Cell::from(fit(&tr(lang, "ui.col.enterprise"), ent_w)),
    ];
    head.extend(fixed.iter().map(|c| Cell::from(c.header.clone())));
    let head = Row::new(head).style(theme::HEADER);

    let rows: Vec<Row> = shown
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let ent = match &r.problem {
                Some(p) => Cell::from(Span::styled(fit(&cleaned(p), ent_w), theme::ERROR)),
                None if r.enterprise.is_empty() => {
                    Cell::from(Span::styled(fit(&cleaned(&r.key), ent_w), theme::DIM))
                }
                None => Cell::from(fit(&cleaned(&r.enterprise), ent_w)),
            };
            let mut cells = vec![Cell::from(fit(&union_of(r), union_w)), ent];
            cells.extend(fixed.iter().map(|c| {
                let (text, style) = c.cells.get(i).cloned().unwrap_or_default();
                Cell::from(Span::styled(text, style))
            }));
            Row::new(cells)
        })
        .collect();

    let title = if inbox.loaded {
        format!(
            "{} {}/{}",
            tr(lang, "ui.inbox.title"),
            visible.len(),
            inbox.rows.len()
        )
    } else {
        tr(lang, "ui.loading")
    };
    let empty = rows.is_empty();
    let table = Table::new(rows, widths)
        .header(head)
        .block(pane_in(title, true, table_area))
        .row_highlight_style(theme::SELECTED)
        .column_spacing(1);
    let mut state =
        TableState::default().with_selected((!empty).then(|| inbox.selected.saturating_sub(first)));
    f.render_stateful_widget(table, table_area, &mut state);
    if empty && inbox.loaded {
        let inner = table_area.inner(ratatui::layout::Margin::new(2, 2));
        let msg = if inbox.rows.is_empty() {
            tr(lang, "inbox.empty")
        } else {
            trf(
                lang,
                "ui.inbox.no_match",
                &[
                    (
                        "filter",
                        &tr(lang, &format!("ui.inbox.filter.{}", inbox.filter.key())),
                    ),
                    (
                        "key",
                        keymap::label(Scope::Inbox, Command::FilterState).unwrap_or("f"),
                    ),
                ],
            )
        };
        let msg = Line::from(Span::styled(msg, theme::DIM));
        f.render_widget(
            Paragraph::new(wrap_all(&[msg], usize::from(inner.width), 0)),
            inner,
        );
    }

    if detail_area.height > 0 {
        let lines = visible
            .get(inbox.selected)
            .map(|r| detail_lines(lang, r))
            .unwrap_or_default();
        let inner_w = usize::from(detail_area.width.saturating_sub(2));
        f.render_widget(
            Paragraph::new(wrap_all(&lines, inner_w, 0)).block(pane(String::new(), false)),
            detail_area,
        );
    }
}

/// The selected dossier in full, in the sentences `xieshang inbox` prints.
fn detail_lines(lang: Lang, r: &InboxRow) -> Vec<Line<'static>> {
    let union = if r.union_name.trim().is_empty() {
        cleaned(&r.union_code)
    } else {
        trf(
            lang,
            "ui.union.name_code",
            &[
                ("name", &cleaned(&r.union_name)),
                ("code", &cleaned(&r.union_code)),
            ],
        )
    };
    let first = Line::from(vec![
        Span::styled(union, theme::HEADER),
        Span::styled(format!(" · {}", cleaned(&r.key)), theme::DIM),
    ]);
    if let Some(p) = &r.problem {
        return vec![first, Line::from(Span::styled(cleaned(p), theme::ERROR))];
    }
    let mut when = Vec::new();
    if let Some(d) = r.submitted {
        when.push(trf(lang, "ui.inbox.submitted", &[("date", &d.to_string())]));
    }
    if let Some(d) = r.received {
        when.push(trf(lang, "inbox.received", &[("date", &d.to_string())]));
    }
    if let Some(n) = r.waiting_days {
        when.push(trf(lang, "inbox.waiting", &[("days", &n.to_string())]));
    }
    if let Some(id) = &r.draft {
        when.push(trf(
            lang,
            "inbox.draft",
            &[("draft", &cleaned(id)), ("clauses", &r.clauses.to_string())],
        ));
    }
    let mut judged = vec![trf(
        lang,
        "inbox.checks",
        &[
            ("errors", &r.errors.to_string()),
            ("warnings", &r.warnings.to_string()),
        ],
    )];
    if r.opinions > 0 {
        judged.push(trf(
            lang,
            "inbox.opinions",
            &[
                ("n", &r.opinions.to_string()),
                ("changed", &r.changed.to_string()),
                ("unchanged", &r.unchanged.to_string()),
                ("deleted", &r.deleted.to_string()),
                ("answered", &r.answered.to_string()),
            ],
        ));
    }
    let mut second = vec![Span::styled(
        state_label(lang, r.state),
        state_style(r.state),
    )];
    if !when.is_empty() {
        second.push(Span::raw(format!(" · {}", when.join(" · "))));
    }
    vec![first, Line::from(second), Line::from(judged.join(" · "))]
}
