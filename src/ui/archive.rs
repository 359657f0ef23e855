//! Archive: the tabs line (search, due digest, coverage) and the Search tab — the query line
//! with its status and kind chips, the agreements found as a table (enterprise, kind, status,
//! signed, expiry, figures), and the selected agreement below: its facts, its matching clauses
//! each cut around the hit, and the selected clause in full with every hit marked by style.
//! Reads `App::archive`; changes nothing.
//!
//! Every name and clause came from a dossier that may have arrived from anyone: each goes
//! through [`cleaned`] and is cut by display width, so CJK never splits and nothing raw reaches
//! a cell.

use super::theme;
use super::widgets::{cleaned, fit, pane, pane_in, wrap_all};
use crate::app::keymap::{self, Command, Scope};
use crate::app::{App, ArchiveTab, SearchState};
use crate::domain::values::{format_bp, format_fen};
use crate::i18n::{Lang, tr, trf};
use crate::service::archive::{AgreementHit, ClauseHit};
use crate::service::tui_archive::status;
use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

pub fn draw(f: &mut Frame, area: Rect, app: &App) {
    let [tabs, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    tabs_line(f, tabs, app);
    match app.archive.tab {
        ArchiveTab::Search => draw_search(f, body, app),
        ArchiveTab::Due => super::archive_due::draw(f, body, app),
        ArchiveTab::Stats => super::archive_stats::draw(f, body, app),
    }
}

/// The body below the tabs line (for the tabs' own layouts and mouse hit-testing).
pub(crate) fn body(area: Rect) -> Rect {
    let [_, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    body
}

/// `1 Search │ 2 Due 3 │ 3 Coverage`, the shown tab marked by style; the keys from the keymap.
fn tabs_line(f: &mut Frame, area: Rect, app: &App) {
    let lang = app.lang;
    let scope = app.archive.tab.scope();
    let mut spans = Vec::new();
    for (i, tab) in ArchiveTab::ALL.iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(" │ ", theme::DIM));
        }
        let command = match tab {
            ArchiveTab::Search => Command::ShowSearch,
            ArchiveTab::Due => Command::ShowDue,
            ArchiveTab::Stats => Command::ShowStats,
        };
        let key = keymap::label(scope, command).unwrap_or_default();
        let mut name = tr(lang, &format!("ui.archive.tab.{}", tab.key()));
        if *tab == ArchiveTab::Due && app.archive.due.loaded {
            name.push_str(&format!(" {}", app.archive.due.rows.len()));
        }
        let style = if *tab == app.archive.tab {
            theme::TAB
        } else {
            theme::NORMAL
        };
        spans.push(Span::styled(format!(" {key} {name} "), style));
    }
    let hint = keymap::hints(lang, scope, &[(Command::NextTab, "ui.act.tabs")]);
    spans.push(Span::styled(format!("   {hint}"), theme::DIM));
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The Search tab's layout for `hits` agreements: query line, key hints, the agreements (as
/// tall as they need, up to about half), the selected one below (none: the table takes it all).
/// Shared with mouse hit-testing.
pub fn search_areas(body: Rect, hits: usize) -> (Rect, Rect, Rect, Rect) {
    let rest = body.height.saturating_sub(2);
    let table_h = if rest >= 12 && hits > 0 {
        let wanted = u16::try_from(hits.saturating_add(3)).unwrap_or(u16::MAX);
        wanted.clamp(5, rest * 11 / 20)
    } else {
        rest
    };
    let [query, hints, table, detail] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(table_h),
        Constraint::Min(0),
    ])
    .areas(body);
    (query, hints, table, detail)
}

/// The first agreement shown, so the selection stays visible.
pub(crate) fn offset(app: &App, table: Rect) -> usize {
    let rows = usize::from(table.height.saturating_sub(3)).max(1);
    app.archive.search.selected.saturating_sub(rows - 1)
}

fn status_style(key: &str) -> Style {
    match key {
        "effective" => theme::OK,
        "expiring" => theme::WARNING,
        "expired" => theme::ERROR,
        "signed" => theme::INFO,
        _ => theme::DIM,
    }
}

