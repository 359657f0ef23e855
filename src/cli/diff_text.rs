//! `xieshang diff` without `--json`: the diff as a listing for a terminal or a pipe. Owns the
//! layout (summary line, title and chapter changes, then one head line per changed clause with
//! its body), the ANSI colours, and the plain `[-删-]{+增+}` marks used when colour is off. It
//! lives with the CLI, not in `contract::diff`, because it is presentation: the library hands
//! out data, and only the command line prints escape codes.

use std::fmt::Write as _;

use crate::contract::Contract;
use crate::contract::diff::{Change, ContractDiff, InlineOp, LineChange, Op};
use crate::contract::render::clause_body;
use crate::i18n::{Lang, tr};
use crate::text::sanitize_text;

fn change_name(lang: Lang, c: Change) -> String {
    let key = match c {
        Change::Unchanged => "unchanged",
        Change::Renumbered => "renumbered",
        Change::Moved => "moved",
        Change::Modified => "modified",
        Change::Inserted => "inserted",
        Change::Deleted => "deleted",
    };
    tr(lang, &format!("contract.diff.kind.{key}"))
}

const RED: &str = "\u{1b}[31;9m";
const GREEN: &str = "\u{1b}[32;4m";
const BOLD: &str = "\u{1b}[1m";
const RESET: &str = "\u{1b}[0m";

/// Text in a listing: sanitised again (a diff can be built from contracts that never went
/// through the parser) and line breaks indented.
fn show(text: &str) -> String {
    sanitize_text(text).replace('\n', "\n    ")
}

/// A human-readable listing of what changed (unchanged clauses are left out), labels old →
/// new, inline changes marked with ANSI colour when `color`, else `[-删-]{+增+}`.
pub fn render_text(
    d: &ContractDiff,
    old: &Contract,
    new: &Contract,
    lang: Lang,
    color: bool,
) -> String {
    let mut out = String::new();
    let (b, r) = if color { (BOLD, RESET) } else { ("", "") };
    let _ = writeln!(out, "{b}{}{r}", d.summary_line(lang));
    if let Some(t) = &d.title {
        let _ = writeln!(
            out,
            "{}{}{} → {}",
            tr(lang, "contract.diff.title"),
            crate::i18n::colon(lang),
            show(&t.old),
            show(&t.new)
        );
    }
    for ch in &d.chapters {
        let _ = writeln!(
            out,
            "{}{}{} → {}",
            tr(lang, &format!("contract.diff.chapter.{}", ch.change)),
            crate::i18n::colon(lang),
            ch.old.as_deref().map_or_else(|| "—".to_string(), show),
            ch.new.as_deref().map_or_else(|| "—".to_string(), show)
        );
    }
    matter_lines(
        &mut out,
        lang,
        "contract_import.diff.front",
        &d.front,
        color,
    );
    let old_bodies: Vec<String> = old.clauses().map(|(_, _, c)| clause_body(c)).collect();
    let new_bodies: Vec<String> = new.clauses().map(|(_, _, c)| clause_body(c)).collect();
    for c in d
        .clauses
        .iter()
        .filter(|c| c.change != Change::Unchanged || c.refs_updated || !c.stale_refs.is_empty())
    {
        let label = match (&c.old_label, &c.new_label) {
            (Some(o), Some(n)) if o == n => o.clone(),
            (Some(o), Some(n)) => format!("{o} → {n}"),
            (Some(o), None) => o.clone(),
            (None, Some(n)) => n.clone(),
            (None, None) => String::new(),
        };
        let mut head = format!("{b}{label}{r} [{}]", change_name(lang, c.change));
        if let Some(ch) = &c.chapter {
            head.push_str(&crate::i18n::parens(lang, &show(ch)));
        }
        if c.refs_updated {
            let _ = write!(head, " {}", tr(lang, "contract.diff.refs_updated"));
        }
        let _ = writeln!(out, "{head}");
        for st in &c.stale_refs {
            let line = match &st.now {
                Some(now) => crate::i18n::trf(
                    lang,
                    "contract_import.diff.stale_ref",
                    &[("text", &show(&st.text)), ("now", now)],
                ),
                None => crate::i18n::trf(
                    lang,
                    "contract_import.diff.stale_ref_deleted",
                    &[("text", &show(&st.text))],
                ),
            };
            let _ = writeln!(out, "    {line}");
        }
        let body = match c.change {
            Change::Modified => Some(inline_text(&c.inline, color)),
            Change::Inserted => c
                .new_no
                .and_then(|n| new_bodies.get(n.checked_sub(1)?))
                .map(|t| show(t)),
            Change::Deleted => c
                .old_no
                .and_then(|n| old_bodies.get(n.checked_sub(1)?))
                .map(|t| show(t)),
            _ => None,
        };
        if let Some(body) = body {
            let _ = writeln!(out, "    {body}");
        }
    }
    matter_lines(&mut out, lang, "contract_import.diff.back", &d.back, color);
    out
}

