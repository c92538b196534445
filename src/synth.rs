//! Synthetic plans for benchmarks and stress tests: N indicators spread over
//! many areas, dirigenti and objectives, in a flat table layout the reader
//! supports, with actual values.
//!
//! ```
//! let bytes = cruscotto::synth::plan_xlsx(&cruscotto::synth::Spec { indicators: 30, ..Default::default() }).unwrap();
//! assert!(bytes.starts_with(b"PK"));
//! ```

use rust_xlsxwriter::{Format, Workbook, XlsxError};

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spec {
    /// Number of indicator rows.
    pub indicators: usize,
    /// Number of areas (each with its own dirigente).
    pub areas: usize,
    /// Indicators per objective.
    pub per_objective: usize,
    /// Rows per sheet before starting a new sheet.
    pub rows_per_sheet: usize,
    /// Target year.
    pub year: i32,
}

impl Default for Spec {
    fn default() -> Self {
        Spec {
            indicators: 10_000,
            areas: 20,
            per_objective: 4,
            rows_per_sheet: 200_000,
            year: 2025,
        }
    }
}

/// Header of the synthetic table.
pub const HEADER: [&str; 9] = [
    "Area",
    "Dirigente",
    "Codice",
    "Obiettivo",
    "Indicatore",
    "UdM",
    "Peso",
    "Target",
    "Consuntivo",
];

/// The (unit, target, actual) patterns cycled through: every target kind the
/// normaliser reads, met and not met.
const PATTERNS: [(&str, &str, &str); 12] = [
    ("%", ">= 95%", "96,5%"),
    ("%", ">= 95%", "68,6%"),
    ("gg", "<= 30", "25"),
    ("gg", "< 30", "34"),
    ("n.", "4", "3"),
    ("n.", "≥ 10", "12"),
    ("data", "31/12/{y}", "15/12/{y}"),
    ("si/no", "si", "si"),
    ("", "Positivo", "positivo"),
    ("n.", "2,5", "2,4"),
    ("", "grado di soddisfazione medio 3,6/5", "3,8"),
    ("€", "1.234,56", "1.100,00"),
];

/// One synthetic row as cell texts, in [`HEADER`] order.
pub fn row(i: usize, spec: &Spec) -> [String; 9] {
    let areas = spec.areas.max(1);
    let per_obj = spec.per_objective.max(1);
    let obj = i / per_obj;
    let area = obj % areas + 1;
    let (unit, target, actual) = PATTERNS[i % PATTERNS.len()];
    let y = spec.year.to_string();
    [
        format!("Area {area}"),
        format!("Dirigente {area}"),
        format!("OB{obj:07}"),
        format!("Obiettivo sintetico {obj}"),
        format!("Indicatore sintetico {i}"),
        unit.to_string(),
        "25%".to_string(),
        target.replace("{y}", &y),
        actual.replace("{y}", &y),
    ]
}

/// Writes a synthetic plan as XLSX bytes (constant-memory mode).
pub fn plan_xlsx(spec: &Spec) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let per_sheet = spec.rows_per_sheet.max(1);
    let sheets = spec.indicators.div_ceil(per_sheet).max(1);
    let mut header = HEADER.map(str::to_string);
    header[7] = format!("Target {}", spec.year);
    header[8] = format!("Consuntivo {}", spec.year);
    for s in 0..sheets {
        let ws = wb.add_worksheet_with_constant_memory()?;
        ws.set_name(format!("Piano {}", s + 1))?;
        for (c, h) in header.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, h, &bold)?;
        }
        let start = s * per_sheet;
        let end = (start + per_sheet).min(spec.indicators);
        for (r, i) in (start..end).enumerate() {
            for (c, v) in row(i, spec).iter().enumerate() {
                if !v.is_empty() {
                    ws.write_string(r as u32 + 1, c as u16, v)?;
                }
            }
        }
    }
    wb.save_to_buffer()
}

/// Writes a synthetic plan as CSV bytes (`;`-separated, UTF-8).
pub fn plan_csv(spec: &Spec) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(Vec::new());
    let mut header = HEADER.map(str::to_string);
    header[7] = format!("Target {}", spec.year);
    header[8] = format!("Consuntivo {}", spec.year);
    // Writing to a Vec cannot fail.
    let _ = w.write_record(&header);
    for i in 0..spec.indicators {
        let _ = w.write_record(row(i, spec));
    }
    w.into_inner().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_spread_over_areas_and_objectives() {
        let spec = Spec {
            indicators: 100,
            areas: 3,
            per_objective: 4,
            ..Spec::default()
        };
        assert_eq!(row(0, &spec)[0], "Area 1");
        assert_eq!(row(4, &spec)[0], "Area 2");
        assert_eq!(row(4, &spec)[2], "OB0000001");
        assert_eq!(row(6, &spec)[7], "31/12/2025");
        let csv = String::from_utf8(plan_csv(&spec)).unwrap();
        assert_eq!(csv.lines().count(), 101);
        assert!(csv.starts_with(
            "Area;Dirigente;Codice;Obiettivo;Indicatore;UdM;Peso;Target 2025;Consuntivo 2025"
        ));
    }
}
