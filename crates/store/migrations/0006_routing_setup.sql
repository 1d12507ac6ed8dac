-- 0006: what the routing screens need besides 0005's rules: the names shown next to a rule's
-- Jira ids (so the table reads without a request), and a cache of Jira's create metadata per
-- (connection, project, issue type), refreshed on demand.

ALTER TABLE routing_rules ADD COLUMN project_name TEXT;
ALTER TABLE routing_rules ADD COLUMN issue_type_name TEXT;
-- The default assignee's display name (its id lives in the mapping's `assignee` field).
ALTER TABLE routing_rules ADD COLUMN assignee_name TEXT;

CREATE TABLE createmeta_cache (
    connection_id TEXT NOT NULL,
    -- The project id or key the fields were fetched for.
    project       TEXT NOT NULL,
    issue_type_id TEXT NOT NULL,
    -- Vec<vulnbridge_mapping::FieldMeta> as JSON.
    fields        TEXT NOT NULL,
    fetched_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (connection_id, project, issue_type_id)
) STRICT;
