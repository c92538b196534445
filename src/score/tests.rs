//! Unit tests of the scoring engine (attainment per kind, edges, roll-ups).

use std::str::FromStr;

use chrono::NaiveDate;
use proptest::prelude::*;
use rust_decimal::Decimal;

use super::*;
use crate::model::*;

/// A record with an indicator text, a target value and an optional actual.
pub(crate) fn rec(indicator: &str, target: TargetValue, actual: Option<ActualValue>) -> Record {
    let target_raw = target.canonical().unwrap_or_default();
    let target = Target::new(Op::None, target);
    let mut r = Record::new(Location::row("piano.xlsx", "Area 1", 5), indicator, target);
    r.target_raw = target_raw;
    r.target_year = Some(2022);
    r.actual_raw = actual.as_ref().and_then(ActualValue::canonical);
    r.actual = actual;
    r
}

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn num_rec(op: Op, target: &str, actual: &str) -> Record {
    let mut r = rec(
        "Indicatore",
        TargetValue::Number(d(target)),
        Some(ActualValue::Number(d(actual))),
    );
    r.target.op = op;
    r
}

fn att(r: &Record) -> Option<Decimal> {
    score(r, &Rules::default()).attainment
}

fn att_str(r: &Record) -> String {
    att(r).map(|a| a.to_string()).unwrap_or_default()
}

#[test]
fn fixture_examples() {
    let mut r = rec(
        "Cancellazioni",
        TargetValue::Percent(d("95")),
        Some(ActualValue::Percent(d("68.6"))),
    );
    assert_eq!(att_str(&r), "72.21");
    r.target = Target::new(Op::Gt, TargetValue::Percent(d("65")));
    r.actual = Some(ActualValue::Percent(d("46.3")));
    assert_eq!(att_str(&r), "71.23");
    assert_eq!(att_str(&num_rec(Op::Ge, "7", "5.9")), "84.29");
    assert_eq!(att_str(&num_rec(Op::Lt, "30", "30")), "99.99");
    let s = score(&num_rec(Op::Lt, "30", "30"), &Rules::default());
    assert_eq!(s.status, Status::Parziale);
    assert!(s.formula.contains("99,99"), "{}", s.formula);
    let s = score(&num_rec(Op::Ge, "2", "1"), &Rules::default());
    assert_eq!(s.attainment, Some(d("50.00")));
    assert_eq!(s.status, Status::NonRaggiunto);
    // Keyword polarity: media dei tempi 2,5 vs 3,0 → 83,33.
    let r = rec(
        "Media dei tempi di lavorazione",
        TargetValue::Number(d("2.5")),
        Some(ActualValue::Number(d("3.0"))),
    );
    let s = score(&r, &Rules::default());
    assert_eq!(s.polarity, Op::Le);
    assert_eq!(s.attainment, Some(d("83.33")));
    assert_eq!(s.formula, "target/consuntivo×100 = 2,5/3×100 = 83,33");
    // Deadline missed.
    let r = rec(
        "Relazione",
        TargetValue::Date(date("2022-12-31")),
        Some(ActualValue::Date(date("2023-01-12"))),
    );
    let s = score(&r, &Rules::default());
    assert_eq!(s.attainment, Some(Decimal::ZERO));
    assert_eq!(s.status, Status::NonRaggiunto);
    assert_eq!(s.polarity_source, PolaritySource::Deadline);
}

#[test]
fn met_conditions_score_100() {
    for (op, t, a) in [
        (Op::Ge, "4", "4"),
        (Op::Gt, "4", "4.01"),
        (Op::Le, "2.5", "2.3"),
        (Op::Lt, "1.4", "1.1"),
        (Op::Eq, "3", "3.00"),
        (Op::Ge, "0", "0"),
    ] {
        let s = score(&num_rec(op, t, a), &Rules::default());
        assert_eq!(s.attainment, Some(d("100")), "{op} {t} {a}");
        assert_eq!(s.status, Status::Raggiunto);
        assert!(s.formula.starts_with("condizione soddisfatta"));
    }
}

