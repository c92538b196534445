//! Layout detection: finds header rows, column roles and context (area,
//! dirigente, objective) in a sheet, and yields one [`RawRow`] per indicator
//! row, with every cell it came from.
//!
//! The mechanisms are general (no per-file code):
//! - a header recogniser with a synonym dictionary ([`headers`]);
//! - a context stack carried down the sheet ([`context`]): titles, perspective
//!   and section rows, key/value blocks (`Codice:`, `Obiettivo:`, `Area di
//!   responsabilità:`…), outline rows (`Obiettivo operativo: A.1.1 …`);
//! - a per-table column map, with operator columns (`Target 2025` over
//!   `>=` | `4`), operator sub-header rows and several target years;
//! - continuation rows (empty leading cells inherit from above, merged cells
//!   too) and rows shifted one column left (repaired, with an anomaly).
//!
//! Rows that do not fit are kept: every anomaly names file, sheet and cell.

pub mod context;
pub mod headers;

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

use crate::model::{Anomaly, AnomalyCode, Location, Op};
use crate::read::{Cell, CellValue, Sheet};

pub use context::Context;
pub use headers::{Role, Synonyms};

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
    /// The value cell (empty cells are `None`).
    pub value: Option<RawCell>,
    /// An operator cell beside the value (operator column).
    pub op_cell: Option<RawCell>,
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
    /// Context at this row.
    pub context: Context,
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
    /// Weight cell.
    pub weight: Option<RawCell>,
    /// Baseline cell and the year of its column.
    pub baseline: Option<(Option<i32>, RawCell)>,
    /// Target columns in sheet order.
    pub targets: Vec<TargetSlot>,
    /// Actual cell and the year of its column.
    pub actual: Option<(Option<i32>, RawCell)>,
    /// Whether an actual column exists in this table (even if this cell is empty).
    pub has_actual_column: bool,
    /// Year of the actual column header, if any.
    pub actual_year: Option<i32>,
    /// The row sat one column left of its header and was repaired.
    pub shifted: bool,
    /// Anomalies found while reading the row.
    pub anomalies: Vec<Anomaly>,
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
}

/// A header forced by the user for a sheet (`--mappa FILE`, table `[[foglio]]`):
/// which row is the header and what each column holds, named with the same
/// header words the recogniser understands (`"Target 2022"`, `"Consuntivo"`,
/// `"Peso"`…). Automatic header detection is off for that sheet.
///
/// ```
/// use cruscotto::layout::ForcedLayout;
/// let f: ForcedLayout = toml::from_str(r#"
/// foglio = "Area 1"
/// riga_intestazione = 4
/// colonne = { B = "Indicatore", E = "Target 2022", F = "Consuntivo 2022" }
/// "#).unwrap();
/// assert!(f.roles(&Default::default()).is_ok());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ForcedLayout {
    /// Sheet name (case-insensitive), or `*` for every sheet.
    pub foglio: String,
    /// 1-based row of the header, as the spreadsheet shows it.
    pub riga_intestazione: u32,
    /// Column letter → header words (`E = "Target 2022"`).
    pub colonne: std::collections::BTreeMap<String, String>,
}

impl ForcedLayout {
    /// The roles of the forced columns (0-based absolute index, role), or an
    /// Italian message naming what could not be understood.
    pub fn roles(&self, synonyms: &Synonyms) -> Result<Vec<(u32, Role)>, String> {
        let mut out = Vec::new();
        for (letter, text) in &self.colonne {
            let col = crate::model::column_index(letter).ok_or_else(|| {
                format!("colonna «{letter}» non valida (usare lettere: A, B, …, AA)")
            })?;
            let role = headers::recognise(text, synonyms).ok_or_else(|| {
                format!("intestazione «{text}» della colonna {letter} non riconosciuta")
            })?;
            out.push((col, role));
        }
        if !out.iter().any(|(_, r)| *r == Role::Indicator) {
            return Err("la mappa deve indicare la colonna dell'indicatore".into());
        }
        Ok(out)
    }

    /// Reads a mapping file: a TOML list of `[[foglio]]` tables, each checked.
    pub fn load(path: &std::path::Path, synonyms: &Synonyms) -> Result<Vec<ForcedLayout>, String> {
        #[derive(serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        struct File {
            foglio: Vec<ForcedLayout>,
        }
        let shown = path.display();
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("impossibile leggere la mappa {shown}: {e}"))?;
        let f: File = toml::from_str(&text)
            .map_err(|e| format!("mappa {shown} non valida: {}", e.message()))?;
        for l in &f.foglio {
            if l.riga_intestazione == 0 {
                return Err(format!(
                    "mappa {shown}, foglio «{}»: riga_intestazione parte da 1",
                    l.foglio
                ));
            }
            l.roles(synonyms)
                .map_err(|e| format!("mappa {shown}, foglio «{}»: {e}", l.foglio))?;
        }
        Ok(f.foglio)
    }

    fn applies_to(&self, sheet: &str) -> bool {
        self.foglio == "*" || self.foglio.eq_ignore_ascii_case(sheet) || self.foglio == sheet
    }
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

