//! Atomic file output: write to a temporary file beside the target, then rename.

use std::io::Write;
use std::path::Path;

/// Errors writing an output file.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The target exists and overwriting was not allowed.
    #[error("il file {0} esiste già: usare --force per sovrascriverlo")]
    Exists(String),
    /// An I/O error.
    #[error("impossibile scrivere {path}: {}", io_italian(.source))]
    Io {
        /// Target path.
        path: String,
        /// Underlying error.
        #[source]
        source: std::io::Error,
    },
}

/// A temporary file in `dir` created with the permissions the umask allows
/// (`0666 & !umask`, as `cp` or any editor would give a new file), not the
/// owner-only `0600` of a plain temporary file: outputs go to shared office
/// folders.
fn new_temp(dir: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    let mut b = tempfile::Builder::new();
    b.prefix(".cruscotto-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        b.permissions(std::fs::Permissions::from_mode(0o666));
    }
    b.tempfile_in(dir)
}

/// Writes `bytes` to `path` atomically (temp file in the same directory, then
/// rename). Refuses to replace an existing file unless `force` is set. The
/// file gets the permissions the umask allows for a new file.
///
/// ```
/// let dir = tempfile::tempdir().unwrap();
/// let p = dir.path().join("out.txt");
/// cruscotto::fsutil::write_atomic(&p, b"ciao", false).unwrap();
/// assert!(cruscotto::fsutil::write_atomic(&p, b"di nuovo", false).is_err());
/// cruscotto::fsutil::write_atomic(&p, b"di nuovo", true).unwrap();
/// assert_eq!(std::fs::read(&p).unwrap(), b"di nuovo");
/// ```
pub fn write_atomic(path: &Path, bytes: &[u8], force: bool) -> Result<(), WriteError> {
    write_atomic_with(path, force, |w| {
        w.write_all(bytes).map_err(|source| WriteError::Io {
            path: path.display().to_string(),
            source,
        })
    })
}

/// Like [`write_atomic`], with the bytes written by `fill` as it builds
/// them (through a buffer), so that a large output never sits whole in
/// memory. When `fill` fails the temporary file is removed and the target
/// is untouched.
///
/// ```
/// use std::io::Write as _;
/// use cruscotto::fsutil::{write_atomic_with, WriteError};
/// let dir = tempfile::tempdir().unwrap();
/// let p = dir.path().join("out.csv");
/// write_atomic_with(&p, false, |w| {
///     w.write_all(b"a,b\n").map_err(|source| WriteError::Io { path: "out.csv".into(), source })
/// })
/// .unwrap();
/// assert_eq!(std::fs::read(&p).unwrap(), b"a,b\n");
/// let failed: Result<(), WriteError> =
///     write_atomic_with(&p, true, |_| Err(WriteError::Exists("prova".into())));
/// assert!(failed.is_err());
/// assert_eq!(std::fs::read(&p).unwrap(), b"a,b\n");
/// ```
pub fn write_atomic_with<E: From<WriteError>>(
    path: &Path,
    force: bool,
    fill: impl FnOnce(&mut dyn Write) -> Result<(), E>,
) -> Result<(), E> {
    let io = |source| WriteError::Io {
        path: path.display().to_string(),
        source,
    };
    if !force && path.exists() {
        return Err(WriteError::Exists(path.display().to_string()).into());
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir).map_err(io)?;
    let tmp = new_temp(dir).map_err(io)?;
    {
        let mut buf = std::io::BufWriter::with_capacity(1 << 16, tmp.as_file());
        fill(&mut buf)?;
        buf.flush().map_err(io)?;
    }
    tmp.as_file().sync_all().map_err(io)?;
    if force {
        tmp.persist(path).map_err(|e| io(e.error))?;
    } else {
        tmp.persist_noclobber(path).map_err(|e| {
            if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                WriteError::Exists(path.display().to_string())
            } else {
                io(e.error)
            }
        })?;
    }
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt as _;

    /// The umask of this process, read back from a file created the ordinary way.
    fn umask() -> u32 {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("probe");
        std::fs::File::create(&p).unwrap();
        !std::fs::metadata(&p).unwrap().permissions().mode() & 0o666
    }

    #[test]
    fn outputs_get_the_permissions_the_umask_allows() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.xlsx");
        write_atomic(&p, b"x", false).unwrap();
        let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o666 & !umask());
        write_atomic(&p, b"y", true).unwrap();
        let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o666 & !umask());
    }
}

/// An I/O error in Italian for the messages users read: the common kinds
/// said in words, with the system's error number; the others as the
/// system says them.
///
/// ```
/// use std::io::{Error, ErrorKind};
/// assert_eq!(cruscotto::fsutil::io_italian(&Error::from(ErrorKind::NotFound)), "file o cartella inesistente");
/// ```
pub fn io_italian(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let what = match e.kind() {
        K::NotFound => "file o cartella inesistente",
        K::PermissionDenied => "permesso negato",
        K::AlreadyExists => "esiste già",
        K::IsADirectory => "è una cartella, non un file",
        K::NotADirectory => "non è una cartella",
        K::StorageFull => "spazio su disco esaurito",
        K::ReadOnlyFilesystem => "file system in sola lettura",
        K::InvalidData => "dati non validi",
        _ => return e.to_string(),
    };
    match e.raw_os_error() {
        Some(n) => format!("{what} (errore di sistema {n})"),
        None => what.to_string(),
    }
}
