//! Owners as plans write them: one owner spelled several ways, joint owners,
//! transversal markers, owners named by a section title.
//!
//! - [`owner_key`] folds the spellings of one owner to one key: case,
//!   accents, dashes, dots, quotes, honorifics (`Dott.`, `Avv.`) and small
//!   words (`e`/`ed`, `di`, `del`) do not make a new owner;
//! - [`split_owners`] splits a joint owner (`A – B`, `A e B`, `A / B`,
//!   `A, B`) only where every part names an owner on its own, so
//!   `Dirigente Area Economico – Finanziaria` stays one owner;
//! - [`is_transversal`] recognises `Tutti`, `Tutti i dirigenti`,
//!   `Obiettivo trasversale`…;
//! - [`section_owner`] reads a section title that names its owner
//!   (`Obiettivi Dirigente Area …`, `Obiettivi del Segretario Generale`,
//!   `Area 2 – Dott. Mario Rossi`).

use std::sync::LazyLock;

use regex::Regex;

use super::headers::fold;

/// Honorifics and titles that do not change who the owner is (folded, no dot).
const HONORIFICS: [&str; 16] = [
    "dott",
    "dottssa",
    "dottoressa",
    "dottore",
    "dr",
    "drssa",
    "avv",
    "ing",
    "prof",
    "profssa",
    "rag",
    "arch",
    "sig",
    "sigra",
    "geom",
    "on",
];

/// Small words that spellings add or drop (`Risorse ed organizzazione`).
const SMALL_WORDS: [&str; 16] = [
    "e", "ed", "di", "del", "della", "dello", "dei", "degli", "delle", "il", "lo", "la", "i",
    "gli", "le", "l",
];

/// The key that identifies an owner across spellings.
///
/// ```
/// use cruscotto::layout::owners::owner_key;
/// assert_eq!(owner_key("Dirigente Area Economico – Finanziaria"),
///            owner_key("Dirigente Area economico - finanziaria"));
/// assert_eq!(owner_key("Dott.ssa Laura Bianchi"), owner_key("Laura Bianchi"));
/// assert_eq!(owner_key("Risorse ed organizzazione"), owner_key("Risorse e organizzazione"));
/// assert_ne!(owner_key("Area 1"), owner_key("Area 2"));
/// ```
pub fn owner_key(name: &str) -> String {
    // `Dott.ssa Anna Neri (Dirigente Area 2)`: a role in brackets after a
    // person's name is a note, not part of who the owner is.
    let f = fold(without_note(name));
    let words: Vec<String> = f
        .split(|c: char| !c.is_alphanumeric() && c != '.')
        .map(|w| w.replace('.', ""))
        .filter(|w| !w.is_empty())
        .collect();
    // Honorifics only where a name starts; small words only between two
    // words that stay (`Risorse ed organizzazione`), never last (`Area I`,
    // `Area E`) nor first (`Lo Russo`).
    let start = words
        .iter()
        .take_while(|w| HONORIFICS.contains(&w.as_str()))
        .count();
    let kept = &words[start..];
    let mut out = String::with_capacity(f.len());
    for (i, w) in kept.iter().enumerate() {
        let inner = i > 0 && i + 1 < kept.len();
        if inner && SMALL_WORDS.contains(&w.as_str()) {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    if out.is_empty() {
        f
    } else {
        out
    }
}

/// Whether an owner text means "shared by every dirigente".
///
/// ```
/// use cruscotto::layout::owners::is_transversal;
/// assert!(is_transversal("Obiettivo trasversale"));
/// assert!(is_transversal("Tutti I Dirigenti e il Segretario Generale"));
/// assert!(is_transversal("Tutti"));
/// assert!(!is_transversal("Area 2"));
/// ```
pub fn is_transversal(text: &str) -> bool {
    let folded = fold(text);
    // `*Obiettivo trasversale*`: emphasis marks left by a conversion.
    let f = folded.trim_matches(|c: char| !c.is_alphanumeric());
    matches!(
        f,
        "tutti" | "tutte" | "trasversale" | "trasversali" | "ente" | "intero ente"
    ) || f.starts_with("obiettivo trasversale")
        || f.starts_with("obiettivi trasversali")
        || f.starts_with("trasversale ")
        || [
            "tutti i dirigenti",
            "tutti i responsabili",
            "tutti i direttori",
            "tutte le direzioni",
            "tutte le aree",
            "tutti gli uffici",
            "tutti i settori",
            "tutti i servizi",
            "tutte le unita",
            "tutte le strutture",
        ]
        .iter()
        .any(|w| f.contains(w))
}

/// Words that open the name of an owner: a role or an honorific.
static OWNER_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*(dirigente|dirigenti|segretari[oa]|vice\s*segretari[oa]|responsabile|direttore|direttrice|conservatore|capo|coordinat(ore|rice)|dott\.?(ssa)?|dr\.?(ssa)?|avv\.?|ing\.?|prof\.?(ssa)?|rag\.?|arch\.?|geom\.?|sig\.?(ra)?|are[ae]|settor[ei]|servizi[o]?|uffici[o]?|staff|u\.?o\.?|unit[àa])\b",
    )
    .unwrap_or_else(|e| unreachable!("built-in regex: {e}"))
});