/// A chip: its name and value (all when none).
fn chip(lang: Lang, name: &str, value: Option<&str>, prefix: &str) -> Vec<Span<'static>> {
    let v = value.map_or_else(
        || tr(lang, "ui.archive.all"),
        |v| tr(lang, &format!("{prefix}.{v}")),
    );
    vec![
        Span::styled(tr(lang, name), theme::DIM),
        Span::styled(
            v,
            if value.is_some() {
                theme::WARNING
            } else {
                theme::KEY
            },
        ),
    ]
}

/// The last `width` display columns of `s` (the end of a long query is where the typing is).
fn tail(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_string();
    }
    let mut out: Vec<char> = Vec::new();
    let mut w = 1;
    for c in s.chars().rev() {
        let cw = c.width().unwrap_or(0);
        if w + cw > width {
            break;
        }
        out.push(c);
        w += cw;
    }
    out.push('…');
    out.into_iter().rev().collect()
}

fn query_line(lang: Lang, s: &SearchState, width: usize) -> Line<'static> {
    let mut chips = chip(
        lang,
        "ui.archive.status_chip",
        s.status,
        "ui.archive.status",
    );
    chips.push(Span::raw("  "));
    chips.extend(chip(lang, "ui.archive.kind_chip", s.kind, "ui.kind"));
    if s.searching {
        chips.push(Span::styled(
            format!("  {}", tr(lang, "ui.archive.searching")),
            theme::DIM,
        ));
    }
    let chips_w: usize = chips.iter().map(Span::width).sum();
    let label = tr(lang, "ui.archive.query");
    let cursor = if s.typing { "▏" } else { "" };
    let room = width
        .saturating_sub(chips_w + label.width() + cursor.width() + 2)
        .max(4);
    let mut spans = vec![
        Span::styled(label, theme::KEY),
        Span::styled(tail(&cleaned(&s.query), room), theme::FIELD),
        Span::styled(cursor, theme::KEY),
        Span::raw("  "),
    ];
    spans.extend(chips);
    Line::from(spans)
}

fn hints_line(app: &App) -> String {
    let typing = app.archive.typing();
    let mut uses = vec![
        (Command::CycleStatus, "ui.act.status"),
        (Command::CycleKind, "ui.act.kind"),
        (Command::PrevClause, "ui.act.clause"),
        (Command::Open, "ui.act.open"),
    ];
    if app
        .archive
        .search
        .selected_hit()
        .is_some_and(|h| !h.row.attachments.is_empty())
    {
        uses.push((Command::OpenAttachment, "ui.act.open_attachment"));
    }
    if typing {
        uses.push((Command::Back, "ui.act.stop_typing"));
    } else {
        uses.insert(0, (Command::Filter, "ui.act.type"));
        uses.push((Command::Back, "ui.act.back"));
    }
    keymap::hints(app.lang, Scope::ArchiveSearch, &uses)
}

/// `6.5% · 2150元 · 高温津贴 150元`: the agreement's figures, cleaned.
fn figures(lang: Lang, h: &AgreementHit) -> String {
    let r = &h.row;
    let mut parts = Vec::new();
    if let Some(i) = r.increase_bp {
        parts.push(trf(lang, "archive.increase", &[("v", &format_bp(i))]));
    }
    if let Some(m) = r.min_wage_fen {
        parts.push(trf(lang, "archive.min_wage", &[("v", &format_fen(m))]));
    }
    for (name, fen) in &r.allowances {
        parts.push(trf(
            lang,
            "ui.archive.allowance",
            &[("name", &cleaned(name)), ("v", &format_fen(*fen))],
        ));
    }
    parts.join(" · ")
}

