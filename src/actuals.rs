//! Actual values (consuntivi) kept in separate files, joined to the plan.
//!
//! An actuals file is any table the reader and the layout understand with an
//! indicator column and a `Consuntivo` (or `Valore raggiunto`, `Risultato`…)
//! column; a code column and objective context help the join. Rows are
//! matched to the plan's indicators by code, else by objective + indicator
//! name, else by indicator name alone when it is unique on both sides (names
//! compared case- and accent-insensitively). The year of the actual column
//! decides its use: the report year (or no year) gives the actual, the year
//! before gives the previous-year value needed by `≥ anno x-1` and growth
//! targets. Unmatched rows on either side are reported.

use std::collections::HashMap;
use std::path::Path;

use crate::layout::{self, headers::fold, RawCell, RawRow};
use crate::model::{Anomaly, AnomalyCode, Location};
use crate::read::{self, ReadError};

/// One actual value read from a separate file.
#[derive(Debug, Clone, PartialEq)]
pub struct ActualRow {
    /// Where it was read.
    pub location: Location,
    /// Indicator code, when the file has a code column.
    pub code: Option<String>,
    /// Objective code or title from the file's context.
    pub objective: Option<String>,
    /// Indicator text.
    pub indicator: String,
    /// Year of the actual column (`Consuntivo 2021` → 2021).
    pub year: Option<i32>,
    /// The value cell.
    pub cell: RawCell,
    /// Reason for a deviation written beside the actual (`Note`,
    /// `Motivazione dello scostamento`).
    pub note: Option<String>,
    /// Thresholds and bands written beside the actual.
    pub scale: layout::ScaleCells,
    /// Used by some plan row.
    pub matched: bool,
}

/// Reads every actual of an actuals file.
pub fn load(path: &Path, lopts: &layout::Options) -> Result<Vec<ActualRow>, ReadError> {
    let wb = read::open(path)?;
    let file = path.display().to_string();
    let mut out = Vec::new();
    for sheet in &wb.sheets {
        for raw in layout::detect_sheet(&file, sheet, lopts).rows {
            if let Some((year, cell)) = raw.actual {
                out.push(ActualRow {
                    location: raw.location,
                    code: raw.code,
                    objective: raw
                        .context
                        .objective_code
                        .as_deref()
                        .or(raw.context.objective.as_deref())
                        .map(str::to_string),
                    indicator: raw.indicator,
                    year,
                    cell,
                    note: raw.note.filter(|n| !n.trim().is_empty()),
                    scale: raw.scale.map(|s| *s).unwrap_or_default(),
                    matched: false,
                });
            }
        }
    }
    Ok(out)
}

/// The actuals of several files, indexed for the join.
#[derive(Debug, Default)]
pub struct Joiner {
    rows: Vec<ActualRow>,
    by_code: HashMap<String, Vec<usize>>,
    by_objective: HashMap<String, Vec<usize>>,
    by_name: HashMap<String, Vec<usize>>,
}

fn objective_key(objective: Option<&str>, indicator: &str) -> Option<String> {
    objective.map(|o| format!("{}|{}", fold(o), fold(indicator)))
}

/// What the join found for one plan row.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Found {
    /// The actual of the report year.
    pub actual: Option<(Option<i32>, RawCell)>,
    /// The value of the year before.
    pub previous: Option<(i32, RawCell)>,
    /// The reason for a deviation written beside the actual.
    pub note: Option<String>,
    /// Thresholds and bands written beside the actual.
    pub scale: layout::ScaleCells,
}

impl Joiner {
    /// Indexes the rows of the actuals files.
    pub fn new(rows: Vec<ActualRow>) -> Joiner {
        let mut j = Joiner::default();
        for (i, r) in rows.iter().enumerate() {
            if let Some(c) = &r.code {
                j.by_code.entry(fold(c)).or_default().push(i);
            }
            if let Some(k) = objective_key(r.objective.as_deref(), &r.indicator) {
                j.by_objective.entry(k).or_default().push(i);
            }
            j.by_name.entry(fold(&r.indicator)).or_default().push(i);
        }
        j.rows = rows;
        j
    }

    /// Whether there is nothing to join.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The candidates for a plan row, by the first key that finds any.
    ///
    /// A code shared by several indicators of the plan (an objective's code
    /// on every indicator row) identifies no single indicator: the actuals
    /// with that code are narrowed to the row's indicator name, and when none
    /// has it the objective and name keys are tried.
    fn candidates(&self, raw: &RawRow, plan_names: &HashMap<String, usize>) -> Vec<usize> {
        if let Some(c) = raw.code.as_ref() {
            let key = fold(c);
            if let Some(v) = self.by_code.get(&key) {
                let name = fold(&raw.indicator);
                let same: Vec<usize> = v
                    .iter()
                    .copied()
                    .filter(|&i| fold(&self.rows[i].indicator) == name)
                    .collect();
                if !same.is_empty() {
                    return same;
                }
                if plan_names.get(&code_key(&key)).copied().unwrap_or(0) <= 1 {
                    return v.clone();
                }
            }
        }
        let objective = raw
            .context
            .objective_code
            .as_deref()
            .or(raw.context.objective.as_deref());
        if let Some(v) =
            objective_key(objective, &raw.indicator).and_then(|k| self.by_objective.get(&k))
        {
            return v.clone();
        }
        let name = fold(&raw.indicator);
        match self.by_name.get(&name) {
            Some(v) if plan_names.get(&name) == Some(&1) => v.clone(),
            _ => Vec::new(),
        }
    }

