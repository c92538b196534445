//! Builds four synthetic structure fixtures, each with the structure a person
//! reads off it, plus one organigramma:
//!
//! - `fixtures/struttura-a-blocchi.xlsx`: key/value blocks (code-only row,
//!   numbered `Obiettivo strategico 1.1` keys, owner spelled six ways, one-cell
//!   `Dirigente responsabile: …` keys, units split on commas, year
//!   sub-headers, footnotes, two nested `Dettaglio indicatori` tables);
//! - `fixtures/struttura-b-individuali.xlsx`: individual objectives grouped
//!   under one-cell owner sections (`Obiettivi Segretario Generale`, …);
//! - `fixtures/struttura-c-outline.xlsx`: an outline plan in column A (area
//!   strategica → obiettivo strategico → obiettivo operativo → azione, each
//!   with its `KPI Associati` table), owners only as unit rows;
//! - `fixtures/struttura-c-organigramma.csv`: unit → dirigente, with aliases
//!   used as unit text in the plan;
//! - `fixtures/struttura-d-tabella.xlsx`: a flat table with a `Dirigente`
//!   column spelled many ways, joint and transversal owners, continuation
//!   rows both empty and repeated.
//!
//! Next to each workbook, `<name>.expected.json` lists the distinct dirigenti
//! and areas and, for every indicator row (1-based row as Excel shows it), its
//! objective code, strategic area, strategic objective code, owners,
//! transversality and where the owner came from. The JSON is written from the
//! same data as the cells, so the row numbers cannot drift. Dirigenti are
//! listed in one spelling each (the first one met); areas of the outline plan
//! are those the sheet shows (aliases as written, case variants folded), and
//! `with_organigramma` gives each record's owners once the organigramma maps
//! units (and aliases) to dirigenti. Every cell is text.
//!
//! Run with `cargo run --example fixture_structure` from the project root.

use std::error::Error;

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet};
use serde_json::{json, Value};

type Res<T> = Result<T, Box<dyn Error>>;

/// One expected indicator record.
struct Rec {
    sheet: &'static str,
    row: u32,
    indicator: String,
    objective_code: String,
    strategic_area: Option<String>,
    strategic_objective_code: Option<String>,
    dirigenti: Vec<String>,
    areas: Vec<String>,
    transversal: bool,
    owner_source: Option<&'static str>,
}

impl Rec {
    fn to_json(&self) -> Value {
        json!({
            "sheet": self.sheet,
            "row": self.row,
            "indicator": self.indicator,
            "objective_code": self.objective_code,
            "strategic_area": self.strategic_area,
            "strategic_objective_code": self.strategic_objective_code,
            "dirigenti": self.dirigenti,
            "areas": self.areas,
            "transversal": self.transversal,
            "owner_source": self.owner_source,
        })
    }
}

/// Writes rows one after the other and knows the current (0-based) row.
struct Sheet<'a> {
    ws: &'a mut Worksheet,
    r: u32,
    bold: Format,
}

impl<'a> Sheet<'a> {
    fn new(ws: &'a mut Worksheet) -> Self {
        Sheet {
            ws,
            r: 0,
            bold: Format::new().set_bold(),
        }
    }

    /// Writes one row of text cells (empty strings are left blank) and
    /// returns its 1-based number.
    fn row(&mut self, cells: &[&str]) -> Res<u32> {
        for (c, v) in cells.iter().enumerate() {
            if !v.is_empty() {
                self.ws.write_string(self.r, c as u16, *v)?;
            }
        }
        self.r += 1;
        Ok(self.r)
    }

    /// A bold row (titles and headers).
    fn bold(&mut self, cells: &[&str]) -> Res<u32> {
        for (c, v) in cells.iter().enumerate() {
            if !v.is_empty() {
                self.ws
                    .write_string_with_format(self.r, c as u16, *v, &self.bold)?;
            }
        }
        self.r += 1;
        Ok(self.r)
    }

    fn blank(&mut self) {
        self.r += 1;
    }
}

/// A workbook with a fixed creation date, so that reruns give the same bytes.
fn workbook() -> Res<Workbook> {
    let mut wb = Workbook::new();
    let date = ExcelDateTime::from_ymd(2024, 1, 1)?;
    wb.set_properties(&DocProperties::new().set_creation_datetime(&date));
    Ok(wb)
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

/// Distinct values in order of first appearance.
fn distinct<'a>(lists: impl Iterator<Item = &'a Vec<String>>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for l in lists {
        for s in l {
            if !out.contains(s) {
                out.push(s.clone());
            }
        }
    }
    out
}

fn write_json(path: &str, v: &Value) -> Res<()> {
    let mut s = serde_json::to_string_pretty(v)?;
    s.push('\n');
    std::fs::write(path, s)?;
    println!("scritto {path}");
    Ok(())
}

fn expected(file: &str, recs: &[Rec]) -> Value {
    json!({
        "file": file,
        "dirigenti": distinct(recs.iter().map(|r| &r.dirigenti)),
        "areas": distinct(recs.iter().map(|r| &r.areas)),
        "records": recs.iter().map(Rec::to_json).collect::<Vec<_>>(),
    })
}

// ---------------------------------------------------------------------------
// (a) key/value blocks

const SG: &str = "Segretario Generale";
const DAEF: &str = "Dirigente Area Economico – Finanziaria";

