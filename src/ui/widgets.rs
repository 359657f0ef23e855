//! Pieces every screen uses: the sanitising text helper, the title and status lines, panes with
//! a focus border, and the overlays (help, confirm, form, editor).
//!
//! Everything here is a pure read of `App`. Text from a dossier goes through [`clean`] before it
//! reaches a cell, even though the store and `record` sanitised it on the way in: a dossier can be
//! edited by hand or arrive from anyone, and the terminal is what an escape sequence would attack.

use super::theme;
use crate::app::form::{Field, FieldKind, Form};
use crate::app::keymap;
use crate::app::{App, Confirm, Editor, Notice, Screen};
use crate::i18n::{Lang, tr, trf};
use crate::text::{is_forbidden, sanitize_line};
use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph, Wrap};
use std::borrow::Cow;
use unicode_width::UnicodeWidthStr;

/// The most of one value a screen ever shows: no terminal is wider, and a value of megabytes
/// (a hand-edited name) must not cost a scan of megabytes per frame.
const MAX_SHOWN_BYTES: usize = 4096;

/// One line of untrusted text made safe for a cell, cut to what a screen can show. Borrowed when
/// already clean and short, which is the common case, so sanitising every frame costs a scan and
/// no allocation.
pub(crate) fn clean(s: &str) -> Cow<'_, str> {
    let bad = |t: &str| {
        t.chars()
            .any(|c| is_forbidden(c) || c == '\n' || c == '\t' || c == '\r')
    };
    if s.len() > MAX_SHOWN_BYTES {
        let mut end = MAX_SHOWN_BYTES;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        return Cow::Owned(format!("{}…", sanitize_line(&s[..end])));
    }
    if bad(s) {
        Cow::Owned(sanitize_line(s))
    } else {
        Cow::Borrowed(s)
    }
}

/// Like [`clean`], owned, for spans.
pub(crate) fn cleaned(s: &str) -> String {
    clean(s).into_owned()
}

/// Cuts `s` to at most `width` display columns, ending with `…` when cut.
pub(crate) fn fit(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_string();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if w + cw + 1 > width {
            break;
        }
        out.push(c);
        w += cw;
    }
    if width > 0 {
        out.push('…');
    }
    out
}

