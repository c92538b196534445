//! HTML tables saved as `.xls` (or `.htm`/`.html`): what much older
//! management software and intranets call «Esporta in Excel».
//!
//! The page is parsed with `scraper` (the html5ever tree builder, so implied
//! end tags, stray text and misnested tags are handled as a browser does).
//! Each top-level `<table>` is a sheet, named after its `<caption>` or the
//! heading (`<h1>`…`<h6>`) before it; a table inside a cell adds its text
//! to that cell. `colspan`/`rowspan` are merged ranges (anchor cell holding
//! the text, as in the other readers), entities and `<br>` are decoded, and
//! every cell is text as the page shows it: numbers, percentages and dates
//! are left to the Italian value parser.
//!
//! The encoding is the byte-order mark's, else the one a `<meta>` declares,
//! else UTF-8 when the bytes are valid UTF-8, else Windows-1252.

use std::path::Path;

use ego_tree::iter::Edge;
use encoding_rs::Encoding;
use scraper::{Html, Node};

mod grid;

pub(crate) use self::grid::clip_to_grid;
use self::grid::lay_out;
use super::{corrupt, decode_text, open_file, ReadError, Sheet, Workbook};

/// Largest HTML file read: the page is held as a tree in memory, several
/// times its size.
pub(crate) const MAX_HTML_BYTES: u64 = 64 * 1024 * 1024;

/// Largest `colspan`, as browsers clamp it (HTML standard).
const MAX_COLSPAN: u64 = 1000;
/// Largest `rowspan`, as browsers clamp it (HTML standard).
const MAX_ROWSPAN: u64 = 65534;
/// How much of the start of the page is searched for a `<meta>` charset.
const PRESCAN_BYTES: usize = 16 * 1024;

/// One `<td>`/`<th>` as written.
#[derive(Debug)]
pub(super) struct RawCell {
    pub(super) text: String,
    pub(super) colspan: u64,
    pub(super) rowspan: u64,
}

/// One top-level `<table>` as written.
#[derive(Debug, Default)]
pub(super) struct RawTable {
    pub(super) caption: Option<String>,
    pub(super) heading: Option<String>,
    pub(super) rows: Vec<Vec<RawCell>>,
}

/// Reads the HTML file at `path` (at most [`MAX_HTML_BYTES`]).
pub(crate) fn read(path: &Path, shown: &str) -> Result<Workbook, ReadError> {
    use std::io::Read as _;
    let file = open_file(path, shown)?;
    let mut bytes = Vec::new();
    file.take(MAX_HTML_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|source| ReadError::Io {
            path: shown.to_string(),
            source,
        })?;
    html_from_bytes(&bytes, shown)
}

