//! Reading the page's form: each file is streamed, within the size limits,
//! into a directory the server makes inside the analysis's private
//! directory (`piani-1/`), under the browser's file name reduced to one plain
//! name ([`stored_name`]): a CSV's sheet is named after its file, as on the
//! command line, and nothing the browser sends can choose where a file goes.

use std::path::Path;

use axum::extract::multipart::{Field, Multipart, MultipartError};
use tokio::io::AsyncWriteExt as _;

use super::session::{Request, Stored};
use super::Limits;

/// A kind of file the form takes: its field name, its label and hint on the
/// page, the extensions accepted and whether several files may be given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Slot {
    /// Field name in the form (and prefix of the stored names).
    pub campo: &'static str,
    /// Label on the page.
    pub etichetta: &'static str,
    /// One line of help on the page.
    pub aiuto: &'static str,
    /// Accepted extensions, lower case, without the dot.
    pub estensioni: &'static [&'static str],
    /// Several files allowed.
    pub multiplo: bool,
}

const SPREADSHEETS: &[&str] = &[
    "xlsx", "xlsm", "xlsb", "xls", "ods", "csv", "txt", "xml", "htm", "html",
];

/// The file slots of the form, in page order; each has its line in
/// [`Request::sources`] and in [`put`].
pub const SLOTS: [Slot; 6] = [
    Slot {
        campo: "piani",
        etichetta: "Piani della performance",
        aiuto: "uno o più file .xlsx, .xls, .ods o .csv (obbligatorio)",
        estensioni: SPREADSHEETS,
        multiplo: true,
    },
    Slot {
        campo: "organigramma",
        etichetta: "Organigramma",
        aiuto: "CSV Area;Dirigente[;Alias]: vince sui dirigenti scritti nel piano (facoltativo)",
        estensioni: &["csv", "txt"],
        multiplo: false,
    },
    Slot {
        campo: "consuntivi",
        etichetta: "Consuntivi",
        aiuto: "file dei consuntivi separato, abbinato per codice, obiettivo e nome (facoltativo)",
        estensioni: SPREADSHEETS,
        multiplo: true,
    },
    Slot {
        campo: "regole",
        etichetta: "Regole di calcolo",
        aiuto: "file TOML delle regole; altrimenti le regole predefinite (facoltativo)",
        estensioni: &["toml"],
        multiplo: false,
    },
    Slot {
        campo: "rettifiche",
        etichetta: "Rettifiche motivate",
        aiuto: "Codice o Obiettivo e Indicatore, Rettifica (grado o «escluso») e Motivazione obbligatoria (facoltativo)",
        estensioni: SPREADSHEETS,
        multiplo: false,
    },
    Slot {
        campo: "precedente",
        etichetta: "Anno precedente",
        aiuto: "tabella normalizzata (CSV di cruscotto convert) o piano dell'anno scorso, per il confronto (facoltativo)",
        estensioni: SPREADSHEETS,
        multiplo: false,
    },
];

/// Longest text field read (year, period, body name).
const TEXT_LIMIT: usize = 4096;

/// Why a form was refused, in Italian, with the HTTP status to answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    /// HTTP status.
    pub status: u16,
    /// Italian message.
    pub message: String,
}

impl Rejected {
    fn bad(message: impl Into<String>) -> Rejected {
        Rejected {
            status: 400,
            message: message.into(),
        }
    }
}

fn mb(bytes: usize) -> String {
    format!("{} MB", bytes / (1024 * 1024))
}

/// The multipart error in Italian.
fn multipart_error(e: MultipartError, limits: &Limits) -> Rejected {
    if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
        return too_large_request(limits);
    }
    Rejected::bad(format!("modulo non leggibile: {}", e.body_text()))
}

/// The message for a request over the limit.
pub fn too_large_request(limits: &Limits) -> Rejected {
    Rejected {
        status: 413,
        message: format!(
            "i file inviati insieme superano il limite di {} per richiesta: inviarne meno alla volta",
            mb(limits.per_request)
        ),
    }
}

/// The name the browser gave a file, reduced to its last part without
/// control characters (shown only).
pub fn display_name(given: &str) -> String {
    let last = given.rsplit(['/', '\\']).next().unwrap_or("");
    let clean: String = last.chars().filter(|c| !c.is_control()).collect();
    let clean = clean.trim();
    if clean.is_empty() || clean == "." || clean == ".." {
        "file".to_string()
    } else {
        clean.chars().take(200).collect()
    }
}

