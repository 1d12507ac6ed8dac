mod common;

use std::collections::HashMap;

use common::{day, finding, id_of, import, open, package_finding, TestStore};
use vulnbridge_model::{FindingKind, Severity};
use vulnbridge_store::{
    ApplicationId, DataError, EventOrigin, FindingId, FindingQuery, FindingSort, FindingStatus,
    GroupId, SortField, TimelineKind,
};

/// Seven findings in two applications ("shop" in group "payments", "blog" ungrouped), stored in
/// the order a..g (so ids ascend with the letter).
struct Fixture {
    t: TestStore,
    shop: ApplicationId,
    blog: ApplicationId,
    payments: GroupId,
    keys: HashMap<FindingId, &'static str>,
}

impl Fixture {
    fn new() -> Fixture {
        let mut t = open();
        let shop = t.store.create_application("shop").expect("app");
        let blog = t.store.create_application("Blog").expect("app");
        let payments = t.store.create_group("payments").expect("group");
        t.store
            .set_application_group(shop, Some(payments))
            .expect("group");

        let mut a = finding(
            "a",
            "SQL injection in login",
            Some(Severity::High),
            "Semgrep",
        );
        a.add_cwe("89");
        let mut b = finding("b", "Reflected XSS", Some(Severity::Medium), "Semgrep");
        b.description = Some("The name parameter is reflected in the response.".into());
        let c = finding("c", "weak hash md5", Some(Severity::Low), "Semgrep");
        import(
            &mut t.store,
            shop,
            "semgrep.json",
            "Semgrep",
            Some("repo"),
            &day(1),
            &[a, b, c],
        );

        let mut d = package_finding("d", "CVE-2021-44228", "log4j-core", "Trivy");
        d.severity = Some(Severity::Critical);
        let mut e = finding("e", "Deprecated package", None, "Trivy");
        e.title = "Deprecated package".into();
        import(
            &mut t.store,
            shop,
            "trivy.json",
            "Trivy",
            Some("img"),
            &day(2),
            &[d, e],
        );

        let f = finding(
            "f",
            "SQL injection in search",
            Some(Severity::High),
            "Semgrep",
        );
        let mut g = finding(
            "g",
            "Brute force from 10.0.0.1",
            Some(Severity::Info),
            "Semgrep",
        );
        g.kind = FindingKind::Incident;
        import(
            &mut t.store,
            blog,
            "blog.json",
            "Semgrep",
            Some("blog"),
            &day(2),
            &[f, g],
        );

        let mut keys = HashMap::new();
        for (app, key) in [
            (shop, "a"),
            (shop, "b"),
            (shop, "c"),
            (shop, "d"),
            (shop, "e"),
            (blog, "f"),
            (blog, "g"),
        ] {
            keys.insert(id_of(&t.store, app, key), key);
        }
        Fixture {
            t,
            shop,
            blog,
            payments,
            keys,
        }
    }

    fn id(&self, key: &str) -> FindingId {
        *self
            .keys
            .iter()
            .find(|(_, k)| **k == key)
            .expect("known key")
            .0
    }

    /// The keys of the page's rows, in order.
    fn keys_of(&self, q: &FindingQuery) -> Vec<&'static str> {
        let page = self.t.store.query_findings(q).expect("query");
        page.rows.iter().map(|r| self.keys[&r.id]).collect()
    }

    fn total(&self, q: &FindingQuery) -> u32 {
        self.t.store.query_findings(q).expect("query").total
    }
}

fn sorted(field: SortField, descending: bool) -> FindingQuery {
    FindingQuery {
        sort: FindingSort { field, descending },
        ..FindingQuery::default()
    }
}

fn text(s: &str) -> FindingQuery {
    FindingQuery {
        text: Some(s.to_string()),
        ..FindingQuery::default()
    }
}

#[test]
fn sorts_are_exact_and_ties_break_by_id() {
    let fx = Fixture::new();
    assert_eq!(
        fx.keys_of(&FindingQuery::default()),
        ["d", "f", "a", "b", "c", "g", "e"]
    );
    assert_eq!(
        fx.keys_of(&sorted(SortField::Severity, false)),
        ["e", "g", "c", "b", "a", "f", "d"]
    );
    assert_eq!(
        fx.keys_of(&sorted(SortField::Title, false)),
        ["g", "d", "e", "b", "a", "f", "c"]
    );
    assert_eq!(
        fx.keys_of(&sorted(SortField::Application, false)),
        ["f", "g", "a", "b", "c", "d", "e"]
    );
    assert_eq!(
        fx.keys_of(&sorted(SortField::LastSeen, true)),
        ["g", "f", "e", "d", "c", "b", "a"]
    );
    assert_eq!(
        fx.keys_of(&sorted(SortField::FirstSeen, false)),
        ["a", "b", "c", "d", "e", "f", "g"]
    );
}

