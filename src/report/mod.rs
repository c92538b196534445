//! Formatted XLSX annexes per dirigente, per area and for the whole body.
//!
//! Each workbook has three sheets (names from the [`Template`]):
//!
//! 1. **Sintesi**: body, year, scope, overall attainment, objectives by
//!    status, legend of the bands, a table and a bar chart of the attainment
//!    of each objective;
//! 2. **Obiettivi**: each objective (bold, shaded row with its weighted
//!    attainment and status) followed by its indicators, in the columns the
//!    template lists; status cells carry traffic-light conditional formats;
//! 3. **Anomalie**: what was not understood, repaired or inferred.
//!
//! Output is reproducible: the same input gives byte-identical files (the
//! document's creation date is `meta.generated_on`, or 2000-01-01).

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::model::{Anomaly, GroupScore, Record, Shared, Status, StatusCounts, Summary};

mod template;
mod text;
mod xlsx;

pub use crate::value::format_it;
pub use template::{
    parse_colour, Colori, Column, Documento, Etichette, Fogli, Obiettivi, Polarita, Soglie, Stati,
    Template, DEFAULT_TEMPLATE,
};
pub use text::{target_phrase, targets_phrase};

/// Errors building a report.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The template could not be read.
    #[error("modello di report non valido {path}: {reason}")]
    Template {
        /// Path.
        path: String,
        /// Cause.
        reason: String,
    },
    /// The workbook could not be written.
    #[error("impossibile scrivere il report: {0}")]
    Xlsx(String),
}

impl From<rust_xlsxwriter::XlsxError> for ReportError {
    fn from(e: rust_xlsxwriter::XlsxError) -> Self {
        ReportError::Xlsx(e.to_string())
    }
}

/// Who a report is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// One dirigente.
    Dirigente(String),
    /// One area.
    Area(String),
    /// The whole body (`riepilogo.xlsx`).
    Ente,
    /// The indicators that no owner was found for (`non-assegnati.xlsx`).
    NonAssegnati,
}

/// Report metadata.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportMeta {
    /// Name of the body.
    pub ente: Option<String>,
    /// Report year.
    pub anno: Option<i32>,
    /// Date shown as generation date (fixed for reproducible output).
    pub generated_on: Option<NaiveDate>,
}

/// A file-name slug: lower-case ASCII, accents folded, runs of other
/// characters turned into `-`, at most 60 characters, never empty
/// (`senza-nome`).
///
/// ```
/// use cruscotto::report::slug;
/// assert_eq!(slug("Dott.ssa Maria Rossi"), "dott-ssa-maria-rossi");
/// assert_eq!(slug("Attività produttive e Qualità"), "attivita-produttive-e-qualita");
/// assert_eq!(slug(" -- "), "senza-nome");
/// ```
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for ch in s.chars().flat_map(char::to_lowercase) {
        let folded: &str = match ch {
            'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' | 'ā' => "a",
            'è' | 'é' | 'ê' | 'ë' | 'ē' => "e",
            'ì' | 'í' | 'î' | 'ï' | 'ī' => "i",
            'ò' | 'ó' | 'ô' | 'ö' | 'õ' | 'ø' | 'ō' => "o",
            'ù' | 'ú' | 'û' | 'ü' | 'ū' => "u",
            'ç' | 'ć' | 'č' => "c",
            'ñ' | 'ń' => "n",
            'š' | 'ś' => "s",
            'ž' | 'ź' | 'ż' => "z",
            'ý' | 'ÿ' => "y",
            'ß' => "ss",
            'æ' => "ae",
            'œ' => "oe",
            _ => "",
        };
        let mut push = |c: char| {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
        };
        if !folded.is_empty() {
            folded.chars().for_each(&mut push);
        } else if ch.is_ascii_alphanumeric() {
            push(ch);
        } else {
            dash = true;
        }
    }
    if out.len() > 60 {
        // All ASCII: cut at 60 and drop a trailing partial separator.
        out.truncate(60);
        while out.ends_with('-') {
            out.pop();
        }
    }
    if out.is_empty() {
        "senza-nome".to_string()
    } else {
        out
    }
}

