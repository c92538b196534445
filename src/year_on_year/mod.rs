//! Year on year (`--precedente FILE`): this year's attainment beside last
//! year's, per indicator, objective, area and dirigente.
//!
//! Last year is read by [`load`]: either the normalised table that
//! `cruscotto convert --format csv` (or `csv-excel`) wrote last year, or last
//! year's plan itself, read through the ordinary pipeline. Its roll-ups are
//! recomputed with this year's rules.
//!
//! **Matching indicators** ([`compare`]): texts are compared normalised
//! (case, accents, runs of spaces and apostrophe styles ignored, see
//! [`normalise_text`]).
//!
//! 1. Same objective code and same indicator text: matched *by code*.
//! 2. Otherwise (code changed or missing): same indicator text under the same
//!    owner — a dirigente or an area in common, or both transversal, or both
//!    without owner: matched *by text*.
//! 3. Several candidates at either step, or one of last year's indicators
//!    claimed by several of this year's: **ambiguous**, never guessed — not
//!    compared, listed and reported (`confronto-ambiguo`).
//! 4. No candidate: a **new** indicator. Last year's indicators matched by
//!    none (and candidate of no ambiguous match) are **dropped**.
//!
//! Groups (objectives, areas, dirigenti, the body) are matched by their
//! roll-up key (area and objective code; the dirigente's or area's name),
//! normalised the same way.

mod load;

use std::collections::{HashMap, HashSet};

use rust_decimal::Decimal;

pub use load::{load, PreviousError};

use crate::layout::headers::fold;
use crate::model::{
    Anomaly, AnomalyCode, GroupScore, Location, PriorMatch, PriorYear, Record, Summary,
};

/// Last year's plan, read and rolled up.
#[derive(Debug, Clone)]
pub struct Previous {
    /// The file it was read from, as given.
    pub source: String,
    /// Its year (the most frequent target year of its indicators), when known.
    pub year: Option<i32>,
    /// Its indicators, with last year's attainment.
    pub records: Vec<Record>,
    /// Its roll-ups.
    pub summary: Summary,
}

/// One of last year's indicators that no indicator of this year matches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dropped {
    /// Last year's row.
    pub location: Location,
    /// Objective code, when any.
    pub objective_code: Option<String>,
    /// Indicator text.
    pub indicator: String,
    /// Dirigenti joined with `; `.
    pub dirigente: String,
    /// Areas joined with `; `.
    pub area: String,
    /// Last year's attainment.
    pub attainment: Option<Decimal>,
}

/// What the comparison found, beyond what is stored in the records and groups.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Changes {
    /// Where last year was read.
    pub source: String,
    /// Last year's year, when known.
    pub prior_year: Option<i32>,
    /// This year's indicators matched (by code or by text).
    pub matched: usize,
    /// Indices (into this year's records) of the new indicators.
    pub new: Vec<usize>,
    /// Last year's indicators dropped.
    pub dropped: Vec<Dropped>,
    /// Indices of this year's indicators with an ambiguous match, with the
    /// rows of last year's candidates.
    pub ambiguous: Vec<(usize, Vec<Location>)>,
}

/// This year's attainment minus last year's, when both exist.
///
/// ```
/// use rust_decimal::Decimal;
/// use cruscotto::year_on_year::change;
/// assert_eq!(change(Some(Decimal::new(925, 1)), Some(Decimal::from(80))), Some(Decimal::new(125, 1)));
/// assert_eq!(change(None, Some(Decimal::from(80))), None);
/// ```
pub fn change(current: Option<Decimal>, prior: Option<Decimal>) -> Option<Decimal> {
    Some(current? - prior?)
}

