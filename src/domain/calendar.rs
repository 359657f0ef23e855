//! The holiday calendar and the counting of periods (procedure.md §4; CC 201, 203).
//!
//! This module owns which days are rest days — weekends, statutory holidays, and the adjusted
//! working days (调休) of the State Council's yearly schedule — and `period_end`, the one place
//! where "within N days after X" becomes a date. The schedule is data (one JSON file per year
//! under `templates/regions/holidays/`), embedded here and extendable with a user's file by the
//! store layer; this module never reads files itself and never reads the clock.

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};

/// A data file (holiday schedule or region data) that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DataError {
    #[error("not valid data JSON: {0}")]
    Json(String),
    #[error("date {date} is not in year {year}")]
    WrongYear { year: i32, date: NaiveDate },
    #[error("{0}")]
    Inconsistent(String),
}

/// One year's schedule as stored in `templates/regions/holidays/YYYY.json`.
#[derive(Deserialize, Debug, Clone)]
struct YearFile {
    year: i32,
    #[serde(default)]
    source: String,
    #[serde(default)]
    holidays: Vec<NaiveDate>,
    #[serde(default)]
    workdays: Vec<NaiveDate>,
}

/// The rest days of the years we have data for; other years fall back to weekends only.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HolidayCalendar {
    holidays: BTreeSet<NaiveDate>,
    workdays: BTreeSet<NaiveDate>,
    /// Year → the notice the data was taken from (shown to the user with a computed deadline).
    sources: BTreeMap<i32, String>,
}

const BUILTIN: [&str; 2] = [
    include_str!("../../templates/regions/holidays/2025.json"),
    include_str!("../../templates/regions/holidays/2026.json"),
];

impl HolidayCalendar {
    /// An empty calendar: weekends are rest days, nothing else.
    pub fn weekends_only() -> Self {
        Self::default()
    }

    /// The schedules shipped with the program. The files are checked by the test suite, so a
    /// broken one is caught before release; at run time a broken file is skipped rather than
    /// taking the whole program down (deadlines then fall back to weekends for that year).
    /// The built-in calendar, parsed once per process.
    pub fn shared() -> &'static HolidayCalendar {
        static SHARED: std::sync::OnceLock<HolidayCalendar> = std::sync::OnceLock::new();
        SHARED.get_or_init(HolidayCalendar::builtin)
    }

    pub fn builtin() -> Self {
        let mut cal = Self::default();
        for text in BUILTIN {
            if let Ok(year) = Self::from_json(text) {
                cal.merge(year);
            }
        }
        cal
    }

    /// One year's schedule from its JSON text. Every date must lie in the declared year, and no
    /// day may be both a holiday and an adjusted workday.
    pub fn from_json(text: &str) -> Result<Self, DataError> {
        let file: YearFile =
            serde_json::from_str(text).map_err(|e| DataError::Json(e.to_string()))?;
        let mut cal = Self::default();
        for &date in file.holidays.iter().chain(&file.workdays) {
            if date.year() != file.year {
                return Err(DataError::WrongYear {
                    year: file.year,
                    date,
                });
            }
        }
        cal.holidays.extend(file.holidays);
        cal.workdays.extend(file.workdays);
        if let Some(both) = cal.holidays.intersection(&cal.workdays).next() {
            return Err(DataError::Inconsistent(format!(
                "{both} is listed both as a holiday and as a workday"
            )));
        }
        cal.sources.insert(file.year, file.source);
        Ok(cal)
    }

    /// Adds `other`'s years, replacing any year both know: a user's newer file wins over the
    /// built-in one, whole year at a time, so two notices are never mixed.
    pub fn merge(&mut self, other: HolidayCalendar) {
        for &year in other.sources.keys() {
            self.holidays.retain(|d| d.year() != year);
            self.workdays.retain(|d| d.year() != year);
        }
        self.holidays.extend(other.holidays);
        self.workdays.extend(other.workdays);
        self.sources.extend(other.sources);
    }

    /// Whether the schedule for `year` is known (otherwise only weekends count as rest days).
    pub fn knows_year(&self, year: i32) -> bool {
        self.sources.contains_key(&year)
    }

    /// The years from the day after `start` to `end` whose schedule is not known: a period
    /// counted over them takes weekends only as rest days there.
    pub fn unknown_years(&self, start: NaiveDate, end: NaiveDate) -> Vec<i32> {
        let first = start.succ_opt().unwrap_or(start).year();
        (first..=end.year())
            .filter(|y| !self.knows_year(*y))
            .collect()
    }

    /// The notice the year's data comes from, if known.
    pub fn source(&self, year: i32) -> Option<&str> {
        self.sources.get(&year).map(String::as_str)
    }

    pub fn is_holiday(&self, d: NaiveDate) -> bool {
        self.holidays.contains(&d)
    }

    /// A statutory holiday, or a Saturday/Sunday that is not an adjusted workday (调休).
    pub fn is_rest_day(&self, d: NaiveDate) -> bool {
        if self.holidays.contains(&d) {
            return true;
        }
        let weekend = matches!(d.weekday(), Weekday::Sat | Weekday::Sun);
        weekend && !self.workdays.contains(&d)
    }

    /// The first working day on or after `d`.
    pub fn next_working_day(&self, d: NaiveDate) -> NaiveDate {
        let mut day = d;
        // A holiday block is at most a few weeks; the bound only guards against absurd data.
        for _ in 0..366 {
            if !self.is_rest_day(day) {
                return day;
            }
            match day.checked_add_days(Days::new(1)) {
                Some(next) => day = next,
                None => return day,
            }
        }
        day
    }
}

