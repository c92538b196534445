use rust_decimal::Decimal;

use super::*;
use crate::model::{ActualValue, Op, PriorMatch, Target, TargetValue};
use crate::score::{score_all, summarise, Rules};

/// A scored `>= 100` indicator with actual `actual` (attainment = actual, capped).
fn rec(row: u32, dir: &str, code: &str, indicator: &str, actual: i64) -> Record {
    let target = Target {
        op: Op::Ge,
        value: TargetValue::Number(Decimal::from(100)),
        year: Some(2025),
        base_year: None,
    };
    let mut r = Record::new(Location::row("piano.csv", "piano", row), indicator, target);
    r.dirigenti = vec![dir.into()];
    r.areas = vec![format!("Area {dir}")];
    r.objective_code = Some(code.into());
    r.actual = Some(ActualValue::Number(Decimal::from(actual)));
    r
}

fn scored(mut v: Vec<Record>) -> (Vec<Record>, Summary) {
    score_all(&mut v, &Rules::default());
    let (s, _) = summarise(&v, &Rules::default());
    (v, s)
}

fn previous(v: Vec<Record>) -> Previous {
    let (records, summary) = scored(v);
    Previous {
        source: "2024.csv".into(),
        year: Some(2024),
        records,
        summary,
    }
}

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

#[test]
fn change_at_indicator_and_dirigente_level_worked_by_hand() {
    // 2024: Rossi's OB1 = (70 + 90) / 2 = 80. 2025: (95 + 90) / 2 = 92,5.
    let prev = previous(vec![
        rec(3, "Mario Rossi", "OB1", "Eventi realizzati", 70),
        rec(4, "Mario Rossi", "OB1", "Imprese assistite", 90),
    ]);
    let (mut now, mut summary) = scored(vec![
        // Case, accents and spaces do not matter.
        rec(7, "Mario Rossi", "ob1", "  EVENTI   realizzati", 95),
        rec(8, "Mario Rossi", "OB1", "Imprese assistite", 90),
    ]);
    let (changes, anomalies) = compare(&mut now, &mut summary, &prev);
    assert!(anomalies.is_empty());
    assert_eq!(changes.matched, 2);
    assert!(changes.new.is_empty() && changes.dropped.is_empty());
    let p = now[0].prior_year.as_ref().unwrap();
    assert_eq!(p.matched_by, PriorMatch::Code);
    assert_eq!(p.location.as_ref().map(|l| l.row), Some(3));
    assert_eq!(p.attainment, Some(d("70")));
    assert_eq!(p.change, Some(d("25")));
    let p = now[1].prior_year.as_ref().unwrap();
    assert_eq!(p.change, Some(Decimal::ZERO));
    let rossi = &summary.dirigenti[0];
    assert_eq!(rossi.attainment, Some(d("92.5")));
    assert_eq!(rossi.prior_attainment, Some(d("80")));
    assert_eq!(
        change(rossi.attainment, rossi.prior_attainment),
        Some(d("12.5"))
    );
    assert_eq!(summary.objectives[0].prior_attainment, Some(d("80")));
    assert_eq!(summary.areas[0].prior_attainment, Some(d("80")));
    assert_eq!(summary.body.prior_attainment, Some(d("80")));
}

#[test]
fn text_fallback_only_under_the_same_owner() {
    let prev = previous(vec![
        rec(3, "Mario Rossi", "OB1", "Sportelli aperti", 100),
        rec(4, "Laura Bianchi", "OB9", "Pratiche evase", 50),
    ]);
    let (mut now, mut summary) = scored(vec![
        // Code changed, same text and dirigente: matched by text.
        rec(5, "Mario Rossi", "OB7", "Sportelli aperti", 75),
        // Same text, another dirigente and area: new.
        rec(6, "Mario Rossi", "OB7", "Pratiche evase", 80),
    ]);
    let (changes, _) = compare(&mut now, &mut summary, &prev);
    let p = now[0].prior_year.as_ref().unwrap();
    assert_eq!(p.matched_by, PriorMatch::Text);
    assert_eq!(p.change, Some(d("-25")));
    assert_eq!(
        now[1].prior_year.as_ref().unwrap().matched_by,
        PriorMatch::New
    );
    assert_eq!(changes.new, vec![1]);
    assert_eq!(changes.dropped.len(), 1);
    assert_eq!(changes.dropped[0].indicator, "Pratiche evase");
    assert_eq!(changes.dropped[0].dirigente, "Laura Bianchi");
    assert_eq!(changes.dropped[0].attainment, Some(d("50")));
    // OB7 did not exist: no prior for the objective; the dirigente had one.
    assert_eq!(summary.objectives[0].prior_attainment, None);
    assert_eq!(summary.dirigenti[0].prior_attainment, Some(d("100")));
}

#[test]
fn ambiguous_matches_are_reported_never_guessed() {
    let prev = previous(vec![
        rec(3, "Laura Bianchi", "OB3", "Questionari raccolti", 50),
        rec(4, "Laura Bianchi", "OB4", "Questionari raccolti", 100),
        rec(5, "Laura Bianchi", "OB2", "Pratiche evase", 90),
    ]);
    let (mut now, mut summary) = scored(vec![
        // Two candidates by text.
        rec(7, "Laura Bianchi", "OB5", "Questionari raccolti", 90),
        // Two of this year's rows claim the same one of last year.
        rec(8, "Laura Bianchi", "OB2", "Pratiche evase", 80),
        rec(9, "Laura Bianchi", "OB2", "Pratiche evase", 70),
    ]);
    let (changes, anomalies) = compare(&mut now, &mut summary, &prev);
    assert_eq!(changes.matched, 0);
    assert_eq!(changes.ambiguous.len(), 3);
    let rows: Vec<u32> = changes.ambiguous[0].1.iter().map(|l| l.row).collect();
    assert_eq!(rows, [3, 4]);
    assert!(now.iter().all(
        |r| r.prior_year.as_ref().unwrap().matched_by == PriorMatch::Ambiguous
            && r.prior_year.as_ref().unwrap().attainment.is_none()
    ));
    assert_eq!(anomalies.len(), 3);
    assert_eq!(anomalies[0].code, AnomalyCode::ConfrontoAmbiguo);
    assert!(anomalies[0].message.contains("riga 3"), "{}", anomalies[0]);
    assert_eq!(now[0].anomalies, vec![anomalies[0].clone()]);
    // Candidates of an ambiguous match are not "dropped".
    assert!(changes.dropped.is_empty());
    // Running twice does not duplicate the record's anomaly.
    let _ = compare(&mut now, &mut summary, &prev);
    assert_eq!(now[0].anomalies.len(), 1);
}

#[test]
fn texts_and_marks() {
    assert_eq!(change_text(d("12.5")), "▲ +12,5");
    assert_eq!(change_text(d("-0.83")), "▼ -0,83");
    assert_eq!(change_text(d("0.00")), "= 0");
    assert_eq!(
        normalise_text("Qualità  del Servizio"),
        "qualita del servizio"
    );
    let mut a = rec(2, "X", "A", "i", 1);
    let mut b = rec(3, "Y", "A", "i", 1);
    assert!(!same_owner(&a, &b));
    b.areas = a.areas.clone();
    assert!(same_owner(&a, &b));
    a.transversal = true;
    b.transversal = true;
    b.areas.clear();
    assert!(same_owner(&a, &b));
}
