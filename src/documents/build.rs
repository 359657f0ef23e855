//! Assembles a paper from its template and the dossier: the template's lines with their
//! variables filled, and the blocks only code can build (tables of issues, votes, opinions, the
//! contract's clauses, the signature blocks). A fact not on record is a visible blank; a paper of
//! a step not yet reached comes out as a blank form to fill by hand. Pure.

use super::model::{Block, DocKind, Document, Keep, Table};
use super::template::{DocTemplate, Line, expand};
use super::vars::{
    self, Blanks, PAPER, Sources, date_zh, held_rounds, issue_name, issue_result, label,
    position_text,
};
use crate::contract::Contract;
use crate::contract::matter;
use crate::contract::render::{chapter_heading, clause_label, item_label};
use crate::domain::dossier::{Dossier, FilingItem, Side};
use crate::i18n::{tr, trf};
use crate::text::sanitize_line;

/// Everything a paper is built from.
pub struct Input<'a> {
    pub dossier: &'a Dossier,
    /// The current draft (or the signed text), when there is one.
    pub contract: Option<&'a Contract>,
    pub template: &'a DocTemplate,
    /// The costing of the agreed package (the note on the bargaining), from the service.
    pub costed: Option<&'a vars::Costed>,
}

fn word(key: &str) -> String {
    tr(PAPER, &format!("documents.word.{key}"))
}

fn col(key: &str) -> String {
    tr(PAPER, &format!("documents.col.{key}"))
}

fn clean(s: &str) -> String {
    sanitize_line(s)
}

struct Builder<'a> {
    input: &'a Input<'a>,
    src: Sources<'a>,
    blanks: Blanks,
    blocks: Vec<Block>,
    /// The first block of the last clause printed so far.
    last_clause: Option<usize>,
    keep: Option<Keep>,
    generated: Vec<std::ops::Range<usize>>,
}

