mod common;

use common::{day, finding, import, open};
use vulnbridge_model::Severity;
use vulnbridge_store::{DataError, FindingStatus};

#[test]
fn applications_are_created_renamed_grouped_and_listed_with_counts() {
    let mut t = open();
    let shop = t.store.create_application("  shop ").unwrap();
    let billing = t.store.create_application("billing").unwrap();
    assert!(
        matches!(t.store.create_application("SHOP"), Err(DataError::ApplicationExists(n)) if n == "SHOP")
    );
    assert!(matches!(
        t.store.create_application("   "),
        Err(DataError::EmptyName)
    ));
    assert_eq!(t.store.application_by_name("Shop").unwrap(), Some(shop));
    assert_eq!(t.store.ensure_application("shop").unwrap(), (shop, false));
    let (web, created) = t.store.ensure_application("web").unwrap();
    assert!(created);

    import(
        &mut t.store,
        shop,
        "1.json",
        "Trivy",
        None,
        &day(1),
        &[
            finding("a", "A", Some(Severity::High), "Trivy"),
            finding("b", "B", Some(Severity::Low), "Trivy"),
        ],
    );
    let b = common::id_of(&t.store, shop, "b");
    t.store
        .set_status(&[b], FindingStatus::FalsePositive, None)
        .unwrap();

    let team = t.store.create_group("Team A").unwrap();
    assert!(matches!(
        t.store.create_group("team a"),
        Err(DataError::GroupExists(_))
    ));
    t.store.set_application_group(shop, Some(team)).unwrap();
    t.store.set_application_group(billing, Some(team)).unwrap();
    assert!(matches!(
        t.store
            .set_application_group(billing, Some(vulnbridge_store::GroupId(77))),
        Err(DataError::GroupNotFound(77))
    ));
    t.store.rename_application(billing, "payments").unwrap();
    assert!(matches!(
        t.store.rename_application(web, "shop"),
        Err(DataError::ApplicationExists(_))
    ));

    let apps = t.store.list_applications().unwrap();
    let names: Vec<&str> = apps.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["payments", "shop", "web"]);
    let s = &apps[1];
    assert_eq!((s.findings_total, s.findings_active), (2, 1));
    assert_eq!(s.group_name.as_deref(), Some("Team A"));
    assert!(s.last_import_at.is_some());
    assert_eq!((apps[2].findings_total, apps[2].group_id), (0, None));

    let groups = t.store.list_groups().unwrap();
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].application_count, 2);
    t.store.rename_group(team, "Payments team").unwrap();
    t.store.delete_group(team).unwrap();
    assert!(t.store.list_groups().unwrap().is_empty());
    assert_eq!(
        t.store.list_applications().unwrap()[1].group_id,
        None,
        "apps stay, ungrouped"
    );
}

#[test]
fn only_empty_applications_can_be_deleted() {
    let mut t = open();
    let shop = t.store.create_application("shop").unwrap();
    let empty = t.store.create_application("empty").unwrap();
    import(
        &mut t.store,
        shop,
        "1.json",
        "Trivy",
        None,
        &day(1),
        &[finding("a", "A", None, "Trivy")],
    );
    t.store.remember_target("registry/empty:1", empty).unwrap();
    t.store
        .record_failed_import(empty, "bad.json", None, "empty file")
        .unwrap();

    let err = t.store.delete_application(shop).unwrap_err();
    assert!(
        matches!(err, DataError::ApplicationNotEmpty { ref name, findings: 1 } if name == "shop")
    );
    assert!(
        err.to_string()
            .contains("only an application without findings can be deleted"),
        "{err}"
    );
    assert_eq!(err.code(), "application_not_empty");

    t.store.delete_application(empty).unwrap();
    assert_eq!(
        t.store.application_for_target("registry/empty:1").unwrap(),
        None
    );
    assert!(matches!(
        t.store.delete_application(empty),
        Err(DataError::ApplicationNotFound(_))
    ));
    assert_eq!(t.store.list_applications().unwrap().len(), 1);
}

#[test]
fn targets_remember_their_application() {
    let t = open();
    let shop = t.store.create_application("shop").unwrap();
    let web = t.store.create_application("web").unwrap();
    assert_eq!(
        t.store
            .application_for_target("https://github.com/acme/shop")
            .unwrap(),
        None
    );
    t.store
        .remember_target("https://github.com/acme/shop", shop)
        .unwrap();
    assert_eq!(
        t.store
            .application_for_target("https://github.com/acme/shop")
            .unwrap(),
        Some(shop)
    );
    t.store
        .remember_target("https://github.com/acme/shop", web)
        .unwrap();
    assert_eq!(
        t.store
            .application_for_target("https://github.com/acme/shop")
            .unwrap(),
        Some(web)
    );
    assert!(matches!(
        t.store
            .remember_target("x", vulnbridge_store::ApplicationId(42)),
        Err(DataError::ApplicationNotFound(42))
    ));
}
