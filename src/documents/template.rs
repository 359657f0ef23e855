//! Document templates: the papers' wording as data (`templates/documents/*.md`, compiled in; a
//! union's own in `<workspace>/templates/doc-<key>.md` wins), with typed variables.
//!
//! Format: a header between `---` lines (`document:`, `title:`, `variables:` with `name: type`
//! lines, each a variable of `vars::VARIABLES` with its type), then one block per line:
//! `# ` title, `## ` subtitle, `### ` heading, `< ` a line without indent, `> ` a right-aligned
//! line, `[[name]]` a table or block the program builds, any other line a paragraph. `{{name}}`
//! is replaced by the variable's value or its visible blank. Pure.

use super::vars::variable_type;
use crate::contract::template::VarType;
use crate::i18n::{Lang, trf};
use crate::text::sanitize_text;

/// The built-in templates: (document key, text).
pub const BUILTIN: [(&str, &str); 8] = [
    ("offer", include_str!("../../templates/documents/offer.md")),
    ("reply", include_str!("../../templates/documents/reply.md")),
    (
        "minutes",
        include_str!("../../templates/documents/minutes.md"),
    ),
    (
        "resolution",
        include_str!("../../templates/documents/resolution.md"),
    ),
    (
        "contract",
        include_str!("../../templates/documents/contract.md"),
    ),
    (
        "opinion",
        include_str!("../../templates/documents/opinion.md"),
    ),
    (
        "filing",
        include_str!("../../templates/documents/filing.md"),
    ),
    ("note", include_str!("../../templates/documents/note.md")),
];

/// The code-built blocks a template may place.
pub const BUILT_BLOCKS: [&str; 17] = [
    "representatives",
    "resolution_subtitle",
    "resolution_decision",
    "round_facts",
    "issues",
    "minutes_signatures",
    "votes",
    "title_page",
    "contract_text",
    "contract_signatures",
    "opinions",
    "package",
    "registration",
    "rounds",
    "settled",
    "page",
    "blank_lines",
];

/// One line of a template body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Line {
    Title(String),
    Subtitle(String),
    Heading(String),
    Plain(String),
    Right(String),
    Para(String),
    Built(String),
}

/// A parsed document template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocTemplate {
    pub document: String,
    pub title: String,
    pub variables: Vec<(String, VarType)>,
    pub lines: Vec<Line>,
}

/// What is wrong with a template, and where.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {problem}")]
pub struct DocTemplateError {
    pub file: String,
    pub line: usize,
    /// The problem's locale key and its arguments.
    pub problem: String,
    pub args: Vec<(String, String)>,
}

impl DocTemplateError {
    pub fn message(&self, lang: Lang) -> String {
        let args: Vec<(&str, &str)> = self
            .args
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let problem = trf(lang, &format!("documents.error.{}", self.problem), &args);
        trf(
            lang,
            "documents.error.at",
            &[
                ("file", &self.file),
                ("line", &self.line.to_string()),
                ("problem", &problem),
            ],
        )
    }
}

fn err(file: &str, line: usize, problem: &str, args: &[(&str, &str)]) -> DocTemplateError {
    DocTemplateError {
        file: file.to_string(),
        line,
        problem: problem.to_string(),
        args: args
            .iter()
            .map(|(k, v)| ((*k).to_string(), crate::text::visible(v)))
            .collect(),
    }
}

impl DocTemplate {
    /// The built-in template of document `key`.
    pub fn builtin(key: &str) -> Option<DocTemplate> {
        let (_, text) = BUILTIN.iter().find(|(k, _)| *k == key)?;
        DocTemplate::parse(key, text).ok()
    }

