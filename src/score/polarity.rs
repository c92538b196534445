//! Polarity: which operator scores an indicator, and why.
//!
//! Order of precedence (DOMAIN.md): operator written in the target → operator
//! column → deadline (`<=`) → lower-is-better keyword in the indicator text
//! (unless the indicator is a share/percentage or says "entro") → `>=`.

use crate::model::{Op, PolaritySource, Record, TargetKind};

use super::rules::Rules;
use super::text;

/// The operator used for scoring and how it was decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Polarity {
    /// Operator used for scoring (never `Op::None`).
    pub op: Op,
    /// Why this operator.
    pub source: PolaritySource,
    /// The lower-is-better word that decided it, for `PolaritySource::Keyword`.
    pub keyword: Option<String>,
    /// Italian explanation, one sentence.
    pub explanation: String,
}

/// Why a share/percentage exception applies, if it does.
fn share_reason(r: &Record, rules: &Rules) -> Option<String> {
    let p = &rules.polarita;
    if p.quota_se_target_percentuale && r.target.kind() == TargetKind::Percent {
        return Some("il target è una percentuale".to_string());
    }
    if let Some(u) = &r.unit {
        let fu = text::fold(u);
        if p.quota_unita.iter().any(|q| text::fold(q) == fu) {
            return Some(format!("l'unità di misura è «{}»", u.trim()));
        }
    }
    text::first_match(&r.indicator, &p.quota_parole).map(|w| format!("l'indicatore contiene «{w}»"))
}

