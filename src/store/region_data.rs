//! The region data a user keeps in the workspace: `<workspace>/regions/*.json` (areas, minimum
//! wages, wage guidelines, local policy) and `<workspace>/regions/holidays/YYYY.json` (the State
//! Council's holiday schedule for a year). They are merged over the built-in data, so a union can
//! add next year's schedule or its own city's figures without a new release of the program.
//!
//! Reading the files is this module's job (store is the only layer that touches the filesystem);
//! parsing and merging are the domain's.

use super::{StoreError, Workspace};
use crate::domain::Invalid;
use crate::domain::Problem;
use crate::domain::calendar::HolidayCalendar;
use crate::domain::region::Regions;
use std::fs;
use std::path::Path;

/// Built-in data with the workspace's own files merged over it.
#[derive(Debug, Clone)]
pub struct RegionData {
    pub regions: Regions,
    pub calendar: HolidayCalendar,
}

/// Why a user data file was refused: its path and what is wrong, so the user can mend it.
#[derive(Debug, thiserror::Error)]
pub enum RegionDataError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Invalid(#[from] Invalid),
}

fn json_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "json") && p.is_file())
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

fn read(path: &Path) -> Result<String, StoreError> {
    fs::read_to_string(path).map_err(|source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    })
}

impl Workspace {
    /// [`Workspace::region_data`], refusing a user or published file with a minimum wage dated
    /// after `today` that does not say it was announced ahead (`"announced": true`): a figure
    /// from the future judged as if in force would be wrong, and a typo in a year looks the same.
    pub(crate) fn region_data_on(
        &self,
        today: chrono::NaiveDate,
    ) -> Result<RegionData, RegionDataError> {
        let data = self.region_data()?;
        let mut dirs = vec![self.root().join("regions")];
        if let Some(p) = self.published_dir() {
            dirs.push(p.join("regions"));
        }
        for path in dirs.iter().flat_map(|d| json_files(d)) {
            let Ok(more) = Regions::from_json(&read(&path)?) else {
                continue;
            };
            let future = more.undeclared_future(today);
            if !future.is_empty() {
                return Err(Invalid::new(
                    path.display().to_string(),
                    future.join(", "),
                    Problem::UndeclaredFuture {
                        today: today.to_string(),
                    },
                )
                .into());
            }
        }
        Ok(data)
    }

    /// The region data in force for this workspace. A broken user file is an error naming the
    /// file — silently judging with the wrong minimum wage would be worse than stopping.
    pub(crate) fn region_data(&self) -> Result<RegionData, RegionDataError> {
        let mut regions = Regions::builtin();
        let mut calendar = HolidayCalendar::builtin();
        // Published by the union one level up: over the built-in data, under the workspace's own.
        if let Some(data) = self.published_dir() {
            let name = self
                .publisher()
                .map_or_else(|| String::from("?"), |u| u.name);
            let dir = data.join("regions");
            for path in json_files(&dir) {
                let mut more = Regions::from_json(&read(&path)?).map_err(|e| {
                    Invalid::new(
                        path.display().to_string(),
                        "",
                        Problem::Other(e.to_string()),
                    )
                })?;
                more.mark_published(&name);
                regions.merge(more);
            }
            for path in json_files(&dir.join("holidays")) {
                let year = HolidayCalendar::from_json(&read(&path)?).map_err(|e| {
                    Invalid::new(
                        path.display().to_string(),
                        "",
                        Problem::Other(e.to_string()),
                    )
                })?;
                calendar.merge(year);
            }
        }
        let dir = self.root().join("regions");
        for path in json_files(&dir) {
            let more = Regions::from_json(&read(&path)?).map_err(|e| {
                Invalid::new(
                    path.display().to_string(),
                    "",
                    Problem::Other(e.to_string()),
                )
            })?;
            regions.merge(more);
        }
        for path in json_files(&dir.join("holidays")) {
            let year = HolidayCalendar::from_json(&read(&path)?).map_err(|e| {
                Invalid::new(
                    path.display().to_string(),
                    "",
                    Problem::Other(e.to_string()),
                )
            })?;
            calendar.merge(year);
        }
        Ok(RegionData { regions, calendar })
    }
}
