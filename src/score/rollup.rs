//! Roll-ups: objectives from their indicators, areas and dirigenti from their
//! objectives, the body from all objectives.
//!
//! Objective identity (the key): within a *scope* — the area (folded), or
//! `file|sheet` when there is no area, or `trasversale` for transversal
//! objectives — the objective code, else the folded objective title, else
//! the row itself (`file|sheet|riga N`), so rows never merge by accident.
//! The same code in two areas is two objectives (two sheets of two dirigenti
//! often reuse codes); the same code within one area, even across sheets or
//! files, is one objective. Transversal objectives are one objective across
//! areas and count for every dirigente found in the records.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;
use rust_decimal::Decimal;

use crate::model::{
    Anomaly, AnomalyCode, GroupScore, Level, Record, Status, StatusCounts, Summary,
};

use super::attainment::status_of;
use super::rules::Rules;
use super::text::{self, fold, it};

/// Dirigente names that mean "everyone", not a person.
const EVERYONE: [&str; 4] = [
    "tutti",
    "obiettivo trasversale",
    "trasversale",
    "tutti i dirigenti",
];

struct Obj {
    key: String,
    label: String,
    records: Vec<usize>,
    areas: Vec<String>,
    dirigenti: Vec<String>,
    transversal: bool,
    weight: Option<Decimal>,
}

/// One member of a weighted mean.
struct Member {
    label: String,
    attainment: Option<Decimal>,
    weight: Option<Decimal>,
    /// Record index used for the location of anomalies.
    at: usize,
}

fn push_unique(v: &mut Vec<String>, s: &str) {
    if !v.iter().any(|x| x == s) {
        v.push(s.to_string());
    }
}

/// The key grouping records into one objective: scope (area, or file and
/// sheet) and id (code, or folded title, or the row).
fn objective_key(r: &Record) -> String {
    let scope = if r.transversal {
        "trasversale".to_string()
    } else {
        // The first area: an objective whose indicators are shared with
        // another area on some rows stays one objective.
        match r.areas.first().map(|a| fold(a)).filter(|a| !a.is_empty()) {
            Some(a) => a,
            None => format!("{}|{}", r.location.file, r.location.sheet),
        }
    };
    let (code, title) = code_and_title(r);
    let id = match (code, title) {
        (Some(c), _) => c.to_string(),
        (None, Some(t)) => fold(t),
        (None, None) => format!(
            "{}|{}|riga {}",
            r.location.file, r.location.sheet, r.location.row
        ),
    };
    format!("{scope}/{id}")
}

/// The objective's label as shown: `code — title`, or what there is.
fn objective_label(r: &Record) -> String {
    match code_and_title(r) {
        (Some(c), Some(t)) => format!("{c} — {t}"),
        (Some(c), None) => c.to_string(),
        (None, Some(t)) => t.to_string(),
        // An indicator under no objective is its own: named by itself, not
        // by its place in the sheet.
        (None, None) => r.indicator.trim().to_string(),
    }
}

fn code_and_title(r: &Record) -> (Option<&str>, Option<&str>) {
    let code = r
        .objective_code
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty());
    let title = r
        .objective
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty());
    (code, title)
}

