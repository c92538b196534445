//! `.xls` (Excel 97–2003, BIFF8) through calamine, plus a small BIFF8 scan
//! of our own for what calamine keeps private: the `FORMAT` and `XF`
//! records and each numeric cell's XF index, so that percent cells (`0%`)
//! are recognised. The scan also bounds each sheet's used area before
//! calamine builds its dense grid.

use std::collections::HashMap;
use std::io::{BufReader, Read};
use std::path::Path;

use calamine::{Reader, Xls, XlsError};

use super::format_code::{classify_builtin_id, classify_format_code};
use super::{
    check_grid, corrupt, dates_from_serials, merged_to_grid, open_file, sheet_from_range,
    worksheet_names, NumFormat, ReadError, Workbook, MAX_CELLS_PER_SHEET, MAX_ENTRY_BYTES,
};

fn xls_error(path: &str, e: XlsError) -> ReadError {
    match e {
        XlsError::Password => ReadError::Encrypted {
            path: path.to_string(),
        },
        XlsError::Io(source) => ReadError::Io {
            path: path.to_string(),
            source,
        },
        other => corrupt(path, format!("contenuto xls non valido ({other})")),
    }
}

/// What the BIFF8 scan learns about one sheet.
#[derive(Debug, Default)]
pub(crate) struct BiffSheet {
    /// Display format of numeric cells by absolute (row, col).
    pub formats: HashMap<(u32, u32), NumFormat>,
    /// Bounding box of the value cells: (first row, last row, first col, last col).
    pub bbox: Option<(u32, u32, u32, u32)>,
}

/// Result of the BIFF8 scan.
#[derive(Debug, Default)]
pub(crate) struct BiffScan {
    /// Worksheets in BOUNDSHEET order, with their names.
    pub sheets: Vec<(String, BiffSheet)>,
    /// Whether the file carries a FILEPASS (encryption) record.
    pub encrypted: bool,
}

pub(crate) fn read(path: &Path, shown: &str) -> Result<Workbook, ReadError> {
    let stream = workbook_stream(path, shown)?;
    let scan = stream.as_deref().and_then(scan_biff8);
    if scan.as_ref().is_some_and(|s| s.encrypted) {
        return Err(ReadError::Encrypted {
            path: shown.to_string(),
        });
    }
    let file = open_file(path, shown)?;
    // calamine builds every sheet's dense grid inside `Xls::new`, before any
    // check of ours could run on a sheet: the stream is bounded first.
    if let Some(data) = &stream {
        check_bounds(data).map_err(|why| corrupt(shown, why))?;
    }
    let mut xl: Xls<_> = Xls::new(BufReader::new(file)).map_err(|e| xls_error(shown, e))?;
    let names = worksheet_names(xl.sheets_metadata());
    let formats_known = scan.is_some();
    let is_1904 = xl.has_1904_epoch();
    let mut sheets = Vec::with_capacity(names.len());
    for (i, name) in names.iter().enumerate() {
        let name = name.as_str();
        // By name; by position if names were decoded differently.
        let biff = scan.as_ref().and_then(|s| {
            s.sheets
                .iter()
                .find(|(n, _)| n == name)
                .or_else(|| {
                    (s.sheets.len() == names.len())
                        .then(|| s.sheets.get(i))
                        .flatten()
                })
                .map(|(_, b)| b)
        });
        if let Some((r0, r1, c0, c1)) = biff.and_then(|b| b.bbox) {
            check_grid(shown, name, u64::from(r1 - r0) + 1, u64::from(c1 - c0) + 1)?;
        }
        let range = xl.worksheet_range(name).map_err(|e| xls_error(shown, e))?;
        let mut sheet = sheet_from_range(shown, name, &range, |r, c| match biff {
            Some(b) => b.formats.get(&(r, c)).copied().unwrap_or_default(),
            None => NumFormat::Unknown,
        })?;
        let merges = xl
            .merge_cells_by_sheet_name(name)
            .map_err(|e| xls_error(shown, e))?;
        sheet.merged = merged_to_grid(&sheet, &merges);
        dates_from_serials(&mut sheet, is_1904);
        sheets.push(sheet);
    }
    Ok(Workbook {
        path: shown.to_string(),
        sheets,
        formats_known,
    })
}

