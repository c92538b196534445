//! Justified corrections (*rettifiche*, *sterilizzazione*): a file the
//! control office keeps beside the plan, forcing an indicator's attainment
//! or excluding it from the roll-ups, each with a mandatory written reason.
//!
//! The file is any table the readers open (CSV, XLSX, ODS, XLS): the first
//! row naming a `Motivazione` column is the header. Columns (case, accents
//! and trailing `:` ignored):
//!
//! | column | names accepted | meaning |
//! |---|---|---|
//! | code | `Codice`, `Codice indicatore`, `Cod.`, `ID` | the indicator's code as the export's `objective_code` |
//! | objective | `Obiettivo`, `Codice obiettivo`, `Obiettivo operativo` | code or title of the objective |
//! | indicator | `Indicatore` | the indicator's text |
//! | correction | `Rettifica`, `Grado`, `Grado forzato`, `Grado di raggiungimento`, `Punteggio` | a number (`100`, `85,5`, `85,5%`) or `escluso` / `sterilizzato` |
//! | reason | `Motivazione`, `Motivo`, `Giustificazione` | mandatory |
//!
//! A row names its indicator by code, or by objective and indicator (the
//! indicator text narrows a code shared by several indicators). Names are
//! compared case- and accent-insensitively. Every row must match exactly
//! one indicator: a row without a reason, with an unreadable correction,
//! matching no indicator or several is refused with its file and row, and
//! nothing is written (see [`Rettifiche::apply`]).
//!
//! A forced attainment replaces the computed one in the roll-ups and the
//! reports; an excluded indicator leaves the weighted means (its siblings'
//! weights are renormalised, and reported). The computed figure stays in
//! the export's `attainment_pct`, beside `override_pct` and
//! `override_reason`.

use std::collections::HashMap;
use std::path::Path;

use rust_decimal::Decimal;

use crate::layout::headers::fold;
use crate::model::{Anomaly, AnomalyCode, Location, Record, Status};
use crate::read::{self, CellValue, NumFormat};
use crate::score::{status_of, Rules};
use crate::value;

/// What a correction does to its indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Correction {
    /// The attainment is forced to this value (percent points).
    Forced(Decimal),
    /// The indicator is excluded (*sterilizzato*): it leaves the roll-ups.
    Excluded,
}

/// One row of a corrections file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rettifica {
    /// Where the row was read (file, sheet, row).
    pub location: Location,
    /// Indicator code, when given.
    pub code: Option<String>,
    /// Objective code or title, when given.
    pub objective: Option<String>,
    /// Indicator text, when given.
    pub indicator: Option<String>,
    /// The correction.
    pub correction: Correction,
    /// The written reason, verbatim.
    pub reason: String,
}

/// A correction applied to a record: the correction, its reason and the
/// computed figure it replaced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    /// The correction.
    pub correction: Correction,
    /// The written reason.
    pub reason: String,
    /// The computed attainment before the correction.
    pub computed: Option<Decimal>,
    /// The computed status before the correction.
    pub computed_status: Status,
    /// The row of the corrections file.
    pub source: Location,
}

impl Applied {
    /// The export's `override_pct` text: the forced value with 2 decimals,
    /// or `escluso`.
    ///
    /// ```
    /// use cruscotto::rettifiche::{Applied, Correction};
    /// use cruscotto::model::{Location, Status};
    /// let a = Applied { correction: Correction::Excluded, reason: "evento esterno".into(),
    ///     computed: None, computed_status: Status::NonValutabile,
    ///     source: Location::row("r.csv", "r", 2) };
    /// assert_eq!(a.override_text(), "escluso");
    /// ```
    pub fn override_text(&self) -> String {
        match self.correction {
            Correction::Forced(d) => crate::export::attainment_text(d),
            Correction::Excluded => "escluso".to_string(),
        }
    }
}

/// Errors of a corrections file: each names the file and the row.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RettificheError {
    /// The file could not be read.
    #[error("{0}")]
    Read(String),
    /// No header row with a `Motivazione` column and a correction column.
    #[error("file delle rettifiche {path}: manca la riga d'intestazione con le colonne Rettifica (o Grado) e Motivazione")]
    NoHeader {
        /// Path.
        path: String,
    },
    /// A row is not acceptable.
    #[error("file delle rettifiche {path}, riga {row}: {reason}")]
    Row {
        /// Path.
        path: String,
        /// 1-based row as the spreadsheet shows it.
        row: u32,
        /// Italian reason.
        reason: String,
    },
}