fn header_text(cell: &Cell) -> Option<Cow<'_, str>> {
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
    col: usize,
    op_left: Option<usize>,
    op_right: Option<usize>,
    column_op: Option<Op>,
}

#[derive(Debug, Clone)]
struct Table {
    roles: Vec<(usize, Role)>,
    indicator: usize,
    targets: Vec<TargetCol>,
    /// Last data row's continuation values per context column.
    carry: Vec<(usize, String)>,
    last_indicator: Option<String>,
    seen_data: bool,
}

/// The target columns of a header, with the free columns either side where
/// an operator may sit.
fn target_cols(roles: &[(usize, Role)], indicator: usize) -> Vec<TargetCol> {
    // An operator may sit in an unnamed column or one headed `Operatore`.
    let free =
        |x: usize| x != indicator && roles.iter().all(|(rc, r)| *rc != x || *r == Role::Operator);
    roles
        .iter()
        .filter_map(|&(c, role)| match role {
            Role::Target(year) => Some(TargetCol {
                year,
                col: c,
                op_left: (c > 0 && free(c - 1)).then(|| c - 1),
                op_right: free(c + 1).then_some(c + 1),
                column_op: None,
            }),
            _ => None,
        })
        .collect()
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

impl Table {
    fn col_of(&self, pred: impl Fn(Role) -> bool) -> Option<(usize, Role)> {
        self.roles.iter().copied().find(|(_, r)| pred(*r))
    }
}

static SECTION_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(\d+(\.\d+)*)[.)]?\s+\S").unwrap_or_else(|e| unreachable!("regex: {e}"))
});
static OBJECTIVE_CODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\s*(\d{2}_\d{2}_[A-Za-z]{2,4} ?\d{1,3}|[A-Z]{1,3}\d{1,3}|[A-Z](\.\d+)+|\d+(\.\d+)+)\s*$",
    )
    .unwrap_or_else(|e| unreachable!("regex: {e}"))
});
static LEADING_CODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?P<code>\d{2}_\d{2}_[A-Za-z]{2,4} ?\d{1,3}|[A-Z](\.\d+)+|[A-Z]{1,3}\d{1,3}|\d+(\.\d+)+)\s*[-–:.]?\s*(?P<rest>.*)$")
        .unwrap_or_else(|e| unreachable!("regex: {e}"))
});
static AREA_SECTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*area\s+(\d{1,2}|[ivx]{1,4})\b")
        .unwrap_or_else(|e| unreachable!("regex: {e}"))
});
static LOOKS_LIKE_TARGET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*(≥|≤|>=|<=|=>|=<|>|<|=|> =|< =)?\s*([+-]?\d[\d.,]*\s*%?|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}|positivo|negativo|buono|ottimo|discreto|sufficiente|si|sì|no|n\.d\.?|---)\s*\*?$",
    )
    .unwrap_or_else(|e| unreachable!("regex: {e}"))
});

/// Splits a `Key: value` text; the key folded.
fn split_key_value(text: &str) -> Option<(String, String)> {
    let (k, v) = text.split_once(':')?;
    let key = headers::fold(k);
    if key.is_empty()
        || key.len() > 60
        || key.chars().any(|c| c.is_ascii_digit()) && !key.starts_with("d.m")
    {
        return None;
    }
    Some((key, v.trim().to_string()))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    Code,
    Objective,
    Strategic,
    Perspective,
    Action,
    Area,
    Office,
    Dirigente,
    ObjectiveWeight,
    Ignore,
}

fn key_kind(key: &str) -> Option<Key> {
    let k = key.trim_end_matches(" (os)").trim_end_matches(" (oo)");
    Some(match k {
        "codice" | "codice obiettivo" | "cod" => Key::Code,
        "obiettivo" | "obiettivo operativo" | "titolo obiettivo" => Key::Objective,
        "obiettivo strategico" => Key::Strategic,
        "area strategica" | "prospettiva" | "ambito" => Key::Perspective,
        "azione" | "attivita" => Key::Action,
        "area di responsabilita" | "area" | "area organizzativa" | "struttura responsabile" => {
            Key::Area
        }
        "ufficio" | "servizio" | "ufficio responsabile" => Key::Office,
        "dirigente responsabile" | "dirigente" | "responsabile" => Key::Dirigente,
        "peso obiettivo" | "peso dell'obiettivo" => Key::ObjectiveWeight,
        _ if k.starts_with("descrizione")
            || k.starts_with("risorse")
            || k.contains("missione")
            || k.contains("programma")
            || k.starts_with("ambito strategico")
            || k.starts_with("unita organizzative")
            || k.starts_with("stakeholder")
            || k.starts_with("note") =>
        {
            Key::Ignore
        }
        _ => return None,
    })
}