/// `line` cut to at most `width` display columns, ending with `…` when cut; styles stay with
/// their characters.
pub(crate) fn fit_line(line: Line<'_>, width: usize) -> Line<'static> {
    let style = line.style;
    if line.width() <= width {
        let spans: Vec<Span<'static>> = line
            .spans
            .into_iter()
            .map(|s| Span::styled(s.content.into_owned(), s.style))
            .collect();
        return Line::from(spans).style(style);
    }
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut left = width;
    for s in line.spans {
        let w = s.content.width();
        if w < left {
            left -= w;
            spans.push(Span::styled(s.content.into_owned(), s.style));
        } else {
            // `fit` keeps one column for the `…`.
            spans.push(Span::styled(fit(&s.content, left), s.style));
            break;
        }
    }
    Line::from(spans).style(style)
}

/// Characters a line must not start with (closing punctuation, GB/T 15834 and the usual
/// 禁则): a break before one moves back.
const NO_LINE_START: &str = "，。、；：？！）」』》】〉’”,.;:?!)]";

/// Characters a line must not end with (opening brackets and quotes).
const NO_LINE_END: &str = "（《「『【〈‘“([";

/// `line` broken into lines of at most `width` display columns: at a space when one is on the
/// line, else before any character (CJK text has no spaces to break at); continuation lines start
/// with `hang` spaces. Styles stay with their characters.
///
/// Ratatui 0.30's own word wrap can emit a line one cell wider than its area when a wide
/// character meets the edge (ratatui issue #2679), overwriting a border or panicking in a narrow
/// area; text that may hold CJK is wrapped here instead and drawn unwrapped.
pub(crate) fn wrap(line: &Line<'_>, width: usize, hang: usize) -> Vec<Line<'static>> {
    use ratatui::style::Style;
    use unicode_width::UnicodeWidthChar;
    type Cells = Vec<(char, Style)>;
    let width = width.max(2);
    let hang = if hang + 2 > width { 0 } else { hang };
    let cw = |c: char| UnicodeWidthChar::width(c).unwrap_or(0);
    let cells_w = |cells: &[(char, Style)]| cells.iter().map(|(c, _)| cw(*c)).sum::<usize>();
    let pad = || -> Cells { vec![(' ', Style::new()); hang] };
    let figure = |x: char| x.is_ascii_alphanumeric() || matches!(x, '.' | '%' | '-' | ':' | '/');
    let mut out: Vec<Cells> = Vec::new();
    let mut cur: Cells = Vec::new();
    let mut cur_w = 0;
    for span in &line.spans {
        for c in span.content.chars() {
            let w = cw(c);
            if cur_w + w > width && cur_w > 0 {
                let lead = if out.is_empty() { 0 } else { hang };
                // After the last space that has words before it on this line, when what
                // follows it still fits on the next line; else before this character.
                let at = cur
                    .iter()
                    .rposition(|(x, _)| *x == ' ')
                    .map(|i| i + 1)
                    .filter(|i| cur[lead..*i].iter().any(|(x, _)| *x != ' '))
                    .filter(|i| hang + cells_w(&cur[*i..]) + w <= width)
                    // No space to break at (CJK): not in the middle of a figure (`2026-04-22`,
                    // `6.5%`) when the figure fits on the next line.
                    .or_else(|| {
                        if !figure(c) {
                            return None;
                        }
                        let start = cur
                            .iter()
                            .rposition(|(x, _)| !figure(*x))
                            .map_or(0, |i| i + 1);
                        (start > lead && hang + cells_w(&cur[start..]) + w <= width)
                            .then_some(start)
                    });
                // Chinese line breaking (禁则): no closing punctuation at the start of the next
                // line, no opening bracket at the end of this one — the break moves back over
                // as many characters as that takes, when they fit on the next line with `c`.
                let mut b = at.unwrap_or(cur.len());
                let first = |b: usize| cur.get(b).map_or(c, |(x, _)| *x);
                while b > lead + 1
                    && (NO_LINE_START.contains(first(b)) || NO_LINE_END.contains(cur[b - 1].0))
                {
                    b -= 1;
                }
                let kinsoku_ok = b > lead
                    && !NO_LINE_START.contains(first(b))
                    && !NO_LINE_END.contains(cur[b - 1].0)
                    && hang + cells_w(&cur[b..]) + w <= width;
                let at = if kinsoku_ok && b < cur.len() {
                    Some(b)
                } else {
                    at
                };
                let rest: Cells = match at {
                    Some(i) => cur.split_off(i),
                    None => Vec::new(),
                };
                while cur.len() > lead && cur.last().is_some_and(|(x, _)| *x == ' ') {
                    cur.pop();
                }
                out.push(std::mem::replace(&mut cur, pad()));
                cur.extend(rest.into_iter().skip_while(|(x, _)| *x == ' '));
                cur_w = cells_w(&cur);
            }
            cur.push((c, span.style));
            cur_w += w;
        }
    }
    out.push(cur);
    out.into_iter()
        .map(|cells| {
            let mut spans: Vec<Span<'static>> = Vec::new();
            for (c, style) in cells {
                match spans.last_mut() {
                    Some(last) if last.style == style => last.content.to_mut().push(c),
                    _ => spans.push(Span::styled(c.to_string(), style)),
                }
            }
            Line::from(spans).style(line.style)
        })
        .collect()
}

/// Every line of `lines` wrapped to `width` (see [`wrap`]).
pub(crate) fn wrap_all(lines: &[Line<'_>], width: usize, hang: usize) -> Vec<Line<'static>> {
    lines.iter().flat_map(|l| wrap(l, width, hang)).collect()
}

/// The first item shown by a bordered list of one-line items in `area` (with `header` lines
/// above the items) so that `selected` is visible. Drawing passes it to the list's state and mouse
/// hit-testing adds it to the clicked row, so both agree on what is where.
pub(crate) fn list_offset(selected: usize, area: Rect, header: u16) -> usize {
    let rows = usize::from(area.height.saturating_sub(2 + header)).max(1);
    selected.saturating_sub(rows - 1)
}

pub(crate) fn pane<'a>(title: String, focused: bool) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Rounded)
        .border_style(if focused {
            theme::BORDER_FOCUS
        } else {
            theme::BORDER
        })
        .title(Span::styled(title, theme::TITLE))
}

/// A pane drawn in `area` whose title is cut to the border's width with `…` (ratatui cuts a
/// title at the corner without a mark, so `协商会议 · Enter 进入会议 · a 开` read as complete).
pub(crate) fn pane_in<'a>(title: impl AsRef<str>, focused: bool, area: Rect) -> Block<'a> {
    pane(
        fit(title.as_ref(), usize::from(area.width.saturating_sub(2))),
        focused,
    )
}

/// Days from `today` to `due`, and the localised "in N days" / "N days overdue" phrase.
pub(crate) fn days_left(lang: Lang, today: NaiveDate, due: NaiveDate) -> (i64, String) {
    let days = (due - today).num_days();
    let text = match days {
        d if d < 0 => trf(lang, "ui.due.overdue", &[("n", &(-d).to_string())]),
        0 => tr(lang, "ui.due.today"),
        d => trf(lang, "ui.due.in", &[("n", &d.to_string())]),
    };
    (days, text)
}

/// Whether `s` lists the workspace (rather than showing the open dossier).
fn lists(s: Screen) -> bool {
    matches!(s, Screen::Home | Screen::Inbox | Screen::Archive)
}

/// The top line: program, dossier, screen; on the lists, the workspace's union (or that none is
/// set, and the key that sets it).
pub(crate) fn title_line(f: &mut Frame, area: Rect, app: &App) {
    let mut spans = vec![Span::styled(tr(app.lang, "ui.app"), theme::TITLE)];
    if let Some(l) = &app.open
        && !lists(app.screen)
    {
        spans.push(Span::styled(" › ", theme::DIM));
        spans.push(Span::raw(cleaned(&l.dossier.enterprise.name)));
        if l.read_only {
            spans.push(Span::styled(
                format!(" [{}]", tr(app.lang, "ui.read_only")),
                theme::WARNING,
            ));
        }
        // Another union's dossier: here only its pre-review is recorded.
        if let Some(union) = &l.standing.received_from {
            spans.push(Span::styled(
                format!(
                    " [{}]",
                    trf(app.lang, "ui.received_from", &[("union", &cleaned(union))])
                ),
                theme::INFO,
            ));
        }
    }
    spans.push(Span::styled(" › ", theme::DIM));
    spans.push(Span::raw(tr(app.lang, screen_key(app.screen))));
    if lists(app.screen) && app.identity_known {
        spans.push(Span::styled(" · ", theme::DIM));
        spans.push(match &app.identity {
            Some(i) => Span::styled(
                trf(
                    app.lang,
                    "ui.union.line",
                    &[
                        ("name", &fit(&cleaned(&i.union.name), 40)),
                        ("code", &cleaned(&i.union.code)),
                    ],
                ),
                theme::NORMAL,
            ),
            None => Span::styled(
                trf(
                    app.lang,
                    "ui.union.none",
                    &[(
                        "key",
                        keymap::label(keymap::Scope::Home, keymap::Command::Union).unwrap_or("U"),
                    )],
                ),
                theme::WARNING,
            ),
        });
    }
    if app.busy() > 0 {
        spans.push(Span::styled(
            format!("  {}", tr(app.lang, "ui.busy")),
            theme::DIM,
        ));
    }
    f.render_widget(
        Paragraph::new(fit_line(Line::from(spans), usize::from(area.width))),
        area,
    );
}

pub(crate) fn screen_key(s: Screen) -> &'static str {
    match s {
        Screen::Home => "ui.screen.home",
        Screen::Inbox => "ui.screen.inbox",
        Screen::Dossier => "ui.screen.dossier",
        Screen::Table => "ui.screen.table",
        Screen::Draft => "ui.screen.draft",
        Screen::Diff => "ui.screen.diff",
        Screen::Archive => "ui.screen.archive",
    }
}

/// The bottom line: a message if there is one, else the next deadline with days left; and the
/// help key on the right.
pub(crate) fn status_line(f: &mut Frame, area: Rect, app: &App) {
    let help = format!("? {}", tr(app.lang, "ui.help.help"));
    let help_w = help.width() as u16;
    let [left, right] =
        Layout::horizontal([Constraint::Min(1), Constraint::Length(help_w + 1)]).areas(area);
    let line = if let Some(m) = &app.flash {
        Line::from(Span::styled(
            cleaned(&m.text),
            if m.error { theme::ERROR } else { theme::FLASH },
        ))
    } else if let Some(l) = app.open.as_ref().filter(|_| !lists(app.screen)) {
        match l.analysis.next_deadline() {
            Some(d) => {
                let (days, phrase) = days_left(app.lang, app.today, d.due);
                Line::from(vec![
                    Span::raw(format!("{} ", tr(app.lang, "ui.next_due"))),
                    Span::raw(cleaned(&d.what)),
                    Span::raw(format!(" {} ", d.due)),
                    Span::styled(phrase, theme::due(days)),
                ])
            }
            None => Line::from(Span::styled(tr(app.lang, "ui.no_deadline"), theme::DIM)),
        }
    } else if app.screen == Screen::Inbox {
        Line::from(Span::styled(
            trf(
                app.lang,
                "ui.inbox.count",
                &[("n", &app.inbox.rows.len().to_string())],
            ),
            theme::DIM,
        ))
    } else if app.screen == Screen::Archive {
        archive_status(app)
    } else {
        // The count is of what is listed: a filter narrows it (`2 / 3`).
        let shown = app.home.visible().len();
        let all = app.home.rows.len();
        let n = if shown == all {
            all.to_string()
        } else {
            format!("{shown} / {all}")
        };
        let mut spans = vec![Span::styled(
            trf(app.lang, "ui.home.count", &[("n", &n)]),
            theme::DIM,
        )];
        spans.extend(due_count(app));
        Line::from(spans)
    };
    f.render_widget(
        Paragraph::new(fit_line(line, usize::from(left.width))),
        left,
    );
    f.render_widget(
        Paragraph::new(Span::styled(help, theme::DIM)).alignment(ratatui::layout::Alignment::Right),
        right,
    );
}

/// `· 5 due (2 overdue)`: the due digest's count, once loaded (Home's status line).
fn due_count(app: &App) -> Vec<Span<'static>> {
    let due = &app.archive.due;
    if !due.loaded {
        return Vec::new();
    }
    let n = due.rows.len().to_string();
    let mut spans = vec![
        Span::styled(" · ", theme::DIM),
        Span::styled(
            trf(app.lang, "ui.home.due", &[("n", &n)]),
            if due.rows.is_empty() {
                theme::DIM
            } else {
                theme::WARNING
            },
        ),
    ];
    let overdue = due.overdue();
    if overdue > 0 {
        spans.push(Span::styled(
            trf(
                app.lang,
                "ui.archive.overdue",
                &[("n", &overdue.to_string())],
            ),
            theme::OVERDUE,
        ));
    }
    spans
}

/// The Archive's status line: how many agreements were found, what is due, or the date the
/// figures are judged on.
fn archive_status(app: &App) -> Line<'static> {
    let a = &app.archive;
    match a.tab {
        crate::app::ArchiveTab::Search => Line::from(Span::styled(
            if a.search.loaded {
                super::archive::found(app.lang, &a.search)
            } else {
                String::new()
            },
            theme::DIM,
        )),
        crate::app::ArchiveTab::Due => {
            let mut spans = due_count(app);
            if !spans.is_empty() {
                spans.remove(0);
            }
            Line::from(spans)
        }
        crate::app::ArchiveTab::Stats => Line::from(Span::styled(
            trf(
                app.lang,
                "ui.archive.stats_title",
                &[("date", &app.today.to_string())],
            ),
            theme::DIM,
        )),
    }
}

