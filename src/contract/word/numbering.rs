//! Word's automatic numbering, rendered into text: the list definitions of `numbering.xml`
//! (abstract lists, their levels, and the list instances that point at them with overrides),
//! the paragraph styles of `styles.xml` that carry a list (with `basedOn` inheritance), and the
//! counters that a run through the document advances.
//!
//! Counters follow Word: list instances of one abstract list share their counters unless an
//! instance overrides a level (that is how "restart at 1" is saved), a level restarts after any
//! higher level is used unless `w:lvlRestart` says otherwise (0: never), `%1`…`%9` in the level
//! text are the counters of those levels in their own formats (all decimal under `w:isLgl`).

use super::xml::{Ev, Events};
use super::{MAX_DEFINITIONS, WordError};
use crate::contract::numerals::to_chinese;
use std::collections::HashMap;

/// Levels a list has in Word.
const LEVELS: usize = 9;

/// How deep `basedOn` chains are followed: Word's own styles go three or four deep; a cycle
/// must not loop.
const STYLE_DEPTH: usize = 16;

/// One level of a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Level {
    start: u32,
    format: String,
    text: String,
    /// `None`: restart after any higher level; `Some(0)`: never; `Some(n)`: after level n
    /// (1-based) or a higher one.
    restart: Option<usize>,
    legal: bool,
    /// What follows the label: `tab`, `space` or `nothing`.
    suffix: String,
    /// The paragraph style this level is bound to, if any.
    style: Option<String>,
}

impl Default for Level {
    fn default() -> Self {
        Level {
            start: 0,
            format: "decimal".into(),
            text: String::new(),
            restart: None,
            legal: false,
            suffix: "tab".into(),
            style: None,
        }
    }
}

/// A list instance (`w:num`): its abstract list and its overrides.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Instance {
    abstract_id: String,
    /// Per level: a start override and/or a whole replacement level.
    overrides: HashMap<usize, (Option<u32>, Option<Level>)>,
}

/// Whose counters a paragraph advances.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Abstract(String),
    Instance(String),
}

/// The numbering and style definitions of one document.
#[derive(Debug, Clone, Default)]
pub(crate) struct Definitions {
    abstracts: HashMap<String, Vec<Level>>,
    /// Abstract lists that only point at a list style (`w:numStyleLink`): their levels are
    /// those of the list that style's numbering names.
    style_links: HashMap<String, String>,
    instances: HashMap<String, Instance>,
    /// Paragraph style id → (based on, numId, ilvl).
    styles: HashMap<String, StyleDef>,
}

#[derive(Debug, Clone, Default)]
struct StyleDef {
    based_on: Option<String>,
    num_id: Option<String>,
    level: Option<usize>,
    /// A table-of-contents style: Word's built-in `toc 1`…`toc 9` and `TOC Heading` (their
    /// names stay English whatever the language; Chinese Word gives them ids such as `11`).
    toc: bool,
}

/// True for the name or id of a table-of-contents paragraph style.
fn toc_name(name: &str) -> bool {
    let n: String = name
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    n == "tocheading"
        || n.strip_prefix("toc")
            .is_some_and(|d| d.len() == 1 && d.bytes().all(|b| (b'1'..=b'9').contains(&b)))
}

/// A paragraph's list membership as written on it (`w:numPr`) or through its style.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct NumPr {
    pub(crate) num_id: Option<String>,
    pub(crate) level: Option<usize>,
}

fn level_index(v: Option<&str>) -> Option<usize> {
    v.and_then(|s| s.trim().parse::<usize>().ok())
        .filter(|l| *l < LEVELS)
}

fn number(v: Option<&str>) -> Option<u32> {
    v.and_then(|s| s.trim().parse::<u32>().ok())
}

