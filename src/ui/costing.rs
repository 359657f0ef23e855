//! The table screen's costing pane: what the selected issue's positions cost a month and a
//! year, the gap between the sides, and the whole package — recomputed on every frame from the
//! dossier with the position being typed in an open form put in place, so the cost changes
//! as the figure is typed. A pure read of state; the arithmetic is `domain::costing`'s and the
//! wording `service::costing`'s, shared with `xieshang cost`.
//!
//! The wage guideline comes from the preparation data, else the region data the service loaded
//! with the dossier (built-in, published and the workspace's own, as the rules read it).

use super::theme;
use super::widgets::cleaned;
use super::widgets::pane;
use crate::app::App;
use crate::app::Modal;
use crate::app::form::FormKind;
use crate::domain::costing::{Cost, Total, is_costable};
use crate::domain::dossier::{IssueStatus, RoundIssue};
use crate::domain::issue::Unit;
use crate::domain::values::format_fen_grouped as format_fen;
use crate::domain::{Dossier, Side};
use crate::i18n::{tr, trf};
use crate::service::costing::{basis_short, check_text, conflict_short, costing_of, kind_note};
use crate::service::fact::term_label;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// Finds the costing pane its place: on a wide table the upper part of the notes area, on a
/// narrow one (where the chart is too small to read) the chart's area. Draws it and returns the
/// chart's and the notes' areas left (the chart's `None` when the pane took it).
pub fn carve(f: &mut Frame, chart: Rect, notes: Rect, app: &App) -> (Option<Rect>, Rect) {
    if chart.width < 60 {
        // Only for an issue that can be costed: the chart stays for the others.
        if !focused_issue(app).is_some_and(|i| is_costable(&i)) {
            return (Some(chart), notes);
        }
        draw(f, chart, app);
        return (None, notes);
    }
    // A tall bottom row (the issue table took only its rows) leaves the notes a third of it.
    let notes_h = if notes.height >= 24 {
        notes.height / 3
    } else if notes.height >= 12 {
        4
    } else {
        3
    };
    let [top, rest] =
        Layout::vertical([Constraint::Min(3), Constraint::Length(notes_h)]).areas(notes);
    draw(f, top, app);
    (Some(chart), rest)
}

/// The dossier as it would be with the position being typed: the top form's value in place.
fn preview(app: &App, d: &Dossier) -> Dossier {
    let mut d = d.clone();
    let Some(Modal::Form(form)) = app.modals.last() else {
        return d;
    };
    let side = match form.kind {
        FormKind::Position(side) => Some(side),
        FormKind::NewIssue => Some(Side::Workers),
        FormKind::Agree => None,
        _ => return d,
    };
    let key = form.value("issue").trim().to_string();
    let value = form.value("value").trim().to_string();
    let Some(round) = d.rounds.last_mut() else {
        return d;
    };
    if key.is_empty() {
        return d;
    }
    // The issue the key names, by name or by its term (as recording it will find it).
    let idx = if let Some(i) = round.issue_index(&key) {
        i
    } else {
        // A new issue in the unit chosen in the form, as it will be recorded.
        let unit = match form.value("unit").trim() {
            "" | "auto" => None,
            u => Unit::parse("unit", u).ok(),
        };
        round.issues.push(RoundIssue::new(&key, unit));
        round.issues.len() - 1
    };
    let issue = &mut round.issues[idx];
    let v = (!value.is_empty()).then_some(value);
    match side {
        Some(Side::Workers) => issue.workers = v,
        Some(Side::Employer) => issue.employer = v,
        None => {
            issue.status = IssueStatus::Agreed;
            issue.agreed = v;
        }
    }
    d
}

/// The issue the pane is about as it stands with the form's value in place (its unit with it).
fn focused_issue(app: &App) -> Option<RoundIssue> {
    let l = app.open.as_ref()?;
    let key = focus(app)?;
    let d = preview(app, &l.dossier);
    let found = d.rounds.last().and_then(|r| r.find_issue(&key).cloned());
    Some(found.unwrap_or_else(|| RoundIssue::new(&key, None)))
}

/// The issue the pane is about: the one in an open form, else the selected row.
fn focus(app: &App) -> Option<String> {
    if let Some(Modal::Form(form)) = app.modals.last()
        && matches!(
            form.kind,
            FormKind::Position(_) | FormKind::NewIssue | FormKind::Agree
        )
    {
        let k = form.value("issue").trim();
        if !k.is_empty() {
            return Some(k.to_string());
        }
    }
    app.selected_issue().map(str::to_string)
}

/// How much a line of the pane matters: when the pane is too short, lines are cut from the least
/// important end, so the selected issue's cost and gap and the package's gap stay in sight at
/// 80×24 and the source and comparisons go first.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Rank {
    /// The selected issue: its name, the gap, each side's cost.
    Issue,
    /// The package: its heading, the gap, each side's total.
    Package,
    /// Employer on-costs under a position.
    OnCost,
    /// Where the average wage and staff come from.
    Source,
    /// The increase against the guideline, CPI and the 10 % target.
    Comparison,
}

