//! Store figures at dashboard scale: `cargo bench -p vulnbridge-store --bench findings`.
//!
//! Records 100,000 generated findings through `record_import` (target < 3 s), re-imports them
//! (the daily case), then times the dashboard queries at 100,000 findings (target < 20 ms
//! each). Prints one line per figure.

use std::time::{Duration, Instant};

use vulnbridge_model::{Finding, Location, PackageRef, Severity, Tool};
use vulnbridge_store::{FindingQuery, FindingSort, FindingStatus, ScanInput, SortField, Store};

const FINDINGS: usize = 100_000;
const APPS: usize = 20;

fn generated(i: usize) -> Finding {
    let severity = match i % 10 {
        0 => Some(Severity::Critical),
        1 | 2 => Some(Severity::High),
        3..=5 => Some(Severity::Medium),
        6 | 7 => Some(Severity::Low),
        8 => Some(Severity::Info),
        _ => None,
    };
    let mut f = Finding {
        fingerprint: vulnbridge_model::fingerprint("bench", &[&i.to_string()]),
        severity,
        raw_severity: severity.map(|s| s.as_str().to_string()),
        tool: Tool::new(if i.is_multiple_of(3) { "Trivy" } else { "Grype" }, None),
        rule_id: Some(format!("CVE-2024-{:05}", i % 5000)),
        description: Some(format!(
            "Package pkg{} before {} allows remote attackers to cause a denial of service via crafted input number {i}.",
            i % 700,
            i % 13
        )),
        remediation: Some("Upgrade to the fixed version.".into()),
        location: Location::Package {
            package: PackageRef {
                name: format!("pkg{}", i % 700),
                version: Some(format!("1.{}.0", i % 13)),
                fixed_versions: vec![format!("1.{}.1", i % 13)],
                ..PackageRef::default()
            },
            manifest: Some("package-lock.json".into()),
        },
        ..Finding::default()
    };
    f.set_title(&format!("CVE-2024-{:05} in pkg{}", i % 5000, i % 700));
    f.add_cve(&format!("CVE-2024-{:05}", i % 5000));
    f.add_reference("https://nvd.nist.gov/vuln/detail/CVE-2024-00001");
    f
}

/// CPU time this process has run (Linux `/proc/self/schedstat`), to tell our cost from time
/// spent waiting for a core on a busy machine. `None` elsewhere.
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/schedstat").ok()?;
    let ns: u64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(ns))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn time<T>(label: &str, target: Duration, runs: u32, mut op: impl FnMut() -> T) -> T {
    let mut out = op(); // warm-up (statement cache, page cache)
    let mut worst = Duration::ZERO;
    let mut sum = Duration::ZERO;
    let cpu_start = cpu_time();
    for _ in 0..runs {
        let start = Instant::now();
        out = op();
        let took = start.elapsed();
        worst = worst.max(took);
        sum += took;
    }
    let runs = runs.max(1);
    let mean = sum / runs;
    let cpu = cpu_time()
        .zip(cpu_start)
        .map(|(end, start)| (end.saturating_sub(start)) / runs);
    let verdict = if mean <= target { "ok" } else { "OVER TARGET" };
    println!(
        "{label:<52} mean {:>7.2} ms  worst {:>7.2} ms  cpu {:>7.2} ms  (target {} ms) {verdict}",
        ms(mean),
        ms(worst),
        cpu.map_or(f64::NAN, ms),
        target.as_millis()
    );
    out
}

