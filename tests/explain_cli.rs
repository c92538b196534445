//! Runs the real binary: `cruscotto explain "<expr>" [--json] [--unit <UdM>]`.

use std::process::{Command, Output};

fn explain(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cruscotto"))
        .arg("explain")
        .args(args)
        .output()
        .expect("run cruscotto")
}

fn json(args: &[&str]) -> (serde_json::Value, Option<i32>) {
    let mut all = args.to_vec();
    all.push("--json");
    let out = explain(&all);
    let text = String::from_utf8(out.stdout).unwrap();
    let v = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{args:?}: {e}: {text}"));
    (v, out.status.code())
}

fn expect(expr: &str, want: &str) {
    let (got, code) = json(&[expr]);
    let want: serde_json::Value = serde_json::from_str(want).unwrap();
    assert_eq!(got, want, "{expr}");
    assert_eq!(code, Some(0), "{expr}");
}

#[test]
fn json_forms() {
    expect(
        ">= 4",
        r#"[{"op":">=","kind":"number","value":"4","year":null}]"#,
    );
    expect(
        "≥4",
        r#"[{"op":">=","kind":"number","value":"4","year":null}]"#,
    );
    expect(
        "=< 1",
        r#"[{"op":"<=","kind":"number","value":"1","year":null}]"#,
    );
    expect(
        "> = 100%",
        r#"[{"op":">=","kind":"percent","value":"100","year":null}]"#,
    );
    expect(
        "95%",
        r#"[{"op":"none","kind":"percent","value":"95","year":null}]"#,
    );
    expect(
        "14.356",
        r#"[{"op":"none","kind":"number","value":"14356","year":null}]"#,
    );
    expect(
        "2,240",
        r#"[{"op":"none","kind":"number","value":"2.24","year":null}]"#,
    );
    expect(
        "-3,00%",
        r#"[{"op":"none","kind":"percent","value":"-3","year":null}]"#,
    );
    expect(
        ">= +15%",
        r#"[{"op":">=","kind":"growth","value":"15","year":null}]"#,
    );
    expect(
        "≥ anno x-1",
        r#"[{"op":">=","kind":"prev_year","value":null,"year":null}]"#,
    );
    expect(
        "grado di soddisfazione medio 3,6/5",
        r#"[{"op":"none","kind":"rating","value":"3.6/5","year":null}]"#,
    );
    expect(
        "80/10.000 imprese attive",
        r#"[{"op":"none","kind":"rate","value":"80/10000","year":null}]"#,
    );
    expect(
        "31.12.2022",
        r#"[{"op":"none","kind":"date","value":"2022-12-31","year":null}]"#,
    );
    expect(
        "<= 31/01/2025",
        r#"[{"op":"<=","kind":"date","value":"2025-01-31","year":null}]"#,
    );
    expect(
        "si",
        r#"[{"op":"=","kind":"bool","value":"true","year":null}]"#,
    );
    expect(
        "≥ Buono",
        r#"[{"op":">=","kind":"ordinal","value":"buono","year":null}]"#,
    );
    expect(
        "n.d.",
        r#"[{"op":"none","kind":"na","value":null,"year":null}]"#,
    );
    expect(
        "zero",
        r#"[{"op":"none","kind":"number","value":"0","year":null}]"#,
    );
    expect(
        "$\\geq 100\\%$",
        r#"[{"op":">=","kind":"percent","value":"100","year":null}]"#,
    );
    expect(
        "Anno: 2021 >= +15% Anno: 2022 >= +10% Anno: 2023 ---",
        r#"[{"op":">=","kind":"growth","value":"15","year":2021},
            {"op":">=","kind":"growth","value":"10","year":2022},
            {"op":"none","kind":"na","value":null,"year":2023}]"#,
    );
}

#[test]
fn json_is_one_line_array() {
    let out = explain(&[">= 95%", "--json"]);
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "[{\"op\":\">=\",\"kind\":\"percent\",\"value\":\"95\",\"year\":null}]\n"
    );
}

#[test]
fn unit_data_reads_excel_serials() {
    let (v, code) = json(&["45900", "--unit", "data"]);
    assert_eq!(v[0]["kind"], "date");
    assert_eq!(v[0]["value"], "2025-08-31");
    assert_eq!(code, Some(0));
    let (v, _) = json(&["45900"]);
    assert_eq!(v[0]["kind"], "number");
}

#[test]
fn italian_text_mode() {
    let out = explain(&[">= 95%"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "almeno 95% (percentuale)\n"
    );
    let out = explain(&["entro il 30/06/2022"]);
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "entro il 30/06/2022 (scadenza)\n"
    );
    let out = explain(&["≥ anno precedente"]);
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "almeno pari all'anno precedente\n"
    );
}

#[test]
fn text_exits_one_with_warning() {
    let out = explain(&["30/06/2022 31/12/2022"]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "non compreso: «30/06/2022 31/12/2022» (testo)");
    assert!(lines[1].starts_with("attenzione: "), "{text}");
    assert!(lines[1].contains("target-multiplo"), "{text}");
    let (v, code) = json(&["Realizzazione di attività informative"]);
    assert_eq!(code, Some(1));
    assert_eq!(v[0]["kind"], "text");
    assert_eq!(v[0]["value"], "Realizzazione di attività informative");
    let out = explain(&["1.5"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8(out.stdout)
        .unwrap()
        .contains("numero-ambiguo"));
}

#[test]
fn a_value_and_its_deadline_are_two_conditions() {
    let out = explain(&["31/03/2022 100%"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "100% (percentuale)\nentro il 31/03/2022 (scadenza; operatore non indicato)\n(condizioni da rispettare entrambe)\n"
    );
}

#[test]
fn needs_expression_or_row() {
    let out = explain(&[]);
    assert_eq!(out.status.code(), Some(2));
    let out = explain(&["5", "--row", "a.xlsx:A:1"]);
    assert_eq!(out.status.code(), Some(2));
}
