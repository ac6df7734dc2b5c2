use chkmate::pricing::*;
#[test]
fn scratch2() {
    let path = std::env::var("P").unwrap_or_default();
    let loaded = chkmate::terraform::load(&[std::path::PathBuf::from(&path)], &Default::default()).unwrap();
    let cat = PriceCatalog::embedded().unwrap();
    let mut types: Vec<String> = loaded.model.resources.iter().map(|r| r.rtype.clone()).collect();
    types.sort(); types.dedup();
    for t in types {
        let mut m = chkmate::terraform::Model::default();
        m.resources = loaded.model.resources.iter().filter(|r| r.rtype == t).cloned().collect();
        let t0 = std::time::Instant::now();
        let _ = estimate(&m, cat, &Usage::default(), &EstimateOptions::default());
        let el = t0.elapsed();
        if el.as_millis() > 50 { println!("{t} {} {:?}", m.resources.len(), el); }
    }
}