/// Reads the `Workbook` (or BIFF5 `Book`) stream. An encrypted OOXML package
/// (`EncryptedPackage`) is reported as [`ReadError::Encrypted`].
fn workbook_stream(path: &Path, shown: &str) -> Result<Option<Vec<u8>>, ReadError> {
    let Ok(mut cf) = cfb::open(path) else {
        return Err(corrupt(shown, "contenitore OLE (xls) non valido"));
    };
    if cf.exists("/EncryptedPackage") || cf.exists("/EncryptionInfo") {
        return Err(ReadError::Encrypted {
            path: shown.to_string(),
        });
    }
    let stream_name = if cf.is_stream("/Workbook") {
        "/Workbook"
    } else if cf.is_stream("/Book") {
        "/Book"
    } else {
        return Err(corrupt(
            shown,
            "il contenitore OLE non contiene un foglio di calcolo Excel",
        ));
    };
    let mut data = Vec::new();
    let read = cf
        .open_stream(stream_name)
        .and_then(|s| s.take(MAX_ENTRY_BYTES + 1).read_to_end(&mut data));
    if read.is_err() {
        return Err(corrupt(shown, "flusso Workbook illeggibile"));
    }
    if data.len() as u64 > MAX_ENTRY_BYTES {
        return Err(corrupt(shown, "file troppo grande"));
    }
    Ok(Some(data))
}

/// Bounds what calamine will allocate for each sheet of a BIFF stream (BIFF5
/// or BIFF8), walking the sheets as calamine does (from the BOUNDSHEET
/// offsets, skipping nested chart substreams): the bounding box of the cell
/// records and the declared `DIMENSIONS` must fit [`MAX_CELLS_PER_SHEET`],
/// and records that calamine's arithmetic would overflow on (a `DIMENSIONS`
/// ending before it starts, a `MULRK` whose last column precedes its first)
/// are refused. The error is the Italian reason.
pub(crate) fn check_bounds(data: &[u8]) -> Result<(), String> {
    let mut positions = Vec::new();
    for (typ, body) in (Records { data, pos: 0 }) {
        match typ {
            0x0085 => positions.extend(u32_at(body, 0).map(|p| p as usize)),
            0x000A => break,
            _ => {}
        }
    }
    if positions.iter().any(|&p| p > data.len()) {
        // calamine slices the stream at each offset without a check.
        return Err("un foglio inizia oltre la fine del file (record BOUNDSHEET)".to_string());
    }
    let too_big = |rows: u64, cols: u64| {
        format!(
            "file troppo grande: un foglio dichiara {rows} righe × {cols} colonne (limite {MAX_CELLS_PER_SHEET} celle)"
        )
    };
    for pos in positions {
        let mut bbox: Option<(u32, u32, u32, u32)> = None;
        let mut see = |r: u32, c: u32| {
            bbox = Some(match bbox {
                None => (r, r, c, c),
                Some((r0, r1, c0, c1)) => (r0.min(r), r1.max(r), c0.min(c), c1.max(c)),
            });
        };
        let (mut depth, mut seen_bof) = (0usize, false);
        for (typ, body) in (Records { data, pos }) {
            if depth > 0 {
                match typ {
                    0x0809 => depth += 1,
                    0x000A => depth -= 1,
                    _ => {}
                }
                continue;
            }
            match typ {
                0x0809 if seen_bof => depth += 1,
                0x0809 => seen_bof = true,
                0x000A => break,
                _ => {}
            }
            let (Some(row), Some(col)) = (u16_at(body, 0), u16_at(body, 2)) else {
                continue;
            };
            let (row, col) = (u32::from(row), u32::from(col));
            match typ {
                0x0200 => {
                    let dims = match body.len() {
                        10 => u16_at(body, 4)
                            .zip(u16_at(body, 6))
                            .map(|(cf, cl)| (row, col, u32::from(cf), u32::from(cl))),
                        14 | 16 => u32_at(body, 0)
                            .zip(u32_at(body, 4))
                            .zip(u16_at(body, 8).zip(u16_at(body, 10)))
                            .map(|((rf, rl), (cf, cl))| (rf, rl, u32::from(cf), u32::from(cl))),
                        _ => None,
                    };
                    if let Some((rf, rl, cf, cl)) = dims {
                        let cf = if cf > 0xFF || cl < cf { 0 } else { cf };
                        let (end_r, end_c) = if rl >= 1 && cl >= 1 {
                            (rl - 1, cl - 1)
                        } else {
                            (rf, cf)
                        };
                        if end_r < rf || end_c < cf {
                            return Err("dimensioni di un foglio non valide (record DIMENSIONS)"
                                .to_string());
                        }
                        let (rows, cols) = (u64::from(end_r - rf) + 1, u64::from(end_c - cf) + 1);
                        if rows.saturating_mul(cols) > MAX_CELLS_PER_SHEET {
                            return Err(too_big(rows, cols));
                        }
                    }
                }
                // NUMBER, LABEL, RSTRING, BOOLERR, RK, LABELSST, FORMULA.
                0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 => see(row, col),
                // MULRK: row, first column, …, last column.
                0x00BD if body.len() >= 6 => {
                    let last = u16_at(body, body.len() - 2).map_or(0, u32::from);
                    if last < col || last - col == u32::from(u16::MAX) {
                        return Err("record MULRK non valido".to_string());
                    }
                    see(row, col);
                    see(row, last);
                }
                _ => {}
            }
        }
        if let Some((r0, r1, c0, c1)) = bbox {
            let (rows, cols) = (u64::from(r1 - r0) + 1, u64::from(c1 - c0) + 1);
            if rows.saturating_mul(cols) > MAX_CELLS_PER_SHEET {
                return Err(too_big(rows, cols));
            }
        }
    }
    Ok(())
}

