//! Year on year in the report (`--precedente`): the `confronto` column of
//! the Obiettivi sheet, the lines of the Sintesi and the sheet listing new,
//! dropped and ambiguous indicators in the whole body's report.

use rust_decimal::Decimal;
use rust_xlsxwriter::{Workbook, Worksheet};

use super::{col, print_setup, sheet_title, write_text, Styles, HEADER_ROW};
use crate::model::{PriorMatch, Record};
use crate::report::template::{Column, Template};
use crate::report::{format_it, ReportError, ReportMeta, Scope, View};
use crate::year_on_year::{change, change_text, Changes};

fn pct(a: Decimal) -> String {
    format!("{}%", format_it(a.round_dp(2)))
}

/// The cell of an indicator: `70% · ▲ +25`, `nuovo`, `abbinamento ambiguo`.
pub(super) fn indicator_text(rec: &Record) -> Option<String> {
    let p = rec.prior_year.as_ref()?;
    Some(match p.matched_by {
        PriorMatch::New => "nuovo".to_string(),
        PriorMatch::Ambiguous => "abbinamento ambiguo".to_string(),
        PriorMatch::Code | PriorMatch::Text => match (p.attainment, p.change) {
            (Some(a), Some(c)) => format!("{} · {}", pct(a), change_text(c)),
            (Some(a), None) => pct(a),
            (None, _) => "non valutabile".to_string(),
        },
    })
}

/// The cell of a group (objective, scope): last year's attainment and the change.
pub(super) fn group_text(current: Option<Decimal>, prior: Option<Decimal>) -> Option<String> {
    let p = prior?;
    Some(match change(current, Some(p)) {
        Some(c) => format!("{} · {}", pct(p), change_text(c)),
        None => pct(p),
    })
}

/// Adds the `confronto` column (after the projection, else after the
/// status) when some indicator shown was compared and the template does not
/// place it; removes it when none was.
pub(super) fn place_column(cols: &mut Vec<Column>, shown: &[&Record]) {
    let any = shown.iter().any(|r| r.prior_year.is_some());
    if !any {
        cols.retain(|c| *c != Column::Confronto);
        return;
    }
    if cols.contains(&Column::Confronto) {
        return;
    }
    let at = [Column::Proiezione, Column::Stato]
        .iter()
        .find_map(|w| cols.iter().position(|c| c == w))
        .map(|p| p + 1)
        .unwrap_or(cols.len());
    cols.insert(at, Column::Confronto);
}

/// The Sintesi line under the overall status: last year's overall attainment
/// and the change. Returns the rows written (0 without a comparison).
pub(super) fn sintesi_line(
    ws: &mut Worksheet,
    r: u32,
    view: &View,
    tpl: &Template,
    st: &Styles,
) -> Result<u32, ReportError> {
    if view.changes.is_none() {
        return Ok(0);
    }
    let text = group_text(view.attainment, view.prior).unwrap_or_else(|| "—".to_string());
    ws.write_string_with_format(r, 0, &tpl.etichette.anno_precedente, &st.label)?;
    ws.write_string_with_format(r, 1, &text, &st.value)?;
    Ok(1)
}

