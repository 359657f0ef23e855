//! The content of a contract: the legal content items of procedure.md §3 as data
//! (`templates/content-items.json`), and the rules CONTENT-ITEMS and CONTENT-CHAPTERS that judge
//! whether a draft covers them.
//!
//! This module owns the catalogue and the two checks. It must not judge figures (minimum wage,
//! overtime rates, term — those are rules on the dossier's typed terms, elsewhere), do I/O or
//! read the clock. The catalogue is compiled in; what counts as covering an item is data, so a
//! union can correct a keyword without touching code.

use crate::contract::model::{Block, Contract};
use crate::contract::template::Template;
use crate::domain::ContractKind;
use crate::domain::procedure::Step;
use crate::domain::rules::{Finding, Severity};
use crate::i18n::{Lang, tr, trf};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// One content item: what a contract of some kind must (or usually does) cover.
#[derive(Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct ContentItem {
    pub key: String,
    #[serde(rename = "zh-CN")]
    pub zh: String,
    pub en: String,
    /// Required by law or policy (checked by CONTENT-ITEMS); others are customary and only
    /// serve templates' chapter declarations.
    #[serde(default)]
    pub required: bool,
    pub citation: Citation,
    /// Phrases whose presence in a chapter title or clause text shows the item is covered.
    pub keywords: Vec<String>,
}

impl ContentItem {
    pub fn name(&self, lang: Lang) -> &str {
        match lang {
            Lang::ZhCn => &self.zh,
            Lang::En => &self.en,
        }
    }
}

/// A citation in both languages.
#[derive(Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Citation {
    #[serde(rename = "zh-CN")]
    pub zh: String,
    pub en: String,
}

impl Citation {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::ZhCn => &self.zh,
            Lang::En => &self.en,
        }
    }
}

/// The items of one kind of contract and the citation for the kind as a whole.
#[derive(Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct KindItems {
    pub citation: Citation,
    pub items: Vec<ContentItem>,
}

/// The catalogue file as compiled in.
pub const CATALOGUE_JSON: &str = include_str!("../../templates/content-items.json");

/// The parsed catalogue, by kind key. The JSON is compiled in and a test parses it, so a broken
/// file cannot ship; should it anyway, every kind has no items and the checks stay silent rather
/// than crash the workbench at the table.
fn catalogue() -> &'static BTreeMap<String, KindItems> {
    static CAT: OnceLock<BTreeMap<String, KindItems>> = OnceLock::new();
    CAT.get_or_init(|| serde_json::from_str(CATALOGUE_JSON).unwrap_or_default())
}

/// The content items of `kind`, in the order of their article.
pub fn items(kind: ContractKind) -> &'static [ContentItem] {
    catalogue()
        .get(kind.key())
        .map_or(&[], |k| k.items.as_slice())
}

/// The citation for the content of `kind` as a whole.
pub fn citation(kind: ContractKind, lang: Lang) -> String {
    catalogue()
        .get(kind.key())
        .map(|k| k.citation.get(lang).to_string())
        .unwrap_or_default()
}

/// Removes every kind of space, so keywords match text pasted from Word with stray spaces.
fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn clause_text(ch: &crate::contract::model::Chapter) -> String {
    let mut s = squeeze(ch.title.as_deref().unwrap_or(""));
    for cl in &ch.clauses {
        for b in &cl.blocks {
            let (Block::Paragraph(t) | Block::Item(t)) = b;
            s.push('\n');
            s.push_str(&squeeze(t));
        }
    }
    s
}

/// The keys of the items of `kind` that `contract` covers. A chapter whose title matches a
/// chapter of `template` (same kind) covers what the template declares for it — so a template's own wording counts even where it uses none of the keywords.
/// Every chapter's title and text is also searched for the items' keywords, so a clause moved
/// into another chapter, or a contract imported from elsewhere, is still recognised.
pub fn covered(
    kind: ContractKind,
    contract: &Contract,
    template: Option<&Template>,
) -> Vec<String> {
    let template = template.filter(|t| t.kind == kind);
    let mut keys: Vec<String> = Vec::new();
    let mut add = |k: &str| {
        if !keys.iter().any(|x| x == k) {
            keys.push(k.to_string());
        }
    };
    // A heading left without clauses promises content it does not have: it covers nothing.
    for ch in contract.chapters.iter().filter(|c| !c.clauses.is_empty()) {
        let declared = template.and_then(|t| {
            ch.title
                .as_deref()
                .and_then(|title| t.chapter_items(&squeeze(title)))
        });
        if let Some(decl) = declared {
            for k in decl {
                add(k);
            }
        }
        let text = clause_text(ch);
        for item in items(kind) {
            if item.keywords.iter().any(|kw| text.contains(&squeeze(kw))) {
                add(&item.key);
            }
        }
    }
    keys
}

