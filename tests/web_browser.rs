//! `cruscotto web` in a real headless browser (Debian's `chromium` driven
//! through `chromedriver`): the page is loaded, the demo plan and its
//! organigramma are given to the form, the figures shown for a dirigente are
//! checked against the report, a trace is opened and the zip is downloaded.
//!
//! The test fails (it does not skip) when `chromedriver` is missing: `.ci/run`
//! installs `chromium` and `chromium-driver`. With `CRUSCOTTO_SCREENSHOT=FILE`
//! it saves a screenshot of the page (the README's picture).

mod web_common;

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use calamine::{open_workbook_auto, Data, Reader};
use fantoccini::{ClientBuilder, Locator};
use web_common::{cli, cli_reports, fixture, unzip, Server};

const ENTE: &str = "Camera di Commercio di Arezzo-Siena (dati dimostrativi)";

/// A program on the PATH.
fn on_path(name: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// `chromedriver` on a free port of 127.0.0.1; killed on drop.
struct Driver {
    child: Child,
    url: String,
}

impl Driver {
    fn start() -> Driver {
        let exe = on_path("chromedriver").unwrap_or_else(|| {
            panic!(
                "chromedriver non trovato nel PATH: il test del browser richiede i pacchetti \
                 Debian chromium e chromium-driver (apt-get install chromium chromium-driver; \
                 .ci/run li installa)"
            )
        });
        let port = free_port();
        let child = Command::new(exe)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "chromedriver does not answer"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        Driver {
            child,
            url: format!("http://127.0.0.1:{port}"),
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn capabilities(profile: &Path, downloads: &Path) -> serde_json::Map<String, serde_json::Value> {
    let chromium = on_path("chromium").unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    let opts = serde_json::json!({
        "binary": chromium,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--window-size=1280,1500",
            format!("--user-data-dir={}", profile.display()),
        ],
        "prefs": {
            "download.default_directory": downloads,
            "download.prompt_for_download": false,
        },
    });
    let mut caps = serde_json::Map::new();
    caps.insert("browserName".into(), "chrome".into());
    caps.insert("goog:chromeOptions".into(), opts);
    caps
}

/// The attainment percentages (`84,68`) held as fractions on a sheet.
fn sheet_percents(path: &Path, sheet: &str) -> Vec<String> {
    let mut wb = open_workbook_auto(path).unwrap();
    let range = wb.worksheet_range(sheet).unwrap();
    range
        .cells()
        .filter_map(|(_, _, c)| match c {
            Data::Float(f) => Some(format!("{:.2}", f * 100.0).replace('.', ",")),
            _ => None,
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_in_a_real_browser() {
    let driver = Driver::start();
    let server = Server::start(&[]);
    let profile = tempfile::tempdir().unwrap();
    let downloads = tempfile::tempdir().unwrap();
    let c = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(capabilities(profile.path(), downloads.path()))
        .connect(&driver.url)
        .await
        .expect("a chromium session through chromedriver");

    c.goto(&server.url).await.unwrap();
    assert_eq!(c.title().await.unwrap(), "cruscotto — nuova analisi");
    let plan = fixture("arezzo-siena-2022.xlsx");
    let org = fixture("arezzo-siena-2022-organigramma.csv");
    c.find(Locator::Css("#campo-piani"))
        .await
        .unwrap()
        .send_keys(plan.to_str().unwrap())
        .await
        .unwrap();
    // A file dropped anywhere on the page goes to the zone its name suggests.
    let dropped = c
        .execute(
            r#"const dt = new DataTransfer();
               dt.items.add(new File(["Area;Dirigente\n"], "prova-organigramma.csv", {type: "text/csv"}));
               document.body.dispatchEvent(new DragEvent("drop", {dataTransfer: dt, bubbles: true, cancelable: true}));
               const z = document.querySelector(".zona[data-campo=organigramma]");
               return [z.querySelector(".scelti").textContent, z.querySelector("input").files.length];"#,
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(dropped, serde_json::json!(["prova-organigramma.csv", 1]));
    c.find(Locator::Css("#campo-organigramma"))
        .await
        .unwrap()
        .send_keys(org.to_str().unwrap())
        .await
        .unwrap();
    // The script shows the files chosen in each zone.
    let chosen = c
        .find(Locator::Css(".zona[data-campo=piani] .scelti"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(chosen, "arezzo-siena-2022.xlsx");
    let chosen = c
        .find(Locator::Css(".zona[data-campo=organigramma] .scelti"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(chosen, "arezzo-siena-2022-organigramma.csv");
    c.find(Locator::Css("#ente"))
        .await
        .unwrap()
        .send_keys(ENTE)
        .await
        .unwrap();
    c.find(Locator::Css("#analizza"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let total = match c
        .wait()
        .at_most(Duration::from_secs(90))
        .for_element(Locator::Css("#grado-ente"))
        .await
    {
        Ok(e) => e.text().await.unwrap(),
        Err(e) => {
            let url = c.current_url().await.map(|u| u.to_string());
            let text = c.source().await.map(|s| web_common::page_text(&s));
            panic!("no results page ({e}): {url:?}\n{text:?}");
        }
    };
    assert_eq!(total, "91,43%");

    // One dirigente's figures, against the report the zip holds.
    let row = c
        .find(Locator::Css(
            "#dirigenti tr[data-nome='Dott. Mario Del Secco'] td",
        ))
        .await
        .unwrap();
    assert_eq!(row.text().await.unwrap(), "Dott. Mario Del Secco");
    let cells = c
        .find_all(Locator::Css(
            "#dirigenti tr[data-nome='Dott. Mario Del Secco'] td",
        ))
        .await
        .unwrap();
    let mut shown = Vec::new();
    for cell in &cells {
        shown.push(cell.text().await.unwrap());
    }
    assert_eq!(shown[1], "84,68%");
    assert_eq!(shown[2], "parzialmente raggiunto");

    // The anomalies sort on a click on a heading.
    c.find(Locator::Css("#tabella-anomalie th:nth-child(6)"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let column = c
        .execute(
            r##"return Array.from(document.querySelectorAll("#tabella-anomalie tbody tr"))
                 .map(r => r.cells[5].textContent);"##,
            vec![],
        )
        .await
        .unwrap();
    let column: Vec<String> = serde_json::from_value(column).unwrap();
    assert!(column.len() > 2);
    let mut sorted = column.clone();
    sorted.sort_by_key(|s| s.to_lowercase());
    assert_eq!(
        column.first().map(|s| s.to_lowercase()),
        sorted.first().map(|s| s.to_lowercase())
    );
    assert_eq!(
        column.last().map(|s| s.to_lowercase()),
        sorted.last().map(|s| s.to_lowercase())
    );

    // A click on an indicator shows its trace.
    c.find(Locator::Css("details.obiettivo summary"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.find(Locator::Css("a.spiega"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let trace = c
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css("#traccia:not([hidden]) pre"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(trace.starts_with("Riga arezzo-siena-2022.xlsx:"), "{trace}");
    assert!(trace.contains("Grado di raggiungimento:"), "{trace}");
    if let Some(shot) = std::env::var_os("CRUSCOTTO_SCREENSHOT") {
        c.find(Locator::Css("#chiudi-traccia"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        let png = c.screenshot().await.unwrap();
        std::fs::write(shot, png).unwrap();
    }

    // The zip, downloaded by the browser.
    c.find(Locator::Css("#scarica-zip"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let zip_path = downloads.path().join("report.zip");
    let started = Instant::now();
    while !zip_path.exists() {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the browser did not download report.zip"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    c.close().await.unwrap();
    let zip = std::fs::read(&zip_path).unwrap();
    let got = unzip(&zip);

    // The annexes of `cruscotto demo`: the same files, with the bytes of the
    // report command the demo prints (run where the page names the file).
    let demo_out = tempfile::tempdir().unwrap();
    let d = demo_out.path().join("demo");
    cli(&fixture(".."), &["demo", "-o", d.to_str().unwrap()]);
    // Files only: `esempio-regole/` is the demo's separate example of the
    // scoring rules, not an annex of the page's reports.
    let mut demo_files: Vec<String> = std::fs::read_dir(&d)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    demo_files.sort();
    let mut names: Vec<String> = got.iter().map(|(n, _)| n.clone()).collect();
    names.sort();
    assert_eq!(names, demo_files);
    let expected = cli_reports(&[
        "arezzo-siena-2022.xlsx",
        "--organigramma",
        "arezzo-siena-2022-organigramma.csv",
        "--ente",
        ENTE,
    ]);
    assert!(got == expected, "the zip differs from cruscotto report");
    let report = downloads.path().join("dirigente.xlsx");
    let bytes = got
        .iter()
        .find(|(n, _)| n == "dirigente-dott-mario-del-secco.xlsx")
        .map(|(_, b)| b.clone())
        .unwrap();
    std::fs::write(&report, bytes).unwrap();
    let percents = sheet_percents(&report, "Sintesi");
    assert!(
        percents.iter().any(|p| p == "84,68"),
        "84,68% not in the dirigente's report: {percents:?}"
    );
    drop(driver);
}
