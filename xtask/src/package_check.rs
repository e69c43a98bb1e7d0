//! `cargo xtask package-check`: the packaged crate builds as a dependent
//! uses it. `cargo package` makes the tarball (`cargo publish --dry-run`
//! builds it with the default features); this builds it from the tarball
//! with `default-features = false, features = ["rustls"]`, what the README
//! tells dependents to use: the checked-in `generated/` path, which must be
//! in the package with a stamp that matches the packaged spec.
//!
//! The app shares the workspace's target directory, so CI builds only the
//! crate and the app again.

use std::path::Path;
use std::process::Command;

/// What the app depending on the tarball declares.
pub const FEATURES: &str = "default-features = false, features = [\"rustls\"]";

pub fn run(root: &Path) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    crate::run(Command::new(&cargo).current_dir(root).args([
        "package",
        "-p",
        "postpress",
        "--no-verify",
        "--allow-dirty",
    ]))?;
    let version = package_version(
        &std::fs::read_to_string(root.join("Cargo.toml")).map_err(|e| e.to_string())?,
    )
    .ok_or("Cargo.toml: no version in [package]")?;
    let tarball = root.join(format!("target/package/postpress-{version}.crate"));
    let work = root.join("target/package-check");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(work.join("app/src"))
        .map_err(|e| format!("{}: {e}", work.display()))?;
    crate::run(
        Command::new("tar")
            .current_dir(&work)
            .arg("-xzf")
            .arg(&tarball),
    )?;
    let unpacked = work.join(format!("postpress-{version}"));
    std::fs::write(work.join("app/Cargo.toml"), app_manifest(&unpacked))
        .map_err(|e| e.to_string())?;
    std::fs::write(work.join("app/src/main.rs"), APP).map_err(|e| e.to_string())?;
    crate::run(
        Command::new(&cargo)
            .current_dir(work.join("app"))
            .env("CARGO_TARGET_DIR", root.join("target"))
            .args(["build", "--quiet"]),
    )?;
    println!("the packaged postpress {version} builds with {FEATURES}");
    Ok(())
}

const APP: &str = r#"fn main() {
    let client = postpress::Client::builder().api_key("key").build();
    println!("{}", client.is_ok());
}
"#;

/// The manifest of an app depending on the unpacked crate at `crate_dir`.
fn app_manifest(crate_dir: &Path) -> String {
    format!(
        "[package]\nname = \"package_check_app\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [workspace]\n\n[dependencies]\npostpress = {{ path = {:?}, {FEATURES} }}\n",
        crate_dir.display().to_string()
    )
}

/// The `version` of the `[package]` table of a manifest.
pub fn package_version(manifest: &str) -> Option<String> {
    manifest
        .lines()
        .skip_while(|line| line.trim() != "[package]")
        .skip(1)
        .take_while(|line| !line.starts_with('['))
        .find_map(|line| line.strip_prefix("version = "))
        .map(|value| value.trim().trim_matches('"').to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_package_version_only() {
        let manifest = "[workspace.package]\nversion = \"9.9.9\"\n[package]\nname = \"postpress\"\nversion = \"0.2.0\"\n[dependencies]\nversion = \"1\"\n";
        assert_eq!(package_version(manifest).as_deref(), Some("0.2.0"));
        assert_eq!(package_version("[dependencies]\nversion = \"1\"\n"), None);
    }

    #[test]
    fn the_app_asks_for_the_readme_features() {
        let manifest = app_manifest(Path::new("/tmp/postpress-0.2.0"));
        assert!(manifest.contains(
            "postpress = { path = \"/tmp/postpress-0.2.0\", default-features = false, features = [\"rustls\"] }"
        ));
    }
}
