use super::*;

const NUMBERING: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
  <w:abstractNum w:abstractNumId="0">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="第%1章"/><w:suff w:val="space"/></w:lvl>
    <w:lvl w:ilvl="1"><w:start w:val="1"/><w:lvlRestart w:val="0"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="第%2条"/><w:pStyle w:val="Clause"/></w:lvl>
    <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%3）"/><w:suff w:val="nothing"/></w:lvl>
  </w:abstractNum>
  <w:abstractNum w:abstractNumId="1">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
    <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/></w:lvl>
  </w:abstractNum>
  <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
  <w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
  <w:num w:numId="3"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="2"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
  <w:num w:numId="4"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>
</w:numbering>"#;

const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
  <w:style w:type="paragraph" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
  <w:style w:type="paragraph" w:styleId="Chapter"><w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
  <w:style w:type="paragraph" w:styleId="Clause"><w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
  <w:style w:type="paragraph" w:styleId="ClauseBody"><w:basedOn w:val="Clause"/></w:style>
  <w:style w:type="paragraph" w:styleId="Item"><w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:ilvl w:val="2"/><w:numId w:val="1"/></w:numPr>
    <w:pPrChange w:id="9" w:author="x"><w:pPr><w:numPr><w:numId w:val="2"/></w:numPr></w:pPr></w:pPrChange></w:pPr></w:style>
  <w:style w:type="paragraph" w:styleId="Loop1"><w:basedOn w:val="Loop2"/></w:style>
  <w:style w:type="paragraph" w:styleId="Loop2"><w:basedOn w:val="Loop1"/></w:style>
</w:styles>"#;

fn doc(body: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}<w:sectPr/></w:body></w:document>"#
    )
}

fn p(text: &str) -> String {
    format!("<w:p><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>")
}

fn styled(style: &str, text: &str) -> String {
    format!("<w:p><w:pPr><w:pStyle w:val=\"{style}\"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>")
}

fn numbered(num: u32, level: u32, text: &str) -> String {
    format!(
        "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"{level}\"/><w:numId w:val=\"{num}\"/></w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"
    )
}

fn lines(body: &str) -> Vec<String> {
    read(&doc(body), Some(NUMBERING), Some(STYLES))
        .unwrap()
        .accepted
}

#[test]
fn chinese_chapters_clauses_and_items_through_styles() {
    let body = [
        p("大连某某机械有限公司2026年度工资专项集体合同"),
        styled("Chapter", "总则"),
        styled("Clause", "为维护职工合法权益，订立本合同。"),
        styled("ClauseBody", "本合同适用于企业全体职工。"),
        styled("Item", "工资分配制度；"),
        styled("Item", "工资支付办法。"),
        styled("Chapter", "工资支付"),
        styled("Clause", "企业每月15日支付工资。"),
        styled("Item", "遇节假日提前支付。"),
    ]
    .concat();
    assert_eq!(
        lines(&body),
        [
            "大连某某机械有限公司2026年度工资专项集体合同",
            "第一章\u{3000}总则",
            "第一条\u{3000}为维护职工合法权益，订立本合同。",
            "第二条\u{3000}本合同适用于企业全体职工。",
            "（一）工资分配制度；",
            "（二）工资支付办法。",
            "第二章\u{3000}工资支付",
            // lvlRestart 0: clauses run on across chapters; items restart in each clause.
            "第三条\u{3000}企业每月15日支付工资。",
            "（一）遇节假日提前支付。",
        ]
    );
}