/// Reads an HTML page already in memory, as [`open`](super::open) reads an
/// HTML table saved as `.xls`: each top-level `<table>` a sheet (named after
/// its caption or the heading before it, else `Tabella N`), every cell text
/// as the page shows it, `colspan`/`rowspan` as merged ranges. `name` is
/// the path or file name shown in messages and kept in [`Workbook::path`].
///
/// A page without tables, one over 64 MiB and tables over the size caps
/// are [`ReadError::Corrupt`].
///
/// ```
/// use cruscotto::read::{html_from_bytes, CellValue};
/// let page = b"<h3>Area 1</h3><table><tr><td colspan=2>Obiettivo A.1</td></tr>\
///              <tr><td>Pratiche evase</td><td>&gt;= 95%</td></tr></table>";
/// let wb = html_from_bytes(page, "export.xls").unwrap();
/// assert_eq!(wb.sheets[0].name, "Area 1");
/// assert_eq!(wb.sheets[0].rows[1][1].value, CellValue::Text(">= 95%".into()));
/// assert_eq!(wb.sheets[0].merged[0].last_col, 1);
/// assert!(html_from_bytes(b"<p>nessuna tabella</p>", "pagina.xls").is_err());
/// ```
pub fn html_from_bytes(bytes: &[u8], name: &str) -> Result<Workbook, ReadError> {
    let shown = name;
    if bytes.len() as u64 > MAX_HTML_BYTES {
        return Err(corrupt(
            shown,
            format!(
                "file troppo grande: una pagina HTML oltre {} MiB non viene letta",
                MAX_HTML_BYTES / (1024 * 1024)
            ),
        ));
    }
    let text = decode_html(bytes);
    let doc = Html::parse_document(&text);
    drop(text);
    let (tables, word) = collect_tables(&doc);
    drop(doc);
    if tables.is_empty() {
        let what = if word {
            "un documento Word salvato come pagina web, senza tabelle"
        } else {
            "una pagina HTML senza tabelle"
        };
        return Err(corrupt(
            shown,
            format!(
                "è {what}: serve il file Excel (.xlsx, .xls) o OpenDocument (.ods) con il piano"
            ),
        ));
    }
    let mut sheets: Vec<Sheet> = Vec::with_capacity(tables.len());
    for (i, table) in tables.into_iter().enumerate() {
        let base = table
            .caption
            .clone()
            .or_else(|| table.heading.clone())
            .map(|n| n.replace('\n', " "))
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| format!("Tabella {}", i + 1));
        let name = unique_name(&sheets, &base);
        sheets.push(lay_out(shown, i + 1, &name, table)?);
    }
    Ok(Workbook {
        path: shown.to_string(),
        sheets,
        // Every cell is text as the page shows it: nothing to misread.
        formats_known: true,
    })
}

/// `base`, or `base (2)`, `base (3)`… when a sheet already has that name.
fn unique_name(sheets: &[Sheet], base: &str) -> String {
    let taken = |n: &str| sheets.iter().any(|s| s.name == n);
    if !taken(base) {
        return base.to_string();
    }
    (2..)
        .map(|k| format!("{base} ({k})"))
        .find(|n| !taken(n))
        .unwrap_or_default()
}

/// Decodes the page: BOM, else a `<meta>` charset in its first bytes, else
/// UTF-8 if valid, else Windows-1252.
///
/// The `<meta>` is found by parsing the start of the page read as
/// Windows-1252 (every byte maps to a character, and markup is ASCII).
fn decode_html(bytes: &[u8]) -> String {
    if Encoding::for_bom(bytes).is_some() {
        return decode_text(bytes);
    }
    if let Some(enc) = declared_encoding(bytes) {
        let (text, _) = enc.decode_without_bom_handling(bytes);
        return text.into_owned();
    }
    decode_text(bytes)
}

/// The encoding a `<meta charset>` or `<meta http-equiv="Content-Type">`
/// declares near the start of the page.
fn declared_encoding(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(PRESCAN_BYTES)];
    let (head, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(head);
    let doc = Html::parse_document(&head);
    for node in doc.tree.root().descendants() {
        let Node::Element(e) = node.value() else {
            continue;
        };
        if e.name() != "meta" {
            continue;
        }
        let label = e.attr("charset").map(str::to_string).or_else(|| {
            let content = e.attr("content")?.to_ascii_lowercase();
            let at = content.find("charset")? + "charset".len();
            let rest = content[at..].trim_start().strip_prefix('=')?;
            let rest = rest.trim_start().trim_start_matches(['"', '\'']);
            let end = rest
                .find(|c: char| c == ';' || c == '"' || c == '\'' || c.is_whitespace())
                .unwrap_or(rest.len());
            Some(rest[..end].to_string())
        });
        if let Some(enc) = label.and_then(|l| Encoding::for_label(l.trim().as_bytes())) {
            // A page cannot declare itself UTF-16 in ASCII markup: the
            // standard reads such a declaration as UTF-8.
            return Some(
                if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
                    encoding_rs::UTF_8
                } else {
                    enc
                },
            );
        }
    }
    None
}

