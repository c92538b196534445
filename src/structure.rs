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
//! - [`Tree`] is what `cruscotto struttura` shows: sheet → strategic area →
//!   objective → indicators, with owners, sources and counts.

use std::collections::HashMap;

use serde::Serialize;

use crate::layout::owners::{
    is_transversal, names_a_person, owner_key, split_owners, without_note,
};
use crate::layout::{Context, OwnerOverride};
use crate::model::{Anomaly, AnomalyCode, Location, OwnerSource, Record};
use crate::organigramma::Organigramma;

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
    let mut split = |text: Option<&String>| -> Vec<String> {
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
        (split(ctx.area.as_ref()), ctx.area_source)
    } else {
        (ctx.units.clone(), Some(OwnerSource::Units))
    };
    let mut dirigenti = people(split(ctx.dirigente.as_ref()));
    // The dirigenti's source, or the transversal marker's, else the areas'.
    let mut source = if !dirigenti.is_empty() || (transversal && ctx.dirigente_source.is_some()) {
        ctx.dirigente_source
    } else {
        area_source.filter(|_| !areas.is_empty())
    };
    if let Some(o) = org {
        let mut mapped: Vec<String> = Vec::new();
        for a in &areas {
            if let Some(d) = o.dirigente_of(a) {
                if !mapped.iter().any(|m| owner_key(m) == owner_key(d)) {
                    mapped.push(d.to_string());
                }
            }
        }
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
/// last table that covers a record wins; its owners replace the plan's
/// (source `mappa`). An area given without a dirigente takes the
/// organigramma's dirigente when there is one.
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
                r.objective_code.as_deref(),
            )
        }) else {
            continue;
        };
        r.transversal = o.trasversale;
        r.areas = o.area.as_deref().map(split_owners).unwrap_or_default();
        r.dirigenti = match &o.dirigente {
            Some(d) => split_owners(d),
            None => {
                let mut v: Vec<String> = Vec::new();
                for a in &r.areas {
                    if let Some(d) = org.and_then(|g| g.dirigente_of(a)) {
                        if !v.iter().any(|x| x == d) {
                            v.push(d.to_string());
                        }
                    }
                }
                v
            }
        };
        r.owner_source = Some(OwnerSource::Mappa);
    }
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
    for r in records.iter_mut() {
        for name in which.names(r).iter() {
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
    let mut reported: Vec<String> = Vec::new();
    for r in records.iter_mut() {
        let loc = r.location.clone();
        let names = which.names(r);
        let mut settled: Vec<String> = Vec::with_capacity(names.len());
        for name in names.iter() {
            let canon = key_of
                .get(name)
                .and_then(|k| chosen.get(k))
                .cloned()
                .unwrap_or_else(|| name.clone());
            if fold(&canon) != fold(name) && !reported.contains(name) {
                reported.push(name.clone());
                out.push(Anomaly::new(
                    AnomalyCode::Inferenza,
                    loc.clone(),
                    name.clone(),
                    format!("{what} «{name}» {verb} «{canon}» (stesso nome a meno di maiuscole, accenti, trattini, titoli o articoli)"),
                ));
            }
            if !settled.contains(&canon) {
                settled.push(canon);
            }
        }
        *names = settled;
    }
}

/// One anomaly per area without a dirigente in a non-empty organigramma,
/// not one per row.
pub fn area_anomalies(records: &[Record], org: Option<&Organigramma>) -> Vec<Anomaly> {
    let mut out = Vec::new();
    let Some(o) = org.filter(|o| !o.is_empty()) else {
        return out;
    };
    let mut seen: Vec<String> = Vec::new();
    for r in records {
        for a in &r.areas {
            if o.dirigente_of(a).is_none() && !seen.contains(a) {
                seen.push(a.clone());
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

/// The plan's structure as understood, for `cruscotto struttura`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Tree {
    /// One node per sheet, in input order.
    pub fogli: Vec<SheetNode>,
    /// Indicators per dirigente (transversal ones counted for each).
    pub dirigenti: Vec<Count>,
    /// Indicators per area.
    pub aree: Vec<Count>,
    /// Indicators with no owner at all.
    pub non_assegnati: usize,
    /// Indicators counting for every dirigente.
    pub trasversali: usize,
}

/// An owner and how many indicators it has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Count {
    /// Owner's name.
    pub nome: String,
    /// Indicators.
    pub indicatori: usize,
    /// Of which shared with another owner.
    pub condivisi: usize,
}

/// A sheet of an input file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SheetNode {
    /// File as given.
    pub file: String,
    /// Sheet name.
    pub foglio: String,
    /// Strategic areas in order of first sight (`None`: no strategic area).
    pub aree_strategiche: Vec<AreaNode>,
}

/// A strategic area of a sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AreaNode {
    /// Its name, `None` when the plan gives none.
    pub nome: Option<String>,
    /// Objectives in order of first sight.
    pub obiettivi: Vec<ObjectiveNode>,
}

/// An objective (the most specific level holding indicators).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ObjectiveNode {
    /// Strategic objective above it (`A.1 …`), when given.
    pub obiettivo_strategico: Option<String>,
    /// Its code.
    pub codice: Option<String>,
    /// Its title.
    pub titolo: Option<String>,
    /// First and last spreadsheet row of its indicators.
    pub righe: (u32, u32),
    /// Number of indicators.
    pub indicatori: usize,
    /// Dirigenti (several when joint).
    pub dirigenti: Vec<String>,
    /// Areas or units.
    pub aree: Vec<String>,
    /// Where the owners were read.
    pub fonte: Option<String>,
    /// Shared by every dirigente.
    pub trasversale: bool,
    /// Owned jointly.
    pub condiviso: bool,
}