fn draw_search(f: &mut Frame, body: Rect, app: &App) {
    let lang = app.lang;
    let s = &app.archive.search;
    let (query_area, hints_area, table_area, detail_area) = search_areas(body, s.hits.len());
    f.render_widget(
        Paragraph::new(query_line(lang, s, usize::from(query_area.width))),
        query_area,
    );
    f.render_widget(
        Paragraph::new(Span::styled(
            fit(&hints_line(app), usize::from(hints_area.width)),
            theme::DIM,
        )),
        hints_area,
    );

    let first = offset(app, table_area);
    let window = usize::from(table_area.height.saturating_sub(3)).max(1);
    let shown: Vec<&AgreementHit> = s.hits.iter().skip(first).take(window).collect();
    let inner_w = table_area.width.saturating_sub(2);
    let wide = inner_w >= 100;
    let statuses: Vec<&str> = shown.iter().map(|h| status(h, app.today)).collect();
    let status_w = ["draft", "signed", "effective", "expiring", "expired"]
        .iter()
        .map(|k| tr(lang, &format!("ui.archive.status.{k}")).width())
        .chain([tr(lang, "ui.col.status").width()])
        .max()
        .unwrap_or(0);
    let kind_w = ["wage", "comprehensive", "safety", "women"]
        .iter()
        .map(|k| tr(lang, &format!("ui.kind.{k}")).width())
        .chain([tr(lang, "ui.col.kind").width()])
        .max()
        .unwrap_or(0);
    let as_len = |w: usize| Constraint::Length(u16::try_from(w).unwrap_or(u16::MAX));
    let mut widths = vec![Constraint::Fill(3)];
    let mut head = vec!["ui.col.enterprise"];
    if wide {
        widths.push(as_len(kind_w));
        head.push("ui.col.kind");
    }
    widths.push(as_len(status_w));
    head.push("ui.col.status");
    if wide {
        widths.push(Constraint::Length(10));
        head.push("ui.col.signed");
    }
    widths.push(Constraint::Length(10));
    head.push("ui.col.expiry");
    widths.push(Constraint::Fill(2));
    head.push("ui.col.figures");
    let rects = Layout::horizontal(widths.clone())
        .flex(Flex::Start)
        .spacing(1)
        .split(Rect::new(0, 0, inner_w, 1));
    let col_w = |i: usize| rects.get(i).map_or(0, |r| usize::from(r.width));
    let ent_w = col_w(0);
    let fig_w = col_w(rects.len().saturating_sub(1));
    let header = Row::new(
        head.iter()
            .enumerate()
            .map(|(i, k)| Cell::from(fit(&tr(lang, k), col_w(i)))),
    )
    .style(theme::HEADER);
    let dash = || Cell::from(Span::styled("—", theme::DIM));
    let rows: Vec<Row> = shown
        .iter()
        .zip(&statuses)
        .map(|(h, st)| {
            let r = &h.row;
            let mut name = cleaned(&r.enterprise);
            if r.seal_ok == Some(false) {
                name = format!("✗ {name}");
            }
            let ent = Span::styled(
                fit(&name, ent_w),
                if r.seal_ok == Some(false) {
                    theme::ERROR
                } else {
                    theme::NORMAL
                },
            );
            let mut cells = vec![Cell::from(ent)];
            if wide {
                cells.push(Cell::from(tr(
                    lang,
                    &format!("ui.kind.{}", cleaned(&r.kind)),
                )));
            }
            cells.push(Cell::from(Span::styled(
                tr(lang, &format!("ui.archive.status.{st}")),
                status_style(st),
            )));
            let date =
                |d: &Option<String>| d.as_deref().map_or_else(dash, |d| Cell::from(cleaned(d)));
            if wide {
                cells.push(date(&r.signed));
            }
            cells.push(date(&r.expiry));
            cells.push(Cell::from(fit(&figures(lang, h), fig_w)));
            Row::new(cells)
        })
        .collect();
    let title = if s.loaded {
        found(lang, s)
    } else {
        tr(lang, "ui.loading")
    };
    let empty = rows.is_empty();
    listing(
        f,
        table_area,
        Table::new(rows, widths)
            .header(header)
            .block(pane_in(title, true, table_area)),
        s.selected.saturating_sub(first),
        empty,
        s.loaded.then(|| tr(lang, "archive.none")),
    );
    if detail_area.height > 0 {
        draw_detail(f, detail_area, app);
    }
}

/// A list of the Archive's tabs: `table` (its rows already cut to what fits) with row `selected`
/// highlighted, and `none` (when the answer has come) shown inside it when it is `empty`.
pub(super) fn listing(
    f: &mut Frame,
    area: Rect,
    table: Table<'_>,
    selected: usize,
    empty: bool,
    none: Option<String>,
) {
    let table = table.row_highlight_style(theme::SELECTED).column_spacing(1);
    let mut state = TableState::default().with_selected((!empty).then_some(selected));
    f.render_stateful_widget(table, area, &mut state);
    if let Some(msg) = none.filter(|_| empty) {
        let inner = area.inner(ratatui::layout::Margin::new(2, 2));
        f.render_widget(
            Paragraph::new(Span::styled(
                fit(&msg, usize::from(inner.width)),
                theme::DIM,
            )),
            inner,
        );
    }
}

