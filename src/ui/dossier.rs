//! The Dossier screen: the eleven steps as a vertical stepper on the left (✓ done with date,
//! ▶ current, · not yet), the selected step's record on the right with the keys that record it,
//! and below it the rules' findings for that step with rule id and citation.
//!
//! A pure read of the opened dossier and its analysis; recording happens in forms (`app::form`).

use super::theme;
use super::widgets::{cleaned, pane};
use crate::app::view::StepState;
use crate::app::{App, PrepEntry, prep_entries};
use crate::domain::procedure::Step;
use crate::domain::{Dossier, IssueStatus, PreReviewDecision, ReviewOutcome, RoundState, Side};
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
        .block(pane(tr(lang, "ui.dossier.steps"), app.pane == 0))
        .highlight_style(theme::SELECTED);
    let mut state = ListState::default()
        .with_offset(super::widgets::list_offset(app.dossier.step, left, 0))
        .with_selected(Some(app.dossier.step));
    f.render_stateful_widget(list, left, &mut state);

    let step = app.selected_step();
    let (mut lines, selected_line) = step_lines(app, &l.dossier, step);
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
    let scroll = detail_scroll(selected_line, detail);
    let title = format!(
        "{} · {}",
        tr(lang, &format!("ui.step.{}", step.key())),
        tr(lang, &format!("ui.stepkeys.{}", step.key()))
    );
    f.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((scroll as u16, 0))
            .block(pane(title, app.pane == 1)),
        detail,
    );

    let found: Vec<Line> = l
        .analysis
        .findings
        .iter()
        .filter(|x| x.step == step)
        .flat_map(|x| {
            let sev = tr(lang, &format!("ui.severity.{}", severity_key(x.severity)));
            vec![
                Line::from(vec![
                    Span::styled(format!("{sev} "), theme::severity(x.severity)),
                    Span::styled(x.rule.to_string(), theme::KEY),
                    Span::raw(" "),
                    Span::raw(cleaned(&x.message)),
                ]),
                Line::from(Span::styled(
                    format!("    {}", cleaned(&x.citation)),
                    theme::DIM,
                )),
            ]
        })
        .collect();
    let found = if found.is_empty() {
        vec![Line::from(Span::styled(
            tr(lang, "ui.dossier.no_findings"),
            theme::OK,
        ))]
    } else {
        found
    };
    f.render_widget(
        Paragraph::new(found)
            .wrap(Wrap { trim: false })
            .block(pane(tr(lang, "ui.dossier.findings"), false)),
        findings,
    );
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
        Span::styled(format!("{}: ", tr(lang, key)), theme::DIM),
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
pub fn detail_offset(app: &App, detail: Rect) -> usize {
    let Some(l) = &app.open else { return 0 };
    let (_, selected_line) = step_lines(app, &l.dossier, app.selected_step());
    detail_scroll(selected_line, detail)
}

