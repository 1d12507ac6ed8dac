-- 0007: polling Jira back (Jira -> app). Per connection: the watermark (latest issue `updated`
-- fully applied), the (issue id, updated) pairs already applied inside the overlap window, and
-- the comments pulled from Jira so edits and deletions show up as differences.
-- Timestamps are UTC ISO-8601 text with milliseconds, so text order is time order.

CREATE TABLE poll_watermarks (
    connection_id TEXT PRIMARY KEY,
    -- Every issue change up to and including this instant is applied.
    watermark     TEXT NOT NULL,
    updated_at    TEXT NOT NULL
) STRICT;

-- Issue versions applied already: a poll re-reads the overlap window and skips these.
CREATE TABLE poll_seen (
    connection_id TEXT NOT NULL,
    issue_id      TEXT NOT NULL,
    updated       TEXT NOT NULL,
    PRIMARY KEY (connection_id, issue_id, updated)
) STRICT, WITHOUT ROWID;

-- Comments of linked issues as last read from Jira.
CREATE TABLE jira_comments (
    connection_id   TEXT NOT NULL,
    comment_id      TEXT NOT NULL,
    issue_id        TEXT NOT NULL,
    finding_id      INTEGER NOT NULL REFERENCES findings (id) ON DELETE CASCADE,
    author          TEXT NOT NULL DEFAULT '',
    body            TEXT NOT NULL DEFAULT '',
    created         TEXT,
    updated         TEXT,
    -- Written by Vulnbridge (its comment property): kept to skip the property read next time,
    -- never shown as a Jira comment.
    from_vulnbridge INTEGER NOT NULL DEFAULT 0 CHECK (from_vulnbridge IN (0, 1)),
    deleted         INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    PRIMARY KEY (connection_id, comment_id)
) STRICT;

CREATE INDEX jira_comments_issue ON jira_comments (connection_id, issue_id);
