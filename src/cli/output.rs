//! The verbs that read: `list`, `show`, `log`, `check`, and the findings printed after a change.
//! Human output is short lines in the user's language; `--json` is stable, machine-readable JSON.

use super::CliError;
use super::out::{errln, out, outln};
use crate::domain::dossier::{Dossier, IssueStatus, ReviewOutcome, RoundState};
use crate::domain::rules::{Finding, Report, Severity};
use crate::domain::{calendar, procedure, region, rules};
use crate::i18n::{Lang, parens, tr, trf};
use crate::service::Service;
use crate::service::fact::{term_label, term_values};
use crate::text::sanitize_line;
use chrono::NaiveDate;
use serde_json::json;

/// The judgement with the built-in data only (benchmarks, tests).
pub fn judge_with(d: &Dossier, lang: Lang, today: NaiveDate) -> Report {
    let rctx = rules::Context::new(
        region::Regions::shared(),
        calendar::HolidayCalendar::shared(),
        lang,
    );
    rules::check(d, &rctx, today)
}

fn finding_line(lang: Lang, f: &Finding) -> String {
    let due = f
        .due
        .map(|d| format!(" [{}]", trf(lang, "cli.due", &[("date", &d.to_string())])))
        .unwrap_or_default();
    format!(
        "{} {} {}{due} — {}",
        f.severity.label(lang),
        f.rule,
        f.message,
        f.citation
    )
}

/// Findings a change brought, on stderr (the change itself is done).
pub(crate) fn print_findings(lang: Lang, findings: &[Finding]) {
    for f in findings {
        errln!("{}", finding_line(lang, f));
    }
}

pub use crate::service::events_text;

/// The current step's name, or "term ended" once there is none.
pub(crate) fn current_label(step: Option<procedure::Step>, lang: Lang) -> String {
    step.map_or_else(
        || tr(lang, "cli.term_ended"),
        |s| rules::step_label(s, lang),
    )
}

fn kind_label(lang: Lang, d: &Dossier) -> String {
    tr(lang, &format!("kind.{}", d.kind.key()))
}

/// One row of `list`: what the table at Home shows too.
pub struct Row {
    pub id: String,
    pub enterprise: String,
    pub kind: String,
    pub step: String,
    pub next: Option<(String, NaiveDate)>,
    pub error: Option<String>,
    /// Integrity findings (`RULE message`).
    pub integrity: Vec<String>,
    /// In effect by law though no review is recorded yet (LCL 54).
    pub effect: Option<rules::effect::EffectByLaw>,
}

/// "还剩5天" / "已逾期65天" / "今日到期": never a negative count.
pub(crate) fn days_phrase(lang: Lang, today: NaiveDate, due: NaiveDate) -> String {
    let days = (due - today).num_days();
    match days {
        d if d < 0 => trf(lang, "ui.due.overdue", &[("n", &(-d).to_string())]),
        0 => tr(lang, "ui.due.today"),
        d => trf(lang, "ui.due.in", &[("n", &d.to_string())]),
    }
}

pub fn rows(svc: &Service) -> Result<Vec<Row>, CliError> {
    let lang = svc.lang();
    let out = svc
        .overview()?
        .into_iter()
        .map(|s| Row {
            enterprise: sanitize_line(&s.enterprise),
            kind: if s.error.is_some() {
                String::new()
            } else {
                tr(lang, &format!("kind.{}", s.kind.key()))
            },
            step: if s.error.is_some() {
                String::new()
            } else {
                current_label(s.step, lang)
            },
            next: s.next.map(|x| (x.what, x.due)),
            error: s.error,
            integrity: s.integrity,
            effect: s.effect,
            id: s.id,
        })
        .collect();
    Ok(out)
}

