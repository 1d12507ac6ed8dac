//! Remote links (globalId upsert), attachments (multipart upload, 413) and bulk changelog
//! against the sandbox on both flavors.

mod sandbox_client;

use serde_json::Map;
use vulnbridge_jira::resources::remote_links::RemoteObject;
use vulnbridge_jira::{Error, RemoteLink};
use vulnbridge_sandbox::Flavor;

use sandbox_client::{api, sec_task, start, FLAVORS};

fn link(title: &str) -> RemoteLink {
    RemoteLink {
        global_id: Some("vulnbridge:finding:f-1".to_owned()),
        relationship: Some("tracks finding".to_owned()),
        object: RemoteObject {
            url: "http://localhost/findings/f-1".to_owned(),
            title: title.to_owned(),
            ..RemoteObject::default()
        },
        ..RemoteLink::default()
    }
}

#[tokio::test]
async fn remote_links_upsert_by_global_id() {
    for flavor in FLAVORS {
        let (sandbox, client) = start(flavor).await;
        let issue = client
            .create_issue(&sec_task("l", &[]))
            .await
            .expect("issue");
        let first = client
            .save_remote_link(&issue.key, &link("Finding f-1"))
            .await
            .expect("created");
        assert!(first.created);
        let second = client
            .save_remote_link(&issue.key, &link("Finding f-1 (fixed)"))
            .await
            .expect("updated");
        assert_eq!(second.id, first.id, "same link");
        assert!(!second.created, "{flavor:?}: 200 on upsert");
        let links = client.remote_links(&issue.key).await.expect("list");
        assert_eq!(links.len(), 1);
        assert_eq!(links[0].object.title, "Finding f-1 (fixed)");
        assert_eq!(links[0].id, Some(first.id));

        let error = client
            .save_remote_link(&issue.key, &link(""))
            .await
            .expect_err("title");
        let Error::Rejected { errors, .. } = &error else {
            panic!("{error:?}")
        };
        assert_eq!(errors.errors["title"], "'title' is required.");

        client
            .delete_remote_link(&issue.key, "vulnbridge:finding:f-1")
            .await
            .expect("deleted");
        assert_eq!(sandbox.issue(&issue.key).expect("issue").remote_links, 0);
        let again = client
            .delete_remote_link(&issue.key, "vulnbridge:finding:f-1")
            .await
            .expect_err("gone");
        assert_eq!(again.code(), "not_found");
        sandbox.shutdown().await;
    }
}

#[tokio::test]
async fn attachments_upload_and_a_413_names_the_limit() {
    for flavor in FLAVORS {
        let (sandbox, client) = start(flavor).await;
        let issue = client
            .create_issue(&sec_task("a", &[]))
            .await
            .expect("issue");
        let report = b"full scanner report\n".repeat(100);
        let uploaded = client
            .attach(&issue.key, "report.txt", "text/plain", report.clone())
            .await
            .expect("uploaded");
        assert_eq!(uploaded.len(), 1);
        assert_eq!(uploaded[0].filename, "report.txt");
        assert_eq!(uploaded[0].size, report.len() as u64);
        assert_eq!(uploaded[0].mime_type.as_deref(), Some("text/plain"));
        assert!(!uploaded[0].id.is_empty());
        assert_eq!(sandbox.issue(&issue.key).expect("issue").attachments, 1);

        let too_big = vec![b'x'; 10 * 1024 * 1024 + 1];
        let error = client
            .attach(&issue.key, "huge.bin", "application/octet-stream", too_big)
            .await
            .expect_err("413");
        assert_eq!(error.code(), "attachment_too_large", "{flavor:?}: {error}");
        let message = error.to_string();
        assert!(
            message.contains("huge.bin") && message.contains("10485761 bytes"),
            "{message}"
        );
        assert!(
            message.contains("the limit is 10485760 bytes"),
            "Jira's limit: {message}"
        );
        assert_eq!(sandbox.issue(&issue.key).expect("issue").attachments, 1);

        let unknown = client
            .attach("SEC-9999", "r.txt", "text/plain", b"x".to_vec())
            .await
            .expect_err("unknown issue");
        assert_eq!(unknown.code(), "not_found");
        sandbox.shutdown().await;
    }
}

