//! Key/value rows: `Dirigente Responsabile | X`, `Obiettivo strategico 1.1
//! | …`, `Codice: 01_01_OS01`, outline headings (`Obiettivo operativo: A.1.1
//! …`, `OBIETTIVO STRATEGICO – A.2 …`), and the levels and owners they set
//! in the [`Context`](super::Context) of the indicators below. A key row is
//! never a record.

use std::sync::LazyLock;

use regex::Regex;

use super::sections::split_code;
use super::{cell_text, headers, owners, Context, Detector};
use crate::model::OwnerSource;

/// A key carrying the code of its level: `Obiettivo strategico 1.1`,
/// `Obiettivo Operativo 1.2`, `Azione A.1.1.1`.
static NUMBERED_KEY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<key>[^\d]+?)\s+(?P<code>(?:[A-Z]{1,5}(?:[._\-][A-Z]{1,5}){0,3}[ ._\-]?)?\d{1,3}(?:[._\-]\d{1,3})*)\s*$")
        .unwrap_or_else(|e| unreachable!("regex: {e}"))
});

/// An outline heading written without a colon: `Obiettivo strategico – A.1
/// …`, `OBIETTIVO OPERATIVO A.1.1 …`, `Area strategica - B …`.
static HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?P<key>area\s+strategica|ambito\s+strategico|linea\s+strategica|dimensione\s+strategica|linea\s+di\s+mandato|indirizzo\s+strategico|prospettiva|obiettivo\s+strategico|obiettivo\s+operativo|obiettivo\s+specifico|azione|programma|missione)\s*(?:[–—-]\s*|\s)(?P<rest>(?:[A-Z]{1,4}[ .]?)?\d{1,3}(?:[._]\d{1,3})*\s*[-–—:.]?\s+\S.*|(?-i:[A-Z])\s+\S.*)$")
        .unwrap_or_else(|e| unreachable!("regex: {e}"))
});

/// What a key names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Key {
    Code,
    Objective,
    Strategic,
    Perspective,
    Action,
    Area,
    Office,
    Dirigente,
    Units,
    ObjectiveWeight,
    /// A label over the next table (`KPI Associati`, `Dettaglio indicatori`).
    Label,
    /// Context that holds no structure (`Descrizione`, `Stakeholder`).
    Ignore,
}

/// The kind of a folded key. `loose`: the key was written with a colon
/// (`Risorse umane e strumentali:`), a sure sign of a key, so keys that hold
/// no structure may be matched by their first words; without a colon only
/// exact keys count, for a two-cell row may as well be an indicator.
fn key_kind(key: &str, loose: bool) -> Option<Key> {
    // `Obiettivo strategico (OS)`: a short note in brackets is not the key.
    let k = match key.rfind(" (") {
        Some(i) if key.ends_with(')') && key.len() - i <= 12 => key[..i].trim_end(),
        _ => key,
    };
    Some(match k {
        "codice" | "codice obiettivo" | "cod" | "codice obiettivo operativo" => Key::Code,
        "obiettivo"
        | "obiettivo operativo"
        | "titolo obiettivo"
        | "obiettivo individuale"
        | "obiettivo specifico"
        | "obiettivo annuale"
        | "scheda obiettivo" => Key::Objective,
        "obiettivo strategico" | "obiettivo strategico di riferimento" => Key::Strategic,
        "area strategica"
        | "prospettiva"
        | "ambito"
        | "ambito strategico"
        | "linea strategica"
        | "dimensione strategica"
        | "linea di mandato"
        | "indirizzo strategico"
        | "priorita strategica" => Key::Perspective,
        // `Ambito strategico CCIAA PT-PO:`: the body's own strategic area.
        _ if loose && k.starts_with("ambito strategico ") => Key::Perspective,
        "azione" | "attivita" | "azioni" => Key::Action,
        "area di responsabilita"
        | "area"
        | "area organizzativa"
        | "struttura responsabile"
        | "struttura"
        | "centro di responsabilita"
        | "unita organizzativa responsabile"
        | "unita organizzativa"
        | "settore"
        | "settore responsabile"
        | "servizio responsabile"
        | "servizio competente"
        | "ufficio competente" => Key::Area,
        "ufficio" | "servizio" | "ufficio responsabile" => Key::Office,
        "dirigente responsabile"
        | "dirigente"
        | "responsabile"
        | "dirigenti responsabili"
        | "responsabile dell'obiettivo"
        | "dirigente di riferimento"
        | "dirigenti"
        | "direttore"
        | "responsabile di settore"
        | "responsabile del settore"
        | "responsabile di servizio" => Key::Dirigente,
        "unita organizzative coinvolte"
        | "unita organizzative"
        | "unita coinvolte"
        | "strutture coinvolte"
        | "uffici coinvolti"
        | "servizi coinvolti" => Key::Units,
        "peso obiettivo" | "peso dell'obiettivo" => Key::ObjectiveWeight,
        "kpi associati"
        | "kpi"
        | "indicatori associati"
        | "dettaglio indicatori"
        | "indicatori di performance"
        | "indicatori e target" => Key::Label,
        "descrizione"
        | "descrizione obiettivo"
        | "descrizione dell'obiettivo"
        | "risorse"
        | "risorse economiche"
        | "risorse finanziarie"
        | "risorse umane"
        | "missione"
        | "programma"
        | "stakeholder"
        | "stakeholders"
        | "soggetti esterni coinvolti"
        | "portatori di interesse"
        | "finalita"
        | "note"
        | "valutazione"
        | "modalita di valutazione"
        | "peso complessivo"
        | "peso totale" => Key::Ignore,
        _ if loose
            && (k.starts_with("descrizione")
                || k.starts_with("risorse")
                || k.contains("missione")
                || k.contains("programma")
                || k.starts_with("stakeholder")
                || k.starts_with("soggetti")
                || k.starts_with("portatori")
                || k.starts_with("finalita")
                || k.starts_with("note")
                || k.starts_with("valutazione")
                || k.starts_with("modalita di valutazione")) =>
        {
            Key::Ignore
        }
        _ => return None,
    })
}