pub(crate) fn list(svc: &Service, as_json: bool) -> Result<(), CliError> {
    let rows = rows(svc)?;
    let (lang, today) = (svc.lang(), svc.today());
    if as_json {
        let v: Vec<_> = rows
            .iter()
            .map(|r| {
                json!({
                    "id": r.id, "enterprise": r.enterprise, "kind": r.kind, "step": r.step,
                    "next_deadline": r.next.as_ref().map(|(what, due)| json!({"what": what, "due": due.to_string()})),
                    "error": r.error, "integrity": r.integrity,
                    "effective_by_law": r.effect.as_ref().map(|e| json!({"date": e.date.to_string(), "received": e.received.to_string(), "basis": e.basis})),
                })
            })
            .collect();
        outln!(
            "{}",
            serde_json::to_string_pretty(&v).map_err(anyhow::Error::from)?
        )?;
        return Ok(());
    }
    if rows.is_empty() {
        outln!("{}", tr(lang, "cli.list_empty"))?;
    }
    let mut out = String::new();
    for r in &rows {
        if let Some(e) = &r.error {
            out.push_str(&format!("{}  {}\n", r.id, e));
            continue;
        }
        let next = r.next.as_ref().map_or_else(String::new, |(what, due)| {
            format!(
                "{what} {due}{}",
                parens(lang, &days_phrase(lang, today, *due))
            )
        });
        out.push_str(&format!(
            "{}  {}  {}  {}  {}\n",
            r.id, r.enterprise, r.kind, r.step, next
        ));
        for i in &r.integrity {
            out.push_str(&format!("  ✗ {i}\n"));
        }
        if let Some(e) = &r.effect {
            out.push_str(&format!("  {}\n", e.line(lang)));
        }
    }
    out!("{out}")?;
    Ok(())
}

