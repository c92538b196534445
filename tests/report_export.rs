//! Reports and exports generated in memory and read back with calamine.

use std::io::{Cursor, Read};
use std::str::FromStr;

use calamine::{open_workbook_from_rs, Data, DataType, Reader, Xlsx};
use chrono::NaiveDate;
use cruscotto::export::{self, Format, COLUMNS, CONTRACT_COLUMNS};
use cruscotto::model::*;
use cruscotto::report::{self, report_file_name, write_report, ReportMeta, Scope, Template};
use rust_decimal::Decimal;

fn record(row: u32, dir: &str, area: &str, code: &str, ind: &str) -> Record {
    let target = Target::new(Op::Ge, TargetValue::Number(Decimal::from(1500)));
    let location = Location::row("piano.xlsx", "Obiettivi 2022", row);
    let mut r = Record::new(location, ind, target);
    r.areas = vec![area.into()];
    r.dirigenti = vec![dir.into()];
    r.objective_code = Some(code.into());
    r.objective = Some(format!("Obiettivo {code}: migliorare i servizi").into());
    r.tipologia = Some("Efficacia".into());
    r.formula = Some("n. pratiche evase".into());
    r.unit = Some("n.".into());
    r.weight_raw = Some("50%".into());
    r.weight = Some(Decimal::from(50));
    r.baseline_raw = Some("1.200".into());
    r.baseline = Some(ActualValue::Number(Decimal::from(1200)));
    r.baseline_year = Some(2020);
    r.target_raw = ">= 1.500".into();
    r.target_year = Some(2022);
    r.actual_raw = Some("1.083,25".into());
    r.actual = Some(ActualValue::Number(Decimal::new(108325, 2)));
    r.score = Some(Score {
        polarity: Op::Ge,
        polarity_source: PolaritySource::Operator,
        attainment: Some(Decimal::new(7221, 2)),
        status: Status::Parziale,
        formula: "1083,25/1500×100".into(),
        trace: vec![],
    });
    r
}

fn group(level: Level, key: &str, att: Option<i64>, st: Status, recs: Vec<usize>) -> GroupScore {
    GroupScore {
        level,
        key: key.into(),
        label: key.into(),
        attainment: att.map(|a| Decimal::new(a, 2)),
        status: st,
        counts: StatusCounts::default(),
        records: recs,
        members: vec![],
        renormalised: false,
        notes: vec![],
        prior_attainment: None,
    }
}

