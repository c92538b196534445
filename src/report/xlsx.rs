//! Writing the report workbook with rust_xlsxwriter.

use std::borrow::Cow;

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use rust_xlsxwriter::{
    Chart, ChartPoint, ChartSolidFill, ConditionalFormatCell, ConditionalFormatCellRule,
    DocProperties, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
};

use super::template::{parse_colour, Column, Template};
use super::text::targets_phrase;
use super::{Block, ReportError, ReportMeta, Scope, View};
use crate::export::{excel_date, fixed_datetime};
use crate::model::{ActualValue, Op, PolaritySource, Record, Score, Status, TargetValue};

/// Year on year (`--precedente`): everything the reports show of it.
mod confronto;

/// Paper size code of A4 in Excel.
const A4: u8 = 9;
/// Row of the table header in the Obiettivi and Anomalie sheets (0-based).
const HEADER_ROW: u32 = 3;
/// Printable height of an A4 landscape page with the margins of
/// [`print_setup`], in points (8,27 in less 0,7 in top and bottom).
const PAGE_PT: f64 = (8.27 - 1.4) * 72.0;
/// Tallest Sintesi chart, in pixels: it fits one printed page
/// ([`PAGE_PT`] is about 660 pixels).
const CHART_MAX_PX: u32 = 600;

/// All cell formats of a report, built once from the template colours.
struct Styles {
    title: Format,
    subtitle: Format,
    label: Format,
    value: Format,
    header: Format,
    cell: Format,
    wrap: Format,
    sub: Format,
    obj: Format,
    obj_wrap: Format,
    date: Format,
    /// `cell` with the number format of 0–4 decimals ([`decimals_format`]).
    numbers: [Format; 5],
    /// `cell` with the percent format of 0–2 decimals, unsigned then signed
    /// ([`percents_format`]).
    percents: [[Format; 3]; 2],
    /// The attainment percent format ([`attainment_format`]) on `cell`, and
    /// on `obj` for objective rows.
    attainment: Format,
    obj_attainment: Format,
    /// That percent format.
    pct: String,
    /// Decimals of the attainments shown (percent points).
    dp: u32,
    /// Status band fills, in the order of [`Status`].
    bands: [Format; 4],
    chart: [u32; 3],
}

fn colour(s: &str, fallback: u32) -> u32 {
    parse_colour(s).unwrap_or(fallback)
}

impl Styles {
    fn new(tpl: &Template, dp: u32) -> Styles {
        let pct = attainment_format(dp);
        let c = &tpl.colori;
        let border = colour(&c.bordo, 0xBFBFBF);
        let cell = Format::new()
            .set_border(FormatBorder::Thin)
            .set_border_color(border)
            .set_align(FormatAlign::Top);
        let band = |s: &str, f: u32| cell.clone().set_background_color(colour(s, f));
        let obj = cell
            .clone()
            .set_bold()
            .set_background_color(colour(&c.obiettivo, 0xDDEBF7));
        Styles {
            title: Format::new()
                .set_bold()
                .set_font_size(14)
                .set_font_color(colour(&c.titolo, 0x1F4E79)),
            subtitle: Format::new().set_italic().set_font_color(0x595959),
            label: Format::new().set_bold().set_align(FormatAlign::Top),
            value: Format::new()
                .set_align(FormatAlign::Left)
                .set_align(FormatAlign::Top),
            header: cell
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::VerticalCenter)
                .set_background_color(colour(&c.intestazione, 0x1F4E79))
                .set_font_color(colour(&c.testo_intestazione, 0xFFFFFF)),
            wrap: cell.clone().set_text_wrap(),
            sub: cell.clone().set_font_color(0x808080),
            obj_wrap: obj.clone().set_text_wrap(),
            obj_attainment: obj.clone().set_num_format(&pct),
            obj,
            date: cell.clone().set_num_format("dd/mm/yyyy"),
            // Resolved once: cloning a Format per cell showed in profiles.
            numbers: std::array::from_fn(|n| cell.clone().set_num_format(decimals_format(n))),
            percents: [false, true].map(|signed| {
                std::array::from_fn(|n| cell.clone().set_num_format(percents_format(n, signed)))
            }),
            attainment: cell.clone().set_num_format(&pct),
            bands: [
                band(&c.raggiunto, 0xC6EFCE),
                band(&c.parziale, 0xFFEB9C),
                band(&c.non_raggiunto, 0xFFC7CE),
                band(&c.non_valutabile, 0xE7E6E6),
            ],
            chart: [
                colour(&c.grafico_raggiunto, 0x70AD47),
                colour(&c.grafico_parziale, 0xFFC000),
                colour(&c.grafico_non_raggiunto, 0xC00000),
            ],
            cell,
            pct,
            dp,
        }
    }
}

/// Most decimals an attainment is shown with.
const MAX_ATTAINMENT_DP: u32 = 4;

/// Decimals the attainments of `view` are shown with: as many as the most
/// precise of them has (the rules' decimals), at least one, at most
/// [`MAX_ATTAINMENT_DP`]. An attainment is thus shown as computed, never
/// rounded up: 99,99 is `99,99%`, never `100,0%` beside an unmet status.
fn attainment_decimals(view: &View) -> u32 {
    let records = view
        .blocks
        .iter()
        .flat_map(|b| b.records.iter())
        .filter_map(|&i| view.records.get(i))
        .filter_map(|r| r.score.as_ref().and_then(|s| s.attainment));
    view.blocks
        .iter()
        .filter_map(|b| b.attainment)
        .chain(view.attainment)
        .chain(records)
        .map(|a| a.normalize().scale())
        .max()
        .unwrap_or(0)
        .clamp(1, MAX_ATTAINMENT_DP)
}

/// Percent format (of a fraction) with `dp` decimals of percent points.
fn attainment_format(dp: u32) -> String {
    percents_format(dp as usize, false)
}

/// An attainment (percent points) as the Excel fraction shown with `dp`
/// decimals: cut toward zero beyond them, so that no value is shown higher
/// than it is (99,99999 with 4 decimals is `99,9999%`, never `100,0000%`).
fn shown_fraction(a: Decimal, dp: u32) -> f64 {
    fraction(a.round_dp_with_strategy(dp, rust_decimal::RoundingStrategy::ToZero))
}

fn band_index(s: Status) -> usize {
    match s {
        Status::Raggiunto => 0,
        Status::Parziale => 1,
        Status::NonRaggiunto => 2,
        Status::NonValutabile => 3,
    }
}

fn status_text(tpl: &Template, s: Status) -> &str {
    match s {
        Status::Raggiunto => &tpl.stati.raggiunto,
        Status::Parziale => &tpl.stati.parziale,
        Status::NonRaggiunto => &tpl.stati.non_raggiunto,
        Status::NonValutabile => &tpl.stati.non_valutabile,
    }
}