#[test]
fn direct_numbering_overrides_and_multilevel_text() {
    let body = [
        numbered(2, 0, "总体要求"),
        numbered(2, 1, "第一点"),
        numbered(2, 1, "第二点"),
        numbered(2, 0, "具体措施"),
        numbered(2, 1, "重新开始"),
        // A list instance with a start override has counters of its own.
        numbered(4, 0, "从五开始"),
        numbered(4, 0, "接着六"),
        // numId 0 takes a styled paragraph out of its list.
        "<w:p><w:pPr><w:pStyle w:val=\"Clause\"/><w:numPr><w:numId w:val=\"0\"/></w:numPr></w:pPr><w:r><w:t>不编号</w:t></w:r></w:p>".to_string(),
        // An unknown list and a style loop are read as plain text.
        numbered(99, 0, "未知列表"),
        styled("Loop1", "循环样式"),
    ]
    .concat();
    assert_eq!(
        lines(&body),
        [
            "1.\u{3000}总体要求",
            "1.1\u{3000}第一点",
            "1.2\u{3000}第二点",
            "2.\u{3000}具体措施",
            "2.1\u{3000}重新开始",
            "5.\u{3000}从五开始",
            "6.\u{3000}接着六",
            "不编号",
            "未知列表",
            "循环样式",
        ]
    );
}

#[test]
fn item_restart_override_gives_a_new_instance() {
    let body = [
        numbered(1, 1, "甲"),
        numbered(1, 2, "一项"),
        numbered(1, 2, "二项"),
        // numId 3 restarts the items at 1 but (being its own instance) the clause counter too.
        numbered(3, 2, "重新一项"),
    ]
    .concat();
    assert_eq!(
        lines(&body),
        [
            "第一条\u{3000}甲",
            "（一）一项",
            "（二）二项",
            "（一）重新一项"
        ]
    );
}

const AUTHOR_A: &str = "张律师";
const AUTHOR_B: &str = "李主席";

#[test]
fn tracked_changes_accepted_rejected_and_counted() {
    let body = [
        p("某某公司工资专项集体合同"),
        format!(
            "<w:p><w:pPr><w:pStyle w:val=\"Clause\"/></w:pPr><w:r><w:t>职工月平均工资增长</w:t></w:r>\
             <w:del w:id=\"1\" w:author=\"{AUTHOR_B}\"><w:r><w:delText>6%</w:delText></w:r></w:del>\
             <w:ins w:id=\"2\" w:author=\"{AUTHOR_A}\"><w:r><w:t>4%</w:t></w:r></w:ins>\
             <w:r><w:t>。</w:t></w:r></w:p>"
        ),
        // A whole clause inserted, paragraph mark and all.
        format!(
            "<w:p><w:pPr><w:pStyle w:val=\"Clause\"/><w:rPr><w:ins w:id=\"3\" w:author=\"{AUTHOR_A}\"/></w:rPr></w:pPr>\
             <w:ins w:id=\"4\" w:author=\"{AUTHOR_A}\"><w:r><w:t>企业经营困难时可以暂缓调整。</w:t></w:r></w:ins></w:p>"
        ),
        // A clause deleted, and a moved sentence.
        format!(
            "<w:p><w:pPr><w:pStyle w:val=\"Clause\"/><w:rPr><w:del w:id=\"5\" w:author=\"{AUTHOR_A}\"/></w:rPr></w:pPr>\
             <w:del w:id=\"6\" w:author=\"{AUTHOR_A}\"><w:r><w:delText>加班工资按规定支付。</w:delText></w:r></w:del></w:p>"
        ),
        format!(
            "<w:p><w:pPr><w:pStyle w:val=\"Clause\"/></w:pPr><w:moveFrom w:id=\"7\" w:author=\"{AUTHOR_B}\"><w:r><w:t>每月15日</w:t></w:r></w:moveFrom>\
             <w:r><w:t>支付工资</w:t></w:r><w:moveTo w:id=\"8\" w:author=\"{AUTHOR_B}\"><w:r><w:t>，每月15日</w:t></w:r></w:moveTo><w:r><w:t>。</w:t></w:r></w:p>"
        ),
    ]
    .concat();
    let r = read(&doc(&body), Some(NUMBERING), Some(STYLES)).unwrap();
    assert_eq!(
        r.accepted,
        [
            "某某公司工资专项集体合同",
            "第一条\u{3000}职工月平均工资增长4%。",
            "第二条\u{3000}企业经营困难时可以暂缓调整。",
            "第三条\u{3000}支付工资，每月15日。",
        ]
    );
    assert_eq!(
        r.original,
        [
            "某某公司工资专项集体合同",
            "第一条\u{3000}职工月平均工资增长6%。",
            "第二条\u{3000}加班工资按规定支付。",
            "第三条\u{3000}每月15日支付工资。",
        ]
    );
    assert_eq!(
        r.revisions.by_author,
        [
            Revisions {
                author: AUTHOR_B.into(),
                insertions: 1,
                deletions: 2,
                formatting: 0,
            },
            Revisions {
                author: AUTHOR_A.into(),
                insertions: 2,
                deletions: 1,
                formatting: 0,
            },
        ]
    );
    assert!(r.revisions.any());
}