#[test]
fn ratios_when_not_met() {
    assert_eq!(att_str(&num_rec(Op::Lt, "3", "4")), "75.00");
    assert_eq!(att_str(&num_rec(Op::Lt, "1.4", "1.5")), "93.33");
    assert_eq!(att_str(&num_rec(Op::Lt, "1.4", "1.4")), "99.99");
    assert_eq!(att_str(&num_rec(Op::Gt, "4", "4")), "99.99");
    assert_eq!(att_str(&num_rec(Op::Eq, "10", "8")), "80.00");
    assert_eq!(att_str(&num_rec(Op::Eq, "10", "12")), "83.33");
    assert_eq!(att_str(&num_rec(Op::Ge, "3", "2")), "66.67");
    // Just under the target: rounding must not reach 100.
    assert_eq!(att_str(&num_rec(Op::Ge, "100000", "99999.999")), "99.99");
}

#[test]
fn meaningless_ratios_score_zero() {
    // Target 0.
    assert_eq!(att_str(&num_rec(Op::Gt, "0", "0")), "0");
    assert_eq!(att_str(&num_rec(Op::Ge, "0", "-1")), "0");
    // `<= 0`: actual 0 is met, anything above is 0.
    assert_eq!(att_str(&num_rec(Op::Le, "0", "0")), "100");
    assert_eq!(att_str(&num_rec(Op::Le, "0", "2")), "0");
    assert_eq!(att_str(&num_rec(Op::Lt, "0", "0")), "0");
    // Negative actual against a positive target.
    assert_eq!(att_str(&num_rec(Op::Ge, "5", "-1")), "0");
    assert_eq!(att_str(&num_rec(Op::Eq, "5", "-5")), "0");
    // Actual 0 against `>=`: ratio 0.
    assert_eq!(att_str(&num_rec(Op::Ge, "5", "0")), "0");
    let s = score(&num_rec(Op::Le, "0", "2"), &Rules::default());
    assert!(s.formula.contains("non significativo"), "{}", s.formula);
}

#[test]
fn negative_targets_compare_first() {
    let mut r = rec(
        "Risultato economico",
        TargetValue::Percent(d("-3")),
        Some(ActualValue::Percent(d("-2"))),
    );
    r.target.op = Op::Ge;
    assert_eq!(att_str(&r), "100");
    r.actual = Some(ActualValue::Percent(d("-3")));
    assert_eq!(att_str(&r), "100");
    r.actual = Some(ActualValue::Percent(d("-5")));
    assert_eq!(att_str(&r), "0");
    r.actual = Some(ActualValue::Percent(d("4")));
    assert_eq!(att_str(&r), "100");
}

#[test]
fn not_assessable_cases() {
    let rules = Rules::default();
    let mut r = rec("Ind", TargetValue::Number(d("5")), None);
    let s = score(&r, &rules);
    assert_eq!((s.attainment, s.status), (None, Status::NonValutabile));
    assert_eq!(s.formula, "non valutabile: consuntivo mancante");
    assert!(s.trace.last().unwrap().contains("escluso dai totali"));
    r.actual = Some(ActualValue::Na);
    assert!(score(&r, &rules).formula.contains("n.d."));
    r.actual = Some(ActualValue::Text("in corso".into()));
    assert!(score(&r, &rules).formula.contains("in corso"));
    let r = rec("Ind", TargetValue::Na, Some(ActualValue::Number(d("5"))));
    let s = score(&r, &rules);
    assert_eq!(s.status, Status::NonValutabile);
    assert_eq!(s.formula, "non valutabile: target non disponibile (n.d.)");
    let r = rec(
        "Ind",
        TargetValue::Text("Realizzazione di attività".into()),
        Some(ActualValue::Number(d("5"))),
    );
    assert_eq!(score(&r, &rules).status, Status::NonValutabile);
    // Wrong actual kind: reported.
    let r = rec(
        "Ind",
        TargetValue::Number(d("5")),
        Some(ActualValue::Date(date("2022-01-01"))),
    );
    let ev = evaluate(&r, &rules);
    assert_eq!(ev.score.status, Status::NonValutabile);
    assert_eq!(ev.anomalies[0].code, AnomalyCode::ConsuntivoNonLetto);
}