/// File name of the report of `scope`: `dirigente-<slug>.xlsx`,
/// `area-<slug>.xlsx` or `riepilogo.xlsx`.
///
/// ```
/// use cruscotto::report::{report_file_name, Scope};
/// assert_eq!(report_file_name(&Scope::Dirigente("Dott.ssa Maria Rossi".into())),
///            "dirigente-dott-ssa-maria-rossi.xlsx");
/// assert_eq!(report_file_name(&Scope::Area("Area Servizi alle imprese".into())),
///            "area-area-servizi-alle-imprese.xlsx");
/// assert_eq!(report_file_name(&Scope::Ente), "riepilogo.xlsx");
/// ```
pub fn report_file_name(scope: &Scope) -> String {
    match scope {
        Scope::Dirigente(d) => format!("dirigente-{}.xlsx", slug(d)),
        Scope::Area(a) => format!("area-{}.xlsx", slug(a)),
        Scope::Ente => "riepilogo.xlsx".into(),
        Scope::NonAssegnati => "non-assegnati.xlsx".into(),
    }
}

/// Names compared loosely: case, surrounding and repeated spaces ignored.
fn same_name(a: &str, b: &str) -> bool {
    // Words compared lower-cased, runs of white space as one; no allocation
    // (this runs for every record of every report).
    fn norm(s: &str) -> impl Iterator<Item = char> + '_ {
        s.split_whitespace()
            .enumerate()
            .flat_map(|(i, w)| (i > 0).then_some(' ').into_iter().chain(w.chars()))
            .flat_map(char::to_lowercase)
    }
    norm(a).eq(norm(b))
}

/// Indices of the records of `scope`: a dirigente's own records plus the
/// transversal ones; an area's records; every record for the body.
pub fn scope_records<'a>(scope: &Scope, records: &'a [Record]) -> Vec<usize> {
    // Few distinct names, many records: compare each distinct name once, and
    // skip even the lookup while consecutive records repeat the last name
    // (plans list a dirigente's indicators together).
    let mut seen: HashMap<&'a str, bool> = HashMap::new();
    let mut last: Option<(&'a str, bool)> = None;
    let mut is = |x: &'a str, want: &str| match last {
        Some((l, v)) if l == x => v,
        _ => {
            let v = *seen.entry(x).or_insert_with(|| same_name(x, want));
            last = Some((x, v));
            v
        }
    };
    records
        .iter()
        .enumerate()
        .filter(|(_, r)| match scope {
            Scope::Dirigente(d) => r.transversal || r.dirigenti.iter().any(|x| is(x, d)),
            Scope::Area(a) => r.areas.iter().any(|x| is(x, a)),
            Scope::NonAssegnati => r.unassigned(),
            Scope::Ente => true,
        })
        .map(|(i, _)| i)
        .collect()
}

/// One objective of a report with its indicators.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Block {
    pub code: Option<Shared>,
    pub title: Option<Shared>,
    pub attainment: Option<Decimal>,
    /// `None` when the objective was not rolled up.
    pub status: Option<Status>,
    pub records: Vec<usize>,
    /// Year on year: the objective's attainment last year.
    pub prior: Option<Decimal>,
}

/// What a report shows, resolved from the records and the summary.
#[derive(Debug, Clone)]
pub(crate) struct View<'a> {
    pub records: &'a [Record],
    pub blocks: Vec<Block>,
    pub attainment: Option<Decimal>,
    pub status: Option<Status>,
    pub counts: StatusCounts,
    pub anomalies: Vec<Anomaly>,
    /// How the scope's overall figure was computed (the roll-up's notes).
    pub notes: Vec<String>,
    /// Year on year: the scope's attainment last year.
    pub prior: Option<Decimal>,
    /// Year on year: new, dropped and ambiguous indicators (`--precedente`).
    pub changes: Option<&'a crate::year_on_year::Changes>,
}

fn group_for<'a>(scope: &Scope, summary: &'a Summary) -> Option<&'a GroupScore> {
    match scope {
        Scope::Dirigente(d) => summary
            .dirigenti
            .iter()
            .find(|g| same_name(&g.label, d))
            .or_else(|| summary.dirigenti.iter().find(|g| same_name(&g.key, d))),
        Scope::Area(a) => summary
            .areas
            .iter()
            .find(|g| same_name(&g.label, a))
            .or_else(|| summary.areas.iter().find(|g| same_name(&g.key, a))),
        Scope::Ente => Some(&summary.body),
        Scope::NonAssegnati => None,
    }
}