    /// Finds the actual (and previous-year value) of a plan row whose report year is `year`.
    pub fn find(
        &mut self,
        raw: &RawRow,
        year: Option<i32>,
        plan_names: &HashMap<String, usize>,
    ) -> Found {
        let mut found = Found::default();
        let cands: Vec<usize> = self.candidates(raw, plan_names);
        for i in cands {
            let r = &mut self.rows[i];
            match (r.year, year) {
                (Some(ry), Some(y)) if ry == y - 1 => {
                    if found.previous.is_none() {
                        found.previous = Some((ry, r.cell.clone()));
                        r.matched = true;
                    }
                }
                (Some(ry), Some(y)) if ry != y => {}
                _ => {
                    if found.actual.is_none() {
                        found.actual = Some((r.year, r.cell.clone()));
                        found.note = r.note.clone();
                        found.scale = r.scale.clone();
                        r.matched = true;
                    }
                }
            }
        }
        found
    }

    /// One anomaly per actual that matched no indicator of the plan.
    pub fn unmatched(&self) -> Vec<Anomaly> {
        self.rows
            .iter()
            .filter(|r| !r.matched)
            .map(|r| {
                Anomaly::new(
                    AnomalyCode::ConsuntivoNonAbbinato,
                    r.location.clone(),
                    r.indicator.clone(),
                    "consuntivo senza indicatore corrispondente nel piano (né per codice, né per obiettivo e nome)",
                )
            })
            .collect()
    }
}

/// The key under which [`name_counts`] counts a folded code (never a
/// folded indicator name, which cannot start with a control character).
fn code_key(folded_code: &str) -> String {
    format!("\u{1}{folded_code}")
}

/// Counts plan indicator names and codes (folded), to know which are unique.
pub fn name_counts<'a>(rows: impl IntoIterator<Item = &'a RawRow>) -> HashMap<String, usize> {
    let mut m = HashMap::new();
    for r in rows {
        *m.entry(fold(&r.indicator)).or_default() += 1;
        if let Some(c) = &r.code {
            *m.entry(code_key(&fold(c))).or_default() += 1;
        }
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::{Cell, CellValue};

    fn raw(indicator: &str, code: Option<&str>, objective: Option<&str>) -> RawRow {
        let mut r = RawRow {
            location: Location::row("piano.xlsx", "S", 2),
            context: Default::default(),
            programme: None,
            indicator: indicator.into(),
            code: code.map(Into::into),
            unit: None,
            tipologia: None,
            formula: None,
            note: None,
            scale: Default::default(),
            weight: None,
            baseline: None,
            targets: vec![],
            actual: None,
            has_actual_column: false,
            actual_year: None,
            actual_date: None,
            shifted: false,
            anomalies: vec![],
        };
        std::sync::Arc::make_mut(&mut r.context).objective = objective.map(Into::into);
        r
    }

    fn actual(indicator: &str, code: Option<&str>, year: Option<i32>, v: &str) -> ActualRow {
        ActualRow {
            location: Location::row("consuntivi.csv", "c", 3),
            code: code.map(Into::into),
            objective: Some("Obiettivo A".into()),
            indicator: indicator.into(),
            year,
            cell: RawCell {
                cell: Cell {
                    value: CellValue::Text(v.into()),
                    ..Cell::default()
                },
                col: 2,
                text: v.into(),
            },
            note: None,
            scale: Default::default(),
            matched: false,
        }
    }

    #[test]
    fn joins_by_code_then_objective_then_unique_name() {
        let mut j = Joiner::new(vec![
            actual("Pratiche evase", Some("IND1"), Some(2022), "96%"),
            actual("Tempo Medio", None, Some(2022), "3"),
            actual("Eventi", None, Some(2021), "7"),
            actual("Eventi", None, Some(2022), "9"),
            actual("Orfano", None, None, "1"),
        ]);
        let plan = [
            raw("pratiche evase (PIRA)", Some("ind1"), None),
            raw("Tempo medio", None, Some("obiettivo a")),
            raw("Eventi", None, None),
        ];
        let names = name_counts(plan.iter());
        let f = j.find(&plan[0], Some(2022), &names);
        assert_eq!(f.actual.unwrap().1.text, "96%");
        let f = j.find(&plan[1], Some(2022), &names);
        assert_eq!(f.actual.unwrap().1.text, "3");
        let f = j.find(&plan[2], Some(2022), &names);
        assert_eq!(f.actual.unwrap().1.text, "9");
        assert_eq!(f.previous.unwrap().0, 2021);
        let un = j.unmatched();
        assert_eq!(un.len(), 1);
        assert_eq!(un[0].raw, "Orfano");
        assert_eq!(un[0].code, AnomalyCode::ConsuntivoNonAbbinato);
    }

    #[test]
    fn ambiguous_names_do_not_join() {
        let mut j = Joiner::new(vec![actual("Grado di utilizzo", None, None, "80%")]);
        let plan = [
            raw("Grado di utilizzo", None, Some("X")),
            raw("Grado di utilizzo", None, Some("Y")),
        ];
        let names = name_counts(plan.iter());
        assert!(j.find(&plan[0], Some(2025), &names).actual.is_none());
        assert_eq!(j.unmatched().len(), 1);
    }
}
