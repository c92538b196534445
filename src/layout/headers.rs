//! Header recogniser: maps header cell texts to column roles through a
//! synonym dictionary (built in, extendable from a TOML file).

use std::sync::LazyLock;

use regex::Regex;
use serde::Deserialize;

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// Indicator text (Indicatori, Indicatore, KPI).
    Indicator,
    /// Operational objective (Obiettivi Operativi, Obiettivo).
    Objective,
    /// Strategic objective.
    StrategicObjective,
    /// Area strategica / prospettiva / ambito strategico.
    StrategicArea,
    /// Programme / line of intervention (Programmi di Intervento, Azione).
    Programme,
    /// Objective or indicator code (Codice).
    Code,
    /// Tipologia.
    Tipologia,
    /// Unit of measure (UdM).
    Unit,
    /// Algoritmo / formula.
    Formula,
    /// Data source (Fonte).
    Source,
    /// Notes.
    Note,
    /// Weight of the indicator (Peso, Peso indicatori).
    Weight,
    /// Baseline (Stato 2024, Baseline, valori 2020), with its year.
    Baseline(Option<i32>),
    /// Target (Target, Target 2025, Anno 2023, a bare year), with its year.
    Target(Option<i32>),
    /// Actual (Consuntivo 2022, Valore raggiunto, Risultato, Valore al 31/12).
    Actual(Option<i32>),
    /// Area / Area di responsabilità.
    Area,
    /// Dirigente / Responsabile.
    Dirigente,
    /// Ufficio.
    Office,
    /// Operator column (a header such as `Operatore` or `Segno`).
    Operator,
    /// Date the actual was reached (`Data di raggiungimento`, `Data di
    /// completamento`): checked against a deadline written with the target.
    ActualDate,
}

impl Role {
    /// Whether this role is a value column of the table (not context text).
    pub fn is_value(self) -> bool {
        matches!(
            self,
            Role::Weight
                | Role::Baseline(_)
                | Role::Target(_)
                | Role::Actual(_)
                | Role::Unit
                | Role::Tipologia
                | Role::Operator
        )
    }
}

/// Extra header synonyms from a user file (`[intestazioni]` table); each list
/// holds header texts, matched case-insensitively at the start of the cell.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Synonyms {
    /// Extra names of the indicator column.
    #[serde(default)]
    pub indicatore: Vec<String>,
    /// Extra names of the objective column.
    #[serde(default)]
    pub obiettivo: Vec<String>,
    /// Extra names of the target column.
    #[serde(default)]
    pub target: Vec<String>,
    /// Extra names of the actual column.
    #[serde(default)]
    pub consuntivo: Vec<String>,
    /// Extra names of the baseline column.
    #[serde(default)]
    pub baseline: Vec<String>,
    /// Extra names of the weight column.
    #[serde(default)]
    pub peso: Vec<String>,
    /// Extra names of the unit column.
    #[serde(default)]
    pub udm: Vec<String>,
    /// Extra names of the formula column.
    #[serde(default)]
    pub formula: Vec<String>,
}

/// Lower-cases, folds accents, collapses spaces and strips trailing `:`/`*`.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut last_space = true;
    for ch in s.chars() {
        let c = match ch {
            'à' | 'á' | 'À' | 'Á' => 'a',
            'è' | 'é' | 'È' | 'É' => 'e',
            'ì' | 'í' | 'Ì' | 'Í' => 'i',
            'ò' | 'ó' | 'Ò' | 'Ó' => 'o',
            'ù' | 'ú' | 'Ù' | 'Ú' => 'u',
            '\u{a0}' | '\t' | '\n' | '\r' => ' ',
            c => c,
        };
        if c == ' ' {
            if !last_space {
                out.push(' ');
            }
            last_space = true;
        } else {
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else {
                out.extend(c.to_lowercase());
            }
            last_space = false;
        }
    }
    // Trailing `:`/`*`/`.`/spaces go, in place (no second string).
    let keep = out.trim_end_matches([' ', ':', '*', '.']).trim_end().len();
    out.truncate(keep);
    if out.starts_with(char::is_whitespace) {
        out = out.trim_start().to_string();
    }
    out
}

struct Pattern {
    re: Regex,
    make: fn(Option<i32>) -> Role,
}

fn year_of(caps: &regex::Captures<'_>) -> Option<i32> {
    caps.name("y").and_then(|m| m.as_str().parse().ok())
}

