//! The Dossier screen: the eleven steps as a vertical stepper on the left (✓ done with date,
//! ▶ current, · not yet), the selected step's record on the right with the keys that record it,
//! and below it the rules' findings for that step with rule id and citation.
//!
//! A pure read of the opened dossier and its analysis; recording happens in forms (`app::form`).

use super::theme;
use super::widgets::{cleaned, pane_in, wrap_all};
use crate::app::steps::{self, Items, OpinionLine, StepLine, Value};
use crate::app::view::Loaded;
use crate::app::view::StepState;
use crate::app::{App, PrepEntry, prep_entries};
use crate::domain::Side;
use crate::domain::procedure::Step;
use crate::domain::rules::Severity;
use crate::i18n::{Lang, tr, trf};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, ListState, Paragraph, Wrap};

/// Left (stepper) and right (detail, findings) areas. Shared with mouse hit-testing.
pub fn areas(area: Rect) -> (Rect, Rect, Rect) {
    let left_w = if area.width >= 100 {
        28
    } else {
        (area.width / 3).max(14)
    };
    let [left, right] =
        Layout::horizontal([Constraint::Length(left_w), Constraint::Min(10)]).areas(area);
    let find_h = if area.height >= 30 {
        10
    } else {
        area.height / 3
    };
    let [detail, findings] =
        Layout::vertical([Constraint::Min(3), Constraint::Length(find_h)]).areas(right);
    (left, detail, findings)
}