fn step_lines(app: &App, d: &Dossier, step: Step) -> (Vec<Line<'static>>, Option<usize>) {
    let lang = app.lang;
    let mut out: Vec<Line<'static>> = Vec::new();
    let mut selected = None;
    let sel_style = |i: usize| {
        if app.pane == 1 && app.dossier.item == i {
            theme::SELECTED
        } else {
            Style::new()
        }
    };
    let yes_no = |b: bool| tr(lang, if b { "ui.yes" } else { "ui.no" });
    match step {
        Step::Representatives => {
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
                                .map(|p| format!(" ({})", cleaned(p)))
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
            let count = |s| d.side(s).count().to_string();
            out.push(Line::from(""));
            out.push(kv(
                lang,
                "ui.rep.count",
                format!(
                    "{} {} · {} {}",
                    side(lang, Side::Workers),
                    count(Side::Workers),
                    side(lang, Side::Employer),
                    count(Side::Employer)
                ),
            ));
            out.push(kv(
                lang,
                "ui.field.recorder",
                d.recorder.as_deref().map_or_else(|| none(lang), cleaned),
            ));
            if !d.instructors.is_empty() {
                let names: Vec<String> = d.instructors.iter().map(|n| cleaned(n)).collect();
                out.push(kv(lang, "ui.instructors", names.join("、")));
            }
        }
        Step::Offer => {
            match &d.offer {
                Some(o) => {
                    out.push(kv(lang, "ui.field.by", side(lang, o.by)));
                    out.push(kv(lang, "ui.field.sent", o.sent.to_string()));
                    out.push(kv(lang, "ui.field.received", o.received.to_string()));
                    let topics: Vec<String> = o.topics.iter().map(|t| cleaned(t)).collect();
                    out.push(kv(lang, "ui.field.topics", topics.join("、")));
                }
                None => out.push(Line::from(Span::styled(
                    tr(lang, "ui.offer.none"),
                    theme::DIM,
                ))),
            }
            out.push(Line::from(""));
            match &d.reply {
                Some(r) => {
                    let what = if r.accepted {
                        tr(lang, "ui.reply.accepted")
                    } else {
                        tr(lang, "ui.reply.refused")
                    };
                    out.push(kv(lang, "ui.form.reply", format!("{} {what}", r.date)));
                    if let Some(reason) = &r.reason {
                        out.push(kv(lang, "ui.field.refuse", cleaned(reason)));
                    }
                }
                None => out.push(kv(lang, "ui.form.reply", none(lang))),
            }
        }
        Step::Preparation => {
            for (i, entry) in prep_entries().into_iter().enumerate() {
                let (key, done) = match entry {
                    PrepEntry::Task(t) => (
                        format!("ui.prep.{}", t.key()),
                        d.preparation.tasks.get(&t).copied(),
                    ),
                    PrepEntry::Factor(w) => (
                        format!("ui.wage.{}", w.key()),
                        d.preparation.wage_data.get(&w).copied(),
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
                let (mark, style) = if done.is_some() {
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
            out.push(Line::from(""));
            let agenda: Vec<String> = d.preparation.agenda.iter().map(|a| cleaned(a)).collect();
            out.push(kv(
                lang,
                "ui.field.agenda",
                if agenda.is_empty() {
                    none(lang)
                } else {
                    agenda.join("、")
                },
            ));
            out.push(kv(
                lang,
                "ui.field.data_provided",
                d.preparation
                    .data_provided
                    .map_or_else(|| none(lang), |x| x.to_string()),
            ));
        }
        Step::Rounds => {
            for r in &d.rounds {
                let agreed = r
                    .issues
                    .iter()
                    .filter(|i| i.status == IssueStatus::Agreed)
                    .count();
                let state = match &r.state {
                    RoundState::Open => tr(lang, "ui.round.open"),
                    RoundState::Closed { .. } => tr(lang, "ui.round.closed"),
                    RoundState::Suspended { until, .. } => {
                        trf(lang, "ui.round.suspended", &[("until", &until.to_string())])
                    }
                };
                out.push(Line::from(vec![
                    Span::styled(
                        trf(lang, "ui.round.n", &[("n", &r.number.to_string())]),
                        theme::HEADER,
                    ),
                    Span::raw(format!(" {} ", r.date)),
                    Span::raw(r.place.as_deref().map(cleaned).unwrap_or_default()),
                    Span::styled(format!(" {state} "), theme::MARK),
                    Span::styled(
                        trf(
                            lang,
                            "ui.round.agreed_of",
                            &[
                                ("a", &agreed.to_string()),
                                ("n", &r.issues.len().to_string()),
                            ],
                        ),
                        theme::DIM,
                    ),
                ]));
            }
            if d.rounds.is_empty() {
                out.push(Line::from(Span::styled(
                    tr(lang, "ui.round.none"),
                    theme::DIM,
                )));
            }
        }
        Step::Draft | Step::Term => {
            for (k, v) in crate::service::fact::term_values(&d.terms) {
                out.push(kv(lang, &format!("ui.term.{k}"), cleaned(&v)));
            }
            for (k, v) in &d.terms.allowances {
                out.push(kv(
                    lang,
                    "ui.term.allowance",
                    format!("{} {}", cleaned(k), crate::domain::values::format_fen(*v)),
                ));
            }
            if d.terms == crate::domain::AgreedTerms::default() {
                out.push(Line::from(Span::styled(
                    tr(lang, "ui.terms.none"),
                    theme::DIM,
                )));
            }
            if step == Step::Draft {
                out.push(Line::from(""));
                let clauses = app
                    .open
                    .as_ref()
                    .and_then(|l| l.contract.as_ref())
                    .map_or(0, crate::contract::Contract::clause_count);
                out.push(kv(lang, "ui.draft.clauses", clauses.to_string()));
                out.push(kv(
                    lang,
                    "ui.form.draft_signed",
                    d.draft_signed.map_or_else(|| none(lang), |x| x.to_string()),
                ));
                if let Some(e) = app.open.as_ref().and_then(|l| l.contract_error.as_ref()) {
                    out.push(Line::from(Span::styled(cleaned(e), theme::ERROR)));
                }
            }
        }
        Step::PreReview => match &d.prereview {
            Some(p) => {
                out.push(kv(lang, "ui.field.submitted", p.submitted.to_string()));
                let dec = p.decision.map_or_else(
                    || none(lang),
                    |x| {
                        tr(
                            lang,
                            match x {
                                PreReviewDecision::Pass => "ui.choice.pass",
                                PreReviewDecision::PassWithChanges => "ui.choice.pass_with_changes",
                                PreReviewDecision::Return => "ui.choice.return",
                            },
                        )
                    },
                );
                out.push(kv(lang, "ui.field.decision", dec));
                if let Some(x) = p.decided {
                    out.push(kv(lang, "ui.field.decided", x.to_string()));
                }
                for o in &p.opinions {
                    out.push(Line::from(vec![
                        Span::styled(format!("{} ", cleaned(&o.clause)), theme::KEY),
                        Span::raw(cleaned(&o.text)),
                    ]));
                }
            }
            None => out.push(Line::from(Span::styled(
                tr(lang, "ui.nothing_yet"),
                theme::DIM,
            ))),
        },
        Step::Congress => match &d.congress {
            Some(c) => {
                out.push(kv(lang, "ui.field.date", c.date.to_string()));
                out.push(kv(
                    lang,
                    "ui.congress.votes",
                    trf(
                        lang,
                        "ui.congress.line",
                        &[
                            ("total", &c.total.to_string()),
                            ("present", &c.present.to_string()),
                            ("for", &c.votes_for.to_string()),
                            ("against", &c.against.to_string()),
                            ("abstain", &c.abstain.to_string()),
                        ],
                    ),
                ));
            }
            None => out.push(Line::from(Span::styled(
                tr(lang, "ui.nothing_yet"),
                theme::DIM,
            ))),
        },
        Step::Signing => match &d.signing {
            Some(s) => {
                out.push(kv(lang, "ui.field.date", s.date.to_string()));
                let chief = |c: &Option<String>| c.as_deref().map_or_else(|| none(lang), cleaned);
                out.push(kv(lang, "ui.side.workers", chief(&s.workers_chief)));
                out.push(kv(lang, "ui.side.employer", chief(&s.employer_chief)));
                out.push(kv(lang, "ui.field.seals", yes_no(s.seals)));
            }
            None => out.push(Line::from(Span::styled(
                tr(lang, "ui.nothing_yet"),
                theme::DIM,
            ))),
        },
        Step::Filing => match &d.filing {
            Some(x) => {
                out.push(kv(lang, "ui.field.sent", x.sent.to_string()));
                out.push(kv(
                    lang,
                    "ui.field.received",
                    x.received.map_or_else(|| none(lang), |r| r.to_string()),
                ));
                out.push(kv(
                    lang,
                    "ui.field.registration_no",
                    x.registration_no
                        .as_deref()
                        .map_or_else(|| none(lang), cleaned),
                ));
                let pkg: Vec<&str> = x.package.iter().map(|p| p.key()).collect();
                out.push(kv(lang, "ui.field.package", pkg.join(", ")));
            }
            None => out.push(Line::from(Span::styled(
                tr(lang, "ui.nothing_yet"),
                theme::DIM,
            ))),
        },
        Step::Effect => {
            match &d.review {
                Some(r) => {
                    let what = match &r.outcome {
                        ReviewOutcome::NoObjection => tr(lang, "ui.review.no_objection"),
                        ReviewOutcome::Objection { text } => cleaned(text),
                    };
                    out.push(kv(lang, "ui.form.review", format!("{} {what}", r.date)));
                }
                None => out.push(kv(lang, "ui.form.review", none(lang))),
            }
            out.push(kv(
                lang,
                "ui.field.effective",
                d.effective.map_or_else(|| none(lang), |x| x.to_string()),
            ));
            out.push(kv(
                lang,
                "ui.form.publication",
                d.publication
                    .as_ref()
                    .map_or_else(|| none(lang), |p| p.date.to_string()),
            ));
        }
    }
    (out, selected)
}

/// The checklist shows the GR 33 tasks first, then a heading, then the WM 8 factors.
const PREP_TASKS: usize = crate::domain::PrepTask::ALL.len();
