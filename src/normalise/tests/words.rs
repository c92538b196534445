//! Targets written in words: every form, and the words that must stay `text`.

use super::*;

/// The canonical JSON objects of `text`, and its warning codes.
fn canon(text: &str) -> (Vec<String>, Vec<AnomalyCode>) {
    let r = normalise(text, &Context::default());
    (
        r.targets.iter().map(|t| t.to_json().to_string()).collect(),
        r.warnings.iter().map(|w| w.code).collect(),
    )
}

#[test]
fn operator_words() {
    for (text, want) in [
        ("almeno il 90 per cento", ">= percent 90 null"),
        ("almeno 90 percento", ">= percent 90 null"),
        ("non meno di 5", ">= number 5 null"),
        ("non inferiore a 5", ">= number 5 null"),
        ("non più di 5", "<= number 5 null"),
        ("al massimo 5", "<= number 5 null"),
        ("non oltre 5", "<= number 5 null"),
        ("non oltre il 30/06/2025", "<= date 2025-06-30 null"),
        ("inferiore a 5", "< number 5 null"),
        ("superiore a 5", "> number 5 null"),
        ("pari a 5", "= number 5 null"),
        ("uguale a 5", "= number 5 null"),
        ("95% o superiore", ">= percent 95 null"),
        ("5 o più", ">= number 5 null"),
        ("3 o meno", "<= number 3 null"),
        ("95% e oltre", ">= percent 95 null"),
        ("almeno pari a 4", ">= number 4 null"),
        ("al massimo pari a 4", "<= number 4 null"),
        ("il 90 per cento delle pratiche", "none percent 90 null"),
    ] {
        assert_eq!(one(text), want, "{text}");
        assert!(codes(text, &Context::default()).is_empty(), "{text}");
    }
}

