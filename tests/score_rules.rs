//! Scoring rules and attainment engine: the shipped rules template, rules
//! errors through the binary, and every scored row of the Arezzo-Siena
//! fixture rebuilt as records and scored with the default rules.

use std::path::PathBuf;
use std::process::Command;
use std::str::FromStr;

use chrono::NaiveDate;
use cruscotto::model::{
    ActualValue, Location, Op, PolaritySource, Record, Status, Target, TargetValue,
};
use cruscotto::score::{self, Rules};
use rust_decimal::Decimal;
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn template_equals_default_rules() {
    let loaded = Rules::load(&root().join("templates/regole.toml")).unwrap();
    assert_eq!(loaded, Rules::default());
}

#[test]
fn template_overrides_apply() {
    let text = std::fs::read_to_string(root().join("templates/regole.toml")).unwrap();
    let changed = text.replace("parziale = 60", "parziale = 50");
    let r = Rules::from_toml_str(&changed).unwrap();
    assert_eq!(r.fasce.parziale, Decimal::from(50));
    assert_ne!(r, Rules::default());
}

#[test]
fn unknown_key_in_rules_file_stops_the_binary_with_italian_message() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("regole-errate.toml");
    std::fs::write(&path, "[fasce]\nraggiunto = 100\nparzial = 60\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_cruscotto"))
        .arg("check")
        .arg(root().join("fixtures/arezzo-siena-2022-area3.csv"))
        .arg("--regole")
        .arg(&path)
        .output()
        .unwrap();
    assert_ne!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("regole-errate.toml"), "{err}");
    assert!(err.contains("chiave sconosciuta «parzial»"), "{err}");
    assert!(err.contains("riga 3"), "{err}");
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn target_of(t: &Value) -> Target {
    let op = Op::parse_ascii(t["op"].as_str().unwrap()).unwrap();
    let v = t["value"].as_str();
    let value = match t["kind"].as_str().unwrap() {
        "number" => TargetValue::Number(dec(v.unwrap())),
        "percent" => TargetValue::Percent(dec(v.unwrap())),
        "date" => TargetValue::Date(NaiveDate::parse_from_str(v.unwrap(), "%Y-%m-%d").unwrap()),
        "bool" => TargetValue::Bool(v == Some("true")),
        "ordinal" => TargetValue::Ordinal(v.unwrap().to_string()),
        "rating" => {
            let (a, b) = v.unwrap().split_once('/').unwrap();
            TargetValue::Rating {
                value: dec(a),
                scale: dec(b),
            }
        }
        "rate" => {
            let (a, b) = v.unwrap().split_once('/').unwrap();
            TargetValue::Rate {
                num: dec(a),
                den: dec(b),
            }
        }
        "growth" => TargetValue::Growth(dec(v.unwrap())),
        "prev_year" => TargetValue::PrevYear,
        "na" => TargetValue::Na,
        _ => TargetValue::Text(v.unwrap_or_default().to_string()),
    };
    Target {
        op,
        value,
        year: t["year"].as_i64().map(|y| y as i32),
        base_year: None,
    }
}

fn actual_of(a: &Value, target: &Target) -> Option<ActualValue> {
    let s = a.as_str()?;
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Some(ActualValue::Date(d));
    }
    if let Ok(d) = Decimal::from_str(s) {
        return Some(match target.value {
            TargetValue::Percent(_) => ActualValue::Percent(d),
            _ => ActualValue::Number(d),
        });
    }
    Some(ActualValue::Ordinal(s.to_lowercase()))
}

fn record_of(row: &Value) -> Record {
    let target = target_of(&row["target"]);
    let actual = actual_of(&row["actual"], &target);
    let sheet = row["sheet"].as_str().unwrap();
    let location = Location::row(
        "arezzo-siena-2022.xlsx",
        sheet,
        row["row"].as_u64().unwrap() as u32,
    );
    let mut r = Record::new(location, row["indicator"].as_str().unwrap(), target);
    r.areas = vec![sheet.to_string()];
    r.target_raw = row["target_raw"].as_str().unwrap().to_string();
    r.target_year = Some(2022);
    r.actual_raw = row["actual"].as_str().map(str::to_string);
    r.actual = actual;
    r
}

#[test]
fn fixture_rows_score_as_expected() {
    let text =
        std::fs::read_to_string(root().join("fixtures/arezzo-siena-2022.expected.json")).unwrap();
    let rows: Vec<Value> = serde_json::from_str(&text).unwrap();
    assert_eq!(rows.len(), 190);
    let mut records: Vec<Record> = rows.iter().map(record_of).collect();
    let rules = Rules::default();
    score::score_all(&mut records, &rules);
    let tol = Decimal::new(1, 2);
    let mut failures = Vec::new();
    for (row, r) in rows.iter().zip(&records) {
        let s = r.score.as_ref().unwrap();
        let here = format!("{}!{}", r.location.sheet, r.location.row);
        if s.polarity.as_str() != row["polarity"].as_str().unwrap() {
            failures.push(format!(
                "{here}: polarity {} vs {}",
                s.polarity, row["polarity"]
            ));
        }
        if s.polarity_source.as_str() != row["polarity_source"].as_str().unwrap() {
            failures.push(format!(
                "{here}: source {} vs {}",
                s.polarity_source.as_str(),
                row["polarity_source"]
            ));
        }
        let want = row["attainment_pct"].as_str().map(dec);
        match (s.attainment, want) {
            (Some(a), Some(w)) if (a - w).abs() <= tol => {}
            (None, None) => {}
            (got, want) => failures.push(format!("{here}: attainment {got:?} vs {want:?}")),
        }
        if s.status.as_str() != row["status"].as_str().unwrap() {
            failures.push(format!("{here}: status {} vs {}", s.status, row["status"]));
        }
        // Keyword polarity is always recorded.
        if s.polarity_source == PolaritySource::Keyword {
            assert!(r
                .anomalies
                .iter()
                .any(|a| a.code == cruscotto::model::AnomalyCode::Inferenza));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // The prev_year row without a previous-year value is reported.
    let prev = records
        .iter()
        .find(|r| r.target.value == TargetValue::PrevYear)
        .unwrap();
    assert_eq!(prev.score.as_ref().unwrap().status, Status::NonValutabile);
    assert!(prev
        .anomalies
        .iter()
        .any(|a| a.code == cruscotto::model::AnomalyCode::AnnoPrecedenteMancante));
    // Roll-ups over the fixture: one area per sheet, body over every objective.
    let (summary, _) = score::summarise(&records, &rules);
    assert_eq!(summary.areas.len(), 8);
    assert_eq!(summary.body.records.len(), 190);
    let a = summary.body.attainment.unwrap();
    assert!(a > Decimal::from(60) && a <= Decimal::from(100), "{a}");
}