/// The criterion of assessment in plain Italian, one wording per case: a
/// deadline is always `entro la scadenza`; otherwise which result is better
/// and, in brackets, where that was read (`più basso è meglio (dedotto dal
/// testo dell'indicatore)`).
fn criterion_text(tpl: &Template, rec: &Record, s: &Score) -> String {
    let p = &tpl.polarita;
    let deadline = s.polarity_source == PolaritySource::Deadline
        || (matches!(rec.target.value, TargetValue::Date(_))
            && matches!(s.polarity, Op::Le | Op::Lt | Op::None));
    if deadline {
        return p.deadline.trim().to_string();
    }
    let direction = match s.polarity {
        Op::Ge | Op::Gt | Op::None => &p.maggiore,
        Op::Le | Op::Lt => &p.minore,
        Op::Eq => &p.uguale,
    };
    let why = match s.polarity_source {
        PolaritySource::Operator => &p.operator,
        PolaritySource::Column => &p.column,
        PolaritySource::Deadline => &p.deadline,
        PolaritySource::Keyword => &p.keyword,
        PolaritySource::Default => &p.default,
    };
    let base = match (direction.trim(), why.trim()) {
        (d, "") => d.to_string(),
        ("", w) => w.to_string(),
        (d, w) => format!("{d} ({w})"),
    };
    // The indicator's own thresholds or bands, when they scored it.
    match s.trace.iter().find_map(|t| crate::score::cited_rule(t)) {
        Some(rule) => format!("{base}; {rule}"),
        None => base,
    }
}

/// Where an anomaly is, as the Anomalie sheet's `Cella` shows it: a cell
/// reference (`D12`), or `riga 7` when no cell applies (empty when not even
/// a row does).
fn cell_text(l: &crate::model::Location) -> String {
    match (l.col, l.row) {
        (Some(_), _) => l.cell_ref(),
        (None, 0) => String::new(),
        (None, r) => format!("riga {r}"),
    }
}

/// Decimals of `d` once normalised, at most `max`.
fn scale(d: Decimal, max: u32) -> usize {
    d.normalize().scale().min(max) as usize
}

/// Number format with exactly `scale` decimals, grouped: Italian Excel
/// shows `1.234,56`.
fn decimals_format(scale: usize) -> String {
    if scale == 0 {
        "#,##0".to_string()
    } else {
        format!("#,##0.{}", "0".repeat(scale))
    }
}

/// Percent format (for a fraction) with `scale` decimals; `signed` adds an
/// explicit `+`.
fn percents_format(scale: usize, signed: bool) -> String {
    let base = if scale == 0 {
        "0%".to_string()
    } else {
        format!("0.{}%", "0".repeat(scale))
    };
    if signed {
        format!("+{base};-{base};{base}")
    } else {
        base
    }
}

fn f64_of(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(0.0)
}

/// Attainment in percent points as an Excel fraction (72.21 → 0.7221).
fn fraction(a: Decimal) -> f64 {
    f64_of(a / Decimal::from(100))
}

/// Escapes `&` for page headers and footers, and caps the length.
fn hf(s: &str) -> String {
    let short: String = s.chars().take(80).collect();
    short.replace('&', "&&")
}

/// The indicator as a report shows it: with `(condiviso con …)` naming the
/// other owners when it is owned jointly (the dirigenti, else the areas;
/// in a dirigente's or an area's report, the others than the report's own).
fn indicator_text<'a>(rec: &'a Record, scope: &Scope, tpl: &Template) -> Cow<'a, str> {
    if !rec.shared() {
        return Cow::Borrowed(&rec.indicator);
    }
    let (owners, own) = match scope {
        Scope::Area(a) if rec.areas.len() > 1 => (&rec.areas, Some(a)),
        Scope::Dirigente(d) if rec.dirigenti.len() > 1 => (&rec.dirigenti, Some(d)),
        _ if rec.dirigenti.len() > 1 => (&rec.dirigenti, None),
        _ => (&rec.areas, None),
    };
    let others: Vec<&str> = owners
        .iter()
        .map(String::as_str)
        .filter(|o| own.is_none_or(|me| !o.eq_ignore_ascii_case(me)))
        .collect();
    if others.is_empty() || owners.len() < 2 {
        return Cow::Borrowed(&rec.indicator);
    }
    Cow::Owned(format!(
        "{}\n({} {})",
        rec.indicator,
        tpl.etichette.condiviso_con,
        others.join("; ")
    ))
}

/// What the report is about: (label, name).
fn scope_line(scope: &Scope, tpl: &Template) -> (String, String) {
    let e = &tpl.etichette;
    match scope {
        Scope::Dirigente(d) => (e.dirigente.clone(), d.clone()),
        Scope::Area(a) => (e.area.clone(), a.clone()),
        Scope::Ente => (e.ambito.clone(), e.intero_ente.clone()),
        Scope::NonAssegnati => (e.ambito.clone(), e.non_assegnati.clone()),
    }
}

fn title(tpl: &Template, meta: &ReportMeta) -> String {
    if let Some(d) = tpl.documento.periodo {
        return tpl
            .documento
            .titolo_periodo
            .replace("{data}", &d.format("%d/%m/%Y").to_string());
    }
    match meta.anno {
        Some(y) => format!("{} {y}", tpl.documento.titolo),
        None => tpl.documento.titolo.clone(),
    }
}

fn ente_name(tpl: &Template, meta: &ReportMeta) -> String {
    meta.ente
        .clone()
        .filter(|e| !e.trim().is_empty())
        .unwrap_or_else(|| tpl.documento.ente_predefinito.clone())
}

/// The note beside a scope's overall attainment: how many objectives it
/// was computed on when some were not assessable, and how the weights were
/// used (`media semplice` when they were missing), from the roll-up.
///
/// `None` when the figure needs no note.
fn computation_note(view: &View) -> Option<String> {
    let mut parts = Vec::new();
    let c = view.counts;
    let total = c.total();
    let excluded = c.non_valutabili;
    if view.attainment.is_some() && excluded > 0 && total > excluded {
        let used = total - excluded;
        parts.push(format!(
            "calcolato su {used} {} su {total}: {excluded} non {} (esclus{} dal calcolo)",
            if used == 1 { "obiettivo" } else { "obiettivi" },
            if excluded == 1 {
                "valutabile"
            } else {
                "valutabili"
            },
            if excluded == 1 { "o" } else { "i" },
        ));
    }
    for n in &view.notes {
        // The exclusion is said above, in words the reader can count.
        if n.contains("esclusi dal calcolo") {
            continue;
        }
        let n = n.strip_prefix("ente: ").unwrap_or(n);
        if !parts.iter().any(|p| p == n) {
            parts.push(n.to_string());
        }
    }
    if parts.is_empty() {
        None
    } else {
        Some(parts.join("; "))
    }
}

fn col(c: usize) -> Result<u16, ReportError> {
    u16::try_from(c).map_err(|_| ReportError::Xlsx("troppe colonne".into()))
}

