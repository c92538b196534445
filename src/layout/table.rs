//! Tables: header rows (one or two rows), column roles and data rows. A
//! header is a row of at least two recognised header cells; the row under it
//! may carry years or operators for its columns; each row after that with
//! values in the table's value columns is one indicator.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

use super::sections::split_code;
use super::{cell_text, headers, is_blank, owners, Detector, RawCell, RawRow, Role, TargetSlot};
use crate::model::{Anomaly, AnomalyCode, Op, OwnerSource};
use crate::read::{Cell, CellValue};

pub(super) fn header_text(cell: &Cell) -> Option<Cow<'_, str>> {
    match &cell.value {
        CellValue::Text(s) => Some(Cow::Borrowed(s.trim())),
        CellValue::Number(d) if d.fract().is_zero() && *d >= 1900.into() && *d <= 2100.into() => {
            Some(Cow::Owned(d.trunc().to_string()))
        }
        _ => None,
    }
}

#[derive(Debug, Clone)]
struct TargetCol {
    year: Option<i32>,
    /// Months elapsed at the end of the period of a period target column
    /// (`Target I semestre` → 6); `None` for the year's target.
    months: Option<u32>,
    col: usize,
    op_left: Option<usize>,
    op_right: Option<usize>,
    column_op: Option<Op>,
}

#[derive(Debug, Clone)]
pub(super) struct Table {
    pub(super) roles: Vec<(usize, Role)>,
    indicator: usize,
    targets: Vec<TargetCol>,
    /// Last data row's continuation values per context column.
    carry: Vec<(usize, String)>,
    last_indicator: Option<String>,
    pub(super) seen_data: bool,
    /// Grid row of the header (or of its last sub-header row).
    header_row: usize,
    /// First column of a table of phases beside this one, whose cells are
    /// context.
    pub(super) side_start: Option<usize>,
    /// Period target columns: (column, months elapsed at the period's end).
    periods: Vec<(usize, u32)>,
}

/// The target columns of a header, with the free columns either side where
/// an operator may sit.
fn target_cols(
    roles: &[(usize, Role)],
    indicator: usize,
    periods: &[(usize, u32)],
) -> Vec<TargetCol> {
    // An operator may sit in an unnamed column or one headed `Operatore`.
    let free =
        |x: usize| x != indicator && roles.iter().all(|(rc, r)| *rc != x || *r == Role::Operator);
    roles
        .iter()
        .filter_map(|&(c, role)| match role {
            Role::Target(year) => Some(TargetCol {
                year,
                months: periods.iter().find(|(pc, _)| *pc == c).map(|(_, m)| *m),
                col: c,
                op_left: (c > 0 && free(c - 1)).then(|| c - 1),
                op_right: free(c + 1).then_some(c + 1),
                column_op: None,
            }),
            _ => None,
        })
        .collect()
}

/// A header word of a table of phases or a timetable, never of indicators.
fn is_phase_word(text: &str) -> bool {
    matches!(
        headers::fold(text).as_str(),
        "fase"
            | "fasi"
            | "inizio"
            | "fine"
            | "data inizio"
            | "data fine"
            | "data di inizio"
            | "data di fine"
            | "durata"
            | "cronoprogramma"
            | "avanzamento"
            | "stato di avanzamento"
    )
}

/// A year alone in a cell (`2025`), as in a sub-header under `Target`.
fn year_cell(cell: &Cell) -> Option<i32> {
    let y: i32 = match &cell.value {
        CellValue::Number(d) if d.fract().is_zero() => d.to_string().parse().ok()?,
        CellValue::Text(t) => t.trim().parse().ok()?,
        _ => return None,
    };
    (1990..=2100).contains(&y).then_some(y)
}

/// A cell that holds a value and no header word: a number that is no
/// year (`50`, `0,5`, `12%`) or a comparison with a number (`>= 2000`).
fn is_value_cell(cell: &Cell) -> bool {
    static VALUE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\s*(≥|≤|>=|<=|=>|=<|>|<|=|> =|< =)?\s*[+-]?\d[\d.,]*\s*%?\s*$")
            .unwrap_or_else(|e| unreachable!("regex: {e}"))
    });
    match &cell.value {
        CellValue::Number(_) => year_cell(cell).is_none(),
        CellValue::Text(t) => VALUE.is_match(t) && year_cell(cell).is_none(),
        _ => false,
    }
}