/// The name an upload is stored under, in its own new directory: the name
/// shown ([`display_name`]) when it is one plain name (no separators, no
/// leading dot, no characters some systems refuse, at most 150 bytes, the
/// accepted extension), else `<slot>.<ext>`.
///
/// ```
/// use cruscotto::web::upload::{stored_name, SLOTS};
/// assert_eq!(stored_name("Area 3.csv", &SLOTS[0], "csv"), "Area 3.csv");
/// assert_eq!(stored_name("..csv", &SLOTS[0], "csv"), "piani.csv");
/// assert_eq!(stored_name("a:b.csv", &SLOTS[0], "csv"), "piani.csv");
/// ```
pub fn stored_name(shown: &str, slot: &Slot, ext: &str) -> String {
    let plain = !shown.is_empty()
        && shown.len() <= 150
        && !shown.starts_with('.')
        && !shown
            .chars()
            .any(|c| c.is_control() || "/\\:*?\"<>|".contains(c))
        && shown.to_ascii_lowercase().ends_with(&format!(".{ext}"))
        && matches!(
            Path::new(shown).components().collect::<Vec<_>>().as_slice(),
            [std::path::Component::Normal(_)]
        );
    if plain {
        shown.to_string()
    } else {
        format!("{}.{ext}", slot.campo)
    }
}