/// Weighted mean of members' attainments with the weight policy of the rules.
/// Returns (mean, renormalised, notes) and pushes anomalies when `report`.
fn weighted_mean(
    members: &[Member],
    what: &str,
    group: &str,
    records: &[Record],
    rules: &Rules,
    report: bool,
    anomalies: &mut Vec<Anomaly>,
) -> (Option<Decimal>, bool, Vec<String>) {
    let dp = rules.punteggio.decimali;
    let mut notes = Vec::new();
    let mut renormalised = false;
    let loc = |i: usize| records[i].location.clone();
    let assessable: Vec<&Member> = members.iter().filter(|m| m.attainment.is_some()).collect();
    if assessable.is_empty() {
        notes.push(format!("nessun {} valutabile", singular(what)));
        return (None, false, notes);
    }
    // Indicators excluded by a justified correction are named apart: the
    // office chose to leave them out, the others could not be assessed.
    let corrected = if what == "indicatori" {
        members
            .iter()
            .filter(|m| {
                m.attainment.is_none()
                    && records[m.at]
                        .correction
                        .as_ref()
                        .is_some_and(|c| c.correction == crate::rettifiche::Correction::Excluded)
            })
            .count()
    } else {
        0
    };
    let excluded = members.len() - assessable.len() - corrected;
    if excluded > 0 {
        notes.push(format!(
            "{excluded} {what} non valutabili esclusi dal calcolo"
        ));
    }
    if corrected > 0 {
        renormalised = true;
        notes.push(if corrected == 1 {
            "1 indicatore escluso per rettifica motivata: pesi degli altri riproporzionati"
                .to_string()
        } else {
            format!(
                "{corrected} {what} esclusi per rettifica motivata: pesi degli altri riproporzionati"
            )
        });
    }
    // Negative weights are not weights.
    let weight_of = |m: &Member| m.weight.filter(|w| *w >= Decimal::ZERO);
    for m in members {
        if let Some(w) = m.weight.filter(|w| *w < Decimal::ZERO) {
            if report {
                anomalies.push(Anomaly::new(
                    AnomalyCode::PesoNonLetto,
                    loc(m.at),
                    it(w),
                    format!("peso negativo per «{}»: ignorato", m.label),
                ));
            }
        }
    }
    let declared = members.iter().filter(|m| weight_of(m).is_some()).count();
    let mut use_weights = declared == members.len() && declared > 0;
    if declared > 0 && declared < members.len() {
        renormalised = true;
        notes.push(format!(
            "pesi indicati solo per {declared} {what} su {}: usati pesi uguali",
            members.len()
        ));
        if report {
            for m in members.iter().filter(|m| weight_of(m).is_none()) {
                anomalies.push(Anomaly::new(
                    AnomalyCode::PesoMancante,
                    loc(m.at),
                    m.label.clone(),
                    format!(
                        "«{}» non ha peso mentre altri di «{group}» sì: usati pesi uguali per tutti",
                        m.label
                    ),
                ));
            }
        }
    } else if declared == 0 && members.len() > 1 {
        notes.push("pesi non indicati: media semplice".to_string());
    }
    if use_weights {
        let ws: Vec<Decimal> = members.iter().filter_map(weight_of).collect();
        let sum: Decimal = ws.iter().copied().fold(Decimal::ZERO, |a, b| {
            a.checked_add(b).unwrap_or(Decimal::MAX)
        });
        let tol = rules.pesi.tolleranza_somma;
        let fraction =
            ws.iter().all(|w| *w <= Decimal::ONE) && sum <= Decimal::ONE + tol / Decimal::from(100);
        let (expected, tol) = if fraction {
            (Decimal::ONE, tol / Decimal::from(100))
        } else {
            (Decimal::from(100), tol)
        };
        if sum != expected {
            renormalised = true;
            let over = (sum - expected).abs() > tol;
            notes.push(format!(
                "somma dei pesi {} invece di {}: pesi rinormalizzati",
                it(sum),
                it(expected)
            ));
            if over && report {
                anomalies.push(Anomaly::new(
                    AnomalyCode::SommaPesi,
                    loc(members[0].at),
                    it(sum),
                    format!(
                        "i pesi degli {what} di «{group}» sommano a {} invece di {}: rinormalizzati",
                        it(sum),
                        it(expected)
                    ),
                ));
            }
        }
        let wsum: Decimal = assessable
            .iter()
            .filter_map(|m| weight_of(m))
            .fold(Decimal::ZERO, |a, b| {
                a.checked_add(b).unwrap_or(Decimal::MAX)
            });
        if wsum.is_zero() {
            notes.push(format!(
                "gli {what} valutabili hanno peso 0: usata la media semplice"
            ));
            use_weights = false;
        }
    }
    let mean = if use_weights {
        let mut num = Some(Decimal::ZERO);
        let mut den = Some(Decimal::ZERO);
        for m in &assessable {
            let (Some(w), Some(a)) = (weight_of(m), m.attainment) else {
                continue;
            };
            num = num.and_then(|n| w.checked_mul(a).and_then(|p| n.checked_add(p)));
            den = den.and_then(|d| d.checked_add(w));
        }
        match (num, den) {
            (Some(n), Some(d)) if !d.is_zero() => n.checked_div(d),
            _ => None,
        }
    } else {
        None
    };
    let mean = match mean {
        Some(m) => m,
        None => {
            if use_weights {
                notes.push("pesi fuori scala: usata la media semplice".to_string());
            }
            let n = Decimal::from(assessable.len());
            let s = assessable
                .iter()
                .filter_map(|m| m.attainment)
                .fold(Decimal::ZERO, |a, b| a + b);
            s / n
        }
    };
    (Some(text::round(mean, dp)), renormalised, notes)
}