#[test]
fn deadlines() {
    let rules = Rules::default();
    let mut r = rec(
        "Monitoraggio",
        TargetValue::Date(date("2022-06-30")),
        Some(ActualValue::Date(date("2022-06-30"))),
    );
    assert_eq!(att_str(&r), "100");
    r.actual = Some(ActualValue::Date(date("2022-07-10")));
    assert_eq!(att_str(&r), "0");
    let s = score(&r, &rules);
    assert_eq!(
        s.formula,
        "completato il 10/07/2022, oltre la scadenza del 30/06/2022 → 0"
    );
    let mut graded = rules.clone();
    graded.scadenze.graduata = true;
    graded.scadenze.giorni_tolleranza = 3;
    graded.scadenze.punti_per_giorno = d("2");
    // 10 days late, 3 of grace → 7 × 2 = 14 points lost.
    assert_eq!(score(&r, &graded).attainment, Some(d("86")));
    r.actual = Some(ActualValue::Date(date("2022-07-02")));
    assert_eq!(score(&r, &graded).attainment, Some(d("100")));
    r.actual = Some(ActualValue::Date(date("2023-07-02")));
    assert_eq!(score(&r, &graded).attainment, Some(d("0")));
    // One day late with no grace and 0.001 points per day stays below 100.
    graded.scadenze.giorni_tolleranza = 0;
    graded.scadenze.punti_per_giorno = d("0.001");
    r.actual = Some(ActualValue::Date(date("2022-07-01")));
    assert_eq!(score(&r, &graded).attainment, Some(d("99.99")));
    // Date target with a non-date actual.
    r.actual = Some(ActualValue::Bool(true));
    assert_eq!(score(&r, &rules).status, Status::NonValutabile);
}

#[test]
fn bools_and_ordinals() {
    let rules = Rules::default();
    let mut r = rec(
        "Adozione",
        TargetValue::Bool(true),
        Some(ActualValue::Bool(true)),
    );
    r.target.op = Op::Eq;
    assert_eq!(att_str(&r), "100");
    r.actual = Some(ActualValue::Bool(false));
    assert_eq!(att_str(&r), "0");
    let mut r = rec(
        "Esito controlli",
        TargetValue::Ordinal("positivo".into()),
        Some(ActualValue::Ordinal("negativo".into())),
    );
    let s = score(&r, &rules);
    assert_eq!((s.polarity, s.attainment), (Op::Ge, Some(d("0"))));
    r.actual = Some(ActualValue::Ordinal("positivo".into()));
    assert_eq!(att_str(&r), "100");
    let mut r = rec(
        "Soddisfazione",
        TargetValue::Ordinal("buono".into()),
        Some(ActualValue::Ordinal("ottimo".into())),
    );
    r.target.op = Op::Ge;
    assert_eq!(att_str(&r), "100");
    r.target.op = Op::Gt;
    r.actual = Some(ActualValue::Ordinal("buono".into()));
    assert_eq!(att_str(&r), "0");
    r.actual = Some(ActualValue::Ordinal("discreto".into()));
    r.target.op = Op::Ge;
    assert_eq!(att_str(&r), "0");
    // Unknown word: not assessable and reported.
    r.actual = Some(ActualValue::Ordinal("eccellente".into()));
    let ev = evaluate(&r, &rules);
    assert_eq!(ev.score.status, Status::NonValutabile);
    assert_eq!(ev.anomalies[0].code, AnomalyCode::ConsuntivoNonLetto);
    // Words of different scales.
    r.actual = Some(ActualValue::Ordinal("positivo".into()));
    assert_eq!(score(&r, &rules).status, Status::NonValutabile);
}

#[test]
fn ratings_and_rates() {
    let r = rec(
        "Grado di soddisfazione",
        TargetValue::Rating {
            value: d("3.5"),
            scale: d("5"),
        },
        Some(ActualValue::Number(d("3.3"))),
    );
    assert_eq!(att_str(&r), "94.29");
    let r = rec(
        "Infortuni ogni 10.000 addetti",
        TargetValue::Rate {
            num: d("80"),
            den: d("10000"),
        },
        Some(ActualValue::Number(d("100"))),
    );
    let s = score(&r, &Rules::default());
    assert_eq!(s.polarity_source, PolaritySource::Keyword);
    assert_eq!(s.attainment, Some(d("80.00")));
}