/// A4 landscape, header row repeated, title and page numbers; one page wide
/// when `repeat` names a header row (the tables; the Sintesi is printed at
/// its size, so that its page break before the chart holds: spreadsheets
/// ignore manual breaks on a sheet scaled to fit).
fn print_setup(
    ws: &mut Worksheet,
    tpl: &Template,
    meta: &ReportMeta,
    scope: &Scope,
    repeat: Option<u32>,
) -> Result<(), ReportError> {
    let (label, name) = scope_line(scope, tpl);
    ws.set_paper_size(A4);
    ws.set_landscape();
    if repeat.is_some() {
        ws.set_print_fit_to_pages(1, 0);
    }
    ws.set_margins(0.5, 0.5, 0.7, 0.7, 0.3, 0.3);
    ws.set_header(format!(
        "&L&\"-,Bold\"{}&R{}: {}",
        hf(&title(tpl, meta)),
        hf(&label),
        hf(&name)
    ));
    ws.set_footer(format!(
        "&L{}&R{}",
        hf(&ente_name(tpl, meta)),
        tpl.documento.pie_di_pagina
    ));
    if let Some(r) = repeat {
        ws.set_repeat_rows(r, r)?;
    }
    Ok(())
}

/// Traffic-light conditional formats on a range of status cells.
fn traffic_light(
    ws: &mut Worksheet,
    tpl: &Template,
    st: &Styles,
    (r1, c1, r2, c2): (u32, u16, u32, u16),
) -> Result<(), ReportError> {
    for s in [
        Status::Raggiunto,
        Status::Parziale,
        Status::NonRaggiunto,
        Status::NonValutabile,
    ] {
        let cf = ConditionalFormatCell::new()
            .set_rule(ConditionalFormatCellRule::EqualTo(status_text(tpl, s)))
            .set_format(&st.bands[band_index(s)]);
        ws.add_conditional_format(r1, c1, r2, c2, &cf)?;
    }
    Ok(())
}

/// Writes a typed value (baseline or actual), or its raw text.
fn write_value(
    ws: &mut Worksheet,
    r: u32,
    c: u16,
    value: Option<&ActualValue>,
    raw: Option<&str>,
    st: &Styles,
) -> Result<(), ReportError> {
    let raw_text = raw.unwrap_or("").trim();
    match value {
        Some(ActualValue::Number(d)) => {
            write_number(ws, r, c, f64_of(*d), &st.numbers[scale(*d, 4)])?;
        }
        Some(ActualValue::Percent(d)) => {
            write_number(ws, r, c, fraction(*d), &st.percents[0][scale(*d, 2)])?;
        }
        Some(ActualValue::Variation(d)) => {
            write_number(ws, r, c, fraction(*d), &st.percents[1][scale(*d, 2)])?;
        }
        Some(ActualValue::Date(d)) => match excel_date(*d) {
            Some(x) => {
                ws.write_datetime_with_format(r, c, &x, &st.date)?;
            }
            None => {
                ws.write_string_with_format(r, c, d.format("%d/%m/%Y").to_string(), &st.cell)?;
            }
        },
        Some(ActualValue::Bool(b)) => {
            ws.write_string_with_format(r, c, if *b { "sì" } else { "no" }, &st.cell)?;
        }
        Some(ActualValue::Ordinal(w)) => {
            ws.write_string_with_format(r, c, w, &st.cell)?;
        }
        Some(ActualValue::Na) if raw_text.is_empty() => {
            ws.write_string_with_format(r, c, "n.d.", &st.cell)?;
        }
        _ if !raw_text.is_empty() => {
            ws.write_string_with_format(r, c, raw_text, &st.wrap)?;
        }
        _ => {
            ws.write_blank(r, c, &st.cell)?;
        }
    }
    Ok(())
}

/// Writes a number with `fmt` (which carries its number format).
fn write_number(
    ws: &mut Worksheet,
    r: u32,
    c: u16,
    x: f64,
    fmt: &Format,
) -> Result<(), ReportError> {
    ws.write_number_with_format(r, c, x, fmt)?;
    Ok(())
}

/// Writes an attainment (percent points) as a fraction with `percent`
/// (the format of `dp` decimals), or a blank in `blank`.
fn write_attainment(
    ws: &mut Worksheet,
    r: u32,
    c: u16,
    attainment: Option<Decimal>,
    (blank, percent): (&Format, &Format),
    dp: u32,
) -> Result<(), ReportError> {
    match attainment {
        Some(a) => write_number(ws, r, c, shown_fraction(a, dp), percent),
        None => {
            ws.write_blank(r, c, blank)?;
            Ok(())
        }
    }
}

fn write_text(
    ws: &mut Worksheet,
    r: u32,
    c: u16,
    s: Option<&str>,
    fmt: &Format,
) -> Result<(), ReportError> {
    match s.map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => ws.write_string_with_format(r, c, s, fmt)?,
        None => ws.write_blank(r, c, fmt)?,
    };
    Ok(())
}

/// One cell of an indicator row; `phrase` is the target as read, in words.
#[allow(clippy::too_many_arguments)]
fn write_indicator_cell(
    ws: &mut Worksheet,
    r: u32,
    c: u16,
    column: Column,
    rec: &Record,
    phrase: &str,
    tpl: &Template,
    st: &Styles,
) -> Result<(), ReportError> {
    let score = rec.score.as_ref();
    match column {
        Column::Indicatore => write_text(ws, r, c, Some(&rec.indicator), &st.wrap)?,
        Column::Tipologia => write_text(ws, r, c, rec.tipologia.as_deref(), &st.cell)?,
        Column::Formula => write_text(ws, r, c, rec.formula.as_deref(), &st.wrap)?,
        Column::Udm => write_text(ws, r, c, rec.unit.as_deref(), &st.cell)?,
        Column::Peso => match rec.weight {
            Some(w) => write_number(ws, r, c, f64_of(w), &st.numbers[scale(w, 4)])?,
            None => write_text(ws, r, c, rec.weight_raw.as_deref(), &st.cell)?,
        },
        Column::Baseline => write_value(
            ws,
            r,
            c,
            rec.baseline.as_ref(),
            rec.baseline_raw.as_deref(),
            st,
        )?,
        Column::Target => write_text(ws, r, c, Some(&rec.target_raw), &st.wrap)?,
        Column::TargetLetto => write_text(ws, r, c, Some(phrase), &st.wrap)?,
        Column::Consuntivo => {
            write_value(ws, r, c, rec.actual.as_ref(), rec.actual_raw.as_deref(), st)?
        }
        Column::Raggiungimento => write_attainment(
            ws,
            r,
            c,
            score.and_then(|s| s.attainment),
            (&st.cell, &st.attainment),
            st.dp,
        )?,
        Column::Stato => {
            // An indicator the office excluded is not "non valutabile".
            let excluded = rec
                .correction
                .as_ref()
                .is_some_and(|c| c.correction == crate::rettifiche::Correction::Excluded);
            let text = if excluded {
                Some("escluso (rettifica)")
            } else {
                score.map(|s| status_text(tpl, s.status))
            };
            write_text(ws, r, c, text, &st.cell)?
        }
        Column::Polarita => {
            let text = score.map(|s| criterion_text(tpl, rec, s));
            write_text(ws, r, c, text.as_deref(), &st.wrap)?
        }
        Column::Proiezione => {
            let text = rec.projection.as_ref().map(|p| {
                let fmt = crate::report::format_it;
                let what = match (&p.period_target, p.expected) {
                    (Some(t), _) => format!("target a {} mesi «{}»", p.months, t.trim()),
                    (None, Some(e)) => format!("atteso a {} mesi: {}", p.months, fmt(e)),
                    (None, None) => format!("a {} mesi", p.months),
                };
                format!(
                    "{what} · {}% ({})",
                    fmt(p.attainment.round_dp(1)),
                    status_text(tpl, p.status)
                )
            });
            write_text(ws, r, c, text.as_deref(), &st.wrap)?
        }
        Column::Motivazione => {
            let text = motivation_text(rec);
            write_text(ws, r, c, text.as_deref(), &st.wrap)?
        }
        Column::Confronto => {
            let text = confronto::indicator_text(rec);
            write_text(ws, r, c, text.as_deref(), &st.cell)?
        }
        Column::Fonte => {
            let l = &rec.location;
            let text = format!("{} · {} · riga {}", l.file, l.sheet, l.row);
            write_text(ws, r, c, Some(&text), &st.wrap)?
        }
        Column::Anomalie => {
            let text = rec
                .anomalies
                .iter()
                .map(|a| a.message.as_str())
                .collect::<Vec<_>>()
                .join("; ");
            write_text(ws, r, c, Some(&text), &st.wrap)?
        }
    }
    Ok(())
}