pub(crate) fn show(svc: &Service, id: &str, as_json: bool) -> Result<(), CliError> {
    let (d, follows) = svc.opinions(id)?;
    // What `verify` would say (checked on every show, as `check` does): shown first, and the
    // dossier is shown under its folder's id whatever its file claims (INTEGRITY-ID says so).
    let integrity = svc.integrity(id, true)?;
    if as_json {
        // The record as stored in dossier.json, with the reviewing union's pre-reviews (kept in
        // prereview.json) and what became of their opinions.
        let mut v = serde_json::to_value(&d).map_err(anyhow::Error::from)?;
        if let Some(o) = v.as_object_mut() {
            if !d.prereviews.is_empty() {
                o.insert(
                    "prereviews".into(),
                    serde_json::to_value(&d.prereviews.reviews).map_err(anyhow::Error::from)?,
                );
            }
            if !follows.is_empty() {
                o.insert(
                    "followthrough".into(),
                    serde_json::to_value(&follows).map_err(anyhow::Error::from)?,
                );
            }
            // Not stored: derived from the filing and today, so a reader sees the contract in
            // effect by law before anyone records the review.
            if let Some(e) =
                rules::effect::by_law(&d, svc.rules()?.calendar, svc.lang(), svc.today())
            {
                o.insert(
                    "effective_by_law".into(),
                    serde_json::to_value(&e).map_err(anyhow::Error::from)?,
                );
            }
            if !integrity.is_empty() {
                o.insert("id".into(), json!(id.rsplit('/').next().unwrap_or(id)));
                o.insert(
                    "integrity".into(),
                    integrity
                        .iter()
                        .map(|f| json!({"rule": f.rule, "severity": f.severity, "message": f.message}))
                        .collect(),
                );
            }
        }
        // A hand-edited file may hold anything: no control or bidi character reaches the output.
        let v = sanitized_json(v);
        outln!(
            "{}",
            serde_json::to_string_pretty(&v).map_err(anyhow::Error::from)?
        )?;
        return Ok(());
    }
    let l = svc.lang();
    let rctx = svc.rules()?;
    let by_law = rules::effect::effective_from(&d, rctx.calendar);
    let status = procedure::status_with_effect(&d, &rctx.policy(&d), svc.today(), by_law);
    let mut o = String::new();
    let e = &d.enterprise;
    o.push_str(&format!(
        "{}  {}  [{}]\n",
        // A received dossier's key is `CODE/ID`: the folder is the last part.
        sanitize_line(id.rsplit('/').next().unwrap_or(id)),
        sanitize_line(&e.name),
        kind_label(l, &d)
    ));
    for f in &integrity {
        o.push_str(&format!("✗ {} {}\n", f.rule, f.message));
    }
    let colon = crate::i18n::colon(l);
    o.push_str(&format!(
        "{}{colon}{}\n",
        tr(l, "cli.field.step"),
        current_label(status.current, l)
    ));
    o.push_str(&format!("{}{colon}{}", tr(l, "cli.field.region"), e.region));
    if let Some(s) = e.staff {
        o.push_str(&format!("  {}{colon}{s}", tr(l, "cli.field.staff")));
    }
    if let Some(w) = e.women_staff {
        o.push_str(&format!("  {}{colon}{w}", tr(l, "cli.field.women")));
    }
    o.push('\n');
    for side in crate::domain::Side::ALL {
        let names: Vec<String> = d
            .side(side)
            .map(|r| {
                let mut n = sanitize_line(&r.name);
                if r.chief {
                    n.push_str(&parens(l, &tr(l, "cli.chief")));
                }
                n
            })
            .collect();
        o.push_str(&format!(
            "{}{colon}{}\n",
            tr(l, &format!("side.{}", side.key())),
            names.join(if l == Lang::ZhCn { "、" } else { ", " })
        ));
    }
    if let Some(r) = &d.recorder {
        o.push_str(&format!(
            "{}{colon}{}\n",
            tr(l, "cli.field.recorder"),
            sanitize_line(r)
        ));
    }
    super::show_prep::instructors(&mut o, &d, l);
    if let Some(off) = &d.offer {
        o.push_str(&format!(
            "{}{colon}{} → {}\n",
            tr(l, "cli.field.offer"),
            off.sent,
            off.received
        ));
    }
    if let Some(r) = &d.reply {
        let what = if r.accepted {
            tr(l, "cli.accepted")
        } else {
            tr(l, "cli.refused")
        };
        o.push_str(&format!(
            "{}{colon}{} {what}\n",
            tr(l, "cli.field.reply"),
            r.date
        ));
    }
    super::show_prep::preparation(&mut o, &d, l);
    for r in &d.rounds {
        let state = match &r.state {
            RoundState::Open => tr(l, "cli.round_open"),
            RoundState::Closed { .. } => tr(l, "cli.round_closed"),
            RoundState::Suspended { until, .. } => {
                trf(l, "cli.round_suspended", &[("date", &until.to_string())])
            }
        };
        // A round without a place: no empty column (`Round 2 2026-03-28 closed`).
        let place = r.place.as_deref().map(sanitize_line).unwrap_or_default();
        let head = [
            trf(l, "cli.round_n", &[("n", &r.number.to_string())]),
            r.date.to_string(),
            place,
            state,
        ];
        o.push_str(
            &head
                .iter()
                .filter(|s| !s.is_empty())
                .cloned()
                .collect::<Vec<_>>()
                .join(" "),
        );
        o.push('\n');
        for i in &r.issues {
            let show_position = crate::domain::issue::show_position;
            let position = |v: Option<&str>| v.map_or_else(|| "—".into(), |v| show_position(v, l));
            let status = match i.status {
                IssueStatus::Open => String::new(),
                IssueStatus::Agreed => format!(
                    " ✓ {}",
                    i.agreed
                        .as_deref()
                        .map(|v| show_position(v, l))
                        .unwrap_or_default()
                ),
                IssueStatus::Withdrawn => parens(l, &tr(l, "cli.withdrawn")),
            };
            // A term key typed as the issue's name is shown by the term's name.
            o.push_str(&format!(
                "  {}{colon}{} {} / {} {}{status}\n",
                crate::domain::issue::label(&i.key, l),
                tr(l, "side.workers"),
                position(i.workers.as_deref()),
                tr(l, "side.employer"),
                position(i.employer.as_deref()),
            ));
        }
    }
    let terms = term_values(&d.terms);
    if !terms.is_empty() {
        let t: Vec<String> = terms
            .iter()
            .map(|(k, v)| {
                // The value carries its unit (2300元), so the label is the bare name
                // (企业最低工资, not 企业最低工资（元）), as the TUI's record shows it.
                format!(
                    "{}={}",
                    crate::i18n::lookup(l, &format!("ui.term.{k}"))
                        .unwrap_or_else(|| term_label(k, l)),
                    sanitize_line(&crate::service::fact::term_display(k, v, l))
                )
            })
            .collect();
        o.push_str(&format!(
            "{}{colon}{}\n",
            tr(l, "cli.field.terms"),
            t.join("  ")
        ));
    }
    prereview_lines(&mut o, svc, &d, &follows);
    if let Some(c) = &d.congress {
        o.push_str(&format!(
            "{}{colon}{} {}/{}/{}{}\n",
            tr(l, "cli.field.congress"),
            c.date,
            c.votes_for,
            c.against,
            c.abstain,
            parens(
                l,
                &format!(
                    "{} {}{}{} {}",
                    tr(l, "cli.present"),
                    c.present,
                    if l == Lang::ZhCn { "，" } else { ", " },
                    tr(l, "cli.total"),
                    c.total
                )
            ),
        ));
    }
    if let Some(s) = &d.signing {
        o.push_str(&format!("{}{colon}{}\n", tr(l, "cli.field.signed"), s.date));
    }
    if let Some(f) = &d.filing {
        let rec = f.received.map(|r| format!(" → {r}")).unwrap_or_default();
        o.push_str(&format!(
            "{}{colon}{}{rec}\n",
            tr(l, "cli.field.filed"),
            f.sent
        ));
    }
    if let Some(r) = &d.review {
        let what = match &r.outcome {
            ReviewOutcome::NoObjection => tr(l, "cli.no_objection"),
            ReviewOutcome::Objection { text } => {
                format!("{}{colon}{}", tr(l, "cli.objection"), sanitize_line(text))
            }
        };
        o.push_str(&format!(
            "{}{colon}{} {what}\n",
            tr(l, "cli.field.review"),
            r.date
        ));
    }
    if let Some(e) = d.effective {
        o.push_str(&format!("{}{colon}{e}\n", tr(l, "cli.field.effective")));
    } else if let Some(e) = rules::effect::by_law(&d, rctx.calendar, l, svc.today()) {
        o.push_str(&format!("{}{colon}{}\n", tr(l, "effect.field"), e.line(l)));
    }
    if let Some(p) = &d.publication {
        o.push_str(&format!(
            "{}{colon}{}\n",
            tr(l, "cli.field.published"),
            p.date
        ));
    }
    // After the facts: what was corrected since, and the sealed states after signing.
    for (key, lines) in [
        (
            "cli.field.corrections",
            d.corrections
                .iter()
                .map(crate::service::sealed::correction)
                .collect::<Vec<_>>(),
        ),
        (
            "cli.field.amendments",
            crate::service::sealed::sealed_states(&d),
        ),
    ] {
        if !lines.is_empty() {
            o.push_str(&format!("{}{}\n", tr(l, key), colon.trim_end()));
            for line in lines {
                o.push_str(&format!("  {}\n", crate::service::sealed::text(&line, l)));
            }
        }
    }
    out!("{o}")?;
    Ok(())
}

