use std::time::Instant;
fn main() {
    let p = std::path::PathBuf::from(std::env::args().nth(1).unwrap());
    let wb = cruscotto::read::open(&p).unwrap();
    let opts = cruscotto::layout::Options::default();
    for _ in 0..5 {
        let t = Instant::now();
        let n = cruscotto::layout::detect_sheet("f", &wb.sheets[0], &opts).rows.len();
        println!("layout {:?} {n}", t.elapsed());
    }
}