impl Builder<'_> {
    fn get(&mut self, name: &str) -> String {
        self.blanks.get(name, &self.src)
    }

    fn fill(&mut self, line: &str) -> String {
        let mut blanks = std::mem::take(&mut self.blanks);
        let s = expand(line, |n| blanks.get(n, &self.src));
        self.blanks = blanks;
        s
    }

    fn table(&mut self, widths: &[u16], header: bool, rows: Vec<Vec<String>>) {
        self.blocks.push(Block::Table(Table {
            widths: widths.to_vec(),
            rows,
            header,
        }));
    }

    fn built(&mut self, name: &str) {
        let d = self.input.dossier;
        match name {
            "page" => self.blocks.push(Block::PageBreak),
            "blank_lines" => self.blocks.push(Block::Space(2)),
            "representatives" => self.representatives(),
            "round_facts" => {
                let rows = vec![
                    vec![
                        label("round_date"),
                        self.get("round_date"),
                        label("round_place"),
                        self.get("round_place"),
                    ],
                    vec![
                        label("round_chair"),
                        self.get("round_chair"),
                        label("recorder"),
                        self.get("recorder"),
                    ],
                ];
                self.table(&[5, 9, 5, 9], false, rows);
            }
            "issues" => {
                let mut rows = vec![vec![
                    col("issue"),
                    col("workers"),
                    col("employer"),
                    col("result"),
                ]];
                if let Some(r) = self.src.round {
                    for i in &r.issues {
                        rows.push(vec![
                            issue_name(&i.key),
                            position_text(i, i.position(Side::Workers).unwrap_or_default()),
                            position_text(i, i.position(Side::Employer).unwrap_or_default()),
                            issue_result(i),
                        ]);
                    }
                }
                pad(&mut rows, 4, 4);
                self.table(&[7, 7, 7, 7], true, rows);
            }
            "minutes_signatures" => {
                let date = self.get("round_date");
                // One signer a row: `职工方首席代表（签字）` (11 characters) and the date whole
                // in both formats, with room to sign.
                let rows = vec![
                    vec![col("workers_chief_sign"), String::new()],
                    vec![col("employer_chief_sign"), String::new()],
                    vec![col("recorder_sign"), String::new()],
                    vec![col("date"), date],
                ];
                self.table(&[12, 16], false, rows);
            }
            "votes" => {
                let rows = vec![
                    vec![
                        col("total"),
                        col("present"),
                        col("for"),
                        col("against"),
                        col("abstain"),
                    ],
                    vec![
                        self.get("congress_total"),
                        self.get("congress_present"),
                        self.get("votes_for"),
                        self.get("votes_against"),
                        self.get("votes_abstain"),
                    ],
                ];
                self.table(&[6, 6, 5, 5, 6], true, rows);
            }
            "title_page" => {
                let start = self.blocks.len();
                let title = self.get("contract_title");
                let ent = self.get("enterprise");
                let union = self.get("union");
                let date = self.get("signing_date");
                self.blocks.push(Block::Space(5));
                self.blocks.push(Block::Title(title));
                self.blocks.push(Block::Space(6));
                self.blocks
                    .push(Block::Subtitle(format!("{}：{ent}", col("party_a"))));
                self.blocks
                    .push(Block::Subtitle(format!("{}：{union}", col("party_b"))));
                self.blocks
                    .push(Block::Subtitle(format!("{}：{date}", col("signed_on"))));
                self.blocks.push(Block::PageBreak);
                self.generated.push(start..self.blocks.len());
            }
            "resolution_subtitle" => self.resolution_subtitle(),
            "resolution_decision" => self.resolution_decision(),
            "contract_text" => self.contract_text(),
            "contract_signatures" => self.contract_signatures(),
            "opinions" => self.opinions(),
            "package" => self.package(),
            "registration" => self.registration(),
            "rounds" => {
                let mut rows = vec![vec![
                    col("round"),
                    col("date"),
                    col("place"),
                    col("progress"),
                ]];
                for r in held_rounds(d) {
                    let progress: Vec<String> = r
                        .issues
                        .iter()
                        .map(|i| format!("{}：{}", issue_name(&i.key), issue_result(i)))
                        .collect();
                    rows.push(vec![
                        trf(
                            PAPER,
                            "documents.word.round_no",
                            &[("n", &r.number.to_string())],
                        ),
                        date_zh(r.date),
                        clean(r.place.as_deref().unwrap_or_default()),
                        progress.join("；"),
                    ]);
                }
                pad(&mut rows, 4, 3);
                self.table(&[4, 6, 7, 11], true, rows);
            }
            "settled" => {
                let mut rows = vec![vec![
                    col("issue"),
                    col("workers_first"),
                    col("employer_first"),
                    col("outcome"),
                ]];
                let mut keys: Vec<&str> = Vec::new();
                for r in &d.rounds {
                    for i in &r.issues {
                        if !keys.contains(&i.key.as_str()) {
                            keys.push(&i.key);
                        }
                    }
                }
                for k in keys {
                    let first = |side: Side| {
                        d.rounds
                            .iter()
                            .find_map(|r| {
                                r.issue(k)
                                    .and_then(|i| i.position(side).map(|v| position_text(i, v)))
                            })
                            .unwrap_or_default()
                    };
                    let last = d
                        .rounds
                        .iter()
                        .rev()
                        .find_map(|r| r.issue(k))
                        .map(issue_result)
                        .unwrap_or_default();
                    rows.push(vec![
                        issue_name(k),
                        first(Side::Workers),
                        first(Side::Employer),
                        last,
                    ]);
                }
                pad(&mut rows, 4, 3);
                self.table(&[7, 7, 7, 7], true, rows);
            }
            _ => {}
        }
    }

    /// Whether the congress on record adopted the draft (GR 36, as the rules decide it), or
    /// `None` when there is no congress yet (a blank form, worded for adoption).
    fn adopted(&self) -> Option<bool> {
        self.input
            .dossier
            .congress
            .as_ref()
            .map(crate::domain::rules::adopted)
    }

    /// `（2026年4月20日通过）`, or for a draft the congress did not adopt
    /// `（2026年4月20日表决，草案未获通过）`.
    fn resolution_subtitle(&mut self) {
        let date = self.get("congress_date");
        let key = if self.adopted() == Some(false) {
            "documents.word.resolution_rejected_on"
        } else {
            "documents.word.resolution_adopted_on"
        };
        self.blocks
            .push(Block::Subtitle(trf(PAPER, key, &[("date", &date)])));
    }

    /// The congress's opinion, decision and request. A draft not adopted gets only the
    /// decision that says so: no praise of the draft, no request to sign and file it.
    fn resolution_decision(&mut self) {
        let title = self.get("contract_title");
        let result = self.get("congress_result");
        if self.adopted() == Some(false) {
            self.blocks.push(Block::Para(trf(
                PAPER,
                "documents.word.resolution_rejected",
                &[("result", &result)],
            )));
            return;
        }
        self.blocks.push(Block::Para(trf(
            PAPER,
            "documents.word.resolution_opinion",
            &[("title", &title), ("result", &result)],
        )));
        self.blocks
            .push(Block::Para(tr(PAPER, "documents.word.resolution_request")));
    }

    fn representatives(&mut self) {
        let d = self.input.dossier;
        let mut rows = vec![vec![col("side"), col("name"), col("post"), col("role")]];
        for side in Side::ALL {
            for r in d.side(side) {
                rows.push(vec![
                    tr(PAPER, &format!("documents.side.{}", side.key())),
                    clean(&r.name),
                    clean(r.post.as_deref().unwrap_or_default()),
                    if r.chief { col("chief") } else { col("member") },
                ]);
            }
        }
        pad(&mut rows, 4, 4);
        self.table(&[5, 6, 11, 6], true, rows);
    }

    fn contract_text(&mut self) {
        let Some(c) = self.input.contract else {
            let t = self.get("contract_title");
            self.blocks.push(Block::Title(t));
            let blank = self.blanks.blank("contract_text");
            self.last_clause = Some(self.blocks.len());
            self.blocks.push(Block::Para(blank));
            return;
        };
        self.blocks.push(Block::Title(clean(&c.title)));
        // The front matter as written: the parties block's lines (甲方：…, 员工人数：…) flush
        // left as forms print them, a preamble sentence as an indented paragraph.
        for p in &c.preamble {
            let p = clean(p);
            if matter::is_label_line(&p) || matter::is_seal_line(&p) {
                self.blocks.push(Block::Plain(p));
            } else {
                self.blocks.push(Block::Para(p));
            }
        }
        let mut n = 0;
        for (ci, ch) in c.chapters.iter().enumerate() {
            if let Some(h) = chapter_heading(c, ci + 1) {
                self.blocks.push(Block::Chapter(clean(&h)));
            }
            for cl in &ch.clauses {
                n += 1;
                let mut item = 0;
                for (bi, b) in cl.blocks.iter().enumerate() {
                    let text = match b {
                        crate::contract::Block::Paragraph(t) => clean(t),
                        crate::contract::Block::Item(t) => {
                            item += 1;
                            format!("{}{}", item_label(item), clean(t))
                        }
                    };
                    if bi == 0 {
                        self.last_clause = Some(self.blocks.len());
                        self.blocks
                            .push(Block::Para(format!("{}\u{3000}{text}", clause_label(n))));
                    } else {
                        self.blocks.push(Block::Para(text));
                    }
                }
            }
        }
    }

    /// The signature and seal block, and after it the attachments. A draft whose back matter
    /// has its own signature lines (甲方（盖章）：…, 二〇二六年　月　日) prints them in place of the
    /// generated block, its blank date filled with the signing date when there is one; a draft
    /// without them gets the generated block (after any `（以下无正文）`). The last clause and the
    /// signature block are kept on one page.
    fn contract_signatures(&mut self) {
        let back: &[String] = self.input.contract.map_or(&[], |c| c.back.as_slice());
        let attachments = self.input.contract.map_or(0, |c| c.attachments().len());
        let (body, attached) = back.split_at(back.len() - attachments);
        let own = body.iter().any(|l| {
            matter::is_label_line(l) || matter::is_seal_line(l) || matter::is_date_line(l)
        });
        let signature = self.blocks.len();
        if own {
            let date = vars::value("signing_date", &self.src).map(|v| vars::render(&v));
            for l in body {
                let l = clean(l);
                let line = match &date {
                    Some(d) if matter::is_date_line(&l) && !date_filled(&l) => d.clone(),
                    Some(d) if date_label_empty(&l) => format!("{}{d}", l.trim_end()),
                    _ => l,
                };
                self.blocks.push(Block::Plain(line));
            }
        } else {
            for l in body {
                self.blocks.push(Block::Plain(clean(l)));
            }
            self.generated_signatures();
        }
        let end = self.blocks.len();
        self.keep = Some(Keep {
            clause: self.last_clause.unwrap_or(signature).min(signature),
            signature,
            end,
        });
        if !attached.is_empty() {
            self.blocks.push(Block::Space(1));
            for l in attached {
                self.blocks.push(Block::Plain(clean(l)));
            }
        }
    }

    /// Both parties' seal, chiefs' signatures and dates, as a borderless-looking table.
    fn generated_signatures(&mut self) {
        let ent = self.get("enterprise");
        let union = self.get("union");
        let ec = self.get("employer_chief");
        let wc = self.get("workers_chief");
        let date = self.get("signing_date");
        let rows = vec![
            vec![
                format!("{}{}", ent, col("seal")),
                format!("{}{}", union, col("seal")),
            ],
            vec![
                format!("{}：{ec}", col("chief_sign")),
                format!("{}：{wc}", col("chief_sign")),
            ],
            vec![
                format!("{}：{date}", col("date")),
                format!("{}：{date}", col("date")),
            ],
        ];
        let start = self.blocks.len();
        self.blocks.push(Block::Space(1));
        self.table(&[14, 14], false, rows);
        self.generated.push(start..self.blocks.len());
    }

    fn opinions(&mut self) {
        let d = self.input.dossier;
        let pre = d.prereview().or_else(|| d.prereviews.reviews.last());
        let mut rows = vec![vec![
            col("no"),
            col("clause"),
            col("opinion"),
            col("answer"),
        ]];
        if let Some(p) = pre {
            for o in p.standing() {
                let answer = d
                    .answers
                    .iter()
                    .rev()
                    .find(|a| a.submitted == p.submitted && a.opinion == o.no)
                    .map(|a| clean(&a.text))
                    .unwrap_or_default();
                rows.push(vec![
                    o.no.to_string(),
                    clean(&o.clause),
                    clean(&o.text),
                    answer,
                ]);
            }
            if rows.len() == 1 {
                rows.push(vec![
                    String::new(),
                    String::new(),
                    word("no_opinion"),
                    String::new(),
                ]);
            }
        }
        pad(&mut rows, 4, 4);
        self.table(&[3, 5, 12, 8], true, rows);
    }

    fn package(&mut self) {
        let filing = self.input.dossier.filing.as_ref();
        let mut rows = vec![vec![
            col("no"),
            col("material"),
            col("copies"),
            col("enclosed"),
        ]];
        for (i, item) in FilingItem::ALL.iter().enumerate() {
            let enclosed = match filing {
                Some(f) if f.package.contains(item) => word("enclosed"),
                Some(_) => word("not_enclosed"),
                None => String::new(),
            };
            rows.push(vec![
                (i + 1).to_string(),
                tr(PAPER, &format!("documents.package.{}", item.key())),
                // The text in the copies GR 42 asks for, each other material once; counts of
                // copies in Chinese numerals (三份).
                trf(
                    PAPER,
                    "documents.word.copies",
                    &[(
                        "n",
                        &crate::contract::numerals::to_chinese(if *item == FilingItem::Text {
                            crate::domain::rules::FILED_COPIES
                        } else {
                            1
                        }),
                    )],
                ),
                enclosed,
            ]);
        }
        self.table(&[3, 15, 4, 6], true, rows);
    }

    fn registration(&mut self) {
        let term = {
            let t = self.get("term");
            let s = self.get("start");
            let e = self.get("end");
            trf(
                PAPER,
                "documents.word.term_span",
                &[("term", &t), ("start", &s), ("end", &e)],
            )
        };
        let votes = {
            let a = [
                ("total", self.get("congress_total")),
                ("present", self.get("congress_present")),
                ("for", self.get("votes_for")),
                ("against", self.get("votes_against")),
                ("abstain", self.get("votes_abstain")),
            ];
            let args: Vec<(&str, &str)> = a.iter().map(|(k, v)| (*k, v.as_str())).collect();
            trf(PAPER, "documents.word.votes_line", &args)
        };
        let package = match &self.input.dossier.filing {
            Some(f) if !f.package.is_empty() => f
                .package
                .iter()
                .map(|i| tr(PAPER, &format!("documents.package.{}", i.key())))
                .collect::<Vec<_>>()
                .join("、"),
            _ => self.blanks.blank("package"),
        };
        let mut rows = Vec::new();
        for name in ["enterprise", "credit_code", "union", "kind_title"] {
            rows.push(vec![label(name), self.get(name)]);
        }
        rows.push(vec![label("term"), term]);
        let staff = self.get("staff_covered");
        rows.push(vec![
            label("staff_covered"),
            format!("{staff}{}", word("persons")),
        ]);
        for name in ["last_year_avg_wage", "increase", "min_wage"] {
            rows.push(vec![label(name), self.get(name)]);
        }
        rows.push(vec![label("votes"), votes]);
        for name in ["congress_date", "signing_date", "filing_sent"] {
            rows.push(vec![label(name), self.get(name)]);
        }
        rows.push(vec![label("package"), package]);
        self.table(&[8, 20], false, rows);
    }
}

