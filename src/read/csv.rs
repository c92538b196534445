//! `.csv` / `.txt`: encoding detection, delimiter sniffing, every field as text.

use std::path::Path;

use super::{check_grid, corrupt, text_cell, Cell, ReadError, Sheet, Workbook, MAX_ENTRY_BYTES};

/// Decodes a text file: UTF-8 (BOM stripped), UTF-16 with BOM, otherwise
/// Windows-1252 (what an Italian Excel writes for "CSV (separato da ;)").
///
/// ```
/// use cruscotto::read::decode_text;
/// assert_eq!(decode_text(b"\xEF\xBB\xBFcitt\xC3\xA0"), "città");
/// assert_eq!(decode_text(b"citt\xE0"), "città");
/// ```
pub fn decode_text(bytes: &[u8]) -> String {
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return text.into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => {
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            text.into_owned()
        }
    }
}

/// Field counts of the first `max_records` records of `text` split with `delim`
/// (quotes respected), skipping blank lines.
fn field_counts(text: &str, delim: u8, max_records: usize) -> Vec<usize> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delim)
        .from_reader(text.as_bytes());
    let mut out = Vec::new();
    let mut rec = csv::ByteRecord::new();
    while out.len() < max_records {
        match rdr.read_byte_record(&mut rec) {
            Ok(true) => {
                if rec.len() == 1 && rec.get(0).is_some_and(|f| f.is_empty()) {
                    continue;
                }
                out.push(rec.len());
            }
            Ok(false) | Err(_) => break,
        }
    }
    out
}

/// Chooses the delimiter among `;`, `,` and tab: the one that splits the
/// first lines into the most consistent number of columns (more than one),
/// ignoring delimiters inside quotes. Ties prefer more columns, then `;`
/// (the Italian Excel default). Defaults to `;`.
///
/// ```
/// use cruscotto::read::sniff_delimiter;
/// assert_eq!(sniff_delimiter("a;b;c\n1,5;2;3\n"), b';');
/// assert_eq!(sniff_delimiter("a,b,c\n\"1;5\",2,3\n"), b',');
/// assert_eq!(sniff_delimiter("a\tb\n1\t2\n"), b'\t');
/// ```
pub fn sniff_delimiter(text: &str) -> u8 {
    // Only the start of the file matters.
    let head = match text.char_indices().nth(64 * 1024) {
        Some((i, _)) => &text[..i],
        None => text,
    };
    let mut best = (b';', 0usize, 0usize); // delimiter, consistent rows, columns
    for delim in [b';', b',', b'\t'] {
        let counts = field_counts(head, delim, 30);
        if counts.is_empty() {
            continue;
        }
        // Mode of the field counts (> 1 only: one column means "not split").
        let mut freq: Vec<(usize, usize)> = Vec::new();
        for &c in counts.iter().filter(|&&c| c > 1) {
            match freq.iter_mut().find(|(k, _)| *k == c) {
                Some((_, n)) => *n += 1,
                None => freq.push((c, 1)),
            }
        }
        let Some(&(cols, n)) = freq.iter().max_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0))) else {
            continue;
        };
        if n > best.1 || (n == best.1 && cols > best.2) {
            best = (delim, n, cols);
        }
    }
    best.0
}

pub(crate) fn read(path: &Path, shown: &str) -> Result<Workbook, ReadError> {
    let meta = std::fs::metadata(path).map_err(|source| ReadError::Io {
        path: shown.to_string(),
        source,
    })?;
    if meta.len() > MAX_ENTRY_BYTES {
        return Err(corrupt(shown, "file troppo grande"));
    }
    let bytes = std::fs::read(path).map_err(|source| ReadError::Io {
        path: shown.to_string(),
        source,
    })?;
    let mut wb = csv_from_bytes(&bytes, shown)?;
    // The sheet is named after the file stem of the real path.
    if let Some(stem) = path.file_stem() {
        if let Some(sheet) = wb.sheets.first_mut() {
            sheet.name = stem.to_string_lossy().into_owned();
        }
    }
    Ok(wb)
}

/// Reads the bytes of a `.csv`/`.txt` file already in memory, as
/// [`open`](super::open) reads a CSV file: encoding detected, delimiter
/// sniffed, every field as text, one sheet named after the file stem of
/// `name` (the path or file name shown in messages and kept in
/// [`Workbook::path`]).
///
/// Empty input, binary data (NUL bytes without a UTF-16 BOM), malformed CSV
/// and oversized grids are [`ReadError::Corrupt`].
///
/// ```
/// use cruscotto::read::{csv_from_bytes, CellValue};
/// let wb = csv_from_bytes(b"Indicatore;Target\r\nPratiche evase;95%\r\n", "piano.csv").unwrap();
/// assert_eq!(wb.path, "piano.csv");
/// assert_eq!(wb.sheets[0].name, "piano");
/// assert_eq!(wb.sheets[0].rows[1][1].value, CellValue::Text("95%".into()));
/// assert!(csv_from_bytes(b"", "vuoto.csv").is_err());
/// ```
pub fn csv_from_bytes(bytes: &[u8], name: &str) -> Result<Workbook, ReadError> {
    if bytes.len() as u64 > MAX_ENTRY_BYTES {
        return Err(corrupt(name, "file troppo grande"));
    }
    if bytes.is_empty() {
        return Err(corrupt(name, "il file è vuoto"));
    }
    if bytes.contains(&0) && encoding_rs::Encoding::for_bom(bytes).is_none() {
        return Err(corrupt(
            name,
            "il file contiene dati binari: non è un testo CSV",
        ));
    }
    let stem = Path::new(name)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let sheet = parse_csv(&decode_text(bytes), &stem, name)?;
    Ok(Workbook {
        path: name.to_string(),
        sheets: vec![sheet],
        formats_known: true,
    })
}

