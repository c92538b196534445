use super::*;
use chrono::NaiveDate;
use proptest::prelude::*;
use std::str::FromStr;

fn json(text: &str, ctx: &Context) -> Vec<String> {
    normalise(text, ctx)
        .targets
        .iter()
        .map(|t| {
            format!(
                "{} {} {} {}",
                t.op,
                t.kind(),
                t.value.canonical().unwrap_or_else(|| "null".into()),
                t.year.map_or("null".to_string(), |y| y.to_string())
            )
        })
        .collect()
}

/// `op kind value year` of the single target of `text`.
fn one(text: &str) -> String {
    let r = json(text, &Context::default());
    assert_eq!(r.len(), 1, "{text}: {r:?}");
    r[0].clone()
}

fn codes(text: &str, ctx: &Context) -> Vec<AnomalyCode> {
    normalise(text, ctx)
        .warnings
        .iter()
        .map(|w| w.code)
        .collect()
}

#[test]
fn operators_in_every_spelling() {
    for (text, op) in [
        (">= 4", ">="),
        (">=4", ">="),
        ("≥ 4", ">="),
        ("≥4", ">="),
        ("=> 4", ">="),
        ("> = 4", ">="),
        ("⩾ 4", ">="),
        ("$\\geq 4$", ">="),
        ("\\ge 4", ">="),
        ("&gt;= 4", ">="),
        ("almeno 4", ">="),
        ("non inferiore a 4", ">="),
        ("maggiore o uguale a 4", ">="),
        ("=< 4", "<="),
        ("<= 4", "<="),
        ("≤ 4", "<="),
        ("< = 4", "<="),
        ("$\\leq 4$", "<="),
        ("\\le 4", "<="),
        ("al massimo 4", "<="),
        ("max 4", "<="),
        ("non superiore a 4", "<="),
        ("> 4", ">"),
        ("superiore a 4", ">"),
        ("< 4", "<"),
        ("inferiore a 4", "<"),
        ("= 4", "="),
        ("pari a 4", "="),
        ("4", "none"),
    ] {
        assert_eq!(one(text), format!("{op} number 4 null"), "{text}");
    }
}

#[test]
fn numbers_and_percents() {
    assert_eq!(one("2,5"), "none number 2.5 null");
    assert_eq!(one("14.356"), "none number 14356 null");
    assert_eq!(one("2,240"), "none number 2.24 null");
    assert_eq!(one("888.019"), "none number 888019 null");
    assert_eq!(one("-21,77"), "none number -21.77 null");
    assert_eq!(one("<= 0"), "<= number 0 null");
    assert_eq!(one("< 30"), "< number 30 null");
    assert_eq!(one("95%"), "none percent 95 null");
    assert_eq!(one("> 65%"), "> percent 65 null");
    assert_eq!(one("= 100%"), "= percent 100 null");
    assert_eq!(one("> = 100%"), ">= percent 100 null");
    assert_eq!(one("-3,00%"), "none percent -3 null");
    assert_eq!(one(">= -3,00%"), ">= percent -3 null");
    assert_eq!(one("53,27 %"), "none percent 53.27 null");
    assert_eq!(one("$\\geq 100\\%$"), ">= percent 100 null");
    assert_eq!(one("= 100,00%"), "= percent 100 null");
    assert_eq!(one("zero"), "none number 0 null");
    assert_eq!(one("08:00"), "none number 8 null");
    assert_eq!(one("n. 1"), "none number 1 null");
    assert_eq!(one(">= n. 2"), ">= number 2 null");
    assert_eq!(one("14,20*"), "none number 14.2 null");
    assert_eq!(one("95%*"), "none percent 95 null");
    assert_eq!(one("359.584,97 €"), "none number 359584.97 null");
    assert_eq!(one("<= 0,400"), "<= number 0.4 null");
    assert_eq!(one("30 gg"), "none number 30 null");
    assert_eq!(one("≥ 1 (rapporto t/t-1)").split(' ').nth(1), Some("text"));
}

#[test]
fn growth_and_previous_year() {
    assert_eq!(one(">= +15%"), ">= growth 15 null");
    assert_eq!(one("+10%"), "none growth 10 null");
    assert_eq!(one("≥ anno x-1"), ">= prev_year null null");
    assert_eq!(one(">= anno n-1"), ">= prev_year null null");
    assert_eq!(one("≥ anno precedente"), ">= prev_year null null");
    assert_eq!(one("≥ valore anno precedente"), ">= prev_year null null");
    assert_eq!(one("= anno x - 1"), "= prev_year null null");
    assert_eq!(one("≥ dell'anno precedente"), ">= prev_year null null");
}