fn growth_rec(g: &str, actual: ActualValue) -> Record {
    let mut r = rec("Imprese assistite", TargetValue::Growth(d(g)), Some(actual));
    r.target.op = Op::Ge;
    r
}

#[test]
fn growth_against_variation() {
    let r = growth_rec("15", ActualValue::Variation(d("18")));
    assert_eq!(att_str(&r), "100");
    let r = growth_rec("15", ActualValue::Variation(d("12")));
    assert_eq!(att_str(&r), "80.00");
    // A trend formula makes a plain number a variation.
    let mut r = growth_rec("10", ActualValue::Number(d("5")));
    r.formula = Some("(N(t) - N(t-1)) / N(t-1) * 100".into());
    let s = score(&r, &Rules::default());
    assert_eq!(s.attainment, Some(d("50.00")));
    assert!(s.trace.iter().any(|t| t.contains("variazione")));
    // A ratio formula is not a trend.
    r.formula = Some("N(t)/N(t-1)".into());
    assert_eq!(score(&r, &Rules::default()).status, Status::NonValutabile);
}

#[test]
fn growth_against_absolute_with_previous_year() {
    let rules = Rules::default();
    let mut r = growth_rec("10", ActualValue::Number(d("105")));
    r.prev_value = Some(Box::new((2021, ActualValue::Number(d("100")))));
    // Target 100 × 1,10 = 110; 105/110 = 95,45.
    let s = score(&r, &rules);
    assert_eq!(s.attainment, Some(d("95.45")));
    assert!(s.trace.iter().any(|t| t.contains("= 110")), "{:?}", s.trace);
    // Wrong year: not assessable, reported.
    r.prev_value = Some(Box::new((2020, ActualValue::Number(d("100")))));
    let ev = evaluate(&r, &rules);
    assert_eq!(ev.score.status, Status::NonValutabile);
    assert_eq!(ev.anomalies[0].code, AnomalyCode::AnnoPrecedenteMancante);
    assert!(ev.anomalies[0].message.contains("2020"));
    // A baseline of year − 1 is used instead.
    r.baseline = Some(ActualValue::Number(d("90")));
    r.baseline_year = Some(2021);
    assert_eq!(score(&r, &rules).attainment, Some(d("100")));
}

#[test]
fn prev_year_right_and_wrong_year() {
    let rules = Rules::default();
    let mut r = rec(
        "Imprese destinatarie",
        TargetValue::PrevYear,
        Some(ActualValue::Number(d("45"))),
    );
    r.target.op = Op::Ge;
    let ev = evaluate(&r, &rules);
    assert_eq!(ev.score.status, Status::NonValutabile);
    assert_eq!(ev.anomalies[0].code, AnomalyCode::AnnoPrecedenteMancante);
    r.prev_value = Some(Box::new((2021, ActualValue::Number(d("50")))));
    assert_eq!(score(&r, &rules).attainment, Some(d("90.00")));
    r.prev_value = Some(Box::new((2021, ActualValue::Number(d("40")))));
    assert_eq!(score(&r, &rules).attainment, Some(d("100")));
    // A 2020 baseline is not "anno x-1" for 2022.
    r.prev_value = None;
    r.baseline = Some(ActualValue::Number(d("40")));
    r.baseline_year = Some(2020);
    let ev = evaluate(&r, &rules);
    assert_eq!(ev.score.status, Status::NonValutabile);
    assert!(ev.anomalies[0].message.contains("baseline del 2020"));
    // Unknown target year.
    r.target_year = None;
    assert_eq!(score(&r, &rules).status, Status::NonValutabile);
}

#[test]
fn over_achievement_cap() {
    let mut rules = Rules::default();
    rules.punteggio.massimo = d("120");
    let r = num_rec(Op::Ge, "4", "5");
    assert_eq!(score(&r, &rules).attainment, Some(d("120")));
    let r = num_rec(Op::Ge, "4", "4.4");
    assert_eq!(score(&r, &rules).attainment, Some(d("110.00")));
    let r = num_rec(Op::Le, "0", "0");
    assert_eq!(score(&r, &rules).attainment, Some(d("100")));
}

