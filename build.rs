//! Embeds every policy file of `policies/aws/` (file-name order), so adding a
//! policy is adding a YAML file.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let dir = Path::new("policies/aws");
    println!("cargo:rerun-if-changed=policies/aws");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("policies/aws exists")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".yaml"))
        .collect();
    names.sort();
    let mut out = String::from("/// (file name, YAML text) of every embedded policy, in file-name order.\npub const EMBEDDED: &[(&str, &str)] = &[\n");
    for n in &names {
        println!("cargo:rerun-if-changed=policies/aws/{n}");
        let _ = writeln!(
            out,
            "    ({n:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/policies/aws/{n}\"))),"
        );
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("embedded_policies.rs");
    std::fs::write(dest, out).expect("write embedded policy list");
}