/// How a block names its owner.
enum OwnerCell {
    /// `Dirigente Responsabile` | value
    KeyValue(&'static str),
    /// `Dirigente responsabile: value` in column A alone
    OneCell(&'static str),
}

struct Block {
    code: &'static str,
    so: &'static str,
    so_title: &'static str,
    oo_key: &'static str,
    oo_title: &'static str,
    description: &'static str,
    owner: OwnerCell,
    /// The owners a person reads, one spelling each; empty when transversal.
    dirigenti: &'static [&'static str],
    transversal: bool,
    units: &'static str,
    /// name, formula, source, baseline 2022, target 2023, actual 2023
    indicators: &'static [[&'static str; 6]],
    /// name, operator, target, actual
    nested: &'static [[&'static str; 4]],
    footnote: bool,
}

const BLOCKS: &[Block] = &[
    Block {
        code: "O 1.1.1",
        so: "1.1",
        so_title: "Semplificare e digitalizzare i servizi anagrafici alle imprese",
        oo_key: "Obiettivo Operativo 1.1",
        oo_title: "Ridurre i tempi di evasione delle pratiche telematiche del Registro Imprese",
        description: "L'obiettivo mira a consolidare i tempi di lavorazione delle pratiche telematiche del Registro Imprese, già tra i migliori del sistema camerale. Si interverrà sulla riorganizzazione dei carichi di lavoro e sull'uso degli strumenti di istruttoria automatica. I risultati saranno monitorati trimestralmente attraverso i cruscotti di Infocamere.",
        owner: OwnerCell::OneCell("Segretario Generale"),
        dirigenti: &[SG],
        transversal: false,
        units: "Ufficio Registro Imprese",
        indicators: &[
            ["Pratiche telematiche evase entro 5 giorni", "Pratiche evase entro 5 giorni / totale pratiche telematiche ricevute", "Priamo – Infocamere", "88%", ">= 90%", "92%"],
            ["Tempo medio di evasione delle pratiche telematiche (giorni)", "Somma dei giorni di lavorazione / numero pratiche evase", "Priamo – Infocamere", "4,2", "<= 4", "3,8"],
        ],
        nested: &[
            ["Pratiche sospese per carenze formali sul totale delle pratiche", "<=", "15%", "12%"],
            ["Cancellazioni d'ufficio di imprese non più operative", ">=", "90%", "93%"],
        ],
        footnote: true,
    },
    Block {
        code: "O.1.1.2",
        so: "1.1",
        so_title: "Semplificare e digitalizzare i servizi anagrafici alle imprese",
        oo_key: "Obiettivo Operativo 1.2",
        oo_title: "Garantire la tempestività dei pagamenti ai fornitori",
        description: "L'ente intende mantenere tempi di pagamento delle fatture inferiori ai termini di legge, a sostegno della liquidità delle imprese fornitrici. L'obiettivo richiede il coordinamento tra gli uffici che attestano la regolare esecuzione e l'ufficio che emette i mandati.",
        owner: OwnerCell::KeyValue("Dirigente Area Economico – Finanziaria"),
        dirigenti: &[DAEF],
        transversal: false,
        units: "Ufficio Ragioneria",
        indicators: &[
            ["Tempo medio di pagamento delle fatture", "Somma dei giorni tra ricevimento e pagamento / numero fatture pagate", "Gestionale contabilità", "28", "<= 30", "24"],
            ["Indicatore annuale di tempestività dei pagamenti", "Ritardo medio ponderato sull'importo delle fatture", "Gestionale contabilità", "-5", "<= 0", "-7"],
        ],
        nested: &[],
        footnote: false,
    },
    Block {
        code: "O 2.1.1",
        so: "2.1",
        so_title: "Sostenere la competitività e l'internazionalizzazione delle imprese",
        oo_key: "Obiettivo Operativo 2.1",
        oo_title: "Realizzare iniziative di promozione del territorio e delle filiere",
        description: "L'obiettivo prevede l'organizzazione di eventi di promozione delle eccellenze produttive locali, in collaborazione con le associazioni di categoria. Le iniziative saranno rivolte in particolare alle micro e piccole imprese che non hanno ancora esperienza sui mercati esteri. Ogni evento sarà seguito da un questionario di gradimento.",
        owner: OwnerCell::KeyValue("Dirigente Area economico – finanziaria"),
        dirigenti: &[DAEF],
        transversal: false,
        units: "Ufficio Promozione",
        indicators: &[
            ["Numero di eventi di promozione realizzati", "Conteggio degli eventi realizzati nell'anno", "Gestionale eventi", "6", ">= 8", "9"],
            ["Imprese partecipanti alle iniziative di internazionalizzazione", "Numero di imprese distinte partecipanti", "Gestionale eventi", "120", ">= 150", "163"],
            ["Grado di soddisfazione dei partecipanti agli eventi", "Media dei punteggi dei questionari (scala 1-5)", "Questionari di gradimento", "3,9", "≥ 4", "4,2"],
        ],
        nested: &[],
        footnote: true,
    },
    Block {
        code: "O.2.1.2",
        so: "2.1",
        so_title: "Sostenere la competitività e l'internazionalizzazione delle imprese",
        oo_key: "Obiettivo Operativo 2.2",
        oo_title: "Migliorare la riscossione del diritto annuale",
        description: "Il diritto annuale è la principale fonte di finanziamento dell'ente e la sua riscossione condiziona le risorse disponibili per gli interventi a favore delle imprese. Si prevede l'invio tempestivo degli avvisi di pagamento e una campagna di comunicazione sul ravvedimento operoso.",
        owner: OwnerCell::OneCell("Dirigente Area Economico - Finanziaria"),
        dirigenti: &[DAEF],
        transversal: false,
        units: "Ufficio Diritto annuale, Ufficio Ragioneria",
        indicators: &[
            ["Tasso di riscossione spontanea del diritto annuale", "Importo riscosso entro la scadenza / importo dovuto", "Gestionale contabilità", "71%", ">= 72%", "73,5%"],
            ["Invio degli avvisi di pagamento del diritto annuale entro il termine", "Data di invio dell'ultimo lotto di avvisi", "Protocollo informatico", "15/12/2022", "31/12/2023", "15/11/2023"],
        ],
        nested: &[
            ["Istanze di ravvedimento operoso gestite entro 30 giorni", ">=", "90%", "93%"],
            ["Tempo medio di risposta alle istanze di rimborso (giorni)", "<=", "30", "22"],
        ],
        footnote: false,
    },
    Block {
        code: "O 3.1.1",
        so: "3.1",
        so_title: "Garantire l'efficienza della gestione e la salute organizzativa dell'ente",
        oo_key: "Obiettivo Operativo 3.1",
        oo_title: "Rafforzare le competenze del personale e il controllo di gestione",
        description: "L'obiettivo, condiviso tra Segreteria Generale e Area Economico – Finanziaria, punta a completare il piano formativo annuale e a rispettare le scadenze del ciclo di bilancio. Il piano formativo privilegerà le competenze digitali e quelle in materia di contratti pubblici.",
        owner: OwnerCell::KeyValue("Segretario Generale – Dirigente Area Economico - Finanziaria"),
        dirigenti: &[SG, DAEF],
        transversal: false,
        units: "Ufficio Personale, Ufficio Ragioneria",
        indicators: &[
            ["Dipendenti che hanno completato almeno un corso di formazione", "Dipendenti formati / totale dipendenti in servizio", "Gestionale personale", "80%", ">= 85%", "88%"],
            ["Rispetto del termine di approvazione del bilancio d'esercizio", "Data della delibera di approvazione", "Delibere di Giunta", "28/04/2022", "30/04/2023", "27/04/2023"],
        ],
        nested: &[],
        footnote: true,
    },
    Block {
        code: "O.3.1.2",
        so: "3.1",
        so_title: "Garantire l'efficienza della gestione e la salute organizzativa dell'ente",
        oo_key: "Obiettivo Operativo 3.2",
        oo_title: "Assicurare la trasparenza e la prevenzione della corruzione",
        description: "Obiettivo trasversale a tutta la struttura: ogni ufficio è responsabile della pubblicazione tempestiva dei dati di propria competenza nella sezione Amministrazione trasparente. Il Responsabile della prevenzione della corruzione verifica semestralmente l'attuazione delle misure previste dal piano.",
        owner: OwnerCell::KeyValue("Tutti I Dirigenti e il Segretario Generale"),
        dirigenti: &[],
        transversal: true,
        units: "Ufficio Segreteria, Ufficio Personale",
        indicators: &[
            ["Obblighi di pubblicazione assolti nei termini", "Obblighi pubblicati nei termini / obblighi totali", "Griglia di rilevazione OIV", "95%", ">= 98%", "100%"],
            ["Giornate di formazione in materia di anticorruzione per dipendente", "Giornate di formazione erogate / dipendenti in servizio", "Gestionale personale", "1", "≥ 2", "2"],
            ["Misure del piano anticorruzione attuate entro l'anno", "Misure attuate / misure previste", "Relazione RPCT", "90%", ">= 95%", "96%"],
        ],
        nested: &[],
        footnote: false,
    },
];