/// All of [`PATTERNS`] as one set, in the same order.
static PATTERN_SET: LazyLock<regex::RegexSet> = LazyLock::new(|| {
    regex::RegexSet::new(PATTERNS.iter().map(|p| p.re.as_str()))
        .unwrap_or_else(|e| unreachable!("built-in header regex set: {e}"))
});

static PATTERNS: LazyLock<Vec<Pattern>> = LazyLock::new(|| {
    let p = |re: &str, make: fn(Option<i32>) -> Role| Pattern {
        re: Regex::new(re).unwrap_or_else(|e| unreachable!("built-in header regex: {e}")),
        make,
    };
    vec![
        p(
            r"^(indicatori?|indicatore|kpi|descrizione (dell')?indicatore)( testo)?\b",
            |_| Role::Indicator,
        ),
        p(
            r"^(cod\.?|codice)( ob\.?| obiettivo| obiett\.?)? strategic[oi]$",
            |_| Role::StrategicObjective,
        ),
        p(r"^obiettiv[oi] strategic[oi]\b", |_| {
            Role::StrategicObjective
        }),
        p(
            r"^(are[ae] strategic(a|he)|prospettiv[ae]|ambit[oi] strategic[oi]|line[ae] strategic(a|he))$",
            |_| Role::StrategicArea,
        ),
        p(r"^obiettiv[oi]( operativ[oi])?$", |_| Role::Objective),
        p(
            r"^(programm[ia]( di intervento)?|linee? di intervento|azion[ei])$",
            |_| Role::Programme,
        ),
        p(
            r"^(codice|cod\.?|id|n\.?|num\.?|numero|nr\.?)( (obiettiv[oi]|ob\.?|obiett\.?)( (operativ[oi]|strategic[oi]|op\.?))?| indicatore| ind\.?)?$",
            |_| Role::Code,
        ),
        p(
            r"^(obiettiv[oi]( operativ[oi]| strategic[oi])?|indicatore) \((codice|cod|n)\)$",
            |_| Role::Code,
        ),
        p(r"^tipologia( indicatore)?$", |_| Role::Tipologia),
        p(r"^(udm|u\.d\.m|u\. ?m|unita di misura)$", |_| Role::Unit),
        p(
            r"^(algoritmo|formula|modalita di calcolo|metodo di calcolo)( di calcolo)?$",
            |_| Role::Formula,
        ),
        p(r"^fonte( dati| del dato)?$", |_| Role::Source),
        p(r"^note?$", |_| Role::Note),
        p(r"^peso( indicatori?| indicatore)?( ?%| \(%\))?$", |_| {
            Role::Weight
        }),
        // Actuals before the `anno YYYY` target pattern: `Consuntivo anno 2025`.
        p(
            r"^(consuntivo|valore (a )?consuntivo|dato consuntivo|valore raggiunto|valore effettivo|valore rilevato|risultato( raggiunto| conseguito| ottenuto)?|valore al 31[/.]12)(( (anno |al )?(31[/.]12[/.])?|[/.])(?P<y>(19|20)\d{2}))?$",
            Role::Actual,
        ),
        p(
            r"^(stato|baseline|base line|base-line|valor[ei]|valore iniziale|valore di partenza|situazione)( al)?( (31/12/)?(?P<y>(19|20)\d{2}))?$",
            Role::Baseline,
        ),
        p(
            r"^(target|valore atteso|risultato atteso|valore target|target atteso|valore obiettivo)( anno)?( (?P<y>(19|20)\d{2}))?$",
            Role::Target,
        ),
        p(r"^(anno )?(?P<y>(19|20)\d{2})$", Role::Target),
        p(r"\banno (?P<y>(19|20)\d{2})\b", Role::Target),
        p(
            r"^(area|area di responsabilita|area organizzativa|struttura|struttura responsabile|centro di responsabilita|unita organizzativa responsabile|unita organizzativa|unita organizzative|settore|servizio competente|ufficio competente|struttura competente|settore competente|uo)$",
            |_| Role::Area,
        ),
        p(
            r"^(dirigent[ei]|dirigent[ei] responsabil[ei]|responsabile|responsabili|responsabile dell'obiettivo|referente|referenti|dirigente referente|direttore|direttori|direttore responsabile|responsabile di settore|responsabile del settore|responsabile di servizio|responsabili di settore)$",
            |_| Role::Dirigente,
        ),
        p(r"^(ufficio|servizio)$", |_| Role::Office),
        p(r"^(operatore|segno)$", |_| Role::Operator),
        p(
            r"^data (effettiva )?(di |del )?(raggiungimento|realizzazione|completamento|conseguimento)( effettiva| del risultato| dell'obiettivo| del target)?$",
            |_| Role::ActualDate,
        ),
    ]
});