/// A date line with its day written in (`2026年5月22日`, `二〇二六年五月二十二日`), not a
/// blank to fill (`二〇二六年　月　日`).
fn date_filled(line: &str) -> bool {
    let before_day: Vec<char> = line.chars().take_while(|c| *c != '日').collect();
    before_day
        .last()
        .is_some_and(|c| crate::contract::numerals::is_numeral_char(*c) || *c == '〇')
}

/// `签订日期：` with nothing (or only underscores and spaces) after the colon.
fn date_label_empty(line: &str) -> bool {
    matches!(
        matter::label_at_start(line),
        Some("签订日期" | "签约日期" | "签订时间")
    ) && line.split_once(['：', ':']).is_some_and(|(_, v)| {
        v.chars()
            .all(|c| c.is_whitespace() || c == '_' || c == '＿')
    })
}

/// Adds empty rows until the table has `min` rows (header included): room to write by hand.
fn pad(rows: &mut Vec<Vec<String>>, cols: usize, min: usize) {
    let min = min.max(if rows.len() <= 1 { 4 } else { 0 });
    while rows.len() < min {
        rows.push(vec![String::new(); cols]);
    }
}

/// Builds document `kind` from `input`.
pub fn build(kind: DocKind, input: &Input<'_>) -> Document {
    let d = input.dossier;
    let round = match kind {
        DocKind::Minutes(n) => d.rounds.iter().find(|r| r.number == n),
        _ => None,
    };
    let title_owned = input.contract.map(|c| clean(&c.title));
    let mut b = Builder {
        input,
        src: Sources {
            dossier: d,
            round,
            contract_title: title_owned.as_deref(),
            costed: input.costed,
        },
        blanks: Blanks::default(),
        blocks: Vec::new(),
        last_clause: None,
        keep: None,
        generated: Vec::new(),
    };
    // The minutes of a round not held yet still say which round they are for.
    let round_no = match kind {
        DocKind::Minutes(n) => n.to_string(),
        _ => String::new(),
    };
    for line in &input.template.lines {
        match line {
            Line::Built(name) => b.built(name),
            Line::Title(t) => {
                let t = b.fill(t);
                b.blocks.push(Block::Title(t));
            }
            Line::Subtitle(t) => {
                let t = if round.is_none() && !round_no.is_empty() {
                    t.replace("{{round}}", &round_no)
                } else {
                    t.clone()
                };
                let t = b.fill(&t);
                b.blocks.push(Block::Subtitle(t));
            }
            Line::Heading(t) => {
                let t = b.fill(t);
                b.blocks.push(Block::Heading(t));
            }
            Line::Plain(t) => {
                let t = b.fill(t);
                b.blocks.push(Block::Plain(t));
            }
            Line::Right(t) => {
                let t = b.fill(t);
                b.blocks.push(Block::Right(t));
            }
            Line::Para(t) => {
                let t = b.fill(t);
                b.blocks.push(Block::Para(t));
            }
        }
    }
    let footer = match kind {
        DocKind::Contract => d.current_seal().map(|s| {
            trf(
                PAPER,
                "documents.word.seal_footer",
                &[("text", &s.text_sha256), ("facts", &s.facts_sha256)],
            )
        }),
        _ => None,
    };
    let title = vars::value("contract_title", &b.src)
        .map(|v| vars::render(&v))
        .filter(|_| kind == DocKind::Contract)
        .unwrap_or_else(|| clean(&input.template.title));
    Document {
        kind,
        title,
        blocks: b.blocks,
        footer,
        blanks: b.blanks.names,
        keep: b.keep,
        generated: b.generated,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_line_is_filled_only_when_its_day_is_written() {
        assert!(date_filled("2026年5月22日"));
        assert!(date_filled("二〇二六年五月二十二日"));
        assert!(!date_filled("二〇二六年　月　日"));
        assert!(!date_filled("____年__月__日"));
        assert!(!date_filled("年　月　日"));
    }

    #[test]
    fn an_empty_signing_date_label_is_found() {
        assert!(date_label_empty("签订日期："));
        assert!(date_label_empty("签订日期：____"));
        assert!(!date_label_empty("签订日期：2026年5月22日"));
        assert!(!date_label_empty("甲方（盖章）："));
    }
}
