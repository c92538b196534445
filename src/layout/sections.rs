//! The one-cell and short rows around the tables: code rows (`O 1.1.1`,
//! `SG1`, `01_01_UIC01 | title`), unit lists below `Unità organizzative
//! coinvolte`, owner sections, titles, perspective and section rows,
//! footnotes, totals and prose. None of them is ever a record; only a row
//! holding values that no table claims is an anomaly.

use std::sync::LazyLock;

use regex::Regex;

use super::blocks::is_nothing;
use super::table::LOOKS_LIKE_TARGET;
use super::{cell_text, context, headers, owners, Detector, Role};
use crate::model::{Anomaly, AnomalyCode, OwnerSource};
use crate::read::CellValue;

static SECTION_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(\d+(\.\d+)*)[.)]?\s+\S").unwrap_or_else(|e| unreachable!("regex: {e}"))
});
/// A row holding only an objective code: `O 1.1.1`, `O.1.1.2`, `SG1`,
/// `DAEF2`, `A.1.1`, `01_01_OS01`.
static CODE_ONLY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\s*(\d{2}_\d{2}_[A-Za-z]{2,4} ?\d{1,3}|[A-Z]{1,5}[ .\-_]?\d{1,3}(?:[._\-]\d{1,3})*|[A-Z]{1,5}(?:[._\-][A-Z]{1,5}){1,3}[._\-]?\d{1,3}(?:[._\-]\d{1,3})*|[A-Z](?:\.\d+)+|\d+(?:\.\d+){1,4})\s*$",
    )
    .unwrap_or_else(|e| unreachable!("regex: {e}"))
});
static LEADING_CODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?P<code>\d{2}_\d{2}_[A-Za-z]{2,4} ?\d{1,3}|\d{2}(?:_\d{2})+|[A-Z](\.\d+)+|[A-Z]{1,5}(?:[._\-][A-Z]{1,5}){1,3}[._\-]?\d{1,3}(?:[._\-]\d{1,3})*|[A-Z]{1,4}[ .\-]\d{1,3}(?:[._]\d{1,3})*|[A-Z]{1,5}\d{1,3}|\d+(\.\d+)+)\s*[-–:.]?\s*(?P<rest>.*)$")
        .unwrap_or_else(|e| unreachable!("regex: {e}"))
});
/// A footnote: `* Relazione…`, `(*) …`, `(1) …`, `¹ …`, `Nota: …`, `N.B. …`.
static FOOTNOTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*(\*|\(\*+\)|\(\d{1,2}\)|[¹²³⁴⁵⁶⁷⁸⁹]|nota\b|note\b|n\.\s?b\.|fonte\s*:|legenda\b)",
    )
    .unwrap_or_else(|e| unreachable!("regex: {e}"))
});
/// Headings of the document itself, not of a level of the plan.
static DOCUMENT_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(relazione|scheda|tabella|prospetto|elenco|documento|albero\s+della\s+performance|fasi\b|cronoprogramma|tempistica|piano\s+di\s+lavoro|milestone|camera\s+di\s+commercio|c\.?c\.?i\.?a\.?a\.?|comune\s+d|citt[àa]\s+(metropolitana\s+)?d|provincia\s+d|regione\s|universit|azienda\s|unione\s+(dei\s+)?comuni|ente\s|obiettivi\s+(operativi|strategici|individuali|di\s+performance|specifici|annuali)\b)")
        .unwrap_or_else(|e| unreachable!("regex: {e}"))
});

/// A heading that opens a part of the document (`PERFORMANCE OPERATIVA`,
/// `SEZIONE VALORE PUBBLICO`, `Allegato 2`): the levels read above it end.
static PART_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(allegato|piano|sezione|piao|performance\b|valore\s+pubblico|gli\s+obiettivi|obiettivi\s+comuni)")
        .unwrap_or_else(|e| unreachable!("regex: {e}"))
});