/// Text being collected: lines split by `<br>` and block elements.
#[derive(Debug, Default)]
struct Text {
    lines: Vec<String>,
}

impl Text {
    fn push(&mut self, s: &str) {
        match self.lines.last_mut() {
            Some(l) => l.push_str(s),
            None => self.lines.push(s.to_string()),
        }
    }

    fn newline(&mut self) {
        self.lines.push(String::new());
    }

    /// The text as a browser shows it: runs of white space collapsed to one
    /// space within each line, a non-breaking space kept as a space (never
    /// collapsed), each line trimmed, empty lines dropped.
    fn finish(self) -> String {
        let mut out = String::new();
        for line in self.lines {
            let collapsed = line
                .split(['\u{20}', '\t', '\n', '\r', '\u{0C}'])
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
                .replace('\u{a0}', " ");
            let line = collapsed.trim();
            if line.is_empty() {
                continue;
            }
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(line);
        }
        out
    }
}

fn is_heading(name: &str) -> bool {
    matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div" | "li" | "ul" | "ol" | "tr" | "table" | "caption" | "blockquote" | "pre"
    )
}

/// Whether the text inside this element is never shown as content.
fn is_hidden(name: &str) -> bool {
    matches!(
        name,
        "script" | "style" | "template" | "head" | "title" | "noscript" | "select"
    )
}

/// A span attribute as the standard reads it: digits after optional space,
/// clamped; absent or invalid is 1 (`rowspan="0"` is read as 1).
fn span(value: Option<&str>, max: u64) -> u64 {
    let Some(v) = value else { return 1 };
    let digits: String = v
        .trim_start()
        .chars()
        .take_while(char::is_ascii_digit)
        .take(12)
        .collect();
    digits.parse::<u64>().unwrap_or(1).clamp(1, max)
}