/// The selected agreement: its facts, its matching clauses around the hit, the selected one in
/// full.
fn draw_detail(f: &mut Frame, area: Rect, app: &App) {
    let lang = app.lang;
    let s = &app.archive.search;
    let width = usize::from(area.width.saturating_sub(2));
    let height = usize::from(area.height.saturating_sub(2));
    let Some(h) = s.selected_hit() else {
        f.render_widget(pane(String::new(), false), area);
        return;
    };
    let r = &h.row;
    let title = fit(
        &format!("{} · {}", cleaned(&r.enterprise), cleaned(&r.key)),
        width.saturating_sub(2),
    );
    let mut lines = wrap_all(&[facts_line(lang, h)], width, 2);
    if h.clauses.is_empty() {
        f.render_widget(
            Paragraph::new(lines).block(pane_in(title, false, area)),
            area,
        );
        return;
    }
    let needle = s.shown.trim();
    let n = h.clauses.len();
    let at = s.clause.min(n - 1);
    lines.push(Line::from(Span::styled(
        trf(
            lang,
            "ui.archive.clauses",
            &[("i", &(at + 1).to_string()), ("n", &n.to_string())],
        ),
        theme::HEADER,
    )));
    // The matching clauses, one line each; at most half of what is left, scrolled to the
    // selected one.
    let room = height.saturating_sub(lines.len());
    let list_h = n.min((room / 2).max(3)).min(room);
    let first = at.saturating_sub(list_h.saturating_sub(1));
    for (i, c) in h.clauses.iter().enumerate().skip(first).take(list_h) {
        let mut line = clause_line(lang, c, needle, width);
        if i == at {
            line = line.style(theme::SELECTED);
        }
        lines.push(line);
    }
    // The selected clause in full, every hit marked.
    if let Some(c) = h.clauses.get(at)
        && lines.len() + 2 < height
    {
        lines.push(Line::from(""));
        let label = cleaned(&c.label);
        let mut head = vec![Span::styled(label.clone(), theme::KEY)];
        if let Some(ch) = &c.chapter {
            head.push(Span::styled(format!(" · {}", cleaned(ch)), theme::DIM));
        }
        let mut full = vec![Line::from(head)];
        for (i, l) in c.text.lines().enumerate() {
            let l = cleaned(l);
            // The label is on the line above.
            let l = match l.strip_prefix(label.as_str()) {
                Some(rest) if i == 0 => rest.trim_start().to_string(),
                _ => l,
            };
            full.push(Line::from(marked(&l, needle, theme::NORMAL)));
        }
        lines.extend(wrap_all(&full, width, 0));
    }
    lines.truncate(height);
    f.render_widget(
        Paragraph::new(lines).block(pane_in(title, false, area)),
        area,
    );
}

/// Where, when and for whom: region, industry, dates, workers, instructor, the seal.
fn facts_line(lang: Lang, h: &AgreementHit) -> Line<'static> {
    let r = &h.row;
    let mut parts = vec![cleaned(&r.region)];
    if let Some(i) = &r.industry {
        parts.push(cleaned(i));
    }
    parts.push(tr(lang, &format!("archive.kind.{}", cleaned(&r.kind))));
    if let Some(d) = &r.signed {
        parts.push(trf(lang, "archive.signed", &[("date", &cleaned(d))]));
    }
    if let Some(d) = &r.effective {
        parts.push(trf(lang, "ui.archive.effective", &[("date", &cleaned(d))]));
    }
    if let Some(d) = &r.expiry {
        parts.push(trf(lang, "archive.expiry", &[("date", &cleaned(d))]));
    }
    if let Some(n) = r.staff {
        parts.push(trf(lang, "ui.archive.staff", &[("n", &n.to_string())]));
    }
    if let Some(i) = &r.instructor {
        parts.push(trf(lang, "ui.archive.instructor", &[("name", &cleaned(i))]));
    }
    let mut spans = vec![Span::styled(parts.join(" · "), theme::DIM)];
    if r.seal_ok == Some(false) {
        spans.push(Span::styled(
            format!(" · ✗ {}", tr(lang, "archive.seal_broken")),
            theme::ERROR,
        ));
    }
    if !r.attachments.is_empty() {
        // Kinds are keys the index wrote; one it does not know is shown as the key itself.
        let kinds: Vec<String> = r
            .attachments
            .iter()
            .map(|k| {
                crate::i18n::lookup(lang, &format!("attachment.kind.{}", cleaned(k)))
                    .unwrap_or_else(|| cleaned(k))
            })
            .collect();
        let sep = if lang == Lang::ZhCn { "、" } else { ", " };
        spans.push(Span::styled(
            format!(
                " · {}",
                trf(
                    lang,
                    "ui.archive.attachments",
                    &[("kinds", &kinds.join(sep))]
                )
            ),
            theme::DIM,
        ));
    }
    Line::from(spans)
}