/// `v` with every string (and key) passed through the sanitiser, line breaks kept.
fn sanitized_json(v: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match v {
        Value::String(s) => Value::String(crate::text::sanitize_text(&s)),
        Value::Array(a) => Value::Array(a.into_iter().map(sanitized_json).collect()),
        Value::Object(o) => Value::Object(
            o.into_iter()
                .map(|(k, v)| (crate::text::sanitize_line(&k), sanitized_json(v)))
                .collect(),
        ),
        other => other,
    }
}

pub(crate) fn log(svc: &Service, id: &str, as_json: bool) -> Result<(), CliError> {
    let entries = svc.history(id)?;
    if as_json {
        let v: Vec<_> = entries
            .iter()
            .map(|e| {
                let events: Vec<_> = crate::domain::event::parse_events(&e.message)
                    .iter()
                    .map(|ev| json!({"kind": ev.kind, "args": ev.args.iter().map(|(k, v)| json!([k, v])).collect::<Vec<_>>()}))
                    .collect();
                json!({"commit": e.rev, "time": e.time, "text": e.text,
                       "message": sanitize_line(e.message.lines().next().unwrap_or_default()),
                       "events": events, "tags": e.tags})
            })
            .collect();
        outln!(
            "{}",
            serde_json::to_string_pretty(&v).map_err(anyhow::Error::from)?
        )?;
        return Ok(());
    }
    let mut out = String::new();
    for e in &entries {
        let tags = if e.tags.is_empty() {
            String::new()
        } else {
            parens(svc.lang(), &sanitize_line(&e.tags.join(", ")))
        };
        out.push_str(&format!("{} {} {}{tags}\n", e.short, e.time, e.text));
    }
    out!("{out}")?;
    Ok(())
}

