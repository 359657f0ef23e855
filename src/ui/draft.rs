//! Draft: the clause tree (chapters → clauses) on the left, the selected clause's text on the
//! right, wrapped by display width so CJK text never splits a wide character. Editing happens
//! in the editor overlay or `$EDITOR`; this view only reads the parsed contract.

use super::theme;
use super::widgets::{cleaned, fit, pane, pane_in, wrap_all};
use crate::app::{App, clause_body, clause_label, clause_opinions};
use crate::i18n::{Lang, tr, trf};
use crate::service::followthrough::FollowThrough;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, ListState, Paragraph, Wrap};

/// Tree and text areas. Shared with mouse hit-testing.
pub fn areas(area: Rect) -> (Rect, Rect) {
    let left_w = if area.width >= 100 {
        36
    } else {
        (area.width * 2 / 5).max(16)
    };
    let [tree, text] =
        Layout::horizontal([Constraint::Length(left_w), Constraint::Min(10)]).areas(area);
    (tree, text)
}

/// The tree rows: `None` for a chapter heading, `Some(i)` for clause `i` (0-based).
pub(crate) fn tree_rows(app: &App) -> Vec<(Option<usize>, String)> {
    let Some(c) = app.open.as_ref().and_then(|l| l.contract.as_ref()) else {
        return Vec::new();
    };
    let mut rows = Vec::new();
    let mut last_chapter = usize::MAX;
    for (n, ci, cl) in c.clauses() {
        if ci != last_chapter {
            last_chapter = ci;
            if let Some(ch) = c.chapters.get(ci).filter(|ch| ch.title.is_some()) {
                // A section prints as `五、保险、福利`, a chapter as `第二章 工资水平`.
                let heading = if ch.section {
                    crate::contract::render::chapter_heading(c, ci + 1).unwrap_or_default()
                } else {
                    format!(
                        "{} {}",
                        chapter_label(ci + 1),
                        ch.title.as_deref().unwrap_or_default()
                    )
                };
                rows.push((None, cleaned(&heading)));
            }
        }
        let first = cl
            .blocks
            .first()
            .map(|b| match b {
                crate::contract::Block::Paragraph(t) | crate::contract::Block::Item(t) => {
                    cleaned(t)
                }
            })
            .unwrap_or_default();
        // A fragment's clauses keep the numbers they are printed with (第十六条 …).
        let label = clause_label(c.number_of(n));
        // A clause with a standing pre-review opinion is marked in the tree.
        let mark = if app
            .open
            .as_ref()
            .is_some_and(|l| !clause_opinions(l, &label).is_empty())
        {
            "✎ "
        } else {
            "  "
        };
        rows.push((Some(n - 1), format!("{mark}{label} {first}")));
    }
    rows
}

fn chapter_label(n: usize) -> String {
    crate::contract::render::chapter_label(n)
}

/// The first tree row shown (for mouse hit-testing).
pub(crate) fn tree_offset(app: &App, tree_area: Rect) -> usize {
    let selected_row = tree_rows(app)
        .iter()
        .position(|(c, _)| *c == Some(app.draft.clause));
    super::widgets::list_offset(selected_row.unwrap_or(0), tree_area, 0)
}

pub fn draw(f: &mut Frame, area: Rect, app: &App) {
    let lang = app.lang;
    let Some(l) = &app.open else { return };
    let (tree_area, text_area) = areas(area);
    let Some(contract) = &l.contract else {
        let msg = l
            .contract_error
            .as_deref()
            .map_or_else(|| tr(lang, "ui.draft.none"), cleaned);
        f.render_widget(
            Paragraph::new(msg).wrap(Wrap { trim: true }).block(pane_in(
                tr(lang, "ui.screen.draft"),
                true,
                area,
            )),
            area,
        );
        return;
    };
    let rows = tree_rows(app);
    let w = tree_area.width.saturating_sub(2) as usize;
    let selected_row = rows.iter().position(|(c, _)| *c == Some(app.draft.clause));
    let items: Vec<ListItem> = rows
        .iter()
        .map(|(c, text)| {
            let style = if c.is_none() {
                theme::HEADER
            } else {
                theme::NORMAL
            };
            ListItem::new(Span::styled(fit(text, w), style))
        })
        .collect();
    let title = cleaned(&contract.title);
    let list = List::new(items)
        .block(pane(fit(&title, w.saturating_sub(2)), app.pane == 0))
        .highlight_style(theme::SELECTED);
    let mut state = ListState::default()
        .with_offset(super::widgets::list_offset(
            selected_row.unwrap_or(0),
            tree_area,
            0,
        ))
        .with_selected(selected_row);
    f.render_stateful_widget(list, tree_area, &mut state);

    let text: Vec<Line> = match app.selected_clause() {
        Some(cl) => {
            // Wrapped here by display width, not by ratatui: a wide character at the edge made
            // a line one cell too wide and overwrite the right border (issue #12).
            let width = usize::from(text_area.width.saturating_sub(2));
            let body: Vec<Line> = clause_body(cl)
                .lines()
                .map(|line| Line::from(cleaned(line)))
                .collect();
            let mut text: Vec<Line> = wrap_all(&body, width, 0);
            let label = clause_label(app.draft.clause + 1);
            for o in clause_opinions(l, &label) {
                text.push(Line::from(""));
                text.extend(wrap_all(&opinion_lines(lang, o, &label), width, 2));
            }
            text
        }
        None => vec![Line::from(Span::styled(
            tr(lang, "ui.draft.empty"),
            theme::DIM,
        ))],
    };
    let label = if app.clause_count() > 0 {
        clause_label(app.draft.clause + 1)
    } else {
        String::new()
    };
    f.render_widget(
        Paragraph::new(text).block(pane_in(label, app.pane == 1, text_area)),
        text_area,
    );
}

/// A pre-review opinion beside the clause it names: its number (and the clause's old label when
/// it was renumbered since), what became of it, its text and the answer, all cleaned.
fn opinion_lines(lang: Lang, o: &FollowThrough, label: &str) -> Vec<Line<'static>> {
    let mut head = vec![Span::styled(
        format!(
            "✎ {}",
            trf(lang, "ui.opinion.n", &[("no", &o.no.to_string())])
        ),
        theme::KEY,
    )];
    if o.clause != label {
        head.push(Span::styled(
            trf(lang, "ui.opinion.was", &[("clause", &cleaned(&o.clause))]),
            theme::DIM,
        ));
    }
    head.push(Span::styled(" · ", theme::DIM));
    head.push(Span::styled(
        o.status.label(lang),
        theme::followed(o.status),
    ));
    let mut out = vec![
        Line::from(head),
        Line::from(format!("  {}", cleaned(&o.opinion))),
    ];
    if let Some(a) = &o.answer {
        out.push(Line::from(vec![
            Span::styled(
                format!(
                    "  {}{}",
                    tr(lang, "ui.opinion.answer"),
                    crate::i18n::colon(lang)
                ),
                theme::DIM,
            ),
            Span::raw(cleaned(a)),
        ]));
    }
    out
}