/// Reads a `w:lvl` element whose start tag was just read, up to its end.
fn read_level(ev: &mut Events<'_>) -> Result<Level, WordError> {
    let mut level = Level::default();
    let mut depth = 1usize;
    while let Some(e) = ev.next()? {
        match &e {
            Ev::Start(t) => {
                depth += 1;
                // Only the level's own children: a `w:pPr`/`w:rPr` below holds nothing we use.
                if depth == 2 {
                    let val = t.attr("val");
                    match t.name.as_str() {
                        "start" => level.start = number(val).unwrap_or(0),
                        "numFmt" => level.format = val.unwrap_or("decimal").to_string(),
                        "lvlText" => level.text = val.unwrap_or_default().to_string(),
                        "lvlRestart" => level.restart = number(val).map(|n| n as usize),
                        "isLgl" => level.legal = val.is_none_or(on),
                        "suff" => level.suffix = val.unwrap_or("tab").to_string(),
                        "pStyle" => level.style = val.map(str::to_string),
                        _ => {}
                    }
                }
            }
            Ev::End(_) => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            Ev::Text(_) => {}
        }
    }
    Ok(level)
}

/// Counts one more definition read in `ev`'s part, refusing beyond [`MAX_DEFINITIONS`].
fn count(n: &mut usize, ev: &Events<'_>) -> Result<(), WordError> {
    *n += 1;
    if *n > MAX_DEFINITIONS {
        return Err(WordError::TooManyDefinitions {
            part: ev.part(),
            max: MAX_DEFINITIONS,
        });
    }
    Ok(())
}

/// `w:val` of an on/off property: absent or anything but false/0/off is on.
pub(crate) fn on(v: &str) -> bool {
    !matches!(v, "false" | "0" | "off")
}

impl Definitions {
    /// Reads `numbering.xml` and `styles.xml` (either may be absent).
    pub(crate) fn read(numbering: Option<&str>, styles: Option<&str>) -> Result<Self, WordError> {
        let mut d = Definitions::default();
        if let Some(xml) = numbering {
            d.read_numbering(Events::new("word/numbering.xml", xml))?;
        }
        if let Some(xml) = styles {
            d.read_styles(Events::new("word/styles.xml", xml))?;
        }
        Ok(d)
    }

    fn read_numbering(&mut self, mut it: Events<'_>) -> Result<(), WordError> {
        let mut read = 0usize;
        let mut current_abstract: Option<String> = None;
        let mut current_num: Option<(String, Instance)> = None;
        let mut override_level: Option<usize> = None;
        while let Some(e) = it.next()? {
            match &e {
                Ev::Start(t) => match t.name.as_str() {
                    "abstractNum" => {
                        count(&mut read, &it)?;
                        let id = t.attr("abstractNumId").unwrap_or_default().to_string();
                        self.abstracts
                            .insert(id.clone(), vec![Level::default(); LEVELS]);
                        current_abstract = Some(id);
                    }
                    "num" => {
                        count(&mut read, &it)?;
                        let id = t.attr("numId").unwrap_or_default().to_string();
                        current_num = Some((id, Instance::default()));
                    }
                    "numStyleLink" => {
                        if let (Some(a), Some(v)) = (current_abstract.as_ref(), t.attr("val")) {
                            self.style_links.insert(a.clone(), v.to_string());
                        }
                    }
                    "abstractNumId" => {
                        if let Some((_, inst)) = current_num.as_mut() {
                            inst.abstract_id = t.attr("val").unwrap_or_default().to_string();
                        }
                    }
                    "lvlOverride" => override_level = level_index(t.attr("ilvl")),
                    "startOverride" => {
                        if let (Some((_, inst)), Some(l)) = (current_num.as_mut(), override_level) {
                            inst.overrides.entry(l).or_default().0 = number(t.attr("val"));
                        }
                    }
                    "lvl" => {
                        let index = level_index(t.attr("ilvl"));
                        let level = read_level(&mut it)?;
                        if let Some((_, inst)) = current_num.as_mut() {
                            if let Some(l) = override_level.or(index) {
                                inst.overrides.entry(l).or_default().1 = Some(level);
                            }
                        } else if let (Some(a), Some(l)) = (current_abstract.as_ref(), index)
                            && let Some(slot) = self.abstracts.get_mut(a).and_then(|v| v.get_mut(l))
                        {
                            *slot = level;
                        }
                    }
                    _ => {}
                },
                Ev::End(name) => match name.as_str() {
                    "abstractNum" => current_abstract = None,
                    "num" => {
                        if let Some((id, inst)) = current_num.take() {
                            self.instances.insert(id, inst);
                        }
                    }
                    "lvlOverride" => override_level = None,
                    _ => {}
                },
                Ev::Text(_) => {}
            }
        }
        Ok(())
    }

