//! The verbs that record the procedure: each parses its strings into one `service::Fact`, has the
//! service record it as one commit, prints one line in the user's language, and prints at once
//! any new warning or error the rules now find (the fact is recorded either way).

use super::args::{
    AnswerArgs, CongressArgs, FileArgs, NewArgs, OfferArgs, PrepArgs, PrereviewArgs, RepArgs,
    ReviewArgs, RoundAction,
};
use super::out::outln;
use super::{CliError, output};
use crate::domain::values::{parse_count, parse_date};
use crate::domain::{Invalid, Problem, Representative, Side};
use crate::i18n::trf;
use crate::service::fact::{MAX_COUNT, TERM_KEYS, Vote};
use crate::service::{Fact, NewDossier, Service};
use chrono::NaiveDate;

pub(crate) fn parse_side(field: &str, s: &str) -> Result<Side, Invalid> {
    match s.trim() {
        "workers" | "worker" | "职工" | "职工方" => Ok(Side::Workers),
        "employer" | "企业" | "企业方" => Ok(Side::Employer),
        _ => Err(Invalid::new(
            field,
            s,
            Problem::UnknownKey {
                valid: "workers, employer".into(),
            },
        )),
    }
}

fn date_or_today(svc: &Service, field: &str, s: Option<&str>) -> Result<NaiveDate, Invalid> {
    s.map_or(Ok(svc.today()), |s| parse_date(field, s))
}

/// Records one fact as one commit, prints what happened in the user's language, and prints at
/// once any new warning or error the rules now find (the fact is recorded either way).
pub(crate) fn apply(svc: &mut Service, id: &str, fact: &Fact) -> Result<(), CliError> {
    let done = svc.record(id, fact)?;
    outln!(
        "{}{}{}",
        done.dossier.id,
        crate::i18n::colon(svc.lang()),
        output::events_text(svc.lang(), &done.events)
    )?;
    output::print_findings(svc.lang(), &done.new_findings);
    // A date after today is recorded (it may be planned) but said: it is usually a typo.
    let today = svc.today();
    for (option, date) in fact.dates() {
        if date > today {
            super::out::errln!(
                "{}",
                trf(
                    svc.lang(),
                    "cli.future_date",
                    &[
                        ("option", option),
                        ("date", &date.to_string()),
                        ("today", &today.to_string()),
                    ],
                )
            );
        }
    }
    Ok(())
}

pub(crate) fn init(svc: &mut Service) -> Result<(), CliError> {
    let path = svc.root().display().to_string();
    if svc.is_empty() {
        let id = crate::demo::build(svc.root(), svc.lang())?;
        outln!(
            "{}",
            trf(svc.lang(), "cli.init_demo", &[("path", &path), ("id", &id)])
        )?;
    } else {
        outln!("{}", trf(svc.lang(), "cli.init_exists", &[("path", &path)]))?;
    }
    Ok(())
}

pub(crate) fn demo(svc: &mut Service) -> Result<(), CliError> {
    let id = crate::demo::build(svc.root(), svc.lang())?;
    outln!("{id}")?;
    Ok(())
}

pub(crate) fn new(svc: &mut Service, a: &NewArgs) -> Result<(), CliError> {
    let created = svc.create(&NewDossier {
        kind: a.kind.clone(),
        enterprise: a.enterprise.clone(),
        region: a.region.clone(),
        staff: a.staff.clone(),
        women: a.women.clone(),
        union_members: a.union_members.clone(),
        industry: a.industry.clone(),
        high_risk: a.high_risk,
        area_or_sector: a.area,
    })?;
    outln!("{}", created.id)?;
    Ok(())
}

pub(crate) fn enterprise(
    svc: &mut Service,
    id: &str,
    key: &str,
    value: &str,
) -> Result<(), CliError> {
    let fact = Fact::Enterprise {
        key: key.to_string(),
        value: value.to_string(),
    };
    apply(svc, id, &fact)
}

pub(crate) fn rep(svc: &mut Service, a: &RepArgs) -> Result<(), CliError> {
    let side = parse_side("--side", &a.side)?;
    let date = date_or_today(svc, "--date", a.date.as_deref())?;
    let fact = if a.remove {
        Fact::RemoveRepresentative {
            side,
            name: a.name.clone(),
            date,
            mistake: a.mistake,
        }
    } else {
        Fact::Representative {
            rep: Representative {
                name: a.name.clone(),
                side,
                post: a.post.clone(),
                chief: a.chief,
                outsider: a.outsider,
                female: a.female,
                delegated: a.delegated,
            },
            date,
        }
    };
    apply(svc, &a.id, &fact)
}

pub(crate) fn recorder(svc: &mut Service, id: &str, name: &str) -> Result<(), CliError> {
    apply(svc, id, &Fact::Recorder(name.to_string()))
}

pub(crate) fn instructor(svc: &mut Service, id: &str, name: &str) -> Result<(), CliError> {
    apply(svc, id, &Fact::Instructor(name.to_string()))
}