/// Clears `r` for an overlay. A wide (CJK) character just left of `r` would otherwise spill its
/// second half under the overlay's border, and one cut at the right edge would leave half a
/// character behind; both are blanked so the overlay's frame stays whole on a real terminal.
pub(crate) fn punch(f: &mut Frame, r: Rect) {
    f.render_widget(Clear, r);
    let buf = f.buffer_mut();
    let area = buf.area;
    for y in r.top()..r.bottom() {
        if r.left() > area.left() {
            let cell = &mut buf[(r.left() - 1, y)];
            if cell.symbol().width() > 1 {
                cell.set_symbol(" ");
            }
        }
        if r.right() < area.right() {
            let cell = &mut buf[(r.right(), y)];
            if cell.symbol().is_empty() {
                cell.set_symbol(" ");
            }
        }
    }
}

/// A rectangle of at most `w`×`h` centred in `area`.
pub(crate) fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

pub(crate) fn help_overlay(f: &mut Frame, area: Rect, app: &App) {
    let rows = keymap::help(app.scope());
    let entries: Vec<(String, String)> = rows
        .iter()
        .map(|b| (format!("{:>7} ", b.label), tr(app.lang, b.help)))
        .collect();
    // As many columns as it takes to show every key without scrolling.
    let fit_rows = usize::from(area.height.saturating_sub(2)).max(1);
    let cols = entries.len().div_ceil(fit_rows).max(1);
    let per_col = entries.len().div_ceil(cols);
    let h = (per_col as u16).saturating_add(2);
    let col_w = entries
        .iter()
        .map(|(k, t)| k.width() + t.width())
        .max()
        .unwrap_or(0) as u16
        + 2;
    let r = centered(area, (col_w * cols as u16).saturating_add(2).max(30), h);
    punch(f, r);
    let block = pane_in(tr(app.lang, "ui.help.title"), true, r);
    let inner = block.inner(r);
    f.render_widget(block, r);
    let areas = Layout::horizontal(vec![Constraint::Ratio(1, cols as u32); cols]).split(inner);
    for (chunk, col_area) in entries.chunks(per_col.max(1)).zip(areas.iter()) {
        // At 80 columns a column is narrower than its longest line: each is cut with `…`
        // (one column's text ran into the next, cut mid-word).
        let w = usize::from(col_area.width.saturating_sub(1));
        let lines: Vec<Line> = chunk
            .iter()
            .map(|(key, text)| {
                let key = fit(key, w);
                let rest = w.saturating_sub(key.width());
                Line::from(vec![
                    Span::styled(key, theme::KEY),
                    Span::raw(fit(text, rest)),
                ])
            })
            .collect();
        f.render_widget(Paragraph::new(lines), *col_area);
    }
}