/// CONTENT-ITEMS and CONTENT-CHAPTERS for a draft of `kind`.
pub fn check(
    kind: ContractKind,
    contract: &Contract,
    template: Option<&Template>,
    lang: Lang,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let covered = covered(kind, contract, template);
    let missing: Vec<&ContentItem> = items(kind)
        .iter()
        .filter(|i| i.required && !covered.contains(&i.key))
        .collect();
    if !missing.is_empty() {
        let sep = match lang {
            Lang::ZhCn => "；",
            Lang::En => "; ",
        };
        let names: Vec<&str> = missing.iter().map(|i| i.name(lang)).collect();
        out.push(Finding {
            rule: "CONTENT-ITEMS",
            severity: Severity::Warning,
            step: Step::Draft,
            message: trf(
                lang,
                "content.items_missing",
                &[
                    ("kind", &tr(lang, &format!("content.kind.{}", kind.key()))),
                    ("items", &names.join(sep)),
                ],
            ),
            citation: citation(kind, lang),
            due: None,
        });
    }
    if kind == ContractKind::Comprehensive {
        let titles: Vec<String> = contract
            .chapters
            .iter()
            .filter_map(|c| c.title.as_deref().map(squeeze))
            .collect();
        // 劳动安全卫生, also written 劳动安全与卫生 (GR 8's own wording) or 安全卫生.
        let safety = titles
            .iter()
            .any(|t| t.contains("安全卫生") || (t.contains("劳动安全") && t.contains("卫生")));
        let women = titles.iter().any(|t| t.contains("女职工"));
        let mut lacking = Vec::new();
        if !safety {
            lacking.push(tr(lang, "content.chapter.safety"));
        }
        if !women {
            lacking.push(tr(lang, "content.chapter.women"));
        }
        if !lacking.is_empty() {
            let sep = match lang {
                Lang::ZhCn => "、",
                Lang::En => ", ",
            };
            out.push(Finding {
                rule: "CONTENT-CHAPTERS",
                severity: Severity::Warning,
                step: Step::Draft,
                message: trf(
                    lang,
                    "content.chapters_missing",
                    &[("chapters", &lacking.join(sep))],
                ),
                citation: tr(lang, "content.citation.ln"),
                due: None,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalogue_parses_and_covers_every_kind() {
        let cat: BTreeMap<String, KindItems> = serde_json::from_str(CATALOGUE_JSON).unwrap();
        for kind in ContractKind::ALL {
            let k = cat.get(kind.key()).unwrap();
            assert!(k.items.iter().any(|i| i.required), "{kind:?}");
            for i in &k.items {
                assert!(!i.keywords.is_empty(), "{}", i.key);
                assert!(!i.zh.is_empty() && !i.en.is_empty(), "{}", i.key);
            }
            let mut keys: Vec<&str> = k.items.iter().map(|i| i.key.as_str()).collect();
            keys.sort_unstable();
            keys.dedup();
            assert_eq!(keys.len(), k.items.len(), "duplicate key in {kind:?}");
        }
    }

    #[test]
    fn wage_items_are_those_of_wm_7() {
        let required: Vec<&str> = items(ContractKind::Wage)
            .iter()
            .filter(|i| i.required)
            .map(|i| i.key.as_str())
            .collect();
        assert_eq!(
            required,
            [
                "term",
                "wage_system",
                "average_wage",
                "bonuses",
                "payment",
                "change",
                "termination",
                "breach"
            ]
        );
    }

    #[test]
    fn keywords_ignore_stray_spaces() {
        assert_eq!(squeeze("工资 支付\u{3000}时间"), "工资支付时间");
    }
}