impl Detector<'_> {
    /// Whether a one-cell text may name a unit: short, no sentence
    /// (`Il progetto prosegue nel triennio.`), no key, code, title or owner
    /// section.
    fn could_be_unit(&self, t: &str) -> bool {
        let sentence = t.trim_end().ends_with('.') && t.split_whitespace().count() >= 4;
        if t.chars().count() > 100 || is_prose(t) || sentence || t.ends_with(':') {
            return false;
        }
        !is_code_only(t)
            && context::read_title(t, &self.opts.known_areas).is_none()
            && owners::section_owner(t).is_none()
    }

    /// A row under `Unità organizzative coinvolte`: one unit per row, until a
    /// row that is no unit name.
    fn try_unit(&mut self, texts: &[String]) -> bool {
        if !self.units_open {
            return false;
        }
        let unit = match texts {
            [t] if self.could_be_unit(t) => t,
            _ => {
                self.units_open = false;
                return false;
            }
        };
        if owners::is_transversal(unit) {
            // `Tutte le aree`, `Tutti gli uffici`.
            self.ctx.transversal = true;
            self.ctx.dirigente_source = Some(OwnerSource::Units);
        } else if !is_nothing(unit) {
            self.ctx.units.push(unit.clone());
        }
        true
    }

    /// A row without a table role: code row, unit, footnote, owner section,
    /// title, perspective, section, prose.
    pub(super) fn context_row(&mut self, r: usize, cols: &[usize]) {
        let texts: Vec<String> = cols.iter().map(|&c| cell_text(&self.grid[r][c])).collect();
        if let Some(kind) = self.pending_key.take() {
            if texts.len() == 1 {
                self.apply_key(kind, None, texts[0].clone());
                return;
            }
        }
        if texts.len() == 1 && FOOTNOTE.is_match(&texts[0]) {
            return;
        }
        if self.try_unit(&texts) {
            return;
        }
        // A row of a table of phases: context.
        if self.foreign_table && texts.len() > 1 {
            return;
        }
        if self.try_code_row(&texts) {
            return;
        }
        let text = texts.join(" ");
        if let Some(t) = context::read_title(&text, &self.opts.known_areas) {
            let transversal = context::is_transversal(&text);
            self.ctx.set_title(t.area, t.dirigente, t.year);
            self.ctx.transversal = transversal;
            self.ctx.title_transversal = transversal;
            self.end_data();
            return;
        }
        // `Obiettivi comuni a tutti i dirigenti`: a section shared by all.
        if texts.len() == 1
            && headers::fold(&text).starts_with("obiettivi")
            && context::is_transversal(&text)
        {
            self.ctx.set_title(None, None, None);
            self.ctx.transversal = true;
            self.ctx.title_transversal = true;
            self.end_data();
            return;
        }
        // Inside a block, only a heading that says whose objectives follow
        // (`Obiettivi del Dirigente …`) opens a section; a line merely
        // naming a person there is a description.
        let strong = headers::fold(&text).starts_with("obiettivi");
        if texts.len() == 1 && (!self.keyed_block || strong) {
            if let Some(s) = owners::section_owner(&text) {
                self.ctx.set_title(s.area, s.dirigente, None);
                self.end_data();
                return;
            }
        }
        if let Some(t) = self.table.as_ref() {
            // Several cells in a table that are no indicator row: reported
            // when they hold values (something may be lost), else context.
            let beside = t.side_start.is_some_and(|side| cols[0] >= side);
            if texts.len() > 1 && t.seen_data {
                if self.holds_values(r, cols) && !beside {
                    self.out.anomalies.push(Anomaly::new(
                        AnomalyCode::RigaNonLetta,
                        self.loc(r).at_col(self.abs_col(cols[0])),
                        texts.join(" | "),
                        "riga con valori non riconosciuta come indicatore né come intestazione: ignorata",
                    ));
                }
                return;
            }
        }
        if let Some(area) = self.area_section(&text) {
            // `AREA 2 – Sviluppo economico`: the rows below are that area's;
            // an area of the organisation, not a strategic area.
            let area: context::Shared = area.into();
            self.ctx.title_area = Some(area.clone());
            self.ctx.area = Some(area);
            self.ctx.area_source = Some(OwnerSource::Section);
            self.ctx.transversal = false;
            self.end_data();
            return;
        }
        self.section_text(r, text);
        self.end_data();
    }

    /// Whether a row holds a value a table would read (a number, a date, a
    /// target-like text) after its first cell.
    pub(super) fn holds_values(&self, r: usize, cols: &[usize]) -> bool {
        cols.iter().skip(1).any(|&c| {
            let cell = &self.grid[r][c];
            match &cell.value {
                CellValue::Number(_) | CellValue::Date(_) => true,
                CellValue::Text(s) => LOOKS_LIKE_TARGET.is_match(s),
                _ => false,
            }
        })
    }

    /// A code beside its title (`OO 1.2.1 | Migliorare la riscossione`) met
    /// inside a table, before its cells are taken for a data row: a short
    /// row with no value, whose first cell is a code and is not under the
    /// table's own code or objective column.
    pub(super) fn try_code_beside_title(&mut self, r: usize, cols: &[usize]) -> bool {
        let Some(t) = self.table.as_ref() else {
            return false;
        };
        if !(2..=3).contains(&cols.len()) || self.holds_values(r, cols) {
            return false;
        }
        // Not a table row: nothing under a measure column (a target may be
        // words, `Entro 30 giorni`), and the code under the indicator
        // column or under no header, never under a context column.
        let under_role = t
            .roles
            .iter()
            .any(|(c, role)| *c == cols[0] && *role != Role::Indicator);
        // A cell under a measure column that reads as a target (`Entro 30
        // giorni`) makes it a data row; a title there (`Migliorare la
        // riscossione`) does not.
        let measures = cols.iter().skip(1).any(|&c| {
            t.is_measure_col(c) && {
                let text = cell_text(&self.grid[r][c]);
                crate::normalise::normalise(&text, &Default::default())
                    .targets
                    .iter()
                    .any(|x| x.kind() != crate::model::TargetKind::Text)
            }
        });
        let first = cell_text(&self.grid[r][cols[0]]);
        if under_role || measures || !CODE_ONLY.is_match(&first) {
            return false;
        }
        let texts: Vec<String> = cols.iter().map(|&c| cell_text(&self.grid[r][c])).collect();
        self.try_code_row(&texts)
    }

    /// A code row: a code alone (`O 1.1.1`, `SG1`), a code beside its title
    /// (`01_01_UIC01` | `Favorire…`) or both in one cell. It opens a block.
    fn try_code_row(&mut self, texts: &[String]) -> bool {
        let (code, title) = match texts {
            [t] if is_code_only(t) => (t.trim().to_string(), None),
            // `03_01_UIC03 Migliorare l'efficacia…`.
            [t] => match split_code(t) {
                // `SG1 – Attuare il piano`: a code with letters, then a dash.
                Some((c, rest))
                    if is_code_only(&c)
                        && !is_prose(&rest)
                        && (c.contains('_') || dash_after(t, &c)) =>
                {
                    (c, Some(rest))
                }
                _ => return false,
            },
            [c, t, ..] if CODE_ONLY.is_match(c) => (c.trim().to_string(), Some(t.clone())),
            _ => return false,
        };
        self.ctx.new_block();
        // The block has begun: key/value rows after it belong to it.
        if let Some(t) = self.table.as_mut() {
            t.end_rows();
        }
        self.ctx.objective_code = Some(code.into());
        self.ctx.objective = title.map(Into::into);
        self.keyed_block = true;
        self.code_block = true;
        true
    }

    /// A section row naming an area: `Area 2 …`, `AREA II …`, or exactly an
    /// area of the organigramma.
    fn area_section(&self, text: &str) -> Option<String> {
        let f = headers::fold(text);
        if let Some(a) = self.opts.known_areas.iter().find(|a| headers::fold(a) == f) {
            return Some(a.clone());
        }
        f.starts_with("area ")
            .then(|| owners::area_number(text))
            .flatten()
    }

    pub(super) fn end_data(&mut self) {
        if let Some(t) = self.table.as_mut() {
            t.end_data();
        }
    }

    pub(super) fn section_text(&mut self, r: usize, text: String) {
        let t = text.trim();
        // A line that starts in lower case goes on from the text above
        // (`follower Twitter, like Facebook…` under a footnote).
        let continues = t
            .chars()
            .find(|c| c.is_alphabetic())
            .is_some_and(char::is_lowercase);
        if PART_HEADING.is_match(t) && !is_prose(t) {
            self.ctx.perspective = None;
            self.ctx.set_strategic(String::new());
            self.ctx.strategic = None;
            self.explicit_levels = false;
            return;
        }
        if !t.chars().any(char::is_alphabetic)
            || continues
            || is_prose(t)
            || is_sentence(t)
            || self.keyed_block
            || DOCUMENT_HEADING.is_match(t)
        {
            return;
        }
        match numbered_heading(t) {
            // `1.1.1 Ridurre i tempi`: an objective of a numbered outline.
            Some((code, title, depth)) if depth >= 3 => {
                self.ctx.new_block();
                self.ctx.objective_code = Some(code.into());
                self.ctx.objective = Some(title.into());
            }
            // `1.1 Digitalizzazione`: its strategic objective.
            Some((code, title, 2)) => {
                self.ctx.set_strategic(title);
                self.ctx.strategic_code = Some(code.into());
            }
            // `1. Competitività` over `1.1 …` rows is a strategic area; over
            // a table it is a strategic objective (`1. Verso una P.A. …`).
            Some((code, _, _)) if self.next_heading_is_child_of(r, &code) => {
                self.ctx.set_perspective(t.to_string());
            }
            Some(_) => self.ctx.set_strategic(t.to_string()),
            // Where keys name the levels, a loose row (prose, `Programma 012
            // – …`) is no level.
            None if self.explicit_levels => {}
            None if SECTION_NUMBER.is_match(t) => self.ctx.set_strategic(t.to_string()),
            None => self.ctx.set_perspective(t.to_string()),
        }
    }

    /// Whether the next non-empty row is a one-cell numbered heading one
    /// level below `code` (`1.1 …` under `1.`).
    fn next_heading_is_child_of(&self, r: usize, code: &str) -> bool {
        let Some(next) = (r + 1..self.grid.len()).find(|&n| !self.non_empty(n).is_empty()) else {
            return false;
        };
        let cols = self.non_empty(next);
        let [c] = cols.as_slice() else {
            return false;
        };
        numbered_heading(&cell_text(&self.grid[next][*c])).is_some_and(|(child, _, depth)| {
            depth == 2
                && child
                    .strip_prefix(code)
                    .is_some_and(|rest| rest.starts_with('.'))
        })
    }
}