pub(crate) fn confirm_overlay(f: &mut Frame, area: Rect, lang: Lang, c: &Confirm) {
    // A question of several lines (the papers to export and their blanks) gets room for each.
    let extra = u16::try_from(c.message.lines().count().saturating_sub(1)).unwrap_or(0);
    let r = centered(area, 50, 6 + extra * 2);
    punch(f, r);
    let mut text: Vec<Line> = c.message.lines().map(|l| Line::from(cleaned(l))).collect();
    text.push(Line::from(""));
    text.push(Line::from(Span::styled(
        tr(lang, "ui.confirm.keys"),
        theme::KEY,
    )));
    f.render_widget(
        Paragraph::new(text)
            .wrap(Wrap { trim: true })
            .block(pane_in(tr(lang, "ui.confirm.title"), true, r)),
        r,
    );
}

/// The widest a notice is drawn.
const NOTICE_WIDTH: u16 = 78;

/// A list to read (an import's warnings), one bullet each, wrapped by display width, from
/// the notice's `top` line on; when it does not all fit, the bottom border says which lines
/// are shown.
pub(crate) fn notice_overlay(f: &mut Frame, area: Rect, lang: Lang, n: &Notice) {
    let w = area.width.saturating_sub(4).min(NOTICE_WIDTH);
    let inner_w = usize::from(w.saturating_sub(2));
    let wrapped: Vec<Vec<Line>> = n
        .lines
        .iter()
        .map(|l| wrap(&Line::from(format!("• {}", cleaned(l))), inner_w, 2))
        .collect();
    let total: usize = wrapped.iter().map(Vec::len).sum();
    let r = centered(
        area,
        w,
        u16::try_from(total).unwrap_or(u16::MAX).saturating_add(2),
    );
    punch(f, r);
    let room = usize::from(r.height.saturating_sub(2));
    // The notes at least partly in view from `top` on.
    let mut used = 0;
    let mut last = n.top;
    for (i, note) in wrapped.iter().enumerate().skip(n.top) {
        if used >= room {
            break;
        }
        used += note.len();
        last = i + 1;
    }
    let mut keys = tr(lang, "ui.notice.keys");
    if n.top > 0 || used > room || last < n.lines.len() {
        let at = trf(
            lang,
            "ui.notice.position",
            &[
                ("from", &(n.top + 1).to_string()),
                ("to", &last.to_string()),
                ("n", &n.lines.len().to_string()),
            ],
        );
        keys = format!("{at} · {keys}");
    }
    let block = pane_in(&n.title, true, r).title_bottom(Span::styled(
        fit(&keys, usize::from(r.width.saturating_sub(2))),
        theme::DIM,
    ));
    let lines: Vec<Line> = wrapped.into_iter().skip(n.top).flatten().collect();
    f.render_widget(Paragraph::new(lines).block(block), r);
}

