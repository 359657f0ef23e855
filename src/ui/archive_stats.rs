//! Archive, Stats tab: coverage against the Liaoning plan as horizontal bars — each figure's
//! sentence (numerator, denominator, value, target, as `archive stats` prints it), a bar filled
//! to its value with the target marked on it, met or not by colour and mark — grouped as asked,
//! with who falls short listed under the selected figure on request. Reads
//! `App::archive.stats`; changes nothing. Group and enterprise names are cleaned.

use super::theme;
use super::widgets::{cleaned, fit, pane_in, wrap, wrap_all};
use crate::app::keymap::{self, Command, Scope};
use crate::app::{App, archive_group_key};
use crate::domain::values::format_bp;
use crate::i18n::{Lang, tr, trf};
use crate::service::coverage::{Figure, GroupBy};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

/// The widest a bar is drawn: wider says nothing more.
const BAR_MAX: usize = 60;

pub fn draw(f: &mut Frame, body: Rect, app: &App) {
    let lang = app.lang;
    let st = &app.archive.stats;
    let width = usize::from(body.width);
    let hints = keymap::hints(
        lang,
        Scope::ArchiveStats,
        &[
            (Command::GroupBy, "ui.act.group"),
            (Command::ToggleShort, "ui.act.short"),
            (Command::Refresh, "ui.act.refresh"),
            (Command::Back, "ui.act.back"),
        ],
    );
    let head = Line::from(vec![
        Span::styled(
            trf(
                lang,
                "ui.archive.grouped",
                &[(
                    "by",
                    &tr(lang, &format!("ui.archive.by.{}", archive_group_key(st.by))),
                )],
            ),
            theme::KEY,
        ),
        Span::styled(format!("   {hints}"), theme::DIM),
    ]);
    let note = st.coverage.as_ref().map(|c| {
        Line::from(Span::styled(
            tr(
                lang,
                if c.registry {
                    "archive.stats.registry"
                } else {
                    "archive.stats.no_registry"
                },
            ),
            theme::DIM,
        ))
    });
    let mut note_lines = note.map(|n| wrap(&n, width, 0)).unwrap_or_default();
    note_lines.truncate(usize::from(body.height / 6).max(1));
    let note_h = u16::try_from(note_lines.len()).unwrap_or(0);
    let [head_area, note_area, figures_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(note_h),
        Constraint::Min(3),
    ])
    .areas(body);
    f.render_widget(Paragraph::new(fit_line(head, width)), head_area);
    f.render_widget(Paragraph::new(note_lines), note_area);

    let title = if st.loading && st.coverage.is_none() {
        tr(lang, "ui.loading")
    } else {
        trf(
            lang,
            "ui.archive.stats_title",
            &[(
                "date",
                &st.coverage
                    .as_ref()
                    .map_or_else(|| app.today.to_string(), |c| c.today.to_string()),
            )],
        )
    };
    let inner_w = usize::from(figures_area.width.saturating_sub(2));
    let inner_h = usize::from(figures_area.height.saturating_sub(2));
    let lines = figure_lines(lang, app, inner_w);
    // Scrolled so the selected figure's block is in view (its top first when it is taller).
    let (a, b) = block_of(&lines, st.selected);
    let offset = if b > inner_h { (b - inner_h).min(a) } else { 0 };
    let shown: Vec<Line> = lines
        .into_iter()
        .skip(offset)
        .take(inner_h)
        .map(|(_, l)| l)
        .collect();
    f.render_widget(
        Paragraph::new(shown).block(pane_in(title, true, figures_area)),
        figures_area,
    );
}