fn strategic_label(r: &Record) -> Option<String> {
    match (&r.strategic_objective_code, &r.strategic_objective) {
        (Some(c), Some(t)) => Some(format!("{c} {t}")),
        (Some(c), None) => Some(c.clone()),
        (None, Some(t)) => Some(t.clone()),
        (None, None) => None,
    }
}

impl Tree {
    /// Builds the tree of `records` (in record order; one pass).
    pub fn build(records: &[Record]) -> Tree {
        let mut t = Tree::default();
        let mut people: Vec<Count> = Vec::new();
        let mut areas: Vec<Count> = Vec::new();
        let bump = |list: &mut Vec<Count>, name: &str, shared: bool| {
            let c = match list.iter_mut().position(|c| c.nome == name) {
                Some(i) => &mut list[i],
                None => {
                    list.push(Count {
                        nome: name.to_string(),
                        indicatori: 0,
                        condivisi: 0,
                    });
                    let n = list.len() - 1;
                    &mut list[n]
                }
            };
            c.indicatori += 1;
            c.condivisi += usize::from(shared);
        };
        for r in records {
            let shared = r.shared();
            for d in &r.dirigenti {
                bump(&mut people, d, shared);
            }
            for a in &r.areas {
                bump(&mut areas, a, shared);
            }
            t.non_assegnati += usize::from(r.unassigned());
            t.trasversali += usize::from(r.transversal);
            let loc = &r.location;
            let sheet = match t.fogli.last_mut() {
                Some(s) if s.file == loc.file && s.foglio == loc.sheet => s,
                _ => {
                    t.fogli.push(SheetNode {
                        file: loc.file.clone(),
                        foglio: loc.sheet.clone(),
                        aree_strategiche: Vec::new(),
                    });
                    let n = t.fogli.len() - 1;
                    &mut t.fogli[n]
                }
            };
            let area = match sheet
                .aree_strategiche
                .iter()
                .position(|a| a.nome == r.strategic_area)
            {
                Some(i) => &mut sheet.aree_strategiche[i],
                None => {
                    sheet.aree_strategiche.push(AreaNode {
                        nome: r.strategic_area.clone(),
                        obiettivi: Vec::new(),
                    });
                    let n = sheet.aree_strategiche.len() - 1;
                    &mut sheet.aree_strategiche[n]
                }
            };
            let same = |o: &ObjectiveNode| {
                o.codice == r.objective_code
                    && o.titolo == r.objective
                    && o.dirigenti == r.dirigenti
                    && o.aree == r.areas
                    && o.trasversale == r.transversal
            };
            match area.obiettivi.last_mut().filter(|o| same(o)) {
                Some(o) => {
                    o.indicatori += 1;
                    o.righe.1 = loc.row;
                }
                None => area.obiettivi.push(ObjectiveNode {
                    obiettivo_strategico: strategic_label(r),
                    codice: r.objective_code.clone(),
                    titolo: r.objective.clone(),
                    righe: (loc.row, loc.row),
                    indicatori: 1,
                    dirigenti: r.dirigenti.clone(),
                    aree: r.areas.clone(),
                    fonte: r.owner_source.map(|s| s.as_str().to_string()),
                    trasversale: r.transversal,
                    condiviso: shared,
                }),
            }
        }
        t.dirigenti = people;
        t.aree = areas;
        t
    }