#[test]
fn rows_carry_what_the_table_shows() {
    let fx = Fixture::new();
    let page =
        fx.t.store
            .query_findings(&FindingQuery::default())
            .expect("query");
    let d = &page.rows[0];
    assert_eq!(d.application, "shop");
    assert_eq!(d.application_id, fx.shop);
    assert_eq!(d.severity, Some(Severity::Critical));
    assert_eq!(d.title, "CVE-2021-44228 in log4j-core");
    assert_eq!(d.tool, "Trivy");
    assert_eq!(d.location, "log4j-core@1.0.0 (Cargo.lock)");
    assert_eq!(d.status, FindingStatus::Open);
    assert_eq!(d.cves, ["CVE-2021-44228"]);
    assert_eq!(
        (d.first_seen.as_str(), d.last_seen.as_str()),
        (day(2).as_str(), day(2).as_str())
    );
    assert_eq!(page.total, 7);
    assert_eq!(page.rows.last().map(|r| r.severity), Some(None));
}

#[test]
fn filters_combine_with_and_and_list_values_with_or() {
    let mut fx = Fixture::new();
    let q = |f: fn(&mut FindingQuery)| {
        let mut q = FindingQuery::default();
        f(&mut q);
        q
    };
    assert_eq!(
        fx.keys_of(&q(|q| q.severities = vec![Some(Severity::High), None])),
        ["f", "a", "e"]
    );
    assert_eq!(
        fx.keys_of(&q(|q| q.severities = vec![Some(Severity::Info)])),
        ["g"]
    );
    assert_eq!(
        fx.keys_of(&q(|q| q.tools = vec!["Trivy".into()])),
        ["d", "e"]
    );
    assert_eq!(
        fx.keys_of(&q(|q| q.kinds = vec![FindingKind::Incident])),
        ["g"]
    );
    let blog = fx.blog;
    let mut by_app = FindingQuery {
        application_ids: vec![blog],
        ..FindingQuery::default()
    };
    assert_eq!(fx.keys_of(&by_app), ["f", "g"]);
    by_app.severities = vec![Some(Severity::High)];
    assert_eq!(fx.keys_of(&by_app), ["f"]);
    let by_group = FindingQuery {
        group_ids: vec![fx.payments],
        ..FindingQuery::default()
    };
    assert_eq!(fx.keys_of(&by_group), ["d", "a", "b", "c", "e"]);

    let b = fx.id("b");
    fx.t.store
        .set_status(&[b], FindingStatus::FalsePositive, Some("test data"))
        .expect("status");
    let fp = FindingQuery {
        statuses: vec![FindingStatus::FalsePositive],
        ..FindingQuery::default()
    };
    assert_eq!(fx.keys_of(&fp), ["b"]);
    let active = FindingQuery {
        statuses: vec![FindingStatus::Open, FindingStatus::Reopened],
        group_ids: vec![fx.payments],
        ..FindingQuery::default()
    };
    assert_eq!(fx.keys_of(&active), ["d", "a", "c", "e"]);
}

#[test]
fn pages_are_offset_and_limit_with_the_full_total() {
    let fx = Fixture::new();
    let page = FindingQuery {
        offset: 2,
        limit: 2,
        ..FindingQuery::default()
    };
    assert_eq!(fx.keys_of(&page), ["a", "b"]);
    assert_eq!(fx.total(&page), 7);
    let past = FindingQuery {
        offset: 50,
        ..FindingQuery::default()
    };
    assert!(fx.keys_of(&past).is_empty());
    assert_eq!(fx.total(&past), 7);
    let count_only = FindingQuery {
        limit: 0,
        ..FindingQuery::default()
    };
    assert!(fx.keys_of(&count_only).is_empty());
    assert_eq!(fx.total(&count_only), 7);
}