/// A correctable fact's name in the user's language (`round.2.date` → 第2轮协商日期), as the
/// record and the history name it, with a capital in English where it stands alone.
fn fact_label(lang: Lang, key: &str) -> String {
    let name = cleaned(&crate::service::fact::fact_label(lang, key));
    let mut chars = name.chars();
    match chars.next() {
        Some(c) if lang == Lang::En => c.to_uppercase().chain(chars).collect(),
        _ => name,
    }
}

/// A pick field's options, one a line with the value each holds now: the selected one
/// marked, at most `PICK_ROWS` around it.
fn pick_lines(lang: Lang, field: &Field, indent: usize, width: usize) -> Vec<Line<'static>> {
    const PICK_ROWS: usize = 6;
    let at = field
        .options
        .iter()
        .position(|(k, _)| *k == field.value)
        .unwrap_or(0);
    let first = at
        .saturating_sub(PICK_ROWS / 2)
        .min(field.options.len().saturating_sub(PICK_ROWS));
    let label_w = field
        .options
        .iter()
        .map(|(k, _)| fact_label(lang, k).width())
        .max()
        .unwrap_or(0);
    field
        .options
        .iter()
        .enumerate()
        .skip(first)
        .take(PICK_ROWS)
        .map(|(i, (k, now))| {
            let label = fact_label(lang, k);
            let pad = " ".repeat(label_w.saturating_sub(label.width()));
            let (mark, style) = if i == at {
                ("●", theme::KEY)
            } else {
                ("○", theme::DIM)
            };
            let text = format!("{mark} {label}{pad}  {}", cleaned(now));
            Line::from(vec![
                Span::raw(" ".repeat(indent)),
                Span::styled(fit(&text, width.saturating_sub(indent)), style),
            ])
        })
        .collect()
}

