//! Unit tests of sheet layouts, one family of rows at a time.

use super::*;

fn t(s: &str) -> Cell {
    if s.is_empty() {
        return Cell::default();
    }
    Cell {
        value: CellValue::Text(s.into()),
        ..Cell::default()
    }
}

fn sheet(rows: &[&[&str]]) -> Sheet {
    Sheet {
        name: "S".into(),
        rows: rows
            .iter()
            .map(|r| r.iter().map(|s| t(s)).collect())
            .collect(),
        ..Sheet::default()
    }
}

fn detect(rows: &[&[&str]]) -> SheetLayout {
    detect_sheet("f.xlsx", &sheet(rows), &Options::default())
}

#[test]
fn area_section_rows_set_the_area() {
    let l = detect(&[
        &["AREA 1 – Servizi amministrativi"],
        &["Indicatore", "Target 2025", "Consuntivo 2025"],
        &["Pratiche evase", ">= 90%", "93%"],
        &["Area II - Promozione"],
        &["Eventi", ">= 4", "5"],
    ]);
    assert_eq!(l.rows.len(), 2, "{:?}", l.anomalies);
    assert_eq!(l.rows[0].context.area.as_deref(), Some("Area 1"));
    assert_eq!(l.rows[1].context.area.as_deref(), Some("Area II"));
}

#[test]
fn period_target_columns_in_the_header_or_a_subheader() {
    let l = detect(&[
        &[
            "Indicatore",
            "Target 2025",
            "Target I semestre",
            "Consuntivo",
        ],
        &["Eventi realizzati", ">= 12", ">= 5", "4"],
    ]);
    assert_eq!(l.rows.len(), 1, "{:?}", l.anomalies);
    let slots: Vec<(Option<i32>, Option<u32>, String)> = l.rows[0]
        .targets
        .iter()
        .map(|s| (s.year, s.months, s.value.as_ref().unwrap().text.clone()))
        .collect();
    assert_eq!(
        slots,
        vec![
            (Some(2025), None, ">= 12".to_string()),
            (None, Some(6), ">= 5".to_string())
        ]
    );
    // `Target 2025` spanning `al 30/06 | Anno` in the row below.
    let l = detect(&[
        &["Indicatore", "Target 2025", "", "Consuntivo"],
        &["", "al 30/06", "Anno", ""],
        &["Eventi realizzati", ">= 5", ">= 12", "4"],
    ]);
    assert_eq!(l.rows.len(), 1, "{:?}", l.anomalies);
    let slots: Vec<(Option<i32>, Option<u32>, String)> = l.rows[0]
        .targets
        .iter()
        .map(|s| (s.year, s.months, s.value.as_ref().unwrap().text.clone()))
        .collect();
    assert_eq!(
        slots,
        vec![
            (Some(2025), Some(6), ">= 5".to_string()),
            (Some(2025), None, ">= 12".to_string())
        ]
    );
}

#[test]
fn year_subheader_under_a_spanning_target_header() {
    let l = detect(&[
        &[
            "Indicatori",
            "UdM",
            "Stato 2024",
            "Target",
            "",
            "",
            "Peso indicatori",
        ],
        &["", "", "", "2025", "2026", "2027", ""],
        &["Eventi realizzati", "n.", "7", ">= 4", "5", "n.d.", "20,0%"],
    ]);
    assert_eq!(l.rows.len(), 1, "{:?}", l.anomalies);
    let row = &l.rows[0];
    let years: Vec<Option<i32>> = row.targets.iter().map(|t| t.year).collect();
    assert_eq!(years, vec![Some(2025), Some(2026), Some(2027)]);
    let texts: Vec<String> = row
        .targets
        .iter()
        .map(|t| t.value.as_ref().map(|v| v.text.clone()).unwrap_or_default())
        .collect();
    assert_eq!(texts, vec![">= 4", "5", "n.d."]);
    assert_eq!(row.weight.as_ref().map(|w| w.text.as_str()), Some("20,0%"));
    assert!(l.anomalies.is_empty(), "{:?}", l.anomalies);
}