/// Everything a group is made of.
struct Parts {
    level: Level,
    key: String,
    label: String,
    members: Vec<Member>,
    member_status: Vec<Status>,
    records: Vec<usize>,
    member_keys: Vec<String>,
}

/// `indicatori` → `indicatore`, `obiettivi` → `obiettivo`.
fn singular(what: &str) -> &'static str {
    if what == "indicatori" {
        "indicatore"
    } else {
        "obiettivo"
    }
}

fn group(
    p: Parts,
    (records, rules, report, anomalies): (&[Record], &Rules, bool, &mut Vec<Anomaly>),
) -> GroupScore {
    let what = if p.level == Level::Obiettivo {
        "indicatori"
    } else {
        "obiettivi"
    };
    let (attainment, renormalised, notes) = weighted_mean(
        &p.members, what, &p.label, records, rules, report, anomalies,
    );
    let mut counts = StatusCounts::default();
    for s in p.member_status {
        counts.add(s);
    }
    let mut recs = p.records;
    recs.sort_unstable();
    recs.dedup();
    GroupScore {
        level: p.level,
        key: p.key,
        label: p.label,
        attainment,
        status: status_of(attainment, rules),
        counts,
        records: recs,
        members: p.member_keys,
        renormalised,
        notes,
        prior_attainment: None,
    }
}

