//! The plan's structure as understood, for `cruscotto struttura`: sheet →
//! strategic area → objective → indicators, with owners, their source and
//! the counts per dirigente and area.

use serde::Serialize;

use crate::model::{code_title, OwnerSource, Record, Shared};

/// The plan's structure as understood, for `cruscotto struttura`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Tree {
    /// One node per sheet, in input order.
    pub fogli: Vec<SheetNode>,
    /// Indicators per dirigente (transversal ones counted for each).
    pub dirigenti: Vec<Count>,
    /// Indicators per area.
    pub aree: Vec<Count>,
    /// Indicators with no owner at all.
    pub non_assegnati: usize,
    /// Indicators counting for every dirigente.
    pub trasversali: usize,
}

/// An owner and how many indicators it has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Count {
    /// Owner's name.
    pub nome: String,
    /// Indicators.
    pub indicatori: usize,
    /// Of which shared with another owner.
    pub condivisi: usize,
}

/// A sheet of an input file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SheetNode {
    /// File as given.
    pub file: String,
    /// Sheet name.
    pub foglio: String,
    /// Strategic areas in order of first sight (`None`: no strategic area).
    pub aree_strategiche: Vec<AreaNode>,
}

/// A strategic area of a sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AreaNode {
    /// Its name, `None` when the plan gives none.
    pub nome: Option<Shared>,
    /// Objectives in order of first sight.
    pub obiettivi: Vec<ObjectiveNode>,
}

/// An objective (the most specific level holding indicators).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ObjectiveNode {
    /// Strategic objective above it (`A.1 …`), when given.
    pub obiettivo_strategico: Option<String>,
    /// Its code.
    pub codice: Option<Shared>,
    /// Its title.
    pub titolo: Option<Shared>,
    /// First and last spreadsheet row of its indicators.
    pub righe: (u32, u32),
    /// Number of indicators.
    pub indicatori: usize,
    /// Dirigenti (several when joint).
    pub dirigenti: Vec<String>,
    /// Areas or units.
    pub aree: Vec<String>,
    /// Where the owners were read.
    pub fonte: Option<OwnerSource>,
    /// Shared by every dirigente.
    pub trasversale: bool,
    /// Owned jointly.
    pub condiviso: bool,
}

fn strategic_label(r: &Record) -> Option<String> {
    code_title(
        r.strategic_objective_code.as_deref(),
        r.strategic_objective.as_deref(),
    )
}

impl Tree {
    /// Builds the tree of `records` (in record order; one pass).
    pub fn build(records: &[Record]) -> Tree {
        let mut t = Tree::default();
        // Counts per owner, each found through an index (a plan has tens of
        // owners and up to millions of indicators).
        let mut people = Counts::default();
        let mut areas = Counts::default();
        for r in records {
            let shared = r.shared();
            for d in &r.dirigenti {
                people.bump(d, shared);
            }
            for a in &r.areas {
                areas.bump(a, shared);
            }
            t.non_assegnati += usize::from(r.unassigned());
            t.trasversali += usize::from(r.transversal);
            let loc = &r.location;
            let sheet = match t.fogli.last_mut() {
                Some(s) if *s.file == *loc.file && *s.foglio == *loc.sheet => s,
                _ => {
                    t.fogli.push(SheetNode {
                        file: loc.file.to_string(),
                        foglio: loc.sheet.to_string(),
                        aree_strategiche: Vec::new(),
                    });
                    let n = t.fogli.len() - 1;
                    &mut t.fogli[n]
                }
            };
            // A sheet has a few strategic areas: found by a short scan.
            let list = &mut sheet.aree_strategiche;
            let i = match list.iter().position(|a| a.nome == r.strategic_area) {
                Some(i) => i,
                None => {
                    list.push(AreaNode {
                        nome: r.strategic_area.clone(),
                        obiettivi: Vec::new(),
                    });
                    list.len() - 1
                }
            };
            let area = &mut list[i];
            let same = |o: &ObjectiveNode| {
                o.codice == r.objective_code
                    && o.titolo == r.objective
                    && o.dirigenti == r.dirigenti
                    && o.aree == r.areas
                    && o.trasversale == r.transversal
            };
            match area.obiettivi.last_mut().filter(|o| same(o)) {
                Some(o) => {
                    o.indicatori += 1;
                    o.righe.1 = loc.row;
                }
                None => area.obiettivi.push(ObjectiveNode {
                    obiettivo_strategico: strategic_label(r),
                    codice: r.objective_code.clone(),
                    titolo: r.objective.clone(),
                    righe: (loc.row, loc.row),
                    indicatori: 1,
                    dirigenti: r.dirigenti.clone(),
                    aree: r.areas.clone(),
                    fonte: r.owner_source,
                    trasversale: r.transversal,
                    condiviso: shared,
                }),
            }
        }
        t.dirigenti = people.list;
        t.aree = areas.list;
        t
    }