#[test]
fn tables_fields_drawings_and_breaks() {
    let cell = |t: &str| format!("<w:tc><w:tcPr/>{}</w:tc>", p(t));
    let body = [
        p("集体合同"),
        format!(
            "<w:tbl><w:tblPr/><w:tr>{}{}</w:tr><w:tr>{}{}</w:tr></w:tbl>",
            cell("甲方（企业）："),
            cell("大连某某机械有限公司"),
            cell("乙方（职工方）："),
            cell("")
        ),
        styled("Clause", "工资标准如下表："),
        format!(
            "<w:tbl><w:tr>{}{}</w:tr><w:tr>{}<w:tc><w:tbl><w:tr>{}{}</w:tr></w:tbl></w:tc></w:tr></w:tbl>",
            cell("岗位"),
            cell("月工资"),
            cell("操作工"),
            cell("4500元"),
            cell("（含津贴）")
        ),
        // A field: its code is not text, its result is; a drawing's text box is skipped.
        "<w:p><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>\
         <w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r>\
         <w:r><w:drawing><w:txbxContent><w:p><w:r><w:t>图中文字</w:t></w:r></w:p></w:txbxContent></w:drawing></w:r>\
         <w:r><w:t>页</w:t><w:tab/><w:t>续</w:t><w:br w:type=\"page\"/><w:t>完</w:t><w:br/><w:t>下行</w:t></w:r></w:p>".to_string(),
        p("   "),
        p("&lt;签字&gt; &amp; 盖章"),
    ]
    .concat();
    assert_eq!(
        lines(&body),
        [
            "集体合同",
            "甲方（企业）：\u{3000}大连某某机械有限公司",
            "乙方（职工方）：",
            "第一条\u{3000}工资标准如下表：",
            "岗位\u{3000}月工资",
            // The table inside the second cell: the row so far, then its row as a line.
            "操作工",
            "4500元\u{3000}（含津贴）",
            "3页 续完\n下行",
            "<签字> & 盖章",
        ]
    );
}

#[test]
fn empty_documents_and_bad_xml_are_refused() {
    assert_eq!(read(&doc(&p("  ")), None, None), Err(WordError::Empty));
    assert_eq!(read(&doc(""), None, None), Err(WordError::Empty));
    // All text deleted: nothing is left once the changes are accepted.
    let gone = "<w:p><w:del w:author=\"a\"><w:r><w:delText>x</w:delText></w:r></w:del></w:p>";
    assert_eq!(read(&doc(gone), None, None), Err(WordError::Empty));
    assert!(matches!(
        read("<w:document><w:body>", None, None),
        Err(WordError::Xml { .. })
    ));
    let ext = r#"<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><w:document>&x;</w:document>"#;
    assert_eq!(
        read(ext, None, None),
        Err(WordError::Doctype {
            part: "word/document.xml"
        })
    );
    assert_eq!(
        read(&doc(&p("x")), Some("<!DOCTYPE n><n/>"), None),
        Err(WordError::Doctype {
            part: "word/numbering.xml"
        })
    );
}

#[test]
fn text_joins_lines() {
    let r = read(&doc(&[p("a"), p("b")].concat()), None, None).unwrap();
    assert_eq!(r.text(View::Accepted), "a\nb\n");
    assert_eq!(r.text(View::Original), "a\nb\n");
    assert!(!r.revisions.any());
}