#[test]
fn dates() {
    assert_eq!(one("30/06/2022"), "none date 2022-06-30 null");
    assert_eq!(one("31.12.2022"), "none date 2022-12-31 null");
    assert_eq!(one("5/1/2025"), "none date 2025-01-05 null");
    assert_eq!(one("<= 31/01/2025"), "<= date 2025-01-31 null");
    assert_eq!(one("<= 10.01.2025"), "<= date 2025-01-10 null");
    assert_eq!(one("31 dicembre 2022"), "none date 2022-12-31 null");
    assert_eq!(one("entro il 30/06/2022"), "<= date 2022-06-30 null");
    assert_eq!(one("Entro il 31 dicembre 2022"), "<= date 2022-12-31 null");
    assert_eq!(one("2022-12-31"), "none date 2022-12-31 null");
    let dctx = Context::for_unit(Some("data"));
    assert_eq!(json("45900", &dctx), ["none date 2025-08-31 null"]);
    assert_eq!(json("<= 45900", &dctx), ["<= date 2025-08-31 null"]);
    assert_eq!(json("45.900", &dctx), ["none date 2025-08-31 null"]);
    // Without a date context a serial is just a number.
    assert_eq!(one("45900"), "none number 45900 null");
    // A small number in a date column stays a number.
    assert_eq!(json("12", &dctx), ["none number 12 null"]);
    // Impossible date.
    assert_eq!(one("31/02/2025"), "none text 31/02/2025 null");
    assert_eq!(
        codes("31/02/2025", &Context::default()),
        [AnomalyCode::DataNonValida]
    );
}

#[test]
fn yes_no_and_ordinals() {
    for t in ["si", "SI", "sì", "Sì", "= si", "= sì", "=si"] {
        assert_eq!(one(t), "= bool true null", "{t}");
    }
    assert_eq!(one("no"), "= bool false null");
    assert_eq!(one("Positivo"), "none ordinal positivo null");
    assert_eq!(one("Buono"), "none ordinal buono null");
    assert_eq!(one("≥ Buono"), ">= ordinal buono null");
    assert_eq!(one("> Buono"), "> ordinal buono null");
    assert_eq!(one("giudizio positivo"), "none ordinal positivo null");
}

#[test]
fn ratings_and_rates() {
    assert_eq!(
        one("grado di soddisfazione medio 3,6/5"),
        "none rating 3.6/5 null"
    );
    assert_eq!(one("3,5/5"), "none rating 3.5/5 null");
    assert_eq!(one(">= 4 su 5"), ">= rating 4/5 null");
    assert_eq!(one("punteggio 80/100"), "none rating 80/100 null");
    assert_eq!(one("80/10.000 imprese attive"), "none rate 80/10000 null");
    assert_eq!(one(">= 80/10.000 imprese attive"), ">= rate 80/10000 null");
    assert_eq!(one("2/1.000 abitanti"), "none rate 2/1000 null");
    // A day/month without year is not a fraction we can read.
    assert_eq!(one("31/12"), "none text 31/12 null");
}

#[test]
fn placeholders() {
    for t in [
        "n.d.",
        "n.d",
        "N.D.",
        "nd",
        "---",
        "-",
        "—",
        "da attivare",
        "Da attivare",
        "",
    ] {
        assert_eq!(one(t), "none na null null", "{t:?}");
        assert!(codes(t, &Context::default()).is_empty());
    }
}

#[test]
fn multi_year_cells() {
    assert_eq!(
        json(
            "Anno: 2021 >= +15% Anno: 2022 >= +10% Anno: 2023 ---",
            &Context::default()
        ),
        [
            ">= growth 15 2021",
            ">= growth 10 2022",
            "none na null 2023"
        ]
    );
    assert_eq!(
        json("Anno 2024: ≥ 5; Anno 2025: ≥ 6", &Context::default()),
        [">= number 5 2024", ">= number 6 2025"]
    );
    assert_eq!(
        json("2025: 31/12/2025 2026: 30/06/2026", &Context::default()),
        ["none date 2025-12-31 2025", "none date 2026-06-30 2026"]
    );
}

#[test]
fn two_values_without_years_that_are_no_known_pair_are_text() {
    for raw in ["5 10", "30/06/2022 31/12/2022", "si 30/06/2022 100%"] {
        let r = normalise(raw, &Context::default());
        assert_eq!(r.targets.len(), 1, "{raw}");
        assert_eq!(r.targets[0].value, TargetValue::Text(raw.into()), "{raw}");
        assert_eq!(r.targets[0].op, Op::None);
        assert_eq!(
            r.warnings.iter().map(|w| w.code).collect::<Vec<_>>(),
            [AnomalyCode::TargetMultiplo],
            "{raw}"
        );
    }
}