fn build_a() -> Res<()> {
    const SHEET: &str = "Performance operativa";
    let mut wb = workbook()?;
    let ws = wb.add_worksheet().set_name(SHEET)?;
    let mut s = Sheet::new(ws);
    let mut recs = Vec::new();
    s.bold(&["Piano della performance 2023 – Camera di Commercio di Esempio"])?;
    s.bold(&["Allegato 2 – Obiettivi operativi"])?;
    s.blank();
    for (i, b) in BLOCKS.iter().enumerate() {
        if i > 0 {
            s.blank();
        }
        s.bold(&[b.code])?;
        s.row(&[
            format!("Obiettivo strategico {}", b.so).as_str(),
            b.so_title,
        ])?;
        s.row(&[b.oo_key, b.oo_title])?;
        s.row(&["Descrizione", b.description])?;
        match b.owner {
            OwnerCell::KeyValue(v) => s.row(&["Dirigente Responsabile", v])?,
            OwnerCell::OneCell(v) => s.row(&[&format!("Dirigente responsabile: {v}")])?,
        };
        s.row(&[
            "Stakeholder",
            "Imprese, associazioni di categoria, professionisti",
        ])?;
        s.row(&["Unità organizzative coinvolte", b.units])?;
        s.row(&["Soggetti esterni coinvolti", "nessuno"])?;
        s.row(&["Risorse economiche", "Euro -----"])?;
        s.bold(&[
            "Indicatore",
            "Algoritmo",
            "Fonte",
            "Base line",
            "Target",
            "Consuntivo 2023",
        ])?;
        s.bold(&["", "", "", "Anno 2022", "Anno 2023"])?;
        let units: Vec<String> = b.units.split(',').map(|u| u.trim().to_string()).collect();
        let rec = |row: u32, name: &str| Rec {
            sheet: SHEET,
            row,
            indicator: name.to_string(),
            objective_code: b.code.to_string(),
            strategic_area: None,
            strategic_objective_code: Some(b.so.to_string()),
            dirigenti: strings(b.dirigenti),
            areas: units.clone(),
            transversal: b.transversal,
            owner_source: Some("block"),
        };
        for ind in b.indicators {
            let row = s.row(ind)?;
            recs.push(rec(row, ind[0]));
        }
        if !b.nested.is_empty() {
            s.bold(&["Dettaglio indicatori"])?;
            s.bold(&["Indicatore", "Operatore", "Target", "Consuntivo 2023"])?;
            for ind in b.nested {
                let row = s.row(ind)?;
                recs.push(rec(row, ind[0]));
            }
        }
        if b.footnote {
            s.row(&["* Relazione sulla performance 2022"])?;
        }
    }
    s.ws.set_column_width(0, 50)?;
    s.ws.set_column_width(1, 60)?;
    s.ws.set_column_width(2, 24)?;
    wb.save("fixtures/struttura-a-blocchi.xlsx")?;
    println!(
        "scritto fixtures/struttura-a-blocchi.xlsx ({} indicatori)",
        recs.len()
    );
    write_json(
        "fixtures/struttura-a-blocchi.expected.json",
        &expected("struttura-a-blocchi.xlsx", &recs),
    )
}

