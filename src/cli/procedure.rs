//! The verbs that record the procedure: each parses its strings, calls one `domain::record`
//! function, saves the result as one commit through the store, prints one line, and prints at
//! once any new warning or error the rules now find (the fact is recorded either way).

use super::args::{
    CongressArgs, FileArgs, NewArgs, OfferArgs, PrepArgs, PrereviewArgs, RepArgs, ReviewArgs,
    RoundAction,
};
use super::{CliError, Ctx, output};
use crate::domain::record::{self, Change, CloseRound, NewDossier, PrepInput, Vote};
use crate::domain::values::{parse_count, parse_date};
use crate::domain::{Dossier, Invalid, Problem, Representative, Side};
use crate::i18n::trf;
use chrono::NaiveDate;

pub fn parse_side(field: &str, s: &str) -> Result<Side, Invalid> {
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

fn date_or_today(ctx: &Ctx, field: &str, s: Option<&str>) -> Result<NaiveDate, Invalid> {
    s.map_or(Ok(ctx.today), |s| parse_date(field, s))
}

/// Opens the dossier for writing, applies `f`, saves one commit, prints the outcome.
pub fn apply(
    ctx: &Ctx,
    id: &str,
    f: impl FnOnce(&Dossier) -> Result<Change, Invalid>,
) -> Result<(), CliError> {
    let ws = ctx.open()?;
    let mut writer = ws.open_for_write(id)?;
    let before = writer.dossier().clone();
    let change = f(&before)?;
    let tags: Vec<&str> = change.tags.iter().map(String::as_str).collect();
    writer.save(&change.dossier, None, &change.message, &tags)?;
    println!("{}: {}", change.dossier.id, change.message);
    output::print_new_findings(ctx, &before, &change.dossier);
    Ok(())
}

pub fn init(ctx: &Ctx) -> Result<(), CliError> {
    let ws = ctx.open()?;
    if ws.is_empty() {
        let id = crate::demo::build(&ws, ctx.today)?;
        println!(
            "{}",
            trf(
                ctx.lang,
                "cli.init_demo",
                &[("path", &ctx.workspace.display().to_string()), ("id", &id)]
            )
        );
    } else {
        println!(
            "{}",
            trf(
                ctx.lang,
                "cli.init_exists",
                &[("path", &ctx.workspace.display().to_string())]
            )
        );
    }
    Ok(())
}

pub fn demo(ctx: &Ctx) -> Result<(), CliError> {
    let ws = ctx.open()?;
    let id = crate::demo::build(&ws, ctx.today)?;
    println!("{id}");
    Ok(())
}

pub fn new(ctx: &Ctx, a: &NewArgs) -> Result<(), CliError> {
    let ws = ctx.open()?;
    let input = NewDossier {
        kind: &a.kind,
        enterprise: &a.enterprise,
        region: a.region.as_deref(),
        staff: a.staff.as_deref(),
        women: a.women.as_deref(),
        union_members: a.union_members.as_deref(),
        industry: a.industry.as_deref(),
        high_risk: a.high_risk,
        area_or_sector: a.area,
    };
    // Validate before asking the store for an id, so bad input creates nothing.
    let probe = record::new_dossier("probe".into(), &input, ctx.today)?;
    let id = ws.new_id(&probe.enterprise.name, ctx.today);
    let d = Dossier {
        id: id.clone(),
        ..probe
    };
    ws.create(
        &d,
        &format!("new dossier: {} ({})", d.enterprise.name, d.kind.key()),
    )?;
    println!("{id}");
    Ok(())
}

pub fn enterprise(ctx: &Ctx, id: &str, key: &str, value: &str) -> Result<(), CliError> {
    apply(ctx, id, |d| record::set_enterprise_field(d, key, value))
}

pub fn rep(ctx: &Ctx, a: &RepArgs) -> Result<(), CliError> {
    let side = parse_side("--side", &a.side)?;
    let date = date_or_today(ctx, "--date", a.date.as_deref())?;
    if a.remove {
        return apply(ctx, &a.id, |d| {
            record::remove_representative(d, side, &a.name, date)
        });
    }
    let rep = Representative {
        name: a.name.clone(),
        side,
        post: a.post.clone(),
        chief: a.chief,
        outsider: a.outsider,
        female: a.female,
        delegated: a.delegated,
    };
    apply(ctx, &a.id, |d| record::set_representative(d, &rep, date))
}

pub fn recorder(ctx: &Ctx, id: &str, name: &str) -> Result<(), CliError> {
    apply(ctx, id, |d| record::set_recorder(d, name))
}

pub fn instructor(ctx: &Ctx, id: &str, name: &str) -> Result<(), CliError> {
    apply(ctx, id, |d| record::add_instructor(d, name))
}

pub fn offer(ctx: &Ctx, a: &OfferArgs) -> Result<(), CliError> {
    let by = parse_side("--by", &a.by)?;
    let sent = parse_date("--sent", &a.sent)?;
    let received = parse_date("--received", &a.received)?;
    let topics: Vec<String> = a.topics.iter().cloned().collect();
    apply(ctx, &a.id, |d| {
        record::record_offer(d, by, sent, received, &topics)
    })
}

pub fn reply(ctx: &Ctx, id: &str, date: &str, refuse: Option<&str>) -> Result<(), CliError> {
    let date = parse_date("--date", date)?;
    apply(ctx, id, |d| record::record_reply(d, date, refuse))
}

pub fn prep(ctx: &Ctx, a: &PrepArgs) -> Result<(), CliError> {
    let date = date_or_today(ctx, "--date", a.date.as_deref())?;
    let data_provided = a
        .data_provided
        .as_deref()
        .map(|s| parse_date("--data-provided", s))
        .transpose()?;
    let input = PrepInput {
        tasks: a.tasks.iter().map(String::as_str).collect(),
        wage_data: a.wage_data.iter().map(String::as_str).collect(),
        data_provided,
        agenda: a.agenda.iter().map(String::as_str).collect(),
    };
    apply(ctx, &a.id, |d| record::record_preparation(d, &input, date))
}

pub fn round(ctx: &Ctx, id: &str, action: RoundAction) -> Result<(), CliError> {
    match action {
        RoundAction::Open { date, chair, place } => {
            let date = parse_date("--date", &date)?;
            let chair = parse_side("--chair", &chair)?;
            apply(ctx, id, |d| {
                record::open_round(d, date, chair, place.as_deref())
            })
        }
        RoundAction::Position { issue, side, value } => {
            let side = parse_side("--side", &side)?;
            apply(ctx, id, |d| {
                record::record_position(d, &issue, side, &value)
            })
        }
        RoundAction::Agree { issue, value } => {
            apply(ctx, id, |d| record::record_agreement(d, &issue, &value))
        }
        RoundAction::Withdraw { issue } => apply(ctx, id, |d| record::withdraw_issue(d, &issue)),
        RoundAction::Note { text, present } => apply(ctx, id, |d| {
            record::round_notes(d, text.as_deref(), &present)
        }),
        RoundAction::Close {
            suspend_until,
            next_place,
            next_content,
            minutes_signed,
        } => {
            let suspend_until = suspend_until
                .as_deref()
                .map(|s| parse_date("--suspend-until", s))
                .transpose()?;
            let how = CloseRound {
                suspend_until,
                next_place: next_place.as_deref(),
                next_content: next_content.as_deref(),
                minutes_signed,
            };
            apply(ctx, id, |d| record::close_round(d, &how))
        }
    }
}

pub fn terms(ctx: &Ctx, id: &str, pairs: &[String]) -> Result<(), CliError> {
    let mut parsed = Vec::new();
    for p in pairs {
        let (k, v) = p.split_once('=').ok_or_else(|| {
            Invalid::new(
                "KEY=VALUE",
                p.as_str(),
                Problem::UnknownKey {
                    valid: record::TERM_KEYS.join(", "),
                },
            )
        })?;
        parsed.push((k, v));
    }
    apply(ctx, id, |d| record::set_terms(d, &parsed))
}

pub fn draft_signed(ctx: &Ctx, id: &str, date: &str) -> Result<(), CliError> {
    let date = parse_date("--date", date)?;
    apply(ctx, id, |d| record::record_draft_signed(d, date))
}

pub fn prereview(ctx: &Ctx, a: &PrereviewArgs) -> Result<(), CliError> {
    let submitted = a
        .submitted
        .as_deref()
        .map(|s| parse_date("--submitted", s))
        .transpose()?;
    let decision = match a.decision.as_deref() {
        Some(k) => Some((k, date_or_today(ctx, "--date", a.date.as_deref())?)),
        None => None,
    };
    let opinion = a.clause.as_deref().zip(a.opinion.as_deref());
    apply(ctx, &a.id, |d| {
        record::record_prereview(d, submitted, decision, opinion)
    })
}

pub fn congress(ctx: &Ctx, a: &CongressArgs) -> Result<(), CliError> {
    let date = parse_date("--date", &a.date)?;
    let max = record::MAX_COUNT;
    let vote = Vote {
        total: parse_count("--total", &a.total, max)?,
        present: parse_count("--present", &a.present, max)?,
        votes_for: parse_count("--for", &a.votes_for, max)?,
        against: a
            .against
            .as_deref()
            .map(|s| parse_count("--against", s, max))
            .transpose()?
            .unwrap_or(0),
        abstain: a
            .abstain
            .as_deref()
            .map(|s| parse_count("--abstain", s, max))
            .transpose()?
            .unwrap_or(0),
        all_staff: a.all_staff,
    };
    apply(ctx, &a.id, |d| record::record_congress(d, date, &vote))
}

pub fn sign(ctx: &Ctx, id: &str, date: &str, seals: bool) -> Result<(), CliError> {
    let date = parse_date("--date", date)?;
    apply(ctx, id, |d| record::record_signing(d, date, seals))
}

pub fn file(ctx: &Ctx, a: &FileArgs) -> Result<(), CliError> {
    let sent = parse_date("--sent", &a.sent)?;
    let received = a
        .received
        .as_deref()
        .map(|s| parse_date("--received", s))
        .transpose()?;
    let package: Vec<&str> = a.package.iter().map(String::as_str).collect();
    apply(ctx, &a.id, |d| {
        record::record_filing(d, sent, received, a.registration_no.as_deref(), &package)
    })
}

pub fn review(ctx: &Ctx, a: &ReviewArgs) -> Result<(), CliError> {
    let date = parse_date("--date", &a.date)?;
    let data = ctx.data()?;
    let objection = if a.no_objection {
        None
    } else {
        a.objection.as_deref()
    };
    apply(ctx, &a.id, |d| {
        record::record_review(d, date, objection, None, &data.calendar)
    })
}

pub fn publish(ctx: &Ctx, id: &str, date: &str) -> Result<(), CliError> {
    let date = parse_date("--date", date)?;
    apply(ctx, id, |d| record::record_publication(d, date))
}

pub fn amend(ctx: &Ctx, id: &str, date: &str, text: &str) -> Result<(), CliError> {
    let date = parse_date("--date", date)?;
    apply(ctx, id, |d| record::record_amendment(d, date, text))
}