/// An honorific before a person's name, with its dot or a space after it
/// (`Dott.`, `Dott.ssa`, `Avv `), any case: the one list every person
/// pattern is built from.
const HONORIFIC: &str = r"(?i:(?:dott\.?ssa|dr\.?ssa|prof\.?ssa|sig\.?ra|dott|dr|avv|ing|prof|rag|arch|sig|geom)(?:\.\s*|\s+))";

/// A name after an honorific: one to four capitalised words.
const NAME: &str = r"[A-ZÀ-Ý](?:[\p{L}'’]+|\.)(?:\s*[A-ZÀ-Ý][\p{L}'’]+){0,3}";

/// `Area 2`, `AREA II`: a numbered area.
const AREA_N: &str = r"(?i:area\s+(\d{1,2}|[ivx]{1,4}))\b";

fn built(re: &str) -> Regex {
    Regex::new(re).unwrap_or_else(|e| unreachable!("built-in regex: {e}"))
}

/// A text opening with a person's honorific (`Dott. Mario Rossi`).
static HONORIFIC_START: LazyLock<Regex> = LazyLock::new(|| built(&format!(r"^\s*{HONORIFIC}")));

/// A person with an honorific, in any text: `Dott. Mario Del Secco`.
pub(crate) static PERSON: LazyLock<Regex> = LazyLock::new(|| built(&format!(r"{HONORIFIC}{NAME}")));

static AREA_NUMBER: LazyLock<Regex> = LazyLock::new(|| built(&format!(r"\b{AREA_N}")));

/// The numbered area a text names, as `Area 2` / `Area II`.
///
/// ```
/// use cruscotto::layout::owners::area_number;
/// assert_eq!(area_number("AREA ii – Servizi").as_deref(), Some("Area II"));
/// assert_eq!(area_number("Obiettivi 2022 - Area 3 Registro"), Some("Area 3".into()));
/// assert_eq!(area_number("Area Anagrafe"), None);
/// ```
pub fn area_number(text: &str) -> Option<String> {
    AREA_NUMBER
        .captures(text)
        .and_then(|c| c.get(1))
        .map(|m| format!("Area {}", m.as_str().to_uppercase()))
}

/// Separators between joint owners: dashes, slash, comma, semicolon, `e`.
static JOINT_SEPARATOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\s*[–—/;,]\s*|\s+-\s+|\s+(?:e|ed)\s+")
        .unwrap_or_else(|e| unreachable!("built-in regex: {e}"))
});

/// An owner's name without a note in brackets after it (`Dott.ssa Anna Neri
/// (Dirigente Area 2)` → `Dott.ssa Anna Neri`).
///
/// ```
/// use cruscotto::layout::owners::without_note;
/// assert_eq!(without_note("Avv. Rossi (Segretario Generale)"), "Avv. Rossi");
/// assert_eq!(without_note("(ad interim)"), "(ad interim)");
/// assert_eq!(without_note("Dirigente (Area Tecnica)"), "Dirigente (Area Tecnica)");
/// ```
pub fn without_note(name: &str) -> &str {
    let t = name.trim();
    match t.find('(') {
        Some(i) if i > 0 && t.ends_with(')') && is_person(&t[..i]) => t[..i].trim_end(),
        _ => t,
    }
}