pub(crate) fn build_view<'a>(
    scope: &Scope,
    records: &'a [Record],
    summary: &Summary,
    anomalies: &[Anomaly],
) -> View<'a> {
    let idx = scope_records(scope, records);
    let mut in_scope = vec![false; records.len()];
    for &i in &idx {
        in_scope[i] = true;
    }
    let mut covered = vec![false; records.len()];
    let mut blocks = Vec::new();
    for g in &summary.objectives {
        let mut recs: Vec<usize> = g
            .records
            .iter()
            .copied()
            .filter(|&i| in_scope.get(i).copied().unwrap_or(false) && !covered[i])
            .collect();
        if recs.is_empty() {
            continue;
        }
        recs.sort_unstable();
        recs.dedup();
        for &i in &recs {
            covered[i] = true;
        }
        let first = &records[recs[0]];
        blocks.push(Block {
            code: first.objective_code.clone(),
            title: first
                .objective
                .clone()
                .or_else(|| Some(Shared::from(g.label.as_str())).filter(|l| !l.is_empty())),
            attainment: g.attainment,
            status: Some(g.status),
            records: recs,
            prior: g.prior_attainment,
        });
    }
    // Records no objective group covers: grouped by code and title, in order.
    let mut extra: BTreeMap<(Option<Shared>, Option<Shared>), usize> = BTreeMap::new();
    for &i in &idx {
        if covered[i] {
            continue;
        }
        let r = &records[i];
        let k = (r.objective_code.clone(), r.objective.clone());
        match extra.get(&k) {
            Some(&b) => blocks[b].records.push(i),
            None => {
                extra.insert(k.clone(), blocks.len());
                blocks.push(Block {
                    code: k.0,
                    title: k.1,
                    attainment: None,
                    status: None,
                    records: vec![i],
                    prior: None,
                });
            }
        }
    }
    blocks.sort_by_key(|b| b.records.first().copied().unwrap_or(usize::MAX));

    let group = group_for(scope, summary);
    let counts = match group {
        Some(g) if g.counts.total() > 0 || blocks.is_empty() => g.counts,
        _ => {
            let mut c = StatusCounts::default();
            for b in &blocks {
                c.add(b.status.unwrap_or(Status::NonValutabile));
            }
            c
        }
    };

    // Anomalies: the records' own, those pointing at one of their rows and,
    // for the body, all of them. Deduplicated, sorted by place.
    // The scope's rows are needed only to place sheet-level anomalies in a
    // partial report.
    let mut rows: HashSet<(&str, &str, u32)> = HashSet::new();
    if *scope != Scope::Ente && !anomalies.is_empty() {
        for &i in &idx {
            let l = &records[i].location;
            rows.insert((&*l.file, &*l.sheet, l.row));
        }
    }
    let mut seen = HashSet::new();
    let mut list: Vec<Anomaly> = Vec::new();
    let mut add = |a: &Anomaly| {
        let key = (a.code, a.location.clone(), a.raw.clone(), a.message.clone());
        if seen.insert(key) {
            list.push(a.clone());
        }
    };
    for &i in &idx {
        records[i].anomalies.iter().for_each(&mut add);
    }
    for a in anomalies {
        let l = &a.location;
        if *scope == Scope::Ente || rows.contains(&(&*l.file, &*l.sheet, l.row)) {
            add(a);
        }
    }
    list.sort_by(|a, b| a.location.cmp(&b.location).then(a.code.cmp(&b.code)));

    View {
        records,
        blocks,
        attainment: group.and_then(|g| g.attainment),
        status: group.map(|g| g.status),
        counts,
        anomalies: list,
        notes: group.map(|g| g.notes.clone()).unwrap_or_default(),
        prior: group.and_then(|g| g.prior_attainment),
        changes: None,
    }
}

