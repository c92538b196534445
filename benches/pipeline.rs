//! Pipeline benchmark (custom harness, no external bench framework).
//!
//! Run with `cargo bench --bench pipeline`; add `CRUSCOTTO_BENCH_1M=1` to
//! also run the 1,000,000-indicator size (slow). `CRUSCOTTO_BENCH_RUNS=k`
//! changes the number of timed runs per stage (default 3; the median is
//! printed).
//!
//! What is measured:
//! 1. value parsing (`parse_number`, `parse_percent`), ns/op;
//! 2. target normalising, ns/expression, for a list of typical expressions;
//! 3. for each size N, on a synthetic plan (`synth::plan_xlsx`): reading
//!    (`read::open`), the whole pipeline (`pipeline::run`), per-dirigente
//!    report writing (`report::batch::write_reports`), CSV export, and the
//!    FLOOR: reading the same cells with calamine and writing them back with
//!    rust_xlsxwriter (constant memory) to a buffer. End-to-end is pipeline +
//!    reports; the ratio end-to-end / floor and the growth exponent are printed;
//! 4. peak memory (`VmHWM`): every size runs in child processes (this same
//!    binary re-executed with `CRUSCOTTO_BENCH_CHILD` set), so each size's
//!    high-water mark is its own. The `e2e` child does only what the CLI does
//!    (pipeline + reports, once), so its VmHWM is the end-to-end peak; the
//!    `convert` child likewise for `convert --format csv` (pipeline, then
//!    the table streamed to a file);
//! 5. with `CRUSCOTTO_BENCH_MANY=F` (e.g. 2000): `convert` of F plans of
//!    500 indicators each in one run, against one such plan's own run
//!    (time and peak memory of each).

// Children run as the CLI runs: with its allocator.
#[path = "../src/lean_alloc.rs"]
mod lean_alloc;

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use calamine::{open_workbook_auto, Data, Reader};
use cruscotto::export::{export, export_to, Format};
use cruscotto::normalise::{normalise, Context};
use cruscotto::pipeline::{run, Options, Outcome};
use cruscotto::report::batch::{write_reports, Per};
use cruscotto::report::{ReportMeta, Template};
use cruscotto::synth::{plan_xlsx, Spec};
use cruscotto::value::{parse_number, parse_percent};

/// Env var that turns the binary into a child: `<mode>:<path>`.
const CHILD: &str = "CRUSCOTTO_BENCH_CHILD";

/// Target expressions timed by the normaliser micro-benchmark.
const EXPRESSIONS: [&str; 14] = [
    ">= 95%",
    "≥ anno x-1",
    "grado di soddisfazione medio 3,6/5",
    "Anno: 2021 >= +15% Anno: 2022 >= +10% Anno: 2023 ---",
    "31/12/2025",
    "Positivo",
    "n.d.",
    "< 30",
    "80/10.000 imprese attive",
    "<= 30 gg",
    "1.234,56",
    "si",
    "entro il 30/06/2025",
    "100%",
];

type BenchResult<T> = Result<T, Box<dyn std::error::Error>>;

/// `key=value` pairs printed by a child.
type Kv = Vec<(String, f64)>;

/// One size: N, stage timings, end-to-end-once, convert-once, floor.
type SizeRow = (usize, Kv, Kv, Kv, Kv);

fn main() -> BenchResult<()> {
    if let Ok(spec) = std::env::var(CHILD) {
        return child(&spec);
    }
    let runs = runs();
    println!("cruscotto pipeline benchmark (median of {runs} runs per stage)\n");
    micro();
    let mut sizes = vec![10_000usize, 100_000];
    if std::env::var("CRUSCOTTO_BENCH_1M").is_ok_and(|v| v == "1") {
        sizes.push(1_000_000);
    }
    let tmp = tempfile::tempdir()?;
    let mut rows = Vec::new();
    for &n in &sizes {
        let path = tmp.path().join(format!("plan-{n}.xlsx"));
        let t = Instant::now();
        let bytes = plan_xlsx(&Spec {
            indicators: n,
            ..Default::default()
        })?;
        std::fs::write(&path, &bytes)?;
        eprintln!(
            "generated {n} indicators: {:.1} MB in {:.2?}",
            bytes.len() as f64 / 1e6,
            t.elapsed()
        );
        let stages = spawn("stages", &path)?;
        let e2e = spawn("e2e", &path)?;
        let convert = spawn("convert", &path)?;
        let floor = spawn("floor", &path)?;
        rows.push((n, stages, e2e, convert, floor));
    }
    print_sizes(&rows);
    if let Some(files) = std::env::var("CRUSCOTTO_BENCH_MANY")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
    {
        many_files(tmp.path(), files)?;
    }
    Ok(())
}

