//! Every style the UI uses, by name. Screens ask for `theme::OVERDUE`, never for a colour, so the
//! look can change in one place and stays consistent. Holds no state and draws nothing.

use ratatui::style::{Color, Modifier, Style};

pub const TITLE: Style = Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD);
pub const BORDER: Style = Style::new().fg(Color::DarkGray);
pub const BORDER_FOCUS: Style = Style::new().fg(Color::Cyan);
pub const SELECTED: Style = Style::new().add_modifier(Modifier::REVERSED);
pub const HEADER: Style = Style::new().add_modifier(Modifier::BOLD);
pub const DIM: Style = Style::new().fg(Color::DarkGray);
pub const NORMAL: Style = Style::new();
pub const KEY: Style = Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD);

pub const OVERDUE: Style = Style::new().fg(Color::Red).add_modifier(Modifier::BOLD);
pub const DUE_SOON: Style = Style::new().fg(Color::Yellow);
pub const DUE_LATER: Style = Style::new().fg(Color::Green);

pub const DONE: Style = Style::new().fg(Color::Green);
pub const CURRENT: Style = Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD);
pub const NOT_YET: Style = Style::new().fg(Color::DarkGray);

pub const ERROR: Style = Style::new().fg(Color::Red);
pub const WARNING: Style = Style::new().fg(Color::Yellow);
pub const INFO: Style = Style::new().fg(Color::Blue);
pub const OK: Style = Style::new().fg(Color::Green);

pub const WORKERS: Style = Style::new().fg(Color::Magenta);
pub const EMPLOYER: Style = Style::new().fg(Color::Blue);
pub const AGREED: Style = Style::new().fg(Color::Green).add_modifier(Modifier::BOLD);
pub const WITHDRAWN: Style = Style::new()
    .fg(Color::DarkGray)
    .add_modifier(Modifier::CROSSED_OUT);

pub const DELETED: Style = Style::new()
    .fg(Color::Red)
    .add_modifier(Modifier::CROSSED_OUT);
pub const INSERTED: Style = Style::new()
    .fg(Color::Green)
    .add_modifier(Modifier::UNDERLINED);
pub const MARK: Style = Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD);

pub const FIELD: Style = Style::new().add_modifier(Modifier::UNDERLINED);
pub const FIELD_FOCUS: Style = Style::new().fg(Color::Black).bg(Color::Cyan);
pub const FLASH: Style = Style::new().fg(Color::Green);

/// The style of a deadline `days` away (negative: overdue).
pub fn due(days: i64) -> Style {
    if days < 0 {
        OVERDUE
    } else if days <= 7 {
        DUE_SOON
    } else {
        DUE_LATER
    }
}

pub fn severity(s: crate::domain::rules::Severity) -> Style {
    match s {
        crate::domain::rules::Severity::Error => ERROR,
        crate::domain::rules::Severity::Warning => WARNING,
        crate::domain::rules::Severity::Info => INFO,
    }
}
