//! The whole job: read → layout → normalise → score, for a set of inputs.
//!
//! [`run`] reads every input, turns each indicator row into a [`Record`]
//! (target of the report year normalised, actual typed, owners resolved),
//! scores them and rolls them up. Inputs that cannot be read are reported in
//! [`Outcome::failed`] and do not stop the others.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use rust_decimal::Decimal;

use crate::actuals;
use crate::ente::{self, EnteFound};
use crate::layout::{self, RawCell, RawRow, TargetSlot};
use crate::model::{
    ActualValue, Anomaly, AnomalyCode, Location, Record, Shared, Summary, Target, TargetKind,
    TargetValue,
};
use crate::normalise;
use crate::organigramma::Organigramma;
use crate::read::{self, CellValue, NumFormat, ReadError};
use crate::score::{self, Rules};
use crate::structure;
use crate::value;
use crate::year_on_year;

/// Options of a run.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Report year (`--anno`): which target column to use. Default: the year
    /// of the Consuntivo column, else the title's year, else the first target year.
    pub anno: Option<i32>,
    /// Area → dirigente map.
    pub organigramma: Option<Organigramma>,
    /// Scoring rules.
    pub rules: Rules,
    /// Layout options (extra header synonyms).
    pub layout: layout::Options,
    /// Separate actuals files (`--consuntivi`), joined to the plan.
    pub actuals: Vec<PathBuf>,
    /// Monitoring during the year: months of the year elapsed at the end of
    /// the period (`--periodo 2025-06` or `2025-S1` → 6, `2025-T1` → 3,
    /// `2025-Q2` → 8; see [`crate::period`]). Cumulative volume indicators
    /// then get a pro-rata projection beside their attainment, and any
    /// indicator with a target column for that period (`Target I semestre`)
    /// is projected against it instead.
    pub months: Option<u32>,
    /// Justified corrections (`--rettifiche`), applied after scoring.
    pub rettifiche: Option<crate::rettifiche::Rettifiche>,
    /// Year on year (`--precedente`): last year's normalised table or plan
    /// (see [`crate::year_on_year`]).
    pub previous: Option<PathBuf>,
    /// Keep of each score's trace only what the reports cite (see
    /// [`score::brief_trace`]): for runs that write tables and reports;
    /// `explain --row` and the web page keep the whole trace (the default).
    pub brief_trace: bool,
}

/// An input that could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailedInput {
    /// Path as given.
    pub path: String,
    /// Italian reason.
    pub reason: String,
}

/// What a run produced.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// One record per indicator row, scored.
    pub records: Vec<Record>,
    /// Every anomaly: per-row ones (also kept in each record) and sheet-level ones.
    pub anomalies: Vec<Anomaly>,
    /// Roll-ups.
    pub summary: Summary,
    /// Inputs that could not be read.
    pub failed: Vec<FailedInput>,
    /// The body's name read from the title rows of the inputs (the first
    /// found, in input and sheet order), with where it was read; `None`
    /// when no title names one (see [`crate::ente`]).
    pub ente: Option<EnteFound>,
    /// Rows of the corrections file that were refused (no indicator, several,
    /// the same indicator twice). When not empty no correction was applied
    /// and the CLI writes nothing.
    pub refused: Vec<crate::rettifiche::RettificheError>,
    /// Year on year (`--precedente`): new, dropped and ambiguous indicators
    /// (the changes themselves are in the records and groups).
    pub year_on_year: Option<year_on_year::Changes>,
}

impl Outcome {
    /// The body's name for the reports: `given` (`--ente`, the job's
    /// `ente`) when there is one, else the one read from the titles; with
    /// the Italian line to show on standard error saying where the name
    /// was read, or warning that none was found.
    ///
    /// ```
    /// let out = cruscotto::pipeline::run(&[], &Default::default());
    /// assert_eq!(out.ente_name(Some("CCIAA di Pisa")), (Some("CCIAA di Pisa".to_string()), None));
    /// let (name, note) = out.ente_name(None);
    /// assert_eq!(name, None);
    /// assert!(note.unwrap().starts_with("attenzione: nessun titolo"));
    /// ```
    pub fn ente_name(&self, given: Option<&str>) -> (Option<String>, Option<String>) {
        if let Some(g) = given.map(str::trim).filter(|g| !g.is_empty()) {
            return (Some(g.to_string()), None);
        }
        match &self.ente {
            Some(f) => (
                Some(f.name.clone()),
                Some(format!("inferenza: {} (altrimenti indicarlo con --ente)", f.message())),
            ),
            None => (
                None,
                Some(
                    "attenzione: nessun titolo dei fogli nomina l'ente (Camera di Commercio di …, CCIAA di …, Comune di …, Università …): indicarlo con --ente"
                        .to_string(),
                ),
            ),
        }
    }
}

