//! Metadata handlers against the sandbox on both flavors: projects, createmeta issue types
//! and fields (paged), priorities, users, myself, transitions.

mod sandbox_client;

use sandbox_client::{api, start, FLAVORS};
use vulnbridge_sandbox::Flavor;

#[tokio::test]
async fn projects_are_listed_in_pages_on_cloud_and_at_once_on_data_center() {
    for flavor in FLAVORS {
        let (sandbox, client) = start(flavor).await;
        let projects = client.projects_paged(1).await.expect("projects");
        let keys: Vec<&str> = projects.iter().map(|p| p.key.as_str()).collect();
        assert_eq!(keys, ["SEC", "APPSEC", "OPS"], "{flavor:?}");
        assert_eq!(projects[0].name, "Security");
        assert_eq!(projects[0].id, "10000");
        let log = sandbox.request_log();
        match flavor {
            Flavor::Cloud => assert_eq!(log.count("GET", "/rest/api/3/project/search"), 3),
            Flavor::DataCenter => assert_eq!(log.count("GET", "/rest/api/2/project"), 1),
        }
        sandbox.shutdown().await;
    }
}

#[tokio::test]
async fn issue_types_and_create_fields_come_from_every_createmeta_page() {
    for flavor in FLAVORS {
        let (sandbox, client) = start(flavor).await;
        let types = client.issue_types_paged("SEC", 2).await.expect("types");
        let names: Vec<&str> = types.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["Task", "Bug", "Epic"], "{flavor:?}");
        let task = types.iter().find(|t| t.name == "Task").expect("Task");
        assert_eq!(task.id, "10001");

        let meta = client
            .create_fields_paged("SEC", &task.id, 5)
            .await
            .expect("fields");
        assert_eq!(meta.fields.len(), 14, "{flavor:?}: every page joined");
        assert_eq!(meta.required_ids(), ["summary", "issuetype", "project"]);
        let severity = meta.field("customfield_10020").expect("severity");
        assert_eq!(severity.name, "Severity");
        let allowed = severity.raw["allowedValues"].as_array().expect("options");
        assert_eq!(allowed.len(), 5);
        assert_eq!(
            meta.to_document()["fields"].as_array().map(Vec::len),
            Some(14)
        );

        let log = sandbox.request_log();
        let prefix = api(flavor);
        assert_eq!(
            log.count("GET", &format!("{prefix}/issue/createmeta/SEC/issuetypes")),
            2,
            "3 types in pages of 2"
        );
        assert_eq!(
            log.count(
                "GET",
                &format!("{prefix}/issue/createmeta/SEC/issuetypes/10001")
            ),
            3,
            "14 fields in pages of 5"
        );

        let required = client
            .create_fields("APPSEC", "10002")
            .await
            .expect("APPSEC");
        assert!(required.required_ids().contains(&"customfield_10030"));

        let error = client
            .issue_types("NOPE")
            .await
            .expect_err("unknown project");
        assert_eq!(error.code(), "not_found", "{error}");
        let error = client
            .create_fields("OPS", "10002")
            .await
            .expect_err("Bug is not an OPS issue type");
        assert_eq!(error.code(), "not_found", "{error}");
        sandbox.shutdown().await;
    }
}

#[tokio::test]
async fn priorities_users_and_myself_speak_each_dialect() {
    for flavor in FLAVORS {
        let (sandbox, client) = start(flavor).await;
        let priorities = client.priorities().await.expect("priorities");
        let names: Vec<&str> = priorities.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(
            names,
            ["Blocker", "Highest", "High", "Medium", "Low", "Lowest"],
            "{flavor:?}"
        );

        let me = client.myself().await.expect("myself");
        assert_eq!(me.display_name, "Ana Lyst");
        let found = client.search_users("dev", 10).await.expect("users");
        assert_eq!(found.len(), 1, "{flavor:?}: {found:?}");
        let dev = &found[0];
        assert_eq!(dev.display_name, "Dev Lead");
        match flavor {
            Flavor::Cloud => {
                assert!(dev
                    .account_id
                    .as_deref()
                    .is_some_and(|a| a.starts_with("712020:")));
                assert_eq!(dev.id(), dev.account_id.as_deref());
                assert_eq!(
                    sandbox
                        .request_log()
                        .count("GET", "/rest/api/3/priority/search"),
                    1
                );
            }
            Flavor::DataCenter => {
                assert_eq!(dev.name.as_deref(), Some("devlead"));
                assert_eq!(dev.id(), Some("devlead"));
                assert_eq!(
                    sandbox.request_log().count("GET", "/rest/api/2/priority"),
                    1
                );
            }
        }
        sandbox.shutdown().await;
    }
}

#[tokio::test]
async fn transitions_list_targets_and_required_screen_fields() {
    for flavor in FLAVORS {
        let (sandbox, client) = start(flavor).await;
        let created = client
            .create_issue(&sandbox_client::appsec_bug(&client, "XSS"))
            .await
            .expect("APPSEC bug");
        let transitions = client.transitions(&created.key).await.expect("transitions");
        let names: Vec<&str> = transitions.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["Start review", "Close"], "{flavor:?}");
        let close = &transitions[1];
        assert_eq!(close.to.name, "Closed");
        assert_eq!(close.to.status_category.key, "done");
        assert_eq!(close.required_fields(), ["resolution"]);
        assert!(transitions[0].required_fields().is_empty());

        let error = client
            .transitions("APPSEC-999")
            .await
            .expect_err("unknown issue");
        assert_eq!(error.code(), "not_found");
        sandbox.shutdown().await;
    }
}