/// Recognises one header cell; `None` when the text is no known header.
///
/// ```
/// use cruscotto::layout::headers::{recognise, Role, Synonyms};
/// let s = Synonyms::default();
/// assert_eq!(recognise("Target 2025", &s), Some(Role::Target(Some(2025))));
/// assert_eq!(recognise("Consuntivo 2022", &s), Some(Role::Actual(Some(2022))));
/// assert_eq!(recognise("valori 2020", &s), Some(Role::Baseline(Some(2020))));
/// assert_eq!(recognise("Peso indicatori:", &s), Some(Role::Weight));
/// assert_eq!(recognise("Pratiche evase entro 5 gg", &s), None);
/// ```
pub fn recognise(text: &str, extra: &Synonyms) -> Option<Role> {
    let f = fold(text);
    if f.is_empty() || f.len() > 200 {
        return None;
    }
    let user = [
        (&extra.indicatore, Role::Indicator),
        (&extra.obiettivo, Role::Objective),
        (&extra.target, Role::Target(None)),
        (&extra.consuntivo, Role::Actual(None)),
        (&extra.baseline, Role::Baseline(None)),
        (&extra.peso, Role::Weight),
        (&extra.udm, Role::Unit),
        (&extra.formula, Role::Formula),
    ];
    for (names, role) in user {
        if names.iter().any(|n| {
            let n = fold(n);
            !n.is_empty() && f.starts_with(&n)
        }) {
            return Some(role);
        }
    }
    match_patterns(&f).or_else(|| {
        // `Target 2025 (%)`, `Peso (valore)`: a short trailing note in
        // brackets does not change what the column is.
        let open = f.rfind(" (")?;
        let note = &f[open..];
        (f.ends_with(')') && note.chars().count() <= 24)
            .then(|| match_patterns(f[..open].trim_end()))
            .flatten()
    })
}

/// The role of a folded header text by the built-in patterns.
fn match_patterns(f: &str) -> Option<Role> {
    // One pass over all patterns first (most cells of a sheet are data, not
    // headers); captures only for the first pattern that matches.
    let first = PATTERN_SET.matches(f).into_iter().next()?;
    let p = PATTERNS.get(first)?;
    p.re.captures(f).map(|c| (p.make)(year_of(&c)))
}

/// The year of a sub-header cell naming only a year: `Anno 2023`, `anno
/// 2022`, `al 31/12/2022`, `2023`.
///
/// ```
/// use cruscotto::layout::headers::year_heading;
/// assert_eq!(year_heading("Anno 2022"), Some(2022));
/// assert_eq!(year_heading("al 31/12/2023"), Some(2023));
/// assert_eq!(year_heading("Pratiche 2023"), None);
/// ```
pub fn year_heading(text: &str) -> Option<i32> {
    static YEAR_HEADING: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(anno |al |valore |dato )?(31[/.]12[/.])?(?P<y>(19|20)\d{2})\*?$")
            .unwrap_or_else(|e| unreachable!("built-in regex: {e}"))
    });
    let f = fold(text);
    YEAR_HEADING
        .captures(&f)
        .and_then(|c| c.name("y"))
        .and_then(|m| m.as_str().parse().ok())
}

/// Whether a whole cell is one comparison operator (`>=`, `≥`, `=<`, `> =`).
///
/// ```
/// assert!(cruscotto::layout::headers::is_operator(" >= "));
/// assert!(cruscotto::layout::headers::is_operator("≤"));
/// assert!(!cruscotto::layout::headers::is_operator(">= 4"));
/// ```
pub fn is_operator(text: &str) -> bool {
    operator_of(text).is_some()
}

