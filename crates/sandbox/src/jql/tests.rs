//! Parser tests, including a property test that no input makes it panic.

use proptest::prelude::*;

use super::parse;
use super::parse::{Expr, Field, Op, Operand, SortField};

#[test]
fn parses_polling_query_with_order() {
    let q =
        parse(r#"project = SEC AND updated >= "2026/01/31 14:05" ORDER BY updated ASC, key DESC"#)
            .expect("valid");
    let Some(Expr::And(a, b)) = q.filter else {
        panic!("expected AND")
    };
    let (Expr::Clause(a), Expr::Clause(b)) = (*a, *b) else {
        panic!("expected clauses")
    };
    assert_eq!((a.field, a.op), (Field::Project, Op::Eq));
    assert_eq!((b.field, b.op), (Field::Updated, Op::Ge));
    assert_eq!(b.operands, vec![Operand::Value("2026/01/31 14:05".into())]);
    assert_eq!(
        q.order,
        vec![(SortField::Updated, false), (SortField::Key, true)]
    );
}

#[test]
fn and_binds_tighter_than_or_and_parentheses_override() {
    let q = parse("labels = a OR labels = b AND status = Done").expect("valid");
    assert!(matches!(q.filter, Some(Expr::Or(_, _))));
    let q = parse("(labels = a OR labels = b) AND status = Done").expect("valid");
    assert!(matches!(q.filter, Some(Expr::And(_, _))));
    let q = parse("key in (SEC-1, 'SEC-2') and statusCategory != done").expect("valid");
    assert!(matches!(q.filter, Some(Expr::And(_, _))));
    let q = parse("assignee is EMPTY and reporter = currentUser()").expect("valid");
    assert!(matches!(q.filter, Some(Expr::And(_, _))));
}

#[test]
fn rejects_what_jira_rejects_with_its_messages() {
    let err = |s: &str| parse(s).expect_err("invalid").0;
    let named =
        parse("cf[10020] = High AND \"Scanner rule\" ~ sqli").expect("catalog fields parse");
    assert!(matches!(named.filter, Some(Expr::And(_, _))));
    assert!(err("project = SEC AND").starts_with("Error in the JQL Query:"));
    assert!(err("project SEC").contains("Expecting operator but got 'SEC'"));
    assert!(err("project = SEC status = Done")
        .contains("Expecting either 'OR' or 'AND' but got 'status'"));
    assert_eq!(
        err("project = SEC ORDER BY summary"),
        "Not able to sort using field 'summary'."
    );
    assert!(err("labels in (a, b").contains("Expecting ')'"));
    assert!(err("summary ~ \"open").contains("has not been completed"));
    assert!(err("project = SEC & x").contains("reserved JQL character"));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn never_panics_on_arbitrary_text(s in "\\PC{0,80}") {
        let _ = parse(&s);
    }

    #[test]
    fn never_panics_on_jql_like_token_soup(tokens in proptest::collection::vec(
        prop_oneof![
            Just("project"), Just("labels"), Just("updated"), Just("key"), Just("status"), Just("="),
            Just("!="), Just(">="), Just("in"), Just("not"), Just("is"), Just("empty"), Just("("), Just(")"),
            Just(","), Just("AND"), Just("OR"), Just("ORDER"), Just("BY"), Just("DESC"), Just("\"2026/01/31 14:05\""),
            Just("-5m"), Just("SEC"), Just("'"), Just("now()"), Just("~"),
        ],
        0..24,
    )) {
        let _ = parse(&tokens.join(" "));
    }
}