/// Title and scope lines at the top of a sheet.
fn sheet_title(
    ws: &mut Worksheet,
    scope: &Scope,
    tpl: &Template,
    meta: &ReportMeta,
    st: &Styles,
) -> Result<(), ReportError> {
    let (label, name) = scope_line(scope, tpl);
    ws.write_string_with_format(0, 0, title(tpl, meta), &st.title)?;
    ws.set_row_height(0, 22)?;
    ws.write_string_with_format(
        1,
        0,
        format!("{} · {label}: {name}", ente_name(tpl, meta)),
        &st.subtitle,
    )?;
    Ok(())
}

fn sintesi(
    wb: &mut Workbook,
    scope: &Scope,
    view: &View,
    tpl: &Template,
    meta: &ReportMeta,
    st: &Styles,
) -> Result<(), ReportError> {
    let e = &tpl.etichette;
    let sheet = tpl.fogli.sintesi.clone();
    let ws = wb.add_worksheet();
    // Height of the rows written (points), to place the chart on one page.
    let mut extra_pt = 7.0; // the title row: 22 points instead of 15
    ws.set_name(&sheet)?;
    // The four columns fit an A4 landscape page at 100 % (the sheet is not
    // scaled, so that the chart's page break holds).
    ws.set_column_width(0, 32)?;
    ws.set_column_width(1, 50)?;
    ws.set_column_width(2, 15)?;
    ws.set_column_width(3, 23)?;
    ws.write_string_with_format(0, 0, title(tpl, meta), &st.title)?;
    ws.set_row_height(0, 22)?;
    ws.write_string_with_format(1, 0, &tpl.documento.sottotitolo, &st.subtitle)?;

    let (label, name) = scope_line(scope, tpl);
    let mut r = 3u32;
    ws.write_string_with_format(r, 0, &e.ente, &st.label)?;
    ws.write_string_with_format(r, 1, ente_name(tpl, meta), &st.value)?;
    r += 1;
    ws.write_string_with_format(r, 0, &e.anno, &st.label)?;
    match meta.anno {
        Some(y) => {
            ws.write_number_with_format(r, 1, f64::from(y), &st.value.clone().set_num_format("0"))?
        }
        None => ws.write_blank(r, 1, &st.value)?,
    };
    r += 1;
    ws.write_string_with_format(r, 0, &label, &st.label)?;
    ws.write_string_with_format(r, 1, &name, &st.value)?;
    r += 1;
    ws.write_string_with_format(r, 0, &e.raggiungimento_complessivo, &st.label)?;
    match view.attainment {
        Some(a) => ws.write_number_with_format(
            r,
            1,
            shown_fraction(a, st.dp),
            &st.label
                .clone()
                .set_num_format(&st.pct)
                .set_align(FormatAlign::Left),
        )?,
        None => ws.write_string_with_format(r, 1, "—", &st.value)?,
    };
    // Beside the figure: on how many objectives it was computed and how.
    if let Some(note) = computation_note(view) {
        ws.merge_range(r, 2, r, 3, &note, &st.subtitle.clone().set_text_wrap())?;
        extra_pt += fit_height(ws, r, &[(&note, 40.0)])?;
    }
    r += 1;
    ws.write_string_with_format(r, 0, &e.stato_complessivo, &st.label)?;
    match view.status {
        Some(s) => {
            ws.write_string_with_format(r, 1, status_text(tpl, s), &st.cell)?;
            traffic_light(ws, tpl, st, (r, 1, r, 1))?;
        }
        None => {
            ws.write_blank(r, 1, &st.value)?;
        }
    }
    r += 1;
    r += confronto::sintesi_line(ws, r, view, tpl, st)?;
    if let Some(d) = meta.generated_on.and_then(excel_date) {
        ws.write_string_with_format(r, 0, &e.data_elaborazione, &st.label)?;
        ws.write_datetime_with_format(r, 1, &d, &st.value.clone().set_num_format("dd/mm/yyyy"))?;
        r += 1;
    }

    // Objectives by status.
    r += 1;
    ws.write_string_with_format(r, 0, &e.obiettivi_per_stato, &st.header)?;
    ws.write_string_with_format(r, 1, &e.numero, &st.header)?;
    let c = view.counts;
    for (s, n) in [
        (Status::Raggiunto, c.raggiunti),
        (Status::Parziale, c.parziali),
        (Status::NonRaggiunto, c.non_raggiunti),
        (Status::NonValutabile, c.non_valutabili),
    ] {
        r += 1;
        ws.write_string_with_format(r, 0, status_text(tpl, s), &st.bands[band_index(s)])?;
        ws.write_number_with_format(
            r,
            1,
            n as f64,
            &st.cell.clone().set_align(FormatAlign::Left),
        )?;
    }
    r += 1;
    ws.write_string_with_format(r, 0, &e.totale, &st.cell.clone().set_bold())?;
    ws.write_number_with_format(
        r,
        1,
        c.total() as f64,
        &st.cell.clone().set_bold().set_align(FormatAlign::Left),
    )?;

    // Legend.
    r += 2;
    ws.write_string_with_format(r, 0, &e.legenda, &st.label)?;
    let thr = |s: &str| {
        s.replace("{raggiunto}", &super::format_it(tpl.soglie.raggiunto))
            .replace("{parziale}", &super::format_it(tpl.soglie.parziale))
    };
    for (s, text) in [
        (Status::Raggiunto, thr(&e.soglia_raggiunto)),
        (Status::Parziale, thr(&e.soglia_parziale)),
        (Status::NonRaggiunto, thr(&e.soglia_non_raggiunto)),
        (Status::NonValutabile, thr(&e.soglia_non_valutabile)),
    ] {
        r += 1;
        ws.write_string_with_format(r, 0, status_text(tpl, s), &st.bands[band_index(s)])?;
        ws.write_string_with_format(r, 1, text, &st.wrap)?;
    }

    // Objective table and chart.
    if !view.blocks.is_empty() {
        r += 2;
        ws.write_string_with_format(r, 0, &e.raggiungimento_per_obiettivo, &st.label)?;
        r += 1;
        // No code column when the plan gives no codes: the title takes its place.
        let coded = has_codes(view);
        if coded {
            ws.write_string_with_format(r, 0, &e.codice, &st.header)?;
            ws.write_string_with_format(r, 1, &e.obiettivo, &st.header)?;
        } else {
            ws.merge_range(r, 0, r, 1, &e.obiettivo, &st.header)?;
        }
        ws.write_string_with_format(r, 2, &e.raggiungimento, &st.header)?;
        ws.write_string_with_format(r, 3, &e.stato, &st.header)?;
        if view.changes.is_some() {
            ws.set_column_width(4, 26)?;
            ws.write_string_with_format(r, 4, &e.variazione, &st.header)?;
        }
        let first = r + 1;
        let mut points = Vec::new();
        for b in view.blocks.iter() {
            r += 1;
            // The plan's code, never one made up per workbook.
            let title = b.title.as_deref().unwrap_or(&e.senza_obiettivo);
            if coded {
                let code = b.code.as_deref().unwrap_or_default();
                ws.write_string_with_format(r, 0, code, &st.cell)?;
                write_text(ws, r, 1, Some(title), &st.wrap)?;
                extra_pt += fit_height(ws, r, &[(title, 50.0)])?;
            } else {
                ws.merge_range(r, 0, r, 1, title, &st.wrap)?;
                extra_pt += fit_height(ws, r, &[(title, 82.0)])?;
            }
            write_attainment(ws, r, 2, b.attainment, (&st.cell, &st.attainment), st.dp)?;
            write_text(ws, r, 3, b.status.map(|s| status_text(tpl, s)), &st.cell)?;
            if view.changes.is_some() {
                let text = confronto::group_text(b.attainment, b.prior);
                write_text(ws, r, 4, text.as_deref(), &st.cell)?;
            }
            let colour = match b.status {
                Some(Status::Raggiunto) => st.chart[0],
                Some(Status::Parziale) => st.chart[1],
                _ => st.chart[2],
            };
            points.push(ChartPoint::new().set_format(ChartSolidFill::new().set_color(colour)));
        }
        let last = r;
        traffic_light(ws, tpl, st, (first, 3, last, 3))?;

        let n = view.blocks.len() as u32;
        // Bars named by the plan's codes, by the titles when there are none.
        let cat = 0;
        let mut chart = Chart::new_bar();
        chart
            .add_series()
            .set_categories((sheet.as_str(), first, cat, last, cat))
            .set_values((sheet.as_str(), first, 2, last, 2))
            .set_name(e.raggiungimento.as_str())
            .set_points(&points)
            .set_gap(60)
            .set_data_label(
                rust_xlsxwriter::ChartDataLabel::new()
                    .show_value()
                    .set_num_format(&st.pct),
            );
        chart
            .title()
            .set_name(e.raggiungimento_per_obiettivo.as_str());
        chart.legend().set_hidden();
        // Bar charts: the y axis holds the categories (first objective on
        // top), the x axis the values.
        chart.y_axis().set_reverse();
        chart.x_axis().set_min(0).set_num_format("0%");
        chart.set_width(820);
        let height = (90 + 26 * n).clamp(240, CHART_MAX_PX);
        chart.set_height(height);
        chart.set_alt_text(e.raggiungimento_per_obiettivo.as_str());
        // The chart on one printed page: it starts a page unless it fits
        // below what precedes it.
        let at = last + 2;
        let above_pt = 15.0 * f64::from(at) + extra_pt;
        if above_pt + f64::from(height) * 0.75 > PAGE_PT {
            ws.set_page_breaks(&[at])?;
        }
        ws.insert_chart(at, 0, &chart)?;
    }
    print_setup(ws, tpl, meta, scope, None)?;
    ws.set_print_fit_to_pages(1, 0);
    Ok(())
}