/// One input with its own options.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Input {
    /// Path of the file.
    pub path: PathBuf,
    /// Only these sheets (by name, case-insensitive); all when empty.
    pub sheets: Vec<String>,
    /// Layouts forced for this input's sheets (mapping file).
    pub forced: Vec<layout::ForcedLayout>,
    /// Owners given for this input's sheets (mapping file, `[[responsabile]]`).
    pub owners: Vec<layout::OwnerOverride>,
}

impl From<&PathBuf> for Input {
    fn from(p: &PathBuf) -> Self {
        Input {
            path: p.clone(),
            sheets: Vec::new(),
            forced: Vec::new(),
            owners: Vec::new(),
        }
    }
}

/// Reads, normalises, scores and rolls up `inputs`.
///
/// An unreadable input is listed in [`Outcome::failed`]; the others go on.
pub fn run(inputs: &[PathBuf], opts: &Options) -> Outcome {
    let inputs: Vec<Input> = inputs.iter().map(Input::from).collect();
    run_inputs(&inputs, opts)
}

/// Like [`run`], with per-input options (sheet filters).
pub fn run_inputs(inputs: &[Input], opts: &Options) -> Outcome {
    let mut records = Vec::new();
    let mut sheet_anomalies = Vec::new();
    let mut failed = Vec::new();
    let mut found_ente: Option<EnteFound> = None;
    let lopts = layout_options(opts);
    let mut actual_rows = Vec::new();
    for path in &opts.actuals {
        match actuals::load(path, &lopts) {
            Ok(rows) => actual_rows.extend(rows),
            Err(e) => failed.push(FailedInput {
                path: path.display().to_string(),
                reason: e.to_string(),
            }),
        }
    }
    let mut joiner = actuals::Joiner::new(actual_rows);
    // Files are independent: read and lay them out on every core (an
    // aggregator's run has hundreds), a few at a time so that only a few
    // files' raw rows wait in memory, then build records in input order: the
    // outcome is the one a sequential run gives.
    let window = rayon::current_num_threads().max(1) * 2;
    for chunk in inputs.chunks(window) {
        let read: Vec<_> = chunk
            .par_iter()
            .map(|input| {
                if input.forced.is_empty() {
                    read_raw(&input.path, &input.sheets, &lopts)
                } else {
                    let mut own = lopts.clone();
                    own.forced.splice(0..0, input.forced.iter().cloned());
                    read_raw(&input.path, &input.sheets, &own)
                }
            })
            .collect();
        for (input, result) in chunk.iter().zip(read) {
            let first = records.len();
            match result {
                Ok((raws, anoms, formats_known, ente)) => {
                    sheet_anomalies.extend(anoms);
                    found_ente = found_ente.or(ente);
                    // Amortised: with many files, not a reallocation per file.
                    records.reserve(raws.len());
                    let names = (!joiner.is_empty()).then(|| actuals::name_counts(raws.iter()));
                    // A block's raw rows are freed once its records are
                    // built: the file's rows and records are not both
                    // whole in memory.
                    let mut rest = std::collections::VecDeque::from(raws);
                    while !rest.is_empty() {
                        let block: Vec<RawRow> = rest.drain(..BLOCK.min(rest.len())).collect();
                        give_back_half(&mut rest);
                        match &names {
                            // Each row is read on its own: every core, order kept.
                            None => records.par_extend(
                                block
                                    .into_par_iter()
                                    .map(|raw| to_record(raw, None, opts, formats_known)),
                            ),
                            Some(names) => {
                                for raw in block {
                                    records.push(record_joined(
                                        raw,
                                        opts,
                                        formats_known,
                                        &mut joiner,
                                        names,
                                    ));
                                }
                            }
                        }
                    }
                }
                Err(e) => failed.push(FailedInput {
                    path: input.path.display().to_string(),
                    reason: e.to_string(),
                }),
            }
            structure::apply_overrides(
                &mut records[first..],
                &input.owners,
                opts.organigramma.as_ref(),
            );
        }
    }
    sheet_anomalies.extend(joiner.unmatched());
    // The run's own mapping file (`--mappa`) wins over an input's.
    structure::apply_overrides(&mut records, &lopts.owners, opts.organigramma.as_ref());
    sheet_anomalies.extend(structure::settle_owners(
        &mut records,
        opts.organigramma.as_ref(),
    ));
    sheet_anomalies.extend(structure::area_anomalies(
        &records,
        opts.organigramma.as_ref(),
    ));
    score::score_all_with(&mut records, &opts.rules, opts.brief_trace);
    if let Some(m) = opts.months {
        score::project_all(&mut records, &opts.rules, m);
    }
    let refused = match &opts.rettifiche {
        Some(r) => r.apply(&mut records, &opts.rules).err().unwrap_or_default(),
        None => Vec::new(),
    };
    let (mut summary, rollup_anomalies) = score::summarise(&records, &opts.rules);
    let mut compared = None;
    if let Some(path) = &opts.previous {
        match year_on_year::load(path, opts) {
            // The ambiguous matches are also in their records' anomalies.
            Ok(prev) => compared = Some(year_on_year::compare(&mut records, &mut summary, &prev).0),
            Err(e) => failed.push(FailedInput {
                path: path.display().to_string(),
                reason: e.to_string(),
            }),
        }
    }
    let mut anomalies = sheet_anomalies;
    for r in &records {
        anomalies.extend(r.anomalies.iter().cloned());
    }
    anomalies.extend(rollup_anomalies);
    Outcome {
        records,
        anomalies,
        summary,
        failed,
        ente: found_ente,
        refused,
        year_on_year: compared,
    }
}