/// `convert` of `files` plans of 500 indicators each, in one run, against
/// the run of one of them.
fn many_files(tmp: &Path, files: usize) -> BenchResult<()> {
    let dir = tmp.join("many");
    std::fs::create_dir_all(&dir)?;
    let bytes = plan_xlsx(&Spec {
        indicators: 500,
        ..Default::default()
    })?;
    for i in 0..files {
        std::fs::write(dir.join(format!("piano-{i:05}.xlsx")), &bytes)?;
    }
    let one = spawn("convert", &dir.join("piano-00000.xlsx"))?;
    let many = spawn("many", &dir)?;
    println!("\n## Many files: `convert` of {files} plans of 500 indicators\n");
    println!("| run | indicators | seconds | peak MiB |");
    println!("|---|---:|---:|---:|");
    println!(
        "| one plan | {:.0} | {:.3} | {:.0} |",
        get(&one, "records"),
        get(&one, "convert"),
        get(&one, "hwm_kib") / 1024.0
    );
    println!(
        "| {files} plans in one run | {:.0} | {:.3} | {:.0} |",
        get(&many, "records"),
        get(&many, "convert"),
        get(&many, "hwm_kib") / 1024.0
    );
    Ok(())
}

/// Runs the pipeline on `inputs` and streams the CSV table to a file, as
/// `cruscotto convert` does; returns (seconds, records).
fn convert_once(inputs: &[PathBuf], out: &Path) -> BenchResult<(f64, usize)> {
    let t = Instant::now();
    let outcome = run(inputs, &Options::default());
    let mut w = std::io::BufWriter::new(std::fs::File::create(out.join("tabella.csv"))?);
    export_to(&outcome.records, Format::Csv, &mut w)?;
    std::io::Write::flush(&mut w)?;
    let n = outcome.records.len();
    // As the CLI: the outcome is not freed piece by piece.
    std::mem::forget(outcome);
    Ok((t.elapsed().as_secs_f64(), n))
}