/// A row beside the plan's content: a footnote alone in its row, in any
/// column (`(*) dato stimato`), or a total (`Totale | 100%`, `Peso
/// complessivo | 100%`). Never a record, never an anomaly.
pub(super) fn is_aside(row: &[crate::read::Cell], cols: &[usize]) -> bool {
    let Some(&first) = cols.first() else {
        return false;
    };
    let text = cell_text(&row[first]);
    if cols.len() == 1 && FOOTNOTE.is_match(&text) {
        return true;
    }
    matches!(
        headers::fold(&text).as_str(),
        "totale"
            | "totali"
            | "totale pesi"
            | "totale peso"
            | "totale complessivo"
            | "totale generale"
            | "totale obiettivo"
            | "totale obiettivi"
            | "totale area"
            | "somma"
            | "somma pesi"
            | "somma dei pesi"
            | "peso complessivo"
            | "peso totale"
    )
}

/// Whether `code` opens `text` followed by a dash (`SG1 – title`).
fn dash_after(text: &str, code: &str) -> bool {
    text.trim_start()
        .strip_prefix(code)
        .is_some_and(|rest| rest.trim_start().starts_with(['–', '—', '-']))
}

/// A code alone (`O 1.1.3`, `SG1`), not a year.
fn is_code_only(t: &str) -> bool {
    CODE_ONLY.is_match(t) && year_like(t).is_none() && !names_a_unit(t)
}