/// Lines a text needs in a cell `width` characters wide (rough estimate).
fn lines_needed(text: &str, width: f64) -> u32 {
    // A column of width w holds about w characters of the default font;
    // words wrap whole, so count a little less per line.
    let per_line = (width * 0.95).max(1.0);
    text.split('\n')
        .map(|l| (l.chars().count() as f64 / per_line).ceil().max(1.0) as u32)
        .sum()
}

/// Sets the height of row `r` to fit wrapped texts (text, column width):
/// spreadsheets do not always recompute heights of generated files.
/// Returns the points added to the default height.
fn fit_height(ws: &mut Worksheet, r: u32, texts: &[(&str, f64)]) -> Result<f64, ReportError> {
    let lines = texts
        .iter()
        .map(|(t, w)| lines_needed(t, *w))
        .max()
        .unwrap_or(1);
    if lines > 1 {
        let h = 15.0 * f64::from(lines.min(12)) + 2.0;
        ws.set_row_height(r, h)?;
        return Ok(h - 15.0);
    }
    Ok(0.0)
}

fn obiettivi(
    wb: &mut Workbook,
    scope: &Scope,
    view: &View,
    tpl: &Template,
    meta: &ReportMeta,
    st: &Styles,
) -> Result<(), ReportError> {
    let pages = paginate(&view.blocks);
    for (k, blocks) in pages.iter().enumerate() {
        let name = sheet_name(&tpl.fogli.obiettivi, k);
        obiettivi_sheet(wb, scope, view, blocks, &name, tpl, meta, st)?;
    }
    Ok(())
}

/// Rows a sheet can hold below its header (Excel's limit is 1,048,576 rows).
const ROWS_PER_SHEET: usize = 1_048_576 - HEADER_ROW as usize - 1;

/// Splits the objective blocks into pages that fit one sheet each; a block
/// larger than a sheet continues, with its objective row repeated, on the next.
fn paginate(blocks: &[Block]) -> Vec<Vec<Block>> {
    paginate_with(blocks, ROWS_PER_SHEET)
}