#[test]
fn keyword_inference_is_recorded_once() {
    let mut v = vec![rec(
        "Tempo medio di pagamento",
        TargetValue::Number(d("30")),
        Some(ActualValue::Number(d("25"))),
    )];
    score_all(&mut v, &Rules::default());
    score_all(&mut v, &Rules::default());
    let inf: Vec<_> = v[0]
        .anomalies
        .iter()
        .filter(|a| a.code == AnomalyCode::Inferenza)
        .collect();
    assert_eq!(inf.len(), 1);
    assert!(inf[0].message.contains("«tempo medio»"));
    let s = v[0].score.as_ref().unwrap();
    assert_eq!(s.polarity_source, PolaritySource::Keyword);
    assert!(s.trace.iter().any(|t| t.contains("tempo medio")));
}

#[test]
fn trace_is_italian_and_complete() {
    let r = rec(
        "Cancellazioni",
        TargetValue::Percent(d("95")),
        Some(ActualValue::Percent(d("68.6"))),
    );
    let s = score(&r, &Rules::default());
    assert_eq!(s.trace.len(), 6, "{:?}", s.trace);
    assert!(s.trace[0].starts_with("Target: «95» → percentuale 95%"));
    assert!(s.trace[1].starts_with("Polarità ≥"));
    assert_eq!(s.trace[2], "Consuntivo: 68,6%");
    assert_eq!(s.trace[3], "Condizione: 68,6 ≥ 95 → non soddisfatta");
    assert_eq!(
        s.trace[4],
        "Regola: rapporto tra consuntivo e target ([punteggio] delle regole)"
    );
    assert!(s.trace[5].starts_with("Esito: 72,21 → parzialmente raggiunto"));
}

// ---------- roll-ups ----------

fn scored(indicator: &str, code: &str, weight: Option<&str>, actual: &str) -> Record {
    let mut r = num_rec(Op::Ge, "100", actual);
    r.indicator = indicator.into();
    r.objective_code = Some(code.into());
    r.areas = vec!["Area 1".into()];
    r.dirigenti = vec!["Rossi".into()];
    r.weight = weight.map(d);
    r
}

fn run(mut v: Vec<Record>) -> (Vec<Record>, Summary, Vec<Anomaly>) {
    let rules = Rules::default();
    score_all(&mut v, &rules);
    let (s, a) = summarise(&v, &rules);
    (v, s, a)
}

#[test]
fn objective_weighted_mean() {
    let (_, s, a) = run(vec![
        scored("a", "OO1", Some("60"), "100"),
        scored("b", "OO1", Some("40"), "50"),
    ]);
    assert_eq!(s.objectives.len(), 1);
    let o = &s.objectives[0];
    // (60×100 + 40×50)/100 = 80.
    assert_eq!(o.attainment, Some(d("80")));
    assert_eq!(o.status, Status::Parziale);
    assert_eq!(o.counts.raggiunti, 1);
    assert_eq!(o.counts.non_raggiunti, 1);
    assert_eq!(o.records, vec![0, 1]);
    assert!(!o.renormalised);
    assert!(a.is_empty());
}

#[test]
fn weights_on_fraction_scale_and_near_100() {
    let (_, s, a) = run(vec![
        scored("a", "OO1", Some("0.25"), "100"),
        scored("b", "OO1", Some("0.75"), "60"),
    ]);
    assert_eq!(s.objectives[0].attainment, Some(d("70")));
    assert!(a.is_empty());
    let (_, s, a) = run(vec![
        scored("a", "OO1", Some("33.3"), "100"),
        scored("b", "OO1", Some("33.3"), "70"),
        scored("c", "OO1", Some("33.3"), "40"),
    ]);
    assert_eq!(s.objectives[0].attainment, Some(d("70")));
    assert!(s.objectives[0].renormalised);
    assert!(a.is_empty(), "99,9 is within tolerance: {a:?}");
}

#[test]
fn weights_not_summing_to_100() {
    let (_, s, a) = run(vec![
        scored("a", "OO1", Some("50"), "100"),
        scored("b", "OO1", Some("30"), "20"),
    ]);
    let o = &s.objectives[0];
    // (50×100 + 30×20)/80 = 70.
    assert_eq!(o.attainment, Some(d("70")));
    assert!(o.renormalised);
    assert!(o.notes.iter().any(|n| n.contains("80")), "{:?}", o.notes);
    assert_eq!(a.len(), 1);
    assert_eq!(a[0].code, AnomalyCode::SommaPesi);
}