#[test]
fn operator_squeezed_under_one_header_does_not_shift_a_row_that_fits() {
    let l = detect(&[
        &[
            "Indicatori",
            "Stato 2024",
            "Target 2025",
            "Peso indicatori",
            "Consuntivo 2025",
        ],
        &["Tasso", "9,85%", ">=", "9,9%", "25,0%"],
    ]);
    let row = &l.rows[0];
    assert_eq!(
        row.targets[0].value.as_ref().map(|v| v.text.as_str()),
        Some("9,9%")
    );
    assert_eq!(
        row.actual.as_ref().map(|(_, c)| c.text.as_str()),
        Some("25,0%")
    );
    assert!(row
        .anomalies
        .iter()
        .any(|a| a.code == AnomalyCode::RigaSfalsata));
}

#[test]
fn areas_sheet_with_title_sections_and_continuation() {
    let l = detect(&[
        &["Obiettivi per l'anno 2022 - Dott. Mario Del Secco, Dirigente Area 2 \"Economico\""],
        &["Imprese, Territorio e Consumatori"],
        &["1. Verso una P.A. semplice"],
        &[
            "Programmi di Intervento",
            "Obiettivi Operativi",
            "Indicatori",
            "Target",
            "Consuntivo 2022",
            "Note",
        ],
        &[
            "Digitalizzazione",
            "Consolidamento",
            "Interventi di aggiornamento",
            "6",
            "5",
        ],
        &["", "Stampa certificati", "Richieste evase", "100%", "92,4%"],
        &["", "", "Pratiche evase", "95%", "78%"],
        &["Processi Interni"],
        &["6. L'ottimizzazione"],
        &[
            "Programmi di Intervento",
            "Obiettivi Operativi",
            "Indicatori",
            "Target",
            "Consuntivo 2022",
            "Note",
        ],
        &[
            "Interventi",
            "Ottimizzare la gestione",
            "unità personale",
            "< 1,4",
            "1,4",
        ],
    ]);
    assert_eq!(l.rows.len(), 4, "{:?}", l.anomalies);
    let r = &l.rows[0];
    assert_eq!(r.context.area.as_deref(), Some("Area 2"));
    assert_eq!(
        r.context.dirigente.as_deref(),
        Some("Dott. Mario Del Secco")
    );
    assert_eq!(r.context.year, Some(2022));
    assert_eq!(
        r.context.perspective.as_deref(),
        Some("Imprese, Territorio e Consumatori")
    );
    assert_eq!(
        r.context.strategic.as_deref(),
        Some("1. Verso una P.A. semplice")
    );
    assert_eq!(r.context.objective.as_deref(), Some("Consolidamento"));
    assert_eq!(r.actual_year, Some(2022));
    assert_eq!(
        l.rows[1].context.objective.as_deref(),
        Some("Stampa certificati")
    );
    assert_eq!(l.rows[1].programme.as_deref(), Some("Digitalizzazione"));
    assert_eq!(
        l.rows[2].context.objective.as_deref(),
        Some("Stampa certificati")
    );
    assert_eq!(l.rows[2].location.row, 7);
    assert_eq!(
        l.rows[3].context.perspective.as_deref(),
        Some("Processi Interni")
    );
    assert_eq!(l.rows[3].context.area.as_deref(), Some("Area 2"));
}

#[test]
fn multi_year_annex_header_is_section_title() {
    let l = detect(&[
        &["Imprese, Territorio e Consumatori"],
        &[
            "1. Verso una P.A.",
            "valori 2020",
            "2022",
            "2023",
            "2024",
            "Consuntivo 2022",
        ],
        &["Pratiche evase", "97%", "95%", "95%", "95%", "95%"],
    ]);
    assert_eq!(l.rows.len(), 1);
    let r = &l.rows[0];
    assert_eq!(r.indicator, "Pratiche evase");
    assert_eq!(r.context.strategic.as_deref(), Some("1. Verso una P.A."));
    assert_eq!(r.targets.len(), 3);
    assert_eq!(r.targets[0].year, Some(2022));
    assert_eq!(r.baseline.as_ref().map(|b| b.0), Some(Some(2020)));
}

#[test]
fn shifted_row_is_repaired() {
    let l = detect(&[
        &[
            "Programmi di Intervento",
            "Obiettivi Operativi",
            "Indicatori",
            "Target",
            "Consuntivo 2022",
        ],
        &["P1", "O1", "I1", "4", "3"],
        &[
            "Ottimizzare la gestione",
            "unità personale",
            "< 1,4",
            "",
            "1,1",
        ],
    ]);
    assert_eq!(l.rows.len(), 2);
    let r = &l.rows[1];
    assert!(r.shifted);
    assert_eq!(r.indicator, "unità personale");
    assert_eq!(
        r.targets[0].value.as_ref().map(|c| c.text.as_str()),
        Some("< 1,4")
    );
    assert_eq!(
        r.context.objective.as_deref(),
        Some("Ottimizzare la gestione")
    );
    assert_eq!(r.programme.as_deref(), Some("P1"));
    assert_eq!(r.actual.as_ref().map(|a| a.1.text.as_str()), Some("1,1"));
    assert!(r
        .anomalies
        .iter()
        .any(|a| a.code == AnomalyCode::RigaSfalsata));
}