/// Parses decoded CSV text into a sheet named `name` (every field text,
/// empty fields empty, rows padded to the widest).
pub(crate) fn parse_csv(text: &str, name: &str, shown: &str) -> Result<Sheet, ReadError> {
    let delim = sniff_delimiter(text);
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delim)
        .from_reader(text.as_bytes());
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let mut width = 0usize;
    let mut cells = 0u64;
    let mut rec = csv::StringRecord::new();
    loop {
        match rdr.read_record(&mut rec) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(corrupt(shown, format!("CSV non valido ({e})"))),
        }
        width = width.max(rec.len());
        cells += rec.len() as u64;
        check_grid(shown, name, 1, cells)?;
        rows.push(rec.iter().map(text_cell).collect());
    }
    // Trailing empty lines carry nothing.
    while rows
        .last()
        .is_some_and(|r| r.iter().all(|c| c.value == super::CellValue::Empty))
    {
        rows.pop();
    }
    check_grid(shown, name, rows.len() as u64, width as u64)?;
    for r in &mut rows {
        r.resize(width, Cell::default());
    }
    Ok(Sheet {
        name: name.to_string(),
        rows,
        row_offset: 0,
        col_offset: 0,
        merged: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::CellValue;

    #[test]
    fn sniff_cases() {
        assert_eq!(sniff_delimiter("a;b;c\r\n1,5;2,0;3\r\n4;5;6\r\n"), b';');
        assert_eq!(sniff_delimiter("a,b,c\n1,2,3\n"), b',');
        assert_eq!(sniff_delimiter("a\tb\tc\n1,5\t2\t3\n"), b'\t');
        // Commas inside quotes do not count.
        assert_eq!(
            sniff_delimiter("\"x, y, z\";b\n\"1, 2, 3, 4\";c\n\"p,q\";d\n"),
            b';'
        );
        // Semicolons inside quotes do not count either.
        assert_eq!(sniff_delimiter("\"a;b;c\",d\n\"e;f\",g\n"), b',');
        // Single column: default `;`.
        assert_eq!(sniff_delimiter("solo\nuna\ncolonna\n"), b';');
        assert_eq!(sniff_delimiter(""), b';');
    }

    #[test]
    fn encodings() {
        assert_eq!(decode_text(b"\xEF\xBB\xBFa;b"), "a;b");
        assert_eq!(decode_text("perché".as_bytes()), "perché");
        assert_eq!(decode_text(b"perch\xE9 \x80"), "perché €");
        assert_eq!(decode_text(b"\xFF\xFEa\x00;\x00b\x00"), "a;b");
    }

    #[test]
    fn csv_grid() {
        let s = parse_csv("a;b\r\n  x ;\"q;r\"\r\n1;2;3\r\n\r\n", "s", "s.csv").unwrap();
        assert_eq!(s.rows.len(), 3);
        assert!(s.rows.iter().all(|r| r.len() == 3));
        assert_eq!(s.rows[1][0].value, CellValue::Text("  x ".into()));
        assert_eq!(s.rows[1][1].value, CellValue::Text("q;r".into()));
        assert_eq!(s.rows[0][2].value, CellValue::Empty);
    }

    #[test]
    fn from_bytes_matches_file_reading() {
        let bytes = b"Indicatore;Target\r\nPratiche evase;95%\r\n";
        let wb = csv_from_bytes(bytes, "dir/piano.csv").unwrap();
        assert_eq!(wb.path, "dir/piano.csv");
        assert_eq!(wb.sheets.len(), 1);
        assert_eq!(wb.sheets[0].name, "piano");
        assert_eq!(wb.sheets[0].rows.len(), 2);
        assert_eq!(
            wb.sheets[0].rows[1][0].value,
            CellValue::Text("Pratiche evase".into())
        );
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("piano.csv");
        std::fs::write(&path, bytes).unwrap();
        let from_file = crate::read::open(&path).unwrap();
        assert_eq!(from_file.sheets[0].name, "piano");
        assert_eq!(from_file.sheets[0].rows, wb.sheets[0].rows);
        assert!(matches!(
            csv_from_bytes(b"a;\0b", "x.csv"),
            Err(ReadError::Corrupt { .. })
        ));
        assert!(matches!(
            csv_from_bytes(b"", "x.csv"),
            Err(ReadError::Corrupt { .. })
        ));
    }

    #[test]
    fn multiline_quoted_field() {
        let s = parse_csv("a;b\n\"riga 1\nriga 2\";x\n", "s", "s.csv").unwrap();
        assert_eq!(s.rows.len(), 2);
        assert_eq!(s.rows[1][0].value, CellValue::Text("riga 1\nriga 2".into()));
    }
}
