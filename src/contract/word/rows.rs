//! A table row stays one line of front or back matter. The import step (`contract::import`)
//! reads a Word document's lines like any text, and in the parties block or the signature block
//! it starts a new line wherever a label begins (`乙方`, `首席代表（签字）`, a date) — right for
//! run-on pasted text, wrong for a signature table, whose row `甲方代表（签字）：　乙方代表（签字）：`
//! is one line on paper. Only the Word reader knows which lines were table rows (or paragraphs
//! whose parts an ideographic space sets apart, as xieshang's export writes a parties row); this
//! puts each such line that the import cut into pieces back together.

use super::super::model::Contract;
use super::super::parse::clean_line;
use crate::text::sanitize_line;

/// `s` without white space (the ideographic space between cells included): how a row and the
/// pieces the import made of it compare.
fn compact(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Joins back, in the contract's front and back matter, every run of two or more lines that
/// together are one of `rows` (the reader's table-row lines), as that row's line.
pub fn keep_rows(contract: &mut Contract, rows: &[String]) {
    // Each row as the import writes a line (sanitised, cleaned), and compacted to compare.
    // Sorted by key, so that the keys a run of lines begins are found by binary search: a
    // document can hold tens of thousands of rows.
    let mut rows: Vec<(String, String)> = rows
        .iter()
        .filter(|r| !r.contains('\n'))
        .map(|r| {
            let line = clean_line(&sanitize_line(r));
            let key = compact(&line);
            (line, key)
        })
        .filter(|(_, key)| !key.is_empty())
        .collect();
    rows.sort_by(|a, b| a.1.cmp(&b.1));
    if rows.is_empty() {
        return;
    }
    join_runs(&mut contract.preamble, &rows);
    join_runs(&mut contract.back, &rows);
}

fn join_runs(lines: &mut Vec<String>, rows: &[(String, String)]) {
    let mut i = 0;
    while i < lines.len() {
        let mut acc = String::new();
        let mut found: Option<(usize, &str)> = None;
        for (j, line) in lines.iter().enumerate().skip(i) {
            acc.push_str(&compact(line));
            // The first key not below `acc`: `acc` itself if it is a key, else the least key
            // that `acc` begins, if any does.
            let at = rows.partition_point(|(_, key)| key.as_str() < acc.as_str());
            let Some((row, key)) = rows.get(at) else {
                break;
            };
            if !key.starts_with(acc.as_str()) {
                break;
            }
            if j > i && *key == acc {
                found = Some((j, row.as_str()));
                break;
            }
        }
        if let Some((end, row)) = found {
            lines.splice(i..=end, [row.to_string()]);
        }
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contract(preamble: &[&str], back: &[&str]) -> Contract {
        Contract {
            title: "集体合同".into(),
            preamble: preamble.iter().map(|s| (*s).to_string()).collect(),
            back: back.iter().map(|s| (*s).to_string()).collect(),
            ..Contract::default()
        }
    }

    #[test]
    fn rows_cut_by_the_import_are_joined_back() {
        let rows = [
            "甲方（企业）：某某公司\u{3000}乙方（工会）：某某公司工会".to_string(),
            "首席代表（签字）：\u{3000}首席代表（签字）：".to_string(),
            "日期：2026年3月20日\u{3000}日期：2026年3月20日".to_string(),
        ];
        let mut c = contract(
            &[
                "甲方（企业）：某某公司",
                "乙方（工会）：某某公司工会",
                "为建立工资增长机制，订立本合同。",
            ],
            &[
                "首席代表（签字）：",
                "首席代表（签字）：",
                "日期：2026年3月20日",
                "日期：2026年3月20日",
                "附件：工资标准表",
            ],
        );
        keep_rows(&mut c, &rows);
        assert_eq!(
            c.preamble,
            [
                "甲方（企业）：某某公司\u{3000}乙方（工会）：某某公司工会",
                "为建立工资增长机制，订立本合同。"
            ]
        );
        assert_eq!(
            c.back,
            [
                "首席代表（签字）：\u{3000}首席代表（签字）：",
                "日期：2026年3月20日\u{3000}日期：2026年3月20日",
                "附件：工资标准表"
            ]
        );
    }

    #[test]
    fn lines_that_only_resemble_a_row_stay() {
        let rows = ["甲方：某某公司\u{3000}乙方：某某工会".to_string()];
        // A line alone is never touched; pieces that are not the whole row stay apart.
        let mut c = contract(&["甲方：某某公司", "乙方：另一工会"], &["甲方：某某公司"]);
        keep_rows(&mut c, &rows);
        assert_eq!(c.preamble, ["甲方：某某公司", "乙方：另一工会"]);
        assert_eq!(c.back, ["甲方：某某公司"]);
        // Rows with a line break in a cell are lines of their own already.
        let mut c = contract(&[], &["甲方：", "乙方："]);
        keep_rows(&mut c, &["甲方：\n\u{3000}乙方：".to_string()]);
        assert_eq!(c.back, ["甲方：", "乙方："]);
    }
}