#[test]
fn block_layout_with_operator_column_and_years() {
    let l = detect(&[
        &["Obiettivo:", "La doppia transizione"],
        &["Codice:", "01_01_OS01"],
        &["Descrizione:"],
        &["Un lungo testo descrittivo che spiega l'obiettivo con molte parole e frasi, senza alcun valore numerico da leggere come indicatore della tabella."],
        &["Area di responsabilità:", "Promozione e Sviluppo Economico"],
        &["Ufficio:", "Transizione digitale"],
        &["Indicatori", "Tipologia", "UdM", "Stato 2024", "Target 2025", "", "Target 2026", "Target 2027", "Peso indicatori"],
        &["", "", "", "", ">=", "", "", "", ""],
        &["Eventi", "Volume", "n.", "7", ">=", "4", "n.d.", "n.d.", "20,0%"],
        &["Bandi", "Volume", "n.", "1", "", "1", "n.d.", "n.d.", "20,0%"],
        &["Obiettivo:", "Transizione energetica"],
        &["Codice:", "01_01_OS02"],
        &["Area di responsabilità:", "Obiettivo trasversale"],
        &["Indicatori", "Tipologia", "UdM", "Stato 2024", "", "Target 2025", "Target 2026", "Target 2027", "Peso indicatori"],
        &["Desk", "Volume", "n.", "n.d.", ">=", "3", "n.d.", "n.d.", "16,7%"],
    ]);
    assert_eq!(l.rows.len(), 3, "{:#?}", l.anomalies);
    let r = &l.rows[0];
    assert_eq!(r.context.objective_code.as_deref(), Some("01_01_OS01"));
    assert_eq!(
        r.context.objective.as_deref(),
        Some("La doppia transizione")
    );
    assert_eq!(
        r.context.area.as_deref(),
        Some("Promozione e Sviluppo Economico")
    );
    assert_eq!(r.context.office.as_deref(), Some("Transizione digitale"));
    assert_eq!(r.targets[0].year, Some(2025));
    assert_eq!(
        r.targets[0].value.as_ref().map(|c| c.text.as_str()),
        Some("4")
    );
    assert_eq!(r.targets[0].op_column(), Some(Op::Ge));
    assert_eq!(r.targets.len(), 3);
    assert_eq!(r.weight.as_ref().map(|c| c.text.as_str()), Some("20,0%"));
    assert_eq!(r.unit.as_deref(), Some("n."));
    // Sub-header operator applies to rows without their own.
    assert_eq!(l.rows[1].targets[0].op_column(), Some(Op::Ge));
    let r = &l.rows[2];
    assert_eq!(r.context.objective_code.as_deref(), Some("01_01_OS02"));
    assert!(r.context.transversal);
    assert_eq!(r.context.area, None);
    assert_eq!(
        r.targets[0].value.as_ref().map(|c| c.text.as_str()),
        Some("3")
    );
    assert_eq!(r.targets[0].op_column(), Some(Op::Ge));
}

#[test]
fn misaligned_weight_header() {
    let l = detect(&[
        &[
            "Indicatori",
            "Tipologia",
            "UdM",
            "Stato 2024",
            "Target 2025",
            "Peso indicatori:",
            "",
        ],
        &["Tasso", "Efficacia", "n.", "9,85%", ">=", "9,9%", "25,0%"],
    ]);
    let r = &l.rows[0];
    assert_eq!(
        r.targets[0].value.as_ref().map(|c| c.text.as_str()),
        Some("9,9%")
    );
    assert_eq!(r.targets[0].op_column(), Some(Op::Ge));
    assert_eq!(r.weight.as_ref().map(|c| c.text.as_str()), Some("25,0%"));
}

