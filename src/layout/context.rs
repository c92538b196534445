//! Context carried down a sheet: title (area, dirigente, year), perspective,
//! strategic objective, objective block (code, title, area, office) and
//! programme. Setting one level clears the levels below it.

use std::sync::LazyLock;

use regex::Regex;

use super::headers::fold;
use crate::model::OwnerSource;
/// A text of the context, shared by every row it applies to (cloning it
/// copies a pointer, not the text); the records keep the same texts.
pub use crate::model::Shared;

/// Perspective, strategic objective and its code, as saved by
/// [`Context::outer_levels`].
pub type OuterLevels = (Option<Shared>, Option<Shared>, Option<Shared>);

/// What the rows above say about the rows below.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Context {
    /// Organisational area (from a title, a key/value block or a column),
    /// as written: it may name several owners (`A – B`).
    pub area: Option<Shared>,
    /// Units listed below `Unità organizzative coinvolte`, one per row.
    pub units: Vec<String>,
    /// Dirigente (from a title, a key/value block, a section or a column),
    /// as written: it may name several owners.
    pub dirigente: Option<Shared>,
    /// Where [`Context::area`] was read.
    pub area_source: Option<OwnerSource>,
    /// Where [`Context::dirigente`] was read.
    pub dirigente_source: Option<OwnerSource>,
    /// Office (Ufficio).
    pub office: Option<Shared>,
    /// Shared by all dirigenti.
    pub transversal: bool,
    /// Year named by a title row (`Obiettivi per l'anno 2022`).
    pub year: Option<i32>,
    /// Perspective / area strategica (`Processi Interni`, `A Competitività…`).
    pub perspective: Option<Shared>,
    /// Code of the strategic objective (`A.1`, `1.1`), when written apart.
    pub strategic_code: Option<Shared>,
    /// Strategic objective (`1. Verso una P.A. …`, `Favorire…`).
    pub strategic: Option<Shared>,
    /// Operational objective code (`01_01_OS01`, `A.1.1`).
    pub objective_code: Option<Shared>,
    /// Operational objective title.
    pub objective: Option<Shared>,
    /// Action code (`A.1.1.1`).
    pub action_code: Option<Shared>,
    /// Action title.
    pub action: Option<Shared>,
    /// Objective weight, when a block gives it.
    pub objective_weight: Option<Shared>,
    /// Area named by the last title or section row (restored at each new block).
    pub title_area: Option<Shared>,
    /// Dirigente named by the last title or section row (restored at each new block).
    pub title_dirigente: Option<Shared>,
    /// The area a sheet is named after (`Area Servizi Finanziari`, one sheet
    /// per owner): the area of every row that names none.
    pub sheet_area: Option<Shared>,
    /// The dirigente a sheet is named after (`Segretario Generale`).
    pub sheet_dirigente: Option<Shared>,
    /// The last title or section is shared by every dirigente (`Obiettivi
    /// comuni a tutti i dirigenti`): restored at each new block.
    pub title_transversal: bool,
    /// The levels above the block as they were before the block named its
    /// own (perspective, strategic objective, its code): restored when the
    /// block ends, so one block's parents do not pass to the next.
    pub outer_levels: Option<OuterLevels>,
}

impl Context {
    /// The context at the top of a sheet: a sheet named after a unit
    /// (`Area Servizi Finanziari`, `Settore Lavori Pubblici`) gives its rows
    /// that area until a title or section names another.
    ///
    /// ```
    /// use cruscotto::layout::Context;
    /// assert_eq!(Context::for_sheet("Area Servizi Finanziari").area.as_deref(),
    ///            Some("Area Servizi Finanziari"));
    /// assert_eq!(Context::for_sheet("Allegato 1").area, None);
    /// ```
    pub fn for_sheet(name: &str) -> Context {
        let f = fold(name);
        let unit = [
            "area ",
            "settore ",
            "servizio ",
            "ufficio ",
            "direzione ",
            "dipartimento ",
        ]
        .iter()
        .any(|w| f.starts_with(w));
        let mut c = Context::default();
        if unit {
            c.sheet_area = Some(name.trim().to_string().into());
            c.set_title(None, None, None);
        } else if super::owners::names_a_person(name) {
            // `Segretario Generale`, `Dott. Mario Rossi`: that owner's sheet.
            c.sheet_dirigente = Some(name.trim().to_string().into());
            c.set_title(None, None, None);
        }
        c
    }