/// All 100,000 findings as one file into a fresh database (one transaction).
fn one_big_file(scans: &[Vec<Finding>], tool: &Tool) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open_in_dir(dir.path()).expect("open store");
    let app = store.create_application("monolith").expect("app");
    let findings: Vec<Finding> = scans.iter().flatten().cloned().collect();
    let start = Instant::now();
    let cpu_start = cpu_time();
    let summary = store
        .record_import(
            app,
            &ScanInput {
                file_name: "everything.json",
                format: "Trivy JSON",
                tool,
                target: Some("registry/monolith:1"),
                findings: &findings,
                at: None,
            },
        )
        .expect("import");
    let took = start.elapsed();
    let cpu = cpu_time().zip(cpu_start).map(|(e, s)| e.saturating_sub(s));
    let verdict = if took.as_secs() < 3 {
        "ok"
    } else {
        "OVER TARGET"
    };
    println!(
        "{:<52} wall {:>7.0} ms  cpu {:>7.0} ms  (target 3000 ms) {verdict}",
        "record_import: one file of 100,000 new findings",
        ms(took),
        cpu.map_or(f64::NAN, ms),
    );
    assert_eq!(summary.counts.new, 100_000);
}

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    // VULNBRIDGE_BENCH_DIR keeps the database for inspection.
    let path = std::env::var_os("VULNBRIDGE_BENCH_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| dir.path().to_path_buf());
    let mut store = Store::open_in_dir(&path).expect("open store");
    let apps: Vec<_> = (0..APPS)
        .map(|i| {
            store
                .create_application(&format!("app-{i:02}"))
                .expect("app")
        })
        .collect();
    let group = store.create_group("payments").expect("group");
    for app in &apps[..5] {
        store
            .set_application_group(*app, Some(group))
            .expect("group app");
    }
    let tool = Tool::new("Trivy", Some("0.50.0".into()));
    let per_app = FINDINGS / APPS;
    let scans: Vec<Vec<Finding>> = (0..APPS)
        .map(|a| (a * per_app..(a + 1) * per_app).map(generated).collect())
        .collect();

    let import_all = |store: &mut Store, label: &str| {
        let start = Instant::now();
        let cpu_start = cpu_time();
        for (app, findings) in apps.iter().zip(&scans) {
            store
                .record_import(
                    *app,
                    &ScanInput {
                        file_name: "bench.json",
                        format: "Trivy JSON",
                        tool: &tool,
                        target: Some("registry/app:1"),
                        findings,
                        at: None,
                    },
                )
                .expect("import");
        }
        let took = start.elapsed();
        let cpu = cpu_time().zip(cpu_start).map(|(e, s)| e.saturating_sub(s));
        let verdict = if took.as_secs() < 3 {
            "ok"
        } else {
            "OVER TARGET"
        };
        println!(
            "{label:<52} wall {:>7.0} ms  cpu {:>7.0} ms  (target 3000 ms) {verdict}",
            ms(took),
            cpu.map_or(f64::NAN, ms),
        );
    };
    import_all(&mut store, "record_import: 100,000 new findings (20 files)");
    import_all(&mut store, "record_import: re-import, 100,000 unchanged");
    one_big_file(&scans, &tool);

    // Some analyst triage so statuses vary.
    let page = store
        .query_findings(&FindingQuery {
            limit: 1000,
            ..FindingQuery::default()
        })
        .expect("page");
    let ids: Vec<_> = page.rows.iter().map(|r| r.id).collect();
    store
        .set_status(&ids, FindingStatus::FalsePositive, Some("bench"))
        .expect("bulk status");

    // Queries run on a freshly opened store, as after an app start (no import has warmed or
    // enlarged this connection's page cache).
    drop(store);
    let store = Store::open_in_dir(&path).expect("reopen store");
    let target = Duration::from_millis(20);
    let q_filter = FindingQuery {
        severities: vec![Some(Severity::Critical), Some(Severity::High)],
        statuses: vec![FindingStatus::Open, FindingStatus::Reopened],
        ..FindingQuery::default()
    };
    let page = time(
        "filter severity+status, sort severity, page 1 of 100",
        target,
        20,
        || store.query_findings(&q_filter).expect("query"),
    );
    println!("    -> {} matching, {} rows", page.total, page.rows.len());
    let q_deep = FindingQuery {
        offset: 20_000,
        ..q_filter.clone()
    };
    time("same, page at offset 20,000", target, 20, || {
        store.query_findings(&q_deep).expect("query")
    });
    let q_group = FindingQuery {
        group_ids: vec![group],
        tools: vec!["Grype".into()],
        sort: FindingSort {
            field: SortField::LastSeen,
            descending: true,
        },
        ..FindingQuery::default()
    };
    time("filter group+tool, sort last_seen", target, 20, || {
        store.query_findings(&q_group).expect("query")
    });
    let q_title = FindingQuery {
        sort: FindingSort {
            field: SortField::Title,
            descending: false,
        },
        ..FindingQuery::default()
    };
    time("no filter, sort title (all 100,000)", target, 20, || {
        store.query_findings(&q_title).expect("query")
    });
    let q_first = FindingQuery {
        statuses: vec![FindingStatus::Open],
        sort: FindingSort {
            field: SortField::FirstSeen,
            descending: false,
        },
        ..FindingQuery::default()
    };
    time("status open, sort first_seen", target, 20, || {
        store.query_findings(&q_first).expect("query")
    });
    let q_title_high = FindingQuery {
        severities: vec![Some(Severity::High)],
        sort: FindingSort {
            field: SortField::Title,
            descending: true,
        },
        ..FindingQuery::default()
    };
    time("severity high, sort title desc", target, 20, || {
        store.query_findings(&q_title_high).expect("query")
    });
    let q_app = FindingQuery {
        sort: FindingSort {
            field: SortField::Application,
            descending: false,
        },
        statuses: vec![FindingStatus::Open],
        ..FindingQuery::default()
    };
    time("status open, sort application", target, 20, || {
        store.query_findings(&q_app).expect("query")
    });
    let q_fts = FindingQuery {
        text: Some("pkg42 denial".into()),
        ..FindingQuery::default()
    };
    let page = time(
        "full-text \"pkg42 denial\" (prefix), sort severity",
        target,
        20,
        || store.query_findings(&q_fts).expect("fts"),
    );
    println!("    -> {} matching", page.total);
    let q_cve = FindingQuery {
        text: Some("CVE-2024-00042".into()),
        statuses: vec![FindingStatus::Open],
        ..FindingQuery::default()
    };
    let page = time("full-text CVE id + status filter", target, 20, || {
        store.query_findings(&q_cve).expect("fts")
    });
    println!("    -> {} matching", page.total);
    let summary = time("summary, no filter", target, 20, || {
        store
            .finding_summary(&FindingQuery::default())
            .expect("summary")
    });
    println!("    -> total {}", summary.total);
    time("summary, filter severity+status", target, 20, || {
        store.finding_summary(&q_filter).expect("summary")
    });
    time("summary, full-text", target, 20, || {
        store.finding_summary(&q_fts).expect("summary")
    });
    let some_id = ids[0];
    time("finding_detail", target, 20, || {
        store.finding_detail(some_id).expect("detail")
    });
}