/// `第十九条 签订文本 …发放津贴和补贴：高温津贴每月150元…`: one matching clause on one line,
/// cut around its first hit.
fn clause_line(lang: Lang, c: &ClauseHit, needle: &str, width: usize) -> Line<'static> {
    let label = cleaned(&c.label);
    let version = tr(lang, &format!("archive.version.{}", cleaned(&c.version)));
    let text = cleaned(&c.text);
    // The rendered clause opens with its own label: shown once, in front.
    let body = text
        .strip_prefix(label.as_str())
        .map_or(text.as_str(), str::trim_start);
    let lead = format!("{label} {version} ");
    let room = width.saturating_sub(lead.width());
    let mut spans = vec![
        Span::styled(format!("{label} "), theme::KEY),
        Span::styled(format!("{version} "), theme::DIM),
    ];
    spans.extend(in_context(body, needle, room, theme::NORMAL));
    Line::from(spans)
}

/// The character ranges of `text` where `needle` occurs (letters compared without case, as the
/// index matches them), not overlapping.
fn occurrences(text: &[char], needle: &[char]) -> Vec<(usize, usize)> {
    let same = |a: char, b: char| a == b || a.to_lowercase().eq(b.to_lowercase());
    let mut out = Vec::new();
    if needle.is_empty() || needle.len() > text.len() {
        return out;
    }
    let mut i = 0;
    while i + needle.len() <= text.len() {
        if text[i..i + needle.len()]
            .iter()
            .zip(needle)
            .all(|(a, b)| same(*a, *b))
        {
            out.push((i, i + needle.len()));
            i += needle.len();
        } else {
            i += 1;
        }
    }
    out
}

/// `chars[from..to]` as spans, the parts inside `hits` styled as a hit.
fn styled(
    chars: &[char],
    from: usize,
    to: usize,
    hits: &[(usize, usize)],
    base: Style,
) -> Vec<Span<'static>> {
    let mut spans: Vec<Span<'static>> = Vec::new();
    for (i, c) in chars.iter().enumerate().take(to).skip(from) {
        let style = if hits.iter().any(|(a, b)| (*a..*b).contains(&i)) {
            theme::HIT
        } else {
            base
        };
        match spans.last_mut() {
            Some(last) if last.style == style => last.content.to_mut().push(*c),
            _ => spans.push(Span::styled(c.to_string(), style)),
        }
    }
    spans
}

/// `text` (one clean line) with every occurrence of `needle` styled as a hit.
pub(crate) fn marked(text: &str, needle: &str, base: Style) -> Vec<Span<'static>> {
    let chars: Vec<char> = text.chars().collect();
    let n: Vec<char> = needle.chars().collect();
    let hits = occurrences(&chars, &n);
    styled(&chars, 0, chars.len(), &hits, base)
}