#[test]
fn lists_defined_through_a_list_style() {
    // Word's "define new list style": abstract 20 holds the levels and links the style; the
    // list the paragraphs use (abstract 21) only points at the style.
    let numbering = r#"<w:numbering xmlns:w="w">
      <w:abstractNum w:abstractNumId="20"><w:styleLink w:val="ContractList"/>
        <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCountingThousand"/><w:lvlText w:val="第%1条"/><w:suff w:val="space"/></w:lvl>
        <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/><w:suff w:val="nothing"/></w:lvl>
      </w:abstractNum>
      <w:abstractNum w:abstractNumId="21"><w:numStyleLink w:val="ContractList"/></w:abstractNum>
      <w:num w:numId="5"><w:abstractNumId w:val="20"/></w:num>
      <w:num w:numId="6"><w:abstractNumId w:val="21"/></w:num>
    </w:numbering>"#;
    let styles = r#"<w:styles xmlns:w="w">
      <w:style w:type="numbering" w:styleId="ContractList"><w:pPr><w:numPr><w:numId w:val="5"/></w:numPr></w:pPr></w:style>
    </w:styles>"#;
    let body = [
        numbered(6, 0, "甲"),
        numbered(6, 1, "子项"),
        numbered(6, 0, "乙"),
    ]
    .concat();
    let r = read(&doc(&body), Some(numbering), Some(styles)).unwrap();
    assert_eq!(
        r.accepted,
        ["第一条\u{3000}甲", "（一）子项", "第二条\u{3000}乙"]
    );
    // A link that leads back to itself is not followed for ever.
    let looped = numbering.replace(
        r#"<w:num w:numId="5"><w:abstractNumId w:val="20"/>"#,
        r#"<w:num w:numId="5"><w:abstractNumId w:val="21"/>"#,
    );
    let r = read(&doc(&numbered(6, 0, "甲")), Some(&looped), Some(styles)).unwrap();
    assert_eq!(r.accepted, ["甲"]);
}

/// A clause paragraph whose properties were changed as a tracked change: `now` is its
/// `w:pPr` content, `was` the old `w:pPr` content kept in `w:pPrChange`.
fn reformatted(now: &str, was: &str, author: &str, text: &str) -> String {
    format!(
        "<w:p><w:pPr>{now}<w:pPrChange w:id=\"30\" w:author=\"{author}\" w:date=\"2026-03-02T10:00:00Z\"><w:pPr>{was}</w:pPr></w:pPrChange></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"
    )
}

#[test]
fn numbering_turned_on_or_off_under_tracked_changes() {
    let clause = "<w:pStyle w:val=\"Clause\"/>";
    let body = [
        styled("Clause", "工资按月支付。"),
        // Numbering turned on: before, a plain paragraph of the clause above.
        reformatted(clause, "", AUTHOR_A, "加班工资另行支付。"),
        styled("Clause", "工资不低于最低工资标准。"),
        // Numbering turned off: before, a clause of its own.
        reformatted("", clause, AUTHOR_A, "津贴按月发放。"),
        // Numbering inserted the older way, `w:numPr/w:ins`.
        format!(
            "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"1\"/><w:numId w:val=\"1\"/><w:ins w:id=\"31\" w:author=\"{AUTHOR_B}\" w:date=\"2026-03-02T10:00:00Z\"/></w:numPr></w:pPr><w:r><w:t>奖金按季发放。</w:t></w:r></w:p>"
        ),
        // Only the alignment changed: the same clause in both views, no change counted.
        reformatted(
            &format!("{clause}<w:jc w:val=\"center\"/>"),
            clause,
            "排版员",
            "本合同自签字之日起生效。",
        ),
    ]
    .concat();
    let r = read(&doc(&body), Some(NUMBERING), Some(STYLES)).unwrap();
    assert_eq!(
        r.accepted,
        [
            "第一条\u{3000}工资按月支付。",
            "第二条\u{3000}加班工资另行支付。",
            "第三条\u{3000}工资不低于最低工资标准。",
            "津贴按月发放。",
            "第四条\u{3000}奖金按季发放。",
            "第五条\u{3000}本合同自签字之日起生效。",
        ]
    );
    assert_eq!(
        r.original,
        [
            "第一条\u{3000}工资按月支付。",
            "加班工资另行支付。",
            "第二条\u{3000}工资不低于最低工资标准。",
            "第三条\u{3000}津贴按月发放。",
            "奖金按季发放。",
            "第四条\u{3000}本合同自签字之日起生效。",
        ]
    );
    assert_eq!(
        r.revisions.by_author,
        [
            Revisions {
                author: AUTHOR_A.into(),
                insertions: 0,
                deletions: 0,
                formatting: 2,
            },
            Revisions {
                author: AUTHOR_B.into(),
                insertions: 0,
                deletions: 0,
                formatting: 1,
            },
        ]
    );
    assert!(r.revisions.any() && r.revised());
    // Alignment alone: nothing to record as a version before.
    let r = read(
        &doc(&reformatted(
            &format!("{clause}<w:jc w:val=\"center\"/>"),
            clause,
            AUTHOR_A,
            "甲。",
        )),
        Some(NUMBERING),
        Some(STYLES),
    )
    .unwrap();
    assert!(!r.revisions.any() && !r.revised());
}

