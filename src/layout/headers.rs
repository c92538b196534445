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
    /// Minimum threshold of the indicator (`Soglia minima`).
    Threshold,
    /// Excellence value of the indicator (`Eccellenza`, `Target sfidante`).
    Excellence,
    /// Score bands of the indicator (`Fasce di punteggio`).
    Bands,
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
                | Role::Threshold
                | Role::Excellence
                | Role::Bands
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
        p(
            r"^(note?|note al consuntivo|note sul risultato|motivazion[ei]( dello scostamento| degli scostamenti| del mancato raggiungimento)?|caus[ae] dello scostamento|cause degli scostamenti|giustificazione dello scostamento|analisi dello scostamento|commento al risultato)$",
            |_| Role::Note,
        ),
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
            r"^(soglia|soglia minima|soglia di accettabilita|valore soglia|valore minimo|target minimo|minimo accettabile|livello minimo|valore minimo accettabile)( (anno )?(19|20)\d{2})?$",
            |_| Role::Threshold,
        ),
        p(
            r"^(eccellenza|valore di eccellenza|target di eccellenza|livello di eccellenza|soglia di eccellenza|target sfidante|valore sfidante|target massimo|valore ottimale)( (anno )?(19|20)\d{2})?$",
            |_| Role::Excellence,
        ),
        p(
            r"^(fasce|fasce di punteggio|fasce di valutazione|fasce di raggiungimento|scala di valutazione|punteggio per fasce|fasce di misurazione)$",
            |_| Role::Bands,
        ),
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
    // `Target I semestre`, `Target al 30/06/2025`: a target column, of a
    // period when it ends before December (see [`target_period`]).
    if let Some((year, _)) = period_of_folded(&f) {
        return Some(Role::Target(year));
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

/// A target column of a period of the year: its year (when the header says
/// it) and the months elapsed at the period's end (`Target I semestre` → 6,
/// `Target 1° trimestre 2025` → 3, `Target II quadrimestre` → 8, `Target al
/// 30/06/2025` → 6, `Target al 31/12` → 12, the year's own target). A date
/// that is not the last day of its month (`al 15/06`) is no period.
///
/// ```
/// use cruscotto::layout::headers::target_period;
/// assert_eq!(target_period("Target I semestre"), Some((None, 6)));
/// assert_eq!(target_period("Target 1° trimestre 2025"), Some((Some(2025), 3)));
/// assert_eq!(target_period("Target al 30/06/2025"), Some((Some(2025), 6)));
/// assert_eq!(target_period("Valore atteso II quadrimestre"), Some((None, 8)));
/// assert_eq!(target_period("Target al 15/06"), None);
/// assert_eq!(target_period("Target 2025"), None);
/// ```
pub fn target_period(text: &str) -> Option<(Option<i32>, u32)> {
    period_of_folded(&fold(text))
}

fn period_of_folded(f: &str) -> Option<(Option<i32>, u32)> {
    static PERIOD: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"^(target|valore atteso|risultato atteso|valore target|target atteso|valore obiettivo)( intermedio| infrannuale| di periodo)?( (anno )?(?P<y>(19|20)\d{2}))? (?P<rest>(al|entro il) .+|[^ ]+ (trimestre|trim|quadrimestre|quadrim|semestre|sem)\b.*)$",
        )
        .unwrap_or_else(|e| unreachable!("built-in regex: {e}"))
    });
    let c = PERIOD.captures(f)?;
    let year = c.name("y").and_then(|m| m.as_str().parse().ok());
    let (y, months) = period_words(c.name("rest")?.as_str())?;
    Some((year.or(y), months))
}