/// Whether every separator of an owner text is a dash (`A – B`), none an
/// `e`, a slash or a comma.
fn only_dashes(text: &str) -> bool {
    JOINT_SEPARATOR.find_iter(text.trim()).all(|m| {
        m.as_str()
            .trim()
            .chars()
            .all(|c| matches!(c, '–' | '—' | '-'))
    })
}

/// The units named beside a person in an owner text (`Dott.ssa Fontana –
/// Settore Servizi Sociali`, `Dott.ssa Bianchi – Dirigente Area Anagrafe`):
/// the person's area, when the plan gives no other.
///
/// ```
/// use cruscotto::layout::owners::units_beside_person;
/// assert_eq!(units_beside_person("Dott.ssa Chiara Fontana – Settore Servizi Sociali"),
///            vec!["Settore Servizi Sociali"]);
/// assert_eq!(units_beside_person("Dott.ssa Laura Bianchi – Dirigente Area Anagrafe"),
///            vec!["Area Anagrafe"]);
/// assert!(units_beside_person("Segretario Generale").is_empty());
/// ```
pub fn units_beside_person(text: &str) -> Vec<String> {
    static UNIT: LazyLock<Regex> = LazyLock::new(|| {
        built(r"(?i)^(?:dirigente\s+)?((?:area|settore|servizio|ufficio|direzione|staff)\b.*)$")
    });
    let parts: Vec<&str> = JOINT_SEPARATOR.split(text.trim()).map(str::trim).collect();
    if parts.len() < 2 || !only_dashes(text) || !parts.iter().any(|p| is_person(p)) {
        return Vec::new();
    }
    parts
        .iter()
        .filter(|p| !is_person(p))
        .filter_map(|p| UNIT.captures(p).and_then(|c| c.get(1)))
        .map(|m| m.as_str().trim().to_string())
        .collect()
}

/// Whether a text opens like the name of an owner (a role, an honorific or
/// an organisational unit word).
pub fn starts_like_owner(text: &str) -> bool {
    OWNER_START.is_match(text)
}

/// Whether a text is a person with an honorific (`Dott. Mario Rossi`).
fn is_person(text: &str) -> bool {
    HONORIFIC_START.is_match(text)
}

/// Splits a joint owner into its owners. A part that does not open like an
/// owner on its own (`Finanziaria` in `Dirigente Area Economico –
/// Finanziaria`) stays with the part before it, so a name is never cut in
/// two; a text naming no second owner comes back whole.
///
/// ```
/// use cruscotto::layout::owners::split_owners;
/// assert_eq!(split_owners("Segretario Generale – Dirigente Area Economico - Finanziaria"),
///            vec!["Segretario Generale", "Dirigente Area Economico - Finanziaria"]);
/// assert_eq!(split_owners("Dott. Mario Rossi e Avv. Paolo Verdi"),
///            vec!["Dott. Mario Rossi", "Avv. Paolo Verdi"]);
/// assert_eq!(split_owners("Promozione e Sviluppo Economico"),
///            vec!["Promozione e Sviluppo Economico"]);
/// assert_eq!(split_owners("Dirigente Area Economico – Finanziaria"),
///            vec!["Dirigente Area Economico – Finanziaria"]);
/// ```
pub fn split_owners(text: &str) -> Vec<String> {
    let t = text.trim();
    // Most owners are one name with no separator at all.
    if !JOINT_SEPARATOR.is_match(t) {
        return vec![t.to_string()];
    }
    let mut parts: Vec<String> = Vec::new();
    let mut sep = "";
    let mut last = 0;
    let mut add = |sep: &str, piece: &str| {
        let p = piece.trim();
        if p.is_empty() {
            return;
        }
        match parts.last_mut() {
            // `Area 2 – Servizi finanziari`: the name of a numbered area.
            Some(prev) if !opens_an_owner(p) || names_numbered_area(prev, p) => {
                prev.push_str(sep);
                prev.push_str(p);
            }
            _ => parts.push(p.to_string()),
        }
    };
    for m in JOINT_SEPARATOR.find_iter(t) {
        add(sep, &t[last..m.start()]);
        sep = m.as_str();
        last = m.end();
    }
    add(sep, &t[last..]);
    // A first part that names no owner means the text is one name
    // (`Orientamento lavoro e professioni / Studi e informazione economica`).
    if parts.len() > 1 && !starts_like_owner(&parts[0]) {
        return vec![t.to_string()];
    }
    // `Dott.ssa Bianchi – Dirigente Area Anagrafe`: a person and the role
    // or unit they hold, joined by a dash, are one owner, the person (`A e
    // B`, `A / B` stay two owners).
    if parts.len() > 1 && only_dashes(t) && parts.iter().any(|p| is_person(p)) {
        let people: Vec<String> = parts.iter().filter(|p| is_person(p)).cloned().collect();
        if people.len() < parts.len() {
            return people;
        }
    }
    parts
}

