//! The plan's structure: who owns each indicator, and the tree of areas,
//! objectives and owners as understood.
//!
//! - [`owners_of`] turns the context of one indicator row into its owners:
//!   joint owners split, transversal markers, units, the organigramma (which
//!   wins, and is recorded as the source);
//! - [`settle_owners`] runs over all records once: an area named as
//!   responsible with no dirigente anywhere gets its head (`Dirigente area
//!   X`, one recorded inference per area), and every owner gets one name
//!   across spellings (the organigramma's, else the most frequent);
//! - [`Tree`] (in `tree`) is what `cruscotto struttura` shows: sheet → strategic area →
//!   objective → indicators, with owners, sources and counts.

use std::collections::HashMap;

use crate::layout::owners::{
    is_transversal, names_a_person, owner_key, split_owners, units_beside_person, without_note,
};
use crate::layout::{Context, OwnerOverride};
use crate::model::{Anomaly, AnomalyCode, Location, OwnerSource, Record};
use crate::organigramma::Organigramma;

mod tree;

pub use tree::{AreaNode, Count, ObjectiveNode, SheetNode, Tree};

/// The owners of one indicator.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Owners {
    /// Areas or units, as written (one spelling each is chosen later).
    pub areas: Vec<String>,
    /// Dirigenti, as written.
    pub dirigenti: Vec<String>,
    /// Where they were read.
    pub source: Option<OwnerSource>,
    /// Shared by every dirigente.
    pub transversal: bool,
}

/// Reads the owners of an indicator from its context; with an organigramma
/// the areas' dirigenti replace the sheet's (a replaced name that differs is
/// reported in `anomalies`).
///
/// ```
/// use cruscotto::layout::Context;
/// use cruscotto::model::{Location, OwnerSource};
/// let ctx = Context {
///     dirigente: Some("Segretario Generale – Dirigente Area Economico - Finanziaria".into()),
///     dirigente_source: Some(OwnerSource::Block),
///     ..Context::default()
/// };
/// let o = cruscotto::structure::owners_of(&ctx, None, &Location::row("f", "S", 3), &mut vec![]);
/// assert_eq!(o.dirigenti, vec!["Segretario Generale", "Dirigente Area Economico - Finanziaria"]);
/// assert_eq!(o.source, Some(OwnerSource::Block));
/// ```
pub fn owners_of(
    ctx: &Context,
    org: Option<&Organigramma>,
    loc: &Location,
    anomalies: &mut Vec<Anomaly>,
) -> Owners {
    let mut transversal = ctx.transversal;
    let mut split = |text: Option<&str>| -> Vec<String> {
        match text {
            Some(t) if is_transversal(t) => {
                transversal = true;
                Vec::new()
            }
            Some(t) => split_owners(t),
            None => Vec::new(),
        }
    };
    let people = |names: Vec<String>| -> Vec<String> {
        names.iter().map(|n| without_note(n).to_string()).collect()
    };
    // An area named as responsible wins over the units involved.
    let responsible = matches!(
        ctx.area_source,
        Some(OwnerSource::Block | OwnerSource::Column)
    );
    let (areas, area_source) = if ctx.units.is_empty() || (responsible && ctx.area.is_some()) {
        (split(ctx.area.as_deref()), ctx.area_source)
    } else {
        (ctx.units.clone(), Some(OwnerSource::Units))
    };
    let mut dirigenti = people(split(ctx.dirigente.as_deref()));
    // `Dirigente: Dott.ssa Fontana – Settore Servizi Sociali`: the unit
    // beside the person is the area when the plan names no other.
    let (areas, area_source) = match &ctx.dirigente {
        Some(d) if areas.is_empty() => {
            let units = units_beside_person(d);
            if units.is_empty() {
                (areas, area_source)
            } else {
                (units, ctx.dirigente_source)
            }
        }
        _ => (areas, area_source),
    };
    // The dirigenti's source, or the transversal marker's, else the areas'.
    let mut source = if !dirigenti.is_empty() || (transversal && ctx.dirigente_source.is_some()) {
        ctx.dirigente_source
    } else {
        area_source.filter(|_| !areas.is_empty())
    };
    if let Some(o) = org {
        let mapped = dirigenti_of_areas(&areas, o);
        if !mapped.is_empty() {
            for sheet in &dirigenti {
                let fs = owner_key(sheet);
                // `Avv. Rossi` and `Avv. Rossi (Segretario Generale)` are one person.
                if !mapped.iter().any(|d| {
                    let fd = owner_key(d);
                    fs.contains(&fd) || fd.contains(&fs)
                }) {
                    anomalies.push(Anomaly::new(
                        AnomalyCode::Inferenza,
                        loc.clone(),
                        sheet.clone(),
                        format!(
                            "dirigente del foglio «{sheet}» sostituito da quello dell'organigramma per l'area: «{}»",
                            mapped.join("; ")
                        ),
                    ));
                }
            }
            dirigenti = mapped;
            source = Some(OwnerSource::Organigramma);
        }
    }
    Owners {
        areas,
        dirigenti,
        source,
        transversal,
    }
}