    /// The tree as indented Italian text, for a person to check in seconds.
    pub fn to_text(&self) -> String {
        use std::fmt::Write;
        let mut s = String::new();
        for f in &self.fogli {
            let _ = writeln!(s, "{} — foglio «{}»", f.file, f.foglio);
            for a in &f.aree_strategiche {
                let indent = match &a.nome {
                    Some(n) => {
                        let _ = writeln!(s, "  Area strategica: {n}");
                        "    "
                    }
                    None => "  ",
                };
                let mut last_strategic: Option<&String> = None;
                for o in &a.obiettivi {
                    if o.obiettivo_strategico.is_some()
                        && o.obiettivo_strategico.as_ref() != last_strategic
                        && o.obiettivo_strategico.as_ref() != o.titolo.as_ref()
                    {
                        let _ = writeln!(
                            s,
                            "{indent}Obiettivo strategico: {}",
                            o.obiettivo_strategico.as_deref().unwrap_or("")
                        );
                    }
                    last_strategic = o.obiettivo_strategico.as_ref();
                    let label = match (&o.codice, &o.titolo) {
                        (Some(c), Some(t)) => format!("{c} {t}"),
                        (Some(c), None) => c.clone(),
                        (None, Some(t)) => t.clone(),
                        (None, None) => "(nessun obiettivo)".to_string(),
                    };
                    let rows = if o.righe.0 == o.righe.1 {
                        format!("riga {}", o.righe.0)
                    } else {
                        format!("righe {}–{}", o.righe.0, o.righe.1)
                    };
                    let _ = writeln!(
                        s,
                        "{indent}  {} — {} indicator{}, {rows}",
                        short(&label, 90),
                        o.indicatori,
                        if o.indicatori == 1 { "e" } else { "i" }
                    );
                    let _ = writeln!(s, "{indent}    {}", owner_line(o));
                }
            }
        }
        let _ = writeln!(s, "\nIndicatori per dirigente:");
        if self.dirigenti.is_empty() {
            let _ = writeln!(s, "  (nessun dirigente trovato)");
        }
        for c in &self.dirigenti {
            let _ = writeln!(s, "  {}: {}{}", c.nome, c.indicatori, shared_note(c));
        }
        let _ = writeln!(s, "Indicatori per area:");
        if self.aree.is_empty() {
            let _ = writeln!(s, "  (nessuna area trovata)");
        }
        for c in &self.aree {
            let _ = writeln!(s, "  {}: {}{}", c.nome, c.indicatori, shared_note(c));
        }
        if self.trasversali > 0 {
            let _ = writeln!(
                s,
                "Indicatori trasversali (contano per ogni dirigente): {}",
                self.trasversali
            );
        }
        let _ = writeln!(s, "Indicatori senza responsabile: {}", self.non_assegnati);
        s
    }
}

fn shared_note(c: &Count) -> String {
    if c.condivisi > 0 {
        format!(" (di cui {} condivisi)", c.condivisi)
    } else {
        String::new()
    }
}

fn owner_line(o: &ObjectiveNode) -> String {
    let mut parts = Vec::new();
    if o.trasversale {
        parts.push("trasversale (tutti i dirigenti)".to_string());
    }
    if !o.dirigenti.is_empty() {
        parts.push(format!("dirigente: {}", o.dirigenti.join("; ")));
    }
    if !o.aree.is_empty() {
        parts.push(format!("area: {}", o.aree.join("; ")));
    }
    if parts.is_empty() {
        return "responsabile: NESSUNO (va in non-assegnati.xlsx; correggere con --organigramma o --mappa)".to_string();
    }
    if o.condiviso {
        parts.push("condiviso".to_string());
    }
    if let Some(f) = &o.fonte {
        parts.push(format!("fonte: {}", source_it(f)));
    }
    parts.join(" · ")
}

/// The Italian name of an owner source.
fn source_it(s: &str) -> &str {
    match s {
        "column" => "colonna",
        "block" => "blocco",
        "section" => "sezione",
        "units" => "unità coinvolte",
        "organigramma" => "organigramma",
        other => other,
    }
}

fn short(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let t: String = s.chars().take(n - 1).collect();
        format!("{t}…")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Op, Target, TargetValue};

    fn rec(row: u32, areas: &[&str], dirigenti: &[&str], src: OwnerSource) -> Record {
        let mut r = Record::new(
            Location::row("f.xlsx", "S", row),
            "x",
            Target {
                op: Op::Ge,
                value: TargetValue::Number(1.into()),
                year: None,
            },
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