#[test]
fn weights_missing_for_some() {
    let (_, s, a) = run(vec![
        scored("a", "OO1", Some("80"), "100"),
        scored("b", "OO1", None, "50"),
    ]);
    let o = &s.objectives[0];
    assert_eq!(o.attainment, Some(d("75")));
    assert!(o.renormalised);
    assert_eq!(a.len(), 1);
    assert_eq!(a[0].code, AnomalyCode::PesoMancante);
    assert_eq!(a[0].raw, "b");
}

#[test]
fn non_assessable_excluded_and_empty_objective() {
    let mut na = scored("b", "OO1", Some("50"), "0");
    na.actual = None;
    let mut na2 = scored("c", "OO2", None, "0");
    na2.actual = None;
    let (_, s, a) = run(vec![scored("a", "OO1", Some("50"), "80"), na, na2]);
    assert_eq!(s.objectives[0].attainment, Some(d("80")));
    assert_eq!(s.objectives[0].counts.non_valutabili, 1);
    assert_eq!(s.objectives[1].attainment, None);
    assert_eq!(s.objectives[1].status, Status::NonValutabile);
    assert!(a.is_empty());
    // Area: only OO1 counts.
    assert_eq!(s.areas[0].attainment, Some(d("80")));
    assert_eq!(s.areas[0].counts.non_valutabili, 1);
    assert_eq!(s.areas[0].counts.parziali, 1);
}

#[test]
fn objective_keys() {
    // Same code in two areas: two objectives. Same code in the same area on
    // two sheets: one. No code and no title: one objective per row.
    let mut a = scored("a", "OO1", None, "100");
    let mut b = scored("b", "OO1", None, "50");
    b.areas = vec!["Area 2".into()];
    let mut c = scored("c", "OO1", None, "50");
    c.location.sheet = "Altro".into();
    let mut e = scored("e", "", None, "50");
    e.objective_code = None;
    let mut f = e.clone();
    f.location.row = 6;
    let mut g = scored("g", "x", None, "50");
    g.objective_code = None;
    g.objective = Some("Digitalizzazione  dei SERVIZI".into());
    let mut h = g.clone();
    h.objective = Some("digitalizzazione dei servizi".into());
    a.objective = Some("Titolo".into());
    let (_, s, _) = run(vec![a, b, c, e, f, g, h]);
    let keys: Vec<&str> = s.objectives.iter().map(|o| o.key.as_str()).collect();
    assert_eq!(
        keys,
        vec![
            "area 1/OO1",
            "area 2/OO1",
            "area 1/piano.xlsx|Area 1|riga 5",
            "area 1/piano.xlsx|Area 1|riga 6",
            "area 1/digitalizzazione dei servizi"
        ]
    );
    assert_eq!(s.objectives[0].label, "OO1 — Titolo");
    assert_eq!(s.objectives[0].records, vec![0, 2]);
    assert_eq!(s.objectives[4].records, vec![5, 6]);
}

