//! Costing for the shells: the dossier's round costed on its preparation data and the region's
//! wage guideline (`xieshang cost`, the table screen's costing pane), and the wage distribution
//! read from a CSV file for `prep --distribution`.
//!
//! The arithmetic is `domain::costing`'s; this module only picks the inputs: which round, which
//! year's guideline (the round's, else today's), the region data in force.

use super::{Failure, Service};
use crate::domain::Dossier;
use crate::domain::Problem;
use crate::domain::costing::{
    Basis, BasisUsed, ConflictKind, Cost, Costing, GuidelineBp, IncreaseCheck, IssueCost, Kind,
    RateFrom, RegionFigures, RegionRate, Total, WageBand, cost_round, parse_distribution,
};
use crate::domain::dossier::IssueStatus;
use crate::domain::record::term_label;
use crate::domain::region::Regions;
use crate::domain::values::format_bp;
use crate::domain::{Invalid, record::MAX_COUNT};
use crate::i18n::{Lang, tr, trf};
use crate::store::registry::{ReadError, Undecodable, read_csv};
use chrono::{Datelike, NaiveDate};
use std::path::Path;

/// Costs round `round` (the last when `None`) of `d`, with the guideline of `d`'s region for
/// the round's year when none was entered. Used by the CLI and, on the dossier being edited, by
/// the TUI (so a position being typed is costed as it stands).
pub fn costing_of(d: &Dossier, regions: &Regions, round: Option<u32>, today: NaiveDate) -> Costing {
    cost_round(&basis_of(d, regions, round, today), &d.rounds, round)
}

/// What costing works from for round `round` (the last when `None`): the preparation's data,
/// and the guideline, CPI and productivity entered there, else the region's for that round's
/// year (today's when there is no round yet).
pub(crate) fn basis_of(
    d: &Dossier,
    regions: &Regions,
    round: Option<u32>,
    today: NaiveDate,
) -> Basis {
    let year = d
        .rounds
        .iter()
        .rfind(|r| round.is_none_or(|n| r.number <= n))
        .map_or(today.year(), |r| r.date.year());
    let area = regions.area(&d.enterprise.region);
    let guideline = area
        .as_ref()
        .and_then(|a| a.guideline(year))
        .map(|g| GuidelineBp {
            lower_bp: g.lower_bp,
            base_bp: g.base_bp,
            upper_bp: g.upper_bp,
        });
    let rate = |found: Option<(
        &crate::domain::region::YearRate,
        &crate::domain::region::Region,
    )>| {
        found.map(|(y, r)| RegionRate {
            bp: y.bp,
            area: format!("{} {}", r.code, r.name),
            source: y.source.as_deref().map(crate::text::sanitize_line),
        })
    };
    let figures = RegionFigures {
        guideline,
        cpi: area.as_ref().and_then(|a| rate(a.cpi(year))),
        productivity: area.as_ref().and_then(|a| rate(a.productivity(year))),
    };
    Basis::of(d, &figures)
}

impl Service {
    /// `xieshang cost ID [--round N]`. A round number that does not exist is refused.
    pub fn costing(&self, id: &str, round: Option<u32>) -> Result<(Dossier, Costing), Failure> {
        let d = self.load(id)?;
        if let Some(n) = round
            && !d.rounds.iter().any(|r| r.number == n)
        {
            return Err(Invalid::new("--round", n.to_string(), Problem::NotFound).into());
        }
        let data = self.data()?;
        let c = costing_of(&d, &data.regions, round, self.today);
        Ok((d, c))
    }

    /// The costing form with a distribution (the TUI's `E`): the distribution in the CSV file
    /// at `path` read and checked first, then the figures `pairs` (a `Fact::Costing`, if any)
    /// and the distribution recorded, as `prep … --distribution FILE.csv` records them. A bad
    /// file records nothing.
    pub(crate) fn record_costing(
        &mut self,
        id: &str,
        pairs: Option<&super::Fact>,
        path: &Path,
    ) -> Result<Vec<crate::domain::event::Event>, Failure> {
        let bands = self.read_distribution(path)?;
        let mut events = Vec::new();
        if let Some(f) = pairs {
            events.extend(self.record(id, f)?.events);
        }
        events.extend(self.record(id, &super::Fact::Distribution(bands))?.events);
        Ok(events)
    }

