//! The re-import rules as pure functions: what a scan file says about a finding's triage, and
//! how a reported finding's stored status changes (see the table on [`transition`]).

use vulnbridge_model::Suppression;

use crate::{FindingStatus, TimelineKind};

/// Which import count a reported finding adds to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tally {
    New,
    Unchanged,
    Reopened,
    Suppressed,
}

/// How one reported finding changes its stored status. `current` is the stored status (`None`
/// for a new fingerprint), `verdict` the status the file itself implies (`None` when the file
/// reports it open; see [`file_verdict`]). Returns the new status, the count it adds to and the
/// timeline event to write.
///
/// | stored \ file says        | open                   | suppressed / fixed         |
/// |---------------------------|------------------------|----------------------------|
/// | new                       | open, new              | verdict, suppressed        |
/// | false_positive, accepted  | kept, unchanged        | kept, suppressed           |
/// | open, reopened            | kept, unchanged        | verdict, suppressed        |
/// | resolved, suppressed      | reopened, reopened     | verdict, suppressed        |
pub(crate) fn transition(
    current: Option<FindingStatus>,
    verdict: Option<FindingStatus>,
) -> (FindingStatus, Tally, Option<TimelineKind>) {
    match (current, verdict) {
        (None, None) => (
            FindingStatus::Open,
            Tally::New,
            Some(TimelineKind::FirstSeen),
        ),
        (None, Some(v)) => (v, Tally::Suppressed, Some(TimelineKind::FirstSeen)),
        (Some(c), None) if c.is_analyst_decision() || c.is_active() => (c, Tally::Unchanged, None),
        (Some(c), Some(_)) if c.is_analyst_decision() => (c, Tally::Suppressed, None),
        (Some(_), None) => (
            FindingStatus::Reopened,
            Tally::Reopened,
            Some(TimelineKind::Reappeared),
        ),
        (Some(c), Some(v)) if c == v => (c, Tally::Suppressed, None),
        (Some(_), Some(v)) => (v, Tally::Suppressed, Some(TimelineKind::SuppressedInScan)),
    }
}

/// What the scan file says about a finding's triage state, as a status and a reason.
pub(crate) fn file_verdict(s: &Suppression) -> Option<(FindingStatus, String)> {
    fn with(label: &str, extra: &Option<String>) -> String {
        match extra.as_deref().map(str::trim) {
            Some(x) if !x.is_empty() => format!("{label}: {x}"),
            _ => label.to_string(),
        }
    }
    match s {
        Suppression::None => None,
        Suppression::Suppressed { reason } => Some((
            FindingStatus::Suppressed,
            with("suppressed in the scan file", reason),
        )),
        Suppression::NotAffected { justification } => Some((
            FindingStatus::Suppressed,
            with("not affected according to the scan file", justification),
        )),
        Suppression::Fixed { detail } => Some((
            FindingStatus::Resolved,
            with("marked fixed in the scan file", detail),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use FindingStatus::*;

    #[test]
    fn every_stored_status_against_every_file_verdict() {
        let open_file = [
            (None, Open, Tally::New),
            (Some(Open), Open, Tally::Unchanged),
            (Some(Reopened), Reopened, Tally::Unchanged),
            (Some(Resolved), Reopened, Tally::Reopened),
            (Some(Suppressed), Reopened, Tally::Reopened),
            (Some(FalsePositive), FalsePositive, Tally::Unchanged),
            (Some(AcceptedRisk), AcceptedRisk, Tally::Unchanged),
        ];
        for (current, want, tally) in open_file {
            let (got, t, _) = transition(current, None);
            assert_eq!((got, t), (want, tally), "stored {current:?}, file open");
        }
        let suppressed_file = [
            (None, Suppressed),
            (Some(Open), Suppressed),
            (Some(Reopened), Suppressed),
            (Some(Resolved), Suppressed),
            (Some(Suppressed), Suppressed),
            (Some(FalsePositive), FalsePositive),
            (Some(AcceptedRisk), AcceptedRisk),
        ];
        for (current, want) in suppressed_file {
            let (got, t, _) = transition(current, Some(Suppressed));
            assert_eq!(
                (got, t),
                (want, Tally::Suppressed),
                "stored {current:?}, file suppresses"
            );
        }
        assert_eq!(
            transition(Some(Open), Some(Resolved)).0,
            Resolved,
            "file says fixed"
        );
    }

    #[test]
    fn only_real_changes_write_timeline_events() {
        assert_eq!(transition(None, None).2, Some(TimelineKind::FirstSeen));
        assert_eq!(
            transition(Some(Resolved), None).2,
            Some(TimelineKind::Reappeared)
        );
        assert_eq!(
            transition(Some(Open), Some(Suppressed)).2,
            Some(TimelineKind::SuppressedInScan)
        );
        assert_eq!(transition(Some(Open), None).2, None);
        assert_eq!(transition(Some(Suppressed), Some(Suppressed)).2, None);
        assert_eq!(transition(Some(FalsePositive), Some(Suppressed)).2, None);
    }

    #[test]
    fn verdicts_carry_the_files_reason() {
        let v = file_verdict(&Suppression::NotAffected {
            justification: Some(" vulnerable_code_not_in_execute_path ".into()),
        });
        assert_eq!(
            v,
            Some((
                Suppressed,
                "not affected according to the scan file: vulnerable_code_not_in_execute_path"
                    .into()
            ))
        );
        assert_eq!(
            file_verdict(&Suppression::Fixed { detail: None }),
            Some((Resolved, "marked fixed in the scan file".into()))
        );
        assert_eq!(file_verdict(&Suppression::None), None);
    }
}