/// The rows of a corrections file, checked (every row has a reason and a
/// readable correction) but not yet matched to a plan.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rettifiche {
    /// The rows, in file order.
    pub rows: Vec<Rettifica>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Code,
    Objective,
    Indicator,
    Correction,
    Reason,
}

fn column(text: &str) -> Option<Col> {
    let f = fold(text);
    Some(match f.as_str() {
        "codice" | "codice indicatore" | "cod" | "cod. indicatore" | "id" | "id indicatore" => {
            Col::Code
        }
        "obiettivo" | "codice obiettivo" | "obiettivo operativo" | "cod. obiettivo" => {
            Col::Objective
        }
        "indicatore" | "descrizione indicatore" => Col::Indicator,
        "rettifica"
        | "grado"
        | "grado forzato"
        | "grado di raggiungimento"
        | "punteggio"
        | "grado rettificato"
        | "valore rettificato"
        | "esito" => Col::Correction,
        "motivazione" | "motivo" | "giustificazione" | "motivazione della rettifica" => Col::Reason,
        _ => return None,
    })
}

fn cell_text(cell: &read::Cell) -> String {
    value::cell_display(cell).trim().to_string()
}

/// Reads a correction cell: a number (percent-formatted cells as shown), or
/// `escluso` / `esclusione` / `sterilizzato`.
fn correction_of(cell: &read::Cell) -> Result<Correction, String> {
    let text = cell_text(cell);
    match &cell.value {
        CellValue::Number(d) => {
            let v = if cell.format == NumFormat::Percent {
                *d * Decimal::from(100)
            } else {
                *d
            };
            return Ok(Correction::Forced(v));
        }
        CellValue::Empty => return Err("manca la rettifica (un grado o «escluso»)".into()),
        _ => {}
    }
    let f = fold(&text);
    if matches!(
        f.as_str(),
        "escluso" | "esclusa" | "esclusione" | "sterilizzato" | "sterilizzata" | "sterilizzazione"
    ) {
        return Ok(Correction::Excluded);
    }
    let parsed = if text.contains('%') {
        value::parse_percent(&text)
    } else {
        value::parse_number(&text)
    };
    parsed
        .map(Correction::Forced)
        .map_err(|e| format!("rettifica «{text}» non compresa ({e}): scrivere un grado come 85 o 85,5, oppure «escluso»"))
}

impl Rettifiche {
    /// Reads and checks a corrections file.
    ///
    /// Refused (with file and row): no header, a row without reason, a
    /// correction that is neither a number nor `escluso`, a negative grade,
    /// a row naming no indicator.
    pub fn load(path: &Path) -> Result<Rettifiche, RettificheError> {
        let wb = read::open(path).map_err(|e| RettificheError::Read(e.to_string()))?;
        let shown = path.display().to_string();
        let mut out = Rettifiche::default();
        let mut header_found = false;
        for sheet in &wb.sheets {
            let mut cols: Option<Vec<(usize, Col)>> = None;
            for (i, row) in sheet.rows.iter().enumerate() {
                let row_no = sheet.row_offset + i as u32 + 1;
                let Some(cols) = &cols else {
                    let found: Vec<(usize, Col)> = row
                        .iter()
                        .enumerate()
                        .filter_map(|(c, cell)| column(&cell_text(cell)).map(|k| (c, k)))
                        .collect();
                    let has = |k| found.iter().any(|(_, x)| *x == k);
                    if has(Col::Reason) && has(Col::Correction) {
                        cols = Some(found);
                        header_found = true;
                    }
                    continue;
                };
                let get = |k: Col| {
                    cols.iter()
                        .find(|(_, x)| *x == k)
                        .and_then(|(c, _)| row.get(*c))
                        .map(cell_text)
                        .filter(|t| !t.is_empty())
                };
                if row.iter().all(|c| cell_text(c).is_empty()) {
                    continue;
                }
                let err = |reason: String| RettificheError::Row {
                    path: shown.clone(),
                    row: row_no,
                    reason,
                };
                // A code typed as a number (`1.1`) keeps its canonical form.
                let get_code = |k: Col| {
                    cols.iter()
                        .find(|(_, x)| *x == k)
                        .and_then(|(c, _)| row.get(*c))
                        .map(value::code_display)
                        .filter(|t| !t.is_empty())
                };
                let (code, objective, indicator) = (
                    get_code(Col::Code),
                    get_code(Col::Objective),
                    get(Col::Indicator),
                );
                if code.is_none() && indicator.is_none() {
                    return Err(err(
                        "la riga non indica l'indicatore: serve il Codice, oppure Obiettivo e Indicatore"
                            .into(),
                    ));
                }
                let Some(reason) = get(Col::Reason) else {
                    return Err(err(
                        "manca la motivazione: ogni rettifica deve essere motivata".into(),
                    ));
                };
                let cell = cols
                    .iter()
                    .find(|(_, x)| *x == Col::Correction)
                    .and_then(|(c, _)| row.get(*c))
                    .cloned()
                    .unwrap_or_default();
                let correction = correction_of(&cell).map_err(&err)?;
                if let Correction::Forced(d) = correction {
                    if d.is_sign_negative() {
                        return Err(err(format!(
                            "grado forzato negativo ({}): non ammesso",
                            value::format_it(d)
                        )));
                    }
                }
                out.rows.push(Rettifica {
                    location: Location::row(shown.as_str(), sheet.name.as_str(), row_no),
                    code,
                    objective,
                    indicator,
                    correction,
                    reason,
                });
            }
        }
        if !header_found {
            return Err(RettificheError::NoHeader { path: shown });
        }
        Ok(out)
    }