/// A period in words (folded): `al 30/06[/2025]`, `I semestre [2025]`,
/// `1° trimestre`, `secondo quadrimestre`; with a sub-header's words for the
/// whole year (`anno`, `annuale`, `finale`, `fine anno`): 12.
fn period_words(f: &str) -> Option<(Option<i32>, u32)> {
    static WORDS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"^(((al|entro il) )?(?P<d>\d{1,2})[/.](?P<m>\d{1,2})([/.](?P<y1>(19|20)\d{2}))?|(?P<n>i|ii|iii|iv|1|2|3|4|1°|2°|3°|4°|1\^|2\^|3\^|4\^|1o|2o|3o|4o|primo|secondo|terzo|quarto) (?P<k>trimestre|trim|quadrimestre|quadrim|semestre|sem)( (anno )?(?P<y2>(19|20)\d{2}))?|(?P<year>anno|annuale|finale|fine anno|intero anno))$",
        )
        .unwrap_or_else(|e| unreachable!("built-in regex: {e}"))
    });
    let c = WORDS.captures(f)?;
    if c.name("year").is_some() {
        return Some((None, 12));
    }
    let year = ["y1", "y2"]
        .iter()
        .find_map(|g| c.name(g))
        .and_then(|m| m.as_str().parse().ok());
    if let (Some(d), Some(m)) = (c.name("d"), c.name("m")) {
        let day: u32 = d.as_str().parse().ok()?;
        let month: u32 = m.as_str().parse().ok()?;
        // The last day of the month, in any year (29/02 too).
        let last = match month {
            2 => 28..=29,
            4 | 6 | 9 | 11 => 30..=30,
            1..=12 => 31..=31,
            _ => return None,
        };
        return last.contains(&day).then_some((year, month));
    }
    let n = match c.name("n")?.as_str() {
        "i" | "1" | "1°" | "1^" | "1o" | "primo" => 1,
        "ii" | "2" | "2°" | "2^" | "2o" | "secondo" => 2,
        "iii" | "3" | "3°" | "3^" | "3o" | "terzo" => 3,
        _ => 4,
    };
    let len = match c.name("k")?.as_str() {
        "trimestre" | "trim" => 3,
        "quadrimestre" | "quadrim" => 4,
        _ => 6,
    };
    (n * len <= 12).then_some((year, n * len))
}

/// A sub-header cell under a spanning `Target` header naming a period of
/// the year: its year (when written) and the months elapsed at its end
/// (`I semestre` → 6, `al 30/06` → 6, `30/09/2025` → 9, `Anno` → 12).
///
/// ```
/// use cruscotto::layout::headers::period_heading;
/// assert_eq!(period_heading("I semestre"), Some((None, 6)));
/// assert_eq!(period_heading("al 30/06/2025"), Some((Some(2025), 6)));
/// assert_eq!(period_heading("Annuale"), Some((None, 12)));
/// assert_eq!(period_heading("Eventi"), None);
/// ```
pub fn period_heading(text: &str) -> Option<(Option<i32>, u32)> {
    period_words(&fold(text))
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
            ("Motivazione dello scostamento", Role::Note),
            ("Cause dello scostamento:", Role::Note),
            ("Motivazioni", Role::Note),
            ("Soglia minima", Role::Threshold),
            ("Valore soglia 2025", Role::Threshold),
            ("Eccellenza", Role::Excellence),
            ("Target sfidante", Role::Excellence),
            ("Fasce di punteggio", Role::Bands),
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
    fn period_target_columns() {
        let s = Synonyms::default();
        for (t, y, m) in [
            ("Target I semestre", None, 6),
            ("Target II semestre", None, 12),
            ("Target 1° semestre 2025", Some(2025), 6),
            ("Target primo trimestre", None, 3),
            ("Target III trimestre 2025", Some(2025), 9),
            ("Target IV trimestre", None, 12),
            ("Target I quadrimestre", None, 4),
            ("Target intermedio al 30/06", None, 6),
            ("Target al 30.09.2025", Some(2025), 9),
            ("Target al 31/12/2025", Some(2025), 12),
            ("Target 2025 al 30/06", Some(2025), 6),
            ("Valore atteso al 30/04", None, 4),
            ("Target al 29/02", None, 2),
        ] {
            assert_eq!(target_period(t), Some((y, m)), "{t}");
            assert_eq!(recognise(t, &s), Some(Role::Target(y)), "{t}");
        }
        for t in [
            "Target al 15/06",
            "Target al 31/06",
            "Target IV quadrimestre",
            "Target III semestre",
            "Target 2025",
            "Target",
            "Target anno",
            "Target semestrale",
        ] {
            assert_eq!(target_period(t), None, "{t}");
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