#[test]
fn not_understood_and_ambiguous() {
    let r = normalise("Realizzazione di attività informative", &Context::default());
    assert_eq!(
        r.targets[0].value,
        TargetValue::Text("Realizzazione di attività informative".into())
    );
    assert_eq!(r.warnings[0].code, AnomalyCode::TargetNonLetto);
    for t in ["1.5", ">= 1.23.4", "0.500"] {
        assert_eq!(one(t).split(' ').nth(1), Some("text"), "{t}");
        assert_eq!(codes(t, &Context::default()), [AnomalyCode::NumeroAmbiguo]);
    }
    // Words that change the meaning are not ignored.
    for t in [
        "riduzione del 10",
        "circa 5",
        "≥ 5 rispetto al 2021",
        ">= <= 5",
        "≥",
    ] {
        assert_eq!(one(t).split(' ').nth(1), Some("text"), "{t}");
        assert!(!codes(t, &Context::default()).is_empty(), "{t}");
    }
}

fn cell(value: CellValue, format: NumFormat) -> Cell {
    Cell { value, format }
}

#[test]
fn typed_cells() {
    let ctx = Context::default();
    let d = |s: &str| Decimal::from_str(s).unwrap();
    let r = normalise_cell(
        &cell(CellValue::Number(d("0.95")), NumFormat::Percent),
        &ctx,
    );
    assert_eq!(
        r.targets[0].to_json().to_string(),
        r#"{"op":"none","kind":"percent","value":"95","year":null}"#
    );
    let r = normalise_cell(&cell(CellValue::Number(d("2.5")), NumFormat::General), &ctx);
    assert_eq!(r.targets[0].value, TargetValue::Number(d("2.5")));
    let date = NaiveDate::from_ymd_opt(2022, 6, 30).unwrap();
    let r = normalise_cell(
        &cell(
            CellValue::Date(date.and_hms_opt(0, 0, 0).unwrap()),
            NumFormat::Date,
        ),
        &ctx,
    );
    assert_eq!(r.targets[0].value, TargetValue::Date(date));
    let dctx = Context::for_unit(Some("data"));
    let r = normalise_cell(
        &cell(CellValue::Number(d("45900")), NumFormat::General),
        &dctx,
    );
    assert_eq!(
        r.targets[0].value.canonical().as_deref(),
        Some("2025-08-31")
    );
    let r = normalise_cell(
        &cell(CellValue::Text("≥ 5".into()), NumFormat::General),
        &ctx,
    );
    assert_eq!(r.targets[0].op, Op::Ge);
    let r = normalise_cell(
        &cell(CellValue::Error("#DIV/0!".into()), NumFormat::General),
        &ctx,
    );
    assert_eq!(r.warnings[0].code, AnomalyCode::ErroreFormula);
    assert_eq!(r.targets[0].kind(), crate::model::TargetKind::Text);
    let r = normalise_cell(&cell(CellValue::Bool(true), NumFormat::General), &ctx);
    assert_eq!(r.targets[0].op, Op::Eq);
    assert_eq!(r.targets[0].value, TargetValue::Bool(true));
}

#[test]
fn date_units() {
    for u in ["data", "Data", "entro il", "gg/mm/aaaa", "scadenza"] {
        assert!(is_date_unit(u), "{u}");
    }
    for u in ["n.", "%", "gg", "€"] {
        assert!(!is_date_unit(u), "{u}");
    }
}

