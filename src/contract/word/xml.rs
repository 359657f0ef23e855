//! A strict, small view of the XML in a Word file: start tags (with attributes by local name),
//! end tags and text, every empty element given as a start and an end. Owns what is refused: a
//! `DOCTYPE` of any kind (Word never writes one, and it is where external entities and
//! billion-laughs expansions live) and any entity but the five XML predefines, so nothing in a
//! document can make the reader fetch or expand anything.

use super::WordError;
use quick_xml::Reader;
use quick_xml::events::Event;

/// A start tag: its local name (`p` for `w:p`) and attributes by local name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Tag {
    pub(crate) name: String,
    attrs: Vec<(String, String)>,
}

impl Tag {
    /// The value of attribute `local` (`val` for `w:val`).
    pub(crate) fn attr(&self, local: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == local)
            .map(|(_, v)| v.as_str())
    }
}

/// One step through the XML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Ev {
    Start(Tag),
    End(String),
    Text(String),
}

/// The XML of one part read step by step: nothing of the part is held but the step read, so a
/// small zip that unpacks to millions of elements costs the time to walk them, not memory for
/// each (what the readers keep is bounded by them, see [`super::Limits`]).
pub(crate) struct Events<'a> {
    part: &'static str,
    reader: Reader<&'a [u8]>,
    /// quick-xml checks that end tags match but not that every element is closed at the end.
    open: usize,
    /// The end of an empty element (`<w:p/>`), given after its start.
    pending_end: Option<String>,
    done: bool,
}

impl<'a> Events<'a> {
    /// Starts reading `xml`, the part named `part` (for errors).
    pub(crate) fn new(part: &'static str, xml: &'a str) -> Self {
        Events {
            part,
            reader: Reader::from_str(xml),
            open: 0,
            pending_end: None,
            done: false,
        }
    }

    pub(crate) fn part(&self) -> &'static str {
        self.part
    }

    /// The next step, `None` at the end of the part.
    pub(crate) fn next(&mut self) -> Result<Option<Ev>, WordError> {
        if let Some(name) = self.pending_end.take() {
            return Ok(Some(Ev::End(name)));
        }
        let part = self.part;
        let bad = |detail: String| WordError::Xml { part, detail };
        while !self.done {
            let ev = self
                .reader
                .read_event()
                .map_err(|e| bad(format!("{e} (byte {})", self.reader.error_position())))?;
            let out = match ev {
                Event::Start(s) => {
                    self.open += 1;
                    Ev::Start(tag(part, &s)?)
                }
                Event::Empty(s) => {
                    let t = tag(part, &s)?;
                    self.pending_end = Some(t.name.clone());
                    Ev::Start(t)
                }
                Event::End(e) => {
                    self.open = self.open.saturating_sub(1);
                    Ev::End(e.local_name().as_ref().to_string())
                }
                Event::Text(t) => Ev::Text(t.xml10_content().into_owned()),
                Event::CData(t) => Ev::Text(t.into_inner().into_owned()),
                Event::GeneralRef(r) => {
                    let c = match r.resolve_char_ref() {
                        Ok(Some(c)) => c,
                        Ok(None) => predefined(&r).ok_or_else(|| {
                            bad(format!("undefined entity &{};", r.xml10_content()))
                        })?,
                        Err(e) => return Err(bad(e.to_string())),
                    };
                    Ev::Text(c.to_string())
                }
                Event::DocType(_) => return Err(WordError::Doctype { part }),
                Event::Decl(_) | Event::PI(_) | Event::Comment(_) => continue,
                Event::Eof if self.open > 0 => {
                    return Err(bad(format!("{} elements not closed", self.open)));
                }
                Event::Eof => {
                    self.done = true;
                    break;
                }
            };
            return Ok(Some(out));
        }
        Ok(None)
    }
}

/// Reads all of `xml` (the part named `part`, for errors) as a sequence of [`Ev`]s: for tests.
#[cfg(test)]
pub(crate) fn events(part: &'static str, xml: &str) -> Result<Vec<Ev>, WordError> {
    let mut ev = Events::new(part, xml);
    let mut out = Vec::new();
    while let Some(e) = ev.next()? {
        out.push(e);
    }
    Ok(out)
}

fn predefined(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        _ => return None,
    })
}

fn tag(part: &'static str, s: &quick_xml::events::BytesStart<'_>) -> Result<Tag, WordError> {
    let mut attrs = Vec::new();
    for a in s.attributes() {
        let a = a.map_err(|e| WordError::Xml {
            part,
            detail: e.to_string(),
        })?;
        let value = a
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|e| WordError::Xml {
                part,
                detail: e.to_string(),
            })?;
        attrs.push((a.key.local_name().as_ref().to_string(), value.into_owned()));
    }
    Ok(Tag {
        name: s.local_name().as_ref().to_string(),
        attrs,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_are_resolved_and_doctypes_refused() {
        let ev = events("x", r#"<a w:val="1&amp;2"><b/>x &lt;&#x4E00;</a>"#).unwrap();
        let Ev::Start(t) = &ev[0] else { panic!() };
        assert_eq!(t.attr("val"), Some("1&2"));
        let text: String = ev
            .iter()
            .filter_map(|e| match e {
                Ev::Text(t) => Some(t.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(text, "x <一");
        let laughs = r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><a>&lol2;</a>"#;
        assert_eq!(
            events("word/document.xml", laughs),
            Err(WordError::Doctype {
                part: "word/document.xml"
            })
        );
        assert!(matches!(
            events("x", "<a>&lol;</a>"),
            Err(WordError::Xml { .. })
        ));
        assert!(matches!(
            events("x", "<a><b></a>"),
            Err(WordError::Xml { .. })
        ));
    }
}
