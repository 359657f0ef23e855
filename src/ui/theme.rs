//! Every style the UI uses, by name. Screens ask for `theme::OVERDUE`, never for a colour, so the
//! look can change in one place and stays consistent. Holds no state and draws nothing.

use ratatui::style::{Color, Modifier, Style};

pub(crate) const TITLE: Style = Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD);
pub(crate) const BORDER: Style = Style::new().fg(Color::DarkGray);
pub(crate) const BORDER_FOCUS: Style = Style::new().fg(Color::Cyan);
pub(crate) const SELECTED: Style = Style::new().add_modifier(Modifier::REVERSED);
pub(crate) const HEADER: Style = Style::new().add_modifier(Modifier::BOLD);
pub(crate) const DIM: Style = Style::new().fg(Color::DarkGray);
pub(crate) const NORMAL: Style = Style::new();
pub(crate) const KEY: Style = Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD);

pub(crate) const OVERDUE: Style = Style::new().fg(Color::Red).add_modifier(Modifier::BOLD);
pub(crate) const DUE_SOON: Style = Style::new().fg(Color::Yellow);
pub(crate) const DUE_LATER: Style = Style::new().fg(Color::Green);

pub(crate) const DONE: Style = Style::new().fg(Color::Green);
pub(crate) const CURRENT: Style = Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD);
pub(crate) const NOT_YET: Style = Style::new().fg(Color::DarkGray);

pub(crate) const ERROR: Style = Style::new().fg(Color::Red);
pub(crate) const WARNING: Style = Style::new().fg(Color::Yellow);
pub(crate) const INFO: Style = Style::new().fg(Color::Blue);
pub(crate) const OK: Style = Style::new().fg(Color::Green);

pub(crate) const WORKERS: Style = Style::new().fg(Color::Magenta);
pub(crate) const EMPLOYER: Style = Style::new().fg(Color::Blue);
pub(crate) const AGREED: Style = Style::new().fg(Color::Green).add_modifier(Modifier::BOLD);
pub(crate) const WITHDRAWN: Style = Style::new()
    .fg(Color::DarkGray)
    .add_modifier(Modifier::CROSSED_OUT);

pub(crate) const DELETED: Style = Style::new()
    .fg(Color::Red)
    .add_modifier(Modifier::CROSSED_OUT);
pub(crate) const INSERTED: Style = Style::new()
    .fg(Color::Green)
    .add_modifier(Modifier::UNDERLINED);
pub(crate) const MARK: Style = Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD);
/// What a search found, in the text around it.
pub(crate) const HIT: Style = Style::new()
    .fg(Color::Black)
    .bg(Color::Yellow)
    .add_modifier(Modifier::BOLD);
/// The tab shown, among the Archive's tabs.
pub(crate) const TAB: Style = Style::new()
    .fg(Color::Cyan)
    .add_modifier(Modifier::BOLD.union(Modifier::REVERSED));

pub(crate) const FIELD: Style = Style::new().add_modifier(Modifier::UNDERLINED);
pub(crate) const FIELD_FOCUS: Style = Style::new().fg(Color::Black).bg(Color::Cyan);
pub(crate) const FLASH: Style = Style::new().fg(Color::Green);

/// The style of a deadline `days` away (negative: overdue).
pub(crate) fn due(days: i64) -> Style {
    if days < 0 {
        OVERDUE
    } else if days <= 7 {
        DUE_SOON
    } else {
        DUE_LATER
    }
}

pub(crate) fn severity(s: crate::domain::rules::Severity) -> Style {
    match s {
        crate::domain::rules::Severity::Error => ERROR,
        crate::domain::rules::Severity::Warning => WARNING,
        crate::domain::rules::Severity::Info => INFO,
    }
}

/// What became of a pre-review opinion's clause: taken in, left as it was (needs an answer),
/// gone, or not known.
pub(crate) fn followed(f: crate::service::followthrough::Followed) -> Style {
    use crate::service::followthrough::Followed;
    match f {
        Followed::Changed => OK,
        Followed::Unchanged => WARNING,
        Followed::Deleted => ERROR,
        Followed::Unknown => DIM,
    }
}