fn field_value(lang: Lang, field: &Field, focused: bool) -> Vec<Span<'static>> {
    let style = if focused {
        theme::FIELD_FOCUS
    } else {
        theme::FIELD
    };
    match field.kind {
        FieldKind::Flag => vec![Span::styled(
            if field.is_on() { "[x]" } else { "[ ]" }.to_string(),
            style,
        )],
        FieldKind::Choice(_) => {
            let key = if field.value.is_empty() {
                "none"
            } else {
                field.value.as_str()
            };
            vec![Span::styled(
                format!("‹ {} ›", tr(lang, &format!("ui.choice.{key}"))),
                style,
            )]
        }
        FieldKind::Pick => {
            let at = field
                .options
                .iter()
                .position(|(k, _)| *k == field.value)
                .map_or(0, |i| i + 1);
            vec![
                Span::styled(format!("‹ {} ›", fact_label(lang, &field.value)), style),
                Span::styled(format!(" {at}/{}", field.options.len()), theme::DIM),
            ]
        }
        // The issue by its name, never its key.
        FieldKind::Issue => vec![Span::styled(
            cleaned(&crate::domain::issue::label(&field.value, lang)),
            theme::NORMAL,
        )],
        FieldKind::Text => {
            let v = cleaned(&field.value);
            if focused && field.fresh {
                // A suggestion shown selected: the first key typed replaces it.
                vec![Span::styled(v, theme::FIELD_FOCUS), Span::raw(" ")]
            } else if focused {
                // Show the cursor as a reversed cell so it is visible in snapshots too.
                let at = field.cursor.min(v.chars().count());
                let before: String = v.chars().take(at).collect();
                let cur: String = v.chars().nth(at).map_or(" ".into(), |c| c.to_string());
                let after: String = v.chars().skip(at + 1).collect();
                vec![
                    Span::styled(before, theme::FIELD),
                    Span::styled(cur, theme::FIELD_FOCUS),
                    Span::styled(after, theme::FIELD),
                ]
            } else {
                vec![Span::styled(format!("{v} "), style)]
            }
        }
    }
}

/// The widest a form is drawn.
const FORM_WIDTH: u16 = 70;

