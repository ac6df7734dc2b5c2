use chkmate::policy::{audit, embedded_policies, AuditOptions};
use chkmate::terraform::{load, LoadOptions};
#[test]
fn examples() {
    let ps = embedded_policies().unwrap();
    for ex in ["examples/web-app", "examples/serverless", "examples/platform"] {
        let loaded = load(&[ex.into()], &LoadOptions::default()).unwrap();
        let r = audit(&loaded.model, &ps, &AuditOptions { sources: Some(&loaded.sources) });
        for f in &r.findings {
            let loc = loaded.sources.locate(f.span.unwrap()).unwrap();
            println!("{ex} [{}] {} {} :: {} @{}:{}", f.policy_id, f.severity, f.resource_address, f.message, loc.file, loc.line);
        }
        for u in &r.unknown { println!("{ex} UNKNOWN [{}] {} {:?} {}", u.policy_id, u.resource_address, u.attribute_path, u.reason); }
    }
}
