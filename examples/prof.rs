use mtl_playground::{ModelKind, RaceConfig, Trainer};
fn main() {
    let kind: ModelKind = std::env::args().nth(1).unwrap().parse().unwrap();
    let mut cfg = RaceConfig::default();
    cfg.models = vec![kind];
    cfg.record_every = 100_000;
    let mut t = Trainer::new(cfg).unwrap();
    t.run(3000);
}
