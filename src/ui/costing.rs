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
use crate::domain::costing::{Cost, is_costable};
use crate::domain::dossier::{IssueStatus, RoundIssue};
use crate::domain::values::format_fen;
use crate::domain::{Dossier, Side};
use crate::i18n::{tr, trf};
use crate::service::costing::{basis_short, check_text, costing_of};
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
        if !focus(app).is_some_and(|k| is_costable(&k)) {
            return (Some(chart), notes);
        }
        draw(f, chart, app);
        return (None, notes);
    }
    let notes_h = if notes.height >= 12 { 4 } else { 3 };
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
    let idx = if let Some(i) = round.issues.iter().position(|i| i.key == key) {
        i
    } else {
        round.issues.push(RoundIssue {
            key: key.clone(),
            workers: None,
            employer: None,
            status: IssueStatus::Open,
            agreed: None,
            unit: None,
        });
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

pub fn draw(f: &mut Frame, area: Rect, app: &App) {
    let Some(l) = &app.open else { return };
    let lang = app.lang;
    let d = preview(app, &l.dossier);
    let c = costing_of(&d, &l.regions, None, app.today);
    let mut lines: Vec<Line> = Vec::new();
    let key = focus(app);
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
    match c.issues.iter().find(|i| Some(&i.key) == key.as_ref()) {
        Some(i) => {
            lines.push(Line::from(Span::styled(
                term_label(&i.key, lang),
                theme::HEADER,
            )));
            lines.push(Line::from(Span::styled(
                format!(" {} {}", tr(lang, "costing.gap"), text(&i.gap)),
                theme::WARNING,
            )));
            let mut pos = |who: &str, v: Option<&String>, c: &Cost, style| {
                let v = v.map_or_else(|| "—".to_string(), |v| cleaned(v));
                lines.push(Line::from(Span::styled(
                    format!(" {} {v}: {}", side(who), text(c)),
                    style,
                )));
                if let Some(o) = c.known().and_then(|m| m.oncost_monthly_fen()) {
                    lines.push(Line::from(Span::styled(
                        format!(
                            "   {}",
                            trf(lang, "costing.oncost_short", &[("monthly", &format_fen(o))])
                        ),
                        theme::DIM,
                    )));
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
            lines.push(Line::from(Span::styled(
                format!(" {}", basis_short(lang, &c.basis)),
                theme::DIM,
            )));
            for (who, k) in &i.increase {
                lines.push(Line::from(Span::styled(
                    format!(" {}", check_text(lang, who, k)),
                    theme::DIM,
                )));
            }
        }
        None if key.as_deref().is_some_and(|k| !is_costable(k)) => {
            lines.push(Line::from(Span::styled(
                format!(
                    "{}: {}",
                    key.as_deref().map(cleaned).unwrap_or_default(),
                    tr(lang, "costing.missing.not_costable")
                ),
                theme::DIM,
            )));
        }
        None => {}
    }
    if key
        .as_ref()
        .is_none_or(|k| !c.issues.iter().any(|i| &i.key == k))
    {
        lines.push(Line::from(Span::styled(
            format!(" {}", basis_short(lang, &c.basis)),
            theme::DIM,
        )));
    }
    lines.push(Line::from(Span::styled(
        tr(lang, "costing.package"),
        theme::HEADER,
    )));
    if c.workers.issues + c.employer.issues > 0 {
        lines.push(Line::from(Span::styled(
            format!(" {} {}", tr(lang, "costing.gap"), text(&Cost::Known(c.gap))),
            theme::WARNING,
        )));
    }
    for (who, t) in [
        ("workers", &c.workers),
        ("employer", &c.employer),
        ("agreed", &c.agreed),
    ] {
        let mut shown = if t.issues == 0 {
            tr(lang, "costing.none")
        } else {
            text(&Cost::Known(t.money))
        };
        if let Some(o) = t.overlap {
            shown.push_str(&format!(
                " ({})",
                trf(
                    lang,
                    "costing2.netted_short",
                    &[("monthly", &format_fen(o.monthly_fen))]
                )
            ));
        }
        lines.push(Line::from(Span::styled(
            format!(" {}: {shown}", side(who)),
            theme::DIM,
        )));
    }

    // Wrapped here by display width: ratatui's own wrapping of CJK text can write past the
    // border (the layout proptest found it with a long issue name).
    let width = usize::from(area.width.saturating_sub(2));
    f.render_widget(
        Paragraph::new(super::widgets::wrap_all(&lines, width, 1))
            .block(pane(tr(lang, "costing.pane"), false)),
        area,
    );
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
