//! The integration tests, one crate: the real binary, real git repositories, the TUI's own
//! update → effects → worker path, snapshots in both languages. One crate instead of one per
//! file, so the test build links once (the CI budget is minutes on two cores).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
#[path = "common/ui.rs"]
mod ui_support;

mod archive;
mod archive_import;
mod attachments;
mod audit_fixes;
mod bundle;
mod checks;
mod cli;
mod cli_contract;
mod contract;
mod contract_shapes;
mod corrections;
mod costing;
mod costing_audit;
mod diff;
mod documents;
mod documents_contract;
mod documents_fixes;
mod documents_note;
mod documents_print;
mod draft_sources;
mod e2e_tmux;
mod exchange;
mod integrity;
mod language;
mod layers;
mod layout;
mod parity;
mod registry;
mod rename_issue;
mod rules;
mod sealed;
mod servers_selftest;
mod shapes_cli;
mod store;
mod store_kill;
mod templates;
mod tui_forms;
mod tui_import;
mod ui;
mod ui_services;
mod ui_update;
mod word;
