import { useCallback, useEffect } from "react";
import { EmptyState } from "../../app/EmptyState";
import { PageHeader } from "../../app/PageHeader";
import { useAsync } from "../../app/useAsync";
import { call, commands, events } from "../../ipc";
import "./activity.css";

const FEED_SIZE = 200;

const STATE_LABEL: Record<string, string> = {
  pending: "Waiting",
  in_flight: "Sending",
  ambiguous: "Checking Jira",
  parked: "Needs you",
  failed: "Failed",
};

function when(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

/** What happened lately, and what is waiting to go to Jira (and why). */
export function ActivityPage() {
  const loadFeed = useCallback(() => call(commands.listActivity(FEED_SIZE)), []);
  const loadOps = useCallback(() => call(commands.listPendingOperations()), []);
  const feed = useAsync(loadFeed);
  const ops = useAsync(loadOps);

  // Refresh after each sync pass and background import.
  const reloadFeed = feed.reload;
  const reloadOps = ops.reload;
  useEffect(() => {
    const refresh = () => {
      reloadFeed();
      reloadOps();
    };
    const offs = [events.syncStatus.listen(refresh), events.scansImported.listen(refresh)];
    return () => {
      for (const off of offs) void off.then((f) => f());
    };
  }, [reloadFeed, reloadOps]);

  const waiting = ops.data ?? [];
  const entries = feed.data ?? [];
  return (
    <div className="page activity">
      <PageHeader title="Activity" subtitle="What happened lately, and what is waiting to go to Jira." />
      {(feed.error || ops.error) && (
        <div className="banner-error" role="alert">
          {feed.error ?? ops.error}
        </div>
      )}
      {waiting.length > 0 && (
        <section className="card" aria-label="Waiting for Jira">
          <h2>Waiting for Jira ({waiting.length})</h2>
          <table className="ops">
            <thead>
              <tr>
                <th>State</th>
                <th>Finding</th>
                <th>What</th>
                <th>Tries</th>
                <th>Next try</th>
                <th>Why</th>
              </tr>
            </thead>
            <tbody>
              {waiting.map((o) => (
                <tr key={o.id}>
                  <td>
                    <span className={`state ${o.state}`}>{STATE_LABEL[o.state] ?? o.state}</span>
                  </td>
                  <td>{o.finding_title}</td>
                  <td>{o.kind === "create" ? "Create ticket" : o.kind === "attach" ? "Attach full report" : o.kind}</td>
                  <td>{o.attempts}</td>
                  <td>{o.state === "parked" ? "—" : when(o.next_attempt_at)}</td>
                  <td>{o.last_error_message ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      <section className="card" aria-label="Recent activity">
        <h2>Recent activity</h2>
        {entries.length === 0 && !feed.loading ? (
          <EmptyState icon="activity" title="Nothing has happened yet">
            <p>Imports, status changes and tickets will be listed here, newest first.</p>
          </EmptyState>
        ) : (
          <ol className="feed">
            {entries.map((e, i) => (
              <li key={`${e.at}-${e.finding_id}-${i}`}>
                <time dateTime={e.at}>{when(e.at)}</time>
                <span className={`origin ${e.origin}`}>{e.origin === "local" ? "You" : e.origin === "jira" ? "Jira" : "Import"}</span>
                <span className="what">
                  <strong>{e.finding_title}</strong> <span className="hint">({e.application})</span> — {e.message}
                </span>
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}
