//! Issue handlers against the sandbox on both flavors: create, get, edit, labels, delete,
//! transitions with screen fields, the changelog they leave, and Jira's field errors.

mod sandbox_client;

use serde_json::{json, Map};
use vulnbridge_jira::{Error, IssueEdit, TextBody};
use vulnbridge_sandbox::Flavor;

use sandbox_client::{api, appsec_bug, description, sec_task, start, FLAVORS};

fn field_errors(error: &Error) -> Vec<(String, String)> {
    match error {
        Error::Rejected { errors, .. } => errors
            .errors
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
        other => panic!("expected a rejection, got {other:?}"),
    }
}

#[tokio::test]
async fn create_then_get_with_a_field_selection() {
    for flavor in FLAVORS {
        let (sandbox, client) = start(flavor).await;
        let mut body = sec_task("TLS 1.0 enabled", &["vb-aaa", "scanner"]);
        body["fields"]["description"] = description(&client, "Found by the scanner.");
        let created = client.create_issue(&body).await.expect("created");
        assert!(created.key.starts_with("SEC-"), "{created:?}");
        assert!(created.self_url.contains(&created.id));

        let issue = client
            .get_issue(&created.key, &["summary", "labels", "status"], false)
            .await
            .expect("get");
        assert_eq!(issue.id, created.id);
        assert_eq!(issue.summary(), Some("TLS 1.0 enabled"));
        assert_eq!(issue.labels(), ["vb-aaa", "scanner"]);
        let status = issue.status().expect("status");
        assert_eq!(
            (status.name.as_str(), status.status_category.key.as_str()),
            ("To Do", "new")
        );
        assert!(
            !issue.fields.contains_key("description"),
            "only the selected fields"
        );
        assert!(issue.changelog.is_none());

        let full = client
            .get_issue(&created.key, &[], false)
            .await
            .expect("all fields");
        assert!(full.fields.contains_key("description"), "{flavor:?}");
        assert!(full.updated().is_some() && full.created().is_some());
        assert_eq!(
            sandbox
                .request_log()
                .count("POST", &format!("{}/issue", api(flavor))),
            1
        );
        sandbox.shutdown().await;
    }
}

#[tokio::test]
async fn jira_field_errors_map_to_field_ids() {
    for flavor in FLAVORS {
        let (sandbox, client) = start(flavor).await;
        let (sec_before, appsec_before) =
            (sandbox.issue_count("SEC"), sandbox.issue_count("APPSEC"));
        let mut no_summary = sec_task("x", &[]);
        no_summary["fields"]
            .as_object_mut()
            .expect("fields")
            .remove("summary");
        let error = client.create_issue(&no_summary).await.expect_err("summary");
        assert_eq!(
            field_errors(&error),
            [(
                "summary".to_owned(),
                "You must specify a summary of the issue.".to_owned()
            )]
        );
        assert!(!error.is_ambiguous(), "a 400 is a definite answer");

        let mut appsec = appsec_bug(&client, "SQLi");
        let fields = appsec["fields"].as_object_mut().expect("fields");
        fields.remove("customfield_10030");
        fields.remove("customfield_10031");
        let error = client.create_issue(&appsec).await.expect_err("required");
        let keys: Vec<String> = field_errors(&error).into_iter().map(|(k, _)| k).collect();
        assert_eq!(
            keys,
            ["customfield_10030", "customfield_10031"],
            "{flavor:?}"
        );

        let mut bad_option = sec_task("Weak cipher", &[]);
        bad_option["fields"]["customfield_10020"] = json!({"value": "Extreme"});
        let error = client.create_issue(&bad_option).await.expect_err("option");
        let errors = field_errors(&error);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].0, "customfield_10020");
        assert!(errors[0].1.contains("Extreme"), "{errors:?}");
        assert_eq!(
            (sandbox.issue_count("SEC"), sandbox.issue_count("APPSEC")),
            (sec_before, appsec_before),
            "nothing was created"
        );
        sandbox.shutdown().await;
    }
}