    /// The wage distribution in the CSV file at `path` (UTF-8 or GBK): every bad line is named.
    pub fn read_distribution(&self, path: &Path) -> Result<Vec<WageBand>, Failure> {
        let lang = self.lang;
        let field = "--distribution";
        let shown = path.display().to_string();
        let phrased = |key: &str, args: &[(&str, &str)]| -> Failure {
            Invalid::new(field, &shown, Problem::Other(trf(lang, key, args))).into()
        };
        let (text, _) = read_csv(field, path).map_err(|e| match e {
            ReadError::Invalid(i) => i.into(),
            ReadError::Store(s) => s.into(),
            ReadError::Undecodable(Undecodable::Utf16) => phrased("registry.utf16", &[]),
            ReadError::Undecodable(Undecodable::Workbook) => phrased("registry.workbook", &[]),
            ReadError::Undecodable(Undecodable::Bad { line, byte }) => phrased(
                "registry.undecodable",
                &[("line", &line.to_string()), ("byte", &byte.to_string())],
            ),
        })?;
        let bands = parse_distribution(&text).map_err(|bad| {
            // Each bad line in the user's language: `第2行：人数“abc”不是整数`.
            let lines: Vec<String> = bad
                .iter()
                .map(|(n, what)| {
                    let value = what.value().map(crate::text::sanitize_line);
                    trf(
                        lang,
                        &format!("costing.csv.{}", what.key()),
                        &[
                            ("line", &n.to_string()),
                            ("value", value.as_deref().unwrap_or_default()),
                        ],
                    )
                })
                .collect();
            phrased(
                "costing.bad_csv",
                &[("lines", &lines.join(crate::i18n::semicolon(lang)))],
            )
        })?;
        let heads: u64 = bands.iter().map(|b| u64::from(b.headcount)).sum();
        if heads > u64::from(MAX_COUNT) {
            return Err(phrased("costing.bad_csv", &[("lines", &heads.to_string())]));
        }
        Ok(bands)
    }
}

/// Money for people: yuan with the thousands grouped and fen when there are any (`12214000`
/// fen → `122,140`).
fn yuan(fen: i64) -> String {
    crate::domain::values::format_fen_grouped(fen)
}

