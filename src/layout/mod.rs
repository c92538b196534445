//! Layout detection: finds header rows, column roles and context (area,
//! dirigente, objective) in a sheet, and yields one [`RawRow`] per indicator
//! row, with every cell it came from.
//!
//! The mechanisms are general (no per-file code), one room each:
//! - [`headers`]: the header recogniser with its synonym dictionary;
//! - `table`: header rows (with a second row of years or operators under
//!   them), column maps with operator columns and several target years,
//!   data rows, continuation rows (empty leading cells inherit from above,
//!   merged cells too) and rows shifted one column left (repaired, with an
//!   anomaly);
//! - `blocks`: key/value rows in one or two cells (`Dirigente Responsabile
//!   | X`, `Obiettivo strategico 1.1 | …`) and outline headings (`Obiettivo
//!   operativo: A.1.1 …`), with or without colon;
//! - `sections`: code rows (`O 1.1.1`, `SG1`), unit lists, owner sections,
//!   titles, perspective rows, footnotes, totals and prose;
//! - [`owners`]: one owner across spellings, joint and transversal owners,
//!   owners named by section titles;
//! - [`context`]: the context carried down the sheet (strategic area,
//!   strategic objective, objective, action, owners) and title rows.
//!
//! Rows that do not fit are kept: every anomaly names file, sheet and cell.

mod blocks;
pub mod context;
pub mod headers;
mod mapping;
pub mod owners;
mod sections;
mod table;
#[cfg(test)]
mod tests;

use std::borrow::Cow;

use crate::model::{Anomaly, AnomalyCode, Location, Op};
use crate::read::{Cell, CellValue, Sheet};

use blocks::Key;
use table::Table;

pub use context::Context;
pub use headers::{Role, Synonyms};
pub use mapping::{ForcedLayout, OwnerOverride};

/// One cell with its 0-based absolute column and its text as the sheet shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct RawCell {
    /// The typed cell.
    pub cell: Cell,
    /// 0-based absolute column.
    pub col: u32,
    /// Text as displayed (Italian formatting for typed cells), trimmed.
    pub text: String,
}

/// A target column of a row: year, value cell and operator (cell or column).
#[derive(Debug, Clone, PartialEq)]
pub struct TargetSlot {
    /// Year of the column header, if any.
    pub year: Option<i32>,
    /// A target of a period of the year (`Target I semestre`, `Target al
    /// 30/06`): the months elapsed at the period's end; `None` for the
    /// year's target.
    pub months: Option<u32>,
    /// The value cell (empty cells are `None`).
    pub value: Option<RawCell>,
    /// An operator cell beside the value (operator column).
    pub op_cell: Option<Box<RawCell>>,
    /// An operator given by a sub-header row for the whole column.
    pub column_op: Option<Op>,
}

impl TargetSlot {
    /// The operator from an operator column or sub-header, if any.
    pub fn op_column(&self) -> Option<Op> {
        self.op_cell
            .as_ref()
            .and_then(|c| headers::operator_of(&c.text))
            .or(self.column_op)
    }
}

/// One indicator row as found in the sheet, before normalisation.
#[derive(Debug, Clone, PartialEq)]
pub struct RawRow {
    /// File, sheet and 1-based row.
    pub location: Location,
    /// Context at this row, shared by the consecutive rows that have the
    /// same one (a block of indicators under one objective and owner holds
    /// one copy, not one per row).
    pub context: std::sync::Arc<Context>,
    /// Programme / line of intervention.
    pub programme: Option<String>,
    /// Indicator text.
    pub indicator: String,
    /// Indicator or objective code from a code column.
    pub code: Option<String>,
    /// UdM.
    pub unit: Option<String>,
    /// Tipologia.
    pub tipologia: Option<String>,
    /// Algoritmo / formula.
    pub formula: Option<String>,
    /// Notes.
    pub note: Option<String>,
    /// The indicator's own scale: minimum threshold, excellence and bands
    /// cells, when the table has those columns (boxed: most plans have none).
    pub scale: Option<Box<ScaleCells>>,
    /// Weight cell.
    pub weight: Option<RawCell>,
    /// Baseline cell and the year of its column (boxed: many plans have no
    /// baseline, and a row without one then costs a pointer, not a cell).
    pub baseline: Option<Box<(Option<i32>, RawCell)>>,
    /// Target columns in sheet order.
    pub targets: Vec<TargetSlot>,
    /// Actual cell and the year of its column.
    pub actual: Option<(Option<i32>, RawCell)>,
    /// Whether an actual column exists in this table (even if this cell is empty).
    pub has_actual_column: bool,
    /// Year of the actual column header, if any.
    pub actual_year: Option<i32>,
    /// Cell of a `Data di raggiungimento` column, when the table has one.
    pub actual_date: Option<Box<RawCell>>,
    /// The row sat one column left of its header and was repaired.
    pub shifted: bool,
    /// Anomalies found while reading the row.
    pub anomalies: Vec<Anomaly>,
}