#[tokio::test]
async fn edit_labels_delete_and_unknown_keys() {
    for flavor in FLAVORS {
        let (sandbox, client) = start(flavor).await;
        let created = client
            .create_issue(&sec_task("Old summary", &["keep", "drop"]))
            .await
            .expect("created");
        let edit = IssueEdit::new()
            .set("summary", json!("New summary"))
            .add_label("vb-new")
            .remove_label("drop");
        client.edit_issue(&created.key, &edit).await.expect("edit");
        client
            .add_labels(&created.key, &["extra", "keep"])
            .await
            .expect("add");
        client
            .remove_labels(&created.key, &["extra"])
            .await
            .expect("remove");
        let issue = client
            .get_issue(&created.key, &["summary", "labels"], false)
            .await
            .expect("get");
        assert_eq!(issue.summary(), Some("New summary"));
        let mut labels = issue.labels();
        labels.sort_unstable();
        assert_eq!(labels, ["keep", "vb-new"], "{flavor:?}");

        let before = sandbox.request_log().len();
        let error = client
            .add_labels(&created.key, &["has space"])
            .await
            .expect_err("bad label");
        assert_eq!(error.code(), "invalid_request");
        assert_eq!(sandbox.request_log().len(), before, "nothing sent");
        let both = IssueEdit::new().set("labels", json!(["a"])).add_label("b");
        assert_eq!(
            client
                .edit_issue(&created.key, &both)
                .await
                .map_err(|e| e.code()),
            Err("invalid_request")
        );

        for error in [
            client.get_issue("SEC-9999", &[], false).await.map(|_| ()),
            client
                .edit_issue("SEC-9999", &IssueEdit::new().add_label("x"))
                .await,
            client.delete_issue("SEC-9999").await,
        ] {
            let error = error.expect_err("unknown key");
            assert_eq!(error.code(), "not_found", "{flavor:?}: {error}");
        }

        client.delete_issue(&created.key).await.expect("delete");
        assert!(sandbox.issue(&created.key).is_none());
        let gone = client
            .get_issue(&created.key, &[], false)
            .await
            .expect_err("gone");
        assert_eq!(gone.code(), "not_found");
        sandbox.shutdown().await;
    }
}

#[tokio::test]
async fn transition_with_resolution_and_its_changelog() {
    for flavor in FLAVORS {
        let (sandbox, client) = start(flavor).await;
        let created = client
            .create_issue(&appsec_bug(&client, "IDOR"))
            .await
            .expect("created");
        let close = client
            .transitions(&created.key)
            .await
            .expect("transitions")
            .into_iter()
            .find(|t| t.name == "Close")
            .expect("Close");

        let error = client
            .transition_issue(&created.key, &close.id, Map::new(), None)
            .await
            .expect_err("resolution required");
        assert_eq!(
            field_errors(&error),
            [(
                "resolution".to_owned(),
                "Resolution is required.".to_owned()
            )]
        );

        let mut fields = Map::new();
        fields.insert("resolution".into(), json!({"name": "Won't Do"}));
        let note = TextBody::plain("Accepted risk: internal only.");
        client
            .transition_issue(&created.key, &close.id, fields, Some(&note))
            .await
            .expect("closed");
        let snapshot = sandbox.issue(&created.key).expect("issue");
        assert_eq!(snapshot.status, "Closed");
        assert_eq!(snapshot.resolution.as_deref(), Some("Won't Do"));
        assert_eq!(snapshot.comments, 1, "the transition comment");

        let issue = client
            .get_issue(&created.key, &["status", "resolution"], true)
            .await
            .expect("get");
        assert_eq!(issue.resolution(), Some("Won't Do"));
        let histories = issue.changelog.expect("expanded").histories;
        assert!(histories.iter().any(|h| h.touches("status")), "{flavor:?}");

        let items = client.change_items(&created.key).await.expect("changelog");
        let status = items
            .iter()
            .find(|i| i.field == "status")
            .expect("status change");
        assert_eq!(status.from_string.as_deref(), Some("Open"));
        assert_eq!(status.to_string.as_deref(), Some("Closed"));
        assert!(status.created.is_some());
        assert_eq!(
            status.author.as_ref().map(|a| a.display_name.as_str()),
            Some("Ana Lyst")
        );
        let resolution = items
            .iter()
            .find(|i| i.field == "resolution")
            .expect("resolution change");
        assert_eq!(resolution.to_string.as_deref(), Some("Won't Do"));
        if flavor == Flavor::Cloud {
            assert_eq!(status.field_id.as_deref(), Some("status"));
            let path = format!("/rest/api/3/issue/{}/changelog", created.key);
            assert_eq!(sandbox.request_log().count("GET", &path), 1);
        }
        sandbox.shutdown().await;
    }
}
