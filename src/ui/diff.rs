//! Diff: pick two versions (rounds, milestone tags, any commit) from the history, or compare the
//! draft with its template or the previous agreement (`模板 wage → 当前草案`); the agreed terms
//! that changed on top (`平均工资增长 6.0% → 6.5%`); the clause changes with their kind and
//! labels old → new; the selected clause with inline changes (deleted red and struck through,
//! inserted green), inline or side by side. Reads `App::diff`; computing happens in the worker.

use super::theme;
use super::widgets::{cleaned, fit, fit_line, pane, pane_in};
use crate::app::App;
use crate::app::keymap::{self, Command, Scope};
use crate::app::view::{ChangeKind, ClauseChange, DiffView, InlineKind};
use crate::i18n::{Lang, tr, trf};
use crate::service::against::Against;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, ListState, Paragraph, Wrap};

/// Terms line, versions list, clause-change list, clause view. Shared with mouse hit-testing.
pub fn areas(area: Rect, terms: u16) -> (Rect, Rect, Rect, Rect) {
    let [top, rest] = Layout::vertical([Constraint::Length(terms), Constraint::Min(4)]).areas(area);
    let left_w = if area.width >= 100 {
        44
    } else {
        (area.width * 2 / 5).max(16)
    };
    let [left, right] =
        Layout::horizontal([Constraint::Length(left_w), Constraint::Min(10)]).areas(rest);
    let [versions, changes] =
        Layout::vertical([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(left);
    (top, versions, changes, right)
}

/// Rows for the term-change band (0 when nothing changed).
pub(crate) fn terms_height(app: &App) -> u16 {
    app.diff.view.as_ref().map_or(0, |v| {
        if v.terms.is_empty() {
            0
        } else {
            (v.terms.len() as u16).min(4) + 2
        }
    })
}

fn kind_style(k: ChangeKind) -> ratatui::style::Style {
    match k {
        ChangeKind::Unchanged => theme::DIM,
        ChangeKind::Renumbered | ChangeKind::Moved => theme::INFO,
        ChangeKind::Modified => theme::WARNING,
        ChangeKind::Inserted => theme::OK,
        ChangeKind::Deleted => theme::ERROR,
    }
}

pub fn draw(f: &mut Frame, area: Rect, app: &App) {
    let lang = app.lang;
    let (top, versions_area, changes_area, clause_area) = areas(area, terms_height(app));

    if let Some(v) = &app.diff.view
        && !v.terms.is_empty()
    {
        let lines: Vec<Line> = v
            .terms
            .iter()
            .map(|t| {
                Line::from(vec![
                    Span::styled(
                        format!("{} ", crate::service::fact::term_label(&t.key, lang)),
                        theme::HEADER,
                    ),
                    Span::styled(
                        t.old.as_deref().map_or_else(
                            || "—".into(),
                            |v| cleaned(&crate::service::fact::term_display(&t.key, v, lang)),
                        ),
                        theme::DELETED,
                    ),
                    Span::raw(" → "),
                    Span::styled(
                        t.new.as_deref().map_or_else(
                            || "—".into(),
                            |v| cleaned(&crate::service::fact::term_display(&t.key, v, lang)),
                        ),
                        theme::INSERTED,
                    ),
                ])
            })
            .collect();
        f.render_widget(
            Paragraph::new(lines).block(pane_in(tr(lang, "ui.diff.terms"), false, top)),
            top,
        );
    }

    let w = versions_area.width.saturating_sub(2) as usize;
    let items: Vec<ListItem> = app
        .diff
        .versions
        .iter()
        .enumerate()
        .map(|(i, v)| {
            // Against the template no version is compared: no marks.
            let mark = match (app.diff.base == Some(i), app.diff.target == Some(i)) {
                _ if app.diff.against.is_some() => " ",
                (true, _) => "B",
                (_, true) => "T",
                _ => " ",
            };
            let tags = if v.tags.is_empty() {
                String::new()
            } else {
                format!(
                    "[{}] ",
                    v.tags
                        .iter()
                        .map(|t| cleaned(t))
                        .collect::<Vec<_>>()
                        .join(",")
                )
            };
            // The whole row is cut to the pane with a `…`: mark, commit and tags take their
            // share of the width before the text (cut alone, the text overran and was clipped
            // without one).
            ListItem::new(fit_line(
                Line::from(vec![
                    Span::styled(format!("{mark} "), theme::MARK),
                    Span::styled(format!("{} ", cleaned(&v.short)), theme::DIM),
                    Span::styled(tags, theme::KEY),
                    Span::raw(cleaned(&v.text)),
                ]),
                w,
            ))
        })
        .collect();
    let title = match (&app.diff.view, app.diff.against) {
        _ if app.diff.loading => tr(lang, "ui.loading"),
        (Some(v), Some(against)) => against_pair(lang, against, v),
        _ => tr(lang, "ui.diff.versions"),
    };
    let list = List::new(items)
        .block(pane_in(title, app.pane == 0, versions_area))
        .highlight_style(theme::SELECTED);
    let mut state = ListState::default()
        .with_offset(super::widgets::list_offset(
            app.diff.version,
            versions_area,
            0,
        ))
        .with_selected(Some(app.diff.version));
    f.render_stateful_widget(list, versions_area, &mut state);

    let Some(view) = &app.diff.view else {
        let key = |c| keymap::label(Scope::Diff, c).unwrap_or_default();
        let pick = trf(
            lang,
            "ui.diff.pick",
            &[
                ("base", key(Command::SetBase)),
                ("target", key(Command::SetTarget)),
                ("template", key(Command::AgainstTemplate)),
                ("previous", key(Command::AgainstPrevious)),
            ],
        );
        f.render_widget(
            Paragraph::new(Span::styled(pick, theme::DIM))
                .wrap(Wrap { trim: true })
                .block(pane_in(
                    tr(lang, "ui.diff.changes"),
                    app.pane == 1,
                    changes_area,
                )),
            changes_area,
        );
        return;
    };
    let items: Vec<ListItem> = view
        .clauses
        .iter()
        .map(|c| {
            let labels = match (&c.old_label, &c.new_label) {
                (Some(o), Some(n)) if o == n => cleaned(o),
                (Some(o), Some(n)) => format!("{} → {}", cleaned(o), cleaned(n)),
                (Some(o), None) => cleaned(o),
                (None, Some(n)) => cleaned(n),
                (None, None) => String::new(),
            };
            let kind = format!("{} ", tr(lang, &format!("ui.change.{}", c.kind.key())));
            // What is cut is cut with `…`, measured in display columns.
            let room = usize::from(changes_area.width.saturating_sub(2))
                .saturating_sub(unicode_width::UnicodeWidthStr::width(kind.as_str()));
            let mut refs = if c.refs_updated {
                format!(" {}", tr(lang, "contract.diff.refs_updated"))
            } else {
                String::new()
            };
            if !c.stale_refs.is_empty() {
                refs.push(' ');
                refs.push_str(&stale_count(lang, c.stale_refs.len()));
            }
            let labels = fit(&format!("{labels}{refs}"), room);
            ListItem::new(Line::from(vec![
                Span::styled(kind, kind_style(c.kind)),
                Span::raw(labels),
            ]))
        })
        .collect();
    // Name the versions by their tag when they have one (`round-2 → round-3`).
    let name = |i: Option<usize>, fallback: &str| {
        i.and_then(|i| app.diff.versions.get(i)).map_or_else(
            || cleaned(fallback),
            |v| cleaned(v.tags.first().unwrap_or(&v.short)),
        )
    };
    let pair = match app.diff.against {
        Some(against) => against_pair(lang, against, view),
        None => format!(
            "{} → {}",
            name(app.diff.base, &view.old_label),
            name(app.diff.target, &view.new_label)
        ),
    };
    let mut title = format!("{} {pair}", tr(lang, "ui.diff.changes"));
    // As the CLI's `diff` says it: how many references still write a clause's old number.
    let stale: usize = view.clauses.iter().map(|c| c.stale_refs.len()).sum();
    if stale > 0 {
        title.push_str(" · ");
        title.push_str(&stale_count(lang, stale));
    }
    let list = List::new(items)
        .block(pane(
            fit(&title, changes_area.width.saturating_sub(4) as usize),
            app.pane == 1,
        ))
        .highlight_style(theme::SELECTED);
    let mut state = ListState::default()
        .with_offset(super::widgets::list_offset(
            app.diff.clause,
            changes_area,
            0,
        ))
        .with_selected(Some(app.diff.clause));
    f.render_stateful_widget(list, changes_area, &mut state);

    match view.clauses.get(app.diff.clause) {
        Some(c) if app.diff.side_by_side => side_by_side(f, clause_area, lang, c),
        Some(c) => {
            // Wrapped by display width: ratatui's wrapping of CJK text can pass the border.
            let width = usize::from(clause_area.width.saturating_sub(2));
            let mut lines = inline_lines(c, |_| true);
            lines.extend(stale_lines(lang, c));
            f.render_widget(
                Paragraph::new(super::widgets::wrap_all(&lines, width, 0)).block(pane_in(
                    tr(lang, "ui.diff.inline"),
                    false,
                    clause_area,
                )),
                clause_area,
            );
        }
        None => f.render_widget(
            Paragraph::new(Span::styled(tr(lang, "ui.diff.no_changes"), theme::DIM))
                .block(pane_in(tr(lang, "ui.diff.inline"), false, clause_area)),
            clause_area,
        ),
    }
}

/// What a comparison with the template or the previous agreement compares, in the user's
/// language: `模板 wage → 当前草案`, `210211/2025-003 签订文本 → 当前草案`.
fn against_pair(lang: Lang, against: Against, view: &DiffView) -> String {
    let name = cleaned(&view.old_label);
    let old = match against {
        // A built-in template by its kind's name, as the history says it (工资专项集体合同),
        // not its key (`wage`); a workspace template by its file name.
        Against::Template => {
            let shown = crate::i18n::lookup(lang, &format!("event.template.{}", view.old_label))
                .unwrap_or(name);
            trf(lang, "ui.diff.against_template", &[("name", &shown)])
        }
        Against::Previous => trf(lang, "ui.diff.against_previous", &[("key", &name)]),
    };
    format!("{old} → {}", tr(lang, "ui.diff.current_draft"))
}

/// The clause's inline ops as styled lines, keeping only the kinds `keep` accepts.
fn inline_lines(c: &ClauseChange, keep: impl Fn(InlineKind) -> bool) -> Vec<Line<'static>> {
    if c.inline.is_empty() {
        // Whole-clause changes: the old pane shows the old text, the new pane the new one.
        let (text, style) = if !keep(InlineKind::Insert) {
            let style = if c.kind == ChangeKind::Deleted {
                theme::DELETED
            } else {
                theme::NORMAL
            };
            (&c.old_text, style)
        } else if !keep(InlineKind::Delete) || !c.new_text.is_empty() {
            let style = if c.kind == ChangeKind::Inserted {
                theme::INSERTED
            } else {
                theme::NORMAL
            };
            (&c.new_text, style)
        } else {
            (&c.old_text, theme::DELETED)
        };
        return text
            .lines()
            .map(|l| Line::from(Span::styled(cleaned(l), style)))
            .collect();
    }
    let mut lines = vec![Line::default()];
    for (kind, text) in &c.inline {
        if !keep(*kind) {
            continue;
        }
        let style = match kind {
            InlineKind::Equal => theme::NORMAL,
            InlineKind::Delete => theme::DELETED,
            InlineKind::Insert => theme::INSERTED,
        };
        // Ops can span lines; split so each paragraph of the clause stays a line.
        for (i, part) in text.split('\n').enumerate() {
            if i > 0 {
                lines.push(Line::default());
            }
            if !part.is_empty()
                && let Some(last) = lines.last_mut()
            {
                last.spans.push(Span::styled(cleaned(part), style));
            }
        }
    }
    lines
}

fn side_by_side(f: &mut Frame, area: Rect, lang: Lang, c: &ClauseChange) {
    let [old, new] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(area);
    let old_label = c.old_label.as_deref().map_or_else(String::new, cleaned);
    let new_label = c.new_label.as_deref().map_or_else(String::new, cleaned);
    let mut new_lines = inline_lines(c, |k| k != InlineKind::Delete);
    new_lines.extend(stale_lines(lang, c));
    let wrapped = |lines: Vec<Line<'static>>, r: Rect| {
        super::widgets::wrap_all(&lines, usize::from(r.width.saturating_sub(2)), 0)
    };
    f.render_widget(
        Paragraph::new(wrapped(inline_lines(c, |k| k != InlineKind::Insert), old)).block(pane_in(
            format!("{} {old_label}", tr(lang, "ui.diff.old")),
            false,
            old,
        )),
        old,
    );
    f.render_widget(
        Paragraph::new(wrapped(new_lines, new)).block(pane_in(
            format!("{} {new_label}", tr(lang, "ui.diff.new")),
            false,
            new,
        )),
        new,
    );
}

/// `过时引用 2 处` / `2 stale reference(s)`, as the CLI's `diff` counts them.
fn stale_count(lang: Lang, n: usize) -> String {
    trf(lang, "contract_import.diff.stale", &[("n", &n.to_string())])
}

/// The clause's stale references, each with the clause it meant and what that clause is now,
/// worded as the CLI's `diff` words them; after a blank line, in the warning colour.
fn stale_lines(lang: Lang, c: &ClauseChange) -> Vec<Line<'static>> {
    if c.stale_refs.is_empty() {
        return Vec::new();
    }
    let mut out = vec![Line::default()];
    for st in &c.stale_refs {
        let text = cleaned(&st.text);
        let line = match &st.now {
            Some(now) => trf(
                lang,
                "contract_import.diff.stale_ref",
                &[("text", &text), ("now", &cleaned(now))],
            ),
            None => trf(
                lang,
                "contract_import.diff.stale_ref_deleted",
                &[("text", &text)],
            ),
        };
        out.push(Line::from(Span::styled(line, theme::WARNING)));
    }
    out
}