    /// Parses a template; `file` only names it in errors.
    pub fn parse(file: &str, text: &str) -> Result<DocTemplate, DocTemplateError> {
        let text = sanitize_text(text);
        let lines: Vec<&str> = text.lines().collect();
        if lines.first().map(|l| l.trim()) != Some("---") {
            return Err(err(file, 1, "missing_header", &[]));
        }
        let close = lines
            .iter()
            .skip(1)
            .position(|l| l.trim() == "---")
            .map(|i| i + 1)
            .ok_or_else(|| err(file, 1, "unterminated_header", &[]))?;
        let mut document = None;
        let mut title = None;
        let mut variables: Vec<(String, VarType)> = Vec::new();
        let mut in_vars = false;
        for (i, raw) in lines.iter().enumerate().take(close).skip(1) {
            let n = i + 1;
            let line = raw.split(" #").next().unwrap_or_default();
            if line.trim().is_empty() {
                continue;
            }
            let indented = line.starts_with(' ');
            let (k, v) = line
                .split_once(':')
                .map(|(k, v)| (k.trim(), v.trim()))
                .ok_or_else(|| err(file, n, "bad_line", &[("text", line)]))?;
            if indented && in_vars {
                let ty = VarType::from_key(v)
                    .ok_or_else(|| err(file, n, "bad_type", &[("name", k), ("type", v)]))?;
                match variable_type(k) {
                    None => return Err(err(file, n, "unknown_variable", &[("name", k)])),
                    Some(t) if t != ty => {
                        return Err(err(
                            file,
                            n,
                            "wrong_type",
                            &[("name", k), ("type", v), ("expected", t.key())],
                        ));
                    }
                    Some(_) => variables.push((k.to_string(), ty)),
                }
                continue;
            }
            in_vars = false;
            match k {
                "document" => document = Some(v.to_string()),
                "title" => title = Some(v.to_string()),
                "variables" => in_vars = true,
                _ => return Err(err(file, n, "unknown_key", &[("key", k)])),
            }
        }
        let document = document.ok_or_else(|| err(file, 1, "missing_document", &[]))?;
        let mut body = Vec::new();
        for (i, raw) in lines.iter().enumerate().skip(close + 1) {
            let n = i + 1;
            let l = raw.trim();
            if l.is_empty() {
                continue;
            }
            check_vars(file, n, l, &variables)?;
            let line = if let Some(t) = l.strip_prefix("### ") {
                Line::Heading(t.to_string())
            } else if let Some(t) = l.strip_prefix("## ") {
                Line::Subtitle(t.to_string())
            } else if let Some(t) = l.strip_prefix("# ") {
                Line::Title(t.to_string())
            } else if let Some(t) = l.strip_prefix("< ") {
                Line::Plain(t.to_string())
            } else if let Some(t) = l.strip_prefix("> ") {
                Line::Right(t.to_string())
            } else if let Some(name) = l.strip_prefix("[[").and_then(|t| t.strip_suffix("]]")) {
                if !BUILT_BLOCKS.contains(&name) {
                    return Err(err(file, n, "unknown_block", &[("name", name)]));
                }
                Line::Built(name.to_string())
            } else {
                Line::Para(l.to_string())
            };
            body.push(line);
        }
        Ok(DocTemplate {
            title: title.unwrap_or_else(|| document.clone()),
            document,
            variables,
            lines: body,
        })
    }
}

/// Every `{{name}}` in `line` must be declared.
fn check_vars(
    file: &str,
    n: usize,
    line: &str,
    declared: &[(String, VarType)],
) -> Result<(), DocTemplateError> {
    let mut rest = line;
    while let Some(start) = rest.find("{{") {
        let after = &rest[start + 2..];
        let end = after
            .find("}}")
            .ok_or_else(|| err(file, n, "unclosed_variable", &[("text", line)]))?;
        let name = after[..end].trim();
        if !declared.iter().any(|(d, _)| d == name) {
            return Err(err(file, n, "undeclared", &[("name", name)]));
        }
        rest = &after[end + 2..];
    }
    Ok(())
}

/// `line` with each `{{name}}` replaced by `fill(name)`.
pub(crate) fn expand(line: &str, mut fill: impl FnMut(&str) -> String) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        if let Some(end) = after.find("}}") {
            out.push_str(&fill(after[..end].trim()));
            rest = &after[end + 2..];
        } else {
            out.push_str(&rest[start..]);
            rest = "";
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_template_parses() {
        for (k, text) in BUILTIN {
            let t = DocTemplate::parse(k, text);
            assert!(t.is_ok(), "{k}: {t:?}");
            assert_eq!(t.map(|t| t.document).unwrap_or_default(), k);
        }
    }

    #[test]
    fn a_wrong_type_is_named() {
        let e = DocTemplate::parse(
            "x.md",
            "---\ndocument: offer\nvariables:\n  offer_sent: money\n---\n# {{offer_sent}}\n",
        )
        .err();
        assert_eq!(
            e.map(|e| (e.line, e.problem)),
            Some((4, "wrong_type".into()))
        );
    }

    #[test]
    fn an_undeclared_variable_is_named() {
        let e = DocTemplate::parse("x.md", "---\ndocument: offer\n---\n# {{enterprise}}\n").err();
        assert_eq!(
            e.map(|e| (e.line, e.problem)),
            Some((4, "undeclared".into()))
        );
    }
}