/// Rossi: OO1 (two indicators, 86.10), OO3 (deadline, raggiunto);
/// Bianchi: OO2, transversal, not assessable, with an anomaly.
fn plan() -> (Vec<Record>, Summary, Vec<Anomaly>) {
    let a = record(
        5,
        "Dott.ssa Maria Rossi",
        "Area Anagrafe",
        "OO1",
        "Pratiche evase",
    );
    let mut b = record(
        6,
        "Dott.ssa Maria Rossi",
        "Area Anagrafe",
        "OO1",
        "Tempo medio",
    );
    b.target = Target::new(Op::None, TargetValue::Percent(Decimal::new(955, 1)));
    b.target_raw = "95,5%".into();
    b.actual = Some(ActualValue::Percent(Decimal::new(9620, 2)));
    b.actual_raw = Some("96,20%".into());
    b.score = Some(Score {
        polarity: Op::Ge,
        polarity_source: PolaritySource::Default,
        attainment: Some(Decimal::from(100)),
        status: Status::Raggiunto,
        formula: "condizione soddisfatta".into(),
        trace: vec![],
    });
    let mut c = record(9, "Luca Bianchi", "Area Promozione", "OO2", "Formazione");
    c.transversal = true;
    c.target = Target::new(Op::None, TargetValue::Text("boh".into()));
    c.target_raw = "boh".into();
    c.score = Some(Score {
        polarity: Op::Ge,
        polarity_source: PolaritySource::Default,
        attainment: None,
        status: Status::NonValutabile,
        formula: String::new(),
        trace: vec![],
    });
    c.anomalies.push(Anomaly::new(
        AnomalyCode::TargetNonLetto,
        Location::row("piano.xlsx", "Obiettivi 2022", 9).at_col(6),
        "boh",
        "target non interpretato",
    ));
    let mut d = record(
        12,
        "Dott.ssa Maria Rossi",
        "Area Anagrafe",
        "OO3",
        "Regolamento",
    );
    d.target = Target::new(
        Op::Le,
        TargetValue::Date(NaiveDate::from_ymd_opt(2022, 6, 30).unwrap()),
    );
    d.target_raw = "entro il 30/06/2022".into();
    d.actual = Some(ActualValue::Date(
        NaiveDate::from_ymd_opt(2022, 5, 2).unwrap(),
    ));
    d.actual_raw = Some("02/05/2022".into());
    d.score = Some(Score {
        polarity: Op::Le,
        polarity_source: PolaritySource::Deadline,
        attainment: Some(Decimal::from(100)),
        status: Status::Raggiunto,
        formula: "scadenza rispettata".into(),
        trace: vec![],
    });
    let mut oo1 = group(
        Level::Obiettivo,
        "OO1",
        Some(8611),
        Status::Parziale,
        vec![0, 1],
    );
    oo1.counts.parziali = 1;
    oo1.counts.raggiunti = 1;
    let oo2 = group(
        Level::Obiettivo,
        "OO2",
        None,
        Status::NonValutabile,
        vec![2],
    );
    let oo3 = group(
        Level::Obiettivo,
        "OO3",
        Some(10000),
        Status::Raggiunto,
        vec![3],
    );
    let mut rossi = group(
        Level::Dirigente,
        "Dott.ssa Maria Rossi",
        Some(9305),
        Status::Parziale,
        vec![0, 1, 2, 3],
    );
    rossi.counts = StatusCounts {
        raggiunti: 1,
        parziali: 1,
        non_raggiunti: 0,
        non_valutabili: 1,
    };
    let mut anagrafe = group(
        Level::Area,
        "Area Anagrafe",
        Some(9305),
        Status::Parziale,
        vec![0, 1, 3],
    );
    anagrafe.counts = StatusCounts {
        raggiunti: 1,
        parziali: 1,
        ..StatusCounts::default()
    };
    let mut body = group(
        Level::Ente,
        "ente",
        Some(9305),
        Status::Parziale,
        vec![0, 1, 2, 3],
    );
    body.counts = rossi.counts;
    body.renormalised = true;
    body.notes = vec!["pesi rinormalizzati".into()];
    let summary = Summary {
        objectives: vec![oo1, oo2, oo3],
        areas: vec![anagrafe],
        dirigenti: vec![rossi],
        body,
    };
    let records = vec![a, b, c, d];
    let mut anomalies: Vec<Anomaly> = records.iter().flat_map(|r| r.anomalies.clone()).collect();
    anomalies.push(Anomaly::new(
        AnomalyCode::IntestazioneNonTrovata,
        Location::row("piano.xlsx", "Note", 1),
        "",
        "nessuna intestazione di tabella",
    ));
    (records, summary, anomalies)
}

fn meta() -> ReportMeta {
    ReportMeta {
        ente: Some("Comune di Prova & C.".into()),
        anno: Some(2022),
        generated_on: NaiveDate::from_ymd_opt(2023, 3, 31),
    }
}

fn open(bytes: &[u8]) -> Xlsx<Cursor<Vec<u8>>> {
    open_workbook_from_rs(Cursor::new(bytes.to_vec())).unwrap()
}

fn zip_entry(bytes: &[u8], name: &str) -> String {
    let mut z = zip::ZipArchive::new(Cursor::new(bytes.to_vec())).unwrap();
    let mut f = z.by_name(name).unwrap();
    let mut s = String::new();
    f.read_to_string(&mut s).unwrap();
    s
}

/// Finds the row whose column `col` holds the string `text`.
fn find_row(range: &calamine::Range<Data>, col: usize, text: &str) -> usize {
    range
        .rows()
        .position(|r| r.get(col).is_some_and(|c| c.get_string() == Some(text)))
        .unwrap_or_else(|| panic!("«{text}» not found in column {col}"))
}

