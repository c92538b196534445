//! Telling what a file is from its content: documents of other kinds saved
//! or renamed as spreadsheets, and the text formats (HTML tables,
//! SpreadsheetML) that legacy tools save as `.xls`.

use std::io::Read;
use std::path::Path;

/// What the start of a file that is neither a zip nor a compound file is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Sniffed {
    /// Excel 2003 XML Spreadsheet (root element `Workbook`).
    SpreadsheetMl,
    /// An HTML page (tables or not: the reader tells).
    Html,
    /// A document of another kind: what it is, in Italian («un documento RTF»).
    Other(String),
    /// Nothing recognisable (plain text, binary data).
    Unknown,
}

/// Elements an HTML page (or an HTML fragment saved as `.xls`) starts with.
const HTML_START: &[&str] = &[
    "html", "head", "body", "meta", "title", "style", "script", "link", "base", "table", "caption",
    "colgroup", "col", "thead", "tbody", "tr", "td", "th", "div", "p", "span", "font", "b", "i",
    "u", "strong", "em", "center", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "a",
    "img", "form", "ul", "ol", "li",
];

/// Looks at the first bytes of a file: the processing instructions,
/// comments and doctype before the first element, then that element's
/// name. Only the prolog is looked at; the readers parse the rest.
///
/// ```ignore
/// assert_eq!(sniff(b"<?xml version=\"1.0\"?><Workbook>"), Sniffed::SpreadsheetMl);
/// ```
pub(crate) fn sniff(head: &[u8]) -> Sniffed {
    // UTF-8 or UTF-16 by BOM, UTF-8 if valid, else Windows-1252 (every byte
    // a character, so a text file cut anywhere still reads as text).
    let text = super::decode_text(head);
    let lower = text.to_lowercase();
    let mut s = lower.trim_start();
    if s.starts_with("{\\rtf") {
        return Sniffed::Other("un documento RTF (Word, WordPad)".into());
    }
    let mut declared_xml = false;
    let mut excel_pi = false;
    let mut word_pi = false;
    loop {
        s = s.trim_start();
        if let Some(rest) = s.strip_prefix("<?") {
            let Some(end) = rest.find("?>") else {
                break;
            };
            let pi = &rest[..end];
            declared_xml |= pi.starts_with("xml");
            excel_pi |= pi.contains("mso-application") && pi.contains("excel.sheet");
            word_pi |= pi.contains("mso-application") && pi.contains("word.document");
            s = &rest[end + 2..];
        } else if let Some(rest) = s.strip_prefix("<!--") {
            let Some(end) = rest.find("-->") else {
                break;
            };
            s = &rest[end + 3..];
        } else if let Some(rest) = s.strip_prefix("<!") {
            if rest.starts_with("doctype html") {
                return Sniffed::Html;
            }
            let Some(end) = rest.find('>') else {
                break;
            };
            s = &rest[end + 1..];
        } else if let Some(rest) = s.strip_prefix('<') {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || matches!(c, ':' | '_' | '-' | '.'))
                .take(64)
                .collect();
            let local = name.rsplit(':').next().unwrap_or_default();
            return match local {
                "workbook" => Sniffed::SpreadsheetMl,
                _ if excel_pi => Sniffed::SpreadsheetMl,
                "worddocument" => Sniffed::Other("un documento Word in formato XML 2003".into()),
                _ if word_pi => Sniffed::Other("un documento Word in formato XML".into()),
                "package" if name.starts_with("pkg:") => {
                    Sniffed::Other("un documento Office in formato XML (Flat OPC)".into())
                }
                l if !declared_xml && HTML_START.contains(&l) => Sniffed::Html,
                "html" => Sniffed::Html,
                "" => Sniffed::Unknown,
                _ => Sniffed::Other(format!(
                    "un file XML che non è un foglio di calcolo (elemento principale <{}>)",
                    text_name(&text, &name)
                )),
            };
        } else {
            break;
        }
    }
    if looks_like_text(&text) {
        return Sniffed::Other(
            "un file di testo, non un foglio di calcolo (se è un CSV esportato, \
             rinominarlo in .csv)"
                .into(),
        );
    }
    Sniffed::Unknown
}

/// Whether decoded bytes read as text: no NUL, and control characters
/// (other than tab and line ends) under 1 in 50.
fn looks_like_text(text: &str) -> bool {
    let mut total = 0usize;
    let mut control = 0usize;
    for c in text.chars() {
        total += 1;
        if c == '\0' {
            return false;
        }
        if c.is_control() && !matches!(c, '\t' | '\r' | '\n') {
            control += 1;
        }
    }
    total > 0 && control * 50 < total
}

/// `name` as spelled in the file (the sniffing works on lower case).
fn text_name(text: &str, lower_name: &str) -> String {
    text.char_indices()
        .find(|(i, _)| {
            text.get(*i..*i + lower_name.len())
                .is_some_and(|t| t.eq_ignore_ascii_case(lower_name))
        })
        .and_then(|(i, _)| text.get(i..i + lower_name.len()))
        .unwrap_or(lower_name)
        .to_string()
}