#[test]
fn code_rows_and_outline() {
    let l = detect(&[
        &["01_01_UIC01", "Favorire la doppia transizione"],
        &["Area di responsabilità:", "Obiettivo trasversale"],
        &[
            "Indicatori",
            "Tipologia",
            "UdM",
            "Stato 2024",
            "Target 2025",
            "",
            "Peso indicatori:",
        ],
        &[
            "Assessment",
            "Volume",
            "n.",
            "286/10.000 imprese attive",
            ">=",
            "80/10.000 imprese attive",
            "33,3%",
        ],
        &["Obiettivo operativo: A.1.1 Semplificare"],
        &["Indicatori", "Target", "Consuntivo"],
        &["Tempi medi", "< 30", "28"],
    ]);
    assert_eq!(l.rows.len(), 2, "{:#?}", l.anomalies);
    assert_eq!(
        l.rows[0].context.objective_code.as_deref(),
        Some("01_01_UIC01")
    );
    assert!(l.rows[0].context.transversal);
    assert_eq!(
        l.rows[0].targets[0].value.as_ref().map(|c| c.text.as_str()),
        Some("80/10.000 imprese attive")
    );
    assert_eq!(l.rows[1].context.objective_code.as_deref(), Some("A.1.1"));
    assert_eq!(l.rows[1].context.objective.as_deref(), Some("Semplificare"));
}

#[test]
fn no_header_is_reported() {
    let l = detect(&[&["solo testo"], &["altro testo"]]);
    assert!(l.rows.is_empty());
    assert_eq!(l.anomalies[0].code, AnomalyCode::IntestazioneNonTrovata);
}

#[test]
fn unheaded_values_are_reported() {
    let l = detect(&[
        &[
            "Programmi",
            "Obiettivi Operativi",
            "Indicatori",
            "Target",
            "Consuntivo 2022",
            "Note",
        ],
        &["A", "B", "Realizzazione", "31.12.2022", "", "", "extra"],
    ]);
    assert_eq!(l.rows.len(), 1);
    assert!(l.rows[0].anomalies.iter().any(|a| a.raw == "extra"));
}

#[test]
fn key_value_blocks_with_two_row_headers_footnotes_and_a_nested_table() {
    let l = detect(&[
        &["Piano della performance 2023 – Camera di Commercio di Esempio"],
        &["O 1.1.1"],
        &["Obiettivo strategico 1.1", "Semplificare"],
        &["Obiettivo Operativo 1.2", "Ridurre i tempi"],
        &["Descrizione", "Un testo che descrive l'obiettivo."],
        &["Dirigente Responsabile", "Segretario Generale"],
        &["Stakeholder", "Imprese"],
        &[
            "Unità organizzative coinvolte",
            "Ufficio Personale, Ufficio Ragioneria",
        ],
        &["Soggetti esterni coinvolti", "nessuno"],
        &["Risorse economiche", "Euro -----"],
        &[
            "Indicatore",
            "Algoritmo",
            "Fonte",
            "Base line",
            "Target",
            "Consuntivo 2023",
        ],
        &["", "", "", "Anno 2022", "Anno 2023", ""],
        &[
            "Pratiche evase",
            "n/N",
            "Gestionale",
            "90%",
            ">= 95%",
            "96%",
        ],
        &["* Relazione sulla performance 2022"],
        &["Dettaglio indicatori"],
        &["Indicatore", "Operatore", "Target", "Consuntivo 2023"],
        &["Tempo medio", "<=", "30", "28"],
        &["O.1.1.2"],
        &["Obiettivo strategico 1.1", "Semplificare"],
        &["Descrizione", "Altro testo."],
        &["Dirigente responsabile: Dirigente Area Economico – Finanziaria"],
        &[
            "Indicatore",
            "Algoritmo",
            "Fonte",
            "Base line",
            "Target",
            "Consuntivo 2023",
        ],
        &["", "", "", "Anno 2022", "Anno 2023", ""],
        &[
            "Fatture pagate",
            "n/N",
            "Contabilità",
            "80%",
            ">= 90%",
            "91%",
        ],
    ]);
    let names: Vec<&str> = l.rows.iter().map(|r| r.indicator.as_str()).collect();
    assert_eq!(names, ["Pratiche evase", "Tempo medio", "Fatture pagate"]);
    assert!(l.anomalies.is_empty(), "{:#?}", l.anomalies);
    let r = &l.rows[0];
    assert_eq!(r.context.objective_code.as_deref(), Some("O 1.1.1"));
    assert_eq!(r.context.objective.as_deref(), Some("Ridurre i tempi"));
    assert_eq!(r.context.strategic_code.as_deref(), Some("1.1"));
    assert_eq!(r.context.dirigente.as_deref(), Some("Segretario Generale"));
    assert_eq!(r.context.units, ["Ufficio Personale", "Ufficio Ragioneria"]);
    assert_eq!(
        r.context.perspective, None,
        "a body title is no strategic area"
    );
    assert_eq!(r.baseline.as_ref().map(|b| b.0), Some(Some(2022)));
    assert_eq!(r.targets[0].year, Some(2023));
    // The nested table keeps the block's objective and owner.
    let r = &l.rows[1];
    assert_eq!(r.context.objective_code.as_deref(), Some("O 1.1.1"));
    assert_eq!(r.context.dirigente.as_deref(), Some("Segretario Generale"));
    assert_eq!(r.targets[0].op_column(), Some(Op::Le));
    // The next block: its own code and owner, nothing carried over.
    let r = &l.rows[2];
    assert_eq!(r.context.objective_code.as_deref(), Some("O.1.1.2"));
    assert_eq!(
        r.context.dirigente.as_deref(),
        Some("Dirigente Area Economico – Finanziaria")
    );
    assert!(r.context.units.is_empty());
}

