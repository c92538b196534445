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
    #[error("impossibile scrivere {path}: {source}")]
    Io {
        /// Target path.
        path: String,
        /// Underlying error.
        #[source]
        source: std::io::Error,
    },
}

/// Writes `bytes` to `path` atomically (temp file in the same directory, then
/// rename). Refuses to replace an existing file unless `force` is set.
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
    let io = |source| WriteError::Io {
        path: path.display().to_string(),
        source,
    };
    if !force && path.exists() {
        return Err(WriteError::Exists(path.display().to_string()));
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir).map_err(io)?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(io)?;
    tmp.write_all(bytes).map_err(io)?;
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