pub fn draw(f: &mut Frame, area: Rect, app: &App) {
    let Some(l) = &app.open else { return };
    let lang = app.lang;
    let (left, detail, findings) = areas(area);

    let items: Vec<ListItem> = Step::ALL
        .iter()
        .enumerate()
        .map(|(i, step)| {
            let state = l
                .analysis
                .steps
                .iter()
                .find(|s| s.step == *step)
                .map_or(StepState::NotYet, |s| s.state);
            let (mark, style, date) = match state {
                StepState::Done(d) => ("✓", theme::DONE, d.map(|d| d.format("%m-%d").to_string())),
                StepState::Current => ("▶", theme::CURRENT, None),
                StepState::NotYet => ("·", theme::NOT_YET, None),
            };
            // A step carrying an error is marked ✗ and one with a warning ! — never ✓.
            let (mark, style) = match l.analysis.worst(*step) {
                Some(Severity::Error) => ("✗", theme::ERROR),
                Some(Severity::Warning) if mark == "✓" => ("!", theme::WARNING),
                _ => (mark, style),
            };
            let mut spans = vec![
                Span::styled(format!("{mark} {:>2} ", i + 1), style),
                Span::styled(tr(lang, &format!("ui.step.{}", step.key())), style),
            ];
            if let Some(d) = date {
                spans.push(Span::styled(format!(" {d}"), theme::DIM));
            }
            ListItem::new(Line::from(spans))
        })
        .collect();
    let list = List::new(items)
        .block(pane_in(tr(lang, "ui.dossier.steps"), app.pane == 0, left))
        .highlight_style(theme::SELECTED);
    let mut state = ListState::default()
        .with_offset(super::widgets::list_offset(app.dossier.step, left, 0))
        .with_selected(Some(app.dossier.step));
    f.render_stateful_widget(list, left, &mut state);

    let step = app.selected_step();
    let (mut lines, selected_line) = step_lines(app, l, step, detail.width.saturating_sub(2));
    if l.analysis.current() == Some(step) && !l.analysis.blockers.is_empty() {
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(
            tr(lang, "ui.dossier.blocked"),
            theme::WARNING,
        )));
        for b in &l.analysis.blockers {
            lines.push(Line::from(Span::styled(
                format!("  · {}", cleaned(b)),
                theme::WARNING,
            )));
        }
    }
    // Long lines measured in display columns and wrapped here (ratatui's own wrapping of CJK
    // text can write past the pane's border).
    let mut extra = Vec::new();
    super::costing::floor_lines(&mut extra, app, l, step);
    if let Some(e) = crate::domain::rules::effect::by_law(&l.dossier, &l.calendar, lang, app.today)
        && matches!(step, Step::Filing | Step::Effect)
    {
        extra.push(Line::from(""));
        extra.push(Line::from(Span::styled(e.line(lang), theme::OK)));
    }
    lines.extend(super::widgets::wrap_all(
        &extra,
        usize::from(detail.width.saturating_sub(2)),
        0,
    ));
    let scroll = detail_scroll(selected_line, detail);
    let title = format!(
        "{} · {}",
        tr(lang, &format!("ui.step.{}", step.key())),
        steps::spec(step).hints(lang)
    );
    f.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((scroll as u16, 0))
            .block(pane_in(title, app.pane == 1, detail)),
        detail,
    );

    let found: Vec<Line> = l
        .analysis
        .findings
        .iter()
        // Integrity concerns the whole dossier: shown on every step.
        .filter(|x| x.step == step || x.rule.starts_with("INTEGRITY-"))
        .flat_map(|x| {
            let sev = tr(lang, &format!("ui.severity.{}", severity_key(x.severity)));
            // An integrity finding is red whole: the agreement is not what was signed.
            let (rule, text) = if x.rule.starts_with("INTEGRITY-") {
                (theme::ERROR, theme::ERROR)
            } else {
                (theme::KEY, ratatui::style::Style::new())
            };
            vec![
                Line::from(vec![
                    Span::styled(format!("{sev} "), theme::severity(x.severity)),
                    Span::styled(x.rule.to_string(), rule),
                    Span::raw(" "),
                    Span::styled(cleaned(&x.message), text),
                ]),
                Line::from(Span::styled(
                    format!("    {}", cleaned(&x.citation)),
                    theme::DIM,
                )),
            ]
        })
        .collect();
    let found = if !found.is_empty() {
        found
    } else if l.analysis.current() == Some(step) && !l.analysis.blockers.is_empty() {
        // Nothing wrong yet is not "no problems": say what the step still lacks.
        std::iter::once(Line::from(Span::styled(
            tr(lang, "ui.dossier.missing"),
            theme::WARNING,
        )))
        .chain(
            l.analysis
                .blockers
                .iter()
                .map(|b| Line::from(Span::styled(format!("  · {}", cleaned(b)), theme::WARNING))),
        )
        .collect()
    } else if matches!(state_of(l, step), StepState::Done(_) | StepState::Current) {
        vec![Line::from(Span::styled(
            tr(lang, "ui.dossier.no_findings"),
            theme::OK,
        ))]
    } else {
        vec![Line::from(Span::styled(
            tr(lang, "ui.dossier.not_reached"),
            theme::DIM,
        ))]
    };
    // Wrapped by display width here: ratatui's own wrapping of CJK text can pass the border.
    let width = usize::from(findings.width.saturating_sub(2));
    f.render_widget(
        Paragraph::new(super::widgets::wrap_all(&found, width, 0)).block(pane_in(
            tr(lang, "ui.dossier.findings"),
            false,
            findings,
        )),
        findings,
    );
}

fn state_of(l: &Loaded, step: Step) -> StepState {
    l.analysis
        .steps
        .iter()
        .find(|s| s.step == step)
        .map_or(StepState::NotYet, |s| s.state)
}

fn severity_key(s: crate::domain::rules::Severity) -> &'static str {
    match s {
        crate::domain::rules::Severity::Error => "error",
        crate::domain::rules::Severity::Warning => "warning",
        crate::domain::rules::Severity::Info => "info",
    }
}

fn side(lang: Lang, s: Side) -> String {
    tr(lang, &format!("ui.side.{}", s.key()))
}

fn kv(lang: Lang, key: &str, value: String) -> Line<'static> {
    Line::from(vec![
        Span::styled(
            format!("{}{}", tr(lang, key), crate::i18n::colon(lang)),
            theme::DIM,
        ),
        Span::raw(value),
    ])
}

fn none(lang: Lang) -> String {
    tr(lang, "ui.none")
}

/// The selected step's record as lines, and which line is the selected entry (if any).
/// Lines the detail pane is scrolled by, so the selected line stays visible.
fn detail_scroll(selected_line: Option<usize>, detail: Rect) -> usize {
    let inner_h = detail.height.saturating_sub(2) as usize;
    selected_line.map_or(0, |s| s.saturating_sub(inner_h.saturating_sub(1)))
}

