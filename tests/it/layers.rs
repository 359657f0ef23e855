//! The layering rule of `docs/design.md`, enforced: the shells (`src/cli`, `src/ui`, `src/app`)
//! reach the store and `domain::record` only through the service layer, so an action cannot be
//! orchestrated twice. A comment may name them; code may not.

use std::path::Path;

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// Lines of code (comments stripped) in the shells that name a forbidden module.
fn violations() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    for shell in ["cli", "ui", "app"] {
        rust_files(&root.join(shell), &mut files);
    }
    let forbidden = [
        "crate::store",
        "store::",
        "domain::record",
        "record::",
        "git2::",
    ];
    let mut found = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap_or_default();
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or_default();
            if let Some(word) = forbidden.iter().find(|w| code.contains(*w)) {
                found.push(format!(
                    "{}:{}: {word}: {}",
                    f.display(),
                    n + 1,
                    line.trim()
                ));
            }
        }
    }
    found
}

#[test]
fn shells_use_only_the_service_layer() {
    let v = violations();
    assert!(
        v.is_empty(),
        "the shells bypass the service layer:\n{}",
        v.join("\n")
    );
}