#[test]
fn owner_sections_and_individual_objectives() {
    let l = detect(&[
        &["Obiettivi individuali dei dirigenti – anno 2023"],
        &["Gli obiettivi sono assegnati con decreto del Presidente."],
        &["Obiettivi Segretario Generale"],
        &["SG1"],
        &["Obiettivo individuale", "Coordinare il piano"],
        &["Indicatore", "Peso", "Target", "Consuntivo"],
        &["Riunioni tenute", "100%", ">= 4", "5"],
        &["Totale", "100%"],
        &["Area 2 – Dott. Mario Rossi"],
        &["SG-02"],
        &["Obiettivo individuale", "Riscuotere"],
        &["Indicatore", "Peso", "Target", "Consuntivo"],
        &["Riscossione", "100%", ">= 80%", "82%"],
    ]);
    assert_eq!(l.rows.len(), 2, "{:#?}", l.rows);
    assert!(l.anomalies.is_empty(), "{:#?}", l.anomalies);
    let r = &l.rows[0];
    assert_eq!(r.context.objective_code.as_deref(), Some("SG1"));
    assert_eq!(r.context.dirigente.as_deref(), Some("Segretario Generale"));
    assert_eq!(
        r.context.dirigente_source,
        Some(crate::model::OwnerSource::Section)
    );
    assert_eq!(r.context.year, Some(2023));
    assert_eq!(r.context.perspective, None, "a note is no strategic area");
    let r = &l.rows[1];
    assert_eq!(r.context.objective_code.as_deref(), Some("SG-02"));
    assert_eq!(r.context.dirigente.as_deref(), Some("Dott. Mario Rossi"));
    assert_eq!(r.context.area.as_deref(), Some("Area 2"));
}

#[test]
fn outline_levels_units_and_headings_without_colon() {
    let l = detect(&[
        &["Area strategica: A Competitività"],
        &["Un paragrafo che spiega l'area strategica e i suoi scopi per il triennio di riferimento del piano, con molte parole."],
        &["Obiettivo strategico: A.1 Digitalizzare"],
        &["KPI Associati"],
        &["Indicatori testo", "Algoritmo", "Peso", "Stato 2020", "Target", "Consuntivo 2021"],
        &["Imprese digitali", "n/N", "100%", "40%", ">= 45%", "47%"],
        &["Programma: 012 – Regolazione dei mercati"],
        &["OBIETTIVO OPERATIVO – A.1.1 Servizi digitali"],
        &["Unità organizzative coinvolte"],
        &["STAFF 6 PROMOZIONE"],
        &["AREA I"],
        &["KPI Associati"],
        &["Indicatori testo", "Algoritmo", "Peso", "Stato 2020", "Target", "Consuntivo 2021"],
        &["Pratiche online", "n/N", "100%", "60%", ">= 70%", "72%"],
        &["Azione: A.1.1.1 Seminari"],
        &["KPI Associati"],
        &["Indicatori testo", "Algoritmo", "Peso", "Stato 2020", "Target", "Consuntivo 2021"],
        &["Seminari tenuti", "n", "100%", "2", ">= 3", "4"],
        &["Obiettivo strategico – A.2 Internazionalizzare"],
        &["Unità organizzative coinvolte"],
        &["Tutte le aree"],
        &["KPI Associati"],
        &["Indicatori testo", "Algoritmo", "Peso", "Stato 2020", "Target", "Consuntivo 2021"],
        &["Certificati", "n", "100%", "10", ">= 12", "15"],
    ]);
    assert_eq!(l.rows.len(), 4, "{:#?}", l.anomalies);
    assert!(l.anomalies.is_empty(), "{:#?}", l.anomalies);
    let lv = |i: usize| l.rows[i].context.objective_level();
    assert_eq!(lv(0), (Some("A.1"), Some("Digitalizzare")));
    assert!(l.rows[0].context.units.is_empty());
    assert_eq!(lv(1), (Some("A.1.1"), Some("Servizi digitali")));
    assert_eq!(l.rows[1].context.units, ["STAFF 6 PROMOZIONE", "AREA I"]);
    assert_eq!(lv(2), (Some("A.1.1.1"), Some("Seminari")));
    assert_eq!(l.rows[2].context.units, ["STAFF 6 PROMOZIONE", "AREA I"]);
    assert_eq!(l.rows[2].context.strategic_code.as_deref(), Some("A.1"));
    assert_eq!(lv(3), (Some("A.2"), Some("Internazionalizzare")));
    assert!(l.rows[3].context.transversal);
    for r in &l.rows {
        assert_eq!(r.context.perspective.as_deref(), Some("A Competitività"));
    }
}