/// The kind of a key cell and the code it carries (`Obiettivo strategico
/// 1.1` → strategic, `1.1`). Only the levels of the plan carry codes.
fn parse_key(raw: &str, loose: bool) -> Option<(Key, Option<String>)> {
    let folded = headers::fold(raw);
    if folded.is_empty() || folded.len() > 60 {
        return None;
    }
    if !folded.chars().any(|c| c.is_ascii_digit()) || folded.starts_with("d.m") {
        return key_kind(&folded, loose).map(|k| (k, None));
    }
    let c = NUMBERED_KEY.captures(raw.trim().trim_end_matches(':'))?;
    // `Obiettivo operativo n. 3`, `n°3`, `nr. 3`: the number's mark is no
    // part of the key.
    let key = headers::fold(c.name("key")?.as_str());
    let key = ["n.", "n°", "nr.", "nr", "num.", "n"]
        .iter()
        .find_map(|m| key.strip_suffix(m).map(str::trim_end))
        .unwrap_or(&key);
    let kind = key_kind(key, loose)?;
    matches!(
        kind,
        Key::Objective | Key::Strategic | Key::Action | Key::Perspective
    )
    .then(|| (kind, c.name("code").map(|m| m.as_str().trim().to_string())))
}

/// Splits a `Key: value` text, or an outline heading without colon.
fn split_key_value(text: &str) -> Option<(Key, Option<String>, String)> {
    if let Some((k, v)) = text.split_once(':') {
        if let Some((kind, code)) = parse_key(k, true) {
            return Some((kind, code, v.trim().to_string()));
        }
    }
    let c = HEADING.captures(text)?;
    let kind = key_kind(&headers::fold(c.name("key")?.as_str()), false)?;
    Some((kind, None, c.name("rest")?.as_str().trim().to_string()))
}

/// The code segments of a code (`O 1.1.1` → `1 1 1`, `A.1` → `a 1`), for
/// comparing levels.
fn code_segments(code: &str) -> Vec<String> {
    code.split(|c: char| !c.is_alphanumeric())
        .filter(|s| !s.is_empty())
        .map(str::to_ascii_lowercase)
        .collect()
}

/// Whether `parent` is a level above `child` by their codes (`1.1` above
/// `O 1.1.1`, `01_01` above `01_01_UIC01`, `A.1` above `A.1.1`). Unknown
/// codes count as related: the block's own parent is the usual case.
fn is_parent_code(parent: Option<&str>, child: Option<&str>) -> bool {
    let (Some(p), Some(c)) = (parent, child) else {
        return true;
    };
    let (p, mut c) = (code_segments(p), code_segments(c));
    if p.is_empty() || c.is_empty() {
        return true;
    }
    // A letter-only prefix naming the level (`O` of `O 1.1.1`) is skipped.
    if c.len() > p.len() && c[0].chars().all(char::is_alphabetic) && p[0] != c[0] {
        c.remove(0);
    }
    c.len() >= p.len() && c.iter().zip(&p).all(|(a, b)| a == b)
}

