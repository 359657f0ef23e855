//! At the table: the shown round (the open one, else the last) with one row per issue —
//! workers' position, employer's position, status, the trend across rounds — a chart of both
//! sides' numeric positions for the selected issue, and the round's notes.
//!
//! Positions are free text; the chart uses `values::leading_number_centi` so `8%`, `７％` and
//! `不低于8%` all plot as 8. A pure read of state.

use super::theme;
use super::widgets::{cleaned, pane_in};
use crate::app::App;
use crate::domain::values::{format_bp, leading_number_centi};
use crate::domain::{Dossier, IssueStatus, RoundState, Side};
use crate::i18n::{tr, trf};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Axis, Cell, Chart, Dataset, GraphType, Paragraph, Row, Table, TableState, Wrap,
};

/// Header, issue table, and the bottom row (chart, notes) for a round of `issues` issues.
/// Shared with mouse hit-testing and the form overlay. On a tall screen the issue table takes
/// the rows it needs (borders, header and one per issue; room for the "no issues" line at
/// least) and the bottom row — the costing pane — the rest.
pub fn areas(area: Rect, issues: usize) -> (Rect, Rect, Rect, Rect) {
    let bottom_h = if area.height >= 30 {
        let wanted = u16::try_from(issues.saturating_add(3))
            .unwrap_or(u16::MAX)
            .max(5);
        let table_h = wanted.min(area.height.saturating_sub(1 + 14));
        area.height.saturating_sub(1 + table_h)
    } else {
        area.height * 2 / 5
    };
    let [header, table, bottom] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(bottom_h),
    ])
    .areas(area);
    let [chart, notes] =
        Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(bottom);
    (header, table, chart, notes)
}

/// How many issues the shown round has (the table's rows).
pub fn issue_count(app: &App) -> usize {
    app.open
        .as_ref()
        .and_then(|l| l.dossier.rounds.last())
        .map_or(0, |r| r.issues.len())
}

/// One issue's numeric positions (centi-units) by round number, for both sides.
pub(crate) fn series(d: &Dossier, issue: &str, side: Side) -> Vec<(f64, f64)> {
    d.rounds
        .iter()
        .filter_map(|r| {
            let i = r.issue(issue)?;
            let v = match (i.status, &i.agreed) {
                (IssueStatus::Agreed, Some(a)) => leading_number_centi(a),
                _ => i.position(side).and_then(leading_number_centi),
            }?;
            Some((f64::from(r.number), v as f64 / 100.0))
        })
        .collect()
}

/// The direction of one side's last move: `↓`, `↑`, `→` (no change) or nothing (one value).
fn last_move(d: &Dossier, issue: &str, side: Side) -> &'static str {
    let s = series(d, issue, side);
    match s.as_slice() {
        [.., (_, a), (_, b)] if b > a => "↑",
        [.., (_, a), (_, b)] if b < a => "↓",
        [.., _, _] => "→",
        _ => "",
    }
}

/// The compact trend of one side's position: `8→7→6.5`.
fn trend(d: &Dossier, issue: &str, side: Side) -> String {
    series(d, issue, side)
        .iter()
        .map(|(_, v)| {
            format_bp((v * 100.0).round() as i64)
                .trim_end_matches('%')
                .to_string()
        })
        .collect::<Vec<_>>()
        .join("→")
}