fn paginate_with(blocks: &[Block], cap: usize) -> Vec<Vec<Block>> {
    let cap = cap.max(2);
    let mut pages: Vec<Vec<Block>> = vec![Vec::new()];
    let mut used = 0;
    for b in blocks {
        let mut rest: &[usize] = &b.records;
        loop {
            if used + 2 > cap {
                pages.push(Vec::new());
                used = 0;
            }
            let take = rest.len().min(cap - used - 1);
            let mut part = b.clone();
            part.records = rest[..take].to_vec();
            used += 1 + take;
            if let Some(page) = pages.last_mut() {
                page.push(part);
            }
            rest = &rest[take..];
            if rest.is_empty() {
                break;
            }
        }
    }
    pages
}

/// `Obiettivi`, then `Obiettivi (2)`, … within Excel's 31 characters.
fn sheet_name(base: &str, page: usize) -> String {
    if page == 0 {
        return base.to_string();
    }
    let suffix = format!(" ({})", page + 1);
    let keep: String = base.chars().take(31 - suffix.len()).collect();
    format!("{keep}{suffix}")
}

#[allow(clippy::too_many_arguments)]
fn obiettivi_sheet(
    wb: &mut Workbook,
    scope: &Scope,
    view: &View,
    blocks: &[Block],
    name: &str,
    tpl: &Template,
    meta: &ReportMeta,
    st: &Styles,
) -> Result<(), ReportError> {
    let e = &tpl.etichette;
    let cols = &effective_columns(tpl, view);
    // The objective-code column only when some objective has a code.
    let off = usize::from(has_codes(view));
    let ws = wb.add_worksheet_with_constant_memory()?;
    ws.set_name(name)?;
    sheet_title(ws, scope, tpl, meta, st)?;

    if off == 1 {
        ws.set_column_width(0, tpl.width("codice"))?;
        ws.write_string_with_format(HEADER_ROW, 0, tpl.header("codice"), &st.header)?;
    }
    for (i, c) in cols.iter().enumerate() {
        let cc = col(i + off)?;
        ws.set_column_width(cc, tpl.width(c.id()))?;
        ws.write_string_with_format(HEADER_ROW, cc, tpl.header(c.id()), &st.header)?;
    }
    ws.set_row_height(HEADER_ROW, 30)?;
    let last_col = col((cols.len() + off).saturating_sub(1))?;
    // The objective title spans the columns before the attainment (or status).
    let pos = |want: Column| cols.iter().position(|c| *c == want).map(|p| p + off);
    let title_end = pos(Column::Raggiungimento)
        .or(pos(Column::Stato))
        .map(|p| p.saturating_sub(1))
        .unwrap_or((cols.len() + off).saturating_sub(1))
        .max(off);
    let title_width: f64 = (off..=title_end)
        .filter_map(|i| cols.get(i - off))
        .map(|c| tpl.width(c.id()))
        .sum();

    let mut r = HEADER_ROW;
    for b in blocks {
        r += 1;
        let code = b.code.as_deref().unwrap_or("");
        if off == 1 {
            write_text(ws, r, 0, Some(code), &st.obj)?;
        }
        let title = b.title.as_deref().unwrap_or(&e.senza_obiettivo);
        if title_end > off {
            ws.merge_range(r, col(off)?, r, col(title_end)?, title, &st.obj_wrap)?;
        } else {
            ws.write_string_with_format(r, col(off)?, title, &st.obj_wrap)?;
        }
        let lines = lines_needed(title, title_width);
        if lines > 1 {
            ws.set_row_height(r, 15.0 * f64::from(lines.min(10)) + 2.0)?;
        }
        for (i, c) in cols.iter().enumerate() {
            let cc = col(i + off)?;
            if i + off <= title_end {
                continue;
            }
            match c {
                Column::Raggiungimento => write_attainment(
                    ws,
                    r,
                    cc,
                    b.attainment,
                    (&st.obj, &st.obj_attainment),
                    st.dp,
                )?,
                Column::Stato => {
                    write_text(ws, r, cc, b.status.map(|s| status_text(tpl, s)), &st.obj)?
                }
                Column::Confronto => {
                    let text = confronto::group_text(b.attainment, b.prior);
                    write_text(ws, r, cc, text.as_deref(), &st.obj)?
                }
                _ => {
                    ws.write_blank(r, cc, &st.obj)?;
                }
            }
        }
        for &ri in &b.records {
            let Some(rec) = view.records.get(ri) else {
                continue;
            };
            r += 1;
            if off == 1 {
                write_text(ws, r, 0, Some(code), &st.sub)?;
            }
            let phrase = targets_phrase(&rec.target, rec.target2.as_deref());
            let indicator = indicator_text(rec, scope, tpl);
            for (i, c) in cols.iter().enumerate() {
                if *c == Column::Indicatore {
                    write_text(ws, r, col(i + off)?, Some(&indicator), &st.wrap)?;
                } else {
                    write_indicator_cell(ws, r, col(i + off)?, *c, rec, &phrase, tpl, st)?;
                }
            }
            let criterion = rec
                .score
                .as_ref()
                .map(|s| criterion_text(tpl, rec, s))
                .unwrap_or_default();
            let anomalies: String = rec
                .anomalies
                .iter()
                .map(|a| a.message.as_str())
                .collect::<Vec<_>>()
                .join("\n");
            let texts: Vec<(&str, f64)> = cols
                .iter()
                .filter_map(|c| {
                    let t = match c {
                        Column::Indicatore => indicator.as_ref(),
                        Column::Formula => rec.formula.as_deref()?,
                        Column::Target => rec.target_raw.as_str(),
                        Column::TargetLetto => phrase.as_str(),
                        Column::Anomalie => anomalies.as_str(),
                        Column::Polarita => criterion.as_str(),
                        _ => return None,
                    };
                    Some((t, tpl.width(c.id())))
                })
                .collect();
            fit_height(ws, r, &texts)?;
        }
    }
    let last_row = r;
    if last_row > HEADER_ROW {
        if let Some(p) = pos(Column::Stato) {
            let p = col(p)?;
            traffic_light(ws, tpl, st, (HEADER_ROW + 1, p, last_row, p))?;
        }
    }
    ws.set_freeze_panes(HEADER_ROW + 1, 0)?;
    ws.autofilter(HEADER_ROW, 0, last_row, last_col)?;
    print_setup(ws, tpl, meta, scope, Some(HEADER_ROW))?;
    Ok(())
}

