//! The policies compiled into the binary: every file of `policies/aws/`, listed
//! by `build.rs` at build time.

include!(concat!(env!("OUT_DIR"), "/embedded_policies.rs"));

#[cfg(test)]
mod tests {
    use super::EMBEDDED;

    #[test]
    fn embedded_list_matches_directory() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("policies/aws");
        let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
            .expect("policies/aws exists")
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".yaml"))
            .collect();
        on_disk.sort();
        let listed: Vec<String> = EMBEDDED.iter().map(|(n, _)| n.to_string()).collect();
        assert_eq!(listed, on_disk);
    }
}