/// A line cut to `width` columns (its spans kept as long as they fit).
fn fit_line(line: Line<'static>, width: usize) -> Line<'static> {
    let mut out = Vec::new();
    let mut used = 0;
    for s in line.spans {
        let w = s.width();
        if used + w <= width {
            used += w;
            out.push(s);
        } else {
            out.push(Span::styled(fit(&s.content, width - used), s.style));
            break;
        }
    }
    Line::from(out)
}

/// The first and past-the-last line of figure `i`'s block.
fn block_of(lines: &[(Option<usize>, Line<'static>)], i: usize) -> (usize, usize) {
    let a = lines.iter().position(|(f, _)| *f == Some(i)).unwrap_or(0);
    let b = lines
        .iter()
        .rposition(|(f, _)| *f == Some(i))
        .map_or(a, |b| b + 1);
    (a, b)
}

/// Every line of the figures, each with the figure it belongs to (`None`: a group heading).
fn figure_lines(lang: Lang, app: &App, width: usize) -> Vec<(Option<usize>, Line<'static>)> {
    let st = &app.archive.stats;
    let mut out = Vec::new();
    let Some(c) = &st.coverage else {
        return out;
    };
    let mut i = 0;
    for (gi, g) in c.groups.iter().enumerate() {
        if st.by != GroupBy::All {
            if gi > 0 {
                out.push((None, Line::from("")));
            }
            let name = if g.group.trim().is_empty() {
                tr(lang, "ui.archive.group_none")
            } else {
                cleaned(&g.group)
            };
            out.push((
                None,
                Line::from(Span::styled(fit(&name, width), theme::HEADER)),
            ));
        }
        for fig in &g.figures {
            let selected = i == st.selected;
            for l in figure_block(lang, fig, selected, selected && st.short, width) {
                out.push((Some(i), l));
            }
            i += 1;
        }
    }
    if i == 0 {
        out.push((
            None,
            Line::from(Span::styled(tr(lang, "ui.archive.no_figures"), theme::DIM)),
        ));
    }
    out
}

/// One figure: its sentence, its bar with the target marked, and (when asked) who falls short.
fn figure_block(
    lang: Lang,
    f: &Figure,
    selected: bool,
    short: bool,
    width: usize,
) -> Vec<Line<'static>> {
    let sentence = f.sentence(lang);
    let (mark, style) = match f.met {
        Some(true) => ("✓", theme::OK),
        Some(false) => ("✗", theme::ERROR),
        None => ("·", theme::DIM),
    };
    let mut spans = vec![Span::styled(format!("{mark} "), style), Span::raw(sentence)];
    if selected && !short && !f.short.is_empty() {
        let key = keymap::label(Scope::ArchiveStats, Command::ToggleShort).unwrap_or("l");
        spans.push(Span::styled(
            trf(
                lang,
                "ui.archive.short_hint",
                &[("key", key), ("n", &f.short.len().to_string())],
            ),
            theme::DIM,
        ));
    }
    let head = Line::from(spans);
    let mut lines = wrap(&head, width, 2);
    if selected {
        lines = lines
            .into_iter()
            .map(|l| l.style(theme::SELECTED))
            .collect();
    }
    if let (Some(v), Some(t)) = (f.value_bp, f.target_bp) {
        lines.push(bar_line(f, v, t, width));
    }
    if short {
        if f.short.is_empty() {
            lines.push(Line::from(Span::styled(
                format!("    {}", tr(lang, "ui.archive.short_none")),
                theme::DIM,
            )));
        } else {
            let names: Vec<Line> = f
                .short
                .iter()
                .map(|n| Line::from(format!("    · {}", cleaned(n))))
                .collect();
            lines.extend(wrap_all(&names, width, 6));
        }
    }
    lines
}

/// `  ██████████░░░░│░░░  12/15`: the value filled in, the target marked, the count after.
fn bar_line(f: &Figure, value: i64, target: i64, width: usize) -> Line<'static> {
    let label = if f.key == "increase" {
        format!("{} / {}", format_bp(value), format_bp(target))
    } else {
        format!("{}/{}", f.numerator, f.denominator)
    };
    let bar_w = width.saturating_sub(label.width() + 3).min(BAR_MAX);
    if bar_w < 4 {
        return Line::from(Span::styled(format!("  {label}"), theme::DIM));
    }
    // Shares of a whole: the bar is 100 %; the increase: the target sits half way.
    let scale = if f.key == "increase" {
        (target * 2).max(value).max(1)
    } else {
        10_000.max(value).max(1)
    };
    let cells = i64::try_from(bar_w).unwrap_or(0);
    let filled = usize::try_from((value.max(0) * cells + scale / 2) / scale).unwrap_or(0);
    let mark = usize::try_from(target * cells / scale)
        .unwrap_or(0)
        .min(bar_w - 1);
    let fill_style = if f.met == Some(true) {
        theme::OK
    } else {
        theme::ERROR
    };
    let mut spans = vec![Span::raw("  ")];
    for i in 0..bar_w {
        let (c, style) = if i == mark {
            ("│", theme::MARK)
        } else if i < filled {
            ("█", fill_style)
        } else {
            ("░", theme::DIM)
        };
        match spans.last_mut() {
            Some(last) if last.style == style && i > 0 => last.content.to_mut().push_str(c),
            _ => spans.push(Span::styled(c.to_string(), style)),
        }
    }
    spans.push(Span::styled(format!(" {label}"), theme::NORMAL));
    Line::from(spans)
}
