//! The judgement of a dossier in the shape the screens and `check` read: where each step stands,
//! the rules' findings merged with the draft's content findings (CONTENT-ITEMS /
//! CONTENT-CHAPTERS), the deadlines and what blocks the current step. One merge, here, so the
//! TUI's checklist and `xieshang check` can never disagree.

use super::view::{Analysis, Loaded, StepState, StepView};
use crate::contract::{Contract, content, parse, template};
use crate::domain::calendar::HolidayCalendar;
use crate::domain::{Dossier, procedure, rules};
use chrono::NaiveDate;

/// The rules' judgement of `d` (and of its draft, when there is one) as of `today`.
pub(crate) fn analyse(
    d: &Dossier,
    contract: Option<&Contract>,
    ctx: &rules::Context<'_>,
    today: NaiveDate,
) -> Analysis {
    let by_law = rules::effect::effective_from(d, ctx.calendar);
    let status = procedure::status_with_effect(d, &ctx.policy(d), today, by_law);
    let report = rules::check(d, ctx, today);
    let mut findings = report.findings;
    if let Some(c) = contract {
        let tpl = template::Template::for_kind(d.kind);
        findings.extend(content::check(d.kind, c, tpl.as_ref(), ctx.lang));
        findings.extend(rules::blanks::check(d, &blanks(c), ctx.lang));
    } else {
        // Signed with no draft text on record.
        findings.extend(rules::blanks::no_text(d, ctx.lang));
    }
    findings.sort_by_key(|f| (f.step, f.severity));
    let local_min_wage_fen = ctx
        .area(d)
        .and_then(|a| a.min_wage_on(today))
        .map(|m| m.monthly_fen);
    Analysis {
        local_min_wage_fen,
        steps: status
            .steps
            .iter()
            .map(|s| StepView {
                step: s.step,
                state: match s.state {
                    procedure::StepState::Done { date } => StepState::Done(date),
                    procedure::StepState::Skipped => StepState::Done(None),
                    procedure::StepState::Current => StepState::Current,
                    procedure::StepState::NotYet => StepState::NotYet,
                },
            })
            .collect(),
        findings,
        deadlines: report.deadlines,
        blockers: status
            .blockers
            .iter()
            .map(|b| b.message(ctx.lang))
            .collect(),
    }
}

/// The template blanks left in `c`, each with its clause number (0: the title or preamble).
fn blanks(c: &Contract) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = std::iter::once(&c.title)
        .chain(&c.preamble)
        .flat_map(|t| rules::blanks::find(t))
        .map(|b| (0, b))
        .collect();
    for (n, _, clause) in c.clauses() {
        let text = crate::contract::render::clause_body(clause);
        out.extend(rules::blanks::find(&text).into_iter().map(|b| (n, b)));
    }
    out
}

/// An opened dossier: the record, its draft parsed (or why it does not parse) and the judgement.
pub(crate) fn loaded(
    dossier: Dossier,
    text: Option<&str>,
    calendar: &HolidayCalendar,
    ctx: &rules::Context<'_>,
    today: NaiveDate,
    read_only: bool,
) -> Loaded {
    let (contract, contract_error) = match text.map(parse::parse) {
        Some(Ok(c)) => (Some(c), None),
        Some(Err(e)) => (None, Some(e.message(ctx.lang))),
        None => (None, None),
    };
    let analysis = analyse(&dossier, contract.as_ref(), ctx, today);
    Loaded {
        dossier,
        contract,
        contract_error,
        analysis,
        read_only,
        read_only_storage: false,
        calendar: calendar.clone(),
        regions: ctx.regions.clone(),
        standing: super::fact::Standing::default(),
        followthrough: Vec::new(),
    }
}

/// The judgement with the built-in region data only (tests, benchmarks).
pub fn analyse_builtin(d: &Dossier, lang: crate::i18n::Lang, today: NaiveDate) -> Analysis {
    let ctx = rules::Context::new(
        crate::domain::region::Regions::shared(),
        HolidayCalendar::shared(),
        lang,
    );
    analyse(d, None, &ctx, today)
}