impl Table {
    /// The rows above no longer carry down: continuation values and the
    /// last indicator are forgotten.
    pub(super) fn end_data(&mut self) {
        self.carry.clear();
        self.last_indicator = None;
    }

    /// The table's rows are over: key or code rows that follow open a
    /// block, and nothing carries down.
    pub(super) fn end_rows(&mut self) {
        self.seen_data = false;
        self.end_data();
    }

    /// Whether column `c` holds a measure of the table: a target (or the
    /// operator beside it), an actual, a weight or a baseline.
    pub(super) fn is_measure_col(&self, c: usize) -> bool {
        self.roles.iter().any(|(rc, role)| {
            *rc == c
                && matches!(
                    role,
                    Role::Target(_) | Role::Actual(_) | Role::Weight | Role::Baseline(_)
                )
        }) || self
            .targets
            .iter()
            .any(|t| t.op_left == Some(c) || t.op_right == Some(c))
    }

    fn col_of(&self, pred: impl Fn(Role) -> bool) -> Option<(usize, Role)> {
        self.roles.iter().copied().find(|(_, r)| pred(*r))
    }
}

pub(super) static LOOKS_LIKE_TARGET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*(≥|≤|>=|<=|=>|=<|>|<|=|> =|< =)?\s*([+-]?\d[\d.,]*\s*%?|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}|positivo|negativo|buono|ottimo|discreto|sufficiente|si|sì|no|n\.d\.?|---)\s*\*?$",
    )
    .unwrap_or_else(|e| unreachable!("regex: {e}"))
});