/// The operator of a cell that holds only an operator.
pub fn operator_of(text: &str) -> Option<crate::model::Op> {
    use crate::model::Op;
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    Some(match t.as_str() {
        ">=" | "=>" | "≥" | "≧" => Op::Ge,
        "<=" | "=<" | "≤" | "≦" => Op::Le,
        ">" => Op::Gt,
        "<" => Op::Lt,
        "=" => Op::Eq,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synonyms() {
        let s = Synonyms::default();
        for (t, r) in [
            ("Indicatori", Role::Indicator),
            ("Indicatore", Role::Indicator),
            ("Indicatori testo", Role::Indicator),
            ("KPI", Role::Indicator),
            ("Target", Role::Target(None)),
            ("Anno 2023", Role::Target(Some(2023))),
            ("2022", Role::Target(Some(2022))),
            ("Peso", Role::Weight),
            ("Stato 2024", Role::Baseline(Some(2024))),
            ("Baseline", Role::Baseline(None)),
            ("Valore raggiunto", Role::Actual(None)),
            ("Risultato", Role::Actual(None)),
            ("Valore al 31/12", Role::Actual(None)),
            ("UdM", Role::Unit),
            ("Tipologia", Role::Tipologia),
            ("Algoritmo", Role::Formula),
            ("Formula", Role::Formula),
            ("Fonte", Role::Source),
            ("Note", Role::Note),
            ("Data di raggiungimento", Role::ActualDate),
            ("Data completamento", Role::ActualDate),
            ("Data effettiva di realizzazione", Role::ActualDate),
            ("Programmi di Intervento", Role::Programme),
            ("Obiettivi Operativi", Role::Objective),
            ("Area strategica", Role::StrategicArea),
            ("Aree strategiche", Role::StrategicArea),
            ("Dirigente", Role::Dirigente),
            ("Base line", Role::Baseline(None)),
            ("Valore 2023", Role::Baseline(Some(2023))),
            ("Valore al 31/12/2024", Role::Actual(Some(2024))),
            ("Cod. ob.", Role::Code),
            ("Cod. obiettivo", Role::Code),
            ("ID obiettivo", Role::Code),
            ("N.", Role::Code),
            ("Codice ob. operativo", Role::Code),
            ("Obiettivo operativo (codice)", Role::Code),
            ("Unità organizzativa", Role::Area),
            ("Servizio competente", Role::Area),
            ("Referente", Role::Dirigente),
            ("Dirigente responsabile", Role::Dirigente),
            ("Struttura responsabile", Role::Area),
            ("Centro di responsabilità", Role::Area),
        ] {
            assert_eq!(recognise(t, &s), Some(r), "{t}");
        }
        assert_eq!(recognise("Imprese, Territorio e Consumatori", &s), None);
        assert_eq!(recognise("1. Verso una P.A. semplice", &s), None);
    }

    #[test]
    fn more_real_world_variants() {
        let s = Synonyms::default();
        for (t, r) in [
            ("Consuntivo anno 2025", Role::Actual(Some(2025))),
            ("Consuntivo al 31/12/2025", Role::Actual(Some(2025))),
            ("Valore a consuntivo", Role::Actual(None)),
            ("Valore rilevato", Role::Actual(None)),
            ("Dato consuntivo 2024", Role::Actual(Some(2024))),
            ("Valore consuntivo 2024", Role::Actual(Some(2024))),
            ("Risultato conseguito", Role::Actual(None)),
            ("Valore target", Role::Target(None)),
            ("Valore target 2025", Role::Target(Some(2025))),
            ("Target atteso", Role::Target(None)),
            ("Target anno 2025", Role::Target(Some(2025))),
            ("Risultato atteso 2025", Role::Target(Some(2025))),
            ("Valore obiettivo 2025", Role::Target(Some(2025))),
            ("Peso %", Role::Weight),
            ("Peso indicatore (%)", Role::Weight),
            ("Descrizione indicatore", Role::Indicator),
            ("Indicatore di performance", Role::Indicator),
            ("Unità di misura", Role::Unit),
            ("Baseline 2024", Role::Baseline(Some(2024))),
            ("Valore di partenza", Role::Baseline(None)),
            ("Valore al 31.12.2025", Role::Actual(Some(2025))),
            ("Target 2025 (%)", Role::Target(Some(2025))),
            ("Peso (%)", Role::Weight),
            ("Consuntivo (al 31/12)", Role::Actual(None)),
            ("Indicatore (descrizione)", Role::Indicator),
        ] {
            assert_eq!(recognise(t, &s), Some(r), "{t}");
        }
    }

    #[test]
    fn user_synonyms_extend() {
        let s = Synonyms {
            indicatore: vec!["Misura".into()],
            ..Synonyms::default()
        };
        assert_eq!(recognise("Misura di risultato", &s), Some(Role::Indicator));
    }

    #[test]
    fn folding() {
        assert_eq!(fold("  Peso   indicatori: "), "peso indicatori");
        assert_eq!(fold("Unità di misura"), "unita di misura");
    }
}