#[test]
fn a_table_row_with_values_but_no_role_is_reported_prose_is_not() {
    let l = detect(&[
        &["Indicatore", "Target", "Consuntivo"],
        &["Pratiche evase", ">= 90%", "92%"],
        &["", "", "", "Nota di commento senza valori"],
        &["Valori fuori tabella", "", "", "", "", "95%"],
    ]);
    assert_eq!(l.rows.len(), 1);
    let unread: Vec<&str> = l
        .rows
        .iter()
        .flat_map(|r| &r.anomalies)
        .chain(&l.anomalies)
        .filter(|a| a.code == AnomalyCode::RigaNonLetta)
        .map(|a| a.raw.as_str())
        .collect();
    assert_eq!(unread, ["Valori fuori tabella | 95%"], "{l:#?}");
}

#[test]
fn a_bare_valore_column_is_the_target_when_the_table_has_none() {
    let l = detect(&[
        &["Dettaglio indicatori"],
        &["Indicatore", "Operatore", "Valore", "Consuntivo 2023"],
        &["Pratiche evase", ">=", "90%", "93%"],
        &[
            "Indicatore",
            "Valore 2022",
            "Target 2023",
            "Consuntivo 2023",
        ],
        &["Tempo medio", "30", "<= 25", "24"],
    ]);
    assert_eq!(l.rows.len(), 2, "{:#?}", l.anomalies);
    let t = &l.rows[0].targets[0];
    assert_eq!(t.value.as_ref().map(|c| c.text.as_str()), Some("90%"));
    assert_eq!(t.op_column(), Some(Op::Ge));
    // With a target column, `Valore 2022` stays the baseline.
    let r = &l.rows[1];
    assert_eq!(r.baseline.as_ref().map(|b| b.0), Some(Some(2022)));
    assert_eq!(r.targets[0].year, Some(2023));
}

#[test]
fn a_unit_list_ends_at_a_sentence() {
    let l = detect(&[
        &["Obiettivo operativo: A.1.1 Servizi digitali"],
        &["Unità organizzative coinvolte"],
        &["AREA I"],
        &["Il progetto prosegue nel triennio."],
        &["Indicatore", "Target", "Consuntivo"],
        &["Pratiche online", ">= 70%", "72%"],
    ]);
    assert_eq!(l.rows[0].context.units, ["AREA I"]);
}

