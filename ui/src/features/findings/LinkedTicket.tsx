import { useCallback, useState } from "react";
import { useAsync } from "../../app/useAsync";
import { call, commands, messageOf, type FindingId } from "../../ipc";

/** The finding's Jira ticket: key, last known status, and a way to open it in the browser. */
export function LinkedTicket({ id, version }: { id: FindingId; version: number }) {
  // eslint-disable-next-line react-hooks/exhaustive-deps -- version reloads after a sync
  const load = useCallback(() => call(commands.findingTicket(id)), [id, version]);
  const ticket = useAsync(load);
  const [error, setError] = useState<string>();
  const t = ticket.data;
  if (!t) return null;
  return (
    <section aria-label="Jira ticket">
      <h3>Jira ticket</h3>
      <div className="row">
        <strong>{t.issue_key}</strong>
        <span className={`status-pill ${t.status_category === "done" ? "resolved" : "open"}`}>{t.status ?? "Not read back yet"}</span>
        <button
          className="btn btn-small"
          onClick={() => call(commands.openInBrowser(t.url)).catch((err: unknown) => setError(messageOf(err)))}
        >
          Open in Jira
        </button>
      </div>
      <p className="hint">Last synced {t.last_synced_at.slice(0, 16).replace("T", " ")} UTC</p>
      {error && (
        <div className="banner-error" role="alert">
          {error}
        </div>
      )}
    </section>
  );
}