#[test]
fn areas_dirigenti_body_and_transversal() {
    let mut v = vec![
        scored("a", "OO1", None, "100"),
        scored("b", "OO2", None, "50"),
    ];
    let mut c = scored("c", "OO3", None, "80");
    c.areas = vec!["Area 2".into()];
    c.dirigenti = vec!["Bianchi".into()];
    v.push(c);
    let mut t = scored("t", "TR1", None, "40");
    t.transversal = true;
    t.dirigenti = vec!["Tutti".into()];
    v.push(t.clone());
    let mut t2 = t.clone();
    t2.areas = vec!["Area 2".into()];
    t2.indicator = "t2".into();
    t2.actual = Some(ActualValue::Number(d("60")));
    v.push(t2);
    let (_, s, a) = run(v);
    assert!(a.is_empty(), "{a:?}");
    // Transversal copies in two areas are one objective: (40+60)/2 = 50.
    assert_eq!(s.objectives.len(), 4);
    let tr = s
        .objectives
        .iter()
        .find(|o| o.key == "trasversale/TR1")
        .unwrap();
    assert_eq!(tr.attainment, Some(d("50")));
    assert_eq!(tr.records, vec![3, 4]);
    // Areas: Area 1 = OO1, OO2, TR1 → (100+50+50)/3; Area 2 = OO3, TR1 → 65.
    let names: Vec<&str> = s.areas.iter().map(|g| g.label.as_str()).collect();
    assert_eq!(names, vec!["Area 1", "Area 2"]);
    assert_eq!(s.areas[0].attainment, Some(d("66.67")));
    assert_eq!(s.areas[1].attainment, Some(d("65")));
    // Dirigenti: Rossi (OO1, OO2, TR1), Bianchi (OO3, TR1); "Tutti" is not a person.
    let names: Vec<&str> = s.dirigenti.iter().map(|g| g.label.as_str()).collect();
    assert_eq!(names, vec!["Rossi", "Bianchi"]);
    assert_eq!(s.dirigenti[0].members.len(), 3);
    assert_eq!(s.dirigenti[0].attainment, Some(d("66.67")));
    assert_eq!(s.dirigenti[1].attainment, Some(d("65")));
    assert_eq!(s.dirigenti[1].records, vec![2, 3, 4]);
    // Body: (100+50+80+50)/4 = 70.
    assert_eq!(s.body.attainment, Some(d("70")));
    assert_eq!(s.body.counts.total(), 4);
    assert_eq!(s.body.records, vec![0, 1, 2, 3, 4]);
}

#[test]
fn objective_weights_in_areas() {
    let mut a = scored("a", "OO1", None, "100");
    a.objective_weight = Some(d("70"));
    let mut b = scored("b", "OO2", None, "50");
    b.objective_weight = Some(d("30"));
    let (_, s, _) = run(vec![a, b]);
    assert_eq!(s.areas[0].attainment, Some(d("85")));
    // Body uses equal weights.
    assert_eq!(s.body.attainment, Some(d("75")));
    let mut a = scored("a", "OO1", None, "100");
    a.objective_weight = Some(d("70"));
    let b = scored("b", "OO2", None, "50");
    let (_, s, an) = run(vec![a, b]);
    assert_eq!(s.areas[0].attainment, Some(d("75")));
    assert_eq!(an.len(), 1);
    assert_eq!(an[0].code, AnomalyCode::PesoMancante);
}

#[test]
fn unscored_records_are_scored_by_summarise() {
    let v = vec![scored("a", "OO1", None, "50")];
    let (s, _) = summarise(&v, &Rules::default());
    assert_eq!(s.body.attainment, Some(d("50.00")));
    let (s, _) = summarise(&[], &Rules::default());
    assert_eq!(s.body.status, Status::NonValutabile);
    assert!(s.objectives.is_empty());
}

proptest! {
    #[test]
    fn attainment_within_bounds(t in -1_000_000i64..1_000_000, a in -1_000_000i64..1_000_000,
                                ts in 0u32..4, as_ in 0u32..4, opi in 0usize..5) {
        let op = [Op::Ge, Op::Gt, Op::Le, Op::Lt, Op::Eq][opi];
        let r = num_rec(op, &Decimal::new(t, ts).to_string(), &Decimal::new(a, as_).to_string());
        let s = score(&r, &Rules::default());
        let v = s.attainment.unwrap();
        prop_assert!(v >= Decimal::ZERO && v <= Decimal::from(100));
        if v == Decimal::from(100) {
            prop_assert_eq!(s.status, Status::Raggiunto);
        }
    }

    #[test]
    fn monotone_in_actual_for_ge(t in 1i64..100_000, a in -100_000i64..100_000, step in 0i64..10_000) {
        let tt = Decimal::new(t, 2).to_string();
        let lo = score(&num_rec(Op::Ge, &tt, &Decimal::new(a, 2).to_string()), &Rules::default());
        let hi = score(&num_rec(Op::Ge, &tt, &Decimal::new(a + step, 2).to_string()), &Rules::default());
        prop_assert!(lo.attainment.unwrap() <= hi.attainment.unwrap());
    }
}

/// Targets written in words: ranges, reductions, values by a deadline.
mod words;