#[test]
fn tables_inside_cells_are_read_in_order_row_by_row() {
    let cell = |inner: &str| format!("<w:tc><w:tcPr/>{inner}</w:tc>");
    let table = |rows: &[&[String]]| {
        let rows: String = rows
            .iter()
            .flat_map(|r| ["<w:tr>".to_string(), r.concat(), "</w:tr>".to_string()])
            .collect();
        format!("<w:tbl><w:tblPr/>{rows}</w:tbl>")
    };
    let deepest = table(&[&[cell(&p("夜班")), cell(&p("每班30元"))]]);
    let inner = table(&[
        &[cell(&p("一线岗位")), cell(&p("4800元"))],
        &[cell(&p("技术岗位")), cell(&[p("5200元"), deepest].concat())],
    ]);
    let body = [
        styled("Clause", "岗位工资标准如下："),
        table(&[&[
            cell(&p("岗位工资")),
            cell(&[p("按下表："), inner, p("（税前）")].concat()),
            cell(&p("每年调整")),
        ]]),
        styled("Clause", "工资每月15日支付。"),
    ]
    .concat();
    let r = read(&doc(&body), Some(NUMBERING), Some(STYLES)).unwrap();
    assert_eq!(
        r.accepted,
        [
            "第一条\u{3000}岗位工资标准如下：",
            "岗位工资\u{3000}按下表：",
            "一线岗位\u{3000}4800元",
            "技术岗位\u{3000}5200元",
            "夜班\u{3000}每班30元",
            "（税前）\u{3000}每年调整",
            "第二条\u{3000}工资每月15日支付。",
        ]
    );
    assert_eq!(
        r.rows,
        [
            "岗位工资\u{3000}按下表：",
            "一线岗位\u{3000}4800元",
            "技术岗位\u{3000}5200元",
            "夜班\u{3000}每班30元",
            "（税前）\u{3000}每年调整",
        ]
    );
}

#[test]
fn tables_nested_beyond_reason_are_read_flat_without_recursing() {
    let depth = 20_000;
    let body = format!(
        "{}{}{}",
        "<w:tbl><w:tr><w:tc>".repeat(depth),
        p("最里层"),
        "</w:tc></w:tr></w:tbl>".repeat(depth)
    );
    let r = read(&doc(&body), None, None).unwrap();
    assert_eq!(r.accepted, ["最里层"]);
}

/// A TOC entry as Word writes it: a link to a `_Toc` bookmark, a tab, a `PAGEREF` field.
fn toc_entry(style: &str, anchor: &str, text: &str, page: u32, open: &str, close: &str) -> String {
    format!(
        "<w:p><w:pPr><w:pStyle w:val=\"{style}\"/></w:pPr>{open}<w:hyperlink w:anchor=\"{anchor}\"><w:r><w:t>{text}</w:t></w:r><w:r><w:tab/></w:r><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> PAGEREF {anchor} \\h </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>{page}</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:hyperlink>{close}</w:p>"
    )
}

const TOC_BEGIN: &str = "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> TOC \\o \"1-3\" \\h \\z \\u </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>";
const TOC_END: &str = "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>";