/// Writes the report of `scope` as XLSX bytes.
///
/// ```
/// use cruscotto::model::*;
/// use cruscotto::report::{write_report, ReportMeta, Scope, Template};
/// let body = GroupScore {
///     level: Level::Ente, key: "ente".into(), label: "Ente".into(), attainment: None,
///     status: Status::NonValutabile, counts: StatusCounts::default(), records: vec![],
///     members: vec![], renormalised: false, notes: vec![], prior_attainment: None,
/// };
/// let summary = Summary { objectives: vec![], areas: vec![], dirigenti: vec![], body };
/// let bytes = write_report(&Scope::Ente, &[], &summary, &[], &Template::default(),
///                          &ReportMeta::default()).unwrap();
/// assert!(bytes.starts_with(b"PK"));
/// ```
pub fn write_report(
    scope: &Scope,
    records: &[Record],
    summary: &Summary,
    anomalies: &[Anomaly],
    tpl: &Template,
    meta: &ReportMeta,
) -> Result<Vec<u8>, ReportError> {
    write_report_compared(scope, records, summary, anomalies, None, tpl, meta)
}

/// Like [`write_report`], with the year-on-year comparison
/// ([`crate::pipeline::Outcome::year_on_year`]): the whole body's report
/// then has a sheet listing the new, dropped and ambiguous indicators
/// (the changes per indicator and objective are in the records and groups).
pub fn write_report_compared(
    scope: &Scope,
    records: &[Record],
    summary: &Summary,
    anomalies: &[Anomaly],
    changes: Option<&crate::year_on_year::Changes>,
    tpl: &Template,
    meta: &ReportMeta,
) -> Result<Vec<u8>, ReportError> {
    let mut view = build_view(scope, records, summary, anomalies);
    view.changes = changes;
    xlsx::write(scope, &view, tpl, meta)
}

/// Sample records and summary shared by the unit tests of the report.
#[cfg(test)]
pub(crate) mod sample {
    use crate::model::*;
    use rust_decimal::Decimal;

    pub fn record(row: u32, dir: &str, area: &str, code: &str, ind: &str) -> Record {
        let target = Target::new(Op::Ge, TargetValue::Number(Decimal::from(1500)));
        let location = Location::row("piano.xlsx", "Obiettivi", row);
        let mut r = Record::new(location, ind, target);
        r.areas = vec![area.into()];
        r.dirigenti = vec![dir.into()];
        r.objective_code = Some(code.into());
        r.objective = Some(format!("Obiettivo {code}").into());
        r.formula = Some("n. pratiche evase".into());
        r.unit = Some("n.".into());
        r.weight_raw = Some("50%".into());
        r.weight = Some(Decimal::from(50));
        r.baseline_raw = Some("1.200".into());
        r.baseline = Some(ActualValue::Number(Decimal::from(1200)));
        r.baseline_year = Some(2020);
        r.target_raw = ">= 1.500".into();
        r.target_year = Some(2022);
        r.actual_raw = Some("1.083".into());
        r.actual = Some(ActualValue::Number(Decimal::from(1083)));
        r.score = Some(Score {
            polarity: Op::Ge,
            polarity_source: PolaritySource::Operator,
            attainment: Some(Decimal::new(7220, 2)),
            status: Status::Parziale,
            formula: "1083/1500×100".into(),
            trace: vec![],
        });
        r
    }

    pub fn group(
        level: Level,
        key: &str,
        att: Option<i64>,
        st: Status,
        recs: Vec<usize>,
    ) -> GroupScore {
        GroupScore {
            level,
            key: key.into(),
            label: key.into(),
            attainment: att.map(|a| Decimal::new(a, 2)),
            status: st,
            counts: StatusCounts::default(),
            records: recs,
            members: vec![],
            renormalised: false,
            notes: vec![],
            prior_attainment: None,
        }
    }

