//! xieshang (协商): a terminal workbench for collective wage bargaining in Chinese enterprises.
//!
//! Layers, dependencies pointing down only (see `docs/design.md`):
//! `cli` / `ui` → `app` → `service` → `store` → `contract` → `domain`, with `text` (the
//! sanitiser) and `i18n` used by all. `domain` and `contract` are pure: no I/O, no clock. The
//! shells reach the store and `domain::record` only through `service` (a test enforces it).

rust_i18n::i18n!("locales", fallback = "en");

pub mod app;
pub mod cli;
pub mod contract;
pub mod demo;
pub mod documents;
pub mod domain;
pub mod i18n;
pub mod service;
pub mod store;
pub mod text;
pub mod ui;