fn num(d: &Data) -> f64 {
    match d {
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        other => panic!("not a number: {other:?}"),
    }
}

#[test]
fn dirigente_report_reads_back() {
    let (records, summary, anomalies) = plan();
    let scope = Scope::Dirigente("Dott.ssa Maria Rossi".into());
    let bytes = write_report(
        &scope,
        &records,
        &summary,
        &anomalies,
        &Template::default(),
        &meta(),
    )
    .unwrap();
    let mut wb = open(&bytes);
    assert_eq!(wb.sheet_names(), ["Sintesi", "Obiettivi", "Anomalie"]);

    // Sintesi: overall attainment as a fraction, counts, objective table.
    let s = wb.worksheet_range("Sintesi").unwrap();
    let r = find_row(&s, 0, "Grado di raggiungimento complessivo");
    assert!((num(&s[(r, 1)]) - 0.9305).abs() < 1e-9);
    assert_eq!(s[(r + 1, 1)].to_string(), "parzialmente raggiunto");
    let r = find_row(&s, 0, "Dirigente");
    assert_eq!(s[(r, 1)].to_string(), "Dott.ssa Maria Rossi");
    let r = find_row(&s, 0, "Anno");
    assert_eq!(num(&s[(r, 1)]), 2022.0);
    let r = find_row(&s, 0, "Ente");
    assert_eq!(s[(r, 1)].to_string(), "Comune di Prova & C.");
    let r = find_row(&s, 0, "Obiettivi per stato");
    assert_eq!(s[(r + 1, 0)].to_string(), "raggiunto");
    assert_eq!(num(&s[(r + 1, 1)]), 1.0);
    assert_eq!(num(&s[(r + 2, 1)]), 1.0);
    assert_eq!(num(&s[(r + 3, 1)]), 0.0);
    assert_eq!(num(&s[(r + 4, 1)]), 1.0);
    assert_eq!(num(&s[(r + 5, 1)]), 3.0);
    let r = find_row(&s, 0, "Data di elaborazione");
    assert!(matches!(s[(r, 1)], Data::DateTime(_)), "{:?}", s[(r, 1)]);
    let r = find_row(&s, 0, "OO1");
    assert!((num(&s[(r, 2)]) - 0.8611).abs() < 1e-9);
    assert_eq!(
        s[(r + 1, 0)].to_string(),
        "OO2",
        "transversal objective listed"
    );
    assert_eq!(s[(r + 1, 2)], Data::Empty);
    assert_eq!(s[(r + 2, 0)].to_string(), "OO3");

    // Obiettivi: objective row then its indicators, in the template's columns.
    let o = wb.worksheet_range("Obiettivi").unwrap();
    let h = find_row(&o, 0, "Codice obiettivo");
    let heads: Vec<String> = (0..12).map(|c| o[(h, c)].to_string()).collect();
    assert_eq!(
        heads,
        [
            "Codice obiettivo",
            "Indicatore",
            "Formula di calcolo",
            "UdM",
            "Peso",
            "Baseline",
            "Target (come scritto)",
            "Target (come interpretato)",
            "Consuntivo",
            "Raggiungimento",
            "Stato",
            "Criterio di valutazione"
        ]
    );
    let r = h + 1;
    assert_eq!(o[(r, 0)].to_string(), "OO1");
    assert_eq!(o[(r, 1)].to_string(), "Obiettivo OO1: migliorare i servizi");
    assert!((num(&o[(r, 9)]) - 0.8611).abs() < 1e-9);
    assert_eq!(o[(r, 10)].to_string(), "parzialmente raggiunto");
    // First indicator.
    let r = h + 2;
    assert_eq!(o[(r, 0)].to_string(), "OO1");
    assert_eq!(o[(r, 1)].to_string(), "Pratiche evase");
    assert_eq!(num(&o[(r, 4)]), 50.0);
    assert_eq!(num(&o[(r, 5)]), 1200.0);
    assert_eq!(o[(r, 6)].to_string(), ">= 1.500");
    assert_eq!(o[(r, 7)].to_string(), "almeno 1.500");
    assert!((num(&o[(r, 8)]) - 1083.25).abs() < 1e-9);
    assert!((num(&o[(r, 9)]) - 0.7221).abs() < 1e-9);
    assert_eq!(o[(r, 10)].to_string(), "parzialmente raggiunto");
    assert_eq!(
        o[(r, 11)].to_string(),
        "più alto è meglio (indicato dal target)"
    );
    // Second indicator: percent actual as a fraction.
    assert!((num(&o[(r + 1, 8)]) - 0.962).abs() < 1e-9);
    assert_eq!(o[(r + 1, 7)].to_string(), "95,5%");
    // Deadline objective: dates are real dates.
    let r = find_row(&o, 1, "Regolamento");
    assert!(matches!(o[(r, 8)], Data::DateTime(_)));
    assert_eq!(o[(r, 7)].to_string(), "entro il 30/06/2022");

    // Anomalie: only the scope's (the transversal row's), not the sheet-level one.
    let a = wb.worksheet_range("Anomalie").unwrap();
    let h = find_row(&a, 0, "Codice");
    assert_eq!(a[(h + 1, 0)].to_string(), "target-non-letto");
    assert_eq!(a[(h + 1, 3)].to_string(), "G9");
    assert_eq!(a[(h + 1, 4)].to_string(), "boh");
    assert_eq!(
        a.get_value(((h + 2) as u32, 0))
            .map(|d| d.to_string())
            .unwrap_or_default(),
        ""
    );

    // Styles: percent and date formats, traffic-light fills, print setup.
    let styles = zip_entry(&bytes, "xl/styles.xml");
    // Attainments with the decimals they were computed with (72,21%).
    assert!(styles.contains(r#"formatCode="0.00%""#), "percent numFmt");
    assert!(styles.contains(r#"formatCode="dd/mm/yyyy""#), "date numFmt");
    assert!(
        styles.contains(r##"formatCode="#,##0.00""##),
        "grouped number numFmt"
    );
    assert!(styles.contains("FFC6EFCE"), "green band");
    let sheet2 = zip_entry(&bytes, "xl/worksheets/sheet2.xml");
    assert!(sheet2.contains("conditionalFormatting"));
    assert!(sheet2.contains(r#"<formula>"parzialmente raggiunto"</formula>"#));
    assert!(sheet2.contains(r#"paperSize="9""#) && sheet2.contains(r#"orientation="landscape""#));
    assert!(sheet2.contains("Pagina &amp;P di &amp;N"));
    assert!(sheet2.contains("<autoFilter"));
    assert!(sheet2.contains(r#"state="frozen""#));
    let wbxml = zip_entry(&bytes, "xl/workbook.xml");
    assert!(wbxml.contains("_xlnm.Print_Titles"));
    let core = zip_entry(&bytes, "docProps/core.xml");
    assert!(core.contains("2023-03-31T00:00:00Z"), "{core}");
    assert!(core.contains("<dc:creator>cruscotto</dc:creator>"));
    let charts: Vec<String> = {
        let z = zip::ZipArchive::new(Cursor::new(bytes.clone())).unwrap();
        z.file_names()
            .filter_map(|n| n.ok().map(|n| n.to_string()))
            .filter(|n| n.starts_with("xl/charts/") && n.ends_with(".xml"))
            .collect()
    };
    assert_eq!(charts, ["xl/charts/chart1.xml"]);
    let chart = zip_entry(&bytes, "xl/charts/chart1.xml");
    assert!(chart.contains("<c:barDir val=\"bar\"/>"));
    assert!(chart.contains("Sintesi!$C$"));
}

#[test]
fn area_and_ente_reports() {
    let (records, summary, anomalies) = plan();
    let tpl = Template::default();
    let bytes = write_report(
        &Scope::Area("Area Anagrafe".into()),
        &records,
        &summary,
        &anomalies,
        &tpl,
        &meta(),
    )
    .unwrap();
    let mut wb = open(&bytes);
    let o = wb.worksheet_range("Obiettivi").unwrap();
    assert!(
        o.rows().all(|r| r[0].get_string() != Some("OO2")),
        "no transversal in areas"
    );
    let a = wb.worksheet_range("Anomalie").unwrap();
    find_row(&a, 0, "Nessuna anomalia rilevata.");

    let bytes = write_report(&Scope::Ente, &records, &summary, &anomalies, &tpl, &meta()).unwrap();
    let mut wb = open(&bytes);
    let s = wb.worksheet_range("Sintesi").unwrap();
    let r = find_row(&s, 0, "Ambito");
    assert_eq!(s[(r, 1)].to_string(), "Intero ente");
    let a = wb.worksheet_range("Anomalie").unwrap();
    let h = find_row(&a, 0, "Codice");
    let codes: Vec<String> = (h + 1..a.height()).map(|r| a[(r, 0)].to_string()).collect();
    // Sorted by place: sheet "Note" before "Obiettivi 2022"; each anomaly once.
    assert_eq!(codes, ["intestazione-non-trovata", "target-non-letto"]);
}

#[test]
fn reports_are_reproducible() {
    let (records, summary, anomalies) = plan();
    let tpl = Template::default();
    let scope = Scope::Dirigente("Dott.ssa Maria Rossi".into());
    let a = write_report(&scope, &records, &summary, &anomalies, &tpl, &meta()).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let b = write_report(&scope, &records, &summary, &anomalies, &tpl, &meta()).unwrap();
    assert_eq!(a, b);
    // Without a generation date: fixed 2000-01-01, never today's clock.
    let m = ReportMeta::default();
    let c = write_report(&Scope::Ente, &records, &summary, &anomalies, &tpl, &m).unwrap();
    assert!(zip_entry(&c, "docProps/core.xml").contains("2000-01-01T00:00:00Z"));
    let mut wb = open(&c);
    let s = wb.worksheet_range("Sintesi").unwrap();
    assert!(s
        .rows()
        .all(|r| r[0].get_string() != Some("Data di elaborazione")));
}

#[test]
fn custom_template_changes_columns_and_labels() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("mio.toml");
    std::fs::write(
        &p,
        r##"
[fogli]
obiettivi = "Dettaglio"
[obiettivi]
colonne = ["indicatore", "raggiungimento", "stato", "fonte"]
[obiettivi.intestazioni]
fonte = "Dove"
[colori]
raggiunto = "#00FF00"
"##,
    )
    .unwrap();
    let tpl = Template::load(&p).unwrap();
    let (records, summary, anomalies) = plan();
    let bytes = write_report(&Scope::Ente, &records, &summary, &anomalies, &tpl, &meta()).unwrap();
    let mut wb = open(&bytes);
    assert_eq!(wb.sheet_names(), ["Sintesi", "Dettaglio", "Anomalie"]);
    let o = wb.worksheet_range("Dettaglio").unwrap();
    let h = find_row(&o, 0, "Codice obiettivo");
    assert_eq!(o[(h, 4)].to_string(), "Dove");
    assert_eq!(
        o[(h + 2, 4)].to_string(),
        "piano.xlsx · Obiettivi 2022 · riga 5"
    );
    assert!(zip_entry(&bytes, "xl/styles.xml").contains("FF00FF00"));

    std::fs::write(&p, "[colori]\nraggiunto = \"verde\"\n").unwrap();
    let e = Template::load(&p).unwrap_err().to_string();
    assert!(e.starts_with("modello di report non valido"), "{e}");
    assert!(e.contains("colore non valido «verde»"), "{e}");
    let e = Template::load(&dir.path().join("manca.toml"))
        .unwrap_err()
        .to_string();
    assert!(e.contains("impossibile leggere il file"), "{e}");
}

#[test]
fn default_template_file_parses() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/templates/report.toml"
    ))
    .unwrap();
    assert_eq!(text, report::DEFAULT_TEMPLATE);
    Template::parse(&text).unwrap();
}

#[test]
fn file_names_and_slugs() {
    assert_eq!(
        report_file_name(&Scope::Dirigente("Dott.ssa Maria Rossi".into())),
        "dirigente-dott-ssa-maria-rossi.xlsx"
    );
    assert_eq!(
        report_file_name(&Scope::Area("Area Attività Produttive e Qualità".into())),
        "area-area-attivita-produttive-e-qualita.xlsx"
    );
    assert_eq!(
        report_file_name(&Scope::Dirigente("???".into())),
        "dirigente-senza-nome.xlsx"
    );
    assert_eq!(report_file_name(&Scope::Ente), "riepilogo.xlsx");
    let long = report_file_name(&Scope::Area("Servizio ".repeat(20)));
    assert!(long.len() <= "area-".len() + 60 + ".xlsx".len(), "{long}");
    assert_eq!(long, report_file_name(&Scope::Area("Servizio ".repeat(20))));
}

#[test]
fn csv_header_is_the_contract() {
    let (records, ..) = plan();
    let out = String::from_utf8(export::export(&records, Format::Csv).unwrap()).unwrap();
    let mut rdr = csv::Reader::from_reader(out.as_bytes());
    let header: Vec<String> = rdr.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header[..23].join(", "),
        "source_file, source_sheet, source_row, area, dirigente, objective_code, objective, \
         indicator, unit, weight, baseline_raw, target_raw, target_year, target_op, target_kind, \
         target_value, polarity, polarity_source, actual_raw, actual_value, attainment_pct, status, \
         anomalies"
    );
    assert_eq!(header[..23], CONTRACT_COLUMNS.map(String::from));
    assert_eq!(header, COLUMNS.map(String::from));
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 4);
    let get =
        |r: usize, c: &str| rows[r][COLUMNS.iter().position(|x| *x == c).unwrap()].to_string();
    assert_eq!(get(0, "attainment_pct"), "72.21");
    assert_eq!(get(0, "actual_value"), "1083.25");
    assert_eq!(get(0, "weight"), "50");
    assert_eq!(get(1, "target_value"), "95.5");
    assert_eq!(get(1, "target_op"), "none");
    assert_eq!(get(1, "target_kind"), "percent");
    assert_eq!(get(1, "polarity"), ">=");
    assert_eq!(get(1, "polarity_source"), "default");
    assert_eq!(get(1, "attainment_pct"), "100.00");
    assert_eq!(get(2, "attainment_pct"), "");
    assert_eq!(get(2, "status"), "non valutabile");
    assert_eq!(
        get(2, "anomalies"),
        "target-non-letto: target non interpretato"
    );
    assert_eq!(get(2, "transversal"), "true");
    assert_eq!(get(3, "target_value"), "2022-06-30");
    assert_eq!(get(3, "actual_value"), "2022-05-02");
    assert_eq!(get(3, "source_row"), "12");
}

#[test]
fn json_fields_have_the_right_types() {
    let (records, ..) = plan();
    let v: serde_json::Value =
        serde_json::from_slice(&export::export(&records, Format::Json).unwrap()).unwrap();
    let arr = v.as_array().unwrap();
    assert_eq!(arr.len(), 4);
    let o = arr[0].as_object().unwrap();
    assert_eq!(o.keys().count(), COLUMNS.len());
    assert!(o["source_row"].is_u64());
    assert!(o["target_year"].is_i64());
    assert!(o["shifted"].is_boolean() && o["transversal"].is_boolean());
    assert_eq!(o["attainment_pct"], "72.21");
    assert_eq!(
        Decimal::from_str(o["actual_value"].as_str().unwrap()).unwrap(),
        Decimal::new(108325, 2)
    );
    assert!(o["op_column"].is_null());
    assert!(arr[2]["attainment_pct"].is_null());
    for k in [
        "weight",
        "target_value",
        "actual_value",
        "indicator",
        "status",
    ] {
        assert!(o[k].is_string(), "{k}");
    }
}

#[test]
fn xlsx_export_is_typed_and_reproducible() {
    let (records, summary, _) = plan();
    let a = export::export(&records, Format::Xlsx).unwrap();
    let b = export::export(&records, Format::Xlsx).unwrap();
    assert_eq!(a, b);
    assert!(zip_entry(&a, "docProps/core.xml").contains("2000-01-01T00:00:00Z"));
    let mut wb = open(&a);
    let r = wb.worksheet_range("Indicatori").unwrap();
    let col = |c: &str| COLUMNS.iter().position(|x| *x == c).unwrap();
    let heads: Vec<String> = (0..COLUMNS.len()).map(|c| r[(0, c)].to_string()).collect();
    assert_eq!(heads, COLUMNS.map(String::from));
    assert_eq!(num(&r[(1, col("source_row"))]), 5.0);
    assert_eq!(num(&r[(1, col("weight"))]), 50.0);
    assert!((num(&r[(1, col("attainment_pct"))]) - 72.21).abs() < 1e-9);
    assert!((num(&r[(1, col("actual_value"))]) - 1083.25).abs() < 1e-9);
    assert!(matches!(r[(4, col("target_value"))], Data::DateTime(_)));
    assert_eq!(r[(3, col("transversal"))], Data::Bool(true));
    let sheet = zip_entry(&a, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains("<autoFilter") && sheet.contains(r#"state="frozen""#));
    assert!(zip_entry(&a, "xl/styles.xml").contains(r#"formatCode="dd/mm/yyyy""#));

    // Summary levels.
    let csv =
        String::from_utf8(export::summary_export(&summary, Level::Obiettivo, Format::Csv).unwrap())
            .unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "level,key,label,attainment_pct,status,raggiunti,parzialmente,non_raggiunti,non_valutabili,n_indicatori,renormalised,notes,prev_attainment_pct,attainment_change"
    );
    assert_eq!(
        lines[1],
        "obiettivo,OO1,OO1,86.11,parzialmente raggiunto,1,1,0,0,2,false,,,"
    );
    assert_eq!(lines.len(), 4);
    let j: serde_json::Value = serde_json::from_slice(
        &export::summary_export(&summary, Level::Ente, Format::Json).unwrap(),
    )
    .unwrap();
    assert_eq!(j[0]["level"], "ente");
    assert_eq!(j[0]["attainment_pct"], "93.05");
    assert_eq!(j[0]["renormalised"], true);
    assert_eq!(j[0]["notes"], "pesi rinormalizzati");
    assert_eq!(j[0]["n_indicatori"], 4);
    let x = export::summary_export(&summary, Level::Dirigente, Format::Xlsx).unwrap();
    let mut wb = open(&x);
    let r = wb.worksheet_range("Dirigenti").unwrap();
    assert_eq!(r[(1, 2)].to_string(), "Dott.ssa Maria Rossi");
    assert!((num(&r[(1, 3)]) - 93.05).abs() < 1e-9);
}

#[test]
fn libreoffice_converts_a_report_to_pdf() {
    let soffice = ["soffice", "libreoffice"].into_iter().find(|b| {
        std::process::Command::new("which")
            .arg(b)
            .output()
            .map(|o| o.status.success())
            .unwrap_or(false)
    });
    let Some(soffice) = soffice else {
        eprintln!("LibreOffice (soffice) non installato: conversione in PDF non verificata");
        return;
    };
    let (records, summary, anomalies) = plan();
    let bytes = write_report(
        &Scope::Ente,
        &records,
        &summary,
        &anomalies,
        &Template::default(),
        &meta(),
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("riepilogo.xlsx");
    std::fs::write(&input, bytes).unwrap();
    // A profile of its own: no dependence on $HOME or on another running LibreOffice.
    let profile = tempfile::tempdir().unwrap();
    let status = std::process::Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.path().display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path())
        .arg(&input)
        .env("HOME", profile.path())
        .status()
        .unwrap();
    assert!(status.success());
    let pdf = std::fs::read(dir.path().join("riepilogo.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
}
