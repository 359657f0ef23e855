//! A table of contents typed or pasted into a contract's text (`目录`, then `第一章 总则……1`
//! entries with page numbers): the import step leaves it out, as the Word reader leaves out a
//! Word table of contents, since its entries read as chapter and clause headings and would be
//! numbered before the real ones. Pure: text in, text and a count out.

/// A page number at most this long ends an entry (`…12`); a longer figure is not a page.
const MAX_PAGE_DIGITS: usize = 4;

/// True for the heading line of a table of contents: `目录`, `目 录`, `目次` (GB/T 1.1's word).
fn is_toc_title(line: &str) -> bool {
    let bare: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    matches!(bare.as_str(), "目录" | "目次")
}

/// True for an entry: some text, then a leader (spaces, a tab, dots), then a page number.
fn is_toc_entry(line: &str) -> bool {
    let line = line.trim();
    let digits = line.chars().rev().take_while(char::is_ascii_digit).count();
    if digits == 0 || digits > MAX_PAGE_DIGITS {
        return false;
    }
    let Some(head) = line.get(..line.len() - digits) else {
        return false;
    };
    let leader =
        |c: char| c.is_whitespace() || matches!(c, '.' | '．' | '…' | '·' | '-' | '—' | '_');
    let text = head.trim_end_matches(leader);
    text.len() < head.len() && !text.trim().is_empty()
}

/// True when `line` opens with a clause heading (`第五条`): the body has begun.
fn opens_clause(line: &str) -> bool {
    let Some(rest) = line.trim_start().strip_prefix('第') else {
        return false;
    };
    let after = rest.trim_start_matches(super::numerals::is_numeral_char);
    after.len() < rest.len() && after.starts_with('条')
}

/// `text` with a table of contents before the first clause blanked line by line (so the lines
/// after it keep their numbers in messages), and how many lines it had, its title included;
/// `(text, 0)` when there is none. A `目录` line not followed by at least one entry with a page
/// number is left as it is.
pub(crate) fn leave_out(text: &str) -> (String, usize) {
    let lines: Vec<&str> = text.split('\n').collect();
    let Some(title) = lines
        .iter()
        .take_while(|l| !opens_clause(l))
        .position(|l| is_toc_title(l))
    else {
        return (text.to_string(), 0);
    };
    let mut last = title;
    for (i, line) in lines.iter().enumerate().skip(title + 1) {
        if line.trim().is_empty() {
            continue;
        }
        if !is_toc_entry(line) {
            break;
        }
        last = i;
    }
    if last == title {
        return (text.to_string(), 0);
    }
    let count = lines[title..=last]
        .iter()
        .filter(|l| !l.trim().is_empty())
        .count();
    let kept: Vec<&str> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| if (title..=last).contains(&i) { "" } else { *l })
        .collect();
    (kept.join("\n"), count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_of_contents_before_the_clauses_is_blanked_and_counted() {
        let text = "合同\n目  录\n第一章 总则\t1\n\n第二章 工资……2\n附件 ........ 12\n第一章 总则\n第一条 一。";
        assert_eq!(
            leave_out(text),
            ("合同\n\n\n\n\n\n第一章 总则\n第一条 一。".to_string(), 4)
        );
    }

    #[test]
    fn what_is_not_a_table_of_contents_stays() {
        // A title with no entries after it.
        let text = "合同\n目录\n第一章 总则\n第一条 一。";
        assert_eq!(leave_out(text), (text.to_string(), 0));
        // After the first clause: body text, not a table of contents.
        let text = "合同\n第一条 一。\n目录\n第二章 工资 2";
        assert_eq!(leave_out(text), (text.to_string(), 0));
        // A figure too long for a page number.
        let text = "合同\n目录\n月工资 20260\n第一条 一。";
        assert_eq!(leave_out(text), (text.to_string(), 0));
        // No leader between the text and the number.
        let text = "合同\n目录\n第一章总则1\n第一条 一。";
        assert_eq!(leave_out(text), (text.to_string(), 0));
    }
}