/// The cells of an indicator's own scale.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ScaleCells {
    /// `Soglia minima`.
    pub minimum: Option<RawCell>,
    /// `Eccellenza`.
    pub excellence: Option<RawCell>,
    /// `Fasce di punteggio`.
    pub bands: Option<RawCell>,
}

impl ScaleCells {
    /// No cell at all.
    pub fn is_empty(&self) -> bool {
        self.minimum.is_none() && self.excellence.is_none() && self.bands.is_none()
    }
}

/// Options of layout detection.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Extra header synonyms.
    pub synonyms: Synonyms,
    /// Area names known from the organigramma (matched in titles).
    pub known_areas: Vec<String>,
    /// Layouts forced by the user (mapping file), for sheets where
    /// detection fails.
    pub forced: Vec<ForcedLayout>,
    /// Owners given by the user (mapping file, `[[responsabile]]`).
    pub owners: Vec<OwnerOverride>,
}

/// What was found in one sheet.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SheetLayout {
    /// Indicator rows, in sheet order.
    pub rows: Vec<RawRow>,
    /// Sheet-level anomalies (no header found, rows not understood…).
    pub anomalies: Vec<Anomaly>,
}

/// Text of a cell as the sheet shows it (Italian formatting for numbers/dates).
pub fn cell_text(cell: &Cell) -> String {
    match &cell.value {
        CellValue::Text(s) => s.trim().to_string(),
        _ => {
            let s = crate::value::cell_display(cell);
            if s.trim().len() == s.len() {
                s
            } else {
                s.trim().to_string()
            }
        }
    }
}

struct Detector<'a> {
    /// File and sheet names, shared by every location of the sheet.
    file: crate::model::Shared,
    sheet_name: crate::model::Shared,
    sheet: &'a Sheet,
    opts: &'a Options,
    grid: Cow<'a, [Vec<Cell>]>,
    ctx: Context,
    /// The context of the last row laid out, shared by the next when equal.
    row_ctx: Option<std::sync::Arc<Context>>,
    table: Option<Table>,
    pending_key: Option<Key>,
    /// The current objective block was opened by key/value or code rows and
    /// no indicator row has been read since: loose one-cell rows in it are
    /// descriptions, not sections.
    keyed_block: bool,
    /// The current block was opened by a code row or a `Codice:` key (not by
    /// an outline heading such as `Obiettivo operativo: A.1.1 …`).
    code_block: bool,
    /// A table holding no indicators (phases, a timetable) is under way:
    /// its rows are context.
    foreign_table: bool,
    /// The plan names its levels with keys (`Area strategica: …`): rows that
    /// merely look like section titles do not replace them.
    explicit_levels: bool,
    /// An owner was written below its block's table: the index of the
    /// block's first row, which the owner rows that follow also give to.
    footer_from: Option<usize>,
    /// A `Unità organizzative coinvolte` key was read: the one-cell rows
    /// below it are units, until a row that is not one.
    units_open: bool,
    /// A header forced by the mapping file: grid row and (grid column, role).
    forced: Option<(usize, Vec<(usize, Role)>)>,
    out: SheetLayout,
}

/// Detects the layout of one sheet.
///
/// ```
/// use cruscotto::layout::{detect_sheet, Options};
/// use cruscotto::read::{Cell, CellValue, Sheet};
/// let t = |s: &str| Cell { value: CellValue::Text(s.into()), ..Cell::default() };
/// let sheet = Sheet {
///     name: "Area 1".into(),
///     rows: vec![
///         vec![t("Indicatori"), t("Target 2025"), t("Consuntivo 2025")],
///         vec![t("Pratiche evase"), t(">= 95%"), t("96%")],
///     ],
///     ..Sheet::default()
/// };
/// let found = detect_sheet("piano.xlsx", &sheet, &Options::default());
/// assert_eq!(found.rows.len(), 1);
/// assert_eq!(found.rows[0].indicator, "Pratiche evase");
/// assert_eq!(found.rows[0].targets[0].year, Some(2025));
/// assert_eq!(found.rows[0].location.row, 2);
/// ```
pub fn detect_sheet(file: &str, sheet: &Sheet, opts: &Options) -> SheetLayout {
    let mut d = Detector {
        file: file.into(),
        sheet_name: sheet.name.as_str().into(),
        sheet,
        opts,
        grid: fill_merged(sheet),
        ctx: Context::for_sheet(&sheet.name),
        row_ctx: None,
        table: None,
        pending_key: None,
        keyed_block: false,
        code_block: false,
        units_open: false,
        foreign_table: false,
        footer_from: None,
        explicit_levels: false,
        forced: forced_header(sheet, opts),
        out: SheetLayout::default(),
    };
    d.run();
    // Front matter (`Indice`, `Legenda`, `Note metodologiche`) holds no
    // indicators by design: not an anomaly.
    let front = {
        let f = headers::fold(&sheet.name);
        [
            "indice",
            "riepilogo",
            "pesatura",
            "quadro",
            "legenda",
            "note",
            "copertina",
            "istruzioni",
            "glossario",
            "premessa",
            "sommario",
            "frontespizio",
        ]
        .iter()
        .any(|w| f == *w || f.starts_with(&format!("{w} ")))
    };
    if d.table.is_none()
        && d.out.rows.is_empty()
        && !front
        && sheet.rows.iter().any(|r| r.iter().any(|c| !is_blank(c)))
    {
        d.out.anomalies.push(Anomaly::new(
            AnomalyCode::IntestazioneNonTrovata,
            Location::row(file, sheet.name.as_str(), sheet.row_offset + 1),
            "",
            "nessuna riga di intestazione riconosciuta nel foglio: nessun indicatore letto",
        ));
    }
    d.out
}

