//! Scoring of the two-condition targets and of growth/prev_year targets
//! with a base year (targets written in words), with numbers worked out by hand.

use super::*;

/// `tra 10 e 15` against an actual number.
fn range_rec(actual: &str) -> Record {
    let mut r = rec(
        "Giorni di apertura dello sportello",
        TargetValue::Number(d("10")),
        Some(ActualValue::Number(d(actual))),
    );
    r.target.op = Op::Ge;
    r.target2 = Some(Box::new(Target::new(Op::Le, TargetValue::Number(d("15")))));
    r.target_raw = "tra 10 e 15".into();
    r
}

#[test]
fn range_inside_below_above() {
    let rules = Rules::default();
    // Inside, bounds included: 100.
    for a in ["12", "10", "15"] {
        let s = score(&range_rec(a), &rules);
        assert_eq!(s.attainment, Some(d("100")), "{a}");
        assert_eq!(s.status, Status::Raggiunto);
    }
    let s = score(&range_rec("12"), &rules);
    assert_eq!(
        s.formula,
        "consuntivo 12 compreso nell'intervallo 10–15 → 100"
    );
    // Below the low end, like >=: 8/10×100 = 80.
    let s = score(&range_rec("8"), &rules);
    assert_eq!(s.attainment, Some(d("80.00")));
    assert_eq!(
        s.formula,
        "sotto l'intervallo 10–15: consuntivo/target×100 = 8/10×100 = 80"
    );
    // Above the high end, like <=: 15/20×100 = 75.
    let s = score(&range_rec("20"), &rules);
    assert_eq!(s.attainment, Some(d("75.00")));
    assert!(s
        .formula
        .starts_with("sopra l'intervallo 10–15: target/consuntivo×100 = 15/20×100 = 75"));
    assert!(
        s.trace
            .iter()
            .any(|t| t.contains("Condizione: 20 ≤ 15 → non soddisfatta")),
        "{:?}",
        s.trace
    );
    // Just above: 15/15,1×100 = 99,34.
    assert_eq!(att_str(&range_rec("15.1")), "99.34");
    // The rule `zero`: outside scores 0.
    let zero = Rules::from_toml_str("[intervalli]\nfuori_intervallo = \"zero\"\n").unwrap();
    assert_eq!(
        score(&range_rec("8"), &zero).attainment,
        Some(Decimal::ZERO)
    );
    assert_eq!(
        score(&range_rec("20"), &zero).attainment,
        Some(Decimal::ZERO)
    );
    assert_eq!(score(&range_rec("12"), &zero).attainment, Some(d("100")));
    // Over-achievement never applies inside a range.
    let cap = Rules::from_toml_str("[punteggio]\nmassimo = 120\n").unwrap();
    assert_eq!(score(&range_rec("14"), &cap).attainment, Some(d("100")));
    // A percent range.
    let mut r = range_rec("0");
    r.target = Target::new(Op::Ge, TargetValue::Percent(d("90")));
    r.target2 = Some(Box::new(Target::new(Op::Le, TargetValue::Percent(d("95")))));
    r.actual = Some(ActualValue::Percent(d("85.5")));
    // 85,5/90×100 = 95.
    assert_eq!(att_str(&r), "95.00");
}

/// `riduzione del 5%`: growth −5 with `<=`, target year 2025.
fn reduction_rec(actual: ActualValue) -> Record {
    let mut r = rec(
        "Tempo di pagamento",
        TargetValue::Growth(d("-5")),
        Some(actual),
    );
    r.target.op = Op::Le;
    r.target_raw = "riduzione del 5%".into();
    r.target_year = Some(2025);
    r.prev_value = Some(Box::new((2024, ActualValue::Number(d("200")))));
    r
}

#[test]
fn reduction_against_absolute_values() {
    let rules = Rules::default();
    // Target 200 × (1 − 5/100) = 190; 185 ≤ 190 → 100.
    let s = score(&reduction_rec(ActualValue::Number(d("185"))), &rules);
    assert_eq!(s.attainment, Some(d("100")));
    assert!(s.trace.iter().any(|t| t.contains("= 190")), "{:?}", s.trace);
    // 200 > 190: target/actual = 190/200×100 = 95.
    let s = score(&reduction_rec(ActualValue::Number(d("200"))), &rules);
    assert_eq!(s.attainment, Some(d("95.00")));
    assert_eq!(s.polarity, Op::Le);
    assert_eq!(s.polarity_source, PolaritySource::Operator);
    // 190 exactly: met.
    assert_eq!(
        att_str(&reduction_rec(ActualValue::Number(d("190")))),
        "100"
    );
}

#[test]
fn reduction_against_a_variation() {
    // −6% ≤ −5% → 100.
    assert_eq!(
        att_str(&reduction_rec(ActualValue::Variation(d("-6")))),
        "100"
    );
    // −3% is not a reduction of 5%: the target is ≤ 0, the ratio is
    // meaningless → 0.
    let s = score(
        &reduction_rec(ActualValue::Variation(d("-3"))),
        &Rules::default(),
    );
    assert_eq!(s.attainment, Some(Decimal::ZERO));
    assert!(s.formula.contains("target ≤ 0"), "{}", s.formula);
}