    /// A new title or owner section: everything below it is reset.
    pub fn set_title(
        &mut self,
        area: Option<String>,
        dirigente: Option<String>,
        year: Option<i32>,
    ) {
        // One shared text for the title and the current owner.
        let area: Option<Shared> = area.map(Into::into).or_else(|| self.sheet_area.clone());
        let dirigente: Option<Shared> = dirigente
            .map(Into::into)
            .or_else(|| self.sheet_dirigente.clone());
        let source = |o: &Option<Shared>| o.as_ref().map(|_| OwnerSource::Section);
        *self = Context {
            sheet_area: self.sheet_area.clone(),
            sheet_dirigente: self.sheet_dirigente.clone(),
            area_source: source(&area),
            dirigente_source: source(&dirigente),
            title_area: area.clone(),
            title_dirigente: dirigente.clone(),
            area,
            dirigente,
            year: year.or(self.year),
            ..Context::default()
        };
    }

    /// A new perspective (area strategica): the levels below it are reset.
    pub fn set_perspective(&mut self, p: String) {
        self.perspective = Some(p.into());
        self.strategic = None;
        self.strategic_code = None;
        self.new_block();
    }

    /// A new strategic objective: the levels below it are reset.
    pub fn set_strategic(&mut self, s: String) {
        self.strategic = Some(s.into());
        self.strategic_code = None;
        self.new_block();
    }

    /// A new objective block: objective, action, units, office and owner
    /// reset to the title's or section's.
    pub fn new_block(&mut self) {
        if let Some((p, s, c)) = self.outer_levels.take() {
            self.perspective = p;
            self.strategic = s;
            self.strategic_code = c;
        }
        self.clear_objective();
        self.office = None;
        self.units.clear();
        self.transversal = self.title_transversal;
        self.area = self.title_area.clone();
        self.dirigente = self.title_dirigente.clone();
        self.area_source = self.area.as_ref().map(|_| OwnerSource::Section);
        self.dirigente_source = self.dirigente.as_ref().map(|_| OwnerSource::Section);
    }

    /// The block names a level above it (`Obiettivo strategico (OS): …`
    /// inside the block): kept for this block only.
    pub fn set_block_parent(
        &mut self,
        perspective: Option<String>,
        strategic: Option<(Option<String>, Option<String>)>,
    ) {
        if self.outer_levels.is_none() {
            self.outer_levels = Some((
                self.perspective.clone(),
                self.strategic.clone(),
                self.strategic_code.clone(),
            ));
        }
        if let Some(p) = perspective {
            self.perspective = Some(p.into());
        }
        if let Some((code, title)) = strategic {
            self.strategic = title.map(Into::into);
            self.strategic_code = code.map(Into::into);
        }
    }

    /// Whether any owner is known here: a dirigente, an area, units or
    /// the transversal mark.
    pub fn has_owner(&self) -> bool {
        self.dirigente.is_some()
            || self.area.is_some()
            || !self.units.is_empty()
            || self.transversal
    }

    /// Clears the objective block (code, title, action, weight).
    pub fn clear_objective(&mut self) {
        self.objective_code = None;
        self.objective = None;
        self.action_code = None;
        self.action = None;
        self.objective_weight = None;
    }

    /// The most specific level holding an indicator: (code, title) of the
    /// action, else the operational objective, else the strategic objective.
    pub fn objective_level(&self) -> (Option<&str>, Option<&str>) {
        let (code, title) = self.objective_level_shared();
        (code.map(|s| &**s), title.map(|s| &**s))
    }

    /// [`Context::objective_level`] as the shared texts themselves.
    pub fn objective_level_shared(&self) -> (Option<&Shared>, Option<&Shared>) {
        if self.action_code.is_some() || self.action.is_some() {
            return (self.action_code.as_ref(), self.action.as_ref());
        }
        if self.objective_code.is_some() || self.objective.is_some() {
            return (self.objective_code.as_ref(), self.objective.as_ref());
        }
        (self.strategic_code.as_ref(), self.strategic.as_ref())
    }
}

static TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*(obiettivi|piano|scheda|allegato|performance|relazione)\b.*\b((19|20)\d{2})\b",
    )
    .unwrap_or_else(|e| unreachable!("built-in regex: {e}"))
});
static AREA_NAMED_IN_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b[Aa]rea\s+((?:[A-ZÀ-Ý][\p{L}'’]+)(?:\s+(?:e|ed|di|del|della|dei|delle|[A-ZÀ-Ý][\p{L}'’]+))*)",
    )
    .unwrap_or_else(|e| unreachable!("regex: {e}"))
});
static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b((?:19|20)\d{2})\b").unwrap_or_else(|e| unreachable!("{e}")));

/// A title row read: area, dirigente, year.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Title {
    /// Area named (`Area 2`), or a known unit name found in the title.
    pub area: Option<String>,
    /// Dirigente named with an honorific.
    pub dirigente: Option<String>,
    /// Year named.
    pub year: Option<i32>,
}