/// The change as a report shows it: `▲ +12,5`, `▼ -3,75`, `= 0`.
///
/// ```
/// use rust_decimal::Decimal;
/// use cruscotto::year_on_year::change_text;
/// assert_eq!(change_text(Decimal::new(1250, 2)), "▲ +12,5");
/// assert_eq!(change_text(Decimal::new(-375, 2)), "▼ -3,75");
/// assert_eq!(change_text(Decimal::ZERO), "= 0");
/// ```
pub fn change_text(d: Decimal) -> String {
    let n = crate::value::format_it(d.round_dp(2).normalize());
    if d.is_zero() {
        "= 0".to_string()
    } else if d.is_sign_positive() {
        format!("▲ +{n}")
    } else {
        format!("▼ {n}")
    }
}

/// An indicator or code as compared across years: lower case, accents
/// folded, runs of spaces as one, typographic apostrophes as `'`.
///
/// ```
/// use cruscotto::year_on_year::normalise_text;
/// assert_eq!(normalise_text("  Attività   di SPORTELLO "), normalise_text("attivita di sportello"));
/// assert_eq!(normalise_text("Dell’Ente"), normalise_text("dell'ente"));
/// ```
pub fn normalise_text(s: &str) -> String {
    fold(&s.replace(['’', '‘', '`', '´'], "'"))
}

fn owners(r: &Record) -> (HashSet<String>, HashSet<String>) {
    (
        r.dirigenti.iter().map(|d| fold(d)).collect(),
        r.areas.iter().map(|a| fold(a)).collect(),
    )
}

/// Same owner: a dirigente or an area in common, both transversal, or both
/// without any owner.
fn same_owner(a: &Record, b: &Record) -> bool {
    if a.transversal && b.transversal {
        return true;
    }
    if a.unassigned() && b.unassigned() {
        return true;
    }
    let (da, aa) = owners(a);
    let (db, ab) = owners(b);
    !da.is_disjoint(&db) || !aa.is_disjoint(&ab)
}

fn code_key(r: &Record) -> Option<(String, String)> {
    let code = r
        .objective_code
        .as_deref()
        .map(normalise_text)
        .filter(|c| !c.is_empty())?;
    Some((code, normalise_text(&r.indicator)))
}

