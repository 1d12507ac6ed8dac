//! Text the mapping cut to fit Jira's limits is attached after the ticket exists, once, even
//! when an upload's answer is lost.

mod common;

use chrono::Duration as Span;
use vulnbridge_model::Severity;
use vulnbridge_sandbox::{Fault, FaultPlan, FaultRule, Target, Trigger};

use common::*;

#[tokio::test]
async fn a_cut_description_is_attached_exactly_once_even_after_a_lost_upload() {
    for flavor in FLAVORS {
        let sandbox = start_sandbox(flavor, FaultPlan::none(), 1).await;
        let client = client_for(&sandbox).await;
        let w = world(&sandbox, &client).await;
        let uploads = format!("{}/issue/*/attachments", flavor.api_prefix());
        sandbox.set_faults(FaultPlan::none().with_rule(FaultRule::new(
            Target::method_path("POST", &uploads),
            Trigger::FirstN(1),
            Fault::CommitThenDrop,
        )));
        let big: Vec<_> = ["big-1", "big-2"]
            .iter()
            .map(|k| {
                let mut f = finding(k, Severity::Critical);
                f.description = Some(format!("{k} evidence line. ").repeat(6_000));
                f
            })
            .collect();
        let mut engine = w.engine(&client);
        import_at(engine.store_mut(), w.app, &big, t0() + Span::minutes(1));

        let first = engine.push_once().await.expect("push");
        assert_eq!(first.created, 2, "{flavor:?}: {first:?}");
        assert_eq!(
            first.attached, 0,
            "the first upload's answer was lost: {first:?}"
        );
        w.clock.advance(Span::seconds(31));
        let second = engine.push_once().await.expect("push again");
        assert_eq!(second.attached, 2, "{flavor:?}: {second:?}");
        for f in &big {
            let keys = sandbox.issues_with_label(&f.dedup_label());
            let issue = sandbox.issue(&keys[0]).expect("issue");
            assert_eq!(issue.attachments, 1, "{flavor:?}: {}", issue.key);
        }
        let c = engine.store().outbox_counts().expect("counts");
        assert_eq!((c.done, c.pending + c.ambiguous + c.parked), (4, 0));
        sandbox.shutdown().await;
    }
}