fn u16_at(d: &[u8], i: usize) -> Option<u16> {
    Some(u16::from_le_bytes(d.get(i..i + 2)?.try_into().ok()?))
}

fn u32_at(d: &[u8], i: usize) -> Option<u32> {
    Some(u32::from_le_bytes(d.get(i..i + 4)?.try_into().ok()?))
}

/// Iterates the BIFF records from `pos`: (type, body).
struct Records<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Iterator for Records<'a> {
    type Item = (u16, &'a [u8]);
    fn next(&mut self) -> Option<Self::Item> {
        let typ = u16_at(self.data, self.pos)?;
        let len = u16_at(self.data, self.pos + 2)? as usize;
        let body = self.data.get(self.pos + 4..self.pos + 4 + len)?;
        self.pos += 4 + len;
        Some((typ, body))
    }
}

/// Decodes an XLUnicodeString body (after the character count): the flags
/// byte then 8-bit or UTF-16LE characters.
fn xl_string(d: &[u8], cch: usize) -> Option<String> {
    let flags = *d.first()?;
    let body = d.get(1..)?;
    if flags & 1 == 0 {
        let bytes = body.get(..cch.min(body.len()))?;
        Some(bytes.iter().map(|&b| char::from(b)).collect())
    } else {
        let n = cch.min(body.len() / 2);
        let units: Vec<u16> = (0..n).filter_map(|i| u16_at(body, i * 2)).collect();
        Some(String::from_utf16_lossy(&units))
    }
}

