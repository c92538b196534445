//! Reports and exports as an office user meets them (issue 17): a hand-made
//! plan through the real binary, the workbooks read back from the XLSX.

use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use calamine::{open_workbook, Data, DataType, Range, Reader, Xlsx};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_cruscotto"))
}

fn ok(out: Output) -> Output {
    assert!(
        out.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// A small plan: the body's name in the title, two objectives of the Area
/// Anagrafe with no weight, formula, unit or baseline column: OO1 missed by a
/// hair (`< 1,4` with actual 1,4: 99,99), OO2 with an actual not understood,
/// OO3 a deadline, OO4 without its actual.
const PLAN: &str = "Camera di Commercio di Esempio;;;\n\
Piano della performance 2025 - Area Anagrafe;;;\n\
Obiettivo operativo;Indicatore;Target 2025;Consuntivo 2025\n\
OO1 Ridurre i tempi;Tempo medio di evasione;< 1,4;1,4\n\
OO2 Informare le imprese;Iniziative realizzate;>= 5;n. iniziative / 10\n\
OO3 Approvare il regolamento;Approvazione del regolamento;entro il 30/06/2025;15/05/2025\n\
OO3 Approvare il regolamento;Pubblicazione del regolamento;<= 31/07/2025;20/07/2025\n\
OO4 Digitalizzare;Pratiche telematiche;>= 80%;\n";

const ORG: &str = "Area;Dirigente\nArea Anagrafe;Dott.ssa Anna Verdi\n";

fn write_plan(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

/// `cruscotto report` of `plan` into `dir/out`; returns the output.
fn report(dir: &Path, plan: &Path, extra: &[&str]) -> Output {
    let org = write_plan(dir, "org.csv", ORG);
    ok(bin()
        .arg("report")
        .arg(plan)
        .arg("--organigramma")
        .arg(&org)
        .arg("--out")
        .arg(dir.join("out"))
        .arg("--force")
        .args(extra)
        .output()
        .unwrap())
}

fn sheet(path: &Path, name: &str) -> Range<Data> {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    wb.worksheet_range(name).unwrap()
}

fn find_row(range: &Range<Data>, col: usize, text: &str) -> usize {
    range
        .rows()
        .position(|r| r.get(col).is_some_and(|c| c.get_string() == Some(text)))
        .unwrap_or_else(|| panic!("«{text}» not found in column {col}"))
}

fn find_col(range: &Range<Data>, row: usize, text: &str) -> Option<usize> {
    (0..range.width()).find(|&c| range[(row, c)].get_string() == Some(text))
}

fn zip_entry(path: &Path, name: &str) -> String {
    let bytes = std::fs::read(path).unwrap();
    let mut z = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut f = z.by_name(name).unwrap();
    let mut s = String::new();
    f.read_to_string(&mut s).unwrap();
    s
}

fn col_letter(c: usize) -> String {
    let mut n = c + 1;
    let mut out = Vec::new();
    while n > 0 {
        out.push(b'A' + ((n - 1) % 26) as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap()
}

fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let at = tag.find(&key)? + key.len();
    Some(&tag[at..at + tag[at..].find('"')?])
}

/// The text a spreadsheet shows for the percent cell (`row`, `col`) of the
/// `n`-th sheet: its value with the decimals of its number format.
fn shown_percent(path: &Path, n: usize, row: usize, col: usize) -> String {
    let xml = zip_entry(path, &format!("xl/worksheets/sheet{n}.xml"));
    let key = format!("<c r=\"{}{}\"", col_letter(col), row + 1);
    let at = xml.find(&key).unwrap_or_else(|| panic!("{key}"));
    let tag = &xml[at..at + xml[at..].find('>').unwrap()];
    let s: usize = attr(tag, "s").unwrap().parse().unwrap();
    let v0 = at + xml[at..].find("<v>").unwrap() + 3;
    let v: f64 = xml[v0..v0 + xml[v0..].find("</v>").unwrap()]
        .parse()
        .unwrap();
    let styles = zip_entry(path, "xl/styles.xml");
    let xfs = &styles[styles.find("<cellXfs").unwrap()..];
    let (xf_at, _) = xfs.match_indices("<xf ").nth(s).unwrap();
    let xf = &xfs[xf_at..xf_at + xfs[xf_at..].find('>').unwrap()];
    let id = attr(xf, "numFmtId").unwrap();
    let code = match id {
        "9" => "0%".to_string(),
        "10" => "0.00%".to_string(),
        _ => {
            let key = format!("numFmtId=\"{id}\" formatCode=\"");
            let at = styles.find(&key).unwrap() + key.len();
            styles[at..at + styles[at..].find('"').unwrap()].to_string()
        }
    };
    assert!(code.ends_with('%'), "{code}");
    let dp = code
        .split('.')
        .nth(1)
        .map(|f| f.chars().take_while(|c| *c == '0').count())
        .unwrap_or(0);
    format!("{:.*}%", dp, v * 100.0)
}

// 1. An unmet attainment is never shown as 100 %.
#[test]
fn unmet_attainment_is_never_shown_as_100() {
    let d = tempfile::tempdir().unwrap();
    let plan = write_plan(d.path(), "piano.csv", PLAN);
    report(d.path(), &plan, &[]);
    let wb = d.path().join("out/dirigente-dott-ssa-anna-verdi.xlsx");
    // Obiettivi (sheet 2): the indicator row and its objective row.
    let o = sheet(&wb, "Obiettivi");
    let h = find_row(&o, 1, "Indicatore");
    let c = find_col(&o, h, "Raggiungimento").unwrap();
    let st = find_col(&o, h, "Stato").unwrap();
    let r = find_row(&o, 1, "Tempo medio di evasione");
    assert_eq!(o[(r, st)].to_string(), "parzialmente raggiunto");
    assert_eq!(shown_percent(&wb, 2, r, c), "99.99%");
    let obj = find_row(&o, 1, "Ridurre i tempi");
    assert_eq!(shown_percent(&wb, 2, obj, c), "99.99%");
    // Sintesi (sheet 1): the objective table and the overall figure.
    let s = sheet(&wb, "Sintesi");
    let r = find_row(&s, 0, "OO1");
    assert_eq!(shown_percent(&wb, 1, r, 2), "99.99%");
}

// 2. The body's name read from the title rows, said where; a warning when none.
#[test]
fn ente_from_title_rows_with_its_source() {
    let d = tempfile::tempdir().unwrap();
    let plan = write_plan(d.path(), "piano.csv", PLAN);
    let out = report(d.path(), &plan, &[]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("inferenza: ente «Camera di Commercio di Esempio» letto dal titolo")
            && err.contains("cella A1"),
        "{err}"
    );
    let s = sheet(&d.path().join("out/riepilogo.xlsx"), "Sintesi");
    let r = find_row(&s, 0, "Ente");
    assert_eq!(s[(r, 1)].to_string(), "Camera di Commercio di Esempio");

    // --ente wins, silently.
    let out = report(d.path(), &plan, &["--ente", "CCIAA di Prova"]);
    assert!(!String::from_utf8_lossy(&out.stderr).contains("inferenza: ente"));
    let s = sheet(&d.path().join("out/riepilogo.xlsx"), "Sintesi");
    assert_eq!(s[(r, 1)].to_string(), "CCIAA di Prova");

    // No title naming a body: a warning, and the template's default.
    let plain = write_plan(
        d.path(),
        "senza.csv",
        &PLAN.replacen("Camera di Commercio di Esempio", "", 1),
    );
    let out = report(d.path(), &plain, &[]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("attenzione: nessun titolo dei fogli nomina l'ente"),
        "{err}"
    );
    let s = sheet(&d.path().join("out/riepilogo.xlsx"), "Sintesi");
    assert_eq!(s[(r, 1)].to_string(), "Ente");

    // Upper-case titles of the variants.
    let up = write_plan(
        d.path(),
        "maiuscolo.csv",
        &PLAN.replacen(
            "Camera di Commercio di Esempio",
            "CAMERA DI COMMERCIO DELLA MAREMMA E DEL TIRRENO",
            1,
        ),
    );
    report(d.path(), &up, &[]);
    let s = sheet(&d.path().join("out/riepilogo.xlsx"), "Sintesi");
    assert_eq!(
        s[(r, 1)].to_string(),
        "Camera di Commercio della Maremma e del Tirreno"
    );
}

// 3. The overall figure says on how many objectives and how it was computed.
#[test]
fn sintesi_says_objectives_excluded_and_simple_mean() {
    let d = tempfile::tempdir().unwrap();
    let plan = write_plan(d.path(), "piano.csv", PLAN);
    report(d.path(), &plan, &[]);
    for f in [
        "dirigente-dott-ssa-anna-verdi.xlsx",
        "area-area-anagrafe.xlsx",
    ] {
        let s = sheet(&d.path().join("out").join(f), "Sintesi");
        let r = find_row(&s, 0, "Grado di raggiungimento complessivo");
        assert!(matches!(s[(r, 1)], Data::Float(_)));
        let note = s[(r, 2)].to_string();
        assert!(
            note.contains("calcolato su 2 obiettivi su 4: 2 non valutabili (esclusi dal calcolo)"),
            "{f}: {note}"
        );
        assert!(note.contains("media semplice"), "{f}: {note}");
    }
}

// 4. No column empty in the whole workbook; the Sintesi chart on one page.
#[test]
fn empty_columns_left_out_and_chart_on_one_page() {
    let d = tempfile::tempdir().unwrap();
    let plan = write_plan(d.path(), "piano.csv", PLAN);
    report(d.path(), &plan, &[]);
    let wb = d.path().join("out/dirigente-dott-ssa-anna-verdi.xlsx");
    let o = sheet(&wb, "Obiettivi");
    let h = find_row(&o, 1, "Indicatore");
    let heads: Vec<String> = (0..o.width()).map(|c| o[(h, c)].to_string()).collect();
    for gone in ["Formula di calcolo", "UdM", "Peso", "Baseline"] {
        assert!(!heads.iter().any(|x| x == gone), "{gone} in {heads:?}");
    }
    assert_eq!(heads[0], "Codice obiettivo");
    for kept in [
        "Target (come scritto)",
        "Consuntivo",
        "Raggiungimento",
        "Stato",
    ] {
        assert!(heads.iter().any(|x| x == kept), "{kept} missing: {heads:?}");
    }
    // Every column left has something below its header.
    for c in 0..heads.len() {
        assert!(
            (h + 1..o.height()).any(|r| !matches!(o[(r, c)], Data::Empty)),
            "column {} empty",
            heads[c]
        );
    }

    // Objectives without codes: no code column; many objectives: the chart
    // starts a page and fits on it.
    let mut text = String::from(
        "Piano della performance 2025 - Area Anagrafe;;;\nObiettivo operativo;Indicatore;Target 2025;Consuntivo 2025\n",
    );
    for i in 1..=40 {
        text.push_str(&format!(
            "Migliorare il servizio numero {i};Pratiche evase {i};>= 100;{}\n",
            50 + i
        ));
    }
    let many = write_plan(d.path(), "molti.csv", &text);
    report(d.path(), &many, &[]);
    let wb = d.path().join("out/dirigente-dott-ssa-anna-verdi.xlsx");
    let o = sheet(&wb, "Obiettivi");
    let h = find_row(&o, 0, "Indicatore");
    assert!(find_col(&o, h, "Codice obiettivo").is_none());
    let s = sheet(&wb, "Sintesi");
    // No code column in the Sintesi table either: the title starts the row.
    let first = find_row(&s, 0, "Migliorare il servizio numero 1");
    let last = find_row(&s, 0, "Migliorare il servizio numero 40");
    assert_eq!(last - first, 39);
    let sintesi = zip_entry(&wb, "xl/worksheets/sheet1.xml");
    // Fitted to the page width (LibreOffice keeps the manual break then;
    // checked on the demo's PDF) with a page break right where the chart
    // starts.
    assert!(sintesi.contains("fitToPage=\"1\""), "{sintesi}");
    assert!(sintesi.contains("fitToHeight=\"0\""), "{sintesi}");
    let chart_row = last + 2;
    assert!(
        sintesi.contains(&format!(
            "<rowBreaks count=\"1\" manualBreakCount=\"1\"><brk id=\"{chart_row}\""
        )),
        "{sintesi}"
    );
    let drawing = zip_entry(&wb, "xl/drawings/drawing1.xml");
    let rows: Vec<usize> = drawing
        .split("<xdr:row>")
        .skip(1)
        .map(|t| t[..t.find('<').unwrap()].parse().unwrap())
        .collect();
    assert_eq!(rows[0], chart_row, "{drawing}");
    // Rows below the table are 15 points (20 pixels) high: an A4 landscape
    // page less the margins (6,87 in, about 660 pixels) holds 33 of them.
    assert!(
        rows[1] - rows[0] <= 32,
        "chart spans {} rows",
        rows[1] - rows[0]
    );
    // The bars are named by the objective titles when there are no codes.
    let chart = zip_entry(&wb, "xl/charts/chart1.xml");
    assert!(chart.contains("Sintesi!$A$"), "{chart}");
    assert!(
        chart.contains("<c:v>Migliorare il servizio numero 1</c:v>"),
        "{chart}"
    );
}

// 6. CSV for Italian Excel, besides the canonical CSV.
#[test]
fn csv_for_italian_excel_byte_wise() {
    let d = tempfile::tempdir().unwrap();
    let plan = write_plan(
        d.path(),
        "piano.csv",
        "Obiettivo operativo;Indicatore;Peso;Target 2025;Consuntivo 2025;Scadenza\n\
         OO1 Tempi;Tempo medio;40%;<= 5;4,5;\n",
    );
    let out = d.path().join("excel.csv");
    ok(bin()
        .args(["convert", "--format", "csv-excel"])
        .arg(&plan)
        .arg("--output")
        .arg(&out)
        .output()
        .unwrap());
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBFsource_file;source_sheet;source_row;area;"));
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    let mut lines = text.split("\r\n");
    let header = lines.next().unwrap();
    assert_eq!(header.split(';').count(), cruscotto::export::COLUMNS.len());
    let row = lines.next().unwrap();
    let fields: Vec<&str> = row.split(';').collect();
    let at = |c: &str| {
        cruscotto::export::COLUMNS
            .iter()
            .position(|x| *x == c)
            .unwrap()
    };
    assert_eq!(fields[at("weight")], "40");
    assert_eq!(fields[at("actual_raw")], "4,5");
    assert_eq!(fields[at("actual_value")], "4,5");
    assert_eq!(fields[at("target_value")], "5");
    assert_eq!(fields[at("attainment_pct")], "100,00");
    assert_eq!(lines.next(), Some(""), "CRLF after the last row");
    // Byte-wise: the canonical CSV with `;`, `,` decimals, BOM and CRLF.
    let canon = ok(bin()
        .args(["convert", "--format", "csv"])
        .arg(&plan)
        .args(["--output", "-"])
        .output()
        .unwrap())
    .stdout;
    let mut want = b"\xEF\xBB\xBF".to_vec();
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(canon.as_slice());
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    for (i, rec) in rdr.records().enumerate() {
        let rec = rec.unwrap();
        let fields: Vec<String> = rec
            .iter()
            .enumerate()
            .map(|(c, f)| {
                let numeric = ["weight", "target_value", "actual_value", "attainment_pct"]
                    .iter()
                    .any(|n| at(n) == c);
                if i > 0 && numeric {
                    f.replace('.', ",")
                } else {
                    f.to_string()
                }
            })
            .collect();
        w.write_record(&fields).unwrap();
    }
    want.extend(w.into_inner().unwrap());
    assert_eq!(bytes, want);
    // The canonical CSV is unchanged.
    assert!(canon.starts_with(b"source_file,source_sheet,"));
    // Named in --help.
    let help = ok(bin().args(["convert", "--help"]).output().unwrap()).stdout;
    assert!(String::from_utf8_lossy(&help).contains("csv-excel"));
}

// 9. A period run is titled `Monitoraggio al …`; a year-end one is not.
#[test]
fn period_runs_titled_monitoraggio() {
    let d = tempfile::tempdir().unwrap();
    let plan = write_plan(d.path(), "piano.csv", PLAN);
    let org = write_plan(d.path(), "org.csv", ORG);
    let job = d.path().join("lavori.toml");
    std::fs::write(
        &job,
        format!(
            "[[lavoro]]\nnome = \"mensile\"\nanno = 2025\ningressi = [{:?}]\norganigramma = {:?}\nuscita = \"out/{{periodo}}/\"\nnormalizzato = [\"csv-excel\"]\n",
            plan.display().to_string(),
            org.display().to_string()
        ),
    )
    .unwrap();
    for (periodo, title) in [
        ("2025-06", "Monitoraggio al 30/06/2025"),
        ("2025-12", "Relazione sulla performance 2025"),
    ] {
        let out = bin()
            .args(["run", "--quiet", "--periodo", periodo])
            .arg(&job)
            .output()
            .unwrap();
        assert!(out.status.code().is_some_and(|c| c < 2), "{out:?}");
        let dir = d.path().join("out").join(periodo);
        for f in ["riepilogo.xlsx", "dirigente-dott-ssa-anna-verdi.xlsx"] {
            for name in ["Sintesi", "Obiettivi", "Anomalie"] {
                let s = sheet(&dir.join(f), name);
                assert_eq!(s[(0, 0)].to_string(), title, "{periodo} {f} {name}");
            }
        }
        // The job's Excel CSV and the body read from the title.
        assert!(std::fs::read(dir.join("normalizzato-excel.csv"))
            .unwrap()
            .starts_with(b"\xEF\xBB\xBF"));
        let s = sheet(&dir.join("riepilogo.xlsx"), "Sintesi");
        let r = find_row(&s, 0, "Ente");
        assert_eq!(s[(r, 1)].to_string(), "Camera di Commercio di Esempio");
    }
    // `report --periodo` too.
    report(d.path(), &plan, &["--periodo", "2025-06"]);
    let s = sheet(&d.path().join("out/riepilogo.xlsx"), "Sintesi");
    assert_eq!(s[(0, 0)].to_string(), "Monitoraggio al 30/06/2025");
    report(d.path(), &plan, &[]);
    let s = sheet(&d.path().join("out/riepilogo.xlsx"), "Sintesi");
    assert_eq!(s[(0, 0)].to_string(), "Relazione sulla performance 2025");
}

// 12. Plain wording: criterion, Cella, explain numbers, lavoro.toml.
#[test]
fn plain_italian_wording() {
    let d = tempfile::tempdir().unwrap();
    let plan = write_plan(d.path(), "piano.csv", PLAN);
    report(d.path(), &plan, &[]);
    let wb = d.path().join("out/dirigente-dott-ssa-anna-verdi.xlsx");
    let o = sheet(&wb, "Obiettivi");
    let h = find_row(&o, 1, "Indicatore");
    let c = find_col(&o, h, "Criterio di valutazione").unwrap();
    let crit = |ind: &str| o[(find_row(&o, 1, ind), c)].to_string();
    assert_eq!(
        crit("Tempo medio di evasione"),
        "più basso è meglio (indicato dal target)"
    );
    assert_eq!(
        crit("Iniziative realizzate"),
        "più alto è meglio (indicato dal target)"
    );
    // A deadline reads the same however it was written.
    assert_eq!(crit("Approvazione del regolamento"), "entro la scadenza");
    assert_eq!(crit("Pubblicazione del regolamento"), "entro la scadenza");
    for r in h + 1..o.height() {
        let t = o[(r, c)].to_string();
        assert!(
            !t.contains('≥') && !t.contains('≤') && !t.contains("predefinito ("),
            "{t}"
        );
    }

    // Anomalie: a cell, or `riga N` when no cell applies.
    let a = sheet(&wb, "Anomalie");
    let h = find_row(&a, 0, "Codice");
    let cells: Vec<(String, String)> = (h + 1..a.height())
        .map(|r| (a[(r, 0)].to_string(), a[(r, 3)].to_string()))
        .collect();
    assert!(
        cells.contains(&("consuntivo-non-letto".into(), "D5".into())),
        "{cells:?}"
    );
    assert!(
        cells.contains(&("consuntivo-mancante".into(), "riga 8".into())),
        "{cells:?}"
    );
    let cell_ref = regex::Regex::new(r"^(?:[A-Z]{1,3}[1-9][0-9]*|riga [1-9][0-9]*)$").unwrap();
    for (code, cell) in &cells {
        assert!(cell_ref.is_match(cell), "{code}: «{cell}»");
    }

    // explain --row: Italian numbers.
    let out = ok(bin()
        .arg("explain")
        .arg("--row")
        .arg(format!("{}:piano:4", plan.display()))
        .output()
        .unwrap());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Consuntivo letto: 1,4\n"), "{text}");

    // The job file users edit is commented in Italian.
    let lavoro = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/lavoro.toml"),
    )
    .unwrap();
    for english in [
        " the ",
        "Sample",
        "Paths are",
        "Inputs",
        "Output directory",
        " is ",
        " when ",
    ] {
        let comments: Vec<&str> = lavoro
            .lines()
            .filter(|l| l.trim_start().starts_with('#'))
            .collect();
        assert!(
            !comments.iter().any(|l| l.contains(english)),
            "«{english}» in the comments of lavoro.toml"
        );
    }
    assert!(lavoro.contains("# File di lavoro di esempio"));
}

// 14. An actual not understood has no value in the export.
#[test]
fn actual_not_understood_exported_without_value() {
    let d = tempfile::tempdir().unwrap();
    let plan = write_plan(d.path(), "piano.csv", PLAN);
    for format in ["csv", "json"] {
        let out = ok(bin()
            .arg("convert")
            .arg(&plan)
            .args(["--format", format, "--output", "-"])
            .output()
            .unwrap())
        .stdout;
        if format == "json" {
            let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
            let row = v
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["indicator"] == "Iniziative realizzate")
                .unwrap();
            assert_eq!(row["actual_raw"], "n. iniziative / 10");
            assert_eq!(row["actual_value"], serde_json::Value::Null);
            assert!(row["anomalies"]
                .as_str()
                .unwrap()
                .contains("consuntivo-non-letto: consuntivo non compreso"));
        } else {
            let mut rdr = csv::Reader::from_reader(out.as_slice());
            let heads = rdr.headers().unwrap().clone();
            let at = |c: &str| heads.iter().position(|h| h == c).unwrap();
            let row = rdr
                .records()
                .map(|r| r.unwrap())
                .find(|r| &r[at("indicator")] == "Iniziative realizzate")
                .unwrap();
            assert_eq!(&row[at("actual_raw")], "n. iniziative / 10");
            assert_eq!(&row[at("actual_value")], "");
            assert_eq!(&row[at("status")], "non valutabile");
        }
    }
}