/// Whether `next` is the name of the numbered area that `prev` ends with
/// (`Area 2` – `Servizi finanziari`): not a second owner unless it is a
/// person, a role or another area.
fn names_numbered_area(prev: &str, next: &str) -> bool {
    static ENDS_NUMBERED: LazyLock<Regex> = LazyLock::new(|| {
        built(
            r"(?i)\b(area|settore|servizio|ufficio|direzione|staff|u\.?o\.?)\s+(\d{1,2}|[ivx]{1,4})\s*$",
        )
    });
    ENDS_NUMBERED.is_match(prev) && !is_person(next) && !names_a_person(next) && {
        let f = fold(next);
        !f.starts_with("area ") && !f.starts_with("settore ")
    }
}

/// Whether a part after a separator opens a second owner: a person, or a
/// role or unit word followed by its object (`Dirigente Area X`, `Area II`),
/// not a lone word that ends the name before it (`Finanziaria`).
fn opens_an_owner(p: &str) -> bool {
    // Names are written with a capital: `e servizi demografici` goes on
    // the name before it.
    let capital = p.chars().next().is_some_and(char::is_uppercase);
    capital && starts_like_owner(p) && (is_person(p) || p.split_whitespace().count() >= 2)
}

static SECTION_OWNER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*obiettivi\s+(?:individuali\s+|assegnati\s+)?(?:(?:al|alla|allo|ai|del|della|dello|dei|di)\s+)?(?P<owner>.+?)\s*(?:[-–—]\s*(?:anno\s+)?(?:19|20)\d{2})?\s*$",
    )
    .unwrap_or_else(|e| unreachable!("built-in regex: {e}"))
});

static AREA_PERSON: LazyLock<Regex> = LazyLock::new(|| {
    built(&format!(
        r"^\s*(?P<area>{AREA_N}[^–—-]*?)\s*[–—-]\s*(?P<person>{HONORIFIC}\S.*)$"
    ))
});

/// The owner named by a section title.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SectionOwner {
    /// Area named by the section (`Area 2`).
    pub area: Option<String>,
    /// Dirigente named by the section (`Segretario Generale`, `Dott. Mario Rossi`).
    pub dirigente: Option<String>,
}