/// `text` (one clean line) cut to at most `width` display columns around the first occurrence
/// of `needle` — about a third of the room before it, the rest after — with `…` where cut and
/// every occurrence in the window styled as a hit. Cut by display width, never inside a wide
/// character.
pub(crate) fn in_context(
    text: &str,
    needle: &str,
    width: usize,
    base: Style,
) -> Vec<Span<'static>> {
    let chars: Vec<char> = text.chars().collect();
    let n: Vec<char> = needle.chars().collect();
    let hits = occurrences(&chars, &n);
    let w = |c: &char| c.width().unwrap_or(0);
    let cols = |from: usize, to: usize| chars[from..to].iter().map(w).sum::<usize>();
    if cols(0, chars.len()) <= width {
        return styled(&chars, 0, chars.len(), &hits, base);
    }
    if width < 3 {
        return vec![Span::styled(fit(text, width), base)];
    }
    let (p, q) = hits.first().copied().unwrap_or((0, 0));
    let room = width.saturating_sub(cols(p, q));
    let (before_w, after_w) = (cols(0, p), cols(q, chars.len()));
    let after = after_w.min(room - before_w.min(room / 3));
    let before = before_w.min(room - after);
    // Out from the hit while the budget lasts, keeping a column for each `…`.
    let back = |budget: usize| {
        let mut s = p;
        let mut used = 0;
        while s > 0 && used + w(&chars[s - 1]) <= budget {
            used += w(&chars[s - 1]);
            s -= 1;
        }
        s
    };
    let fwd = |budget: usize| {
        let mut e = p;
        let mut used = 0;
        while e < chars.len() && used + w(&chars[e]) <= budget {
            used += w(&chars[e]);
            e += 1;
        }
        e
    };
    let mut start = back(before);
    if start > 0 {
        start = back(before.saturating_sub(1));
    }
    // What is left for the hit and what follows it (a hit wider than that is cut too).
    let left = width.saturating_sub(cols(start, p) + usize::from(start > 0));
    let mut end = fwd(left);
    if end < chars.len() {
        end = fwd(left.saturating_sub(1));
    }
    let mut spans = Vec::new();
    if start > 0 {
        spans.push(Span::styled("…", theme::DIM));
    }
    spans.extend(styled(&chars, start, end, &hits, base));
    if end < chars.len() {
        spans.push(Span::styled("…", theme::DIM));
    }
    spans
}

/// How many agreements the search found — all that matched, not only those listed — and, when
/// the list was capped, how many it lists.
pub(super) fn found(lang: Lang, s: &SearchState) -> String {
    let n = s.matched.max(s.hits.len()).to_string();
    if s.matched > s.hits.len() {
        trf(
            lang,
            "ui.archive.found_first",
            &[("n", &n), ("shown", &s.hits.len().to_string())],
        )
    } else {
        trf(lang, "ui.archive.found", &[("n", &n)])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(spans: &[Span<'_>]) -> String {
        spans.iter().map(|s| s.content.as_ref()).collect()
    }

    fn hit_text(spans: &[Span<'_>]) -> Vec<String> {
        spans
            .iter()
            .filter(|s| s.style == theme::HIT)
            .map(|s| s.content.to_string())
            .collect()
    }

    const CLAUSE: &str = "企业按照下列标准向职工发放津贴和补贴：高温津贴每月150元。国家和地方规定的津贴、补贴标准高于本条标准的，按照国家和地方的标准执行。";

    #[test]
    fn the_hit_is_cut_around_by_display_width_and_marked_by_style() {
        for width in 4..80 {
            let spans = in_context(CLAUSE, "高温津贴", width, Style::new());
            let t = text(&spans);
            assert!(t.width() <= width, "{width}: {t}");
            if width >= 12 {
                assert!(t.contains("高温津贴"), "{width}: {t}");
                assert!(
                    hit_text(&spans).contains(&"高温津贴".to_string()),
                    "{width}"
                );
            }
        }
        let spans = in_context(CLAUSE, "高温津贴", 30, Style::new());
        assert_eq!(text(&spans), "…补贴：高温津贴每月150元。国…");
        // Every occurrence in the window is marked, none with brackets.
        let spans = in_context(CLAUSE, "津贴", 80, Style::new());
        assert_eq!(hit_text(&spans), vec!["津贴", "津贴", "津贴"]);
        assert!(!text(&spans).contains('【'));
        // Short enough: whole, uncut.
        let spans = in_context("津贴、补贴项目的增设", "津贴", 40, Style::new());
        assert_eq!(text(&spans), "津贴、补贴项目的增设");
    }

    #[test]
    fn no_needle_or_no_hit_shows_the_start_and_letters_match_without_case() {
        let t = text(&in_context(CLAUSE, "", 20, Style::new()));
        assert!(
            t.starts_with("企业按照") && t.ends_with('…') && t.width() <= 20,
            "{t}"
        );
        let spans = in_context(
            "overtime pay at 150% of the base wage",
            "Base",
            20,
            Style::new(),
        );
        assert_eq!(hit_text(&spans), vec!["base"]);
        assert!(text(&spans).width() <= 20);
    }
}