/// What kind of non-spreadsheet document the file is, when it is one that
/// users mistake for a spreadsheet: a PDF (`%PDF` magic), a Word,
/// PowerPoint or OpenDocument text/presentation file (zip entries such as
/// `word/document.xml`, `ppt/`, or the `mimetype` entry), a zip archive
/// with no spreadsheet inside, or a Word 97–2003 / PowerPoint compound
/// file (its `WordDocument` stream).
pub(crate) fn other_document(
    path: &Path,
    magic: &[u8],
    is_zip: bool,
    is_cfb: bool,
) -> Option<String> {
    if magic.starts_with(b"%PDF") {
        return Some("un documento PDF".into());
    }
    if is_zip {
        let file = std::fs::File::open(path).ok()?;
        let mut zip = zip::ZipArchive::new(std::io::BufReader::new(file)).ok()?;
        let names: Vec<String> = zip
            .file_names()
            .filter_map(Result::ok)
            .map(|n| n.into_owned())
            .collect();
        if names.iter().any(|n| n == "word/document.xml") {
            return Some("un documento Word (.docx)".into());
        }
        if names.iter().any(|n| n.starts_with("ppt/")) {
            return Some("una presentazione PowerPoint (.pptx)".into());
        }
        let mut mime = String::new();
        if let Ok(entry) = zip.by_name("mimetype") {
            let _ = entry.take(200).read_to_string(&mut mime);
        }
        let mime = mime.trim();
        if mime.starts_with("application/vnd.oasis.opendocument.text") {
            return Some("un documento di testo OpenDocument (.odt)".into());
        }
        if mime.starts_with("application/vnd.oasis.opendocument.presentation") {
            return Some("una presentazione OpenDocument (.odp)".into());
        }
        let spreadsheet = names
            .iter()
            .any(|n| n.starts_with("xl/") || n == "content.xml" || n == "[Content_Types].xml");
        if !spreadsheet && !names.is_empty() {
            let mut shown: Vec<&str> = names.iter().map(String::as_str).take(3).collect();
            if names.len() > 3 {
                shown.push("…");
            }
            return Some(format!(
                "un archivio zip che non contiene un foglio di calcolo ({} file: {})",
                names.len(),
                shown.join(", ")
            ));
        }
        return None;
    }
    if is_cfb {
        let c = cfb::open(path).ok()?;
        if c.exists("/WordDocument") {
            return Some("un documento Word (.doc)".into());
        }
        if c.exists("/PowerPoint Document") {
            return Some("una presentazione PowerPoint (.ppt)".into());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prologs() {
        let ss = "\u{feff}<?xml version=\"1.0\"?>\r\n<?mso-application progid=\"Excel.Sheet\"?>\n<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\">";
        assert_eq!(sniff(ss.as_bytes()), Sniffed::SpreadsheetMl);
        assert_eq!(
            sniff(b"<?xml version=\"1.0\"?><ss:Workbook>"),
            Sniffed::SpreadsheetMl
        );
        assert_eq!(
            sniff(b"<html xmlns:x=\"urn:schemas-microsoft-com:office:excel\"><head><meta name=ProgId content=Excel.Sheet>"),
            Sniffed::Html
        );
        assert_eq!(
            sniff(b"<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.0//EN\">"),
            Sniffed::Html
        );
        assert_eq!(
            sniff(b"  <!-- export --><TABLE border=1><TR>"),
            Sniffed::Html
        );
        assert_eq!(
            sniff(b"\xFF\xFE<\x00t\x00a\x00b\x00l\x00e\x00>\x00"),
            Sniffed::Html
        );
        assert!(matches!(
            sniff(b"<?xml version=\"1.0\"?><w:wordDocument xmlns:w=\"x\">"),
            Sniffed::Other(w) if w.contains("Word")
        ));
        assert!(matches!(
            sniff(b"<?xml version=\"1.0\"?><Fattura>"),
            Sniffed::Other(w) if w.contains("<Fattura>")
        ));
        assert!(matches!(sniff(b"{\\rtf1\\ansi"), Sniffed::Other(w) if w.contains("RTF")));
        assert!(matches!(
            sniff(b"Indicatore\tTarget\r\nPratiche\t95%\r\n"),
            Sniffed::Other(w) if w.contains("file di testo")
        ));
        assert!(matches!(
            sniff(b"Unit\xe0;Target\r\n"),
            Sniffed::Other(w) if w.contains("file di testo")
        ));
        assert_eq!(sniff(b"\x01\x02\x00\x00binary"), Sniffed::Unknown);
    }

    fn zip_with(path: &Path, entries: &[(&str, &[u8])]) {
        use std::io::Write as _;
        let f = std::fs::File::create(path).unwrap();
        let mut z = zip::ZipWriter::new(f);
        for (name, bytes) in entries {
            z.start_file(*name, zip::write::SimpleFileOptions::default())
                .unwrap();
            z.write_all(bytes).unwrap();
        }
        z.finish().unwrap();
    }

    #[test]
    fn other_documents_renamed_as_spreadsheets_are_named() {
        let dir = tempfile::tempdir().unwrap();
        type Entries<'a> = Vec<(&'a str, &'a [u8])>;
        let cases: [(&str, Entries, &str); 3] = [
            (
                "lettera.xlsx",
                vec![
                    ("[Content_Types].xml", b"<Types/>"),
                    ("word/document.xml", b"<w:document/>"),
                ],
                "documento Word",
            ),
            (
                "slide.xlsx",
                vec![("ppt/presentation.xml", b"<p/>")],
                "presentazione PowerPoint",
            ),
            (
                "testo.ods",
                vec![
                    ("mimetype", b"application/vnd.oasis.opendocument.text"),
                    ("content.xml", b"<x/>"),
                ],
                "documento di testo OpenDocument",
            ),
        ];
        for (name, entries, said) in cases {
            let p = dir.path().join(name);
            zip_with(&p, &entries);
            let e = crate::read::open(&p).unwrap_err().to_string();
            assert!(e.contains(said), "{name}: {e}");
            assert!(!e.contains("xml"), "{name}: {e}");
        }
        let p = dir.path().join("piano.xlsx");
        std::fs::write(&p, b"%PDF-1.7\n%\xe2\xe3\n1 0 obj\n").unwrap();
        let e = crate::read::open(&p).unwrap_err().to_string();
        assert!(e.contains("documento PDF"), "{e}");
    }
}