/// Walks the parsed page once: the top-level tables with their captions,
/// headings and cells; and whether Word wrote the page.
fn collect_tables(doc: &Html) -> (Vec<RawTable>, bool) {
    let mut tables: Vec<RawTable> = Vec::new();
    let mut word = false;
    let mut depth = 0usize; // nesting of <table>
    let mut hidden = 0usize;
    let mut heading: Option<String> = None;
    let mut in_heading: Option<Text> = None;
    let mut caption: Option<Text> = None;
    let mut cell: Option<(Text, u64, u64)> = None;
    for edge in doc.tree.root().traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(e) => {
                    let name = e.name();
                    if is_hidden(name) {
                        hidden += 1;
                    }
                    match name {
                        "meta" => {
                            let progid = e
                                .attr("name")
                                .is_some_and(|n| n.eq_ignore_ascii_case("progid"));
                            if progid && e.attr("content").is_some_and(|c| c.starts_with("Word.")) {
                                word = true;
                            }
                        }
                        "table" => {
                            depth += 1;
                            if depth == 1 {
                                tables.push(RawTable {
                                    heading: heading.take(),
                                    ..RawTable::default()
                                });
                            }
                        }
                        "caption" if depth == 1 => caption = Some(Text::default()),
                        "tr" if depth == 1 => {
                            if let Some(t) = tables.last_mut() {
                                t.rows.push(Vec::new());
                            }
                        }
                        "td" | "th" if depth == 1 => {
                            cell = Some((
                                Text::default(),
                                span(e.attr("colspan"), MAX_COLSPAN),
                                span(e.attr("rowspan"), MAX_ROWSPAN),
                            ));
                        }
                        "td" | "th" => {
                            if let Some((t, _, _)) = cell.as_mut() {
                                t.push(" ");
                            }
                        }
                        n if is_heading(n) && depth == 0 => in_heading = Some(Text::default()),
                        "br" => {
                            if let Some(t) = target(&mut cell, &mut caption, &mut in_heading) {
                                t.newline();
                            }
                        }
                        n if is_block(n) => {
                            if let Some(t) = target(&mut cell, &mut caption, &mut in_heading) {
                                t.newline();
                            }
                        }
                        _ => {}
                    }
                }
                Node::Text(s) if hidden == 0 => {
                    if let Some(t) = target(&mut cell, &mut caption, &mut in_heading) {
                        t.push(s);
                    }
                }
                _ => {}
            },
            Edge::Close(node) => {
                let Node::Element(e) = node.value() else {
                    continue;
                };
                let name = e.name();
                if is_hidden(name) {
                    hidden = hidden.saturating_sub(1);
                }
                match name {
                    "table" => {
                        if depth == 1 {
                            heading = None;
                        }
                        depth = depth.saturating_sub(1);
                    }
                    "caption" if depth == 1 => {
                        if let (Some(c), Some(t)) = (caption.take(), tables.last_mut()) {
                            t.caption = Some(c.finish()).filter(|c| !c.is_empty());
                        }
                    }
                    "td" | "th" if depth == 1 => {
                        if let (Some((text, colspan, rowspan)), Some(t)) =
                            (cell.take(), tables.last_mut())
                        {
                            if t.rows.is_empty() {
                                t.rows.push(Vec::new());
                            }
                            if let Some(row) = t.rows.last_mut() {
                                row.push(RawCell {
                                    text: text.finish(),
                                    colspan,
                                    rowspan,
                                });
                            }
                        }
                    }
                    n if is_heading(n) && depth == 0 => {
                        if let Some(h) = in_heading.take() {
                            heading = Some(h.finish()).filter(|h| !h.is_empty());
                        }
                    }
                    n if is_block(n) => {
                        if let Some(t) = target(&mut cell, &mut caption, &mut in_heading) {
                            t.newline();
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    (tables, word)
}

/// Where text goes: the open cell, else the open caption, else the open heading.
fn target<'a>(
    cell: &'a mut Option<(Text, u64, u64)>,
    caption: &'a mut Option<Text>,
    heading: &'a mut Option<Text>,
) -> Option<&'a mut Text> {
    if let Some((t, _, _)) = cell.as_mut() {
        return Some(t);
    }
    caption.as_mut().or(heading.as_mut())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::{CellValue, Merged};

    fn text_at(s: &Sheet, r: usize, c: usize) -> &str {
        match &s.rows[r][c].value {
            CellValue::Text(t) => t,
            CellValue::Empty => "",
            v => panic!("{v:?}"),
        }
    }

    #[test]
    fn spans_entities_breaks_and_captions() {
        let html = "<html><head><meta http-equiv=Content-Type content=\"text/html; charset=windows-1252\"><title>x</title></head><body>\
            <h2>Obiettivi 2024</h2>\
            <table border=1><tr><th colspan=2>Obiettivo</th><th>Target</th></tr>\
            <tr><td rowspan=2>A.1</td><td>Pratiche<br>evase</td><td>&gt;= 95%</td></tr>\
            <tr><td>Tempi &amp; costi</td><td>&nbsp;1,5 </td></tr></table>\
            <table><caption>Citt\u{e0}</caption><tr><td>1.234,5</td></tr></table>\
            <table><tr><td>x</td></tr></table></body></html>";
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(html);
        let wb = html_from_bytes(&bytes, "piano.xls").unwrap();
        let names: Vec<&str> = wb.sheets.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["Obiettivi 2024", "Città", "Tabella 3"]);
        let s = &wb.sheets[0];
        assert_eq!(s.rows.len(), 3);
        assert_eq!(s.rows[0].len(), 3);
        assert_eq!(text_at(s, 0, 0), "Obiettivo");
        assert_eq!(text_at(s, 0, 1), "");
        assert_eq!(text_at(s, 0, 2), "Target");
        assert_eq!(text_at(s, 1, 1), "Pratiche\nevase");
        assert_eq!(text_at(s, 1, 2), ">= 95%");
        // The rowspan covers column 0 of row 2: its cells move right.
        assert_eq!(text_at(s, 2, 0), "");
        assert_eq!(text_at(s, 2, 1), "Tempi & costi");
        assert_eq!(text_at(s, 2, 2), "1,5");
        assert_eq!(
            s.merged,
            vec![
                Merged {
                    first_row: 0,
                    first_col: 0,
                    last_row: 0,
                    last_col: 1
                },
                Merged {
                    first_row: 1,
                    first_col: 0,
                    last_row: 2,
                    last_col: 0
                }
            ]
        );
        assert_eq!(text_at(&wb.sheets[1], 0, 0), "1.234,5");
    }

    #[test]
    fn charset_declared_bom_and_default() {
        let utf8 = "<meta charset=\"utf-8\"><table><tr><td>Unit\u{e0} – €</td></tr></table>";
        let wb = html_from_bytes(utf8.as_bytes(), "a.xls").unwrap();
        assert_eq!(text_at(&wb.sheets[0], 0, 0), "Unità – €");
        // Undeclared, not UTF-8: Windows-1252 (0x80 is the euro sign).
        let wb =
            html_from_bytes(b"<table><tr><td>Unit\xe0 \x80</td></tr></table>", "b.xls").unwrap();
        assert_eq!(text_at(&wb.sheets[0], 0, 0), "Unità €");
        // Declared Latin-1 is read as Windows-1252 (the standard's alias).
        let wb = html_from_bytes(
            b"<meta http-equiv='Content-Type' content='text/html;charset=ISO-8859-1'><table><tr><td>\x80 \xe8</td></tr></table>",
            "c.xls",
        )
        .unwrap();
        assert_eq!(text_at(&wb.sheets[0], 0, 0), "€ è");
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice("<table><tr><td>è</td></tr></table>".as_bytes());
        let wb = html_from_bytes(&bom, "d.xls").unwrap();
        assert_eq!(text_at(&wb.sheets[0], 0, 0), "è");
    }

    #[test]
    fn nested_tables_and_hidden_text() {
        let html = "<style>td{}</style><table><tr><td>a<table><tr><td>b</td><td>c</td></tr><tr><td>d</td></tr></table></td><td><script>x()</script>e</td></tr></table>";
        let wb = html_from_bytes(html.as_bytes(), "n.xls").unwrap();
        assert_eq!(wb.sheets.len(), 1);
        assert_eq!(text_at(&wb.sheets[0], 0, 0), "a\nb c\nd");
        assert_eq!(text_at(&wb.sheets[0], 0, 1), "e");
    }

    #[test]
    fn no_tables_is_named() {
        let e = html_from_bytes(b"<html><body><p>Ciao</p></body></html>", "p.xls")
            .unwrap_err()
            .to_string();
        assert!(e.contains("pagina HTML senza tabelle"), "{e}");
        let e = html_from_bytes(
            b"<html><head><meta name=ProgId content=Word.Document></head><body><p>Ciao</p></body></html>",
            "w.xls",
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("documento Word"), "{e}");
    }

    #[test]
    fn huge_spans_are_bounded() {
        // 1000 columns × 65534 rows from one tag, then a cell far below.
        let html = "<table><tr><td colspan=99999999 rowspan=99999999>x</td></tr><tr><td>y</td></tr></table>";
        let wb = html_from_bytes(html.as_bytes(), "s.xls").unwrap();
        let s = &wb.sheets[0];
        // The second row's cell goes after the covered columns.
        assert_eq!(s.rows.len(), 2);
        assert_eq!(s.rows[0].len(), 1001);
        assert_eq!(text_at(s, 1, 1000), "y");
        let wide = format!(
            "<table><tr>{}</tr></table>",
            "<td colspan=1000>x</td>".repeat(20)
        );
        let e = html_from_bytes(wide.as_bytes(), "w.xls")
            .unwrap_err()
            .to_string();
        assert!(e.contains("16384 colonne"), "{e}");
    }
}