pub(crate) fn form_overlay(f: &mut Frame, area: Rect, lang: Lang, form: &Form) {
    let inner_w = usize::from(area.width.min(FORM_WIDTH).saturating_sub(2));
    // Labels take up to two fifths of the form (English ones such as "Overtime rate, extended
    // hours" were cut at 20 columns with room to spare); the rest is the value's.
    let label_w = form
        .fields
        .iter()
        .map(|fl| tr(lang, fl.label).width())
        .max()
        .unwrap_or(0)
        .min((inner_w * 2 / 5).max(12));
    let mut lines: Vec<Line> = Vec::new();
    // Where the terminal's own cursor goes: the focused text field's line and column.
    let mut cursor_at: Option<(usize, usize)> = None;
    // The focused field's last line: a form taller than the screen scrolls to keep it shown.
    let mut focus_line = 0;
    for (i, field) in form.fields.iter().enumerate() {
        let label = fit(&tr(lang, field.label), label_w);
        let pad = label_w.saturating_sub(label.width());
        // The focused field is marked by `›` as well as by colour (visible without colour).
        let mark = if i == form.focus { "›" } else { " " };
        let mut spans = vec![Span::styled(
            format!("{mark}{}{label} ", " ".repeat(pad)),
            if i == form.focus {
                theme::KEY
            } else {
                theme::NORMAL
            },
        )];
        spans.extend(field_value(lang, field, i == form.focus));
        // What the field's default is (`the request was received 2026-02-11`), cut to the room
        // left on the line.
        if let Some((key, args)) = &field.hint {
            let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let used: usize = spans.iter().map(|s| s.content.width()).sum();
            let room = inner_w.saturating_sub(used + 1);
            if room > 3 {
                spans.push(Span::styled(
                    format!(" {}", fit(&format!("· {}", trf(lang, key, &args)), room)),
                    theme::DIM,
                ));
            }
        }
        // Wrapped here by display width, continuations under the value: ratatui's own wrap can
        // put a wide character on the border, and its extra lines were not counted in the
        // form's height (the last fields fell off the bottom).
        let wrapped = wrap(&Line::from(spans), inner_w, label_w + 2);
        if i == form.focus {
            focus_line = lines.len() + wrapped.len() - 1;
        }
        if i == form.focus && field.kind == FieldKind::Text && !field.fresh && wrapped.len() == 1 {
            let before: String = cleaned(&field.value).chars().take(field.cursor).collect();
            cursor_at = Some((lines.len(), 1 + label_w + 1 + before.width()));
        }
        lines.extend(wrapped);
        if field.kind == FieldKind::Pick {
            lines.extend(pick_lines(lang, field, label_w + 2, inner_w));
        }
        if let Some((Some(at), msg)) = &form.error
            && *at == i
        {
            lines.extend(wrap(
                &Line::from(vec![
                    Span::raw(" ".repeat(label_w + 2)),
                    Span::styled(format!("✗ {}", cleaned(msg)), theme::ERROR),
                ]),
                inner_w,
                label_w + 4,
            ));
        }
    }
    if let Some((None, msg)) = &form.error {
        lines.extend(wrap(
            &Line::from(Span::styled(format!("✗ {}", cleaned(msg)), theme::ERROR)),
            inner_w,
            2,
        ));
    }
    lines.push(Line::from(""));
    if form.fields.iter().any(|f| {
        matches!(
            f.id,
            "date"
                | "sent"
                | "received"
                | "suspend_until"
                | "data_provided"
                | "submitted"
                | "decided"
                | "effective"
                | "approved"
                | "start"
        )
    }) {
        lines.extend(wrap(
            &Line::from(Span::styled(tr(lang, "ui.form.date_hint"), theme::DIM)),
            inner_w,
            0,
        ));
    }
    lines.extend(wrap(
        &Line::from(Span::styled(tr(lang, "ui.form.keys"), theme::DIM)),
        inner_w,
        0,
    ));
    let h = (lines.len() as u16).saturating_add(3);
    let r = centered(area, FORM_WIDTH, h);
    punch(f, r);
    let shown = usize::from(r.height.saturating_sub(2)).max(1);
    // One line of the field's error below it stays in view too.
    let scroll = (focus_line + 2)
        .saturating_sub(shown)
        .min(lines.len().saturating_sub(shown));
    let cursor_at = cursor_at
        .and_then(|(row, col)| Some((row.checked_sub(scroll)?, col)))
        .filter(|(row, _)| *row < shown);
    if let Some((row, col)) = cursor_at {
        let (x, y) = (
            r.x.saturating_add(1)
                .saturating_add(u16::try_from(col).unwrap_or(u16::MAX)),
            r.y.saturating_add(1)
                .saturating_add(u16::try_from(row).unwrap_or(u16::MAX)),
        );
        if x < r.right().saturating_sub(1) && y < r.bottom().saturating_sub(1) {
            f.set_cursor_position((x, y));
        }
    }
    f.render_widget(
        Paragraph::new(lines)
            .scroll((u16::try_from(scroll).unwrap_or(u16::MAX), 0))
            .block(pane_in(tr(lang, form.kind.title()), true, r)),
        r,
    );
}

pub(crate) fn editor_overlay(f: &mut Frame, area: Rect, lang: Lang, e: &Editor) {
    let r = centered(
        area,
        area.width.saturating_sub(4),
        area.height.saturating_sub(2),
    );
    punch(f, r);
    let title = match e.target {
        crate::app::EditTarget::Clause(i) => trf(
            lang,
            "ui.editor.edit",
            &[("clause", &crate::app::clause_label(i + 1))],
        ),
        crate::app::EditTarget::Insert { .. } => tr(lang, "ui.editor.insert"),
    };
    let block = pane_in(title, true, r).title_bottom(Span::styled(
        fit(
            &tr(lang, "ui.editor.keys"),
            usize::from(r.width.saturating_sub(2)),
        ),
        theme::DIM,
    ));
    let inner = block.inner(r);
    f.render_widget(block, r);
    f.render_widget(&e.area, inner);
}

