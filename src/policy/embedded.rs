//! The policies compiled into the binary: every file of `policies/aws/`.
//!
//! The list is kept in sync with the directory by the `embedded_list_matches_directory`
//! test below (it prints the lines to add or remove).

/// (file name, YAML text) of every embedded policy, in file-name order.
pub const EMBEDDED: &[(&str, &str)] = &[
    (
        "SEC001.yaml",
        include_str!("../../policies/aws/SEC001.yaml"),
    ),
    (
        "SEC002.yaml",
        include_str!("../../policies/aws/SEC002.yaml"),
    ),
    (
        "SEC003.yaml",
        include_str!("../../policies/aws/SEC003.yaml"),
    ),
    (
        "SEC004.yaml",
        include_str!("../../policies/aws/SEC004.yaml"),
    ),
    (
        "SEC005.yaml",
        include_str!("../../policies/aws/SEC005.yaml"),
    ),
    (
        "SEC006.yaml",
        include_str!("../../policies/aws/SEC006.yaml"),
    ),
    (
        "SEC007.yaml",
        include_str!("../../policies/aws/SEC007.yaml"),
    ),
    (
        "SEC008.yaml",
        include_str!("../../policies/aws/SEC008.yaml"),
    ),
    (
        "SEC009.yaml",
        include_str!("../../policies/aws/SEC009.yaml"),
    ),
    (
        "SEC010.yaml",
        include_str!("../../policies/aws/SEC010.yaml"),
    ),
    (
        "SEC011.yaml",
        include_str!("../../policies/aws/SEC011.yaml"),
    ),
    (
        "SEC012.yaml",
        include_str!("../../policies/aws/SEC012.yaml"),
    ),
    (
        "SEC013.yaml",
        include_str!("../../policies/aws/SEC013.yaml"),
    ),
    (
        "SEC014.yaml",
        include_str!("../../policies/aws/SEC014.yaml"),
    ),
    (
        "SEC015.yaml",
        include_str!("../../policies/aws/SEC015.yaml"),
    ),
    (
        "SEC016.yaml",
        include_str!("../../policies/aws/SEC016.yaml"),
    ),
    (
        "SEC017.yaml",
        include_str!("../../policies/aws/SEC017.yaml"),
    ),
    (
        "SEC018.yaml",
        include_str!("../../policies/aws/SEC018.yaml"),
    ),
    (
        "SEC019.yaml",
        include_str!("../../policies/aws/SEC019.yaml"),
    ),
    (
        "SEC020.yaml",
        include_str!("../../policies/aws/SEC020.yaml"),
    ),
    (
        "SEC021.yaml",
        include_str!("../../policies/aws/SEC021.yaml"),
    ),
    (
        "SEC022.yaml",
        include_str!("../../policies/aws/SEC022.yaml"),
    ),
    (
        "SEC023.yaml",
        include_str!("../../policies/aws/SEC023.yaml"),
    ),
    (
        "SEC024.yaml",
        include_str!("../../policies/aws/SEC024.yaml"),
    ),
    (
        "SEC025.yaml",
        include_str!("../../policies/aws/SEC025.yaml"),
    ),
    (
        "SEC026.yaml",
        include_str!("../../policies/aws/SEC026.yaml"),
    ),
    (
        "SEC027.yaml",
        include_str!("../../policies/aws/SEC027.yaml"),
    ),
    (
        "SEC028.yaml",
        include_str!("../../policies/aws/SEC028.yaml"),
    ),
    (
        "SEC029.yaml",
        include_str!("../../policies/aws/SEC029.yaml"),
    ),
    (
        "SEC030.yaml",
        include_str!("../../policies/aws/SEC030.yaml"),
    ),
    (
        "SEC031.yaml",
        include_str!("../../policies/aws/SEC031.yaml"),
    ),
    (
        "SEC032.yaml",
        include_str!("../../policies/aws/SEC032.yaml"),
    ),
];

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
        let missing: Vec<String> = on_disk
            .iter()
            .filter(|n| !listed.contains(n))
            .map(|n| format!("    (\"{n}\", include_str!(\"../../policies/aws/{n}\")),"))
            .collect();
        let extra: Vec<&String> = listed.iter().filter(|n| !on_disk.contains(n)).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "src/policy/embedded.rs is out of date.\nadd:\n{}\nremove: {extra:?}",
            missing.join("\n")
        );
        let mut sorted = listed.clone();
        sorted.sort();
        assert_eq!(listed, sorted, "keep EMBEDDED sorted by file name");
    }
}