/// Raw rows turned into records at a time (see [`give_back_half`]).
const BLOCK: usize = 4096;

/// Once the rows waiting are fewer than half the room they hold, moves them
/// to a buffer of their own size: a file's raw rows are given back as its
/// records grow (the copies add up to at most the rows once).
fn give_back_half<T>(rest: &mut std::collections::VecDeque<T>) {
    if rest.len() < rest.capacity() / 2 {
        rest.shrink_to_fit();
    }
}

/// Reads one file into unscored records plus sheet-level anomalies.
pub fn read_file(path: &Path, opts: &Options) -> Result<(Vec<Record>, Vec<Anomaly>), ReadError> {
    read_file_sheets(path, &[], opts)
}

/// Like [`read_file`], reading only the sheets named (all when empty).
pub fn read_file_sheets(
    path: &Path,
    sheets: &[String],
    opts: &Options,
) -> Result<(Vec<Record>, Vec<Anomaly>), ReadError> {
    let (raws, mut anomalies, formats_known, _) = read_raw(path, sheets, &layout_options(opts))?;
    let records: Vec<Record> = raws
        .into_iter()
        .map(|raw| to_record(raw, None, opts, formats_known))
        .collect();
    anomalies.extend(structure::area_anomalies(
        &records,
        opts.organigramma.as_ref(),
    ));
    Ok((records, anomalies))
}

fn layout_options(opts: &Options) -> layout::Options {
    let mut lopts = opts.layout.clone();
    if let Some(o) = &opts.organigramma {
        lopts.known_areas.extend(o.areas());
    }
    lopts
}

/// What [`read_raw`] gives: the raw indicator rows of a file, its
/// sheet-level anomalies, whether its number formats could be read and the
/// body's name found in its title rows.
type RawFile = (Vec<RawRow>, Vec<Anomaly>, bool, Option<EnteFound>);

/// Reads one file (see [`RawFile`]).
fn read_raw(path: &Path, sheets: &[String], lopts: &layout::Options) -> Result<RawFile, ReadError> {
    let wb = read::open(path)?;
    let file = path.display().to_string();
    let mut rows = Vec::new();
    let mut anomalies = Vec::new();
    let wanted =
        |name: &str| sheets.is_empty() || sheets.iter().any(|s| s.eq_ignore_ascii_case(name));
    // Sheets are laid out independently (on every core), then joined in order.
    let found: Vec<_> = wb
        .sheets
        .par_iter()
        .filter(|s| wanted(&s.name))
        .map(|sheet| layout::detect_sheet(&file, sheet, lopts))
        .collect();
    // Rows move, not copied (one sheet: the sheet's own vector); the spare
    // capacity of the layout's growth is given back.
    if found.len() > 1 {
        rows.reserve_exact(found.iter().map(|f| f.rows.len()).sum());
    }
    for f in found {
        anomalies.extend(f.anomalies);
        if rows.is_empty() {
            rows = f.rows;
        } else {
            rows.extend(f.rows);
        }
    }
    rows.shrink_to_fit();
    let ente = wb
        .sheets
        .iter()
        .filter(|s| wanted(&s.name))
        .find_map(|s| ente::find_in_sheet(&file, s));
    Ok((rows, anomalies, wb.formats_known, ente))
}

/// A record with its actual (and previous-year value) from the actuals files
/// (only called when there are some).
fn record_joined(
    mut raw: RawRow,
    opts: &Options,
    formats_known: bool,
    joiner: &mut actuals::Joiner,
    names: &std::collections::HashMap<String, usize>,
) -> Record {
    let year = opts.anno.or(raw.actual_year).or(raw.context.year);
    let (_, target_year) = choose_slot(&raw, year);
    let found = joiner.find(&raw, target_year, names);
    if found.note.is_some() {
        // The actuals file's reason is the one written with the actual.
        raw.note = found.note;
    }
    // Thresholds and bands beside the actual complete (or replace) the plan's.
    let s = found.scale;
    if !s.is_empty() {
        let mine = raw.scale.get_or_insert_with(Default::default);
        mine.minimum = s.minimum.or(mine.minimum.take());
        mine.excellence = s.excellence.or(mine.excellence.take());
        mine.bands = s.bands.or(mine.bands.take());
    }
    let mut replaced = None;
    if let Some((y, cell)) = found.actual {
        if let Some((_, old)) = &raw.actual {
            if old.text != cell.text {
                replaced = Some((old.text.clone(), cell.text.clone()));
            }
        }
        raw.actual = Some((y, cell));
        raw.has_actual_column = true;
        raw.actual_year = raw.actual_year.or(y);
    } else if raw.actual.is_none() {
        raw.anomalies.push(Anomaly::new(
            AnomalyCode::ConsuntivoNonAbbinato,
            raw.location.clone(),
            raw.indicator.clone(),
            "nessun consuntivo corrispondente nei file dei consuntivi",
        ));
    }
    if let Some((old, new)) = replaced {
        raw.anomalies.push(Anomaly::new(
            AnomalyCode::Inferenza,
            raw.location.clone(),
            old.clone(),
            format!(
                "consuntivo del piano «{old}» sostituito da quello del file dei consuntivi «{new}»"
            ),
        ));
    }
    to_record(raw, found.previous, opts, formats_known)
}

