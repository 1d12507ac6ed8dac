//! Runs the built `vulnbridge-cli` binary against the importers' fixture files.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use vulnbridge_store::Store;

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../importers/tests/fixtures")
        .join(rel)
}

fn cli() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_vulnbridge-cli"));
    cmd.env_remove("VULNBRIDGE_DATA_DIR");
    cmd
}

fn run(data: &Path, args: &[&str]) -> Output {
    cli()
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .output()
        .expect("run vulnbridge-cli")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

#[test]
fn imports_fixtures_prints_counts_and_reimport_is_unchanged() {
    let data = tempfile::tempdir().expect("temp dir");
    let sarif = fixture("sarif/codeql.sarif");
    let trivy = fixture("trivy/image_v2.json");
    let out = run(
        data.path(),
        &[
            "import",
            "--app",
            "shop",
            path_str(&sarif),
            path_str(&trivy),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines,
        [
            "created application \"shop\"".to_string(),
            format!("imported {}: format SARIF, 3 findings: 2 new, 0 unchanged, 0 reopened, 0 resolved, 1 suppressed", sarif.display()),
            format!("imported {}: format Trivy JSON, 6 findings: 5 new, 0 unchanged, 0 reopened, 0 resolved, 1 suppressed", trivy.display()),
        ]
    );

    let again = run(data.path(), &["import", "--app", "shop", path_str(&sarif)]);
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(
        stdout(&again).trim_end(),
        format!("imported {}: format SARIF, 3 findings: 0 new, 2 unchanged, 0 reopened, 0 resolved, 1 suppressed", sarif.display())
    );

    // What the app will show: one application, 9 findings, 7 of them active.
    let store = Store::open_in_dir(data.path()).expect("open the CLI's database");
    let apps = store.list_applications().expect("apps");
    assert_eq!(apps.len(), 1);
    assert_eq!(
        (
            apps[0].name.as_str(),
            apps[0].findings_total,
            apps[0].findings_active
        ),
        ("shop", 9, 7)
    );
    let shop = apps[0].id;
    assert_eq!(
        store
            .application_for_target("https://github.com/acme/shop")
            .expect("target"),
        Some(shop)
    );

    let listed = run(data.path(), &["apps"]);
    assert_eq!(listed.status.code(), Some(0));
    let listing = stdout(&listed);
    let row = listing.lines().nth(1).expect("one application row");
    let cols: Vec<&str> = row.split_whitespace().collect();
    assert_eq!(&cols[..4], ["shop", "-", "9", "7"], "{listing}");
}

#[test]
fn a_malformed_file_fails_with_exit_2_naming_file_format_and_problem_while_others_import() {
    let data = tempfile::tempdir().expect("temp dir");
    let work = tempfile::tempdir().expect("temp dir");
    let original = std::fs::read_to_string(fixture("trivy/image_v2.json")).expect("fixture");
    let broken = original.replacen("\"Results\": [", "\"Results\": 42, \"Was\": [", 1);
    assert_ne!(
        broken, original,
        "the fixture changed shape; update this test"
    );
    let bad = work.path().join("broken-trivy.json");
    std::fs::write(&bad, broken).expect("write");
    let empty = work.path().join("empty.json");
    std::fs::write(&empty, "").expect("write");
    let grype = fixture("grype/image.json");

    let out = run(
        data.path(),
        &[
            "import",
            "--app",
            "shop",
            path_str(&bad),
            path_str(&grype),
            path_str(&empty),
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "error: broken-trivy.json: looks like Trivy JSON, but Results is a number, not a list\n  file: {} (not imported)\n  format guessed: Trivy JSON\n",
            bad.display()
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "error: empty.json: the file is empty: there is nothing to import (re-run the scanner, or check that it finished writing the file)\n  file: {} (not imported)\n  format guessed: none (not recognised)\n",
            empty.display()
        )),
        "{err}"
    );
    assert!(
        err.contains("2 of 3 files failed; the other files were imported"),
        "{err}"
    );
    assert!(
        stdout(&out).contains(&format!(
            "imported {}: format Grype JSON, 4 findings: 4 new",
            grype.display()
        )),
        "{}",
        stdout(&out)
    );

    // The good file's findings are stored; the bad ones left only their error behind.
    let store = Store::open_in_dir(data.path()).expect("open");
    let apps = store.list_applications().expect("apps");
    assert_eq!(apps[0].findings_total, 4);
    let history = store.imports(None, 10).expect("imports");
    let failed: Vec<(&str, &str)> = history
        .iter()
        .filter(|i| i.error.is_some())
        .map(|i| (i.file_name.as_str(), i.format.as_str()))
        .collect();
    assert_eq!(
        failed,
        [("empty.json", ""), ("broken-trivy.json", "Trivy JSON")]
    );
}

#[test]
fn a_missing_file_is_named_and_fails_the_run() {
    let data = tempfile::tempdir().expect("temp dir");
    let missing = data.path().join("no-such-scan.sarif");
    let out = run(
        data.path(),
        &["import", "--app", "shop", path_str(&missing)],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("error: no-such-scan.sarif cannot be read: "),
        "{err}"
    );
    assert!(
        err.contains(&format!("  file: {} (not imported)", missing.display())),
        "{err}"
    );
    assert!(err.contains("no file was imported (1 failed)"), "{err}");
}

#[test]
fn the_data_dir_comes_from_the_env_var_else_the_platform_folder() {
    let env_dir = tempfile::tempdir().expect("temp dir");
    let out = cli()
        .env("VULNBRIDGE_DATA_DIR", env_dir.path())
        .args([
            "import",
            "--app",
            "web",
            path_str(&fixture("grype/directory.json")),
        ])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(env_dir.path().join(vulnbridge_store::DB_FILE_NAME).exists());

    let home = tempfile::tempdir().expect("temp dir");
    let xdg = home.path().join("xdg-data");
    let out = cli()
        .env("HOME", home.path())
        .env("XDG_DATA_HOME", &xdg)
        .arg("apps")
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with("no applications yet"),
        "{}",
        stdout(&out)
    );
    assert!(xdg
        .join("dev.vulnbridge.desktop")
        .join(vulnbridge_store::DB_FILE_NAME)
        .exists());
}

#[test]
fn the_flag_beats_the_env_var() {
    let flag_dir = tempfile::tempdir().expect("temp dir");
    let env_dir = tempfile::tempdir().expect("temp dir");
    let out = cli()
        .env("VULNBRIDGE_DATA_DIR", env_dir.path())
        .arg("--data-dir")
        .arg(flag_dir.path())
        .arg("apps")
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0));
    assert!(flag_dir
        .path()
        .join(vulnbridge_store::DB_FILE_NAME)
        .exists());
    assert!(!env_dir.path().join(vulnbridge_store::DB_FILE_NAME).exists());
}