fn anomalie(
    wb: &mut Workbook,
    scope: &Scope,
    view: &View,
    tpl: &Template,
    meta: &ReportMeta,
    st: &Styles,
) -> Result<(), ReportError> {
    let e = &tpl.etichette;
    let ws = wb.add_worksheet_with_constant_memory()?;
    ws.set_name(&tpl.fogli.anomalie)?;
    sheet_title(ws, scope, tpl, meta, st)?;
    let heads = [
        (&e.anomalia_codice, 24.0),
        (&e.anomalia_file, 28.0),
        (&e.anomalia_foglio, 18.0),
        (&e.anomalia_cella, 9.0),
        (&e.anomalia_testo, 36.0),
        (&e.anomalia_messaggio, 60.0),
    ];
    for (i, (h, w)) in heads.iter().enumerate() {
        let c = col(i)?;
        ws.set_column_width(c, *w)?;
        ws.write_string_with_format(HEADER_ROW, c, *h, &st.header)?;
    }
    let mut r = HEADER_ROW;
    // Beyond one sheet's rows the list goes on in the next sheet: a note says where.
    let (shown, rest) = view
        .anomalies
        .split_at(view.anomalies.len().min(ROWS_PER_SHEET - 1));
    for a in shown {
        r += 1;
        ws.write_string_with_format(r, 0, a.code.as_str(), &st.cell)?;
        write_text(ws, r, 1, Some(&a.location.file), &st.wrap)?;
        write_text(ws, r, 2, Some(&a.location.sheet), &st.cell)?;
        write_text(ws, r, 3, Some(&cell_text(&a.location)), &st.cell)?;
        write_text(ws, r, 4, Some(&a.raw), &st.wrap)?;
        write_text(ws, r, 5, Some(&a.message), &st.wrap)?;
        fit_height(
            ws,
            r,
            &[(&a.location.file, 28.0), (&a.raw, 36.0), (&a.message, 60.0)],
        )?;
    }
    if !rest.is_empty() {
        let note = format!(
            "… altre {} anomalie oltre il limite di righe del foglio: elenco completo con `cruscotto check`",
            rest.len()
        );
        ws.write_string_with_format(r + 1, 0, &note, &st.value)?;
    }
    if view.anomalies.is_empty() {
        ws.write_string_with_format(HEADER_ROW + 1, 0, &e.nessuna_anomalia, &st.value)?;
    }
    ws.set_freeze_panes(HEADER_ROW + 1, 0)?;
    ws.autofilter(HEADER_ROW, 0, r.max(HEADER_ROW), col(heads.len() - 1)?)?;
    print_setup(ws, tpl, meta, scope, Some(HEADER_ROW))?;
    Ok(())
}

/// Builds the whole workbook.
pub(crate) fn write(
    scope: &Scope,
    view: &View,
    tpl: &Template,
    meta: &ReportMeta,
) -> Result<Vec<u8>, ReportError> {
    let st = Styles::new(tpl, attainment_decimals(view));
    let mut wb = Workbook::new();
    // Level 3: much faster than the default on large reports, still compact.
    wb.set_zip_compression_level(3);
    let (label, name) = scope_line(scope, tpl);
    let props = DocProperties::new()
        .set_title(format!("{} – {label}: {name}", title(tpl, meta)))
        .set_subject(&tpl.documento.sottotitolo)
        .set_author("cruscotto")
        .set_company(ente_name(tpl, meta))
        .set_creation_datetime(&fixed_datetime(meta.generated_on)?);
    wb.set_properties(&props);
    sintesi(&mut wb, scope, view, tpl, meta, &st)?;
    obiettivi(&mut wb, scope, view, tpl, meta, &st)?;
    anomalie(&mut wb, scope, view, tpl, meta, &st)?;
    if let (Scope::Ente, Some(changes)) = (scope, view.changes) {
        confronto::sheet(&mut wb, scope, view, changes, tpl, meta, &st)?;
    }
    Ok(wb.save_to_buffer()?)
}

/// Whether some objective of the workbook has a code (else the objective-code
/// column is left out).
fn has_codes(view: &View) -> bool {
    view.blocks
        .iter()
        .any(|b| b.code.as_deref().is_some_and(|c| !c.trim().is_empty()))
}

fn filled(s: Option<&str>) -> bool {
    s.is_some_and(|s| !s.trim().is_empty())
}

/// Whether the column shows something for `r`. The indicator, the target as
/// read, the attainment, the status and the source always do (the objective
/// rows use the attainment and status columns).
fn column_filled(c: Column, r: &Record) -> bool {
    match c {
        Column::Tipologia => filled(r.tipologia.as_deref()),
        Column::Formula => filled(r.formula.as_deref()),
        Column::Udm => filled(r.unit.as_deref()),
        Column::Peso => r.weight.is_some() || filled(r.weight_raw.as_deref()),
        Column::Baseline => r.baseline.is_some() || filled(r.baseline_raw.as_deref()),
        Column::Target => filled(Some(&r.target_raw)),
        Column::Consuntivo => r.actual.is_some() || filled(r.actual_raw.as_deref()),
        Column::Polarita => r.score.is_some(),
        Column::Anomalie => !r.anomalies.is_empty(),
        Column::Proiezione => r.projection.is_some(),
        Column::Motivazione => r.correction.is_some() || filled(r.reason.as_deref()),
        Column::Confronto => r.prior_year.is_some(),
        Column::Indicatore
        | Column::TargetLetto
        | Column::Raggiungimento
        | Column::Stato
        | Column::Fonte => true,
    }
}

/// The objectives sheet's columns: the template's, without those empty for
/// every indicator of the workbook, with the projection column only when
/// some indicator has a projection (added after the status when the
/// template does not place it).
fn effective_columns(tpl: &Template, view: &View) -> Vec<Column> {
    let mut cols = tpl.obiettivi.colonne.clone();
    let shown: Vec<&Record> = view
        .blocks
        .iter()
        .flat_map(|b| b.records.iter())
        .filter_map(|&i| view.records.get(i))
        .collect();
    let optional = |c: &Column| matches!(c, Column::Proiezione | Column::Motivazione);
    if shown.is_empty() {
        // Nothing to show: the template's columns, as headers only.
        cols.retain(|c| !optional(c));
        return cols;
    }
    cols.retain(|&c| shown.iter().any(|r| column_filled(c, r)));
    if cols.is_empty() {
        cols = tpl.obiettivi.colonne.clone();
        cols.retain(|c| !optional(c));
    }
    // Columns shown only when some indicator has something for them, after
    // the status when the template does not place them.
    for extra in [Column::Proiezione, Column::Motivazione] {
        let any = shown.iter().any(|r| column_filled(extra, r));
        if any && !cols.contains(&extra) {
            let at = cols
                .iter()
                .rposition(|c| matches!(c, Column::Stato | Column::Proiezione))
                .map(|p| p + 1)
                .unwrap_or(cols.len());
            cols.insert(at, extra);
        }
    }
    confronto::place_column(&mut cols, &shown);
    cols
}