/// Reads a title row such as
/// `Obiettivi per l'anno 2022 - Dott. Mario Del Secco, Dirigente Area 2 "…"`.
/// `known_areas` (from the organigramma) are matched first, longest first.
///
/// ```
/// use cruscotto::layout::context::read_title;
/// let t = read_title("Obiettivi per l'anno 2022 - Dott. Mario Del Secco, Dirigente Area 2 \"Economico\"", &[]).unwrap();
/// assert_eq!(t.area.as_deref(), Some("Area 2"));
/// assert_eq!(t.dirigente.as_deref(), Some("Dott. Mario Del Secco"));
/// assert_eq!(t.year, Some(2022));
/// ```
pub fn read_title(text: &str, known_areas: &[String]) -> Option<Title> {
    let t = text.trim();
    if !TITLE.is_match(t) || t.len() > 400 {
        return None;
    }
    let year = YEAR
        .captures(t)
        .and_then(|c| c.get(1))
        .and_then(|m| m.as_str().parse().ok());
    let folded = fold(t);
    let mut area = known_areas
        .iter()
        .filter(|a| {
            let fa = fold(a);
            !fa.is_empty() && contains_words(&folded, &fa)
        })
        .max_by_key(|a| a.len())
        .cloned();
    if area.is_none() {
        area = super::owners::area_number(t);
    }
    if area.is_none() {
        // `… - Area Anagrafe e Semplificazione`: a named area, up to a separator.
        area = AREA_NAMED_IN_TITLE
            .captures(t)
            .and_then(|c| c.get(1))
            .map(|m| format!("Area {}", m.as_str().trim()));
    }
    let dirigente = super::owners::PERSON
        .find(t)
        .map(|m| m.as_str().trim().to_string());
    Some(Title {
        area,
        dirigente,
        year,
    })
}

/// Whether `needle` occurs in `hay` on word boundaries (both already folded).
pub fn contains_words(hay: &str, needle: &str) -> bool {
    let mut start = 0;
    while let Some(pos) = hay[start..].find(needle) {
        let a = start + pos;
        let b = a + needle.len();
        let before_ok = hay[..a]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        let after_ok = hay[b..].chars().next().is_none_or(|c| !c.is_alphanumeric());
        if before_ok && after_ok {
            return true;
        }
        start = a + needle.len().max(1);
        if start >= hay.len() {
            break;
        }
    }
    false
}

/// Whether an owner text means "shared by every dirigente" (see
/// [`super::owners::is_transversal`]).
///
/// ```
/// assert!(cruscotto::layout::context::is_transversal("Obiettivo trasversale"));
/// assert!(cruscotto::layout::context::is_transversal("Tutti"));
/// assert!(!cruscotto::layout::context::is_transversal("Area 2"));
/// ```
pub fn is_transversal(text: &str) -> bool {
    super::owners::is_transversal(text)
}

#[cfg(test)]
mod tests {

    #[test]
    fn named_area_in_a_title() {
        let t = read_title(
            "Piano della performance 2025 - Area Anagrafe e Semplificazione",
            &[],
        )
        .unwrap();
        assert_eq!(t.area.as_deref(), Some("Area Anagrafe e Semplificazione"));
        assert_eq!(t.year, Some(2025));
        let t = read_title("Obiettivi 2022 - Area 2 Economico", &[]).unwrap();
        assert_eq!(t.area.as_deref(), Some("Area 2"));
    }

    use super::*;

    #[test]
    fn titles() {
        let t = read_title("Obiettivi per l'anno 2022 - Segretario Generale Avv. Marco Randellini - Dirigente Area 1 \"Affari Generali\"", &[]).unwrap();
        assert_eq!(t.area.as_deref(), Some("Area 1"));
        assert_eq!(t.dirigente.as_deref(), Some("Avv. Marco Randellini"));
        let t = read_title(
            "Obiettivi operativi 2022 – Area 3 - Registro Impese, Anagrafe",
            &[],
        )
        .unwrap();
        assert_eq!(t.area.as_deref(), Some("Area 3"));
        assert_eq!(t.dirigente, None);
        let known = vec!["Azienda Speciale".to_string(), "Area 1".to_string()];
        let t = read_title(
            "Obiettivi operativi 2022 - Azienda Speciale Arezzo Sviluppo",
            &known,
        )
        .unwrap();
        assert_eq!(t.area.as_deref(), Some("Azienda Speciale"));
        assert!(read_title("Imprese, Territorio e Consumatori", &[]).is_none());
    }

    #[test]
    fn word_containment() {
        assert!(contains_words("dirigente area 1 affari", "area 1"));
        assert!(!contains_words("dirigente area 12", "area 1"));
    }

    #[test]
    fn context_levels() {
        let mut c = Context::default();
        c.set_title(Some("Area 1".into()), None, Some(2022));
        c.set_perspective("Processi Interni".into());
        c.set_strategic("6. Ottimizzazione".into());
        c.objective = Some("x".into());
        c.set_perspective("Innovazione".into());
        assert_eq!(c.strategic, None);
        assert_eq!(c.objective, None);
        assert_eq!(c.area.as_deref(), Some("Area 1"));
    }
}