/// Regression: a table of contents read as text gave chapters `目录`, `第一章 总则 1`, … ahead of
/// the real ones.
#[test]
fn a_table_of_contents_is_left_out() {
    let body = |entries: &str| {
        [
            p("集体合同"),
            entries.to_string(),
            numbered(1, 0, "总则"),
            styled("Clause", "本合同适用于全体职工。"),
            numbered(1, 0, "工资"),
            styled("Clause", "工资按月支付。"),
        ]
        .concat()
    };
    let expected = [
        "集体合同",
        "第一章\u{3000}总则",
        "第一条\u{3000}本合同适用于全体职工。",
        "第二章\u{3000}工资",
        "第二条\u{3000}工资按月支付。",
    ];
    // Word's own: a content control of the gallery `Table of Contents` around the TOC field.
    let sdt = format!(
        "<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val=\"Table of Contents\"/><w:docPartUnique/></w:docPartObj></w:sdtPr><w:sdtContent>{}{}{}</w:sdtContent></w:sdt>",
        p("目录"),
        toc_entry("TOC1", "_Toc101", "第一章 总则", 1, TOC_BEGIN, ""),
        toc_entry("TOC1", "_Toc102", "第二章 工资", 2, "", TOC_END),
    );
    let r = read(&doc(&body(&sdt)), Some(NUMBERING), Some(STYLES)).unwrap();
    assert_eq!(r.accepted, expected);
    assert_eq!(r.original, expected);
    assert_eq!(r.toc, 3);
    // The field alone, no content control, its title a paragraph before it.
    let field = format!(
        "{}{}{}",
        p("目　录"),
        toc_entry("TOC1", "_Toc101", "第一章 总则", 1, TOC_BEGIN, ""),
        toc_entry("TOC2", "_Toc102", "第二章 工资", 2, "", TOC_END),
    );
    let r = read(&doc(&body(&field)), Some(NUMBERING), Some(STYLES)).unwrap();
    assert_eq!(r.accepted, expected);
    assert_eq!(r.toc, 3);
    // Typed by hand in the styles `toc 1` (Chinese Word's id `11`) with no field nor link.
    let styles = STYLES.replace(
        "</w:styles>",
        "<w:style w:type=\"paragraph\" w:styleId=\"11\"><w:name w:val=\"toc 1\"/><w:basedOn w:val=\"Normal\"/></w:style></w:styles>",
    );
    let typed = format!(
        "{}{}",
        styled("11", "第一章 总则……1"),
        styled("11", "第二章 工资……2")
    );
    let r = read(&doc(&body(&typed)), Some(NUMBERING), Some(&styles)).unwrap();
    assert_eq!(r.accepted, expected);
    assert_eq!(r.toc, 2);
    // Other fields and links stay text.
    let other = "<w:p><w:hyperlink w:anchor=\"_Ref1\"><w:r><w:t>见附件</w:t></w:r></w:hyperlink><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p>".to_string();
    let r = read(&doc(&body(&other)), Some(NUMBERING), Some(STYLES)).unwrap();
    assert_eq!(r.accepted.get(1).map(String::as_str), Some("见附件3"));
    assert_eq!(r.toc, 0);
    // A link to a heading's `_Toc` bookmark, or a page reference to one, in a clause: a
    // cross-reference, not a table of contents.
    let link = "<w:p><w:r><w:t>工资标准见</w:t></w:r><w:hyperlink w:anchor=\"_Toc7\"><w:r><w:t>第二章</w:t></w:r></w:hyperlink></w:p>";
    let page = "<w:p><w:r><w:t>详见第</w:t></w:r><w:fldSimple w:instr=\" PAGEREF _Toc7 \\h \"><w:r><w:t>2</w:t></w:r></w:fldSimple><w:r><w:t>页</w:t></w:r></w:p>";
    let r = read(
        &doc(&body(&format!("{link}{page}"))),
        Some(NUMBERING),
        Some(STYLES),
    )
    .unwrap();
    assert_eq!(
        r.accepted.get(1..3),
        Some(&["工资标准见第二章".to_string(), "详见第2页".to_string()][..])
    );
    assert_eq!(r.toc, 0);
}