/// The text of the `motivazione` column: the correction (with the computed
/// figure it replaces and its reason) and the reason for a deviation.
fn motivation_text(rec: &Record) -> Option<String> {
    use crate::rettifiche::Correction;
    let mut parts = Vec::new();
    if let Some(c) = &rec.correction {
        let was = match c.computed {
            Some(a) => format!(
                "grado calcolato {}",
                crate::report::format_it(a.round_dp(2))
            ),
            None => "non valutabile prima della rettifica".to_string(),
        };
        parts.push(match c.correction {
            Correction::Forced(d) => format!(
                "Rettifica: grado forzato a {} ({was}). Motivazione: {}",
                crate::report::format_it(d),
                c.reason
            ),
            Correction::Excluded => format!(
                "Rettifica: escluso dai totali, pesi riproporzionati ({was}). Motivazione: {}",
                c.reason
            ),
        });
    }
    if let Some(m) = rec.reason.as_deref().filter(|m| !m.trim().is_empty()) {
        parts.push(format!("Motivazione dello scostamento: {}", m.trim()));
    }
    (!parts.is_empty()).then(|| parts.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(n: usize, first: usize) -> Block {
        Block {
            code: Some(format!("OB{first}").into()),
            title: None,
            attainment: None,
            status: None,
            records: (first..first + n).collect(),
            prior: None,
        }
    }

    #[test]
    fn pages_never_exceed_the_sheet_and_keep_every_record() {
        let blocks = vec![block(3, 0), block(9, 3), block(1, 12)];
        let pages = paginate_with(&blocks, 6);
        for p in &pages {
            let rows: usize = p.iter().map(|b| 1 + b.records.len()).sum();
            assert!(rows <= 6, "{rows}");
        }
        let all: Vec<usize> = pages
            .iter()
            .flatten()
            .flat_map(|b| b.records.clone())
            .collect();
        assert_eq!(all, (0..13).collect::<Vec<_>>());
        // The long objective continues with its own header row.
        assert_eq!(pages[1][0].code.as_deref(), Some("OB3"));
        assert_eq!(sheet_name("Obiettivi", 0), "Obiettivi");
        assert_eq!(sheet_name("Obiettivi", 2), "Obiettivi (3)");
        assert_eq!(sheet_name(&"x".repeat(31), 1).chars().count(), 31);
    }

    #[test]
    fn attainments_are_never_shown_higher_than_they_are() {
        let (records, summary) = crate::report::sample::plan();
        let mut view = crate::report::build_view(&Scope::Ente, &records, &summary, &[]);
        // 72,2 and 86,1: one decimal; with 99,99 among them, two.
        assert_eq!(attainment_decimals(&view), 1);
        view.attainment = Some(Decimal::new(9999, 2));
        assert_eq!(attainment_decimals(&view), 2);
        assert_eq!(attainment_format(2), "0.00%");
        assert_eq!(attainment_format(1), "0.0%");
        // 99,99 is 0.9999 shown `99,99%`, never `100,0%`.
        assert!((shown_fraction(Decimal::new(9999, 2), 2) - 0.9999).abs() < 1e-12);
        // Beyond the most decimals shown, cut toward zero.
        assert!((shown_fraction(Decimal::new(9_999_999, 5), 4) - 0.999_999).abs() < 1e-12);
        view.attainment = Some(Decimal::new(9_999_999, 5));
        assert_eq!(attainment_decimals(&view), MAX_ATTAINMENT_DP);
        view.blocks.clear();
        view.attainment = Some(Decimal::from(100));
        assert_eq!(attainment_decimals(&view), 1);
    }

    #[test]
    fn computation_note_says_exclusions_and_mean() {
        let (records, mut summary) = crate::report::sample::plan();
        summary.dirigenti[0].notes = vec![
            "1 obiettivi non valutabili esclusi dal calcolo".into(),
            "pesi non indicati: media semplice".into(),
        ];
        let view = crate::report::build_view(
            &Scope::Dirigente("Maria Rossi".into()),
            &records,
            &summary,
            &[],
        );
        assert_eq!(
            computation_note(&view).as_deref(),
            Some("calcolato su 1 obiettivo su 2: 1 non valutabile (escluso dal calcolo); pesi non indicati: media semplice")
        );
        summary.dirigenti[0].notes.clear();
        summary.dirigenti[0].counts.non_valutabili = 0;
        let view = crate::report::build_view(
            &Scope::Dirigente("Maria Rossi".into()),
            &records,
            &summary,
            &[],
        );
        assert_eq!(computation_note(&view), None);
    }

    #[test]
    fn criterion_and_cell_wording() {
        let tpl = Template::default();
        let (records, _) = crate::report::sample::plan();
        let rec = &records[0];
        let mut s = rec.score.clone().unwrap();
        assert_eq!(
            criterion_text(&tpl, rec, &s),
            "più alto è meglio (indicato dal target)"
        );
        s.polarity = Op::Le;
        s.polarity_source = PolaritySource::Keyword;
        assert_eq!(
            criterion_text(&tpl, rec, &s),
            "più basso è meglio (dedotto dal testo dell'indicatore)"
        );
        s.polarity = Op::Ge;
        s.polarity_source = PolaritySource::Default;
        assert_eq!(
            criterion_text(&tpl, rec, &s),
            "più alto è meglio (criterio predefinito)"
        );
        // A deadline, whatever decided its polarity.
        let mut d = rec.clone();
        d.target.value = TargetValue::Date(chrono::NaiveDate::from_ymd_opt(2022, 6, 30).unwrap());
        s.polarity = Op::Le;
        for src in [PolaritySource::Operator, PolaritySource::Deadline] {
            s.polarity_source = src;
            assert_eq!(criterion_text(&tpl, &d, &s), "entro la scadenza");
        }
        let l = crate::model::Location::row("p.xlsx", "F", 7);
        assert_eq!(cell_text(&l), "riga 7");
        assert_eq!(cell_text(&l.at_col(3)), "D7");
    }

    #[test]
    fn period_title() {
        let meta = ReportMeta {
            anno: Some(2022),
            ..ReportMeta::default()
        };
        let tpl = Template::default();
        assert_eq!(title(&tpl, &meta), "Relazione sulla performance 2022");
        let june = chrono::NaiveDate::from_ymd_opt(2022, 6, 30);
        let tpl = tpl.with_period(june);
        assert_eq!(title(&tpl, &meta), "Monitoraggio al 30/06/2022");
    }

    #[test]
    fn formats() {
        let number_format = |d| decimals_format(scale(d, 4));
        assert_eq!(number_format(Decimal::from(1500)), "#,##0");
        assert_eq!(number_format(Decimal::new(41545, 3)), "#,##0.000");
        assert_eq!(number_format(Decimal::new(2500, 3)), "#,##0.0");
        assert_eq!(number_format(Decimal::new(123456789, 7)), "#,##0.0000");
        let percent_format = |d, signed| percents_format(scale(d, 2), signed);
        assert_eq!(percent_format(Decimal::new(686, 1), false), "0.0%");
        assert_eq!(percent_format(Decimal::new(68666, 3), false), "0.00%");
        assert_eq!(percent_format(Decimal::from(18), true), "+0%;-0%;0%");
        assert!((fraction(Decimal::new(7221, 2)) - 0.7221).abs() < 1e-12);
        assert_eq!(hf("A & B"), "A && B");
        assert_eq!(lines_needed("abc", 10.0), 1);
        assert_eq!(lines_needed(&"x".repeat(50), 10.0), 6);
        assert_eq!(lines_needed("uno\ndue", 10.0), 2);
    }
}