/// The accepted extension of `name` for `slot`, lower case.
fn extension(name: &str, slot: &Slot) -> Result<&'static str, Rejected> {
    let ext = Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    slot.estensioni
        .iter()
        .copied()
        .find(|e| *e == ext)
        .ok_or_else(|| {
            Rejected::bad(format!(
                "«{name}» non è un file accettato come {}: estensioni ammesse {}",
                slot.etichetta.to_lowercase(),
                slot.estensioni
                    .iter()
                    .map(|e| format!(".{e}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        })
}

/// Reads the whole form into a [`Request`], storing its files in `dir`.
///
/// The values typed in the form are kept in `request` even when the form is
/// refused, so that the page can show them again.
pub async fn read_form(
    mut mp: Multipart,
    dir: &Path,
    limits: &Limits,
    request: &mut Request,
) -> Result<(), Rejected> {
    let mut count = 0usize;
    let mut first_error = None;
    loop {
        let field = match mp.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => return Err(multipart_error(e, limits)),
        };
        let name = field.name().unwrap_or("").to_string();
        if let Some(slot) = SLOTS.iter().find(|s| s.campo == name) {
            let given = field.file_name().unwrap_or("").to_string();
            if given.is_empty() {
                // An empty file input still sends its part.
                drain(field, limits).await?;
                continue;
            }
            let shown = display_name(&given);
            let ext = match extension(&shown, slot) {
                Ok(e) => e,
                Err(e) => {
                    first_error.get_or_insert(e);
                    drain(field, limits).await?;
                    continue;
                }
            };
            count += 1;
            let own = dir.join(format!("{}-{count}", slot.campo));
            if let Err(e) = tokio::fs::create_dir(&own).await {
                return Err(Rejected {
                    status: 500,
                    message: format!("impossibile creare la cartella temporanea: {e}"),
                });
            }
            let path = own.join(stored_name(&shown, slot, ext));
            match save(field, &path, &shown, limits).await {
                Ok(()) => put(request, slot, Stored { path, name: shown }),
                Err(e) if e.status == 413 && e.message.contains("per file") => {
                    first_error.get_or_insert(e);
                }
                Err(e) => return Err(e),
            }
        } else {
            let text = read_text(field, limits).await?;
            let text = text.trim();
            match name.as_str() {
                "anno" if !text.is_empty() => match text.parse::<i32>() {
                    Ok(y) if (1990..=2100).contains(&y) => request.anno = Some(y),
                    _ => {
                        first_error.get_or_insert(Rejected::bad(format!(
                            "anno «{text}» non valido: scrivere l'anno a quattro cifre, ad es. 2025"
                        )));
                    }
                },
                "periodo" if !text.is_empty() => request.periodo = Some(text.to_string()),
                "ente" if !text.is_empty() => request.ente = Some(text.to_string()),
                _ => {}
            }
        }
    }
    match first_error {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// Files a stored file under its slot.
fn put(request: &mut Request, slot: &Slot, file: Stored) {
    match slot.campo {
        "piani" => request.piani.push(file),
        "organigramma" => request.organigramma = Some(file),
        "consuntivi" => request.consuntivi.push(file),
        "regole" => request.regole = Some(file),
        "rettifiche" => request.rettifiche = Some(file),
        "precedente" => request.precedente = Some(file),
        _ => {}
    }
}

/// Streams one file to `path`, within the per-file limit.
async fn save(
    mut field: Field<'_>,
    path: &Path,
    shown: &str,
    limits: &Limits,
) -> Result<(), Rejected> {
    let io = |e: std::io::Error| Rejected {
        status: 500,
        message: format!("impossibile salvare «{shown}» nella cartella temporanea: {e}"),
    };
    let mut file = tokio::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .await
        .map_err(io)?;
    let mut size = 0usize;
    loop {
        let chunk = match field.chunk().await {
            Ok(Some(c)) => c,
            Ok(None) => break,
            Err(e) => return Err(multipart_error(e, limits)),
        };
        size += chunk.len();
        if size > limits.per_file {
            drop(file);
            let _ = tokio::fs::remove_file(path).await;
            drain(field, limits).await?;
            return Err(Rejected {
                status: 413,
                message: format!(
                    "il file «{shown}» supera il limite di {} per file",
                    mb(limits.per_file)
                ),
            });
        }
        file.write_all(&chunk).await.map_err(io)?;
    }
    file.flush().await.map_err(io)?;
    Ok(())
}

/// Reads and discards the rest of a field (the request limit still holds).
async fn drain(mut field: Field<'_>, limits: &Limits) -> Result<(), Rejected> {
    loop {
        match field.chunk().await {
            Ok(Some(_)) => {}
            Ok(None) => return Ok(()),
            Err(e) => return Err(multipart_error(e, limits)),
        }
    }
}

/// A short text field.
async fn read_text(mut field: Field<'_>, limits: &Limits) -> Result<String, Rejected> {
    let mut bytes = Vec::new();
    loop {
        match field.chunk().await {
            Ok(Some(c)) => {
                if bytes.len() + c.len() > TEXT_LIMIT {
                    return Err(Rejected::bad("campo di testo troppo lungo"));
                }
                bytes.extend_from_slice(&c);
            }
            Ok(None) => break,
            Err(e) => return Err(multipart_error(e, limits)),
        }
    }
    String::from_utf8(bytes).map_err(|_| Rejected::bad("campo di testo non valido (non UTF-8)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn browser_names_never_carry_a_directory() {
        assert_eq!(display_name("piano.xlsx"), "piano.xlsx");
        assert_eq!(display_name("../../etc/passwd"), "passwd");
        assert_eq!(
            display_name("C:\\Users\\x\\Piano 2025.xlsx"),
            "Piano 2025.xlsx"
        );
        assert_eq!(display_name(".."), "file");
        assert_eq!(display_name("a\u{0}b\n.csv"), "ab.csv");
    }

    #[test]
    fn stored_names_are_one_plain_name() {
        let s = &SLOTS[0];
        assert_eq!(stored_name("Piano 2025.XLSX", s, "xlsx"), "Piano 2025.XLSX");
        for bad in [
            "../x.csv",
            "a/b.csv",
            "a\\b.csv",
            ".nascosto.csv",
            "x.xlsx",
            "",
            "a\nb.csv",
        ] {
            assert_eq!(stored_name(bad, s, "csv"), "piani.csv", "{bad:?}");
        }
        assert_eq!(
            stored_name(&format!("{}.csv", "a".repeat(200)), s, "csv"),
            "piani.csv"
        );
    }

    #[test]
    fn extensions_per_slot() {
        assert_eq!(extension("Piano.XLSX", &SLOTS[0]), Ok("xlsx"));
        assert_eq!(extension("org.csv", &SLOTS[1]), Ok("csv"));
        let e = extension("org.xlsx", &SLOTS[1]).unwrap_err();
        assert!(e.message.contains("estensioni ammesse .csv, .txt"), "{e:?}");
        assert!(extension("regole", &SLOTS[3]).is_err());
    }
}