pub fn draw(f: &mut Frame, area: Rect, app: &App) {
    let Some(l) = &app.open else { return };
    let lang = app.lang;
    let d = &l.dossier;
    let issues = d.rounds.last().map_or(0, |r| r.issues.len());
    let (header, table_area, chart_area, notes_area) = areas(area, issues);
    let Some(round) = d.rounds.last() else {
        f.render_widget(
            Paragraph::new(tr(lang, "ui.table.no_round"))
                .wrap(Wrap { trim: true })
                .block(pane_in(tr(lang, "ui.screen.table"), true, area)),
            area,
        );
        return;
    };
    let state = match &round.state {
        RoundState::Open => Span::styled(tr(lang, "ui.round.open"), theme::CURRENT),
        RoundState::Closed { .. } => Span::styled(tr(lang, "ui.round.closed"), theme::DONE),
        RoundState::Suspended { until, .. } => Span::styled(
            trf(lang, "ui.round.suspended", &[("until", &until.to_string())]),
            theme::WARNING,
        ),
    };
    f.render_widget(
        Paragraph::new(super::widgets::fit_line(
            round_header(app, round, state),
            usize::from(header.width),
        )),
        header,
    );

    let wide = table_area.width >= 90;
    let widths = vec![
        Constraint::Fill(2),
        Constraint::Fill(2),
        Constraint::Fill(2),
        Constraint::Fill(1),
        Constraint::Fill(1),
        // The trend: every value across rounds when wide, the last move of each side (`↓|↑`)
        // at 80 columns.
        if wide {
            Constraint::Fill(3)
        } else {
            Constraint::Length(3)
        },
    ];
    // Each column's width as the table lays it out (no selection mark, one cell between
    // columns): a cell longer than its column is cut with `…`, not silently at the edge.
    let cols = Layout::horizontal(widths.clone())
        .flex(ratatui::layout::Flex::Start)
        .spacing(1)
        .split(table_area.inner(ratatui::layout::Margin::new(1, 1)));
    let cw = |n: usize| usize::from(cols.get(n).map_or(0, |r| r.width));
    let cut = |n: usize, span: Span<'static>| super::widgets::fit_line(Line::from(span), cw(n));
    let head: Vec<Line> = [
        tr(lang, "ui.col.issue"),
        tr(lang, "ui.side.workers"),
        tr(lang, "ui.side.employer"),
        tr(lang, "ui.col.gap"),
        tr(lang, "ui.col.status"),
        if wide {
            tr(lang, "ui.col.trend")
        } else {
            String::new()
        },
    ]
    .into_iter()
    .enumerate()
    .map(|(n, h)| cut(n, Span::raw(h)))
    .collect();
    let floor_of = |key: &str, unit, v: Option<&str>| {
        crate::domain::issue::below_floor(key, unit, v?, l.analysis.local_min_wage_fen)
    };
    let rows: Vec<Row> = round
        .issues
        .iter()
        .map(|i| {
            let (status, style) = match i.status {
                IssueStatus::Open => (tr(lang, "ui.issue.open"), theme::NORMAL),
                IssueStatus::Agreed => (tr(lang, "ui.issue.agreed"), theme::AGREED),
                IssueStatus::Withdrawn => (tr(lang, "ui.issue.withdrawn"), theme::WITHDRAWN),
            };
            let unit = i.unit();
            // A position below a legal floor is red at once, its rule named under the table.
            let shown = |v: &str| cleaned(&crate::domain::issue::show_position(v, lang));
            let pos = |s: Option<&str>, side_style| match (s, floor_of(&i.key, unit, s)) {
                (None, _) => Span::styled("—", side_style),
                (Some(v), Some(_)) => Span::styled(format!("{}!", shown(v)), theme::ERROR),
                (Some(v), None) => Span::styled(shown(v), side_style),
            };
            let gap = crate::domain::issue::gap(unit, i.workers.as_deref(), i.employer.as_deref())
                .filter(|_| i.status == IssueStatus::Open)
                .map_or_else(
                    || "—".to_string(),
                    // Two rates apart by percentage points, not percent: `5个百分点`, `5 pp`
                    // (`5个点`, `5pp` when the column is narrow).
                    |g| match unit {
                        crate::domain::issue::Unit::Percent => {
                            let v = crate::service::costing::points(g);
                            let long = trf(lang, "costing5.pp", &[("v", &v)]);
                            if unicode_width::UnicodeWidthStr::width(long.as_str()) <= cw(3) {
                                long
                            } else {
                                trf(lang, "costing5.pp_short", &[("v", &v)])
                            }
                        }
                        _ => unit.show(lang, g),
                    },
                );
            let mut cells = vec![
                Cell::from(cut(
                    0,
                    Span::styled(cleaned(&crate::domain::issue::label(&i.key, lang)), style),
                )),
                Cell::from(cut(1, pos(i.workers.as_deref(), theme::WORKERS))),
                Cell::from(cut(2, pos(i.employer.as_deref(), theme::EMPLOYER))),
                Cell::from(cut(3, Span::styled(gap, theme::WARNING))),
                Cell::from(cut(
                    4,
                    match (&i.status, &i.agreed) {
                        // An agreed value below a floor is marked as a position is.
                        (IssueStatus::Agreed, Some(a))
                            if floor_of(&i.key, unit, Some(a)).is_some() =>
                        {
                            Span::styled(format!("✓{}!", shown(a)), theme::ERROR)
                        }
                        (IssueStatus::Agreed, Some(a)) => {
                            Span::styled(format!("✓{}", shown(a)), style)
                        }
                        _ => Span::styled(status, style),
                    },
                )),
            ];
            let numeric = !series(d, &i.key, Side::Workers).is_empty()
                || !series(d, &i.key, Side::Employer).is_empty();
            if !numeric {
                cells.push(Cell::from(Span::styled("—", theme::DIM)));
            } else if wide {
                cells.push(Cell::from(super::widgets::fit_line(
                    Line::from(vec![
                        Span::styled(trend(d, &i.key, Side::Workers), theme::WORKERS),
                        Span::raw(" | "),
                        Span::styled(trend(d, &i.key, Side::Employer), theme::EMPLOYER),
                    ]),
                    cw(5),
                )));
            } else {
                cells.push(Cell::from(Line::from(vec![
                    Span::styled(last_move(d, &i.key, Side::Workers), theme::WORKERS),
                    Span::styled(last_move(d, &i.key, Side::Employer), theme::EMPLOYER),
                ])));
            }
            Row::new(cells)
        })
        .collect();
    let empty = rows.is_empty();
    let table = Table::new(rows, widths)
        .header(Row::new(head).style(theme::HEADER))
        .block(pane_in(
            tr(lang, "ui.table.issues"),
            app.pane == 0,
            table_area,
        ))
        .row_highlight_style(theme::SELECTED);
    let mut ts = TableState::default()
        .with_offset(super::widgets::list_offset(app.table.issue, table_area, 1))
        .with_selected(Some(app.table.issue));
    f.render_stateful_widget(table, table_area, &mut ts);
    if empty {
        let inner = table_area.inner(ratatui::layout::Margin::new(2, 2));
        f.render_widget(
            Paragraph::new(Span::styled(tr(lang, "ui.table.no_issues"), theme::DIM))
                .wrap(Wrap { trim: true }),
            inner,
        );
    }

    let (chart_area, notes_area) = super::costing::carve(f, chart_area, notes_area, app);
    if let Some(chart_area) = chart_area {
        draw_chart(f, chart_area, app, d);
    }

    let mut notes = vec![];
    // The selected issue's floors first: the pane under the costing may have room for one line.
    let selected = round.issues.get(app.table.issue);
    for i in selected
        .into_iter()
        .chain(round.issues.iter().filter(|i| Some(*i) != selected))
    {
        let agreed = i
            .agreed
            .as_ref()
            .filter(|_| i.status == IssueStatus::Agreed);
        for (who, v) in [
            (
                format!("ui.side.{}", Side::Workers.key()),
                i.workers.as_ref(),
            ),
            (
                format!("ui.side.{}", Side::Employer.key()),
                i.employer.as_ref(),
            ),
            ("ui.issue.agreed".to_string(), agreed),
        ] {
            if let Some(f) = floor_of(&i.key, i.unit(), v.map(String::as_str)) {
                notes.push(Line::from(Span::styled(
                    format!(
                        "{} {}{}{} {}",
                        cleaned(&crate::domain::issue::label(&i.key, lang)),
                        tr(lang, &who),
                        crate::i18n::colon(lang),
                        v.map(|v| cleaned(&crate::domain::issue::show_position(v, lang)))
                            .unwrap_or_default(),
                        trf(
                            lang,
                            "ui.table.below_floor",
                            &[("floor", &i.unit().show(lang, f.figure)), ("rule", f.rule)]
                        )
                    ),
                    theme::ERROR,
                )));
            }
        }
    }
    for line in round.notes.lines() {
        notes.push(Line::from(cleaned(line)));
    }
    if let RoundState::Suspended { place, content, .. } = &round.state {
        if let Some(p) = place {
            notes.push(Line::from(Span::styled(cleaned(p), theme::WARNING)));
        }
        if let Some(c) = content {
            notes.push(Line::from(Span::styled(cleaned(c), theme::WARNING)));
        }
    }
    if notes.is_empty() {
        notes.push(Line::from(Span::styled(
            tr(lang, "ui.table.no_notes"),
            theme::DIM,
        )));
    }
    // Wrapped by display width here: ratatui's wrap let a wide character at the edge overwrite
    // the right border (found by the layout property test).
    let notes =
        super::widgets::wrap_all(&notes, usize::from(notes_area.width.saturating_sub(2)), 0);
    f.render_widget(
        Paragraph::new(notes).block(pane_in(
            tr(lang, "ui.table.notes"),
            app.pane == 1,
            notes_area,
        )),
        notes_area,
    );
}