fn is_date_unit(unit: Option<&str>) -> bool {
    unit.is_some_and(|u| {
        let f = layout::headers::fold(u);
        f == "data" || f.starts_with("entro") || f.contains("gg/mm") || f == "scadenza"
    })
}

/// Picks the target column of the report year (never a period target
/// column such as `Target I semestre`: see [`period_target`]).
fn choose_slot(raw: &RawRow, year: Option<i32>) -> (Option<&TargetSlot>, Option<i32>) {
    let mut yearly = raw.targets.iter().filter(|s| s.months.is_none());
    let Some(first) = yearly.clone().next() else {
        return (None, year);
    };
    if let Some(y) = year {
        if let Some(s) = yearly.clone().find(|s| s.year == Some(y)) {
            return (Some(s), Some(y));
        }
        if let Some(s) = yearly.find(|s| s.year.is_none()) {
            return (Some(s), Some(y));
        }
        return (None, Some(y));
    }
    (Some(first), first.year)
}

/// The plan's target for the monitoring period (`--periodo`): the period
/// column ending at `months` (`Target I semestre` for 2025-S1 or 2025-06)
/// of the report year (or of no year), when the row has a value there.
fn period_target(
    raw: &RawRow,
    months: Option<u32>,
    year: Option<i32>,
    nctx: &normalise::Context,
    anomalies: &mut Vec<Anomaly>,
) -> Option<crate::model::PeriodTarget> {
    let m = months?;
    let slot = raw
        .targets
        .iter()
        .filter(|s| s.months == Some(m) && s.value.is_some())
        .find(|s| s.year.is_none() || year.is_none() || s.year == year)?;
    let cell = slot.value.as_ref()?;
    let loc = raw.location.at_col(cell.col);
    let reading = normalise::normalise_cell(&cell.cell, nctx);
    for w in reading.warnings {
        anomalies.push(Anomaly::new(
            w.code,
            loc.clone(),
            cell.text.clone(),
            w.message,
        ));
    }
    let [target] = reading.targets.as_slice() else {
        anomalies.push(Anomaly::new(
            AnomalyCode::TargetMultiplo,
            loc,
            cell.text.clone(),
            "target del periodo con più valori: non usato, proiezione pro rata",
        ));
        return None;
    };
    match target.kind() {
        TargetKind::Na => return None,
        TargetKind::Text => {
            anomalies.push(Anomaly::new(
                AnomalyCode::TargetNonLetto,
                loc,
                cell.text.clone(),
                "target del periodo non compreso: non usato, proiezione pro rata",
            ));
            return None;
        }
        _ => {}
    }
    Some(crate::model::PeriodTarget {
        months: m,
        raw: cell.text.clone(),
        target: target.clone(),
        op_column: slot.op_column(),
    })
}

fn parse_weight(cell: &RawCell, loc: &Location, anomalies: &mut Vec<Anomaly>) -> Option<Decimal> {
    match &cell.cell.value {
        CellValue::Number(d) => Some(if cell.cell.format == NumFormat::Percent {
            *d * Decimal::from(100)
        } else {
            *d
        }),
        _ => {
            let t = cell.text.trim().trim_end_matches(':');
            let parsed = if t.contains('%') {
                value::parse_percent(t)
            } else {
                value::parse_number(t)
            };
            match parsed {
                Ok(d) => Some(d),
                Err(e) => {
                    anomalies.push(Anomaly::new(
                        AnomalyCode::PesoNonLetto,
                        loc.at_col(cell.col),
                        cell.text.clone(),
                        format!("peso non letto: {e}"),
                    ));
                    None
                }
            }
        }
    }
}