/// The rows that fit in `height` rows of `width` columns, in display order, and whether anything
/// was cut. The issue's and the package's lines get a row each first (cut to it with `…` when
/// they wrap), so the package's gap is in sight even in a short pane; then, in order of rank, each
/// of those lines gets its remaining rows and each lesser line is taken whole, stopping at the
/// first that does not fit — what is cut is always the least important end.
fn fit_rows(lines: &[(Rank, Line<'_>)], width: usize, height: usize) -> (Vec<Line<'static>>, bool) {
    let wrapped: Vec<(Rank, Vec<Line<'static>>)> = lines
        .iter()
        .map(|(r, l)| (*r, super::widgets::wrap(l, width, 1)))
        .collect();
    let total: usize = wrapped.iter().map(|(_, rows)| rows.len()).sum();
    if total <= height {
        return (
            wrapped.into_iter().flat_map(|(_, rows)| rows).collect(),
            false,
        );
    }
    let must = |r: Rank| r <= Rank::Package;
    let mut order: Vec<usize> = (0..wrapped.len()).collect();
    order.sort_by_key(|&i| wrapped[i].0);
    let mut shown = vec![0usize; wrapped.len()];
    let mut left = height;
    for &i in order.iter().filter(|&&i| must(wrapped[i].0)) {
        if left == 0 {
            break;
        }
        shown[i] = 1;
        left -= 1;
    }
    for &i in &order {
        let full = wrapped[i].1.len();
        if shown[i] > 0 {
            let more = (full - shown[i]).min(left);
            shown[i] += more;
            left -= more;
            if shown[i] < full {
                break;
            }
        } else if !must(wrapped[i].0) && full <= left {
            shown[i] = full;
            left -= full;
        } else {
            break;
        }
    }
    let mut rows = Vec::new();
    for ((_, mut w), n) in wrapped.into_iter().zip(shown) {
        let full = w.len();
        w.truncate(n);
        if n > 0
            && n < full
            && let Some(last) = w.pop()
        {
            // The row goes on: it ends with `…`, in its last cell if need be.
            let mut spans = last.spans.clone();
            spans.push(Span::raw("…"));
            w.push(super::widgets::fit_line(
                Line::from(spans).style(last.style),
                width,
            ));
        }
        rows.extend(w);
    }
    (rows, true)
}

pub fn draw(f: &mut Frame, area: Rect, app: &App) {
    let Some(l) = &app.open else { return };
    let lang = app.lang;
    let d = preview(app, &l.dossier);
    let c = costing_of(&d, &l.regions, None, app.today);
    let mut lines: Vec<(Rank, Line)> = Vec::new();
    // Shown after the package: the source and the comparisons.
    let mut tail: Vec<(Rank, Line)> = Vec::new();
    // The issue's own name: `increase` typed in a form is the agenda's 平均工资增长.
    let key = focused_issue(app).map(|i| i.key).or_else(|| focus(app));
    let text = |c: &Cost| match c {
        Cost::Known(m) => trf(
            lang,
            "costing.short",
            &[
                ("monthly", &format_fen(m.monthly_fen)),
                ("yearly", &format_fen(m.yearly_fen)),
            ],
        ),
        Cost::Unknown { missing } => trf(
            lang,
            "costing.unknown",
            &[(
                "why",
                &tr(lang, &format!("costing.missing.{}", missing.key())),
            )],
        ),
    };
    let side = |who: &str| tr(lang, &format!("costing.side.{who}"));
    let colon = crate::i18n::colon(lang);
    let dim = |rank: Rank, s: String| (rank, Line::from(Span::styled(s, theme::DIM)));
    match c.issues.iter().find(|i| Some(&i.key) == key.as_ref()) {
        Some(i) => {
            let mut name = vec![Span::styled(term_label(&i.key, lang), theme::HEADER)];
            if let Some(n) = kind_note(lang, i.kind, c.basis.summer_months) {
                name.push(Span::styled(crate::i18n::parens(lang, &n), theme::DIM));
            }
            lines.push((Rank::Issue, Line::from(name)));
            lines.push((
                Rank::Issue,
                Line::from(Span::styled(
                    format!(
                        " {} {}",
                        tr(lang, "costing.gap"),
                        if i.status == IssueStatus::Agreed {
                            tr(lang, "costing5.no_gap")
                        } else {
                            text(&i.gap)
                        }
                    ),
                    theme::WARNING,
                )),
            ));
            let mut pos = |who: &str, v: Option<&String>, c: &Cost, style| {
                let v = v.map_or_else(
                    || "—".to_string(),
                    |v| cleaned(&crate::domain::issue::show_position(v, lang)),
                );
                lines.push((
                    Rank::Issue,
                    Line::from(Span::styled(
                        format!(" {} {v}{}{}", side(who), colon, text(c)),
                        style,
                    )),
                ));
                if let Some(o) = c.known().and_then(|m| m.oncost_monthly_fen()) {
                    lines.push(dim(
                        Rank::OnCost,
                        format!(
                            "   {}",
                            trf(lang, "costing.oncost_short", &[("monthly", &format_fen(o))])
                        ),
                    ));
                }
            };
            pos(
                "workers",
                i.workers_text.as_ref(),
                &i.workers,
                theme::WORKERS,
            );
            pos(
                "employer",
                i.employer_text.as_ref(),
                &i.employer,
                theme::EMPLOYER,
            );
            if let Some(a) = &i.agreed {
                pos("agreed", i.agreed_text.as_ref(), a, theme::AGREED);
            }
            // Where the average wage and staff come from: the agreed terms stand in for
            // preparation data not entered, and the pane says so.
            tail.push(dim(
                Rank::Source,
                format!(" {}", basis_short(lang, &c.basis)),
            ));
            for (who, k) in &i.increase {
                tail.push(dim(
                    Rank::Comparison,
                    format!(" {}", check_text(lang, who, k)),
                ));
            }
        }
        None if focused_issue(app).is_some_and(|i| !is_costable(&i)) => {
            lines.push(dim(
                Rank::Issue,
                format!(
                    "{}{colon}{}",
                    key.as_deref()
                        .map(|k| cleaned(&crate::domain::issue::label(k, lang)))
                        .unwrap_or_default(),
                    tr(lang, "costing.missing.not_costable")
                ),
            ));
            tail.push(dim(
                Rank::Source,
                format!(" {}", basis_short(lang, &c.basis)),
            ));
        }
        None => {
            tail.push(dim(
                Rank::Source,
                format!(" {}", basis_short(lang, &c.basis)),
            ));
        }
    }
    // The package's heading and gap on one line: in a short pane it is the line most wanted
    // after the issue's own.
    // A total leaves out the issues it could not cost: the pane says how many, and says
    // "unknown" rather than 0 when none could be costed (the figures of `xieshang cost`).
    let not_counted = |n: usize| {
        if n == 0 {
            String::new()
        } else {
            trf(lang, "costing3.not_counted_short", &[("n", &n.to_string())])
        }
    };
    // The gap and the totals as the domain worked them out (`xieshang cost` prints the same):
    // the gap over the issues costed for both sides, a total unknown when nothing in it was.
    let mut heading = vec![Span::styled(tr(lang, "costing.package"), theme::HEADER)];
    if c.workers.issues + c.employer.issues > 0 {
        let gap = match c.gap {
            Some(g) => format!(
                "{}{}",
                text(&Cost::Known(g)),
                not_counted(c.gap_excluded.len())
            ),
            None => tr(lang, "costing4.gap_unknown"),
        };
        heading.push(Span::styled(
            format!(" {} {gap}", tr(lang, "costing.gap")),
            theme::WARNING,
        ));
    }
    lines.push((Rank::Package, Line::from(heading)));
    // Figures entered that the distribution contradicts: the costing rests on the distribution,
    // and the pane says so beside the package, never mixing the two silently.
    for w in conflict_short(lang, &c.basis) {
        lines.push((
            Rank::Package,
            Line::from(Span::styled(format!(" {w}"), theme::WARNING)),
        ));
    }
    for (who, t) in [
        ("workers", &c.workers),
        ("employer", &c.employer),
        ("agreed", &c.agreed),
    ] {
        let shown_total = |t: &Total| match t.money {
            _ if t.issues == 0 => tr(lang, "costing.none"),
            None => tr(lang, "costing3.all_unknown"),
            Some(m) => format!("{}{}", text(&Cost::Known(m)), not_counted(t.unknown.len())),
        };
        let mut shown = shown_total(t);
        if let Some(o) = t.overlap {
            shown.push_str(&crate::i18n::parens(
                lang,
                &trf(
                    lang,
                    "costing2.netted_short",
                    &[("monthly", &format_fen(o.monthly_fen))],
                ),
            ));
        }
        lines.push(dim(Rank::Package, format!(" {}{colon}{shown}", side(who))));
    }
    lines.extend(tail);

    // Wrapped here by display width: ratatui's own wrapping of CJK text can write past the
    // border (the layout proptest found it with a long issue name).
    let width = usize::from(area.width.saturating_sub(2));
    let height = usize::from(area.height.saturating_sub(2));
    let (rows, cut) = fit_rows(&lines, width, height);
    let mut block = pane(tr(lang, "costing.pane"), false);
    if cut {
        // What was cut is said on the border, so no row of figures is given up for it.
        block = block.title_bottom(
            Line::from(Span::styled(
                super::widgets::fit(&tr(lang, "costing3.cut"), width),
                theme::DIM,
            ))
            .right_aligned(),
        );
    }
    f.render_widget(Paragraph::new(rows).block(block), area);
}

/// The Dossier screen's lines on the preparation and rounds steps: the minimum wage the rules
/// judge by (area, tier, figure, date, whether verified) and the costing data on file.
pub fn floor_lines(
    lines: &mut Vec<Line<'static>>,
    app: &App,
    l: &crate::service::Loaded,
    step: crate::domain::procedure::Step,
) {
    use crate::domain::procedure::Step;
    if !matches!(step, Step::Preparation | Step::Rounds) {
        return;
    }
    let d = &l.dossier;
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        crate::service::region::floor_line(app.lang, &l.regions, d, app.today),
        theme::DIM,
    )));
    if let Some(s) = crate::service::region::floor_source_line(app.lang, &l.regions, d, app.today) {
        lines.push(Line::from(Span::styled(s, theme::DIM)));
    }
    let c = &d.preparation.costing;
    if !c.is_empty() {
        let mut parts = Vec::new();
        let fen = crate::domain::values::format_fen;
        let bp = |v: i32| crate::domain::values::format_bp(i64::from(v));
        if let Some(v) = c.avg_wage_fen {
            parts.push(format!(
                "{} {}",
                tr(app.lang, "costing.key.avg_wage"),
                fen(v)
            ));
        }
        if let Some(v) = c.staff {
            parts.push(format!("{} {v}", tr(app.lang, "costing.key.staff")));
        }
        if let Some(v) = c.cpi_bp {
            parts.push(format!("CPI {}", bp(v)));
        }
        if let Some(g) = c.guideline {
            parts.push(format!(
                "{} {}/{}/{}",
                tr(app.lang, "costing.key.guideline"),
                bp(g.lower_bp),
                bp(g.base_bp),
                bp(g.upper_bp)
            ));
        }
        if let Some(s) = &c.source {
            parts.push(format!(
                "{} {}",
                tr(app.lang, "costing.key.source"),
                super::widgets::cleaned(s)
            ));
        }
        lines.push(Line::from(Span::styled(parts.join(" · "), theme::DIM)));
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::{Rank, fit_rows};
    use ratatui::text::Line;

    fn texts(rows: &[Line<'_>]) -> Vec<String> {
        rows.iter().map(ToString::to_string).collect()
    }

    /// Cut from the least important end, kept in display order.
    #[test]
    fn rows_are_cut_by_rank_and_kept_in_order() {
        let lines = vec![
            (Rank::Issue, Line::from("issue")),
            (Rank::Issue, Line::from("gap")),
            (Rank::OnCost, Line::from("oncost")),
            (Rank::Package, Line::from("package gap")),
            (Rank::Package, Line::from("workers")),
            (Rank::Source, Line::from("source")),
            (Rank::Comparison, Line::from("comparison")),
        ];
        let (all, cut) = fit_rows(&lines, 20, 7);
        assert!(!cut);
        assert_eq!(all.len(), 7);
        let (rows, cut) = fit_rows(&lines, 20, 3);
        assert!(cut);
        assert_eq!(texts(&rows), ["issue", "gap", "package gap"]);
        let (rows, _) = fit_rows(&lines, 20, 5);
        assert_eq!(
            texts(&rows),
            ["issue", "gap", "oncost", "package gap", "workers"]
        );
        let (rows, _) = fit_rows(&lines, 20, 6);
        assert_eq!(
            texts(&rows),
            ["issue", "gap", "oncost", "package gap", "workers", "source"]
        );
        let (rows, _) = fit_rows(&lines, 20, 0);
        assert!(rows.is_empty());
    }

    /// A wrapped line of the issue is cut to one row with `…` rather than push the package's
    /// gap out; a lesser line is taken whole or not at all, and nothing after it.
    #[test]
    fn a_long_issue_line_gives_way_to_the_package_gap() {
        let lines = vec![
            (Rank::Issue, Line::from("workers: unknown, no wage")),
            (Rank::Package, Line::from("package")),
            (Rank::Source, Line::from("a long source line")),
            (Rank::Comparison, Line::from("x")),
        ];
        let (rows, cut) = fit_rows(&lines, 10, 2);
        assert!(cut);
        assert_eq!(texts(&rows), ["workers:…", "package"]);
        let (rows, _) = fit_rows(&lines, 10, 4);
        assert_eq!(
            texts(&rows),
            ["workers:", " unknown,", " no wage", "package"]
        );
        let (rows, _) = fit_rows(&lines, 10, 5);
        assert_eq!(
            texts(&rows),
            ["workers:", " unknown,", " no wage", "package"]
        );
    }
}