/// Inline ops marked with colour, or with `[-删-]{+增+}` when colour is off.
fn inline_text(ops: &[InlineOp], color: bool) -> String {
    let mut s = String::new();
    for op in ops {
        let t = show(&op.text);
        match (op.op, color) {
            (Op::Equal, _) => s.push_str(&t),
            (Op::Delete, true) => {
                let _ = write!(s, "{RED}{t}{RESET}");
            }
            (Op::Insert, true) => {
                let _ = write!(s, "{GREEN}{t}{RESET}");
            }
            (Op::Delete, false) => {
                let _ = write!(s, "[-{t}-]");
            }
            (Op::Insert, false) => {
                let _ = write!(s, "{{+{t}+}}");
            }
        }
    }
    s
}

/// Changed lines of the front or back matter under their heading (`首部` / `尾部`).
fn matter_lines(out: &mut String, lang: Lang, key: &str, lines: &[LineChange], color: bool) {
    if lines.is_empty() {
        return;
    }
    let _ = writeln!(out, "{}", tr(lang, key));
    for l in lines {
        let text = match l.change {
            Change::Modified => inline_text(&l.inline, color),
            Change::Inserted => l.new.as_deref().map(show).unwrap_or_default(),
            _ => l.old.as_deref().map(show).unwrap_or_default(),
        };
        let _ = writeln!(out, "    [{}] {text}", change_name(lang, l.change));
    }
}

#[cfg(test)]
mod tests {
    //! Moved from the integration tests with the renderer: the CLI module is private, so the
    //! listing is tested here, on the same fixtures.

    use super::*;
    use crate::contract::Block;
    use crate::contract::diff::diff;
    use crate::contract::parse::parse;

    const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/contract");

    fn load(name: &str) -> Contract {
        parse(&std::fs::read_to_string(format!("{FIXTURES}/{name}")).unwrap()).unwrap()
    }

    #[test]
    fn text_rendering_lists_only_changes() {
        let old = load("base.txt");
        let new = load("rate.txt");
        let d = diff(&old, &new);
        let plain = render_text(&d, &old, &new, Lang::ZhCn, false);
        assert_eq!(
            plain,
            "修改 1 条\n第三条 [修改]（第二章 工资水平）\n    企业2026年度职工平均工资增长幅度为[-8-]{+6.5+}%，一线职工工资增长幅度不低于平均增长幅度。\n"
        );
        let colored = render_text(&d, &old, &new, Lang::En, true);
        assert!(colored.contains("\u{1b}[31;9m8\u{1b}[0m\u{1b}[32;4m6.5\u{1b}[0m"));
        let d = diff(&old, &load("insert_early.txt"));
        let text = render_text(&d, &old, &load("insert_early.txt"), Lang::En, false);
        assert!(
            text.contains("第十条 → 第十一条 [renumbered] (第四章 附则) (references updated)"),
            "{text}"
        );
        assert!(
            text.contains("第三条 [inserted] (第二章 工资水平)\n    企业建立工资集体协商制度"),
            "{text}"
        );
    }

    #[test]
    fn hostile_text_in_a_diff_stays_inert() {
        let old = load("base.txt");
        let mut new = old.clone();
        new.chapters[0].clauses[0].blocks[0] =
            Block::Paragraph("工资\u{1b}]0;x\u{7}增长\u{202E}%8".into());
        let d = diff(&old, &new);
        let text = render_text(&d, &old, &new, Lang::En, false);
        assert!(
            !text
                .chars()
                .any(|c| c == '\u{1b}' || c == '\u{202E}' || c == '\u{7}'),
            "{text:?}"
        );
    }
}