fn to_record(
    raw: RawRow,
    previous: Option<(i32, RawCell)>,
    opts: &Options,
    formats_known: bool,
) -> Record {
    let loc = raw.location.clone();
    let mut anomalies = raw.anomalies.clone();
    let year = opts.anno.or(raw.actual_year).or(raw.context.year);
    let (slot, target_year) = choose_slot(&raw, year);
    let unit = raw.unit.clone();
    let date_ctx = is_date_unit(unit.as_deref());
    let nctx = normalise::Context {
        unit: unit.clone(),
        date_context: date_ctx,
    };
    let mut target_raw = String::new();
    let mut op_column = None;
    let mut target = Target::na();
    let mut target2 = None;
    match slot.and_then(|s| s.value.as_ref().map(|v| (s, v))) {
        Some((s, cell)) => {
            target_raw = cell.text.clone();
            op_column = s.op_column();
            let reading = normalise::normalise_cell(&cell.cell, &nctx);
            for w in reading.warnings {
                anomalies.push(Anomaly::new(
                    w.code,
                    loc.at_col(cell.col),
                    cell.text.clone(),
                    w.message,
                ));
            }
            let mut targets = reading.targets;
            // Targets without years are conditions of one target (a range, a
            // value by a deadline); with years, those of the year wanted.
            if targets.len() > 1 && targets.iter().any(|t| t.year.is_some()) {
                let of_year: Vec<Target> = targets
                    .iter()
                    .filter(|t| t.year.is_some() && t.year == target_year)
                    .cloned()
                    .collect();
                if of_year.is_empty() {
                    anomalies.push(Anomaly::new(
                        AnomalyCode::TargetMultiplo,
                        loc.at_col(cell.col),
                        cell.text.clone(),
                        "la cella contiene più target e nessuno è dell'anno richiesto: usato il primo",
                    ));
                    let first = targets[0].year;
                    targets.retain(|t| t.year == first);
                } else {
                    targets = of_year;
                }
            }
            let mut picked = targets.into_iter();
            if let Some(t) = picked.next() {
                target = t;
            }
            target2 = picked.next();
            if target.kind() == TargetKind::Text
                && !anomalies
                    .iter()
                    .any(|a| a.code == AnomalyCode::TargetNonLetto)
            {
                anomalies.push(Anomaly::new(
                    AnomalyCode::TargetNonLetto,
                    loc.at_col(cell.col),
                    cell.text.clone(),
                    "target non compreso: conservato come testo, indicatore non valutabile",
                ));
            }
        }
        None => {
            let msg = match target_year {
                Some(y) if !raw.targets.is_empty() => format!("nessun target per l'anno {y}"),
                _ => "target assente".to_string(),
            };
            anomalies.push(Anomaly::new(
                AnomalyCode::TargetMancante,
                loc.clone(),
                "",
                msg,
            ));
        }
    }
    let period_target = period_target(&raw, opts.months, target_year, &nctx, &mut anomalies);
    // Actual.
    let target_kind = target.kind();
    let vctx = value::ValueContext {
        unit: unit.clone(),
        date_context: date_ctx || target_kind == TargetKind::Date,
    };
    let mut actual_date = None;
    let (actual_raw, actual) = match &raw.actual {
        Some((_, cell)) => {
            if let CellValue::Text(t) = &cell.cell.value {
                actual_date = normalise::dated_value(t).map(|(_, d)| d);
            }
            let a = read_actual(
                cell,
                (&target, &target_raw),
                &vctx,
                formats_known,
                &loc,
                &mut anomalies,
            );
            (Some(cell.text.clone()), a)
        }
        None => {
            if raw.has_actual_column && !matches!(target_kind, TargetKind::Na) {
                anomalies.push(Anomaly::new(
                    AnomalyCode::ConsuntivoMancante,
                    loc.clone(),
                    "",
                    "consuntivo mancante: indicatore non valutabile",
                ));
            }
            (None, None)
        }
    };
    // A `Data di raggiungimento` column wins over a date written with the actual.
    if let Some(cell) = &raw.actual_date {
        if let Some(d) = date_of_cell(cell, &loc, &mut anomalies) {
            actual_date = Some(d);
        }
    }
    let weight = raw
        .weight
        .as_ref()
        .and_then(|w| parse_weight(w, &loc, &mut anomalies));
    let (baseline_year, baseline_raw, baseline) = match raw.baseline.as_deref() {
        Some((y, cell)) => {
            let bctx = value::ValueContext {
                unit: unit.clone(),
                date_context: vctx.date_context,
            };
            let b = value::actual_from_cell(&cell.cell, &bctx).ok();
            let b = b.map(|b| align_percent(b, &cell.cell, &target));
            (*y, Some(cell.text.clone()), b)
        }
        None => (None, None, None),
    };
    let prev_value =
        previous.and_then(
            |(y, cell)| match value::actual_from_cell(&cell.cell, &vctx) {
                Ok(a) => Some((y, align_percent(a, &cell.cell, &target))),
                Err(e) => {
                    anomalies.push(Anomaly::new(
                        e.code(),
                        loc.at_col(cell.col),
                        cell.text.clone(),
                        format!("valore dell'anno {y} non letto: {e}"),
                    ));
                    None
                }
            },
        );
    let scale = raw
        .scale
        .as_deref()
        .and_then(|s| read_scale(s, &vctx, &loc, &mut anomalies));
    let ctx = &raw.context;
    let owners = structure::owners_of(ctx, opts.organigramma.as_ref(), &loc, &mut anomalies);
    let (objective_code, objective) = ctx.objective_level_shared();
    let objective_weight = ctx.objective_weight.as_deref().and_then(|w| {
        value::parse_percent(w)
            .or_else(|_| value::parse_number(w))
            .ok()
    });
    Record {
        location: loc,
        areas: owners.areas,
        dirigenti: owners.dirigenti,
        owner_source: owners.source,
        transversal: owners.transversal,
        // Shared with the layout's context: one copy per block, not per row.
        strategic_area: ctx.perspective.clone(),
        strategic_objective_code: ctx.strategic_code.clone(),
        strategic_objective: ctx.strategic.clone(),
        objective_code: objective_code
            .cloned()
            .or_else(|| raw.code.as_deref().map(Shared::from)),
        objective: objective.cloned(),
        objective_weight,
        indicator: raw.indicator,
        tipologia: raw.tipologia,
        formula: raw.formula,
        unit,
        weight_raw: raw.weight.as_ref().map(|w| w.text.clone()),
        weight,
        baseline_raw,
        baseline,
        baseline_year,
        target_raw,
        target_year,
        target,
        target2: target2.map(Box::new),
        op_column,
        actual_raw,
        actual,
        actual_date,
        prev_value: prev_value.map(Box::new),
        projection: None,
        period_target: period_target.map(Box::new),
        prior_year: None,
        shifted: raw.shifted,
        score: None,
        anomalies,
        reason: raw.note.filter(|n| !n.trim().is_empty()),
        correction: None,
        scale,
    }
}