// ---------------------------------------------------------------------------
// (b) individual objectives under owner sections

struct Individual {
    code: &'static str,
    title: &'static str,
    weight: Option<&'static str>,
    /// name, weight, target, actual
    indicators: &'static [[&'static str; 4]],
}

struct Section {
    title: &'static str,
    owner: &'static str,
    objectives: &'static [Individual],
}

const SECTIONS: &[Section] = &[
    Section {
        title: "Obiettivi Segretario Generale",
        owner: "Segretario Generale",
        objectives: &[
            Individual {
                code: "SG1",
                title: "Coordinare l'attuazione del piano di riorganizzazione dell'ente",
                weight: Some("50%"),
                indicators: &[
                    [
                        "Approvazione del nuovo funzionigramma entro il termine",
                        "50%",
                        "30/06/2023",
                        "22/06/2023",
                    ],
                    [
                        "Incontri di coordinamento con i dirigenti realizzati",
                        "50%",
                        ">= 10",
                        "12",
                    ],
                ],
            },
            Individual {
                code: "SG2",
                title: "Garantire la trasparenza e la prevenzione della corruzione",
                weight: Some("50%"),
                indicators: &[
                    [
                        "Obblighi di pubblicazione assolti nei termini",
                        "60%",
                        ">= 98%",
                        "99%",
                    ],
                    [
                        "Misure del piano anticorruzione attuate",
                        "40%",
                        ">= 95%",
                        "100%",
                    ],
                ],
            },
        ],
    },
    Section {
        title: "Obiettivi Dirigente Area Economico – Finanziaria",
        owner: "Dirigente Area Economico – Finanziaria",
        objectives: &[
            Individual {
                code: "DAEF1",
                title: "Ridurre i tempi di pagamento delle fatture",
                weight: Some("60%"),
                indicators: &[
                    [
                        "Tempo medio di pagamento delle fatture",
                        "50%",
                        "<= 30",
                        "23",
                    ],
                    [
                        "Indicatore annuale di tempestività dei pagamenti",
                        "30%",
                        "<= 0",
                        "-6",
                    ],
                    [
                        "Fatture registrate entro 10 giorni dal ricevimento",
                        "20%",
                        ">= 90%",
                        "94%",
                    ],
                ],
            },
            Individual {
                code: "DAEF2",
                title: "Migliorare la riscossione del diritto annuale",
                weight: None,
                indicators: &[[
                    "Tasso di riscossione spontanea del diritto annuale",
                    "100%",
                    ">= 72%",
                    "72,8%",
                ]],
            },
        ],
    },
    Section {
        title: "Obiettivi del Dirigente Area Anagrafe e Regolazione del mercato",
        owner: "Dirigente Area Anagrafe e Regolazione del mercato",
        objectives: &[
            Individual {
                code: "DARM1",
                title: "Ridurre i tempi di evasione delle pratiche del Registro Imprese",
                weight: Some("70%"),
                indicators: &[
                    [
                        "Pratiche telematiche evase entro 5 giorni",
                        "70%",
                        ">= 90%",
                        "91%",
                    ],
                    [
                        "Tempo medio di evasione delle pratiche telematiche (giorni)",
                        "30%",
                        "<= 4",
                        "3,6",
                    ],
                ],
            },
            Individual {
                code: "DARM2",
                title: "Potenziare la vigilanza sui prodotti e sugli strumenti di misura",
                weight: Some("30%"),
                indicators: &[
                    [
                        "Numero di ispezioni metriche effettuate",
                        "60%",
                        ">= 40",
                        "44",
                    ],
                    [
                        "Verbali di accertamento definiti entro 90 giorni",
                        "40%",
                        ">= 80%",
                        "78%",
                    ],
                ],
            },
        ],
    },
];

