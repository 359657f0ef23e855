//! Who bargains: a new dossier from the enterprise facts as typed, enterprise details set later,
//! the representatives of both sides (and the vacancies a removal leaves, GR 31), the recorder
//! and the instructors from the union one level up.

use super::{Change, MAX_COUNT, line, not_sealed, one_of};
use crate::domain::dossier::{ContractKind, Dossier, Enterprise, Representative, Side, Vacancy};
use crate::domain::event::Event;
use crate::domain::invalid::{Invalid, Problem};
use crate::domain::values::parse_count;
use chrono::NaiveDate;

/// The enterprise facts a new dossier starts from, as typed.
#[derive(Debug, Clone, Default)]
pub struct NewDossier<'a> {
    pub kind: &'a str,
    pub enterprise: &'a str,
    pub region: Option<&'a str>,
    pub staff: Option<&'a str>,
    pub women: Option<&'a str>,
    pub union_members: Option<&'a str>,
    pub industry: Option<&'a str>,
    pub high_risk: bool,
    pub area_or_sector: bool,
}

/// The region used when none is given: Dalian, the province's reference city.
pub const DEFAULT_REGION: &str = "210200";

/// Builds a new dossier from what was typed (the id comes from the store).
pub fn new_dossier(
    id: String,
    input: &NewDossier<'_>,
    created: NaiveDate,
) -> Result<Dossier, Invalid> {
    let kind = one_of("kind", input.kind, &ContractKind::ALL, ContractKind::key)?;
    let name = line("enterprise", input.enterprise)?;
    let region = input.region.unwrap_or(DEFAULT_REGION).trim();
    if region.len() != 6 || !region.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Invalid::new("region", region, Problem::BadRegionCode));
    }
    let count =
        |field: &str, v: Option<&str>| v.map(|v| parse_count(field, v, MAX_COUNT)).transpose();
    let staff = count("staff", input.staff)?;
    let women = count("women", input.women)?;
    let members = count("union_members", input.union_members)?;
    for (field, part) in [("women", women), ("union_members", members)] {
        if let (Some(s), Some(p)) = (staff, part)
            && p > s
        {
            return Err(Invalid::new(
                field,
                p.to_string(),
                Problem::Exceeds {
                    other_field: "staff".into(),
                    other_value: s.to_string(),
                },
            ));
        }
    }
    let enterprise = Enterprise {
        name,
        region: region.to_string(),
        staff,
        women_staff: women,
        union_members: members,
        industry: input.industry.map(|i| line("industry", i)).transpose()?,
        high_risk: input.high_risk,
        ..Enterprise::default()
    };
    let mut d = Dossier::new(id, kind, enterprise, created);
    d.area_or_sector = input.area_or_sector;
    Ok(d)
}

/// Enterprise details that can be set later (legal representative, union chair …).
pub fn set_enterprise_field(d: &Dossier, key: &str, value: &str) -> Result<Change, Invalid> {
    not_sealed(d)?;
    let mut n = d.clone();
    let e = &mut n.enterprise;
    // The value recorded before, if any: changing it is said as a change (old → new), not as a
    // first setting, so that a second code typed over the first is not silent.
    let recorded = |e: &crate::domain::Enterprise| -> Option<String> {
        match key {
            "name" => Some(e.name.clone()),
            "credit_code" => e.credit_code.clone(),
            "industry" => e.industry.clone(),
            "union_name" => e.union_name.clone(),
            "union_chair" => e.union_chair.clone(),
            "legal_representative" => e.legal_representative.clone(),
            _ => None,
        }
        .filter(|v| !v.is_empty())
    };
    let old = recorded(e);
    match key {
        "name" => e.name = line(key, value)?,
        "credit_code" => {
            e.credit_code = Some(crate::domain::values::parse_credit_code(
                key,
                &line(key, value)?,
            )?);
        }
        "industry" => e.industry = Some(line(key, value)?),
        "union_name" => e.union_name = Some(line(key, value)?),
        "union_chair" => e.union_chair = Some(line(key, value)?),
        "legal_representative" => e.legal_representative = Some(line(key, value)?),
        _ => {
            let valid =
                "name, credit_code, industry, union_name, union_chair, legal_representative".into();
            return Err(Invalid::new("key", key, Problem::UnknownKey { valid }));
        }
    }
    let now = recorded(&n.enterprise).unwrap_or_default();
    let event = match old {
        Some(old) if old != now => Event::new("enterprise.changed")
            .arg("field", key)
            .arg("old", old)
            .arg("value", now),
        _ => Event::new("enterprise.set")
            .arg("field", key)
            .arg("value", now),
    };
    Ok(Change::new(n, event))
}

