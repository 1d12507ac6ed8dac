//! Comments against the sandbox on both flavors: add / edit / delete with bodies in each
//! dialect, paging, and the property that marks comments written by Vulnbridge.

mod sandbox_client;

use serde_json::json;
use vulnbridge_jira::resources::comments::APP_PROPERTY_KEY;
use vulnbridge_jira::{NewComment, TextBody, Visibility};
use vulnbridge_sandbox::Flavor;

use sandbox_client::{api, sec_task, start, FLAVORS};

#[tokio::test]
async fn add_edit_delete_with_dialect_bodies() {
    for flavor in FLAVORS {
        let (sandbox, client) = start(flavor).await;
        let issue = client
            .create_issue(&sec_task("c", &[]))
            .await
            .expect("issue");
        let text = "Scanner saw *args in line 3.\n\nFixed in v2.";
        let added = client
            .add_comment(&issue.key, &NewComment::new(TextBody::plain(text)))
            .await
            .expect("added");
        assert!(!added.id.is_empty());
        assert_eq!(
            added.author.as_ref().map(|a| a.display_name.as_str()),
            Some("Ana Lyst")
        );
        match flavor {
            Flavor::Cloud => {
                assert_eq!(added.body["type"], "doc", "ADF on Cloud");
                assert_eq!(added.text(), text);
            }
            Flavor::DataCenter => {
                assert_eq!(
                    added.body,
                    json!("Scanner saw \\*args in line 3.\n\nFixed in v2."),
                    "an escaped wiki string on DC"
                );
                assert_eq!(added.text(), text, "read back without the escapes");
            }
        }

        let edited = client
            .edit_comment(
                &issue.key,
                &added.id,
                &NewComment::new(TextBody::plain("Fixed in v3")),
            )
            .await
            .expect("edited");
        assert_eq!(edited.id, added.id);
        assert_eq!(edited.text(), "Fixed in v3");
        let listed = client.comments(&issue.key).await.expect("list");
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].text(), "Fixed in v3");
        assert!(listed[0].updated >= listed[0].created);

        client
            .delete_comment(&issue.key, &added.id)
            .await
            .expect("deleted");
        assert!(client.comments(&issue.key).await.expect("list").is_empty());
        let again = client
            .delete_comment(&issue.key, &added.id)
            .await
            .expect_err("already gone");
        assert_eq!(again.code(), "not_found", "{flavor:?}");

        let mut restricted = NewComment::new(TextBody::plain("for developers"));
        restricted.visibility = Some(Visibility {
            kind: "role".into(),
            value: "Developers".into(),
            identifier: None,
        });
        let restricted = client
            .add_comment(&issue.key, &restricted)
            .await
            .expect("restricted");
        let visibility = restricted.visibility.expect("visibility kept");
        assert_eq!(
            (visibility.kind.as_str(), visibility.value.as_str()),
            ("role", "Developers")
        );

        let before = sandbox.request_log().len();
        let empty = client
            .add_comment(&issue.key, &NewComment::new(TextBody::plain("  \n")))
            .await
            .expect_err("empty");
        assert_eq!(empty.code(), "invalid_request");
        assert_eq!(sandbox.request_log().len(), before, "nothing sent");
        let unknown = client
            .add_comment("SEC-9999", &NewComment::new(TextBody::plain("x")))
            .await
            .expect_err("unknown issue");
        assert_eq!(unknown.code(), "not_found");
        sandbox.shutdown().await;
    }
}

#[tokio::test]
async fn comments_are_read_in_pages_oldest_first() {
    for flavor in FLAVORS {
        let (sandbox, client) = start(flavor).await;
        let issue = client
            .create_issue(&sec_task("p", &[]))
            .await
            .expect("issue");
        for n in 1..=5 {
            client
                .add_comment(
                    &issue.key,
                    &NewComment::new(TextBody::plain(format!("note {n}"))),
                )
                .await
                .expect("add");
        }
        sandbox.clear_request_log();
        let all = client.comments_paged(&issue.key, 2).await.expect("pages");
        let texts: Vec<String> = all.iter().map(|c| c.text()).collect();
        assert_eq!(texts, ["note 1", "note 2", "note 3", "note 4", "note 5"]);
        let path = format!("{}/issue/{}/comment", api(flavor), issue.key);
        assert_eq!(sandbox.request_log().count("GET", &path), 3, "{flavor:?}");
        sandbox.shutdown().await;
    }
}

#[tokio::test]
async fn vulnbridge_comments_are_marked_and_recognized() {
    for flavor in FLAVORS {
        let (sandbox, client) = start(flavor).await;
        let issue = client
            .create_issue(&sec_task("m", &[]))
            .await
            .expect("issue");
        let ours = client
            .add_comment(
                &issue.key,
                &NewComment::new(TextBody::plain("Ticket updated by Vulnbridge")).from_vulnbridge(),
            )
            .await
            .expect("ours");
        let theirs = client
            .add_comment(&issue.key, &NewComment::new(TextBody::plain("human note")))
            .await
            .expect("theirs");

        let polled = client.comments(&issue.key).await.expect("poll");
        let mut marked = Vec::new();
        for comment in &polled {
            if client
                .is_vulnbridge_comment(&comment.id)
                .await
                .expect("check")
            {
                marked.push(comment.id.clone());
            }
        }
        assert_eq!(marked, std::slice::from_ref(&ours.id), "{flavor:?}");
        assert_eq!(
            client
                .comment_property(&ours.id, APP_PROPERTY_KEY)
                .await
                .expect("get"),
            Some(json!({"origin": "vulnbridge"}))
        );

        let value = json!({"origin": "vulnbridge", "finding": "f-1"});
        let created = client
            .set_comment_property(&theirs.id, "vulnbridge", &value)
            .await
            .expect("set");
        assert!(created, "a new property answers 201");
        let replaced = client
            .set_comment_property(&theirs.id, "vulnbridge", &value)
            .await
            .expect("set again");
        assert!(!replaced, "an update answers 200");
        assert_eq!(
            client
                .comment_property(&theirs.id, "vulnbridge")
                .await
                .expect("read back"),
            Some(value)
        );
        client
            .delete_comment_property(&theirs.id, "vulnbridge")
            .await
            .expect("delete");
        assert_eq!(
            client
                .comment_property(&theirs.id, "vulnbridge")
                .await
                .expect("gone"),
            None
        );
        let missing_comment = client
            .comment_property("99999999", "vulnbridge")
            .await
            .expect_err("no such comment");
        assert_eq!(missing_comment.code(), "not_found");
        sandbox.shutdown().await;
    }
}