pub(crate) fn offer(svc: &mut Service, a: &OfferArgs) -> Result<(), CliError> {
    let fact = Fact::Offer {
        by: parse_side("--by", &a.by)?,
        sent: parse_date("--sent", &a.sent)?,
        received: parse_date("--received", &a.received)?,
        topics: a.topics.iter().cloned().collect(),
    };
    apply(svc, &a.id, &fact)
}

pub(crate) fn reply(
    svc: &mut Service,
    id: &str,
    date: &str,
    refuse: Option<&str>,
) -> Result<(), CliError> {
    let fact = Fact::Reply {
        date: parse_date("--date", date)?,
        refusal: refuse.map(str::to_string),
    };
    apply(svc, id, &fact)
}

pub(crate) fn prep(svc: &mut Service, a: &PrepArgs) -> Result<(), CliError> {
    let only_costing = a.tasks.is_empty()
        && a.wage_data.is_empty()
        && a.agenda.is_empty()
        && a.data_provided.is_none();
    if a.costing.any() {
        super::cost::prep_costing(svc, &a.id, &a.costing)?;
        if only_costing {
            return Ok(());
        }
    }
    let fact = Fact::Preparation {
        date: date_or_today(svc, "--date", a.date.as_deref())?,
        data_provided: a
            .data_provided
            .as_deref()
            .map(|s| parse_date("--data-provided", s))
            .transpose()?,
        tasks: a.tasks.clone(),
        wage_data: a.wage_data.clone(),
        agenda: a.agenda.clone(),
    };
    apply(svc, &a.id, &fact)
}

pub(crate) fn round(svc: &mut Service, id: &str, action: RoundAction) -> Result<(), CliError> {
    // A position or an agreement below a legal floor is recorded (it is what was said at the
    // table) and warned about on stderr, as the table marks it in red.
    let floor_check = match &action {
        RoundAction::Position { issue, side, .. } => {
            Some((issue.clone(), Some(parse_side("--side", side)?)))
        }
        RoundAction::Agree { issue, .. } => Some((issue.clone(), None)),
        _ => None,
    };
    let fact = match action {
        RoundAction::Open { date, chair, place } => Fact::OpenRound {
            date: parse_date("--date", &date)?,
            chair: parse_side("--chair", &chair)?,
            place,
        },
        RoundAction::Position {
            issue,
            side,
            value,
            unit,
        } => Fact::Position {
            issue,
            side: parse_side("--side", &side)?,
            value,
            unit: unit
                .as_deref()
                .map(|u| crate::domain::issue::Unit::parse("--unit", u))
                .transpose()?,
        },
        RoundAction::Agree { issue, value } => Fact::Agree { issue, value },
        RoundAction::Withdraw { issue } => Fact::Withdraw { issue },
        RoundAction::RemoveIssue { issue } => Fact::RemoveIssue { issue },
        RoundAction::RenameIssue { issue, to, reason } => Fact::RenameIssue { issue, to, reason },
        RoundAction::Note { text, present } => Fact::Notes { text, present },
        RoundAction::Close {
            suspend_until,
            next_place,
            next_content,
            minutes_signed,
        } => Fact::CloseRound {
            suspend_until: suspend_until
                .as_deref()
                .map(|s| parse_date("--suspend-until", s))
                .transpose()?,
            next_place,
            next_content,
            minutes_signed,
        },
    };
    apply(svc, id, &fact)?;
    if let Some((issue, side)) = floor_check {
        warn_below_floor(svc, id, &issue, side);
    }
    Ok(())
}

/// Says on stderr when the value just recorded for `issue` (a side's position, or the agreed
/// value) is below a legal floor — the overtime rates, the local minimum wage.
fn warn_below_floor(svc: &Service, id: &str, issue: &str, side: Option<Side>) {
    let Ok((d, analysis)) = svc.check(id) else {
        return;
    };
    let key = crate::text::sanitize_line(issue);
    let Some(i) = d.rounds.last().and_then(|r| r.find_issue(&key)) else {
        return;
    };
    let value = match side {
        Some(s) => i.position(s),
        None => i.agreed.as_deref(),
    };
    let Some(v) = value else {
        return;
    };
    let unit = i.unit();
    if let Some(f) = crate::domain::issue::below_floor(&i.key, unit, v, analysis.local_min_wage_fen)
    {
        let lang = svc.lang();
        super::out::errln!(
            "{}",
            trf(
                lang,
                "cli.below_floor",
                &[
                    // A term typed by its key (`min_wage`) is named as the table names it.
                    ("issue", &crate::domain::issue::label(&i.key, lang)),
                    ("value", &crate::domain::issue::show_position(v, lang)),
                    (
                        "floor",
                        &trf(
                            lang,
                            "ui.table.below_floor",
                            &[("floor", &unit.show(lang, f.figure)), ("rule", f.rule)],
                        ),
                    ),
                ],
            )
        );
    }
}

pub(crate) fn terms(svc: &mut Service, id: &str, pairs: &[String]) -> Result<(), CliError> {
    let mut parsed = Vec::new();
    for p in pairs {
        let (k, v) = p.split_once('=').ok_or_else(|| {
            Invalid::new(
                "KEY=VALUE",
                p.as_str(),
                Problem::UnknownKey {
                    valid: TERM_KEYS.join(", "),
                },
            )
        })?;
        parsed.push((k.to_string(), v.to_string()));
    }
    apply(svc, id, &Fact::Terms(parsed))
}