#[test]
fn a_named_base_year_is_the_reference() {
    let rules = Rules::default();
    // `riduzione del 5% rispetto al 2023` for 2025: the 2023 baseline counts,
    // the 2024 value does not. 160 × 0,95 = 152; 150 ≤ 152 → 100.
    let mut r = reduction_rec(ActualValue::Number(d("150")));
    r.target.base_year = Some(2023);
    r.baseline = Some(ActualValue::Number(d("160")));
    r.baseline_year = Some(2023);
    let s = score(&r, &rules);
    assert_eq!(s.attainment, Some(d("100")));
    assert!(
        s.trace
            .iter()
            .any(|t| t.contains("valore del 2023 × (1 + crescita/100) = 160")),
        "{:?}",
        s.trace
    );
    assert!(
        s.trace[0].contains("riduzione del 5% sul valore del 2023"),
        "{}",
        s.trace[0]
    );
    assert!(
        s.trace
            .iter()
            .any(|t| t.contains("160 × (1 − 5/100) = 152")),
        "{:?}",
        s.trace
    );
    // Without a 2023 value: not assessable, and the message names 2023.
    r.baseline_year = Some(2022);
    let ev = evaluate(&r, &rules);
    assert_eq!(ev.score.status, Status::NonValutabile);
    assert_eq!(ev.anomalies[0].code, AnomalyCode::AnnoPrecedenteMancante);
    assert!(ev.anomalies[0]
        .message
        .contains("serve il valore del 2023 (anno indicato nel target)"));
    // `≥ valore 2023`: prev_year with that base; 150 vs 160 → 93,75.
    let mut r = rec(
        "Imprese iscritte",
        TargetValue::PrevYear,
        Some(ActualValue::Number(d("150"))),
    );
    r.target.op = Op::Ge;
    r.target.base_year = Some(2023);
    r.target_year = Some(2025);
    r.prev_value = Some(Box::new((2023, ActualValue::Number(d("160")))));
    let s = score(&r, &rules);
    assert_eq!(s.attainment, Some(d("93.75")));
    assert!(s
        .trace
        .iter()
        .any(|t| t.contains("Target calcolato: valore del 2023 = 160")));
}

/// `95% entro il 30/06/2025` against an actual percent, with a date or not.
fn by_deadline_rec(actual: &str, reached: Option<&str>) -> Record {
    let mut r = rec(
        "Pratiche evase",
        TargetValue::Percent(d("95")),
        Some(ActualValue::Percent(d(actual))),
    );
    r.target2 = Some(Box::new(Target::new(
        Op::Le,
        TargetValue::Date(date("2025-06-30")),
    )));
    r.target_raw = "95% entro il 30/06/2025".into();
    r.actual_date = reached.map(date);
    r
}

#[test]
fn value_by_deadline() {
    let rules = Rules::default();
    // Met on time: 100.
    let s = score(&by_deadline_rec("96", Some("2025-06-15")), &rules);
    assert_eq!(s.attainment, Some(d("100")));
    assert!(
        s.formula.contains("raggiunto il 15/06/2025, in tempo"),
        "{}",
        s.formula
    );
    // Value short, on time: 90/95×100 = 94,74.
    let s = score(&by_deadline_rec("90", Some("2025-06-15")), &rules);
    assert_eq!(s.attainment, Some(d("94.74")));
    // Value met, late: the deadline scores 0, the lower counts.
    let s = score(&by_deadline_rec("96", Some("2025-07-10")), &rules);
    assert_eq!(s.attainment, Some(Decimal::ZERO));
    assert_eq!(s.status, Status::NonRaggiunto);
    assert!(
        s.formula.starts_with("valore: condizione soddisfatta"),
        "{}",
        s.formula
    );
    assert!(
        s.formula.contains("oltre la scadenza del 30/06/2025"),
        "{}",
        s.formula
    );
    // Graded lateness: 10 days late, 1 point a day → 90; value short → min(94,74; 90) = 90.
    let graded = Rules::from_toml_str("[scadenze]\ngraduata = true\n").unwrap();
    assert_eq!(
        score(&by_deadline_rec("96", Some("2025-07-10")), &graded).attainment,
        Some(d("90"))
    );
    assert_eq!(
        score(&by_deadline_rec("90", Some("2025-07-10")), &graded).attainment,
        Some(d("90"))
    );
    // No date: the value is taken as measured at the deadline, said in the
    // trace, and no anomaly is raised for it.
    let ev = evaluate(&by_deadline_rec("90", None), &rules);
    assert_eq!(ev.score.attainment, Some(d("94.74")));
    assert!(ev.anomalies.is_empty(), "{:?}", ev.anomalies);
    assert!(
        ev.score
            .trace
            .iter()
            .any(|t| t.contains("il valore è considerato misurato alla scadenza")),
        "{:?}",
        ev.score.trace
    );
    assert!(
        ev.score.trace[0].contains("scadenza 30/06/2025"),
        "{}",
        ev.score.trace[0]
    );
}
