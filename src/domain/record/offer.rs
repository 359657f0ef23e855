//! Before the table: the written request to bargain (要约), the other side's written reply, and
//! the preparation — tasks done (GR 33), wage data on file (WM 8), data provided, the agenda the
//! first round starts from.

use super::{Change, line, missing, not_before, not_sealed, one_of, text};
use crate::domain::dossier::{Dossier, Offer, PrepTask, Reply, Side, WageFactor};
use crate::domain::event::Event;
use crate::domain::invalid::{Invalid, Problem};
use crate::text::sanitize_line;
use chrono::NaiveDate;

/// The written request (要约). Received before sent cannot be true.
pub fn record_offer(
    d: &Dossier,
    by: Side,
    sent: NaiveDate,
    received: NaiveDate,
    topics: &[String],
) -> Result<Change, Invalid> {
    not_sealed(d)?;
    not_before("received", received, "sent", sent)?;
    let topics = topics
        .iter()
        .flat_map(|t| t.split([',', '，', '、', ';', '；']))
        .map(sanitize_line)
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>();
    // Topics left out keep those on record.
    let topics = match &d.offer {
        Some(o) if topics.is_empty() => o.topics.clone(),
        _ => topics,
    };
    let mut n = d.clone();
    n.offer = Some(Offer {
        by,
        sent,
        received,
        topics,
    });
    super::correct::keep_recorded(
        d,
        &n,
        &["offer.by", "offer.sent", "offer.received", "offer.topics"],
    )?;
    Ok(Change::new(
        n,
        Event::new("offer.recorded")
            .arg("sent", sent)
            .arg("by", by.key())
            .arg("received", received),
    )
    .tag("offer"))
}

/// The written reply. A reply dated before the request arrived cannot be true.
pub fn record_reply(
    d: &Dossier,
    date: NaiveDate,
    refusal: Option<&str>,
) -> Result<Change, Invalid> {
    not_sealed(d)?;
    let offer = d.offer.as_ref().ok_or_else(|| missing("reply", "offer"))?;
    not_before("date", date, "offer.received", offer.received)?;
    let reason = refusal.map(|r| text("refuse", r)).transpose()?;
    let accepted = reason.is_none();
    let mut n = d.clone();
    n.reply = Some(Reply {
        date,
        accepted,
        reason,
    });
    super::correct::keep_recorded(d, &n, &["reply.date", "reply.refusal"])?;
    let what = if accepted { "accepted" } else { "refused" };
    Ok(Change::new(
        n,
        Event::new(&format!("reply.{what}")).arg("date", date),
    ))
}

/// Preparation tasks done (GR 33), wage data on file (WM 8), data provided, agenda.
#[derive(Debug, Clone, Default)]
pub struct PrepInput<'a> {
    pub tasks: Vec<&'a str>,
    pub wage_data: Vec<&'a str>,
    pub data_provided: Option<NaiveDate>,
    pub agenda: Vec<&'a str>,
}

pub fn record_preparation(
    d: &Dossier,
    input: &PrepInput<'_>,
    date: NaiveDate,
) -> Result<Change, Invalid> {
    not_sealed(d)?;
    let mut n = d.clone();
    let mut done = Vec::new();
    for t in &input.tasks {
        let task = one_of("task", t, &PrepTask::ALL, PrepTask::key)?;
        n.preparation.tasks.entry(task).or_insert(date);
        done.push(task.key());
    }
    for f in &input.wage_data {
        let factor = one_of("wage_data", f, &WageFactor::ALL, WageFactor::key)?;
        n.preparation.wage_data.entry(factor).or_insert(date);
        done.push(factor.key());
    }
    if let Some(p) = input.data_provided {
        n.preparation.data_provided = Some(p);
        done.push("data_provided");
    }
    for a in &input.agenda {
        let key = line("agenda", a)?;
        if !n.preparation.agenda.contains(&key) {
            n.preparation.agenda.push(key);
        }
        if !done.contains(&"agenda_items") {
            done.push("agenda_items");
        }
    }
    if done.is_empty() {
        return Err(Invalid::new("task", "", Problem::Empty));
    }
    super::correct::keep_recorded(d, &n, &["data_provided"])?;
    Ok(Change::new(
        n,
        Event::new("preparation.recorded").arg("items", done.join(",")),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::record::fixture::{day, dossier};

    #[test]
    fn reply_before_receipt_is_refused() {
        let d = dossier();
        let d = record_offer(&d, Side::Workers, day("2026-03-02"), day("2026-03-03"), &[])
            .unwrap()
            .dossier;
        let e = record_reply(&d, day("2026-03-01"), None).unwrap_err();
        assert_eq!(e.field, "date");
        assert!(matches!(e.problem, Problem::Before { .. }));
        assert!(record_reply(&d, day("2026-03-23"), None).is_ok());
    }
}