/// The indicator's own thresholds and bands, from its `Soglia minima`,
/// `Eccellenza` and `Fasce` cells; a cell not understood is reported and
/// left out (the ordinary rules then score the indicator).
fn read_scale(
    cells: &layout::ScaleCells,
    vctx: &value::ValueContext,
    loc: &Location,
    anomalies: &mut Vec<Anomaly>,
) -> Option<Box<score::IndicatorScale>> {
    let mut scale = score::IndicatorScale::default();
    // A threshold is read as a value (`45`, `80%`), else with the target
    // grammar when that finds one plain number (`45 giorni`, `1 ogni 1.000
    // imprese`: the rate's numerator, as targets compare).
    let plain = |cell: &RawCell| -> Option<Decimal> {
        if let Ok(v) = value::actual_from_cell(&cell.cell, vctx) {
            if let Some(n) = v.numeric() {
                return Some(n);
            }
        }
        let ctx = normalise::Context {
            unit: vctx.unit.clone(),
            date_context: false,
        };
        let reading = normalise::normalise(&cell.text, &ctx);
        match reading.targets.as_slice() {
            [t] if t.op == crate::model::Op::None && reading.warnings.is_empty() => {
                t.value.numeric()
            }
            _ => None,
        }
    };
    let mut number = |cell: &RawCell, what: &str| match plain(cell) {
        Some(n) => Some(n),
        None => {
            anomalies.push(Anomaly::new(
                AnomalyCode::TargetNonLetto,
                loc.at_col(cell.col),
                cell.text.clone(),
                format!("{what} non compresa: ignorata, punteggio con le regole ordinarie"),
            ));
            None
        }
    };
    scale.minimum = cells
        .minimum
        .as_ref()
        .and_then(|c| number(c, "soglia minima"));
    scale.excellence = cells
        .excellence
        .as_ref()
        .and_then(|c| number(c, "soglia di eccellenza"));
    if let Some(cell) = &cells.bands {
        match score::BandScale::parse(&cell.text) {
            Ok(b) => scale.bands = Some(b),
            Err(e) => anomalies.push(Anomaly::new(
                AnomalyCode::TargetNonLetto,
                loc.at_col(cell.col),
                cell.text.clone(),
                format!("fasce di punteggio non comprese ({e}): ignorate, punteggio con le regole ordinarie"),
            )),
        }
    }
    (!scale.is_empty()).then(|| Box::new(scale))
}

/// An actual the value parser left as text, read with the target grammar when
/// that finds exactly one plain value (no operator, nothing doubtful).
fn actual_by_grammar(text: &str, vctx: &value::ValueContext) -> Option<ActualValue> {
    let ctx = normalise::Context {
        unit: vctx.unit.clone(),
        date_context: vctx.date_context,
    };
    let reading = normalise::normalise(text, &ctx);
    // `96% al 15/06/2025`: the value, reached on a date (kept apart).
    if let Some((v, _)) = normalise::dated_value(text) {
        return Some(v);
    }
    let [t] = reading.targets.as_slice() else {
        return None;
    };
    if !reading.warnings.is_empty() || t.op != crate::model::Op::None || t.year.is_some() {
        return None;
    }
    Some(match &t.value {
        TargetValue::Number(d) => ActualValue::Number(*d),
        TargetValue::Percent(d) => ActualValue::Percent(*d),
        TargetValue::Date(d) => ActualValue::Date(*d),
        TargetValue::Bool(b) => ActualValue::Bool(*b),
        TargetValue::Ordinal(o) => ActualValue::Ordinal(o.clone()),
        _ => return None,
    })
}