    /// Matches every row to exactly one record and applies it: the score
    /// is replaced (forced) or emptied (excluded), the trace says why, and
    /// the record gets an anomaly of code `rettifica` and its
    /// [`Record::correction`]. Run after scoring and before the roll-ups.
    ///
    /// All rows are checked before any is applied: on error nothing changes
    /// and every refused row is returned.
    ///
    /// ```
    /// use cruscotto::model::*;
    /// use cruscotto::rettifiche::{Correction, Rettifica, Rettifiche};
    /// use cruscotto::score::{score_all, Rules};
    /// let t = Target::new(Op::Ge, TargetValue::Number(10.into()));
    /// let mut r = Record::new(Location::row("p.csv", "p", 2), "Eventi", t);
    /// r.objective_code = Some("A.1".into());
    /// r.actual = Some(ActualValue::Number(5.into()));
    /// let mut v = vec![r];
    /// let rules = Rules::default();
    /// score_all(&mut v, &rules);
    /// let ret = Rettifiche { rows: vec![Rettifica {
    ///     location: Location::row("r.csv", "r", 2), code: Some("a.1".into()),
    ///     objective: None, indicator: None,
    ///     correction: Correction::Forced(90.into()), reason: "sisma".into() }] };
    /// ret.apply(&mut v, &rules).unwrap();
    /// assert_eq!(v[0].score.as_ref().unwrap().attainment, Some(90.into()));
    /// assert_eq!(v[0].correction.as_ref().unwrap().computed, Some(50.into()));
    /// ```
    pub fn apply(&self, records: &mut [Record], rules: &Rules) -> Result<(), Vec<RettificheError>> {
        let index = Index::new(records);
        let mut errors = Vec::new();
        let mut matched: Vec<(usize, &Rettifica)> = Vec::with_capacity(self.rows.len());
        let mut taken: HashMap<usize, u32> = HashMap::new();
        for r in &self.rows {
            let err = |reason: String| RettificheError::Row {
                path: r.location.file.to_string(),
                row: r.location.row,
                reason,
            };
            if let Correction::Forced(d) = r.correction {
                if d > rules.punteggio.massimo {
                    errors.push(err(format!(
                        "grado forzato {} oltre il massimo delle regole ({}, [punteggio] massimo): non ammesso",
                        value::format_it(d),
                        value::format_it(rules.punteggio.massimo)
                    )));
                    continue;
                }
            }
            match index.find(records, r) {
                Ok(i) => {
                    if let Some(prev) = taken.insert(i, r.location.row) {
                        errors.push(err(format!(
                            "l'indicatore «{}» è già rettificato alla riga {prev}",
                            records[i].indicator.trim()
                        )));
                    } else {
                        matched.push((i, r));
                    }
                }
                Err(reason) => errors.push(err(reason)),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        for (i, r) in matched {
            apply_one(&mut records[i], r, rules);
        }
        Ok(())
    }
}

/// Indexes of the records by folded code, objective and indicator.
struct Index {
    by_code: HashMap<String, Vec<usize>>,
    by_objective: HashMap<String, Vec<usize>>,
    by_indicator: HashMap<String, Vec<usize>>,
}

impl Index {
    fn new(records: &[Record]) -> Index {
        let mut ix = Index {
            by_code: HashMap::new(),
            by_objective: HashMap::new(),
            by_indicator: HashMap::new(),
        };
        for (i, r) in records.iter().enumerate() {
            if let Some(c) = r.objective_code.as_deref() {
                ix.by_code.entry(fold(c)).or_default().push(i);
            }
            for o in [r.objective_code.as_deref(), r.objective.as_deref()]
                .into_iter()
                .flatten()
            {
                let v = ix.by_objective.entry(fold(o)).or_default();
                if v.last() != Some(&i) {
                    v.push(i);
                }
            }
            ix.by_indicator
                .entry(fold(&r.indicator))
                .or_default()
                .push(i);
        }
        ix
    }

    fn find(&self, records: &[Record], r: &Rettifica) -> Result<usize, String> {
        let none: &[usize] = &[];
        let mut cands: Vec<usize> = match (&r.code, &r.objective, &r.indicator) {
            (Some(c), _, _) => self.by_code.get(&fold(c)).map_or(none, |v| v).to_vec(),
            (None, Some(o), _) => self.by_objective.get(&fold(o)).map_or(none, |v| v).to_vec(),
            (None, None, Some(ind)) => self
                .by_indicator
                .get(&fold(ind))
                .map_or(none, |v| v)
                .to_vec(),
            (None, None, None) => Vec::new(),
        };
        if r.code.is_some() {
            if let Some(o) = &r.objective {
                let o = fold(o);
                cands.retain(|&i| {
                    let rec = &records[i];
                    [rec.objective_code.as_deref(), rec.objective.as_deref()]
                        .into_iter()
                        .flatten()
                        .any(|x| fold(x) == o)
                });
            }
        }
        if let Some(ind) = &r.indicator {
            let ind = fold(ind);
            cands.retain(|&i| fold(&records[i].indicator) == ind);
        }
        let what = [
            r.code.as_deref().map(|c| format!("codice «{c}»")),
            r.objective.as_deref().map(|o| format!("obiettivo «{o}»")),
            r.indicator.as_deref().map(|i| format!("indicatore «{i}»")),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ");
        match cands.as_slice() {
            [i] => Ok(*i),
            [] => Err(format!("nessun indicatore del piano corrisponde a {what}")),
            many => Err(format!(
                "{what} corrisponde a {} indicatori (righe {}): aggiungere l'indicatore o l'obiettivo",
                many.len(),
                many.iter()
                    .take(5)
                    .map(|&i| format!(
                        "{} {}",
                        records[i].location.sheet, records[i].location.row
                    ))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        }
    }
}

fn apply_one(rec: &mut Record, r: &Rettifica, rules: &Rules) {
    let it = value::format_it;
    let Some(score) = rec.score.as_mut() else {
        return;
    };
    let computed = score.attainment;
    let computed_status = score.status;
    let was = match computed {
        Some(a) => format!("grado calcolato {}", it(a)),
        None => format!("calcolato: {}", score.formula),
    };
    let source = format!("{}, riga {}", short_name(&r.location.file), r.location.row);
    let (message, line) = match r.correction {
        Correction::Forced(d) => {
            let d = d.round_dp(rules.punteggio.decimali);
            score.attainment = Some(d);
            score.status = status_of(Some(d), rules);
            score.formula = format!("rettifica: grado forzato a {}", it(d));
            (
                format!(
                    "grado forzato a {} ({was}; {source}): {}",
                    it(d),
                    r.reason
                ),
                format!(
                    "Rettifica ({source}): grado forzato a {} al posto del {was} → {}; motivazione: {}",
                    it(d),
                    score.status,
                    r.reason
                ),
            )
        }
        Correction::Excluded => {
            score.attainment = None;
            score.status = Status::NonValutabile;
            score.formula = "escluso per rettifica (sterilizzato)".to_string();
            (
                format!(
                    "escluso dai totali, pesi degli altri riproporzionati ({was}; {source}): {}",
                    r.reason
                ),
                format!(
                    "Rettifica ({source}): indicatore escluso dai totali, i pesi degli altri sono riproporzionati ({was}); motivazione: {}",
                    r.reason
                ),
            )
        }
    };
    score.trace.push(line);
    let raw = match r.correction {
        Correction::Forced(d) => it(d),
        Correction::Excluded => "escluso".to_string(),
    };
    rec.anomalies.push(Anomaly::new(
        AnomalyCode::Rettifica,
        rec.location.clone(),
        raw,
        message,
    ));
    rec.correction = Some(Box::new(Applied {
        correction: r.correction,
        reason: r.reason.clone(),
        computed,
        computed_status,
        source: r.location.clone(),
    }));
}

/// The file name without its folders, as messages show it.
fn short_name(path: &str) -> &str {
    Path::new(path)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ActualValue, Op, Target, TargetValue};
    use crate::score::score_all;

    fn rec(code: &str, ind: &str, target: i64, actual: i64) -> Record {
        let t = Target {
            op: Op::Ge,
            value: TargetValue::Number(target.into()),
            year: None,
            base_year: None,
        };
        let mut r = Record::new(Location::row("p.csv", "p", 2), ind, t);
        r.objective_code = Some(code.into());
        r.actual = Some(ActualValue::Number(actual.into()));
        r
    }

    fn row(code: Option<&str>, ind: Option<&str>, c: Correction) -> Rettifica {
        Rettifica {
            location: Location::row("r.csv", "r", 3),
            code: code.map(Into::into),
            objective: None,
            indicator: ind.map(Into::into),
            correction: c,
            reason: "motivo".into(),
        }
    }

    #[test]
    fn code_shared_by_two_indicators_needs_the_indicator() {
        let rules = Rules::default();
        let mut v = vec![rec("A.1", "Eventi", 10, 5), rec("A.1", "Visite", 10, 8)];
        score_all(&mut v, &rules);
        let ret = Rettifiche {
            rows: vec![row(Some("A.1"), None, Correction::Excluded)],
        };
        let e = ret.apply(&mut v, &rules).unwrap_err();
        assert!(
            e[0].to_string().contains("corrisponde a 2 indicatori"),
            "{}",
            e[0]
        );
        assert!(v[0].correction.is_none());
        let ret = Rettifiche {
            rows: vec![row(Some("A.1"), Some("VISITE"), Correction::Excluded)],
        };
        ret.apply(&mut v, &rules).unwrap();
        assert_eq!(v[1].score.as_ref().unwrap().attainment, None);
        assert_eq!(v[1].correction.as_ref().unwrap().computed, Some(80.into()));
        assert_eq!(v[1].anomalies.last().unwrap().code, AnomalyCode::Rettifica);
    }

    #[test]
    fn unmatched_and_duplicate_rows_are_refused() {
        let rules = Rules::default();
        let mut v = vec![rec("A.1", "Eventi", 10, 5)];
        score_all(&mut v, &rules);
        let ret = Rettifiche {
            rows: vec![
                row(Some("B.9"), None, Correction::Excluded),
                row(Some("A.1"), None, Correction::Forced(70.into())),
                row(None, Some("eventi"), Correction::Excluded),
            ],
        };
        let e = ret.apply(&mut v, &rules).unwrap_err();
        assert_eq!(e.len(), 2);
        assert!(e[0]
            .to_string()
            .contains("nessun indicatore del piano corrisponde a codice «B.9»"));
        assert!(e[1].to_string().contains("già rettificato alla riga 3"));
        assert!(v[0].correction.is_none(), "nothing applied on error");
    }

    #[test]
    fn corrections_read_numbers_percent_cells_and_words() {
        let n = |v: CellValue, format| read::Cell { value: v, format };
        assert_eq!(
            correction_of(&n(CellValue::Text("85,5".into()), NumFormat::General)),
            Ok(Correction::Forced(Decimal::new(855, 1)))
        );
        assert_eq!(
            correction_of(&n(
                CellValue::Number(Decimal::new(9, 1)),
                NumFormat::Percent
            )),
            Ok(Correction::Forced(Decimal::new(900, 1)))
        );
        assert_eq!(
            correction_of(&n(
                CellValue::Text("Sterilizzato".into()),
                NumFormat::General
            )),
            Ok(Correction::Excluded)
        );
        assert!(correction_of(&n(CellValue::Text("quasi".into()), NumFormat::General)).is_err());
        assert!(correction_of(&n(CellValue::Empty, NumFormat::General)).is_err());
    }
}