/// Applies the user's owners (mapping file) to the records they cover: the
/// last table that covers a record wins. What it gives replaces the plan's
/// (source `mappa`), what it leaves out stays: an area given without a
/// dirigente takes the organigramma's dirigente when there is one, else the
/// plan's dirigente stays.
pub fn apply_overrides(
    records: &mut [Record],
    overrides: &[OwnerOverride],
    org: Option<&Organigramma>,
) {
    if overrides.is_empty() {
        return;
    }
    for r in records.iter_mut() {
        let Some(o) = overrides.iter().rev().find(|o| {
            o.applies(
                &r.location.sheet,
                r.location.row,
                &[
                    r.objective_code.as_deref(),
                    r.strategic_objective_code.as_deref(),
                ],
            )
        }) else {
            continue;
        };
        if o.trasversale {
            r.transversal = true;
        }
        if let Some(a) = &o.area {
            r.areas = split_owners(a);
        }
        match &o.dirigente {
            Some(d) => r.dirigenti = split_owners(d),
            None if o.area.is_some() => {
                let v = org
                    .map(|g| dirigenti_of_areas(&r.areas, g))
                    .unwrap_or_default();
                if !v.is_empty() {
                    r.dirigenti = v;
                }
            }
            None => {}
        }
        r.owner_source = Some(OwnerSource::Mappa);
    }
}

/// The organigramma's dirigenti of `areas`, each once.
fn dirigenti_of_areas(areas: &[String], org: &Organigramma) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for d in areas.iter().filter_map(|a| org.dirigente_of(a)) {
        if !out.iter().any(|m| owner_key(m) == owner_key(d)) {
            out.push(d.to_string());
        }
    }
    out
}

/// The head of an area named as responsible: the area itself when it names
/// a role (`Segretario Generale`), else `Dirigente area X`.
fn head_of(area: &str) -> String {
    if names_a_person(area) {
        return area.to_string();
    }
    let lower = area.trim_start().to_lowercase();
    if lower.starts_with("area ") {
        format!("Dirigente {}", area.trim())
    } else {
        format!("Dirigente area {}", area.trim())
    }
}

