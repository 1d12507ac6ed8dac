import { useState } from "react";
import { call, commands, messageOf, type ConnectionView, type Removal } from "../../ipc";

interface Props {
  connection: ConnectionView;
  onEdit: () => void;
  onChange: (view: ConnectionView) => void;
  onRemoved: (removal: Removal) => void;
  onError: (message: string) => void;
}

function healthText(c: ConnectionView): string {
  const h = c.health;
  switch (h.state) {
    case "healthy":
      return `Working · last checked ${when(h.lastSuccessAt)}`;
    case "failing":
      return h.lastErrorMessage ?? "The last check failed.";
    case "needsReauth":
      return h.lastErrorMessage ?? "Sign in again to keep syncing.";
    default:
      return "Not checked yet.";
  }
}

function when(iso: string | null): string {
  if (!iso) return "never";
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

/** One connection: who it acts as, its health, and Re-test / Remove. */
export function ConnectionCard({ connection: c, onEdit, onChange, onRemoved, onError }: Props) {
  const [busy, setBusy] = useState<"test" | "remove" | "signIn">();
  const oauth = c.auth.method === "cloudOauth" || c.auth.method === "dcOauth";
  const [confirming, setConfirming] = useState(false);

  async function retest() {
    setBusy("test");
    try {
      onChange(await call(commands.retestConnection(c.id)));
    } catch (err) {
      onError(messageOf(err));
    } finally {
      setBusy(undefined);
    }
  }

  async function signInAgain() {
    setBusy("signIn");
    try {
      const result = await call(commands.signIn(c.id));
      onChange(result.connection);
    } catch (err) {
      onError(messageOf(err));
    } finally {
      setBusy(undefined);
    }
  }

  async function remove() {
    setBusy("remove");
    try {
      onRemoved(await call(commands.removeConnection(c.id)));
    } catch (err) {
      onError(messageOf(err));
      setBusy(undefined);
    }
  }

  return (
    <article className="card conn-card" aria-label={c.name}>
      <span className={`health-dot ${c.health.state}`} aria-hidden="true" />
      <div>
        <h2>
          {c.name}
          <span className="badge">{c.kindLabel}</span>
          {c.sandbox && <span className="badge">Demo</span>}
        </h2>
        <div className="conn-meta">
          {c.siteUrl} · {c.authLabel}
          {c.account && <> · as {c.account}</>}
        </div>
        <div className={`conn-health ${c.health.state}`} data-testid="connection-health">
          {healthText(c)}
        </div>
        {c.warning && <div className="conn-meta">{c.warning}</div>}
        {confirming && (
          <div className="banner-warn" role="alertdialog" aria-label="Confirm removal">
            Remove {c.name}? Vulnbridge forgets its settings and deletes its secrets from the keyring.
            <div className="row" style={{ marginTop: 8 }}>
              <button className="btn btn-small" disabled={!!busy} onClick={() => void remove()}>
                {busy === "remove" ? "Removing…" : "Remove"}
              </button>
              <button className="btn btn-small" onClick={() => setConfirming(false)} autoFocus>
                Keep it
              </button>
            </div>
          </div>
        )}
      </div>
      <div className="conn-actions">
        {oauth && (
          <button
            className={`btn btn-small${c.health.state === "needsReauth" ? " btn-primary" : ""}`}
            disabled={!!busy}
            onClick={() => void signInAgain()}
          >
            {busy === "signIn" ? "Waiting for the browser…" : "Sign in again"}
          </button>
        )}
        <button className="btn btn-small" disabled={!!busy} onClick={() => void retest()}>
          {busy === "test" ? "Testing…" : "Re-test"}
        </button>
        {!c.sandbox && (
          <button className="btn btn-small" disabled={!!busy} onClick={onEdit}>
            Edit
          </button>
        )}
        <button className="btn btn-small" disabled={!!busy} onClick={() => setConfirming(true)}>
          Remove
        </button>
      </div>
    </article>
  );
}