    fn read_styles(&mut self, mut ev: Events<'_>) -> Result<(), WordError> {
        let mut read = 0usize;
        let mut current: Option<(String, StyleDef)> = None;
        // Inside `w:pPrChange` the properties are the old ones: not read.
        let mut skip = 0usize;
        while let Some(e) = ev.next()? {
            match &e {
                Ev::Start(t) if skip > 0 => {
                    let _ = t;
                    skip += 1;
                }
                Ev::End(_) if skip > 0 => skip -= 1,
                Ev::Start(t) => match t.name.as_str() {
                    // Paragraph styles, and list styles (`numbering`) that `numStyleLink` names.
                    "style"
                        if t.attr("type")
                            .is_none_or(|v| v == "paragraph" || v == "numbering") =>
                    {
                        count(&mut read, &ev)?;
                        let id = t.attr("styleId").unwrap_or_default().to_string();
                        let def = StyleDef {
                            toc: toc_name(&id),
                            ..StyleDef::default()
                        };
                        current = Some((id, def));
                    }
                    "pPrChange" | "rPrChange" => skip = 1,
                    "name" => {
                        if let Some((_, s)) = current.as_mut()
                            && t.attr("val").is_some_and(toc_name)
                        {
                            s.toc = true;
                        }
                    }
                    "basedOn" => {
                        if let Some((_, s)) = current.as_mut() {
                            s.based_on = t.attr("val").map(str::to_string);
                        }
                    }
                    "numId" => {
                        if let Some((_, s)) = current.as_mut() {
                            s.num_id = t.attr("val").map(str::to_string);
                        }
                    }
                    "ilvl" => {
                        if let Some((_, s)) = current.as_mut() {
                            s.level = level_index(t.attr("val"));
                        }
                    }
                    _ => {}
                },
                Ev::End(name) if name == "style" => {
                    if let Some((id, s)) = current.take() {
                        self.styles.insert(id, s);
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// True when paragraph style `style` is a table-of-contents style, or based on one.
    pub(crate) fn toc_style(&self, style: &str) -> bool {
        if toc_name(style) && !self.styles.contains_key(style) {
            return true;
        }
        let mut id = Some(style);
        for _ in 0..STYLE_DEPTH {
            let Some(s) = id.and_then(|i| self.styles.get(i)) else {
                return false;
            };
            if s.toc {
                return true;
            }
            id = s.based_on.as_deref();
        }
        false
    }

    /// The list (numId, level) a paragraph belongs to: its own `w:numPr` first (numId 0 takes
    /// it out of any list), else its style's, inherited through `basedOn`.
    pub(crate) fn resolve(&self, own: &NumPr, style: Option<&str>) -> Option<(String, usize)> {
        let mut num_id = own.num_id.clone();
        let mut level = own.level;
        let mut style_id = style.map(str::to_string);
        let mut bound_style = None;
        for _ in 0..STYLE_DEPTH {
            if num_id.is_some() && level.is_some() {
                break;
            }
            let Some(sid) = style_id.take() else { break };
            let Some(s) = self.styles.get(&sid) else {
                break;
            };
            if num_id.is_none() {
                num_id.clone_from(&s.num_id);
                if s.num_id.is_some() {
                    bound_style = Some(sid.clone());
                }
            }
            if level.is_none() {
                level = s.level;
            }
            style_id.clone_from(&s.based_on);
        }
        let num_id = num_id.filter(|n| n != "0")?;
        let level = level
            .or_else(|| {
                // A style bound to a level of the list (`w:lvl/w:pStyle`) gives that level.
                let bound = bound_style.as_deref().or(style)?;
                let inst = self.instances.get(&num_id)?;
                self.abstracts
                    .get(&self.linked(&inst.abstract_id))?
                    .iter()
                    .position(|l| l.style.as_deref() == Some(bound))
            })
            .unwrap_or(0);
        Some((num_id, level))
    }

    /// The levels of list instance `num_id`, overrides applied, and whose counters it uses.
    fn levels(&self, num_id: &str) -> Option<(Key, Vec<Level>)> {
        let inst = self.instances.get(num_id)?;
        let abstract_id = self.linked(&inst.abstract_id);
        let mut levels = self.abstracts.get(&abstract_id)?.clone();
        for (l, (start, whole)) in &inst.overrides {
            if let Some(slot) = levels.get_mut(*l) {
                if let Some(w) = whole {
                    *slot = w.clone();
                }
                if let Some(s) = start {
                    slot.start = *s;
                }
            }
        }
        let key = if inst.overrides.is_empty() {
            Key::Abstract(abstract_id)
        } else {
            Key::Instance(num_id.to_string())
        };
        Some((key, levels))
    }
}

impl Definitions {
    /// The abstract list whose levels `abstract_id` uses: itself, or through `w:numStyleLink`
    /// the list that the linked list style names (followed a bounded number of times).
    fn linked(&self, abstract_id: &str) -> String {
        let mut id = abstract_id.to_string();
        for _ in 0..STYLE_DEPTH {
            let Some(next) = self
                .style_links
                .get(&id)
                .and_then(|style| self.styles.get(style))
                .and_then(|s| s.num_id.as_ref())
                .and_then(|n| self.instances.get(n))
                .map(|i| i.abstract_id.clone())
            else {
                break;
            };
            if next == id {
                break;
            }
            id = next;
        }
        id
    }
}

/// The counters of a run through the document (one per view of its revisions).
#[derive(Debug, Default)]
pub(crate) struct Counters {
    values: HashMap<Key, [Option<u32>; LEVELS]>,
}

impl Counters {
    /// Advances the list `num_id` at `level` and returns the label, with what follows it
    /// (`第一条　`); `None` when the list is unknown or its label is empty.
    pub(crate) fn label(
        &mut self,
        defs: &Definitions,
        num_id: &str,
        level: usize,
    ) -> Option<String> {
        let (key, levels) = defs.levels(num_id)?;
        let values = self.values.entry(key).or_insert([None; LEVELS]);
        let this = levels.get(level)?;
        let next = match values.get(level).copied().flatten() {
            Some(v) => v.saturating_add(1),
            None => this.start,
        };
        if let Some(slot) = values.get_mut(level) {
            *slot = Some(next);
        }
        for (deeper, def) in levels.iter().enumerate().skip(level + 1) {
            let restarts = match def.restart {
                None => true,
                Some(0) => false,
                Some(r) => level < r,
            };
            if restarts && let Some(slot) = values.get_mut(deeper) {
                *slot = None;
            }
        }
        if this.format == "none" || this.format == "bullet" {
            return None;
        }
        let mut out = String::new();
        let mut chars = this.text.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '%'
                && let Some(d) = chars.peek().and_then(|d| d.to_digit(10))
                && (1..=LEVELS as u32).contains(&d)
            {
                chars.next();
                let l = (d - 1) as usize;
                let def = levels.get(l).cloned().unwrap_or_default();
                let v = values.get(l).copied().flatten().unwrap_or(def.start);
                let format = if this.legal {
                    "decimal"
                } else {
                    def.format.as_str()
                };
                out.push_str(&format_number(format, v));
            } else {
                out.push(c);
            }
        }
        if out.trim().is_empty() {
            return None;
        }
        match this.suffix.as_str() {
            "nothing" => {}
            _ => out.push('\u{3000}'),
        }
        Some(out)
    }
}

const TIANGAN: [&str; 10] = ["甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸"];
const DIZHI: [&str; 12] = [
    "子", "丑", "寅", "卯", "辰", "巳", "午", "未", "申", "酉", "戌", "亥",
];

/// `n` in Word's number format `format` (`decimal`, `chineseCounting`, …). Formats we do not
/// know are written in decimal, which keeps the number right if not its look.
pub(crate) fn format_number(format: &str, n: u32) -> String {
    match format {
        // Word writes 一…九十九 in words and larger numbers digit by digit (一〇〇).
        "chineseCounting" | "japaneseCounting" | "taiwaneseCounting" | "ideographDigital" => {
            if n < 100 {
                to_chinese(n)
            } else {
                positional(n)
            }
        }
        "chineseCountingThousand" | "taiwaneseCountingThousand" | "japaneseLegal" => to_chinese(n),
        "chineseLegalSimplified" => to_chinese(n).chars().map(financial).collect(),
        "ideographTraditional" => cycle(&TIANGAN, n),
        "ideographZodiac" => cycle(&DIZHI, n),
        "decimalFullWidth" | "decimalFullWidth2" => n
            .to_string()
            .chars()
            .map(|c| char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c))
            .collect(),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" if (1..=20).contains(&n) => {
            char::from_u32(0x2460 + n - 1).map_or_else(|| n.to_string(), String::from)
        }
        "decimalEnclosedParen" if (1..=20).contains(&n) => {
            char::from_u32(0x2474 + n - 1).map_or_else(|| n.to_string(), String::from)
        }
        "decimalZero" if n < 10 => format!("0{n}"),
        "lowerLetter" => letters(n, b'a'),
        "upperLetter" => letters(n, b'A'),
        "lowerRoman" => roman(n).to_lowercase(),
        "upperRoman" => roman(n),
        _ => n.to_string(),
    }
}

fn positional(n: u32) -> String {
    n.to_string()
        .chars()
        .map(|c| match c {
            '0' => '〇',
            d => to_chinese(d.to_digit(10).unwrap_or(0))
                .chars()
                .next()
                .unwrap_or('〇'),
        })
        .collect()
}

fn financial(c: char) -> char {
    match c {
        '一' => '壹',
        '二' => '贰',
        '三' => '叁',
        '四' => '肆',
        '五' => '伍',
        '六' => '陆',
        '七' => '柒',
        '八' => '捌',
        '九' => '玖',
        '十' => '拾',
        '百' => '佰',
        '千' => '仟',
        c => c,
    }
}

fn cycle(names: &[&str], n: u32) -> String {
    if n == 0 {
        return n.to_string();
    }
    let i = (n as usize - 1) % names.len();
    names.get(i).copied().unwrap_or_default().to_string()
}

/// a…z, aa…zz, aaa…: Word repeats the letter.
fn letters(n: u32, base: u8) -> String {
    if n == 0 {
        return n.to_string();
    }
    let i = (n - 1) % 26;
    let times = (n - 1) / 26 + 1;
    let c = char::from(base + i as u8);
    std::iter::repeat_n(c, times.min(64) as usize).collect()
}

fn roman(mut n: u32) -> String {
    if n == 0 || n >= 4000 {
        return n.to_string();
    }
    let table = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (v, s) in table {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::numerals::from_chinese;
    use proptest::prelude::*;

    #[test]
    fn formats() {
        assert_eq!(format_number("chineseCounting", 1), "一");
        assert_eq!(format_number("chineseCounting", 11), "十一");
        assert_eq!(format_number("chineseCounting", 105), "一〇五");
        assert_eq!(format_number("chineseCountingThousand", 105), "一百零五");
        assert_eq!(format_number("chineseLegalSimplified", 12), "拾贰");
        assert_eq!(format_number("ideographTraditional", 2), "乙");
        assert_eq!(format_number("ideographTraditional", 11), "甲");
        assert_eq!(format_number("decimalFullWidth", 12), "１２");
        assert_eq!(format_number("decimalEnclosedCircle", 3), "③");
        assert_eq!(format_number("lowerLetter", 28), "bb");
        assert_eq!(format_number("upperRoman", 14), "XIV");
        assert_eq!(format_number("decimal", 7), "7");
        assert_eq!(format_number("somethingNew", 7), "7");
    }

    proptest! {
        #[test]
        fn chinese_labels_read_back(n in 0u32..=1_000_000) {
            for f in ["chineseCounting", "chineseCountingThousand", "chineseLegalSimplified",
                      "decimal", "decimalFullWidth"] {
                prop_assert_eq!(from_chinese(&format_number(f, n)), Some(n), "{}", f);
            }
        }
    }
}