/// Scans a BIFF8 workbook stream. `None` if it is not BIFF8.
pub(crate) fn scan_biff8(data: &[u8]) -> Option<BiffScan> {
    let mut recs = Records { data, pos: 0 };
    let (bof, body) = recs.next()?;
    // BOF with version 0x0600 (BIFF8).
    if bof != 0x0809 || u16_at(body, 0)? != 0x0600 {
        return None;
    }
    let mut scan = BiffScan::default();
    let mut custom: HashMap<u16, NumFormat> = HashMap::new();
    let mut xf_fmt: Vec<u16> = Vec::new();
    let mut bound: Vec<(String, usize)> = Vec::new();
    for (typ, body) in recs.by_ref() {
        match typ {
            0x002F => scan.encrypted = true,
            0x041E => {
                // FORMAT: ifmt, cch, XLUnicodeString.
                if let (Some(id), Some(cch)) = (u16_at(body, 0), u16_at(body, 2)) {
                    if let Some(code) = body.get(4..).and_then(|b| xl_string(b, cch as usize)) {
                        custom.insert(id, classify_format_code(&code));
                    }
                }
            }
            0x00E0 => xf_fmt.push(u16_at(body, 2).unwrap_or(0)),
            0x0085 => {
                // BOUNDSHEET8: lbPlyPos, hsState, dt, ShortXLUnicodeString.
                let pos = u32_at(body, 0).unwrap_or(0) as usize;
                let dt = body.get(5).copied().unwrap_or(0);
                let cch = body.get(6).copied().unwrap_or(0) as usize;
                let name = body.get(7..).and_then(|b| xl_string(b, cch));
                if let (0, Some(name)) = (dt, name) {
                    bound.push((name, pos));
                }
            }
            0x000A => break,
            _ => {}
        }
    }
    let xf_class: Vec<NumFormat> = xf_fmt
        .iter()
        .map(|&ifmt| {
            custom
                .get(&ifmt)
                .copied()
                .filter(|f| *f != NumFormat::General)
                .unwrap_or_else(|| classify_builtin_id(u32::from(ifmt)))
        })
        .collect();
    let class = |ixfe: u16| xf_class.get(ixfe as usize).copied().unwrap_or_default();
    for (name, pos) in bound {
        let mut sheet = BiffSheet::default();
        let mut bbox: Option<(u32, u32, u32, u32)> = None;
        let mut see = |r: u32, c: u32| {
            bbox = Some(match bbox {
                None => (r, r, c, c),
                Some((r0, r1, c0, c1)) => (r0.min(r), r1.max(r), c0.min(c), c1.max(c)),
            });
        };
        let mut it = Records { data, pos };
        if !matches!(it.next(), Some((0x0809, _))) {
            continue;
        }
        for (typ, body) in it {
            let (Some(row), Some(col)) = (u16_at(body, 0), u16_at(body, 2)) else {
                if typ == 0x000A {
                    break;
                }
                continue;
            };
            let (row, col) = (u32::from(row), u32::from(col));
            match typ {
                0x000A => break,
                // NUMBER, RK, FORMULA: row, col, ixfe.
                0x0203 | 0x027E | 0x0006 => {
                    see(row, col);
                    let f = class(u16_at(body, 4).unwrap_or(0));
                    if f != NumFormat::General {
                        sheet.formats.insert((row, col), f);
                    }
                }
                // MULRK: row, colFirst, [ixfe u16, rk u32]*, colLast.
                0x00BD => {
                    let n = body.len().saturating_sub(6) / 6;
                    for k in 0..n {
                        let c = col + k as u32;
                        see(row, c);
                        let f = class(u16_at(body, 4 + k * 6).unwrap_or(0));
                        if f != NumFormat::General {
                            sheet.formats.insert((row, c), f);
                        }
                    }
                }
                // LABELSST, LABEL, BOOLERR, RSTRING.
                0x00FD | 0x0204 | 0x0205 | 0x00D6 => see(row, col),
                _ => {}
            }
        }
        sheet.bbox = bbox;
        scan.sheets.push((name, sheet));
    }
    Some(scan)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(typ: u16, body: &[u8]) -> Vec<u8> {
        let mut v = typ.to_le_bytes().to_vec();
        v.extend_from_slice(&(body.len() as u16).to_le_bytes());
        v.extend_from_slice(body);
        v
    }

    #[test]
    fn scans_percent_xf() {
        let mut globals = rec(0x0809, &[0x00, 0x06, 0x05, 0x00]);
        // FORMAT 164 = "0.0%" (8-bit chars).
        let mut f = vec![164, 0, 4, 0, 0];
        f.extend_from_slice(b"0.0%");
        globals.extend(rec(0x041E, &f));
        // XF 0: General, XF 1: builtin 9 (0%), XF 2: custom 164, XF 3: builtin 14.
        for ifmt in [0u16, 9, 164, 14] {
            let mut x = vec![0, 0];
            x.extend_from_slice(&ifmt.to_le_bytes());
            x.extend_from_slice(&[0; 16]);
            globals.extend(rec(0x00E0, &x));
        }
        // BOUNDSHEET placeholder; position patched below.
        let bs_at = globals.len() + 4;
        let mut bs = vec![0, 0, 0, 0, 0, 0, 2, 0];
        bs.extend_from_slice(b"S1");
        globals.extend(rec(0x0085, &bs));
        globals.extend(rec(0x000A, &[]));
        let sheet_pos = globals.len() as u32;
        globals[bs_at..bs_at + 4].copy_from_slice(&sheet_pos.to_le_bytes());
        let mut data = globals;
        data.extend(rec(0x0809, &[0x00, 0x06, 0x10, 0x00]));
        // NUMBER at (2,3) with XF 1.
        let mut n = vec![2, 0, 3, 0, 1, 0];
        n.extend_from_slice(&0.95f64.to_le_bytes());
        data.extend(rec(0x0203, &n));
        // MULRK at row 4, cols 1..2 with XF 2 and 3.
        let mut m = vec![4, 0, 1, 0];
        m.extend_from_slice(&[2, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 2, 0]);
        data.extend(rec(0x00BD, &m));
        data.extend(rec(0x000A, &[]));
        let scan = scan_biff8(&data).unwrap();
        let s = &scan.sheets[0].1;
        assert_eq!(scan.sheets[0].0, "S1");
        assert_eq!(s.formats.get(&(2, 3)), Some(&NumFormat::Percent));
        assert_eq!(s.formats.get(&(4, 1)), Some(&NumFormat::Percent));
        assert_eq!(s.formats.get(&(4, 2)), Some(&NumFormat::Date));
        assert_eq!(s.bbox, Some((2, 4, 1, 3)));
        assert!(!scan.encrypted);
    }

    #[test]
    fn garbage_is_not_biff8() {
        assert!(scan_biff8(b"").is_none());
        assert!(scan_biff8(&[0x09, 0x08, 0xFF, 0xFF]).is_none());
    }
}
