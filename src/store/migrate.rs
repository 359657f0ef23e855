//! Upgrading `dossier.json` written by an older xieshang to the current [`SCHEMA_VERSION`].
//!
//! This module owns the chain of one-step upgrades (`v1 → v2`, `v2 → v3`, …) on untyped JSON, so
//! an old file never has to deserialize into today's structs directly. It does no I/O: the
//! upgraded dossier is written back only when the user next saves, and a file from a *newer*
//! program is refused here and never touched.

use crate::domain::{Dossier, SCHEMA_VERSION};
use serde_json::Value;

/// Why a JSON value could not be brought to the current schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MigrateError {
    /// Written by a newer program.
    Newer { found: u64 },
    /// Not a dossier of any known version (detail in English, from serde or from the step).
    Invalid(String),
}

/// The `schema_version` recorded in `value`, if it is a non-negative integer.
pub(crate) fn schema_version(value: &Value) -> Option<u64> {
    value.get("schema_version").and_then(Value::as_u64)
}

/// Upgrades `value` step by step to [`SCHEMA_VERSION`] and deserializes it.
///
/// A missing `schema_version` is treated as version 1: the very first files were written
/// before the field was settled, and version 1 is the oldest that ever existed.
pub fn migrate(mut value: Value) -> Result<Dossier, MigrateError> {
    if !value.is_object() {
        return Err(MigrateError::Invalid(
            "the top level is not a JSON object".to_string(),
        ));
    }
    let mut version = match value.get("schema_version") {
        None => 1,
        Some(v) => v.as_u64().ok_or_else(|| {
            MigrateError::Invalid(format!("schema_version is {v}, not a whole number"))
        })?,
    };
    if version > u64::from(SCHEMA_VERSION) {
        return Err(MigrateError::Newer { found: version });
    }
    if version == 0 {
        return Err(MigrateError::Invalid(
            "schema_version 0 never existed".to_string(),
        ));
    }
    while version < u64::from(SCHEMA_VERSION) {
        let step = usize::try_from(version - 1)
            .ok()
            .and_then(|i| STEPS.get(i))
            .ok_or_else(|| {
                MigrateError::Invalid(format!("no upgrade from schema_version {version}"))
            })?;
        value = step(value)?;
        version += 1;
    }
    if let Some(obj) = value.as_object_mut() {
        obj.insert("schema_version".to_string(), Value::from(SCHEMA_VERSION));
    }
    serde_json::from_value(value).map_err(|e| MigrateError::Invalid(e.to_string()))
}

/// `STEPS[n - 1]` upgrades version `n` to `n + 1`. When the model changes, append a step here
/// and bump `SCHEMA_VERSION`. A bump without a step is reported as an error rather than silently
/// skipped.
type Step = fn(Value) -> Result<Value, MigrateError>;
const STEPS: &[Step] = &[
    v1_to_v2, v2_to_v3, v3_to_v4, v4_to_v5, v5_to_v6, v6_to_v7, v7_to_v8, v8_to_v9,
];

/// Version 2 adds `seal`, the fingerprint taken at signing. A version-1 file has none, even when
/// signed: the seal cannot be made up afterwards from a text that may have changed since, so a
/// signed version-1 dossier stays unsealed and `verify` says so.
fn v1_to_v2(mut value: Value) -> Result<Value, MigrateError> {
    let obj = value
        .as_object_mut()
        .ok_or_else(|| MigrateError::Invalid("not a JSON object".to_string()))?;
    if obj.contains_key("seal") {
        return Err(MigrateError::Invalid(
            "a version-1 dossier with a seal field".to_string(),
        ));
    }
    Ok(value)
}