/// The line above the issues: round, date, place, chair and state.
fn round_header(app: &App, round: &crate::domain::Round, state: Span<'static>) -> Line<'static> {
    let lang = app.lang;
    Line::from(vec![
        Span::styled(
            trf(lang, "ui.round.n", &[("n", &round.number.to_string())]),
            theme::HEADER,
        ),
        Span::raw(format!(" {} ", round.date)),
        Span::raw(round.place.as_deref().map(cleaned).unwrap_or_default()),
        Span::styled(
            format!(
                " {}{}{} ",
                tr(lang, "ui.field.chair"),
                crate::i18n::colon(lang),
                tr(lang, &format!("ui.side.{}", round.chair.key()))
            ),
            theme::DIM,
        ),
        state,
    ])
}

fn draw_chart(f: &mut Frame, area: Rect, app: &App, d: &Dossier) {
    let lang = app.lang;
    let issue = app.selected_issue().unwrap_or_default();
    let w = series(d, issue, Side::Workers);
    let e = series(d, issue, Side::Employer);
    let title = format!(
        "{} · {}",
        tr(lang, "ui.table.chart"),
        cleaned(&crate::domain::issue::label(issue, lang))
    );
    if w.is_empty() && e.is_empty() {
        f.render_widget(
            Paragraph::new(Span::styled(tr(lang, "ui.table.no_numbers"), theme::DIM))
                .wrap(Wrap { trim: true })
                .block(pane_in(title, false, area)),
            area,
        );
        return;
    }
    let all = w.iter().chain(e.iter());
    let (mut lo, mut hi) = (f64::MAX, f64::MIN);
    for (_, v) in all {
        lo = lo.min(*v);
        hi = hi.max(*v);
    }
    // A little headroom so the lines do not sit on the frame.
    let pad = ((hi - lo) * 0.1).max(0.5);
    let (lo, hi) = ((lo - pad).max(0.0), hi + pad);
    let rounds = d.rounds.len().max(2) as f64;
    let workers = tr(lang, "ui.side.workers");
    let employer = tr(lang, "ui.side.employer");
    // The legend sits on the frame's bottom edge, where it hides no point of either line (drawn
    // inside, top left, it covered round 1's value).
    let legend = Line::from(vec![
        Span::styled(format!("━ {workers}"), theme::WORKERS),
        Span::raw(" "),
        Span::styled(format!("━ {employer}"), theme::EMPLOYER),
    ]);
    let datasets = vec![
        Dataset::default()
            .name(workers)
            .marker(Marker::Braille)
            .graph_type(GraphType::Line)
            .style(theme::WORKERS)
            .data(&w),
        Dataset::default()
            .name(employer)
            .marker(Marker::Braille)
            .graph_type(GraphType::Line)
            .style(theme::EMPLOYER)
            .data(&e),
    ];
    let fmt = |v: f64| {
        format_bp((v * 100.0).round() as i64)
            .trim_end_matches('%')
            .to_string()
    };
    let chart = Chart::new(datasets)
        .legend_position(None)
        .block(pane_in(title, false, area).title_bottom(legend))
        .x_axis(
            Axis::default()
                .bounds([1.0, rounds])
                .labels(vec![Span::raw("1"), Span::raw(format!("{rounds}"))])
                .style(theme::DIM),
        )
        .y_axis(
            Axis::default()
                .bounds([lo, hi])
                .labels(vec![Span::raw(fmt(lo)), Span::raw(fmt(hi))])
                .style(theme::DIM),
        );
    f.render_widget(chart, area);
}