fn build_b() -> Res<()> {
    const SHEET: &str = "Obiettivi individuali";
    let mut wb = workbook()?;
    let ws = wb.add_worksheet().set_name(SHEET)?;
    let mut s = Sheet::new(ws);
    let mut recs = Vec::new();
    s.bold(&["Obiettivi individuali dei dirigenti – anno 2023"])?;
    s.row(&["Gli obiettivi sono assegnati con decreto del Presidente."])?;
    for sec in SECTIONS {
        s.blank();
        s.bold(&[sec.title])?;
        for o in sec.objectives {
            s.bold(&[o.code])?;
            s.row(&["Obiettivo individuale", o.title])?;
            if let Some(w) = o.weight {
                s.row(&["Peso obiettivo", w])?;
            }
            s.bold(&["Indicatore", "Peso", "Target", "Consuntivo"])?;
            for ind in o.indicators {
                let row = s.row(ind)?;
                recs.push(Rec {
                    sheet: SHEET,
                    row,
                    indicator: ind[0].to_string(),
                    objective_code: o.code.to_string(),
                    strategic_area: None,
                    strategic_objective_code: None,
                    dirigenti: vec![sec.owner.to_string()],
                    areas: vec![],
                    transversal: false,
                    owner_source: Some("section"),
                });
            }
        }
    }
    s.ws.set_column_width(0, 60)?;
    s.ws.set_column_width(1, 60)?;
    wb.save("fixtures/struttura-b-individuali.xlsx")?;
    println!(
        "scritto fixtures/struttura-b-individuali.xlsx ({} indicatori)",
        recs.len()
    );
    write_json(
        "fixtures/struttura-b-individuali.expected.json",
        &expected("struttura-b-individuali.xlsx", &recs),
    )
}

// ---------------------------------------------------------------------------
// (c) outline plan

/// name, formula, weight, state 2020, target, actual 2021
type Kpi = [&'static str; 6];

struct Action {
    code: &'static str,
    title: &'static str,
    kpis: &'static [Kpi],
}

struct Operational {
    code: &'static str,
    title: &'static str,
    prose: &'static str,
    /// Unit rows as written.
    units: &'static [&'static str],
    kpis: &'static [Kpi],
    actions: &'static [Action],
}

struct Strategic {
    code: &'static str,
    title: &'static str,
    programme: &'static str,
    kpis: &'static [Kpi],
    operational: &'static [Operational],
}

struct Area {
    code_title: &'static str,
    prose: &'static str,
    strategic: &'static [Strategic],
}

const KPI_HEADER: [&str; 6] = [
    "Indicatori testo",
    "Algoritmo",
    "Peso",
    "Stato 2020",
    "Target",
    "Consuntivo 2021",
];