/// Reads a section title naming its owner: `Obiettivi Segretario Generale`,
/// `Obiettivi del Dirigente Area Economico – Finanziaria`, `Area 2 – Dott.
/// Mario Rossi`. `None` for any other text (`Obiettivi strategici`).
///
/// ```
/// use cruscotto::layout::owners::section_owner;
/// let s = section_owner("Obiettivi Dirigente Area Economico – Finanziaria").unwrap();
/// assert_eq!(s.dirigente.as_deref(), Some("Dirigente Area Economico – Finanziaria"));
/// let s = section_owner("Area 2 – Dott. Mario Rossi").unwrap();
/// assert_eq!(s.area.as_deref(), Some("Area 2"));
/// assert_eq!(s.dirigente.as_deref(), Some("Dott. Mario Rossi"));
/// assert!(section_owner("Obiettivi strategici 2023").is_none());
/// ```
pub fn section_owner(text: &str) -> Option<SectionOwner> {
    let t = text.trim();
    if t.chars().count() > 160 {
        return None;
    }
    if let Some(c) = AREA_PERSON.captures(t) {
        return Some(SectionOwner {
            area: c.name("area").map(|m| m.as_str().trim().to_string()),
            dirigente: c.name("person").map(|m| m.as_str().trim().to_string()),
        });
    }
    if let Some(c) = SECTION_OWNER.captures(t).filter(|_| !t.contains(':')) {
        let owner = c.name("owner").map(|m| m.as_str().trim()).unwrap_or("");
        // The owner must be a role or a person: `Obiettivi strategici`,
        // `Obiettivi operativi 2023` name no one.
        if names_a_person(owner) {
            // `… del Segretario Generale – Dott. Mario Rossi`, `… Dirigente
            // Area Anagrafica (Dott.ssa Bianchi)`: the person is the owner;
            // the role names the area when it is a `Dirigente Area …`.
            if let Some(p) = PERSON.find(owner).filter(|p| p.start() > 0) {
                let role = owner[..p.start()].trim_end_matches([' ', '–', '—', '-', ',', ':', '(']);
                let area = role
                    .get(..10)
                    .filter(|d| d.eq_ignore_ascii_case("dirigente "))
                    .map(|_| role[10..].trim().to_string())
                    .filter(|a| fold(a).starts_with("area"));
                return Some(SectionOwner {
                    area,
                    dirigente: Some(p.as_str().trim().to_string()),
                });
            }
            return Some(SectionOwner {
                area: None,
                dirigente: Some(owner.to_string()),
            });
        }
    }
    // `Segreteria Generale – Dott.ssa Anna Neri`, `Scheda obiettivi – Avv.
    // Paolo Verdi (Dirigente Area 3)`, `Dirigente Area 4 – Ing. Luca Gialli`:
    // a short heading naming a person is that person's section.
    let person = PERSON.find(t)?;
    if t.split_whitespace().count() > 16 || t.ends_with('.') {
        return None;
    }
    // The unit before the person: `Area 4`, or a short name of a unit
    // (`Segreteria Generale – Dott.ssa …`), never a heading or a role.
    // `Area Servizi Finanziari – Dirigente: Dott. …`: the role word before
    // the person is no part of the unit's name.
    let before = t[..person.start()].trim_end_matches([' ', '–', '—', '-', ',', ':']);
    let before = ["dirigente", "responsabile"]
        .iter()
        .find_map(|w| {
            let cut = before.len().checked_sub(w.len())?;
            let tail = before.get(cut..)?;
            tail.eq_ignore_ascii_case(w)
                .then(|| before[..cut].trim_end_matches([' ', '–', '—', '-', ',', ':']))
        })
        .unwrap_or(before);
    let area = area_number(t).or_else(|| {
        let words = before.split_whitespace().count();
        let f = fold(before);
        ((1..=6).contains(&words)
            && !names_a_person(before)
            && !f.starts_with("scheda")
            && !f.starts_with("obiettivi")
            && !f.starts_with("piano"))
        .then(|| before.to_string())
    });
    Some(SectionOwner {
        area,
        dirigente: Some(person.as_str().trim().to_string()),
    })
}