struct Detector<'a> {
    file: &'a str,
    sheet: &'a Sheet,
    opts: &'a Options,
    grid: Cow<'a, [Vec<Cell>]>,
    ctx: Context,
    table: Option<Table>,
    pending_key: Option<Key>,
    /// The current objective block was opened by key/value or code rows and
    /// no indicator row has been read since: loose one-cell rows in it are
    /// descriptions, not sections.
    keyed_block: bool,
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
        file,
        sheet,
        opts,
        grid: fill_merged(sheet),
        ctx: Context::default(),
        table: None,
        pending_key: None,
        keyed_block: false,
        forced: forced_header(sheet, opts),
        out: SheetLayout::default(),
    };
    d.run();
    if d.table.is_none()
        && d.out.rows.is_empty()
        && sheet.rows.iter().any(|r| r.iter().any(|c| !is_blank(c)))
    {
        d.out.anomalies.push(Anomaly::new(
            AnomalyCode::IntestazioneNonTrovata,
            Location::row(file, &sheet.name, sheet.row_offset + 1),
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
        Location::row(
            self.file,
            &self.sheet.name,
            self.sheet.row_offset + r as u32 + 1,
        )
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
            return;
        }
        if self.try_operator_subheader(r, &cols) {
            return;
        }
        if self.try_year_subheader(r, &cols) {
            return;
        }
        if self.try_key_value(r, &cols) {
            return;
        }
        if self.table.is_some() && self.try_data(r, &cols) {
            return;
        }
        self.context_row(r, &cols);
    }

    /// A header row: ≥ 2 recognised cells, one of them indicator, target or actual.
    fn try_header(&mut self, r: usize, cols: &[usize]) -> bool {
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
        for &c in cols {
            let role = header_text(&self.grid[r][c])
                .and_then(|t| headers::recognise(&t, &self.opts.synonyms));
            match role {
                Some(role) => roles.push((c, role)),
                None => unknown.push(c),
            }
        }
        self.set_table(r, roles, unknown)
    }

    /// Installs the table of header row `r` when its roles make one.
    fn set_table(
        &mut self,
        r: usize,
        mut roles: Vec<(usize, Role)>,
        mut unknown: Vec<usize>,
    ) -> bool {
        roles.sort_by_key(|(c, _)| *c);
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
                self.section_text(title);
                unknown.retain(|&u| u != c);
                c
            }
        };
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
        let targets = target_cols(&roles, indicator);
        self.table = Some(Table {
            roles,
            indicator,
            targets,
            carry: Vec::new(),
            last_indicator: None,
            seen_data: false,
        });
        true
    }

    /// A row right under a header holding only operators: column operators.
    fn try_operator_subheader(&mut self, r: usize, cols: &[usize]) -> bool {
        let Some(table) = self.table.as_mut() else {
            return false;
        };
        if table.seen_data {
            return false;
        }
        let ops: Vec<(usize, Op)> = cols
            .iter()
            .filter_map(|&c| headers::operator_of(&cell_text(&self.grid[r][c])).map(|o| (c, o)))
            .collect();
        if ops.len() != cols.len() {
            return false;
        }
        for (c, op) in ops {
            for t in table.targets.iter_mut() {
                if t.col == c || t.op_left == Some(c) || t.op_right == Some(c) {
                    t.column_op = Some(op);
                    break;
                }
            }
        }
        true
    }

    /// A row right under a header holding only years, under a `Target` (or
    /// `Stato`/baseline) header that spans several columns: `Target` over
    /// `2025 | 2026 | 2027`. Each year becomes its own column.
    fn try_year_subheader(&mut self, r: usize, cols: &[usize]) -> bool {
        let Some(table) = self.table.as_mut() else {
            return false;
        };
        if table.seen_data {
            return false;
        }
        let years: Vec<(usize, i32)> = cols
            .iter()
            .filter_map(|&c| year_cell(&self.grid[r][c]).map(|y| (c, y)))
            .collect();
        if years.is_empty() || years.len() != cols.len() {
            return false;
        }
        // Each year belongs to the nearest header role at or left of it,
        // which must be a target or baseline without a year of its own.
        let mut new_roles = table.roles.clone();
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
                _ => return false,
            };
            new_roles.retain(|(rc, _)| *rc != c);
            new_roles.push((c, role));
        }
        new_roles.sort_by_key(|(c, _)| *c);
        table.targets = target_cols(&new_roles, table.indicator);
        table.roles = new_roles;
        true
    }

    fn try_key_value(&mut self, r: usize, cols: &[usize]) -> bool {
        let first = cell_text(&self.grid[r][cols[0]]);
        // `Key:` | value, or `Key: value` in one cell.
        let (key, mut value) = match split_key_value(&first) {
            Some(kv) => kv,
            None => return false,
        };
        let Some(kind) = key_kind(&key) else {
            return false;
        };
        if value.is_empty() {
            if let Some(&c) = cols.get(1) {
                value = cell_text(&self.grid[r][c]);
            }
        }
        // A key/value row after data rows starts a new objective block.
        if let Some(t) = self.table.as_mut() {
            if t.seen_data {
                t.seen_data = false;
                t.carry.clear();
                t.last_indicator = None;
                self.new_block();
            }
        }
        if value.is_empty() {
            self.pending_key = Some(kind);
            return true;
        }
        self.apply_key(kind, value);
        true
    }

    fn new_block(&mut self) {
        self.ctx.new_block();
    }

    /// Whether the next non-empty row is a header or a one-cell row: then a
    /// one-cell row is a section title, not a continuation parent.
    fn next_is_section_boundary(&self, r: usize) -> bool {
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

    fn apply_key(&mut self, kind: Key, value: String) {
        self.pending_key = None;
        if matches!(kind, Key::Code | Key::Objective | Key::Action) {
            self.keyed_block = true;
        }
        match kind {
            Key::Code => {
                if self.ctx.objective_code.is_some() {
                    self.new_block();
                }
                self.ctx.objective_code = Some(value);
            }
            Key::Objective | Key::Action => {
                if self.ctx.objective.is_some() && kind == Key::Objective {
                    self.new_block();
                }
                match split_code(&value) {
                    Some((code, rest)) => {
                        self.ctx.objective_code = Some(code);
                        self.ctx.objective = Some(rest);
                    }
                    None => self.ctx.objective = Some(value),
                }
            }
            // Inside a block opened by its own code or title, a strategic
            // objective or perspective named after it is its parent: the
            // objective stays.
            Key::Strategic if self.keyed_block => self.ctx.strategic = Some(value),
            Key::Perspective if self.keyed_block => self.ctx.perspective = Some(value),
            Key::Strategic => self.ctx.set_strategic(value),
            Key::Perspective => self.ctx.set_perspective(value),
            Key::Area => {
                if context::is_transversal(&value) {
                    self.ctx.transversal = true;
                } else {
                    self.ctx.area = Some(value);
                }
            }
            Key::Office => self.ctx.office = Some(value),
            Key::Dirigente => {
                if context::is_transversal(&value) {
                    self.ctx.transversal = true;
                } else {
                    self.ctx.dirigente = Some(value);
                }
            }
            Key::ObjectiveWeight => self.ctx.objective_weight = Some(value),
            Key::Ignore => {}
        }
    }

    /// A row without a table role: title, perspective, section, code row, prose.
    fn context_row(&mut self, r: usize, cols: &[usize]) {
        let texts: Vec<String> = cols.iter().map(|&c| cell_text(&self.grid[r][c])).collect();
        if let Some(kind) = self.pending_key.take() {
            if texts.len() == 1 {
                self.apply_key(kind, texts[0].clone());
                return;
            }
        }
        // Code row: `01_01_UIC01` | `Favorire la doppia transizione`.
        // The same in one cell: `03_01_UIC03 Migliorare l'efficacia…`.
        let one_cell_code = match texts.as_slice() {
            [t] => split_code(t).filter(|(c, rest)| {
                c.contains('_') && OBJECTIVE_CODE.is_match(c) && !is_prose(rest)
            }),
            _ => None,
        };
        let texts = match one_cell_code {
            Some((c, rest)) => vec![c, rest],
            None => texts,
        };
        if texts.len() >= 2 && OBJECTIVE_CODE.is_match(&texts[0]) {
            self.new_block();
            // The block has begun: key/value rows after it belong to it.
            if let Some(t) = self.table.as_mut() {
                t.seen_data = false;
                t.carry.clear();
                t.last_indicator = None;
            }
            self.ctx.objective_code = Some(texts[0].trim().to_string());
            self.ctx.objective = Some(texts[1].clone());
            self.keyed_block = true;
            self.end_data();
            return;
        }
        let text = texts.join(" ");
        if let Some(t) = context::read_title(&text, &self.opts.known_areas) {
            let transversal = context::is_transversal(&text);
            self.ctx.set_title(t.area, t.dirigente, t.year);
            self.ctx.transversal = transversal;
            self.end_data();
            return;
        }
        if let Some(t) = self.table.as_ref() {
            // Several cells in a table that are no indicator row: keep them visible.
            if texts.len() > 1 && t.seen_data {
                self.out.anomalies.push(Anomaly::new(
                    AnomalyCode::RigaNonLetta,
                    self.loc(r).at_col(self.abs_col(cols[0])),
                    texts.join(" | "),
                    "riga non riconosciuta come indicatore né come intestazione: ignorata",
                ));
                return;
            }
        }
        if let Some(area) = self.area_section(&text) {
            // `AREA 2 – Sviluppo economico`: the rows below are that area's.
            self.ctx.area = Some(area);
            self.ctx.transversal = false;
        }
        self.section_text(text);
        self.end_data();
    }

    /// A section row naming an area: `Area 2 …`, `AREA II …`, or exactly an
    /// area of the organigramma.
    fn area_section(&self, text: &str) -> Option<String> {
        let f = headers::fold(text);
        if let Some(a) = self.opts.known_areas.iter().find(|a| headers::fold(a) == f) {
            return Some(a.clone());
        }
        AREA_SECTION
            .captures(text)
            .and_then(|c| c.get(1))
            .map(|m| format!("Area {}", m.as_str().to_uppercase()))
    }

    fn end_data(&mut self) {
        if let Some(t) = self.table.as_mut() {
            t.carry.clear();
            t.last_indicator = None;
        }
    }

    fn section_text(&mut self, text: String) {
        let t = text.trim();
        if t.is_empty() || is_prose(t) || self.keyed_block {
            return;
        }
        if SECTION_NUMBER.is_match(t) {
            self.ctx.set_strategic(t.to_string());
        } else {
            self.ctx.set_perspective(t.to_string());
        }
    }

    fn try_data(&mut self, r: usize, cols: &[usize]) -> bool {
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
        let get = |c: usize| -> Option<RawCell> {
            let cell = view.get(c)?;
            if is_blank(cell) {
                return None;
            }
            Some(RawCell {
                cell: cell.clone(),
                col: self.sheet.col_offset + c as u32,
                text: cell_text(cell),
            })
        };
        let role_cell = |pred: fn(Role) -> bool| table.col_of(pred).and_then(|(c, _)| get(c));

        // Header misaligned by one from the target on: `>=` under the target,
        // value under the next header.
        let mut extra_shift_from: Option<usize> = None;
        let mut squeezed_at: Option<usize> = None;
        let header_last = table.roles.iter().map(|(c, _)| *c).max().unwrap_or(0);
        let row_last = cols.iter().copied().max().unwrap_or(0);
        let mut slots = Vec::new();
        for t in &table.targets {
            let here = get(t.col);
            let mut slot = TargetSlot {
                year: t.year,
                value: here.clone(),
                op_cell: None,
                column_op: t.column_op,
            };
            if let Some(h) = &here {
                if headers::is_operator(&h.text) {
                    let right = get(t.col + 1);
                    if right.is_some() {
                        slot.op_cell = here.clone();
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
                        slot.op_cell = Some(l);
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
                get(c).map(|cell| (y, cell))
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
        let code = ctx_value(|r| r == Role::Code);
        let area_col = ctx_value(|r| r == Role::Area);
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
            // `OO1 Semplificare le pratiche`: a leading code is the objective's code.
            match split_code(&o) {
                Some((c, title)) => {
                    context.objective_code = Some(c);
                    context.objective = Some(title);
                }
                None => context.objective = Some(o),
            }
        }
        if let Some(s) = strategic_col {
            context.strategic = Some(s);
        }
        if let Some(a) = area_col {
            if context::is_transversal(&a) {
                context.transversal = true;
            } else {
                context.area = Some(a);
            }
        }
        if let Some(d) = dirigente_col {
            if context::is_transversal(&d) {
                context.transversal = true;
            } else {
                context.dirigente = Some(d);
            }
        }
        if let Some(o) = office_col {
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
            if is_blank(cell) || used.contains(&c) || c < table.indicator {
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
            weight,
            baseline,
            targets: slots,
            actual,
            has_actual_column: actual_col.is_some(),
            actual_year,
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

fn split_code(value: &str) -> Option<(String, String)> {
    let c = LEADING_CODE.captures(value)?;
    let code = c.name("code")?.as_str().trim().to_string();
    let rest = c
        .name("rest")
        .map(|m| m.as_str().trim().to_string())
        .unwrap_or_default();
    if rest.is_empty() {
        return None;
    }
    Some((code, rest))
}

/// Prose: long text, or several sentences; skipped as context.
fn is_prose(t: &str) -> bool {
    let len = t.chars().count();
    len > 180 || (len > 90 && t.trim_end().ends_with('.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Cell {
        if s.is_empty() {
            return Cell::default();
        }
        Cell {
            value: CellValue::Text(s.into()),
            ..Cell::default()
        }
    }

    fn sheet(rows: &[&[&str]]) -> Sheet {
        Sheet {
            name: "S".into(),
            rows: rows
                .iter()
                .map(|r| r.iter().map(|s| t(s)).collect())
                .collect(),
            ..Sheet::default()
        }
    }

    fn detect(rows: &[&[&str]]) -> SheetLayout {
        detect_sheet("f.xlsx", &sheet(rows), &Options::default())
    }

    #[test]
    fn area_section_rows_set_the_area() {
        let l = detect(&[
            &["AREA 1 – Servizi amministrativi"],
            &["Indicatore", "Target 2025", "Consuntivo 2025"],
            &["Pratiche evase", ">= 90%", "93%"],
            &["Area II - Promozione"],
            &["Eventi", ">= 4", "5"],
        ]);
        assert_eq!(l.rows.len(), 2, "{:?}", l.anomalies);
        assert_eq!(l.rows[0].context.area.as_deref(), Some("Area 1"));
        assert_eq!(l.rows[1].context.area.as_deref(), Some("Area II"));
    }

    #[test]
    fn year_subheader_under_a_spanning_target_header() {
        let l = detect(&[
            &[
                "Indicatori",
                "UdM",
                "Stato 2024",
                "Target",
                "",
                "",
                "Peso indicatori",
            ],
            &["", "", "", "2025", "2026", "2027", ""],
            &["Eventi realizzati", "n.", "7", ">= 4", "5", "n.d.", "20,0%"],
        ]);
        assert_eq!(l.rows.len(), 1, "{:?}", l.anomalies);
        let row = &l.rows[0];
        let years: Vec<Option<i32>> = row.targets.iter().map(|t| t.year).collect();
        assert_eq!(years, vec![Some(2025), Some(2026), Some(2027)]);
        let texts: Vec<String> = row
            .targets
            .iter()
            .map(|t| t.value.as_ref().map(|v| v.text.clone()).unwrap_or_default())
            .collect();
        assert_eq!(texts, vec![">= 4", "5", "n.d."]);
        assert_eq!(row.weight.as_ref().map(|w| w.text.as_str()), Some("20,0%"));
        assert!(l.anomalies.is_empty(), "{:?}", l.anomalies);
    }

    #[test]
    fn operator_squeezed_under_one_header_does_not_shift_a_row_that_fits() {
        let l = detect(&[
            &[
                "Indicatori",
                "Stato 2024",
                "Target 2025",
                "Peso indicatori",
                "Consuntivo 2025",
            ],
            &["Tasso", "9,85%", ">=", "9,9%", "25,0%"],
        ]);
        let row = &l.rows[0];
        assert_eq!(
            row.targets[0].value.as_ref().map(|v| v.text.as_str()),
            Some("9,9%")
        );
        assert_eq!(
            row.actual.as_ref().map(|(_, c)| c.text.as_str()),
            Some("25,0%")
        );
        assert!(row
            .anomalies
            .iter()
            .any(|a| a.code == AnomalyCode::RigaSfalsata));
    }

    #[test]
    fn areas_sheet_with_title_sections_and_continuation() {
        let l = detect(&[
            &["Obiettivi per l'anno 2022 - Dott. Mario Del Secco, Dirigente Area 2 \"Economico\""],
            &["Imprese, Territorio e Consumatori"],
            &["1. Verso una P.A. semplice"],
            &[
                "Programmi di Intervento",
                "Obiettivi Operativi",
                "Indicatori",
                "Target",
                "Consuntivo 2022",
                "Note",
            ],
            &[
                "Digitalizzazione",
                "Consolidamento",
                "Interventi di aggiornamento",
                "6",
                "5",
            ],
            &["", "Stampa certificati", "Richieste evase", "100%", "92,4%"],
            &["", "", "Pratiche evase", "95%", "78%"],
            &["Processi Interni"],
            &["6. L'ottimizzazione"],
            &[
                "Programmi di Intervento",
                "Obiettivi Operativi",
                "Indicatori",
                "Target",
                "Consuntivo 2022",
                "Note",
            ],
            &[
                "Interventi",
                "Ottimizzare la gestione",
                "unità personale",
                "< 1,4",
                "1,4",
            ],
        ]);
        assert_eq!(l.rows.len(), 4, "{:?}", l.anomalies);
        let r = &l.rows[0];
        assert_eq!(r.context.area.as_deref(), Some("Area 2"));
        assert_eq!(
            r.context.dirigente.as_deref(),
            Some("Dott. Mario Del Secco")
        );
        assert_eq!(r.context.year, Some(2022));
        assert_eq!(
            r.context.perspective.as_deref(),
            Some("Imprese, Territorio e Consumatori")
        );
        assert_eq!(
            r.context.strategic.as_deref(),
            Some("1. Verso una P.A. semplice")
        );
        assert_eq!(r.context.objective.as_deref(), Some("Consolidamento"));
        assert_eq!(r.actual_year, Some(2022));
        assert_eq!(
            l.rows[1].context.objective.as_deref(),
            Some("Stampa certificati")
        );
        assert_eq!(l.rows[1].programme.as_deref(), Some("Digitalizzazione"));
        assert_eq!(
            l.rows[2].context.objective.as_deref(),
            Some("Stampa certificati")
        );
        assert_eq!(l.rows[2].location.row, 7);
        assert_eq!(
            l.rows[3].context.perspective.as_deref(),
            Some("Processi Interni")
        );
        assert_eq!(l.rows[3].context.area.as_deref(), Some("Area 2"));
    }

    #[test]
    fn multi_year_annex_header_is_section_title() {
        let l = detect(&[
            &["Imprese, Territorio e Consumatori"],
            &[
                "1. Verso una P.A.",
                "valori 2020",
                "2022",
                "2023",
                "2024",
                "Consuntivo 2022",
            ],
            &["Pratiche evase", "97%", "95%", "95%", "95%", "95%"],
        ]);
        assert_eq!(l.rows.len(), 1);
        let r = &l.rows[0];
        assert_eq!(r.indicator, "Pratiche evase");
        assert_eq!(r.context.strategic.as_deref(), Some("1. Verso una P.A."));
        assert_eq!(r.targets.len(), 3);
        assert_eq!(r.targets[0].year, Some(2022));
        assert_eq!(r.baseline.as_ref().map(|b| b.0), Some(Some(2020)));
    }

    #[test]
    fn shifted_row_is_repaired() {
        let l = detect(&[
            &[
                "Programmi di Intervento",
                "Obiettivi Operativi",
                "Indicatori",
                "Target",
                "Consuntivo 2022",
            ],
            &["P1", "O1", "I1", "4", "3"],
            &[
                "Ottimizzare la gestione",
                "unità personale",
                "< 1,4",
                "",
                "1,1",
            ],
        ]);
        assert_eq!(l.rows.len(), 2);
        let r = &l.rows[1];
        assert!(r.shifted);
        assert_eq!(r.indicator, "unità personale");
        assert_eq!(
            r.targets[0].value.as_ref().map(|c| c.text.as_str()),
            Some("< 1,4")
        );
        assert_eq!(
            r.context.objective.as_deref(),
            Some("Ottimizzare la gestione")
        );
        assert_eq!(r.programme.as_deref(), Some("P1"));
        assert_eq!(r.actual.as_ref().map(|a| a.1.text.as_str()), Some("1,1"));
        assert!(r
            .anomalies
            .iter()
            .any(|a| a.code == AnomalyCode::RigaSfalsata));
    }

    #[test]
    fn block_layout_with_operator_column_and_years() {
        let l = detect(&[
            &["Obiettivo:", "La doppia transizione"],
            &["Codice:", "01_01_OS01"],
            &["Descrizione:"],
            &["Un lungo testo descrittivo che spiega l'obiettivo con molte parole e frasi, senza alcun valore numerico da leggere come indicatore della tabella."],
            &["Area di responsabilità:", "Promozione e Sviluppo Economico"],
            &["Ufficio:", "Transizione digitale"],
            &["Indicatori", "Tipologia", "UdM", "Stato 2024", "Target 2025", "", "Target 2026", "Target 2027", "Peso indicatori"],
            &["", "", "", "", ">=", "", "", "", ""],
            &["Eventi", "Volume", "n.", "7", ">=", "4", "n.d.", "n.d.", "20,0%"],
            &["Bandi", "Volume", "n.", "1", "", "1", "n.d.", "n.d.", "20,0%"],
            &["Obiettivo:", "Transizione energetica"],
            &["Codice:", "01_01_OS02"],
            &["Area di responsabilità:", "Obiettivo trasversale"],
            &["Indicatori", "Tipologia", "UdM", "Stato 2024", "", "Target 2025", "Target 2026", "Target 2027", "Peso indicatori"],
            &["Desk", "Volume", "n.", "n.d.", ">=", "3", "n.d.", "n.d.", "16,7%"],
        ]);
        assert_eq!(l.rows.len(), 3, "{:#?}", l.anomalies);
        let r = &l.rows[0];
        assert_eq!(r.context.objective_code.as_deref(), Some("01_01_OS01"));
        assert_eq!(
            r.context.objective.as_deref(),
            Some("La doppia transizione")
        );
        assert_eq!(
            r.context.area.as_deref(),
            Some("Promozione e Sviluppo Economico")
        );
        assert_eq!(r.context.office.as_deref(), Some("Transizione digitale"));
        assert_eq!(r.targets[0].year, Some(2025));
        assert_eq!(
            r.targets[0].value.as_ref().map(|c| c.text.as_str()),
            Some("4")
        );
        assert_eq!(r.targets[0].op_column(), Some(Op::Ge));
        assert_eq!(r.targets.len(), 3);
        assert_eq!(r.weight.as_ref().map(|c| c.text.as_str()), Some("20,0%"));
        assert_eq!(r.unit.as_deref(), Some("n."));
        // Sub-header operator applies to rows without their own.
        assert_eq!(l.rows[1].targets[0].op_column(), Some(Op::Ge));
        let r = &l.rows[2];
        assert_eq!(r.context.objective_code.as_deref(), Some("01_01_OS02"));
        assert!(r.context.transversal);
        assert_eq!(r.context.area, None);
        assert_eq!(
            r.targets[0].value.as_ref().map(|c| c.text.as_str()),
            Some("3")
        );
        assert_eq!(r.targets[0].op_column(), Some(Op::Ge));
    }

    #[test]
    fn misaligned_weight_header() {
        let l = detect(&[
            &[
                "Indicatori",
                "Tipologia",
                "UdM",
                "Stato 2024",
                "Target 2025",
                "Peso indicatori:",
                "",
            ],
            &["Tasso", "Efficacia", "n.", "9,85%", ">=", "9,9%", "25,0%"],
        ]);
        let r = &l.rows[0];
        assert_eq!(
            r.targets[0].value.as_ref().map(|c| c.text.as_str()),
            Some("9,9%")
        );
        assert_eq!(r.targets[0].op_column(), Some(Op::Ge));
        assert_eq!(r.weight.as_ref().map(|c| c.text.as_str()), Some("25,0%"));
    }

    #[test]
    fn code_rows_and_outline() {
        let l = detect(&[
            &["01_01_UIC01", "Favorire la doppia transizione"],
            &["Area di responsabilità:", "Obiettivo trasversale"],
            &[
                "Indicatori",
                "Tipologia",
                "UdM",
                "Stato 2024",
                "Target 2025",
                "",
                "Peso indicatori:",
            ],
            &[
                "Assessment",
                "Volume",
                "n.",
                "286/10.000 imprese attive",
                ">=",
                "80/10.000 imprese attive",
                "33,3%",
            ],
            &["Obiettivo operativo: A.1.1 Semplificare"],
            &["Indicatori", "Target", "Consuntivo"],
            &["Tempi medi", "< 30", "28"],
        ]);
        assert_eq!(l.rows.len(), 2, "{:#?}", l.anomalies);
        assert_eq!(
            l.rows[0].context.objective_code.as_deref(),
            Some("01_01_UIC01")
        );
        assert!(l.rows[0].context.transversal);
        assert_eq!(
            l.rows[0].targets[0].value.as_ref().map(|c| c.text.as_str()),
            Some("80/10.000 imprese attive")
        );
        assert_eq!(l.rows[1].context.objective_code.as_deref(), Some("A.1.1"));
        assert_eq!(l.rows[1].context.objective.as_deref(), Some("Semplificare"));
    }

    #[test]
    fn no_header_is_reported() {
        let l = detect(&[&["solo testo"], &["altro testo"]]);
        assert!(l.rows.is_empty());
        assert_eq!(l.anomalies[0].code, AnomalyCode::IntestazioneNonTrovata);
    }

    #[test]
    fn unheaded_values_are_reported() {
        let l = detect(&[
            &[
                "Programmi",
                "Obiettivi Operativi",
                "Indicatori",
                "Target",
                "Consuntivo 2022",
                "Note",
            ],
            &["A", "B", "Realizzazione", "31.12.2022", "", "", "extra"],
        ]);
        assert_eq!(l.rows.len(), 1);
        assert!(l.rows[0].anomalies.iter().any(|a| a.raw == "extra"));
    }
}