const AREAS: &[Area] = &[
    Area {
        code_title: "A Competitività e sviluppo delle imprese",
        prose: "L'area raccoglie gli interventi con cui la Camera sostiene la crescita del sistema produttivo locale, con particolare attenzione alla transizione digitale e all'apertura ai mercati esteri delle piccole e medie imprese.",
        strategic: &[
            Strategic {
                code: "A.1",
                title: "Favorire la digitalizzazione delle imprese",
                programme: "012 – Regolazione dei mercati",
                kpis: &[
                    ["Imprese con identità digitale rilasciata sul totale delle imprese attive", "Identità digitali rilasciate / imprese attive", "50%", "12%", ">= 15%", "16,2%"],
                ],
                operational: &[
                    Operational {
                        code: "A.1.1",
                        title: "Diffondere i servizi digitali",
                        prose: "Si intende ampliare l'uso della firma digitale, dello SPID e del cassetto digitale dell'imprenditore, anche attraverso la consegna dei dispositivi presso le sedi delle associazioni di categoria.",
                        units: &["STAFF 6 PROMOZIONE E COMUNICAZIONE", "AREA I"],
                        kpis: &[
                            ["Dispositivi di firma digitale rilasciati", "Numero di dispositivi rilasciati nell'anno", "50%", "2.310", ">= 2.500", "2.640"],
                            ["Pratiche telematiche evase entro 5 giorni", "Pratiche evase entro 5 giorni / pratiche ricevute", "0,5", "87%", ">= 90%", "91%"],
                        ],
                        actions: &[Action {
                            code: "A.1.1.1",
                            title: "Organizzare seminari sul digitale",
                            kpis: &[
                                ["Numero di seminari sul digitale realizzati", "Conteggio dei seminari realizzati", "100%", "4", ">= 6", "7"],
                            ],
                        }],
                    },
                    Operational {
                        code: "A.1.2",
                        title: "Accompagnare le imprese nella transizione digitale",
                        prose: "Il Punto Impresa Digitale offre alle imprese assessment sulla maturità digitale e orientamento verso i centri di competenza e i digital innovation hub.",
                        units: &["Staff Promozione"],
                        kpis: &[
                            ["Assessment di maturità digitale effettuati", "Numero di assessment conclusi", "60%", "85", ">= 100", "112"],
                            ["Imprese orientate verso i centri di competenza", "Numero di imprese orientate", "40%", "20", ">= 25", "24"],
                        ],
                        actions: &[],
                    },
                ],
            },
            Strategic {
                code: "A.2",
                title: "Sostenere l'internazionalizzazione delle imprese",
                programme: "016 – Commercio internazionale ed internazionalizzazione del sistema produttivo",
                kpis: &[
                    ["Imprese esportatrici assistite sul totale delle imprese esportatrici", "Imprese assistite / imprese esportatrici", "100%", "8%", ">= 10%", "11%"],
                ],
                operational: &[Operational {
                    code: "A.2.1",
                    title: "Rilasciare i documenti per l'estero in tempi certi",
                    prose: "L'obiettivo riguarda il rilascio dei certificati di origine e dei carnet ATA, con la progressiva estensione della stampa in azienda dei certificati.",
                    units: &["Area I", "AREA III"],
                    kpis: &[
                        ["Certificati di origine rilasciati entro 2 giorni", "Certificati rilasciati entro 2 giorni / certificati richiesti", "0,6", "93%", ">= 95%", "97%"],
                        ["Numero di eventi di promozione realizzati", "Conteggio degli eventi realizzati", "0,4", "5", "≥ 6", "6"],
                    ],
                    actions: &[Action {
                        code: "A.2.1.1",
                        title: "Attivare la stampa in azienda dei certificati di origine",
                        kpis: &[
                            ["Imprese abilitate alla stampa in azienda", "Numero di imprese abilitate", "100%", "30", ">= 40", "46"],
                        ],
                    }],
                }],
            },
        ],
    },
    Area {
        code_title: "B Efficienza e trasparenza dell'ente",
        prose: "L'area comprende gli obiettivi di funzionamento: equilibrio economico-finanziario, tempestività dei pagamenti, valorizzazione del personale e trasparenza verso imprese e cittadini.",
        strategic: &[
            Strategic {
                code: "B.1",
                title: "Garantire la solidità economico-finanziaria dell'ente",
                programme: "032 – Servizi istituzionali e generali delle amministrazioni pubbliche",
                kpis: &[
                    ["Margine di struttura finanziaria", "Attivo circolante / passività correnti", "50%", "1,9", ">= 2", "2,1"],
                    ["Incidenza dei costi di struttura sui proventi correnti", "Costi di struttura / proventi correnti", "50%", "68%", "<= 65%", "64%"],
                ],
                operational: &[
                    Operational {
                        code: "B.1.1",
                        title: "Ottimizzare la gestione del diritto annuale",
                        prose: "Si punta a migliorare la riscossione spontanea del diritto annuale con l'invio tempestivo degli avvisi e con il recupero mirato delle annualità omesse.",
                        units: &["AREA III"],
                        kpis: &[
                            ["Tasso di riscossione spontanea del diritto annuale", "Importo riscosso entro la scadenza / importo dovuto", "70%", "70%", ">= 72%", "72,5%"],
                            ["Emissione del ruolo del diritto annuale entro il termine", "Data di emissione del ruolo", "30%", "20/12/2020", "31/12/2021", "10/12/2021"],
                        ],
                        actions: &[],
                    },
                    Operational {
                        code: "B.1.2",
                        title: "Ridurre i tempi di pagamento",
                        prose: "L'obiettivo richiede il coordinamento tra gli uffici che liquidano le fatture e la ragioneria, per pagare i fornitori entro i termini di legge.",
                        units: &["Area Prima", "AREA III"],
                        kpis: &[
                            ["Tempo medio di pagamento delle fatture", "Somma dei giorni di pagamento / numero fatture", "60%", "27", "<= 30", "22"],
                            ["Indicatore annuale di tempestività dei pagamenti", "Ritardo medio ponderato sull'importo", "40%", "-3", "<= 0", "-8"],
                        ],
                        actions: &[Action {
                            code: "B.1.2.1",
                            title: "Digitalizzare il ciclo passivo delle fatture",
                            kpis: &[
                                ["Fatture liquidate con atto digitale", "Fatture liquidate digitalmente / fatture liquidate", "100%", "60%", ">= 80%", "85%"],
                            ],
                        }],
                    },
                ],
            },
            Strategic {
                code: "B.2",
                title: "Valorizzare il capitale umano e la trasparenza",
                programme: "032 – Servizi istituzionali e generali delle amministrazioni pubbliche",
                kpis: &[
                    ["Ore di formazione per dipendente", "Ore di formazione erogate / dipendenti in servizio", "100%", "14", ">= 16", "18"],
                ],
                operational: &[Operational {
                    code: "B.2.1",
                    title: "Assicurare la trasparenza amministrativa",
                    prose: "Ogni unità organizzativa cura la pubblicazione dei dati di propria competenza nella sezione Amministrazione trasparente del sito istituzionale.",
                    units: &["AREA I", "AREA III", "STAFF 6 PROMOZIONE E COMUNICAZIONE"],
                    kpis: &[
                        ["Obblighi di pubblicazione assolti nei termini", "Obblighi pubblicati nei termini / obblighi totali", "50%", "96%", ">= 98%", "100%"],
                        ["Richieste di accesso civico evase entro 30 giorni", "Richieste evase entro 30 giorni / richieste ricevute", "50%", "100%", "100%", "100%"],
                    ],
                    actions: &[],
                }],
            },
        ],
    },
];

/// The organigramma: unit, dirigente, aliases.
const ORGANIGRAMMA: &[(&str, &str, &[&str])] = &[
    ("AREA I", "Dott. Mario Rossi", &["Area 1", "Area Prima"]),
    ("AREA III", "Dott.ssa Laura Bianchi", &[]),
    (
        "STAFF 6 PROMOZIONE E COMUNICAZIONE",
        "Dott. Mario Rossi",
        &["Staff Promozione"],
    ),
];

/// The unit as read without organigramma: case variants folded to the
/// spelling the organigramma (and the first mention) uses; aliases stay.
fn unit_as_read(u: &str) -> String {
    ORGANIGRAMMA
        .iter()
        .find(|(a, _, _)| a.eq_ignore_ascii_case(u))
        .map_or(u.to_string(), |(a, _, _)| a.to_string())
}

/// The organigramma entry of a unit text (name or alias, any case).
fn org_entry(u: &str) -> (&'static str, &'static str) {
    let (a, d, _) = ORGANIGRAMMA
        .iter()
        .find(|(a, _, al)| {
            a.eq_ignore_ascii_case(u) || al.iter().any(|x| x.eq_ignore_ascii_case(u))
        })
        .unwrap_or_else(|| panic!("unità non in organigramma: {u}"));
    (a, d)
}