    /// The tree as indented Italian text, for a person to check in seconds.
    pub fn to_text(&self) -> String {
        use std::fmt::Write;
        let mut s = String::new();
        for f in &self.fogli {
            let _ = writeln!(s, "{} — foglio «{}»", f.file, f.foglio);
            for a in &f.aree_strategiche {
                let indent = match &a.nome {
                    Some(n) => {
                        let _ = writeln!(s, "  Area strategica: {n}");
                        "    "
                    }
                    None => "  ",
                };
                let mut last_strategic: Option<&String> = None;
                for o in &a.obiettivi {
                    if o.obiettivo_strategico.is_some()
                        && o.obiettivo_strategico.as_ref() != last_strategic
                        && o.obiettivo_strategico.as_deref() != o.titolo.as_deref()
                    {
                        let _ = writeln!(
                            s,
                            "{indent}Obiettivo strategico: {}",
                            o.obiettivo_strategico.as_deref().unwrap_or("")
                        );
                    }
                    last_strategic = o.obiettivo_strategico.as_ref();
                    let label = code_title(o.codice.as_deref(), o.titolo.as_deref())
                        .unwrap_or_else(|| "(nessun obiettivo)".to_string());
                    let rows = if o.righe.0 == o.righe.1 {
                        format!("riga {}", o.righe.0)
                    } else {
                        format!("righe {}–{}", o.righe.0, o.righe.1)
                    };
                    let _ = writeln!(
                        s,
                        "{indent}  {} — {} indicator{}, {rows}",
                        short(&label, 90),
                        o.indicatori,
                        if o.indicatori == 1 { "e" } else { "i" }
                    );
                    let _ = writeln!(s, "{indent}    {}", owner_line(o));
                }
            }
        }
        let _ = writeln!(s, "\nIndicatori per dirigente:");
        if self.dirigenti.is_empty() {
            let _ = writeln!(s, "  (nessun dirigente trovato)");
        }
        for c in &self.dirigenti {
            let _ = writeln!(s, "  {}: {}{}", c.nome, c.indicatori, shared_note(c));
        }
        let _ = writeln!(s, "Indicatori per area:");
        if self.aree.is_empty() {
            let _ = writeln!(s, "  (nessuna area trovata)");
        }
        for c in &self.aree {
            let _ = writeln!(s, "  {}: {}{}", c.nome, c.indicatori, shared_note(c));
        }
        if self.trasversali > 0 {
            let _ = writeln!(
                s,
                "Indicatori trasversali (contano per ogni dirigente): {}",
                self.trasversali
            );
        }
        let _ = writeln!(s, "Indicatori senza responsabile: {}", self.non_assegnati);
        s
    }
}

/// Owners' counts in order of first sight, with an index by name.
#[derive(Default)]
struct Counts {
    list: Vec<Count>,
    index: std::collections::HashMap<String, usize>,
}

impl Counts {
    fn bump(&mut self, name: &str, shared: bool) {
        let i = match self.index.get(name) {
            Some(&i) => i,
            None => {
                self.index.insert(name.to_string(), self.list.len());
                self.list.push(Count {
                    nome: name.to_string(),
                    indicatori: 0,
                    condivisi: 0,
                });
                self.list.len() - 1
            }
        };
        let c = &mut self.list[i];
        c.indicatori += 1;
        c.condivisi += usize::from(shared);
    }
}

fn shared_note(c: &Count) -> String {
    if c.condivisi > 0 {
        format!(" (di cui {} condivisi)", c.condivisi)
    } else {
        String::new()
    }
}

fn owner_line(o: &ObjectiveNode) -> String {
    let mut parts = Vec::new();
    if o.trasversale {
        parts.push("trasversale (tutti i dirigenti)".to_string());
    }
    if !o.dirigenti.is_empty() {
        parts.push(format!("dirigente: {}", o.dirigenti.join("; ")));
    }
    if !o.aree.is_empty() {
        parts.push(format!("area: {}", o.aree.join("; ")));
    }
    if parts.is_empty() {
        return "responsabile: NESSUNO (va in non-assegnati.xlsx; correggere con --organigramma o --mappa)".to_string();
    }
    if o.condiviso {
        parts.push("condiviso".to_string());
    }
    if let Some(f) = o.fonte {
        parts.push(format!("fonte: {}", f.italiano()));
    }
    parts.join(" · ")
}

fn short(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let t: String = s.chars().take(n - 1).collect();
        format!("{t}…")
    }
}