impl Detector<'_> {
    /// A header row: ≥ 2 recognised cells, one of them indicator, target or actual.
    pub(super) fn try_header(&mut self, r: usize, cols: &[usize]) -> bool {
        if let Some((fr, froles)) = &self.forced {
            // The mapping file decides: this row is the header, no other is.
            if *fr != r {
                return false;
            }
            let roles = froles.clone();
            return self.set_table(r, roles, Vec::new());
        }
        let mut roles = Vec::new();
        let mut unknown = Vec::new();
        // A header holds no values: in a row that does (`50`, `>= 2000`),
        // a bare year (`1900`, `2025`) is a value too, never a column of
        // that year.
        let has_values = cols.iter().any(|&c| is_value_cell(&self.grid[r][c]));
        for &c in cols {
            let cell = &self.grid[r][c];
            let role = header_text(cell)
                .filter(|t| !(has_values && t.chars().all(|ch| ch.is_ascii_digit())))
                .and_then(|t| headers::recognise(&t, &self.opts.synonyms));
            match role {
                Some(role) => roles.push((c, role)),
                None => unknown.push(c),
            }
        }
        if self.set_table(r, roles, unknown) {
            self.foreign_table = false;
            return true;
        }
        // `Fase | Descrizione | Inizio | Fine`: the header of a table that
        // holds no indicators (phases, a timetable). It ends the table
        // above; its rows are context, never records.
        if cols.len() >= 2 && self.is_foreign_header(r, cols) {
            self.table = None;
            self.foreign_table = true;
            return true;
        }
        false
    }

    /// Whether a row is the header of a table of phases or dates: short
    /// texts, one of them a phase or period word, and no value.
    fn is_foreign_header(&self, r: usize, cols: &[usize]) -> bool {
        let mut phase = false;
        for &c in cols {
            let cell = &self.grid[r][c];
            let CellValue::Text(t) = &cell.value else {
                return false;
            };
            let f = headers::fold(t);
            if f.chars().count() > 40 || LOOKS_LIKE_TARGET.is_match(t) {
                return false;
            }
            phase |= is_phase_word(t);
        }
        phase
    }

    /// Installs the table of header row `r` when its roles make one.
    pub(super) fn set_table(
        &mut self,
        r: usize,
        mut roles: Vec<(usize, Role)>,
        mut unknown: Vec<usize>,
    ) -> bool {
        roles.sort_by_key(|(c, _)| *c);
        // `Indicatore | Operatore | Valore | Consuntivo`: in a table with no
        // target column, a bare `Valore` is the value expected, not a
        // baseline (a baseline says so: `Valore 2022`, `Valore iniziale`).
        if !roles.iter().any(|(_, r)| matches!(r, Role::Target(_))) {
            for (c, role) in roles.iter_mut() {
                // A forced header may name columns the row does not reach.
                let bare = self.grid[r]
                    .get(*c)
                    .and_then(header_text)
                    .is_some_and(|t| matches!(headers::fold(&t).as_str(), "valore" | "valori"));
                if *role == Role::Baseline(None) && bare {
                    *role = Role::Target(None);
                }
            }
        }
        let key = roles
            .iter()
            .any(|(_, r)| matches!(r, Role::Indicator | Role::Target(_) | Role::Actual(_)));
        let values = roles.iter().filter(|(_, r)| r.is_value()).count();
        if roles.len() < 2 || !key || values == 0 {
            return false;
        }
        let first_value = roles
            .iter()
            .filter(|(_, r)| r.is_value())
            .map(|(c, _)| *c)
            .min()
            .unwrap_or(0);
        let indicator = match roles.iter().find(|(_, r)| *r == Role::Indicator) {
            Some((c, _)) => *c,
            None => {
                // The indicator column is the unnamed text column nearest to
                // the left of the values; its header text is a section title.
                let Some(&c) = unknown.iter().filter(|&&c| c < first_value).max() else {
                    return false;
                };
                let title = cell_text(&self.grid[r][c]);
                self.section_text(r, title);
                unknown.retain(|&u| u != c);
                c
            }
        };
        // A table of phases beside the indicators (`… | Consuntivo | Fase |
        // Descrizione | Inizio | Fine`): its columns are context.
        // Every column from its first phase word on belongs to it (a `Stato`
        // there is the phase's, not a baseline), provided no indicator,
        // target or actual column lies beyond.
        let last_key = roles
            .iter()
            .filter(|(_, r)| matches!(r, Role::Indicator | Role::Target(_) | Role::Actual(_)))
            .map(|(c, _)| *c)
            .max()
            .unwrap_or(0);
        let side_start = unknown
            .iter()
            .copied()
            .filter(|&c| c > last_key)
            .find(|&c| is_phase_word(&cell_text(&self.grid[r][c])));
        if let Some(side) = side_start {
            unknown.retain(|&c| c < side);
            roles.retain(|&(c, _)| c < side);
        }
        if !unknown.is_empty() {
            let raw: Vec<String> = unknown
                .iter()
                .map(|&c| cell_text(&self.grid[r][c]))
                .collect();
            self.out.anomalies.push(Anomaly::new(
                AnomalyCode::RigaNonLetta,
                self.loc(r).at_col(self.abs_col(unknown[0])),
                raw.join(" | "),
                "riga letta come intestazione di tabella: le celle non riconosciute come intestazioni sono state ignorate",
            ));
        }
        // `Target I semestre`, `Target al 30/06`: targets of a period of the year.
        let periods: Vec<(usize, u32)> = roles
            .iter()
            .filter(|(_, role)| matches!(role, Role::Target(_)))
            .filter_map(|&(c, _)| {
                let text = self.grid[r].get(c).and_then(header_text)?;
                let (_, months) = headers::target_period(&text)?;
                (months < 12).then_some((c, months))
            })
            .collect();
        let targets = target_cols(&roles, indicator, &periods);
        self.table = Some(Table {
            roles,
            indicator,
            targets,
            carry: Vec::new(),
            last_indicator: None,
            seen_data: false,
            header_row: r,
            side_start,
            periods,
        });
        true
    }

    /// A second header row right under a header, before any data: every
    /// cell is an operator (`>=` under `Target`), a year (`2025`, `Anno
    /// 2023`, `al 31/12/2022`), a period under a target (`I semestre`, `al
    /// 30/06`, `Anno`) or header words. Operators become column operators;
    /// each year goes to the header at or left of it when that header has
    /// none (`Target` over `2025 | 2026`, `Base line` over `Anno 2022`); each
    /// period makes its column a target of that period (`Target 2025` over
    /// `I semestre | Anno`). Such a row is never a record.
    pub(super) fn try_subheader(&mut self, r: usize, cols: &[usize]) -> bool {
        let Some(table) = self.table.as_mut() else {
            return false;
        };
        // Right under the header (blank rows aside), before any data.
        if table.seen_data
            || self
                .grid
                .get(table.header_row + 1..r)
                .is_none_or(|rows| rows.iter().any(|row| row.iter().any(|c| !is_blank(c))))
        {
            return false;
        }
        let mut ops = Vec::new();
        let mut years = Vec::new();
        let mut periods = Vec::new();
        for &c in cols {
            let cell = &self.grid[r][c];
            // A value (`50`, `>= 2000`) makes the row a record.
            if is_value_cell(cell) {
                return false;
            }
            let text = cell_text(cell);
            if let Some(op) = headers::operator_of(&text) {
                ops.push((c, op));
            } else if let Some(y) = year_cell(cell).or_else(|| headers::year_heading(&text)) {
                years.push((c, y));
            } else if let Some(p) = headers::period_heading(&text) {
                periods.push((c, p));
            } else if text.contains(':') || headers::recognise(&text, &self.opts.synonyms).is_none()
            {
                return false;
            }
        }
        // `Target 2025` spanning `I semestre | Anno`: each period is a target
        // column of the target header at or left of it; under anything else
        // the row is no sub-header.
        let owner_of = |c: usize| {
            table
                .roles
                .iter()
                .filter(|(rc, _)| *rc <= c)
                .max_by_key(|(rc, _)| *rc)
                .map(|(_, role)| *role)
        };
        let mut period_roles = Vec::new();
        for &(c, (y, months)) in &periods {
            let Some(Role::Target(owner_year)) = owner_of(c) else {
                return false;
            };
            period_roles.push((c, Role::Target(y.or(owner_year)), months));
        }
        table.header_row = r;
        for (c, op) in ops {
            for t in table.targets.iter_mut() {
                if t.col == c || t.op_left == Some(c) || t.op_right == Some(c) {
                    t.column_op = Some(op);
                    break;
                }
            }
        }
        if years.is_empty() && period_roles.is_empty() {
            return true;
        }
        // Each year belongs to the nearest header role at or left of it;
        // a target, baseline or actual without a year of its own takes it.
        let mut new_roles = table.roles.clone();
        for (c, role, months) in period_roles {
            new_roles.retain(|(rc, _)| *rc != c);
            new_roles.push((c, role));
            table.periods.retain(|(pc, _)| *pc != c);
            if months < 12 {
                table.periods.push((c, months));
            }
        }
        for &(c, y) in &years {
            let owner = table
                .roles
                .iter()
                .filter(|(rc, _)| *rc <= c)
                .max_by_key(|(rc, _)| *rc)
                .copied();
            let role = match owner {
                Some((_, Role::Target(None))) => Role::Target(Some(y)),
                Some((_, Role::Baseline(None))) => Role::Baseline(Some(y)),
                Some((oc, Role::Actual(None))) if oc == c => Role::Actual(Some(y)),
                _ => continue,
            };
            new_roles.retain(|(rc, _)| *rc != c);
            new_roles.push((c, role));
        }
        new_roles.sort_by_key(|(c, _)| *c);
        table.targets = target_cols(&new_roles, table.indicator, &table.periods);
        table.roles = new_roles;
        true
    }

    /// Whether the next non-empty row is a header or a one-cell row: then a
    /// one-cell row is a section title, not a continuation parent.
    pub(super) fn next_is_section_boundary(&self, r: usize) -> bool {
        for next in r + 1..self.grid.len() {
            let cols = self.non_empty(next);
            if cols.is_empty() {
                continue;
            }
            if cols.len() == 1 {
                return true;
            }
            let roles = cols
                .iter()
                .filter(|&&c| {
                    header_text(&self.grid[next][c])
                        .and_then(|t| headers::recognise(&t, &self.opts.synonyms))
                        .is_some()
                })
                .count();
            return roles >= 2;
        }
        true
    }

    pub(super) fn try_data(&mut self, r: usize, cols: &[usize]) -> bool {
        // The table is lent to the row, not copied per row.
        let Some(mut table) = self.table.take() else {
            return false;
        };
        let read = self.data_row(r, cols, &mut table);
        self.table = Some(table);
        read
    }

    /// Reads row `r` as a data row of `table` (see [`Detector::try_data`]).
    fn data_row(&mut self, r: usize, cols: &[usize], table: &mut Table) -> bool {
        // Shifted row: targets empty, indicator cell reads as a target.
        let targets_empty = table
            .targets
            .iter()
            .all(|t| t.col >= self.grid[r].len() || is_blank(&self.grid[r][t.col]));
        let ind_cell = self.grid[r].get(table.indicator);
        let ind_looks_target = ind_cell.is_some_and(|c| match &c.value {
            CellValue::Number(_) | CellValue::Date(_) => true,
            CellValue::Text(s) => LOOKS_LIKE_TARGET.is_match(s),
            _ => false,
        });
        let first_target = table.targets.iter().map(|t| t.col).min();
        let mut shifted = false;
        let mut view: Cow<'_, [Cell]> = Cow::Borrowed(&self.grid[r]);
        if targets_empty && ind_looks_target && table.indicator > 0 {
            if let Some(ft) = first_target.filter(|&ft| ft == table.indicator + 1) {
                // Move cells 0..=indicator one column right.
                let mut v = view.to_vec();
                if v.len() <= ft {
                    v.resize(ft + 1, Cell::default());
                }
                for c in (1..=ft).rev() {
                    v[c] = view.get(c - 1).cloned().unwrap_or_default();
                }
                v[0] = Cell::default();
                view = Cow::Owned(v);
                shifted = true;
            }
        }
        let code_col = table.col_of(|r| r == Role::Code).map(|(c, _)| c);
        let get = |c: usize| -> Option<RawCell> {
            let cell = view.get(c)?;
            if is_blank(cell) {
                return None;
            }
            // A code typed as a number (`1.1`) keeps its canonical form.
            let text = if Some(c) == code_col {
                crate::value::code_display(cell)
            } else {
                cell_text(cell)
            };
            Some(RawCell {
                cell: cell.clone(),
                col: self.sheet.col_offset + c as u32,
                text,
            })
        };
        let role_cell = |pred: fn(Role) -> bool| table.col_of(pred).and_then(|(c, _)| get(c));

        // Header misaligned by one from the target on: `>=` under the target,
        // value under the next header.
        let mut extra_shift_from: Option<usize> = None;
        let mut squeezed_at: Option<usize> = None;
        let header_last = table.roles.iter().map(|(c, _)| *c).max().unwrap_or(0);
        let row_last = cols.iter().copied().max().unwrap_or(0);
        let mut slots = Vec::with_capacity(table.targets.len());
        for t in &table.targets {
            let here = get(t.col);
            let mut slot = TargetSlot {
                year: t.year,
                months: t.months,
                value: here.clone(),
                op_cell: None,
                column_op: t.column_op,
            };
            if let Some(h) = &here {
                if headers::is_operator(&h.text) {
                    let right = get(t.col + 1);
                    if right.is_some() {
                        slot.op_cell = here.clone().map(Box::new);
                        slot.value = right;
                        // The following columns shift only when the row
                        // really is wider than its header.
                        if t.op_right.is_none() && row_last > header_last {
                            extra_shift_from = Some(t.col + 1);
                        } else if t.op_right.is_none() {
                            squeezed_at = Some(t.col + 1);
                        }
                    }
                }
            }
            if slot.op_cell.is_none() {
                if let Some(l) = t.op_left.and_then(get) {
                    if headers::is_operator(&l.text) {
                        slot.op_cell = Some(Box::new(l));
                    }
                }
            }
            slots.push(slot);
        }
        let shifted_get = |c: usize| -> Option<RawCell> {
            match extra_shift_from {
                Some(from) if c >= from => get(c + 1),
                _ => get(c),
            }
        };
        let value_cell =
            |pred: fn(Role) -> bool| table.col_of(pred).and_then(|(c, _)| shifted_get(c));
        let weight = value_cell(|r| r == Role::Weight);
        let baseline = table
            .col_of(|r| matches!(r, Role::Baseline(_)))
            .and_then(|(c, role)| {
                let y = match role {
                    Role::Baseline(y) => y,
                    _ => None,
                };
                get(c).map(|cell| Box::new((y, cell)))
            });
        let actual_col = table.col_of(|r| matches!(r, Role::Actual(_)));
        let actual_year = match actual_col {
            Some((_, Role::Actual(y))) => y,
            _ => None,
        };
        let actual = actual_col
            .and_then(|(c, _)| shifted_get(c))
            .map(|cell| (actual_year, cell));

        let has_values = slots
            .iter()
            .any(|s| s.value.is_some() || s.op_cell.is_some())
            || actual.is_some()
            || weight.is_some();
        let indicator_text = get(table.indicator).map(|c| c.text);
        // No indicator and nothing but words (`| dei servizi resi alle
        // imprese…`, a description going on below its key): prose, not a row
        // of the table.
        if indicator_text.is_none()
            && cols.iter().all(|&c| {
                let cell = &self.grid[r][c];
                matches!(&cell.value, CellValue::Text(t)
                    if t.split_whitespace().count() >= 4 && !LOOKS_LIKE_TARGET.is_match(t))
            })
        {
            return false;
        }
        if !has_values {
            // Context-only row inside a table: update continuation columns.
            let section = cols.len() == 1 && self.next_is_section_boundary(r);
            if !section && indicator_text.is_none() && cols.iter().all(|&c| c < table.indicator) {
                for &c in cols {
                    let text = cell_text(&self.grid[r][c]);
                    table.carry.retain(|(cc, _)| *cc != c);
                    table.carry.push((c, text));
                }
                return true;
            }
            return false;
        }
        let mut anomalies = Vec::new();
        let loc = self.loc(r);
        if weight.is_none() {
            if let Some((c, _)) = table.col_of(|r| r == Role::Weight) {
                anomalies.push(Anomaly::new(
                    AnomalyCode::PesoMancante,
                    loc.at_col(self.abs_col(c)),
                    "",
                    "la tabella ha una colonna dei pesi ma la cella di questo indicatore è vuota",
                ));
            }
        }
        if shifted {
            anomalies.push(Anomaly::new(
                AnomalyCode::RigaSfalsata,
                loc.at_col(self.abs_col(table.indicator)),
                cell_text(&self.grid[r][table.indicator]),
                "riga spostata di una colonna a sinistra rispetto all'intestazione: riallineata",
            ));
        }
        if let Some(c) = squeezed_at {
            anomalies.push(Anomaly::new(
                AnomalyCode::RigaSfalsata,
                loc.at_col(self.abs_col(c)),
                cell_text(&self.grid[r][c]),
                "operatore e valore del target occupano due colonne sotto un'unica intestazione, ma la riga non è più larga dell'intestazione: le colonne seguenti sono lette senza spostamento (verificare)",
            ));
        }
        if extra_shift_from.is_some() {
            anomalies.push(Anomaly::new(
                AnomalyCode::RigaSfalsata,
                loc.at_col(self.abs_col(extra_shift_from.unwrap_or(0))),
                "",
                "operatore e valore del target occupano due colonne sotto un'unica intestazione: le colonne seguenti sono state lette una colonna più a destra",
            ));
        }
        // Continuation: context columns inherit from the row above when empty.
        let mut carry = table.carry.clone();
        let mut ctx_value = |role_pred: fn(Role) -> bool| -> Option<String> {
            let (c, _) = table.col_of(role_pred)?;
            match get(c) {
                Some(cell) => {
                    carry.retain(|(cc, _)| *cc != c);
                    carry.push((c, cell.text.clone()));
                    Some(cell.text)
                }
                None => carry
                    .iter()
                    .find(|(cc, _)| *cc == c)
                    .map(|(_, t)| t.clone()),
            }
        };
        let programme = ctx_value(|r| r == Role::Programme);
        let objective_col = ctx_value(|r| r == Role::Objective);
        let strategic_col = ctx_value(|r| r == Role::StrategicObjective);
        let strategic_area_col = ctx_value(|r| r == Role::StrategicArea);
        let code = ctx_value(|r| r == Role::Code);
        let area_col = ctx_value(|r| r == Role::Area);
        let area_missing = area_col.is_none() && self.ctx.area.is_none();
        let dirigente_col = ctx_value(|r| r == Role::Dirigente);
        let office_col = ctx_value(|r| r == Role::Office);
        // Context cells left of the indicator column that have no header:
        // carried too (programme-like), so continuation rows see them.
        let indicator = match indicator_text {
            Some(t) => t,
            None => match &table.last_indicator {
                Some(prev) => {
                    anomalies.push(Anomaly::new(
                        AnomalyCode::Inferenza,
                        loc.at_col(self.abs_col(table.indicator)),
                        "",
                        "cella dell'indicatore vuota: indicatore ereditato dalla riga precedente",
                    ));
                    prev.clone()
                }
                None => {
                    anomalies.push(Anomaly::new(
                        AnomalyCode::RigaNonLetta,
                        loc.at_col(self.abs_col(table.indicator)),
                        "",
                        "riga con valori ma senza indicatore",
                    ));
                    String::new()
                }
            },
        };
        let mut context = self.ctx.clone();
        if let Some(o) = objective_col {
            context.action_code = None;
            context.action = None;
            // `OO1 Semplificare le pratiche`: a leading code is the objective's code.
            match split_code(&o) {
                Some((c, title)) => {
                    context.objective_code = Some(c.into());
                    context.objective = Some(title.into());
                }
                None => context.objective = Some(o.into()),
            }
        }
        if let Some(s) = strategic_col {
            match split_code(&s) {
                Some((c, title)) => {
                    context.strategic_code = Some(c.into());
                    context.strategic = Some(title.into());
                }
                // `Cod. ob. strategico` column: a code alone.
                None if !s.contains(' ') && s.chars().any(|c| c.is_ascii_digit()) => {
                    context.strategic_code = Some(s.into());
                }
                None => context.strategic = Some(s.into()),
            }
        }
        if let Some(p) = strategic_area_col {
            context.perspective = Some(p.into());
        }
        if let Some(a) = area_col {
            if owners::is_transversal(&a) {
                context.transversal = true;
            } else {
                context.area = Some(a.into());
                context.area_source = Some(OwnerSource::Column);
                context.units.clear();
            }
        }
        if let Some(d) = dirigente_col {
            if owners::is_transversal(&d) {
                context.transversal = true;
                context.dirigente = None;
                context.dirigente_source = Some(OwnerSource::Column);
            } else {
                context.dirigente = Some(d.into());
                context.dirigente_source = Some(OwnerSource::Column);
            }
        }
        if let Some(o) = office_col {
            // An `Ufficio` column in a table with no area column is the unit.
            let o: super::context::Shared = o.into();
            if area_missing && !owners::is_transversal(&o) {
                context.area = Some(o.clone());
                context.area_source = Some(OwnerSource::Column);
                context.units.clear();
            }
            context.office = Some(o);
        }
        // Values in columns with no header and no role are reported, not dropped.
        let used: Vec<usize> = {
            let mut u: Vec<usize> = table.roles.iter().map(|(c, _)| *c).collect();
            u.push(table.indicator);
            for t in &table.targets {
                u.extend(t.op_left);
                u.extend(t.op_right);
            }
            if let Some(f) = extra_shift_from {
                u.push(table.roles.iter().map(|(c, _)| *c).max().unwrap_or(f) + 1);
            }
            u
        };
        for (c, cell) in view.iter().enumerate() {
            if is_blank(cell)
                || used.contains(&c)
                || c < table.indicator
                || table.side_start.is_some_and(|side| c >= side)
            {
                continue;
            }
            anomalies.push(Anomaly::new(
                AnomalyCode::RigaNonLetta,
                loc.at_col(self.abs_col(c)),
                cell_text(cell),
                "valore in una colonna senza intestazione riconosciuta: non usato",
            ));
        }
        let unit = role_cell(|r| r == Role::Unit).map(|c| c.text);
        let tipologia = role_cell(|r| r == Role::Tipologia).map(|c| c.text);
        let formula = value_cell(|r| r == Role::Formula).map(|c| c.text);
        let note = value_cell(|r| r == Role::Note).map(|c| c.text);
        let scale = super::ScaleCells {
            minimum: value_cell(|r| r == Role::Threshold),
            excellence: value_cell(|r| r == Role::Excellence),
            bands: value_cell(|r| r == Role::Bands),
        };
        let scale = (!scale.is_empty()).then(|| Box::new(scale));
        let actual_date = value_cell(|r| r == Role::ActualDate).map(Box::new);
        let context = match &self.row_ctx {
            Some(last) if **last == context => last.clone(),
            _ => {
                let shared = std::sync::Arc::new(context);
                self.row_ctx = Some(shared.clone());
                shared
            }
        };
        let row = RawRow {
            location: loc,
            context,
            programme,
            indicator: indicator.clone(),
            code,
            unit,
            tipologia,
            formula,
            note,
            scale,
            weight,
            baseline,
            targets: slots,
            actual,
            has_actual_column: actual_col.is_some(),
            actual_year,
            actual_date,
            shifted,
            anomalies,
        };
        table.carry = carry;
        table.last_indicator = Some(indicator);
        table.seen_data = true;
        self.keyed_block = false;
        self.out.rows.push(row);
        true
    }
}
