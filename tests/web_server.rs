//! `cruscotto web` through HTTP on 127.0.0.1: the real binary, real
//! fixtures, the page's contents and downloads compared with the CLI's.

mod web_common;

use reqwest::multipart::{Form, Part};
use reqwest::StatusCode;
use web_common::{cli, cli_reports, cli_reports_in, fixture, page_text, unzip, Server};

fn part(name: &str) -> Part {
    Part::bytes(std::fs::read(fixture(name)).unwrap()).file_name(name.to_string())
}

/// Posts `form`; the final response (after the redirect to the results).
async fn post(server: &Server, form: Form) -> reqwest::Response {
    reqwest::Client::new()
        .post(server.at("analizza"))
        .multipart(form)
        .send()
        .await
        .expect("post the form")
}

async fn get(url: &str) -> reqwest::Response {
    reqwest::get(url).await.expect("get")
}

async fn bytes(url: &str) -> (StatusCode, Vec<u8>) {
    let r = get(url).await;
    (r.status(), r.bytes().await.unwrap().to_vec())
}

#[tokio::test]
async fn the_demo_plan_gives_the_reports_of_the_cli() {
    let mut server = Server::start(&[]);
    let home = get(&server.url).await;
    assert_eq!(home.status(), StatusCode::OK);
    let home = home.text().await.unwrap();
    for label in [
        "Piani della performance",
        "Organigramma",
        "Consuntivi",
        "Analizza",
    ] {
        assert!(home.contains(label), "{label}");
    }
    let form = Form::new()
        .part("piani", part("arezzo-siena-2022.xlsx"))
        .part("organigramma", part("arezzo-siena-2022-organigramma.csv"))
        .text("anno", "")
        .text("ente", "CCIAA di prova");
    let res = post(&server, form).await;
    assert_eq!(res.status(), StatusCode::OK);
    let page_url = res.url().to_string();
    assert!(page_url.contains("/analisi/"), "{page_url}");
    let html = res.text().await.unwrap();
    let text = page_text(&html);

    // Attainment per dirigente and area: the figures of the CLI's summary.
    let csv = cli(
        &fixture(""),
        &[
            "convert",
            "arezzo-siena-2022.xlsx",
            "--organigramma",
            "arezzo-siena-2022-organigramma.csv",
            "--level",
            "dirigente",
            "-o",
            "-",
        ],
    );
    let csv = String::from_utf8(csv.stdout).unwrap();
    let mut rd = csv::Reader::from_reader(csv.as_bytes());
    let head = rd.headers().unwrap().clone();
    let col = |n: &str| head.iter().position(|h| h == n).unwrap();
    let (label, pct) = (col("label"), col("attainment_pct"));
    let mut seen = 0;
    for row in rd.records() {
        let row = row.unwrap();
        let shown = format!("{}%", row[pct].replace('.', ","));
        let line = format!("{} {}", &row[label], shown);
        assert!(text.contains(&line), "{line} not on the page");
        seen += 1;
    }
    assert_eq!(seen, 5);
    assert!(text.contains("Dott. Mario Del Secco 84,68% parzialmente raggiunto"));
    assert!(text.contains("Grado di raggiungimento dell'ente: 91,43%"));
    assert!(text.contains("CCIAA di prova"));
    assert!(html.contains("class=\"stato parziale\""));

    // The structure as `cruscotto struttura` reads it.
    let tree = cli(
        &fixture(""),
        &[
            "struttura",
            "arezzo-siena-2022.xlsx",
            "--organigramma",
            "arezzo-siena-2022-organigramma.csv",
            "--json",
        ],
    );
    let tree: serde_json::Value = serde_json::from_slice(&tree.stdout).unwrap();
    for f in tree["fogli"].as_array().unwrap() {
        let h = format!(
            "{} — foglio «{}»",
            f["file"].as_str().unwrap(),
            f["foglio"].as_str().unwrap()
        );
        assert!(text.contains(&h), "{h}");
        for a in f["aree_strategiche"].as_array().unwrap() {
            if let Some(n) = a["nome"].as_str() {
                assert!(text.contains(n), "{n}");
            }
        }
    }
    for d in tree["dirigenti"].as_array().unwrap() {
        let line = format!(
            "{} {} {}",
            d["nome"].as_str().unwrap(),
            d["indicatori"],
            d["condivisi"]
        );
        assert!(text.contains(&line), "{line}");
    }

    // Every anomaly of `cruscotto check`, with file, sheet, cell, text and message.
    let check = cli(
        &fixture(""),
        &[
            "check",
            "arezzo-siena-2022.xlsx",
            "--organigramma",
            "arezzo-siena-2022-organigramma.csv",
            "--json",
        ],
    );
    let check: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
    let anomalies = check["anomalies"].as_array().unwrap();
    assert!(!anomalies.is_empty());
    assert!(text.contains(&format!("Anomalie ({})", anomalies.len())));
    for a in anomalies {
        let row = format!(
            "{} {} {} {}",
            a["code"].as_str().unwrap(),
            a["file"].as_str().unwrap(),
            a["sheet"].as_str().unwrap(),
            a["cell"].as_str().unwrap()
        );
        assert!(text.contains(&row), "{row}");
        assert!(text.contains(a["message"].as_str().unwrap()), "{a}");
    }

    // Downloads: the reports' bytes are those of `cruscotto report`.
    let (status, zip) = bytes(&format!("{page_url}/scarica/report.zip")).await;
    assert_eq!(status, StatusCode::OK);
    let expected = cli_reports(&[
        "arezzo-siena-2022.xlsx",
        "--organigramma",
        "arezzo-siena-2022-organigramma.csv",
        "--ente",
        "CCIAA di prova",
    ]);
    let got = unzip(&zip);
    assert_eq!(got.len(), 13);
    let names = |v: &[(String, Vec<u8>)]| v.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(names(&got), names(&expected));
    for ((n, a), (_, b)) in got.iter().zip(&expected) {
        assert!(a == b, "{n} differs from cruscotto report");
    }
    let (_, manifest) = bytes(&format!("{page_url}/scarica/manifest.json")).await;
    assert_eq!(manifest, expected.last().unwrap().1);
    for (what, format) in [
        ("normalizzato.csv", "csv"),
        ("normalizzato-excel.csv", "csv-excel"),
        ("normalizzato.xlsx", "xlsx"),
    ] {
        let r = get(&format!("{page_url}/scarica/{what}")).await;
        assert_eq!(r.status(), StatusCode::OK);
        let disp = r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .to_string();
        assert!(disp.contains(what), "{disp}");
        let body = r.bytes().await.unwrap().to_vec();
        let cli_out = cli(
            &fixture(""),
            &[
                "convert",
                "arezzo-siena-2022.xlsx",
                "--organigramma",
                "arezzo-siena-2022-organigramma.csv",
                "--format",
                format,
                "-o",
                "-",
            ],
        );
        assert!(
            body == cli_out.stdout,
            "{what} differs from cruscotto convert"
        );
    }
    let (status, _) = bytes(&format!("{page_url}/scarica/..%2f..%2fetc%2fpasswd")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // While serving, the uploads are in one private directory; stopping removes it.
    assert_eq!(server.private_dirs().len(), 1);
    let err = server.stop();
    assert!(err.contains("file temporanei cancellati"), "{err}");
    assert!(server.private_dirs().is_empty());
}

#[tokio::test]
async fn the_trace_of_an_indicator_is_the_one_of_explain_row() {
    let server = Server::start(&[]);
    let res = post(
        &server,
        Form::new().part("piani", part("arezzo-siena-2022.xlsx")),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    let re =
        regex::Regex::new(r#"href="(/analisi/[0-9a-f]{32}/spiega/\d+)" title="([^"]*)""#).unwrap();
    let link = re
        .captures_iter(&html)
        .find(|c| &c[2] == "arezzo-siena-2022.xlsx:Allegato 1!6")
        .map(|c| c[1].to_string())
        .expect("a link for Allegato 1 row 6");
    let trace = get(&server.at(&link)).await.text().await.unwrap();
    let out = cli(
        &fixture(""),
        &["explain", "--row", "arezzo-siena-2022.xlsx:Allegato 1:6"],
    );
    assert_eq!(
        trace.trim_end(),
        String::from_utf8(out.stdout).unwrap().trim_end()
    );
    assert!(trace.contains("Grado di raggiungimento: 72,21%"), "{trace}");
    let (status, _) = bytes(&server.at(&link.replace("/spiega/", "/spiega/99999"))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn oversize_uploads_are_refused_in_italian() {
    let server = Server::start(&["--limite-file", "1", "--limite-richiesta", "3"]);
    let big = vec![b'a'; 1024 * 1024 + 10];
    let form = Form::new().part("piani", Part::bytes(big).file_name("grande.csv"));
    let res = post(&server, form).await;
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let text = page_text(&res.text().await.unwrap());
    assert!(
        text.contains("il file «grande.csv» supera il limite di 1 MB per file"),
        "{text}"
    );
    let mut form = Form::new();
    for i in 0..4 {
        let chunk = vec![b'b'; 1000 * 1024];
        form = form.part("piani", Part::bytes(chunk).file_name(format!("p{i}.csv")));
    }
    let res = post(&server, form).await;
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let text = page_text(&res.text().await.unwrap());
    assert!(
        text.contains("superano il limite di 3 MB per richiesta"),
        "{text}"
    );
    // Nothing of the refused requests is kept; the server goes on.
    let dir = &server.private_dirs()[0];
    assert_eq!(std::fs::read_dir(dir).unwrap().count(), 0);
    let res = post(
        &server,
        Form::new().part("piani", part("piano-piatto-2025.csv")),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_damaged_or_wrong_file_is_shown_on_the_page() {
    let server = Server::start(&[]);
    let form = Form::new().part(
        "piani",
        Part::bytes(b"PK\x03\x04 non un foglio".to_vec()).file_name("rotto.xlsx"),
    );
    let res = post(&server, form).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let text = page_text(&res.text().await.unwrap());
    assert!(
        text.contains("Non è stato possibile completare l'analisi"),
        "{text}"
    );
    assert!(text.contains("rotto.xlsx"), "{text}");
    assert!(text.contains("nessun file leggibile"), "{text}");
    assert!(
        !text.contains("cruscotto-web-"),
        "a private path leaked: {text}"
    );

    // An organigramma of the wrong kind, and a damaged one.
    let form = Form::new()
        .part("piani", part("arezzo-siena-2022.xlsx"))
        .part("organigramma", part("arezzo-siena-2022.xlsx"));
    let res = post(&server, form).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let text = page_text(&res.text().await.unwrap());
    assert!(text.contains("estensioni ammesse .csv, .txt"), "{text}");
    let form = Form::new()
        .part("piani", part("arezzo-siena-2022.xlsx"))
        .part(
            "organigramma",
            Part::bytes(b"Area;Dirigente\nsolo\n".to_vec()).file_name("org.csv"),
        )
        .text("anno", "2022");
    let res = post(&server, form).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    let text = page_text(&html);
    assert!(
        text.contains("organigramma org.csv non valido alla riga 2"),
        "{text}"
    );
    assert!(!text.contains("cruscotto-web-"), "{text}");
    assert!(html.contains("value=\"2022\""), "the year typed is kept");

    // Not multipart, unknown pages, other hosts.
    let res = reqwest::Client::new()
        .post(server.at("analizza"))
        .body("x")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert!(res.text().await.unwrap().contains("richiesta non valida"));
    let res = get(&server.at("analisi/0123456789abcdef0123456789abcdef")).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert!(res.text().await.unwrap().contains("analisi non trovata"));
    let res = reqwest::Client::new()
        .get(&server.url)
        .header("Host", "esempio.example")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::MISDIRECTED_REQUEST);
    let res = reqwest::Client::new()
        .post(server.at("analizza"))
        .header("Origin", "http://esempio.example")
        .multipart(Form::new().part("piani", part("piano-piatto-2025.csv")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(res
        .text()
        .await
        .unwrap()
        .contains("va inviato dalla pagina di cruscotto"));
    let res = reqwest::Client::new()
        .post(server.at("analizza"))
        .header("Origin", server.url.trim_end_matches('/'))
        .multipart(Form::new().part("piani", part("piano-piatto-2025.csv")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK, "the page's own origin");

    // The server still serves; a damaged plan beside a good one is listed
    // on the results page.
    let form = Form::new()
        .part("piani", part("arezzo-siena-2022.xlsx"))
        .part(
            "piani",
            Part::bytes(b"PK\x03\x04 non un foglio".to_vec()).file_name("rotto.xlsx"),
        );
    let res = post(&server, form).await;
    assert_eq!(res.status(), StatusCode::OK);
    let text = page_text(&res.text().await.unwrap());
    assert!(text.contains("File non letti: rotto.xlsx: "), "{text}");
    assert!(text.contains("190 indicatori"), "{text}");
    assert!(!text.contains("cruscotto-web-"), "{text}");
}

#[tokio::test]
async fn two_tabs_at_once_do_not_mix_their_files() {
    let server = Server::start(&[]);
    let a = post(
        &server,
        Form::new()
            .part("piani", part("arezzo-siena-2022.xlsx"))
            .part("organigramma", part("arezzo-siena-2022-organigramma.csv")),
    );
    let b = post(
        &server,
        Form::new()
            .part("piani", part("pistoia-prato-2025.xlsx"))
            .part("organigramma", part("pistoia-prato-2025-organigramma.csv")),
    );
    let (a, b) = tokio::join!(a, b);
    let (ua, ub) = (a.url().to_string(), b.url().to_string());
    assert_ne!(ua, ub);
    let (ta, tb) = (
        page_text(&a.text().await.unwrap()),
        page_text(&b.text().await.unwrap()),
    );
    assert!(ta.contains("arezzo-siena-2022.xlsx") && !ta.contains("pistoia-prato-2025.xlsx"));
    assert!(tb.contains("pistoia-prato-2025.xlsx") && !tb.contains("arezzo-siena-2022.xlsx"));
    let (_, za) = bytes(&format!("{ua}/scarica/report.zip")).await;
    let (_, zb) = bytes(&format!("{ub}/scarica/report.zip")).await;
    let ea = cli_reports(&[
        "arezzo-siena-2022.xlsx",
        "--organigramma",
        "arezzo-siena-2022-organigramma.csv",
    ]);
    let eb = cli_reports(&[
        "pistoia-prato-2025.xlsx",
        "--organigramma",
        "pistoia-prato-2025-organigramma.csv",
    ]);
    assert!(unzip(&za) == ea, "first tab's reports");
    assert!(unzip(&zb) == eb, "second tab's reports");
}

#[tokio::test]
async fn several_plans_actuals_rules_and_a_period() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let files = [
        (
            "piano.csv",
            "Obiettivo operativo;Indicatore;UdM;Target 2025\n\
             OO1 Promuovere i servizi;Imprese assistite;n.;>= 100\n\
             ;Eventi realizzati;n.;>= 4\n\
             OO2 Digitalizzare;Pratiche telematiche;%;>= 90%\n",
        ),
        (
            "consuntivi-giugno.csv",
            "Obiettivo operativo;Indicatore;Consuntivo 2025\n\
             OO1 Promuovere i servizi;Imprese assistite;55\n\
             ;Eventi realizzati;3\n\
             OO2 Digitalizzare;Pratiche telematiche;92%\n",
        ),
    ];
    for (n, t) in files {
        std::fs::write(d.join(n), t).unwrap();
    }
    std::fs::copy(
        fixture("piano-piatto-2025.csv"),
        d.join("piano-piatto-2025.csv"),
    )
    .unwrap();
    std::fs::copy(fixture("../templates/regole.toml"), d.join("regole.toml")).unwrap();
    let p = |n: &str| Part::bytes(std::fs::read(d.join(n)).unwrap()).file_name(n.to_string());
    let server = Server::start(&[]);
    let form = Form::new()
        .part("piani", p("piano.csv"))
        .part("piani", p("piano-piatto-2025.csv"))
        .part("consuntivi", p("consuntivi-giugno.csv"))
        .part("regole", p("regole.toml"))
        .text("periodo", "2025-06")
        .text("ente", "Comune di Prova");
    let res = post(&server, form).await;
    assert_eq!(res.status(), StatusCode::OK);
    let url = res.url().to_string();
    let text = page_text(&res.text().await.unwrap());
    assert!(text.contains("Anno 2025, periodo 2025-06"), "{text}");
    assert!(text.contains("piano.csv, piano-piatto-2025.csv"), "{text}");
    let (_, zip) = bytes(&format!("{url}/scarica/report.zip")).await;
    let expected = cli_reports_in(
        d,
        &[
            "piano.csv",
            "piano-piatto-2025.csv",
            "--consuntivi",
            "consuntivi-giugno.csv",
            "--regole",
            "regole.toml",
            "--periodo",
            "2025-06",
            "--ente",
            "Comune di Prova",
        ],
    );
    let got = unzip(&zip);
    assert_eq!(got.len(), expected.len());
    for ((n, a), (m, b)) in got.iter().zip(&expected) {
        assert_eq!(n, m);
        assert!(a == b, "{n} differs from cruscotto report");
    }
}

#[tokio::test]
async fn corrections_and_last_year_give_the_reports_of_the_cli_and_refusals_show() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    for n in [
        "rettifiche-piano-2025.csv",
        "rettifiche-2025.csv",
        "confronto-2025.csv",
        "confronto-2024.normalizzato.csv",
    ] {
        std::fs::copy(fixture(n), d.join(n)).unwrap();
    }
    let p = |n: &str| Part::bytes(std::fs::read(d.join(n)).unwrap()).file_name(n.to_string());
    let server = Server::start(&[]);
    let form = Form::new()
        .part("piani", p("rettifiche-piano-2025.csv"))
        .part("rettifiche", p("rettifiche-2025.csv"));
    let res = post(&server, form).await;
    assert_eq!(res.status(), StatusCode::OK);
    let url = res.url().to_string();
    let text = page_text(&res.text().await.unwrap());
    // A.1 without the excluded indicator: (50×80 + 20×100) / 70 = 85,71.
    assert!(text.contains("85,71"), "{text}");
    let (_, zip) = bytes(&format!("{url}/scarica/report.zip")).await;
    let expected = cli_reports_in(
        d,
        &[
            "rettifiche-piano-2025.csv",
            "--rettifiche",
            "rettifiche-2025.csv",
        ],
    );
    let got = unzip(&zip);
    assert_eq!(got.len(), expected.len());
    for ((n, a), (m, b)) in got.iter().zip(&expected) {
        assert_eq!(n, m);
        assert!(a == b, "{n} differs from cruscotto report --rettifiche");
    }
    // Last year's normalised table: the same reports as --precedente.
    let form = Form::new()
        .part("piani", p("confronto-2025.csv"))
        .part("precedente", p("confronto-2024.normalizzato.csv"));
    let res = post(&server, form).await;
    assert_eq!(res.status(), StatusCode::OK);
    let url = res.url().to_string();
    // The page says it too: the body's change and each dirigente's.
    let text = page_text(&res.text().await.unwrap());
    assert!(
        text.contains("Anno precedente (2024): 87,50% · ▲ +0,83"),
        "{text}"
    );
    assert!(
        text.contains("indicatori abbinati 4, nuovi 1, eliminati 1, abbinamenti ambigui 1"),
        "{text}"
    );
    assert!(
        text.contains("confronto con confronto-2024.normalizzato.csv"),
        "{text}"
    );
    assert!(
        text.contains("Mario Rossi 92,50% parzialmente raggiunto 80,00% · ▲ +12,5"),
        "{text}"
    );
    let (_, zip) = bytes(&format!("{url}/scarica/report.zip")).await;
    let expected = cli_reports_in(
        d,
        &[
            "confronto-2025.csv",
            "--precedente",
            "confronto-2024.normalizzato.csv",
        ],
    );
    let got = unzip(&zip);
    assert_eq!(got.len(), expected.len());
    for ((n, a), (m, b)) in got.iter().zip(&expected) {
        assert_eq!(n, m);
        assert!(a == b, "{n} differs from cruscotto report --precedente");
    }
    // A correction without a reason is refused on the page, naming the
    // user's file and row; the server goes on serving.
    let bad = Part::bytes(
        b"Codice;Indicatore;Rettifica;Motivazione\nA.1;Eventi organizzati;100;\n".to_vec(),
    )
    .file_name("mie-rettifiche.csv");
    let form = Form::new()
        .part("piani", p("rettifiche-piano-2025.csv"))
        .part("rettifiche", bad);
    let res = post(&server, form).await;
    let text = page_text(&res.text().await.unwrap());
    assert!(text.contains("mie-rettifiche.csv"), "{text}");
    assert!(text.contains("riga 2: manca la motivazione"), "{text}");
    assert!(!text.contains("/tmp"), "{text}");
    assert_eq!(get(&server.at("")).await.status(), StatusCode::OK);
}