/// Settles owners across all records, in record order:
/// 1. every area gets one name: the organigramma's when it names it (or one
///    of its aliases), else the spelling seen most often (first seen on a
///    tie);
/// 2. without an organigramma, an area named as responsible by a block key
///    (`Area di responsabilità | X`) whose indicators name no dirigente gets
///    its head as dirigente (`Dirigente area X`), reported once per area (an
///    area column is left as it is: no dirigente is made up for it);
/// 3. every dirigente gets one name the same way.
///
/// A merged spelling that differs by more than case, accents or spaces is
/// reported once (a person may want to confirm `Risorse e organizzazione` =
/// `Risorse ed organizzazione`).
pub fn settle_owners(records: &mut [Record], org: Option<&Organigramma>) -> Vec<Anomaly> {
    let mut out = Vec::new();
    let org_areas: Vec<String> = org.map(|o| o.areas()).unwrap_or_default();
    settle(records, Which::Areas, &org_areas, org, &mut out);
    if org.is_none() {
        let mut reported: Vec<String> = Vec::new();
        for r in records.iter_mut() {
            if !r.dirigenti.is_empty()
                || r.transversal
                || r.areas.is_empty()
                || r.owner_source != Some(OwnerSource::Block)
            {
                continue;
            }
            r.dirigenti = r.areas.iter().map(|a| head_of(a)).collect();
            for (a, d) in r.areas.iter().zip(&r.dirigenti) {
                if a != d && !reported.contains(a) {
                    reported.push(a.clone());
                    out.push(Anomaly::new(
                        AnomalyCode::Inferenza,
                        r.location.clone(),
                        a.clone(),
                        format!("nessun dirigente indicato per l'area di responsabilità «{a}»: report intestato a «{d}» (indicare l'organigramma per il nome)"),
                    ));
                }
            }
        }
    }
    let org_people: Vec<String> = org.map(|o| o.dirigenti()).unwrap_or_default();
    settle(records, Which::Dirigenti, &org_people, org, &mut out);
    out
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Which {
    Areas,
    Dirigenti,
}

impl Which {
    fn names_ref(self, r: &Record) -> &Vec<String> {
        match self {
            Which::Areas => &r.areas,
            Which::Dirigenti => &r.dirigenti,
        }
    }

    fn names(self, r: &mut Record) -> &mut Vec<String> {
        match self {
            Which::Areas => &mut r.areas,
            Which::Dirigenti => &mut r.dirigenti,
        }
    }
}

/// One name per owner key for the areas or the dirigenti of `records`.
fn settle(
    records: &mut [Record],
    which: Which,
    preferred: &[String],
    org: Option<&Organigramma>,
    out: &mut Vec<Anomaly>,
) {
    use crate::layout::headers::fold;
    // Counts per spelling (few distinct names, many records: each distinct
    // spelling is keyed once), then spellings per owner key in order of
    // first sight.
    let mut counts: HashMap<String, usize> = HashMap::new();
    let mut order: Vec<String> = Vec::new();
    for r in records.iter() {
        for name in which.names_ref(r).iter() {
            match counts.get_mut(name) {
                Some(n) => *n += 1,
                None => {
                    counts.insert(name.clone(), 1);
                    order.push(name.clone());
                }
            }
        }
    }
    let mut key_of: HashMap<String, String> = HashMap::with_capacity(order.len());
    let mut spellings: HashMap<String, Vec<(String, usize)>> = HashMap::new();
    for name in order {
        let key = owner_key(&name);
        let n = counts.get(&name).copied().unwrap_or(0);
        spellings
            .entry(key.clone())
            .or_default()
            .push((name.clone(), n));
        key_of.insert(name, key);
    }
    let mut chosen: HashMap<String, String> = HashMap::new();
    for (key, v) in &spellings {
        let official = preferred
            .iter()
            .find(|p| owner_key(p) == *key)
            .cloned()
            .or_else(|| match (which, org) {
                // An alias of an organigramma area takes the area's name.
                (Which::Areas, Some(o)) => o.area_named(&v[0].0).map(str::to_string),
                _ => None,
            });
        let name = official.unwrap_or_else(|| {
            let best = v.iter().map(|(_, n)| *n).max().unwrap_or(0);
            v.iter()
                .find(|(_, n)| *n == best)
                .map(|(s, _)| s.clone())
                .unwrap_or_default()
        });
        chosen.insert(key.clone(), name);
    }
    let (what, verb) = match which {
        Which::Areas => ("area", "considerata uguale a"),
        Which::Dirigenti => ("dirigente", "considerato uguale a"),
    };
    // Only the spellings that change are looked up per record; most plans
    // spell each owner one way and the records are left untouched.
    let renamed: HashMap<&String, &String> = key_of
        .iter()
        .filter_map(|(name, key)| chosen.get(key).filter(|c| *c != name).map(|c| (name, c)))
        .collect();
    if renamed.is_empty() {
        return;
    }
    let mut reported: std::collections::HashSet<String> = std::collections::HashSet::new();
    for r in records.iter_mut() {
        if !which.names_ref(r).iter().any(|n| renamed.contains_key(n)) {
            continue;
        }
        let mut settled: Vec<String> = Vec::with_capacity(which.names_ref(r).len());
        for name in which.names_ref(r).iter() {
            let canon = renamed.get(name).map_or(name, |c| *c);
            if canon != name && fold(canon) != fold(name) && reported.insert(name.clone()) {
                out.push(Anomaly::new(
                    AnomalyCode::Inferenza,
                    r.location.clone(),
                    name.clone(),
                    format!("{what} «{name}» {verb} «{canon}» (stesso nome a meno di maiuscole, accenti, trattini, titoli o articoli)"),
                ));
            }
            if !settled.contains(canon) {
                settled.push(canon.clone());
            }
        }
        *which.names(r) = settled;
    }
}

/// One anomaly per area without a dirigente in a non-empty organigramma,
/// not one per row.
pub fn area_anomalies(records: &[Record], org: Option<&Organigramma>) -> Vec<Anomaly> {
    let mut out = Vec::new();
    let Some(o) = org.filter(|o| !o.is_empty()) else {
        return out;
    };
    // Each distinct area is looked up once.
    let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for r in records {
        for a in &r.areas {
            if seen.insert(a) && o.dirigente_of(a).is_none() {
                out.push(Anomaly::new(
                    AnomalyCode::AreaSenzaDirigente,
                    r.location.clone(),
                    a.clone(),
                    "area non presente nell'organigramma: nessun dirigente assegnato",
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Op, Target, TargetValue};

    fn rec(row: u32, areas: &[&str], dirigenti: &[&str], src: OwnerSource) -> Record {
        let mut r = Record::new(
            Location::row("f.xlsx", "S", row),
            "x",
            Target::new(Op::Ge, TargetValue::Number(1.into())),
        );
        r.areas = areas.iter().map(|s| s.to_string()).collect();
        r.dirigenti = dirigenti.iter().map(|s| s.to_string()).collect();
        r.owner_source = Some(src);
        r
    }

    #[test]
    fn most_frequent_spelling_wins() {
        let mut rs = vec![
            rec(
                1,
                &[],
                &["Dirigente Area economico – finanziaria"],
                OwnerSource::Block,
            ),
            rec(
                2,
                &[],
                &["Dirigente Area Economico - Finanziaria"],
                OwnerSource::Block,
            ),
            rec(
                3,
                &[],
                &["Dirigente Area Economico - Finanziaria"],
                OwnerSource::Block,
            ),
        ];
        let a = settle_owners(&mut rs, None);
        assert!(rs
            .iter()
            .all(|r| r.dirigenti == vec!["Dirigente Area Economico - Finanziaria"]));
        assert_eq!(a.len(), 1, "{a:?}");
    }

    #[test]
    fn responsible_area_gets_its_head_once() {
        let mut rs = vec![
            rec(
                1,
                &["Promozione e Sviluppo Economico"],
                &[],
                OwnerSource::Block,
            ),
            rec(
                2,
                &["Promozione e sviluppo economico"],
                &[],
                OwnerSource::Block,
            ),
            rec(3, &["Segretario Generale"], &[], OwnerSource::Block),
            rec(4, &["AREA I"], &[], OwnerSource::Units),
        ];
        let a = settle_owners(&mut rs, None);
        assert_eq!(
            rs[0].dirigenti,
            vec!["Dirigente area Promozione e Sviluppo Economico"]
        );
        assert_eq!(rs[1].dirigenti, rs[0].dirigenti);
        assert_eq!(rs[2].dirigenti, vec!["Segretario Generale"]);
        assert!(
            rs[3].dirigenti.is_empty(),
            "units are not responsible areas"
        );
        let derived = a
            .iter()
            .filter(|a| a.message.contains("nessun dirigente"))
            .count();
        assert_eq!(derived, 1);
    }
}