/// Version 3 gives amendments their clauses, congress approval, the state they follow and their
/// own seal. A version-2 amendment is free text only: it keeps its text and date, follows nothing
/// sealed, and carries no seal (the text it changed was never re-sealed).
fn v2_to_v3(value: Value) -> Result<Value, MigrateError> {
    let bad = value
        .get("amendments")
        .and_then(Value::as_array)
        .is_some_and(|a| a.iter().any(|x| x.get("seal").is_some()));
    if bad {
        return Err(MigrateError::Invalid(
            "a version-2 amendment with a seal".to_string(),
        ));
    }
    Ok(value)
}

/// Version 4 splits the pre-review by owner. The submission date stays in `dossier.json`
/// (`prereview_submitted`, the grassroots union's fact, also in each earlier attempt); the
/// pre-reviews themselves (current and earlier) move to `prereviews`, which the store writes to
/// `prereview.json` on the next save. Before version 4 every pre-review was typed in by the
/// grassroots side, so each is marked `entered_by: grassroots`; opinions get their numbers.
fn v3_to_v4(mut value: Value) -> Result<Value, MigrateError> {
    let obj = value
        .as_object_mut()
        .ok_or_else(|| MigrateError::Invalid("not a JSON object".to_string()))?;
    if obj.contains_key("prereviews") || obj.contains_key("prereview_submitted") {
        return Err(MigrateError::Invalid(
            "a version-3 dossier with version-4 pre-review fields".to_string(),
        ));
    }
    let mut reviews = Vec::new();
    let mut take = |holder: &mut serde_json::Map<String, Value>| -> Result<(), MigrateError> {
        let Some(mut p) = holder.remove("prereview").filter(|p| !p.is_null()) else {
            return Ok(());
        };
        let submitted = p
            .get("submitted")
            .cloned()
            .ok_or_else(|| MigrateError::Invalid("a pre-review without submitted".to_string()))?;
        holder.insert("prereview_submitted".to_string(), submitted);
        if let Some(p) = p.as_object_mut() {
            p.insert("entered_by".to_string(), Value::from("grassroots"));
            if let Some(ops) = p.get_mut("opinions").and_then(Value::as_array_mut) {
                for (i, o) in ops.iter_mut().enumerate() {
                    if let Some(o) = o.as_object_mut() {
                        o.insert("no".to_string(), Value::from(i + 1));
                    }
                }
            }
        }
        reviews.push(p);
        Ok(())
    };
    if let Some(attempts) = obj
        .get_mut("earlier_attempts")
        .and_then(Value::as_array_mut)
    {
        for a in attempts {
            if let Some(a) = a.as_object_mut() {
                take(a)?;
            }
        }
    }
    take(obj)?;
    if !reviews.is_empty() {
        obj.insert(
            "prereviews".to_string(),
            serde_json::json!({ "reviews": reviews }),
        );
    }
    Ok(value)
}

/// Version 5 adds `imported`, the provenance of an agreement signed before xieshang and imported
/// into the archive. No version-4 dossier was imported, so nothing is added or moved: only the
/// version changes. A version-4 file that already says `imported` was not written by a version-4
/// program and is refused rather than guessed at.
fn v4_to_v5(value: Value) -> Result<Value, MigrateError> {
    if value.get("imported").is_some() {
        return Err(MigrateError::Invalid(
            "a version-4 dossier with an imported field".to_string(),
        ));
    }
    Ok(value)
}

/// Version 6 adds `preparation.costing`, the data costing works from (average wage, staff,
/// wage distribution, CPI, guideline, the area's tier). A version-5 dossier has none: costing
/// says so ("unknown") until it is entered, so nothing is made up here and only the version
/// changes. A version-5 file that already has it was not written by a version-5 program.
fn v5_to_v6(value: Value) -> Result<Value, MigrateError> {
    if value
        .get("preparation")
        .and_then(|p| p.get("costing"))
        .is_some()
    {
        return Err(MigrateError::Invalid(
            "a version-5 dossier with preparation.costing".to_string(),
        ));
    }
    Ok(value)
}