/// Compares this year's `records` and `summary` with last year's: sets each
/// record's [`Record::prior_year`] and each group's
/// [`GroupScore::prior_attainment`]; returns the new, dropped and ambiguous
/// indicators and one `confronto-ambiguo` anomaly per ambiguous match (also
/// added to the record).
pub fn compare(
    records: &mut [Record],
    summary: &mut Summary,
    prev: &Previous,
) -> (Changes, Vec<Anomaly>) {
    let mut by_code: HashMap<(String, String), Vec<usize>> = HashMap::new();
    let mut by_text: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, p) in prev.records.iter().enumerate() {
        if let Some(k) = code_key(p) {
            by_code.entry(k).or_default().push(i);
        }
        by_text
            .entry(normalise_text(&p.indicator))
            .or_default()
            .push(i);
    }
    // First pass: candidates of each record of this year.
    let found: Vec<(PriorMatch, Vec<usize>)> = records
        .iter()
        .map(|r| {
            if let Some(c) = code_key(r).and_then(|k| by_code.get(&k)) {
                let m = if c.len() == 1 {
                    PriorMatch::Code
                } else {
                    PriorMatch::Ambiguous
                };
                return (m, c.clone());
            }
            let cands: Vec<usize> = by_text
                .get(&normalise_text(&r.indicator))
                .map(|v| {
                    v.iter()
                        .copied()
                        .filter(|&i| same_owner(r, &prev.records[i]))
                        .collect()
                })
                .unwrap_or_default();
            match cands.len() {
                0 => (PriorMatch::New, cands),
                1 => (PriorMatch::Text, cands),
                _ => (PriorMatch::Ambiguous, cands),
            }
        })
        .collect();
    // One of last year's indicators claimed by several of this year's: all
    // of those are ambiguous.
    let mut claims: HashMap<usize, usize> = HashMap::new();
    for (m, c) in &found {
        if matches!(m, PriorMatch::Code | PriorMatch::Text) {
            *claims.entry(c[0]).or_default() += 1;
        }
    }
    let mut changes = Changes {
        source: prev.source.clone(),
        prior_year: prev.year,
        ..Changes::default()
    };
    let mut anomalies = Vec::new();
    let mut used: HashSet<usize> = HashSet::new();
    for (i, (r, (mut m, cands))) in records.iter_mut().zip(found).enumerate() {
        if matches!(m, PriorMatch::Code | PriorMatch::Text) && claims[&cands[0]] > 1 {
            m = PriorMatch::Ambiguous;
        }
        used.extend(cands.iter().copied());
        let current = r.score.as_ref().and_then(|s| s.attainment);
        r.prior_year = Some(Box::new(match m {
            PriorMatch::Code | PriorMatch::Text => {
                changes.matched += 1;
                let p = &prev.records[cands[0]];
                let prior = p.score.as_ref().and_then(|s| s.attainment);
                PriorYear {
                    matched_by: m,
                    location: Some(p.location.clone()),
                    attainment: prior,
                    change: change(current, prior),
                }
            }
            PriorMatch::New | PriorMatch::Ambiguous => {
                if m == PriorMatch::New {
                    changes.new.push(i);
                } else {
                    let rows: Vec<Location> = cands
                        .iter()
                        .map(|&c| prev.records[c].location.clone())
                        .collect();
                    let listed: Vec<String> = rows
                        .iter()
                        .map(|l| format!("{} «{}» riga {}", l.file, l.sheet, l.row))
                        .collect();
                    let a = Anomaly::new(
                        AnomalyCode::ConfrontoAmbiguo,
                        r.location.clone(),
                        r.indicator.clone(),
                        format!(
                            "confronto con l'anno precedente ambiguo: {} indicatori corrispondono ({}); non confrontato",
                            rows.len(),
                            listed.join("; ")
                        ),
                    );
                    if !r.anomalies.contains(&a) {
                        r.anomalies.push(a.clone());
                    }
                    anomalies.push(a);
                    changes.ambiguous.push((i, rows));
                }
                PriorYear {
                    matched_by: m,
                    location: None,
                    attainment: None,
                    change: None,
                }
            }
        }));
    }
    changes.dropped = prev
        .records
        .iter()
        .enumerate()
        .filter(|(i, _)| !used.contains(i))
        .map(|(_, p)| Dropped {
            location: p.location.clone(),
            objective_code: p.objective_code.as_deref().map(str::to_string),
            indicator: p.indicator.clone(),
            dirigente: p.dirigente_text(),
            area: p.area_text(),
            attainment: p.score.as_ref().and_then(|s| s.attainment),
        })
        .collect();
    compare_groups(summary, &prev.summary);
    (changes, anomalies)
}

fn compare_groups(summary: &mut Summary, prev: &Summary) {
    let set = |now: &mut [GroupScore], before: &[GroupScore]| {
        let index: HashMap<String, Option<Decimal>> = before
            .iter()
            .map(|g| (normalise_text(&g.key), g.attainment))
            .collect();
        for g in now {
            g.prior_attainment = index.get(&normalise_text(&g.key)).copied().flatten();
        }
    };
    set(&mut summary.objectives, &prev.objectives);
    set(&mut summary.areas, &prev.areas);
    set(&mut summary.dirigenti, &prev.dirigenti);
    summary.body.prior_attainment = prev.body.attainment;
}

/// The most frequent target year of `records` (the earliest on a tie: a
/// table of a three-year plan's targets is of its first year).
///
/// ```
/// use cruscotto::model::*;
/// let mut r = Record::new(Location::row("f", "s", 2), "x", Target::na());
/// r.target_year = Some(2024);
/// assert_eq!(cruscotto::year_on_year::main_year(&[r]), Some(2024));
/// ```
pub fn main_year(records: &[Record]) -> Option<i32> {
    let mut counts: HashMap<i32, usize> = HashMap::new();
    for r in records {
        if let Some(y) = r.target_year {
            *counts.entry(y).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .max_by_key(|&(y, n)| (n, std::cmp::Reverse(y)))
        .map(|(y, _)| y)
}

#[cfg(test)]
mod tests;