pub(crate) fn check(svc: &Service, id: &str, as_json: bool) -> Result<(), CliError> {
    let (_, report) = svc.check(id)?;
    let errors = report
        .findings
        .iter()
        .any(|f| f.severity == Severity::Error);
    if as_json {
        let findings: Vec<_> = report
            .findings
            .iter()
            .map(|f| {
                json!({"rule": f.rule, "severity": f.severity, "step": f.step.key(), "message": f.message,
                       "citation": f.citation, "due": f.due.map(|d| d.to_string())})
            })
            .collect();
        let deadlines: Vec<_> = report
            .deadlines
            .iter()
            .map(|x| json!({"what": x.what, "rule": x.rule, "step": x.step.key(), "due": x.due.to_string()}))
            .collect();
        let v = json!({"findings": findings, "deadlines": deadlines,
                       "current_step": report.current().map(procedure::Step::key),
                       "missing": report.blockers});
        outln!(
            "{}",
            serde_json::to_string_pretty(&v).map_err(anyhow::Error::from)?
        )?;
    } else {
        let l = svc.lang();
        let mut out = String::new();
        let mut step = None;
        for f in &report.findings {
            if step != Some(f.step) {
                step = Some(f.step);
                // ✗ a step with an error, ! one with a warning, · one with reminders only.
                let mark = match report.worst(f.step) {
                    Some(Severity::Error) => "✗",
                    Some(Severity::Warning) => "!",
                    _ => "·",
                };
                out.push_str(&format!("{mark} {}\n", rules::step_label(f.step, l)));
            }
            out.push_str(&format!("  {}\n", finding_line(l, f)));
        }
        let current = report.current();
        if let Some(cur) = current.filter(|_| !report.blockers.is_empty()) {
            // What the current step still lacks, so a new dossier never reads "no problems".
            out.push_str(&format!(
                "{}\n",
                trf(
                    l,
                    "check.missing",
                    &[
                        ("step", &rules::step_label(cur, l)),
                        (
                            "items",
                            &report
                                .blockers
                                .join(if l == Lang::ZhCn { "；" } else { "; " })
                        ),
                    ]
                )
            ));
        } else if report.findings.is_empty() {
            out.push_str(&format!(
                "{}\n",
                trf(
                    l,
                    "check.clean_step",
                    &[("step", &current_label(current, l))]
                )
            ));
        }
        for x in &report.deadlines {
            out.push_str(&format!(
                "{}{}{} {}{}\n",
                tr(l, "cli.deadline"),
                crate::i18n::colon(l),
                x.what,
                x.due,
                parens(l, &days_phrase(l, svc.today(), x.due))
            ));
        }
        out!("{out}")?;
    }
    if errors {
        Err(CliError::RuleErrors)
    } else {
        Ok(())
    }
}