#[test]
fn reductions_and_increases() {
    let inferred = [AnomalyCode::Inferenza];
    assert_eq!(
        canon("riduzione del 5% rispetto al 2024"),
        (
            vec![r#"{"op":"<=","kind":"growth","value":"-5","year":null,"base_year":2024}"#.into()],
            inferred.to_vec()
        )
    );
    assert_eq!(one("riduzione del 5%"), "<= growth -5 null");
    assert_eq!(one("Riduzione del 5,5%"), "<= growth -5.5 null");
    assert_eq!(one("diminuzione del 10 per cento"), "<= growth -10 null");
    assert_eq!(
        one("riduzione di almeno il 5% dei tempi medi"),
        "<= growth -5 null"
    );
    assert_eq!(
        one("riduzione del 5% rispetto all'anno precedente"),
        "<= growth -5 null"
    );
    assert_eq!(one("incremento del 10%"), ">= growth 10 null");
    assert_eq!(
        one("aumento del 3% delle imprese iscritte"),
        ">= growth 3 null"
    );
    assert_eq!(
        canon("incremento del 10% rispetto al 2023").0,
        [r#"{"op":">=","kind":"growth","value":"10","year":null,"base_year":2023}"#]
    );
    // A growth written with symbols keeps its operator and gets the base year.
    assert_eq!(
        canon(">= +15% rispetto al 2024"),
        (
            vec![r#"{"op":">=","kind":"growth","value":"15","year":null,"base_year":2024}"#.into()],
            vec![]
        )
    );
    assert_eq!(
        one("-5% rispetto all'anno precedente"),
        "none growth -5 null"
    );
    // The inference is recorded with the reading.
    let r = normalise("riduzione del 5%", &Context::default());
    assert!(
        r.warnings[0].message.contains("polarità ≤"),
        "{:?}",
        r.warnings
    );
    // Not read: no `%`, a sign, a number that is not a growth, extra values.
    for t in [
        "riduzione del 5",
        "riduzione del -5%",
        "≥ 5 rispetto al 2021",
        "5% rispetto al 2024",
        "riduzione del 5% rispetto al 2023-2024",
        "riduzione del 5% in meno",
        "riduzione",
    ] {
        assert_eq!(one(t).split(' ').nth(1), Some("text"), "{t}");
        assert!(!codes(t, &Context::default()).is_empty(), "{t}");
    }
}

#[test]
fn keeping_a_level() {
    let prev = r#"{"op":"none","kind":"prev_year","value":null,"year":null}"#;
    for t in [
        "mantenimento",
        "mantenimento dello standard",
        "Mantenimento del livello raggiunto",
        "mantenimento dei risultati dell'anno precedente",
    ] {
        assert_eq!(
            canon(t),
            (vec![prev.into()], vec![AnomalyCode::Inferenza]),
            "{t}"
        );
    }
    assert_eq!(
        canon("mantenimento del valore 2024").0,
        [r#"{"op":"none","kind":"prev_year","value":null,"year":null,"base_year":2024}"#]
    );
    assert_eq!(
        one("almeno pari all'anno precedente"),
        ">= prev_year null null"
    );
    assert_eq!(
        one("almeno pari al valore dell'anno precedente"),
        ">= prev_year null null"
    );
    assert_eq!(
        canon("≥ valore 2024"),
        (
            vec![
                r#"{"op":">=","kind":"prev_year","value":null,"year":null,"base_year":2024}"#
                    .into()
            ],
            vec![]
        )
    );
    for t in [
        "mantenimento del 90%",
        "mantenimento servizi",
        "mantenimento 2024 2025",
    ] {
        assert_eq!(one(t).split(' ').nth(1), Some("text"), "{t}");
    }
}

#[test]
fn ranges() {
    let both = |t: &str| json(t, &Context::default());
    assert_eq!(
        both("tra 10 e 15 giorni"),
        [">= number 10 null", "<= number 15 null"]
    );
    assert_eq!(
        both("dal 10 al 15"),
        [">= number 10 null", "<= number 15 null"]
    );
    assert_eq!(
        both("fra 2,5 e 3,5"),
        [">= number 2.5 null", "<= number 3.5 null"]
    );
    assert_eq!(
        both("compreso tra il 90% e il 95%"),
        [">= percent 90 null", "<= percent 95 null"]
    );
    assert_eq!(
        both("tra 90 e 95%"),
        [">= percent 90 null", "<= percent 95 null"]
    );
    assert!(codes("tra 10 e 15 giorni", &Context::default()).is_empty());
    assert_eq!(
        canon("tra 10 e 15").0,
        [
            r#"{"op":">=","kind":"number","value":"10","year":null}"#,
            r#"{"op":"<=","kind":"number","value":"15","year":null}"#
        ]
    );
    // With years, each year's range.
    assert_eq!(
        both("Anno 2025: tra 10 e 15; Anno 2026: tra 12 e 18"),
        [
            ">= number 10 2025",
            "<= number 15 2025",
            ">= number 12 2026",
            "<= number 18 2026"
        ]
    );
    // Not ranges: inverted ends, years, dates, meaning changers, ambiguity.
    for t in [
        "tra 15 e 10",
        "dal 2024 al 2026",
        "dal 01/01/2025 al 30/06/2025",
        "tra 10 e 15 in meno",
        "tra 1.5 e 2",
    ] {
        let (j, c) = canon(t);
        assert_eq!(j.len(), 1, "{t}");
        assert_eq!(
            j[0],
            format!(r#"{{"op":"none","kind":"text","value":"{t}","year":null}}"#),
            "{t}"
        );
        assert!(!c.is_empty(), "{t}");
    }
    assert_eq!(
        one("riduzione del 1.5%"),
        "none text riduzione del 1.5% null"
    );
    assert_eq!(
        codes("riduzione del 1.5%", &Context::default()),
        [AnomalyCode::NumeroAmbiguo]
    );
    assert_eq!(
        codes("tra 1.5 e 2", &Context::default()),
        [AnomalyCode::NumeroAmbiguo]
    );
}

#[test]
fn values_by_a_deadline() {
    let both = |t: &str| json(t, &Context::default());
    assert_eq!(
        both("95% entro il 30/06/2025"),
        ["none percent 95 null", "<= date 2025-06-30 null"]
    );
    assert_eq!(
        both("31/03/2022 100%"),
        ["none percent 100 null", "none date 2022-03-31 null"]
    );
    assert_eq!(
        both("almeno il 95% entro il 30/06/2025"),
        [">= percent 95 null", "<= date 2025-06-30 null"]
    );
    assert_eq!(
        both("entro il 30/06/2025 il 95%"),
        ["none percent 95 null", "<= date 2025-06-30 null"]
    );
    assert_eq!(
        both("3 report entro il 31 dicembre 2025"),
        ["none number 3 null", "<= date 2025-12-31 null"]
    );
    assert!(codes("95% entro il 30/06/2025", &Context::default()).is_empty());
    // A deadline that is not one (`dopo il`) or a second value is not read.
    for t in ["95% dopo il 30/06/2025", "95% 96% 30/06/2025"] {
        assert_eq!(json(t, &Context::default()).len(), 1, "{t}");
        assert_eq!(one(t).split(' ').nth(1), Some("text"), "{t}");
    }
}

#[test]
fn zero_and_none_in_words() {
    assert_eq!(
        canon("0 (zero)"),
        (
            vec![r#"{"op":"none","kind":"number","value":"0","year":null}"#.into()],
            vec![]
        )
    );
    assert_eq!(one("zero (0)"), "none number 0 null");
    assert_eq!(one("Zero"), "none number 0 null");
    assert_eq!(
        canon("nessun reclamo"),
        (
            vec![r#"{"op":"<=","kind":"number","value":"0","year":null}"#.into()],
            vec![AnomalyCode::Inferenza]
        )
    );
    assert_eq!(one("nessuna segnalazione fondata"), "<= number 0 null");
    assert_eq!(one("Nessuno"), "<= number 0 null");
    for t in [
        "nessun aumento",
        "nessuna variazione",
        "nessun reclamo oltre 2",
        "zero (1)",
    ] {
        assert_eq!(one(t).split(' ').nth(1), Some("text"), "{t}");
        assert!(!codes(t, &Context::default()).is_empty(), "{t}");
    }
}

#[test]
fn rates_in_words() {
    assert_eq!(
        canon("2 ogni 1.000 imprese"),
        (
            vec![r#"{"op":"none","kind":"rate","value":"2/1000","year":null}"#.into()],
            vec![]
        )
    );
    assert_eq!(one("almeno 1 ogni 5 pratiche"), ">= rate 1/5 null");
    assert_eq!(one("≤ 3 ogni 100 abitanti"), "<= rate 3/100 null");
    for t in ["1 ogni mese", "2 ogni 0", "2 ogni 1.5"] {
        assert_eq!(one(t).split(' ').nth(1), Some("text"), "{t}");
    }
}

#[test]
fn descriptions_of_words() {
    let d = |s: &str| {
        normalise(s, &Context::default())
            .targets
            .iter()
            .map(describe)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        d("riduzione del 5% rispetto al 2024"),
        ["al massimo -5% rispetto al 2024 (variazione)"]
    );
    assert_eq!(d("≥ valore 2024"), ["almeno pari al valore del 2024"]);
    assert_eq!(
        d("mantenimento"),
        ["pari all'anno precedente (operatore non indicato)"]
    );
    assert_eq!(
        d("tra 10 e 15"),
        ["almeno 10 (numero)", "al massimo 15 (numero)"]
    );
    assert_eq!(
        d("95% entro il 30/06/2025"),
        ["95% (percentuale)", "entro il 30/06/2025 (scadenza)"]
    );
}

#[test]
fn dated_actuals() {
    use crate::model::ActualValue;
    let d = |s: &str| dated_value(s).map(|(v, d)| (v, d.to_string()));
    assert_eq!(
        d("96% al 15/06/2025"),
        Some((ActualValue::Percent(Decimal::from(96)), "2025-06-15".into()))
    );
    assert_eq!(
        d("12 il 30/04/2025"),
        Some((ActualValue::Number(Decimal::from(12)), "2025-04-30".into()))
    );
    assert!(d("96% raggiunto il 15/06/2025").is_some());
    for t in [
        "96%",
        "15/06/2025",
        ">= 96% al 15/06/2025",
        "96% 97% 15/06/2025",
        "96% dopo il 15/06/2025",
    ] {
        assert_eq!(d(t), None, "{t}");
    }
}

/// `kind base_year` of the single target of `text`, and its warning codes.
fn year_ref(text: &str) -> (String, Option<i32>, Vec<AnomalyCode>) {
    let r = normalise(text, &Context::default());
    assert_eq!(r.targets.len(), 1, "{text}");
    let t = &r.targets[0];
    (
        format!("{} {}", t.op, t.kind()),
        t.base_year,
        r.warnings.iter().map(|w| w.code).collect(),
    )
}

#[test]
fn a_year_after_al_or_del_is_that_years_value() {
    for (text, op) in [
        ("almeno pari al 2024", ">="),
        ("non inferiore al 2024", ">="),
        ("non inferiore al valore 2024", ">="),
        ("≥ al valore del 2024", ">="),
        ("al valore del 2024", "none"),
        ("al valore 2024", "none"),
        ("livello del 2024", "none"),
        ("livello 2024", "none"),
        ("pari a quello del 2024", "="),
        ("pari all'anno 2024", "="),
        ("pari all’anno 2024", "="),
        ("almeno pari a quello dell'anno 2024", ">="),
        ("non inferiore al livello del 2024", ">="),
    ] {
        assert_eq!(
            year_ref(text),
            (format!("{op} prev_year"), Some(2024), vec![]),
            "{text}"
        );
    }
    // A bare year-like number may be a count; a number outside 1990–2100
    // after `al` stays a number; two values are not a year's value.
    assert_eq!(one("≥ 2024"), ">= number 2024 null");
    assert_eq!(one("almeno pari al 150"), ">= number 150 null");
    assert_eq!(one("almeno 2024 pratiche"), ">= number 2024 null");
    assert_eq!(
        canon("100 al 2026"),
        (
            vec![r#"{"op":"none","kind":"text","value":"100 al 2026","year":null}"#.into()],
            vec![AnomalyCode::TargetMultiplo]
        )
    );
    // `quello` without a year is not understood.
    assert_eq!(one("pari a quello").split(' ').nth(1), Some("text"));
}

#[test]
fn month_names_are_dates_never_numbers() {
    assert_eq!(one("30 giugno 2025"), "none date 2025-06-30 null");
    assert_eq!(one("entro il 30 giugno 2025"), "<= date 2025-06-30 null");
    assert_eq!(one("entro giugno 2025"), "<= date 2025-06-30 null");
    assert_eq!(one("entro febbraio 2024"), "<= date 2024-02-29 null");
    assert_eq!(one("entro dicembre 2025"), "<= date 2025-12-31 null");
    assert_eq!(
        json("95% entro giugno 2025", &Context::default()),
        ["none percent 95 null", "<= date 2025-06-30 null"]
    );
    // Without a year: `text` with its anomaly, never the day as a number.
    for text in [
        "entro il 30 giugno",
        "30 giugno",
        "entro giugno",
        "entro il 1° luglio",
        "3 report entro giugno",
        "95% entro il 30 giugno",
        "31/12",
        "entro il 31/12",
        "entro il 30/06",
        "05/10",
        "entro il 1/3",
        "al 1/3",
    ] {
        let (targets, codes) = canon(text);
        assert_eq!(targets.len(), 1, "{text}");
        assert!(
            targets[0].contains(r#""kind":"text""#),
            "{text}: {targets:?}"
        );
        assert_eq!(codes, [AnomalyCode::DataNonValida], "{text}");
    }
    let r = normalise("entro il 30 giugno", &Context::default());
    assert!(r.warnings[0]
        .message
        .contains("data senza anno «30 giugno»"));
    // Fractions that are ratings or rates stay so.
    assert_eq!(one("3/5"), "none rating 3/5 null");
    assert_eq!(one("10/10"), "none rating 10/10 null");
    assert_eq!(one("80/10.000 imprese attive"), "none rate 80/10000 null");
    // `maggiore` is an operator, not `maggio`.
    assert_eq!(one("maggiore di 5"), "> number 5 null");
}

#[test]
fn common_wordings() {
    assert_eq!(
        canon("5% in meno rispetto al 2024"),
        (
            vec![r#"{"op":"<=","kind":"growth","value":"-5","year":null,"base_year":2024}"#.into()],
            vec![AnomalyCode::Inferenza]
        )
    );
    assert_eq!(
        canon("3% in più rispetto all'anno precedente").0,
        [r#"{"op":">=","kind":"growth","value":"3","year":null}"#]
    );
    // Without its base, `in meno` is still not understood.
    assert_eq!(one("10% in meno").split(' ').nth(1), Some("text"));
    assert_eq!(
        one("5 in meno rispetto al 2024").split(' ').nth(1),
        Some("text")
    );
    for text in [
        "90%-95%",
        "90% - 95%",
        "90 % – 95 %",
        "90%-95% delle pratiche",
    ] {
        assert_eq!(
            canon(text),
            (
                vec![
                    r#"{"op":">=","kind":"percent","value":"90","year":null}"#.into(),
                    r#"{"op":"<=","kind":"percent","value":"95","year":null}"#.into()
                ],
                vec![]
            ),
            "{text}"
        );
    }
    // Reversed or unsigned-number ends: not a range.
    for text in ["95%-90%", "90-95"] {
        assert_eq!(canon(text).0.len(), 1, "{text}");
        assert!(canon(text).0[0].contains(r#""kind":"text""#), "{text}");
    }
    assert_eq!(one("2 ogni mille imprese"), "none rate 2/1000 null");
    assert_eq!(one("almeno 5 ogni cento pratiche"), ">= rate 5/100 null");
    assert_eq!(one("1 ogni diecimila"), "none rate 1/10000 null");
}

proptest! {
    /// Sequences of the words of this module never panic, and a `text`
    /// reading always comes with a warning.
    #[test]
    fn word_forms_never_panic(words in prop::collection::vec(prop::sample::select(vec![
        "tra", "dal", "al", "e", "entro", "il", "riduzione", "incremento", "del", "di", "almeno",
        "mantenimento", "valore", "anno", "precedente", "rispetto", "nessun", "reclamo", "zero",
        "(zero)", "0", "5", "10", "1.000", "1,5", "95%", "per", "cento", "ogni", "2024",
        "30/06/2025", "31/02/2025", "o", "superiore", "più", "≥", "<=", "+15%", "-5%", "dopo",
        "giugno", "30 giugno", "31/12", "1/3", "in", "meno", "pari", "quello", "mille", "-", "90%",
        "dell'anno", "livello",
    ]), 0..8)) {
        let s = words.join(" ");
        let r = normalise(&s, &Context::default());
        prop_assert!(!r.targets.is_empty());
        for t in &r.targets {
            if t.kind() == crate::model::TargetKind::Text {
                prop_assert!(!r.warnings.is_empty(), "{}", s);
            }
        }
        let _ = dated_value(&s);
    }
}