/// Version 7 types the issues at the table: each round issue gets the `unit` its positions are
/// in (percent, yuan a month …), found from its name as a new issue's is; an issue whose name
/// names no agreed term is text, so no value typed before is refused afterwards. A version-6
/// issue that already has a unit was not written by a version-6 program and is refused.
fn v6_to_v7(mut value: Value) -> Result<Value, MigrateError> {
    let rounds = value
        .get_mut("rounds")
        .and_then(Value::as_array_mut)
        .into_iter()
        .flatten();
    for round in rounds {
        let issues = round
            .get_mut("issues")
            .and_then(Value::as_array_mut)
            .into_iter()
            .flatten();
        for issue in issues {
            let Some(obj) = issue.as_object_mut() else {
                continue;
            };
            if obj.contains_key("unit") {
                return Err(MigrateError::Invalid(
                    "a version-6 round issue with a unit".to_string(),
                ));
            }
            let key = obj.get("key").and_then(Value::as_str).unwrap_or_default();
            // As version 7 pinned it: the term's unit, else text (allowances were text then;
            // their positions were typed as such).
            let unit = crate::domain::issue::term_of(key).map_or(
                crate::domain::issue::Unit::Text,
                crate::domain::issue::Unit::of_term,
            );
            obj.insert("unit".to_string(), Value::from(unit.key()));
        }
    }
    Ok(value)
}

/// Version 8 lets a sealed state correct a mistyped signed fact: an amendment may say which fact
/// it `corrects` (its old and new values and the reason are in `corrections`). Every version-7
/// amendment changed the agreement, so nothing is added: only the version changes. A version-7
/// amendment that already says `corrects` was not written by a version-7 program.
fn v7_to_v8(value: Value) -> Result<Value, MigrateError> {
    let claims = value
        .get("amendments")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .any(|a| a.get("corrects").is_some());
    if claims {
        return Err(MigrateError::Invalid(
            "a version-7 amendment that corrects a fact".to_string(),
        ));
    }
    Ok(value)
}