#[tokio::test]
async fn bulk_changelog_returns_status_changes_of_many_issues() {
    for flavor in FLAVORS {
        let (sandbox, client) = start(flavor).await;
        let mut keys = Vec::new();
        for n in 0..3 {
            let issue = client
                .create_issue(&sec_task(&format!("t{n}"), &[]))
                .await
                .expect("issue");
            let done = client
                .transitions(&issue.key)
                .await
                .expect("transitions")
                .into_iter()
                .find(|t| t.name == "Done")
                .expect("Done");
            client
                .transition_issue(&issue.key, &done.id, Map::new(), None)
                .await
                .expect("done");
            keys.push(issue);
        }
        client
            .edit_issue(
                &keys[0].key,
                &vulnbridge_jira::IssueEdit::new().add_label("later"),
            )
            .await
            .expect("label change");
        sandbox.clear_request_log();
        let refs: Vec<&str> = keys.iter().map(|k| k.key.as_str()).collect();
        let logs = client
            .bulk_changelog(&refs, &["status"])
            .await
            .expect("bulk");
        assert_eq!(logs.len(), 3, "{flavor:?}");
        for (log, issue) in logs.iter().zip(&keys) {
            assert_eq!(log.issue_id, issue.id);
            let items: Vec<_> = log
                .change_histories
                .iter()
                .flat_map(|h| h.change_items())
                .collect();
            assert_eq!(items.len(), 1, "only status: {items:?}");
            assert_eq!(items[0].to_string.as_deref(), Some("Done"));
        }
        let log = sandbox.request_log();
        match flavor {
            Flavor::Cloud => {
                assert_eq!(log.count("POST", "/rest/api/3/changelog/bulkfetch"), 1);
                assert_eq!(log.len(), 1);
            }
            Flavor::DataCenter => {
                assert_eq!(
                    log.count_matching("GET", &format!("{}/issue/*", api(flavor))),
                    3
                );
            }
        }
        let too_many = client
            .bulk_changelog(
                &refs,
                &["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"],
            )
            .await
            .expect_err("11 fields");
        assert_eq!(too_many.code(), "invalid_request");
        sandbox.shutdown().await;
    }
}

#[tokio::test]
async fn issue_properties_round_trip_and_browse_urls() {
    for flavor in FLAVORS {
        let (sandbox, client) = start(flavor).await;
        let issue = client
            .create_issue(&sec_task("p", &[]))
            .await
            .expect("issue");
        let value = serde_json::json!({"finding": "f-42", "fingerprint": "abc"});
        assert!(client
            .set_issue_property(&issue.key, "vulnbridge", &value)
            .await
            .expect("new"));
        assert!(!client
            .set_issue_property(&issue.key, "vulnbridge", &value)
            .await
            .expect("updated"));
        assert_eq!(
            client
                .issue_property(&issue.key, "vulnbridge")
                .await
                .expect("get"),
            Some(value)
        );
        assert_eq!(
            sandbox.issue(&issue.key).expect("issue").property_keys,
            ["vulnbridge"]
        );
        client
            .delete_issue_property(&issue.key, "vulnbridge")
            .await
            .expect("delete");
        assert_eq!(
            client
                .issue_property(&issue.key, "vulnbridge")
                .await
                .expect("gone"),
            None,
            "{flavor:?}"
        );
        let missing = client
            .issue_property("SEC-9999", "vulnbridge")
            .await
            .expect_err("unknown issue");
        assert_eq!(missing.code(), "not_found");
        let url = client.browse_url(&issue.key).expect("url");
        assert_eq!(
            url.as_str(),
            format!("{}/browse/{}", sandbox.base_url(), issue.key)
        );
        sandbox.shutdown().await;
    }
}