/// Timed runs per stage.
fn runs() -> usize {
    std::env::var("CRUSCOTTO_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&k| k > 0)
        .unwrap_or(3)
}

/// Median of `k` runs of `f`.
fn median(k: usize, f: impl FnMut()) -> Duration {
    median_keep(k, f).0
}

/// Like [`median`] for an `f` that returns a value: each run's value is
/// dropped before the next run starts, outside the timed part, and the last
/// one is returned.
fn median_keep<T>(k: usize, mut f: impl FnMut() -> T) -> (Duration, Option<T>) {
    let mut last = None;
    let mut ts: Vec<Duration> = Vec::with_capacity(k);
    for _ in 0..k {
        drop(last.take());
        let t = Instant::now();
        let v = f();
        ts.push(t.elapsed());
        last = Some(v);
    }
    ts.sort();
    (ts[ts.len() / 2], last)
}

/// ns per call of `f`, median of 5 samples of `iters` calls each.
fn ns_per_op(iters: u32, mut f: impl FnMut()) -> f64 {
    let d = median(5, || {
        for _ in 0..iters {
            f();
        }
    });
    d.as_nanos() as f64 / f64::from(iters)
}

/// Micro-benchmarks: value parsing and normalising.
fn micro() {
    println!("## Micro-benchmarks\n");
    println!("| operation | ns/op |");
    println!("|---|---:|");
    let n = ns_per_op(1_000_000, || {
        let _ = black_box(parse_number(black_box("1.234,56")));
    });
    println!("| parse_number(\"1.234,56\") | {n:.0} |");
    let n = ns_per_op(1_000_000, || {
        let _ = black_box(parse_percent(black_box("53,27%")));
    });
    println!("| parse_percent(\"53,27%\") | {n:.0} |");
    let ctx = Context::default();
    let mut total = 0.0;
    for e in EXPRESSIONS {
        let n = ns_per_op(20_000, || {
            black_box(normalise(black_box(e), &ctx));
        });
        total += n;
        println!("| normalise({e:?}) | {n:.0} |");
    }
    println!(
        "| **normalise, mean over {} expressions** | **{:.0}** |\n",
        EXPRESSIONS.len(),
        total / EXPRESSIONS.len() as f64
    );
}

/// Re-executes this binary in `mode` on `path`; returns its `key=value` line.
fn spawn(mode: &str, path: &Path) -> BenchResult<Kv> {
    let exe = std::env::current_exe()?;
    let out = Command::new(exe)
        .env(CHILD, format!("{mode}:{}", path.display()))
        .output()?;
    if !out.status.success() {
        return Err(format!(
            "child {mode} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        )
        .into());
    }
    let text = String::from_utf8(out.stdout)?;
    let line = text
        .lines()
        .find(|l| l.starts_with("RESULT "))
        .ok_or("child printed no RESULT line")?;
    Ok(line
        .split_whitespace()
        .skip(1)
        .filter_map(|kv| {
            let (k, v) = kv.split_once('=')?;
            Some((k.to_string(), v.parse().ok()?))
        })
        .collect())
}

/// Looks a key up in a child's result.
fn get(r: &[(String, f64)], k: &str) -> f64 {
    r.iter()
        .find(|(key, _)| key == k)
        .map_or(f64::NAN, |(_, v)| *v)
}

/// Prints the per-size table, ratios, exponents and memory.
fn print_sizes(rows: &[SizeRow]) {
    println!("## Pipeline (seconds, median)\n");
    println!("| indicators | read::open | pipeline::run | reports (per dirigente) | CSV export | end-to-end (run+reports) | floor (calamine read + xlsxwriter write) | floor read | floor write | e2e / floor | floor, cells written twice | e2e / that |");
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    let mut e2es = Vec::new();
    for (n, s, _, _, f) in rows {
        let e2e = get(s, "run") + get(s, "reports");
        let floor = get(f, "floor");
        e2es.push((*n, e2e));
        let floor2 = get(f, "floor2");
        println!(
            "| {n} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.2} | {:.3} | {:.2} |",
            get(s, "read"),
            get(s, "run"),
            get(s, "reports"),
            get(s, "csv"),
            e2e,
            floor,
            get(f, "floor_read"),
            get(f, "floor_write"),
            e2e / floor,
            floor2,
            e2e / floor2
        );
    }
    println!("\n## Growth exponent of end-to-end (1.0 = linear)\n");
    for w in e2es.windows(2) {
        let ((n0, t0), (n1, t1)) = (w[0], w[1]);
        let k = (t1 / t0).ln() / (n1 as f64 / n0 as f64).ln();
        println!("- {n0} → {n1}: {k:.3}");
    }
    println!("\n## Peak memory (VmHWM of each child process, MiB)\n");
    println!("| indicators | report per dirigente once (CLI-like) | convert to CSV once (CLI-like) | all stage timings | floor |");
    println!("|---:|---:|---:|---:|---:|");
    for (n, s, e, c, f) in rows {
        println!(
            "| {n} | {:.0} | {:.0} | {:.0} | {:.0} |",
            get(e, "hwm_kib") / 1024.0,
            get(c, "hwm_kib") / 1024.0,
            get(s, "hwm_kib") / 1024.0,
            get(f, "hwm_kib") / 1024.0
        );
    }
    println!("\n## Once, as the CLI (seconds)\n");
    println!("| indicators | report per dirigente | convert to CSV |");
    println!("|---:|---:|---:|");
    for (n, _, e, c, _) in rows {
        println!("| {n} | {:.3} | {:.3} |", get(e, "e2e"), get(c, "convert"));
    }
    println!("\n(records per size: {})", {
        let v: Vec<String> = rows
            .iter()
            .map(|(n, s, _, _, _)| format!("{n}→{}", get(s, "records")))
            .collect();
        v.join(", ")
    });
}

/// `VmHWM` of this process in KiB.
fn vm_hwm_kib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(f64::NAN)
}

/// Child process: one mode on one file; prints a `RESULT k=v ...` line.
fn child(spec: &str) -> BenchResult<()> {
    let (mode, path) = spec.split_once(':').ok_or("bad child spec")?;
    let path = PathBuf::from(path);
    let out = tempfile::tempdir()?;
    let opts = Options::default();
    let tpl = Template::default();
    let meta = ReportMeta::default();
    let k = runs();
    let reports = |outcome: &Outcome| -> usize {
        match write_reports(
            outcome,
            out.path(),
            Per::Dirigente,
            &tpl,
            &meta,
            true,
            &mut |_| {},
        ) {
            Ok(w) => w.files.len(),
            Err(e) => {
                eprintln!("write_reports: {e}");
                std::process::exit(1);
            }
        }
    };
    let mut res: Vec<(&str, f64)> = Vec::new();
    match mode {
        "e2e" => {
            let t = Instant::now();
            let outcome = run(std::slice::from_ref(&path), &opts);
            let files = reports(&outcome);
            res.push(("e2e", t.elapsed().as_secs_f64()));
            res.push(("files", files as f64));
        }
        "convert" => {
            let (t, n) = convert_once(std::slice::from_ref(&path), out.path())?;
            res.push(("convert", t));
            res.push(("records", n as f64));
        }
        "many" => {
            let mut inputs: Vec<PathBuf> = std::fs::read_dir(&path)?
                .map(|e| e.map(|e| e.path()))
                .collect::<Result<_, _>>()?;
            inputs.sort();
            let (t, n) = convert_once(&inputs, out.path())?;
            res.push(("convert", t));
            res.push(("records", n as f64));
        }
        "stages" => {
            let read = median(k, || match cruscotto::read::open(&path) {
                Ok(wb) => drop(black_box(wb)),
                Err(e) => {
                    eprintln!("read: {e}");
                    std::process::exit(1);
                }
            });
            res.push(("read", read.as_secs_f64()));
            // Each run's outcome is dropped before the next run starts, outside
            // the timed part (the CLI never frees it: it exits).
            let (t_run, outcome) = median_keep(k, || run(std::slice::from_ref(&path), &opts));
            let outcome = outcome.ok_or("no outcome")?;
            if !outcome.failed.is_empty() {
                return Err(format!("failed inputs: {:?}", outcome.failed).into());
            }
            res.push(("run", t_run.as_secs_f64()));
            res.push(("records", outcome.records.len() as f64));
            let mut files = 0;
            let t_rep = median(k, || files = reports(&outcome));
            res.push(("reports", t_rep.as_secs_f64()));
            res.push(("files", files as f64));
            let t_csv = median(k, || {
                let _ = black_box(export(&outcome.records, Format::Csv));
            });
            res.push(("csv", t_csv.as_secs_f64()));
        }
        "floor" => {
            let (r, w) = median_floor(&path, 1, k)?;
            res.push(("floor", r + w));
            res.push(("floor_read", r));
            res.push(("floor_write", w));
            let (r2, w2) = median_floor(&path, 2, k)?;
            res.push(("floor2", r2 + w2));
        }
        _ => return Err(format!("unknown mode {mode}").into()),
    }
    res.push(("hwm_kib", vm_hwm_kib()));
    let line: Vec<String> = res.iter().map(|(k, v)| format!("{k}={v}")).collect();
    println!("RESULT {}", line.join(" "));
    Ok(())
}

/// The floor run `k` times, with the cells written `copies` times: the
/// (read s, write s) of the run whose total is the median.
fn median_floor(path: &Path, copies: usize, k: usize) -> BenchResult<(f64, f64)> {
    let mut rw = Vec::new();
    for _ in 0..k {
        rw.push(floor_with(path, copies)?);
    }
    rw.sort_by(|a, b| (a.0 + a.1).total_cmp(&(b.0 + b.1)));
    Ok(rw[rw.len() / 2])
}

/// The floor: read every cell with calamine, then write them all back with
/// rust_xlsxwriter (constant memory) to a buffer, `copies` times (each to a
/// workbook of its own; 2 is the per-dirigente job's output volume, every
/// indicator in its dirigente's workbook and in the whole-body one).
/// Returns (read s, write s).
fn floor_with(path: &Path, copies: usize) -> BenchResult<(f64, f64)> {
    let t = Instant::now();
    let mut wb = open_workbook_auto(path)?;
    let mut sheets = Vec::new();
    for name in wb.sheet_names() {
        let range = wb.worksheet_range(&name)?;
        let mut touched = 0usize;
        for (_, _, c) in range.used_cells() {
            touched += match c {
                Data::String(s) => s.len(),
                Data::Float(f) => usize::from(*f != 0.0),
                _ => 1,
            };
        }
        black_box(touched);
        sheets.push((name, range));
    }
    let read = t.elapsed().as_secs_f64();
    let t = Instant::now();
    for _ in 0..copies {
        write_plain(&sheets)?;
    }
    Ok((read, t.elapsed().as_secs_f64()))
}

/// Writes every cell of `sheets` with rust_xlsxwriter (constant memory, no
/// formats) to a buffer.
fn write_plain(sheets: &[(String, calamine::Range<Data>)]) -> BenchResult<()> {
    let mut out = rust_xlsxwriter::Workbook::new();
    for (name, range) in sheets {
        let ws = out.add_worksheet_with_constant_memory()?;
        ws.set_name(name)?;
        let (r0, c0) = range.start().unwrap_or((0, 0));
        for (r, c, v) in range.used_cells() {
            let (row, col) = (r0 + r as u32, (c0 as usize + c) as u16);
            match v {
                Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => {
                    ws.write_string(row, col, s)?;
                }
                Data::Float(f) => {
                    ws.write_number(row, col, *f)?;
                }
                Data::Int(i) => {
                    ws.write_number(row, col, *i as f64)?;
                }
                Data::Bool(b) => {
                    ws.write_boolean(row, col, *b)?;
                }
                Data::DateTime(d) => {
                    ws.write_number(row, col, d.as_f64())?;
                }
                Data::Error(_) | Data::Empty => {}
            }
        }
    }
    black_box(out.save_to_buffer()?);
    Ok(())
}