/// Version 9 lets the costing data say how many months a year a summer allowance (高温津贴) is
/// paid (`preparation.costing.summer_months`). A version-8 file has none, and its summer
/// allowances are costed for the default months; one that has it was not written by a
/// version-8 program. A version-8 program would drop the setting on its next save, hence the
/// bump rather than a silent new field.
fn v8_to_v9(value: Value) -> Result<Value, MigrateError> {
    let claims = value
        .pointer("/preparation/costing/summer_months")
        .is_some();
    if claims {
        return Err(MigrateError::Invalid(
            "a version-8 dossier with summer_months".to_string(),
        ));
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{ContractKind, Enterprise};
    use chrono::NaiveDate;

    fn sample() -> Value {
        let d = Dossier::new(
            "x".into(),
            ContractKind::Wage,
            Enterprise::default(),
            NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(),
        );
        serde_json::to_value(d).unwrap()
    }

    #[test]
    fn current_version_passes() {
        assert_eq!(migrate(sample()).unwrap().schema_version, SCHEMA_VERSION);
    }

    #[test]
    fn missing_version_is_v1() {
        let mut v = sample();
        v.as_object_mut().unwrap().remove("schema_version");
        assert_eq!(migrate(v).unwrap().schema_version, SCHEMA_VERSION);
    }

    #[test]
    fn newer_is_refused() {
        let mut v = sample();
        v["schema_version"] = Value::from(SCHEMA_VERSION + 1);
        assert_eq!(
            migrate(v).unwrap_err(),
            MigrateError::Newer {
                found: u64::from(SCHEMA_VERSION) + 1
            }
        );
    }

    #[test]
    fn a_version_3_prereview_moves_out_marked_as_typed_in_by_the_grassroots_side() {
        let mut v = sample();
        let o = v.as_object_mut().unwrap();
        o.remove("prereview_submitted");
        o.insert("schema_version".into(), Value::from(3));
        o.insert(
            "prereview".into(),
            serde_json::json!({
                "submitted": "2026-04-27", "decided": "2026-05-08", "decision": "pass",
                "opinions": [{"clause": "第三条", "text": "建议明确计发时间。"}]
            }),
        );
        o.insert(
            "earlier_attempts".into(),
            serde_json::json!([{ "prereview": { "submitted": "2026-03-01", "opinions": [] } }]),
        );
        let d = migrate(v).unwrap();
        assert_eq!(d.prereview_submitted, NaiveDate::from_ymd_opt(2026, 4, 27));
        assert_eq!(
            d.earlier_attempts[0].prereview_submitted,
            NaiveDate::from_ymd_opt(2026, 3, 1)
        );
        assert_eq!(d.prereviews.reviews.len(), 2);
        let p = d.prereview().unwrap();
        assert_eq!(p.entered_by, crate::domain::EnteredBy::Grassroots);
        assert_eq!(p.opinions[0].no, 1);
        assert_eq!(p.opinions[0].clause, "第三条");
        assert_eq!(p.decided, NaiveDate::from_ymd_opt(2026, 5, 8));
        // Written back, dossier.json no longer holds it.
        let out = serde_json::to_value(&d).unwrap();
        assert!(out.get("prereview").is_none() && out.get("prereviews").is_none());
    }

    /// The fixture is a version-3 file as the version-4 program saved it (pre-reviews moved out).
    #[test]
    fn a_version_4_dossier_changes_nothing_but_its_version() {
        let text = include_str!("../../tests/fixtures/schema/v4-prereview-submitted.json");
        let v: Value = serde_json::from_str(text).unwrap();
        assert_eq!(schema_version(&v), Some(4));
        let d = migrate(v.clone()).unwrap();
        assert_eq!(d.schema_version, SCHEMA_VERSION);
        assert_eq!(d.imported, None);
        assert_eq!(d.prereview_submitted, NaiveDate::from_ymd_opt(2026, 4, 27));
        let mut out = serde_json::to_value(&d).unwrap();
        out["schema_version"] = Value::from(4);
        // Version 6's units on the round issues aside.
        for r in out["rounds"].as_array_mut().unwrap() {
            for i in r["issues"].as_array_mut().unwrap() {
                i.as_object_mut().unwrap().remove("unit");
            }
        }
        assert_eq!(out, v);
        let mut claims = v;
        claims["imported"] =
            serde_json::json!({"date": "2026-01-01", "file": "a.txt", "sha256": "00"});
        assert!(matches!(migrate(claims), Err(MigrateError::Invalid(_))));
    }

    #[test]
    fn a_version_5_dossier_gets_no_costing_data_made_up() {
        let text = include_str!("../../tests/fixtures/schema/v5-wage-rounds.json");
        let v: Value = serde_json::from_str(text).unwrap();
        assert_eq!(schema_version(&v), Some(5));
        let d = migrate(v.clone()).unwrap();
        assert_eq!(d.schema_version, SCHEMA_VERSION);
        assert!(d.preparation.costing.is_empty());
        let mut out = serde_json::to_value(&d).unwrap();
        out["schema_version"] = Value::from(5);
        // Version 7's units on the round issues aside.
        for r in out["rounds"].as_array_mut().unwrap() {
            for i in r["issues"].as_array_mut().unwrap() {
                i.as_object_mut().unwrap().remove("unit");
            }
        }
        assert_eq!(out, v);
        let mut claims = v;
        claims["preparation"]["costing"] = serde_json::json!({"staff": 420});
        assert!(matches!(migrate(claims), Err(MigrateError::Invalid(_))));
    }

    #[test]
    fn nonsense_is_invalid() {
        assert!(matches!(
            migrate(Value::from(3)),
            Err(MigrateError::Invalid(_))
        ));
        let mut v = sample();
        v["schema_version"] = Value::from("one");
        assert!(matches!(migrate(v), Err(MigrateError::Invalid(_))));
    }

    /// A version-6 dossier's round issues get the unit their names imply; nothing else changes.
    #[test]
    fn a_version_6_dossier_gets_units_on_its_issues() {
        use crate::domain::issue::Unit;
        let text = include_str!("../../tests/fixtures/schema/v6-rounds.json");
        let v: Value = serde_json::from_str(text).unwrap();
        assert_eq!(schema_version(&v), Some(6));
        let d = migrate(v.clone()).unwrap();
        assert_eq!(d.schema_version, 9);
        let units: Vec<(&str, Option<Unit>)> = d.rounds[0]
            .issues
            .iter()
            .map(|i| (i.key.as_str(), i.unit))
            .collect();
        assert_eq!(
            units,
            vec![
                ("平均工资增长", Some(Unit::Percent)),
                ("企业最低工资", Some(Unit::YuanMonth)),
                ("加班工资基数", Some(Unit::Text)),
                ("高温津贴", Some(Unit::Text)),
            ]
        );
        let mut out = serde_json::to_value(&d).unwrap();
        out["schema_version"] = Value::from(6);
        for r in out["rounds"].as_array_mut().unwrap() {
            for i in r["issues"].as_array_mut().unwrap() {
                i.as_object_mut().unwrap().remove("unit");
            }
        }
        assert_eq!(out, v);
        let mut claims = v;
        claims["rounds"][0]["issues"][0]["unit"] = Value::from("days");
        assert!(matches!(migrate(claims), Err(MigrateError::Invalid(_))));
    }

    /// A version-7 amendment stays an amendment: it corrects no fact, and nothing else changes.
    #[test]
    fn a_version_7_amendment_corrects_no_fact() {
        let text = include_str!("../../tests/fixtures/schema/v7-amended.json");
        let v: Value = serde_json::from_str(text).unwrap();
        assert_eq!(schema_version(&v), Some(7));
        let d = migrate(v.clone()).unwrap();
        assert_eq!(d.schema_version, 9);
        assert_eq!(d.amendments.len(), 1);
        assert_eq!(d.amendments[0].what, "调整高温津贴发放月份");
        assert_eq!(d.amendments[0].follows.as_deref(), Some("signed"));
        assert_eq!(d.amendments[0].corrects, None);
        assert_eq!(
            d.amendments[0]
                .seal
                .as_ref()
                .map(|s| s.facts_sha256.as_str()),
            Some("851709135204b65b0d7c37a995cfdfc9309c8afee052a1b22791ef0091d71394")
        );
        let mut out = serde_json::to_value(&d).unwrap();
        out["schema_version"] = Value::from(7);
        assert_eq!(out, v);
        let mut claims = v;
        claims["amendments"][0]["corrects"] = Value::from("signing.date");
        assert!(matches!(migrate(claims), Err(MigrateError::Invalid(_))));
    }

    /// A version-8 dossier with costing data keeps every figure and gets no summer months (the
    /// default, 4, applies); nothing else changes.
    #[test]
    fn a_version_8_costing_has_no_summer_months() {
        let text = include_str!("../../tests/fixtures/schema/v8-costing.json");
        let v: Value = serde_json::from_str(text).unwrap();
        assert_eq!(schema_version(&v), Some(8));
        let d = migrate(v.clone()).unwrap();
        assert_eq!(d.schema_version, 9);
        let c = &d.preparation.costing;
        assert_eq!(c.avg_wage_fen, Some(685_000));
        assert_eq!(c.staff, Some(420));
        assert_eq!(c.summer_months, None);
        let mut out = serde_json::to_value(&d).unwrap();
        out["schema_version"] = Value::from(8);
        assert_eq!(out, v);
        let mut claims = v;
        claims["preparation"]["costing"]["summer_months"] = Value::from(3);
        assert!(matches!(migrate(claims), Err(MigrateError::Invalid(_))));
    }
}