/// Every `target_raw` of the Arezzo-Siena fixture reads as its expected `target`.
#[test]
fn arezzo_siena_fixture_targets() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/arezzo-siena-2022.expected.json"
    );
    let rows: Vec<serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert_eq!(rows.len(), 190);
    let mut failures = Vec::new();
    for row in &rows {
        let raw = row["target_raw"].as_str().unwrap();
        let reading = normalise(raw, &Context::default());
        let got: Vec<serde_json::Value> = reading.targets.iter().map(|t| t.to_json()).collect();
        // `31/03/2022 100%`: the value, then its deadline (`target2`).
        let mut want = vec![row["target"].clone()];
        want.extend(row.get("target2").cloned());
        if got != want {
            failures.push(format!(
                "{} {}: {raw:?} → {got:?}, want {want:?}",
                row["sheet"], row["row"]
            ));
        }
        let is_text = row["target"]["kind"] == "text";
        if is_text == reading.warnings.is_empty() {
            failures.push(format!(
                "{} {}: {raw:?} warnings {:?}",
                row["sheet"], row["row"], reading.warnings
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn area2_row12_is_a_value_by_a_deadline() {
    let r = normalise("31/03/2022 100%", &Context::default());
    let j: Vec<String> = r.targets.iter().map(|t| t.to_json().to_string()).collect();
    assert_eq!(
        j,
        [
            r#"{"op":"none","kind":"percent","value":"100","year":null}"#,
            r#"{"op":"none","kind":"date","value":"2022-03-31","year":null}"#
        ]
    );
    assert!(r.warnings.is_empty());
}

proptest! {
    #[test]
    fn normalise_never_panics(s in "\\PC{0,60}") {
        let r = normalise(&s, &Context::default());
        prop_assert!(!r.targets.is_empty());
        let _ = normalise(&s, &Context::for_unit(Some("data")));
    }

    #[test]
    fn normalise_never_panics_on_targetish(s in "[<>=≥≤ ,.%/+\\-0-9a-z:€*]{0,30}") {
        let r = normalise(&s, &Context::for_unit(Some("data")));
        prop_assert!(!r.targets.is_empty());
        for t in &r.targets {
            // Text always comes with a warning.
            if t.kind() == crate::model::TargetKind::Text {
                prop_assert!(!r.warnings.is_empty());
            }
        }
    }
}

#[test]
fn descriptions() {
    let d = |s: &str| {
        normalise(s, &Context::default())
            .targets
            .iter()
            .map(describe)
            .collect::<Vec<_>>()
    };
    assert_eq!(d(">= 95%"), ["almeno 95% (percentuale)"]);
    assert_eq!(d("entro il 30/06/2022"), ["entro il 30/06/2022 (scadenza)"]);
    assert_eq!(d("= anno precedente"), ["uguale all'anno precedente"]);
    assert_eq!(d("≥ anno x-1"), ["almeno pari all'anno precedente"]);
    assert_eq!(d("14.356,5"), ["14.356,5 (numero)"]);
    assert_eq!(d("si"), ["«sì» (sì/no)"]);
    assert_eq!(d("≥ Buono"), ["almeno «buono» (giudizio)"]);
    assert_eq!(
        d("grado di soddisfazione medio 3,6/5"),
        ["3,6 su 5 (valutazione)"]
    );
    assert_eq!(d("80/10.000 imprese"), ["80 ogni 10.000 (tasso)"]);
    assert_eq!(
        d("Anno: 2021 >= +15% Anno: 2022 ---"),
        [
            "anno 2021: almeno +15% rispetto all'anno precedente (variazione)",
            "anno 2022: non disponibile (nessun target)"
        ]
    );
    assert_eq!(d("boh"), ["non compreso: «boh» (testo)"]);
}

#[test]
fn descriptive_words_after_a_value() {
    assert_eq!(one("3 iniziative"), "none number 3 null");
    assert_eq!(one("almeno 2 report annuali"), ">= number 2 null");
    assert_eq!(one("≥ 90% delle pratiche"), ">= percent 90 null");
    assert_eq!(
        one("30/06/2022 (approvazione)"),
        "none date 2022-06-30 null"
    );
    assert_eq!(one("+ 5%"), "none growth 5 null");
    for t in [
        "10% in meno",
        "2 al mese",
        "5 volte",
        "Target 2025",
        "si, parzialmente",
    ] {
        assert_eq!(one(t).split(' ').nth(1), Some("text"), "{t}");
        assert_eq!(
            codes(t, &Context::default()),
            [AnomalyCode::TargetNonLetto],
            "{t}"
        );
    }
}

#[test]
fn a_year_named_as_a_reference_is_that_years_value() {
    for (raw, year) in [
        ("≥ valore 2024", 2024),
        (">= anno 2024", 2024),
        ("≥ dato 2023", 2023),
    ] {
        let r = normalise(raw, &Context::default());
        assert_eq!(
            r.targets[0].kind(),
            crate::model::TargetKind::PrevYear,
            "{raw}"
        );
        assert_eq!(r.targets[0].op, Op::Ge, "{raw}");
        assert_eq!(r.targets[0].base_year, Some(year), "{raw}");
        assert!(r.warnings.is_empty(), "{raw}");
    }
    // A year naming something other than its value is not understood.
    let r = normalise("≥ media 2024", &Context::default());
    assert_eq!(r.targets[0].kind(), crate::model::TargetKind::Text);
    assert_eq!(r.warnings[0].code, AnomalyCode::TargetNonLetto);
    // A bare number that happens to look like a year stays a number.
    let r = normalise("≥ 2024", &Context::default());
    assert_eq!(r.targets[0].value, TargetValue::Number(Decimal::from(2024)));
}

/// Targets written in words (`almeno il 90 per cento`, `tra 10 e 15`, …).
mod words;