/// Several enterprise details at once (the TUI's form), each as [`set_enterprise_field`] sets it,
/// all or none, one event each.
pub fn set_enterprise_fields(d: &Dossier, pairs: &[(&str, &str)]) -> Result<Change, Invalid> {
    if pairs.is_empty() {
        return Err(Invalid::new("enterprise", "", Problem::Empty));
    }
    let mut n = d.clone();
    let mut events = Vec::new();
    for (k, v) in pairs {
        let c = set_enterprise_field(&n, k, v)?;
        n = c.dossier;
        events.extend(c.events);
    }
    Ok(Change {
        dossier: n,
        events,
        tags: Vec::new(),
    })
}

/// Adds a representative, or updates the one with the same name on the same side. A new
/// representative added on `date` fills the side's open vacancy (GR 31).
pub fn set_representative(
    d: &Dossier,
    rep: &Representative,
    date: NaiveDate,
) -> Result<Change, Invalid> {
    not_sealed(d)?;
    let name = line("name", &rep.name)?;
    let post = rep.post.as_deref().map(|p| line("post", p)).transpose()?;
    let rep = Representative {
        name: name.clone(),
        post,
        ..rep.clone()
    };
    let mut n = d.clone();
    let verb = if let Some(r) = n
        .representatives
        .iter_mut()
        .find(|r| r.name == name && r.side == rep.side)
    {
        *r = rep.clone();
        "updated"
    } else {
        n.representatives.push(rep.clone());
        "added"
    };
    if verb == "added"
        && let Some(v) = n
            .vacancies
            .iter_mut()
            .find(|v| v.side == rep.side && v.refilled.is_none())
    {
        v.refilled = Some(date.max(v.vacated));
    }
    Ok(Change::new(
        n,
        Event::new(&format!("representative.{verb}"))
            .arg("name", &name)
            .arg("side", rep.side.key()),
    ))
}

/// Removes a representative; the seat is recorded as vacant from `date` (GR 31).
pub fn remove_representative(
    d: &Dossier,
    side: Side,
    name: &str,
    date: NaiveDate,
) -> Result<Change, Invalid> {
    remove_representative_as(d, side, name, date, true)
}

/// Removes a representative who left (`vacancy`: the seat is open and must be filled within
/// the 15 days of GR 31) or who was entered by mistake (no vacancy: there never was a seat).
pub fn remove_representative_as(
    d: &Dossier,
    side: Side,
    name: &str,
    date: NaiveDate,
    vacancy: bool,
) -> Result<Change, Invalid> {
    not_sealed(d)?;
    let name = line("name", name)?;
    let mut n = d.clone();
    let before = n.representatives.len();
    n.representatives
        .retain(|r| !(r.name == name && r.side == side));
    if n.representatives.len() == before {
        return Err(Invalid::new("name", name, Problem::NotFound));
    }
    if !vacancy {
        return Ok(Change::new(
            n,
            Event::new("representative.removed_mistake")
                .arg("name", &name)
                .arg("side", side.key()),
        ));
    }
    n.vacancies.push(Vacancy {
        side,
        name: name.clone(),
        vacated: date,
        refilled: None,
    });
    Ok(Change::new(
        n,
        Event::new("representative.removed")
            .arg("name", &name)
            .arg("side", side.key()),
    ))
}

pub fn set_recorder(d: &Dossier, name: &str) -> Result<Change, Invalid> {
    not_sealed(d)?;
    let name = line("recorder", name)?;
    let mut n = d.clone();
    n.recorder = Some(name.clone());
    Ok(Change::new(n, Event::new("recorder.set").arg("name", name)))
}

pub fn add_instructor(d: &Dossier, name: &str) -> Result<Change, Invalid> {
    let name = line("instructor", name)?;
    let mut n = d.clone();
    if n.instructors.contains(&name) {
        return Err(Invalid::new("instructor", name, Problem::Duplicate));
    }
    n.instructors.push(name.clone());
    Ok(Change::new(
        n,
        Event::new("instructor.added").arg("name", name),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::record::fixture::{day, dossier};

    #[test]
    fn hostile_names_are_neutralised() {
        let rep = Representative {
            name: "张\u{202E}三\u{1b}[2J".into(),
            side: Side::Workers,
            post: None,
            chief: true,
            outsider: false,
            female: false,
            delegated: false,
        };
        let c = set_representative(&dossier(), &rep, day("2026-03-02")).unwrap();
        assert_eq!(c.dossier.representatives[0].name, "张三");
    }
}