/// The date in a `Data di raggiungimento` cell; an unreadable one is reported.
fn date_of_cell(
    cell: &RawCell,
    loc: &Location,
    anomalies: &mut Vec<Anomaly>,
) -> Option<chrono::NaiveDate> {
    let found = match &cell.cell.value {
        CellValue::Empty => return None,
        CellValue::Date(dt) => Some(dt.date()),
        CellValue::Number(v) if v.fract().is_zero() => value::excel_serial_to_date(*v),
        CellValue::Text(t) if value::is_placeholder(t.trim()) || t.trim().is_empty() => {
            return None
        }
        CellValue::Text(t) => value::parse_date(t.trim()).ok(),
        _ => None,
    };
    if found.is_none() {
        anomalies.push(Anomaly::new(
            AnomalyCode::DataNonValida,
            loc.at_col(cell.col),
            cell.text.clone(),
            "data di raggiungimento non letta: la scadenza non è verificata",
        ));
    }
    found
}

/// Whether an actual is written as a fraction (`3,8/5`, `2 ogni 1.000`).
fn is_fraction_text(text: &str) -> bool {
    text.contains('/') || text.to_lowercase().contains(" ogni ")
}

/// The numerator of an actual written as a fraction on the target's scale.
fn fraction_actual(text: &str, target: &Target) -> Option<Decimal> {
    if !matches!(
        target.value,
        TargetValue::Rating { .. } | TargetValue::Rate { .. }
    ) || !is_fraction_text(text)
    {
        return None;
    }
    let reading = normalise::normalise(text, &normalise::Context::default());
    let [t] = reading.targets.as_slice() else {
        return None;
    };
    match (&target.value, &t.value) {
        (TargetValue::Rating { scale, .. }, TargetValue::Rating { value, scale: s })
            if s == scale =>
        {
            Some(*value)
        }
        (TargetValue::Rate { den, .. }, TargetValue::Rate { num, den: d }) if d == den => {
            Some(*num)
        }
        _ => None,
    }
}

/// Percent targets: a plain number actual is in percent points, except a
/// fraction from a cell whose format could not be read (flagged).
fn align_percent(a: ActualValue, cell: &read::Cell, target: &Target) -> ActualValue {
    match (&target.value, a) {
        (TargetValue::Percent(_), ActualValue::Number(v)) => ActualValue::Percent(v),
        (_, a) => {
            let _ = cell;
            a
        }
    }
}