/// Splits a list of units written in one cell (`Ufficio A, Ufficio B`).
pub(super) fn split_units(value: &str) -> Vec<String> {
    value
        .split([',', ';', '\n', '/'])
        .map(str::trim)
        .filter(|u| !u.is_empty() && !owners::is_transversal(u) && !is_nothing(u))
        .map(str::to_string)
        .collect()
}

/// `nessuno`, `-`, `n.d.`: a value that says there is none.
pub(super) fn is_nothing(v: &str) -> bool {
    let f = headers::fold(v);
    f.is_empty()
        || f.chars().all(|c| matches!(c, '-' | '–' | '—' | '.' | ' '))
        || matches!(f.as_str(), "nessuno" | "nessuna" | "n.d" | "nd" | "n.a")
}

impl Detector<'_> {
    /// A key/value row: `Key: value` in one cell, `Key:` | value, or a key
    /// without colon beside its value (`Dirigente Responsabile | X`); a key
    /// alone that opens a list or labels a table (`Unità organizzative
    /// coinvolte`, `KPI Associati`).
    pub(super) fn try_key_value(&mut self, r: usize, cols: &[usize]) -> bool {
        // A key row is a key and its value: one or two cells. A wider row
        // is a table row, whatever its first cell says.
        let first = cell_text(&self.grid[r][cols[0]]);
        // `Obiettivo strategico: | A.1 | title`: a heading split over three
        // cells, the code in the middle one.
        if cols.len() == 3 {
            return self.try_split_heading(r, cols, &first);
        }
        if cols.len() > 2 {
            return false;
        }
        // A code typed as a number (`Codice: | 1.1`) keeps its canonical form.
        let second = |kind: Key| {
            cols.get(1).map(|&c| {
                let cell = &self.grid[r][c];
                if kind == Key::Code {
                    crate::value::code_display(cell)
                } else {
                    cell_text(cell)
                }
            })
        };
        let (kind, code, value) = match split_key_value(&first) {
            // A heading without colon is one cell on its own.
            Some(_) if cols.len() > 1 && !first.contains(':') => return false,
            Some((kind, code, v)) if v.is_empty() => (kind, code, second(kind).unwrap_or_default()),
            Some(kv) => kv,
            None => {
                let Some((kind, code)) = parse_key(&first, false) else {
                    return false;
                };
                // Without a colon, a value that reads as a number or a
                // target makes the row an indicator (`Azione 1 | 100%`).
                if cols.len() == 2 && kind != Key::ObjectiveWeight && self.holds_values(r, cols) {
                    return false;
                }
                match (cols.len(), kind) {
                    (2, Key::Label) => return false,
                    (2, _) => (kind, code, second(kind).unwrap_or_default()),
                    (1, Key::Units | Key::Label) => (kind, code, String::new()),
                    (1, _) if code.is_some() => (kind, code, String::new()),
                    _ => return false,
                }
            }
        };
        let owner_key = matches!(kind, Key::Dirigente | Key::Area | Key::Office);
        // A key row after data rows ends the table's rows; a key that opens
        // or owns a block starts a new one (a label over a nested table and
        // an action inside the objective do not).
        // An owner written below the table of a block that has none
        // (`Dirigente responsabile: X` at the foot of each block) is that
        // block's: its rows take it and the block goes on.
        if let Some(t) = self.table.as_mut() {
            if t.seen_data {
                t.end_rows();
                let unowned = self.out.rows.last().is_some_and(|r| !r.context.has_owner());
                let footer = owner_key && unowned;
                if footer {
                    self.footer_from = Some(self.block_rows_start());
                } else if !matches!(kind, Key::Label | Key::Action | Key::Units) {
                    self.ctx.new_block();
                }
            }
        }
        self.units_open = false;
        self.foreign_table = false;
        if value.is_empty() && code.is_none() {
            match kind {
                Key::Units => {
                    self.ctx.units.clear();
                    self.units_open = true;
                }
                Key::Label => {}
                _ => self.pending_key = Some(kind),
            }
            return true;
        }
        self.apply_key(kind, code, value);
        match self.footer_from {
            Some(from) if owner_key => self.give_owner_to_rows(from),
            _ => self.footer_from = None,
        }
        true
    }

    /// A level heading over three cells: `Key:` | code | title.
    fn try_split_heading(&mut self, r: usize, cols: &[usize], first: &str) -> bool {
        let Some((key, rest)) = first.split_once(':') else {
            return false;
        };
        if !rest.trim().is_empty() {
            return false;
        }
        let Some((kind, None)) = parse_key(key, false) else {
            return false;
        };
        if !matches!(
            kind,
            Key::Perspective | Key::Strategic | Key::Objective | Key::Action | Key::Ignore
        ) {
            return false;
        }
        let code = cell_text(&self.grid[r][cols[1]]);
        let title = cell_text(&self.grid[r][cols[2]]);
        let code_like = code.chars().count() <= 12
            && code.chars().any(|c| c.is_ascii_alphanumeric())
            && !code.contains(' ')
            && !self.holds_values(r, &cols[2..]);
        if !code_like {
            return false;
        }
        if let Some(t) = self.table.as_mut() {
            t.end_rows();
        }
        self.units_open = false;
        self.foreign_table = false;
        self.footer_from = None;
        self.apply_key(kind, None, format!("{code} {title}"));
        true
    }

    /// Index of the first of the last rows read that belong to the current
    /// block (same objective) and have no owner.
    fn block_rows_start(&self) -> usize {
        let ctx = &self.ctx;
        let mut start = self.out.rows.len();
        for row in self.out.rows.iter().rev() {
            let c = &row.context;
            let same_block = c.objective_code == ctx.objective_code
                && c.objective == ctx.objective
                && c.action_code == ctx.action_code;
            if !same_block || c.has_owner() {
                break;
            }
            start -= 1;
        }
        start
    }

    /// Gives the context's owners to the block's rows from `from` on (an
    /// owner written below its table; several owner rows may follow).
    fn give_owner_to_rows(&mut self, from: usize) {
        let ctx = &self.ctx;
        // Rows that shared a context share its changed copy.
        let mut last: Option<(std::sync::Arc<Context>, std::sync::Arc<Context>)> = None;
        for row in self.out.rows.iter_mut().skip(from) {
            if let Some((old, new)) = &last {
                if std::sync::Arc::ptr_eq(old, &row.context) {
                    row.context = new.clone();
                    continue;
                }
            }
            let old = row.context.clone();
            let mut c = Context::clone(&row.context);
            c.dirigente.clone_from(&ctx.dirigente);
            c.dirigente_source = ctx.dirigente_source;
            c.area.clone_from(&ctx.area);
            c.area_source = ctx.area_source;
            c.office.clone_from(&ctx.office);
            c.transversal = ctx.transversal;
            row.context = std::sync::Arc::new(c);
            last = Some((old, row.context.clone()));
        }
        // The next row compares with the context it would have shared.
        self.row_ctx = last.map(|(_, new)| new);
    }

    pub(super) fn apply_key(&mut self, kind: Key, key_code: Option<String>, value: String) {
        self.pending_key = None;
        if matches!(kind, Key::Code | Key::Objective | Key::Action) {
            self.keyed_block = true;
        }
        // `A.1.1 Semplificare`: a code leading the value; else the key's own.
        let coded = |value: &str| match split_code(value) {
            Some((c, t)) => (Some(c), Some(t)),
            None => (
                key_code.clone(),
                (!value.is_empty()).then(|| value.to_string()),
            ),
        };
        match kind {
            Key::Code => {
                if self.ctx.objective_code.is_some() {
                    self.ctx.new_block();
                }
                self.ctx.objective_code = Some(value.into());
                self.code_block = true;
            }
            Key::Objective => {
                // A block just opened by its code row (`SG1 – title`, then
                // `Obiettivo individuale | title`) goes on; another objective
                // key opens a new block.
                let same_block = self.keyed_block && self.code_block;
                if self.ctx.objective.is_some() && !same_block {
                    self.ctx.new_block();
                    self.code_block = false;
                }
                let (code, title) = coded(&value);
                if self.ctx.objective_code.is_none() {
                    self.ctx.objective_code = code.map(Into::into);
                    self.code_block = false;
                }
                self.ctx.objective = title.map(Into::into);
            }
            Key::Action => {
                let (code, title) = coded(&value);
                self.ctx.action_code = code.map(Into::into);
                self.ctx.action = title.map(Into::into);
            }
            Key::Strategic | Key::Perspective => {
                let (code, title) = coded(&value);
                // Inside a block opened by its own code row (`01_01_UIC01 |
                // title`, `Codice: …`), a strategic objective or perspective
                // is its parent: the block stays. In a block opened by an
                // outline heading (`Obiettivo operativo: A.1.1 …`), only one
                // whose code is above the block's is; another opens a new
                // branch of the outline.
                // A block numbered plainly (`Obiettivo operativo n. 3`) says
                // nothing of its parent by its code: the key is its parent.
                let plain = self
                    .ctx
                    .objective_code
                    .as_deref()
                    .is_some_and(|c| c.trim().chars().all(|ch| ch.is_ascii_digit()));
                let parent = self.keyed_block
                    && (self.code_block
                        || plain
                        || is_parent_code(code.as_deref(), self.ctx.objective_code.as_deref()));
                self.explicit_levels = true;
                match (kind, parent) {
                    (Key::Perspective, false) => {
                        self.ctx.set_perspective(value);
                        self.keyed_block = false;
                    }
                    (Key::Perspective, true) => self.ctx.set_block_parent(Some(value), None),
                    (_, false) => {
                        self.ctx.set_strategic(String::new());
                        self.keyed_block = false;
                        self.ctx.strategic = title.map(Into::into);
                        self.ctx.strategic_code = code.map(Into::into);
                    }
                    (_, true) => self.ctx.set_block_parent(None, Some((code, title))),
                }
            }
            Key::Area => {
                if owners::is_transversal(&value) {
                    self.ctx.transversal = true;
                } else if !is_nothing(&value) {
                    // `Area di responsabilità: Segretario Generale` names the
                    // dirigente too.
                    if owners::names_a_person(&value) {
                        self.set_dirigente(value.clone(), OwnerSource::Block);
                    }
                    self.ctx.area = Some(value.into());
                    self.ctx.area_source = Some(OwnerSource::Block);
                }
            }
            Key::Office => {
                // `Ufficio: Dirigente area Promozione…` names the dirigente;
                // an office in a block that names no area is its unit.
                let office: super::context::Shared = value.as_str().into();
                if owners::names_a_person(&value) && !owners::is_transversal(&value) {
                    self.set_dirigente(value.clone(), OwnerSource::Block);
                } else if self.ctx.area.is_none()
                    && !owners::is_transversal(&value)
                    && !is_nothing(&value)
                {
                    self.ctx.area = Some(office.clone());
                    self.ctx.area_source = Some(OwnerSource::Block);
                }
                self.ctx.office = Some(office);
            }
            Key::Dirigente => {
                if owners::is_transversal(&value) {
                    self.ctx.transversal = true;
                    self.ctx.dirigente_source = Some(OwnerSource::Block);
                } else if !is_nothing(&value) {
                    self.set_dirigente(value, OwnerSource::Block);
                }
            }
            Key::Units => {
                if owners::is_transversal(&value) {
                    self.ctx.transversal = true;
                    self.ctx.dirigente_source = Some(OwnerSource::Units);
                }
                self.ctx.units = split_units(&value);
                // More units may follow, one per row.
                self.units_open = true;
            }
            Key::ObjectiveWeight => self.ctx.objective_weight = Some(value.into()),
            Key::Label | Key::Ignore => {}
        }
    }

    pub(super) fn set_dirigente(&mut self, name: String, source: OwnerSource) {
        self.ctx.dirigente = Some(name.into());
        self.ctx.dirigente_source = Some(source);
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_with_codes() {
        assert_eq!(parse_key("Risorse umane formate", false), None);
        assert_eq!(
            parse_key("Obiettivo operativo n. 3", false),
            Some((Key::Objective, Some("3".into())))
        );
        assert_eq!(
            parse_key("Risorse umane e strumentali", true),
            Some((Key::Ignore, None))
        );
        assert_eq!(
            parse_key("Obiettivo strategico 1.1", false),
            Some((Key::Strategic, Some("1.1".into())))
        );
        assert_eq!(
            parse_key("Obiettivo Operativo 1.2", false),
            Some((Key::Objective, Some("1.2".into())))
        );
        assert_eq!(
            parse_key("Dirigente Responsabile", false),
            Some((Key::Dirigente, None))
        );
        assert_eq!(
            parse_key("Obiettivo strategico (OS)", false),
            Some((Key::Strategic, None))
        );
        assert_eq!(
            parse_key("Soggetti esterni coinvolti", false),
            Some((Key::Ignore, None))
        );
        assert_eq!(parse_key("Pratiche evase 2023", false), None);
    }

    #[test]
    fn parent_codes() {
        assert!(is_parent_code(Some("1.1"), Some("O 1.1.1")));
        assert!(is_parent_code(Some("01_01"), Some("01_01_UIC01")));
        assert!(is_parent_code(Some("A.1"), Some("A.1.1")));
        assert!(!is_parent_code(Some("A.2"), Some("A.1.1")));
        assert!(is_parent_code(None, Some("A.1.1")));
    }

    #[test]
    fn unit_lists_and_nothing() {
        assert_eq!(
            split_units("Ufficio Personale, Ufficio Ragioneria"),
            vec!["Ufficio Personale", "Ufficio Ragioneria"]
        );
        assert!(split_units("nessuno").is_empty());
        assert!(!is_nothing("Euro -----"));
        assert!(is_nothing("-----"));
    }
}