fn build_c() -> Res<()> {
    const SHEET: &str = "Piano";
    let mut wb = workbook()?;
    let ws = wb.add_worksheet().set_name(SHEET)?;
    let mut s = Sheet::new(ws);
    let mut recs: Vec<Rec> = Vec::new();
    // Per record: dirigenti and areas once the organigramma is used.
    let mut with_org: Vec<(Vec<String>, Vec<String>)> = Vec::new();

    fn kpi_table(
        s: &mut Sheet,
        kpis: &[Kpi],
        mut rec: impl FnMut(u32, &str) -> Rec,
        recs: &mut Vec<Rec>,
    ) -> Res<()> {
        s.bold(&["KPI Associati"])?;
        s.bold(&KPI_HEADER)?;
        for k in kpis {
            let row = s.row(k)?;
            recs.push(rec(row, k[0]));
        }
        Ok(())
    }

    for (i, area) in AREAS.iter().enumerate() {
        if i > 0 {
            s.blank();
        }
        s.bold(&[&format!("Area strategica: {}", area.code_title)])?;
        s.row(&[area.prose])?;
        for so in area.strategic {
            s.blank();
            s.bold(&[&format!("Obiettivo strategico: {} {}", so.code, so.title)])?;
            let base = |row: u32, name: &str, code: &str| Rec {
                sheet: SHEET,
                row,
                indicator: name.to_string(),
                objective_code: code.to_string(),
                strategic_area: Some(area.code_title.to_string()),
                strategic_objective_code: Some(so.code.to_string()),
                dirigenti: vec![],
                areas: vec![],
                transversal: false,
                owner_source: None,
            };
            let n = recs.len();
            kpi_table(&mut s, so.kpis, |r, k| base(r, k, so.code), &mut recs)?;
            for _ in n..recs.len() {
                with_org.push((vec![], vec![]));
            }
            s.row(&[&format!("Programma: {}", so.programme)])?;
            for oo in so.operational {
                s.row(&[&format!("Obiettivo operativo: {} {}", oo.code, oo.title)])?;
                s.row(&[oo.prose])?;
                s.row(&["Unità organizzative coinvolte"])?;
                for u in oo.units {
                    s.row(&[u])?;
                }
                let read: Vec<String> = oo.units.iter().map(|u| unit_as_read(u)).collect();
                let mut org_areas: Vec<String> = Vec::new();
                let mut org_dir: Vec<String> = Vec::new();
                for u in oo.units {
                    let (a, d) = org_entry(u);
                    if !org_areas.iter().any(|x| x == a) {
                        org_areas.push(a.to_string());
                    }
                    if !org_dir.iter().any(|x| x == d) {
                        org_dir.push(d.to_string());
                    }
                }
                let owned = |row: u32, name: &str, code: &str| Rec {
                    areas: read.clone(),
                    owner_source: Some("units"),
                    ..base(row, name, code)
                };
                let n = recs.len();
                kpi_table(&mut s, oo.kpis, |r, k| owned(r, k, oo.code), &mut recs)?;
                for act in oo.actions {
                    s.row(&[&format!("Azione: {} {}", act.code, act.title)])?;
                    kpi_table(&mut s, act.kpis, |r, k| owned(r, k, act.code), &mut recs)?;
                }
                for _ in n..recs.len() {
                    with_org.push((org_dir.clone(), org_areas.clone()));
                }
            }
        }
    }
    s.ws.set_column_width(0, 70)?;
    s.ws.set_column_width(1, 50)?;
    wb.save("fixtures/struttura-c-outline.xlsx")?;
    println!(
        "scritto fixtures/struttura-c-outline.xlsx ({} indicatori)",
        recs.len()
    );

    let mut csv = String::from("Area;Dirigente;Alias\n");
    for (a, d, al) in ORGANIGRAMMA {
        csv.push_str(&format!("{a};{d};{}\n", al.join("|")));
    }
    std::fs::write("fixtures/struttura-c-organigramma.csv", csv)?;
    println!("scritto fixtures/struttura-c-organigramma.csv");

    let mut v = expected("struttura-c-outline.xlsx", &recs);
    let obj = v.as_object_mut().expect("oggetto");
    obj.insert("organigramma".into(), json!("struttura-c-organigramma.csv"));
    obj.insert(
        "dirigenti_with_organigramma".into(),
        json!(distinct(with_org.iter().map(|(d, _)| d))),
    );
    obj.insert(
        "areas_with_organigramma".into(),
        json!(distinct(with_org.iter().map(|(_, a)| a))),
    );
    obj.insert(
        "with_organigramma".into(),
        json!(recs
            .iter()
            .zip(&with_org)
            .enumerate()
            .map(|(i, (r, (d, a)))| json!({"record": i, "row": r.row, "dirigenti": d, "areas": a}))
            .collect::<Vec<_>>()),
    );
    write_json("fixtures/struttura-c-outline.expected.json", &v)
}

// ---------------------------------------------------------------------------
// (d) flat table with an owner column

const ROSSI: &str = "Dott. Mario Rossi";
const BIANCHI: &str = "Dott.ssa Laura Bianchi";
const VERDI: &str = "Avv. Paolo Verdi";

