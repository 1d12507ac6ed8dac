import { useState } from "react";
import { call, commands, messageOf, type CreatedTicket, type FindingId, type MappingTarget, type TestTicketOutcome } from "../../ipc";

/** Sends one real ticket with the mapping (labeled vulnbridge-test), shows it, offers to delete it. */
export function TestTicketPanel({
  target,
  findingId,
  onOutcome,
}: {
  target: MappingTarget;
  findingId: FindingId | null;
  onOutcome: (o: TestTicketOutcome | null) => void;
}) {
  const [busy, setBusy] = useState<"send" | "delete">();
  const [created, setCreated] = useState<CreatedTicket>();
  const [message, setMessage] = useState<string>();
  const [error, setError] = useState<string>();
  const [deleted, setDeleted] = useState<string>();

  async function send() {
    setBusy("send");
    setError(undefined);
    setMessage(undefined);
    setDeleted(undefined);
    try {
      const outcome = await call(commands.sendTestTicket(target, findingId));
      onOutcome(outcome);
      if (outcome.created) setCreated(outcome.created);
      else setMessage(outcome.message ?? "Jira refused the ticket.");
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(undefined);
    }
  }

  async function remove(ticket: CreatedTicket) {
    setBusy("delete");
    setError(undefined);
    try {
      await call(commands.deleteTestTicket(target.connectionId, ticket.key));
      setDeleted(ticket.key);
      setCreated(undefined);
      onOutcome(null);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(undefined);
    }
  }

  return (
    <section className="card test-ticket" aria-label="Test ticket">
      <div className="row spread">
        <div>
          <h2>Send a test ticket</h2>
          <p className="muted small">Creates one real issue with this mapping, labeled vulnbridge-test, so you can check it in Jira.</p>
        </div>
        <button className="btn" onClick={() => void send()} disabled={!!busy}>
          {busy === "send" ? "Sending…" : "Send test ticket"}
        </button>
      </div>
      {created && (
        <div className="banner-ok" role="status">
          <strong>Created {created.key}.</strong>{" "}
          <button className="linkish" onClick={() => void call(commands.openInBrowser(created.url)).catch((e: unknown) => setError(messageOf(e)))}>
            Open {created.key} in the browser
          </button>
          <div className="row" style={{ marginTop: 8 }}>
            <span className="muted small mono">{created.url}</span>
            <button className="btn btn-small" onClick={() => void remove(created)} disabled={!!busy}>
              {busy === "delete" ? "Deleting…" : `Delete ${created.key}`}
            </button>
          </div>
        </div>
      )}
      {deleted && (
        <p className="muted" role="status">
          Deleted {deleted} from Jira.
        </p>
      )}
      {message && (
        <div className="banner-error" role="alert">
          {message}
        </div>
      )}
      {error && (
        <div className="banner-error" role="alert">
          {error}
        </div>
      )}
    </section>
  );
}