/// `verify`: each dossier intact, or its integrity findings; exit 1 on any.
pub(crate) fn verify(
    svc: &mut Service,
    id: Option<&str>,
    all: bool,
    as_json: bool,
) -> Result<(), CliError> {
    let results = match (id, all) {
        (Some(id), false) => vec![svc.verify(id)?],
        _ => svc.verify_all()?,
    };
    let lang = svc.lang();
    if as_json {
        let v: Vec<_> = results
            .iter()
            .map(|r| {
                let findings: Vec<_> = r
                    .findings
                    .iter()
                    .map(|f| json!({"rule": f.rule, "severity": f.severity, "message": f.message}))
                    .collect();
                json!({"id": r.id, "intact": r.is_clean(), "findings": findings, "fixed": r.fixed,
                       "witnesses": r.witnesses})
            })
            .collect();
        outln!(
            "{}",
            serde_json::to_string_pretty(&v).map_err(anyhow::Error::from)?
        )?;
    } else {
        let mut out = String::new();
        let colon = crate::i18n::colon(lang);
        for r in &results {
            for f in &r.fixed {
                out.push_str(&format!("{}{colon}{f}\n", r.id));
            }
            if r.is_clean() {
                out.push_str(&format!("{}{colon}{}\n", r.id, tr(lang, "verify.clean")));
            }
            for w in &r.witnesses {
                out.push_str(&format!("{}{colon}{w}\n", r.id));
            }
            for f in &r.findings {
                out.push_str(&format!("{}{colon}{}\n", r.id, finding_line(lang, f)));
            }
        }
        out!("{out}")?;
    }
    if results
        .iter()
        .all(crate::service::verify::Verification::is_clean)
    {
        Ok(())
    } else {
        Err(CliError::RuleErrors)
    }
}

/// The pre-review: submission, who reviewed and decided, and each opinion with what became of it
/// and the grassroots union's answer.
fn prereview_lines(
    o: &mut String,
    svc: &Service,
    d: &crate::domain::Dossier,
    follows: &[crate::service::followthrough::FollowThrough],
) {
    let l = svc.lang();
    if let Some(s) = d.prereview_submitted {
        o.push_str(&format!(
            "{}{}{s}\n",
            tr(l, "cli.field.prereview_submitted"),
            crate::i18n::colon(l)
        ));
    }
    let Some(p) =
        crate::service::followthrough::followed_review(d).or_else(|| d.prereviews.reviews.last())
    else {
        return;
    };
    let mut head = tr(l, "cli.field.prereview");
    if let Some(u) = &p.union {
        head.push_str(&format!(" {}", sanitize_line(&u.name)));
    }
    if let Some(r) = &p.reviewer {
        head.push_str(&format!(" {}", sanitize_line(r)));
    }
    if p.entered_by == crate::domain::EnteredBy::Grassroots {
        head.push_str(&parens(l, &tr(l, "cli.entered_by_grassroots")));
    }
    if let Some(r) = p.received {
        head.push_str(&format!(
            " {}",
            trf(l, "inbox.received", &[("date", &r.to_string())])
        ));
    }
    if let (Some(x), Some(date)) = (p.decision, p.decided) {
        head.push_str(&format!(
            " → {} {date}",
            tr(l, &format!("inbox.state.{}", x.key()))
        ));
    }
    o.push_str(&head);
    o.push('\n');
    for f in follows {
        let mut line = format!(
            "  [{}] {}{}{}  — {}",
            f.no,
            sanitize_line(&f.clause),
            crate::i18n::colon(l),
            sanitize_line(&f.opinion),
            f.status.label(l)
        );
        if let Some(now) = f.now.as_deref().filter(|n| *n != f.clause) {
            line.push_str(&parens(l, &trf(l, "cli.now_clause", &[("clause", now)])));
        }
        if f.withdrawn {
            line.push_str(&parens(l, &tr(l, "cli.withdrawn")));
        }
        if let Some(a) = &f.answer {
            line.push_str(&format!(
                "\n      {}{}{}",
                tr(l, "cli.answer"),
                crate::i18n::colon(l),
                sanitize_line(a)
            ));
        }
        o.push_str(&line);
        o.push('\n');
    }
}
