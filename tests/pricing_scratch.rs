use chkmate::pricing::*;
#[test]
fn scratch() {
    let path = std::env::var("P").unwrap_or_default();
    let t0 = std::time::Instant::now();
    let loaded = chkmate::terraform::load(&[std::path::PathBuf::from(&path)], &Default::default()).unwrap();
    let t1 = std::time::Instant::now();
    let cat = PriceCatalog::embedded().unwrap();
    let est = estimate(&loaded.model, cat, &Usage::default(), &EstimateOptions { region_override: std::env::var("R").ok() });
    let t2 = std::time::Instant::now();
    println!("load {:?} estimate {:?} resources {}", t1 - t0, t2 - t1, est.resources.len());
    println!("{:#?}", est.totals);
    let mut by_type: std::collections::BTreeMap<(String, String), usize> = Default::default();
    for r in &est.resources { *by_type.entry((format!("{:?}", r.status), r.rtype.clone())).or_default() += 1; }
    for ((s, t), n) in &by_type { println!("{s:>18} {t} {n}"); }
    if std::env::var("V").is_ok() {
        for r in &est.resources {
            if r.status == ResourceStatus::Free { continue; }
            println!("{} [{:?}] region={:?} base={:.2} usage={:.2}", r.address, r.status, r.region, r.baseline_monthly, r.usage_monthly);
            for c in &r.components {
                let st = match &c.price_status { PriceStatus::NotFound{reason} => format!("NOT FOUND: {reason}"), PriceStatus::DependsOnUsage => c.usage_hint().unwrap_or_default(), PriceStatus::Found => String::new() };
                println!("    {:<60} {:>10} {:<12} {:>10} {} {}", c.name, c.quantity.map(|q| format!("{q}")).unwrap_or("-".into()), c.unit, c.monthly_cost.map(|m| format!("{m:.2}")).unwrap_or("-".into()), st, c.note.clone().unwrap_or_default());
            }
            for n in &r.notes { println!("    note: {n}"); }
        }
    }
}