/// Rolls scored records up; records not yet scored are scored on the fly.
pub fn summarise(records: &[Record], rules: &Rules) -> (Summary, Vec<Anomaly>) {
    let mut anomalies = Vec::new();
    let scores: Vec<(Option<Decimal>, Status)> = records
        .iter()
        .map(|r| match &r.score {
            Some(s) => (s.attainment, s.status),
            None => {
                let s = super::score(r, rules);
                (s.attainment, s.status)
            }
        })
        .collect();

    // Objectives, in order of first appearance.
    let mut objs: Vec<Obj> = Vec::new();
    let mut obj_index: HashMap<String, usize> = HashMap::new();
    // Keys are built on every core; grouping them stays in record order.
    let keys: Vec<String> = records.par_iter().map(objective_key).collect();
    for ((i, r), key) in records.iter().enumerate().zip(keys) {
        let pos = match obj_index.get(&key) {
            Some(&p) => p,
            None => {
                obj_index.insert(key.clone(), objs.len());
                objs.push(Obj {
                    key,
                    label: objective_label(r),
                    records: Vec::new(),
                    areas: Vec::new(),
                    dirigenti: Vec::new(),
                    transversal: r.transversal,
                    weight: None,
                });
                objs.len() - 1
            }
        };
        let o = &mut objs[pos];
        o.records.push(i);
        for a in r.areas.iter().map(|a| a.trim()).filter(|a| !a.is_empty()) {
            push_unique(&mut o.areas, a);
        }
        for d in r
            .dirigenti
            .iter()
            .map(|d| d.trim())
            .filter(|d| !d.is_empty())
        {
            push_unique(&mut o.dirigenti, d);
        }
        if o.weight.is_none() {
            o.weight = r.objective_weight;
        }
    }
    // Objectives are independent: rolled up on every core, order kept, and
    // their anomalies joined in the same order.
    let (objectives, obj_anomalies): (Vec<GroupScore>, Vec<Vec<Anomaly>>) = objs
        .par_iter()
        .map(|o| {
            let mut anomalies = Vec::new();
            let members = o
                .records
                .iter()
                .map(|&i| Member {
                    label: records[i].indicator.trim().to_string(),
                    attainment: scores[i].0,
                    weight: records[i].weight,
                    at: i,
                })
                .collect();
            let mut g = group(
                Parts {
                    level: Level::Obiettivo,
                    key: o.key.clone(),
                    label: o.label.clone(),
                    members,
                    member_status: o.records.iter().map(|&i| scores[i].1).collect(),
                    records: o.records.clone(),
                    member_keys: Vec::new(),
                },
                (records, rules, true, &mut anomalies),
            );
            if o.transversal {
                g.notes
                    .push("obiettivo trasversale: conta per ogni dirigente".to_string());
            }
            (g, anomalies)
        })
        .unzip();
    anomalies.extend(obj_anomalies.into_iter().flatten());

    let roll = |level: Level,
                key: String,
                label: String,
                idx: &[usize],
                weighted: bool,
                report: bool,
                anomalies: &mut Vec<Anomaly>| {
        let members = idx
            .iter()
            .map(|&k| Member {
                label: objectives[k].label.clone(),
                attainment: objectives[k].attainment,
                weight: if weighted { objs[k].weight } else { None },
                at: objs[k].records[0],
            })
            .collect();
        group(
            Parts {
                level,
                key,
                label,
                members,
                member_status: idx.iter().map(|&k| objectives[k].status).collect(),
                records: idx
                    .iter()
                    .flat_map(|&k| objectives[k].records.iter().copied())
                    .collect(),
                member_keys: idx.iter().map(|&k| objectives[k].key.clone()).collect(),
            },
            (records, rules, report, anomalies),
        )
    };

    // Areas.
    let mut area_order: Vec<(String, String, Vec<usize>)> = Vec::new();
    let mut area_index: HashMap<String, usize> = HashMap::new();
    for (k, o) in objs.iter().enumerate() {
        for a in &o.areas {
            let key = fold(a);
            match area_index.get(&key) {
                Some(&p) => area_order[p].2.push(k),
                None => {
                    area_index.insert(key.clone(), area_order.len());
                    area_order.push((key, a.clone(), vec![k]));
                }
            }
        }
    }
    let areas: Vec<GroupScore> = area_order
        .into_iter()
        .map(|(key, label, idx)| roll(Level::Area, key, label, &idx, true, true, &mut anomalies))
        .collect();

    // Dirigenti: everyone named on a record, except the "everyone" markers.
    // One pass: each dirigente's own objectives; transversal ones are added to all.
    let mut people: Vec<(String, String, Vec<usize>)> = Vec::new();
    let mut person_index: HashMap<String, usize> = HashMap::new();
    let transversal: Vec<usize> = objs
        .iter()
        .enumerate()
        .filter(|(_, o)| o.transversal)
        .map(|(k, _)| k)
        .collect();
    for (k, o) in objs.iter().enumerate() {
        for d in &o.dirigenti {
            let key = fold(d);
            if EVERYONE.contains(&key.as_str()) {
                continue;
            }
            let p = match person_index.get(&key) {
                Some(&p) => p,
                None => {
                    person_index.insert(key.clone(), people.len());
                    people.push((key, d.clone(), Vec::new()));
                    people.len() - 1
                }
            };
            if !o.transversal && people[p].2.last() != Some(&k) {
                people[p].2.push(k);
            }
        }
    }
    let dirigenti: Vec<GroupScore> = people
        .into_iter()
        .map(|(key, label, own)| {
            // Objective order: as first seen, own and transversal merged.
            let mut idx: Vec<usize> = own;
            idx.extend(transversal.iter().copied());
            idx.sort_unstable();
            idx.dedup();
            roll(
                Level::Dirigente,
                key,
                label,
                &idx,
                true,
                false,
                &mut anomalies,
            )
        })
        .collect();

    let all: Vec<usize> = (0..objs.len()).collect();
    let mut body = roll(
        Level::Ente,
        "ente".to_string(),
        "Ente".to_string(),
        &all,
        false,
        false,
        &mut anomalies,
    );
    body.notes
        .push("ente: media semplice di tutti gli obiettivi valutabili".to_string());

    let mut seen: HashSet<Anomaly> = HashSet::new();
    let mut unique: Vec<Anomaly> = Vec::new();
    for a in anomalies {
        if seen.insert(a.clone()) {
            unique.push(a);
        }
    }
    (
        Summary {
            objectives,
            areas,
            dirigenti,
            body,
        },
        unique,
    )
}