pub(crate) fn draft_signed(svc: &mut Service, id: &str, date: &str) -> Result<(), CliError> {
    apply(svc, id, &Fact::DraftSigned(parse_date("--date", date)?))
}

pub(crate) fn prereview(svc: &mut Service, a: &PrereviewArgs) -> Result<(), CliError> {
    let decision = match a.decision.as_deref() {
        Some(k) => Some((
            k.to_string(),
            date_or_today(svc, "--date", a.date.as_deref())?,
        )),
        None => None,
    };
    let fact = Fact::PreReview {
        submitted: a
            .submitted
            .as_deref()
            .map(|s| parse_date("--submitted", s))
            .transpose()?,
        received: a
            .received
            .as_deref()
            .map(|s| parse_date("--received", s))
            .transpose()?,
        decision,
        opinion: a.clause.clone().zip(a.opinion.clone()),
        withdraw: a
            .withdraw
            .as_deref()
            .map(|s| parse_count("--withdraw", s, MAX_COUNT))
            .transpose()?,
    };
    apply(svc, &a.id, &fact)
}

pub(crate) fn answer(svc: &mut Service, a: &AnswerArgs) -> Result<(), CliError> {
    let fact = Fact::Answer {
        opinion: parse_count("--opinion", &a.opinion, MAX_COUNT)?,
        text: a.text.clone(),
    };
    apply(svc, &a.id, &fact)
}

pub(crate) fn congress(svc: &mut Service, a: &CongressArgs) -> Result<(), CliError> {
    let max = MAX_COUNT;
    let optional = |field: &str, v: Option<&str>| -> Result<u32, Invalid> {
        Ok(v.map(|s| parse_count(field, s, max))
            .transpose()?
            .unwrap_or(0))
    };
    let fact = Fact::Congress {
        date: parse_date("--date", &a.date)?,
        vote: Vote {
            total: parse_count("--total", &a.total, max)?,
            present: parse_count("--present", &a.present, max)?,
            votes_for: parse_count("--for", &a.votes_for, max)?,
            against: optional("--against", a.against.as_deref())?,
            abstain: optional("--abstain", a.abstain.as_deref())?,
            all_staff: a.all_staff,
        },
    };
    apply(svc, &a.id, &fact)
}

pub(crate) fn sign(svc: &mut Service, id: &str, date: &str, seals: bool) -> Result<(), CliError> {
    let fact = Fact::Signing {
        date: parse_date("--date", date)?,
        seals,
    };
    apply(svc, id, &fact)
}

pub(crate) fn file(svc: &mut Service, a: &FileArgs) -> Result<(), CliError> {
    let fact = Fact::Filing {
        sent: parse_date("--sent", &a.sent)?,
        received: a
            .received
            .as_deref()
            .map(|s| parse_date("--received", s))
            .transpose()?,
        registration_no: a.registration_no.clone(),
        package: a.package.clone(),
    };
    apply(svc, &a.id, &fact)
}

pub(crate) fn review(svc: &mut Service, a: &ReviewArgs) -> Result<(), CliError> {
    let fact = Fact::Review {
        date: parse_date("--date", &a.date)?,
        objection: if a.no_objection {
            None
        } else {
            a.objection.clone()
        },
        effective: a
            .effective
            .as_deref()
            .map(|s| parse_date("--effective", s))
            .transpose()?,
    };
    apply(svc, &a.id, &fact)
}

pub(crate) fn publish(svc: &mut Service, id: &str, date: &str) -> Result<(), CliError> {
    apply(svc, id, &Fact::Publication(parse_date("--date", date)?))
}

/// `correct ID --what W --value V --reason R`: one fact corrected, as its own commit.
pub(crate) fn correct(
    svc: &mut Service,
    id: &str,
    what: String,
    value: String,
    reason: String,
) -> Result<(), CliError> {
    let date = svc.today();
    apply(
        svc,
        id,
        &Fact::Correct {
            what,
            value,
            reason,
            date,
        },
    )
}

pub(crate) fn amend(
    svc: &mut Service,
    id: &str,
    date: &str,
    text: &str,
    clauses: &[String],
    approved: Option<&str>,
) -> Result<(), CliError> {
    let mut parsed = Vec::new();
    for c in clauses {
        let (n, t) = c.split_once('=').ok_or_else(|| {
            Invalid::new(
                "--clause",
                c.as_str(),
                Problem::UnknownKey {
                    valid: "N=TEXT".into(),
                },
            )
        })?;
        let n = parse_count("--clause", n.trim(), MAX_COUNT)? as usize;
        parsed.push((n, t.to_string()));
    }
    let fact = Fact::Amendment {
        date: parse_date("--date", date)?,
        text: text.to_string(),
        clauses: parsed,
        approved: approved.map(|a| parse_date("--approved", a)).transpose()?,
    };
    apply(svc, id, &fact)
}