/// The detail pane's scroll as drawn (for mouse hit-testing).
pub(crate) fn detail_offset(app: &App, detail: Rect) -> usize {
    let Some(l) = &app.open else { return 0 };
    let (_, selected_line) =
        step_lines(app, l, app.selected_step(), detail.width.saturating_sub(2));
    detail_scroll(selected_line, detail)
}

/// `width`: the pane's inner width, to which lines the UI wraps itself are cut.
fn step_lines(
    app: &App,
    l: &Loaded,
    step: Step,
    width: u16,
) -> (Vec<Line<'static>>, Option<usize>) {
    let lang = app.lang;
    let d = &l.dossier;
    let spec = steps::spec(step);
    let mut out: Vec<Line<'static>> = Vec::new();
    let mut selected = None;
    let sel_style = |i: usize| {
        if app.pane == 1 && app.dossier.item == i {
            theme::SELECTED
        } else {
            Style::new()
        }
    };
    match spec.items {
        Items::Representatives => {
            for (i, r) in d.representatives.iter().enumerate() {
                let mut flags = Vec::new();
                if r.chief {
                    flags.push(tr(lang, "ui.rep.chief"));
                }
                if r.outsider {
                    flags.push(tr(lang, "ui.rep.outsider"));
                }
                if r.female {
                    flags.push(tr(lang, "ui.rep.female"));
                }
                if r.delegated {
                    flags.push(tr(lang, "ui.rep.delegated"));
                }
                let sstyle = if r.side == Side::Workers {
                    theme::WORKERS
                } else {
                    theme::EMPLOYER
                };
                if app.pane == 1 && app.dossier.item == i {
                    selected = Some(out.len());
                }
                out.push(
                    Line::from(vec![
                        Span::styled(format!("{} ", side(lang, r.side)), sstyle),
                        Span::raw(cleaned(&r.name)),
                        Span::styled(
                            r.post
                                .as_deref()
                                .map(|p| crate::i18n::parens(lang, &cleaned(p)))
                                .unwrap_or_default(),
                            theme::DIM,
                        ),
                        Span::styled(
                            if flags.is_empty() {
                                String::new()
                            } else {
                                format!(" [{}]", flags.join("·"))
                            },
                            theme::MARK,
                        ),
                    ])
                    .style(sel_style(i)),
                );
            }
            if d.representatives.is_empty() {
                out.push(Line::from(Span::styled(
                    tr(lang, "ui.rep.empty"),
                    theme::DIM,
                )));
            }
        }
        Items::Preparation => {
            for (i, entry) in prep_entries().into_iter().enumerate() {
                // A factor entered as costing data is on file too, without a date of its own.
                let (key, done, ticked) = match entry {
                    PrepEntry::Task(t) => (
                        format!("ui.prep.{}", t.key()),
                        d.preparation.tasks.get(&t).copied(),
                        d.preparation.tasks.contains_key(&t),
                    ),
                    PrepEntry::Factor(w) => (
                        format!("ui.wage.{}", w.key()),
                        d.preparation.wage_data.get(&w).copied(),
                        d.preparation.has_factor(w),
                    ),
                };
                if i == PREP_TASKS {
                    out.push(Line::from(Span::styled(
                        tr(lang, "ui.prep.wage_data"),
                        theme::HEADER,
                    )));
                }
                if app.pane == 1 && app.dossier.item == i {
                    selected = Some(out.len());
                }
                let (mark, style) = if ticked {
                    ("[x]", theme::DONE)
                } else {
                    ("[ ]", theme::NORMAL)
                };
                out.push(
                    Line::from(vec![
                        Span::styled(format!("{mark} "), style),
                        Span::raw(tr(lang, &key)),
                        Span::styled(
                            done.map(|d| format!(" {d}")).unwrap_or_default(),
                            theme::DIM,
                        ),
                    ])
                    .style(sel_style(i)),
                );
            }
        }
        Items::None => {}
    }
    out.extend(
        crate::app::steps::record_lines(&spec, step, l)
            .into_iter()
            .flat_map(|x| step_line(lang, x, usize::from(width))),
    );
    (out, selected)
}