/// `AREA 1`, `Staff 2`, `Anno 2`: a unit or a word with a number, not a code.
fn names_a_unit(t: &str) -> bool {
    let letters: String = t
        .chars()
        .take_while(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect();
    matches!(
        letters.as_str(),
        "area" | "staff" | "anno" | "fase" | "lotto"
    )
}

/// A heading numbered like an outline: (`1.1.1`, title, 3) for `1.1.1
/// Ridurre i tempi`, (`1`, title, 1) for `1. Competitività`.
fn numbered_heading(t: &str) -> Option<(String, String, usize)> {
    static NUMBERED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\s*(?P<code>\d{1,2}(?:\.\d{1,2}){0,3})\.?\s*[-–—)]?\s+(?P<title>\S.*)$")
            .unwrap_or_else(|e| unreachable!("regex: {e}"))
    });
    let c = NUMBERED.captures(t)?;
    let code = c.name("code")?.as_str().to_string();
    let depth = code.split('.').count();
    let title = c.name("title")?.as_str().trim().to_string();
    Some((code, title, depth))
}

/// A year alone (`2023`), which is no code.
fn year_like(t: &str) -> Option<i32> {
    let y: i32 = t.trim().parse().ok()?;
    (1900..=2100).contains(&y).then_some(y)
}

