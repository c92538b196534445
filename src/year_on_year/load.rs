//! Reading last year: a normalised table written by `cruscotto convert`, or
//! a plan read through the pipeline.

use std::path::Path;
use std::str::FromStr;

use rust_decimal::Decimal;

use super::{main_year, Previous};
use crate::model::{Location, Op, PolaritySource, Record, Score, Status, Target};
use crate::pipeline::{self, Options};
use crate::score::{self, status_of};

/// Why last year could not be read.
#[derive(Debug, thiserror::Error)]
pub enum PreviousError {
    /// The file could not be read.
    #[error("anno precedente: impossibile leggere {path}: {reason}")]
    Io {
        /// Path.
        path: String,
        /// Cause.
        reason: String,
    },
    /// A normalised table lacks a column the comparison needs.
    #[error("anno precedente: la tabella normalizzata {path} non ha la colonna «{column}»")]
    Column {
        /// Path.
        path: String,
        /// Missing column.
        column: String,
    },
    /// A value of the normalised table is not what `convert` writes.
    #[error(
        "anno precedente: {path}, riga {row}: valore «{value}» non valido nella colonna «{column}»"
    )]
    Value {
        /// Path.
        path: String,
        /// 1-based line of the table.
        row: u64,
        /// Column.
        column: String,
        /// Value as written.
        value: String,
    },
    /// No indicator at all was read.
    #[error("anno precedente: nessun indicatore letto da {0}")]
    Empty(String),
}

/// Reads last year from `path`: a normalised table (CSV whose header has
/// `source_file`, `indicator` and `attainment_pct`, comma- or
/// semicolon-separated) or a plan, read with `opts` (organigramma, rules,
/// mappings; the year is the plan's own, no period, no separate actuals).
/// Roll-ups are recomputed with `opts.rules`.
pub fn load(path: &Path, opts: &Options) -> Result<Previous, PreviousError> {
    let name = path.display().to_string();
    let records = match read_table(path)? {
        Some(records) => records,
        None => {
            let popts = Options {
                anno: None,
                months: None,
                actuals: Vec::new(),
                previous: None,
                // This year's corrections name this year's indicators.
                rettifiche: None,
                ..opts.clone()
            };
            let out = pipeline::run(&[path.to_path_buf()], &popts);
            if let Some(f) = out.failed.first() {
                return Err(PreviousError::Io {
                    path: name,
                    reason: f.reason.clone(),
                });
            }
            out.records
        }
    };
    if records.is_empty() {
        return Err(PreviousError::Empty(name));
    }
    let (summary, _) = score::summarise(&records, &opts.rules);
    Ok(Previous {
        source: name,
        year: main_year(&records),
        records,
        summary,
    })
}

/// The records of a normalised table; `None` when the file is not one.
fn read_table(path: &Path) -> Result<Option<Vec<Record>>, PreviousError> {
    let name = path.display().to_string();
    let is_csv = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv") || e.eq_ignore_ascii_case("txt"));
    if !is_csv {
        return Ok(None);
    }
    let bytes = std::fs::read(path).map_err(|e| PreviousError::Io {
        path: name.clone(),
        reason: e.to_string(),
    })?;
    let Ok(text) = std::str::from_utf8(&bytes) else {
        // Not UTF-8: a plan exported by Excel, not a table of ours.
        return Ok(None);
    };
    let text = text.trim_start_matches('\u{feff}');
    let header = text.lines().next().unwrap_or("");
    let semicolon = header.contains(';');
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(if semicolon { b';' } else { b',' })
        .from_reader(text.as_bytes());
    let heads: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(str::to_string).collect(),
        Err(_) => return Ok(None),
    };
    let find = |c: &str| heads.iter().position(|h| h == c);
    if find("source_file").is_none() || find("attainment_pct").is_none() {
        return Ok(None);
    }
    let need = |c: &str| {
        find(c).ok_or_else(|| PreviousError::Column {
            path: name.clone(),
            column: c.to_string(),
        })
    };
    let cols = Cols {
        file: need("source_file")?,
        sheet: need("source_sheet")?,
        row: need("source_row")?,
        area: need("area")?,
        dirigente: need("dirigente")?,
        code: need("objective_code")?,
        objective: need("objective")?,
        indicator: need("indicator")?,
        weight: need("weight")?,
        year: need("target_year")?,
        polarity: need("polarity")?,
        attainment: need("attainment_pct")?,
        status: need("status")?,
        transversal: find("transversal"),
        objective_weight: find("objective_weight"),
    };
    let mut records = Vec::new();
    for (k, row) in reader.records().enumerate() {
        let line = k as u64 + 2;
        let row = row.map_err(|e| PreviousError::Io {
            path: name.clone(),
            reason: e.to_string(),
        })?;
        records.push(
            cols.record(&row, semicolon, |column, value| PreviousError::Value {
                path: name.clone(),
                row: line,
                column: column.to_string(),
                value: value.to_string(),
            })?,
        );
    }
    Ok(Some(keep_one_year(records)))
}

/// Column positions in a normalised table.
struct Cols {
    file: usize,
    sheet: usize,
    row: usize,
    area: usize,
    dirigente: usize,
    code: usize,
    objective: usize,
    indicator: usize,
    weight: usize,
    year: usize,
    polarity: usize,
    attainment: usize,
    status: usize,
    transversal: Option<usize>,
    objective_weight: Option<usize>,
}