/// A value of a record line in `lang`; text from the record is cleaned.
fn value_text(lang: Lang, v: &Value) -> String {
    match v {
        Value::Text(t) => cleaned(t),
        Value::Key(k) => tr(lang, k),
        // Arguments may come from the record (a union's name): cleaned like any text.
        Value::KeyArgs(k, args) => {
            let args: Vec<(&str, String)> = args.iter().map(|(n, v)| (*n, cleaned(v))).collect();
            let args: Vec<(&str, &str)> = args.iter().map(|(n, v)| (*n, v.as_str())).collect();
            trf(lang, k, &args)
        }
        Value::Pieces(p) => crate::service::sealed::text(p, lang),
        Value::Term(k, v) => cleaned(&crate::service::fact::term_display(k, v, lang)),
        Value::Nothing => none(lang),
        Value::Both(a, b) => format!("{} {}", value_text(lang, a), value_text(lang, b)),
        Value::KeyList(keys) => keys
            .iter()
            .map(|k| tr(lang, k))
            .collect::<Vec<_>>()
            .join(if lang == Lang::ZhCn { "、" } else { ", " }),
        Value::List(items) => items
            .iter()
            .map(|i| cleaned(i))
            .collect::<Vec<_>>()
            .join(if lang == Lang::ZhCn { "、" } else { ", " }),
    }
}

/// A record line, styled (an opinion takes several).
fn step_line(lang: Lang, line: StepLine, width: usize) -> Vec<Line<'static>> {
    let one = match line {
        StepLine::Opinion(o) => return wrap_all(&opinion_lines(lang, &o), width, 4),
        StepLine::Field(label, v) => kv(lang, label, value_text(lang, &v)),
        StepLine::Note(key) => Line::from(Span::styled(tr(lang, key), theme::DIM)),
        StepLine::Blank => Line::from(""),
        StepLine::Error(e) => Line::from(Span::styled(cleaned(&e), theme::ERROR)),
        StepLine::Round {
            number,
            date,
            place,
            state,
            agreed,
            issues,
        } => Line::from(vec![
            Span::styled(
                trf(lang, "ui.round.n", &[("n", &number.to_string())]),
                theme::HEADER,
            ),
            Span::raw(format!(" {date} ")),
            Span::raw(place.as_deref().map(cleaned).unwrap_or_default()),
            Span::styled(format!(" {} ", value_text(lang, &state)), theme::MARK),
            Span::styled(
                trf(
                    lang,
                    "ui.round.agreed_of",
                    &[("a", &agreed.to_string()), ("n", &issues.to_string())],
                ),
                theme::DIM,
            ),
        ]),
    };
    // Wrapped here by display width (ratatui's wrap let a wide character at the edge overwrite
    // the border: found by the layout property test).
    super::widgets::wrap(&one, width, 2)
}

/// An opinion: number, clause (and where it is now), what became of it; its text; the answer.
fn opinion_lines(lang: Lang, o: &OpinionLine) -> Vec<Line<'static>> {
    let mut head = vec![
        Span::styled(format!("✎ {} ", o.no), theme::KEY),
        Span::styled(cleaned(&o.clause), theme::KEY),
    ];
    if let Some(now) = &o.now {
        head.push(Span::styled(format!(" → {}", cleaned(now)), theme::KEY));
    }
    let (status, style) = if o.withdrawn {
        (tr(lang, "ui.opinion.withdrawn"), theme::DIM)
    } else {
        match o.status {
            Some(s) => (s.label(lang), theme::followed(s)),
            None => (String::new(), theme::DIM),
        }
    };
    if !status.is_empty() {
        head.push(Span::styled(" · ", theme::DIM));
        head.push(Span::styled(status, style));
    }
    let mut out = vec![
        Line::from(head),
        Line::from(Span::styled(
            format!("    {}", cleaned(&o.text)),
            if o.withdrawn {
                theme::WITHDRAWN
            } else {
                theme::NORMAL
            },
        )),
    ];
    if let Some(a) = &o.answer {
        out.push(Line::from(vec![
            Span::styled(
                format!(
                    "    {}{}",
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

/// The checklist shows the GR 33 tasks first, then a heading, then the WM 8 factors.
const PREP_TASKS: usize = crate::domain::PrepTask::ALL.len();
