use cruscotto::pipeline::{run, Options};
use cruscotto::report::batch::{write_reports, Per};
use cruscotto::report::{ReportMeta, Template};
use std::time::Instant;
fn main() {
    let p = std::path::PathBuf::from(std::env::args().nth(1).unwrap());
    let t = Instant::now();
    let wb = cruscotto::read::open(&p).unwrap();
    println!("read {:?}", t.elapsed());
    drop(wb);
    let t = Instant::now();
    let o = run(std::slice::from_ref(&p), &Options::default());
    println!("run {:?}", t.elapsed());
    let d = tempfile::tempdir().unwrap();
    let t = Instant::now();
    write_reports(&o, d.path(), Per::Dirigente, &Template::default(), &ReportMeta::default(), true, &mut |_| {}).unwrap();
    println!("reports {:?}", t.elapsed());
    let t = Instant::now();
    drop(o);
    println!("drop {:?}", t.elapsed());
}