    /// Three records: two of Rossi (objective OO1), one transversal of Bianchi (OO2).
    pub fn plan() -> (Vec<Record>, Summary) {
        let a = record(5, "Maria Rossi", "Area Anagrafe", "OO1", "Pratiche evase");
        let mut b = record(6, "Maria Rossi", "Area Anagrafe", "OO1", "Tempo medio");
        b.score = Some(Score {
            polarity: Op::Le,
            polarity_source: PolaritySource::Keyword,
            attainment: Some(Decimal::from(100)),
            status: Status::Raggiunto,
            formula: "condizione soddisfatta".into(),
            trace: vec![],
        });
        let mut c = record(9, "Luca Bianchi", "Area Promozione", "OO2", "Formazione");
        c.transversal = true;
        c.anomalies.push(Anomaly::new(
            AnomalyCode::TargetNonLetto,
            Location::row("piano.xlsx", "Obiettivi", 9).at_col(6),
            "boh",
            "target non interpretato",
        ));
        let mut oo1 = group(
            Level::Obiettivo,
            "OO1",
            Some(8610),
            Status::Parziale,
            vec![0, 1],
        );
        oo1.counts.parziali = 1;
        oo1.counts.raggiunti = 1;
        let oo2 = group(
            Level::Obiettivo,
            "OO2",
            None,
            Status::NonValutabile,
            vec![2],
        );
        let mut rossi = group(
            Level::Dirigente,
            "Maria Rossi",
            Some(8610),
            Status::Parziale,
            vec![0, 1, 2],
        );
        rossi.counts.parziali = 1;
        rossi.counts.non_valutabili = 1;
        let body = GroupScore {
            counts: rossi.counts,
            ..group(
                Level::Ente,
                "ente",
                Some(8610),
                Status::Parziale,
                vec![0, 1, 2],
            )
        };
        let summary = Summary {
            objectives: vec![oo1, oo2],
            areas: vec![group(
                Level::Area,
                "Area Anagrafe",
                Some(8610),
                Status::Parziale,
                vec![0, 1],
            )],
            dirigenti: vec![rossi],
            body,
        };
        (vec![a, b, c], summary)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slug("Dott.ssa Maria Rossi"), "dott-ssa-maria-rossi");
        assert_eq!(slug("Niccolò Dell'Àcqua"), "niccolo-dell-acqua");
        assert_eq!(slug("ÉÈ ß Œuvre"), "ee-ss-oeuvre");
        assert_eq!(slug("---"), "senza-nome");
        assert_eq!(slug(""), "senza-nome");
        assert_eq!(slug("日本"), "senza-nome");
        let long = slug(&"Area ".repeat(30));
        assert!(long.len() <= 60 && !long.ends_with('-'), "{long}");
        assert_eq!(slug("  Área   Tecnica  "), "area-tecnica");
    }

    #[test]
    fn scope_selection_includes_transversal() {
        let (records, summary) = sample::plan();
        assert_eq!(
            scope_records(&Scope::Dirigente("maria  rossi".into()), &records),
            [0, 1, 2]
        );
        assert_eq!(
            scope_records(&Scope::Dirigente("Luca Bianchi".into()), &records),
            [2]
        );
        assert_eq!(
            scope_records(&Scope::Area("Area Anagrafe".into()), &records),
            [0, 1]
        );
        let v = build_view(
            &Scope::Dirigente("Maria Rossi".into()),
            &records,
            &summary,
            &[],
        );
        assert_eq!(v.blocks.len(), 2);
        assert_eq!(v.blocks[0].code.as_deref(), Some("OO1"));
        assert_eq!(v.blocks[0].records, [0, 1]);
        assert_eq!(v.attainment, Some(Decimal::new(8610, 2)));
        assert_eq!(v.counts.parziali, 1);
        assert_eq!(v.counts.non_valutabili, 1);
        assert_eq!(v.anomalies.len(), 1);
        let v = build_view(
            &Scope::Area("Area Anagrafe".into()),
            &records,
            &summary,
            &[],
        );
        assert_eq!(v.blocks.len(), 1);
        assert!(v.anomalies.is_empty());
    }

    #[test]
    fn records_without_groups_are_still_listed() {
        let (records, mut summary) = sample::plan();
        summary.objectives.clear();
        summary.dirigenti.clear();
        let v = build_view(
            &Scope::Dirigente("Maria Rossi".into()),
            &records,
            &summary,
            &[],
        );
        assert_eq!(v.blocks.len(), 2);
        assert_eq!(v.blocks[1].records, [2]);
        assert_eq!(v.attainment, None);
        assert_eq!(v.counts.non_valutabili, 2);
    }

    #[test]
    fn ente_takes_all_anomalies_once() {
        let (records, summary) = sample::plan();
        let extra = Anomaly::new(
            crate::model::AnomalyCode::IntestazioneNonTrovata,
            crate::model::Location::row("altro.xlsx", "Foglio1", 1),
            "",
            "nessuna intestazione",
        );
        let all = vec![records[2].anomalies[0].clone(), extra];
        let v = build_view(&Scope::Ente, &records, &summary, &all);
        assert_eq!(v.anomalies.len(), 2);
        assert_eq!(&*v.anomalies[0].location.file, "altro.xlsx");
    }
}
pub mod batch;
