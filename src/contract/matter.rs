//! Front and back matter by its look: which lines belong to the parties block (甲方（工会）：…,
//! 员工人数：…) and which open the signature and seal block, the signing date or the attachments
//! (附件) after the last clause.
//!
//! Owns only the line-level vocabulary, shared by the canonical parser (which must read its own
//! rendering back) and the import step (which must find the same lines inside run-on text). The
//! words are structure, not prose shown to anyone, so they live here beside the recognisers as
//! `refs` keeps its law endings. Tests of each recogniser are literal lines as unions write them.

/// Labels that open a line of the parties block or the signature block.
const LABELS: [&str; 32] = [
    "甲方",
    "乙方",
    "甲方代表",
    "乙方代表",
    "企业方",
    "职工方",
    "用人单位",
    "企业名称",
    "单位名称",
    "企业地址",
    "单位地址",
    "地址",
    "住所",
    "法定代表人",
    "主要负责人",
    "工会主席",
    "工会名称",
    "首席代表",
    "委托代理人",
    "职工代表",
    "企业代表",
    "协商代表",
    "员工人数",
    "职工人数",
    "联系电话",
    "联系人",
    "电话",
    "邮编",
    "签订日期",
    "签约日期",
    "签订时间",
    "签订地点",
];
/// A line holding one of these (and no sentence) is a place to sign or seal.
const SEAL_MARKS: [&str; 6] = ["盖章", "签字", "签章", "签名", "印章", "公章"];
/// Closing notes such as `（以下无正文）`.
const CLOSING: [&str; 2] = ["无正文", "以下空白"];

fn opens_bracket(c: char) -> bool {
    matches!(c, '（' | '(')
}

fn is_sentence_mark(c: char) -> bool {
    matches!(c, '。' | '；' | ';')
}

/// `after` (the text after a label) continues a label line: a colon, a space, the end, or a
/// bracketed qualifier (`（工会或员工代表）`) followed by one of those or by another label.
fn label_tail(after: &str) -> bool {
    let after = after.trim_start_matches([' ', '\u{3000}']);
    if after.is_empty() || after.starts_with(['：', ':']) {
        return true;
    }
    if after.starts_with(opens_bracket) {
        // A bracketed qualifier; what follows it must not be running text.
        let close = after.find(['）', ')']);
        return close.is_some_and(|i| {
            let rest = after.get(i..).unwrap_or("");
            let rest = rest
                .char_indices()
                .nth(1)
                .map_or("", |(j, _)| rest.get(j..).unwrap_or(""));
            let rest = rest.trim_start_matches([' ', '\u{3000}']);
            rest.is_empty()
                || rest.starts_with(['：', ':'])
                || label_at_start(rest).is_some()
                || rest.starts_with(opens_bracket)
        });
    }
    false
}

/// The label a line opens with, if it opens a parties or signature line (`甲方：`, `法定代表人（签字）：`).
pub(crate) fn label_at_start(line: &str) -> Option<&'static str> {
    LABELS
        .iter()
        .filter(|l| line.starts_with(**l))
        .max_by_key(|l| l.len())
        .copied()
        .filter(|l| label_tail(line.get(l.len()..).unwrap_or("")))
}

/// Words that make a longer label of the label right after them: `甲方首席代表（签字）：` is one
/// label, not `甲方` and then `首席代表（签字）：`.
const LABEL_PREFIXES: [&str; 7] = [
    "甲方",
    "乙方",
    "企业方",
    "职工方",
    "用人单位",
    "企业",
    "工会",
];

/// Labels that name a party: they always open a line of their own, even right after a union's
/// name (`…工会乙方（盖章）：`).
const PARTY_LABELS: [&str; 5] = ["甲方", "乙方", "企业方", "职工方", "用人单位"];

/// Whether the label `s` opens with, right after `before` (the line so far), continues a longer
/// label (`甲方` + `首席代表`) rather than opening a line of its own.
pub(crate) fn extends_label(before: &str, s: &str) -> bool {
    label_at_start(s).is_some_and(|l| !PARTY_LABELS.contains(&l))
        && LABEL_PREFIXES.iter().any(|p| before.ends_with(p))
}

/// A line of the parties block or of the signature block, by its label.
pub(crate) fn is_label_line(line: &str) -> bool {
    label_at_start(line).is_some()
}

/// A place to sign or seal: `（企业印章）`, `工会（盖章）`, no sentence in it.
pub(crate) fn is_seal_line(line: &str) -> bool {
    !line.contains(is_sentence_mark) && SEAL_MARKS.iter().any(|m| line.contains(m))
}

/// A date on a line of its own, filled in or blank: `二〇二六年三月一日`, `2026年3月1日`,
/// `年　月　日`, `____年__月__日`.
pub(crate) fn is_date_line(line: &str) -> bool {
    let skeleton: String = line
        .chars()
        .filter(|&c| {
            !(c.is_whitespace()
                || c == '_'
                || c == '＿'
                || super::numerals::is_numeral_char(c)
                || c == '〇')
        })
        .collect();
    skeleton == "年月日"
}

/// `附件：…`, `附件1 …`, `附表一：…` — but not a sentence about attachments.
pub(crate) fn is_attachment_line(line: &str) -> bool {
    let Some(rest) = line
        .strip_prefix("附件")
        .or_else(|| line.strip_prefix("附表"))
    else {
        return false;
    };
    let next = rest.chars().next();
    let labelled = next.is_none_or(|c| {
        c.is_whitespace()
            || matches!(c, '：' | ':' | '（' | '(' | '、' | '.' | '．')
            || super::numerals::is_numeral_char(c)
    });
    labelled && !line.ends_with(is_sentence_mark)
}

/// `（以下无正文）` and the like.
pub(crate) fn is_closing_line(line: &str) -> bool {
    line.starts_with(opens_bracket)
        && CLOSING.iter().any(|c| line.contains(c))
        && line.chars().count() <= 16
}

/// A line that opens the back matter when it follows the last clause.
pub(crate) fn starts_back(line: &str) -> bool {
    is_label_line(line)
        || is_seal_line(line)
        || is_date_line(line)
        || is_attachment_line(line)
        || is_closing_line(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parties_and_signature_lines() {
        assert!(is_label_line("甲方（工会或员工代表）"));
        assert!(is_label_line("甲方(工会或员工代表)乙方(企业)"));
        assert!(is_label_line("企业名称：某某机械有限公司"));
        assert!(is_label_line("员工人数：____人"));
        assert!(is_label_line("法定代表人（签字）："));
        assert!(!is_label_line("甲方应当按月足额支付工资。"));
        assert!(is_label_line("乙方代表（签字）："));
        assert!(!is_label_line("地址变更的，应当及时告知。"));
        assert!(is_seal_line("企业方：（企业印章）　职工方：（工会印章）"));
        assert!(!is_seal_line("本合同经双方代表签字后生效。"));
        assert!(is_date_line("年　月　日"));
        assert!(is_date_line("2026年3月1日"));
        assert!(is_date_line("二〇二六年三月一日"));
        assert!(is_date_line("____年__月__日"));
        assert!(!is_date_line("2026年3月1日起执行"));
        assert!(is_attachment_line("附件：2026年度工资标准表"));
        assert!(is_attachment_line("附件1　岗位工资标准"));
        assert!(!is_attachment_line("附件与本合同具有同等效力。"));
        assert!(is_closing_line("（以下无正文）"));
    }
}