/// The sheet of the whole body's report listing new, dropped and ambiguous
/// indicators.
pub(super) fn sheet(
    wb: &mut Workbook,
    scope: &Scope,
    view: &View,
    changes: &Changes,
    tpl: &Template,
    meta: &ReportMeta,
    st: &Styles,
) -> Result<(), ReportError> {
    let ws = wb.add_worksheet();
    ws.set_name(&tpl.fogli.confronto)?;
    sheet_title(ws, scope, tpl, meta, st)?;
    let year = changes
        .prior_year
        .map(|y| format!(" ({y})"))
        .unwrap_or_default();
    ws.write_string_with_format(
        2,
        0,
        format!(
            "Confronto con l'anno precedente{year}: {} · indicatori abbinati {}, nuovi {}, eliminati {}, ambigui {}",
            changes.source,
            changes.matched,
            changes.new.len(),
            changes.dropped.len(),
            changes.ambiguous.len()
        ),
        &st.subtitle,
    )?;
    for (i, w) in [14.0, 46.0, 26.0, 26.0, 34.0, 22.0].into_iter().enumerate() {
        ws.set_column_width(col(i)?, w)?;
    }
    let heads = [
        tpl.header("codice"),
        tpl.header("indicatore"),
        tpl.etichette.dirigente.clone(),
        tpl.etichette.area.clone(),
        tpl.header("fonte"),
    ];
    let mut r = HEADER_ROW;
    let owner = |rec: &Record| (rec.dirigente_text(), rec.area_text());
    let place = |l: &crate::model::Location| format!("{} · {} · riga {}", l.file, l.sheet, l.row);
    let section = |ws: &mut Worksheet,
                   r: &mut u32,
                   title: String,
                   last: &str,
                   rows: Vec<[String; 6]>|
     -> Result<(), ReportError> {
        ws.write_string_with_format(*r, 0, &title, &st.label)?;
        *r += 1;
        for (i, h) in heads.iter().enumerate() {
            ws.write_string_with_format(*r, col(i)?, h, &st.header)?;
        }
        ws.write_string_with_format(*r, 5, last, &st.header)?;
        for row in rows {
            *r += 1;
            for (i, t) in row.iter().enumerate() {
                write_text(ws, *r, col(i)?, Some(t), &st.wrap)?;
            }
        }
        *r += 2;
        Ok(())
    };
    let new: Vec<[String; 6]> = changes
        .new
        .iter()
        .filter_map(|&i| view.records.get(i))
        .map(|rec| {
            let (d, a) = owner(rec);
            [
                rec.objective_code
                    .as_deref()
                    .unwrap_or_default()
                    .to_string(),
                rec.indicator.clone(),
                d,
                a,
                place(&rec.location),
                rec.score
                    .as_ref()
                    .and_then(|s| s.attainment)
                    .map(pct)
                    .unwrap_or_default(),
            ]
        })
        .collect();
    section(
        ws,
        &mut r,
        format!("Indicatori nuovi ({})", new.len()),
        &tpl.header("raggiungimento"),
        new,
    )?;
    let dropped: Vec<[String; 6]> = changes
        .dropped
        .iter()
        .map(|d| {
            [
                d.objective_code.clone().unwrap_or_default(),
                d.indicator.clone(),
                d.dirigente.clone(),
                d.area.clone(),
                place(&d.location),
                d.attainment.map(pct).unwrap_or_default(),
            ]
        })
        .collect();
    section(
        ws,
        &mut r,
        format!("Indicatori eliminati ({})", dropped.len()),
        &tpl.etichette.anno_precedente,
        dropped,
    )?;
    let ambiguous: Vec<[String; 6]> = changes
        .ambiguous
        .iter()
        .filter_map(|(i, rows)| Some((view.records.get(*i)?, rows)))
        .map(|(rec, rows)| {
            let (d, a) = owner(rec);
            let rows: Vec<String> = rows.iter().map(|l| l.row.to_string()).collect();
            [
                rec.objective_code
                    .as_deref()
                    .unwrap_or_default()
                    .to_string(),
                rec.indicator.clone(),
                d,
                a,
                place(&rec.location),
                rows.join(", "),
            ]
        })
        .collect();
    section(
        ws,
        &mut r,
        format!("Abbinamenti ambigui, non confrontati ({})", ambiguous.len()),
        "Righe dell'anno precedente",
        ambiguous,
    )?;
    print_setup(ws, tpl, meta, scope, None)?;
    ws.set_print_fit_to_pages(1, 0);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Location, PriorYear, Target};

    #[test]
    fn cells_say_the_change_or_why_not() {
        let mut r = Record::new(Location::row("f", "s", 2), "x", Target::na());
        assert_eq!(indicator_text(&r), None);
        r.prior_year = Some(Box::new(PriorYear {
            matched_by: PriorMatch::Code,
            location: None,
            attainment: Some(Decimal::from(80)),
            change: Some(Decimal::new(125, 1)),
        }));
        assert_eq!(indicator_text(&r).as_deref(), Some("80% · ▲ +12,5"));
        r.prior_year.as_mut().unwrap().matched_by = PriorMatch::New;
        assert_eq!(indicator_text(&r).as_deref(), Some("nuovo"));
        assert_eq!(
            group_text(Some(Decimal::new(8625, 2)), Some(Decimal::from(90))).as_deref(),
            Some("90% · ▼ -3,75")
        );
        assert_eq!(
            group_text(None, Some(Decimal::from(90))).as_deref(),
            Some("90%")
        );
        let mut cols = vec![Column::Indicatore, Column::Stato, Column::Polarita];
        place_column(&mut cols, &[&r]);
        assert_eq!(cols[2], Column::Confronto);
    }
}