/// Whether an area name is itself a role (`Segretario Generale`,
/// `Responsabile Prevenzione Corruzione Trasparenza`, `Dirigente area X`):
/// then it names the dirigente too.
///
/// ```
/// use cruscotto::layout::owners::names_a_person;
/// assert!(names_a_person("Segretario Generale"));
/// assert!(!names_a_person("Promozione e Sviluppo Economico"));
/// ```
pub fn names_a_person(text: &str) -> bool {
    let f = fold(text);
    [
        "segretario",
        "segretaria",
        "vice segretario",
        "vicesegretario",
        "dirigente",
        "responsabile",
        "direttore",
        "direttrice",
        "conservatore",
    ]
    .iter()
    .any(|w| f.starts_with(w))
        || is_person(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_merge_spellings() {
        for (a, b) in [
            (
                "Dirigente Area Economico – Finanziaria",
                "Dirigente Area Economico - Finanziaria",
            ),
            ("Dott. Mario Rossi", "dott. mario rossi"),
            ("Dott. Mario Rossi", "Mario Rossi"),
            ("AVV. PAOLO VERDI", "Avv. Paolo Verdi"),
            ("Segretario Generale", "Segretario generale"),
        ] {
            assert_eq!(owner_key(a), owner_key(b), "{a} / {b}");
        }
        assert_eq!(
            owner_key("Dott.ssa Anna Neri (Dirigente Area 2)"),
            owner_key("Anna Neri")
        );
        assert!(is_transversal("Segretario Generale e tutti i dirigenti"));
        assert!(!is_transversal("Dirigente Servizi Trasversali"));
        assert!(!is_transversal("Tutto il personale dell'Area 2"));
        assert_ne!(owner_key("Area I"), owner_key("Area E"));
        assert_ne!(owner_key("Lo Russo"), owner_key("Russo"));
        assert_ne!(
            owner_key("Dirigente (Area Tecnica)"),
            owner_key("Dirigente (Area Finanziaria)")
        );
        assert_ne!(
            owner_key("Tutela del Mercato e Legalità"),
            owner_key("Risorse e organizzazione")
        );
    }

    #[test]
    fn joint_owners() {
        assert_eq!(
            split_owners("Dott. Mario Rossi / Dott.ssa Laura Bianchi"),
            vec!["Dott. Mario Rossi", "Dott.ssa Laura Bianchi"]
        );
        assert_eq!(
            split_owners("Dott.ssa Laura Bianchi, Avv. Paolo Verdi"),
            vec!["Dott.ssa Laura Bianchi", "Avv. Paolo Verdi"]
        );
        assert_eq!(split_owners("Area I / Area II"), vec!["Area I", "Area II"]);
        assert_eq!(
            split_owners("Dott.ssa Laura Bianchi – Dirigente Area Anagrafe"),
            vec!["Dott.ssa Laura Bianchi"]
        );
        assert_eq!(
            split_owners("Settore 1 – Affari generali e servizi demografici"),
            vec!["Settore 1 – Affari generali e servizi demografici"]
        );
        assert_eq!(
            split_owners("Area 2 – Servizi finanziari"),
            vec!["Area 2 – Servizi finanziari"]
        );
        assert_eq!(
            split_owners("Area Urbanistica / Servizi informativi"),
            vec!["Area Urbanistica", "Servizi informativi"]
        );
        assert_eq!(
            split_owners("Risorse ed organizzazione"),
            vec!["Risorse ed organizzazione"]
        );
        assert_eq!(
            split_owners("Orientamento lavoro e professioni / Studi e informazione economica"),
            vec!["Orientamento lavoro e professioni / Studi e informazione economica"]
        );
    }

    #[test]
    fn section_owners() {
        let s = section_owner("Obiettivi Segretario Generale").unwrap();
        assert_eq!(s.dirigente.as_deref(), Some("Segretario Generale"));
        let s = section_owner("Obiettivi del Dirigente Area Anagrafe e Regolazione del mercato")
            .unwrap();
        assert_eq!(
            s.dirigente.as_deref(),
            Some("Dirigente Area Anagrafe e Regolazione del mercato")
        );
        assert!(section_owner("Obiettivi operativi").is_none());
        let s = section_owner("Scheda obiettivi – Avv. Paolo Verdi (Dirigente Area 3)").unwrap();
        assert_eq!(s.dirigente.as_deref(), Some("Avv. Paolo Verdi"));
        assert_eq!(s.area.as_deref(), Some("Area 3"));
        let s = section_owner("Segreteria Generale – Dott.ssa Anna Neri").unwrap();
        assert_eq!(s.dirigente.as_deref(), Some("Dott.ssa Anna Neri"));
        assert_eq!(s.area.as_deref(), Some("Segreteria Generale"));
        assert!(section_owner("Obiettivi individuali dei dirigenti – anno 2023").is_none());
        let s = section_owner("OBIETTIVI INDIVIDUALI DEL SEGRETARIO GENERALE – Dott. Mario Rossi")
            .unwrap();
        assert_eq!(s.dirigente.as_deref(), Some("Dott. Mario Rossi"));
        assert_eq!(s.area, None);
        let s = section_owner("Obiettivi individuali Dirigente Area Anagrafica (Dott.ssa Bianchi)")
            .unwrap();
        assert_eq!(s.dirigente.as_deref(), Some("Dott.ssa Bianchi"));
        assert_eq!(s.area.as_deref(), Some("Area Anagrafica"));
        let s = section_owner("Area Servizi Finanziari – Dirigente: Dott. Luca Neri").unwrap();
        assert_eq!(s.dirigente.as_deref(), Some("Dott. Luca Neri"));
        assert_eq!(s.area.as_deref(), Some("Area Servizi Finanziari"));
        assert!(is_transversal("Tutti i Responsabili di Settore"));
    }
}