/// "月 X 元 · 年 Y 元", or "未知（缺少…）".
pub fn cost_text(lang: Lang, c: &Cost) -> String {
    match c {
        Cost::Known(m) => trf(
            lang,
            "costing.money",
            &[
                ("monthly", &yuan(m.monthly_fen)),
                ("yearly", &yuan(m.yearly_fen)),
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
    }
}

/// The on-costs of a known cost on their own line, if a rate was entered.
fn oncost_text(lang: Lang, c: &Cost) -> Option<String> {
    let m = c.known()?;
    m.oncost_monthly_fen()?;
    let part = |key: &str, v: Option<i64>, y: Option<i64>| {
        v.map(|v| {
            trf(
                lang,
                key,
                &[
                    ("monthly", &yuan(v)),
                    ("yearly", &yuan(y.unwrap_or(v.saturating_mul(12)))),
                ],
            )
        })
    };
    let parts: Vec<String> = [
        part(
            "costing.social",
            m.social_insurance_monthly_fen,
            m.social_insurance_yearly_fen,
        ),
        part(
            "costing.housing",
            m.housing_fund_monthly_fen,
            m.housing_fund_yearly_fen,
        ),
    ]
    .into_iter()
    .flatten()
    .collect();
    Some(parts.join(if lang == Lang::ZhCn { "；" } else { "; " }))
}

/// An increase judged, in one line: real growth, the guideline band, productivity, the target.
pub fn check_text(lang: Lang, who: &str, k: &IncreaseCheck) -> String {
    let mut parts = vec![format!(
        "{} {}",
        tr(lang, &format!("costing.side.{who}")),
        format_bp(i64::from(k.increase_bp))
    )];
    // Real growth by subtraction is an approximation, and says so (`约`, `≈`).
    if let Some(r) = k.real_bp {
        parts.push(trf(
            lang,
            "costing5.real",
            &[("real", &format_bp(i64::from(r)))],
        ));
    }
    if let Some(b) = k.guideline {
        parts.push(tr(lang, &format!("costing.band.{}", b.key())));
    }
    // A difference of two rates is in percentage points, not percent.
    if let Some(p) = k.over_productivity_bp {
        let key = match p.signum() {
            1 => "costing5.productivity.above",
            -1 => "costing5.productivity.below",
            _ => "costing5.productivity.level",
        };
        parts.push(trf(
            lang,
            key,
            &[("points", &points(i64::from(p.unsigned_abs())))],
        ));
    }
    parts.push(tr(
        lang,
        if k.meets_target {
            "costing.target_met"
        } else {
            "costing.target_missed"
        },
    ));
    parts.join(if lang == Lang::ZhCn { "，" } else { ", " })
}

/// A difference of two rates in basis points as percentage points, without the sign's `%`
/// (`150` → `1.5`).
pub fn points(bp: i64) -> String {
    format_bp(bp).replace('%', "")
}

/// A conflict's entered and used figures as written: a headcount, or yuan.
fn conflict_figures(c: &crate::domain::costing::Conflict) -> (String, String) {
    match c.what {
        ConflictKind::Staff => (c.entered.to_string(), c.used.to_string()),
        ConflictKind::AvgWage => (yuan(c.entered), yuan(c.used)),
    }
}

/// The figures entered that the wage distribution contradicts, one warning line each (the
/// costing rests on the distribution: see `domain::costing`).
pub fn conflict_lines(lang: Lang, b: &BasisUsed) -> Vec<String> {
    b.conflicts
        .iter()
        .map(|c| {
            let (entered, used) = conflict_figures(c);
            trf(
                lang,
                &format!("costing5.conflict.{}", c.what.key()),
                &[
                    ("entered", &entered),
                    ("used", &used),
                    (
                        "from",
                        &tr(lang, &format!("costing5.from.{}", c.from.key())),
                    ),
                ],
            )
        })
        .collect()
}

/// [`conflict_lines`] short enough for the table's costing pane.
pub fn conflict_short(lang: Lang, b: &BasisUsed) -> Vec<String> {
    b.conflicts
        .iter()
        .map(|c| {
            let (entered, used) = conflict_figures(c);
            trf(
                lang,
                "costing5.conflict_short",
                &[
                    (
                        "what",
                        &tr(lang, &format!("costing5.what.{}", c.what.key())),
                    ),
                    ("entered", &entered),
                    ("used", &used),
                ],
            )
        })
        .collect()
}

/// What an issue's cost covers when it is not simply its figure a month all year: an overtime
/// rate only over the statutory one; a summer allowance in the hot months only.
pub fn kind_note(lang: Lang, kind: Option<Kind>, summer_months: u8) -> Option<String> {
    match kind? {
        Kind::Overtime(key) => {
            let floor = crate::domain::issue::floor(key, None)?;
            Some(trf(
                lang,
                "costing5.overtime_over",
                &[("floor", &format_bp(floor.figure))],
            ))
        }
        Kind::SummerAllowance => Some(trf(
            lang,
            "costing5.summer_months",
            &[("n", &summer_months.to_string())],
        )),
        _ => None,
    }
}

/// The gap of an issue: none once it is agreed, else the sides' costs apart.
pub fn gap_text(lang: Lang, i: &IssueCost) -> String {
    if i.status == IssueStatus::Agreed {
        tr(lang, "costing5.no_gap")
    } else {
        cost_text(lang, &i.gap)
    }
}

/// One issue's costing as lines: each side's position and cost, on-costs, the gap, and for the
/// increase how it stands against the guideline, prices, productivity and the target.
pub fn issue_lines(lang: Lang, i: &IssueCost, summer_months: u8) -> Vec<String> {
    let mut out = vec![term_label(&i.key, lang)];
    if let Some(n) = kind_note(lang, i.kind, summer_months) {
        out[0] = format!("{}{}", out[0], crate::i18n::parens(lang, &n));
    }
    let mut side = |who: &str, text: Option<&String>, c: &Cost| {
        // As the table shows it (`¥2300` in English), sanitised.
        let v = text.map_or_else(
            || "—".to_string(),
            |t| crate::domain::issue::show_position(t, lang),
        );
        out.push(format!(
            "  {} {v}{}{}",
            tr(lang, &format!("costing.side.{who}")),
            crate::i18n::colon(lang),
            cost_text(lang, c)
        ));
        if let Some(o) = oncost_text(lang, c) {
            out.push(format!("    {o}"));
        }
    };
    side("workers", i.workers_text.as_ref(), &i.workers);
    side("employer", i.employer_text.as_ref(), &i.employer);
    if let Some(a) = &i.agreed {
        side("agreed", i.agreed_text.as_ref(), a);
    }
    out.push(format!(
        "  {}{}{}",
        tr(lang, "costing.gap"),
        crate::i18n::colon(lang),
        gap_text(lang, i)
    ));
    for (who, k) in &i.increase {
        out.push(format!("  {}", check_text(lang, who, k)));
    }
    out
}

/// The packages: each side's total, the gap, the agreed total, and what could not be costed.
pub fn package_lines(lang: Lang, c: &Costing) -> Vec<String> {
    let mut out = vec![tr(lang, "costing.package")];
    let not_counted = |keys: &[String]| {
        if keys.is_empty() {
            return String::new();
        }
        let keys: Vec<String> = keys.iter().map(|k| term_label(k, lang)).collect();
        trf(
            lang,
            "costing.not_counted",
            &[(
                "issues",
                &keys.join(if lang == Lang::ZhCn { "、" } else { ", " }),
            )],
        )
    };
    let mut total = |who: &str, t: &Total| {
        if t.issues == 0 {
            out.push(format!(
                "  {}{}{}",
                tr(lang, &format!("costing.side.{who}")),
                crate::i18n::colon(lang),
                tr(lang, "costing.none")
            ));
            return;
        }
        let Some(money) = t.money else {
            // Nothing in the package could be costed: unknown, never 0.
            out.push(format!(
                "  {}{}{}{}",
                tr(lang, &format!("costing.side.{who}")),
                crate::i18n::colon(lang),
                tr(lang, "costing3.all_unknown"),
                not_counted(&t.unknown)
            ));
            return;
        };
        out.push(format!(
            "  {}{}{}{}",
            tr(lang, &format!("costing.side.{who}")),
            crate::i18n::colon(lang),
            cost_text(lang, &Cost::Known(money)),
            not_counted(&t.unknown)
        ));
        if let Some(o) = oncost_text(lang, &Cost::Known(money)) {
            out.push(format!("    {o}"));
        }
        if let Some(o) = t.overlap {
            out.push(format!(
                "    {}",
                trf(
                    lang,
                    "costing2.netted",
                    &[
                        ("monthly", &yuan(o.monthly_fen)),
                        ("yearly", &yuan(o.yearly_fen)),
                    ],
                )
            ));
        }
    };
    total("workers", &c.workers);
    total("employer", &c.employer);
    total("agreed", &c.agreed);
    // Over the issues costed on both sides only: one side's figure against nothing is no gap.
    let gap = match c.gap {
        Some(g) => format!(
            "{}{}",
            cost_text(lang, &Cost::Known(g)),
            not_counted(&c.gap_excluded)
        ),
        None => tr(lang, "costing4.gap_unknown"),
    };
    out.push(format!(
        "  {}{}{gap}",
        tr(lang, "costing.gap"),
        crate::i18n::colon(lang),
    ));
    out
}

/// Where the average wage and staff costing used come from, in one line: "from the agreed
/// terms", "from preparation", … — or that they were not entered.
pub fn basis_line(lang: Lang, b: &BasisUsed) -> String {
    let from = |o: Option<crate::domain::costing::Origin>| {
        o.map(|o| tr(lang, &format!("costing2.from.{}", o.key())))
            .unwrap_or_default()
    };
    let avg = b.avg_wage_fen.map_or_else(
        || tr(lang, "costing2.avg_wage_missing"),
        |v| {
            trf(
                lang,
                "costing2.avg_wage",
                &[("yuan", &yuan(v)), ("from", &from(b.avg_wage_from))],
            )
        },
    );
    let staff = b.staff.map_or_else(
        || tr(lang, "costing2.staff_missing"),
        |v| {
            trf(
                lang,
                "costing2.staff",
                &[("n", &v.to_string()), ("from", &from(b.staff_from))],
            )
        },
    );
    let mut parts = vec![avg, staff];
    if b.distribution {
        parts.push(tr(lang, "costing2.by_band"));
    }
    for (key, bp, from) in [
        ("cpi", b.cpi_bp, &b.cpi_from),
        ("productivity", b.productivity_bp, &b.productivity_from),
    ] {
        if let Some(bp) = bp {
            parts.push(trf(
                lang,
                "costing4.rate",
                &[
                    ("what", &tr(lang, &format!("costing.key.{key}"))),
                    ("value", &format_bp(i64::from(bp))),
                    ("from", &rate_from(lang, from.as_ref())),
                ],
            ));
        }
    }
    trf(
        lang,
        "costing2.basis",
        &[(
            "parts",
            &parts.join(if lang == Lang::ZhCn { "；" } else { "; " }),
        )],
    )
}

/// Where a CPI or productivity figure comes from: preparation, or the region data's area and
/// the source it names.
fn rate_from(lang: Lang, from: Option<&RateFrom>) -> String {
    match from {
        Some(RateFrom::Region { area, source }) => trf(
            lang,
            "costing4.rate_from.region",
            &[
                ("area", area),
                (
                    "source",
                    &source
                        .as_deref()
                        .map(|s| trf(lang, "costing4.rate_source", &[("source", s)]))
                        .unwrap_or_default(),
                ),
            ],
        ),
        Some(RateFrom::Preparation) | None => tr(lang, "costing4.rate_from.preparation"),
    }
}

/// Everything said under the package totals: [`package_note`], and how overtime and a summer
/// allowance in it are counted.
pub fn package_notes(lang: Lang, c: &Costing) -> Vec<String> {
    let mut out: Vec<String> = package_note(lang, c).into_iter().collect();
    let has = |f: fn(Kind) -> bool| c.issues.iter().any(|i| i.kind.is_some_and(f));
    if has(|k| matches!(k, Kind::Overtime(_))) {
        out.push(tr(lang, "costing5.note_overtime"));
    }
    if has(|k| k == Kind::SummerAllowance) {
        out.push(trf(
            lang,
            "costing5.note_summer",
            &[("n", &c.basis.summer_months.to_string())],
        ));
    }
    out
}

/// What the package totals are, under them: netted of the increase/minimum-wage overlap, or
/// (the minimum wage not costed for want of a distribution) a floor the real cost is not below.
/// `None` when neither applies.
pub fn package_note(lang: Lang, c: &Costing) -> Option<String> {
    let totals = [&c.workers, &c.employer, &c.agreed];
    if totals.iter().any(|t| t.overlap.is_some()) {
        return Some(tr(lang, "costing2.note_netted"));
    }
    let min_uncounted = totals.iter().any(|t| {
        t.unknown
            .iter()
            .any(|k| crate::domain::issue::term_of(k) == Some("min_wage"))
    });
    (min_uncounted && !c.basis.distribution).then(|| tr(lang, "costing2.note_at_least"))
}

/// [`basis_line`] short enough for the table's costing pane: "平均工资 6850 · 420 人（约定条件）",
/// each figure with its own origin when they differ.
pub fn basis_short(lang: Lang, b: &BasisUsed) -> String {
    let from = |what: String, o: Option<crate::domain::costing::Origin>| match o {
        Some(o) => trf(
            lang,
            "costing2.pane_from",
            &[
                ("what", &what),
                (
                    "from",
                    &tr(lang, &format!("costing2.pane_from.{}", o.key())),
                ),
            ],
        ),
        None => what,
    };
    let avg = b.avg_wage_fen.map_or_else(
        || tr(lang, "costing2.pane_avg_missing"),
        |v| trf(lang, "costing2.pane_avg", &[("yuan", &yuan(v))]),
    );
    let staff = b.staff.map_or_else(
        || tr(lang, "costing2.pane_staff_missing"),
        |v| trf(lang, "costing2.pane_staff", &[("n", &v.to_string())]),
    );
    if b.avg_wage_from.is_some() && b.avg_wage_from == b.staff_from {
        from(format!("{avg} · {staff}"), b.staff_from)
    } else {
        format!(
            "{} · {}",
            from(avg, b.avg_wage_from),
            from(staff, b.staff_from)
        )
    }
}