#[test]
fn full_text_search_covers_title_description_ids_location_and_tool() {
    let fx = Fixture::new();
    assert_eq!(fx.keys_of(&text("sql injection")), ["f", "a"]);
    assert_eq!(fx.keys_of(&text("SQL login")), ["a"]);
    assert_eq!(fx.keys_of(&text("log4")), ["d"], "word prefixes match");
    assert_eq!(fx.keys_of(&text("CVE-2021-44228")), ["d"]);
    assert_eq!(fx.keys_of(&text("cwe-89")), ["a"]);
    assert_eq!(fx.keys_of(&text("response")), ["b"], "description");
    assert_eq!(fx.keys_of(&text("c.rs")), ["c"], "location");
    assert_eq!(fx.keys_of(&text("trivy")), ["d", "e"], "tool");
    // Search combines with filters.
    let q = FindingQuery {
        application_ids: vec![fx.shop],
        ..text("injection")
    };
    assert_eq!(fx.keys_of(&q), ["a"]);
}

#[test]
fn hostile_search_text_never_errors_and_is_taken_literally() {
    let fx = Fixture::new();
    for hostile in [
        r#"foo" OR 1=1"#,
        "*",
        "\"",
        "\"\"",
        "NEAR(sql injection)",
        "sql AND",
        "title:sql",
        "-sql",
        "^sql",
        "'; DROP TABLE findings; --",
        "(((",
        "sql\u{0}injection",
        "𝕊𝕈𝕃 ünïcödé",
        "",
    ] {
        let result = fx.t.store.query_findings(&text(hostile));
        assert!(result.is_ok(), "{hostile:?}: {:?}", result.err());
        let summary = fx.t.store.finding_summary(&text(hostile));
        assert!(summary.is_ok(), "{hostile:?}: {:?}", summary.err());
    }
    assert!(
        fx.keys_of(&text(r#"foo" OR 1=1"#)).is_empty(),
        "OR is a word, not an operator"
    );
    assert_eq!(
        fx.total(&text("*")),
        7,
        "nothing searchable: no text filter"
    );
    assert!(
        fx.keys_of(&text("title:sql")).is_empty(),
        "no column filter syntax"
    );
    assert_eq!(fx.keys_of(&text("NEAR(sql injection)")), Vec::<&str>::new());
    assert_eq!(fx.total(&FindingQuery::default()), 7, "nothing was dropped");
}

#[test]
fn summary_counts_by_severity_and_status_for_the_filters() {
    let mut fx = Fixture::new();
    let all =
        fx.t.store
            .finding_summary(&FindingQuery::default())
            .expect("summary");
    assert_eq!(all.total, 7);
    let s = all.by_severity;
    assert_eq!(
        (s.critical, s.high, s.medium, s.low, s.info, s.unknown),
        (1, 2, 1, 1, 1, 1)
    );
    assert_eq!(all.by_status.open, 7);

    let (a, c) = (fx.id("a"), fx.id("c"));
    fx.t.store
        .set_status(&[a], FindingStatus::AcceptedRisk, None)
        .expect("status");
    fx.t.store
        .set_status(&[c], FindingStatus::Resolved, None)
        .expect("status");
    let shop = FindingQuery {
        application_ids: vec![fx.shop],
        ..FindingQuery::default()
    };
    let s = fx.t.store.finding_summary(&shop).expect("summary");
    assert_eq!(s.total, 5);
    assert_eq!(
        (
            s.by_status.open,
            s.by_status.accepted_risk,
            s.by_status.resolved
        ),
        (3, 1, 1)
    );
    let searched =
        fx.t.store
            .finding_summary(&text("injection"))
            .expect("summary");
    assert_eq!((searched.total, searched.by_severity.high), (2, 2));
}

#[test]
fn bulk_status_changes_write_the_timeline_and_are_all_or_nothing() {
    let mut fx = Fixture::new();
    let (a, c) = (fx.id("a"), fx.id("c"));
    let n =
        fx.t.store
            .set_status(&[a, c], FindingStatus::Resolved, Some("fixed in v2"))
            .expect("bulk");
    assert_eq!(n, 2);
    assert_eq!(
        fx.t.store
            .set_status(&[a, c], FindingStatus::Resolved, Some("fixed in v2"))
            .expect("bulk"),
        0,
        "no change, no event"
    );

    let detail = fx.t.store.finding_detail(a).expect("detail");
    assert_eq!(detail.row.status, FindingStatus::Resolved);
    assert_eq!(detail.status_reason.as_deref(), Some("fixed in v2"));
    let kinds: Vec<_> = detail.timeline.iter().map(|e| (e.kind, e.origin)).collect();
    assert_eq!(
        kinds,
        [
            (TimelineKind::StatusChanged, EventOrigin::Local),
            (TimelineKind::FirstSeen, EventOrigin::Import)
        ]
    );
    let ev = &detail.timeline[0].detail;
    assert_eq!(
        (ev.from_status, ev.to_status),
        (Some(FindingStatus::Open), Some(FindingStatus::Resolved))
    );
    assert_eq!(ev.reason.as_deref(), Some("fixed in v2"));

    // One unknown id: nothing changes.
    let b = fx.id("b");
    let err =
        fx.t.store
            .set_status(&[b, FindingId(9999)], FindingStatus::FalsePositive, None)
            .unwrap_err();
    assert!(matches!(err, DataError::FindingNotFound(9999)), "{err}");
    assert_eq!(
        fx.t.store.finding_detail(b).expect("detail").row.status,
        FindingStatus::Open
    );
    assert!(matches!(
        fx.t.store.finding_detail(FindingId(9999)),
        Err(DataError::FindingNotFound(9999))
    ));
}

#[test]
fn detail_has_the_full_finding_and_identity() {
    let fx = Fixture::new();
    let d = fx.t.store.finding_detail(fx.id("d")).expect("detail");
    assert_eq!(d.finding.cves, ["CVE-2021-44228"]);
    assert_eq!(d.fingerprint, "fp-d");
    assert_eq!(d.dedup_label, "vb-fpd");
    assert_eq!(d.scan_target.as_deref(), Some("img"));
    assert_eq!(d.first_import_id, d.last_import_id);
    assert!(d.first_import_id.is_some());
}

#[test]
fn search_follows_content_changes_and_survives_a_rebuild() {
    let mut fx = Fixture::new();
    let mut renamed = finding(
        "f",
        "Command injection in export",
        Some(Severity::High),
        "Semgrep",
    );
    renamed.description = Some("shell metacharacters".into());
    let g = {
        let mut g = finding(
            "g",
            "Brute force from 10.0.0.1",
            Some(Severity::Info),
            "Semgrep",
        );
        g.kind = FindingKind::Incident;
        g
    };
    import(
        &mut fx.t.store,
        fx.blog,
        "blog2.json",
        "Semgrep",
        Some("blog"),
        &day(3),
        &[renamed, g],
    );
    assert_eq!(fx.keys_of(&text("sql injection")), ["a"]);
    assert_eq!(fx.keys_of(&text("command")), ["f"]);
    assert_eq!(fx.keys_of(&text("metacharacters")), ["f"]);
    fx.t.store.rebuild_search_index().expect("rebuild");
    assert_eq!(fx.keys_of(&text("sql injection")), ["a"]);
    assert_eq!(fx.keys_of(&text("command")), ["f"]);
    assert_eq!(fx.keys_of(&text("log4")), ["d"]);
}

#[test]
fn queries_serialize_for_ipc_with_defaults() {
    let q: FindingQuery =
        serde_json::from_str(r#"{"severities":["high",null],"text":"x"}"#).expect("json");
    assert_eq!(q.severities, [Some(Severity::High), None]);
    assert_eq!(q.limit, vulnbridge_store::DEFAULT_PAGE_SIZE);
    assert_eq!(
        q.sort,
        FindingSort {
            field: SortField::Severity,
            descending: true
        }
    );
    let json = serde_json::to_value(FindingStatus::FalsePositive).expect("json");
    assert_eq!(json, "false_positive");
}

#[test]
fn the_ticket_filter_splits_linked_from_unlinked_findings() {
    let f = Fixture::new();
    let linked = [f.id("a"), f.id("d")];
    for (n, id) in linked.iter().enumerate() {
        f.t.store
            .connection()
            .execute(
                "INSERT INTO ticket_links (finding_id, connection_id, issue_id, issue_key, url,
                     created_at, last_synced_at)
                 VALUES (?1, 'c1', ?2, ?3, 'https://jira.test/browse/X', 'now', 'now')",
                rusqlite::params![id, format!("{}", 100 + n), format!("SEC-{n}")],
            )
            .expect("link");
    }
    let with = FindingQuery {
        has_ticket: Some(true),
        statuses: Vec::new(),
        ..sorted(SortField::Title, false)
    };
    let mut keys = f.keys_of(&with);
    keys.sort();
    assert_eq!(keys, vec!["a", "d"]);
    let without = FindingQuery {
        has_ticket: Some(false),
        ..with.clone()
    };
    let all = FindingQuery {
        has_ticket: None,
        ..with.clone()
    };
    assert_eq!(f.total(&without) + 2, f.total(&all));
    assert!(!f.keys_of(&without).contains(&"a"));
}