/// area, code, objective, indicator, dirigente, weight, target, actual;
/// then the owners a person reads (empty = transversal).
type FlatRow = ([&'static str; 8], &'static [&'static str]);

const A1: &str = "1 – Competitività delle imprese";
const A2: &str = "2 – Efficienza della P.A.";

const FLAT: &[FlatRow] = &[
    (
        [
            A1,
            "OO1",
            "Ridurre i tempi di evasione delle pratiche del Registro Imprese",
            "Pratiche telematiche evase entro 5 giorni",
            "Dott. Mario Rossi",
            "40%",
            ">= 90%",
            "93%",
        ],
        &[ROSSI],
    ),
    (
        [
            "",
            "",
            "",
            "Tempo medio di lavorazione delle pratiche telematiche (giorni)",
            "dott. mario rossi",
            "30%",
            "<= 4",
            "3,5",
        ],
        &[ROSSI],
    ),
    (
        [
            "",
            "",
            "",
            "Cancellazioni d'ufficio effettuate sul totale da effettuare",
            "Mario Rossi",
            "30%",
            ">= 80%",
            "85%",
        ],
        &[ROSSI],
    ),
    (
        [
            A1,
            "OO2",
            "Promuovere le imprese del territorio sui mercati esteri",
            "Numero di eventi di promozione realizzati",
            "Dott.ssa Laura Bianchi",
            "50%",
            ">= 8",
            "9",
        ],
        &[BIANCHI],
    ),
    (
        [
            A1,
            "OO2",
            "Promuovere le imprese del territorio sui mercati esteri",
            "Imprese partecipanti alle iniziative di internazionalizzazione",
            "Laura Bianchi",
            "50%",
            ">= 150",
            "171",
        ],
        &[BIANCHI],
    ),
    (
        [
            A1,
            "OO3",
            "Diffondere la digitalizzazione delle imprese",
            "Dispositivi di firma digitale rilasciati",
            "Dott. Mario Rossi / Dott.ssa Laura Bianchi",
            "60%",
            ">= 2.500",
            "2.730",
        ],
        &[ROSSI, BIANCHI],
    ),
    (
        [
            "",
            "",
            "",
            "Imprese assistite dal Punto Impresa Digitale",
            "Dott. Mario Rossi e Avv. Paolo Verdi",
            "40%",
            ">= 120",
            "118",
        ],
        &[ROSSI, VERDI],
    ),
    (
        [
            A2,
            "OO4",
            "Garantire la tempestività dei pagamenti",
            "Tempo medio di pagamento delle fatture",
            "Avv. Paolo Verdi",
            "50%",
            "<= 30",
            "21",
        ],
        &[VERDI],
    ),
    (
        [
            A2,
            "OO4",
            "Garantire la tempestività dei pagamenti",
            "Indicatore annuale di tempestività dei pagamenti",
            "AVV. PAOLO VERDI",
            "50%",
            "<= 0",
            "-6",
        ],
        &[VERDI],
    ),
    (
        [
            A2,
            "OO5",
            "Migliorare la riscossione del diritto annuale",
            "Tasso di riscossione spontanea del diritto annuale",
            "Dott.ssa Laura Bianchi, Avv. Paolo Verdi",
            "60%",
            ">= 72%",
            "73,4%",
        ],
        &[BIANCHI, VERDI],
    ),
    (
        [
            "",
            "",
            "",
            "Emissione del ruolo del diritto annuale entro il termine",
            "Laura Bianchi",
            "40%",
            "31/12/2024",
            "28/11/2024",
        ],
        &[BIANCHI],
    ),
    (
        [
            A2,
            "OO6",
            "Assicurare la trasparenza e la prevenzione della corruzione",
            "Obblighi di pubblicazione assolti nei termini",
            "Tutti",
            "40%",
            ">= 98%",
            "100%",
        ],
        &[],
    ),
    (
        [
            "",
            "",
            "",
            "Dipendenti formati in materia di anticorruzione",
            "Tutti i dirigenti",
            "30%",
            "≥ 90%",
            "94%",
        ],
        &[],
    ),
    (
        [
            A2,
            "OO6",
            "Assicurare la trasparenza e la prevenzione della corruzione",
            "Misure del piano anticorruzione attuate entro l'anno",
            "Tutti i dirigenti",
            "30%",
            "31/12/2024",
            "15/12/2024",
        ],
        &[],
    ),
];

fn build_d() -> Res<()> {
    const SHEET: &str = "Obiettivi 2024";
    let mut wb = workbook()?;
    let ws = wb.add_worksheet().set_name(SHEET)?;
    let mut s = Sheet::new(ws);
    let mut recs = Vec::new();
    s.bold(&["Piano della performance 2024-2026 – Camera di Commercio di Esempio"])?;
    s.blank();
    s.bold(&[
        "Area strategica",
        "Codice obiettivo",
        "Obiettivo operativo",
        "Indicatore",
        "Dirigente",
        "Peso",
        "Target 2024",
        "Consuntivo 2024",
    ])?;
    let (mut area, mut code) = ("", "");
    for (cells, owners) in FLAT {
        if !cells[0].is_empty() {
            area = cells[0];
        }
        if !cells[1].is_empty() {
            code = cells[1];
        }
        let row = s.row(cells)?;
        recs.push(Rec {
            sheet: SHEET,
            row,
            indicator: cells[3].to_string(),
            objective_code: code.to_string(),
            strategic_area: Some(area.to_string()),
            strategic_objective_code: None,
            dirigenti: strings(owners),
            areas: vec![],
            transversal: owners.is_empty(),
            owner_source: Some("column"),
        });
    }
    s.ws.set_column_width(0, 32)?;
    s.ws.set_column_width(2, 50)?;
    s.ws.set_column_width(3, 60)?;
    s.ws.set_column_width(4, 40)?;
    wb.save("fixtures/struttura-d-tabella.xlsx")?;
    println!(
        "scritto fixtures/struttura-d-tabella.xlsx ({} indicatori)",
        recs.len()
    );
    write_json(
        "fixtures/struttura-d-tabella.expected.json",
        &expected("struttura-d-tabella.xlsx", &recs),
    )
}

fn main() -> Res<()> {
    build_a()?;
    build_b()?;
    build_c()?;
    build_d()?;
    Ok(())
}