/// Shown instead of everything when the terminal is below 40×12.
pub(crate) fn too_small(f: &mut Frame, area: Rect, lang: Lang) {
    f.render_widget(
        Paragraph::new(tr(lang, "ui.too_small")).wrap(Wrap { trim: true }),
        area,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(lines: &[Line<'_>]) -> Vec<String> {
        lines.iter().map(ToString::to_string).collect()
    }

    /// Regression: ratatui's wrap put a wide character's second half on the pane's border.
    #[test]
    fn wrapped_lines_never_pass_the_width_even_with_a_wide_character_at_the_edge() {
        let line = Line::from(
            "待审 · 2026-04-01 报送 · 2026-04-02 收到 · 已等待 18 天 · 草案 a1b2c3d（12 条）",
        );
        for width in 2..90 {
            for hang in [0, 2, 4] {
                for l in wrap(&line, width, hang) {
                    assert!(l.width() <= width, "{width}/{hang}: {l}");
                }
            }
        }
        assert_eq!(
            texts(&wrap(&line, 78, 0)),
            vec![
                "待审 · 2026-04-01 报送 · 2026-04-02 收到 · 已等待 18 天 · 草案 a1b2c3d（12",
                "条）"
            ]
        );
    }

    #[test]
    fn words_break_at_spaces_cjk_anywhere_and_continuations_hang() {
        let l = Line::from("    the clause is unchanged and unanswered");
        assert_eq!(
            texts(&wrap(&l, 20, 4)),
            vec!["    the clause is", "    unchanged and", "    unanswered"]
        );
        let l = Line::from("职工代表大会审议通过集体合同草案");
        assert_eq!(
            texts(&wrap(&l, 9, 0)),
            vec!["职工代表", "大会审议", "通过集体", "合同草案"]
        );
        assert_eq!(texts(&wrap(&Line::from(""), 10, 2)), vec![""]);
        // A word longer than the line is cut, not left to overflow.
        let l = Line::from("a abcdefghijklmnop");
        for w in wrap(&l, 6, 2) {
            assert!(w.width() <= 6, "{w}");
        }
    }

    /// Issue #12: a rule's message wrapped in the middle of a date; a figure now moves whole to
    /// the next line when it fits there.
    #[test]
    fn figures_are_not_split_where_they_fit_on_the_next_line() {
        let lines = wrap(&Line::from("截止日期为2026-04-22，逾期"), 12, 0);
        assert_eq!(texts(&lines), vec!["截止日期为", "2026-04-22，", "逾期"]);
    }

    /// Audit: clause and notes panes wrapped so that lines started with `，` or `。`. Chinese
    /// line breaking (禁则): the character before a closing mark goes down with it; an opening
    /// bracket goes down with what it opens.
    #[test]
    fn no_line_starts_with_closing_punctuation_or_ends_with_an_opening_bracket() {
        assert_eq!(
            texts(&wrap(&Line::from("甲方乙方，共同遵守。"), 8, 0)),
            vec!["甲方乙", "方，共同", "遵守。"]
        );
        assert_eq!(
            texts(&wrap(&Line::from("甲方乙（丙方）"), 8, 0)),
            vec!["甲方乙", "（丙方）"]
        );
        // Two closing marks together (`。」`) go down with the character before them.
        assert_eq!(
            texts(&wrap(&Line::from("「甲乙丙丁。」戊"), 10, 0)),
            vec!["「甲乙丙", "丁。」戊"]
        );
    }

    const HAN: &str = "工资集体协商职工方企业代表合同条款约定";
    const CLOSING: &str = "，。、；：？！）」』》】";
    const OPENING: &str = "（《「【";

    /// Text of Han characters with punctuation between them, as a clause is written: a closing
    /// mark after a character, an opening one before a character, never two marks together.
    fn clause_text() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        proptest::collection::vec((0..HAN.chars().count(), 0..10usize, 0..4usize), 1..60).prop_map(
            |parts| {
                let han: Vec<char> = HAN.chars().collect();
                let close: Vec<char> = CLOSING.chars().collect();
                let open: Vec<char> = OPENING.chars().collect();
                let mut s = String::new();
                for (h, p, o) in parts {
                    if p < 3 && !s.is_empty() {
                        s.push(close[(h + p) % close.len()]);
                    }
                    if o == 0 {
                        s.push(open[h % open.len()]);
                    }
                    s.push(han[h]);
                }
                s
            },
        )
    }

    proptest::proptest! {
        /// No line starts with closing punctuation or ends with an opening bracket, nothing is
        /// lost or reordered, and every line fits the width.
        #[test]
        fn chinese_line_breaking_holds(text in clause_text(), width in 6usize..40) {
            let lines = texts(&wrap(&Line::from(text.clone()), width, 0));
            proptest::prop_assert_eq!(lines.concat(), text);
            for l in &lines {
                proptest::prop_assert!(l.width() <= width, "{} wider than {}", l, width);
            }
            for l in lines.iter().skip(1) {
                let first = l.chars().next().unwrap_or(' ');
                proptest::prop_assert!(!CLOSING.contains(first), "{:?}", lines);
            }
            for l in lines.iter().take(lines.len().saturating_sub(1)) {
                let last = l.chars().last().unwrap_or(' ');
                proptest::prop_assert!(!OPENING.contains(last), "{:?}", lines);
            }
        }
    }
}