impl Cols {
    fn record(
        &self,
        row: &csv::StringRecord,
        comma_decimals: bool,
        bad: impl Fn(&str, &str) -> PreviousError,
    ) -> Result<Record, PreviousError> {
        let get = |i: usize| row.get(i).unwrap_or("").trim();
        let text = |i: usize| Some(get(i).to_string()).filter(|s| !s.is_empty());
        let list = |i: usize| -> Vec<String> {
            get(i)
                .split("; ")
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect()
        };
        let dec = |i: usize, column: &str| -> Result<Option<Decimal>, PreviousError> {
            let v = get(i);
            if v.is_empty() {
                return Ok(None);
            }
            let v2 = if comma_decimals {
                v.replace(',', ".")
            } else {
                v.to_string()
            };
            Decimal::from_str(&v2).map(Some).map_err(|_| bad(column, v))
        };
        let line: u32 = get(self.row)
            .parse()
            .map_err(|_| bad("source_row", get(self.row)))?;
        let mut r = Record::new(
            Location::row(get(self.file), get(self.sheet), line),
            get(self.indicator),
            Target::na(),
        );
        r.areas = list(self.area);
        r.dirigenti = list(self.dirigente);
        r.objective_code = text(self.code).map(Into::into);
        r.objective = text(self.objective).map(Into::into);
        r.weight = dec(self.weight, "weight")?;
        r.objective_weight = match self.objective_weight {
            Some(i) => dec(i, "objective_weight")?,
            None => None,
        };
        r.transversal = self.transversal.is_some_and(|i| get(i) == "true");
        r.target_year = match get(self.year) {
            "" => None,
            y => Some(y.parse().map_err(|_| bad("target_year", y))?),
        };
        let attainment = dec(self.attainment, "attainment_pct")?;
        let status = match get(self.status) {
            "raggiunto" => Status::Raggiunto,
            "parzialmente raggiunto" => Status::Parziale,
            "non raggiunto" => Status::NonRaggiunto,
            "non valutabile" => Status::NonValutabile,
            _ => status_of(attainment, &Default::default()),
        };
        r.score = Some(Score {
            polarity: Op::parse_ascii(get(self.polarity)).unwrap_or(Op::Ge),
            polarity_source: PolaritySource::Default,
            attainment,
            status,
            formula: String::new(),
            trace: Vec::new(),
        });
        Ok(r)
    }
}

/// A table of several target years (`convert --anni`): only the rows of the
/// most frequent year are last year's.
fn keep_one_year(mut records: Vec<Record>) -> Vec<Record> {
    if let Some(y) = main_year(&records) {
        if records
            .iter()
            .any(|r| r.target_year.is_some_and(|t| t != y))
        {
            records.retain(|r| r.target_year == Some(y));
        }
    }
    records
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::{export, Format};
    use crate::model::{ActualValue, TargetValue};

    fn plan() -> Vec<Record> {
        let target = Target {
            op: Op::Ge,
            value: TargetValue::Number(Decimal::from(200)),
            year: Some(2024),
            base_year: None,
        };
        let mut r = Record::new(
            Location::row("p.xlsx", "Area 1", 7),
            "Imprese assistite",
            target,
        );
        r.areas = vec!["Area Promozione".into(), "Area Anagrafe".into()];
        r.dirigenti = vec!["Mario Rossi".into()];
        r.objective_code = Some("OB1".into());
        r.weight = Some(Decimal::new(333, 1));
        r.objective_weight = Some(Decimal::from(40));
        r.target_year = Some(2024);
        r.actual = Some(ActualValue::Number(Decimal::from(145)));
        let mut v = vec![r];
        score::score_all(&mut v, &Default::default());
        v
    }

    #[test]
    fn both_csv_forms_of_the_table_read_back() {
        let dir = tempfile::tempdir().unwrap();
        for (format, name) in [(Format::Csv, "a.csv"), (Format::CsvExcel, "b.csv")] {
            let path = dir.path().join(name);
            std::fs::write(&path, export(&plan(), format).unwrap()).unwrap();
            let prev = load(&path, &Options::default()).unwrap();
            assert_eq!(prev.year, Some(2024), "{name}");
            let r = &prev.records[0];
            assert_eq!(r.location, Location::row("p.xlsx", "Area 1", 7));
            assert_eq!(r.areas, ["Area Promozione", "Area Anagrafe"]);
            assert_eq!(r.dirigenti, ["Mario Rossi"]);
            assert_eq!(r.weight, Some(Decimal::new(333, 1)), "{name}");
            assert_eq!(r.objective_weight, Some(Decimal::from(40)), "{name}");
            let s = r.score.as_ref().unwrap();
            // 145/200 = 72,5.
            assert_eq!(s.attainment, Some(Decimal::new(7250, 2)), "{name}");
            assert_eq!(s.status, Status::Parziale);
            assert_eq!(prev.summary.body.attainment, Some(Decimal::new(725, 1)));
        }
    }

    #[test]
    fn a_table_missing_a_column_or_with_a_bad_value_says_which() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        std::fs::write(&path, "source_file,attainment_pct\nx,1\n").unwrap();
        let e = load(&path, &Options::default()).unwrap_err().to_string();
        assert!(e.contains("«source_sheet»"), "{e}");
        let mut text = String::from_utf8(export(&plan(), Format::Csv).unwrap()).unwrap();
        text = text.replace(",72.50,", ",settanta,");
        std::fs::write(&path, text).unwrap();
        let e = load(&path, &Options::default()).unwrap_err().to_string();
        assert!(e.contains("riga 2") && e.contains("«settanta»"), "{e}");
        std::fs::write(&path, "").unwrap();
        assert!(load(&path, &Options::default()).is_err());
    }
}