fn is_blank(c: &Cell) -> bool {
    match &c.value {
        CellValue::Empty => true,
        CellValue::Text(s) => s.trim().is_empty(),
        _ => false,
    }
}

/// The forced header of a sheet, in grid coordinates (mapping already validated).
fn forced_header(sheet: &Sheet, opts: &Options) -> Option<(usize, Vec<(usize, Role)>)> {
    let f = opts.forced.iter().find(|f| f.applies_to(&sheet.name))?;
    let row = f.riga_intestazione.checked_sub(1 + sheet.row_offset)? as usize;
    let roles = f.roles(&opts.synonyms).ok()?;
    let cols = roles
        .into_iter()
        .filter_map(|(c, r)| Some((c.checked_sub(sheet.col_offset)? as usize, r)))
        .collect();
    Some((row, cols))
}

/// Copies the value of a vertically merged range down its first column, so
/// that merged context cells behave as continuation rows.
fn fill_merged(sheet: &Sheet) -> Cow<'_, [Vec<Cell>]> {
    if !sheet.merged.iter().any(|m| m.last_row > m.first_row) {
        // No vertical merge: the grid is the sheet's own.
        return Cow::Borrowed(&sheet.rows);
    }
    let mut grid = sheet.rows.clone();
    for m in &sheet.merged {
        if m.last_row <= m.first_row {
            continue;
        }
        let Some(top) = grid
            .get(m.first_row)
            .and_then(|r| r.get(m.first_col))
            .cloned()
        else {
            continue;
        };
        for r in m.first_row + 1..=m.last_row.min(grid.len().saturating_sub(1)) {
            let row = &mut grid[r];
            if row.len() <= m.first_col {
                row.resize(m.first_col + 1, Cell::default());
            }
            if is_blank(&row[m.first_col]) {
                row[m.first_col] = top.clone();
            }
        }
    }
    Cow::Owned(grid)
}

impl Detector<'_> {
    fn loc(&self, r: usize) -> Location {
        Location {
            file: self.file.clone(),
            sheet: self.sheet_name.clone(),
            row: self.sheet.row_offset + r as u32 + 1,
            col: None,
        }
    }

    fn abs_col(&self, c: usize) -> u32 {
        self.sheet.col_offset + c as u32
    }

    fn run(&mut self) {
        for r in 0..self.grid.len() {
            self.row(r);
        }
    }

    fn non_empty(&self, r: usize) -> Vec<usize> {
        self.grid[r]
            .iter()
            .enumerate()
            .filter(|(_, c)| !is_blank(c))
            .map(|(i, _)| i)
            .collect()
    }

    fn row(&mut self, r: usize) {
        let cols = self.non_empty(r);
        if cols.is_empty() {
            return;
        }
        if self.try_header(r, &cols) {
            self.footer_from = None;
            // A table ends a list of units and a key waiting for its value.
            self.units_open = false;
            self.pending_key = None;
            return;
        }
        if self.try_subheader(r, &cols) {
            self.footer_from = None;
            return;
        }
        if self.try_key_value(r, &cols) {
            return;
        }
        // Any other row ends the owner rows below a block's table.
        self.footer_from = None;
        if sections::is_aside(&self.grid[r], &cols) {
            // A footnote or a total row: context, never a record.
            return;
        }
        if self.try_code_beside_title(r, &cols) {
            return;
        }
        if self.table.is_some() && self.try_data(r, &cols) {
            self.units_open = false;
            self.pending_key = None;
            return;
        }
        self.context_row(r, &cols);
    }
}