#[test]
fn a_data_row_of_year_like_values_is_no_year_header() {
    // `1900 | >= 2000 | 1950` beside a weight of 50: values, not years.
    let l = detect(&[
        &[
            "Dirigente",
            "Indicatore",
            "Peso",
            "Valore 2024",
            "Target 2025",
            "Consuntivo 2025",
        ],
        &["Mario Rossi", "Pratiche evase", "50", "80", ">= 100", "90"],
        &[
            "Mario Rossi",
            "Imprese iscritte",
            "50",
            "1900",
            ">= 2000",
            "1950",
        ],
        &["Mario Rossi", "Eventi", "50", "3", ">= 4", "5"],
    ]);
    let names: Vec<&str> = l.rows.iter().map(|r| r.indicator.as_str()).collect();
    assert_eq!(names, ["Pratiche evase", "Imprese iscritte", "Eventi"]);
    assert!(l.anomalies.is_empty(), "{:?}", l.anomalies);
    let r = &l.rows[1];
    assert_eq!(r.targets[0].year, Some(2025));
    assert_eq!(r.targets[0].value.as_ref().unwrap().text, ">= 2000");
    assert_eq!(r.actual.as_ref().unwrap().1.text, "1950");
    assert_eq!(l.rows[2].actual.as_ref().unwrap().1.text, "5");
}

#[test]
fn a_header_of_bare_years_is_still_read() {
    // Years with header words and no value: a header of years.
    let l = detect(&[&["Indicatore", "2024", "2025"], &["Eventi", ">= 4", ">= 5"]]);
    assert_eq!(l.rows.len(), 1, "{:?}", l.anomalies);
    let years: Vec<Option<i32>> = l.rows[0].targets.iter().map(|t| t.year).collect();
    assert_eq!(years, [Some(2024), Some(2025)]);
}

#[test]
fn a_numeric_code_cell_keeps_its_canonical_form() {
    let num = |v: &str| Cell {
        value: CellValue::Number(v.parse().unwrap()),
        ..Cell::default()
    };
    let mut s = sheet(&[&["Codice", "Indicatore", "Target 2025", "Consuntivo 2025"]]);
    s.rows
        .push(vec![num("1.1"), t("Eventi"), num("1.5"), num("2")]);
    let l = detect_sheet("f.xlsx", &s, &Options::default());
    assert_eq!(l.rows.len(), 1, "{:?}", l.anomalies);
    assert_eq!(l.rows[0].code.as_deref(), Some("1.1"));
    // Other numbers keep the Italian display.
    assert_eq!(l.rows[0].targets[0].value.as_ref().unwrap().text, "1,5");
}

#[test]
fn a_numeric_code_after_a_code_key_keeps_its_canonical_form() {
    let mut s = sheet(&[&["Obiettivo:", "Semplificare"]]);
    s.rows.push(vec![
        t("Codice:"),
        Cell {
            value: CellValue::Number("2.10".parse().unwrap()),
            ..Cell::default()
        },
    ]);
    s.rows.push(vec![
        t("Indicatore"),
        t("Target 2025"),
        t("Consuntivo 2025"),
    ]);
    s.rows.push(vec![t("Eventi"), t(">= 4"), t("5")]);
    let l = detect_sheet("f.xlsx", &s, &Options::default());
    assert_eq!(l.rows.len(), 1, "{:?}", l.anomalies);
    assert_eq!(l.rows[0].context.objective_code.as_deref(), Some("2.1"));
}

#[test]
fn rows_of_one_block_share_one_context_and_a_footer_owner_keeps_them_sharing() {
    let l = detect(&[
        &["Obiettivo operativo: OO1 Semplificare"],
        &["Indicatore", "Target 2025", "Consuntivo 2025"],
        &["Pratiche evase", ">= 90%", "93%"],
        &["Tempo medio", "<= 30", "28"],
        &["Eventi", ">= 4", "5"],
        &["Dirigente responsabile: Mario Rossi"],
        &["Obiettivo operativo: OO2 Promuovere"],
        &["Indicatore", "Target 2025", "Consuntivo 2025"],
        &["Imprese assistite", ">= 100", "120"],
        &["Seminari", ">= 2", "3"],
    ]);
    assert_eq!(l.rows.len(), 5, "{:?}", l.anomalies);
    let same = |a: usize, b: usize| std::sync::Arc::ptr_eq(&l.rows[a].context, &l.rows[b].context);
    // The owner written below the first block reached its three rows, which
    // still share one context (one changed copy, not three).
    for r in &l.rows[..3] {
        assert_eq!(r.context.dirigente.as_deref(), Some("Mario Rossi"));
        assert_eq!(r.context.objective_code.as_deref(), Some("OO1"));
    }
    assert!(same(0, 1) && same(1, 2));
    // The second block: its own context, shared by its two rows.
    assert_eq!(l.rows[3].context.objective_code.as_deref(), Some("OO2"));
    assert_eq!(l.rows[3].context.dirigente, None);
    assert!(same(3, 4) && !same(2, 3));
}