/// Whether the words of an actual beside its number (`gg` in `21 gg`) are
/// those of the target (`≤ 30 gg`) or of the unit column.
fn same_unit_words(actual: &str, target_raw: &str, unit: Option<&str>) -> bool {
    let words = |s: &str| -> String {
        layout::headers::fold(s)
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let w = words(actual);
    !w.is_empty() && (w == words(target_raw) || unit.is_some_and(|u| w == words(u)))
}

fn read_actual(
    cell: &RawCell,
    (target, target_raw): (&Target, &str),
    vctx: &value::ValueContext,
    formats_known: bool,
    loc: &Location,
    anomalies: &mut Vec<Anomaly>,
) -> Option<ActualValue> {
    // Rating and rate targets: an actual written like the target (`3,8/5`,
    // `286/10.000 imprese attive`) is read by the same grammar; its
    // numerator is the actual when the scale is the target's.
    if let CellValue::Text(t) = &cell.cell.value {
        if let Some(d) = fraction_actual(t, target) {
            return Some(ActualValue::Number(d));
        }
        if matches!(
            target.value,
            TargetValue::Rating { .. } | TargetValue::Rate { .. }
        ) && is_fraction_text(t)
        {
            anomalies.push(Anomaly::new(
                AnomalyCode::ConsuntivoNonLetto,
                loc.at_col(cell.col),
                t.clone(),
                "consuntivo su una scala diversa da quella del target: indicatore non valutabile",
            ));
            return Some(ActualValue::Text(t.clone()));
        }
    }
    let parsed = value::actual_from_cell(&cell.cell, vctx);
    let a = match parsed {
        Ok(a) => a,
        Err(e) => {
            anomalies.push(Anomaly::new(
                e.code(),
                loc.at_col(cell.col),
                cell.text.clone(),
                format!("consuntivo non letto: {e}"),
            ));
            return Some(ActualValue::Text(cell.text.clone()));
        }
    };
    let a = match a {
        ActualValue::Text(t) => match actual_by_grammar(&t, vctx) {
            // `25 gg`, `3 iniziative`: the target grammar reads a value with
            // words naming what is counted; the reading is recorded.
            // Not recorded when the target names the same unit (`21 gg`
            // against `≤ 30 gg`): nothing is inferred then.
            Some(v) => {
                // A value with the date it was reached is a plain reading too.
                if !same_unit_words(&t, target_raw, vctx.unit.as_deref())
                    && normalise::dated_value(&t).is_none()
                {
                    anomalies.push(Anomaly::new(
                        AnomalyCode::Inferenza,
                        loc.at_col(cell.col),
                        t.clone(),
                        format!(
                            "consuntivo «{t}» letto come {}",
                            v.canonical().unwrap_or_default()
                        ),
                    ));
                }
                v
            }
            None => {
                anomalies.push(Anomaly::new(
                    AnomalyCode::ConsuntivoNonLetto,
                    loc.at_col(cell.col),
                    t.clone(),
                    "consuntivo non compreso: indicatore non valutabile",
                ));
                ActualValue::Text(t)
            }
        },
        other => other,
    };
    // A fraction in a numeric cell whose format is unknown, against a percent target.
    if let (TargetValue::Percent(tv), ActualValue::Number(v), CellValue::Number(_)) =
        (&target.value, &a, &cell.cell.value)
    {
        let unknown = !formats_known || cell.cell.format == NumFormat::Unknown;
        if unknown && v.abs() <= Decimal::new(15, 1) && tv.abs() > Decimal::new(15, 1) {
            let pct = *v * Decimal::from(100);
            anomalies.push(Anomaly::new(
                AnomalyCode::FormatoSconosciuto,
                loc.at_col(cell.col),
                cell.text.clone(),
                format!(
                    "formato della cella non leggibile: {} letto come frazione, cioè {}%",
                    cell.text,
                    value::format_it(pct)
                ),
            ));
            return Some(ActualValue::Percent(pct));
        }
    }
    // A plain number that looks like a fraction against a percent target
    // (`0,96` for `>= 95%`): read as written (0,96%), but never silently.
    if let (TargetValue::Percent(tv), ActualValue::Number(v)) = (&target.value, &a) {
        if !v.is_zero() && v.abs() <= Decimal::new(15, 1) && tv.abs() > Decimal::new(15, 1) {
            anomalies.push(Anomaly::new(
                AnomalyCode::Inferenza,
                loc.at_col(cell.col),
                cell.text.clone(),
                format!(
                    "consuntivo {} letto come {}% (target in percentuale): se è una frazione ({}%) scriverlo come percentuale",
                    cell.text,
                    cell.text,
                    value::format_it(*v * Decimal::from(100))
                ),
            ));
        }
    }
    Some(align_percent(a, &cell.cell, target))
}

#[cfg(test)]
mod tests {
    use super::{date_of_cell, give_back_half, same_unit_words, BLOCK};
    use crate::layout::RawCell;
    use crate::model::{AnomalyCode, Location};
    use crate::read::{Cell, CellValue, NumFormat};

    #[test]
    fn rows_are_given_back_as_blocks_are_taken_and_keep_their_order() {
        for n in [0, 1, BLOCK - 1, BLOCK, BLOCK + 1, 3 * BLOCK + 17] {
            let mut rest = std::collections::VecDeque::from((0..n).collect::<Vec<usize>>());
            let mut seen = Vec::new();
            while !rest.is_empty() {
                seen.extend(rest.drain(..BLOCK.min(rest.len())));
                give_back_half(&mut rest);
                // Never more than twice the room the waiting rows need.
                assert!(rest.capacity() <= 2 * rest.len().max(1), "{n} righe");
            }
            assert_eq!(seen, (0..n).collect::<Vec<usize>>(), "{n} righe");
        }
    }

    #[test]
    fn dates_of_achievement() {
        let cell = |v: CellValue, text: &str| RawCell {
            cell: Cell {
                value: v,
                format: NumFormat::General,
            },
            col: 7,
            text: text.into(),
        };
        let loc = Location::row("p.csv", "p", 4);
        let mut an = Vec::new();
        let t = |s: &str| cell(CellValue::Text(s.into()), s);
        assert_eq!(
            date_of_cell(&t("31/07/2025"), &loc, &mut an).map(|d| d.to_string()),
            Some("2025-07-31".into())
        );
        let serial = cell(CellValue::Number(45900.into()), "45900");
        assert_eq!(
            date_of_cell(&serial, &loc, &mut an).map(|d| d.to_string()),
            Some("2025-08-31".into())
        );
        assert!(date_of_cell(&t("n.d."), &loc, &mut an).is_none());
        assert!(date_of_cell(&cell(CellValue::Empty, ""), &loc, &mut an).is_none());
        assert!(an.is_empty());
        // Not a date: reported at its cell.
        assert!(date_of_cell(&t("a luglio"), &loc, &mut an).is_none());
        assert_eq!(an.len(), 1);
        assert_eq!(an[0].code, AnomalyCode::DataNonValida);
        assert_eq!(an[0].location.cell_ref(), "H4");
    }

    #[test]
    fn words_of_the_unit_are_not_an_inference() {
        assert!(same_unit_words("21 gg", "≤ 30 gg", None));
        assert!(same_unit_words("25 gg", "<= 30", Some("gg")));
        assert!(!same_unit_words("3 iniziative", ">= 4", Some("n.")));
        assert!(!same_unit_words("25", "<= 30", Some("gg")));
    }
}