/// Decides the polarity of one record.
///
/// ```
/// # use cruscotto::model::*;
/// # use cruscotto::score::{polarity, Rules};
/// # use rust_decimal::Decimal;
/// # let target = Target::new(Op::None, TargetValue::Number(Decimal::new(25, 1)));
/// # let mut r = Record::new(Location::row("f.xlsx", "S", 2), "", target);
/// # r.target_raw = "2,5".into();
/// r.indicator = "Tempo medio di evasione delle pratiche".into();
/// let p = polarity::decide(&r, &Rules::default());
/// assert_eq!(p.op, Op::Le);
/// assert_eq!(p.source, PolaritySource::Keyword);
/// assert_eq!(p.keyword.as_deref(), Some("tempo medio"));
/// ```
pub fn decide(r: &Record, rules: &Rules) -> Polarity {
    if r.target.op != Op::None {
        return Polarity {
            op: r.target.op,
            source: PolaritySource::Operator,
            keyword: None,
            explanation: format!(
                "operatore {} scritto nel target «{}»",
                r.target.op.symbol(),
                r.target_raw.trim()
            ),
        };
    }
    if let Some(op) = r.op_column.filter(|o| *o != Op::None) {
        return Polarity {
            op,
            source: PolaritySource::Column,
            keyword: None,
            explanation: format!(
                "operatore {} indicato nella colonna dell'operatore",
                op.symbol()
            ),
        };
    }
    let kind = r.target.kind();
    if kind == TargetKind::Date {
        return Polarity {
            op: Op::Le,
            source: PolaritySource::Deadline,
            keyword: None,
            explanation: "il target è una scadenza: va rispettata entro la data (≤)".to_string(),
        };
    }
    let default = |why: String| Polarity {
        op: Op::Ge,
        source: PolaritySource::Default,
        keyword: None,
        explanation: why,
    };
    if matches!(kind, TargetKind::Bool | TargetKind::Ordinal) {
        return default(
            "nessun operatore indicato: predefinito ≥ (per sì/no e giudizi conta la corrispondenza o il livello raggiunto)"
                .to_string(),
        );
    }
    let p = &rules.polarita;
    let Some(word) = text::first_match(&r.indicator, &p.minore_e_meglio) else {
        return default("nessun operatore indicato né parole «minore è meglio»: predefinito ≥ (maggiore è meglio)".to_string());
    };
    if let Some(why) = share_reason(r, rules) {
        return default(format!(
            "la parola «{word}» indicherebbe «minore è meglio», ma l'indicatore è una quota/percentuale ({why}): predefinito ≥"
        ));
    }
    if let Some(e) = text::first_match(&r.indicator, &p.eccezioni) {
        return default(format!(
            "la parola «{word}» indicherebbe «minore è meglio», ma l'indicatore contiene «{e}»: predefinito ≥"
        ));
    }
    Polarity {
        op: Op::Le,
        source: PolaritySource::Keyword,
        keyword: Some(word.to_string()),
        explanation: format!(
            "nessun operatore indicato: dedotto ≤ (minore è meglio) dalla parola «{word}» nell'indicatore"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TargetValue;
    use crate::score::tests::rec;
    use rust_decimal::Decimal;

    fn num(ind: &str) -> Record {
        rec(ind, TargetValue::Number(Decimal::from(5)), None)
    }

    #[test]
    fn operator_beats_column_and_keywords() {
        let mut r = num("Tempo medio di pagamento");
        r.target.op = Op::Gt;
        r.op_column = Some(Op::Le);
        let p = decide(&r, &Rules::default());
        assert_eq!((p.op, p.source), (Op::Gt, PolaritySource::Operator));
    }

    #[test]
    fn column_beats_keywords() {
        let mut r = num("Tempo medio di pagamento");
        r.op_column = Some(Op::Ge);
        let p = decide(&r, &Rules::default());
        assert_eq!((p.op, p.source), (Op::Ge, PolaritySource::Column));
        r.op_column = Some(Op::None);
        assert_eq!(
            decide(&r, &Rules::default()).source,
            PolaritySource::Keyword
        );
    }

    #[test]
    fn deadline() {
        let r = rec(
            "Relazione finale",
            TargetValue::Date(chrono::NaiveDate::from_ymd_opt(2022, 12, 31).unwrap()),
            None,
        );
        let p = decide(&r, &Rules::default());
        assert_eq!((p.op, p.source), (Op::Le, PolaritySource::Deadline));
    }

    #[test]
    fn keywords_case_and_accent_insensitive() {
        let rules = Rules::default();
        for (ind, kw) in [
            ("ETA' MEDIA del personale", Some("età media")),
            ("Età media del personale", Some("età media")),
            (
                "Media dei tempi di lavorazione al netto delle sospensioni",
                Some("media dei tempi"),
            ),
            ("n. Reclami pervenuti", Some("reclami")),
            ("Data pagamento - data protocollo", Some("data pagamento")),
            ("Costituzione del fondo", None),
            ("Oneri per il personale", Some("oneri")),
        ] {
            let p = decide(&num(ind), &rules);
            assert_eq!(p.keyword.as_deref(), kw, "{ind}");
            if kw.is_some() {
                assert_eq!((p.op, p.source), (Op::Le, PolaritySource::Keyword));
            } else {
                assert_eq!((p.op, p.source), (Op::Ge, PolaritySource::Default));
            }
        }
    }

    #[test]
    fn share_and_entro_exceptions() {
        let rules = Rules::default();
        let r = rec(
            "Riduzione dei costi",
            TargetValue::Percent(Decimal::from(10)),
            None,
        );
        let p = decide(&r, &rules);
        assert_eq!(p.source, PolaritySource::Default);
        assert!(p.explanation.contains("costi"), "{}", p.explanation);
        let mut r = num("Reclami gestiti");
        r.unit = Some("%".into());
        assert_eq!(decide(&r, &rules).source, PolaritySource::Default);
        let r = num("Percentuale di reclami risolti");
        assert_eq!(decide(&r, &rules).source, PolaritySource::Default);
        let r = num("% reclami risolti");
        assert_eq!(decide(&r, &rules).source, PolaritySource::Default);
        let r = num("Reclami evasi entro 30 giorni");
        let p = decide(&r, &rules);
        assert_eq!(p.source, PolaritySource::Default);
        assert!(p.explanation.contains("entro"));
        let mut no_share = rules.clone();
        no_share.polarita.quota_se_target_percentuale = false;
        let r = rec(
            "Tasso di assenze",
            TargetValue::Percent(Decimal::from(5)),
            None,
        );
        assert_eq!(decide(&r, &no_share).source, PolaritySource::Keyword);
        assert_eq!(decide(&r, &rules).source, PolaritySource::Default);
    }

    #[test]
    fn ordinal_and_bool_ignore_keywords() {
        let r = rec("Esito reclami", TargetValue::Ordinal("buono".into()), None);
        let p = decide(&r, &Rules::default());
        assert_eq!((p.op, p.source), (Op::Ge, PolaritySource::Default));
        let r = rec("Esito reclami", TargetValue::Bool(true), None);
        assert_eq!(
            decide(&r, &Rules::default()).source,
            PolaritySource::Default
        );
    }
}