/// The last day of "within `days` days after `start`": the start day is not counted (CC 201),
/// so 20 days after 3 March ends on 23 March; a last day that is a rest day or holiday moves
/// to the next working day (CC 203).
pub fn period_end(start: NaiveDate, days: u32, cal: &HolidayCalendar) -> NaiveDate {
    let last = start
        .checked_add_days(Days::new(u64::from(days)))
        .unwrap_or(NaiveDate::MAX);
    cal.next_working_day(last)
}

/// The last day of "within `days` working days after `start`": the working days after the start
/// day are counted on the calendar (holidays and weekends skipped, adjusted workdays counted).
pub fn working_days_end(start: NaiveDate, days: u32, cal: &HolidayCalendar) -> NaiveDate {
    let mut day = start;
    let mut left = days;
    // 0 working days ends on the start day; the bound guards against absurd data.
    for _ in 0..(u64::from(days) * 3 + 400) {
        if left == 0 {
            break;
        }
        match day.checked_add_days(Days::new(1)) {
            Some(next) => day = next,
            None => return day,
        }
        if !cal.is_rest_day(day) {
            left -= 1;
        }
    }
    day
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn builtin_files_all_load() {
        for text in BUILTIN {
            HolidayCalendar::from_json(text).unwrap();
        }
        let cal = HolidayCalendar::builtin();
        assert!(cal.knows_year(2025) && cal.knows_year(2026) && !cal.knows_year(2027));
    }

    #[test]
    fn adjusted_workday_and_holiday() {
        let cal = HolidayCalendar::builtin();
        assert!(!cal.is_rest_day(d("2026-10-10")), "Saturday 调休 workday");
        assert!(cal.is_rest_day(d("2026-10-03")));
        assert!(
            cal.is_rest_day(d("2027-01-02")),
            "weekend in an unknown year"
        );
        assert!(!cal.is_rest_day(d("2027-01-04")));
    }

    #[test]
    fn the_years_a_period_runs_into_without_a_schedule() {
        let cal = HolidayCalendar::builtin();
        assert_eq!(
            cal.unknown_years(d("2026-12-17"), d("2026-12-31")),
            Vec::<i32>::new()
        );
        assert_eq!(
            cal.unknown_years(d("2026-12-18"), d("2027-01-01")),
            vec![2027]
        );
        // The start day is not counted: from 31 December the period is all in the next year.
        assert_eq!(
            cal.unknown_years(d("2026-12-31"), d("2027-01-14")),
            vec![2027]
        );
        assert_eq!(
            cal.unknown_years(d("2025-12-20"), d("2026-01-06")),
            Vec::<i32>::new()
        );
        assert_eq!(
            cal.unknown_years(d("2024-12-20"), d("2025-01-06")),
            vec![2024]
        );
        assert_eq!(
            cal.unknown_years(d("2024-12-31"), d("2024-12-31")),
            Vec::<i32>::new()
        );
    }

    #[test]
    fn counting_starts_the_day_after() {
        let cal = HolidayCalendar::weekends_only();
        assert_eq!(period_end(d("2026-03-03"), 20, &cal), d("2026-03-23"));
    }

    #[test]
    fn bad_files_are_refused() {
        assert!(HolidayCalendar::from_json("{").is_err());
        let wrong = r#"{"year":2027,"holidays":["2026-01-01"],"workdays":[]}"#;
        assert!(matches!(
            HolidayCalendar::from_json(wrong),
            Err(DataError::WrongYear { .. })
        ));
        let both = r#"{"year":2027,"holidays":["2027-01-01"],"workdays":["2027-01-01"]}"#;
        assert!(matches!(
            HolidayCalendar::from_json(both),
            Err(DataError::Inconsistent(_))
        ));
    }

    #[test]
    fn a_user_year_replaces_the_builtin_year() {
        let mut cal = HolidayCalendar::builtin();
        let user = r#"{"year":2026,"source":"user","holidays":["2026-03-03"],"workdays":[]}"#;
        cal.merge(HolidayCalendar::from_json(user).unwrap());
        assert!(cal.is_rest_day(d("2026-03-03")));
        assert!(!cal.is_rest_day(d("2026-10-08")) && !cal.is_rest_day(d("2026-10-05")));
        assert_eq!(cal.source(2026), Some("user"));
    }
}
