//! Helpers of the `cruscotto web` tests: the real binary started on
//! 127.0.0.1:0 with its own temporary directory, and the CLI run beside it.

#![allow(dead_code)]

use std::io::BufRead as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// A fixture's path.
pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

/// `cruscotto web` running for a test; stopped (SIGTERM) on drop.
pub struct Server {
    child: Child,
    // Kept open: the server writes more lines, and exits on a closed pipe.
    _stdout: std::io::BufReader<std::process::ChildStdout>,
    /// `http://127.0.0.1:PORT/`.
    pub url: String,
    /// The TMPDIR the server was given (its uploads go below it).
    pub tmp: tempfile::TempDir,
}

impl Server {
    /// Starts the server with `extra` arguments, reads the address it prints.
    pub fn start(extra: &[&str]) -> Server {
        let tmp = tempfile::tempdir().unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_cruscotto"))
            .args(["web", "--porta", "0", "--non-aprire"])
            .args(extra)
            .env("TMPDIR", tmp.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start cruscotto web");
        let stdout = child.stdout.take().unwrap();
        let mut line = String::new();
        let mut stdout = std::io::BufReader::new(stdout);
        stdout.read_line(&mut line).unwrap();
        let url = line
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap_or_else(|| panic!("no address printed: {line:?}"))
            .to_string();
        assert!(url.starts_with("http://127.0.0.1:"), "{url}");
        Server {
            child,
            _stdout: stdout,
            url,
            tmp,
        }
    }

    /// `self.url` followed by `path` (without its leading `/`).
    pub fn at(&self, path: &str) -> String {
        format!("{}{}", self.url, path.trim_start_matches('/'))
    }

    /// The server's private directories under its TMPDIR.
    pub fn private_dirs(&self) -> Vec<PathBuf> {
        std::fs::read_dir(self.tmp.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| {
                p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with("cruscotto-web-"))
            })
            .collect()
    }

    /// Stops the server as Ctrl-C would (SIGTERM) and waits for it; its
    /// standard error.
    pub fn stop(&mut self) -> String {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
        let mut err = String::new();
        if let Some(mut e) = self.child.stderr.take() {
            let _ = std::io::Read::read_to_string(&mut e, &mut err);
        }
        err
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            self.stop();
        }
    }
}

/// Runs the CLI in `dir` (so that files are named as the page names them).
pub fn cli(dir: &Path, args: &[&str]) -> std::process::Output {
    let out = Command::new(env!("CARGO_BIN_EXE_cruscotto"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run cruscotto");
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "cruscotto {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// The entries of a zip, by name, in order.
pub fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    (0..z.len())
        .map(|i| {
            let mut f = z.by_index(i).unwrap();
            let mut b = Vec::new();
            std::io::Read::read_to_end(&mut f, &mut b).unwrap();
            (f.name().unwrap().to_string(), b)
        })
        .collect()
}

/// The files `cruscotto report` writes for `args` (run in the fixtures
/// directory), in the manifest's order, then `manifest.json`.
pub fn cli_reports(args: &[&str]) -> Vec<(String, Vec<u8>)> {
    cli_reports_in(&fixture(""), args)
}

/// Like [`cli_reports`], run in `dir`.
pub fn cli_reports_in(dir: &Path, args: &[&str]) -> Vec<(String, Vec<u8>)> {
    let out = tempfile::tempdir().unwrap();
    let o = out.path().to_str().unwrap().to_string();
    let mut all = vec!["report"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["-o", &o]);
    cli(dir, &all);
    let manifest = std::fs::read(out.path().join("manifest.json")).unwrap();
    let m: serde_json::Value = serde_json::from_slice(&manifest).unwrap();
    let mut files: Vec<(String, Vec<u8>)> = m["file"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let n = f["file"].as_str().unwrap().to_string();
            let b = std::fs::read(out.path().join(&n)).unwrap();
            (n, b)
        })
        .collect();
    files.push(("manifest.json".into(), manifest));
    files
}

/// HTML text with the escapes of the templates undone and tags dropped,
/// spaces collapsed.
pub fn page_text(html: &str) -> String {
    let no_tags = regex::Regex::new(r"<[^>]*>")
        .unwrap()
        .replace_all(html, " ");
    let t = no_tags
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&#x2f;", "/")
        .replace("&amp;", "&");
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}