/// A single number leading a title with a separator: `1 – Città digitale`,
/// `3. Potenziare il verde`, `2) Servizi`.
static LEADING_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?P<code>\d{1,2})\s*[-–—.)]\s+(?P<rest>\S.*)$")
        .unwrap_or_else(|e| unreachable!("regex: {e}"))
});

/// A code leading a text (`A.1.1 Semplificare`, `OO1 - Pratiche`, `OP 2.1 –
/// Verde`, `1 – Città digitale`): (code, rest).
pub(super) fn split_code(value: &str) -> Option<(String, String)> {
    let c = LEADING_CODE
        .captures(value)
        .filter(|c| {
            c.name("rest")
                .is_some_and(|r| !r.as_str().trim().is_empty())
        })
        .or_else(|| LEADING_NUMBER.captures(value))?;
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
pub(super) fn is_prose(t: &str) -> bool {
    let len = t.chars().count();
    len > 180 || (len > 90 && t.trim_end().ends_with('.'))
}

/// A sentence of some length (`Gli obiettivi sono assegnati con decreto.`):
/// a note, never a section title.
fn is_sentence(t: &str) -> bool {
    let t = t.trim_end();
    t.ends_with('.') && !t.ends_with("..") && t.split_whitespace().count() >= 7
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_alone() {
        for c in [
            "O 1.1.1",
            "O.1.1.2",
            "SG1",
            "SG-01",
            "A2-01",
            "OI.SG.1",
            "OI-DA-2",
            "OI_SG_1",
            "01_01_OS01",
        ] {
            assert!(is_code_only(c), "{c}");
        }
        for t in ["2023", "AREA I", "Area Prima", "AREA 1", "STAFF 6"] {
            assert!(!is_code_only(t), "{t}");
        }
    }

    #[test]
    fn footnotes_and_prose() {
        assert!(FOOTNOTE.is_match("* Relazione sulla performance 2022"));
        assert!(FOOTNOTE.is_match("(1) dato provvisorio"));
        assert!(!FOOTNOTE.is_match("Pratiche evase"));
        assert!(is_sentence(
            "Gli obiettivi sono assegnati con decreto del Presidente."
        ));
        assert!(!is_prose(
            "Gli obiettivi sono assegnati con decreto del Presidente."
        ));
        assert!(!is_prose("1. Verso una P.A. semplice"));
    }
}
